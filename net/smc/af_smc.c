// SPDX-License-Identifier: GPL-2.0
/*
 * AF_SMC sockets: Shared Memory Communications over RDMA (RFC 7609, IBM
 * SMC Version 2).
 *
 * An SMC socket looks like a TCP socket to its user.  Underneath sits a
 * kernel TCP socket (the clcsock) that carries the CLC handshake and, when
 * SMC cannot be used, the connection itself.  Whenever the connection is in
 * TCP mode every operation is passed to the clcsock without holding the SMC
 * socket's lock, so TCP's blocking, timeout and signal behaviour is exactly
 * TCP's own.
 */

#define pr_fmt(fmt) "smc: " fmt

#include <linux/module.h>
#include <linux/net.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/socket.h>
#include <linux/splice.h>
#include <asm/ioctls.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "smc.h"
#include "smc_cdc.h"
#include "smc_clcsock.h"
#include "smc_close.h"
#include "smc_core.h"
#include "smc_compat.h"
#include "smc_eid.h"
#include "smc_handshake.h"
#include "smc_ib.h"
#include "smc_netlink.h"
#include "smc_netns.h"
#include "smc_pnet.h"
#include "smc_policy.h"
#include "smc_rx.h"
#include "smc_stats.h"
#include "smc_sysctl.h"
#include "smc_tcp2smc.h"
#include "smc_tracepoint.h"
#include "smc_tx.h"

struct smc_sock_table smc_sock_table_v4 = {
	.lock = __RW_LOCK_UNLOCKED(smc_sock_table_v4.lock),
	.head = HLIST_HEAD_INIT,
};
EXPORT_SYMBOL_GPL(smc_sock_table_v4);

struct smc_sock_table smc_sock_table_v6 = {
	.lock = __RW_LOCK_UNLOCKED(smc_sock_table_v6.lock),
	.head = HLIST_HEAD_INIT,
};
EXPORT_SYMBOL_GPL(smc_sock_table_v6);

static struct smc_sock_table *smc_sock_table_of(const struct sock *sk)
{
	return sk->sk_protocol == SMCPROTO_SMC6 ? &smc_sock_table_v6 :
						  &smc_sock_table_v4;
}

static void smc_sock_table_add(struct smc_sock *smc)
{
	struct smc_sock_table *table = smc_sock_table_of(&smc->sk);

	write_lock_bh(&table->lock);
	smc->table_seq = ++table->last_seq;
	hlist_add_head(&smc->table_node, &table->head);
	write_unlock_bh(&table->lock);
	sock_prot_inuse_add(sock_net(&smc->sk), smc->sk.sk_prot, 1);
}

static void smc_sock_table_del(struct smc_sock *smc)
{
	struct smc_sock_table *table = smc_sock_table_of(&smc->sk);
	bool was_in = false;

	write_lock_bh(&table->lock);
	if (!hlist_unhashed(&smc->table_node)) {
		hlist_del_init(&smc->table_node);
		was_in = true;
	}
	write_unlock_bh(&table->lock);
	if (was_in)
		sock_prot_inuse_add(sock_net(&smc->sk), smc->sk.sk_prot, -1);
}

static struct proto smc_proto = {
	.name		= "SMC",
	.owner		= THIS_MODULE,
	.keepalive	= smc_clcsock_keepalive,
	.obj_size	= sizeof(struct smc_sock),
};

static struct proto smc_proto6 = {
	.name		= "SMC6",
	.owner		= THIS_MODULE,
	.keepalive	= smc_clcsock_keepalive,
	.obj_size	= sizeof(struct smc_sock),
};

static const struct proto_ops smc_sock_ops;

struct sock *smc_sock_alloc(struct net *net, struct socket *sock,
			    int protocol)
{
	struct proto *prot = protocol == SMCPROTO_SMC6 ? &smc_proto6 :
							 &smc_proto;
	struct smc_sock *smc;
	struct sock *sk;

	sk = sk_alloc(net, PF_SMC, GFP_KERNEL, prot, 0);
	if (!sk)
		return NULL;
	sock_init_data(sock, sk);
	sk->sk_state = SMC_INIT;
	sk->sk_protocol = protocol;
	/* net.smc.wmem/rmem size the SMC buffers; sk_*buf hold twice that,
	 * as SO_SNDBUF/SO_RCVBUF would set them
	 */
	WRITE_ONCE(sk->sk_sndbuf, 2 * smc_sysctl_wmem(net));
	WRITE_ONCE(sk->sk_rcvbuf, 2 * smc_sysctl_rmem(net));

	smc = smc_sk(sk);
	INIT_WORK(&smc->connect_work, smc_connect_work);
	INIT_WORK(&smc->tcp_listen_work, smc_tcp_listen_work);
	INIT_WORK(&smc->srv_hs_work, smc_srv_hs_work);
	INIT_LIST_HEAD(&smc->accept_q);
	INIT_LIST_HEAD(&smc->accept_node);
	spin_lock_init(&smc->accept_q_lock);
	INIT_HLIST_NODE(&smc->table_node);
	smc->limit_smc_hs = READ_ONCE(smc_net(net)->limit_smc_hs);
	spin_lock_init(&smc->conn.lock);
	INIT_DELAYED_WORK(&smc->conn.tx_work, smc_tx_work);
	init_waitqueue_head(&smc->conn.cdc_pend_tx_wq);
	smc->conn.rtoken_idx = -1;
	smc_close_init(smc);
	smc_sock_table_add(smc);
	return sk;
}

/* The last of a socket whose connection is over: its SMC-R connection,
 * its place in the socket table, its TCP connection.  Not under the sock
 * lock; the connection's work items take it.
 */
