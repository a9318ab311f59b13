// SPDX-License-Identifier: GPL-2.0
/*
 * The SMC capture mirror: LLC messages, CDC messages and data blocks of a
 * network namespace, as UDP datagrams on the namespace's capture device
 * (Documentation/networking/smc-dump.rst).
 *
 * One capture per namespace, kept in smc_net.dump and published by RCU;
 * attached, detached and looked at under RTNL, which is also what the
 * netdevice notifier runs under, so a device cannot go away between being
 * found and being attached.  The static key counts the attached captures:
 * with none, every hook is a patched-out branch.
 *
 * Records are built in GFP_ATOMIC memory and handed to dev_queue_xmit():
 * they pass the device's capture point and the dummy driver drops them.
 * The payload is copied, not referenced: a packet socket may keep a clone
 * of the skb long after the RMB or send buffer was written again.  When
 * memory is short or the device does not take a record, the record is
 * dropped and counted; nothing waits.
 */

#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "smc.h"
#include "smc_core.h"
#include "smc_dump.h"
#include "smc_netlink.h"
#include "smc_netns.h"

DEFINE_STATIC_KEY_FALSE(smc_dump_key);

/* the IP length fields are 16 bits: a longer payload is cut */
#define SMC_DUMP_MAX_CAPLEN	(0xffff - sizeof(struct iphdr) - \
				 sizeof(struct udphdr) - SMC_DUMP_HDR_LEN)

struct smc_dump_cap {
	struct net_device	*dev;		/* held */
	struct list_head	list;		/* smc_dump_caps, under RTNL */
	struct net		*net;		/* the dev's, while attached */
	u32			snaplen;	/* 0: whole payloads */
	u32			events;		/* SMC_CAPTURE_EV_* */
	u32			modes;		/* SMC_CAPTURE_MODE_* */
	spinlock_t		order;		/* numbers records in send order */
	atomic_t		seq;		/* records, sent or dropped */
	atomic64_t		records;	/* handed to the device */
	atomic64_t		drops;
};

static LIST_HEAD(smc_dump_caps);

/* ---- building and sending a record -------------------------------------- */

/* Where the payload of a record comes from: up to two pieces (a ring that
 * wraps), whose lengths add up to what the record carries.
 */
struct smc_dump_src {
	const u8	*p[2];
	u32		n[2];
};

/* IPv4-mapped, or zero (LLC records: 0.0.0.0) */
static bool smc_dump_is_v4(const u8 *a)
{
	const struct in6_addr *in6 = (const struct in6_addr *)a;

	return ipv6_addr_v4mapped(in6) || ipv6_addr_any(in6);
}

static void smc_dump_drop(struct smc_dump_cap *cap)
{
	atomic64_inc(&cap->drops);
}

/* A record lost before it got its number still leaves a gap */
static void smc_dump_drop_unnumbered(struct smc_dump_cap *cap)
{
	atomic_inc(&cap->seq);
	smc_dump_drop(cap);
}

/* Build the record for @in with the payload of @src (whose lengths give
 * the caplen) and hand it to the capture device.  Any context up to
 * softirq; never waits.
 */
