// SPDX-License-Identifier: GPL-2.0
/*
 * sock_diag for AF_SMC sockets (smc_diag.ko).
 *
 * Answers SOCK_DIAG_BY_FAMILY dumps for family AF_SMC with the layout of
 * include/uapi/linux/smc_diag.h, so smcss and other tools written for
 * Linux's own module read our sockets unchanged.
 */

#include <linux/module.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/smc_diag.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "smc.h"

/* cb->args[] of a dump that has to continue in a new skb: the table, and
 * the sequence number of the last socket reported from it (0: none yet)
 */
enum {
	SMC_DIAG_ARG_TABLE,
	SMC_DIAG_ARG_SEQ,
};

static struct smc_sock_table *const smc_diag_tables[] = {
	&smc_sock_table_v4,
	&smc_sock_table_v6,
};

static void smc_diag_fill_id(struct smc_diag_msg *r, struct sock *sk,
			     struct socket *clcsock)
{
	struct sock *clcsk;

	sock_diag_save_cookie(sk, r->id.idiag_cookie);
	if (!clcsock)
		return;
	clcsk = clcsock->sk;
	r->id.idiag_sport = htons(clcsk->sk_num);
	r->id.idiag_dport = clcsk->sk_dport;
	r->id.idiag_if = clcsk->sk_bound_dev_if;
	if (sk->sk_protocol == SMCPROTO_SMC) {
		r->id.idiag_src[0] = clcsk->sk_rcv_saddr;
		r->id.idiag_dst[0] = clcsk->sk_daddr;
#if IS_ENABLED(CONFIG_IPV6)
	} else {
		memcpy(r->id.idiag_src, &clcsk->sk_v6_rcv_saddr,
		       sizeof(clcsk->sk_v6_rcv_saddr));
		memcpy(r->id.idiag_dst, &clcsk->sk_v6_daddr,
		       sizeof(clcsk->sk_v6_daddr));
#endif
	}
}

/* A socket that fell back before connect() was connected by TCP itself;
 * report what TCP did rather than the state SMC never got to update.
 */
static u8 smc_diag_state(struct smc_sock *smc, struct socket *clcsock)
{
	u8 state = READ_ONCE(smc->sk.sk_state);

	if (state == SMC_INIT && smc_uses_fallback(smc) && clcsock &&
	    (1 << READ_ONCE(clcsock->sk->sk_state)) &
	    (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT))
		return SMC_ACTIVE;
	return state;
}

static void smc_diag_curs(struct smc_diag_cursor *out,
			  const struct smc_curs *in)
{
	out->reserved = 0;
	out->wrap = in->wrap;
	out->count = in->count;
}

/* GIDs as Linux prints them: eight groups of four hex digits */
static void smc_diag_gid(u8 *out, size_t len, const u8 *gid)
{
	const __be16 *g = (const __be16 *)gid;

	snprintf(out, len, "%04x:%04x:%04x:%04x:%04x:%04x:%04x:%04x",
		 be16_to_cpu(g[0]), be16_to_cpu(g[1]), be16_to_cpu(g[2]),
		 be16_to_cpu(g[3]), be16_to_cpu(g[4]), be16_to_cpu(g[5]),
		 be16_to_cpu(g[6]), be16_to_cpu(g[7]));
}

/* The connection's cursors and buffer sizes, and its link, each only when
 * asked for, and under Linux's conditions: connection info while the
 * connection has an alert token (it is registered in a link group), link
 * info while its link group is also still listed (not ending).  Buffers
 * not there yet count as size 0.  DMBINFO is for SMC-D: never sent.
 *
 * conn->lock keeps conn->lgr, and with it the buffers (they belong to the
 * link group's pools) from going meanwhile; smc_conn_free() drops the
 * buffers before it clears conn->lgr under that lock.
 */
