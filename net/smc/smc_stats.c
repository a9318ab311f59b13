// SPDX-License-Identifier: GPL-2.0
/*
 * SMC statistics: counting, per namespace storage, and the two netlink
 * dumps SMC_NETLINK_GET_STATS and SMC_NETLINK_GET_FBACK_STATS.
 *
 * smc-tools parses these dumps as Linux sends them, so the layout is
 * Linux's: one message of counters with an SMC-D and an SMC-R nest (ours
 * for SMC-D always holds zeros), and one message per remembered fallback
 * cause and role, the first of which also carries the totals per role.
 */

#include <linux/bitops.h>
#include <linux/cpumask.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <net/sock.h>
#include <linux/smc.h>

#include "smc_clc_wire.h"
#include "smc_netlink.h"
#include "smc_stats.h"

/* Size classes of buffers and payloads: up to 8K, 16K, ... 1024K, more */
#define SMC_STATS_BUCKETS	9

struct smc_stats_hist {
	u64	bucket[SMC_STATS_BUCKETS];
};

/* What happened to the buffers of one direction */
struct smc_stats_buf {
	u64	small_peer;	/* a send larger than the peer's RMBE */
	u64	small;		/* a request larger than our own buffer */
	u64	full_peer;	/* data waits: the peer's RMBE is full */
	u64	full;		/* our buffer was full */
	u64	reuse;		/* taken from the link group's pool */
	u64	alloc;		/* newly allocated */
	u64	dgrade;		/* allocation fell back to a smaller size */
};

/* Everything in here is a u64: the dump adds the CPUs up word by word */
struct smc_stats_tech {
	struct smc_stats_hist	tx_bufsize;	/* send buffers at creation */
	struct smc_stats_hist	rx_bufsize;	/* RMBs at creation */
	struct smc_stats_hist	tx_pload;	/* sendmsg() request sizes */
	struct smc_stats_hist	rx_pload;	/* recvmsg() result sizes */
	struct smc_stats_buf	tx_buf;
	struct smc_stats_buf	rx_buf;
	u64			clnt_v1;	/* connections set up, by role */
	u64			clnt_v2;	/* and version */
	u64			srv_v1;
	u64			srv_v2;
	u64			sendpage;
	u64			splice;
	u64			cork;		/* TCP_CORK switched off */
	u64			nodelay;	/* TCP_NODELAY switched on */
	u64			urg;		/* MSG_OOB sent or read */
	u64			rx_bytes;
	u64			tx_bytes;
	u64			rx_cnt;		/* recvmsg() calls */
	u64			tx_cnt;		/* sendmsg() calls */
	u64			rx_bufuse;	/* bytes of RMBs in use */
	u64			tx_bufuse;	/* bytes of send buffers in use */
};

struct smc_stats {
	struct smc_stats_tech	r;		/* this module has no SMC-D */
	u64			clnt_hs_err;	/* handshakes that failed */
	u64			srv_hs_err;
};

/* Distinct fallback causes remembered per role, as many as Linux 6.1 */
#define SMC_STATS_FBACK_CODES	30

struct smc_stats_fback_rsn {
	u32	code;		/* 0: unused slot */
	u32	cnt;
};

/* Index by role: [0] client, [1] server (SMC_NLA_FBACK_STATS_TYPE) */
struct smc_stats_fback {
	struct smc_stats_fback_rsn	rsn[2][SMC_STATS_FBACK_CODES];
	u64				total[2];
};

struct smc_stats_net {
	struct smc_stats __percpu	*pcpu;
	spinlock_t			fback_lock;	/* fback */
	struct smc_stats_fback		fback;
};

static unsigned int smc_stats_net_id __read_mostly;

static struct smc_stats_net *smc_stats_net(const struct net *net)
{
	return net_generic(net, smc_stats_net_id);
}

static struct smc_stats __percpu *smc_stats_of(const struct net *net)
{
	return smc_stats_net(net)->pcpu;
}

/* ---- counting ------------------------------------------------------- */

/* Class of a size: 0 up to 8K, then one per power of two, the last one
 * for everything above 1024K
 */
static unsigned int smc_stats_bucket(u64 len)
{
	unsigned int pos = fls64((len - 1) >> 13);

	return min_t(unsigned int, pos, SMC_STATS_BUCKETS - 1);
}

/* Remember @code in @rsn; a full table only loses the cause, not the
 * count in the totals.  Code 0 marks a free slot and is never stored.
 */
