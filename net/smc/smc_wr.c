// SPDX-License-Identifier: GPL-2.0
/*
 * Work requests of a link.
 *
 * One completion queue per link, polled in softirq context by the RDMA
 * core; every work request carries its own completion callback (ib_cqe),
 * so no table lookup is needed to find what completed.  Control messages
 * travel in fixed slots: a send slot is taken (waiting if all are busy),
 * filled, posted and given back by its completion.  Receive slots are
 * posted once and reposted after each message has been handed on.
 * Payload moves by RDMA WRITEs posted unsignalled just before the CDC
 * message that announces them: the QP executes them in order, so the
 * CDC's completion also means the writes are done.
 */

#define pr_fmt(fmt) "smc: " fmt

#include <linux/error-injection.h>
#include <linux/slab.h>
#include <rdma/ib_verbs.h>

#include "smc.h"
#include "smc_cdc.h"
#include "smc_core.h"
#include "smc_erdma.h"
#include "smc_llc.h"
#include "smc_wr.h"

static struct smc_link *smc_wr_cq_link(struct ib_cq *cq)
{
	return cq->cq_context;
}

/* ---- receive ----------------------------------------------------------- */

static int smc_wr_rx_post(struct smc_link *lnk, struct smc_wr_rx_slot *slot)
{
	int rc;

	ib_dma_sync_single_for_device(lnk->smcibdev->ibdev, slot->dma,
				      SMC_WR_BUF_SIZE, DMA_FROM_DEVICE);
	rc = ib_post_recv(lnk->qp, &slot->wr, NULL);
	if (!rc)
		atomic_inc(&lnk->wr.rx_posted);
	return rc;
}

static void smc_wr_rx_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct smc_wr_rx_slot *slot =
		container_of(wc->wr_cqe, struct smc_wr_rx_slot, cqe);
	struct smc_link *lnk = smc_wr_cq_link(cq);
	u32 len = wc->byte_len;
	u8 *buf;

	atomic_dec(&lnk->wr.rx_posted);
	if (wc->status != IB_WC_SUCCESS) {
		/* a flushed QP is the normal end of a link, not news */
		if (wc->status != IB_WC_WR_FLUSH_ERR)
			smcr_link_down(lnk);
		return;
	}
	ib_dma_sync_single_for_cpu(lnk->smcibdev->ibdev, slot->dma,
				   SMC_WR_BUF_SIZE, DMA_FROM_DEVICE);
	lnk->rx_tstamp = jiffies;
	len = min(len, lnk->wr.rx_buf_size);
	buf = slot->buf;
	if (len > SMC_WR_BUF_SIZE) {
		/* completions of one CQ run one at a time: the copy is ours
		 * until the handler returns.  A later long message may have
		 * overwritten the overflow buffer already; that garbles only
		 * what that peer sent, which is checked like any message.
		 */
		ib_dma_sync_single_for_cpu(lnk->smcibdev->ibdev,
					   lnk->wr.rx_v2_dma,
					   SMC_WR_BUF_V2_SIZE - SMC_WR_BUF_SIZE,
					   DMA_FROM_DEVICE);
		buf = lnk->wr.rx_v2_msg;
		memcpy(buf, slot->buf, SMC_WR_BUF_SIZE);
		memcpy(buf + SMC_WR_BUF_SIZE, lnk->wr.rx_v2_buf,
		       len - SMC_WR_BUF_SIZE);
		ib_dma_sync_single_for_device(lnk->smcibdev->ibdev,
					      lnk->wr.rx_v2_dma,
					      SMC_WR_BUF_V2_SIZE -
					      SMC_WR_BUF_SIZE,
					      DMA_FROM_DEVICE);
	}
	if (len >= 1) {
		if (buf[0] == SMC_CDC_MSG_TYPE)
			smc_cdc_rx(lnk, buf, len);
		else
			smc_llc_rx(lnk, buf, len);
	}
	if (smc_wr_rx_post(lnk, slot))
		smcr_link_down(lnk);
}