void smc_sock_finish_close(struct smc_sock *smc)
{
	smc_sock_table_del(smc);
	smc_conn_free(&smc->conn);
	smc_clcsock_release(smc);
}

/* A child of a listener that never reached accept(). */
void smc_sock_destroy_unaccepted(struct smc_sock *smc)
{
	struct sock *sk = &smc->sk;

	lock_sock(sk);
	/* TCP resets connections its listener never handed out */
	if (smc->uses_smc)
		smc_close_abort(smc);
	else if (smc->clcsock)
		sock_no_linger(smc->clcsock->sk);
	sk->sk_state = SMC_CLOSED;
	sock_set_flag(sk, SOCK_DEAD);
	release_sock(sk);
	smc_sock_finish_close(smc);
	sock_put(sk);
}

/* From now on the connection is plain TCP.  Called with the sock lock held,
 * or before anyone else can see the socket.
 */
void smc_switch_to_fallback(struct smc_sock *smc, u32 reason)
{
	if (smc->use_fallback)
		return;
	smc->fallback_rsn = reason;
	/* lockless readers see the reason once they see the fallback */
	smp_store_release(&smc->use_fallback, true);
	smc_stats_fallback(sock_net(&smc->sk), !!smc->listen_smc, reason);
	trace_smc_switch_to_fallback(smc, reason);
	/* a listener's clcsock must stop offering SMC to new clients */
	if (smc->sk.sk_state == SMC_LISTEN)
		tcp_sk(smc->clcsock->sk)->syn_smc = 0;
	else if (smc->sk.sk_socket)
		smc_clcsock_set_callbacks(smc, SMC_CLCSOCK_CB_FORWARD);
}

/* SMC cannot honour some settings (SO_BINDTODEVICE: the RDMA device follows
 * the route, not the binding).  Such sockets use TCP from the start, with
 * the cause code Linux reports for unsupported options.
 */
static void smc_check_unsupported_opts(struct smc_sock *smc)
{
	if (READ_ONCE(smc->sk.sk_bound_dev_if))
		smc_switch_to_fallback(smc, SMC_CLC_DECL_OPTUNSUPP);
}

/* Settings that only matter before bind/connect/listen */
static void smc_clcsock_sync_setup(struct smc_sock *smc)
{
	struct sock *clcsk = smc->clcsock->sk;
	struct sock *sk = &smc->sk;

	lock_sock(clcsk);
	clcsk->sk_reuse = sk->sk_reuse;
	clcsk->sk_reuseport = sk->sk_reuseport;
	clcsk->sk_bound_dev_if = READ_ONCE(sk->sk_bound_dev_if);
	release_sock(clcsk);
	smc_clcsock_sync_opts(smc);
}

static int smc_tcp_result(struct smc_sock *smc, int rc)
{
	/* the error TCP reported is consumed; SO_ERROR must not repeat it */
	if (rc < 0 && READ_ONCE(smc->sk.sk_err) == -rc)
		WRITE_ONCE(smc->sk.sk_err, 0);
	return rc;
}

/* Wait while the handshake runs; sock lock held. */
static int smc_wait_hs(struct smc_sock *smc, long *timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct sock *sk = &smc->sk;
	int rc = 0;

	add_wait_queue(sk_sleep(sk), &wait);
	while (READ_ONCE(smc->hs_state) == SMC_HS_RUNNING) {
		if (!*timeo) {
			rc = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			rc = sock_intr_errno(*timeo);
			break;
		}
		sk_wait_event(sk, timeo,
			      READ_ONCE(smc->hs_state) != SMC_HS_RUNNING,
			      &wait);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	return rc;
}

/* Data operations during the handshake block like TCP's do in SYN_SENT. */
static int smc_wait_hs_unlocked(struct smc_sock *smc, long timeo)
{
	int rc;

	if (READ_ONCE(smc->hs_state) != SMC_HS_RUNNING)
		return 0;
	lock_sock(&smc->sk);
	rc = smc_wait_hs(smc, &timeo);
	release_sock(&smc->sk);
	return rc;
}

/* A failed connect reports its error once, like TCP's sock_error(). */
static int smc_failed_connect_error(struct smc_sock *smc)
{
	if (smc_uses_fallback(smc) ||
	    READ_ONCE(smc->sk.sk_state) != SMC_CLOSED)
		return 0;
	return sock_error(&smc->sk);
}

static int smc_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	struct smc_sock *smc;
	bool abort_hs, keep;

	if (!sk)
		return 0;
	smc = smc_sk(sk);

	/* a connect still running in the background is cut short */
	lock_sock(sk);
	abort_hs = smc->hs_state == SMC_HS_RUNNING;
	release_sock(sk);
	if (abort_hs)
		tcp_abort(smc->clcsock->sk, ECONNABORTED);
	if (cancel_work_sync(&smc->connect_work))
		sock_put(sk);

	lock_sock(sk);
	if (sk->sk_state == SMC_LISTEN)
		smc_listen_stop(smc);
	if (smc->uses_smc)
		smc_close_active(smc);	/* may wait for SO_LINGER */
	else
		sk->sk_state = SMC_CLOSED;
	/* an SMC-R connection still closing keeps the socket a while */
	keep = sk->sk_state != SMC_CLOSED;
	sk->sk_shutdown = SHUTDOWN_MASK;
	sock_orphan(sk);
	sock->sk = NULL;
	if (keep)
		smc_close_keep_until_done(smc);
	release_sock(sk);

	if (!keep) {
		/* SO_LINGER applies to the TCP close */
		smc_clcsock_sync_opts(smc);
		smc_sock_finish_close(smc);
	}
	sock_put(sk);
	return 0;
}

