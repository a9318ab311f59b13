// SPDX-License-Identifier: GPL-2.0
/*
 * The receive side of an SMC-R connection.
 *
 * The peer writes into our RMBE and moves its producer cursor with CDC
 * messages; bytes_to_rcv is what it wrote and we have not read.  Reading
 * copies from our consumer cursor and moves it; the peer learns the new
 * consumer cursor (its free space) with the next CDC we send, which
 * smc_tx_consumer_update() sends early enough for the peer not to stall.
 *
 * Urgent data: the peer flags the last byte it wrote as urgent.  Unless
 * SO_OOBINLINE is set that byte is not part of the stream: reads stop at
 * it (the mark, as with TCP), step over it, and recv(MSG_OOB) returns it.
 * As with TCP, SO_OOBINLINE counts when the reader gets to the byte; on
 * arrival the byte is counted in bytes_to_rcv or not by the flag's value
 * then (urg_counted), and the reader corrects that when it disagrees.
 *
 * Whatever the counters say, nothing is read outside the RMB: a state that
 * would do so aborts the connection.
 */

#define pr_fmt(fmt) "smc: " fmt

#include <linux/sched/signal.h>
#include <linux/uio.h>
#include <net/sock.h>

#include "smc.h"
#include "smc_cdc.h"
#include "smc_core.h"
#include "smc_rx.h"
#include "smc_stats.h"
#include "smc_tracepoint.h"
#include "smc_tx.h"

void smc_rx_init(struct smc_sock *smc)
{
	smc->conn.urg_state = SMC_URG_READ;
}

static bool smc_rx_eof(struct smc_sock *smc)
{
	struct smc_connection *conn = &smc->conn;

	return (smc->sk.sk_shutdown & RCV_SHUTDOWN) || conn->killed ||
	       smc_cdc_rxed_any_close_or_senddone(conn);
}

static bool smc_rx_data_or_end(struct smc_sock *smc)
{
	return atomic_read(&smc->conn.bytes_to_rcv) || smc_rx_eof(smc) ||
	       READ_ONCE(smc->sk.sk_err) ||
	       smc->conn.urg_state == SMC_URG_VALID;
}

/* Wait for data to read; the sock lock is held, and released meanwhile. */
int smc_rx_wait_data(struct smc_sock *smc, long *timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct sock *sk = &smc->sk;
	int rc;

	if (smc_rx_data_or_end(smc))
		return 1;
	sk_set_bit(SOCKWQ_ASYNC_WAITDATA, sk);
	add_wait_queue(sk_sleep(sk), &wait);
	rc = sk_wait_event(sk, timeo, smc_rx_data_or_end(smc), &wait);
	remove_wait_queue(sk_sleep(sk), &wait);
	sk_clear_bit(SOCKWQ_ASYNC_WAITDATA, sk);
	return rc;
}

/* The urgent byte sits right before urg_curs; conn->lock held */
static void smc_rx_mark_of(const struct smc_connection *conn,
			   struct smc_curs *mark)
{
	*mark = conn->urg_curs;
	if (mark->count) {
		mark->count--;
	} else {
		mark->count = conn->rmb_desc->len - 1;
		mark->wrap--;
	}
}

/* Where the urgent mark is, false if there is none to stop at. */
static bool smc_rx_urg_mark(struct smc_connection *conn,
			    struct smc_curs *mark)
{
	bool pending;

	spin_lock_bh(&conn->lock);
	pending = conn->urg_mark;
	smc_rx_mark_of(conn, mark);
	spin_unlock_bh(&conn->lock);
	return pending;
}

/* The reader is at the urgent byte, @cons: count it in bytes_to_rcv if it
 * is read inline now, else not, whatever SO_OOBINLINE was on its arrival.
 * With @pass the reader goes past it: out of band it is stepped over,
 * inline it is ordinary data from now on.  All under conn->lock, so a new
 * urgent byte (see smc_cdc_urgent_arrived()) sees one consistent state.
 * False if the mark is no longer at @cons: a new urgent byte moved it.
 */
