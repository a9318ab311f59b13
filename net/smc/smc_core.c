// SPDX-License-Identifier: GPL-2.0
/*
 * Link groups, links, connections and buffers.
 *
 * Locking, outermost first: the handshake mutex of a role (serialises link
 * group creation and first-contact link setup), smc_lgr_list.lock (the
 * list), lgr->conns_lock (connections, rtokens), lgr->bufs_mutex (pools).
 * A link group lives while it is listed or referenced; every connection
 * holds a reference.  The last connection leaving schedules the delayed
 * free that gives a link group its linger time.
 */

#define pr_fmt(fmt) "smc: " fmt

#include <linux/delay.h>
#include <linux/error-injection.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <net/tcp.h>

#include "smc.h"
#include "smc_cdc.h"
#include "smc_close.h"
#include "smc_core.h"
#include "smc_erdma.h"
#include "smc_ib.h"
#include "smc_llc.h"
#include "smc_netlink.h"
#include "smc_netns.h"
#include "smc_pnet.h"
#include "smc_stats.h"
#include "smc_sysctl.h"
#include "smc_tracepoint.h"
#include "smc_wr.h"

static struct {
	struct list_head	list;
	spinlock_t		lock;	/* protects list */
	u32			next_id;
	atomic_t		count;	/* link groups not yet freed */
	wait_queue_head_t	all_gone;
} smc_lgr_list = {
	.list = LIST_HEAD_INIT(smc_lgr_list.list),
	.lock = __SPIN_LOCK_UNLOCKED(smc_lgr_list.lock),
	.all_gone = __WAIT_QUEUE_HEAD_INITIALIZER(smc_lgr_list.all_gone),
};

struct workqueue_struct *smc_close_wq;
static struct workqueue_struct *smc_lgr_wq;	/* free and terminate */

int smc_uncompress_bufsize(u8 compressed)
{
	return SMC_BUF_MIN_SIZE << compressed;
}

static u8 smc_compress_bufsize(int size)
{
	u8 compressed;

	if (size <= SMC_BUF_MIN_SIZE)
		return 0;
	compressed = ilog2((size - 1) >> 14) + 1;
	return min_t(u8, compressed, SMCR_MAX_COMPRESSED);
}

/* ---- link ---------------------------------------------------------------- */

static void smcr_link_stop_traffic(struct smc_link *lnk,
				   unsigned long location);
static void smcr_link_unmap_bufs(struct smc_link *lnk);
static void smcr_lgr_stop_links(struct smc_link_group *lgr,
				unsigned long location);

static void smcr_link_clear(struct smc_link *lnk)
{
	/* without a PD nothing was set up but the device hold */
	if (lnk->state != SMC_LNK_UNUSED || lnk->pd) {
		smc_llc_link_clear(lnk);
		smc_wr_free_link(lnk);
	}
	if (lnk->pd) {
		/* the memory regions of the buffers belong to the PD */
		smcr_link_unmap_bufs(lnk);
		ib_dealloc_pd(lnk->pd);
		lnk->pd = NULL;
	}
	if (lnk->smcibdev) {
		smc_ib_link_put(lnk->smcibdev, lnk->ibport);
		lnk->smcibdev = NULL;
	}
	lnk->state = SMC_LNK_UNUSED;
}

static void smcr_link_down_work(struct work_struct *work)
{
	struct smc_link *lnk = container_of(work, struct smc_link, down_work);
	struct smc_link_group *lgr = lnk->lgr;

	switch (smc_llc_link_lost(lnk)) {
	case 0:
		break;
	case -EBUSY:
		/* an LLC flow runs: it may be the one that removes @lnk,
		 * and waits for this work to end, so never wait for it here
		 */
		msleep(20);
		if (queue_work(smc_lgr_wq, &lnk->down_work))
			return;		/* the reference goes with it */
		break;
	default:
		smc_lgr_terminate(lgr, false);
	}
	smc_lgr_put(lgr);	/* taken by smcr_link_down() */
}

/* The link cannot carry traffic any more (error completion, stuck send
 * queue, port or device gone, failed TEST LINK, the peer's DELETE LINK).
 * While another link is active, its connections move there and it goes
 * alone; else the link group ends: its connections are aborted.  Any
 * context.
 */
bool smcr_link_down(struct smc_link *lnk)
{
	struct smc_link_group *lgr = lnk->lgr;

	if (!lgr || cmpxchg(&lnk->qp_rts, true, false) != true)
		return false;
	if (lnk->state == SMC_LNK_ACTIVE)
		trace_smcr_link_down(lnk, _RET_IP_);
	smc_wr_tx_wakeup(lnk);
	smc_lgr_hold(lgr);
	if (!queue_work(smc_lgr_wq, &lnk->down_work))
		smc_lgr_put(lgr);
	return true;
}

/* A link id on the wire: not 0 and none of another link of @lgr */
static u8 smcr_next_link_id(struct smc_link_group *lgr)
{
	struct smc_link *lnk;
	bool taken;
	u8 id;

	do {
		id = ++lgr->next_link_id;
		taken = !id;
		for (lnk = smc_lgr_next_link(lgr, NULL, false); lnk;
		     lnk = smc_lgr_next_link(lgr, lnk, false))
			taken |= lnk->link_id == id;
	} while (taken);
	return id;
}

/* Set up the link in slot @link_idx of @lgr, which is unused, with the
 * link id @link_id (0: a new one, as the server chooses them)
 */
static int smcr_link_init(struct smc_link_group *lgr, u8 link_idx,
			  u8 link_id, struct smc_init_info *ini)
{
	struct smc_link *lnk = &lgr->lnk[link_idx];
	struct ib_port_attr pattr;
	int rc;

	/* first, so that any error path may cancel them */
	INIT_WORK(&lnk->down_work, smcr_link_down_work);
	smc_llc_link_init(lnk);
	lnk->link_id = link_id ?: smcr_next_link_id(lgr);
	lnk->smcibdev = ini->ib.smcibdev;
	lnk->ibport = ini->ib.ibport;
	smc_ib_link_hold(lnk->smcibdev, lnk->ibport);
	lnk->sgid_index = ini->ib.sgid_index;
	memcpy(lnk->gid, ini->ib.gid, SMC_GID_SIZE);
	strscpy(lnk->ibname, lnk->smcibdev->ibdev->name, sizeof(lnk->ibname));
	lnk->ndev_ifindex = ini->route.ifindex;
	get_random_bytes(lnk->link_uid, sizeof(lnk->link_uid));
	lnk->psn_initial = get_random_u32() & 0xffffff;
	atomic_set(&lnk->conn_cnt, 0);
	lnk->qp_inited = false;
	if (ib_query_port(lnk->smcibdev->ibdev, lnk->ibport, &pattr))
		pattr.active_mtu = IB_MTU_1024;
	lnk->path_mtu = pattr.active_mtu;
	smc_erdma_link_init(lnk, ini->peer_gid);

	lnk->pd = ib_alloc_pd(lnk->smcibdev->ibdev, 0);
	if (IS_ERR(lnk->pd)) {
		rc = PTR_ERR(lnk->pd);
		lnk->pd = NULL;
		goto out;
	}
	rc = smc_wr_create_link(lnk, smc_sysctl_max_send_wr(lgr->net),
				smc_sysctl_max_recv_wr(lgr->net),
				lgr->smc_version == SMC_V2);
	if (rc)
		goto out;
	lnk->state = SMC_LNK_ACTIVATING;
	return 0;
out:
	smcr_link_clear(lnk);
	return rc;
}

static int smcr_qp_init(struct smc_link *lnk)
{
	struct ib_qp_attr attr = {
		.qp_state = IB_QPS_INIT,
		.pkey_index = 0,
		.port_num = lnk->ibport,
		.qp_access_flags = IB_ACCESS_LOCAL_WRITE |
				   IB_ACCESS_REMOTE_WRITE,
	};
	int rc;

	rc = ib_modify_qp(lnk->qp, &attr, IB_QP_STATE | IB_QP_PKEY_INDEX |
			  IB_QP_PORT | IB_QP_ACCESS_FLAGS);
	if (!rc)
		lnk->qp_inited = true;
	return rc;
}

static int smcr_qp_rtr(struct smc_link *lnk)
{
	struct smc_link_group *lgr = lnk->lgr;
	struct ib_qp_attr attr = {};
	u8 hop_limit = 1;

	if (lnk->smcibdev->iwarp)
		return smc_erdma_qp_rtr(lnk);
	attr.qp_state = IB_QPS_RTR;
	attr.path_mtu = min(lnk->path_mtu, lnk->peer_mtu);
	attr.ah_attr.type = RDMA_AH_ATTR_TYPE_ROCE;
	rdma_ah_set_port_num(&attr.ah_attr, lnk->ibport);
	if (lgr->smc_version == SMC_V2 && lgr->uses_gateway)
		hop_limit = 64;
	rdma_ah_set_grh(&attr.ah_attr, NULL, 0, lnk->sgid_index, hop_limit, 0);
	rdma_ah_set_dgid_raw(&attr.ah_attr, lnk->peer_gid);
	if (lgr->smc_version == SMC_V2 && lgr->uses_gateway)
		memcpy(attr.ah_attr.roce.dmac, lgr->nexthop_mac, ETH_ALEN);
	else
		memcpy(attr.ah_attr.roce.dmac, lnk->peer_mac, ETH_ALEN);
	attr.dest_qp_num = lnk->peer_qpn;
	attr.rq_psn = lnk->peer_psn;
	attr.max_dest_rd_atomic = 1;
	attr.min_rnr_timer = 5;
	return ib_modify_qp(lnk->qp, &attr, IB_QP_STATE | IB_QP_AV |
			     IB_QP_PATH_MTU | IB_QP_DEST_QPN | IB_QP_RQ_PSN |
			     IB_QP_MAX_DEST_RD_ATOMIC | IB_QP_MIN_RNR_TIMER);
}

