// SPDX-License-Identifier: GPL-2.0
/*
 * The PNET table, one per network namespace, and its generic netlink
 * family "SMC_PNETID".
 *
 * An entry ties a PNET ID to a network device name, or to an RDMA device
 * name and port.  Entries keep names rather than device pointers: they pin
 * no device, need no netdevice or IB notifier, and hold for a device that
 * is registered (or moved into the namespace) after the entry was made,
 * which is what Linux achieves with its notifier.
 *
 * Requests are parsed and answered as Linux's own module does, so smc_pnet
 * from smc-tools works unchanged.  The exceptions are requests that Linux
 * half performs, accepts without any effect, or answers misleadingly:
 *  - a request is checked completely before anything changes, so a bad
 *    RDMA port no longer leaves the network device entry behind;
 *  - a request naming neither kind of device is EINVAL, not EEXIST;
 *  - device names that can never match a device ("", blanks, "a/b") and an
 *    IBPORT attribute that is not a u8 are EINVAL;
 *  - DEL and GET take the PNET ID as ADD does (case does not matter; a
 *    malformed one is EINVAL) where Linux compares the raw bytes;
 *  - the ports of one RDMA device are separate entries: Linux answers
 *    EEXIST for the second port, though with the device present it gives
 *    the port the PNET ID anyway.
 */

#include <linux/ctype.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <rdma/ib_verbs.h>
#include <linux/smc.h>

#include "smc_pnet.h"

enum smc_pnet_type {
	SMC_PNET_ETH	= 1,
	SMC_PNET_IB	= 2,
};

struct smc_pnet_entry {
	struct list_head	list;
	struct rcu_head		rcu;
	enum smc_pnet_type	type;
	u8			pnetid[SMC_MAX_PNETID_LEN]; /* NUL padded */
	u8			ibport;		/* 0 for a network device */
	char			name[IB_DEVICE_NAME_MAX];
};

struct smc_pnet_table {
	struct mutex		lock;	/* serialises changes and dumps */
	struct list_head	list;	/* lookups walk it under RCU */
};

static unsigned int smc_pnet_net_id __read_mostly;

static struct smc_pnet_table *smc_pnet_table(const struct net *net)
{
	return net_generic(net, smc_pnet_net_id);
}

/* Linux's rule for a PNET ID from the user: blanks around it are dropped,
 * the rest must be 1 to 16 letters or digits, letters are upper-cased.
 * The kernel's ctype counts Latin-1 letters as letters, so Linux accepts
 * those as well, and so do we by using the same helpers.
 */
static bool smc_pnetid_from_user(const char *s, u8 *pnetid)
{
	size_t len, i;

	s = skip_spaces(s);
	len = strlen(s);
	while (len && isspace(s[len - 1]))
		len--;
	if (!len || len > SMC_MAX_PNETID_LEN)
		return false;
	memset(pnetid, 0, SMC_MAX_PNETID_LEN);
	for (i = 0; i < len; i++) {
		if (!isalnum(s[i]))
			return false;
		pnetid[i] = toupper(s[i]);
	}
	return true;
}