static bool smc_rx_settle_mark(struct smc_connection *conn,
			       const struct smc_curs *cons, bool inl, bool pass)
{
	struct smc_curs mark;
	bool at;

	spin_lock_bh(&conn->lock);
	smc_rx_mark_of(conn, &mark);
	at = conn->urg_mark && mark.wrap == cons->wrap &&
	     mark.count == cons->count;
	if (at && conn->urg_counted != inl) {
		if (inl)
			atomic_inc(&conn->bytes_to_rcv);
		else
			atomic_dec(&conn->bytes_to_rcv);
		conn->urg_counted = inl;
	}
	if (at && pass) {
		if (!inl)
			smc_curs_add(conn->rmb_desc->len,
				     &conn->local_tx_ctrl.cons, 1);
		conn->urg_mark = false;
		conn->urg_state = SMC_URG_READ;
	}
	spin_unlock_bh(&conn->lock);
	return at;
}

/* The receive state claims more than the RMB holds: a bug or a broken
 * peer.  Nothing is read; the connection is aborted (smc_close.c).
 */
static int smc_rx_broken(struct smc_sock *smc)
{
	struct smc_connection *conn = &smc->conn;
	struct sock *sk = &smc->sk;
	bool first;

	spin_lock_bh(&conn->lock);
	first = !conn->rx_violation;
	conn->rx_violation = true;
	spin_unlock_bh(&conn->lock);
	if (first) {
		net_warn_ratelimited("receive state beyond the RMB, connection aborted\n");
		sock_hold(sk);
		if (!queue_work(smc_close_wq, &conn->close_work))
			sock_put(sk);
	}
	return -ECONNABORTED;
}

static int smc_rx_recv_urg(struct smc_sock *smc, struct msghdr *msg,
			   int flags)
{
	struct smc_connection *conn = &smc->conn;
	struct sock *sk = &smc->sk;
	char byte;

	if (sock_flag(sk, SOCK_URGINLINE) ||
	    conn->urg_state == SMC_URG_READ)
		return -EINVAL;
	smc_stats_inc(sock_net(sk), SMC_STATS_URG);
	if (conn->urg_state == SMC_URG_VALID) {
		byte = conn->urg_rx_byte;
		/* the mark stays where it is until the reader passes it */
		if (!(flags & MSG_PEEK))
			conn->urg_state = SMC_URG_READ;
		msg->msg_flags |= MSG_OOB;
		if (copy_to_iter(&byte, 1, &msg->msg_iter) != 1)
			return -EFAULT;
		return 1;
	}
	if (smc_rx_eof(smc))
		return 0;
	return -EAGAIN;
}

/* How many of @avail bytes at @cons may be read before the urgent mark;
 * @at_mark tells that @cons sits on the urgent byte.
 */
static int smc_rx_until_mark(struct smc_sock *smc,
			     const struct smc_curs *cons, int avail,
			     bool *at_mark)
{
	struct smc_connection *conn = &smc->conn;
	struct smc_curs mark;
	int to_mark;

	*at_mark = false;
	if (!smc_rx_urg_mark(conn, &mark))
		return avail;
	if (cons->wrap == mark.wrap && cons->count == mark.count) {
		*at_mark = true;
		return avail;
	}
	to_mark = smc_curs_diff(conn->rmb_desc->len, cons, &mark);
	if (to_mark > 0 && to_mark < avail)
		return to_mark;
	return avail;
}

static int smc_rx_copy(struct smc_connection *conn,
		       const struct smc_curs *from, struct msghdr *msg,
		       int len, bool trunc)
{
	struct smc_buf_desc *rmb = conn->rmb_desc;
	int first;

	/* both parts together stay within the RMB */
	if (len < 0 || len > rmb->len || from->count >= rmb->len)
		return -EPROTO;
	first = min_t(int, len, rmb->len - from->count);
	if (trunc)
		return len;
	if (copy_to_iter((u8 *)rmb->cpu_addr + from->count, first,
			 &msg->msg_iter) != first)
		return -EFAULT;
	if (first < len && copy_to_iter(rmb->cpu_addr, len - first,
					&msg->msg_iter) != len - first)
		return -EFAULT;
	return len;
}

static void smc_rx_consume(struct smc_connection *conn, int n)
{
	spin_lock_bh(&conn->lock);
	smc_dump_rx_data(conn, &conn->local_tx_ctrl.cons, n);
	smc_curs_add(conn->rmb_desc->len, &conn->local_tx_ctrl.cons, n);
	spin_unlock_bh(&conn->lock);
	atomic_sub(n, &conn->bytes_to_rcv);
}

