// SPDX-License-Identifier: GPL-2.0
/*
 * The send side of an SMC-R connection.
 *
 * sendmsg() copies into the send buffer (a ring, tx_curs_prep marks how far
 * it is filled).  Pushing writes what the peer's RMBE has room for
 * (peer_rmbe_space) with one or two RDMA WRITEs, and announces it with a
 * CDC message carrying the new producer cursor (tx_curs_sent advances).
 * When that CDC completes, the written range of the send buffer is free
 * again (tx_curs_fin).  The peer returns RMBE space with the consumer
 * cursor of its own CDC messages.
 *
 * Small writes wait for more while a CDC is still in flight (autocorking)
 * and while TCP_CORK or MSG_MORE asks for it, as long as the buffer has
 * room; the completion of the CDC in flight pushes them.
 */

#include <linux/sched/signal.h>
#include <linux/uio.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "smc.h"
#include "smc_cdc.h"
#include "smc_core.h"
#include "smc_stats.h"
#include "smc_sysctl.h"
#include "smc_tracepoint.h"
#include "smc_tx.h"
#include "smc_wr.h"

#define SMC_TX_CORK_DELAY	(HZ / 5)
/* the tx work's wait for a free send slot before it tries again */
#define SMC_TX_SLOT_RETRY	(HZ / 10)

int smc_tx_prepared_sends(struct smc_connection *conn)
{
	struct smc_curs sent, prep;

	spin_lock_bh(&conn->lock);
	sent = conn->tx_curs_sent;
	prep = conn->tx_curs_prep;
	spin_unlock_bh(&conn->lock);
	return smc_curs_diff(conn->sndbuf_desc->len, &sent, &prep);
}

/* Room came back: wake writers, as TCP's sk_stream_write_space does. */
void smc_tx_sndbuf_nonfull(struct smc_sock *smc)
{
	struct sock *sk = &smc->sk;
	struct socket *sock;

	/* completion context, racing with close(): sock_orphan() may clear
	 * sk_socket at any time, so it is read once; the struct socket
	 * itself is freed only after an RCU grace period
	 */
	rcu_read_lock();
	sock = READ_ONCE(sk->sk_socket);
	if (sock && test_bit(SOCK_NOSPACE, &sock->flags)) {
		/* a writer found the send buffer full */
		smc_stats_inc(sock_net(sk), SMC_STATS_TX_FULL);
		clear_bit(SOCK_NOSPACE, &sock->flags);
		sk->sk_write_space(sk);
	}
	rcu_read_unlock();
}

static int smc_tx_wait(struct smc_sock *smc, int flags)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct smc_connection *conn = &smc->conn;
	struct sock *sk = &smc->sk;
	long timeo;
	int rc = 0;

	timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);
	add_wait_queue(sk_sleep(sk), &wait);
	for (;;) {
		sk_set_bit(SOCKWQ_ASYNC_NOSPACE, sk);
		if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN) ||
		    conn->killed || smc_cdc_rxed_any_close(conn)) {
			rc = -EPIPE;
			break;
		}
		if (atomic_read(&conn->sndbuf_space) && !conn->urg_tx_pend)
			break;
		set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		if (!timeo) {
			rc = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			rc = sock_intr_errno(timeo);
			break;
		}
		sk_clear_bit(SOCKWQ_ASYNC_NOSPACE, sk);
		sk_wait_event(sk, &timeo,
			      READ_ONCE(sk->sk_err) ||
			      (READ_ONCE(sk->sk_shutdown) & SEND_SHUTDOWN) ||
			      conn->killed || smc_cdc_rxed_any_close(conn) ||
			      (atomic_read(&conn->sndbuf_space) &&
			       !conn->urg_tx_pend),
			      &wait);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	return rc;
}

bool smc_tx_is_corked(struct smc_sock *smc)
{
	return tcp_sk(smc->clcsock->sk)->nonagle & TCP_NAGLE_CORK;
}

static bool smc_tx_should_cork(struct smc_sock *smc, struct msghdr *msg)
{
	struct smc_connection *conn = &smc->conn;
	int cork_size;

	cork_size = min_t(int, conn->sndbuf_desc->len / 2,
			  smc_sysctl_autocorking_size(sock_net(&smc->sk)));
	if (atomic_read(&conn->cdc_pend_tx_wr) &&
	    smc_tx_prepared_sends(conn) <= cork_size)
		return true;
	return ((msg->msg_flags & MSG_MORE) || smc_tx_is_corked(smc)) &&
	       atomic_read(&conn->sndbuf_space);
}