int smcr_link_rts(struct smc_link *lnk)
{
	struct ib_qp_attr attr = {
		.qp_state = IB_QPS_RTS,
		.timeout = 15,		/* local ACK timeout 4.096 us * 2^15 */
		.retry_cnt = 7,
		.rnr_retry = 7,		/* retry RNR for ever */
		.sq_psn = lnk->psn_initial,
		.max_rd_atomic = 1,
	};
	int rc;

	rc = ib_modify_qp(lnk->qp, &attr, IB_QP_STATE | IB_QP_TIMEOUT |
			   IB_QP_RETRY_CNT | IB_QP_SQ_PSN | IB_QP_RNR_RETRY |
			   IB_QP_MAX_QP_RD_ATOMIC);
	if (!rc)
		WRITE_ONCE(lnk->qp_rts, true);
	return rc;
}

/* Make the QP able to receive (INIT, RTR, receives posted).  The server
 * also makes it able to send; the client waits for CONFIRM LINK first.
 */
int smcr_link_ready(struct smc_link *lnk)
{
	int rc;

	rc = smcr_qp_init(lnk);
	if (!rc)
		rc = smc_wr_rx_post_all(lnk);
	if (!rc)
		rc = smcr_qp_rtr(lnk);
	if (!rc && lnk->lgr->role == SMC_SERV)
		rc = smcr_link_rts(lnk);
	return rc;
}

/* ---- buffers --------------------------------------------------------------- */

/* Undo what smcr_buf_map() did for @lnk, as far as it got */
static void smcr_buf_unmap(struct smc_link *lnk, struct smc_buf_desc *buf,
			   bool is_rmb)
{
	struct smc_buf_map *map = &buf->map[lnk->link_idx];

	if (map->mr) {
		ib_dereg_mr(map->mr);
		map->mr = NULL;
	}
	if (map->mapped && lnk->smcibdev)
		ib_dma_unmap_sg(lnk->smcibdev->ibdev, map->sgt.sgl,
				map->sgt.orig_nents,
				is_rmb ? DMA_FROM_DEVICE : DMA_TO_DEVICE);
	map->mapped = false;
	map->registered = false;
	if (map->sgt.sgl)
		sg_free_table(&map->sgt);
	map->sgt.sgl = NULL;
}

/* The link's device is done with every buffer of its link group */
static void smcr_link_unmap_bufs(struct smc_link *lnk)
{
	struct smc_link_group *lgr = lnk->lgr;
	struct smc_buf_desc *buf;
	int i;

	mutex_lock(&lgr->bufs_mutex);
	for (i = 0; i < SMC_BUF_CLASSES; i++) {
		list_for_each_entry(buf, &lgr->rmbs[i], list)
			smcr_buf_unmap(lnk, buf, true);
		list_for_each_entry(buf, &lgr->sndbufs[i], list)
			smcr_buf_unmap(lnk, buf, false);
	}
	mutex_unlock(&lgr->bufs_mutex);
}

static void smc_buf_free(struct smc_link_group *lgr, struct smc_buf_desc *buf,
			 bool is_rmb)
{
	int i;

	for (i = 0; i < SMC_LINKS_PER_LGR_MAX; i++)
		smcr_buf_unmap(&lgr->lnk[i], buf, is_rmb);
	if (buf->pages)
		__free_pages(buf->pages, buf->order);
	else
		vfree(buf->cpu_addr);
	kfree(buf);
}

/* noinline, and a NULL return allowed to fail_function: the debug kernel's
 * fault tests fail it on purpose (selftests/guest/part_faults.sh)
 */
static noinline struct smc_buf_desc *smc_buf_alloc(struct smc_link_group *lgr,
						   int size)
{
	struct smc_buf_desc *buf = kzalloc(sizeof(*buf), GFP_KERNEL);

	if (!buf)
		return NULL;
	buf->order = get_order(size);
	buf->len = size;
	if (lgr->buf_type != SMCR_VIRT_CONT_BUFS) {
		buf->pages = alloc_pages(GFP_KERNEL | __GFP_NOWARN |
					 __GFP_NOMEMALLOC | __GFP_COMP |
					 __GFP_NORETRY | __GFP_ZERO,
					 buf->order);
		if (buf->pages) {
			buf->cpu_addr = page_address(buf->pages);
			return buf;
		}
		if (lgr->buf_type == SMCR_PHYS_CONT_BUFS)
			goto fail;
	}
	buf->cpu_addr = vzalloc(PAGE_SIZE << buf->order);
	if (buf->cpu_addr)
		return buf;
fail:
	kfree(buf);
	return NULL;
}

ALLOW_ERROR_INJECTION(smc_buf_alloc, NULL);

/* Map a buffer for the link's device; an RMB (and a virtually contiguous
 * send buffer) gets a memory region in the link's PD, whose single
 * DMA-contiguous range is what the peer or our RDMA WRITEs address.
 */
static int smcr_buf_map(struct smc_link *lnk, struct smc_buf_desc *buf,
			bool is_rmb)
{
	struct smc_buf_map *map = &buf->map[lnk->link_idx];
	struct ib_device *ibdev = lnk->smcibdev->ibdev;
	enum dma_data_direction dir = is_rmb ? DMA_FROM_DEVICE : DMA_TO_DEVICE;
	unsigned int offset = 0, nents = 1, i;
	struct scatterlist *sg;
	void *addr;
	int rc;

	if (!buf->pages)
		nents = DIV_ROUND_UP(buf->len, PAGE_SIZE);
	rc = sg_alloc_table(&map->sgt, nents, GFP_KERNEL);
	if (rc)
		return rc;
	if (buf->pages) {
		sg_set_buf(map->sgt.sgl, buf->cpu_addr, buf->len);
	} else {
		addr = buf->cpu_addr;
		for_each_sg(map->sgt.sgl, sg, nents, i) {
			sg_set_page(sg, vmalloc_to_page(addr), PAGE_SIZE, 0);
			addr += PAGE_SIZE;
		}
	}
	rc = ib_dma_map_sg(ibdev, map->sgt.sgl, nents, dir);
	if (rc <= 0) {
		rc = -EIO;
		goto err;
	}
	map->mapped = true;
	if (!is_rmb && buf->pages)
		return 0;

	/* the MR maps the buffer page by page, however few sg entries */
	map->mr = ib_alloc_mr(lnk->pd, IB_MR_TYPE_MEM_REG, 1 << buf->order);
	if (IS_ERR(map->mr)) {
		rc = PTR_ERR(map->mr);
		map->mr = NULL;
		goto err;
	}
	if (ib_map_mr_sg(map->mr, map->sgt.sgl, rc, &offset, PAGE_SIZE) !=
	    rc) {
		rc = -EINVAL;
		goto err;
	}
	return 0;
err:
	smcr_buf_unmap(lnk, buf, is_rmb);
	return rc;
}

/* Map a new buffer on every link of its link group.  Caller holds
 * lgr->bufs_mutex; on failure smc_buf_free() undoes the rest.
 */
static int smcr_buf_map_lgr(struct smc_link_group *lgr,
			    struct smc_buf_desc *buf, bool is_rmb)
{
	struct smc_link *lnk;
	int rc;

	for (lnk = smc_lgr_next_link(lgr, NULL, false); lnk;
	     lnk = smc_lgr_next_link(lgr, lnk, false)) {
		rc = smcr_buf_map(lnk, buf, is_rmb);
		if (rc)
			return rc;
	}
	return 0;
}

/* @fn(@lnk, buf, is_rmb) for every RMB and send buffer of @lnk's link
 * group, under bufs_mutex, until one fails
 */
static int smcr_link_walk_bufs(struct smc_link *lnk,
			       int (*fn)(struct smc_link *lnk,
					 struct smc_buf_desc *buf, bool is_rmb))
{
	struct smc_link_group *lgr = lnk->lgr;
	struct smc_buf_desc *buf;
	int i, rc = 0;

	mutex_lock(&lgr->bufs_mutex);
	for (i = 0; i < SMC_BUF_CLASSES && !rc; i++) {
		list_for_each_entry(buf, &lgr->rmbs[i], list) {
			rc = fn(lnk, buf, true);
			if (rc)
				break;
		}
		if (rc)
			break;
		list_for_each_entry(buf, &lgr->sndbufs[i], list) {
			rc = fn(lnk, buf, false);
			if (rc)
				break;
		}
	}
	mutex_unlock(&lgr->bufs_mutex);
	return rc;
}

