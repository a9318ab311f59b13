// SPDX-License-Identifier: GPL-2.0
/*
 * LLC messages of a link group.
 *
 * Received LLC messages are queued from the completion handler to a work
 * item and handled in process context, in arrival order.  A local request
 * (one at a time per link group) registers what it waits for before it
 * sends; the answer is handed to it, everything else is a request of the
 * peer and answered here.  After a first contact the server adds a second
 * link on an alternate device (ADD LINK, the rkeys, CONFIRM LINK over the
 * new link); without one it still offers a link, as Linux's module does
 * (its clients wait for that offer), and withdraws it when a client takes
 * it.  A client takes the server's ADD LINK in a work item of its own,
 * since the flow waits for further messages the receive work delivers.
 */

#define pr_fmt(fmt) "smc: " fmt

#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "smc.h"
#include "smc_core.h"
#include "smc_llc.h"
#include "smc_sysctl.h"
#include "smc_tracepoint.h"
#include "smc_wr.h"

/* LLC messages of a link group waiting for the receive work.  The peer
 * runs one flow at a time and waits for each answer, so a handful is all a
 * well-behaved one ever has queued; past the limit the link goes down
 * rather than the queue growing with the peer's sending rate.
 */
#define SMC_LLC_RX_QUEUE_MAX	64

struct smc_llc_qentry {
	struct list_head	list;
	struct smc_link		*lnk;
	u32			len;
	u8			buf[];
};

struct smc_llc_flow {
	struct smc_link_group	*lgr;
	spinlock_t		lock;		/* rx_queue, the wait fields */
	struct list_head	rx_queue;
	unsigned int		rx_queued;	/* entries in rx_queue */
	struct work_struct	rx_work;
	struct mutex		local_mutex;	/* one local request */
	wait_queue_head_t	wait;
	u8			wait_type;	/* 0: nobody waits */
	bool			wait_resp;
	struct smc_llc_qentry	*answer;
	struct smc_llc_qentry	*stash;		/* early CONFIRM LINK */
	bool			stopped;
	/* client: the server's ADD LINK, handled by add_work */
	struct work_struct	add_work;
	struct smc_llc_qentry	*add_req;
	/* a link group of one link tries for a second (readd_work holds a
	 * reference to the link group while queued)
	 */
	struct work_struct	readd_work;
};

static void smc_llc_cli_add_link_work(struct work_struct *work);
static bool smc_llc_cli_add_link_queue(struct smc_llc_flow *fl,
				       struct smc_llc_qentry *qe);

static void smc_llc_info_init(struct smc_link *lnk, struct smc_llc_info *info,
			      u8 type, u8 flags)
{
	memset(info, 0, sizeof(*info));
	info->type = type;
	info->version = lnk->lgr->smc_version == SMC_V2 ? SMC_V2 : SMC_V1;
	info->flags = flags;
}

/* Process context: may wait for a free send slot.  A message longer than
 * a slot (SMC-Rv2 only, e.g. an ADD LINK with its extension) goes out of
 * the link's v2 send buffer.
 */
static int smc_llc_send(struct smc_link *lnk, const struct smc_llc_info *info)
{
	struct smc_wr_tx_slot *slot;
	int len, rc;

	rc = smc_wr_tx_get_slot(lnk, NULL, &slot);
	if (rc)
		return rc;
	len = smc_llc_encode(slot->buf, SMC_WR_BUF_SIZE, info);
	if (len == -EMSGSIZE && info->version == SMC_V2) {
		smc_wr_tx_put_slot(lnk, slot);
		rc = smc_wr_tx_get_v2_slot(lnk, NULL, &slot);
		if (rc)
			return rc;
		len = smc_llc_encode(slot->buf, SMC_WR_BUF_V2_SIZE, info);
	}
	if (len < 0) {
		/* a message we built that the codec refuses is our bug; the
		 * peer would wait for it in vain
		 */
		pr_warn_ratelimited("LLC message type %u not sent: %d\n",
				    info->type, len);
		smc_wr_tx_put_slot(lnk, slot);
		return len;
	}
	smc_dump_llc(lnk, SMC_DUMP_DIR_TX, slot->buf, len);
	return smc_wr_tx_send(lnk, slot, len, NULL, 0);
}

/* ---- waiting for the peer ----------------------------------------------- */

static bool smc_llc_matches(const struct smc_llc_qentry *qe, u8 type,
			    bool resp)
{
	u8 t = qe->buf[0] & SMC_LLC_TYPE_MASK;
	bool r = qe->buf[3] & SMC_LLC_FLAG_RESP;

	return t == type && r == resp;
}

/* Register what the local request waits for; before it is sent. */
static void smc_llc_expect(struct smc_llc_flow *fl, u8 type, bool resp)
{
	spin_lock_bh(&fl->lock);
	fl->wait_type = type;
	fl->wait_resp = resp;
	fl->answer = NULL;
	if (fl->stash && smc_llc_matches(fl->stash, type, resp)) {
		fl->answer = fl->stash;
		fl->stash = NULL;
	}
	spin_unlock_bh(&fl->lock);
}

static struct smc_llc_qentry *smc_llc_await(struct smc_llc_flow *fl,
					    long timeo)
{
	struct smc_llc_qentry *qe;

	wait_event_timeout(fl->wait, READ_ONCE(fl->answer) ||
			   READ_ONCE(fl->stopped), timeo);
	spin_lock_bh(&fl->lock);
	qe = fl->answer;
	fl->answer = NULL;
	fl->wait_type = 0;
	spin_unlock_bh(&fl->lock);
	return qe;
}

/* ---- answering the peer's requests ------------------------------------- */

static void smc_llc_answer_add_link(struct smc_link *lnk,
				    const struct smc_llc_info *req)
{
	struct smc_llc_info rsp;

	smc_llc_info_init(lnk, &rsp, SMC_LLC_ADD_LINK,
			  SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_ADD_LNK_REJ);
	rsp.v2_be = req->v2_be;
	rsp.add_link = req->add_link;
	/* an echo of the request without its v2 extension */
	rsp.add_link.has_ext = false;
	rsp.add_link.v2_direct = false;
	memset(rsp.add_link.client_target_gid, 0,
	       sizeof(rsp.add_link.client_target_gid));
	rsp.add_link.num_rkeys = 0;
	rsp.add_link.rt_cnt = 0;
	rsp.add_link.rt = NULL;
	if (rsp.version == SMC_V1)
		rsp.add_link.rej_rsn = SMC_LLC_REJ_RSN_NO_ALT_PATH;
	smc_llc_send(lnk, &rsp);
}