static int __smc_tx_sendmsg(struct smc_sock *smc, struct msghdr *msg,
			    size_t len)
{
	struct smc_connection *conn = &smc->conn;
	struct smc_buf_desc *sndbuf = conn->sndbuf_desc;
	struct sock *sk = &smc->sk;
	size_t sent = 0;
	int rc = 0;

	if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN) || conn->killed) {
		rc = -EPIPE;
		goto out_err;
	}
	if (len > (size_t)sndbuf->len)
		smc_stats_inc(sock_net(sk), SMC_STATS_TX_SMALL);
	if (len > (size_t)conn->peer_rmbe_size)
		smc_stats_inc(sock_net(sk), SMC_STATS_TX_SMALL_PEER);
	if (msg->msg_flags & MSG_OOB)
		smc_stats_inc(sock_net(sk), SMC_STATS_URG);
	while (msg_data_left(msg)) {
		struct smc_curs prep;
		size_t copylen, chunk;
		int space;

		if (smc_cdc_rxed_any_close(conn) || conn->killed) {
			/* the peer will not read: like a reset TCP peer */
			if (sent)
				return sent;
			rc = -EPIPE;
			goto out_err;
		}
		space = atomic_read(&conn->sndbuf_space);
		if (!space || conn->urg_tx_pend) {
			if (sent)
				return sent;
			rc = smc_tx_wait(smc, msg->msg_flags);
			if (rc)
				goto out_err;
			continue;
		}
		copylen = min_t(size_t, msg_data_left(msg), space);
		spin_lock_bh(&conn->lock);
		prep = conn->tx_curs_prep;
		spin_unlock_bh(&conn->lock);

		/* at most two pieces: up to the end of the ring, from its
		 * start
		 */
		chunk = min_t(size_t, copylen, sndbuf->len - prep.count);
		if (copy_from_iter((u8 *)sndbuf->cpu_addr + prep.count, chunk,
				   &msg->msg_iter) != chunk) {
			rc = -EFAULT;
			goto out_err;
		}
		if (chunk < copylen &&
		    copy_from_iter(sndbuf->cpu_addr, copylen - chunk,
				   &msg->msg_iter) != copylen - chunk) {
			copylen = chunk;	/* keep what arrived */
			rc = -EFAULT;
		}

		spin_lock_bh(&conn->lock);
		smc_curs_add(sndbuf->len, &conn->tx_curs_prep, copylen);
		if ((msg->msg_flags & MSG_OOB) && !msg_data_left(msg))
			conn->urg_tx_pend = true;
		spin_unlock_bh(&conn->lock);
		atomic_sub(copylen, &conn->sndbuf_space);
		sent += copylen;
		if (rc)
			break;
		if (msg->msg_flags & MSG_DONTWAIT &&
		    (conn->urg_tx_pend || !smc_tx_should_cork(smc, msg)))
			smc_tx_push_nonblock(conn);
		else if (conn->urg_tx_pend || !smc_tx_should_cork(smc, msg))
			smc_tx_push(conn);
		else	/* as TCP: corked data waits 200 ms at most */
			queue_delayed_work(smc_close_wq, &conn->tx_work,
					   SMC_TX_CORK_DELAY);
	}
	return sent ?: rc;

out_err:
	rc = sk_stream_error(sk, msg->msg_flags, rc);
	if (rc == -EAGAIN)
		sk->sk_write_space(sk);
	return sent ?: rc;
}

/* Called with the sock lock held. */
int smc_tx_sendmsg(struct smc_sock *smc, struct msghdr *msg, size_t len)
{
	int rc = __smc_tx_sendmsg(smc, msg, len);

	if (rc > 0)
		trace_smc_tx_sendmsg(smc, rc);
	return rc;
}

/* Describe @len bytes from the send buffer at @src into the peer RMBE at
 * @dst as RDMA WRITEs: a split where the peer's ring wraps gives a second
 * write, a wrap in our ring a second gather element.
 */