int smc_wr_rx_post_all(struct smc_link *lnk)
{
	u32 i;
	int rc;

	for (i = 0; i < lnk->wr.rx_cnt; i++) {
		rc = smc_wr_rx_post(lnk, &lnk->wr.rx_slots[i]);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- send -------------------------------------------------------------- */

static void smc_wr_tx_release(struct smc_link *lnk,
			      struct smc_wr_tx_slot *slot)
{
	if (slot->v2) {
		/* the v2 buffer goes back: the slot has its own again */
		memset(lnk->wr.tx_v2_buf, 0, SMC_WR_BUF_V2_SIZE);
		slot->buf = lnk->wr.tx_bufs + slot->idx * SMC_WR_BUF_SIZE;
		slot->sge.addr = lnk->wr.tx_dma + slot->idx * SMC_WR_BUF_SIZE;
		slot->v2 = false;
		clear_bit_unlock(0, &lnk->wr.tx_v2_busy);
	}
	memset(slot->buf, 0, SMC_WR_BUF_SIZE);
	slot->done = NULL;
	clear_bit(slot->idx, lnk->wr.tx_mask);
	WRITE_ONCE(lnk->wr.tx_full_since, 0);
	wake_up(&lnk->wr.tx_wait);
}

static void smc_wr_tx_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct smc_wr_tx_slot *slot =
		container_of(wc->wr_cqe, struct smc_wr_tx_slot, cqe);
	struct smc_link *lnk = smc_wr_cq_link(cq);
	smc_wr_tx_done_t done = slot->done;

	if (wc->status != IB_WC_SUCCESS && wc->status != IB_WC_WR_FLUSH_ERR)
		smcr_link_down(lnk);
	if (done)
		done(slot, lnk, wc->status);
	smc_wr_tx_release(lnk, slot);
}

static bool smc_wr_tx_try_slot(struct smc_link *lnk, u32 *idx)
{
	u32 i;

	for_each_clear_bit(i, lnk->wr.tx_mask, lnk->wr.tx_cnt) {
		if (!test_and_set_bit(i, lnk->wr.tx_mask)) {
			*idx = i;
			return true;
		}
	}
	if (!READ_ONCE(lnk->wr.tx_full_since))
		WRITE_ONCE(lnk->wr.tx_full_since, jiffies | 1);
	return false;
}

static void smc_wr_tx_slot_taken(struct smc_link *lnk, u32 idx,
				 smc_wr_tx_done_t done,
				 struct smc_wr_tx_slot **slot)
{
	*slot = &lnk->wr.tx_slots[idx];
	(*slot)->done = done;
}

/* Take a free send slot, waiting (bounded, not for signals: a close flag
 * must still go out) while all are busy.  A link that is going down gives
 * -ENOLINK, one whose sends stopped completing -EPIPE.  Process context.
 */
int smc_wr_tx_get_slot(struct smc_link *lnk, smc_wr_tx_done_t done,
		       struct smc_wr_tx_slot **slot)
{
	bool taken = false;
	u32 idx = 0;
	long rc;

	might_sleep();
	*slot = NULL;
	if (!READ_ONCE(lnk->qp_rts))
		return -ENOLINK;
	rc = wait_event_timeout(lnk->wr.tx_wait,
				!READ_ONCE(lnk->qp_rts) ||
				(taken = smc_wr_tx_try_slot(lnk, &idx)),
				SMC_WR_TX_WAIT_TIME);
	if (!READ_ONCE(lnk->qp_rts)) {
		if (taken)
			smc_wr_tx_release(lnk, &lnk->wr.tx_slots[idx]);
		return -ENOLINK;
	}
	if (!rc) {
		/* no send completes: the link is stuck */
		smcr_link_down(lnk);
		return -EPIPE;
	}
	smc_wr_tx_slot_taken(lnk, idx, done, slot);
	return 0;
}

int smc_wr_tx_try_get_slot(struct smc_link *lnk, smc_wr_tx_done_t done,
			   struct smc_wr_tx_slot **slot)
{
	unsigned long since;
	u32 idx;

	*slot = NULL;
	if (!READ_ONCE(lnk->qp_rts))
		return -ENOLINK;
	if (!smc_wr_tx_try_slot(lnk, &idx)) {
		since = READ_ONCE(lnk->wr.tx_full_since);
		if (since && time_after(jiffies, since + SMC_WR_TX_WAIT_TIME)) {
			/* no send completed for that long: stuck */
			smcr_link_down(lnk);
			return -EPIPE;
		}
		return -EAGAIN;
	}
	if (!READ_ONCE(lnk->qp_rts)) {
		smc_wr_tx_release(lnk, &lnk->wr.tx_slots[idx]);
		return -ENOLINK;
	}
	smc_wr_tx_slot_taken(lnk, idx, done, slot);
	return 0;
}

void smc_wr_tx_wait_free(struct smc_link *lnk, unsigned long timeo)
{
	wait_event_timeout(lnk->wr.tx_wait,
			   !READ_ONCE(lnk->qp_rts) ||
			   !READ_ONCE(lnk->wr.tx_full_since), timeo);
}

/* A slot whose buffer is the link's SMC_WR_BUF_V2_SIZE one, for an LLC
 * message longer than SMC_WR_BUF_SIZE: waits, bounded like a slot, while
 * another send uses that buffer.  -EOPNOTSUPP on a link without one.
 */
int smc_wr_tx_get_v2_slot(struct smc_link *lnk, smc_wr_tx_done_t done,
			  struct smc_wr_tx_slot **slot)
{
	struct smc_wr *wr = &lnk->wr;
	bool taken = false;
	long rc;

	if (!wr->tx_v2_buf)
		return -EOPNOTSUPP;
	rc = smc_wr_tx_get_slot(lnk, done, slot);
	if (rc)
		return (int)rc;
	rc = wait_event_timeout(wr->tx_wait,
				!READ_ONCE(lnk->qp_rts) ||
				(taken = !test_and_set_bit_lock(0,
							&wr->tx_v2_busy)),
				SMC_WR_TX_WAIT_TIME);
	if (!taken) {
		smc_wr_tx_release(lnk, *slot);
		*slot = NULL;
		if (!rc) {
			/* the send that has it never completes */
			smcr_link_down(lnk);
			return -EPIPE;
		}
		return -ENOLINK;
	}
	(*slot)->v2 = true;
	(*slot)->buf = wr->tx_v2_buf;
	(*slot)->sge.addr = wr->tx_v2_dma;
	if (!READ_ONCE(lnk->qp_rts)) {
		smc_wr_tx_release(lnk, *slot);
		*slot = NULL;
		return -ENOLINK;
	}
	return 0;
}

/* Give back a slot that was taken but not sent. */
void smc_wr_tx_put_slot(struct smc_link *lnk, struct smc_wr_tx_slot *slot)
{
	smc_wr_tx_release(lnk, slot);
}

/* Post @len bytes of the slot, after @nwrites RDMA WRITEs (which may be 0).
 * On failure the slot is given back and the link taken down.
 */
int smc_wr_tx_send(struct smc_link *lnk, struct smc_wr_tx_slot *slot,
		   u32 len, struct ib_rdma_wr *writes, int nwrites)
{
	const struct ib_send_wr *bad;
	struct ib_send_wr *first;
	int i, rc;

	slot->sge.length = len;
	ib_dma_sync_single_for_device(lnk->smcibdev->ibdev, slot->sge.addr,
				      len, DMA_TO_DEVICE);
	first = &slot->wr;
	for (i = nwrites - 1; i >= 0; i--) {
		writes[i].wr.next = first;
		first = &writes[i].wr;
	}
	rc = ib_post_send(lnk->qp, first, &bad);
	if (rc) {
		smc_wr_tx_release(lnk, slot);
		smcr_link_down(lnk);
	}
	return rc;
}

void smc_wr_tx_wakeup(struct smc_link *lnk)
{
	wake_up_all(&lnk->wr.tx_wait);
}

static bool smc_wr_tx_idle(struct smc_link *lnk)
{
	return bitmap_empty(lnk->wr.tx_mask, lnk->wr.tx_cnt);
}

/* Until all sends completed, bounded: a peer that stopped answering
 * (or a device that lost a completion) must not hold us up for ever.
 * Returns false on timeout.
 */
bool smc_wr_tx_wait_idle(struct smc_link *lnk, unsigned long timeo)
{
	if (wait_event_timeout(lnk->wr.tx_wait, smc_wr_tx_idle(lnk), timeo))
		return true;
	return false;
}

/* ---- memory registration ----------------------------------------------- */

static void smc_wr_reg_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct smc_link *lnk = smc_wr_cq_link(cq);

	/* A failed registration leaves the QP in the error state: no later
	 * connection may be given this link.
	 */
	if (wc->status != IB_WC_SUCCESS)
		smcr_link_down(lnk);
	WRITE_ONCE(lnk->wr.reg_status, wc->status == IB_WC_SUCCESS ? 0 : -EIO);
	wake_up(&lnk->wr.reg_wait);
}

