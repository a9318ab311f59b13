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

/**
 * smc_close_init() - set up the close works of a new socket
 * @smc: the socket, while it is allocated
 *
 * Context: process context.
 */
void smc_close_init(struct smc_sock *smc);

/**
 * smc_close_active() - close(), or shutdown(SHUT_RDWR), of a connection
 * @smc: the socket
 *
 * Sends the closed flag behind the data written so far (with SO_LINGER
 * waiting up to the linger time for it to leave) and moves to the next
 * close state; unread received data or a zero linger time abort instead,
 * like a TCP reset.  Sockets that are not connected are left alone.
 *
 * Context: process context, sock lock held; may sleep (send slot, linger;
 * the sock lock is released while lingering).
 * Return: 0.
 */
int smc_close_active(struct smc_sock *smc);

/**
 * smc_close_abort() - end the connection at once, like a TCP reset
 * @smc: the socket
 *
 * Sends the abort flag unless a close flag went out already, and shuts the
 * clcsock down without lingering.
 *
 * Context: process context, sock lock held; may sleep (send slot).
 */
void smc_close_abort(struct smc_sock *smc);

/**
 * smc_close_shutdown_write() - shutdown(SHUT_WR) of a connection
 * @smc: the socket
 *
 * Sends the sending-done flag behind the data written so far (the closed
 * flag when the peer has closed already).
 *
 * Context: process context, sock lock held; may sleep (send slot).
 * Return: 0, or -ENOTCONN when the connection was killed.
 */
int smc_close_shutdown_write(struct smc_sock *smc);

/**
 * smc_close_passive_work() - act on close flags the peer sent
 * @work: &smc_connection.close_work, queued on smc_close_wq by the CDC
 *        receive path
 *
 * Also ends a connection whose peer broke the protocol, with
 * ECONNABORTED.
 *
 * Context: workqueue; takes the sock lock.
 */
void smc_close_passive_work(struct work_struct *work);

/**
 * smc_close_wake_peer_event() - wake everybody who waits on the socket
 * @smc: the socket
 *
 * Calls sk_state_change(), sk_data_ready() and sk_write_space().
 *
 * Context: any context.
 */
void smc_close_wake_peer_event(struct smc_sock *smc);

/**
 * smc_conn_tell_abort() - send the peer the abort flag of a connection
 * @conn: the connection
 *
 * For the soft end of a link group, whose link still works: the peer
 * learns of the abort before smc_conn_kill().  Nothing is sent for a
 * connection that is killed, closed or still in its handshake.
 *
 * Context: process context; takes the sock lock, which the caller must
 * not hold; may sleep (send slot).
 */
void smc_conn_tell_abort(struct smc_connection *conn);

/**
 * smc_conn_kill() - the link group went away under the connection
 * @conn: the connection
 *
 * After a link down, a device or namespace that went away, or a
 * termination, nothing can be sent any more: the socket is closed with
 * ECONNABORTED (unless it has an error already) and its waiters are woken.
 * A released socket that waited for its close is freed, which waits for
 * the connection's CDC sends to complete: the caller must have stopped
 * the link's queue pair, or they may never complete.
 *
 * Context: process context; takes the sock lock, which the caller must
 * not hold.
 */
void smc_conn_kill(struct smc_connection *conn);

/**
 * smc_close_keep_until_done() - keep a released socket until the close ends
 * @smc: the socket, after smc_close_active() during release
 *
 * Holds a reference until the peer's close arrives or SMC_CLOSE_WAIT_TIME
 * passes, after which the connection is aborted.
 *
 * Context: process context, sock lock held.
 */
void smc_close_keep_until_done(struct smc_sock *smc);

#endif /* SMC_CLOSE_H */
