// SPDX-License-Identifier: GPL-2.0
/*
 * Turning TCP sockets into SMC sockets at creation.
 *
 * Only sockets that user programs ask for are turned: socket(2) (also the
 * 32-bit compat calls and socketcall) goes through __sys_socket() and
 * io_uring's socket operation through __sys_socket_file(), both in
 * net/socket.c and called from nowhere else.  Kernel users of
 * sock_create() (nvmet-tcp, the iSCSI target, ocfs2, siw, ...) pass
 * kern == 0 in the current task's namespace just like a program does, but
 * never come this way, and they call TCP's own helpers on what they get:
 * their sockets must stay TCP.
 *
 * A kretprobe on each of the two functions sees the arguments (family,
 * type, protocol) in the registers of the x86-64 calling convention at
 * entry and, before the function body reads any of them, may replace the
 * family and protocol: the call then goes on exactly as if the program had
 * asked for AF_SMC, through the LSM hook, the family lookup, the module
 * reference and our smc_create().  Nothing of the kernel is patched but
 * the probe sites, and the probes go away with the module.
 *
 * A turned request holds a reference to this module from the entry until
 * the function returns (the return probe drops it): by then the new
 * socket holds a reference of its own, or the request failed.  Without
 * it, an unload starting between the entry and __sock_create()'s family
 * lookup would make a plain socket(2) fail with EAFNOSUPPORT (or
 * auto-load "net-pf-43"); with it, either the request is not turned at all
 * (the module is already going: try_module_get() fails) or the unload is
 * refused until the socket is made.
 *
 * Translated (see smc_tcp2smc_want()):
 *   - AF_INET/AF_INET6, SOCK_STREAM, protocol 0 or IPPROTO_TCP, in a
 *     namespace with net.smc.tcp2smc = 1;
 *   - AF_INET/AF_INET6, SOCK_STREAM, IPPROTO_SMC, always.
 * Our CLC sockets are made with sock_create_kern() or, on 6.1,
 * sock_create(): neither comes through the probed functions.
 */

#define pr_fmt(fmt) "smc: " fmt

#include <linux/in.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/nsproxy.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/smc_ext.h>
#include <linux/socket.h>
#include <net/net_namespace.h>

#include "smc_sysctl.h"
#include "smc_tcp2smc.h"

#if IS_ENABLED(CONFIG_KPROBES) && IS_ENABLED(CONFIG_X86_64)

/* Turned requests in flight at once: each holds one instance from the
 * entry to the return of the probed function (a request that is not
 * turned gives its instance back at once).  When all are taken, further
 * requests are simply not turned and get TCP.
 */
#define SMC_TCP2SMC_MAXACTIVE	1024

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

static bool smc_tcp2smc_want(int family, int type, int protocol)
{
	struct nsproxy *nsp;

	if (family != AF_INET && family != AF_INET6)
		return false;
	if ((type & SOCK_TYPE_MASK) != SOCK_STREAM)
		return false;
	if (protocol == SMC_IPPROTO_SMC)
		return smc_ipproto_smc_known();
	if (protocol != 0 && protocol != IPPROTO_TCP)
		return false;
	/* the namespace sock_create() will use: the caller's own */
	nsp = current->nsproxy;
	return nsp && smc_tcp2smc_on(nsp->net_ns);
}

/* Runs at the entry of __sys_socket() or __sys_socket_file(), both
 * (int family, int type, int protocol), with preemption disabled.  The int
 * arguments are the low halves of their registers (the upper halves are
 * undefined by the calling convention).  Returning 0 keeps the instance
 * for the return probe; anything else drops it, and the call runs
 * untouched.
 */
static int smc_tcp2smc_entry(struct kretprobe_instance *ri,
			     struct pt_regs *regs)
{
	int family = (int)regs->di;
	int type = (int)regs->si;
	int protocol = (int)regs->dx;

	if (!smc_tcp2smc_want(family, type, protocol))
		return 1;
	/* fails once an unload has begun: then no AF_SMC for this one */
	if (!try_module_get(THIS_MODULE))
		return 1;
	regs->dx = family == AF_INET6 ? SMCPROTO_SMC6 : SMCPROTO_SMC;
	regs->di = AF_SMC;
	return 0;
}

NOKPROBE_SYMBOL(smc_tcp2smc_entry);

/* The turned request is over: its socket, if any, has its own reference.
 * This runs with preemption disabled, and the module's exit removes the
 * probes (waiting for running handlers) before its code goes away.
 */
static int smc_tcp2smc_return(struct kretprobe_instance *ri,
			      struct pt_regs *regs)
{
	module_put(THIS_MODULE);
	return 0;
}

NOKPROBE_SYMBOL(smc_tcp2smc_return);

static struct kretprobe smc_tcp2smc_krp[] = {
	{
		.kp.symbol_name	= "__sys_socket",
		.entry_handler	= smc_tcp2smc_entry,
		.handler	= smc_tcp2smc_return,
		.maxactive	= SMC_TCP2SMC_MAXACTIVE,
	},
	{
		.kp.symbol_name	= "__sys_socket_file",
		.entry_handler	= smc_tcp2smc_entry,
		.handler	= smc_tcp2smc_return,
		.maxactive	= SMC_TCP2SMC_MAXACTIVE,
	},
};

static bool smc_tcp2smc_registered[ARRAY_SIZE(smc_tcp2smc_krp)];

void smc_tcp2smc_init(void)
{
	int i, rc;

	for (i = 0; i < ARRAY_SIZE(smc_tcp2smc_krp); i++) {
		rc = register_kretprobe(&smc_tcp2smc_krp[i]);
		if (rc) {
			pr_warn("tcp2smc: cannot probe %s (%d): net.smc.tcp2smc and IPPROTO_SMC are unavailable there\n",
				smc_tcp2smc_krp[i].kp.symbol_name, rc);
			continue;
		}
		smc_tcp2smc_registered[i] = true;
	}
}

void smc_tcp2smc_exit(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(smc_tcp2smc_krp); i++) {
		if (!smc_tcp2smc_registered[i])
			continue;
		/* waits until no CPU is in one of the handlers any more */
		unregister_kretprobe(&smc_tcp2smc_krp[i]);
		smc_tcp2smc_registered[i] = false;
	}
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