/* A new link: every buffer of its link group mapped on its device */
static int smcr_link_map_bufs(struct smc_link *lnk)
{
	return smcr_link_walk_bufs(lnk, smcr_buf_map);
}

/* Register the memory region of a buffer over this link (an RDMA
 * operation): an RMB becomes writable by the peer, a virtually contiguous
 * send buffer usable as the source of our RDMA WRITEs (its lkey is valid
 * only once registered).  A physically contiguous send buffer has no
 * memory region and needs nothing.
 */
int smcr_buf_reg(struct smc_link *lnk, struct smc_buf_desc *buf, bool is_rmb)
{
	struct smc_buf_map *map = &buf->map[lnk->link_idx];
	int rc;

	if (map->registered || (!is_rmb && !map->mr))
		return 0;
	if (!map->mr)
		return -EINVAL;	/* not mapped on this link's device */
	rc = smc_wr_reg_mr(lnk, map->mr, IB_ACCESS_LOCAL_WRITE |
			   (is_rmb ? IB_ACCESS_REMOTE_WRITE : 0));
	if (!rc)
		map->registered = true;
	return rc;
}

/* The address over @lnk of a buffer: for an RMB where the peer writes to,
 * the start of the registered range
 */
u64 smcr_buf_dma_addr(const struct smc_link *lnk,
		      const struct smc_buf_desc *buf)
{
	const struct smc_buf_map *map = &buf->map[lnk->link_idx];

	return map->mr ? map->mr->iova : sg_dma_address(map->sgt.sgl);
}

/* A new link that sends: every buffer with a memory region registered
 * over it (smcr_buf_reg())
 */
int smcr_link_reg_bufs(struct smc_link *lnk)
{
	return smcr_link_walk_bufs(lnk, smcr_buf_reg);
}

/* Call @fn for every RMB of @lgr (under bufs_mutex): fn returns non-zero
 * to stop.  For the rkey lists of a new link.
 */
int smcr_lgr_walk_rmbs(struct smc_link_group *lgr,
		       int (*fn)(struct smc_buf_desc *rmb, void *arg),
		       void *arg)
{
	struct smc_buf_desc *buf;
	int i, rc = 0;

	mutex_lock(&lgr->bufs_mutex);
	for (i = 0; i < SMC_BUF_CLASSES && !rc; i++) {
		list_for_each_entry(buf, &lgr->rmbs[i], list) {
			rc = fn(buf, arg);
			if (rc)
				break;
		}
	}
	mutex_unlock(&lgr->bufs_mutex);
	return rc;
}

/* The key of an RMB's memory region on @lnk's device, for the peer */
u32 smcr_buf_rkey(const struct smc_link *lnk, const struct smc_buf_desc *buf)
{
	return buf->map[lnk->link_idx].mr->rkey;
}

static struct smc_buf_desc *smc_buf_get_pooled(struct list_head *pool)
{
	struct smc_buf_desc *buf;

	list_for_each_entry(buf, pool, list) {
		if (!buf->used) {
			buf->used = true;
			return buf;
		}
	}
	return NULL;
}

/* A buffer of about @want bytes from the link group's pool or newly made,
 * trying smaller size classes under memory pressure.  Counted in the
 * statistics of @net, the namespace of the connection's socket.
 */
static struct smc_buf_desc *smc_buf_get(struct net *net,
					struct smc_link_group *lgr,
					int want, bool is_rmb, u8 *comp_out)
{
	struct list_head *pools = is_rmb ? lgr->rmbs : lgr->sndbufs;
	struct smc_buf_desc *buf = NULL;
	bool reused = false, dgraded = false;
	int comp;

	mutex_lock(&lgr->bufs_mutex);
	for (comp = smc_compress_bufsize(want); comp >= 0; comp--) {
		buf = smc_buf_get_pooled(&pools[comp]);
		if (buf) {
			reused = true;
			break;
		}
		buf = smc_buf_alloc(lgr, smc_uncompress_bufsize(comp));
		if (buf && smcr_buf_map_lgr(lgr, buf, is_rmb)) {
			smc_buf_free(lgr, buf, is_rmb);
			buf = NULL;
		}
		if (!buf) {
			/* once per buffer, however many classes it takes */
			if (!dgraded)
				smc_stats_buf_dgrade(net, is_rmb);
			dgraded = true;
			continue;
		}
		buf->used = true;
		list_add(&buf->list, &pools[comp]);
		if (is_rmb)
			lgr->rmb_bytes += buf->len;
		else
			lgr->sndbuf_bytes += buf->len;
		break;
	}
	mutex_unlock(&lgr->bufs_mutex);
	if (buf) {
		*comp_out = comp;
		smc_stats_buf_get(net, is_rmb, buf->len, reused);
	}
	return buf;
}

static int smc_rmb_update_limit(int rmbe_size)
{
	return max_t(int, rmbe_size / 10, SOCK_MIN_SNDBUF / 2);
}

/* Send buffer and RMB of a connection, sized from the socket's buffers. */
int smc_buf_create(struct smc_sock *smc)
{
	struct smc_connection *conn = &smc->conn;
	struct smc_link_group *lgr = conn->lgr;
	struct sock *sk = &smc->sk;
	u8 comp;

	conn->sndbuf_desc = smc_buf_get(sock_net(sk), lgr,
					READ_ONCE(sk->sk_sndbuf) / 2,
					false, &comp);
	if (!conn->sndbuf_desc)
		return -ENOMEM;
	conn->rmb_desc = smc_buf_get(sock_net(sk), lgr,
				     READ_ONCE(sk->sk_rcvbuf) / 2,
				     true, &conn->rmbe_size_comp);
	if (!conn->rmb_desc) {
		smc_stats_buf_put(sock_net(sk), false,
				  conn->sndbuf_desc->len);
		conn->sndbuf_desc->used = false;
		conn->sndbuf_desc = NULL;
		return -ENOMEM;
	}
	WRITE_ONCE(sk->sk_sndbuf, conn->sndbuf_desc->len * 2);
	WRITE_ONCE(sk->sk_rcvbuf, conn->rmb_desc->len * 2);
	atomic_set(&conn->sndbuf_space, conn->sndbuf_desc->len);
	atomic_set(&conn->bytes_to_rcv, 0);
	conn->rmbe_update_limit = smc_rmb_update_limit(conn->rmb_desc->len);
	return 0;
}

static void smc_buf_release(struct net *net, struct smc_link_group *lgr,
			    struct smc_buf_desc *buf, bool is_rmb)
{
	if (!buf)
		return;
	smc_stats_buf_put(net, is_rmb, buf->len);
	mutex_lock(&lgr->bufs_mutex);
	memset(buf->cpu_addr, 0, buf->len);
	buf->used = false;
	mutex_unlock(&lgr->bufs_mutex);
}

static void smc_lgr_free_bufs(struct smc_link_group *lgr)
{
	struct smc_buf_desc *buf, *tmp;
	int i;

	for (i = 0; i < SMC_BUF_CLASSES; i++) {
		list_for_each_entry_safe(buf, tmp, &lgr->rmbs[i], list) {
			list_del(&buf->list);
			smc_buf_free(lgr, buf, true);
		}
		list_for_each_entry_safe(buf, tmp, &lgr->sndbufs[i], list) {
			list_del(&buf->list);
			smc_buf_free(lgr, buf, false);
		}
	}
}

/* ---- rtokens: where the peer's RMBs are ------------------------------------ */

/* A peer's RMB as seen over @lnk: its row in lgr->rtokens, new or known */
int smc_rtoken_add(struct smc_link *lnk, u64 vaddr, u32 rkey)
{
	struct smc_link_group *lgr = lnk->lgr;
	u8 li = lnk->link_idx;
	int i, rc = -ENOSPC;

	write_lock_bh(&lgr->conns_lock);
	for (i = 0; i < SMC_RMBS_PER_LGR_MAX; i++) {
		if (test_bit(i, lgr->rtokens_used) &&
		    lgr->rtokens[i][li].rkey == rkey &&
		    lgr->rtokens[i][li].dma_addr == vaddr) {
			rc = i;		/* known already */
			goto out;
		}
	}
	i = find_first_zero_bit(lgr->rtokens_used, SMC_RMBS_PER_LGR_MAX);
	if (i < SMC_RMBS_PER_LGR_MAX) {
		set_bit(i, lgr->rtokens_used);
		lgr->rtokens[i][li].dma_addr = vaddr;
		lgr->rtokens[i][li].rkey = rkey;
		rc = i;
	}
out:
	write_unlock_bh(&lgr->conns_lock);
	return rc;
}

/* The peer's RMB known over @prim by @prim_rkey is reachable over @lnk at
 * @vaddr with @rkey.  -ENOENT when no such RMB is known.
 */
int smc_rtoken_set(struct smc_link *prim, struct smc_link *lnk,
		   u32 prim_rkey, u64 vaddr, u32 rkey)
{
	struct smc_link_group *lgr = lnk->lgr;
	int i, rc = -ENOENT;

	write_lock_bh(&lgr->conns_lock);
	for (i = 0; i < SMC_RMBS_PER_LGR_MAX; i++) {
		if (test_bit(i, lgr->rtokens_used) &&
		    lgr->rtokens[i][prim->link_idx].rkey == prim_rkey) {
			lgr->rtokens[i][lnk->link_idx].rkey = rkey;
			lgr->rtokens[i][lnk->link_idx].dma_addr = vaddr;
			rc = 0;
			break;
		}
	}
	write_unlock_bh(&lgr->conns_lock);
	return rc;
}

