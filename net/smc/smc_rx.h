/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Receiving over SMC-R: the peer writes into our RMBE; reading copies out
 * and gives the space back to the peer.
 */
#ifndef SMC_RX_H
#define SMC_RX_H

#include "smc.h"

void smc_rx_init(struct smc_sock *smc);
int smc_rx_recvmsg(struct smc_sock *smc, struct msghdr *msg, size_t len,
		   int flags);
int smc_rx_wait_data(struct smc_sock *smc, long *timeo);
int smc_rx_ioctl_atmark(struct smc_sock *smc);

#endif /* SMC_RX_H */
