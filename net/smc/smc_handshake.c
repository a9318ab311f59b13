// SPDX-License-Identifier: GPL-2.0
/*
 * Connection setup of SMC sockets.
 *
 * A connection starts as TCP.  When both SYN and SYN-ACK carried the SMC
 * option, the CLC handshake runs over that TCP connection and either sets up
 * SMC or ends in a DECLINE, after which both ends keep using the TCP
 * connection with a cause code recorded.  The handshake runs in workqueue
 * context on both sides, so a slow or silent peer only ever delays that one
 * connection, by at most the bounded CLC waits.
 *
 * Result convention of the negotiation helpers: 0 means SMC is set up, a
 * positive value is the cause code to fall back with, a negative value is
 * an error that ends the connection (the stream can no longer be trusted).
 */

#include <linux/inetdevice.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/xfrm.h>

#include "smc.h"
#include "smc_clc.h"
#include "smc_clcsock.h"
#include "smc_handshake.h"
#include "smc_negotiate.h"

struct workqueue_struct *smc_hs_wq;

static bool smc_uses_ipsec(const struct sock *clcsk)
{
#ifdef CONFIG_XFRM
	return rcu_access_pointer(clcsk->sk_policy[0]) ||
	       rcu_access_pointer(clcsk->sk_policy[1]);
#else
	return false;
#endif
}

/* Decline and fall back; a failed send ends the connection instead. */
static int smc_hs_decline(struct smc_sock *smc, u32 code, u8 version)
{
	int rc = smc_clc_send_decline(smc, code, version);

	return rc ? rc : code;
}

/* What to do after smc_clc_recv() failed */
static int smc_hs_recv_failed(struct smc_sock *smc, int err, u8 version)
{
	u32 code;

	if (!smc_clc_recv_err_allows_fallback(err))
		return err;
	code = smc_clc_recv_err_to_code(err);
	/* a peer that does not speak CLC would take a DECLINE for data */
	if (err == -ENOMSG)
		return code;
	return smc_hs_decline(smc, code, version);
}

/* A DECLINE from the peer ends the handshake: record its diagnosis */
static int smc_hs_peer_declined(struct smc_sock *smc, const void *buf,
				int len)
{
	struct smc_clc_decline_info dclc;

	if (smc_clc_decline_decode(buf, len, &dclc))
		return SMC_CLC_DECL_SYNCERR;
	smc->peer_diagnosis = dclc.diagnosis;
	return SMC_CLC_DECL_PEERDECL;
}

/* ---- client ---------------------------------------------------------- */

static int smc_wait_tcp_connect(struct smc_sock *smc)
{
	struct sock *clcsk = smc->clcsock->sk;
	long timeo = MAX_SCHEDULE_TIMEOUT;
	int rc = 0;

	lock_sock(clcsk);
	if ((1 << clcsk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV))
		rc = sk_stream_wait_connect(clcsk, &timeo);
	/* -EPIPE only says the SYN states were left; see where to */
	if (!rc || rc == -EPIPE) {
		rc = sock_error(clcsk);
		if (!rc && !((1 << clcsk->sk_state) &
			     (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)))
			rc = -ECONNRESET;
	}
	release_sock(clcsk);
	return rc;
}

static int smc_client_negotiate(struct smc_sock *smc)
{
	struct sock *clcsk = smc->clcsock->sk;

	if (!tcp_sk(clcsk)->syn_smc)
		return SMC_CLC_DECL_PEERNOSMC;
	if (smc_uses_ipsec(clcsk))
		return smc_hs_decline(smc, SMC_CLC_DECL_IPSEC, SMC_V1);
	/* Nothing can be proposed without an RDMA device.  Like Linux's module
	 * the client then declines at once, with a v1 DECLINE since it has no
	 * SMC-Dv2 capability either.
	 */
	return smc_hs_decline(smc, SMC_CLC_DECL_NOSMCDEV, SMC_V1);
}

/* Called with the sock lock held. */
static void smc_connect_finish(struct smc_sock *smc, int rc)
{
	struct sock *sk = &smc->sk;

	if (rc > 0) {
		smc_switch_to_fallback(smc, rc);
		rc = 0;
	}
	if (!rc) {
		if (sk->sk_state == SMC_INIT)
			sk->sk_state = SMC_ACTIVE;
		/* as after TCP's own connect(): a second one says EISCONN */
		smc->clcsock->state = SS_CONNECTED;
	} else {
		WRITE_ONCE(sk->sk_err, -rc);
		sk->sk_state = SMC_CLOSED;
		/* a stream out of step must not linger half open */
		if (rc == -EBADMSG)
			tcp_abort(smc->clcsock->sk, ECONNABORTED);
	}
	WRITE_ONCE(smc->hs_state, SMC_HS_DONE);
	if (!sock_flag(sk, SOCK_DEAD)) {
		sk->sk_state_change(sk);
		sk_wake_async(sk, SOCK_WAKE_IO, rc ? POLL_ERR : POLL_OUT);
	}
}