static void smc_stats_fback_add(struct smc_stats_fback_rsn *rsn, u32 code)
{
	int i;

	for (i = 0; i < SMC_STATS_FBACK_CODES && code; i++) {
		if (!rsn[i].code)
			rsn[i].code = code;
		if (rsn[i].code == code) {
			if (rsn[i].cnt < U32_MAX)
				rsn[i].cnt++;
			return;
		}
	}
}

void smc_stats_fallback(struct net *net, bool server, u32 code)
{
	struct smc_stats_net *sn = smc_stats_net(net);

	spin_lock_bh(&sn->fback_lock);
	sn->fback.total[server]++;
	smc_stats_fback_add(sn->fback.rsn[server], code);
	spin_unlock_bh(&sn->fback_lock);
}

void smc_stats_inc(struct net *net, enum smc_stats_event ev)
{
	struct smc_stats __percpu *st = smc_stats_of(net);

	switch (ev) {
	case SMC_STATS_NODELAY:
		this_cpu_inc(st->r.nodelay);
		break;
	case SMC_STATS_CORK:
		this_cpu_inc(st->r.cork);
		break;
	case SMC_STATS_SPLICE:
		this_cpu_inc(st->r.splice);
		break;
	case SMC_STATS_SENDPAGE:
		this_cpu_inc(st->r.sendpage);
		break;
	case SMC_STATS_URG:
		this_cpu_inc(st->r.urg);
		break;
	case SMC_STATS_TX_FULL:
		this_cpu_inc(st->r.tx_buf.full);
		break;
	case SMC_STATS_TX_FULL_PEER:
		this_cpu_inc(st->r.tx_buf.full_peer);
		break;
	case SMC_STATS_TX_SMALL:
		this_cpu_inc(st->r.tx_buf.small);
		break;
	case SMC_STATS_TX_SMALL_PEER:
		this_cpu_inc(st->r.tx_buf.small_peer);
		break;
	case SMC_STATS_RX_FULL:
		this_cpu_inc(st->r.rx_buf.full);
		break;
	case SMC_STATS_RX_SMALL:
		this_cpu_inc(st->r.rx_buf.small);
		break;
	}
}

void smc_stats_hs_done(struct net *net, bool server, u8 version)
{
	bool v2 = version >= SMC_V2;

	struct smc_stats __percpu *st = smc_stats_of(net);

	if (server && v2)
		this_cpu_inc(st->r.srv_v2);
	else if (server)
		this_cpu_inc(st->r.srv_v1);
	else if (v2)
		this_cpu_inc(st->r.clnt_v2);
	else
		this_cpu_inc(st->r.clnt_v1);
}

void smc_stats_hs_err(struct net *net, bool server)
{
	struct smc_stats __percpu *st = smc_stats_of(net);

	if (server)
		this_cpu_inc(st->srv_hs_err);
	else
		this_cpu_inc(st->clnt_hs_err);
}

/* Every sendmsg() counts; the size class is that of the request, the
 * bytes are what was taken.
 */
void smc_stats_tx_payload(struct net *net, size_t len, int rc)
{
	struct smc_stats __percpu *st = smc_stats_of(net);

	this_cpu_inc(st->r.tx_cnt);
	if (rc <= 0 || !len)
		return;
	this_cpu_inc(st->r.tx_pload.bucket[smc_stats_bucket(len)]);
	this_cpu_add(st->r.tx_bytes, rc);
}

void smc_stats_rx_payload(struct net *net, int rc)
{
	struct smc_stats __percpu *st = smc_stats_of(net);

	this_cpu_inc(st->r.rx_cnt);
	if (rc <= 0)
		return;
	this_cpu_inc(st->r.rx_pload.bucket[smc_stats_bucket(rc)]);
	this_cpu_add(st->r.rx_bytes, rc);
}

/* A connection got a buffer of @len bytes */
void smc_stats_buf_get(struct net *net, bool is_rmb, int len, bool reused)
{
	struct smc_stats __percpu *st = smc_stats_of(net);
	unsigned int pos;

	if (len <= 0)
		return;
	pos = smc_stats_bucket(len);
	if (is_rmb) {
		this_cpu_inc(st->r.rx_bufsize.bucket[pos]);
		this_cpu_add(st->r.rx_bufuse, len);
		if (reused)
			this_cpu_inc(st->r.rx_buf.reuse);
		else
			this_cpu_inc(st->r.rx_buf.alloc);
	} else {
		this_cpu_inc(st->r.tx_bufsize.bucket[pos]);
		this_cpu_add(st->r.tx_bufuse, len);
		if (reused)
			this_cpu_inc(st->r.tx_buf.reuse);
		else
			this_cpu_inc(st->r.tx_buf.alloc);
	}
}