static void smc_llc_answer_delete_link(struct smc_link *lnk,
				       const struct smc_llc_info *req)
{
	struct smc_link_group *lgr = lnk->lgr;
	struct smc_llc_info rsp;

	if (req->flags & SMC_LLC_FLAG_DEL_LINK_ALL) {
		/* the server confirms the end, the client just ends */
		if (lgr->role == SMC_SERV)
			smc_llc_send_delete_link_all(lnk, true,
						     req->delete_link.reason);
	} else {
		struct smc_link *del;

		for (del = smc_lgr_next_link(lgr, NULL, false); del;
		     del = smc_lgr_next_link(lgr, del, false)) {
			if (del->link_id == req->delete_link.link_num)
				break;
		}
		smc_llc_info_init(lnk, &rsp, SMC_LLC_DELETE_LINK,
				  SMC_LLC_FLAG_RESP |
				  (req->flags & SMC_LLC_FLAG_DEL_LINK_ORDERLY));
		rsp.v2_be = req->v2_be;
		rsp.delete_link.link_num = req->delete_link.link_num;
		rsp.delete_link.reason = del ? 0 : SMC_LLC_DEL_NOLNK;
		smc_llc_send(lnk, &rsp);
		if (!del)
			return;
		/* the peer ended it: it goes as a lost link, unannounced;
		 * the link group goes with it when it was the last one or
		 * connections use it
		 */
		WRITE_ONCE(del->peer_deleted, true);
		smcr_link_down(del);
		return;
	}
	/* our only link goes: so does the link group */
	smc_lgr_terminate(lgr, false);
}

/* The peer's new RMB: over @lnk, and over the links the further rtokens
 * name (by link id)
 */
static int smc_llc_save_confirm_rkey(struct smc_link *lnk,
				     const struct smc_llc_confirm_rkey_info *ck)
{
	struct smc_link_group *lgr = lnk->lgr;
	struct smc_link *other;
	u16 i;
	int idx;

	idx = smc_rtoken_add(lnk, ck->rmb_vaddr, ck->rmb_key);
	if (idx < 0)
		return idx;
	for (i = 0; i < ck->rtoken_cnt; i++) {
		for (other = smc_lgr_next_link(lgr, NULL, false); other;
		     other = smc_lgr_next_link(lgr, other, false)) {
			if (other == lnk ||
			    other->link_id != ck->rtoken[i].link_id)
				continue;
			smc_rtoken_set(lnk, other, ck->rmb_key,
				       be64_to_cpu(ck->rtoken[i].rmb_vaddr),
				       be32_to_cpu(ck->rtoken[i].rmb_key));
		}
	}
	return idx;
}

static void smc_llc_answer_confirm_rkey(struct smc_link *lnk,
					const struct smc_llc_info *req)
{
	const struct smc_llc_confirm_rkey_info *ck = &req->confirm_rkey;
	struct smc_llc_info rsp;
	u8 flags = SMC_LLC_FLAG_RESP;

	if (smc_llc_save_confirm_rkey(lnk, ck) < 0)
		flags |= SMC_LLC_FLAG_RKEY_NEG;
	smc_llc_info_init(lnk, &rsp, SMC_LLC_CONFIRM_RKEY, flags);
	rsp.v2_be = req->v2_be;
	/* the request echoed, the other links' rtokens included (as Linux
	 * answers): a count without them cannot be encoded, and with two
	 * links no answer went out at all
	 */
	rsp.confirm_rkey = *ck;
	smc_llc_send(lnk, &rsp);
}

static void smc_llc_answer_delete_rkey(struct smc_link *lnk,
				       const struct smc_llc_info *req)
{
	const struct smc_llc_delete_rkey_info *dk = &req->delete_rkey;
	struct smc_llc_info rsp;
	u16 i;

	for (i = 0; i < dk->rkey_cnt; i++)
		smc_rtoken_delete_by_rkey(lnk,
					  be32_to_cpu(dk->rkey[i].rkey));
	smc_llc_info_init(lnk, &rsp, SMC_LLC_DELETE_RKEY, SMC_LLC_FLAG_RESP);
	rsp.v2_be = req->v2_be;
	rsp.delete_rkey = *dk;
	rsp.delete_rkey.err_mask = 0;
	smc_llc_send(lnk, &rsp);
}

static void smc_llc_answer(struct smc_link *lnk, const struct smc_llc_info *in)
{
	struct smc_llc_info rsp;

	switch (in->type) {
	case SMC_LLC_TEST_LINK:
		smc_llc_info_init(lnk, &rsp, SMC_LLC_TEST_LINK,
				  SMC_LLC_FLAG_RESP);
		rsp.v2_be = in->v2_be;
		rsp.test_link = in->test_link;
		smc_llc_send(lnk, &rsp);
		break;
	case SMC_LLC_ADD_LINK:
		/* to a server, a client's invitation (its device came back):
		 * the server's own ADD LINK flow answers it, as Linux's does
		 */
		if (lnk->lgr->role == SMC_SERV)
			smc_llc_add_link_later(lnk->lgr);
		else
			smc_llc_answer_add_link(lnk, in);
		break;
	case SMC_LLC_REQ_ADD_LINK:
		/* a client's hint that it has another path */
		smc_llc_info_init(lnk, &rsp, SMC_LLC_REQ_ADD_LINK,
				  SMC_LLC_FLAG_RESP);
		rsp.v2_be = in->v2_be;
		smc_llc_send(lnk, &rsp);
		if (lnk->lgr->role == SMC_SERV)
			smc_llc_add_link_later(lnk->lgr);
		break;
	case SMC_LLC_DELETE_LINK:
		smc_llc_answer_delete_link(lnk, in);
		break;
	case SMC_LLC_CONFIRM_RKEY:
		smc_llc_answer_confirm_rkey(lnk, in);
		break;
	case SMC_LLC_DELETE_RKEY:
		smc_llc_answer_delete_rkey(lnk, in);
		break;
	default:
		/* continuation messages belong to multi-link flows */
		break;
	}
}

static void smc_llc_rx_work(struct work_struct *work)
{
	struct smc_llc_flow *fl = container_of(work, struct smc_llc_flow,
					       rx_work);
	struct smc_llc_qentry *qe;
	struct smc_llc_info info;

	for (;;) {
		spin_lock_bh(&fl->lock);
		qe = list_first_entry_or_null(&fl->rx_queue,
					      struct smc_llc_qentry, list);
		if (qe) {
			list_del(&qe->list);
			fl->rx_queued--;
		}
		if (qe && fl->wait_type && !fl->answer &&
		    smc_llc_matches(qe, fl->wait_type, fl->wait_resp)) {
			fl->answer = qe;
			spin_unlock_bh(&fl->lock);
			wake_up(&fl->wait);
			continue;
		}
		/* a CONFIRM LINK request can beat the client's wait for it */
		if (qe && smc_llc_matches(qe, SMC_LLC_CONFIRM_LINK, false) &&
		    !fl->stash) {
			fl->stash = qe;
			qe = NULL;
			spin_unlock_bh(&fl->lock);
			continue;
		}
		spin_unlock_bh(&fl->lock);
		if (!qe)
			break;
		if (smc_llc_matches(qe, SMC_LLC_ADD_LINK, false) &&
		    !fl->stopped && smc_llc_cli_add_link_queue(fl, qe))
			continue;
		if (!smc_llc_decode(qe->buf, qe->len, &info) &&
		    !(info.flags & SMC_LLC_FLAG_RESP) && !fl->stopped)
			smc_llc_answer(qe->lnk, &info);
		kfree(qe);
	}
}