void smc_connect_work(struct work_struct *work)
{
	struct smc_sock *smc = container_of(work, struct smc_sock,
					    connect_work);
	struct sock *sk = &smc->sk;
	int rc;

	rc = smc_wait_tcp_connect(smc);
	if (!rc && !smc_uses_fallback(smc))
		rc = smc_client_negotiate(smc);

	lock_sock(sk);
	smc_connect_finish(smc, rc);
	release_sock(sk);
	sock_put(sk);	/* taken when the work was queued */
}

/* ---- server ---------------------------------------------------------- */

static bool smc_prefix_match_v4(struct net_device *dev,
				const struct smc_clc_proposal_info *prop)
{
	struct in_device *in_dev = __in_dev_get_rcu(dev);
	const struct in_ifaddr *ifa;

	if (!in_dev)
		return false;
	in_dev_for_each_ifa_rcu(ifa, in_dev) {
		if (prop->ipv4_prefix_len == inet_mask_len(ifa->ifa_mask) &&
		    inet_ifa_match(prop->ipv4_subnet, ifa))
			return true;
	}
	return false;
}

static bool smc_prefix_match_v6(struct net_device *dev,
				const struct smc_clc_proposal_info *prop)
{
	bool match = false;
#if IS_ENABLED(CONFIG_IPV6)
	struct inet6_dev *in6_dev = __in6_dev_get(dev);
	struct inet6_ifaddr *ifa;
	int i;

	if (!in6_dev)
		return false;
	read_lock_bh(&in6_dev->lock);
	list_for_each_entry(ifa, &in6_dev->addr_list, if_list) {
		if (ipv6_addr_type(&ifa->addr) & IPV6_ADDR_LINKLOCAL)
			continue;
		for (i = 0; i < prop->ipv6_prefix_cnt && !match; i++) {
			const struct smc_clc_ipv6_prefix *p = &prop->ipv6_prefix[i];
			struct in6_addr prefix;

			memcpy(&prefix, p->prefix, sizeof(prefix));
			match = ifa->prefix_len == p->prefix_len &&
				ipv6_prefix_equal(&ifa->addr, &prefix,
						  ifa->prefix_len);
		}
		if (match)
			break;
	}
	read_unlock_bh(&in6_dev->lock);
#endif
	return match;
}

/* Facts about this connection's route the server decision depends on */
static void smc_srv_gather_facts(struct smc_sock *smc,
				 const struct smc_clc_proposal_info *prop,
				 struct smc_srv_facts *facts)
{
	struct dst_entry *dst;
	struct net_device *dev;

	memset(facts, 0, sizeof(*facts));
	rcu_read_lock();
	dst = __sk_dst_get(smc->clcsock->sk);
	dev = dst ? dst->dev : NULL;
	if (dev) {
		facts->vlan_ok = true;
		if (prop->has_prefix)
			facts->prefix_match = prop->ipv6_prefix_cnt ?
				smc_prefix_match_v6(dev, prop) :
				smc_prefix_match_v4(dev, prop);
	}
	rcu_read_unlock();
}

static int smc_server_negotiate(struct smc_sock *smc)
{
	struct smc_clc_proposal_info *prop = NULL;
	struct smc_srv_decision decision;
	struct smc_srv_facts facts;
	u8 version = SMC_V1;
	void *buf;
	int rc;

	if (!tcp_sk(smc->clcsock->sk)->syn_smc)
		return SMC_CLC_DECL_PEERNOSMC;

	buf = kzalloc(SMC_CLC_MAX_MSG_LEN, GFP_KERNEL);
	if (!buf)
		return smc_hs_decline(smc, SMC_CLC_DECL_MEM, version);

	rc = smc_clc_recv(smc, SMC_CLC_PROPOSAL, buf, SMC_CLC_MAX_MSG_LEN,
			  SMC_CLC_WAIT_TIME);
	if (rc < 0) {
		rc = smc_hs_recv_failed(smc, rc, version);
		goto out;
	}
	if (((struct smc_clc_hdr *)buf)->type == SMC_CLC_DECLINE) {
		rc = smc_hs_peer_declined(smc, buf, rc);
		goto out;
	}

	prop = kzalloc(sizeof(*prop), GFP_KERNEL);
	if (!prop) {
		rc = smc_hs_decline(smc, SMC_CLC_DECL_MEM, version);
		goto out;
	}
	if (smc_clc_proposal_decode(buf, rc, prop)) {
		rc = smc_hs_decline(smc, SMC_CLC_DECL_SYNCERR, version);
		goto out;
	}
	if (prop->version >= SMC_V2)
		version = SMC_V2;
	if (smc_uses_ipsec(smc->clcsock->sk)) {
		rc = smc_hs_decline(smc, SMC_CLC_DECL_IPSEC, version);
		goto out;
	}

	smc_srv_gather_facts(smc, prop, &facts);
	smc_srv_decide(prop, &facts, &decision);
	/* no RDMA device can have been found yet: every path declines */
	rc = smc_hs_decline(smc, decision.code ?: SMC_CLC_DECL_NOSMCDEV,
			    version);
out:
	kfree(prop);
	kfree(buf);
	return rc;
}

