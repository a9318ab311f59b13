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

/**
 * smc_nl_dump_hdr() - start one message of a dump's reply
 * @skb: the dump's skb
 * @cb: the dump's callback (port and sequence of the requester)
 * @cmd: the command the message answers
 *
 * The message is NLM_F_MULTI and addressed to the requester; finish it
 * with genlmsg_end() or drop it with genlmsg_cancel().
 *
 * Context: any.
 * Return: the generic netlink header, or NULL when @skb is full.
 */
void *smc_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb,
		      u8 cmd);

/* The dumps below belong to other layers, one per command of the family;
 * each is a genl dumpit.  cb->args[] start out zero and are the dump's to
 * keep its position in; each returns skb->len, which is 0 once everything
 * was sent, or a negative errno.  Requests carrying any attribute never
 * get here, as in Linux.
 */

/**
 * smc_nl_dump_lgr_smcr() - SMC_NETLINK_GET_LGR_SMCR: the SMC-R link groups
 * @skb: the reply
 * @cb: the dump's state; cb->args[0] counts link groups already sent
 *
 * Only the link groups of the requester's namespace (smc_core.c).
 *
 * Context: process context; takes the link group list lock.
 * Return: skb->len.
 */
int smc_nl_dump_lgr_smcr(struct sk_buff *skb, struct netlink_callback *cb);

/**
 * smc_nl_dump_link_smcr() - SMC_NETLINK_GET_LINK_SMCR: link groups, each
 *                           followed by its links
 * @skb: the reply
 * @cb: as smc_nl_dump_lgr_smcr()
 *
 * A link group goes out whole with its links, or in the next part
 * (smc_core.c); iWARP links carry their 4-tuple (smc_erdma.c).
 *
 * Context: process context; takes the link group list lock.
 * Return: skb->len.
 */
int smc_nl_dump_link_smcr(struct sk_buff *skb, struct netlink_callback *cb);

/**
 * smc_nl_dump_lgr_smcd() - SMC_NETLINK_GET_LGR_SMCD: always empty
 * @skb: the reply
 * @cb: the dump's state
 *
 * This module drives no ISM device: the answer Linux gives on a machine
 * without one.
 *
 * Return: 0.
 */
int smc_nl_dump_lgr_smcd(struct sk_buff *skb, struct netlink_callback *cb);

/**
 * smc_nl_dump_dev_smcd() - SMC_NETLINK_GET_DEV_SMCD: always empty
 * @skb: the reply
 * @cb: the dump's state
 *
 * Return: 0.
 */
int smc_nl_dump_dev_smcd(struct sk_buff *skb, struct netlink_callback *cb);

/**
 * smc_nl_dump_dev_smcr() - SMC_NETLINK_GET_DEV_SMCR: the RDMA devices
 * @skb: the reply
 * @cb: the dump's state; cb->args[0] counts devices already sent
 *
 * Every device with its ports, PNET IDs and use counts, whatever the
 * requester's namespace, as Linux does (smc_ib.c).
 *
 * Context: process context; takes the device list mutex.
 * Return: skb->len, or -EMSGSIZE when one device does not fit an empty
 * message.
 */
int smc_nl_dump_dev_smcr(struct sk_buff *skb, struct netlink_callback *cb);

/**
 * smc_nl_dump_stats() - SMC_NETLINK_GET_STATS: the namespace's counters
 * @skb: the reply
 * @cb: the dump's state; cb->args[0] is set once the message went out
 *
 * One message with the per-CPU counters summed (smc_stats.c).
 *
 * Context: process context, may sleep (allocates the sum).
 * Return: skb->len, or a negative errno.
 */
int smc_nl_dump_stats(struct sk_buff *skb, struct netlink_callback *cb);

/**
 * smc_nl_dump_fback_stats() - SMC_NETLINK_GET_FBACK_STATS: fallbacks by
 *                             cause code
 * @skb: the reply
 * @cb: the dump's state; cb->args[0] is the next slot, cb->args[1] says
 *      the totals went out
 *
 * Server then client of each slot, as Linux sends them; the table only
 * fills up, so a resumed dump continues where it stopped (smc_stats.c).
 *
 * Context: process context.
 * Return: skb->len.
 */
int smc_nl_dump_fback_stats(struct sk_buff *skb, struct netlink_callback *cb);

/**
 * smc_nl_init() - register the SMC_GEN_NETLINK family
 *
 * Context: module init.
 * Return: 0 or the error of genl_register_family().
 */
int smc_nl_init(void);

/**
 * smc_nl_exit() - unregister the SMC_GEN_NETLINK family
 *
 * Context: module exit; waits for running requests.
 */
void smc_nl_exit(void);

#endif /* SMC_NETLINK_H */
