/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sending over SMC-R: the application's data is copied into the send
 * buffer and written by RDMA into the peer's RMBE.
 */
#ifndef SMC_TX_H
#define SMC_TX_H

#include "smc.h"

void smc_tx_init(struct smc_sock *smc);
int smc_tx_sendmsg(struct smc_sock *smc, struct msghdr *msg, size_t len);
int smc_tx_push(struct smc_connection *conn);
int smc_tx_push_ctrl(struct smc_connection *conn);
void smc_tx_consumer_update(struct smc_connection *conn, bool force);
int smc_tx_prepared_sends(struct smc_connection *conn);
void smc_tx_sndbuf_nonfull(struct smc_sock *smc);
void smc_tx_work(struct work_struct *work);
bool smc_tx_is_corked(struct smc_sock *smc);

#endif /* SMC_TX_H */
