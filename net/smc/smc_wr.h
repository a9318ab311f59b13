/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Work requests on a link's queue pair: the small control messages (CDC
 * and LLC) sent and received through fixed slots, RDMA WRITEs of payload,
 * and memory registration.
 */
#ifndef SMC_WR_H
#define SMC_WR_H

#include <linux/wait.h>
#include <rdma/ib_verbs.h>

#define SMC_WR_BUF_SIZE		48	/* a v1 CDC/LLC message fits */
#define SMC_WR_BUF_V2_SIZE	8192	/* largest SMC-Rv2 LLC message */
#define SMC_WR_TX_SIZE		44	/* what v1 messages carry */
#define SMC_WR_TX_PRIV_SIZE	32
#define SMC_WR_TX_WAIT_TIME	(10 * HZ)
#define SMC_WR_REG_WAIT_TIME	(5 * HZ)
#define SMC_MAX_RDMA_WRITES	2	/* a write may wrap in the peer RMBE */

struct smc_link;
struct smc_wr_tx_slot;

/* Called from the completion context once the send is done (or failed) */
typedef void (*smc_wr_tx_done_t)(struct smc_wr_tx_slot *slot,
				 struct smc_link *link,
				 enum ib_wc_status status);

struct smc_wr_tx_slot {
	struct ib_cqe		cqe;
	struct ib_send_wr	wr;
	struct ib_sge		sge;
	u8			*buf;		/* SMC_WR_BUF_SIZE bytes */
	smc_wr_tx_done_t	done;
	u32			idx;
	bool			v2;		/* buf is the link's v2 buffer */
	u8			priv[SMC_WR_TX_PRIV_SIZE]; /* caller state */
};

/* A receive slot has a buffer of SMC_WR_BUF_SIZE, which every CDC and
 * SMC-Rv1 LLC message fits.  On an SMC-Rv2 link the rest of a longer LLC
 * message goes to the link's one shared overflow buffer (second element).
 */
struct smc_wr_rx_slot {
	struct ib_cqe		cqe;
	struct ib_recv_wr	wr;
	struct ib_sge		sge[2];
	u8			*buf;
	dma_addr_t		dma;
};

struct smc_wr {
	struct ib_cq		*cq;
	/* sends through slots */
	struct smc_wr_tx_slot	*tx_slots;
	u8			*tx_bufs;
	dma_addr_t		tx_dma;
	unsigned long		*tx_mask;	/* slots in use */
	u32			tx_cnt;
	/* free slot, or all idle; set up once with the link group: a waiter
	 * outside the socket lock may still be on it when the link index is
	 * used again
	 */
	wait_queue_head_t	tx_wait;
	/* jiffies (| 1) since a take found every slot busy, 0 once one is
	 * given back: a link whose sends stopped completing is seen also by
	 * callers that never wait
	 */
	unsigned long		tx_full_since;
	/* SMC-Rv2 links: one SMC_WR_BUF_V2_SIZE send buffer for the long
	 * LLC messages, lent to one slot at a time (bit 0 of tx_v2_busy)
	 */
	u8			*tx_v2_buf;
	dma_addr_t		tx_v2_dma;
	unsigned long		tx_v2_busy;
	/* receives */
	struct smc_wr_rx_slot	*rx_slots;
	u32			rx_cnt;
	u32			rx_buf_size;	/* the longest message taken */
	u8			*rx_v2_buf;	/* shared overflow, DMA */
	dma_addr_t		rx_v2_dma;
	u8			*rx_v2_msg;	/* a long message reassembled */
	atomic_t		rx_posted;
	/* memory registration, one at a time */
	struct mutex		reg_mutex;
	struct ib_cqe		reg_cqe;
	struct ib_reg_wr	reg_wr;
	wait_queue_head_t	reg_wait;
	int			reg_status;	/* 1 pending, 0 ok, -EIO */
	/* RDMA writes are unsignalled; they complete with the next signalled
	 * send of the same QP, so they need no cqe of their own.
	 */
};

/**
 * smc_wr_create_link() - create a link's completion queue, QP and slots
 * @lnk: the link, with its device, port and PD set; iWARP-class links get
 *       their out-of-band QP attributes from smc_erdma
 * @tx_cnt: send slots (each may carry up to SMC_MAX_RDMA_WRITES writes)
 * @rx_cnt: receive slots
 * @v2: an SMC-Rv2 link: also the SMC_WR_BUF_V2_SIZE send buffer and the
 *      shared receive overflow for long LLC messages
 *
 * The QP stays in RESET; nothing is posted yet (smc_wr_rx_post_all()).
 *
 * Context: process context, may sleep.
 * Return: 0, or a negative errno with nothing left allocated.
 */
int smc_wr_create_link(struct smc_link *lnk, u32 tx_cnt, u32 rx_cnt,
		       bool v2);

/**
 * smc_wr_free_link() - drain and destroy what smc_wr_create_link() made
 * @lnk: the link; its QP already in ERROR or never used
 *
 * Every posted request has completed when the memory goes.  Safe on a
 * partly created link.
 *
 * Context: process context, may sleep (ib_drain_qp()).
 */
void smc_wr_free_link(struct smc_link *lnk);

/**
 * smc_wr_rx_post_all() - post every receive slot of a link
 * @lnk: the link, its QP at least in INIT
 *
 * Context: any; does not sleep.
 * Return: 0, or the error of the first ib_post_recv() that failed.
 */
int smc_wr_rx_post_all(struct smc_link *lnk);

