// SPDX-License-Identifier: GPL-2.0
/*
 * CDC messages of SMC-R connections.
 *
 * Sending: the CDC carries local_tx_ctrl, the state we announce: our
 * producer cursor in the peer's RMBE, our consumer cursor in ours and the
 * flags.  It is built and posted under conn->lock, so cursors only ever go
 * forward on the wire.  Its completion frees the part of the send buffer
 * whose RDMA WRITEs went out before it.
 *
 * Receiving (softirq): the peer's message is checked against what we know
 * before anything is taken from it.  A cursor outside the buffer, or one
 * that claims more data than fits, is a broken peer: the connection is
 * aborted, nothing is read from or written to memory because of it.
 */

#define pr_fmt(fmt) "smc: " fmt

#include <net/sock.h>

#include "smc.h"
#include "smc_cdc.h"
#include "smc_close.h"
#include "smc_core.h"
#include "smc_tx.h"
#include "smc_wr.h"

/* what a send slot remembers until its completion */
struct smc_cdc_tx_priv {
	struct smc_connection	*conn;
	struct smc_curs		sent;	/* tx_curs_sent with this CDC */
	struct smc_curs		prod;	/* the producer cursor it carries */
	u16			seqno;
	bool			closing; /* it carries a close flag */
	bool			validation; /* failover validation only */
};

static_assert(sizeof(struct smc_cdc_tx_priv) <= SMC_WR_TX_PRIV_SIZE);

static void smc_cdc_tx_done(struct smc_wr_tx_slot *slot, struct smc_link *lnk,
			    enum ib_wc_status status)
{
	struct smc_cdc_tx_priv *priv = (struct smc_cdc_tx_priv *)slot->priv;
	struct smc_connection *conn = priv->conn;
	struct smc_sock *smc = container_of(conn, struct smc_sock, conn);
	u32 freed = 0;
	bool more;

	if (status == IB_WC_SUCCESS && conn->sndbuf_desc && !priv->validation) {
		spin_lock_bh(&conn->lock);
		/* the peer has it; a link the connection left has no say
		 * (smcr_link_switch_conns() waits for its sends, this is
		 * only for safety)
		 */
		if (lnk == conn->lnk) {
			freed = smc_curs_diff(conn->sndbuf_desc->len,
					      &conn->tx_curs_fin, &priv->sent);
			if (freed)
				conn->tx_curs_fin = priv->sent;
			conn->tx_prod_fin = priv->prod;
			conn->tx_cdc_seq_fin = priv->seqno;
		}
		more = smc_curs_diff(conn->sndbuf_desc->len,
				     &conn->tx_curs_sent,
				     &conn->tx_curs_prep) != 0;
		spin_unlock_bh(&conn->lock);
		if (freed) {
			atomic_add(freed, &conn->sndbuf_space);
			smc_tx_sndbuf_nonfull(smc);
		}
		/* data autocorked behind this CDC goes now, also when the
		 * cork timer is already running; TCP_CORK keeps its timer
		 */
		if (more && !READ_ONCE(conn->freed) && !smc_tx_is_corked(smc))
			mod_delayed_work(smc_close_wq, &conn->tx_work, 0);
	}
	/* a close() lingering for the close flag to leave may return */
	if (priv->closing)
		smc->sk.sk_state_change(&smc->sk);
	/* the connection may be freed once this reaches 0 */
	if (atomic_dec_and_test(&conn->cdc_pend_tx_wr))
		wake_up(&conn->cdc_pend_tx_wq);
}

int smc_cdc_get_slot(struct smc_connection *conn,
		     struct smc_wr_tx_slot **slot, bool nonblock)
{
	if (!conn->lnk)
		return -ENOLINK;
	if (nonblock)
		return smc_wr_tx_try_get_slot(conn->lnk, smc_cdc_tx_done, slot);
	return smc_wr_tx_get_slot(conn->lnk, smc_cdc_tx_done, slot);
}