/* Queue a finished child for accept(); false if the listener is gone. */
static bool smc_accept_enqueue(struct smc_sock *lsmc, struct smc_sock *smc)
{
	struct sock *lsk = &lsmc->sk;
	bool queued = false;

	spin_lock_bh(&lsmc->accept_q_lock);
	if (READ_ONCE(lsk->sk_state) == SMC_LISTEN) {
		list_add_tail(&smc->accept_node, &lsmc->accept_q);
		sk_acceptq_added(lsk);
		queued = true;
	}
	spin_unlock_bh(&lsmc->accept_q_lock);
	if (queued)
		lsk->sk_data_ready(lsk);
	return queued;
}

struct smc_sock *smc_accept_dequeue(struct smc_sock *lsmc)
{
	struct smc_sock *smc = NULL;

	spin_lock_bh(&lsmc->accept_q_lock);
	if (!list_empty(&lsmc->accept_q)) {
		smc = list_first_entry(&lsmc->accept_q, struct smc_sock,
				       accept_node);
		list_del_init(&smc->accept_node);
		sk_acceptq_removed(&lsmc->sk);
	}
	spin_unlock_bh(&lsmc->accept_q_lock);
	return smc;
}

bool smc_accept_queue_empty(struct smc_sock *lsmc)
{
	return list_empty_careful(&lsmc->accept_q);
}

/* TCP_DEFER_ACCEPT: like TCP, hand the connection out only once the
 * client has sent data (our CLC exchange does not count), or the time is up.
 */
static void smc_srv_defer_accept(struct smc_sock *smc)
{
	struct sock *clcsk = smc->clcsock->sk;
	long timeo = (long)smc->defer_accept * HZ;

	lock_sock(clcsk);
	if (skb_queue_empty(&clcsk->sk_receive_queue))
		sk_wait_data(clcsk, &timeo, NULL);
	release_sock(clcsk);
}

void smc_srv_hs_work(struct work_struct *work)
{
	struct smc_sock *smc = container_of(work, struct smc_sock,
					    srv_hs_work);
	struct smc_sock *lsmc = smc->listen_smc;
	struct sock *sk = &smc->sk;
	int rc = 0;

	if (READ_ONCE(lsmc->sk.sk_state) != SMC_LISTEN)
		rc = -ECONNABORTED;
	else if (!smc_uses_fallback(smc))
		rc = smc_server_negotiate(smc);

	if (rc > 0 && smc->defer_accept)
		smc_srv_defer_accept(smc);

	lock_sock(sk);
	if (rc > 0) {
		smc_switch_to_fallback(smc, rc);
		rc = 0;
	}
	sk->sk_state = rc ? SMC_CLOSED : SMC_ACTIVE;
	WRITE_ONCE(smc->hs_state, SMC_HS_DONE);
	release_sock(sk);

	if (rc || !smc_accept_enqueue(lsmc, smc)) {
		smc_listen_uncount_child(smc);
		smc_sock_destroy_unaccepted(smc);
	}
	smc_listen_kick(lsmc);
	sock_put(&lsmc->sk);	/* the child's hold on its listener */
}

/* ---- listener --------------------------------------------------------- */

/* Schedule a pass over the TCP accept queue (any context). */
void smc_listen_kick(struct smc_sock *lsmc)
{
	if (READ_ONCE(lsmc->sk.sk_state) != SMC_LISTEN)
		return;
	sock_hold(&lsmc->sk);
	if (!queue_work(smc_listen_wq, &lsmc->tcp_listen_work))
		sock_put(&lsmc->sk);
}

/* A child taken from TCP's accept queue stays counted in TCP's backlog
 * until accept() hands it out (or it is dropped): TCP then applies its own
 * backlog limit to the whole way from SYN to accept(), exactly as for a
 * plain TCP listener, although the SMC handshake sits in between.
 */
