// SPDX-License-Identifier: GPL-2.0
/*
 * The close state machine of SMC-R connections.
 *
 * Either side says it is done with the connection through the connection
 * state flags of a CDC message: done writing (shutdown SHUT_WR), closed
 * (close), or abort (close with unread data, linger 0, errors).  A flag
 * goes out only after every byte written before it, so a close never cuts
 * data short; the send path attaches it once the send buffer is empty.
 *
 *   ACTIVE --close--------------> PEERCLOSEWAIT1 --peer closed--> CLOSED
 *   ACTIVE --shutdown WR--------> PEERCLOSEWAIT1 --peer done-----> PEERCLOSEWAIT2
 *   PEERCLOSEWAIT1/2 --peer closed, not yet released-----------> APPFINCLOSEWAIT
 *   ACTIVE --peer done writing--> APPCLOSEWAIT1  --close--> PEERFINCLOSEWAIT
 *   ACTIVE --peer closed--------> APPCLOSEWAIT2  --close--> CLOSED
 *   PEERFINCLOSEWAIT --peer closed--> CLOSED;  APPFINCLOSEWAIT --close--> CLOSED
 *   any --abort sent or received, link group gone--> CLOSED
 *
 * A socket released before its connection is CLOSED stays alive (holding a
 * reference) until the peer's close arrives, or aborts after
 * SMC_CLOSE_WAIT_TIME; then the connection, its buffers and the clcsock
 * are freed.
 */

#include <linux/sched/signal.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "smc.h"
#include "smc_cdc.h"
#include "smc_clcsock.h"
#include "smc_close.h"
#include "smc_core.h"
#include "smc_tx.h"

static void smc_close_timeout_work(struct work_struct *work);

void smc_close_init(struct smc_sock *smc)
{
	INIT_WORK(&smc->conn.close_work, smc_close_passive_work);
	INIT_DELAYED_WORK(&smc->close_timeout_work, smc_close_timeout_work);
}

/* Wake everybody who waits on the socket: state, data, space. */
void smc_close_wake_peer_event(struct smc_sock *smc)
{
	struct sock *sk = &smc->sk;

	sk->sk_state_change(sk);
	sk->sk_data_ready(sk);
	sk->sk_write_space(sk);
}

/* Queue a connection state flag behind all data written so far; the push
 * sends it along with the last data, or alone if all is out already.
 */
static void smc_close_send_flag(struct smc_connection *conn, u8 flag)
{
	spin_lock_bh(&conn->lock);
	WRITE_ONCE(conn->tx_close_pending, conn->tx_close_pending | flag);
	spin_unlock_bh(&conn->lock);
	smc_tx_push_ctrl(conn);
}

/* The TCP connection has nothing more to do; the peer ignores it now. */
static void smc_close_clcsock(struct smc_sock *smc, int how)
{
	if (smc->clcsock)
		kernel_sock_shutdown(smc->clcsock, how);
}

static void smc_close_send_abort(struct smc_connection *conn)
{
	spin_lock_bh(&conn->lock);
	smc_cdc_set_abort(conn);
	spin_unlock_bh(&conn->lock);
	smc_cdc_send_ctrl(conn);
}

/* Close with data the application never read: like TCP, reset. */
static bool smc_close_must_abort(struct smc_sock *smc)
{
	struct sock *sk = &smc->sk;

	return atomic_read(&smc->conn.bytes_to_rcv) ||
	       (sock_flag(sk, SOCK_LINGER) && !sk->sk_lingertime);
}

/* SO_LINGER: close() waits for the data to leave, at most lingertime. */
static void smc_close_linger(struct smc_sock *smc)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct smc_connection *conn = &smc->conn;
	struct sock *sk = &smc->sk;
	long timeo = sk->sk_lingertime;

	if (!sock_flag(sk, SOCK_LINGER) || !timeo || current->flags & PF_EXITING)
		return;
	add_wait_queue(sk_sleep(sk), &wait);
	while (timeo && !signal_pending(current) &&
	       smc_cdc_close_pending(conn) && !conn->killed &&
	       !smc_cdc_rxed_any_close(conn))
		sk_wait_event(sk, &timeo, !smc_cdc_close_pending(conn) ||
			      conn->killed || smc_cdc_rxed_any_close(conn),
			      &wait);
	remove_wait_queue(sk_sleep(sk), &wait);
}

