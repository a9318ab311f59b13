// SPDX-License-Identifier: GPL-2.0
/*
 * Negotiation policy.  Some peers or middleboxes break a TCP connection
 * whose SYN carries the SMC option (for example by replaying the option
 * where it does not belong).  An administrator lists such destinations,
 * as an address prefix and optionally one port, per network namespace;
 * connect() of an SMC socket to a listed destination sends no SMC option
 * and goes on as plain TCP with fallback reason 0x03010001, a local
 * decision, as the Alibaba kernel reports it for its BPF negotiator.
 *
 * Only the active side is affected.  The list is read under RCU and
 * changed under a mutex; an empty list is one READ_ONCE() in connect().
 * IPv4 destinations, also in IPv4-mapped IPv6 form, are compared with the
 * IPv4 entries, other IPv6 destinations with the IPv6 entries.
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netns/generic.h>
#include <linux/smc_ext.h>

#include "smc_policy.h"

struct smc_policy_entry {
	struct list_head	list;
	struct rcu_head		rcu;
	struct in6_addr		addr;	/* masked; IPv4 in s6_addr32[3] */
	u16			port;	/* 0: any */
	u8			family;
	u8			plen;
};

struct smc_policy_net {
	struct mutex		lock;	/* serialises changes */
	struct list_head	list;	/* RCU readers */
	unsigned int		count;	/* READ_ONCE() for the fast test */
};

static unsigned int smc_policy_net_id __read_mostly;

static struct smc_policy_net *smc_policy_net(const struct net *net)
{
	return net_generic(net, smc_policy_net_id);
}

static void smc_policy_mask(struct in6_addr *a, u8 family, u8 plen)
{
	unsigned int bits = family == AF_INET ? plen + 96 : plen;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		if (bits >= 32) {
			bits -= 32;
		} else {
			a->s6_addr32[i] &= bits ?
				htonl(~0U << (32 - bits)) : 0;
			bits = 0;
		}
	}
}

static bool smc_policy_match(const struct smc_policy_entry *e, u8 family,
			     const struct in6_addr *dst, u16 port)
{
	struct in6_addr a = *dst;

	if (e->family != family || (e->port && e->port != port))
		return false;
	smc_policy_mask(&a, family, e->plen);
	return ipv6_addr_equal(&a, &e->addr);
}

bool smc_policy_excluded(struct net *net, int family,
			 const struct sockaddr *addr, int alen)
{
	struct smc_policy_net *pn = smc_policy_net(net);
	const struct smc_policy_entry *e;
	struct in6_addr dst = {};
	bool found = false;
	u8 dst_family;
	u16 port;

	if (!READ_ONCE(pn->count) || addr->sa_family != family)
		return false;
	if (family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)addr;

		if (alen < (int)sizeof(*sin))
			return false;
		dst.s6_addr32[3] = sin->sin_addr.s_addr;
		dst_family = AF_INET;
		port = ntohs(sin->sin_port);
	} else if (family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)addr;

		if (alen < SIN6_LEN_RFC2133)
			return false;
		dst = sin6->sin6_addr;
		dst_family = AF_INET6;
		if (ipv6_addr_v4mapped(&dst)) {
			dst.s6_addr32[0] = 0;
			dst.s6_addr32[1] = 0;
			dst.s6_addr32[2] = 0;
			dst_family = AF_INET;
		}
		port = ntohs(sin6->sin6_port);
	} else {
		return false;
	}

	rcu_read_lock();
	list_for_each_entry_rcu(e, &pn->list, list) {
		if (smc_policy_match(e, dst_family, &dst, port)) {
			found = true;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

/* --- netlink --------------------------------------------------------------- */

static struct genl_family smc_policy_nl_family;

/* The entry a request names, checked and masked */
static int smc_policy_nl_entry(struct genl_info *info,
			       struct smc_policy_entry *e)
{
	struct nlattr **tb = info->attrs;
	struct nlattr *nla;
	unsigned int alen;

	if (GENL_REQ_ATTR_CHECK(info, SMC_POLICY_A_FAMILY) ||
	    GENL_REQ_ATTR_CHECK(info, SMC_POLICY_A_ADDR) ||
	    GENL_REQ_ATTR_CHECK(info, SMC_POLICY_A_PREFIXLEN))
		return -EINVAL;
	memset(e, 0, sizeof(*e));
	e->family = nla_get_u8(tb[SMC_POLICY_A_FAMILY]);
	if (e->family != AF_INET && e->family != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SMC_POLICY_A_FAMILY],
				    "family must be AF_INET or AF_INET6");
		return -EINVAL;
	}
	alen = e->family == AF_INET ? 4 : 16;
	nla = tb[SMC_POLICY_A_ADDR];
	if (nla_len(nla) != alen) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "address length does not fit the family");
		return -EINVAL;
	}
	if (e->family == AF_INET)
		memcpy(&e->addr.s6_addr32[3], nla_data(nla), 4);
	else
		memcpy(&e->addr, nla_data(nla), 16);
	e->plen = nla_get_u8(tb[SMC_POLICY_A_PREFIXLEN]);
	if (e->plen > alen * 8) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SMC_POLICY_A_PREFIXLEN],
				    "prefix length too long for the family");
		return -EINVAL;
	}
	if (tb[SMC_POLICY_A_PORT])
		e->port = nla_get_u16(tb[SMC_POLICY_A_PORT]);
	smc_policy_mask(&e->addr, e->family, e->plen);
	return 0;
}