static int smc_tx_build_writes(struct smc_connection *conn,
			       struct ib_rdma_wr *writes,
			       struct ib_sge (*sges)[2],
			       const struct smc_curs *src,
			       const struct smc_curs *dst, u32 len)
{
	struct smc_buf_desc *sndbuf = conn->sndbuf_desc;
	struct smc_link *lnk = conn->lnk;
	struct smc_buf_map *map = &sndbuf->map[lnk->link_idx];
	struct smc_rtoken *rt =
		&conn->lgr->rtokens[conn->rtoken_idx][lnk->link_idx];
	u32 src_off = src->count, dst_off = dst->count;
	u64 src_base = smcr_buf_dma_addr(lnk, sndbuf);
	u32 lkey;
	int n = 0;

	lkey = map->mr ? map->mr->lkey : lnk->pd->local_dma_lkey;
	while (len) {
		u32 dst_chunk = min_t(u32, len, conn->peer_rmbe_size - dst_off);
		u32 first = min_t(u32, dst_chunk, sndbuf->len - src_off);
		struct ib_rdma_wr *w = &writes[n];

		memset(w, 0, sizeof(*w));
		sges[n][0].addr = src_base + src_off;
		sges[n][0].length = first;
		sges[n][0].lkey = lkey;
		w->wr.num_sge = 1;
		if (first < dst_chunk) {
			sges[n][1].addr = src_base;
			sges[n][1].length = dst_chunk - first;
			sges[n][1].lkey = lkey;
			w->wr.num_sge = 2;
		}
		w->wr.sg_list = sges[n];
		w->wr.opcode = IB_WR_RDMA_WRITE;
		w->remote_addr = rt->dma_addr + conn->tx_off + dst_off;
		w->rkey = rt->rkey;
		src_off = (src_off + dst_chunk) % sndbuf->len;
		dst_off = (dst_off + dst_chunk) % conn->peer_rmbe_size;
		len -= dst_chunk;
		n++;
	}
	return n;
}

/* Write what waits in the send buffer and fits into the peer's RMBE, and
 * send the CDC message announcing it.  With nothing to write, a CDC still
 * goes out when @force is set (consumer cursor update, flags), or when the
 * peer's RMBE is full (to say we are blocked).  The send slot is taken
 * first (this may wait, unless @nonblock: then the tx work does it later);
 * cursors advance and the CDC is posted under the connection lock, so CDCs
 * always leave in cursor order.
 */
static int __smc_tx_push(struct smc_connection *conn, bool force,
			 bool nonblock)
{
	struct smc_sock *smc = container_of(conn, struct smc_sock, conn);
	struct ib_sge sges[SMC_MAX_RDMA_WRITES][2];
	struct ib_rdma_wr writes[SMC_MAX_RDMA_WRITES];
	struct smc_wr_tx_slot *slot;
	u32 to_send, space, len;
	int nwrites = 0, rc;

	rc = smc_cdc_get_slot(conn, &slot, nonblock);
	if (rc == -EAGAIN) {
		if (force)
			WRITE_ONCE(conn->tx_ctrl_pending, true);
		if (!READ_ONCE(conn->freed))
			mod_delayed_work(smc_close_wq, &conn->tx_work, 0);
	}
	if (rc)
		return rc;
	spin_lock_bh(&conn->lock);
	to_send = smc_curs_diff(conn->sndbuf_desc->len, &conn->tx_curs_sent,
				&conn->tx_curs_prep);
	space = atomic_read(&conn->peer_rmbe_space);
	/* after a failover the space may count what the peer consumed of
	 * data we write again: never more than one RMBE at once
	 */
	len = min3(to_send, space, (u32)conn->peer_rmbe_size);
	if (to_send && !space)
		smc_stats_inc(sock_net(&smc->sk), SMC_STATS_TX_FULL_PEER);
	/* Nothing to write: only news is worth a CDC.  Being blocked is
	 * news once; saying it again would loop with the completion.
	 */
	if (!len && !force &&
	    (!to_send || (conn->local_tx_ctrl.prod_flags &
			  SMC_CDC_PF_WRITE_BLOCKED))) {
		spin_unlock_bh(&conn->lock);
		smc_cdc_put_slot(conn, slot);
		return 0;
	}
	smc_cdc_set_write_blocked(conn, to_send && !space);
	if (len) {
		nwrites = smc_tx_build_writes(conn, writes, sges,
					      &conn->tx_curs_sent,
					      &conn->local_tx_ctrl.prod, len);
		smc_dump_tx_data(conn, &conn->tx_curs_sent,
				 &conn->local_tx_ctrl.prod, len,
				 conn->urg_tx_pend && len == to_send);
		smc_curs_add(conn->peer_rmbe_size, &conn->local_tx_ctrl.prod,
			     len);
		smc_curs_add(conn->sndbuf_desc->len, &conn->tx_curs_sent, len);
		atomic_sub(len, &conn->peer_rmbe_space);
		if (conn->urg_tx_pend && len == to_send)
			smc_cdc_set_urgent(conn);
	}
	rc = smc_cdc_msg_send(conn, slot, writes, nwrites);
	/* every CDC carries all cursors and flags */
	if (!rc)
		WRITE_ONCE(conn->tx_ctrl_pending, false);
	spin_unlock_bh(&conn->lock);
	return rc;
}

