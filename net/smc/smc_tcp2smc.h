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

/* After AF_SMC is registered; never fails: without the mechanism the
 * sysctl is only stored and IPPROTO_SMC stays what the kernel makes of it.
 */
void smc_tcp2smc_init(void);
/* Before AF_SMC is unregistered */
void smc_tcp2smc_exit(void);

#endif /* SMC_TCP2SMC_H */
