/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink family "SMC_GEN_NETLINK": system information, EIDs,
 * the handshake limitation, and the dumps of link groups, links, devices
 * and statistics that other layers of the module provide.
 */
#ifndef SMC_NETLINK_H
#define SMC_NETLINK_H

#include <net/genetlink.h>
#include <net/netlink.h>

extern struct genl_family smc_gen_nl_family;

/* Start one message of a dump's reply: NLM_F_MULTI, addressed to the
 * requester.  NULL when @skb is full.  Finish it with genlmsg_end() or
 * genlmsg_cancel().
 */
void *smc_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb,
		      u8 cmd);

/* Dumps of other layers, one per command (smc_netlink.c keeps empty
 * placeholders until they exist).  Each is a genl dumpit: cb->args[] start
 * out zero and are the caller's to keep a position in; return skb->len,
 * which is 0 once everything was sent, or a negative errno.  Requests
 * carrying any attribute never get here, as in Linux.
 */
int smc_nl_dump_lgr_smcr(struct sk_buff *skb, struct netlink_callback *cb);
int smc_nl_dump_link_smcr(struct sk_buff *skb, struct netlink_callback *cb);
int smc_nl_dump_lgr_smcd(struct sk_buff *skb, struct netlink_callback *cb);
int smc_nl_dump_dev_smcd(struct sk_buff *skb, struct netlink_callback *cb);
int smc_nl_dump_dev_smcr(struct sk_buff *skb, struct netlink_callback *cb);
int smc_nl_dump_stats(struct sk_buff *skb, struct netlink_callback *cb);
int smc_nl_dump_fback_stats(struct sk_buff *skb, struct netlink_callback *cb);

int smc_nl_init(void);
void smc_nl_exit(void);

#endif /* SMC_NETLINK_H */