void smc_cdc_put_slot(struct smc_connection *conn,
		      struct smc_wr_tx_slot *slot)
{
	smc_wr_tx_put_slot(conn->lnk, slot);
}

/* A close flag follows the last byte written before the close. */
static void smc_cdc_apply_close_pending(struct smc_connection *conn)
{
	if (!conn->tx_close_pending ||
	    smc_curs_diff(conn->sndbuf_desc->len, &conn->tx_curs_sent,
			  &conn->tx_curs_prep))
		return;
	WRITE_ONCE(conn->local_tx_ctrl.conn_state_flags,
		   conn->local_tx_ctrl.conn_state_flags |
		   conn->tx_close_pending);
	WRITE_ONCE(conn->tx_close_pending, 0);
}

/* Post the CDC built in @slot.  It counts as pending before the post:
 * its completion may run on another CPU at once.
 */
static int smc_cdc_post(struct smc_connection *conn,
			struct smc_wr_tx_slot *slot,
			struct ib_rdma_wr *writes, int nwrites)
{
	int rc;

	atomic_inc(&conn->cdc_pend_tx_wr);
	smc_dump_cdc(conn->lnk, conn, SMC_DUMP_DIR_TX, slot->buf,
		     SMC_CDC_MSG_LEN);
	rc = smc_wr_tx_send(conn->lnk, slot, SMC_CDC_MSG_LEN, writes, nwrites);
	if (rc && atomic_dec_and_test(&conn->cdc_pend_tx_wr))
		wake_up(&conn->cdc_pend_tx_wq);
	return rc;
}

/* conn->lock held; the slot is used up either way */
int smc_cdc_msg_send(struct smc_connection *conn, struct smc_wr_tx_slot *slot,
		     struct ib_rdma_wr *writes, int nwrites)
{
	struct smc_cdc_tx_priv *priv = (struct smc_cdc_tx_priv *)slot->priv;
	struct smc_cdc_info *tx = &conn->local_tx_ctrl;
	struct smc_cdc_info msg;
	int rc;

	smc_cdc_apply_close_pending(conn);
	tx->seqno = ++conn->tx_cdc_seq;
	msg = *tx;
	/* after a failover the data is written again: a close flag said
	 * before goes again once all of it is
	 */
	if (conn->sndbuf_desc &&
	    smc_curs_diff(conn->sndbuf_desc->len, &conn->tx_curs_sent,
			  &conn->tx_curs_prep))
		msg.conn_state_flags &= SMC_CDC_CS_PEER_CONN_ABORT;
	rc = smc_cdc_encode(slot->buf, SMC_WR_BUF_SIZE, &msg);
	if (rc < 0) {
		smc_wr_tx_put_slot(conn->lnk, slot);
		return rc;
	}
	if (smc_curs_comp(conn->peer_rmbe_size, &conn->tx_prod_hi,
			  &tx->prod) > 0)
		conn->tx_prod_hi = tx->prod;
	priv->conn = conn;
	priv->sent = conn->tx_curs_sent;
	priv->prod = tx->prod;
	priv->seqno = tx->seqno;
	priv->validation = false;
	priv->closing = msg.conn_state_flags & SMC_CDC_CS_MASK;
	rc = smc_cdc_post(conn, slot, writes, nwrites);
	if (rc)
		return rc;
	conn->rx_curs_confirmed = tx->cons;
	conn->local_rx_ctrl.prod_flags &= ~SMC_CDC_PF_CONS_CURS_UPD_REQ;
	if (tx->prod_flags & SMC_CDC_PF_URG_DATA_PRESENT) {
		tx->prod_flags &= ~(SMC_CDC_PF_URG_DATA_PRESENT |
				    SMC_CDC_PF_URG_DATA_PENDING);
		conn->urg_tx_pend = false;
	}
	return 0;
}