static struct smc_policy_entry *
smc_policy_find(struct smc_policy_net *pn, const struct smc_policy_entry *k)
{
	struct smc_policy_entry *e;

	list_for_each_entry(e, &pn->list, list)
		if (e->family == k->family && e->plen == k->plen &&
		    e->port == k->port && ipv6_addr_equal(&e->addr, &k->addr))
			return e;
	return NULL;
}

static int smc_policy_nl_add(struct sk_buff *skb, struct genl_info *info)
{
	struct smc_policy_net *pn = smc_policy_net(genl_info_net(info));
	struct smc_policy_entry k, *e;
	int rc;

	rc = smc_policy_nl_entry(info, &k);
	if (rc)
		return rc;
	mutex_lock(&pn->lock);
	if (smc_policy_find(pn, &k)) {
		GENL_SET_ERR_MSG(info, "entry exists");
		rc = -EEXIST;
	} else if (pn->count >= SMC_POLICY_MAX_ENTRIES) {
		GENL_SET_ERR_MSG(info, "policy list full");
		rc = -ENOSPC;
	} else {
		e = kmemdup(&k, sizeof(k), GFP_KERNEL);
		if (!e) {
			rc = -ENOMEM;
		} else {
			list_add_tail_rcu(&e->list, &pn->list);
			WRITE_ONCE(pn->count, pn->count + 1);
		}
	}
	mutex_unlock(&pn->lock);
	return rc;
}

static int smc_policy_nl_del(struct sk_buff *skb, struct genl_info *info)
{
	struct smc_policy_net *pn = smc_policy_net(genl_info_net(info));
	struct smc_policy_entry k, *e;
	int rc;

	rc = smc_policy_nl_entry(info, &k);
	if (rc)
		return rc;
	mutex_lock(&pn->lock);
	e = smc_policy_find(pn, &k);
	if (e) {
		list_del_rcu(&e->list);
		WRITE_ONCE(pn->count, pn->count - 1);
		kfree_rcu(e, rcu);
	} else {
		GENL_SET_ERR_MSG(info, "no such entry");
		rc = -ENOENT;
	}
	mutex_unlock(&pn->lock);
	return rc;
}

static void smc_policy_flush(struct smc_policy_net *pn)
{
	struct smc_policy_entry *e, *n;

	mutex_lock(&pn->lock);
	list_for_each_entry_safe(e, n, &pn->list, list) {
		list_del_rcu(&e->list);
		kfree_rcu(e, rcu);
	}
	WRITE_ONCE(pn->count, 0);
	mutex_unlock(&pn->lock);
}

static int smc_policy_nl_flush(struct sk_buff *skb, struct genl_info *info)
{
	smc_policy_flush(smc_policy_net(genl_info_net(info)));
	return 0;
}

