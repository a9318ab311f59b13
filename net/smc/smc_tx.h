/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sending over SMC-R: the application's data is copied into the send
 * buffer and written by RDMA into the peer's RMBE.
 */
#ifndef SMC_TX_H
#define SMC_TX_H

#include "smc.h"

/**
 * smc_tx_init() - start the send cursors of a new connection
 * @smc: the socket whose handshake just succeeded
 *
 * Context: process context (the handshake), before the socket is marked as
 * using SMC and data may flow.
 */
void smc_tx_init(struct smc_sock *smc);

/**
 * smc_tx_sendmsg() - copy user data into the send buffer and push it
 * @smc: a connected socket using SMC (not fallen back)
 * @msg: the data; MSG_OOB marks its last byte urgent, MSG_MORE and
 *       MSG_DONTWAIT are honoured
 * @len: bytes in @msg
 *
 * Data that fits into the peer's RMBE is written at once unless corked
 * (TCP_CORK, MSG_MORE, or small sends while CDCs are in flight), in which
 * case the tx work writes it within 200 ms.
 *
 * Context: process context, sock lock held; may sleep waiting for room in
 * the send buffer (released the sock lock meanwhile).
 * Return: bytes taken (> 0) once any were; otherwise -EPIPE after an
 * error, a shutdown or the peer's close, -EAGAIN when non-blocking,
 * -EINTR/-ERESTARTSYS on a signal, -EFAULT on a bad user buffer.
 */
int smc_tx_sendmsg(struct smc_sock *smc, struct msghdr *msg, size_t len);

/**
 * smc_tx_push() - write prepared data into the peer's RMBE and announce it
 * @conn: the connection
 *
 * Writes as much as the peer's RMBE has room for and sends the CDC; with
 * nothing to write, sends a CDC only to say once that we are blocked.
 *
 * Context: process context, sock lock held; may sleep waiting for a send
 * slot (smc_cdc_get_slot()).
 * Return: 0; -EPIPE when the connection is killed or has no link group;
 * the error of smc_cdc_get_slot() or smc_cdc_msg_send().
 */
int smc_tx_push(struct smc_connection *conn);

/**
 * smc_tx_push_nonblock() - smc_tx_push() that never waits for a send slot
 * @conn: the connection
 *
 * While every slot of the link is busy the data stays in the send buffer
 * and the tx work writes it (a non-blocking sendmsg() must not sleep).
 *
 * Context: process context, sock lock held.
 * Return: as smc_tx_push(), or -EAGAIN when left to the tx work.
 */
int smc_tx_push_nonblock(struct smc_connection *conn);

/**
 * smc_tx_push_ctrl() - smc_tx_push() that sends a CDC even without data
 * @conn: the connection
 *
 * For flags (close, shutdown) and cursor updates that must go out now.
 *
 * Context: as smc_tx_push().
 * Return: as smc_tx_push().
 */
int smc_tx_push_ctrl(struct smc_connection *conn);

/**
 * smc_tx_consumer_update() - tell the peer how far we consumed its data
 * @conn: the connection
 * @nonblock: never wait for a send slot: while every slot of the link is
 *            busy the tx work sends the update (a non-blocking recvmsg()
 *            must not sleep for one)
 *
 * Sends a CDC when there is unconfirmed consumption and the peer asked for
 * it, is blocked, or less than half of our RMBE is free for it; errors are
 * not reported (a failed link is handled by the link layer).
 *
 * Context: process context, sock lock held; conn->lock not held; may sleep
 * unless @nonblock.
 * Return: 0, -EAGAIN when the update was left to the tx work, or the error
 * of the send.
 */
int smc_tx_consumer_update(struct smc_connection *conn, bool nonblock);

/**
 * smc_tx_prepared_sends() - bytes in the send buffer not yet written
 * @conn: the connection, with a send buffer
 *
 * Context: any context; conn->lock not held (it is taken here).
 * Return: bytes copied in by the application but not yet RDMA-written.
 */
int smc_tx_prepared_sends(struct smc_connection *conn);

/**
 * smc_tx_sndbuf_nonfull() - wake writers after room came back
 * @smc: the socket
 *
 * Calls sk_write_space() if a writer found the send buffer full.
 *
 * Context: any context (send completion); safe against a racing close().
 */
void smc_tx_sndbuf_nonfull(struct smc_sock *smc);

/**
 * smc_tx_work() - the delayed work that writes corked data
 * @work: &smc_connection.tx_work
 *
 * Pushes prepared data and a due consumer cursor update unless the
 * connection was killed or freed meanwhile.
 *
 * Context: workqueue (smc_close_wq); takes the sock lock.
 */
void smc_tx_work(struct work_struct *work);

/**
 * smc_tx_is_corked() - is TCP_CORK set on the socket?
 * @smc: the socket; the option lives on its clcsock
 *
 * Context: any context (a lockless read).
 * Return: true while the application corks the socket.
 */
bool smc_tx_is_corked(struct smc_sock *smc);

#endif /* SMC_TX_H */