static int smc_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
{
	struct smc_sock *smc = smc_sk(sock->sk);

	/* TCP rejects binding a bound, connected or listening socket itself */
	smc_clcsock_sync_setup(smc);
	return kernel_bind(smc->clcsock, uaddr, addr_len);
}

/* Start the TCP connect with the SMC option and hand over to the worker. */
static int smc_connect_start(struct smc_sock *smc, struct sockaddr *addr,
			     int alen)
{
	struct socket *clcsock = smc->clcsock;
	struct sock *sk = &smc->sk;
	int rc;

	tcp_sk(clcsock->sk)->syn_smc = 1;
	rc = kernel_connect(clcsock, addr, alen, O_NONBLOCK);
	if (rc && rc != -EINPROGRESS)
		return rc;
	WRITE_ONCE(smc->hs_state, SMC_HS_RUNNING);
	sock_hold(sk);	/* put by smc_connect_work() */
	if (!queue_work(smc_hs_wq, &smc->connect_work))
		sock_put(sk);
	return 0;
}

/* connect() of a socket that uses TCP already: TCP's connect as it is */
static int smc_connect_fallback(struct smc_sock *smc, struct sockaddr *addr,
				int alen, int flags)
{
	struct socket *sock = smc->sk.sk_socket;
	struct sock *sk = &smc->sk;
	int rc;

	smc_clcsock_sync_setup(smc);
	rc = smc->clcsock->ops->connect(smc->clcsock, addr, alen, flags);
	lock_sock(sk);
	sock->state = smc->clcsock->state;
	if (addr->sa_family == AF_UNSPEC) {
		/* TCP dissolved the connection; the socket may connect anew */
		if (!rc) {
			sk->sk_state = SMC_INIT;
			smc->hs_state = SMC_HS_NONE;
		}
	} else if (!rc && sk->sk_state == SMC_INIT) {
		sk->sk_state = SMC_ACTIVE;
	}
	release_sock(sk);
	return smc_tcp_result(smc, rc);
}

/* After a failed attempt TCP lets a socket connect again; so does SMC. */
static void smc_connect_reset(struct smc_sock *smc)
{
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };

	kernel_connect(smc->clcsock, &unspec, sizeof(unspec), 0);
	smc->sk.sk_state = SMC_INIT;
	smc->hs_state = SMC_HS_NONE;
	WRITE_ONCE(smc->sk.sk_err, 0);
}

static int smc_connect(struct socket *sock, struct sockaddr *addr,
		       int alen, int flags)
{
	struct sock *sk = sock->sk;
	struct smc_sock *smc = smc_sk(sk);
	long timeo;
	int rc;

	if (alen < (int)sizeof(addr->sa_family))
		return -EINVAL;

	lock_sock(sk);
	if (sock->state == SS_UNCONNECTED && sk->sk_state == SMC_INIT &&
	    smc->hs_state == SMC_HS_NONE) {
		smc_check_unsupported_opts(smc);
		/* a listed destination gets no SMC option on the SYN */
		if (!smc->use_fallback &&
		    smc_policy_excluded(sock_net(sk), smc_clcsock_family(sk),
					addr, alen))
			smc_switch_to_fallback(smc, SMC_CLC_DECL_ACTIVE);
	}
	/* without our handshake, connect() is entirely TCP's business */
	if ((smc_uses_fallback(smc) && smc->hs_state == SMC_HS_NONE) ||
	    addr->sa_family == AF_UNSPEC) {
		release_sock(sk);
		if (!smc_tcp_mode(smc))
			return -EOPNOTSUPP;
		return smc_connect_fallback(smc, addr, alen, flags);
	}

	switch (sock->state) {
	case SS_CONNECTED:
		rc = -EISCONN;
		goto out;
	case SS_CONNECTING:
		rc = -EALREADY;
		break;
	case SS_UNCONNECTED:
		/* as in Linux, an SMC-R connection that failed once it was set
		 * up is not tried again, not even after an AF_UNSPEC connect
		 * (a TCP connect that failed before is)
		 */
		if (smc->conn_tried) {
			rc = sock_error(sk) ?: -ECONNABORTED;
			goto out;
		}
		if (sk->sk_state == SMC_CLOSED &&
		    smc->hs_state == SMC_HS_DONE &&
		    smc->clcsock->sk->sk_state == TCP_CLOSE)
			smc_connect_reset(smc);
		rc = -EISCONN;
		if (sk->sk_state != SMC_INIT || smc->hs_state != SMC_HS_NONE)
			goto out;
		smc_clcsock_sync_setup(smc);
		rc = smc_connect_start(smc, addr, alen);
		if (rc)
			goto out;
		sock->state = SS_CONNECTING;
		rc = -EINPROGRESS;
		break;
	default:
		rc = -EINVAL;
		goto out;
	}

	timeo = sock_sndtimeo(sk, flags & O_NONBLOCK);
	if (smc->hs_state == SMC_HS_RUNNING) {
		if (!timeo)
			goto out;
		rc = smc_wait_hs(smc, &timeo);
		if (rc == -EAGAIN) {
			rc = -EINPROGRESS;	/* SO_SNDTIMEO expired */
			goto out;
		}
		if (rc)
			goto out;
	}

	if (sk->sk_state == SMC_CLOSED) {
		rc = sock_error(sk) ?: -ECONNABORTED;
		sock->state = SS_UNCONNECTED;
		goto out;
	}
	sock->state = SS_CONNECTED;
	rc = 0;
out:
	release_sock(sk);
	return rc;
}