/* Completion context: queue a copy for the work. */
void smc_llc_rx(struct smc_link *lnk, const u8 *buf, u32 len)
{
	struct smc_llc_flow *fl = lnk->lgr->llc;
	struct smc_llc_qentry *qe;
	int type = smc_llc_peek_type(buf, len);
	bool overflow = false;

	smc_dump_llc(lnk, SMC_DUMP_DIR_RX, buf, len);
	if (type < 0 || !fl || READ_ONCE(fl->stopped))
		return;
	qe = kmalloc(struct_size(qe, buf, len), GFP_ATOMIC);
	if (!qe)
		return;
	qe->lnk = lnk;
	qe->len = len;
	memcpy(qe->buf, buf, len);
	/* stopped is set under the lock: once smc_llc_lgr_stop() returns, no
	 * completion queues the work again
	 */
	spin_lock(&fl->lock);
	if (fl->stopped || fl->rx_queued >= SMC_LLC_RX_QUEUE_MAX) {
		/* a peer that keeps up its flows never gets that far ahead */
		if (!fl->stopped)
			overflow = true;
		spin_unlock(&fl->lock);
		kfree(qe);
		if (overflow)
			smcr_link_down(lnk);
		return;
	}
	fl->rx_queued++;
	list_add_tail(&qe->list, &fl->rx_queue);
	queue_work(system_wq, &fl->rx_work);
	spin_unlock(&fl->lock);
}

/* ---- local requests ------------------------------------------------------- */

static void smc_llc_confirm_link_info(struct smc_link *lnk,
				      struct smc_llc_info *info, bool resp)
{
	struct smc_link_group *lgr = lnk->lgr;
	struct smc_llc_confirm_link_info *cl = &info->confirm_link;

	smc_llc_info_init(lnk, info, SMC_LLC_CONFIRM_LINK,
			  SMC_LLC_FLAG_NO_RMBE_EYEC |
			  (resp ? SMC_LLC_FLAG_RESP : 0));
	memcpy(cl->sender_mac, lnk->smcibdev->port[lnk->ibport - 1].mac,
	       ETH_ALEN);
	memcpy(cl->sender_gid, lnk->gid, SMC_GID_SIZE);
	cl->sender_qpn = lnk->qp->qp_num;
	cl->link_num = lnk->link_id;
	memcpy(cl->link_uid, lnk->link_uid, SMC_LGR_ID_SIZE);
	cl->max_links = SMC_LINKS_PER_LGR_MAX;
	if (lgr->smc_version == SMC_V2 && lgr->peer_release >= SMC_RELEASE_1) {
		cl->max_links = lgr->max_links;
		cl->max_conns = lgr->max_conns;
	}
}

/* The peer must not expect an eyecatcher in our RMBE (RFC 7609 option). */
static int smc_llc_check_confirm_link(struct smc_link *lnk,
				      struct smc_llc_qentry *qe)
{
	struct smc_llc_info info;

	if (smc_llc_decode(qe->buf, qe->len, &info) ||
	    info.type != SMC_LLC_CONFIRM_LINK)
		return -EPROTO;
	if ((info.flags & SMC_LLC_FLAG_NO_RMBE_EYEC) !=
	    SMC_LLC_FLAG_NO_RMBE_EYEC)
		return -EOPNOTSUPP;
	memcpy(lnk->peer_link_uid, info.confirm_link.link_uid,
	       SMC_LGR_ID_SIZE);
	return 0;
}

/* Server, first contact: returns 0 or a CLC decline code. */
int smc_llc_srv_confirm_link(struct smc_link *lnk)
{
	struct smc_llc_flow *fl = lnk->lgr->llc;
	struct smc_llc_qentry *qe;
	struct smc_llc_info info;
	int rc;

	mutex_lock(&fl->local_mutex);
	smc_llc_expect(fl, SMC_LLC_CONFIRM_LINK, true);
	smc_llc_confirm_link_info(lnk, &info, false);
	rc = smc_llc_send(lnk, &info);
	qe = rc ? NULL : smc_llc_await(fl, SMC_LLC_WAIT_TIME);
	if (!qe)
		smc_llc_await(fl, 0);	/* nobody waits any more */
	mutex_unlock(&fl->local_mutex);
	if (!qe)
		return SMC_CLC_DECL_TIMEOUT_CL;
	rc = smc_llc_check_confirm_link(lnk, qe);
	kfree(qe);
	return rc ? SMC_CLC_DECL_RMBE_EC : 0;
}

/* Client, first contact: the server's request, before the QP sends. */
int smc_llc_clnt_wait_confirm_link(struct smc_link *lnk)
{
	struct smc_llc_flow *fl = lnk->lgr->llc;
	struct smc_llc_qentry *qe;
	int rc;

	mutex_lock(&fl->local_mutex);
	smc_llc_expect(fl, SMC_LLC_CONFIRM_LINK, false);
	/* twice the server's wait, so declines do not cross */
	qe = smc_llc_await(fl, 2 * SMC_LLC_WAIT_TIME);
	mutex_unlock(&fl->local_mutex);
	if (!qe)
		return SMC_CLC_DECL_TIMEOUT_CL;
	rc = smc_llc_check_confirm_link(lnk, qe);
	kfree(qe);
	return rc ? SMC_CLC_DECL_RMBE_EC : 0;
}

int smc_llc_clnt_confirm_link_resp(struct smc_link *lnk)
{
	struct smc_llc_info info;

	smc_llc_confirm_link_info(lnk, &info, true);
	return smc_llc_send(lnk, &info) ? SMC_CLC_DECL_TIMEOUT_CL : 0;
}

int smc_llc_confirm_rkey(struct smc_link *lnk, struct smc_buf_desc *rmb)
{
	struct smc_llc_rtoken rt[SMC_LINKS_PER_LGR_MAX - 1];
	struct smc_llc_flow *fl = lnk->lgr->llc;
	struct smc_llc_qentry *qe;
	struct smc_llc_info info;
	struct smc_link *other;
	int rc, n;

	mutex_lock(&fl->local_mutex);
	smc_llc_expect(fl, SMC_LLC_CONFIRM_RKEY, true);
	smc_llc_info_init(lnk, &info, SMC_LLC_CONFIRM_RKEY, 0);
	info.confirm_rkey.rmb_key = smcr_buf_rkey(lnk, rmb);
	info.confirm_rkey.rmb_vaddr = smcr_buf_dma_addr(lnk, rmb);
	/* and where it is over the other links */
	n = 0;
	for (other = smc_lgr_next_link(lnk->lgr, NULL, false); other;
	     other = smc_lgr_next_link(lnk->lgr, other, false)) {
		if (other == lnk || other->state != SMC_LNK_ACTIVE ||
		    n >= ARRAY_SIZE(rt))
			continue;
		rt[n].link_id = other->link_id;
		rt[n].rmb_key = cpu_to_be32(smcr_buf_rkey(other, rmb));
		rt[n].rmb_vaddr = cpu_to_be64(smcr_buf_dma_addr(other, rmb));
		n++;
	}
	info.confirm_rkey.num_rkeys = n;
	info.confirm_rkey.rtoken_cnt = n;
	info.confirm_rkey.rtoken = rt;
	rc = smc_llc_send(lnk, &info);
	qe = rc ? NULL : smc_llc_await(fl, SMC_LLC_WAIT_TIME);
	if (!qe)
		smc_llc_await(fl, 0);
	mutex_unlock(&fl->local_mutex);
	if (!qe)
		return -ETIMEDOUT;
	rc = qe->buf[3] & SMC_LLC_FLAG_RKEY_NEG ? -EINVAL : 0;
	kfree(qe);
	return rc;
}