int smc_cdc_send_validation(struct smc_connection *conn)
{
	struct smc_cdc_info msg = {};
	struct smc_cdc_tx_priv *priv;
	struct smc_wr_tx_slot *slot;
	int rc;

	rc = smc_cdc_get_slot(conn, &slot, true);
	if (rc)
		return rc;
	priv = (struct smc_cdc_tx_priv *)slot->priv;
	spin_lock_bh(&conn->lock);
	if (!conn->tx_failover) {
		spin_unlock_bh(&conn->lock);
		smc_cdc_put_slot(conn, slot);
		return 0;
	}
	/* as Linux sends it: no cursors, the sequence number of the last
	 * CDC confirmed, which the peer must have seen
	 */
	msg.token = conn->local_tx_ctrl.token;
	msg.seqno = conn->tx_cdc_seq_fin;
	msg.prod_flags = SMC_CDC_PF_FAILOVER_VALIDATION;
	rc = smc_cdc_encode(slot->buf, SMC_WR_BUF_SIZE, &msg);
	if (rc < 0) {
		spin_unlock_bh(&conn->lock);
		smc_cdc_put_slot(conn, slot);
		return rc;
	}
	conn->tx_failover = false;
	priv->conn = conn;
	priv->validation = true;
	priv->closing = false;
	rc = smc_cdc_post(conn, slot, NULL, 0);
	spin_unlock_bh(&conn->lock);
	return rc;
}

int smc_cdc_send_ctrl(struct smc_connection *conn)
{
	struct smc_wr_tx_slot *slot;
	int rc;

	rc = smc_cdc_get_slot(conn, &slot, false);
	if (rc)
		return rc;
	spin_lock_bh(&conn->lock);
	rc = smc_cdc_msg_send(conn, slot, NULL, 0);
	spin_unlock_bh(&conn->lock);
	return rc;
}

void smc_cdc_wait_pend_tx(struct smc_connection *conn)
{
	if (wait_event_timeout(conn->cdc_pend_tx_wq,
			       !atomic_read(&conn->cdc_pend_tx_wr),
			       SMC_WR_TX_WAIT_TIME))
		return;
	/* its completion still refers to @conn: flush it */
	if (conn->lnk)
		smcr_link_down(conn->lnk);
	wait_event(conn->cdc_pend_tx_wq, !atomic_read(&conn->cdc_pend_tx_wr));
}

void smc_cdc_set_write_blocked(struct smc_connection *conn, bool blocked)
{
	if (blocked)
		conn->local_tx_ctrl.prod_flags |= SMC_CDC_PF_WRITE_BLOCKED;
	else
		conn->local_tx_ctrl.prod_flags &= ~SMC_CDC_PF_WRITE_BLOCKED;
}

void smc_cdc_set_urgent(struct smc_connection *conn)
{
	conn->local_tx_ctrl.prod_flags |= SMC_CDC_PF_URG_DATA_PENDING |
					  SMC_CDC_PF_URG_DATA_PRESENT;
}

void smc_cdc_set_abort(struct smc_connection *conn)
{
	WRITE_ONCE(conn->local_tx_ctrl.conn_state_flags,
		   conn->local_tx_ctrl.conn_state_flags |
		   SMC_CDC_CS_PEER_CONN_ABORT);
}

/* ---- receive ------------------------------------------------------------- */

/* Take the cursors of @in, checked: the producer cursor moves within our
 * RMBE and never past what we consumed plus the RMBE size; the consumer
 * cursor moves within the peer's RMBE and never past what we produced.
 * A cursor that went backwards is ignored (Linux does the same).
 * Returns false for an impossible message.  conn->lock held.
 */