static bool smc_pnet_lookup(struct net *net, enum smc_pnet_type type,
			    const char *name, u8 port, u8 *pnetid)
{
	struct smc_pnet_table *table = smc_pnet_table(net);
	struct smc_pnet_entry *e;
	bool found = false;

	rcu_read_lock();
	list_for_each_entry_rcu(e, &table->list, list) {
		if (e->type == type && e->ibport == port &&
		    !strcmp(e->name, name)) {
			memcpy(pnetid, e->pnetid, SMC_MAX_PNETID_LEN);
			found = true;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

bool smc_pnet_netdev_id(struct net *net, const char *ndev_name, u8 *pnetid)
{
	return smc_pnet_lookup(net, SMC_PNET_ETH, ndev_name, 0, pnetid);
}

bool smc_pnet_ibport_id(struct net *net, const char *ibdev, u8 port,
			u8 *pnetid)
{
	if (port < 1 || port > 2)
		return false;
	return smc_pnet_lookup(&init_net, SMC_PNET_IB, ibdev, port, pnetid);
}

/* The entry that a new one would conflict with: same device (and port) */
static struct smc_pnet_entry *
smc_pnet_find_dev(struct smc_pnet_table *table,
		  const struct smc_pnet_entry *new)
{
	struct smc_pnet_entry *e;

	list_for_each_entry(e, &table->list, list)
		if (e->type == new->type && e->ibport == new->ibport &&
		    !strcmp(e->name, new->name))
			return e;
	return NULL;
}

/* Remove the entries with @pnetid, or all of them; how many went */
static int smc_pnet_remove(struct smc_pnet_table *table, const u8 *pnetid)
{
	struct smc_pnet_entry *e, *tmp;
	int removed = 0;

	mutex_lock(&table->lock);
	list_for_each_entry_safe(e, tmp, &table->list, list) {
		if (pnetid && memcmp(e->pnetid, pnetid, SMC_MAX_PNETID_LEN))
			continue;
		list_del_rcu(&e->list);
		kfree_rcu(e, rcu);
		removed++;
	}
	mutex_unlock(&table->lock);
	return removed;
}

/* generic netlink family "SMC_PNETID" */

static struct genl_family smc_pnet_nl_family;

/* Linux's policy: NLA_NUL_STRING lets bytes follow the NUL, unused */
static const struct nla_policy smc_pnet_policy[SMC_PNETID_MAX + 1] = {
	[SMC_PNETID_NAME]	= { .type = NLA_NUL_STRING,
				    .len = SMC_MAX_PNETID_LEN },
	[SMC_PNETID_ETHNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[SMC_PNETID_IBNAME]	= { .type = NLA_NUL_STRING,
				    .len = IB_DEVICE_NAME_MAX - 1 },
	[SMC_PNETID_IBPORT]	= { .type = NLA_U8 },
};

static int smc_pnet_nl_pnetid(struct genl_info *info, u8 *pnetid)
{
	struct nlattr *nla = info->attrs[SMC_PNETID_NAME];

	if (!nla) {
		GENL_SET_ERR_MSG(info, "PNET ID (SMC_PNETID_NAME) missing");
		return -EINVAL;
	}
	if (!smc_pnetid_from_user(nla_data(nla), pnetid)) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "PNET ID must be 1 to 16 letters or digits");
		return -EINVAL;
	}
	return 0;
}

static struct smc_pnet_entry *smc_pnet_new_eth(struct genl_info *info,
					       const u8 *pnetid)
{
	struct nlattr *nla = info->attrs[SMC_PNETID_ETHNAME];
	struct smc_pnet_entry *e;

	if (!dev_valid_name(nla_data(nla))) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "not a valid network device name");
		return ERR_PTR(-EINVAL);
	}
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return ERR_PTR(-ENOMEM);
	e->type = SMC_PNET_ETH;
	memcpy(e->pnetid, pnetid, SMC_MAX_PNETID_LEN);
	strscpy(e->name, nla_data(nla), IFNAMSIZ);
	return e;
}

static struct smc_pnet_entry *smc_pnet_new_ib(struct genl_info *info,
					      const u8 *pnetid)
{
	struct nlattr *nla = info->attrs[SMC_PNETID_IBNAME];
	struct nlattr *port_nla = info->attrs[SMC_PNETID_IBPORT];
	char buf[IB_DEVICE_NAME_MAX], *name;
	struct smc_pnet_entry *e;
	u8 port = 1;		/* Linux's default */
	size_t i;

	/* Linux strips blanks around the RDMA device name (only) */
	nla_strscpy(buf, nla, sizeof(buf));
	name = strim(buf);
	for (i = 0; name[i]; i++)
		if (!isgraph(name[i]))
			break;
	if (!i || name[i]) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "not a valid RDMA device name");
		return ERR_PTR(-EINVAL);
	}
	if (port_nla) {
		port = nla_get_u8(port_nla);
		if (port < 1 || port > 2) {
			NL_SET_ERR_MSG_ATTR(info->extack, port_nla,
					    "RDMA port must be 1 or 2");
			return ERR_PTR(-EINVAL);
		}
	}
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return ERR_PTR(-ENOMEM);
	e->type = SMC_PNET_IB;
	memcpy(e->pnetid, pnetid, SMC_MAX_PNETID_LEN);
	e->ibport = port;
	strscpy(e->name, name, sizeof(e->name));
	return e;
}

/* One entry for the network device, one for the RDMA port, each unless
 * its device (port) has one already.  As in Linux the request succeeds if
 * at least one was added, and RDMA ports outside the initial namespace are
 * ignored: IB devices are not per namespace in Linux's PNET table.
 */