/* ---- the second link offered at first contact -------------------------- */

/* Send @info and wait for the response of @type: the caller holds the
 * local mutex.  Returns the response or NULL.
 */
static struct smc_llc_qentry *smc_llc_request(struct smc_link *lnk,
					      const struct smc_llc_info *info,
					      u8 type)
{
	struct smc_llc_flow *fl = lnk->lgr->llc;
	struct smc_llc_qentry *qe;

	smc_llc_expect(fl, type, true);
	qe = smc_llc_send(lnk, info) ? NULL :
	     smc_llc_await(fl, SMC_LLC_WAIT_TIME);
	if (!qe)
		smc_llc_await(fl, 0);	/* nobody waits any more */
	return qe;
}

/* Over @lnk, the peer is asked to end link @link_num (a path lost or
 * never made); its answer only ends the wait
 */
static void smc_llc_request_delete_link(struct smc_link *lnk, u8 link_num)
{
	struct smc_llc_info info;

	smc_llc_info_init(lnk, &info, SMC_LLC_DELETE_LINK, 0);
	info.delete_link.link_num = link_num;
	info.delete_link.reason = SMC_LLC_DEL_LOST_PATH;
	kfree(smc_llc_request(lnk, &info, SMC_LLC_DELETE_LINK));
}

/* The offer: an asymmetric link on the device of @lnk.  No queue pair is
 * made for it: a client sets up its side only as far as RTR before the
 * CONFIRM LINK over the new link, which never comes (see below), so
 * nothing is ever sent to the number named here.  SMC-Rv2 adds the
 * extension: the path (direct or via a gateway), the GID of our new link
 * and the rkeys of our RMBs on it, none since none is registered there.
 */
static void smc_llc_add_link_offer(struct smc_link *lnk, u8 link_num,
				   struct smc_llc_info *info)
{
	struct smc_llc_add_link_info *al = &info->add_link;

	smc_llc_info_init(lnk, info, SMC_LLC_ADD_LINK, 0);
	memcpy(al->sender_mac, lnk->smcibdev->port[lnk->ibport - 1].mac,
	       ETH_ALEN);
	memcpy(al->sender_gid, lnk->gid, SMC_GID_SIZE);
	al->sender_qpn = lnk->qp->qp_num;
	al->link_num = link_num;
	al->qp_mtu = lnk->path_mtu;
	al->initial_psn = lnk->psn_initial;
	if (info->version == SMC_V2) {
		al->has_ext = true;
		al->v2_direct = !lnk->lgr->uses_gateway;
		memcpy(al->client_target_gid, lnk->gid, SMC_GID_SIZE);
	}
}

/* The client took the offer and set up its side of link @link_num: end
 * that link again the way Linux's server ends a second link it cannot
 * confirm.  For v1 the rkey exchange (ADD LINK CONT both ways) comes
 * first; in v2 the rkeys came with the ADD LINKs.  So the client waits
 * for the CONFIRM LINK when the DELETE LINK arrives: it then answers it,
 * frees its new link and sends a late ADD LINK reject, which nobody waits
 * for.  The first link stays.
 */
static void smc_llc_add_link_withdraw(struct smc_link *lnk, u8 link_num)
{
	int rounds = lnk->lgr->smc_version == SMC_V1 ? SMC_LLC_RKEYS_MAX_V2 :
						       0;
	struct smc_llc_qentry *qe;
	struct smc_llc_info info, in;
	int rc;

	while (rounds-- > 0) {
		/* our RMBs are not on the new link: none to announce */
		smc_llc_info_init(lnk, &info, SMC_LLC_ADD_LINK_CONT, 0);
		info.add_link_cont.link_num = link_num;
		qe = smc_llc_request(lnk, &info, SMC_LLC_ADD_LINK_CONT);
		if (!qe)
			return;	/* the client gave up and freed the link */
		rc = smc_llc_decode(qe->buf, qe->len, &in);
		kfree(qe);
		/* num_rkeys counts this message's rkeys and those to come */
		if (rc ||
		    in.add_link_cont.num_rkeys <= SMC_LLC_RKEYS_PER_CONT_MSG)
			break;
	}
	smc_llc_request_delete_link(lnk, link_num);
}

/* ---- a second link: ADD LINK, the rkey exchange, CONFIRM LINK ----------- */

/* The rkeys of our RMBs that the peer knows, on @prim and on @lnk */
struct smc_llc_rt_list {
	struct smc_link		*prim;
	struct smc_link		*lnk;
	struct smc_llc_rt	*rt;
	u16			cnt;
};

static int smc_llc_rt_add(struct smc_buf_desc *rmb, void *arg)
{
	struct smc_llc_rt_list *l = arg;
	struct smc_llc_rt *rt;

	if (!rmb->rkey_confirmed || l->cnt >= SMC_LLC_RKEYS_MAX_V2)
		return 0;
	rt = &l->rt[l->cnt++];
	rt->rmb_key = cpu_to_be32(smcr_buf_rkey(l->prim, rmb));
	rt->rmb_key_new = cpu_to_be32(smcr_buf_rkey(l->lnk, rmb));
	rt->rmb_vaddr_new = cpu_to_be64(smcr_buf_dma_addr(l->lnk, rmb));
	return 0;
}

static int smc_llc_rt_list(struct smc_link *prim, struct smc_link *lnk,
			   struct smc_llc_rt_list *l)
{
	l->prim = prim;
	l->lnk = lnk;
	l->cnt = 0;
	l->rt = kcalloc(SMC_LLC_RKEYS_MAX_V2, sizeof(*l->rt), GFP_KERNEL);
	if (!l->rt)
		return -ENOMEM;
	return smcr_lgr_walk_rmbs(prim->lgr, smc_llc_rt_add, l);
}

/* The peer's RMBs over the new link @lnk, by their rkeys on @prim */
static void smc_llc_rt_save(struct smc_link *prim, struct smc_link *lnk,
			    const struct smc_llc_rt *rt, u16 cnt)
{
	u16 i;

	for (i = 0; i < cnt; i++)
		smc_rtoken_set(prim, lnk, be32_to_cpu(rt[i].rmb_key),
			       be64_to_cpu(rt[i].rmb_vaddr_new),
			       be32_to_cpu(rt[i].rmb_key_new));
}

/* ADD LINK over @prim describing our end of @lnk; v2 carries @l's rkeys */
static void smc_llc_add_link_info(struct smc_link *prim, struct smc_link *lnk,
				  bool resp, const struct smc_llc_rt_list *l,
				  struct smc_llc_info *info)
{
	struct smc_llc_add_link_info *al = &info->add_link;