/* ... and gave it back.  The usage of one CPU may go below zero; the sum
 * over all CPUs is right, as u64 arithmetic wraps.
 */
void smc_stats_buf_put(struct net *net, bool is_rmb, int len)
{
	struct smc_stats __percpu *st = smc_stats_of(net);

	if (len <= 0)
		return;
	if (is_rmb)
		this_cpu_sub(st->r.rx_bufuse, len);
	else
		this_cpu_sub(st->r.tx_bufuse, len);
}

void smc_stats_buf_dgrade(struct net *net, bool is_rmb)
{
	struct smc_stats __percpu *st = smc_stats_of(net);

	if (is_rmb)
		this_cpu_inc(st->r.rx_buf.dgrade);
	else
		this_cpu_inc(st->r.tx_buf.dgrade);
}

/* ---- netlink: SMC_NETLINK_GET_STATS --------------------------------- */

static void smc_stats_sum(struct net *net, struct smc_stats *sum)
{
	struct smc_stats __percpu *pcpu = smc_stats_of(net);
	const unsigned int words = sizeof(*sum) / sizeof(u64);
	u64 *dst = (u64 *)sum;
	const u64 *src;
	unsigned int i;
	int cpu;

	BUILD_BUG_ON(sizeof(*sum) % sizeof(u64));
	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		src = (const u64 *)per_cpu_ptr(pcpu, cpu);
		/* a torn read of a counter being bumped is as good as the
		 * value before or after: these are statistics
		 */
		for (i = 0; i < words; i++)
			dst[i] += READ_ONCE(src[i]);
	}
}

/* The pad attribute is type 0 in each of our nests */
static int smc_stats_put_u64(struct sk_buff *skb, int type, u64 val)
{
	BUILD_BUG_ON(SMC_NLA_STATS_PAD | SMC_NLA_STATS_T_PAD |
		     SMC_NLA_STATS_RMB_PAD | SMC_NLA_STATS_PLOAD_PAD |
		     SMC_NLA_FBACK_STATS_PAD);
	return nla_put_u64_64bit(skb, type, val, SMC_NLA_STATS_PAD);
}

/* The NLA_UINT encoding (nla_put_uint() of 6.12): 4 bytes while the
 * value fits, else 8, unaligned.  Spelled out for 6.1.
 */
static int smc_stats_put_uint(struct sk_buff *skb, int type, u64 val)
{
	u32 val32 = val;

	if (val32 == val)
		return nla_put_u32(skb, type, val32);
	return nla_put(skb, type, sizeof(val), &val);
}

