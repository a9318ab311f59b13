// SPDX-License-Identifier: GPL-2.0
/*
 * Turning TCP sockets into SMC sockets at creation.
 *
 * Every new socket, whichever way userspace asks for it (socket(2),
 * io_uring, 32-bit compat), is made by __sock_create() in net/socket.c,
 * which receives the namespace, family, type, protocol and
 * whether the kernel itself is the owner.  A kprobe on its entry
 * sees those arguments in the registers of the x86-64 calling
 * convention and, before the function body reads any of them, may replace
 * the family and protocol: the call then goes on exactly as if the program
 * had asked for AF_SMC, through the LSM hook, the family lookup, the module
 * reference and our smc_create().  Nothing of the kernel is patched but the
 * probe site, and the probe goes away with the module.
 *
 * Translated (see smc_tcp2smc_want()):
 *   - AF_INET/AF_INET6, SOCK_STREAM, protocol 0 or IPPROTO_TCP, made for
 *     userspace (kern == 0) in a namespace with net.smc.tcp2smc = 1;
 *   - AF_INET/AF_INET6, SOCK_STREAM, IPPROTO_SMC, always.
 * Never translated: TCP sockets the kernel makes for itself (kern != 0),
 * and any socket this module asks for: on 6.1 our CLC sockets are created with
 * kern == 0 (so that they hold their namespace), and recognising them by
 * their caller keeps an SMC socket from asking for another one without end.
 */

#define pr_fmt(fmt) "smc: " fmt

#include <linux/in.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/rcupdate.h>
#include <linux/smc.h>
#include <linux/socket.h>

#include "smc_sysctl.h"
#include "smc_tcp2smc.h"

#if IS_ENABLED(CONFIG_KPROBES) && IS_ENABLED(CONFIG_X86_64)

/* The probed function; its arguments in order:
 * (struct net *net, int family, int type, int protocol,
 *  struct socket **res, int kern)
 */
#define SMC_TCP2SMC_SYMBOL	"__sock_create"

static bool smc_tcp2smc_on(struct net *net)
{
	bool on;

	/* a namespace still being set up may not have our part yet */
	rcu_read_lock();
	on = smc_net(net) && smc_sysctl_tcp2smc(net) == 1;
	rcu_read_unlock();
	return on;
}

/* The protocol number the kernel accepts for an inet socket at all: an
 * IPPROTO_SMC that the inet family would reject with EINVAL is left alone.
 */
static bool smc_ipproto_smc_known(void)
{
	return SMC_IPPROTO_SMC < IPPROTO_MAX;
}

static bool smc_tcp2smc_want(struct net *net, int family, int type,
			     int protocol, bool kern)
{
	if (family != AF_INET && family != AF_INET6)
		return false;
	if ((type & SOCK_TYPE_MASK) != SOCK_STREAM)
		return false;
	if (protocol == SMC_IPPROTO_SMC)
		return smc_ipproto_smc_known();
	if (protocol != 0 && protocol != IPPROTO_TCP)
		return false;
	return !kern && smc_tcp2smc_on(net);
}

/* Runs at the entry of __sock_create() with preemption disabled.  The
 * int arguments are the low halves of their registers (the upper halves
 * are undefined by the calling convention); the return address is the
 * top of the stack.  Returning 0 without touching regs->ip lets the
 * function run with the registers as left here.
 */
static int smc_tcp2smc_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct net *net = (struct net *)regs->di;
	int family = (int)regs->si;
	int type = (int)regs->dx;
	int protocol = (int)regs->cx;
	bool kern = (int)regs->r9 != 0;
	unsigned long caller;

	if (!smc_tcp2smc_want(net, family, type, protocol, kern))
		return 0;
	caller = regs_get_kernel_stack_nth(regs, 0);
	if (!caller || within_module(caller, THIS_MODULE))
		return 0;
	regs->cx = family == AF_INET6 ? SMCPROTO_SMC6 : SMCPROTO_SMC;
	regs->si = AF_SMC;
	return 0;
}

NOKPROBE_SYMBOL(smc_tcp2smc_pre);

static struct kprobe smc_tcp2smc_kp = {
	.symbol_name	= SMC_TCP2SMC_SYMBOL,
	.pre_handler	= smc_tcp2smc_pre,
};

static bool smc_tcp2smc_registered;

void smc_tcp2smc_init(void)
{
	int rc = register_kprobe(&smc_tcp2smc_kp);

	if (rc) {
		pr_warn("tcp2smc: cannot probe %s (%d): net.smc.tcp2smc and IPPROTO_SMC are unavailable\n",
			SMC_TCP2SMC_SYMBOL, rc);
		return;
	}
	smc_tcp2smc_registered = true;
}

void smc_tcp2smc_exit(void)
{
	if (!smc_tcp2smc_registered)
		return;
	/* waits until no CPU is in smc_tcp2smc_pre() any more */
	unregister_kprobe(&smc_tcp2smc_kp);
	smc_tcp2smc_registered = false;
}

#else /* !(CONFIG_KPROBES && CONFIG_X86_64) */

void smc_tcp2smc_init(void)
{
	pr_info("tcp2smc: needs kprobes on x86-64: net.smc.tcp2smc is stored only, IPPROTO_SMC is not translated\n");
}

void smc_tcp2smc_exit(void)
{
}

#endif