	smc_llc_info_init(prim, info, SMC_LLC_ADD_LINK,
			  resp ? SMC_LLC_FLAG_RESP : 0);
	memcpy(al->sender_mac, lnk->smcibdev->port[lnk->ibport - 1].mac,
	       ETH_ALEN);
	memcpy(al->sender_gid, lnk->gid, SMC_GID_SIZE);
	al->sender_qpn = lnk->qp->qp_num;
	al->link_num = lnk->link_id;
	al->qp_mtu = resp ? min(lnk->path_mtu, lnk->peer_mtu) : lnk->path_mtu;
	al->initial_psn = lnk->psn_initial;
	if (info->version == SMC_V2) {
		al->has_ext = true;
		al->v2_direct = !prim->lgr->uses_gateway;
		memcpy(al->client_target_gid, lnk->gid, SMC_GID_SIZE);
		al->num_rkeys = l->cnt;
		al->rt_cnt = l->cnt;
		al->rt = l->rt;
	}
}

static void smc_llc_save_peer_link(struct smc_link *lnk,
				   const struct smc_llc_add_link_info *al)
{
	lnk->peer_qpn = al->sender_qpn;
	lnk->peer_psn = al->initial_psn;
	lnk->peer_mtu = (enum ib_mtu)al->qp_mtu;
	memcpy(lnk->peer_gid, al->sender_gid, SMC_GID_SIZE);
	memcpy(lnk->peer_mac, al->sender_mac, ETH_ALEN);
}

/* The ids of the links the peer knows, for smc_llc_add_link_check() */
static void smc_llc_add_link_ctx(struct smc_link_group *lgr,
				 struct smc_link *skip,
				 struct smc_llc_add_link_ctx *ctx)
{
	struct smc_link *lnk;

	ctx->link_cnt = 0;
	for (lnk = smc_lgr_next_link(lgr, NULL, false); lnk;
	     lnk = smc_lgr_next_link(lgr, lnk, false)) {
		if (lnk != skip && ctx->link_cnt < ARRAY_SIZE(ctx->link_ids))
			ctx->link_ids[ctx->link_cnt++] = lnk->link_id;
	}
}

/* SMC-Rv1: the rkeys go in ADD LINK CONT messages, two at a time, the
 * server's first, each answered by the client's, until both sides have
 * sent all of theirs.  Caller holds the local mutex.
 */

/* Our next ADD LINK CONT for @lnk: up to two of @l's rkeys from *@sent */
static void smc_llc_add_link_cont_info(struct smc_link *prim,
				       struct smc_link *lnk,
				       const struct smc_llc_rt_list *l,
				       u16 *sent, struct smc_llc_info *info)
{
	u8 n = min_t(u16, l->cnt - *sent, SMC_LLC_RKEYS_PER_CONT_MSG);

	smc_llc_info_init(prim, info, SMC_LLC_ADD_LINK_CONT,
			  prim->lgr->role == SMC_CLNT ? SMC_LLC_FLAG_RESP : 0);
	info->add_link_cont.link_num = lnk->link_id;
	info->add_link_cont.num_rkeys = l->cnt - *sent;
	info->add_link_cont.rt_cnt = n;
	info->add_link_cont.rt = l->rt + *sent;
	*sent += n;
}

/* The peer's ADD LINK CONT @qe (freed): saved; *@todo what it has left */
static int smc_llc_add_link_cont_save(struct smc_link *prim,
				      struct smc_link *lnk,
				      struct smc_llc_qentry *qe, u16 *todo)
{
	struct smc_llc_info in;
	int rc;

	rc = smc_llc_decode(qe->buf, qe->len, &in);
	if (!rc && (in.type != SMC_LLC_ADD_LINK_CONT ||
		    in.add_link_cont.link_num != lnk->link_id))
		rc = -EPROTO;
	if (!rc) {
		smc_llc_rt_save(prim, lnk, in.add_link_cont.rt,
				in.add_link_cont.rt_cnt);
		*todo = in.add_link_cont.num_rkeys - in.add_link_cont.rt_cnt;
	}
	kfree(qe);
	return rc;
}

static int smc_llc_srv_rkey_exchange(struct smc_link *prim,
				     struct smc_link *lnk,
				     const struct smc_llc_rt_list *l)
{
	int rounds = SMC_LLC_RKEYS_MAX_V2, rc;
	struct smc_llc_qentry *qe;
	struct smc_llc_info info;
	u16 sent = 0, todo = 1;

	while (sent < l->cnt || todo) {
		if (rounds-- <= 0)
			return -EPROTO;
		smc_llc_add_link_cont_info(prim, lnk, l, &sent, &info);
		qe = smc_llc_request(prim, &info, SMC_LLC_ADD_LINK_CONT);
		if (!qe)
			return -ETIMEDOUT;
		rc = smc_llc_add_link_cont_save(prim, lnk, qe, &todo);
		if (rc)
			return rc;
	}
	return 0;
}

/* The client: the caller expects the server's first ADD LINK CONT since
 * before its ADD LINK response went out
 */
static int smc_llc_cli_rkey_exchange(struct smc_link *prim,
				     struct smc_link *lnk,
				     const struct smc_llc_rt_list *l)
{
	struct smc_llc_flow *fl = prim->lgr->llc;
	int rounds = SMC_LLC_RKEYS_MAX_V2, rc;
	struct smc_llc_qentry *qe;
	struct smc_llc_info info;
	u16 sent = 0, todo = 1;

	while (sent < l->cnt || todo) {
		if (rounds-- <= 0)
			return -EPROTO;
		qe = smc_llc_await(fl, SMC_LLC_WAIT_TIME);
		if (!qe)
			return -ETIMEDOUT;
		rc = smc_llc_add_link_cont_save(prim, lnk, qe, &todo);
		if (rc)
			return rc;
		smc_llc_add_link_cont_info(prim, lnk, l, &sent, &info);
		/* the server answers while either side has rkeys left */
		if (sent < l->cnt || todo)
			smc_llc_expect(fl, SMC_LLC_ADD_LINK_CONT, false);
		rc = smc_llc_send(prim, &info);
		if (rc)
			return rc;
	}
	return 0;
}

/* The links of @lgr are on different devices on both sides, or not */
static enum smc_lgr_type smc_llc_new_type(struct smc_link *prim,
					  struct smc_link *lnk)
{
	if (!memcmp(prim->peer_gid, lnk->peer_gid, SMC_GID_SIZE))
		return SMC_LGR_ASYMMETRIC_PEER;
	return SMC_LGR_SYMMETRIC;
}

/* An alternate device for a second link beside @prim, held; or -ENODEV */
static int smc_llc_find_alt(struct smc_link *prim, struct smc_init_info *ini)
{
	struct smc_link_group *lgr = prim->lgr;

	memset(ini, 0, sizeof(*ini));
	ini->version = lgr->smc_version;
	ini->route.net = lgr->net;
	ini->route.vlan_id = lgr->vlan_id;
	ini->route.saddr = lgr->saddr;
	return smc_ib_find_alt_device(&ini->route, lgr->smc_version == SMC_V2,
				      lgr->pnet_id, prim->smcibdev, &ini->ib);
}