/* The peer's RMB with @rkey on @lnk is gone: on every link */
void smc_rtoken_delete_by_rkey(struct smc_link *lnk, u32 rkey)
{
	struct smc_link_group *lgr = lnk->lgr;
	u8 li = lnk->link_idx;
	int i;

	write_lock_bh(&lgr->conns_lock);
	for (i = 0; i < SMC_RMBS_PER_LGR_MAX; i++) {
		if (test_bit(i, lgr->rtokens_used) &&
		    lgr->rtokens[i][li].rkey == rkey) {
			clear_bit(i, lgr->rtokens_used);
			memset(lgr->rtokens[i], 0, sizeof(lgr->rtokens[i]));
		}
	}
	write_unlock_bh(&lgr->conns_lock);
}

/* ---- a second link ------------------------------------------------------- */

/* Set up a further link of @lgr on the device @ini names (its resources,
 * every buffer mapped on its device); not yet ready.  @link_id 0: a new
 * id (server), else the server's (client).  Caller holds the LLC local
 * flow of @lgr.
 */
int smcr_link_add(struct smc_link_group *lgr, struct smc_init_info *ini,
		  u8 link_id, struct smc_link **out)
{
	struct smc_link *lnk;
	int i, rc;

	for (i = 0; i < SMC_LINKS_PER_LGR_MAX; i++) {
		if (!smc_link_set_up(&lgr->lnk[i]) && !lgr->lnk[i].pd &&
		    !lgr->lnk[i].smcibdev)
			break;
	}
	if (i == SMC_LINKS_PER_LGR_MAX)
		return -ENOSPC;
	rc = smcr_link_init(lgr, i, link_id, ini);
	if (rc)
		return rc;
	lnk = &lgr->lnk[i];
	rc = smcr_link_map_bufs(lnk);
	if (rc) {
		smcr_link_remove(lnk);
		return rc;
	}
	*out = lnk;
	return 0;
}

/* Undo smcr_link_add() for a link that never became active (no
 * connection uses it).
 */
void smcr_link_remove(struct smc_link *lnk)
{
	struct smc_link_group *lgr = lnk->lgr;

	mutex_lock(&lgr->links_mutex);
	smcr_link_stop_traffic(lnk, _RET_IP_);
	mutex_unlock(&lgr->links_mutex);
	/* a failure of the new link alone does not end the link group */
	if (cancel_work_sync(&lnk->down_work))
		smc_lgr_put(lgr);
	mutex_lock(&lgr->links_mutex);
	smcr_link_clear(lnk);
	mutex_unlock(&lgr->links_mutex);
}

/* from the link's own down work: unlike smcr_link_remove(), no wait for it */
void smcr_link_teardown(struct smc_link *lnk)
{
	struct smc_link_group *lgr = lnk->lgr;

	mutex_lock(&lgr->links_mutex);
	smcr_link_stop_traffic(lnk, _RET_IP_);
	smcr_link_clear(lnk);
	mutex_unlock(&lgr->links_mutex);
}

/* Whether @conn can go on over @to: past its handshake (which uses the
 * connection's link), our buffers and the peer's RMB known over @to.
 * Caller holds lgr->conns_lock.
 */
static bool smc_conn_can_switch(struct smc_connection *conn,
				struct smc_link *to)
{
	struct smc_sock *smc = container_of(conn, struct smc_sock, conn);
	const struct smc_rtoken *rt;
	const struct smc_buf_map *map;
	u8 li = to->link_idx;

	if (READ_ONCE(smc->sk.sk_state) == SMC_INIT || !conn->rx_ready ||
	    conn->rtoken_idx < 0 || conn->rtoken_idx >= SMC_RMBS_PER_LGR_MAX ||
	    !conn->sndbuf_desc || !conn->rmb_desc)
		return false;
	rt = &conn->lgr->rtokens[conn->rtoken_idx][li];
	if (!rt->rkey && !rt->dma_addr)
		return false;
	if (!conn->rmb_desc->map[li].registered)
		return false;
	map = &conn->sndbuf_desc->map[li];
	return map->mapped && (!map->mr || map->registered);
}

/* @conn leaves its link for @to.  Writes announced by a CDC whose send did
 * not complete may never have arrived: the producer cursor goes back to
 * the last CDC confirmed, and the tx work writes the rest again.  The
 * RMBE space that this gives back is added, not set, as the receive path
 * adds what the peer consumed outside conn->lock.  Caller holds
 * lgr->conns_lock for writing and conn->lock.
 */
static void smc_conn_switch(struct smc_connection *conn, struct smc_link *to)
{
	u32 back;

	atomic_dec(&conn->lnk->conn_cnt);
	conn->lnk = to;
	atomic_inc(&to->conn_cnt);
	back = smc_curs_diff(conn->peer_rmbe_size, &conn->tx_prod_fin,
			     &conn->local_tx_ctrl.prod);
	conn->tx_curs_sent = conn->tx_curs_fin;
	conn->local_tx_ctrl.prod = conn->tx_prod_fin;
	atomic_add(back, &conn->peer_rmbe_space);
	conn->tx_failover = true;
}

int smcr_link_switch_conns(struct smc_link *from, struct smc_link *to)
{
	struct smc_link_group *lgr = from->lgr;
	struct smc_connection *conn;
	struct rb_node *node;
	int rc = 0;

	/* nothing is posted on @from any more, what is posted flushes */
	mutex_lock(&lgr->links_mutex);
	smcr_link_stop_traffic(from, _RET_IP_);
	mutex_unlock(&lgr->links_mutex);
	if (!smc_wr_tx_wait_idle(from, SMC_WR_TX_WAIT_TIME))
		return -ETIMEDOUT;

	write_lock_bh(&lgr->conns_lock);
	for (node = rb_first(&lgr->conns_all); node; node = rb_next(node)) {
		conn = rb_entry(node, struct smc_connection, alert_node);
		if (conn->lnk == from && !smc_conn_can_switch(conn, to)) {
			rc = -EBUSY;
			goto out;
		}
	}
	for (node = rb_first(&lgr->conns_all); node; node = rb_next(node)) {
		conn = rb_entry(node, struct smc_connection, alert_node);
		if (conn->lnk != from)
			continue;
		spin_lock(&conn->lock);
		smc_conn_switch(conn, to);
		spin_unlock(&conn->lock);
		/* smc_conn_free() unregisters first, then cancels it */
		mod_delayed_work(smc_close_wq, &conn->tx_work, 0);
	}
out:
	write_unlock_bh(&lgr->conns_lock);
	return rc;
}

/* The type netlink shows, from the links that are active */
void smcr_lgr_set_type(struct smc_link_group *lgr, enum smc_lgr_type type)
{
	WRITE_ONCE(lgr->type, type);
}

/* ---- connections ------------------------------------------------------------ */

static atomic_t smc_alert_token_next = ATOMIC_INIT(0);

/* Caller holds lgr->conns_lock for reading or writing. */
struct smc_connection *smc_lgr_find_conn(struct smc_link_group *lgr,
					 u32 token)
{
	struct rb_node *node = lgr->conns_all.rb_node;

	while (node) {
		struct smc_connection *cur =
			rb_entry(node, struct smc_connection, alert_node);

		if (token < cur->alert_token_local)
			node = node->rb_left;
		else if (token > cur->alert_token_local)
			node = node->rb_right;
		else
			return cur;
	}
	return NULL;
}

/* The link a new connection of @lgr sends on: the first usable one (with
 * one link per link group, the first link whatever its state)
 */
static struct smc_link *smc_lgr_conn_link(struct smc_link_group *lgr)
{
	return smc_lgr_next_link(lgr, NULL, true) ?: smc_lgr_first_link(lgr);
}

/* Caller holds lgr->conns_lock for writing. */
static void smc_lgr_register_conn(struct smc_link_group *lgr,
				  struct smc_connection *conn)
{
	struct rb_node **link = &lgr->conns_all.rb_node, *parent = NULL;

	/* the token identifies the connection in CDC messages: unique in
	 * the link group and never 0
	 */
	do {
		conn->alert_token_local =
			atomic_inc_return(&smc_alert_token_next);
	} while (!conn->alert_token_local ||
		 smc_lgr_find_conn(lgr, conn->alert_token_local));

	while (*link) {
		struct smc_connection *cur =
			rb_entry(*link, struct smc_connection, alert_node);

		parent = *link;
		if (conn->alert_token_local < cur->alert_token_local)
			link = &(*link)->rb_left;
		else
			link = &(*link)->rb_right;
	}
	rb_link_node(&conn->alert_node, parent, link);
	rb_insert_color(&conn->alert_node, &lgr->conns_all);
	lgr->conns_num++;
	conn->lgr = lgr;
	conn->lnk = smc_lgr_conn_link(lgr);
	atomic_inc(&conn->lnk->conn_cnt);
}