static bool smc_cdc_take_cursors(struct smc_connection *conn,
				 struct smc_cdc_info *in, u32 *new_data,
				 u32 *new_space)
{
	struct smc_cdc_info *rx = &conn->local_rx_ctrl;
	u32 rmb_len = conn->rmb_desc->len;
	u32 peer_len = conn->peer_rmbe_size;
	int d;

	*new_data = 0;
	*new_space = 0;
	d = smc_curs_check(rmb_len, &rx->prod, &in->prod);
	if (d == -ESTALE)
		in->prod = rx->prod;
	else if (d < 0)
		return false;
	if (smc_curs_check(rmb_len, &conn->local_tx_ctrl.cons, &in->prod) < 0)
		return false;
	*new_data = d > 0 ? d : 0;

	d = smc_curs_check(peer_len, &rx->cons, &in->cons);
	if (d == -ESTALE)
		in->cons = rx->cons;
	else if (d < 0)
		return false;
	/* after a failover our producer cursor may be behind what the peer
	 * got (and consumed) already: its bound is the furthest one sent
	 */
	if (smc_curs_check(peer_len, &in->cons, &conn->tx_prod_hi) < 0)
		return false;
	*new_space = d > 0 ? d : 0;
	return true;
}

/* The peer flagged the byte before its producer cursor as urgent. */
static void smc_cdc_urgent_arrived(struct smc_sock *smc, u32 *new_data)
{
	struct smc_connection *conn = &smc->conn;
	struct smc_curs *prod = &conn->local_rx_ctrl.prod;
	u32 rmb_len = conn->rmb_desc->len;
	u32 at = prod->count ? prod->count - 1 : rmb_len - 1;

	/* as TCP: an urgent byte not yet passed by the reader becomes
	 * ordinary data when a new one arrives; it is counted from now on
	 * if it was not (SO_OOBINLINE may have changed since it came)
	 */
	if (conn->urg_mark && !conn->urg_counted)
		(*new_data)++;
	conn->urg_curs = *prod;
	conn->urg_rx_byte = ((u8 *)conn->rmb_desc->cpu_addr)[at];
	conn->urg_state = SMC_URG_VALID;
	conn->urg_mark = true;
	/* out of band, the byte is not part of the stream to read; the
	 * reader corrects this if SO_OOBINLINE differs when it gets there
	 */
	conn->urg_counted = sock_flag(&smc->sk, SOCK_URGINLINE);
	if (!conn->urg_counted)
		(*new_data)--;
}

static void smc_cdc_conn_rx(struct smc_connection *conn,
			    struct smc_cdc_info *in)
{
	struct smc_sock *smc = container_of(conn, struct smc_sock, conn);
	struct smc_cdc_info *rx = &conn->local_rx_ctrl;
	struct sock *sk = &smc->sk;
	u32 new_data, new_space;
	bool state_news = false, urgent = false, wake_tx;
	u8 old_state;

	spin_lock_bh(&conn->lock);
	if (conn->freed || conn->rx_violation)
		goto out_unlock;
	if (in->prod_flags & SMC_CDC_PF_FAILOVER_VALIDATION) {
		/* the peer moved the connection to another link: every CDC
		 * it had confirmed must have been taken here, else data or
		 * cursors were lost and only an abort is left
		 */
		if (!smc_cdc_seq_before(rx->seqno, in->seqno))
			goto out_unlock;
		conn->rx_violation = true;
		spin_unlock_bh(&conn->lock);
		net_warn_ratelimited("CDC out of sync after failover on %s, connection aborted\n",
				     conn->lnk->ibname);
		state_news = true;
		goto out_news;
	}
	if (smc_cdc_seq_before(in->seqno, rx->seqno))
		goto out_unlock;
	if (!smc_cdc_take_cursors(conn, in, &new_data, &new_space)) {
		conn->rx_violation = true;
		spin_unlock_bh(&conn->lock);
		net_warn_ratelimited("CDC with impossible cursors on %s, connection aborted\n",
				     conn->lnk->ibname);
		state_news = true;
		goto out_news;
	}
	old_state = rx->conn_state_flags;
	/* like a TCP reset: readers see the error with the flag */
	if ((in->conn_state_flags & SMC_CDC_CS_PEER_CONN_ABORT) &&
	    !(old_state & SMC_CDC_CS_PEER_CONN_ABORT)) {
		WRITE_ONCE(sk->sk_err, ECONNRESET);
		smp_wmb();	/* pairs with smp_rmb() in smc_rx_recvmsg() */
	}
	rx->seqno = in->seqno;
	rx->prod = in->prod;
	rx->cons = in->cons;
	rx->prod_flags = in->prod_flags;
	/* once said, a closing flag stays said */
	WRITE_ONCE(rx->conn_state_flags, old_state | in->conn_state_flags);
	state_news = rx->conn_state_flags != old_state;
	if ((in->prod_flags & SMC_CDC_PF_URG_DATA_PRESENT) && new_data) {
		smc_cdc_urgent_arrived(smc, &new_data);
		urgent = true;
	} else if ((in->prod_flags & SMC_CDC_PF_URG_DATA_PENDING) &&
		   conn->urg_state != SMC_URG_VALID) {
		conn->urg_state = SMC_URG_NOTYET;
		urgent = true;
	}
	wake_tx = new_space || smc_cdc_peer_wants_update(conn) ||
		  smc_cdc_peer_write_blocked(conn);
	spin_unlock_bh(&conn->lock);

