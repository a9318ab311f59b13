// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "SMC_GEN_NETLINK".
 *
 * Command numbers, permissions, policies and how strictly requests are
 * checked are Linux's, since smc-tools' smcr and smcd depend on them: all
 * 18 commands predate strict header checks (resv_start_op), attributes are
 * parsed strictly, and a request may carry an attribute only where the
 * command has a policy for it (the UEID commands); dumps take none.  A
 * dump command sent without NLM_F_DUMP is EOPNOTSUPP, and so is the
 * reverse, because each command has only the one handler.
 */

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/smc.h>

#include "smc_clc_wire.h"
#include "smc_dump.h"
#include "smc_eid.h"
#include "smc_netlink.h"
#include "smc_netns.h"

void *smc_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb,
		      u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
			   cb->nlh->nlmsg_seq, &smc_gen_nl_family,
			   NLM_F_MULTI, cmd);
}

/* A single message dump: cb->args[0] says it went out already */
static int smc_nl_get_sys_info(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	char host[SMC_MAX_HOSTNAME_LEN + 1];
	struct nlattr *nest;
	void *hdr;

	if (cb->args[0])
		return 0;
	hdr = smc_nl_dump_hdr(skb, cb, SMC_NETLINK_GET_SYS_INFO);
	if (!hdr)
		return -EMSGSIZE;
	smc_eid_hostname(host);
	host[SMC_MAX_HOSTNAME_LEN] = '\0';
	/* Linux's order; no SEID without an ISMv2 device */
	nest = nla_nest_start(skb, SMC_GEN_SYS_INFO);
	if (!nest ||
	    nla_put_u8(skb, SMC_NLA_SYS_VER, SMC_V2) ||
	    nla_put_u8(skb, SMC_NLA_SYS_REL, SMC_RELEASE) ||
	    nla_put_u8(skb, SMC_NLA_SYS_IS_ISM_V2, 0) ||
	    nla_put_u8(skb, SMC_NLA_SYS_IS_SMCR_V2, 1) ||
	    nla_put_string(skb, SMC_NLA_SYS_LOCAL_HOST, host)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	cb->args[0] = 1;
	return skb->len;
}

/* The namespace's default of SMC_LIMIT_HS for sockets created later */
static int smc_nl_dump_hs_limitation(struct sk_buff *skb,
				     struct netlink_callback *cb)
{
	struct smc_net *sn = smc_net(sock_net(skb->sk));
	void *hdr;

	if (cb->args[0])
		return 0;
	hdr = smc_nl_dump_hdr(skb, cb, SMC_NETLINK_DUMP_HS_LIMITATION);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u8(skb, SMC_NLA_HS_LIMITATION_ENABLED,
		       READ_ONCE(sn->limit_smc_hs))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	cb->args[0] = 1;
	return skb->len;
}

static int smc_nl_enable_hs_limitation(struct sk_buff *skb,
				       struct genl_info *info)
{
	WRITE_ONCE(smc_net(genl_info_net(info))->limit_smc_hs, true);
	return 0;
}

static int smc_nl_disable_hs_limitation(struct sk_buff *skb,
					struct genl_info *info)
{
	WRITE_ONCE(smc_net(genl_info_net(info))->limit_smc_hs, false);
	return 0;
}

/* Linux's family policy: one attribute type, refused; with maxattr 1 the
 * strict parser refuses every other type as unknown.
 */
#define SMC_NL_MAXATTR	1

static const struct nla_policy smc_gen_nl_policy[SMC_NL_MAXATTR + 1] = {
	[SMC_NL_MAXATTR]	= { .type = NLA_REJECT },
};

static const struct nla_policy
smc_gen_ueid_policy[SMC_NLA_EID_TABLE_MAX + 1] = {
	[SMC_NLA_EID_TABLE_ENTRY]	= { .type = NLA_STRING,
					    .len = SMC_MAX_EID_LEN },
};

/* Dumps are unprivileged, changes need CAP_NET_ADMIN (in the initial user
 * namespace: GENL_ADMIN_PERM, as in Linux).
 */
static const struct genl_ops smc_gen_nl_ops[] = {
	{
		.cmd	= SMC_NETLINK_GET_SYS_INFO,
		.dumpit	= smc_nl_get_sys_info,
	},
	{
		.cmd	= SMC_NETLINK_GET_LGR_SMCR,
		.dumpit	= smc_nl_dump_lgr_smcr,
	},
	{
		.cmd	= SMC_NETLINK_GET_LINK_SMCR,
		.dumpit	= smc_nl_dump_link_smcr,
	},
	{
		.cmd	= SMC_NETLINK_GET_LGR_SMCD,
		.dumpit	= smc_nl_dump_lgr_smcd,
	},
	{
		.cmd	= SMC_NETLINK_GET_DEV_SMCD,
		.dumpit	= smc_nl_dump_dev_smcd,
	},
	{
		.cmd	= SMC_NETLINK_GET_DEV_SMCR,
		.dumpit	= smc_nl_dump_dev_smcr,
	},
	{
		.cmd	= SMC_NETLINK_GET_STATS,
		.dumpit	= smc_nl_dump_stats,
	},
	{
		.cmd	= SMC_NETLINK_GET_FBACK_STATS,
		.dumpit	= smc_nl_dump_fback_stats,
	},
	{
		.cmd	= SMC_NETLINK_DUMP_UEID,
		.dumpit	= smc_eid_nl_dump_ueid,
	},
	{
		.cmd	= SMC_NETLINK_ADD_UEID,
		.flags	= GENL_ADMIN_PERM,
		.doit	= smc_eid_nl_add_ueid,
		.policy	= smc_gen_ueid_policy,
		.maxattr = SMC_NLA_EID_TABLE_MAX,
	},
	{
		.cmd	= SMC_NETLINK_REMOVE_UEID,
		.flags	= GENL_ADMIN_PERM,
		.doit	= smc_eid_nl_remove_ueid,
		.policy	= smc_gen_ueid_policy,
		.maxattr = SMC_NLA_EID_TABLE_MAX,
	},
	{
		.cmd	= SMC_NETLINK_FLUSH_UEID,
		.flags	= GENL_ADMIN_PERM,
		.doit	= smc_eid_nl_flush_ueid,
	},
	{
		.cmd	= SMC_NETLINK_DUMP_SEID,
		.dumpit	= smc_eid_nl_dump_seid,
	},
	{
		.cmd	= SMC_NETLINK_ENABLE_SEID,
		.flags	= GENL_ADMIN_PERM,
		.doit	= smc_eid_nl_enable_seid,
	},
	{
		.cmd	= SMC_NETLINK_DISABLE_SEID,
		.flags	= GENL_ADMIN_PERM,
		.doit	= smc_eid_nl_disable_seid,
	},
	{
		.cmd	= SMC_NETLINK_DUMP_HS_LIMITATION,
		.dumpit	= smc_nl_dump_hs_limitation,
	},
	{
		.cmd	= SMC_NETLINK_ENABLE_HS_LIMITATION,
		.flags	= GENL_ADMIN_PERM,
		.doit	= smc_nl_enable_hs_limitation,
	},
	{
		.cmd	= SMC_NETLINK_DISABLE_HS_LIMITATION,
		.flags	= GENL_ADMIN_PERM,
		.doit	= smc_nl_disable_hs_limitation,
	},
	/* this module's own: packet capture (smc_dump.c) */
	{
		.cmd	= SMC_NETLINK_CAPTURE_ATTACH,
		.flags	= GENL_ADMIN_PERM,
		.doit	= smc_dump_nl_attach,
		.policy	= smc_dump_nl_policy,
		.maxattr = SMC_NLA_CAPTURE_MAX,
	},
	{
		.cmd	= SMC_NETLINK_CAPTURE_DETACH,
		.flags	= GENL_ADMIN_PERM,
		.doit	= smc_dump_nl_detach,
		.policy	= smc_dump_nl_policy,
		.maxattr = SMC_NLA_CAPTURE_MAX,
	},
	{
		.cmd	= SMC_NETLINK_CAPTURE_GET,
		.dumpit	= smc_dump_nl_get,
	},
};

struct genl_family smc_gen_nl_family __ro_after_init = {
	.name		= SMC_GENL_FAMILY_NAME,
	.version	= SMC_GENL_FAMILY_VERSION,
	.maxattr	= SMC_NL_MAXATTR,
	.policy		= smc_gen_nl_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= smc_gen_nl_ops,
	.n_ops		= ARRAY_SIZE(smc_gen_nl_ops),
	.resv_start_op	= SMC_NETLINK_DISABLE_HS_LIMITATION + 1,
};

int __init smc_nl_init(void)
{
	return genl_register_family(&smc_gen_nl_family);
}

void smc_nl_exit(void)
{
	genl_unregister_family(&smc_gen_nl_family);
}

/* Asking for this family loads the module (the PNET family has no alias) */
MODULE_ALIAS_GENL_FAMILY(SMC_GENL_FAMILY_NAME);

/* SMC-D: this module drives no ISM device, so its link groups and
 * devices are always an empty dump, which is what Linux answers on a
 * machine without one.
 */

int smc_nl_dump_lgr_smcd(struct sk_buff *skb, struct netlink_callback *cb)
{
	return 0;
}

int smc_nl_dump_dev_smcd(struct sk_buff *skb, struct netlink_callback *cb)
{
	return 0;
}
