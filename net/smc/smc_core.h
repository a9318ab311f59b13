/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Link groups, links, connections and their buffers.
 *
 * A link group connects this host with one peer host over RDMA.  It owns a
 * link (a reliable connected QP on an RDMA port), the peer's RMB addresses
 * and keys (rtokens), and pools of send buffers and RMBs that connections
 * take and give back.  Up to max_conns SMC connections share a link group;
 * it lingers a while after the last one so that the next connection to the
 * same peer skips link setup.
 *
 * A link group has room for SMC_LINKS_PER_LGR_MAX links (lnk[], indexed by
 * a link's link_idx, which is not its link_id on the wire).  Every buffer is
 * mapped on each link's device (map[], by link_idx) and the peer's RMBs are
 * known per link (rtokens[][link_idx]).  This module still runs one link
 * per link group: the first, which the handshake of the first contact sets
 * up.  Additional links a peer offers (ADD LINK) are declined, which the
 * protocol allows.
 */
#ifndef SMC_CORE_H
#define SMC_CORE_H

#include <linux/atomic.h>
#include <linux/rbtree.h>
#include <linux/refcount.h>
#include <linux/scatterlist.h>
#include <linux/workqueue.h>
#include <rdma/ib_verbs.h>

#include "smc_ib.h"
#include "smc_wr.h"
#include "smc_cdc_wire.h"
#include "smc_clc_wire.h"
#include "smc_iwarp_wire.h"

#define SMC_LGR_ID_SIZE		4
#define SMC_RMBS_PER_LGR_MAX	255
#define SMC_CONN_PER_LGR_MIN	16
#define SMC_CONN_PER_LGR_MAX	255
#define SMC_LINKS_PER_LGR_MIN	1
#define SMC_LINKS_PER_LGR_MAX	2	/* what v2.1 lets peers negotiate */
#define SMC_BUF_MIN_SIZE	16384
#define SMCR_MAX_COMPRESSED	5	/* 512 KiB, largest SMC-R buffer */
#define SMC_BUF_CLASSES		(SMCR_MAX_COMPRESSED + 1)

#define SMC_LGR_FREE_DELAY_SERV	(600 * HZ)
#define SMC_LGR_FREE_DELAY_CLNT	(SMC_LGR_FREE_DELAY_SERV + 10 * HZ)
/* a soft end: how long the aborts of its connections may take to go out */
#define SMC_LGR_SOFT_END_WAIT	(2 * HZ)

enum smc_lgr_role {
	SMC_CLNT,
	SMC_SERV,
};

enum smc_link_state {
	SMC_LNK_UNUSED,
	SMC_LNK_INACTIVE,
	SMC_LNK_ACTIVATING,	/* QP set up, CONFIRM LINK not done */
	SMC_LNK_ACTIVE,
};

/* as reported over netlink */
enum smc_lgr_type {
	SMC_LGR_NONE,
	SMC_LGR_SINGLE,
	SMC_LGR_SYMMETRIC,
	SMC_LGR_ASYMMETRIC_PEER,
	SMC_LGR_ASYMMETRIC_LOCAL,
};

enum smcr_buf_type {
	SMCR_PHYS_CONT_BUFS	= 0,
	SMCR_VIRT_CONT_BUFS	= 1,
	SMCR_MIXED_BUFS		= 2,
};

struct smc_link_group;

struct smc_link {
	struct smc_link_group	*lgr;
	struct smc_ib_device	*smcibdev;
	u8			ibport;
	u8			sgid_index;
	u8			gid[SMC_GID_SIZE];
	struct ib_pd		*pd;
	struct ib_qp		*qp;
	struct smc_wr		wr;
	enum ib_mtu		path_mtu;
	enum ib_mtu		peer_mtu;
	u32			psn_initial;
	u32			peer_qpn;
	u32			peer_psn;
	u8			peer_gid[SMC_GID_SIZE];
	u8			peer_mac[ETH_ALEN];
	u8			link_id;	/* on the wire */
	u8			link_idx;	/* in lgr->lnk[] */
	u8			link_uid[SMC_LGR_ID_SIZE];
	u8			peer_link_uid[SMC_LGR_ID_SIZE];
	enum smc_link_state	state;
	bool			qp_rts;		/* may send */
	bool			qp_inited;	/* left RESET: drain to free */
	int			ndev_ifindex;
	char			ibname[IB_DEVICE_NAME_MAX];
	/* iWARP-class devices (smc_erdma.c): what qp_context points to, as
	 * long as the QP exists, and the 4-tuple set at RTR
	 */
	struct smc_iw_ext_conn_param	iw_param;
	struct smc_iw_tuple	iw_tuple;
	struct delayed_work	testlink_work;
	unsigned long		rx_tstamp;	/* jiffies of the last receive */
	atomic_t		conn_cnt;
	struct work_struct	down_work;
	bool			peer_deleted;	/* by the peer's DELETE LINK */
};

/* A buffer as the device of one link sees it */
struct smc_buf_map {
	struct sg_table		sgt;		/* mapped for the link's device */
	struct ib_mr		*mr;		/* RMBs: what the peer writes to */
	bool			mapped;
	bool			registered;
};

/* A send buffer or RMB, from a link group's pool */
struct smc_buf_desc {
	struct list_head	list;
	void			*cpu_addr;
	struct page		*pages;
	u32			order;
	int			len;
	bool			used;
	struct smc_buf_map	map[SMC_LINKS_PER_LGR_MAX];	/* by link_idx */
	bool			rkey_confirmed;	/* the peer knows our rkey */
};

/* Where the peer's RMB of one connection is, as seen over one link */
struct smc_rtoken {
	u64			dma_addr;
	u32			rkey;
};

struct smc_llc_flow;

struct smc_link_group {
	struct list_head	list;
	struct net		*net;
	u8			id[SMC_LGR_ID_SIZE];
	enum smc_lgr_role	role;
	u8			smc_version;	/* SMC_V1 or SMC_V2 */
	u8			release;	/* negotiated v2 release */
	u8			max_conns;
	u8			max_links;
	unsigned short		vlan_id;
	u8			pnet_id[SMC_MAX_PNETID_LEN + 1];
	enum smcr_buf_type	buf_type;
	enum smc_lgr_type	type;

	/* the peer */
	u8			peer_systemid[SMC_CLC_SYSTEMID_LEN];
	u8			peer_os;
	u8			peer_release;
	u8			peer_hostname[SMC_CLC_HOSTNAME_LEN];
	u8			negotiated_eid[SMC_CLC_EID_LEN];
	bool			uses_gateway;
	u8			nexthop_mac[ETH_ALEN];
	__be32			saddr;

	struct smc_link		lnk[SMC_LINKS_PER_LGR_MAX];	/* by link_idx */
	u8			next_link_id;

	/* connections */
	struct rb_root		conns_all;	/* by alert token */
	rwlock_t		conns_lock;
	unsigned int		conns_num;
	/* the peer's RMBs: a row per RMB, a column per link (link_idx) */
	struct smc_rtoken	rtokens[SMC_RMBS_PER_LGR_MAX]
				       [SMC_LINKS_PER_LGR_MAX];
	DECLARE_BITMAP(rtokens_used, SMC_RMBS_PER_LGR_MAX);

	/* buffer pools by compressed size */
	struct list_head	sndbufs[SMC_BUF_CLASSES];
	struct list_head	rmbs[SMC_BUF_CLASSES];
	struct mutex		bufs_mutex;	/* the pools */
	/* a link's teardown against stopping every link (smc_lgr_terminate) */
	struct mutex		links_mutex;
	u64			sndbuf_bytes;	/* allocated, for netlink */
	u64			rmb_bytes;

	/* life cycle */
	refcount_t		refcnt;
	struct delayed_work	free_work;
	struct work_struct	terminate_work;
	struct work_struct	destroy_work;
	bool			terminating;
	bool			freeing;
	bool			sync_err;	/* peer: out of sync, no reuse */
	u32			termination_rsn;
	int			testlink_time;	/* seconds, 0 = off */

	/* link layer control (see smc_llc.c) */
	struct smc_llc_flow	*llc;
};

enum smc_urg_state {
	SMC_URG_VALID	= 1,	/* the urgent byte has arrived */
	SMC_URG_NOTYET	= 2,	/* announced, not arrived */
	SMC_URG_READ	= 3,	/* none, or already read */
};

struct smc_connection {
	struct rb_node		alert_node;
	u32			alert_token_local;
	struct smc_link_group	*lgr;
	struct smc_link		*lnk;
	bool			freed;
	bool			killed;		/* aborted, resources gone */

	/* the peer's RMBE we write into */
	u8			peer_rmbe_idx;
	int			peer_rmbe_size;
	atomic_t		peer_rmbe_space;
	int			rtoken_idx;
	u32			tx_off;		/* our RMBE within the peer RMB */

	/* our buffers */
	struct smc_buf_desc	*sndbuf_desc;
	struct smc_buf_desc	*rmb_desc;
	u8			rmbe_size_comp;
	int			rmbe_update_limit;

	/* cursors; lock protects them and the ctrl messages */
	spinlock_t		lock;
	struct smc_cdc_info	local_tx_ctrl;	/* what we last sent */
	struct smc_cdc_info	local_rx_ctrl;	/* what the peer last sent */
	struct smc_curs	tx_curs_prep;	/* sndbuf: filled up to */
	struct smc_curs	tx_curs_sent;	/* sndbuf: written up to */
	struct smc_curs	tx_curs_fin;	/* sndbuf: confirmed up to */
	struct smc_curs	rx_curs_confirmed; /* cons sent to peer */
	atomic_t		sndbuf_space;
	atomic_t		bytes_to_rcv;
	u16			tx_cdc_seq;	/* sequence of CDC messages */
	u8			tx_close_pending; /* SMC_CDC_CS_ after the data */
	bool			rx_violation;	/* the peer broke the protocol */
	/* Until the handshake knows the peer's RMBE, CDC messages wait:
	 * the client may send data right after its CLC CONFIRM, which the
	 * server reads from TCP later.  Cursors are cumulative, so the
	 * latest message is all that has to wait.
	 */
	bool			rx_ready;
	bool			rx_early_valid;
	struct smc_cdc_info	rx_early;
	atomic_t		cdc_pend_tx_wr;	/* CDC sends in flight */
	wait_queue_head_t	cdc_pend_tx_wq;

	/* urgent data */
	enum smc_urg_state	urg_state;	/* of the byte for MSG_OOB */
	bool			urg_mark;	/* reads stop at urg_curs - 1 */
	/* the byte at the mark is in bytes_to_rcv: decided by SO_OOBINLINE
	 * at its arrival, corrected by the reader that reaches it
	 */
	bool			urg_counted;
	struct smc_curs	urg_curs;
	char			urg_rx_byte;
	bool			urg_tx_pend;

	struct delayed_work	tx_work;	/* send what waits in sndbuf */
	struct work_struct	close_work;	/* peer closed or aborted */
	struct work_struct	abort_work;
	bool			tx_in_release;	/* tx deferred to release_sock */
};

struct smc_sock;

/* What a handshake decided, to set up the connection with */
struct smc_init_info {
	u8			version;	/* SMC_V1 or SMC_V2 */
	u8			release;
	u8			max_conns;
	u8			max_links;
	bool			first_contact_peer;
	bool			first_contact_local;
	struct smc_ib_choice	ib;		/* our device, port and GID */
	struct smc_ib_route	route;
	u8			peer_systemid[SMC_CLC_SYSTEMID_LEN];
	u8			peer_gid[SMC_GID_SIZE];
	u8			peer_mac[ETH_ALEN];
	u32			peer_qpn;	/* client: QP of the server */
	u8			negotiated_eid[SMC_CLC_EID_LEN];
	bool			uses_gateway;
	u8			nexthop_mac[ETH_ALEN];
};

/* A link that has its resources (PD, QP, buffers mapped on its device) */
static inline bool smc_link_set_up(const struct smc_link *lnk)
{
	return lnk->state != SMC_LNK_UNUSED;
}

/* A link that carries traffic or is about to (its QP is being confirmed) */
static inline bool smc_link_usable(const struct smc_link *lnk)
{
	return lnk->state == SMC_LNK_ACTIVATING ||
	       lnk->state == SMC_LNK_ACTIVE;
}

/* The link of @lgr after @prev (NULL: the first) that is set up, or with
 * @usable only one that is usable; NULL when there is none.  To iterate:
 *	for (lnk = smc_lgr_next_link(lgr, NULL, usable); lnk;
 *	     lnk = smc_lgr_next_link(lgr, lnk, usable))
 */
static inline struct smc_link *smc_lgr_next_link(struct smc_link_group *lgr,
						 struct smc_link *prev,
						 bool usable)
{
	struct smc_link *lnk = prev ? prev + 1 : lgr->lnk;

	for (; lnk < lgr->lnk + SMC_LINKS_PER_LGR_MAX; lnk++) {
		if (usable ? smc_link_usable(lnk) : smc_link_set_up(lnk))
			return lnk;
	}
	return NULL;
}

/* The link the handshake of the first contact sets up (and, while a link
 * group has one link, the one every connection uses)
 */
static inline struct smc_link *smc_lgr_first_link(struct smc_link_group *lgr)
{
	return &lgr->lnk[0];
}

/* a lock-free read of a cursor is not possible; copy under conn->lock */
static inline void smc_curs_copy(struct smc_curs *to,
				 const struct smc_curs *from)
{
	*to = *from;
}

int smc_core_init(void);
void smc_core_free_all(void);
void smc_core_exit(void);

int smc_conn_create(struct smc_sock *smc, struct smc_init_info *ini);
void smc_conn_free(struct smc_connection *conn);
int smc_buf_create(struct smc_sock *smc);
int smc_rtoken_add(struct smc_link *lnk, u64 vaddr, u32 rkey);
void smc_rtoken_delete_by_rkey(struct smc_link *lnk, u32 rkey);
int smc_rtoken_set(struct smc_link *prim, struct smc_link *lnk,
		   u32 prim_rkey, u64 vaddr, u32 rkey);
int smcr_link_add(struct smc_link_group *lgr, struct smc_init_info *ini,
		  u8 link_id, struct smc_link **out);
void smcr_link_remove(struct smc_link *lnk);
void smcr_link_teardown(struct smc_link *lnk);
int smcr_link_reg_bufs(struct smc_link *lnk);
int smcr_lgr_walk_rmbs(struct smc_link_group *lgr,
		       int (*fn)(struct smc_buf_desc *rmb, void *arg),
		       void *arg);
void smcr_lgr_set_type(struct smc_link_group *lgr, enum smc_lgr_type type);
struct smc_connection *smc_lgr_find_conn(struct smc_link_group *lgr,
					 u32 token);
int smc_uncompress_bufsize(u8 compressed);

int smcr_link_ready(struct smc_link *lnk);	/* QP to RTR (RTS: server) */
int smcr_link_rts(struct smc_link *lnk);
int smcr_buf_reg(struct smc_link *lnk, struct smc_buf_desc *buf, bool is_rmb);
u64 smcr_buf_dma_addr(const struct smc_link *lnk,
		      const struct smc_buf_desc *buf);
u32 smcr_buf_rkey(const struct smc_link *lnk, const struct smc_buf_desc *buf);

void smc_lgr_hold(struct smc_link_group *lgr);
void smc_lgr_put(struct smc_link_group *lgr);
void smc_lgr_terminate(struct smc_link_group *lgr, bool soft);
void smc_lgr_schedule_free(struct smc_link_group *lgr);
bool smcr_link_down(struct smc_link *lnk);	/* false: was not sending */
void smcr_port_down(struct smc_ib_device *smcibdev, u8 port);
void smcr_terminate_device(struct smc_ib_device *smcibdev);
void smc_lgr_terminate_net(struct net *net);
void smc_lgr_cleanup_early(struct smc_link_group *lgr);
void smc_lgr_peer_out_of_sync(struct smc_link_group *lgr);

extern struct workqueue_struct *smc_close_wq;

#endif /* SMC_CORE_H */
