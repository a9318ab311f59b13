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
	wait_queue_head_t	tx_wait;	/* free slot, or all idle */
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

int smc_wr_create_link(struct smc_link *lnk, u32 tx_cnt, u32 rx_cnt,
		       bool v2);
void smc_wr_free_link(struct smc_link *lnk);
int smc_wr_rx_post_all(struct smc_link *lnk);

int smc_wr_tx_get_slot(struct smc_link *lnk, smc_wr_tx_done_t done,
		       struct smc_wr_tx_slot **slot);
int smc_wr_tx_get_v2_slot(struct smc_link *lnk, smc_wr_tx_done_t done,
			  struct smc_wr_tx_slot **slot);
void smc_wr_tx_put_slot(struct smc_link *lnk, struct smc_wr_tx_slot *slot);
int smc_wr_tx_send(struct smc_link *lnk, struct smc_wr_tx_slot *slot,
		   u32 len, struct ib_rdma_wr *writes, int nwrites);
void smc_wr_tx_wakeup(struct smc_link *lnk);
bool smc_wr_tx_wait_idle(struct smc_link *lnk, unsigned long timeo);

int smc_wr_reg_mr(struct smc_link *lnk, struct ib_mr *mr, int access);

#endif /* SMC_WR_H */
