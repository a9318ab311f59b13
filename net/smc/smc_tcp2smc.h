/* SPDX-License-Identifier: GPL-2.0 */
/*
 * net.smc.tcp2smc and socket(AF_INET[6], SOCK_STREAM, IPPROTO_SMC): new
 * stream sockets of user programs become AF_SMC sockets.
 * Documentation/networking/smc-tcp2smc.rst describes how and why.
 */
#ifndef SMC_TCP2SMC_H
#define SMC_TCP2SMC_H

/* IPPROTO_SMC of Linux 6.11 and later; 6.1's headers do not name it */
#define SMC_IPPROTO_SMC		256

/**
 * smc_tcp2smc_init() - start turning new stream sockets into AF_SMC ones
 *
 * Called after AF_SMC is registered.  Never fails: where the mechanism is
 * missing (no kprobes, not x86-64, a probe refused) a message says so, the
 * sysctl is only stored and IPPROTO_SMC stays what the kernel makes of it.
 *
 * Context: module init; sleeps.
 */
void smc_tcp2smc_init(void);

/**
 * smc_tcp2smc_exit() - stop turning sockets into AF_SMC ones
 *
 * Called before AF_SMC is unregistered; waits until no CPU runs one of the
 * probe handlers any more.
 *
 * Context: module exit; sleeps.
 */
void smc_tcp2smc_exit(void);

#endif /* SMC_TCP2SMC_H */