	if (new_data)
		atomic_add(new_data, &conn->bytes_to_rcv);
	if (new_space)
		atomic_add(new_space, &conn->peer_rmbe_space);
	if (urgent)
		sk_send_sigurg(sk);
	if (new_data || urgent)
		sk->sk_data_ready(sk);
	/* room in the peer's RMBE for data waiting in our send buffer, or
	 * the peer waits for our consumer cursor
	 */
	if (wake_tx)
		mod_delayed_work(smc_close_wq, &conn->tx_work, 0);
out_news:
	if (state_news) {
		sock_hold(sk);
		if (!queue_work(smc_close_wq, &conn->close_work))
			sock_put(sk);
	}
	return;

out_unlock:
	spin_unlock_bh(&conn->lock);
}

/* Keep @in for smc_cdc_rx_ready() if the connection cannot take it yet. */
static bool smc_cdc_rx_early(struct smc_connection *conn,
			     const struct smc_cdc_info *in)
{
	bool early;

	spin_lock_bh(&conn->lock);
	early = !conn->rx_ready;
	/* a failover validation has nothing to keep */
	if (early && !(in->prod_flags & SMC_CDC_PF_FAILOVER_VALIDATION) &&
	    (!conn->rx_early_valid ||
	     !smc_cdc_seq_before(in->seqno, conn->rx_early.seqno))) {
		conn->rx_early = *in;
		conn->rx_early_valid = true;
	}
	spin_unlock_bh(&conn->lock);
	return early;
}

void smc_cdc_rx(struct smc_link *lnk, const u8 *buf, u32 len)
{
	struct smc_link_group *lgr = lnk->lgr;
	struct smc_connection *conn;
	struct smc_cdc_info in;

	if (smc_cdc_decode(buf, len, &in)) {
		net_dbg_ratelimited("malformed CDC message on %s dropped\n",
				    lnk->ibname);
		return;
	}
	/* a registered connection keeps its socket; the read lock keeps
	 * the connection registered while we look at it
	 */
	read_lock_bh(&lgr->conns_lock);
	conn = smc_lgr_find_conn(lgr, in.token);
	smc_dump_cdc(lnk, conn, SMC_DUMP_DIR_RX, buf, len);
	if (conn && !smc_cdc_rx_early(conn, &in))
		smc_cdc_conn_rx(conn, &in);
	read_unlock_bh(&lgr->conns_lock);
}

void smc_cdc_rx_ready(struct smc_connection *conn)
{
	struct smc_cdc_info early;
	bool replay;

	spin_lock_bh(&conn->lock);
	conn->rx_ready = true;
	replay = conn->rx_early_valid;
	conn->rx_early_valid = false;
	early = conn->rx_early;
	spin_unlock_bh(&conn->lock);
	if (replay)
		smc_cdc_conn_rx(conn, &early);
}