static int smc_pnet_nl_add(struct sk_buff *skb, struct genl_info *info)
{
	struct smc_pnet_table *table = smc_pnet_table(genl_info_net(info));
	struct smc_pnet_entry *eth = NULL, *ib = NULL;
	struct nlattr **tb = info->attrs;
	u8 pnetid[SMC_MAX_PNETID_LEN];
	bool added = false;
	int rc;

	rc = smc_pnet_nl_pnetid(info, pnetid);
	if (rc)
		return rc;
	if (tb[SMC_PNETID_IBPORT] &&
	    nla_len(tb[SMC_PNETID_IBPORT]) != sizeof(u8)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SMC_PNETID_IBPORT],
				    "RDMA port must be a u8");
		return -EINVAL;
	}
	if (!tb[SMC_PNETID_ETHNAME] && !tb[SMC_PNETID_IBNAME]) {
		GENL_SET_ERR_MSG(info,
				 "network device (SMC_PNETID_ETHNAME) or RDMA device (SMC_PNETID_IBNAME) missing");
		return -EINVAL;
	}

	if (tb[SMC_PNETID_ETHNAME]) {
		eth = smc_pnet_new_eth(info, pnetid);
		if (IS_ERR(eth))
			return PTR_ERR(eth);
	}
	if (tb[SMC_PNETID_IBNAME]) {
		ib = smc_pnet_new_ib(info, pnetid);
		if (IS_ERR(ib)) {
			kfree(eth);
			return PTR_ERR(ib);
		}
		if (!net_eq(genl_info_net(info), &init_net)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[SMC_PNETID_IBNAME],
					    "RDMA devices get PNET IDs in the initial network namespace only");
			kfree(ib);
			ib = NULL;
		}
	}

	mutex_lock(&table->lock);
	if (eth && !smc_pnet_find_dev(table, eth)) {
		list_add_tail_rcu(&eth->list, &table->list);
		eth = NULL;
		added = true;
	}
	if (ib && !smc_pnet_find_dev(table, ib)) {
		list_add_tail_rcu(&ib->list, &table->list);
		ib = NULL;
		added = true;
	}
	mutex_unlock(&table->lock);

	/* an entry still held here lost to an existing one: say which */
	if (eth)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SMC_PNETID_ETHNAME],
				    "network device already has a PNET ID");
	if (ib)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SMC_PNETID_IBNAME],
				    "RDMA port already has a PNET ID");
	kfree(eth);
	kfree(ib);
	return added ? 0 : -EEXIST;
}

static int smc_pnet_nl_del(struct sk_buff *skb, struct genl_info *info)
{
	struct smc_pnet_table *table = smc_pnet_table(genl_info_net(info));
	u8 pnetid[SMC_MAX_PNETID_LEN];
	int rc;

	rc = smc_pnet_nl_pnetid(info, pnetid);
	if (rc)
		return rc;
	if (!smc_pnet_remove(table, pnetid)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[SMC_PNETID_NAME],
				    "no entry has this PNET ID");
		return -ENOENT;
	}
	return 0;
}

static int smc_pnet_nl_flush(struct sk_buff *skb, struct genl_info *info)
{
	smc_pnet_remove(smc_pnet_table(genl_info_net(info)), NULL);
	return 0;
}

static size_t smc_pnet_msg_size(void)
{
	return genlmsg_total_size(nla_total_size(SMC_MAX_PNETID_LEN + 1) +
				  nla_total_size(IB_DEVICE_NAME_MAX) +
				  nla_total_size(IB_DEVICE_NAME_MAX) +
				  nla_total_size(sizeof(u8)));
}

/* One entry in Linux's form: both names and the port are always there,
 * "n/a" and 0xff standing for the kind of device the entry is not about.
 */
static int smc_pnet_fill(struct sk_buff *skb, u32 portid, u32 seq,
			 const struct smc_pnet_entry *e)
{
	char pnetid[SMC_MAX_PNETID_LEN + 1];
	bool eth = e->type == SMC_PNET_ETH;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &smc_pnet_nl_family, NLM_F_MULTI,
			  SMC_PNETID_GET);
	if (!hdr)
		return -EMSGSIZE;
	memcpy(pnetid, e->pnetid, SMC_MAX_PNETID_LEN);
	pnetid[SMC_MAX_PNETID_LEN] = '\0';
	if (nla_put_string(skb, SMC_PNETID_NAME, pnetid) ||
	    nla_put_string(skb, SMC_PNETID_ETHNAME, eth ? e->name : "n/a") ||
	    nla_put_string(skb, SMC_PNETID_IBNAME, eth ? "n/a" : e->name) ||
	    nla_put_u8(skb, SMC_PNETID_IBPORT, eth ? 0xff : e->ibport)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int smc_pnet_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct smc_pnet_table *table = smc_pnet_table(sock_net(skb->sk));
	struct smc_pnet_entry *e;
	long idx = 0;

	mutex_lock(&table->lock);
	list_for_each_entry(e, &table->list, list) {
		if (idx < cb->args[0]) {
			idx++;
			continue;
		}
		if (smc_pnet_fill(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, e))
			break;
		idx++;
	}
	mutex_unlock(&table->lock);
	cb->args[0] = idx;
	return skb->len;
}