static void smc_listen_count_child(struct smc_sock *smc, bool count)
{
	struct smc_sock *lsmc = smc->listen_smc;
	struct request_sock_queue *queue;
	struct sock *clcsk;

	if (smc->counted_in_backlog == count)
		return;
	smc->counted_in_backlog = count;
	spin_lock_bh(&lsmc->accept_q_lock);
	/* once the listener stopped, its clcsock may be gone */
	if (lsmc->sk.sk_state == SMC_LISTEN) {
		clcsk = lsmc->clcsock->sk;
		queue = &inet_csk(clcsk)->icsk_accept_queue;
		spin_lock(&queue->rskq_lock);
		if (count) {
			sk_acceptq_added(clcsk);
			lsmc->backlog_held++;
		} else {
			sk_acceptq_removed(clcsk);
			lsmc->backlog_held--;
		}
		spin_unlock(&queue->rskq_lock);
	}
	spin_unlock_bh(&lsmc->accept_q_lock);
}

/* TCP expects an empty accept queue when its listener closes */
static void smc_listen_uncount_all(struct smc_sock *lsmc)
{
	struct sock *clcsk = lsmc->clcsock->sk;
	struct request_sock_queue *queue;

	queue = &inet_csk(clcsk)->icsk_accept_queue;
	spin_lock(&queue->rskq_lock);
	WRITE_ONCE(clcsk->sk_ack_backlog,
		   clcsk->sk_ack_backlog - lsmc->backlog_held);
	lsmc->backlog_held = 0;
	spin_unlock(&queue->rskq_lock);
}

void smc_listen_uncount_child(struct smc_sock *smc)
{
	if (smc->listen_smc)
		smc_listen_count_child(smc, false);
}

static struct smc_sock *smc_listen_new_child(struct smc_sock *lsmc,
					     struct socket *clcsock)
{
	struct sock *lsk = &lsmc->sk;
	struct smc_sock *smc;
	struct sock *sk;

	sk = smc_sock_alloc(sock_net(lsk), NULL, lsk->sk_protocol);
	if (!sk)
		return NULL;
	smc = smc_sk(sk);
	smc->clcsock = clcsock;
	smc_clcsock_adopt_child(lsmc, clcsock);
	smc_clcsock_inherit_opts(sk, lsk);
	smc->listen_smc = lsmc;
	smc->hs_state = SMC_HS_RUNNING;
	smc->defer_accept = lsmc->defer_accept;
	if (smc_uses_fallback(lsmc))
		smc_switch_to_fallback(smc, lsmc->fallback_rsn);
	return smc;
}

void smc_tcp_listen_work(struct work_struct *work)
{
	struct smc_sock *lsmc = container_of(work, struct smc_sock,
					     tcp_listen_work);
	struct socket *clcsock;
	struct smc_sock *smc;

	while (READ_ONCE(lsmc->sk.sk_state) == SMC_LISTEN) {
		if (kernel_accept(lsmc->clcsock, &clcsock, O_NONBLOCK))
			break;
		smc = smc_listen_new_child(lsmc, clcsock);
		if (!smc) {
			/* like TCP under memory pressure: drop it */
			sock_release(clcsock);
			continue;
		}
		smc_listen_count_child(smc, true);
		sock_hold(&lsmc->sk);	/* put at the end of srv_hs_work */
		queue_work(smc_hs_wq, &smc->srv_hs_work);
	}
	sock_put(&lsmc->sk);	/* taken by smc_listen_kick() */
}

/* The listener goes away (close or shutdown): no more children are pulled
 * from TCP, children done with their handshake are closed, children still in
 * it notice and close themselves.  Called with the sock lock held.
 */
void smc_listen_stop(struct smc_sock *lsmc)
{
	struct sock *lsk = &lsmc->sk;
	struct smc_sock *smc, *tmp;
	LIST_HEAD(orphans);

	spin_lock_bh(&lsmc->accept_q_lock);
	smc_listen_uncount_all(lsmc);
	lsk->sk_state = SMC_CLOSED;
	list_splice_init(&lsmc->accept_q, &orphans);
	WRITE_ONCE(lsk->sk_ack_backlog, 0);
	spin_unlock_bh(&lsmc->accept_q_lock);

	smc_clcsock_set_callbacks(lsmc, SMC_CLCSOCK_CB_ORIG);
	release_sock(lsk);
	if (cancel_work_sync(&lsmc->tcp_listen_work))
		sock_put(lsk);
	list_for_each_entry_safe(smc, tmp, &orphans, accept_node) {
		list_del_init(&smc->accept_node);
		smc_sock_destroy_unaccepted(smc);
	}
	lock_sock(lsk);
	lsk->sk_state_change(lsk);	/* accept() waiters give up */
}