static void smc_lgr_unregister_conn(struct smc_connection *conn)
{
	struct smc_link_group *lgr = conn->lgr;

	write_lock_bh(&lgr->conns_lock);
	if (conn->alert_token_local) {
		rb_erase(&conn->alert_node, &lgr->conns_all);
		conn->alert_token_local = 0;
		lgr->conns_num--;
		atomic_dec(&conn->lnk->conn_cnt);
	}
	write_unlock_bh(&lgr->conns_lock);
}

void smc_lgr_hold(struct smc_link_group *lgr)
{
	refcount_inc(&lgr->refcnt);
}

static void smc_lgr_destroy(struct smc_link_group *lgr)
{
	int i;

	/* an LLC answer in progress still sends on the links */
	smc_llc_lgr_stop(lgr);
	/* buffers next: their memory regions belong to the links' PDs */
	smc_lgr_free_bufs(lgr);
	for (i = 0; i < SMC_LINKS_PER_LGR_MAX; i++)
		smcr_link_clear(&lgr->lnk[i]);
	smc_llc_lgr_clear(lgr);
	atomic_dec(&smc_net(lgr->net)->lgr_cnt);
	kfree(lgr);
	atomic_dec(&smc_lgr_list.count);
	/* module exit and namespace exit wait for their counts */
	wake_up(&smc_lgr_list.all_gone);
}

static void smc_lgr_destroy_work(struct work_struct *work)
{
	smc_lgr_destroy(container_of(work, struct smc_link_group,
				     destroy_work));
}

/* The last reference may go in a work item of the link group itself (LLC
 * receive, link down), which the destruction waits for: destroy elsewhere.
 */
void smc_lgr_put(struct smc_link_group *lgr)
{
	if (refcount_dec_and_test(&lgr->refcnt))
		queue_work(smc_lgr_wq, &lgr->destroy_work);
}

/* The linger time is over and nobody came back: end it in good order. */
static void smc_lgr_free_work(struct work_struct *work)
{
	struct smc_link_group *lgr = container_of(to_delayed_work(work),
						  struct smc_link_group,
						  free_work);
	struct smc_link *lnk;
	bool idle;

	spin_lock_bh(&smc_lgr_list.lock);
	read_lock_bh(&lgr->conns_lock);
	idle = !lgr->conns_num && !lgr->terminating && !lgr->freeing;
	read_unlock_bh(&lgr->conns_lock);
	if (idle) {
		lgr->freeing = true;
		list_del_init(&lgr->list);
	}
	spin_unlock_bh(&smc_lgr_list.lock);
	if (!idle)
		return;
	/* tell the peer, so it frees its side now rather than after its own
	 * linger time or a failed TEST LINK: once, over a link that works
	 */
	for (lnk = smc_lgr_next_link(lgr, NULL, false); lnk;
	     lnk = smc_lgr_next_link(lgr, lnk, false)) {
		if (READ_ONCE(lnk->qp_rts)) {
			smc_llc_send_delete_link_all(lnk, true,
						     SMC_LLC_DEL_PROG_INIT_TERM);
			break;
		}
	}
	smcr_lgr_stop_links(lgr, _THIS_IP_);
	smc_lgr_put(lgr);	/* the list's reference */
}

void smc_lgr_schedule_free(struct smc_link_group *lgr)
{
	unsigned long delay = lgr->role == SMC_SERV ? SMC_LGR_FREE_DELAY_SERV :
						      SMC_LGR_FREE_DELAY_CLNT;

	if (!lgr->terminating && !lgr->freeing)
		mod_delayed_work(smc_lgr_wq, &lgr->free_work, delay);
}

void smc_conn_free(struct smc_connection *conn)
{
	struct smc_sock *smc = container_of(conn, struct smc_sock, conn);
	struct smc_link_group *lgr = conn->lgr;
	struct net *net = sock_net(&smc->sk);
	bool last;

	if (!lgr || conn->freed)
		return;
	WRITE_ONCE(conn->freed, true);
	/* no new CDC is taken in, then none is sent */
	smc_lgr_unregister_conn(conn);
	cancel_delayed_work_sync(&conn->tx_work);
	smc_cdc_wait_pend_tx(conn);
	/* a completion that saw the connection before it was freed */
	cancel_delayed_work_sync(&conn->tx_work);
	smc_buf_release(net, lgr, conn->sndbuf_desc, false);
	smc_buf_release(net, lgr, conn->rmb_desc, true);
	conn->sndbuf_desc = NULL;
	conn->rmb_desc = NULL;
	read_lock_bh(&lgr->conns_lock);
	last = !lgr->conns_num;
	read_unlock_bh(&lgr->conns_lock);
	if (last)
		smc_lgr_schedule_free(lgr);
	/* readers that look at conn->lgr under conn->lock (diag) see it gone
	 * before the link group may go
	 */
	spin_lock_bh(&conn->lock);
	conn->lgr = NULL;
	conn->lnk = NULL;
	spin_unlock_bh(&conn->lock);
	smc_lgr_put(lgr);	/* taken in smc_conn_create() */
}

/* Stop all traffic of the link: the QP goes to error, waiters wake.  A link
 * that was up and not taken down by smcr_link_down() goes down here, for
 * the reason @location tells.
 */
static void smcr_link_stop_traffic(struct smc_link *lnk,
				   unsigned long location)
{
	struct ib_qp_attr attr = { .qp_state = IB_QPS_ERR };

	if (xchg(&lnk->qp_rts, false) && lnk->state == SMC_LNK_ACTIVE)
		trace_smcr_link_down(lnk, location);
	if (lnk->qp)
		ib_modify_qp(lnk->qp, &attr, IB_QP_STATE);
	lnk->state = SMC_LNK_INACTIVE;
	smc_wr_tx_wakeup(lnk);
}

/* Stop every link of @lgr: LLC and its QP */
static void smcr_lgr_stop_links(struct smc_link_group *lgr,
				unsigned long location)
{
	struct smc_link *lnk;

	mutex_lock(&lgr->links_mutex);
	for (lnk = smc_lgr_next_link(lgr, NULL, false); lnk;
	     lnk = smc_lgr_next_link(lgr, lnk, false)) {
		smc_llc_link_stop(lnk);
		smcr_link_stop_traffic(lnk, location);
	}
	mutex_unlock(&lgr->links_mutex);
}

/* The connection of @lgr with the lowest alert token above *@token, with a
 * hold on its socket and its token in *@token; NULL when there is none.
 */