/* Server: a second link on the alternate device of @ini, offered over
 * @prim; 0 when it is active.  *@offered tells whether the ADD LINK went
 * out, which a Linux client waits for.  Caller holds the local mutex.
 */
static int smc_llc_srv_add_link(struct smc_link *prim,
				struct smc_init_info *ini, bool *offered)
{
	struct smc_link_group *lgr = prim->lgr;
	struct smc_llc_flow *fl = lgr->llc;
	struct smc_llc_add_link_ctx ctx = { .resp = true };
	struct smc_llc_rt_list l = {};
	struct smc_llc_info info, in;
	struct smc_link *lnk = NULL;
	struct smc_llc_qentry *qe;
	int rc;

	*offered = false;
	rc = smcr_link_add(lgr, ini, 0, &lnk);
	if (rc)
		return rc;
	rc = smc_llc_rt_list(prim, lnk, &l);
	if (rc)
		goto err;
	smc_llc_add_link_info(prim, lnk, false, &l, &info);
	*offered = true;
	qe = smc_llc_request(prim, &info, SMC_LLC_ADD_LINK);
	if (!qe) {
		rc = -ETIMEDOUT;
		goto err;
	}
	ctx.req_link = lnk->link_id;
	rc = smc_llc_decode(qe->buf, qe->len, &in);
	if (!rc && (in.flags & SMC_LLC_FLAG_ADD_LNK_REJ))
		rc = -ENOLINK;
	if (!rc)
		rc = smc_llc_add_link_check(&in, &ctx);
	if (!rc) {
		smc_llc_save_peer_link(lnk, &in.add_link);
		if (in.version == SMC_V2)
			smc_llc_rt_save(prim, lnk, in.add_link.rt,
					in.add_link.rt_cnt);
	}
	kfree(qe);
	if (rc)
		goto err;
	rc = smcr_link_ready(lnk);
	if (!rc)
		rc = smcr_link_reg_bufs(lnk);
	if (!rc && lgr->smc_version == SMC_V1)
		rc = smc_llc_srv_rkey_exchange(prim, lnk, &l);
	if (rc)
		goto err_del;
	/* CONFIRM LINK over the new link */
	smc_llc_expect(fl, SMC_LLC_CONFIRM_LINK, true);
	smc_llc_confirm_link_info(lnk, &info, false);
	qe = smc_llc_send(lnk, &info) ? NULL :
	     smc_llc_await(fl, SMC_LLC_WAIT_TIME);
	if (!qe)
		smc_llc_await(fl, 0);
	rc = qe ? smc_llc_check_confirm_link(lnk, qe) : -ETIMEDOUT;
	kfree(qe);
	if (rc)
		goto err_del;
	smc_llc_link_active(lnk);
	smcr_lgr_set_type(lgr, smc_llc_new_type(prim, lnk));
	kfree(l.rt);
	return 0;
err_del:
	smc_llc_request_delete_link(prim, lnk->link_id);
err:
	kfree(l.rt);
	smcr_link_remove(lnk);
	return rc;
}

/* Client: the server's ADD LINK @qe; 0 when the new link is active.
 * Caller holds the local mutex.
 */
static int smc_llc_cli_add_link(struct smc_link *prim,
				struct smc_llc_qentry *qe)
{
	struct smc_link_group *lgr = prim->lgr;
	struct smc_llc_flow *fl = lgr->llc;
	struct smc_llc_add_link_ctx ctx = { .resp = false };
	struct smc_llc_rt_list l = {};
	struct smc_llc_info in, info;
	struct smc_link *lnk = NULL;
	struct smc_init_info *ini;
	struct smc_llc_qentry *cl;
	int rc;

	rc = smc_llc_decode(qe->buf, qe->len, &in);
	if (rc)
		return rc;
	smc_llc_add_link_ctx(lgr, NULL, &ctx);
	rc = smc_llc_add_link_check(&in, &ctx);
	if (rc)
		return rc;
	ini = kzalloc(sizeof(*ini), GFP_KERNEL);
	if (!ini)
		return -ENOMEM;
	rc = smc_llc_find_alt(prim, ini);
	if (rc) {
		kfree(ini);
		return rc;	/* asymmetric links: not yet */
	}
	memcpy(ini->peer_gid, in.add_link.sender_gid, SMC_GID_SIZE);
	rc = smcr_link_add(lgr, ini, in.add_link.link_num, &lnk);
	smc_ib_device_put(ini->ib.smcibdev);
	kfree(ini);
	if (rc)
		return rc;
	smc_llc_save_peer_link(lnk, &in.add_link);
	rc = smcr_link_ready(lnk);
	if (!rc)
		rc = smc_llc_rt_list(prim, lnk, &l);
	if (rc)
		goto err;
	if (in.version == SMC_V2)
		smc_llc_rt_save(prim, lnk, in.add_link.rt, in.add_link.rt_cnt);
	smc_llc_add_link_info(prim, lnk, true, &l, &info);
	/* what the server sends next: the first ADD LINK CONT (v1) or the
	 * CONFIRM LINK over the new link
	 */
	smc_llc_expect(fl, lgr->smc_version == SMC_V1 ?
		       SMC_LLC_ADD_LINK_CONT : SMC_LLC_CONFIRM_LINK, false);
	rc = smc_llc_send(prim, &info);
	if (!rc && lgr->smc_version == SMC_V1) {
		rc = smc_llc_cli_rkey_exchange(prim, lnk, &l);
		/* a CONFIRM LINK before this wait is stashed */
		if (!rc)
			smc_llc_expect(fl, SMC_LLC_CONFIRM_LINK, false);
	}
	if (rc) {
		smc_llc_await(fl, 0);	/* nobody waits any more */
		goto err;
	}
	cl = smc_llc_await(fl, 2 * SMC_LLC_WAIT_TIME);
	rc = cl ? smc_llc_check_confirm_link(lnk, cl) : -ETIMEDOUT;
	kfree(cl);
	if (!rc)
		rc = smcr_link_rts(lnk);
	if (!rc)
		rc = smcr_link_reg_bufs(lnk);
	if (!rc) {
		smc_llc_confirm_link_info(lnk, &info, true);
		rc = smc_llc_send(lnk, &info);
	}
	if (rc)
		goto err;
	smc_llc_link_active(lnk);
	smcr_lgr_set_type(lgr, smc_llc_new_type(prim, lnk));
	kfree(l.rt);
	return 0;
err:
	kfree(l.rt);
	smcr_link_remove(lnk);
	return rc;
}

/* rx work: an ADD LINK request to a client that may add a link goes to
 * the add work, which can wait for the rest of the flow
 */
static bool smc_llc_cli_add_link_queue(struct smc_llc_flow *fl,
				       struct smc_llc_qentry *qe)
{
	struct smc_link_group *lgr = fl->lgr;
	bool taken = false;

