// SPDX-License-Identifier: GPL-2.0
/*
 * Test bed self-test module: loading it provokes one kind of kernel report,
 * which lets the test bed prove that its kernel log scan fails such a run.
 *
 *   insmod tb_warn.ko                  WARN splat, the module stays loaded
 *   insmod tb_warn.ko report=refcount  refcount_t saturation report
 *   insmod tb_warn.ko report=oops      NULL pointer dereference (panics the
 *                                      guest, which boots with oops=panic)
 *   insmod tb_warn.ko report=hang      insmod sleeps uninterruptibly for
 *                                      hang_secs, long enough for the hung
 *                                      task detector
 *   insmod tb_warn.ko report=none      nothing, for a clean control run
 *
 * Reports only a debug kernel makes (selftests/vm/debug-kernel); on
 * Debian's kernels these load quietly, except where noted:
 *
 *   report=kasan       out-of-bounds read of a kmalloc'd buffer (KASAN)
 *   report=ubsan       shift out of bounds (UBSAN)
 *   report=circular    AB-BA order of two mutexes (lockdep)
 *   report=recursive   a mutex taken inside another of its class (lockdep)
 *   report=atomic      might_sleep() with preemption off
 *                      (DEBUG_ATOMIC_SLEEP)
 *   report=rcu         rcu_dereference() outside a read-side section
 *                      (PROVE_RCU)
 *   report=leak        64 bytes allocated and forgotten (kmemleak, after
 *                      its scan; a leak on any kernel)
 */

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *report = "warn";
module_param(report, charp, 0444);
MODULE_PARM_DESC(report, "warn (default), refcount, oops, hang, none, kasan, ubsan, circular, recursive, atomic, rcu or leak");

static unsigned int hang_secs = 75;
module_param(hang_secs, uint, 0444);
MODULE_PARM_DESC(hang_secs, "seconds report=hang blocks the loading task");

/* Opaque to the compiler, so the dereference below is really emitted. */
static int *tb_warn_nowhere;

/* Opaque too: the compiler must not see the bad index and shift coming. */
static unsigned int tb_warn_past_end = 16;
static unsigned int tb_warn_shift = 40;

static DEFINE_MUTEX(tb_warn_a);
static DEFINE_MUTEX(tb_warn_b);
static struct mutex tb_warn_pair[2];
static int __rcu *tb_warn_rcu_ptr;

static void tb_warn_kasan(void)
{
	char *buf = kmalloc(16, GFP_KERNEL);

	if (!buf)
		return;
	pr_info("tb_warn: byte past the end: %d\n",
		READ_ONCE(buf[READ_ONCE(tb_warn_past_end)]));
	kfree(buf);
}

static void tb_warn_circular(void)
{
	mutex_lock(&tb_warn_a);
	mutex_lock(&tb_warn_b);
	mutex_unlock(&tb_warn_b);
	mutex_unlock(&tb_warn_a);
	mutex_lock(&tb_warn_b);
	mutex_lock(&tb_warn_a);
	mutex_unlock(&tb_warn_a);
	mutex_unlock(&tb_warn_b);
}

static void tb_warn_recursive(void)
{
	int i;

	/* one mutex_init() call site: both get the same lock class */
	for (i = 0; i < 2; i++)
		mutex_init(&tb_warn_pair[i]);
	mutex_lock(&tb_warn_pair[0]);
	mutex_lock(&tb_warn_pair[1]);
	mutex_unlock(&tb_warn_pair[1]);
	mutex_unlock(&tb_warn_pair[0]);
}

static void tb_warn_atomic(void)
{
	preempt_disable();
	might_sleep();
	preempt_enable();
}

static int __init tb_warn_init(void)
{
	refcount_t count;

	if (!strcmp(report, "warn")) {
		WARN(1, "tb_warn: warning provoked on purpose\n");
	} else if (!strcmp(report, "refcount")) {
		refcount_set(&count, 0);
		refcount_inc(&count);
	} else if (!strcmp(report, "oops")) {
		WRITE_ONCE(*tb_warn_nowhere, 1);
	} else if (!strcmp(report, "hang")) {
		schedule_timeout_uninterruptible(hang_secs * HZ);
	} else if (!strcmp(report, "kasan")) {
		tb_warn_kasan();
	} else if (!strcmp(report, "ubsan")) {
		pr_info("tb_warn: 1 << %u is %d\n", READ_ONCE(tb_warn_shift),
			1 << READ_ONCE(tb_warn_shift));
	} else if (!strcmp(report, "circular")) {
		tb_warn_circular();
	} else if (!strcmp(report, "recursive")) {
		tb_warn_recursive();
	} else if (!strcmp(report, "atomic")) {
		tb_warn_atomic();
	} else if (!strcmp(report, "rcu")) {
		pr_info("tb_warn: RCU pointer %p\n", rcu_dereference(tb_warn_rcu_ptr));
	} else if (!strcmp(report, "leak")) {
		if (!kmalloc(64, GFP_KERNEL))
			return -ENOMEM;
	} else if (strcmp(report, "none")) {
		pr_err("tb_warn: unknown report '%s'\n", report);
		return -EINVAL;
	}
	return 0;
}

static void __exit tb_warn_exit(void)
{
}

module_init(tb_warn_init);
module_exit(tb_warn_exit);
MODULE_DESCRIPTION("Test bed self-test: provokes kernel reports");
MODULE_LICENSE("GPL");
