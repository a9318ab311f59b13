/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Closing SMC-R connections: the close state machine driven by the
 * application (close, shutdown) and by the peer's CDC flags.
 */
#ifndef SMC_CLOSE_H
#define SMC_CLOSE_H

#include "smc.h"

/* a released socket waits this long for the peer's close, then aborts */
#define SMC_CLOSE_WAIT_TIME	(60 * HZ)

void smc_close_init(struct smc_sock *smc);
int smc_close_active(struct smc_sock *smc);
void smc_close_abort(struct smc_sock *smc);
int smc_close_shutdown_write(struct smc_sock *smc);
void smc_close_passive_work(struct work_struct *work);
void smc_close_wake_peer_event(struct smc_sock *smc);
void smc_conn_kill(struct smc_connection *conn, bool soft);
/* After smc_close_active() of a released socket: keep the socket until
 * the peer's close (or the timeout), holding a reference.
 */
void smc_close_keep_until_done(struct smc_sock *smc);

#endif /* SMC_CLOSE_H */