static int smc_diag_fill_smcr(struct sk_buff *skb, struct smc_sock *smc,
			      u8 ext)
{
	struct smc_connection *conn = &smc->conn;
	struct smc_diag_conninfo ci = {};
	struct smc_diag_lgrinfo li = {};
	struct smc_buf_desc *sndbuf, *rmb;
	struct smc_link_group *lgr;
	struct smc_link *lnk;
	bool want_ci = ext & (1 << (SMC_DIAG_CONNINFO - 1));
	bool want_li = ext & (1 << (SMC_DIAG_LGRINFO - 1));
	int rc = 0;
	u32 token;

	if (!want_ci && !want_li)
		return 0;
	spin_lock_bh(&conn->lock);
	lgr = conn->lgr;
	token = READ_ONCE(conn->alert_token_local);
	want_ci = want_ci && token;
	want_li = want_li && token && lgr && !list_empty(&lgr->list);
	if (want_ci) {
		sndbuf = lgr ? READ_ONCE(conn->sndbuf_desc) : NULL;
		rmb = lgr ? READ_ONCE(conn->rmb_desc) : NULL;
		ci.token = token;
		ci.sndbuf_size = sndbuf ? sndbuf->len : 0;
		ci.rmbe_size = rmb ? rmb->len : 0;
		ci.peer_rmbe_size = conn->peer_rmbe_size;
		smc_diag_curs(&ci.rx_prod, &conn->local_rx_ctrl.prod);
		smc_diag_curs(&ci.rx_cons, &conn->local_rx_ctrl.cons);
		smc_diag_curs(&ci.tx_prod, &conn->local_tx_ctrl.prod);
		smc_diag_curs(&ci.tx_cons, &conn->local_tx_ctrl.cons);
		/* wire-format bytes, which is what Linux's bit fields hold */
		ci.rx_prod_flags = conn->local_rx_ctrl.prod_flags;
		ci.rx_conn_state_flags = conn->local_rx_ctrl.conn_state_flags;
		ci.tx_prod_flags = conn->local_tx_ctrl.prod_flags;
		ci.tx_conn_state_flags = conn->local_tx_ctrl.conn_state_flags;
		smc_diag_curs(&ci.tx_prep, &conn->tx_curs_prep);
		smc_diag_curs(&ci.tx_sent, &conn->tx_curs_sent);
		smc_diag_curs(&ci.tx_fin, &conn->tx_curs_fin);
	}
	if (want_li) {
		li.role = lgr->role == SMC_SERV;
		/* the link the connection sends on, as Linux shows */
		lnk = READ_ONCE(conn->lnk) ?: smc_lgr_first_link(lgr);
		li.lnk[0].link_id = lnk->link_id;
		li.lnk[0].ibport = lnk->ibport;
		memcpy(li.lnk[0].ibname, lnk->ibname,
		       sizeof(li.lnk[0].ibname));
		smc_diag_gid(li.lnk[0].gid, sizeof(li.lnk[0].gid), lnk->gid);
		smc_diag_gid(li.lnk[0].peer_gid, sizeof(li.lnk[0].peer_gid),
			     lnk->peer_gid);
	}
	spin_unlock_bh(&conn->lock);

	if (want_ci)
		rc = nla_put(skb, SMC_DIAG_CONNINFO, sizeof(ci), &ci);
	if (!rc && want_li)
		rc = nla_put(skb, SMC_DIAG_LGRINFO, sizeof(li), &li);
	return rc;
}

static int smc_diag_fill(struct sk_buff *skb, struct netlink_callback *cb,
			 struct smc_sock *smc)
{
	const struct smc_diag_req *req = nlmsg_data(cb->nlh);
	struct socket *clcsock = READ_ONCE(smc->clcsock);
	struct user_namespace *user_ns;
	struct smc_diag_fallback fb;
	struct sock *sk = &smc->sk;
	struct smc_diag_msg *r;
	struct nlmsghdr *nlh;
	u8 shutdown;