/**
 * smc_wr_tx_get_slot() - take a free send slot of a link
 * @lnk: the link
 * @done: called in completion context once the slot's send has completed
 *        or failed
 * @slot: set to the slot (its buf has SMC_WR_BUF_SIZE bytes), NULL on error
 *
 * Waits up to SMC_WR_TX_WAIT_TIME for a slot; when none frees up in that
 * time the link is stuck and is taken down.
 *
 * Context: process context, may sleep; no spinlock held.
 * Return: 0; -ENOLINK when the link cannot send (not RTS, or went down
 * meanwhile); -EPIPE when the wait timed out (the link goes down).
 */
int smc_wr_tx_get_slot(struct smc_link *lnk, smc_wr_tx_done_t done,
		       struct smc_wr_tx_slot **slot);

/**
 * smc_wr_tx_try_get_slot() - take a free send slot of a link, never waiting
 * @lnk: the link
 * @done: as for smc_wr_tx_get_slot()
 * @slot: as for smc_wr_tx_get_slot()
 *
 * For callers that must not sleep for a slot: non-blocking socket calls
 * and work that holds the socket lock.  When every slot has been busy for
 * SMC_WR_TX_WAIT_TIME the link is stuck and is taken down, as a waiter
 * would find.
 *
 * Context: process context; no spinlock held.
 * Return: 0; -EAGAIN while every slot is busy (smc_wr_tx_wait_free());
 * -ENOLINK, -EPIPE as smc_wr_tx_get_slot().
 */
int smc_wr_tx_try_get_slot(struct smc_link *lnk, smc_wr_tx_done_t done,
			   struct smc_wr_tx_slot **slot);

/**
 * smc_wr_tx_wait_free() - wait until a take may find a free slot
 * @lnk: the link, which outlives the wait (its link group is held); it may
 *       go down and be cleared meanwhile
 * @timeo: jiffies
 *
 * Takes nothing and reads only fields of the link itself, never its slot
 * memory, so it may be called without the socket lock.
 *
 * Context: process context, may sleep.
 */
void smc_wr_tx_wait_free(struct smc_link *lnk, unsigned long timeo);

/**
 * smc_wr_tx_get_v2_slot() - a send slot lent the link's long v2 buffer
 * @lnk: an SMC-Rv2 link
 * @done: as for smc_wr_tx_get_slot()
 * @slot: set to the slot, whose buf is the SMC_WR_BUF_V2_SIZE buffer
 *
 * For LLC messages longer than a slot (ADD LINK with its extension, ...).
 * The buffer serves one send at a time; it returns with the slot.
 *
 * Context: process context, may sleep.
 * Return: 0; -EOPNOTSUPP on a link without the buffer (SMC-Rv1); otherwise
 * as smc_wr_tx_get_slot().
 */
int smc_wr_tx_get_v2_slot(struct smc_link *lnk, smc_wr_tx_done_t done,
			  struct smc_wr_tx_slot **slot);

/**
 * smc_wr_tx_put_slot() - give back a slot that was not sent
 * @lnk: the link
 * @slot: a slot from smc_wr_tx_get_slot() or smc_wr_tx_get_v2_slot()
 *
 * Its done callback is not called.
 *
 * Context: any.
 */
void smc_wr_tx_put_slot(struct smc_link *lnk, struct smc_wr_tx_slot *slot);

/**
 * smc_wr_tx_send() - post RDMA WRITEs followed by a slot's message
 * @lnk: the link
 * @slot: the taken slot, its buf filled
 * @len: bytes of the message in buf
 * @writes: RDMA WRITEs to post first, in this order (unsignalled: they
 *          complete with the slot's signalled send), or NULL
 * @nwrites: number of @writes, at most SMC_MAX_RDMA_WRITES
 *
 * The slot belongs to the completion from now on, also on error: a
 * failed post releases it and takes the link down.
 *
 * Context: any; does not sleep.
 * Return: 0 or the error of ib_post_send().
 */
int smc_wr_tx_send(struct smc_link *lnk, struct smc_wr_tx_slot *slot,
		   u32 len, struct ib_rdma_wr *writes, int nwrites);

/**
 * smc_wr_tx_wakeup() - wake everyone waiting for a send slot of a link
 * @lnk: the link, typically just gone down, so the waiters see it
 *
 * Context: any.
 */
void smc_wr_tx_wakeup(struct smc_link *lnk);

/**
 * smc_wr_tx_wait_idle() - wait until no send of a link is in flight
 * @lnk: the link
 * @timeo: the longest wait, in jiffies
 *
 * Context: process context, may sleep.
 * Return: true when the link became idle, false on timeout.
 */
bool smc_wr_tx_wait_idle(struct smc_link *lnk, unsigned long timeo);

/**
 * smc_wr_reg_mr() - register a memory region on a link's QP (IB_WR_REG_MR)
 * @lnk: the link, its QP able to send
 * @mr: the MR, already mapped (ib_map_mr_sg())
 * @access: IB access flags for the registration
 *
 * Registrations of a link are serialised.  When the completion does not
 * come within SMC_WR_REG_WAIT_TIME the link is taken down, and the call
 * still waits for the flushed completion before it returns.
 *
 * Context: process context, may sleep.
 * Return: 0; -EIO when the registration completed with an error; -EPIPE
 * on timeout; the error of ib_post_send().
 */
int smc_wr_reg_mr(struct smc_link *lnk, struct ib_mr *mr, int access);

#endif /* SMC_WR_H */
