// SPDX-License-Identifier: GPL-2.0
/*
 * The CLC socket beneath every SMC socket.
 *
 * Users never see this TCP socket, yet it is what they talk to whenever
 * the connection is not (or not yet) using SMC: the SMC socket then passes
 * its operations down.  Two things have to be kept in step for that to look
 * exactly like TCP: waiters sleep on the SMC socket's wait queue, so TCP's
 * wakeups are forwarded to it; and options set at SOL_SOCKET land on the
 * SMC socket only (net/core handles them), so they are copied down.
 */

#include <linux/net.h>
#include <linux/poll.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "smc.h"
#include "smc_clcsock.h"
#include "smc_compat.h"
#include "smc_handshake.h"

struct workqueue_struct *smc_listen_wq;

int smc_clcsock_create(struct smc_sock *smc)
{
	return smc_compat_create_clcsock(sock_net(&smc->sk),
					 smc_clcsock_family(&smc->sk),
					 &smc->clcsock);
}

/* The caller has made the SMC socket unreachable for sock_diag first. */
void smc_clcsock_release(struct smc_sock *smc)
{
	struct socket *clcsock = smc->clcsock;

	if (!clcsock)
		return;
	smc_clcsock_set_callbacks(smc, SMC_CLCSOCK_CB_ORIG);
	smc->clcsock = NULL;
	/* a lent file would make sock_release() skip freeing the socket */
	clcsock->file = NULL;
	sock_release(clcsock);
}

/* Callers hold clcsk->sk_callback_lock for reading: the owner is set and
 * cleared only under it for writing, which keeps the result valid.  The
 * RCU read section is for rcu_dereference() alone: TCP calls the callbacks
 * in softirq under RCU, but also from release_sock() (its backlog) without,
 * which lockdep reported as suspicious RCU usage.
 */
static struct smc_sock *smc_clcsock_owner(const struct sock *clcsk)
{
	struct smc_sock *smc;

	rcu_read_lock();
	smc = __rcu_dereference_sk_user_data_with_flags(clcsk,
							SK_USER_DATA_NOCOPY);
	rcu_read_unlock();
	return smc;
}

static void smc_wake_waiters(struct smc_sock *smc, __poll_t events)
{
	struct socket_wq *wq;

	rcu_read_lock();
	wq = rcu_dereference(smc->sk.sk_wq);
	if (skwq_has_sleeper(wq)) {
		if (events)
			wake_up_interruptible_sync_poll(&wq->wait, events);
		else
			wake_up_interruptible_all(&wq->wait);
	}
	rcu_read_unlock();
}

static void smc_fwd_data_ready(struct sock *clcsk)
{
	struct smc_sock *smc;

	read_lock_bh(&clcsk->sk_callback_lock);
	smc = smc_clcsock_owner(clcsk);
	if (smc) {
		smc->clcsk_data_ready(clcsk);
		smc_wake_waiters(smc, EPOLLIN | EPOLLRDNORM | EPOLLRDBAND);
		sk_wake_async(&smc->sk, SOCK_WAKE_WAITD, POLL_IN);
	}
	read_unlock_bh(&clcsk->sk_callback_lock);
}

static void smc_fwd_write_space(struct sock *clcsk)
{
	struct smc_sock *smc;

	read_lock_bh(&clcsk->sk_callback_lock);
	smc = smc_clcsock_owner(clcsk);
	if (smc) {
		smc->clcsk_write_space(clcsk);
		if (sk_stream_is_writeable(clcsk)) {
			smc_wake_waiters(smc,
					 EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND);
			sk_wake_async(&smc->sk, SOCK_WAKE_SPACE, POLL_OUT);
		}
	}
	read_unlock_bh(&clcsk->sk_callback_lock);
}

static void smc_fwd_state_change(struct sock *clcsk)
{
	struct smc_sock *smc;

	read_lock_bh(&clcsk->sk_callback_lock);
	smc = smc_clcsock_owner(clcsk);
	if (smc) {
		smc->clcsk_state_change(clcsk);
		smc_wake_waiters(smc, 0);
		sk_wake_async(&smc->sk, SOCK_WAKE_IO, POLL_OUT);
	}
	read_unlock_bh(&clcsk->sk_callback_lock);
}