/* Register @mr (already mapped with ib_map_mr_sg) on the link's QP. */
int smc_wr_reg_mr(struct smc_link *lnk, struct ib_mr *mr, int access)
{
	long rc;

	mutex_lock(&lnk->wr.reg_mutex);
	memset(&lnk->wr.reg_wr, 0, sizeof(lnk->wr.reg_wr));
	lnk->wr.reg_wr.wr.opcode = IB_WR_REG_MR;
	lnk->wr.reg_wr.wr.wr_cqe = &lnk->wr.reg_cqe;
	lnk->wr.reg_wr.wr.send_flags = IB_SEND_SIGNALED;
	lnk->wr.reg_wr.mr = mr;
	lnk->wr.reg_wr.key = mr->rkey;
	lnk->wr.reg_wr.access = access;
	WRITE_ONCE(lnk->wr.reg_status, 1);
	rc = ib_post_send(lnk->qp, &lnk->wr.reg_wr.wr, NULL);
	if (rc)
		goto out;
	rc = wait_event_timeout(lnk->wr.reg_wait,
				READ_ONCE(lnk->wr.reg_status) != 1,
				SMC_WR_REG_WAIT_TIME);
	if (!rc) {
		smcr_link_down(lnk);
		/* the completion can still come: wait for it, the QP flushes */
		wait_event(lnk->wr.reg_wait, READ_ONCE(lnk->wr.reg_status) != 1);
		rc = -EPIPE;
		goto out;
	}
	rc = READ_ONCE(lnk->wr.reg_status);
out:
	mutex_unlock(&lnk->wr.reg_mutex);
	return (int)rc;
}