static void smc_dump_emit(struct smc_dump_cap *cap, struct smc_dump_info *in,
			  const struct smc_dump_src *src)
{
	struct net_device *dev = cap->dev;
	u32 caplen = src->n[0] + src->n[1];
	bool v4 = smc_dump_is_v4(in->laddr) && smc_dump_is_v4(in->paddr);
	u32 iplen = v4 ? sizeof(struct iphdr) : sizeof(struct ipv6hdr);
	u32 udplen = sizeof(struct udphdr) + SMC_DUMP_HDR_LEN + caplen;
	const u8 *sa, *da;
	struct sk_buff *skb;
	struct udphdr *uh;
	struct ethhdr *eth;
	void *hdr;
	int rc;

	/* dev_queue_xmit() must not run with interrupts off */
	if (in_hardirq() || irqs_disabled()) {
		smc_dump_drop_unnumbered(cap);
		return;
	}
	skb = alloc_skb(LL_RESERVED_SPACE(dev) + iplen + udplen, GFP_ATOMIC);
	if (!skb) {
		smc_dump_drop_unnumbered(cap);
		return;
	}
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	skb_reset_network_header(skb);
	if (in->dir == SMC_DUMP_DIR_TX) {
		sa = in->laddr;
		da = in->paddr;
	} else {
		sa = in->paddr;
		da = in->laddr;
	}
	if (v4) {
		struct iphdr *iph = skb_put_zero(skb, sizeof(*iph));

		iph->version = 4;
		iph->ihl = sizeof(*iph) / 4;
		iph->tot_len = htons(iplen + udplen);
		iph->ttl = 64;
		iph->protocol = IPPROTO_UDP;
		memcpy(&iph->saddr, sa + 12, 4);
		memcpy(&iph->daddr, da + 12, 4);
		ip_send_check(iph);
		skb->protocol = htons(ETH_P_IP);
	} else {
		struct ipv6hdr *ip6h = skb_put_zero(skb, sizeof(*ip6h));

		ip6h->version = 6;
		ip6h->payload_len = htons(udplen);
		ip6h->nexthdr = IPPROTO_UDP;
		ip6h->hop_limit = 64;
		memcpy(&ip6h->saddr, sa, sizeof(ip6h->saddr));
		memcpy(&ip6h->daddr, da, sizeof(ip6h->daddr));
		skb->protocol = htons(ETH_P_IPV6);
	}
	skb_set_transport_header(skb, skb->len);
	uh = skb_put_zero(skb, sizeof(*uh));
	uh->source = htons(SMC_DUMP_UDP_PORT);
	uh->dest = htons(SMC_DUMP_UDP_PORT);
	uh->len = htons(udplen);
	hdr = skb_put(skb, SMC_DUMP_HDR_LEN);
	skb_put_data(skb, src->p[0], src->n[0]);
	if (src->n[1])
		skb_put_data(skb, src->p[1], src->n[1]);
	eth = skb_push(skb, ETH_HLEN);
	skb_reset_mac_header(skb);
	eth_zero_addr(eth->h_dest);
	eth_zero_addr(eth->h_source);
	eth->h_proto = skb->protocol;
	skb->dev = dev;
	/* Records of several CPUs would reach the capture out of the order
	 * of their numbers if numbering and handing over were apart.
	 */
	spin_lock_bh(&cap->order);
	in->seq = atomic_inc_return(&cap->seq) - 1;
	in->drops = (u32)atomic64_read(&cap->drops);
	rc = smc_dump_encode(hdr, SMC_DUMP_HDR_LEN, in, caplen);
	if (rc < 0) {
		spin_unlock_bh(&cap->order);
		kfree_skb(skb);
		smc_dump_drop(cap);
		return;
	}
	rc = dev_queue_xmit(skb);
	spin_unlock_bh(&cap->order);
	if (rc != NET_XMIT_SUCCESS)
		smc_dump_drop(cap);
	else
		atomic64_inc(&cap->records);
}

/* The capture of @net if it takes @event; rcu_read_lock() held */
static struct smc_dump_cap *smc_dump_cap_get(const struct net *net, u32 event)
{
	struct smc_dump_cap *cap = rcu_dereference(smc_net(net)->dump);

	if (!cap || !(cap->events & event) ||
	    !(cap->modes & SMC_CAPTURE_MODE_SMCR))
		return NULL;
	return cap;
}

static void smc_dump_info_link(struct smc_dump_info *in,
			       const struct smc_link *lnk, u8 dir, u8 event)
{
	u32 id;

	memset(in, 0, sizeof(*in));
	in->dir = dir;
	in->event = event;
	in->mode = SMC_DUMP_MODE_SMCR;
	in->link_id = lnk->link_id;
	/* in host order, as the link group dump puts it */
	memcpy(&id, lnk->lgr->id, sizeof(id));
	in->lgr_id = id;
}

static void smc_dump_info_conn(struct smc_dump_info *in,
			       const struct smc_connection *conn)
{
	const struct smc_sock *smc = container_of(conn, struct smc_sock, conn);
	const struct smc_dump_tuple *t = &smc->dump_tuple;

	in->token = conn->alert_token_local;
	in->lport = t->lport;
	in->pport = t->pport;
	memcpy(in->laddr, t->laddr, SMC_DUMP_ADDR_LEN);
	memcpy(in->paddr, t->paddr, SMC_DUMP_ADDR_LEN);
}