	if (lgr->role != SMC_CLNT || lgr->max_links < 2 ||
	    smc_sysctl_max_links_per_lgr(lgr->net) < 2 ||
	    !smc_lgr_next_link(lgr, NULL, false) ||
	    smc_lgr_next_link(lgr, smc_lgr_next_link(lgr, NULL, false),
			      false))
		return false;
	spin_lock_bh(&fl->lock);
	if (!fl->add_req && !fl->stopped) {
		fl->add_req = qe;
		taken = true;
	}
	spin_unlock_bh(&fl->lock);
	if (taken)
		queue_work(system_wq, &fl->add_work);
	return taken;
}

static void smc_llc_cli_add_link_work(struct work_struct *work)
{
	struct smc_llc_flow *fl = container_of(work, struct smc_llc_flow,
					       add_work);
	struct smc_llc_qentry *qe;
	struct smc_llc_info in;

	spin_lock_bh(&fl->lock);
	qe = fl->add_req;
	spin_unlock_bh(&fl->lock);
	if (!qe)
		return;
	mutex_lock(&fl->local_mutex);
	if (fl->stopped || smc_llc_cli_add_link(qe->lnk, qe)) {
		/* as Linux's client: a reject, also after a failed flow */
		if (!fl->stopped && !smc_llc_decode(qe->buf, qe->len, &in))
			smc_llc_answer_add_link(qe->lnk, &in);
	}
	mutex_unlock(&fl->local_mutex);
	spin_lock_bh(&fl->lock);
	fl->add_req = NULL;
	spin_unlock_bh(&fl->lock);
	kfree(qe);
}

/* Server, first contact, once the first link is active: Linux's clients
 * wait for an ADD LINK (SMC-Rv1 and v2.0 always, v2.1 when both allow two
 * links) and go on with one link only seconds later.  The client rejects
 * the offer when it has no other device; otherwise it is withdrawn.
 */
void smc_llc_srv_add_link_first(struct smc_link *lnk)
{
	struct smc_link_group *lgr = lnk->lgr;
	struct smc_llc_flow *fl = lgr->llc;
	u8 link_num = lnk->link_id + 1;
	struct smc_init_info ini;
	struct smc_llc_qentry *qe;
	struct smc_llc_info info;
	bool offered = false;
	int rc;

	if (lgr->max_links < 2 ||
	    smc_sysctl_max_links_per_lgr(lgr->net) < 2)
		return;
	mutex_lock(&fl->local_mutex);
	/* a device that came up meanwhile gave it a second link already */
	if (smc_lgr_next_link(lgr, lnk, false)) {
		mutex_unlock(&fl->local_mutex);
		return;
	}
	if (!smc_llc_find_alt(lnk, &ini)) {
		rc = smc_llc_srv_add_link(lnk, &ini, &offered);
		smc_ib_device_put(ini.ib.smcibdev);
		if (rc)
			pr_debug("no second link: %d\n", rc);
	}
	/* once offered, a failed flow was ended with the client; else the
	 * client still waits for an ADD LINK: the offer it rejects
	 */
	if (offered) {
		mutex_unlock(&fl->local_mutex);
		return;
	}
	smc_llc_add_link_offer(lnk, link_num, &info);
	qe = smc_llc_request(lnk, &info, SMC_LLC_ADD_LINK);
	/* no answer: the client gave up on the link by itself */
	if (qe && !(qe->buf[3] & SMC_LLC_FLAG_ADD_LNK_REJ))
		smc_llc_add_link_withdraw(lnk, link_num);
	kfree(qe);
	mutex_unlock(&fl->local_mutex);
}

/* One link, and two allowed: a second one is worth trying */
static bool smc_llc_may_add_link(struct smc_link_group *lgr)
{
	struct smc_link *first = smc_lgr_next_link(lgr, NULL, false);

	return lgr->max_links >= 2 &&
	       smc_sysctl_max_links_per_lgr(lgr->net) >= 2 &&
	       first && first->state == SMC_LNK_ACTIVE &&
	       !smc_lgr_next_link(lgr, first, false);
}

/* Client: ask the server for a link on our alternate device, with an ADD
 * LINK that names only that device (link number and QP 0), as Linux's
 * client does; the server answers with its own ADD LINK flow, which the
 * add work takes.
 */
static void smc_llc_cli_invite(struct smc_link *prim,
			       const struct smc_init_info *ini)
{
	struct smc_ib_device *dev = ini->ib.smcibdev;
	struct smc_llc_info info;

	smc_llc_info_init(prim, &info, SMC_LLC_ADD_LINK, 0);
	memcpy(info.add_link.sender_mac, dev->port[ini->ib.ibport - 1].mac,
	       ETH_ALEN);
	memcpy(info.add_link.sender_gid, ini->ib.gid, SMC_GID_SIZE);
	smc_llc_send(prim, &info);
}

static void smc_llc_readd_work(struct work_struct *work)
{
	struct smc_llc_flow *fl = container_of(work, struct smc_llc_flow,
					       readd_work);
	struct smc_link_group *lgr = fl->lgr;
	struct smc_init_info *ini;
	struct smc_link *prim;
	bool offered;
	int rc;

	ini = kzalloc(sizeof(*ini), GFP_KERNEL);
	mutex_lock(&fl->local_mutex);
	if (!ini || READ_ONCE(fl->stopped) || !smc_llc_may_add_link(lgr))
		goto out;
	prim = smc_lgr_next_link(lgr, NULL, false);
	if (smc_llc_find_alt(prim, ini))
		goto out;	/* asymmetric links: not yet */
	if (lgr->role == SMC_SERV) {
		rc = smc_llc_srv_add_link(prim, ini, &offered);
		if (rc)
			pr_debug("no second link again: %d\n", rc);
	} else {
		smc_llc_cli_invite(prim, ini);
	}
	smc_ib_device_put(ini->ib.smcibdev);
out:
	mutex_unlock(&fl->local_mutex);
	kfree(ini);
	smc_lgr_put(lgr);
}

void smc_llc_add_link_later(struct smc_link_group *lgr)
{
	struct smc_llc_flow *fl = lgr->llc;

	/* the receive work may still run while the last reference goes */
	if (!fl || READ_ONCE(fl->stopped) ||
	    !refcount_inc_not_zero(&lgr->refcnt))
		return;
	if (!queue_work(system_wq, &fl->readd_work))
		smc_lgr_put(lgr);
}

/* Failover: the connections of a lost link move to the other link of its
 * group instead of ending with it.
 */
static bool failover = true;
module_param(failover, bool, 0644);
MODULE_PARM_DESC(failover,
		 "connections of a lost link move to the other link of their link group (default: on)");

/* Another link of @lnk's group that is active, or NULL */
static struct smc_link *smc_llc_other_active(struct smc_link *lnk)
{
	struct smc_link *other;

	for (other = smc_lgr_next_link(lnk->lgr, NULL, false); other;
	     other = smc_lgr_next_link(lnk->lgr, other, false)) {
		if (other != lnk && other->state == SMC_LNK_ACTIVE)
			return other;
	}
	return NULL;
}