/* Called with the sock lock held. */
int smc_rx_recvmsg(struct smc_sock *smc, struct msghdr *msg, size_t len,
		   int flags)
{
	struct smc_connection *conn = &smc->conn;
	bool peek_only = flags & MSG_PEEK, at_mark;
	int copied = 0, peeked = 0, target, avail, chunk, rc;
	struct sock *sk = &smc->sk;
	struct smc_curs cons;
	long timeo;

	if (flags & MSG_OOB)
		return smc_rx_recv_urg(smc, msg, flags);
	avail = atomic_read(&conn->bytes_to_rcv);
	if (avail >= conn->rmb_desc->len)
		smc_stats_inc(sock_net(sk), SMC_STATS_RX_FULL);
	if (avail > 0 && len < (size_t)avail)
		smc_stats_inc(sock_net(sk), SMC_STATS_RX_SMALL);
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	target = sock_rcvlowat(sk, flags & MSG_WAITALL, len);
	msg->msg_namelen = 0;

	spin_lock_bh(&conn->lock);
	cons = conn->local_tx_ctrl.cons;
	spin_unlock_bh(&conn->lock);
	while (copied < len) {
		/* a peek walks a private cursor over what is there */
		avail = atomic_read(&conn->bytes_to_rcv) - peeked;
		if (avail <= 0) {
			if (copied >= target || (peek_only && copied))
				break;
			if (sk->sk_err) {
				rc = sock_error(sk);
				if (!copied)
					copied = rc;
				break;
			}
			if (smc_rx_eof(smc)) {
				/* an abort is a reset: its error comes first
				 * (set before the flag, see smc_cdc_conn_rx())
				 */
				smp_rmb();
				if (!copied)
					copied = sock_error(sk);
				break;
			}
			if (!timeo) {
				if (!copied)
					copied = -EAGAIN;
				break;
			}
			if (signal_pending(current)) {
				if (!copied)
					copied = sock_intr_errno(timeo);
				break;
			}
			smc_rx_wait_data(smc, &timeo);
			continue;
		}

		if (avail > conn->rmb_desc->len) {
			rc = smc_rx_broken(smc);
			if (!copied)
				copied = rc;
			break;
		}

		chunk = smc_rx_until_mark(smc, &cons, avail, &at_mark);
		if (at_mark && copied)
			break;	/* like TCP, a read ends at the mark */
		if (at_mark) {
			bool inl = sock_flag(sk, SOCK_URGINLINE);

			if (!smc_rx_settle_mark(conn, &cons, inl, !peek_only))
				continue;	/* a new urgent byte came */
			/* the out-of-band byte is not stream data, nor
			 * counted in bytes_to_rcv now: step over it
			 */
			if (!inl) {
				smc_curs_add(conn->rmb_desc->len, &cons, 1);
				continue;
			}
			/* inline it is counted now: read on from it */
			avail = atomic_read(&conn->bytes_to_rcv) - peeked;
			if (avail <= 0)
				continue;
			chunk = avail;
		}
		chunk = min_t(int, chunk, len - copied);
		rc = smc_rx_copy(conn, &cons, msg, chunk, flags & MSG_TRUNC);
		if (rc == -EPROTO)
			rc = smc_rx_broken(smc);
		if (rc < 0) {
			if (!copied)
				copied = rc;
			break;
		}
		copied += chunk;
		smc_curs_add(conn->rmb_desc->len, &cons, chunk);
		if (peek_only) {
			peeked += chunk;
			continue;
		}
		smc_rx_consume(conn, chunk);
		smc_tx_consumer_update(conn, flags & MSG_DONTWAIT);
	}
	if (copied > 0)
		trace_smc_rx_recvmsg(smc, copied);
	return copied;
}

/* SIOCATMARK: are we at the urgent byte? */
int smc_rx_ioctl_atmark(struct smc_sock *smc)
{
	struct smc_connection *conn = &smc->conn;
	struct smc_curs mark, cons;

	if (!conn->rmb_desc || !smc_rx_urg_mark(conn, &mark))
		return 0;
	spin_lock_bh(&conn->lock);
	cons = conn->local_tx_ctrl.cons;
	spin_unlock_bh(&conn->lock);
	return cons.wrap == mark.wrap && cons.count == mark.count;
}
