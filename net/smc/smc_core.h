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
 * known per link (rtokens[][link_idx]).  The first link is set up by the
 * handshake of the first contact, a second one by the LLC layer's ADD LINK
 * flow (smc_llc.c) on an alternate device.  Connections use the first
 * usable link.  When a link is lost while another one is active, its
 * connections move over (smcr_link_switch_conns()) and it goes alone.
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
	/* of the last CDC whose send completed: the peer has it */
	u16			tx_cdc_seq_fin;
	struct smc_curs	tx_prod_fin;	/* its producer cursor */
	struct smc_curs	tx_prod_hi;	/* the furthest one ever sent */
	/* moved to another link (smcr_link_switch_conns()): the tx work
	 * sends the failover validation and writes again from tx_curs_fin
	 */
	bool			tx_failover;
	/* a CDC that must go even without data (cursor update, failover)
	 * found every send slot busy: the tx work sends it
	 */
	bool			tx_ctrl_pending;
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

/**
 * smc_link_set_up() - whether a link slot holds a link
 * @lnk: the link
 *
 * A link that is set up has its resources (PD, QP, every buffer of its
 * link group mapped on its device), whether or not it carries traffic.
 *
 * Context: any; a lockless read of the state.
 * Return: true unless the link is SMC_LNK_UNUSED.
 */
static inline bool smc_link_set_up(const struct smc_link *lnk)
{
	return lnk->state != SMC_LNK_UNUSED;
}

/**
 * smc_link_usable() - whether a link carries traffic or is about to
 * @lnk: the link
 *
 * Context: any; a lockless read of the state.
 * Return: true for SMC_LNK_ACTIVE and for SMC_LNK_ACTIVATING (its QP is
 * being confirmed).
 */
static inline bool smc_link_usable(const struct smc_link *lnk)
{
	return lnk->state == SMC_LNK_ACTIVATING ||
	       lnk->state == SMC_LNK_ACTIVE;
}

/**
 * smc_lgr_next_link() - the next link of a link group, in link_idx order
 * @lgr: the link group
 * @prev: the link to continue after; NULL for the first
 * @usable: only links smc_link_usable() accepts, else every link that
 *          smc_link_set_up() accepts
 *
 * To iterate::
 *
 *	for (lnk = smc_lgr_next_link(lgr, NULL, usable); lnk;
 *	     lnk = smc_lgr_next_link(lgr, lnk, usable))
 *
 * Takes no lock: a link's state may change under the walk unless the
 * caller excludes that (lgr->links_mutex, the LLC local flow).
 *
 * Context: any.
 * Return: the link, or NULL when there is none after @prev.
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

/**
 * smc_lgr_first_link() - the link the first contact's handshake set up
 * @lgr: the link group
 *
 * While a link group has one link, every connection uses it.
 *
 * Context: any.
 * Return: &lgr->lnk[0], whatever its state; never NULL.
 */
static inline struct smc_link *smc_lgr_first_link(struct smc_link_group *lgr)
{
	return &lgr->lnk[0];
}

/**
 * smc_curs_copy() - copy a connection's cursor
 * @to: the copy
 * @from: the cursor
 *
 * A cursor (wrap and count) cannot be read atomically, so a copy is only
 * consistent under the lock that its writers hold.
 *
 * Context: any; caller holds conn->lock of the cursor's connection.
 */
static inline void smc_curs_copy(struct smc_curs *to,
				 const struct smc_curs *from)
{
	*to = *from;
}

/**
 * smc_core_init() - create the work queues of the core
 *
 * smc_close_wq for the connections' close work, and the core's own queue
 * for link group free, terminate and destroy work and links' down work.
 *
 * Context: process context (module init), may sleep.
 * Return: 0, or -ENOMEM with nothing left allocated.
 */
int smc_core_init(void);

/**
 * smc_core_free_all() - end every link group at module exit
 *
 * No socket is left, so every link group is idle or ending: idle ones end
 * now, in good order (DELETE LINK to the peer), instead of after their
 * linger time.  Returns once all are freed and the work queued on the
 * core's work queue so far has run.
 *
 * Context: process context, may sleep.
 */
void smc_core_free_all(void);

/**
 * smc_core_exit() - destroy the work queues of smc_core_init()
 *
 * Module exit after smc_core_free_all() and after the IB client is gone,
 * so that nothing can queue work any more; also undoes smc_core_init()
 * when module init fails later.
 *
 * Context: process context, may sleep.
 */
void smc_core_exit(void);