static void smc_dump_src_one(struct smc_dump_src *src, const void *buf,
			     u32 len, u32 snap)
{
	src->p[0] = buf;
	src->n[0] = min_t(u32, smc_dump_caplen(len, snap),
			  SMC_DUMP_MAX_CAPLEN);
	src->p[1] = NULL;
	src->n[1] = 0;
}

/* @len bytes at offset @off of the ring @ring of @size bytes */
static void smc_dump_src_ring(struct smc_dump_src *src, const u8 *ring,
			      u32 size, u32 off, u32 len, u32 snap)
{
	u32 cap = min_t(u32, smc_dump_caplen(len, snap), SMC_DUMP_MAX_CAPLEN);

	off %= size;
	src->p[0] = ring + off;
	src->n[0] = min(cap, size - off);
	src->p[1] = ring;
	src->n[1] = cap - src->n[0];
}

void __smc_dump_llc(struct smc_link *lnk, u8 dir, const void *buf, u32 len)
{
	struct smc_dump_info in;
	struct smc_dump_src src;
	struct smc_dump_cap *cap;

	if (!len)
		return;
	rcu_read_lock();
	cap = smc_dump_cap_get(lnk->lgr->net, SMC_CAPTURE_EV_LLC);
	if (cap) {
		smc_dump_info_link(&in, lnk, dir, SMC_DUMP_EV_LLC);
		in.msg_type = *(const u8 *)buf;
		in.len = len;
		smc_dump_src_one(&src, buf, len, cap->snaplen);
		smc_dump_emit(cap, &in, &src);
	}
	rcu_read_unlock();
}

void __smc_dump_cdc(struct smc_link *lnk, struct smc_connection *conn,
		    u8 dir, const void *buf, u32 len)
{
	struct smc_dump_info in;
	struct smc_dump_src src;
	struct smc_dump_cap *cap;

	rcu_read_lock();
	cap = smc_dump_cap_get(lnk->lgr->net, SMC_CAPTURE_EV_CDC);
	if (cap) {
		smc_dump_info_link(&in, lnk, dir, SMC_DUMP_EV_CDC);
		if (conn)
			smc_dump_info_conn(&in, conn);
		in.msg_type = SMC_CDC_MSG_TYPE;
		in.len = len;
		smc_dump_src_one(&src, buf, len, cap->snaplen);
		smc_dump_emit(cap, &in, &src);
	}
	rcu_read_unlock();
}

void __smc_dump_tx_data(struct smc_connection *conn,
			const struct smc_curs *src_curs,
			const struct smc_curs *dst_curs, u32 len, bool urg)
{
	struct smc_buf_desc *sndbuf = conn->sndbuf_desc;
	u32 src_off = src_curs->count, dst_off = dst_curs->count;
	struct smc_dump_info in;
	struct smc_dump_src src;
	struct smc_dump_cap *cap;
	u32 chunk;

	if (!sndbuf || !conn->lnk || conn->peer_rmbe_size <= 0 ||
	    sndbuf->len <= 0)
		return;
	rcu_read_lock();
	cap = smc_dump_cap_get(conn->lnk->lgr->net, SMC_CAPTURE_EV_DATA);
	/* one record per RDMA WRITE: a split where the peer's RMBE wraps */
	while (cap && len) {
		dst_off %= conn->peer_rmbe_size;
		chunk = min_t(u32, len, conn->peer_rmbe_size - dst_off);
		smc_dump_info_link(&in, conn->lnk, SMC_DUMP_DIR_TX,
				   SMC_DUMP_EV_DATA);
		smc_dump_info_conn(&in, conn);
		in.rmb_off = dst_off;
		in.len = chunk;
		if (urg && chunk == len)
			in.flags = SMC_DUMP_F_URG;
		smc_dump_src_ring(&src, sndbuf->cpu_addr, sndbuf->len, src_off,
				  chunk, cap->snaplen);
		smc_dump_emit(cap, &in, &src);
		src_off = (src_off + chunk) % sndbuf->len;
		dst_off += chunk;
		len -= chunk;
	}
	rcu_read_unlock();
}