static bool smc_hs_congested(const struct sock *clcsk)
{
	return workqueue_congested(WORK_CPU_UNBOUND, smc_hs_wq);
}

static int smc_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	struct smc_sock *smc = smc_sk(sk);
	struct sock *clcsk = smc->clcsock->sk;
	int rc = -EINVAL;

	lock_sock(sk);
	if (sock->state != SS_UNCONNECTED || smc->hs_state != SMC_HS_NONE)
		goto out;
	if (sk->sk_state == SMC_LISTEN) {
		rc = kernel_listen(smc->clcsock, backlog);
		if (!rc)
			WRITE_ONCE(sk->sk_max_ack_backlog, backlog);
		goto out;
	}
	if (sk->sk_state != SMC_INIT)
		goto out;

	smc_check_unsupported_opts(smc);
	smc_clcsock_sync_setup(smc);
	if (!smc_uses_fallback(smc)) {
		tcp_sk(clcsk)->syn_smc = 1;
		/* SMC_LIMIT_HS: no SMC option in SYN-ACKs while congested */
		if (READ_ONCE(smc->limit_smc_hs))
			tcp_sk(clcsk)->smc_hs_congested = smc_hs_congested;
	}
	smc_clcsock_set_callbacks(smc, SMC_CLCSOCK_CB_LISTEN);
	rc = kernel_listen(smc->clcsock, backlog);
	if (rc) {
		tcp_sk(clcsk)->syn_smc = 0;
		tcp_sk(clcsk)->smc_hs_congested = NULL;
		smc_clcsock_set_callbacks(smc, smc_uses_fallback(smc) ?
					  SMC_CLCSOCK_CB_FORWARD :
					  SMC_CLCSOCK_CB_ORIG);
		goto out;
	}
	WRITE_ONCE(sk->sk_max_ack_backlog, backlog);
	WRITE_ONCE(sk->sk_ack_backlog, 0);
	sk->sk_state = SMC_LISTEN;
out:
	release_sock(sk);
	return rc;
}

/* TCP_DEFER_ACCEPT of the listener: a blocking accept() waits, in the
 * caller's own context, up to that long for the client's first data (the
 * CLC exchange does not count) before it returns the new socket, as
 * Linux's smc does.  Waiting in the handshake work instead would let one
 * listener hold up the shared handshake workqueue, and with it every SMC
 * handshake of the host, for as long as it likes.
 */
static void smc_accept_defer_wait(struct smc_sock *smc, int secs)
{
	long timeo = (long)secs * HZ;
	struct sock *clcsk;

	if (smc_uses_fallback(smc)) {
		clcsk = smc->clcsock->sk;
		lock_sock(clcsk);
		if (skb_queue_empty(&clcsk->sk_receive_queue))
			sk_wait_data(clcsk, &timeo, NULL);
		release_sock(clcsk);
	} else {
		lock_sock(&smc->sk);
		smc_rx_wait_data(smc, &timeo);
		release_sock(&smc->sk);
	}
}

static int smc_accept(SMC_ACCEPT_ARGS)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	int flags = SMC_ACCEPT_FLAGS;
	struct sock *sk = sock->sk;
	struct smc_sock *lsmc = smc_sk(sk);
	struct smc_sock *smc;
	struct sock *nsk;
	int rc = 0, defer;
	long timeo;

	lock_sock(sk);
	if (sk->sk_state != SMC_LISTEN) {
		release_sock(sk);
		return -EINVAL;
	}
	timeo = sock_rcvtimeo(sk, flags & O_NONBLOCK);
	add_wait_queue_exclusive(sk_sleep(sk), &wait);
	while (!(smc = smc_accept_dequeue(lsmc))) {
		if (sk->sk_state != SMC_LISTEN) {
			rc = -EINVAL;
			break;
		}
		if (!timeo) {
			rc = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			rc = sock_intr_errno(timeo);
			break;
		}
		release_sock(sk);
		timeo = wait_woken(&wait, TASK_INTERRUPTIBLE, timeo);
		lock_sock(sk);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	release_sock(sk);
	if (rc)
		return rc;

	/* room in the backlog again */
	smc_listen_uncount_child(smc);

	nsk = &smc->sk;
	lock_sock(nsk);
	sock_graft(nsk, new_sock);
	new_sock->state = SS_CONNECTED;
	smc_sock_set_custom_sockopt(new_sock);
	if (smc_uses_fallback(smc))
		smc_clcsock_set_callbacks(smc, SMC_CLCSOCK_CB_FORWARD);
	release_sock(nsk);

	defer = READ_ONCE(lsmc->defer_accept);
	if (defer && !(flags & O_NONBLOCK))
		smc_accept_defer_wait(smc, defer);
	return 0;
}

static int smc_getname(struct socket *sock, struct sockaddr *addr, int peer)
{
	struct smc_sock *smc = smc_sk(sock->sk);

	return smc->clcsock->ops->getname(smc->clcsock, addr, peer);
}

/* poll() of an SMC-R connection, with TCP's answers for the same states */
static __poll_t smc_poll_smc(struct smc_sock *smc)
{
	struct smc_connection *conn = &smc->conn;
	struct sock *sk = &smc->sk;
	u8 shutdown = READ_ONCE(sk->sk_shutdown);
	__poll_t mask = 0;

	if (shutdown == SHUTDOWN_MASK || READ_ONCE(sk->sk_state) == SMC_CLOSED)
		mask |= EPOLLHUP;
	if ((shutdown & RCV_SHUTDOWN) ||
	    smc_cdc_rxed_any_close_or_senddone(conn) || conn->killed)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
	if (atomic_read(&conn->bytes_to_rcv))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(conn->urg_state) == SMC_URG_VALID)
		mask |= EPOLLPRI;
	if (shutdown & SEND_SHUTDOWN) {
		mask |= EPOLLOUT | EPOLLWRNORM;
	} else if (atomic_read(&conn->sndbuf_space) > 0 &&
		   !READ_ONCE(conn->urg_tx_pend)) {
		mask |= EPOLLOUT | EPOLLWRNORM;
	} else {
		sk_set_bit(SOCKWQ_ASYNC_NOSPACE, sk);
		set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		/* the space may have come back meanwhile */
		smp_mb__after_atomic();
		if (atomic_read(&conn->sndbuf_space) > 0)
			mask |= EPOLLOUT | EPOLLWRNORM;
	}
	return mask;
}