static struct smc_connection *smc_lgr_hold_next_conn(struct smc_link_group *lgr,
						     u32 *token)
{
	struct smc_connection *conn, *next = NULL;
	struct rb_node *node;

	read_lock_bh(&lgr->conns_lock);
	node = lgr->conns_all.rb_node;
	while (node) {
		conn = rb_entry(node, struct smc_connection, alert_node);
		if (conn->alert_token_local > *token) {
			next = conn;
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	if (next) {
		*token = next->alert_token_local;
		sock_hold(&container_of(next, struct smc_sock, conn)->sk);
	}
	read_unlock_bh(&lgr->conns_lock);
	return next;
}

/* The first part of a soft end: every connection tells the peer of its
 * abort, in token order, while the connections stay in the tree.  Nothing
 * is freed here: freeing a connection waits for its CDC sends, and those
 * to a peer that no longer has the link group complete only once our
 * queue pair stops (Soft-RoCE retries for ever with retry_cnt 7).
 */
static void smc_lgr_tell_aborts(struct smc_link_group *lgr)
{
	struct smc_connection *conn;
	u32 token = 0;

	while ((conn = smc_lgr_hold_next_conn(lgr, &token))) {
		smc_conn_tell_abort(conn);
		sock_put(&container_of(conn, struct smc_sock, conn)->sk);
	}
}

/* End a link group abnormally: no new connections, the link stopped, every
 * connection of it aborted.  A @soft end is for a link that still works:
 * the connections first tell the peer of their abort over it.  The link
 * always stops before the connections are killed: killing one may free
 * it, which waits for its sends, and only a stopped queue pair completes
 * them all (a wait there with the link running held the termination, and
 * every release of a connection of the link group, for good).
 */
void smc_lgr_terminate(struct smc_link_group *lgr, bool soft)
{
	struct smc_connection *conn;
	struct smc_link *lnk;
	struct rb_node *node;
	struct smc_sock *smc;
	bool was_listed;

	spin_lock_bh(&smc_lgr_list.lock);
	if (lgr->terminating || lgr->freeing) {
		spin_unlock_bh(&smc_lgr_list.lock);
		return;
	}
	lgr->terminating = true;
	was_listed = !list_empty(&lgr->list);
	list_del_init(&lgr->list);
	spin_unlock_bh(&smc_lgr_list.lock);
	cancel_delayed_work(&lgr->free_work);

	if (soft) {
		smc_lgr_tell_aborts(lgr);
		/* the aborts go out before the queue pairs stop (bounded) */
		for (lnk = smc_lgr_next_link(lgr, NULL, false); lnk;
		     lnk = smc_lgr_next_link(lgr, lnk, false))
			smc_wr_tx_wait_idle(lnk, SMC_LGR_SOFT_END_WAIT);
	}
	smcr_lgr_stop_links(lgr, _RET_IP_);

	/* abort the connections; each one leaves the tree as it goes */
	write_lock_bh(&lgr->conns_lock);
	while ((node = rb_first(&lgr->conns_all))) {
		conn = rb_entry(node, struct smc_connection, alert_node);
		smc = container_of(conn, struct smc_sock, conn);
		sock_hold(&smc->sk);
		rb_erase(&conn->alert_node, &lgr->conns_all);
		RB_CLEAR_NODE(&conn->alert_node);
		conn->alert_token_local = 0;
		lgr->conns_num--;
		atomic_dec(&conn->lnk->conn_cnt);
		write_unlock_bh(&lgr->conns_lock);
		smc_conn_kill(conn);
		sock_put(&smc->sk);
		write_lock_bh(&lgr->conns_lock);
	}
	write_unlock_bh(&lgr->conns_lock);
	if (was_listed)
		smc_lgr_put(lgr);	/* the list's reference */
}

static void smc_lgr_terminate_work(struct work_struct *work)
{
	struct smc_link_group *lgr = container_of(work, struct smc_link_group,
						  terminate_work);

	smc_lgr_terminate(lgr, READ_ONCE(lgr->sync_err));
	smc_lgr_put(lgr);
}

static void smc_lgr_terminate_sched(struct smc_link_group *lgr)
{
	smc_lgr_hold(lgr);
	if (!queue_work(smc_lgr_wq, &lgr->terminate_work))
		smc_lgr_put(lgr);
}

/* Terminate every listed link group @match() selects. */
static void smc_lgr_terminate_matching(bool (*match)(struct smc_link_group *,
						     const void *),
				       const void *arg)
{
	struct smc_link_group *lgr;

	spin_lock_bh(&smc_lgr_list.lock);
	list_for_each_entry(lgr, &smc_lgr_list.list, list) {
		if (match(lgr, arg))
			smc_lgr_terminate_sched(lgr);
	}
	spin_unlock_bh(&smc_lgr_list.lock);
}

struct smc_port_ref {
	struct smc_ib_device	*smcibdev;
	u8			port;		/* 0: any */
};

/* The links of @lgr on the port go down, each as smcr_link_down() decides
 * (alone, or with their link group).  A link that was not sending (not yet
 * ready, or already down) ends its link group: nothing else would tear it
 * down, and the device's removal waits for it.
 */
static bool smc_lgr_links_on_port_down(struct smc_link_group *lgr,
				       const void *arg)
{
	const struct smc_port_ref *ref = arg;
	struct smc_link *lnk;

	for (lnk = smc_lgr_next_link(lgr, NULL, false); lnk;
	     lnk = smc_lgr_next_link(lgr, lnk, false)) {
		if (lnk->smcibdev == ref->smcibdev &&
		    (!ref->port || lnk->ibport == ref->port) &&
		    !smcr_link_down(lnk))
			return true;
	}
	return false;
}

void smcr_port_down(struct smc_ib_device *smcibdev, u8 port)
{
	struct smc_port_ref ref = { smcibdev, port };

	smc_lgr_terminate_matching(smc_lgr_links_on_port_down, &ref);
}

/* A port came up (or a device with it): link groups left with one link
 * try for a second one; which may use the port is found on the way.
 */
void smcr_port_add(struct smc_ib_device *smcibdev, u8 port)
{
	struct smc_link_group *lgr;

	spin_lock_bh(&smc_lgr_list.lock);
	list_for_each_entry(lgr, &smc_lgr_list.list, list) {
		if (!lgr->terminating && !lgr->freeing &&
		    READ_ONCE(lgr->type) == SMC_LGR_SINGLE)
			smc_llc_add_link_later(lgr);
	}
	spin_unlock_bh(&smc_lgr_list.lock);
}

/* Linux's "critical" device: losing it ends connections, as a link of a
 * link group without a second path (SINGLE, ASYMMETRIC_LOCAL) is on it.
 */
bool smcr_dev_critical(struct smc_ib_device *smcibdev)
{
	struct smc_link_group *lgr;
	enum smc_lgr_type type;
	bool critical = false;
	struct smc_link *lnk;

	spin_lock_bh(&smc_lgr_list.lock);
	list_for_each_entry(lgr, &smc_lgr_list.list, list) {
		type = READ_ONCE(lgr->type);
		if (type != SMC_LGR_SINGLE && type != SMC_LGR_ASYMMETRIC_LOCAL)
			continue;
		for (lnk = smc_lgr_next_link(lgr, NULL, true); lnk;
		     lnk = smc_lgr_next_link(lgr, lnk, true))
			critical |= READ_ONCE(lnk->smcibdev) == smcibdev;
		if (critical)
			break;
	}
	spin_unlock_bh(&smc_lgr_list.lock);
	return critical;
}

/* The device goes away: its links go down; remove waits for them. */
void smcr_terminate_device(struct smc_ib_device *smcibdev)
{
	struct smc_port_ref ref = { smcibdev, 0 };

	smc_lgr_terminate_matching(smc_lgr_links_on_port_down, &ref);
	flush_workqueue(smc_lgr_wq);
}

/* ---- link group creation and reuse ---------------------------------------- */

static int smc_lgr_create(struct smc_sock *smc, struct smc_init_info *ini)
{
	struct net *net = sock_net(&smc->sk);
	struct smc_link_group *lgr;
	struct smc_link *lnk;
	__be32 id;
	int i, rc;

	lgr = kzalloc(sizeof(*lgr), GFP_KERNEL);
	if (!lgr)
		return -ENOMEM;
	INIT_LIST_HEAD(&lgr->list);
	/* no reference: the namespace's exit ends its link groups first */
	lgr->net = net;
	atomic_inc(&smc_net(net)->lgr_cnt);
	lgr->role = smc->listen_smc ? SMC_SERV : SMC_CLNT;
	lgr->smc_version = ini->version;
	lgr->release = ini->release;
	lgr->max_conns = ini->max_conns ?: SMC_CONN_PER_LGR_MAX;
	lgr->max_links = ini->max_links ?: SMC_LINKS_PER_LGR_MAX;
	lgr->vlan_id = ini->ib.vlan_id;
	lgr->buf_type = smc_sysctl_smcr_buf_type(net);
	lgr->testlink_time = smc_sysctl_smcr_testlink_time(net);
	lgr->type = SMC_LGR_SINGLE;
	memcpy(lgr->peer_systemid, ini->peer_systemid,
	       SMC_CLC_SYSTEMID_LEN);
	memcpy(lgr->negotiated_eid, ini->negotiated_eid, SMC_CLC_EID_LEN);
	lgr->uses_gateway = ini->uses_gateway;
	memcpy(lgr->nexthop_mac, ini->nexthop_mac, ETH_ALEN);
	lgr->saddr = ini->route.saddr;
	lgr->conns_all = RB_ROOT;
	rwlock_init(&lgr->conns_lock);
	mutex_init(&lgr->bufs_mutex);
	mutex_init(&lgr->links_mutex);
	for (i = 0; i < SMC_BUF_CLASSES; i++) {
		INIT_LIST_HEAD(&lgr->sndbufs[i]);
		INIT_LIST_HEAD(&lgr->rmbs[i]);
	}
	refcount_set(&lgr->refcnt, 1);	/* the list's */
	INIT_DELAYED_WORK(&lgr->free_work, smc_lgr_free_work);
	INIT_WORK(&lgr->terminate_work, smc_lgr_terminate_work);
	INIT_WORK(&lgr->destroy_work, smc_lgr_destroy_work);
	for (i = 0; i < SMC_LINKS_PER_LGR_MAX; i++) {
		lgr->lnk[i].lgr = lgr;
		lgr->lnk[i].link_idx = i;
		init_waitqueue_head(&lgr->lnk[i].wr.tx_wait);
	}
	atomic_inc(&smc_lgr_list.count);

	rc = smc_llc_lgr_init(lgr);
	if (rc)
		goto err;
	rc = smcr_link_init(lgr, 0, 0, ini);
	if (rc)
		goto err;
	lnk = smc_lgr_first_link(lgr);
	/* shown by netlink; blank when the port has none */
	smc_pnet_ibport_id(net, lnk->smcibdev->ibdev->name, lnk->ibport,
			   lgr->pnet_id);

	spin_lock_bh(&smc_lgr_list.lock);
	/* the device's removal either finds the link group in the list or
	 * has set the flag before it walked the list
	 */
	if (READ_ONCE(lnk->smcibdev->going_away)) {
		spin_unlock_bh(&smc_lgr_list.lock);
		smc_lgr_destroy(lgr);
		return SMC_CLC_DECL_NOSMCRDEV;
	}
	id = cpu_to_be32(++smc_lgr_list.next_id);
	memcpy(lgr->id, &id, SMC_LGR_ID_SIZE);
	list_add(&lgr->list, &smc_lgr_list.list);
	spin_unlock_bh(&smc_lgr_list.lock);
	smc->conn.lgr = lgr;
	return 0;
err:
	smc_lgr_destroy(lgr);
	return rc == -ENOMEM ? SMC_CLC_DECL_MEM : SMC_CLC_DECL_INTERR;
}

/* An active link of @lgr to the peer's end that the handshake names */
static bool smcr_lgr_match_link(struct smc_link_group *lgr,
				struct smc_init_info *ini,
				enum smc_lgr_role role)
{
	struct smc_link *lnk;

	for (lnk = smc_lgr_next_link(lgr, NULL, false); lnk;
	     lnk = smc_lgr_next_link(lgr, lnk, false)) {
		if (lnk->state != SMC_LNK_ACTIVE ||
		    memcmp(lnk->peer_gid, ini->peer_gid, SMC_GID_SIZE))
			continue;
		if (ini->version == SMC_V1 &&
		    memcmp(lnk->peer_mac, ini->peer_mac, ETH_ALEN))
			continue;
		/* the client follows the server's choice of its QP */
		if (role == SMC_CLNT && lnk->peer_qpn != ini->peer_qpn)
			continue;
		return true;
	}
	return false;
}

static bool smcr_lgr_match(struct smc_link_group *lgr,
			   struct smc_init_info *ini,
			   enum smc_lgr_role role, struct net *net)
{
	if (lgr->role != role || lgr->terminating || lgr->freeing ||
	    READ_ONCE(lgr->sync_err) || !net_eq(lgr->net, net) ||
	    lgr->smc_version != ini->version ||
	    memcmp(lgr->peer_systemid, ini->peer_systemid,
		   SMC_CLC_SYSTEMID_LEN))
		return false;
	if (ini->version == SMC_V1 && lgr->vlan_id != ini->ib.vlan_id)
		return false;
	if (!smcr_lgr_match_link(lgr, ini, role))
		return false;
	return role == SMC_CLNT ||
	       (lgr->conns_num < lgr->max_conns &&
		!bitmap_full(lgr->rtokens_used, SMC_RMBS_PER_LGR_MAX));
}

/* Every attempt starts from a fresh connection: nothing of an earlier one
 * (a socket that connect()s again after AF_UNSPEC) may survive into the
 * link group, where the peer's CDC messages find it by its token.  Above
 * all rx_ready stays false until both buffers exist and the peer's RMBE is
 * known (smc_cdc_rx_ready()): until then a CDC message only waits.  The
 * earlier connection is freed and unregistered (smc_conn_free()); its
 * close work may still be queued and must not act on this one.
 */
static void smc_conn_reset(struct smc_sock *smc)
{
	struct smc_connection *conn = &smc->conn;

	flush_work(&conn->close_work);
	spin_lock_bh(&conn->lock);
	conn->alert_token_local = 0;
	conn->lgr = NULL;
	conn->lnk = NULL;
	conn->freed = false;
	conn->killed = false;
	conn->peer_rmbe_idx = 0;
	conn->peer_rmbe_size = 0;
	atomic_set(&conn->peer_rmbe_space, 0);
	conn->rtoken_idx = -1;
	conn->tx_off = 0;
	conn->sndbuf_desc = NULL;
	conn->rmb_desc = NULL;
	conn->rmbe_size_comp = 0;
	conn->rmbe_update_limit = 0;
	memset(&conn->local_tx_ctrl, 0, sizeof(conn->local_tx_ctrl));
	memset(&conn->local_rx_ctrl, 0, sizeof(conn->local_rx_ctrl));
	memset(&conn->tx_curs_prep, 0, sizeof(conn->tx_curs_prep));
	memset(&conn->tx_curs_sent, 0, sizeof(conn->tx_curs_sent));
	memset(&conn->tx_curs_fin, 0, sizeof(conn->tx_curs_fin));
	memset(&conn->rx_curs_confirmed, 0, sizeof(conn->rx_curs_confirmed));
	atomic_set(&conn->sndbuf_space, 0);
	atomic_set(&conn->bytes_to_rcv, 0);
	conn->tx_cdc_seq = 0;
	conn->tx_cdc_seq_fin = 0;
	memset(&conn->tx_prod_fin, 0, sizeof(conn->tx_prod_fin));
	memset(&conn->tx_prod_hi, 0, sizeof(conn->tx_prod_hi));
	conn->tx_failover = false;
	conn->tx_ctrl_pending = false;
	conn->tx_close_pending = 0;
	conn->rx_violation = false;
	conn->rx_ready = false;
	conn->rx_early_valid = false;
	memset(&conn->rx_early, 0, sizeof(conn->rx_early));
	conn->urg_state = SMC_URG_READ;
	conn->urg_mark = false;
	conn->urg_counted = false;
	memset(&conn->urg_curs, 0, sizeof(conn->urg_curs));
	conn->urg_rx_byte = 0;
	conn->urg_tx_pend = false;
	conn->tx_in_release = false;
	spin_unlock_bh(&conn->lock);
	smc->conn_tried = true;
}

/* Attach a connection to a link group: an existing one of the same peer,
 * or (first contact) a new one.  Returns 0, or a CLC decline code.
 */
int smc_conn_create(struct smc_sock *smc, struct smc_init_info *ini)
{
	enum smc_lgr_role role = smc->listen_smc ? SMC_SERV : SMC_CLNT;
	struct smc_connection *conn = &smc->conn;
	struct net *net = sock_net(&smc->sk);
	struct smc_link_group *lgr;
	int rc;

	ini->first_contact_local = true;
	smc_conn_reset(smc);
	/* before the connection is registered and CDC messages can come */
	smc_dump_conn_init(smc);
	if (role == SMC_SERV || !ini->first_contact_peer) {
		spin_lock_bh(&smc_lgr_list.lock);
		list_for_each_entry(lgr, &smc_lgr_list.list, list) {
			write_lock_bh(&lgr->conns_lock);
			if (smcr_lgr_match(lgr, ini, role, net)) {
				smc_lgr_register_conn(lgr, conn);
				write_unlock_bh(&lgr->conns_lock);
				smc_lgr_hold(lgr);
				cancel_delayed_work(&lgr->free_work);
				ini->first_contact_local = false;
				break;
			}
			write_unlock_bh(&lgr->conns_lock);
		}
		spin_unlock_bh(&smc_lgr_list.lock);
	}
	if (role == SMC_CLNT && !ini->first_contact_peer &&
	    ini->first_contact_local)
		return SMC_CLC_DECL_SYNCERR;	/* the server reused one */

	if (ini->first_contact_local) {
		rc = smc_lgr_create(smc, ini);
		if (rc)
			return rc;
		lgr = conn->lgr;
		write_lock_bh(&lgr->conns_lock);
		smc_lgr_register_conn(lgr, conn);
		write_unlock_bh(&lgr->conns_lock);
		smc_lgr_hold(lgr);
	}
	conn->freed = false;
	conn->killed = false;
	conn->local_tx_ctrl.token = 0;
	conn->urg_state = SMC_URG_READ;
	return 0;
}

/* A link group whose first contact failed is of no use to anybody. */
void smc_lgr_cleanup_early(struct smc_link_group *lgr)
{
	if (!lgr)
		return;
	smc_lgr_terminate(lgr, false);
}

/* The peer declined a connection of @lgr with the "out of sync" flag: it
 * has no such link group (a server reused one that the client had already
 * ended, or the other way round).  As Linux does, the link group is not
 * used again, and ended with its connections, each of which sends the
 * peer its abort first (a soft end): the link itself still works.
 */
void smc_lgr_peer_out_of_sync(struct smc_link_group *lgr)
{
	WRITE_ONCE(lgr->sync_err, true);
	smc_lgr_terminate_sched(lgr);
}

int smc_core_init(void)
{
	smc_close_wq = alloc_workqueue("smc_close_wq", 0, 0);
	if (!smc_close_wq)
		return -ENOMEM;
	smc_lgr_wq = alloc_workqueue("smc_lgr_wq", 0, 0);
	if (!smc_lgr_wq) {
		destroy_workqueue(smc_close_wq);
		return -ENOMEM;
	}
	return 0;
}

/* End the link groups of @net (all with NULL), which have no socket left
 * but may linger for reuse: now, in good order, instead of after their
 * linger time.  Returns when they are freed.
 */
static void smc_lgr_free_idle(struct net *net)
{
	struct smc_link_group *lgr;
	bool found;

	for (;;) {
		found = false;
		spin_lock_bh(&smc_lgr_list.lock);
		list_for_each_entry(lgr, &smc_lgr_list.list, list) {
			if (!net || net_eq(lgr->net, net)) {
				smc_lgr_hold(lgr);
				found = true;
				break;
			}
		}
		spin_unlock_bh(&smc_lgr_list.lock);
		if (!found)
			break;
		mod_delayed_work(smc_lgr_wq, &lgr->free_work, 0);
		flush_delayed_work(&lgr->free_work);
		/* not idle after all (cannot be, without sockets): end it */
		smc_lgr_terminate(lgr, false);
		smc_lgr_put(lgr);
	}
	/* those freeing already, or destroyed in a work item */
	if (net)
		wait_event(smc_lgr_list.all_gone,
			   !atomic_read(&smc_net(net)->lgr_cnt));
	else
		wait_event(smc_lgr_list.all_gone,
			   !atomic_read(&smc_lgr_list.count));
}

/* Module exit: no socket is left. */
void smc_core_free_all(void)
{
	smc_lgr_free_idle(NULL);
	flush_workqueue(smc_lgr_wq);
}

/* Namespace exit: no socket of it is left, its link groups (which hold no
 * reference on it) must go before it does.  At module exit, after
 * smc_core_free_all(), there are none.
 */
void smc_lgr_terminate_net(struct net *net)
{
	smc_lgr_free_idle(net);
}

/* After the IB client is gone: nothing can queue work any more */
void smc_core_exit(void)
{
	destroy_workqueue(smc_lgr_wq);
	destroy_workqueue(smc_close_wq);
}

/* ---- netlink dumps of link groups and links -------------------------------- */

/* An NLA_UINT: 32 bits when the value fits, as the kernel's nla_put_uint() */
static int smc_nla_put_uint(struct sk_buff *skb, int type, u64 val, int pad)
{
	if (val <= U32_MAX)
		return nla_put_u32(skb, type, (u32)val);
	return nla_put_u64_64bit(skb, type, val, pad);
}

/* GIDs in the notation Linux's dumps use */
static void smc_nl_gid(char *out, size_t len, const u8 *gid)
{
	const __be16 *g = (const __be16 *)gid;

	snprintf(out, len, "%04x:%04x:%04x:%04x:%04x:%04x:%04x:%04x",
		 be16_to_cpu(g[0]), be16_to_cpu(g[1]), be16_to_cpu(g[2]),
		 be16_to_cpu(g[3]), be16_to_cpu(g[4]), be16_to_cpu(g[5]),
		 be16_to_cpu(g[6]), be16_to_cpu(g[7]));
}

static int smc_nl_fill_lgr_v2(struct sk_buff *skb, struct smc_link_group *lgr)
{
	char buf[SMC_CLC_HOSTNAME_LEN + 1];
	struct nlattr *nest;

	nest = nla_nest_start(skb, SMC_NLA_LGR_R_V2_COMMON);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, SMC_NLA_LGR_V2_VER, lgr->smc_version) ||
	    nla_put_u8(skb, SMC_NLA_LGR_V2_REL, lgr->peer_release) ||
	    nla_put_u8(skb, SMC_NLA_LGR_V2_OS, lgr->peer_os))
		goto cancel;
	memcpy(buf, lgr->negotiated_eid, SMC_CLC_EID_LEN);
	buf[SMC_CLC_EID_LEN] = '\0';
	if (nla_put_string(skb, SMC_NLA_LGR_V2_NEG_EID, buf))
		goto cancel;
	memcpy(buf, lgr->peer_hostname, SMC_CLC_HOSTNAME_LEN);
	buf[SMC_CLC_HOSTNAME_LEN] = '\0';
	if (nla_put_string(skb, SMC_NLA_LGR_V2_PEER_HOST, buf))
		goto cancel;
	nla_nest_end(skb, nest);

	nest = nla_nest_start(skb, SMC_NLA_LGR_R_V2);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, SMC_NLA_LGR_R_V2_DIRECT, !lgr->uses_gateway) ||
	    nla_put_u8(skb, SMC_NLA_LGR_R_V2_MAX_CONNS, lgr->max_conns) ||
	    nla_put_u8(skb, SMC_NLA_LGR_R_V2_MAX_LINKS, lgr->max_links))
		goto cancel;
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int smc_nl_fill_lgr(struct sk_buff *skb, struct netlink_callback *cb,
			   struct smc_link_group *lgr)
{
	struct nlattr *attrs;
	void *hdr;
	u32 id;

