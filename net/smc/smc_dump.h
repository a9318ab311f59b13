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

/**
 * struct smc_dump_tuple - a connection's addresses and ports for records
 * @laddr: local address, IPv4 in the mapped form
 * @paddr: peer address, likewise
 * @lport: local TCP port
 * @pport: peer TCP port
 *
 * Taken from the clcsock when the connection is created: the mirror runs
 * in softirq, where the clcsock may be gone already.
 */
struct smc_dump_tuple {
	u8	laddr[SMC_DUMP_ADDR_LEN];
	u8	paddr[SMC_DUMP_ADDR_LEN];
	u16	lport;
	u16	pport;
};

DECLARE_STATIC_KEY_FALSE(smc_dump_key);

/**
 * __smc_dump_llc() - mirror an LLC message (smc_dump_llc() without the key)
 * @lnk: the link
 * @dir: SMC_DUMP_DIR_TX or SMC_DUMP_DIR_RX
 * @buf: the message
 * @len: its length
 */
void __smc_dump_llc(struct smc_link *lnk, u8 dir, const void *buf, u32 len);
/**
 * __smc_dump_cdc() - mirror a CDC message (smc_dump_cdc() without the key)
 * @lnk: the link
 * @conn: the connection, or NULL
 * @dir: SMC_DUMP_DIR_TX or SMC_DUMP_DIR_RX
 * @buf: the message
 * @len: its length
 */
void __smc_dump_cdc(struct smc_link *lnk, struct smc_connection *conn,
		    u8 dir, const void *buf, u32 len);
/**
 * __smc_dump_tx_data() - smc_dump_tx_data() without the key
 * @conn: the connection, conn->lock held
 * @src: send buffer cursor of the first byte
 * @dst: peer RMBE cursor of the first byte
 * @len: bytes written
 * @urg: the last byte is the urgent byte
 */
void __smc_dump_tx_data(struct smc_connection *conn,
			const struct smc_curs *src, const struct smc_curs *dst,
			u32 len, bool urg);
/**
 * __smc_dump_rx_data() - smc_dump_rx_data() without the key
 * @conn: the connection, conn->lock held
 * @cons: RMBE cursor of the first byte consumed
 * @len: bytes consumed
 */
void __smc_dump_rx_data(struct smc_connection *conn,
			const struct smc_curs *cons, u32 len);

/**
 * smc_dump_llc() - mirror an LLC message sent or received on a link
 * @lnk: the link
 * @dir: SMC_DUMP_DIR_TX or SMC_DUMP_DIR_RX
 * @buf: the message
 * @len: its length
 */
static inline void smc_dump_llc(struct smc_link *lnk, u8 dir,
				const void *buf, u32 len)
{
	if (static_branch_unlikely(&smc_dump_key))
		__smc_dump_llc(lnk, dir, buf, len);
}

/**
 * smc_dump_cdc() - mirror a CDC message sent or received on a link
 * @lnk: the link
 * @conn: the connection; NULL for a received one of no known connection
 * @dir: SMC_DUMP_DIR_TX or SMC_DUMP_DIR_RX
 * @buf: the message
 * @len: its length
 */
static inline void smc_dump_cdc(struct smc_link *lnk,
				struct smc_connection *conn, u8 dir,
				const void *buf, u32 len)
{
	if (static_branch_unlikely(&smc_dump_key))
		__smc_dump_cdc(lnk, conn, dir, buf, len);
}

/**
 * smc_dump_tx_data() - mirror data written into the peer's RMBE
 * @conn: the connection, conn->lock held
 * @src: send buffer cursor of the first byte
 * @dst: peer RMBE cursor of the first byte
 * @len: bytes written (one record per RDMA WRITE)
 * @urg: the last of them is the urgent byte
 */
static inline void smc_dump_tx_data(struct smc_connection *conn,
				    const struct smc_curs *src,
				    const struct smc_curs *dst,
				    u32 len, bool urg)
{
	if (static_branch_unlikely(&smc_dump_key))
		__smc_dump_tx_data(conn, src, dst, len, urg);
}

/**
 * smc_dump_rx_data() - mirror data consumed from our RMBE
 * @conn: the connection, conn->lock held
 * @cons: RMBE cursor of the first byte consumed
 * @len: bytes consumed
 */
static inline void smc_dump_rx_data(struct smc_connection *conn,
				    const struct smc_curs *cons, u32 len)
{
	if (static_branch_unlikely(&smc_dump_key))
		__smc_dump_rx_data(conn, cons, len);
}

/**
 * smc_dump_conn_init() - note the addresses of a connection for records
 * @smc: the socket, its clcsock connected
 */
void smc_dump_conn_init(struct smc_sock *smc);

/**
 * smc_dump_nl_attach() - SMC_NETLINK_CAPTURE_ATTACH
 * @skb: the request
 * @info: its attributes
 *
 * Return: 0, -ENODEV, -EBUSY (a capture already), -EINVAL or -ENOMEM.
 */
int smc_dump_nl_attach(struct sk_buff *skb, struct genl_info *info);
/**
 * smc_dump_nl_detach() - SMC_NETLINK_CAPTURE_DETACH
 * @skb: the request
 * @info: its attributes
 *
 * Return: 0, or -ENOENT when no capture or another device is attached.
 */
int smc_dump_nl_detach(struct sk_buff *skb, struct genl_info *info);
/**
 * smc_dump_nl_get() - SMC_NETLINK_CAPTURE_GET, a dump
 * @skb: the reply
 * @cb: the dump's state
 *
 * Return: skb->len, 0 when done, or a negative errno.
 */
int smc_dump_nl_get(struct sk_buff *skb, struct netlink_callback *cb);
extern const struct nla_policy smc_dump_nl_policy[SMC_NLA_CAPTURE_MAX + 1];

/**
 * smc_dump_init() - register the netdevice notifier
 *
 * Return: 0 or a negative errno.
 */
int smc_dump_init(void);
/**
 * smc_dump_exit() - end every capture; after the netlink family is gone
 */
void smc_dump_exit(void);

#endif /* SMC_DUMP_H */
