/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CDC (Connection Data Control): the per-connection cursor messages that
 * announce data written into the peer's RMBE and data consumed from ours.
 */
#ifndef SMC_CDC_H
#define SMC_CDC_H

#include "smc_core.h"

/**
 * smc_cdc_get_slot() - take a send slot on the connection's link for a CDC
 * @conn: connection whose current link (conn->lnk) carries the message
 * @slot: set to the slot taken, NULL on error
 * @nonblock: never wait for a slot (smc_wr_tx_try_get_slot())
 *
 * A CDC send is smc_cdc_get_slot() outside conn->lock, then
 * smc_cdc_msg_send() (or smc_cdc_put_slot()) under it.
 *
 * Context: process context, conn->lock not held; unless @nonblock may
 * sleep (bounded, not interrupted by signals) while every slot of the link
 * is busy.
 * Return: 0; -EAGAIN (@nonblock only) while every slot is busy; -ENOLINK
 * when the connection has no link or the link is going down; -EPIPE when
 * the link's sends stopped completing (the link is then taken down).
 */
int smc_cdc_get_slot(struct smc_connection *conn,
		     struct smc_wr_tx_slot **slot, bool nonblock);

/**
 * smc_cdc_put_slot() - give back a slot from smc_cdc_get_slot() unsent
 * @conn: the connection the slot was taken for
 * @slot: the slot; not to be used afterwards
 *
 * Context: any context.
 */
void smc_cdc_put_slot(struct smc_connection *conn,
		      struct smc_wr_tx_slot *slot);

/**
 * smc_cdc_msg_send() - send the connection's current cursors and flags
 * @conn: the connection; its local_tx_ctrl is what goes out
 * @slot: slot from smc_cdc_get_slot(); used up whatever the result
 * @writes: RDMA WRITEs of the data the message announces, posted just
 *          before it in one chain; NULL when there is none
 * @nwrites: number of entries in @writes
 *
 * A close flag that waits for data (smc_cdc_close_pending()) is added once
 * all data went out.  On success the consumer cursor sent counts as
 * confirmed to the peer and the urgent flags are cleared.
 *
 * Context: conn->lock held (bottom halves disabled).
 * Return: 0, or a negative errno from encoding or posting (the link is then
 * taken down).
 */
int smc_cdc_msg_send(struct smc_connection *conn, struct smc_wr_tx_slot *slot,
		     struct ib_rdma_wr *writes, int nwrites);

/**
 * smc_cdc_send_validation() - tell the peer that the connection moved links
 * @conn: the connection, switched to its new link (conn->tx_failover set)
 *
 * A CDC with the failover validation flag and no cursors, carrying the
 * sequence number of the last CDC whose send completed: a peer that has
 * not seen that one knows it is out of sync and aborts the connection.
 * conn->tx_failover is cleared once it is posted; nothing is sent when it
 * is clear already.  Never waits for a send slot: the tx work that sends
 * it holds the socket lock.
 *
 * Context: process context, conn->lock not held.
 * Return: 0, or the error of smc_cdc_get_slot() (-EAGAIN while the link's
 * slots are busy), smc_cdc_encode() or posting it.
 */
int smc_cdc_send_validation(struct smc_connection *conn);

/**
 * smc_cdc_send_ctrl() - send a CDC without data (cursor update, close, abort)
 * @conn: the connection
 *
 * Context: process context, conn->lock not held (it is taken here); may
 * sleep as smc_cdc_get_slot().
 * Return: 0 or the error of smc_cdc_get_slot() / smc_cdc_msg_send().
 */
int smc_cdc_send_ctrl(struct smc_connection *conn);

/**
 * smc_cdc_wait_pend_tx() - wait until every CDC send of @conn has completed
 * @conn: the connection
 *
 * Afterwards no send completion refers to @conn any more.  A CDC whose send
 * has not completed after SMC_WR_TX_WAIT_TIME sits on a stuck link: the
 * link is taken down, which flushes it.
 *
 * Context: process context, may sleep (uninterruptibly).
 */
void smc_cdc_wait_pend_tx(struct smc_connection *conn);

/**
 * smc_cdc_rx() - handle a CDC message received on a link
 * @lnk: the link it arrived on
 * @buf: the message as received, untrusted
 * @len: bytes in @buf
 *
 * A malformed message or one for an unknown connection token is dropped.
 * Until smc_cdc_rx_ready() the newest message of a connection is kept
 * instead of processed.
 *
 * Context: softirq (receive completion); takes lgr->conns_lock for reading
 * and conn->lock.
 */
void smc_cdc_rx(struct smc_link *lnk, const u8 *buf, u32 len);

/**
 * smc_cdc_rx_ready() - start processing the CDCs of a connection
 * @conn: the connection, whose peer RMBE the handshake has saved
 *
 * Processes the newest CDC that arrived before, if any.
 *
 * Context: process context, conn->lock not held.
 */