/* GET without NLM_F_DUMP: the entries of one PNET ID, answered as Linux
 * does, as a complete multipart reply in one message buffer.
 */
static int smc_pnet_nl_get(struct sk_buff *skb, struct genl_info *info)
{
	struct smc_pnet_table *table = smc_pnet_table(genl_info_net(info));
	u8 pnetid[SMC_MAX_PNETID_LEN];
	struct smc_pnet_entry *e;
	struct sk_buff *msg;
	int rc, n = 0;

	rc = smc_pnet_nl_pnetid(info, pnetid);
	if (rc)
		return rc;

	mutex_lock(&table->lock);
	list_for_each_entry(e, &table->list, list)
		if (!memcmp(e->pnetid, pnetid, SMC_MAX_PNETID_LEN))
			n++;
	msg = nlmsg_new(n * smc_pnet_msg_size() + nlmsg_total_size(0),
			GFP_KERNEL);
	if (!msg) {
		mutex_unlock(&table->lock);
		return -ENOMEM;
	}
	list_for_each_entry(e, &table->list, list) {
		if (memcmp(e->pnetid, pnetid, SMC_MAX_PNETID_LEN))
			continue;
		rc = smc_pnet_fill(msg, info->snd_portid, info->snd_seq, e);
		if (rc)
			break;
	}
	mutex_unlock(&table->lock);
	if (!rc && !nlmsg_put(msg, info->snd_portid, info->snd_seq,
			      NLMSG_DONE, 0, NLM_F_MULTI))
		rc = -EMSGSIZE;
	if (rc) {
		nlmsg_free(msg);
		return rc;
	}
	return genlmsg_reply(msg, info);
}

/* Linux's flags: attributes are checked against the policy, unknown ones
 * ignored; the dump ignores them all.
 */
#define SMC_PNET_VALIDATE	(GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP)

static const struct genl_ops smc_pnet_nl_ops[] = {
	{
		.cmd		= SMC_PNETID_GET,	/* unprivileged */
		.validate	= SMC_PNET_VALIDATE,
		.doit		= smc_pnet_nl_get,
		.dumpit		= smc_pnet_nl_dump,
	},
	{
		.cmd		= SMC_PNETID_ADD,
		.validate	= SMC_PNET_VALIDATE,
		.flags		= GENL_ADMIN_PERM,
		.doit		= smc_pnet_nl_add,
	},
	{
		.cmd		= SMC_PNETID_DEL,
		.validate	= SMC_PNET_VALIDATE,
		.flags		= GENL_ADMIN_PERM,
		.doit		= smc_pnet_nl_del,
	},
	{
		.cmd		= SMC_PNETID_FLUSH,
		.validate	= SMC_PNET_VALIDATE,
		.flags		= GENL_ADMIN_PERM,
		.doit		= smc_pnet_nl_flush,
	},
};

static struct genl_family smc_pnet_nl_family __ro_after_init = {
	.name		= SMCR_GENL_FAMILY_NAME,
	.version	= SMCR_GENL_FAMILY_VERSION,
	.maxattr	= SMC_PNETID_MAX,
	.policy		= smc_pnet_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= smc_pnet_nl_ops,
	.n_ops		= ARRAY_SIZE(smc_pnet_nl_ops),
	/* all four commands predate strict checking of the header */
	.resv_start_op	= SMC_PNETID_FLUSH + 1,
};

static int __net_init smc_pnet_net_init(struct net *net)
{
	struct smc_pnet_table *table = smc_pnet_table(net);

	mutex_init(&table->lock);
	INIT_LIST_HEAD(&table->list);
	return 0;
}

static void __net_exit smc_pnet_net_exit(struct net *net)
{
	struct smc_pnet_table *table = smc_pnet_table(net);

	smc_pnet_remove(table, NULL);
	mutex_destroy(&table->lock);
}

static struct pernet_operations smc_pnet_net_ops = {
	.init	= smc_pnet_net_init,
	.exit	= smc_pnet_net_exit,
	.id	= &smc_pnet_net_id,
	.size	= sizeof(struct smc_pnet_table),
};

int __init smc_pnet_init(void)
{
	int rc;

	rc = register_pernet_subsys(&smc_pnet_net_ops);
	if (rc)
		return rc;
	rc = genl_register_family(&smc_pnet_nl_family);
	if (rc)
		unregister_pernet_subsys(&smc_pnet_net_ops);
	return rc;
}

void smc_pnet_exit(void)
{
	genl_unregister_family(&smc_pnet_nl_family);
	unregister_pernet_subsys(&smc_pnet_net_ops);
}
