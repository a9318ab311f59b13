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
 */

#include <linux/module.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/string.h>

static char *report = "warn";
module_param(report, charp, 0444);
MODULE_PARM_DESC(report, "warn (default), refcount, oops, hang or none");

static unsigned int hang_secs = 75;
module_param(hang_secs, uint, 0444);
MODULE_PARM_DESC(hang_secs, "seconds report=hang blocks the loading task");

/* Opaque to the compiler, so the dereference below is really emitted. */
static int *tb_warn_nowhere;

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