void __smc_dump_rx_data(struct smc_connection *conn,
			const struct smc_curs *cons, u32 len)
{
	struct smc_buf_desc *rmb = conn->rmb_desc;
	u32 off = cons->count;
	struct smc_dump_info in;
	struct smc_dump_src src;
	struct smc_dump_cap *cap;
	u32 chunk;

	if (!rmb || !conn->lnk || rmb->len <= 0)
		return;
	rcu_read_lock();
	cap = smc_dump_cap_get(conn->lnk->lgr->net, SMC_CAPTURE_EV_DATA);
	/* like a send, a read that wraps in our RMBE is two records */
	while (cap && len) {
		off %= rmb->len;
		chunk = min_t(u32, len, rmb->len - off);
		smc_dump_info_link(&in, conn->lnk, SMC_DUMP_DIR_RX,
				   SMC_DUMP_EV_DATA);
		smc_dump_info_conn(&in, conn);
		in.rmb_off = off;
		in.len = chunk;
		smc_dump_src_one(&src, (u8 *)rmb->cpu_addr + off, chunk,
				 cap->snaplen);
		smc_dump_emit(cap, &in, &src);
		off += chunk;
		len -= chunk;
	}
	rcu_read_unlock();
}

void smc_dump_conn_init(struct smc_sock *smc)
{
	struct smc_dump_tuple *t = &smc->dump_tuple;
	struct sock *clcsk = smc->clcsock ? smc->clcsock->sk : NULL;
	const struct inet_sock *inet;

	memset(t, 0, sizeof(*t));
	if (!clcsk)
		return;
	inet = inet_sk(clcsk);
	t->lport = ntohs(inet->inet_sport);
	t->pport = ntohs(inet->inet_dport);
#if IS_ENABLED(CONFIG_IPV6)
	if (clcsk->sk_family == AF_INET6) {
		memcpy(t->laddr, &clcsk->sk_v6_rcv_saddr, SMC_DUMP_ADDR_LEN);
		memcpy(t->paddr, &clcsk->sk_v6_daddr, SMC_DUMP_ADDR_LEN);
		return;
	}
#endif
	ipv6_addr_set_v4mapped(inet->inet_saddr, (struct in6_addr *)t->laddr);
	ipv6_addr_set_v4mapped(inet->inet_daddr, (struct in6_addr *)t->paddr);
}

/* ---- attaching and detaching -------------------------------------------- */

/* RTNL held */
static void smc_dump_detach(struct smc_dump_cap *cap)
{
	RCU_INIT_POINTER(smc_net(cap->net)->dump, NULL);
	list_del(&cap->list);
	static_branch_dec(&smc_dump_key);
	/* no hook uses the device any more once readers are done */
	synchronize_net();
	dev_put(cap->dev);
	kfree(cap);
}

const struct nla_policy smc_dump_nl_policy[SMC_NLA_CAPTURE_MAX + 1] = {
	[SMC_NLA_CAPTURE_IFINDEX]	= { .type = NLA_U32 },
	[SMC_NLA_CAPTURE_SNAPLEN]	= { .type = NLA_U32 },
	[SMC_NLA_CAPTURE_EVENTS]	=
		NLA_POLICY_MASK(NLA_U32, SMC_CAPTURE_EV_ALL),
	[SMC_NLA_CAPTURE_MODES]		=
		NLA_POLICY_MASK(NLA_U32, SMC_CAPTURE_MODE_ALL),
};

static u32 smc_dump_nl_u32(struct genl_info *info, int type, u32 dflt)
{
	return info->attrs[type] ? nla_get_u32(info->attrs[type]) : dflt;
}

int smc_dump_nl_attach(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct smc_net *sn = smc_net(net);
	struct smc_dump_cap *cap;
	struct net_device *dev;
	int rc = 0;

	if (GENL_REQ_ATTR_CHECK(info, SMC_NLA_CAPTURE_IFINDEX))
		return -EINVAL;
	cap = kzalloc(sizeof(*cap), GFP_KERNEL);
	if (!cap)
		return -ENOMEM;
	spin_lock_init(&cap->order);
	cap->snaplen = smc_dump_nl_u32(info, SMC_NLA_CAPTURE_SNAPLEN, 0);
	cap->events = smc_dump_nl_u32(info, SMC_NLA_CAPTURE_EVENTS,
				      SMC_CAPTURE_EV_ALL);
	cap->modes = smc_dump_nl_u32(info, SMC_NLA_CAPTURE_MODES,
				     SMC_CAPTURE_MODE_ALL);
	cap->net = net;

	rtnl_lock();
	dev = __dev_get_by_index(net,
				 nla_get_u32(info->attrs[SMC_NLA_CAPTURE_IFINDEX]));
	if (!dev || dev->reg_state != NETREG_REGISTERED) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[SMC_NLA_CAPTURE_IFINDEX],
				    "no such network device");
		rc = -ENODEV;
	} else if (rtnl_dereference(sn->dump)) {
		NL_SET_ERR_MSG(info->extack,
			       "this namespace has a capture device already");
		rc = -EBUSY;
	} else if (dev->type != ARPHRD_ETHER) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[SMC_NLA_CAPTURE_IFINDEX],
				    "not an Ethernet device");
		rc = -EINVAL;
	} else {
		dev_hold(dev);
		cap->dev = dev;
		list_add(&cap->list, &smc_dump_caps);
		static_branch_inc(&smc_dump_key);
		rcu_assign_pointer(sn->dump, cap);
	}
	rtnl_unlock();
	if (rc)
		kfree(cap);
	return rc;
}