int smc_tx_push(struct smc_connection *conn)
{
	if (conn->killed || !conn->lgr)
		return -EPIPE;
	return __smc_tx_push(conn, false, false);
}

int smc_tx_push_nonblock(struct smc_connection *conn)
{
	if (conn->killed || !conn->lgr)
		return -EPIPE;
	return __smc_tx_push(conn, false, true);
}

/* Push, and send a CDC even with nothing to write (close flags). */
int smc_tx_push_ctrl(struct smc_connection *conn)
{
	if (conn->killed || !conn->lgr)
		return -EPIPE;
	return __smc_tx_push(conn, true, false);
}

/* Tell the peer how far we consumed its data, when it matters: it is
 * blocked or asked for it, or a good part of our RMBE is free again.
 */
int smc_tx_consumer_update(struct smc_connection *conn, bool nonblock)
{
	struct smc_cdc_info *rx = &conn->local_rx_ctrl;
	int to_confirm, sender_free, rmb_len;
	bool send;

	if (conn->killed || !conn->rmb_desc)
		return 0;
	rmb_len = conn->rmb_desc->len;
	spin_lock_bh(&conn->lock);
	to_confirm = smc_curs_diff(rmb_len, &conn->rx_curs_confirmed,
				   &conn->local_tx_ctrl.cons);
	sender_free = rmb_len - smc_curs_diff(rmb_len,
					      &conn->rx_curs_confirmed,
					      &rx->prod);
	send = to_confirm &&
	       (smc_cdc_peer_wants_update(conn) ||
		(to_confirm > conn->rmbe_update_limit &&
		 (sender_free < rmb_len / 2 ||
		  smc_cdc_peer_write_blocked(conn))));
	spin_unlock_bh(&conn->lock);
	if (!send)
		return 0;
	return __smc_tx_push(conn, true, nonblock);
}

/* What the tx work sends; -EAGAIN when the link's slots are all busy. */
static int smc_tx_work_send(struct smc_connection *conn)
{
	int rc;

	/* moved to another link: validation, then every cursor and flag
	 * again along with the data written again
	 */
	if (READ_ONCE(conn->tx_failover)) {
		rc = smc_cdc_send_validation(conn);
		if (rc == -EAGAIN)
			return rc;
		if (!rc)
			WRITE_ONCE(conn->tx_ctrl_pending, true);
	}
	if (READ_ONCE(conn->tx_ctrl_pending)) {
		rc = __smc_tx_push(conn, true, true);
		if (rc == -EAGAIN)
			return rc;
	}
	rc = smc_tx_push_nonblock(conn);
	if (rc == -EAGAIN)
		return rc;
	return smc_tx_consumer_update(conn, true);
}

/* Never waits for a send slot while it holds the socket lock: the
 * application's calls, non-blocking ones included, would wait behind it.
 * While every slot is busy it waits for one outside the lock, and runs
 * again.
 */
void smc_tx_work(struct work_struct *work)
{
	struct smc_connection *conn = container_of(to_delayed_work(work),
						   struct smc_connection,
						   tx_work);
	struct smc_sock *smc = container_of(conn, struct smc_sock, conn);
	struct smc_link *lnk = NULL;
	bool busy = false;

	lock_sock(&smc->sk);
	if (!conn->killed && conn->lgr && !conn->freed) {
		lnk = conn->lnk;
		busy = smc_tx_work_send(conn) == -EAGAIN;
	}
	release_sock(&smc->sk);
	if (!busy || !lnk)
		return;
	/* the link group outlives this work (smc_conn_free() cancels it);
	 * bounded, so that a freeing connection does not wait long for it
	 */
	smc_wr_tx_wait_free(lnk, SMC_TX_SLOT_RETRY);
	if (!READ_ONCE(conn->freed))
		mod_delayed_work(smc_close_wq, &conn->tx_work, 0);
}

void smc_tx_init(struct smc_sock *smc)
{
	struct smc_connection *conn = &smc->conn;

	conn->tx_curs_prep = (struct smc_curs){};
	conn->tx_curs_sent = conn->tx_curs_prep;
	conn->tx_curs_fin = conn->tx_curs_prep;
	conn->urg_tx_pend = false;
}