static void smc_fwd_error_report(struct sock *clcsk)
{
	struct smc_sock *smc;

	read_lock_bh(&clcsk->sk_callback_lock);
	smc = smc_clcsock_owner(clcsk);
	if (smc) {
		smc->clcsk_error_report(clcsk);
		/* getsockopt(SO_ERROR) reads the SMC socket */
		WRITE_ONCE(smc->sk.sk_err, READ_ONCE(clcsk->sk_err));
		smc_wake_waiters(smc, EPOLLERR);
		sk_wake_async(&smc->sk, SOCK_WAKE_IO, POLL_ERR);
	}
	read_unlock_bh(&clcsk->sk_callback_lock);
}

/* A listening clcsock has a new child in its accept queue.  TCP children
 * inherit this callback but not the owner pointer (SK_USER_DATA_NOCOPY), so
 * for them it does nothing until smc_clcsock_adopt_child() restores TCP's.
 */
static void smc_listen_data_ready(struct sock *clcsk)
{
	struct smc_sock *lsmc;

	read_lock_bh(&clcsk->sk_callback_lock);
	lsmc = smc_clcsock_owner(clcsk);
	if (lsmc) {
		lsmc->clcsk_data_ready(clcsk);
		smc_listen_kick(lsmc);
	}
	read_unlock_bh(&clcsk->sk_callback_lock);
}

void smc_clcsock_set_callbacks(struct smc_sock *smc,
			       enum smc_clcsock_cb_mode mode)
{
	struct sock *clcsk = smc->clcsock->sk;

	write_lock_bh(&clcsk->sk_callback_lock);
	if (!smc->clcsk_cb_replaced) {
		if (mode == SMC_CLCSOCK_CB_ORIG)
			goto out;
		smc->clcsk_state_change = clcsk->sk_state_change;
		smc->clcsk_data_ready = clcsk->sk_data_ready;
		smc->clcsk_write_space = clcsk->sk_write_space;
		smc->clcsk_error_report = clcsk->sk_error_report;
		smc->clcsk_cb_replaced = true;
		__rcu_assign_sk_user_data_with_flags(clcsk, smc,
						     SK_USER_DATA_NOCOPY);
	}

	clcsk->sk_state_change = smc->clcsk_state_change;
	clcsk->sk_data_ready = smc->clcsk_data_ready;
	clcsk->sk_write_space = smc->clcsk_write_space;
	clcsk->sk_error_report = smc->clcsk_error_report;

	switch (mode) {
	case SMC_CLCSOCK_CB_ORIG:
		rcu_assign_sk_user_data(clcsk, NULL);
		smc->clcsk_cb_replaced = false;
		break;
	case SMC_CLCSOCK_CB_FORWARD:
		clcsk->sk_state_change = smc_fwd_state_change;
		clcsk->sk_data_ready = smc_fwd_data_ready;
		clcsk->sk_write_space = smc_fwd_write_space;
		clcsk->sk_error_report = smc_fwd_error_report;
		break;
	case SMC_CLCSOCK_CB_LISTEN:
		clcsk->sk_data_ready = smc_listen_data_ready;
		break;
	}
out:
	write_unlock_bh(&clcsk->sk_callback_lock);
}

/* Give a TCP child just taken from our listener TCP's own data_ready back. */
void smc_clcsock_adopt_child(struct smc_sock *lsmc, struct socket *child)
{
	struct sock *csk = child->sk;

	write_lock_bh(&csk->sk_callback_lock);
	if (csk->sk_data_ready == smc_listen_data_ready)
		csk->sk_data_ready = lsmc->clcsk_data_ready;
	write_unlock_bh(&csk->sk_callback_lock);
}

/* SOL_SOCKET settings that TCP or IP act upon.  SO_KEEPALIVE is missing on
 * purpose: it needs TCP's timer, see smc_clcsock_keepalive().
 */
#define SMC_SYNCED_SK_FLAGS ((1UL << SOCK_URGINLINE) | \
			     (1UL << SOCK_LINGER) | \
			     (1UL << SOCK_BROADCAST) | \
			     (1UL << SOCK_TIMESTAMP) | \
			     (1UL << SOCK_DBG) | \
			     (1UL << SOCK_RCVTSTAMP) | \
			     (1UL << SOCK_RCVTSTAMPNS) | \
			     (1UL << SOCK_LOCALROUTE) | \
			     (1UL << SOCK_TIMESTAMPING_RX_SOFTWARE) | \
			     (1UL << SOCK_RXQ_OVFL) | \
			     (1UL << SOCK_WIFI_STATUS) | \
			     (1UL << SOCK_NOFCS) | \
			     (1UL << SOCK_FILTER_LOCKED) | \
			     (1UL << SOCK_TSTAMP_NEW))

#define SMC_USER_BUF_LOCKS (SOCK_SNDBUF_LOCK | SOCK_RCVBUF_LOCK)