void smc_cdc_rx_ready(struct smc_connection *conn);

/**
 * smc_cdc_set_write_blocked() - set or clear the writer-blocked flag we send
 * @conn: the connection
 * @blocked: whether our writer waits for room in the peer's RMBE
 *
 * Context: conn->lock held.
 */
void smc_cdc_set_write_blocked(struct smc_connection *conn, bool blocked);

/**
 * smc_cdc_set_urgent() - announce urgent data in the next CDC
 * @conn: the connection
 *
 * smc_cdc_msg_send() clears the flags again once they went out.
 *
 * Context: conn->lock held.
 */
void smc_cdc_set_urgent(struct smc_connection *conn);

/**
 * smc_cdc_set_abort() - set the abort flag for the next CDC
 * @conn: the connection
 *
 * Context: conn->lock held.
 */
void smc_cdc_set_abort(struct smc_connection *conn);

/**
 * smc_cdc_peer_wants_update() - did the peer's last CDC ask for our cursor?
 * @conn: the connection
 *
 * Context: conn->lock held.
 * Return: true when the peer requested a consumer cursor update.
 */
static inline bool smc_cdc_peer_wants_update(struct smc_connection *conn)
{
	return conn->local_rx_ctrl.prod_flags & SMC_CDC_PF_CONS_CURS_UPD_REQ;
}

/**
 * smc_cdc_peer_write_blocked() - is the peer's writer waiting for room?
 * @conn: the connection
 *
 * Context: conn->lock held.
 * Return: true when the peer's last CDC said its writer is blocked on our
 * RMBE.
 */
static inline bool smc_cdc_peer_write_blocked(struct smc_connection *conn)
{
	return conn->local_rx_ctrl.prod_flags & SMC_CDC_PF_WRITE_BLOCKED;
}

/**
 * smc_cdc_rxed_abort() - has the peer aborted the connection?
 * @conn: the connection
 *
 * Context: any context (a lockless read).
 * Return: true once a CDC with the abort flag arrived.
 */
static inline bool smc_cdc_rxed_abort(struct smc_connection *conn)
{
	return READ_ONCE(conn->local_rx_ctrl.conn_state_flags) &
	       SMC_CDC_CS_PEER_CONN_ABORT;
}

/**
 * smc_cdc_rxed_any_close() - has the peer closed or aborted?
 * @conn: the connection
 *
 * Context: any context (a lockless read).
 * Return: true once a CDC with the closed or the abort flag arrived.
 */
static inline bool smc_cdc_rxed_any_close(struct smc_connection *conn)
{
	return READ_ONCE(conn->local_rx_ctrl.conn_state_flags) &
	       (SMC_CDC_CS_PEER_CONN_ABORT | SMC_CDC_CS_PEER_CONN_CLOSED);
}

/**
 * smc_cdc_rxed_any_close_or_senddone() - will the peer send no more data?
 * @conn: the connection
 *
 * Context: any context (a lockless read).
 * Return: true once a CDC with the closed, abort or sending-done (shutdown
 * write) flag arrived.
 */
static inline bool
smc_cdc_rxed_any_close_or_senddone(struct smc_connection *conn)
{
	return READ_ONCE(conn->local_rx_ctrl.conn_state_flags) &
	       SMC_CDC_CS_MASK;
}

/**
 * smc_cdc_sent_close() - has a CDC with our closed flag gone out?
 * @conn: the connection
 *
 * Context: any context (a lockless read).
 * Return: true once the closed flag was sent.
 */
static inline bool smc_cdc_sent_close(struct smc_connection *conn)
{
	return READ_ONCE(conn->local_tx_ctrl.conn_state_flags) &
	       SMC_CDC_CS_PEER_CONN_CLOSED;
}

/**
 * smc_cdc_sent_any_close() - has a CDC with our closed or abort flag gone out?
 * @conn: the connection
 *
 * Context: any context (a lockless read).
 * Return: true once the closed or the abort flag was sent.
 */
static inline bool smc_cdc_sent_any_close(struct smc_connection *conn)
{
	return READ_ONCE(conn->local_tx_ctrl.conn_state_flags) &
	       (SMC_CDC_CS_PEER_CONN_ABORT | SMC_CDC_CS_PEER_CONN_CLOSED);
}

/**
 * smc_cdc_close_pending() - does a close flag wait for data to be written?
 * @conn: the connection
 *
 * smc_cdc_msg_send() sends the flag with the CDC after the last data.
 *
 * Context: any context (a lockless read).
 * Return: true while a closed or sending-done flag is pending.
 */
static inline bool smc_cdc_close_pending(struct smc_connection *conn)
{
	return READ_ONCE(conn->tx_close_pending);
}

#endif /* SMC_CDC_H */