static int smc_policy_nl_fill(struct sk_buff *skb,
			      struct netlink_callback *cb,
			      const struct smc_policy_entry *e)
{
	const void *addr = e->family == AF_INET ?
			   (const void *)&e->addr.s6_addr32[3] : &e->addr;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
			  cb->nlh->nlmsg_seq, &smc_policy_nl_family,
			  NLM_F_MULTI, SMC_POLICY_CMD_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u8(skb, SMC_POLICY_A_FAMILY, e->family) ||
	    nla_put(skb, SMC_POLICY_A_ADDR, e->family == AF_INET ? 4 : 16,
		    addr) ||
	    nla_put_u8(skb, SMC_POLICY_A_PREFIXLEN, e->plen) ||
	    nla_put_u16(skb, SMC_POLICY_A_PORT, e->port)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* cb->args[0]: entries sent so far */
static int smc_policy_nl_dump(struct sk_buff *skb,
			      struct netlink_callback *cb)
{
	struct smc_policy_net *pn = smc_policy_net(sock_net(skb->sk));
	struct smc_policy_entry *e;
	long idx = 0;

	mutex_lock(&pn->lock);
	list_for_each_entry(e, &pn->list, list) {
		if (idx >= cb->args[0]) {
			if (smc_policy_nl_fill(skb, cb, e))
				break;
			cb->args[0] = idx + 1;
		}
		idx++;
	}
	mutex_unlock(&pn->lock);
	return skb->len;
}

static const struct nla_policy smc_policy_nl_policy[SMC_POLICY_A_MAX + 1] = {
	[SMC_POLICY_A_FAMILY]		= { .type = NLA_U8 },
	[SMC_POLICY_A_ADDR]		= { .type = NLA_BINARY, .len = 16 },
	[SMC_POLICY_A_PREFIXLEN]	= { .type = NLA_U8 },
	[SMC_POLICY_A_PORT]		= { .type = NLA_U16 },
};

/* A new family: strict checks of header and attributes (resv_start_op 0).
 * Changes need CAP_NET_ADMIN, as for the module's other families.
 */
static const struct genl_ops smc_policy_nl_ops[] = {
	{
		.cmd	= SMC_POLICY_CMD_GET,
		.dumpit	= smc_policy_nl_dump,
	},
	{
		.cmd	= SMC_POLICY_CMD_ADD,
		.flags	= GENL_ADMIN_PERM,
		.doit	= smc_policy_nl_add,
	},
	{
		.cmd	= SMC_POLICY_CMD_DEL,
		.flags	= GENL_ADMIN_PERM,
		.doit	= smc_policy_nl_del,
	},
	{
		.cmd	= SMC_POLICY_CMD_FLUSH,
		.flags	= GENL_ADMIN_PERM,
		.doit	= smc_policy_nl_flush,
	},
};

static struct genl_family smc_policy_nl_family __ro_after_init = {
	.name		= SMC_POLICY_GENL_FAMILY_NAME,
	.version	= SMC_POLICY_GENL_FAMILY_VERSION,
	.maxattr	= SMC_POLICY_A_MAX,
	.policy		= smc_policy_nl_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= smc_policy_nl_ops,
	.n_ops		= ARRAY_SIZE(smc_policy_nl_ops),
};

MODULE_ALIAS_GENL_FAMILY(SMC_POLICY_GENL_FAMILY_NAME);

static int __net_init smc_policy_net_init(struct net *net)
{
	struct smc_policy_net *pn = smc_policy_net(net);

	mutex_init(&pn->lock);
	INIT_LIST_HEAD(&pn->list);
	pn->count = 0;
	return 0;
}

static void __net_exit smc_policy_net_exit(struct net *net)
{
	struct smc_policy_net *pn = smc_policy_net(net);

	smc_policy_flush(pn);
	mutex_destroy(&pn->lock);
}

static struct pernet_operations smc_policy_net_ops = {
	.init	= smc_policy_net_init,
	.exit	= smc_policy_net_exit,
	.id	= &smc_policy_net_id,
	.size	= sizeof(struct smc_policy_net),
};

int __init smc_policy_init(void)
{
	int rc;

	rc = register_pernet_subsys(&smc_policy_net_ops);
	if (rc)
		return rc;
	rc = genl_register_family(&smc_policy_nl_family);
	if (rc)
		unregister_pernet_subsys(&smc_policy_net_ops);
	return rc;
}

void smc_policy_exit(void)
{
	genl_unregister_family(&smc_policy_nl_family);
	unregister_pernet_subsys(&smc_policy_net_ops);
	/* entries freed with kfree_rcu() must be gone before the module */
	rcu_barrier();
}