static __poll_t smc_poll(struct file *file, struct socket *sock,
			 poll_table *wait)
{
	struct sock *sk = sock->sk;
	struct smc_sock *smc = smc_sk(sk);
	__poll_t mask = 0;

	sock_poll_wait(file, sock, wait);

	if (READ_ONCE(sk->sk_state) == SMC_LISTEN)
		return smc_accept_queue_empty(smc) ? 0 : EPOLLIN | EPOLLRDNORM;

	/* like TCP in SYN_SENT: nothing to report but errors */
	if (READ_ONCE(smc->hs_state) == SMC_HS_RUNNING)
		return READ_ONCE(sk->sk_err) ? EPOLLERR : 0;

	if (smc_tcp_mode(smc))
		mask = smc->clcsock->ops->poll(file, smc->clcsock, NULL);
	else
		mask = smc_poll_smc(smc);
	if (READ_ONCE(sk->sk_err))
		mask |= EPOLLERR;
	return mask;
}

/* shutdown() of an SMC-R connection; sock lock held */
static int smc_shutdown_smc(struct smc_sock *smc, int how)
{
	struct sock *sk = &smc->sk;
	int rc = 0;

	switch (sk->sk_state) {
	case SMC_CLOSED:
		return -ENOTCONN;
	case SMC_ACTIVE:
	case SMC_APPCLOSEWAIT1:
	case SMC_APPCLOSEWAIT2:
		break;
	default:
		/* our side is closing already; reading stops like TCP's */
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | (how + 1));
		sk->sk_state_change(sk);
		return 0;
	}
	/* as TCP: a shut reading side sends nothing to the peer */
	if (how != SHUT_RD)
		rc = smc_close_shutdown_write(smc);
	if (smc->clcsock)
		kernel_sock_shutdown(smc->clcsock, how);
	WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | (how + 1));
	smc_close_wake_peer_event(smc);
	return rc;
}

static int smc_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	struct smc_sock *smc = smc_sk(sk);
	long timeo = MAX_SCHEDULE_TIMEOUT;
	int rc;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;

	lock_sock(sk);
	if (sk->sk_state == SMC_LISTEN) {
		/* like TCP: reading side shut means stop listening */
		if (how != SHUT_WR) {
			smc_listen_stop(smc);
			kernel_sock_shutdown(smc->clcsock, SHUT_RDWR);
		}
		release_sock(sk);
		return 0;
	}
	/* only a handshake past the TCP connect has to be waited for */
	if (smc->hs_state == SMC_HS_RUNNING &&
	    smc->clcsock->sk->sk_state != TCP_SYN_SENT) {
		rc = smc_wait_hs(smc, &timeo);
		if (rc) {
			release_sock(sk);
			return rc;
		}
	}
	if (!smc_tcp_mode(smc)) {
		rc = smc_shutdown_smc(smc, how);
		release_sock(sk);
		return rc;
	}
	release_sock(sk);

	rc = smc->clcsock->ops->shutdown(smc->clcsock, how);
	lock_sock(sk);
	WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | (how + 1));
	if (smc_uses_fallback(smc))
		sock->state = smc->clcsock->state;
	release_sock(sk);
	return rc;
}

/* TCP options SMC cannot carry: the socket uses TCP when they are set. */
static bool smc_tcp_opt_needs_fallback(int optname)
{
	switch (optname) {
	case TCP_FASTOPEN:
	case TCP_FASTOPEN_CONNECT:
	case TCP_FASTOPEN_KEY:
	case TCP_FASTOPEN_NO_COOKIE:
		return true;
	}
	return false;
}

static int smc_setsockopt_smc(struct smc_sock *smc, int optname,
			      sockptr_t optval, unsigned int optlen)
{
	int val;

	if (optname != SMC_LIMIT_HS)
		return -ENOPROTOOPT;
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(int)))
		return -EFAULT;
	lock_sock(&smc->sk);
	WRITE_ONCE(smc->limit_smc_hs, !!val);
	release_sock(&smc->sk);
	return 0;
}

/* An option SMC cannot honour was set before the connection: use TCP */
static void smc_fallback_for_option(struct smc_sock *smc)
{
	struct sock *sk = &smc->sk;

	lock_sock(sk);
	if ((sk->sk_state == SMC_INIT || sk->sk_state == SMC_LISTEN) &&
	    smc->hs_state == SMC_HS_NONE)
		smc_switch_to_fallback(smc, SMC_CLC_DECL_OPTUNSUPP);
	release_sock(sk);
}

#ifdef SMC_HAVE_CUSTOM_SOCKOPT
/* Options that act on TCP's listener only: its reuseport group */
static bool smc_sol_socket_clcsock_only(int optname)
{
	switch (optname) {
	case SO_REUSEPORT:
	case SO_ATTACH_REUSEPORT_CBPF:
	case SO_ATTACH_REUSEPORT_EBPF:
	case SO_DETACH_REUSEPORT_BPF:
		return true;
	}
	return false;
}