	hdr = smc_nl_dump_hdr(skb, cb, SMC_NETLINK_GET_LGR_SMCR);
	if (!hdr)
		return -EMSGSIZE;
	attrs = nla_nest_start(skb, SMC_GEN_LGR_SMCR);
	if (!attrs)
		goto cancel;
	memcpy(&id, lgr->id, sizeof(id));
	read_lock_bh(&lgr->conns_lock);
	if (nla_put_u32(skb, SMC_NLA_LGR_R_ID, id) ||
	    nla_put_u32(skb, SMC_NLA_LGR_R_CONNS_NUM, lgr->conns_num) ||
	    nla_put_u8(skb, SMC_NLA_LGR_R_ROLE, lgr->role == SMC_SERV) ||
	    nla_put_u8(skb, SMC_NLA_LGR_R_TYPE, lgr->type) ||
	    nla_put_u8(skb, SMC_NLA_LGR_R_BUF_TYPE, lgr->buf_type) ||
	    nla_put_u8(skb, SMC_NLA_LGR_R_VLAN_ID, (u8)lgr->vlan_id) ||
	    nla_put_u64_64bit(skb, SMC_NLA_LGR_R_NET_COOKIE,
			      lgr->net->net_cookie,
			      SMC_NLA_LGR_R_PAD) ||
	    smc_nla_put_uint(skb, SMC_NLA_LGR_R_SNDBUF_ALLOC,
			     lgr->sndbuf_bytes, SMC_NLA_LGR_R_PAD) ||
	    smc_nla_put_uint(skb, SMC_NLA_LGR_R_RMB_ALLOC, lgr->rmb_bytes,
			     SMC_NLA_LGR_R_PAD) ||
	    nla_put_string(skb, SMC_NLA_LGR_R_PNETID, lgr->pnet_id)) {
		read_unlock_bh(&lgr->conns_lock);
		goto cancel;
	}
	read_unlock_bh(&lgr->conns_lock);
	if (lgr->smc_version == SMC_V2 && smc_nl_fill_lgr_v2(skb, lgr))
		goto cancel;
	nla_nest_end(skb, attrs);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int smc_nl_fill_link(struct sk_buff *skb, struct netlink_callback *cb,
			    struct smc_link *lnk)
{
	char gid[48];
	struct nlattr *attrs;
	void *hdr;
	u32 uid;

