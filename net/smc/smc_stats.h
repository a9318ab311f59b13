/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Usage statistics of SMC-R per network namespace, as `smcr stats` shows
 * them: handshake outcomes, fallbacks by cause, buffer and payload sizes.
 *
 * The counters are per CPU and only ever added to, so the data path needs
 * neither a lock nor an atomic; a netlink dump adds up all CPUs.  The
 * fallback causes are a small table behind a lock instead, because a
 * fallback happens at most once per connection.
 */
#ifndef SMC_STATS_H
#define SMC_STATS_H

#include <linux/types.h>
struct net;

/* Events that are only counted */
enum smc_stats_event {
	SMC_STATS_NODELAY,	/* TCP_NODELAY switched on */
	SMC_STATS_CORK,		/* TCP_CORK switched off */
	SMC_STATS_SPLICE,	/* splice() from the socket */
	SMC_STATS_SENDPAGE,	/* sendpage() (6.1) */
	SMC_STATS_URG,		/* MSG_OOB sent or read */
	SMC_STATS_TX_FULL,	/* a writer found the send buffer full */
	SMC_STATS_TX_FULL_PEER,	/* data waits for room in the peer's RMBE */
	SMC_STATS_TX_SMALL,	/* a send larger than the send buffer */
	SMC_STATS_TX_SMALL_PEER, /* a send larger than the peer's RMBE */
	SMC_STATS_RX_FULL,	/* a reader found the RMB full */
	SMC_STATS_RX_SMALL,	/* a read smaller than what waits */
};

/* Every counting function below may be called in any context, without
 * locks: the per-CPU counters are added to with this_cpu operations.  @net
 * is the namespace of the socket or link group the event belongs to.
 */

/**
 * smc_stats_inc() - count an event
 * @net: the namespace
 * @ev: the event
 *
 * Context: any context.
 */
void smc_stats_inc(struct net *net, enum smc_stats_event ev);

/**
 * smc_stats_fallback() - count a fallback to TCP and its cause
 * @net: the namespace
 * @server: counted for the server side (else the client side)
 * @code: the SMC_CLC_DECL_* cause; once the small table of causes is full,
 *        a new cause is counted in the total only
 *
 * Context: process or softirq context; takes a spinlock with bottom
 * halves disabled.
 */
void smc_stats_fallback(struct net *net, bool server, u32 code);

/**
 * smc_stats_hs_done() - count a successful SMC handshake
 * @net: the namespace
 * @server: counted for the server side (else the client side)
 * @version: the SMC version agreed, SMC_V1 or SMC_V2
 *
 * Context: any context.
 */
void smc_stats_hs_done(struct net *net, bool server, u8 version);

/**
 * smc_stats_hs_err() - count a failed SMC handshake
 * @net: the namespace
 * @server: counted for the server side (else the client side)
 *
 * Context: any context.
 */
void smc_stats_hs_err(struct net *net, bool server);

/**
 * smc_stats_tx_payload() - count a sendmsg() over SMC
 * @net: the namespace
 * @len: bytes requested: the size class counted
 * @rc: the result of the send: the bytes taken, if positive, are counted
 *
 * Context: any context.
 */
void smc_stats_tx_payload(struct net *net, size_t len, int rc);

/**
 * smc_stats_rx_payload() - count a recvmsg() over SMC
 * @net: the namespace
 * @rc: the result of the receive: the bytes read, if positive, give the
 *      size class and are counted
 *
 * Context: any context.
 */
void smc_stats_rx_payload(struct net *net, int rc);

/**
 * smc_stats_buf_get() - a connection got a send buffer or RMB
 * @net: the namespace
 * @is_rmb: an RMB (else a send buffer)
 * @len: its size in bytes; nothing is counted unless positive
 * @reused: it was reused from the link group (else allocated)
 *
 * Adds @len to the buffer usage until smc_stats_buf_put().
 *
 * Context: any context.
 */
void smc_stats_buf_get(struct net *net, bool is_rmb, int len, bool reused);

/**
 * smc_stats_buf_put() - a connection gave its buffer back
 * @net: the namespace
 * @is_rmb: as given to smc_stats_buf_get()
 * @len: as given to smc_stats_buf_get()
 *
 * Context: any context.
 */
void smc_stats_buf_put(struct net *net, bool is_rmb, int len);

/**
 * smc_stats_buf_dgrade() - a buffer of the wanted size was not available
 * @net: the namespace
 * @is_rmb: an RMB (else a send buffer) was downgraded to a smaller size
 *
 * Context: any context.
 */
void smc_stats_buf_dgrade(struct net *net, bool is_rmb);

/**
 * smc_stats_init() - allocate the counters of every namespace, now and later
 *
 * Context: module init; sleeps.
 * Return: 0, or the negative errno of register_pernet_subsys().
 */
int smc_stats_init(void);

/**
 * smc_stats_exit() - free the counters of every namespace
 *
 * Context: module exit; sleeps.
 */
void smc_stats_exit(void);

#endif /* SMC_STATS_H */
