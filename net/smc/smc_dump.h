/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SMC capture mirror (Documentation/networking/smc-dump.rst): while a
 * network namespace has a capture device attached, its LLC and CDC
 * messages and data blocks are mirrored to that device as UDP datagrams
 * with an SMC dump header.
 *
 * The hooks below are what the data paths call, one call per site.  While
 * no namespace has a capture device, each is one static branch, patched
 * to a no-op; the work is out of line in smc_dump.c.
 */
#ifndef SMC_DUMP_H
#define SMC_DUMP_H

#include <linux/jump_label.h>
#include <linux/types.h>
#include <net/genetlink.h>
#include <linux/smc_ext.h>

#include "smc_dump_wire.h"

struct smc_connection;
struct smc_curs;
struct smc_link;
struct smc_sock;

/* A connection's addresses and ports, taken from the clcsock when the
 * connection is created: the mirror runs in softirq, where the clcsock
 * may be gone already.  IPv4 addresses in the mapped form.
 */
struct smc_dump_tuple {
	u8	laddr[SMC_DUMP_ADDR_LEN];
	u8	paddr[SMC_DUMP_ADDR_LEN];
	u16	lport;
	u16	pport;
};

DECLARE_STATIC_KEY_FALSE(smc_dump_key);

void __smc_dump_llc(struct smc_link *lnk, u8 dir, const void *buf, u32 len);
void __smc_dump_cdc(struct smc_link *lnk, struct smc_connection *conn,
		    u8 dir, const void *buf, u32 len);
void __smc_dump_tx_data(struct smc_connection *conn,
			const struct smc_curs *src, const struct smc_curs *dst,
			u32 len, bool urg);
void __smc_dump_rx_data(struct smc_connection *conn,
			const struct smc_curs *cons, u32 len);

/* An LLC message sent or received on @lnk */
static inline void smc_dump_llc(struct smc_link *lnk, u8 dir,
				const void *buf, u32 len)
{
	if (static_branch_unlikely(&smc_dump_key))
		__smc_dump_llc(lnk, dir, buf, len);
}

/* A CDC message sent or received on @lnk; @conn is NULL for a received
 * one of no known connection
 */
static inline void smc_dump_cdc(struct smc_link *lnk,
				struct smc_connection *conn, u8 dir,
				const void *buf, u32 len)
{
	if (static_branch_unlikely(&smc_dump_key))
		__smc_dump_cdc(lnk, conn, dir, buf, len);
}

/* @len bytes from the send buffer at @src written into the peer's RMBE
 * at @dst; with @urg the last of them is the urgent byte.  conn->lock held.
 */
static inline void smc_dump_tx_data(struct smc_connection *conn,
				    const struct smc_curs *src,
				    const struct smc_curs *dst,
				    u32 len, bool urg)
{
	if (static_branch_unlikely(&smc_dump_key))
		__smc_dump_tx_data(conn, src, dst, len, urg);
}

/* @len bytes consumed from our RMBE at @cons.  conn->lock held. */
static inline void smc_dump_rx_data(struct smc_connection *conn,
				    const struct smc_curs *cons, u32 len)
{
	if (static_branch_unlikely(&smc_dump_key))
		__smc_dump_rx_data(conn, cons, len);
}

/* Note the addresses of the connection of @smc (its clcsock connected) */
void smc_dump_conn_init(struct smc_sock *smc);

/* netlink commands SMC_NETLINK_CAPTURE_* */
int smc_dump_nl_attach(struct sk_buff *skb, struct genl_info *info);
int smc_dump_nl_detach(struct sk_buff *skb, struct genl_info *info);
int smc_dump_nl_get(struct sk_buff *skb, struct netlink_callback *cb);
extern const struct nla_policy smc_dump_nl_policy[SMC_NLA_CAPTURE_MAX + 1];

int smc_dump_init(void);
void smc_dump_exit(void);

#endif /* SMC_DUMP_H */