/**
 * smc_conn_create() - attach a socket's connection to a link group
 * @smc: the socket; a listener's child takes the server role
 * @ini: what the handshake decided; ini->first_contact_local is set here
 *
 * The connection is reset first: nothing of an earlier attempt of the
 * socket survives.  A server, and a client the server told "not first
 * contact", join a listed link group of the same peer, role, namespace and
 * version with an active link to the peer's end (as server, one with room
 * for another connection); otherwise a new link group is made with its
 * first link set up (QP in RESET).  On success the connection is
 * registered under a new alert token, uses the link group's first usable
 * link (else its first link) and holds a reference on the link group
 * (dropped by smc_conn_free()).
 *
 * Context: process context, may sleep; caller holds the handshake's link
 * group semaphore of its role, which serialises link group creation.
 * Return: 0; -ENOMEM when the link group cannot be allocated; otherwise a
 * positive CLC decline code: SMC_CLC_DECL_SYNCERR (client: the server
 * reused a link group this host does not have), SMC_CLC_DECL_NOSMCRDEV
 * (the device is going away), SMC_CLC_DECL_MEM or SMC_CLC_DECL_INTERR
 * (link group or link setup failed).  On error conn->lgr is NULL.
 */
int smc_conn_create(struct smc_sock *smc, struct smc_init_info *ini);

/**
 * smc_conn_free() - detach a connection from its link group
 * @conn: the connection; nothing happens without a link group or when it
 *        was freed already
 *
 * The connection is unregistered first, so that no CDC message is taken
 * in for it, then its CDC sends in flight and its tx work are waited for
 * before its buffers go back to the pools (zeroed, for the next
 * connection).  The last connection of a link group starts its linger
 * time (smc_lgr_schedule_free()).  Drops the reference that
 * smc_conn_create() took.
 *
 * Context: process context, may sleep; not under the socket's lock, which
 * the connection's tx work takes.
 */
void smc_conn_free(struct smc_connection *conn);

/**
 * smc_buf_create() - the send buffer and RMB of a new connection
 * @smc: the socket, its connection attached to a link group
 *
 * Sized half the socket's sk_sndbuf and sk_rcvbuf, taken from the link
 * group's pools or newly allocated and mapped on every link that is set
 * up (not registered: smcr_buf_reg()); under memory pressure a smaller
 * size class is tried down to SMC_BUF_MIN_SIZE.  sk_sndbuf and sk_rcvbuf
 * then tell twice the sizes taken.
 *
 * Context: process context, may sleep; takes lgr->bufs_mutex.
 * Return: 0, or -ENOMEM with neither buffer taken.
 */
int smc_buf_create(struct smc_sock *smc);

/**
 * smc_rtoken_add() - note a peer RMB as seen over a link
 * @lnk: the link the peer named it for
 * @vaddr: its address over @lnk
 * @rkey: its rkey over @lnk
 *
 * A known RMB (same @rkey and @vaddr over @lnk) keeps its row.  A new row
 * has only @lnk's column; smc_rtoken_set() fills in other links.
 *
 * Context: any but hard interrupt; takes lgr->conns_lock, so the caller
 * must not hold it.
 * Return: the row in lgr->rtokens (0 or more), or -ENOSPC when all
 * SMC_RMBS_PER_LGR_MAX rows are used.
 */
int smc_rtoken_add(struct smc_link *lnk, u64 vaddr, u32 rkey);

/**
 * smc_rtoken_delete_by_rkey() - forget a peer RMB the peer deleted
 * @lnk: the link whose column @rkey is in
 * @rkey: the RMB's rkey over @lnk
 *
 * Every row with @rkey over @lnk goes, with the RMB's entries of every
 * link; an unknown @rkey is ignored.
 *
 * Context: any but hard interrupt; takes lgr->conns_lock.
 */
void smc_rtoken_delete_by_rkey(struct smc_link *lnk, u32 rkey);

/**
 * smc_rtoken_set() - where a known peer RMB is over a further link
 * @prim: a link the RMB is known over
 * @lnk: the further link, of the same link group
 * @prim_rkey: the RMB's rkey over @prim
 * @vaddr: its address over @lnk
 * @rkey: its rkey over @lnk
 *
 * Only the first row that matches is set.
 *
 * Context: any but hard interrupt; takes lgr->conns_lock.
 * Return: 0, or -ENOENT when no RMB with @prim_rkey is known over @prim.
 */
int smc_rtoken_set(struct smc_link *prim, struct smc_link *lnk,
		   u32 prim_rkey, u64 vaddr, u32 rkey);