static int smc_stats_put_hist(struct sk_buff *skb, int type,
			      const struct smc_stats_hist *hist)
{
	struct nlattr *nest = nla_nest_start(skb, type);
	int i;

	BUILD_BUG_ON(SMC_NLA_STATS_PLOAD_G_1024K - SMC_NLA_STATS_PLOAD_8K + 1 !=
		     SMC_STATS_BUCKETS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < SMC_STATS_BUCKETS; i++) {
		if (smc_stats_put_u64(skb, SMC_NLA_STATS_PLOAD_8K + i,
				      hist->bucket[i])) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* A u64 attribute and where its value sits in a struct */
struct smc_stats_attr {
	u16	type;
	u16	off;
	bool	uint;		/* NLA_UINT rather than a padded u64 */
};

#define SMC_STATS_ATTR(t, s, f, u) \
	{ .type = (t), .off = offsetof(s, f), .uint = (u) }
#define SMC_STATS_BUF(t, f) \
	SMC_STATS_ATTR(t, struct smc_stats_buf, f, false)
#define SMC_STATS_TECH(t, f) \
	SMC_STATS_ATTR(t, struct smc_stats_tech, f, false)

static const struct smc_stats_attr smc_stats_buf_attrs[] = {
	SMC_STATS_BUF(SMC_NLA_STATS_RMB_REUSE_CNT, reuse),
	SMC_STATS_BUF(SMC_NLA_STATS_RMB_SIZE_SM_PEER_CNT, small_peer),
	SMC_STATS_BUF(SMC_NLA_STATS_RMB_SIZE_SM_CNT, small),
	SMC_STATS_BUF(SMC_NLA_STATS_RMB_FULL_PEER_CNT, full_peer),
	SMC_STATS_BUF(SMC_NLA_STATS_RMB_FULL_CNT, full),
	SMC_STATS_BUF(SMC_NLA_STATS_RMB_ALLOC_CNT, alloc),
	SMC_STATS_BUF(SMC_NLA_STATS_RMB_DGRADE_CNT, dgrade),
};

/* In the order Linux 6.12 sends them; the buffer usage is its addition */
static const struct smc_stats_attr smc_stats_tech_attrs[] = {
	SMC_STATS_TECH(SMC_NLA_STATS_T_CLNT_V1_SUCC, clnt_v1),
	SMC_STATS_TECH(SMC_NLA_STATS_T_CLNT_V2_SUCC, clnt_v2),
	SMC_STATS_TECH(SMC_NLA_STATS_T_SRV_V1_SUCC, srv_v1),
	SMC_STATS_TECH(SMC_NLA_STATS_T_SRV_V2_SUCC, srv_v2),
	SMC_STATS_TECH(SMC_NLA_STATS_T_RX_BYTES, rx_bytes),
	SMC_STATS_TECH(SMC_NLA_STATS_T_TX_BYTES, tx_bytes),
	SMC_STATS_ATTR(SMC_NLA_STATS_T_RX_RMB_USAGE, struct smc_stats_tech,
		       rx_bufuse, true),
	SMC_STATS_ATTR(SMC_NLA_STATS_T_TX_RMB_USAGE, struct smc_stats_tech,
		       tx_bufuse, true),
	SMC_STATS_TECH(SMC_NLA_STATS_T_RX_CNT, rx_cnt),
	SMC_STATS_TECH(SMC_NLA_STATS_T_TX_CNT, tx_cnt),
	SMC_STATS_TECH(SMC_NLA_STATS_T_SENDPAGE_CNT, sendpage),
	SMC_STATS_TECH(SMC_NLA_STATS_T_CORK_CNT, cork),
	SMC_STATS_TECH(SMC_NLA_STATS_T_NDLY_CNT, nodelay),
	SMC_STATS_TECH(SMC_NLA_STATS_T_SPLICE_CNT, splice),
	SMC_STATS_TECH(SMC_NLA_STATS_T_URG_DATA_CNT, urg),
};

static int smc_stats_put_attrs(struct sk_buff *skb, const void *base,
			       const struct smc_stats_attr *attrs, int n)
{
	u64 val;
	int i;

	for (i = 0; i < n; i++) {
		val = *(const u64 *)((const u8 *)base + attrs[i].off);
		if (attrs[i].uint ? smc_stats_put_uint(skb, attrs[i].type, val) :
				    smc_stats_put_u64(skb, attrs[i].type, val))
			return -EMSGSIZE;
	}
	return 0;
}

static int smc_stats_put_buf(struct sk_buff *skb, int type,
			     const struct smc_stats_buf *buf)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest)
		return -EMSGSIZE;
	if (smc_stats_put_attrs(skb, buf, smc_stats_buf_attrs,
				ARRAY_SIZE(smc_stats_buf_attrs))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int smc_stats_put_tech(struct sk_buff *skb, int type,
			      const struct smc_stats_tech *t)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest)
		return -EMSGSIZE;
	if (smc_stats_put_buf(skb, SMC_NLA_STATS_T_TX_RMB_STATS, &t->tx_buf) ||
	    smc_stats_put_buf(skb, SMC_NLA_STATS_T_RX_RMB_STATS, &t->rx_buf) ||
	    smc_stats_put_hist(skb, SMC_NLA_STATS_T_TXPLOAD_SIZE,
			       &t->tx_pload) ||
	    smc_stats_put_hist(skb, SMC_NLA_STATS_T_RXPLOAD_SIZE,
			       &t->rx_pload) ||
	    smc_stats_put_hist(skb, SMC_NLA_STATS_T_TX_RMB_SIZE,
			       &t->tx_bufsize) ||
	    smc_stats_put_hist(skb, SMC_NLA_STATS_T_RX_RMB_SIZE,
			       &t->rx_bufsize) ||
	    smc_stats_put_attrs(skb, t, smc_stats_tech_attrs,
				ARRAY_SIZE(smc_stats_tech_attrs))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* What the SMC-D nest reports */
static const struct smc_stats_tech smc_stats_no_smcd;

/* One message; cb->args[0] says it went out */
int smc_nl_dump_stats(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct smc_stats *sum;
	struct nlattr *nest;
	int rc = -EMSGSIZE;
	void *hdr;

	if (cb->args[0])
		return 0;
	sum = kmalloc(sizeof(*sum), GFP_KERNEL);
	if (!sum)
		return -ENOMEM;
	smc_stats_sum(sock_net(skb->sk), sum);

	hdr = smc_nl_dump_hdr(skb, cb, SMC_NETLINK_GET_STATS);
	if (!hdr)
		goto out;
	nest = nla_nest_start(skb, SMC_GEN_STATS);
	if (!nest ||
	    smc_stats_put_tech(skb, SMC_NLA_STATS_SMCD_TECH,
			       &smc_stats_no_smcd) ||
	    smc_stats_put_tech(skb, SMC_NLA_STATS_SMCR_TECH, &sum->r) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_CLNT_HS_ERR_CNT,
			      sum->clnt_hs_err) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_SRV_HS_ERR_CNT,
			      sum->srv_hs_err)) {
		genlmsg_cancel(skb, hdr);
		goto out;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	cb->args[0] = 1;
	rc = skb->len;
out:
	kfree(sum);
	return rc;
}

/* ---- netlink: SMC_NETLINK_GET_FBACK_STATS --------------------------- */

static int smc_stats_put_fback(struct sk_buff *skb,
			       struct netlink_callback *cb, bool server,
			       const struct smc_stats_fback_rsn *rsn,
			       const u64 *total)
{
	struct nlattr *nest;
	void *hdr;

	hdr = smc_nl_dump_hdr(skb, cb, SMC_NETLINK_GET_FBACK_STATS);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, SMC_GEN_FBACK_STATS);
	if (!nest || nla_put_u8(skb, SMC_NLA_FBACK_STATS_TYPE, server))
		goto cancel;
	if (total &&
	    (smc_stats_put_u64(skb, SMC_NLA_FBACK_STATS_SRV_CNT, total[1]) ||
	     smc_stats_put_u64(skb, SMC_NLA_FBACK_STATS_CLNT_CNT, total[0])))
		goto cancel;
	/* the count is a u16 on the wire: saturate rather than wrap */
	if (nla_put_u32(skb, SMC_NLA_FBACK_STATS_RSN_CODE, rsn->code) ||
	    nla_put_u16(skb, SMC_NLA_FBACK_STATS_RSN_CNT,
			min_t(u32, rsn->cnt, U16_MAX)))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* Slots in the order Linux sends them: server then client of each index.
 * cb->args[0] is the next slot to send, cb->args[1] says the totals went
 * out with an earlier message.  The table only ever fills up, so a slot
 * number still means the same cause when the dump resumes.
 */
int smc_nl_dump_fback_stats(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct smc_stats_net *sn = smc_stats_net(sock_net(skb->sk));
	struct smc_stats_fback_rsn rsn;
	unsigned long slot;
	u64 total[2];
	bool server;

	for (slot = cb->args[0]; slot < 2 * SMC_STATS_FBACK_CODES; slot++) {
		server = !(slot & 1);
		spin_lock_bh(&sn->fback_lock);
		rsn = sn->fback.rsn[server][slot / 2];
		total[0] = sn->fback.total[0];
		total[1] = sn->fback.total[1];
		spin_unlock_bh(&sn->fback_lock);
		if (!rsn.code)
			continue;
		if (smc_stats_put_fback(skb, cb, server, &rsn,
					cb->args[1] ? NULL : total))
			break;
		cb->args[1] = 1;
	}
	cb->args[0] = slot;
	/* nothing fits into an empty skb: do not loop forever */
	if (slot < 2 * SMC_STATS_FBACK_CODES && !skb->len)
		return -EMSGSIZE;
	return skb->len;
}

/* ---- per namespace -------------------------------------------------- */

static int __net_init smc_stats_net_init(struct net *net)
{
	struct smc_stats_net *sn = smc_stats_net(net);

	spin_lock_init(&sn->fback_lock);
	sn->pcpu = alloc_percpu(struct smc_stats);
	return sn->pcpu ? 0 : -ENOMEM;
}

/* No socket is left in @net: each holds a reference on it */
static void __net_exit smc_stats_net_exit(struct net *net)
{
	free_percpu(smc_stats_net(net)->pcpu);
}

static struct pernet_operations smc_stats_net_ops = {
	.init	= smc_stats_net_init,
	.exit	= smc_stats_net_exit,
	.id	= &smc_stats_net_id,
	.size	= sizeof(struct smc_stats_net),
};

int smc_stats_init(void)
{
	return register_pernet_subsys(&smc_stats_net_ops);
}

void smc_stats_exit(void)
{
	unregister_pernet_subsys(&smc_stats_net_ops);
}