/* Where the kernel lets a protocol see SOL_SOCKET options (6.12), they are
 * applied to both sockets at once: the SMC socket, whose values getsockopt
 * reports, and the clcsock, where TCP acts on them.  The reuseport family
 * belongs to TCP's listener alone; net/core refuses it for AF_SMC.
 */
static int smc_setsockopt_socket(struct smc_sock *smc, int optname,
				 sockptr_t optval, unsigned int optlen)
{
	struct socket *sock = smc->sk.sk_socket;
	int val, rc;

	if (smc_sol_socket_clcsock_only(optname)) {
		/* a BPF program picking the listener is beyond SMC's reach */
		bool no_smc = optname != SO_REUSEPORT &&
			      optname != SO_ATTACH_REUSEPORT_CBPF;

		if (no_smc && !smc_tcp_mode(smc))
			return -EOPNOTSUPP;
		rc = sock_setsockopt(smc->clcsock, SOL_SOCKET, optname, optval,
				     optlen);
		if (rc)
			return rc;
		if (optname == SO_REUSEPORT &&
		    !copy_from_sockptr(&val, optval, sizeof(val))) {
			lock_sock(&smc->sk);
			smc->sk.sk_reuseport = !!val;
			release_sock(&smc->sk);
		}
		if (no_smc)
			smc_fallback_for_option(smc);
		return 0;
	}
	rc = sock_setsockopt(sock, SOL_SOCKET, optname, optval, optlen);
	if (!rc)
		sock_setsockopt(smc->clcsock, SOL_SOCKET, optname, optval,
				optlen);
	return rc;
}
#endif

static int smc_setsockopt(struct socket *sock, int level, int optname,
			  sockptr_t optval, unsigned int optlen)
{
	struct sock *sk = sock->sk;
	struct smc_sock *smc = smc_sk(sk);
	int val, rc;

	if (level == SOL_SMC)
		return smc_setsockopt_smc(smc, optname, optval, optlen);
#ifdef SMC_HAVE_CUSTOM_SOCKOPT
	if (level == SOL_SOCKET)
		return smc_setsockopt_socket(smc, optname, optval, optlen);
#endif
	if (level == SOL_TCP) {
		if (optname == TCP_ULP)
			return -EOPNOTSUPP;
		if (smc_tcp_opt_needs_fallback(optname) && !smc_tcp_mode(smc))
			return -EOPNOTSUPP;
	}

	rc = smc->clcsock->ops->setsockopt(smc->clcsock, level, optname,
					   optval, optlen);
	if (rc || level != SOL_TCP)
		return rc;

	if (smc_tcp_opt_needs_fallback(optname)) {
		smc_fallback_for_option(smc);
	} else if ((optname == TCP_NODELAY || optname == TCP_CORK) &&
		   !smc_tcp_mode(smc)) {
		/* Linux counts what pushes data out: NODELAY on, CORK off */
		if (optlen >= sizeof(int) &&
		    !copy_from_sockptr(&val, optval, sizeof(int))) {
			if (optname == TCP_NODELAY && val)
				smc_stats_inc(sock_net(sk), SMC_STATS_NODELAY);
			else if (optname == TCP_CORK && !val)
				smc_stats_inc(sock_net(sk), SMC_STATS_CORK);
		}
		/* as TCP: data held back for corking leaves now */
		lock_sock(sk);
		if (!smc_tx_is_corked(smc))
			smc_tx_push(&smc->conn);
		release_sock(sk);
	} else if (optname == TCP_DEFER_ACCEPT && optlen >= sizeof(int) &&
		   !copy_from_sockptr(&val, optval, sizeof(int))) {
		lock_sock(sk);
		WRITE_ONCE(smc->defer_accept, max(val, 0));
		release_sock(sk);
	}
	return 0;
}

static int smc_getsockopt(struct socket *sock, int level, int optname,
			  char __user *optval, int __user *optlen)
{
	struct smc_sock *smc = smc_sk(sock->sk);
	int val, len;

	if (level != SOL_SMC)
		return smc->clcsock->ops->getsockopt(smc->clcsock, level,
						     optname, optval, optlen);
	if (optname != SMC_LIMIT_HS)
		return -ENOPROTOOPT;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	len = min_t(int, len, sizeof(int));
	val = READ_ONCE(smc->limit_smc_hs);
	if (put_user(len, optlen) || copy_to_user(optval, &val, len))
		return -EFAULT;
	return 0;
}

/* The queue ioctls of TCP, answered from the SMC-R buffers */
static int smc_ioctl_smc(struct smc_sock *smc, unsigned int cmd,
			 unsigned long arg)
{
	struct smc_connection *conn = &smc->conn;
	struct sock *sk = &smc->sk;
	int answ;

	lock_sock(sk);
	if (conn->freed || !conn->sndbuf_desc) {
		answ = 0;
		goto out;
	}
	switch (cmd) {
	case SIOCINQ:
		answ = atomic_read(&conn->bytes_to_rcv);
		break;
	case SIOCOUTQ:		/* not yet confirmed by the peer */
		answ = conn->sndbuf_desc->len -
		       atomic_read(&conn->sndbuf_space);
		break;
	case SIOCOUTQNSD:	/* not yet written to the peer */
		answ = smc_tx_prepared_sends(conn);
		break;
	case SIOCATMARK:
		answ = smc_rx_ioctl_atmark(smc);
		break;
	default:
		release_sock(sk);
		return -ENOIOCTLCMD;
	}
out:
	release_sock(sk);
	return put_user(answ, (int __user *)arg);
}