/**
 * smcr_link_add() - set up a further link of a link group
 * @lgr: the link group
 * @ini: the device, port and GID for the link (ini->ib), its route and
 *       the peer's GID
 * @link_id: the link id on the wire: 0 for a new one (the server chooses),
 *           else the one the server chose (client)
 * @out: set to the new link on success
 *
 * The link gets its resources in a free slot of lgr->lnk[] (QP in RESET,
 * state SMC_LNK_ACTIVATING) and every buffer of the link group is mapped
 * on its device; it is not ready yet (smcr_link_ready()).
 *
 * Context: process context, may sleep; caller holds the LLC local flow of
 * @lgr.
 * Return: 0; -ENOSPC when every slot is taken; the negative errno of PD,
 * QP or buffer mapping setup, with nothing of the link left.
 */
int smcr_link_add(struct smc_link_group *lgr, struct smc_init_info *ini,
		  u8 link_id, struct smc_link **out);

/**
 * smcr_link_remove() - undo smcr_link_add()
 * @lnk: a link that never became active, which no connection uses
 *
 * The link's traffic stops and a pending down work of it is cancelled:
 * the failure of a new link alone does not end its link group.  Then its
 * resources go and its slot is free again.
 *
 * Context: process context, may sleep; never in the link's down work,
 * which this waits for.  Caller holds the LLC local flow of the link
 * group.
 */
void smcr_link_remove(struct smc_link *lnk);

/**
 * smcr_link_teardown() - end an active link of a link group that goes on
 * @lnk: the link, which no connection uses any more
 *
 * Its traffic stops and its resources go, under lgr->links_mutex; its
 * slot is free again.
 *
 * Context: the link's down work (smc_llc_link_lost()), which is why it does
 * not wait for that work as smcr_link_remove() does; may sleep.
 */
void smcr_link_teardown(struct smc_link *lnk);

/**
 * smcr_link_reg_bufs() - register every buffer of a link group on a link
 * @lnk: a new link, its QP able to send
 *
 * Every buffer with a memory region (RMBs, virtually contiguous send
 * buffers), used or pooled, as smcr_buf_reg() does, so that existing
 * connections' buffers are reachable over the new link.
 *
 * Context: process context, may sleep; takes lgr->bufs_mutex.
 * Return: 0, or the first error of smcr_buf_reg(); the buffers registered
 * before it stay registered.
 */
int smcr_link_reg_bufs(struct smc_link *lnk);

/**
 * smcr_link_switch_conns() - move the connections of a lost link
 * @from: the lost link, no longer sending (smcr_link_down())
 * @to: an active link of the same link group
 *
 * @from's QP is stopped and its sends are waited for (flushed), so that
 * no completion of it moves a cursor any more.  Then every connection
 * that uses @from uses @to: what it wrote after its last CDC confirmed by
 * a completion may be lost, so its producer cursor goes back there and
 * its tx work sends a CDC with the failover validation flag and writes
 * that data again (the peer ignores what it has already, by sequence
 * number and cursor).  Nothing happens unless every such connection can
 * move: it is past its handshake and its buffers and the peer's RMB are
 * known over @to.
 *
 * Context: process context (@from's down work), may sleep; takes
 * lgr->links_mutex, lgr->conns_lock and the connections' locks.
 * Return: 0; -ETIMEDOUT when @from's sends do not complete; -EBUSY when a
 * connection cannot move.  On error the link group must end.
 */
int smcr_link_switch_conns(struct smc_link *from, struct smc_link *to);

/**
 * smcr_lgr_walk_rmbs() - call a function for every RMB of a link group
 * @lgr: the link group
 * @fn: called for each RMB, used or pooled, with @arg; non-zero stops the
 *      walk
 * @arg: passed to @fn
 *
 * For the rkey lists that describe a new link to the peer.
 *
 * Context: process context, may sleep; @fn runs under lgr->bufs_mutex and
 * must not take it.
 * Return: 0, or the non-zero value of @fn that stopped the walk.
 */
int smcr_lgr_walk_rmbs(struct smc_link_group *lgr,
		       int (*fn)(struct smc_buf_desc *rmb, void *arg),
		       void *arg);

/**
 * smcr_lgr_set_type() - set the link group type that netlink reports
 * @lgr: the link group
 * @type: from its active links (single, symmetric, asymmetric)
 *
 * Context: any; LLC flows call it as links come and go.
 */
void smcr_lgr_set_type(struct smc_link_group *lgr, enum smc_lgr_type type);