/* ---- set up and tear down ---------------------------------------------- */

/* The slot allocators are noinline and may fail with an errno through
 * fail_function (the debug kernel's fault tests): whatever they leave
 * behind, smc_wr_free_bufs() frees.
 */
static noinline int smc_wr_alloc_tx(struct smc_link *lnk, u32 cnt, bool v2)
{
	struct ib_device *ibdev = lnk->smcibdev->ibdev;
	struct smc_wr *wr = &lnk->wr;
	u32 i;

	wr->tx_cnt = cnt;
	wr->tx_slots = kcalloc(cnt, sizeof(*wr->tx_slots), GFP_KERNEL);
	wr->tx_bufs = kcalloc(cnt, SMC_WR_BUF_SIZE, GFP_KERNEL);
	wr->tx_mask = bitmap_zalloc(cnt, GFP_KERNEL);
	if (!wr->tx_slots || !wr->tx_bufs || !wr->tx_mask)
		return -ENOMEM;
	wr->tx_dma = ib_dma_map_single(ibdev, wr->tx_bufs,
				       cnt * SMC_WR_BUF_SIZE, DMA_TO_DEVICE);
	if (ib_dma_mapping_error(ibdev, wr->tx_dma)) {
		wr->tx_dma = 0;
		return -EIO;
	}
	for (i = 0; i < cnt; i++) {
		struct smc_wr_tx_slot *slot = &wr->tx_slots[i];

		slot->idx = i;
		slot->buf = wr->tx_bufs + i * SMC_WR_BUF_SIZE;
		slot->cqe.done = smc_wr_tx_done;
		slot->sge.addr = wr->tx_dma + i * SMC_WR_BUF_SIZE;
		slot->sge.lkey = lnk->pd->local_dma_lkey;
		slot->wr.wr_cqe = &slot->cqe;
		slot->wr.sg_list = &slot->sge;
		slot->wr.num_sge = 1;
		slot->wr.opcode = IB_WR_SEND;
		slot->wr.send_flags = IB_SEND_SIGNALED | IB_SEND_SOLICITED;
	}
	if (!v2)
		return 0;
	wr->tx_v2_buf = kzalloc(SMC_WR_BUF_V2_SIZE, GFP_KERNEL);
	if (!wr->tx_v2_buf)
		return -ENOMEM;
	wr->tx_v2_dma = ib_dma_map_single(ibdev, wr->tx_v2_buf,
					  SMC_WR_BUF_V2_SIZE, DMA_TO_DEVICE);
	if (ib_dma_mapping_error(ibdev, wr->tx_v2_dma)) {
		wr->tx_v2_dma = 0;
		return -EIO;
	}
	return 0;
}