int smc_llc_link_lost(struct smc_link *lnk)
{
	struct smc_link_group *lgr = lnk->lgr;
	struct smc_llc_flow *fl = lgr->llc;
	struct smc_link *other;
	bool alone, move;

	if (!fl || READ_ONCE(fl->stopped) || lgr->terminating)
		return -ENOLINK;
	/* no other link: the link group ends at once, which also wakes a
	 * flow that waits for this link
	 */
	if (!smc_llc_other_active(lnk))
		return smc_link_set_up(lnk) ? -ENOLINK : 0;
	if (!mutex_trylock(&fl->local_mutex))
		return -EBUSY;
	if (!smc_link_set_up(lnk) || lnk->state != SMC_LNK_ACTIVE) {
		/* a flow added it and has removed it, or is the first
		 * contact's, which has no other link to go on with
		 */
		mutex_unlock(&fl->local_mutex);
		return smc_link_set_up(lnk) ? -ENOLINK : 0;
	}
	other = smc_llc_other_active(lnk);
	move = other && READ_ONCE(failover);
	/* new connections choose among active links under this lock */
	write_lock_bh(&lgr->conns_lock);
	alone = other && !atomic_read(&lnk->conn_cnt);
	if (alone || move)
		lnk->state = SMC_LNK_INACTIVE;
	write_unlock_bh(&lgr->conns_lock);
	/* its connections go on over the other link, or end with the group */
	if (!alone && (!move || smcr_link_switch_conns(lnk, other))) {
		mutex_unlock(&fl->local_mutex);
		return -ENOLINK;
	}
	if (!READ_ONCE(lnk->peer_deleted))
		smc_llc_request_delete_link(other, lnk->link_id);
	smcr_lgr_set_type(lgr, SMC_LGR_SINGLE);
	mutex_unlock(&fl->local_mutex);
	/* outside the flow lock: its TEST LINK work may wait for that */
	smcr_link_teardown(lnk);
	return 0;
}

void smc_llc_send_delete_link_all(struct smc_link *lnk, bool orderly,
				  u32 reason)
{
	struct smc_llc_info info;

	if (!READ_ONCE(lnk->qp_rts))
		return;
	smc_llc_info_init(lnk, &info, SMC_LLC_DELETE_LINK,
			  SMC_LLC_FLAG_DEL_LINK_ALL |
			  (orderly ? SMC_LLC_FLAG_DEL_LINK_ORDERLY : 0));
	info.delete_link.reason = reason;
	if (!smc_llc_send(lnk, &info))
		smc_wr_tx_wait_idle(lnk, SMC_LLC_WAIT_TIME);
}

/* ---- TEST LINK ------------------------------------------------------------ */

static void smc_llc_testlink_work(struct work_struct *work)
{
	struct smc_link *lnk = container_of(to_delayed_work(work),
					    struct smc_link, testlink_work);
	struct smc_llc_flow *fl = lnk->lgr->llc;
	unsigned long period = lnk->lgr->testlink_time * HZ;
	unsigned long idle = jiffies - READ_ONCE(lnk->rx_tstamp);
	struct smc_llc_qentry *qe;
	struct smc_llc_info info;

	if (lnk->state != SMC_LNK_ACTIVE || fl->stopped)
		return;
	if (idle < period) {
		/* the link spoke lately: look again when it might not have */
		schedule_delayed_work(&lnk->testlink_work, period - idle);
		return;
	}
	mutex_lock(&fl->local_mutex);
	smc_llc_expect(fl, SMC_LLC_TEST_LINK, true);
	smc_llc_info_init(lnk, &info, SMC_LLC_TEST_LINK, 0);
	qe = smc_llc_send(lnk, &info) ? NULL :
	     smc_llc_await(fl, SMC_LLC_WAIT_TIME);
	if (!qe)
		smc_llc_await(fl, 0);
	mutex_unlock(&fl->local_mutex);
	if (!qe) {
		if (!fl->stopped)
			smcr_link_down(lnk);
		return;
	}
	kfree(qe);
	schedule_delayed_work(&lnk->testlink_work, period);
}

void smc_llc_link_active(struct smc_link *lnk)
{
	lnk->state = SMC_LNK_ACTIVE;
	trace_smcr_link_up(lnk, _RET_IP_);
	if (lnk->iw_tuple.saddr)
		trace_smcr_link_iw_up(lnk);
	lnk->rx_tstamp = jiffies;
	if (lnk->lgr->testlink_time > 0)
		schedule_delayed_work(&lnk->testlink_work,
				      lnk->lgr->testlink_time * HZ);
}

/* ---- set up and tear down ------------------------------------------------- */

int smc_llc_lgr_init(struct smc_link_group *lgr)
{
	struct smc_llc_flow *fl = kzalloc(sizeof(*fl), GFP_KERNEL);

	if (!fl)
		return -ENOMEM;
	fl->lgr = lgr;
	spin_lock_init(&fl->lock);
	INIT_LIST_HEAD(&fl->rx_queue);
	INIT_WORK(&fl->rx_work, smc_llc_rx_work);
	INIT_WORK(&fl->add_work, smc_llc_cli_add_link_work);
	INIT_WORK(&fl->readd_work, smc_llc_readd_work);
	mutex_init(&fl->local_mutex);
	init_waitqueue_head(&fl->wait);
	lgr->llc = fl;
	return 0;
}

/* No more messages are taken in; waiters give up. */
void smc_llc_link_stop(struct smc_link *lnk)
{
	struct smc_llc_flow *fl = lnk->lgr->llc;

	if (!fl)
		return;
	WRITE_ONCE(fl->stopped, true);
	wake_up_all(&fl->wait);
	cancel_delayed_work(&lnk->testlink_work);
}

/* Before anything of the link that can fail: smc_llc_link_clear() cancels
 * the work on every error path.
 */
void smc_llc_link_init(struct smc_link *lnk)
{
	INIT_DELAYED_WORK(&lnk->testlink_work, smc_llc_testlink_work);
}

void smc_llc_link_clear(struct smc_link *lnk)
{
	cancel_delayed_work_sync(&lnk->testlink_work);
}

/* Before the link's resources go: the receive work answers the peer over
 * the link (and may wait for its sends), so it must be over first.
 */
void smc_llc_lgr_stop(struct smc_link_group *lgr)
{
	struct smc_llc_flow *fl = lgr->llc;

	if (!fl)
		return;
	spin_lock_bh(&fl->lock);
	WRITE_ONCE(fl->stopped, true);
	spin_unlock_bh(&fl->lock);
	wake_up_all(&fl->wait);
	cancel_work_sync(&fl->rx_work);
	/* an ADD LINK flow gives up as the flow is stopped */
	if (cancel_work_sync(&fl->add_work)) {
		kfree(fl->add_req);
		fl->add_req = NULL;
	}
}

/* After smc_llc_lgr_stop() and the link's QP drained. */
void smc_llc_lgr_clear(struct smc_link_group *lgr)
{
	struct smc_llc_flow *fl = lgr->llc;
	struct smc_llc_qentry *qe, *tmp;

	if (!fl)
		return;
	smc_llc_lgr_stop(lgr);
	list_for_each_entry_safe(qe, tmp, &fl->rx_queue, list)
		kfree(qe);
	kfree(fl->stash);
	kfree(fl->answer);
	kfree(fl);
	lgr->llc = NULL;
}