/**
 * smc_lgr_find_conn() - a connection of a link group by its alert token
 * @lgr: the link group
 * @token: the alert token, as in a CDC message of the peer
 *
 * Context: any; caller holds lgr->conns_lock for reading or writing, which
 * keeps the connection registered while it is used.
 * Return: the connection, or NULL when none has @token.
 */
struct smc_connection *smc_lgr_find_conn(struct smc_link_group *lgr,
					 u32 token);

/**
 * smc_uncompress_bufsize() - the size a compressed buffer size stands for
 * @compressed: the size class, 0 to 15 (four bits on the wire)
 *
 * Context: any.
 * Return: SMC_BUF_MIN_SIZE << @compressed, in bytes.
 */
int smc_uncompress_bufsize(u8 compressed);

/**
 * smcr_link_ready() - make a link's QP able to receive
 * @lnk: a link that is set up, the peer's QP number, PSN, MTU and address
 *       known
 *
 * The QP goes to INIT, every receive slot is posted, then it goes to RTR.
 * The server's QP goes on to RTS; the client's waits for the server's
 * CONFIRM LINK (smcr_link_rts()).
 *
 * Context: process context, may sleep.
 * Return: 0, or the negative errno of the first step that failed.
 */
int smcr_link_ready(struct smc_link *lnk);

/**
 * smcr_link_rts() - make a link's QP able to send
 * @lnk: a link whose QP is in RTR
 *
 * On success lnk->qp_rts is set: the link may send.
 *
 * Context: process context, may sleep.
 * Return: 0, or the error of ib_modify_qp().
 */
int smcr_link_rts(struct smc_link *lnk);

/**
 * smcr_buf_reg() - register a buffer's memory region over a link
 * @lnk: the link, its QP able to send (registration is a work request)
 * @buf: the buffer, mapped on @lnk's device
 * @is_rmb: @buf is an RMB, which the peer may then write to; else a send
 *          buffer, whose lkey is valid for our RDMA WRITEs only once
 *          registered
 *
 * Nothing to do for a buffer registered already, nor for a physically
 * contiguous send buffer, which has no memory region.
 *
 * Context: process context, may sleep (smc_wr_reg_mr()).
 * Return: 0; -EINVAL for an RMB without a memory region on @lnk's device;
 * otherwise the error of smc_wr_reg_mr().
 */
int smcr_buf_reg(struct smc_link *lnk, struct smc_buf_desc *buf, bool is_rmb);

/**
 * smcr_buf_dma_addr() - a buffer's address over a link
 * @lnk: the link
 * @buf: the buffer, mapped on @lnk's device
 *
 * Context: any.
 * Return: the start of the memory region's range when @buf has one (for
 * an RMB, where the peer writes to), else the DMA address of the buffer.
 */
u64 smcr_buf_dma_addr(const struct smc_link *lnk,
		      const struct smc_buf_desc *buf);

/**
 * smcr_buf_rkey() - the rkey of an RMB over a link, for the peer
 * @lnk: the link
 * @buf: an RMB mapped on @lnk's device (it has a memory region there)
 *
 * Context: any.
 * Return: the rkey of @buf's memory region on @lnk's device.
 */
u32 smcr_buf_rkey(const struct smc_link *lnk, const struct smc_buf_desc *buf);

/**
 * smc_lgr_hold() - take a reference on a link group
 * @lgr: the link group; the caller holds a reference already or finds it
 *       listed under the lock of the link group list
 *
 * Context: any.
 */
void smc_lgr_hold(struct smc_link_group *lgr);

/**
 * smc_lgr_put() - drop a reference on a link group
 * @lgr: the link group
 *
 * The last reference may go in a work item of the link group itself (LLC
 * receive, link down), which its destruction waits for: so the link group
 * is destroyed in a work item of the core.
 *
 * Context: any.
 */
void smc_lgr_put(struct smc_link_group *lgr);

/**
 * smc_lgr_terminate() - end a link group abnormally
 * @lgr: the link group
 * @soft: the links still work: the connections tell the peer of their
 *        abort first (smc_conn_tell_abort()), and the links stop once
 *        those sends are done (or after SMC_LGR_SOFT_END_WAIT); else the
 *        links stop at once
 *
 * The link group leaves the list, so no new connection joins it, and
 * every connection of it is aborted (smc_conn_kill()), always after the
 * links stopped: freeing a connection waits for its sends, which only a
 * stopped queue pair is sure to complete.  Does nothing when the link
 * group ends or is freed already.
 *
 * Context: process context, may sleep; caller keeps @lgr alive (a
 * reference, or a work item of @lgr, which its destruction waits for; the
 * list's reference goes here) and holds neither lgr->links_mutex,
 * lgr->conns_lock nor the lock of a socket whose connection is in @lgr
 * (each one is taken).
 */