static int smc_ioctl(struct socket *sock, unsigned int cmd,
		     unsigned long arg)
{
	struct smc_sock *smc = smc_sk(sock->sk);

	/* the queues hold handshake bytes, not the user's data */
	if (READ_ONCE(smc->hs_state) == SMC_HS_RUNNING) {
		switch (cmd) {
		case SIOCINQ:
		case SIOCOUTQ:
		case SIOCOUTQNSD:
		case SIOCATMARK:
			return put_user(0, (int __user *)arg);
		}
	}
	if (!smc_tcp_mode(smc))
		return smc_ioctl_smc(smc, cmd, arg);
	return smc->clcsock->ops->ioctl(smc->clcsock, cmd, arg);
}

static int smc_gettstamp(struct socket *sock, void __user *userstamp,
			 bool timeval, bool time32)
{
	struct smc_sock *smc = smc_sk(sock->sk);

	return sock_gettstamp(smc->clcsock, userstamp, timeval, time32);
}

/* MSG_FASTOPEN connects with data in the SYN, which SMC cannot do */
static int smc_sendmsg_fastopen(struct smc_sock *smc)
{
	struct sock *sk = &smc->sk;
	int rc = 0;

	lock_sock(sk);
	if (!smc->use_fallback) {
		if (sk->sk_state == SMC_INIT && smc->hs_state == SMC_HS_NONE)
			smc_switch_to_fallback(smc, SMC_CLC_DECL_OPTUNSUPP);
		else if (!smc_tcp_mode(smc))
			rc = -EISCONN;
	}
	release_sock(sk);
	return rc;
}

static int smc_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct sock *sk = sock->sk;
	struct smc_sock *smc = smc_sk(sk);
	int rc;

	if (unlikely(msg->msg_flags & MSG_FASTOPEN)) {
		rc = smc_sendmsg_fastopen(smc);
		if (rc)
			return rc;
	}
	rc = smc_wait_hs_unlocked(smc, sock_sndtimeo(sk, msg->msg_flags &
							  MSG_DONTWAIT));
	if (rc)
		return rc;
	if (!smc_tcp_mode(smc)) {
		lock_sock(sk);
		rc = smc_tx_sendmsg(smc, msg, len);
		release_sock(sk);
		smc_stats_tx_payload(sock_net(sk), len, rc);
		return rc;
	}

	rc = smc_failed_connect_error(smc);
	if (rc)
		return rc;
	smc_clcsock_sync_opts(smc);
	return smc_tcp_result(smc, smc->clcsock->ops->sendmsg(smc->clcsock,
							      msg, len));
}

static int smc_recvmsg(struct socket *sock, struct msghdr *msg, size_t len,
		       int flags)
{
	struct sock *sk = sock->sk;
	struct smc_sock *smc = smc_sk(sk);
	int rc;

	rc = smc_wait_hs_unlocked(smc, sock_rcvtimeo(sk, flags & MSG_DONTWAIT));
	if (rc)
		return rc;
	if (!smc_tcp_mode(smc) && !(flags & MSG_ERRQUEUE)) {
		lock_sock(sk);
		rc = smc_rx_recvmsg(smc, msg, len, flags);
		release_sock(sk);
		smc_stats_rx_payload(sock_net(sk), rc);
		return rc;
	}

	rc = smc_failed_connect_error(smc);
	if (rc)
		return rc;
	smc_clcsock_sync_opts(smc);
	return smc_tcp_result(smc, smc->clcsock->ops->recvmsg(smc->clcsock,
							      msg, len, flags));
}

static ssize_t smc_splice_read(struct socket *sock, loff_t *ppos,
			       struct pipe_inode_info *pipe, size_t len,
			       unsigned int flags)
{
	struct sock *sk = sock->sk;
	struct smc_sock *smc = smc_sk(sk);
	bool nonblock = (flags & SPLICE_F_NONBLOCK) ||
			(sock->file && (sock->file->f_flags & O_NONBLOCK));
	int rc;

	rc = smc_wait_hs_unlocked(smc, sock_rcvtimeo(sk, nonblock));
	if (rc)
		return rc;
	/* SMC-R data is not in skbs: copy it through our recvmsg */
	if (!smc_tcp_mode(smc)) {
		smc_stats_inc(sock_net(sk), SMC_STATS_SPLICE);
		return sock->file ? smc_copy_splice_read(sock->file, ppos, pipe,
							 len, flags) :
				    -EOPNOTSUPP;
	}

	smc_clcsock_sync_opts(smc);
	/* TCP reads O_NONBLOCK from the socket's file; lend it ours */
	if (!READ_ONCE(smc->clcsock->file))
		WRITE_ONCE(smc->clcsock->file, sock->file);
	return smc->clcsock->ops->splice_read(smc->clcsock, ppos, pipe, len,
					      flags);
}

#ifdef SMC_HAVE_SENDPAGE
static ssize_t smc_sendpage(struct socket *sock, struct page *page,
			    int offset, size_t size, int flags)
{
	struct sock *sk = sock->sk;
	struct smc_sock *smc = smc_sk(sk);
	int rc;

	rc = smc_wait_hs_unlocked(smc, sock_sndtimeo(sk, flags &
						      MSG_DONTWAIT));
	if (rc)
		return rc;
	/* through our sendmsg */
	if (!smc_tcp_mode(smc)) {
		smc_stats_inc(sock_net(sk), SMC_STATS_SENDPAGE);
		return sock_no_sendpage(sock, page, offset, size, flags);
	}

	smc_clcsock_sync_opts(smc);
	return smc->clcsock->ops->sendpage(smc->clcsock, page, offset, size,
					   flags);
}
#endif