static bool smc_opts_differ(const struct sock *sk, const struct sock *clcsk)
{
	u8 locks = sk->sk_userlocks & SMC_USER_BUF_LOCKS;

	if ((READ_ONCE(sk->sk_flags) ^ READ_ONCE(clcsk->sk_flags)) &
	    SMC_SYNCED_SK_FLAGS)
		return true;
	if (READ_ONCE(sk->sk_rcvtimeo) != READ_ONCE(clcsk->sk_rcvtimeo) ||
	    READ_ONCE(sk->sk_sndtimeo) != READ_ONCE(clcsk->sk_sndtimeo) ||
	    READ_ONCE(sk->sk_rcvlowat) != READ_ONCE(clcsk->sk_rcvlowat) ||
	    READ_ONCE(sk->sk_mark) != READ_ONCE(clcsk->sk_mark) ||
	    READ_ONCE(sk->sk_priority) != READ_ONCE(clcsk->sk_priority) ||
	    READ_ONCE(sk->sk_lingertime) != READ_ONCE(clcsk->sk_lingertime))
		return true;
	if ((locks & SOCK_SNDBUF_LOCK) &&
	    READ_ONCE(sk->sk_sndbuf) != READ_ONCE(clcsk->sk_sndbuf))
		return true;
	if ((locks & SOCK_RCVBUF_LOCK) &&
	    READ_ONCE(sk->sk_rcvbuf) != READ_ONCE(clcsk->sk_rcvbuf))
		return true;
	return (clcsk->sk_userlocks & SMC_USER_BUF_LOCKS) != locks;
}

/* Copies the settings; the target is locked or not yet visible. */
static void smc_copy_opts(struct sock *to, const struct sock *from,
			  unsigned long flag_mask)
{
	u8 locks = from->sk_userlocks & SMC_USER_BUF_LOCKS;

	to->sk_flags = (to->sk_flags & ~flag_mask) |
		       (READ_ONCE(from->sk_flags) & flag_mask);
	WRITE_ONCE(to->sk_rcvtimeo, READ_ONCE(from->sk_rcvtimeo));
	WRITE_ONCE(to->sk_sndtimeo, READ_ONCE(from->sk_sndtimeo));
	WRITE_ONCE(to->sk_rcvlowat, READ_ONCE(from->sk_rcvlowat));
	WRITE_ONCE(to->sk_mark, READ_ONCE(from->sk_mark));
	WRITE_ONCE(to->sk_priority, READ_ONCE(from->sk_priority));
	WRITE_ONCE(to->sk_lingertime, READ_ONCE(from->sk_lingertime));
	if (locks & SOCK_SNDBUF_LOCK)
		WRITE_ONCE(to->sk_sndbuf, READ_ONCE(from->sk_sndbuf));
	if (locks & SOCK_RCVBUF_LOCK)
		WRITE_ONCE(to->sk_rcvbuf, READ_ONCE(from->sk_rcvbuf));
	to->sk_userlocks = (to->sk_userlocks & ~SMC_USER_BUF_LOCKS) | locks;
}

/* Bring the clcsock in line with what the user set on the SMC socket.  Cheap
 * when nothing changed, so it runs before every operation passed down.
 */
void smc_clcsock_sync_opts(struct smc_sock *smc)
{
	struct sock *clcsk = smc->clcsock->sk;

	if (!smc_opts_differ(&smc->sk, clcsk))
		return;
	lock_sock(clcsk);
	smc_copy_opts(clcsk, &smc->sk, SMC_SYNCED_SK_FLAGS);
	if (clcsk->sk_state != TCP_LISTEN)
		clcsk->sk_write_space(clcsk);
	release_sock(clcsk);
}

/* A child SMC socket starts out with its listener's settings. */
void smc_clcsock_inherit_opts(struct sock *nsk, const struct sock *osk)
{
	smc_copy_opts(nsk, osk, SMC_SYNCED_SK_FLAGS | (1UL << SOCK_KEEPOPEN));
	nsk->sk_bound_dev_if = osk->sk_bound_dev_if;
	nsk->sk_type = osk->sk_type;
}

/* proto.keepalive: SO_KEEPALIVE on the SMC socket arms TCP's timer */
void smc_clcsock_keepalive(struct sock *sk, int val)
{
	struct smc_sock *smc = smc_sk(sk);

	if (smc->clcsock)
		sock_setsockopt(smc->clcsock, SOL_SOCKET, SO_KEEPALIVE,
				KERNEL_SOCKPTR(&val), sizeof(val));
}
