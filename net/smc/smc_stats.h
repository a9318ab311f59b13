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

void smc_stats_inc(struct net *net, enum smc_stats_event ev);
void smc_stats_fallback(struct net *net, bool server, u32 code);
void smc_stats_hs_done(struct net *net, bool server, u8 version);
void smc_stats_hs_err(struct net *net, bool server);
void smc_stats_tx_payload(struct net *net, size_t len, int rc);
void smc_stats_rx_payload(struct net *net, int rc);
void smc_stats_buf_get(struct net *net, bool is_rmb, int len, bool reused);
void smc_stats_buf_put(struct net *net, bool is_rmb, int len);
void smc_stats_buf_dgrade(struct net *net, bool is_rmb);

int smc_stats_init(void);
void smc_stats_exit(void);

#endif /* SMC_STATS_H */