/* close(), or shutdown(SHUT_RDWR).  Called with the sock lock held. */
int smc_close_active(struct smc_sock *smc)
{
	struct smc_connection *conn = &smc->conn;
	struct sock *sk = &smc->sk;

	if (conn->killed) {
		sk->sk_state = SMC_CLOSED;
		return 0;
	}
	switch (sk->sk_state) {
	case SMC_ACTIVE:
	case SMC_APPCLOSEWAIT1:
	case SMC_APPCLOSEWAIT2:
	case SMC_PEERCLOSEWAIT1:
	case SMC_PEERCLOSEWAIT2:
	case SMC_APPFINCLOSEWAIT:
		break;
	default:
		return 0;
	}
	if (smc_close_must_abort(smc)) {
		smc_close_send_abort(conn);
		sk->sk_state = SMC_CLOSED;
		sk->sk_shutdown = SHUTDOWN_MASK;
		smc_close_clcsock(smc, SHUT_RDWR);
		smc_close_wake_peer_event(smc);
		return 0;
	}
	if (!smc_cdc_sent_any_close(conn))
		smc_close_send_flag(conn, SMC_CDC_CS_PEER_CONN_CLOSED);
	smc_close_linger(smc);

	switch (sk->sk_state) {
	case SMC_ACTIVE:
		sk->sk_state = SMC_PEERCLOSEWAIT1;
		break;
	case SMC_APPCLOSEWAIT1:
		sk->sk_state = SMC_PEERFINCLOSEWAIT;
		break;
	case SMC_APPCLOSEWAIT2:
	case SMC_APPFINCLOSEWAIT:
		sk->sk_state = SMC_CLOSED;
		break;
	default:
		/* PEERCLOSEWAIT1/2: the peer's close ends it */
		break;
	}
	sk->sk_shutdown = SHUTDOWN_MASK;
	smc_close_clcsock(smc, SHUT_RDWR);
	smc_close_wake_peer_event(smc);
	return 0;
}

/* End the connection at once, like a TCP reset.  Sock lock held. */
void smc_close_abort(struct smc_sock *smc)
{
	struct smc_connection *conn = &smc->conn;
	struct sock *sk = &smc->sk;

	if (!conn->killed && !smc_cdc_sent_any_close(conn))
		smc_close_send_abort(conn);
	sk->sk_state = SMC_CLOSED;
	sk->sk_shutdown = SHUTDOWN_MASK;
	if (smc->clcsock)
		sock_no_linger(smc->clcsock->sk);
	smc_close_clcsock(smc, SHUT_RDWR);
	smc_close_wake_peer_event(smc);
}

/* shutdown(SHUT_WR).  Called with the sock lock held. */
int smc_close_shutdown_write(struct smc_sock *smc)
{
	struct smc_connection *conn = &smc->conn;
	struct sock *sk = &smc->sk;

	if (conn->killed)
		return -ENOTCONN;
	switch (sk->sk_state) {
	case SMC_ACTIVE:
		smc_close_send_flag(conn, SMC_CDC_CS_PEER_DONE_WRITING);
		sk->sk_state = SMC_PEERCLOSEWAIT1;
		break;
	case SMC_APPCLOSEWAIT1:
		smc_close_send_flag(conn, SMC_CDC_CS_PEER_DONE_WRITING);
		sk->sk_state = SMC_APPFINCLOSEWAIT;
		break;
	case SMC_APPCLOSEWAIT2:
		/* the peer is gone for good: a full close is all that is left */
		smc_close_send_flag(conn, SMC_CDC_CS_PEER_CONN_CLOSED);
		sk->sk_state = SMC_CLOSED;
		break;
	default:
		break;
	}
	return 0;
}

/* A released socket whose connection is done gives up the reference the
 * close path kept; the caller finishes it (smc_close_finish()) after
 * releasing the sock lock.  Called with the sock lock held.
 */
static bool smc_close_done(struct smc_sock *smc)
{
	struct sock *sk = &smc->sk;

	if (sk->sk_state != SMC_CLOSED || !sock_flag(sk, SOCK_DEAD) ||
	    !smc->close_ref)
		return false;
	smc->close_ref = false;
	if (cancel_delayed_work(&smc->close_timeout_work))
		sock_put(sk);	/* the timeout's; close_ref is still held */
	return true;
}

/* Not under the sock lock: freeing the connection waits for its work. */
static void smc_close_finish(struct smc_sock *smc, bool done)
{
	if (!done)
		return;
	smc_sock_finish_close(smc);
	sock_put(&smc->sk);	/* close_ref */
}

void smc_close_keep_until_done(struct smc_sock *smc)
{
	struct sock *sk = &smc->sk;

	smc->close_ref = true;
	sock_hold(sk);
	sock_hold(sk);		/* the timeout's own */
	if (!queue_delayed_work(smc_close_wq, &smc->close_timeout_work,
				SMC_CLOSE_WAIT_TIME))
		sock_put(sk);
}