int smc_dump_nl_detach(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *ifattr = info->attrs[SMC_NLA_CAPTURE_IFINDEX];
	struct smc_net *sn = smc_net(genl_info_net(info));
	struct smc_dump_cap *cap;
	int rc = 0;

	rtnl_lock();
	cap = rtnl_dereference(sn->dump);
	if (!cap) {
		NL_SET_ERR_MSG(info->extack, "no capture device attached");
		rc = -ENOENT;
	} else if (ifattr && nla_get_u32(ifattr) != cap->dev->ifindex) {
		NL_SET_ERR_MSG(info->extack, "not the capture device");
		rc = -ENOENT;
	} else {
		smc_dump_detach(cap);
	}
	rtnl_unlock();
	return rc;
}

/* One message while a device is attached, none otherwise */
int smc_dump_nl_get(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct smc_net *sn = smc_net(sock_net(skb->sk));
	struct smc_dump_cap *cap;
	void *hdr;
	int rc = 0;

	if (cb->args[0])
		return 0;
	rcu_read_lock();
	cap = rcu_dereference(sn->dump);
	if (!cap)
		goto out;
	hdr = smc_nl_dump_hdr(skb, cb, SMC_NETLINK_CAPTURE_GET);
	if (!hdr) {
		rc = -EMSGSIZE;
		goto out;
	}
	if (nla_put_u32(skb, SMC_NLA_CAPTURE_IFINDEX, cap->dev->ifindex) ||
	    nla_put_u32(skb, SMC_NLA_CAPTURE_SNAPLEN, cap->snaplen) ||
	    nla_put_u32(skb, SMC_NLA_CAPTURE_EVENTS, cap->events) ||
	    nla_put_u32(skb, SMC_NLA_CAPTURE_MODES, cap->modes) ||
	    nla_put_u64_64bit(skb, SMC_NLA_CAPTURE_RECORDS,
			      atomic64_read(&cap->records),
			      SMC_NLA_CAPTURE_PAD) ||
	    nla_put_u64_64bit(skb, SMC_NLA_CAPTURE_DROPS,
			      atomic64_read(&cap->drops),
			      SMC_NLA_CAPTURE_PAD)) {
		genlmsg_cancel(skb, hdr);
		rc = -EMSGSIZE;
		goto out;
	}
	genlmsg_end(skb, hdr);
out:
	rcu_read_unlock();
	if (rc)
		return rc;
	cb->args[0] = 1;
	return skb->len;
}

/* A capture device that goes away (or leaves the namespace) ends its
 * capture; the reference we hold would otherwise keep it from going.
 */
static int smc_dump_netdev_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct smc_dump_cap *cap, *tmp;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	list_for_each_entry_safe(cap, tmp, &smc_dump_caps, list)
		if (cap->dev == dev)
			smc_dump_detach(cap);
	return NOTIFY_DONE;
}

static struct notifier_block smc_dump_netdev_nb = {
	.notifier_call	= smc_dump_netdev_event,
};

int __init smc_dump_init(void)
{
	return register_netdevice_notifier(&smc_dump_netdev_nb);
}

/* After the netlink family is gone: no capture can start any more */
void smc_dump_exit(void)
{
	struct smc_dump_cap *cap, *tmp;

	rtnl_lock();
	list_for_each_entry_safe(cap, tmp, &smc_dump_caps, list)
		smc_dump_detach(cap);
	rtnl_unlock();
	unregister_netdevice_notifier(&smc_dump_netdev_nb);
}
