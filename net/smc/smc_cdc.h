/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CDC (Connection Data Control): the per-connection cursor messages that
 * announce data written into the peer's RMBE and data consumed from ours.
 */
#ifndef SMC_CDC_H
#define SMC_CDC_H

#include "smc_core.h"

/* A CDC send: take a slot (process context, may wait), then, under
 * conn->lock, send the connection's current state with @writes posted just
 * before it.
 */
int smc_cdc_get_slot(struct smc_connection *conn,
		     struct smc_wr_tx_slot **slot);
void smc_cdc_put_slot(struct smc_connection *conn,
		      struct smc_wr_tx_slot *slot);
int smc_cdc_msg_send(struct smc_connection *conn, struct smc_wr_tx_slot *slot,
		     struct ib_rdma_wr *writes, int nwrites);
/* A message without data (abort).  Process context, conn->lock not held. */
int smc_cdc_send_ctrl(struct smc_connection *conn);
/* Until every CDC of the connection has completed */
void smc_cdc_wait_pend_tx(struct smc_connection *conn);

/* Softirq: a CDC message arrived on @lnk */
void smc_cdc_rx(struct smc_link *lnk, const u8 *buf, u32 len);
/* the handshake saved the peer's RMBE: take (and from now on process) CDCs */
void smc_cdc_rx_ready(struct smc_connection *conn);

/* Flags we send; conn->lock held */
void smc_cdc_set_write_blocked(struct smc_connection *conn, bool blocked);
void smc_cdc_set_urgent(struct smc_connection *conn);
void smc_cdc_set_abort(struct smc_connection *conn);

/* What the peer's last CDC said */
static inline bool smc_cdc_peer_wants_update(struct smc_connection *conn)
{
	return conn->local_rx_ctrl.prod_flags & SMC_CDC_PF_CONS_CURS_UPD_REQ;
}

static inline bool smc_cdc_peer_write_blocked(struct smc_connection *conn)
{
	return conn->local_rx_ctrl.prod_flags & SMC_CDC_PF_WRITE_BLOCKED;
}

static inline bool smc_cdc_rxed_abort(struct smc_connection *conn)
{
	return READ_ONCE(conn->local_rx_ctrl.conn_state_flags) &
	       SMC_CDC_CS_PEER_CONN_ABORT;
}

static inline bool smc_cdc_rxed_any_close(struct smc_connection *conn)
{
	return READ_ONCE(conn->local_rx_ctrl.conn_state_flags) &
	       (SMC_CDC_CS_PEER_CONN_ABORT | SMC_CDC_CS_PEER_CONN_CLOSED);
}

static inline bool
smc_cdc_rxed_any_close_or_senddone(struct smc_connection *conn)
{
	return READ_ONCE(conn->local_rx_ctrl.conn_state_flags) &
	       SMC_CDC_CS_MASK;
}

/* Flags that left in a CDC already */
static inline bool smc_cdc_sent_close(struct smc_connection *conn)
{
	return READ_ONCE(conn->local_tx_ctrl.conn_state_flags) &
	       SMC_CDC_CS_PEER_CONN_CLOSED;
}

static inline bool smc_cdc_sent_any_close(struct smc_connection *conn)
{
	return READ_ONCE(conn->local_tx_ctrl.conn_state_flags) &
	       (SMC_CDC_CS_PEER_CONN_ABORT | SMC_CDC_CS_PEER_CONN_CLOSED);
}

/* A close flag waits for data still to be written */
static inline bool smc_cdc_close_pending(struct smc_connection *conn)
{
	return READ_ONCE(conn->tx_close_pending);
}

#endif /* SMC_CDC_H */