	nlh = nlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			cb->nlh->nlmsg_type, sizeof(*r), NLM_F_MULTI);
	if (!nlh)
		return -EMSGSIZE;

	r = nlmsg_data(nlh);
	memset(r, 0, sizeof(*r));
	r->diag_family = sk->sk_family;
	r->diag_state = smc_diag_state(smc, clcsock);
	r->diag_mode = smc_uses_fallback(smc) ? SMC_DIAG_MODE_FALLBACK_TCP :
						SMC_DIAG_MODE_SMCR;
	shutdown = READ_ONCE(sk->sk_shutdown);
	if (smc_uses_fallback(smc) && clcsock)
		shutdown |= READ_ONCE(clcsock->sk->sk_shutdown);
	r->diag_shutdown = shutdown;
	smc_diag_fill_id(r, sk, clcsock);
	user_ns = sk_user_ns(NETLINK_CB(cb->skb).sk);
	r->diag_uid = from_kuid_munged(user_ns, sock_i_uid(sk));
	r->diag_inode = sock_i_ino(sk);

	if (nla_put_u8(skb, SMC_DIAG_SHUTDOWN, shutdown))
		goto cancel;
	fb.reason = smc->fallback_rsn;
	fb.peer_diagnosis = smc->peer_diagnosis;
	if (nla_put(skb, SMC_DIAG_FALLBACK, sizeof(fb), &fb))
		goto cancel;
	/* as Linux: by the connection's state, not the mode */
	if (smc_diag_fill_smcr(skb, smc, req->diag_ext))
		goto cancel;

	nlmsg_end(skb, nlh);
	return 0;

cancel:
	nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

/* Every socket that exists throughout a dump is reported exactly once,
 * also when the dump takes several messages and sockets come and go in
 * between: a continuation starts below the sequence number of the last
 * socket reported (the list is ordered by it, see struct smc_sock_table);
 * sockets added meanwhile are above it.  A socket that fits into no
 * message at all ends the dump with -EMSGSIZE rather than silently.
 */
static int smc_diag_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	long table = cb->args[SMC_DIAG_ARG_TABLE];
	u64 below = cb->args[SMC_DIAG_ARG_SEQ];

	for (; table < ARRAY_SIZE(smc_diag_tables); table++, below = 0) {
		struct smc_sock_table *t = smc_diag_tables[table];
		struct smc_sock *smc;
		int rc = 0;

		read_lock_bh(&t->lock);
		hlist_for_each_entry(smc, &t->head, table_node) {
			if (below && smc->table_seq >= below)
				continue;
			if (!net_eq(sock_net(&smc->sk), net))
				continue;
			rc = smc_diag_fill(skb, cb, smc);
			if (rc)
				break;
			below = smc->table_seq;
		}
		read_unlock_bh(&t->lock);
		if (rc) {
			cb->args[SMC_DIAG_ARG_TABLE] = table;
			cb->args[SMC_DIAG_ARG_SEQ] = below;
			return skb->len ?: rc;
		}
	}
	cb->args[SMC_DIAG_ARG_TABLE] = table;
	cb->args[SMC_DIAG_ARG_SEQ] = 0;
	return skb->len;
}

static int smc_diag_handler_dump(struct sk_buff *skb, struct nlmsghdr *h)
{
	struct net *net = sock_net(skb->sk);
	struct netlink_dump_control c = {
		.dump = smc_diag_dump,
		.min_dump_alloc = SKB_WITH_OVERHEAD(32768),
	};

	if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    !(h->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	if (nlmsg_len(h) < sizeof(struct smc_diag_req))
		return -EINVAL;
	return netlink_dump_start(net->diag_nlsk, skb, h, &c);
}

static const struct sock_diag_handler smc_diag_handler = {
	.owner	= THIS_MODULE,
	.family	= AF_SMC,
	.dump	= smc_diag_handler_dump,
};

static int __init smc_diag_init(void)
{
	return sock_diag_register(&smc_diag_handler);
}

static void __exit smc_diag_exit(void)
{
	sock_diag_unregister(&smc_diag_handler);
}

module_init(smc_diag_init);
module_exit(smc_diag_exit);

MODULE_DESCRIPTION("sock_diag for AF_SMC sockets");
MODULE_LICENSE("GPL");
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_NETLINK, NETLINK_SOCK_DIAG, 43 /* AF_SMC */);