#ifdef SMC_HAVE_SPLICE_EOF
static void smc_splice_eof(struct socket *sock)
{
	struct smc_sock *smc = smc_sk(sock->sk);

	if (!smc_tcp_mode(smc)) {
		/* what MSG_MORE held back goes now */
		lock_sock(&smc->sk);
		smc_tx_push(&smc->conn);
		release_sock(&smc->sk);
		return;
	}
	if (smc->clcsock->ops->splice_eof)
		smc->clcsock->ops->splice_eof(smc->clcsock);
}
#endif

static const struct proto_ops smc_sock_ops = {
	.family		= PF_SMC,
	.owner		= THIS_MODULE,
	.release	= smc_release,
	.bind		= smc_bind,
	.connect	= smc_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= smc_accept,
	.getname	= smc_getname,
	.poll		= smc_poll,
	.ioctl		= smc_ioctl,
	.gettstamp	= smc_gettstamp,
	.listen		= smc_listen,
	.shutdown	= smc_shutdown,
	.setsockopt	= smc_setsockopt,
	.getsockopt	= smc_getsockopt,
	.sendmsg	= smc_sendmsg,
	.recvmsg	= smc_recvmsg,
	.mmap		= sock_no_mmap,
	.splice_read	= smc_splice_read,
#ifdef SMC_HAVE_SENDPAGE
	.sendpage	= smc_sendpage,
#endif
#ifdef SMC_HAVE_SPLICE_EOF
	.splice_eof	= smc_splice_eof,
#endif
};

static int smc_create(struct net *net, struct socket *sock, int protocol,
		      int kern)
{
	struct smc_sock *smc;
	struct sock *sk;
	int rc;

	if (sock->type != SOCK_STREAM)
		return -ESOCKTNOSUPPORT;
	if (protocol != SMCPROTO_SMC && protocol != SMCPROTO_SMC6)
		return -EPROTONOSUPPORT;

	sock->ops = &smc_sock_ops;
	sock->state = SS_UNCONNECTED;
	smc_sock_set_custom_sockopt(sock);
	sk = smc_sock_alloc(net, sock, protocol);
	if (!sk)
		return -ENOMEM;
	smc = smc_sk(sk);
	rc = smc_clcsock_create(smc);
	if (rc) {
		smc_sock_table_del(smc);
		sock_orphan(sk);
		sock->sk = NULL;
		sock_put(sk);
	}
	return rc;
}

static const struct net_proto_family smc_family_ops = {
	.family	= PF_SMC,
	.owner	= THIS_MODULE,
	.create	= smc_create,
};

static int __init smc_init(void)
{
	int rc;

	rc = smc_netns_init();
	if (rc)
		return rc;
	rc = smc_dump_init();
	if (rc)
		goto out_netns;
	rc = smc_stats_init();
	if (rc)
		goto out_dump;
	smc_eid_init();
	rc = smc_pnet_init();
	if (rc)
		goto out_stats;
	rc = smc_nl_init();
	if (rc)
		goto out_pnet;
	rc = smc_policy_init();
	if (rc)
		goto out_nl;
	rc = smc_core_init();
	if (rc)
		goto out_policy;
	rc = smc_ib_init();
	if (rc)
		goto out_core;

	rc = -ENOMEM;
	smc_hs_wq = alloc_workqueue("smc_hs_wq", WQ_UNBOUND, 0);
	if (!smc_hs_wq)
		goto out_ib;
	smc_listen_wq = alloc_workqueue("smc_listen_wq", 0, 0);
	if (!smc_listen_wq)
		goto out_hs_wq;

	rc = proto_register(&smc_proto, 1);
	if (rc)
		goto out_listen_wq;
	rc = proto_register(&smc_proto6, 1);
	if (rc)
		goto out_proto;
	rc = sock_register(&smc_family_ops);
	if (rc) {
		pr_err("cannot register AF_SMC (%d): is another smc module loaded?\n",
		       rc);
		goto out_proto6;
	}
	static_branch_inc(&tcp_have_smc);
	/* last: it hands new sockets to AF_SMC */
	smc_tcp2smc_init();
	return 0;

out_proto6:
	proto_unregister(&smc_proto6);
out_proto:
	proto_unregister(&smc_proto);
out_listen_wq:
	destroy_workqueue(smc_listen_wq);
out_hs_wq:
	destroy_workqueue(smc_hs_wq);
out_ib:
	smc_ib_exit();
out_core:
	smc_core_exit();
out_policy:
	smc_policy_exit();
out_nl:
	smc_nl_exit();
out_pnet:
	smc_pnet_exit();
out_stats:
	smc_stats_exit();
out_dump:
	smc_dump_exit();
out_netns:
	smc_netns_exit();
	return rc;
}

static void __exit smc_exit(void)
{
	smc_tcp2smc_exit();
	static_branch_dec(&tcp_have_smc);
	sock_unregister(PF_SMC);
	proto_unregister(&smc_proto6);
	proto_unregister(&smc_proto);
	destroy_workqueue(smc_listen_wq);
	destroy_workqueue(smc_hs_wq);
	/* no socket is left; link groups lingering for reuse go now */
	smc_core_free_all();
	smc_ib_exit();
	smc_core_exit();
	smc_policy_exit();
	smc_nl_exit();
	smc_pnet_exit();
	smc_stats_exit();
	smc_dump_exit();
	smc_netns_exit();
}

module_init(smc_init);
module_exit(smc_exit);

MODULE_DESCRIPTION("AF_SMC: Shared Memory Communications over RDMA");
MODULE_LICENSE("GPL");
MODULE_ALIAS_NETPROTO(PF_SMC);