/* The peer sent flags: move on.  Process context (smc_close_wq). */
void smc_close_passive_work(struct work_struct *work)
{
	struct smc_connection *conn = container_of(work, struct smc_connection,
						   close_work);
	struct smc_sock *smc = container_of(conn, struct smc_sock, conn);
	struct sock *sk = &smc->sk;
	bool closed, done, finish;

	lock_sock(sk);
	if (conn->rx_violation && !conn->killed) {
		/* the peer broke the protocol: we end the connection; a
		 * CLOSED connection may be freed already, nothing is sent then
		 */
		if (sk->sk_state != SMC_CLOSED) {
			if (!smc_cdc_sent_any_close(conn))
				smc_close_send_abort(conn);
			WRITE_ONCE(sk->sk_err, ECONNABORTED);
			sk->sk_state = SMC_CLOSED;
			sk->sk_shutdown = SHUTDOWN_MASK;
			sk_error_report(sk);
		}
		goto out;
	}
	if (smc_cdc_rxed_abort(conn)) {
		/* like a TCP reset; the receive path set sk_err already */
		if (sk->sk_state != SMC_CLOSED) {
			sk->sk_state = SMC_CLOSED;
			sk->sk_shutdown = SHUTDOWN_MASK;
			sk_error_report(sk);
		}
		goto out;
	}
	closed = smc_cdc_rxed_any_close(conn);
	done = smc_cdc_rxed_any_close_or_senddone(conn);
	switch (sk->sk_state) {
	case SMC_ACTIVE:
		if (closed)
			sk->sk_state = SMC_APPCLOSEWAIT2;
		else if (done)
			sk->sk_state = SMC_APPCLOSEWAIT1;
		break;
	case SMC_APPCLOSEWAIT1:
		if (closed)
			sk->sk_state = SMC_APPCLOSEWAIT2;
		break;
	case SMC_PEERCLOSEWAIT1:
		if (!closed) {
			if (done)
				sk->sk_state = SMC_PEERCLOSEWAIT2;
			break;
		}
		fallthrough;
	case SMC_PEERCLOSEWAIT2:
		if (!closed)
			break;
		if (sock_flag(sk, SOCK_DEAD) || smc_cdc_sent_close(conn))
			sk->sk_state = SMC_CLOSED;
		else
			sk->sk_state = SMC_APPFINCLOSEWAIT;
		break;
	case SMC_PEERFINCLOSEWAIT:
		if (closed)
			sk->sk_state = SMC_CLOSED;
		break;
	default:
		break;
	}
	/* as TCP after a FIN: reading ends, writing fails (EPIPE) */
	if (done)
		sk->sk_shutdown |= RCV_SHUTDOWN;
	if (sk->sk_state == SMC_CLOSED)
		sk->sk_shutdown = SHUTDOWN_MASK;
out:
	smc_close_wake_peer_event(smc);
	finish = smc_close_done(smc);
	release_sock(sk);
	smc_close_finish(smc, finish);
	sock_put(sk);	/* taken when the work was queued */
}

/* A released socket the peer never answered: abort it. */
static void smc_close_timeout_work(struct work_struct *work)
{
	struct smc_sock *smc = container_of(to_delayed_work(work),
					    struct smc_sock,
					    close_timeout_work);
	struct sock *sk = &smc->sk;
	bool finish;

	lock_sock(sk);
	if (sk->sk_state != SMC_CLOSED && smc->close_ref) {
		if (!smc->conn.killed)
			smc_close_send_abort(&smc->conn);
		sk->sk_state = SMC_CLOSED;
	}
	finish = smc_close_done(smc);
	release_sock(sk);
	smc_close_finish(smc, finish);
	sock_put(sk);	/* the timeout's own */
}

/* The soft end of a link group: tell the peer of the abort while the link
 * still works.  Nothing else changes; smc_conn_kill() follows once the link
 * is stopped.  Process context.
 */
void smc_conn_tell_abort(struct smc_connection *conn)
{
	struct smc_sock *smc = container_of(conn, struct smc_sock, conn);
	struct sock *sk = &smc->sk;

	lock_sock(sk);
	/* a CLOSED connection may be freed already, one in its handshake
	 * (INIT) is not known to the peer yet: nothing to send
	 */
	if (!conn->killed && sk->sk_state != SMC_CLOSED &&
	    sk->sk_state != SMC_INIT)
		smc_close_send_abort(conn);
	release_sock(sk);
}

/* The link group went away under the connection (link down, device or
 * namespace gone, termination): nothing can be sent any more.  Process
 * context.
 */
void smc_conn_kill(struct smc_connection *conn)
{
	struct smc_sock *smc = container_of(conn, struct smc_sock, conn);
	struct sock *sk = &smc->sk;
	bool finish;

	lock_sock(sk);
	conn->killed = true;
	if (sk->sk_state != SMC_CLOSED) {
		if (!sk->sk_err)
			WRITE_ONCE(sk->sk_err, ECONNABORTED);
		sk->sk_state = SMC_CLOSED;
	}
	sk->sk_shutdown = SHUTDOWN_MASK;
	smc_close_wake_peer_event(smc);
	sk_error_report(sk);
	finish = smc_close_done(smc);
	release_sock(sk);
	smc_close_finish(smc, finish);
}
