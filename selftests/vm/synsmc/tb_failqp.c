// SPDX-License-Identifier: GPL-2.0
/*
 * Test bed helper: makes the next N queue pair creations of smc.ko fail,
 * the way a device out of resources would, so that the error paths of link
 * set-up can be tested.  A kprobe on ib_create_qp_kernel() raises the
 * requested send queue size of smc.ko's requests (their caller argument is
 * the module name "smc") far above any device's limit; the driver then
 * refuses the QP with -EINVAL.  x86-64 only (it reads the arguments from
 * the registers).
 *
 *   insmod tb_failqp.ko fails=N     # N >= 0; writable in /sys/module too
 *
 * /sys/module/tb_failqp/parameters/fails counts down as QPs fail.  Load it
 * only in test guests.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <rdma/ib_verbs.h>

#ifndef CONFIG_X86_64
#error "tb_failqp reads function arguments from x86-64 registers"
#endif

static int fails;
module_param(fails, int, 0644);
MODULE_PARM_DESC(fails, "how many more QP creations of smc.ko fail");

static int tb_failqp_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct ib_qp_init_attr *attr = (struct ib_qp_init_attr *)regs->si;
	const char *caller = (const char *)regs->dx;
	int left;

	if (!caller || strcmp(caller, "smc"))
		return 0;
	left = READ_ONCE(fails);
	if (left <= 0)
		return 0;
	WRITE_ONCE(fails, left - 1);
	attr->cap.max_send_wr = 1U << 30;
	pr_info("failing a QP creation of smc (%d more to fail)\n", left - 1);
	return 0;
}

static struct kprobe tb_failqp_kp = {
	.symbol_name	= "ib_create_qp_kernel",
	.pre_handler	= tb_failqp_pre,
};

static int __init tb_failqp_init(void)
{
	return register_kprobe(&tb_failqp_kp);
}

static void __exit tb_failqp_exit(void)
{
	unregister_kprobe(&tb_failqp_kp);
}

module_init(tb_failqp_init);
module_exit(tb_failqp_exit);
MODULE_DESCRIPTION("Test bed only: make smc.ko's QP creations fail");
MODULE_LICENSE("GPL");