void smc_lgr_terminate(struct smc_link_group *lgr, bool soft);

/**
 * smc_lgr_schedule_free() - start a link group's linger time
 * @lgr: the link group, whose last connection has gone
 *
 * When no connection has joined it by then, the link group ends in good
 * order: SMC_LGR_FREE_DELAY_SERV as server, SMC_LGR_FREE_DELAY_CLNT as
 * client.  A rescheduled linger time starts again; nothing happens to a
 * link group that ends or is freed already.
 *
 * Context: any.
 */
void smc_lgr_schedule_free(struct smc_link_group *lgr);

/**
 * smcr_link_down() - a link cannot carry traffic any more
 * @lnk: the link (error completion, stuck send queue, port or device
 *       gone, failed TEST LINK, the peer's DELETE LINK)
 *
 * The link stops sending and the waiters for its send slots wake; its
 * down work (smc_llc_link_lost()) then decides: while another link of its
 * group is active, the link's connections move there and it goes alone,
 * else the link group ends and its connections are aborted.
 *
 * Context: any, also the completion handler; does not sleep.
 * Return: true when this call took the link down; false when it was not
 * sending (not ready yet, or down already) or has no link group.
 */
bool smcr_link_down(struct smc_link *lnk);

/**
 * smcr_port_down() - an RDMA port went down: so do its links
 * @smcibdev: the device
 * @port: the port (1-based)
 *
 * Every link on the port goes down as smcr_link_down() decides; the link
 * group of a link that was not sending ends (in a work item), since
 * nothing else would end it.
 *
 * Context: process context (the device's port event work); does not
 * sleep.
 */
void smcr_port_down(struct smc_ib_device *smcibdev, u8 port);

/**
 * smcr_port_add() - an RDMA port came up: link groups may add a link
 * @smcibdev: the device
 * @port: its port (1-based)
 *
 * Every link group of one link tries for a second one in a work item
 * (smc_llc_add_link_later()), where a server adds it and a client invites
 * the server to.
 *
 * Context: process context.
 */
void smcr_port_add(struct smc_ib_device *smcibdev, u8 port);

/**
 * smcr_dev_critical() - does losing the device end connections?
 * @smcibdev: the device
 *
 * Context: any but hard interrupt.
 * Return: true when a usable link of a link group without a second path
 * (type SINGLE or ASYMMETRIC_LOCAL) is on the device.
 */
bool smcr_dev_critical(struct smc_ib_device *smcibdev);

/**
 * smcr_terminate_device() - a device goes away: its links go down
 * @smcibdev: the device, marked going_away so that no new link group
 *            is made on it
 *
 * As smcr_port_down() for every port of the device; returns once the
 * work queued on the core's work queue so far has run.  The device's
 * removal then waits until its last link is cleared.
 *
 * Context: process context, may sleep.
 */
void smcr_terminate_device(struct smc_ib_device *smcibdev);

/**
 * smc_lgr_terminate_net() - end the link groups of a namespace
 * @net: the namespace, which has no socket left
 *
 * Its link groups hold no reference on it, so they must go before it:
 * idle ones in good order now instead of after their linger time, any
 * other one terminated.  Returns once all of them are freed.
 *
 * Context: process context (namespace exit), may sleep.
 */
void smc_lgr_terminate_net(struct net *net);

/**
 * smc_lgr_cleanup_early() - end a link group whose first contact failed
 * @lgr: the link group, or NULL (nothing happens)
 *
 * It is of no use to anybody: it ends at once, as smc_lgr_terminate()
 * without @soft.
 *
 * Context: as smc_lgr_terminate().
 */
void smc_lgr_cleanup_early(struct smc_link_group *lgr);

/**
 * smc_lgr_peer_out_of_sync() - the peer has no such link group
 * @lgr: the link group, of which the peer declined a connection with the
 *       "out of sync" flag
 *
 * A server reused a link group that the client had ended, or the other
 * way round.  As Linux does, @lgr is not used again, and it ends in a
 * work item with its connections, each of which sends the peer its abort
 * first (a soft end): the link itself still works.
 *
 * Context: any; caller keeps @lgr alive (its connection's reference).
 */
void smc_lgr_peer_out_of_sync(struct smc_link_group *lgr);

extern struct workqueue_struct *smc_close_wq;

#endif /* SMC_CORE_H */
