/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Connection setup: the client's connect work, the listener's TCP accept
 * work and the server's per-connection handshake.  Each ends with the
 * connection either using SMC or settled on TCP with a cause code.
 */
#ifndef SMC_HANDSHAKE_H
#define SMC_HANDSHAKE_H

#include "smc.h"

/**
 * smc_connect_work() - the client's connect and handshake
 * @work: &smc_sock.connect_work, queued on smc_hs_wq with a reference on
 *        the socket that this work drops
 *
 * Waits for the TCP connect, negotiates SMC over CLC (or settles on TCP
 * with a cause code) and finishes connect() under the sock lock, waking the
 * waiters.
 *
 * Context: workqueue; sleeps; takes the sock lock only at the end.
 */
void smc_connect_work(struct work_struct *work);

/**
 * smc_tcp_listen_work() - take new TCP children from the listening clcsock
 * @work: &smc_sock.tcp_listen_work of the listener, queued on
 *        smc_listen_wq by smc_listen_kick() with a reference it drops
 *
 * Each child becomes an SMC socket whose handshake (smc_srv_hs_work())
 * runs on smc_hs_wq.
 *
 * Context: workqueue; sleeps.
 */
void smc_tcp_listen_work(struct work_struct *work);

/**
 * smc_srv_hs_work() - the server's handshake for one child
 * @work: &smc_sock.srv_hs_work of the child, holding a reference on its
 *        listener that this work drops
 *
 * Negotiates SMC (or falls back to TCP), then puts the child on the
 * listener's accept queue, or destroys it when the handshake failed or the
 * listener stopped.
 *
 * Context: workqueue; sleeps; takes the child's sock lock.
 */
void smc_srv_hs_work(struct work_struct *work);

/**
 * smc_listen_kick() - schedule a pass over the TCP accept queue
 * @lsmc: the listener; nothing happens unless it is in SMC_LISTEN
 *
 * Context: any context.
 */
void smc_listen_kick(struct smc_sock *lsmc);

/**
 * smc_listen_uncount_child() - stop counting a child in TCP's backlog
 * @smc: a child socket (nothing happens for other sockets)
 *
 * A child counts in its listener's TCP backlog from the SYN until accept()
 * hands it out or it is dropped, so TCP's limit holds across the SMC
 * handshake.
 *
 * Context: process context; takes the listener's accept_q_lock and TCP's
 * accept queue lock.
 */
void smc_listen_uncount_child(struct smc_sock *smc);

/**
 * smc_accept_dequeue() - take the oldest child that finished its handshake
 * @lsmc: the listener
 *
 * Context: any context; takes @lsmc's accept_q_lock.
 * Return: the child, now the caller's to accept (it still counts in the
 * backlog: see smc_listen_uncount_child()), or NULL when none waits.
 */
struct smc_sock *smc_accept_dequeue(struct smc_sock *lsmc);

/**
 * smc_accept_queue_empty() - is no accepted child waiting?
 * @lsmc: the listener
 *
 * Context: any context (a lockless check, for poll()).
 * Return: true when the accept queue is empty.
 */
bool smc_accept_queue_empty(struct smc_sock *lsmc);

/**
 * smc_listen_stop() - the listener goes away (close or shutdown)
 * @lsmc: the listener
 *
 * No more children are taken from TCP, children waiting in the accept
 * queue are destroyed, children still in their handshake notice and close
 * themselves; accept() waiters are woken.
 *
 * Context: process context, sock lock of @lsmc held; it is released and
 * taken again while the listen work is cancelled.
 */
void smc_listen_stop(struct smc_sock *lsmc);

#endif /* SMC_HANDSHAKE_H */
