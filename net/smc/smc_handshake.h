/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Connection setup: the client's connect work, the listener's TCP accept
 * work and the server's per-connection handshake.  Each ends with the
 * connection either using SMC or settled on TCP with a cause code.
 */
#ifndef SMC_HANDSHAKE_H
#define SMC_HANDSHAKE_H

#include "smc.h"

void smc_connect_work(struct work_struct *work);
void smc_tcp_listen_work(struct work_struct *work);
void smc_srv_hs_work(struct work_struct *work);

void smc_listen_kick(struct smc_sock *lsmc);
void smc_listen_uncount_child(struct smc_sock *smc);
struct smc_sock *smc_accept_dequeue(struct smc_sock *lsmc);
bool smc_accept_queue_empty(struct smc_sock *lsmc);
void smc_listen_stop(struct smc_sock *lsmc);

#endif /* SMC_HANDSHAKE_H */