ALLOW_ERROR_INJECTION(smc_wr_alloc_tx, ERRNO);

/* @cnt receive slots of SMC_WR_BUF_SIZE each; with @v2 one overflow buffer
 * shared by all of them takes the rest of longer LLC messages, so that a
 * link holds one SMC_WR_BUF_V2_SIZE buffer, not one per slot.
 */
static noinline int smc_wr_alloc_rx(struct smc_link *lnk, u32 cnt, bool v2)
{
	struct ib_device *ibdev = lnk->smcibdev->ibdev;
	u32 v2_size = SMC_WR_BUF_V2_SIZE - SMC_WR_BUF_SIZE;
	struct smc_wr *wr = &lnk->wr;
	u32 i;

	wr->rx_cnt = cnt;
	wr->rx_buf_size = v2 ? SMC_WR_BUF_V2_SIZE : SMC_WR_BUF_SIZE;
	wr->rx_slots = kcalloc(cnt, sizeof(*wr->rx_slots), GFP_KERNEL);
	if (!wr->rx_slots)
		return -ENOMEM;
	if (v2) {
		wr->rx_v2_buf = kzalloc(v2_size, GFP_KERNEL);
		wr->rx_v2_msg = kzalloc(SMC_WR_BUF_V2_SIZE, GFP_KERNEL);
		if (!wr->rx_v2_buf || !wr->rx_v2_msg)
			return -ENOMEM;
		wr->rx_v2_dma = ib_dma_map_single(ibdev, wr->rx_v2_buf,
						  v2_size, DMA_FROM_DEVICE);
		if (ib_dma_mapping_error(ibdev, wr->rx_v2_dma)) {
			wr->rx_v2_dma = 0;
			return -EIO;
		}
	}
	for (i = 0; i < cnt; i++) {
		struct smc_wr_rx_slot *slot = &wr->rx_slots[i];

		slot->buf = kzalloc(SMC_WR_BUF_SIZE, GFP_KERNEL);
		if (!slot->buf)
			return -ENOMEM;
		slot->dma = ib_dma_map_single(ibdev, slot->buf,
					      SMC_WR_BUF_SIZE,
					      DMA_FROM_DEVICE);
		if (ib_dma_mapping_error(ibdev, slot->dma)) {
			slot->dma = 0;
			return -EIO;
		}
		slot->cqe.done = smc_wr_rx_done;
		slot->sge[0].addr = slot->dma;
		slot->sge[0].length = SMC_WR_BUF_SIZE;
		slot->sge[0].lkey = lnk->pd->local_dma_lkey;
		slot->sge[1].addr = wr->rx_v2_dma;
		slot->sge[1].length = v2_size;
		slot->sge[1].lkey = lnk->pd->local_dma_lkey;
		slot->wr.wr_cqe = &slot->cqe;
		slot->wr.sg_list = slot->sge;
		slot->wr.num_sge = v2 ? 2 : 1;
	}
	return 0;
}

ALLOW_ERROR_INJECTION(smc_wr_alloc_rx, ERRNO);

static void smc_wr_free_bufs(struct smc_link *lnk)
{
	struct ib_device *ibdev = lnk->smcibdev->ibdev;
	struct smc_wr *wr = &lnk->wr;
	u32 i;

	if (wr->rx_slots) {
		for (i = 0; i < wr->rx_cnt; i++) {
			struct smc_wr_rx_slot *slot = &wr->rx_slots[i];

			if (slot->dma)
				ib_dma_unmap_single(ibdev, slot->dma,
						    SMC_WR_BUF_SIZE,
						    DMA_FROM_DEVICE);
			kfree(slot->buf);
		}
		kfree(wr->rx_slots);
		wr->rx_slots = NULL;
	}
	if (wr->rx_v2_dma)
		ib_dma_unmap_single(ibdev, wr->rx_v2_dma,
				    SMC_WR_BUF_V2_SIZE - SMC_WR_BUF_SIZE,
				    DMA_FROM_DEVICE);
	wr->rx_v2_dma = 0;
	kfree(wr->rx_v2_buf);
	wr->rx_v2_buf = NULL;
	kfree(wr->rx_v2_msg);
	wr->rx_v2_msg = NULL;
	if (wr->tx_v2_dma)
		ib_dma_unmap_single(ibdev, wr->tx_v2_dma, SMC_WR_BUF_V2_SIZE,
				    DMA_TO_DEVICE);
	wr->tx_v2_dma = 0;
	kfree(wr->tx_v2_buf);
	wr->tx_v2_buf = NULL;
	if (wr->tx_dma)
		ib_dma_unmap_single(ibdev, wr->tx_dma,
				    wr->tx_cnt * SMC_WR_BUF_SIZE, DMA_TO_DEVICE);
	wr->tx_dma = 0;
	kfree(wr->tx_slots);
	wr->tx_slots = NULL;
	kfree(wr->tx_bufs);
	wr->tx_bufs = NULL;
	bitmap_free(wr->tx_mask);
	wr->tx_mask = NULL;
}