	hdr = smc_nl_dump_hdr(skb, cb, SMC_NETLINK_GET_LINK_SMCR);
	if (!hdr)
		return -EMSGSIZE;
	attrs = nla_nest_start(skb, SMC_GEN_LINK_SMCR);
	if (!attrs)
		goto cancel;
	if (nla_put_u8(skb, SMC_NLA_LINK_ID, lnk->link_id) ||
	    nla_put_u32(skb, SMC_NLA_LINK_STATE, lnk->state) ||
	    nla_put_u32(skb, SMC_NLA_LINK_CONN_CNT,
			atomic_read(&lnk->conn_cnt)) ||
	    nla_put_u8(skb, SMC_NLA_LINK_IB_PORT, lnk->ibport) ||
	    nla_put_string(skb, SMC_NLA_LINK_IB_DEV, lnk->ibname) ||
	    nla_put_u32(skb, SMC_NLA_LINK_NET_DEV, lnk->ndev_ifindex))
		goto cancel;
	memcpy(&uid, lnk->link_uid, sizeof(uid));
	if (nla_put_u32(skb, SMC_NLA_LINK_UID, uid))
		goto cancel;
	memcpy(&uid, lnk->peer_link_uid, sizeof(uid));
	if (nla_put_u32(skb, SMC_NLA_LINK_PEER_UID, uid))
		goto cancel;
	smc_nl_gid(gid, sizeof(gid), lnk->gid);
	if (nla_put_string(skb, SMC_NLA_LINK_GID, gid))
		goto cancel;
	smc_nl_gid(gid, sizeof(gid), lnk->peer_gid);
	if (nla_put_string(skb, SMC_NLA_LINK_PEER_GID, gid) ||
	    smc_erdma_nl_put_link(skb, lnk))
		goto cancel;
	nla_nest_end(skb, attrs);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* The link groups of the requester's namespace; with @links each is
 * followed by its link, as Linux's module does.  cb->args[0] counts the
 * link groups sent in earlier parts of the dump.
 */
static int smc_nl_dump_lgrs(struct sk_buff *skb, struct netlink_callback *cb,
			    bool links)
{
	struct net *net = sock_net(skb->sk);
	struct smc_link_group *lgr;
	long skip = cb->args[0], pos = 0;
	struct smc_link *lnk;
	unsigned char *mark;
	int rc;

	spin_lock_bh(&smc_lgr_list.lock);
	list_for_each_entry(lgr, &smc_lgr_list.list, list) {
		if (!net_eq(lgr->net, net))
			continue;
		if (pos++ < skip)
			continue;
		/* a link group goes whole with its links, or in the next
		 * part
		 */
		mark = skb_tail_pointer(skb);
		rc = smc_nl_fill_lgr(skb, cb, lgr);
		if (links && !rc) {
			for (lnk = smc_lgr_next_link(lgr, NULL, false); lnk;
			     lnk = smc_lgr_next_link(lgr, lnk, false)) {
				rc = smc_nl_fill_link(skb, cb, lnk);
				if (rc)
					break;
			}
		}
		if (rc) {
			nlmsg_trim(skb, mark);
			pos--;
			break;
		}
	}
	spin_unlock_bh(&smc_lgr_list.lock);
	cb->args[0] = pos;
	return skb->len;
}

int smc_nl_dump_lgr_smcr(struct sk_buff *skb, struct netlink_callback *cb)
{
	return smc_nl_dump_lgrs(skb, cb, false);
}

int smc_nl_dump_link_smcr(struct sk_buff *skb, struct netlink_callback *cb)
{
	return smc_nl_dump_lgrs(skb, cb, true);
}
