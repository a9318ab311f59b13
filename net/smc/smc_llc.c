// SPDX-License-Identifier: GPL-2.0
/*
 * LLC messages of a link group.
 *
 * Received LLC messages are queued from the completion handler to a work
 * item and handled in process context, in arrival order.  A local request
 * (one at a time per link group) registers what it waits for before it
 * sends; the answer is handed to it, everything else is a request of the
 * peer and answered here.  This module runs one link per link group, so
 * ADD LINK requests are rejected ("no alternate path") and the requests
 * that only matter for more links are answered without action.  As a
 * server it still offers the second link at first contact, as Linux's
 * module does (its clients wait for that offer), and withdraws it when a
 * client takes it.
 */

#define pr_fmt(fmt) "smc: " fmt

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
};

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
		smc_llc_info_init(lnk, &rsp, SMC_LLC_DELETE_LINK,
				  SMC_LLC_FLAG_RESP |
				  (req->flags & SMC_LLC_FLAG_DEL_LINK_ORDERLY));
		rsp.v2_be = req->v2_be;
		rsp.delete_link.link_num = req->delete_link.link_num;
		rsp.delete_link.reason = req->delete_link.link_num ==
					 lnk->link_id ? 0 : SMC_LLC_DEL_NOLNK;
		smc_llc_send(lnk, &rsp);
		if (rsp.delete_link.reason)
			return;
	}
	/* our only link goes: so does the link group */
	smc_lgr_terminate(lgr, false);
}

static void smc_llc_answer_confirm_rkey(struct smc_link *lnk,
					const struct smc_llc_info *req)
{
	const struct smc_llc_confirm_rkey_info *ck = &req->confirm_rkey;
	struct smc_llc_info rsp;
	u8 flags = SMC_LLC_FLAG_RESP;

	if (smc_rtoken_add(lnk, ck->rmb_vaddr, ck->rmb_key) < 0)
		flags |= SMC_LLC_FLAG_RKEY_NEG;
	smc_llc_info_init(lnk, &rsp, SMC_LLC_CONFIRM_RKEY, flags);
	rsp.v2_be = req->v2_be;
	rsp.confirm_rkey.num_rkeys = ck->num_rkeys;
	rsp.confirm_rkey.rmb_key = ck->rmb_key;
	rsp.confirm_rkey.rmb_vaddr = ck->rmb_vaddr;
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
		smc_llc_answer_add_link(lnk, in);
		break;
	case SMC_LLC_REQ_ADD_LINK:
		/* a client's hint that it has another path: noted, no link */
		smc_llc_info_init(lnk, &rsp, SMC_LLC_REQ_ADD_LINK,
				  SMC_LLC_FLAG_RESP);
		rsp.v2_be = in->v2_be;
		smc_llc_send(lnk, &rsp);
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
	struct smc_llc_flow *fl = lnk->lgr->llc;
	struct smc_llc_qentry *qe;
	struct smc_llc_info info;
	int rc;

	mutex_lock(&fl->local_mutex);
	smc_llc_expect(fl, SMC_LLC_CONFIRM_RKEY, true);
	smc_llc_info_init(lnk, &info, SMC_LLC_CONFIRM_RKEY, 0);
	info.confirm_rkey.rmb_key = smcr_buf_rkey(lnk, rmb);
	info.confirm_rkey.rmb_vaddr = smcr_buf_dma_addr(lnk, rmb);
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
	smc_llc_info_init(lnk, &info, SMC_LLC_DELETE_LINK, 0);
	info.delete_link.link_num = link_num;
	info.delete_link.reason = SMC_LLC_DEL_LOST_PATH;
	qe = smc_llc_request(lnk, &info, SMC_LLC_DELETE_LINK);
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
	struct smc_llc_qentry *qe;
	struct smc_llc_info info;

	if (lgr->max_links < 2 ||
	    smc_sysctl_max_links_per_lgr(lgr->net) < 2)
		return;
	mutex_lock(&fl->local_mutex);
	smc_llc_add_link_offer(lnk, link_num, &info);
	qe = smc_llc_request(lnk, &info, SMC_LLC_ADD_LINK);
	/* no answer: the client gave up on the link by itself */
	if (qe && !(qe->buf[3] & SMC_LLC_FLAG_ADD_LNK_REJ))
		smc_llc_add_link_withdraw(lnk, link_num);
	kfree(qe);
	mutex_unlock(&fl->local_mutex);
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