/* The QP of a link with its CQ and slots.  The send queue has room for a
 * control message and two RDMA WRITEs per slot plus one registration.
 */
int smc_wr_create_link(struct smc_link *lnk, u32 tx_cnt, u32 rx_cnt,
		       bool v2)
{
	struct ib_device *ibdev = lnk->smcibdev->ibdev;
	struct ib_qp_init_attr qp_attr = {};
	struct smc_wr *wr = &lnk->wr;
	u32 send_wrs = tx_cnt * (1 + SMC_MAX_RDMA_WRITES) + 1;
	int rc;

	WRITE_ONCE(wr->tx_full_since, 0);
	init_waitqueue_head(&wr->reg_wait);
	mutex_init(&wr->reg_mutex);
	wr->reg_cqe.done = smc_wr_reg_done;
	atomic_set(&wr->rx_posted, 0);

	wr->cq = ib_alloc_cq(ibdev, lnk, send_wrs + rx_cnt, 0,
			     IB_POLL_SOFTIRQ);
	if (IS_ERR(wr->cq)) {
		rc = PTR_ERR(wr->cq);
		wr->cq = NULL;
		return rc;
	}

	qp_attr.event_handler = NULL;
	qp_attr.qp_context = lnk;
	qp_attr.send_cq = wr->cq;
	qp_attr.recv_cq = wr->cq;
	qp_attr.srq = NULL;
	qp_attr.cap.max_send_wr = send_wrs;
	qp_attr.cap.max_recv_wr = rx_cnt;
	qp_attr.cap.max_send_sge = 2;	/* a write may wrap in our sndbuf */
	qp_attr.cap.max_recv_sge = v2 ? 2 : 1;	/* the shared overflow */
	qp_attr.cap.max_inline_data = 0;
	qp_attr.sq_sig_type = IB_SIGNAL_REQ_WR;
	qp_attr.qp_type = IB_QPT_RC;
	smc_erdma_qp_init_attr(lnk, &qp_attr);
	lnk->qp = ib_create_qp(lnk->pd, &qp_attr);
	if (IS_ERR(lnk->qp)) {
		rc = PTR_ERR(lnk->qp);
		lnk->qp = NULL;
		goto out_cq;
	}

	rc = smc_wr_alloc_tx(lnk, tx_cnt, v2);
	if (!rc)
		rc = smc_wr_alloc_rx(lnk, rx_cnt, v2);
	if (rc)
		goto out_bufs;
	return 0;

out_bufs:
	smc_wr_free_bufs(lnk);
	ib_destroy_qp(lnk->qp);
	lnk->qp = NULL;
out_cq:
	ib_free_cq(wr->cq);
	wr->cq = NULL;
	return rc;
}

/* The QP is in error state (or was never used): drain it so that every
 * posted request has completed before its memory goes.
 */
void smc_wr_free_link(struct smc_link *lnk)
{
	if (lnk->qp) {
		/* a QP still in RESET cannot go to ERR to be drained */
		if (lnk->qp_inited)
			ib_drain_qp(lnk->qp);
		ib_destroy_qp(lnk->qp);
		lnk->qp = NULL;
	}
	smc_wr_free_bufs(lnk);
	if (lnk->wr.cq) {
		ib_free_cq(lnk->wr.cq);
		lnk->wr.cq = NULL;
	}
}
