/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Enterprise IDs (EIDs) of SMCv2: the user defined EIDs (UEIDs) this host
 * proposes and accepts, the system EID (SEID) state, and the host name
 * that the CLC first contact carries along with them.
 *
 * As in Linux, the UEID table is one for the whole system, not one per
 * network namespace: an administrator in any namespace changes it for all.
 */
#ifndef SMC_EID_H
#define SMC_EID_H

#include <linux/types.h>
#include <net/genetlink.h>
#include <linux/smc.h>

/* The UEID functions below take a spinlock with bottom halves disabled:
 * call them from process or softirq context.  An EID is SMC_MAX_EID_LEN
 * bytes, blank padded, exactly as it travels in CLC messages.
 */

/**
 * smc_eid_ueid_count() - how many UEIDs are configured
 *
 * SMC-Rv2 needs at least one.
 *
 * Context: process or softirq context.
 * Return: the number of UEIDs, 0 to SMC_MAX_UEID.
 */
int smc_eid_ueid_count(void);

/**
 * smc_eid_ueids() - copy the UEIDs for a proposal
 * @out: receives the UEIDs in the order they were added
 * @max_cnt: room in @out, in UEIDs
 *
 * Context: process or softirq context.
 * Return: how many were copied (0 when @max_cnt is not positive).
 */
int smc_eid_ueids(u8 out[][SMC_MAX_EID_LEN], int max_cnt);

/**
 * smc_eid_match_ueid() - is the peer's EID one of our UEIDs?
 * @eid32: SMC_MAX_EID_LEN bytes from the peer's message, untrusted
 *
 * Context: process or softirq context.
 * Return: true when it equals one of the configured UEIDs.
 */
bool smc_eid_match_ueid(const u8 *eid32);

/**
 * smc_eid_seid_enabled() - is a system EID in use?
 *
 * There is no system EID without an ISMv2 (SMC-Dv2) device, and this
 * module drives none; Linux outside s390 cannot enable one either.  So a
 * proposal never sets its SEID flag and a peer's SEID never matches.
 *
 * Return: false.
 */
static inline bool smc_eid_seid_enabled(void)
{
	return false;
}

/**
 * smc_eid_hostname() - the host name for CLC messages
 * @host: filled with SMC_MAX_HOSTNAME_LEN bytes, blank padded, not
 *        NUL terminated
 *
 * The name is taken once, by smc_eid_init(), as Linux does.
 *
 * Context: any context.
 */
void smc_eid_hostname(u8 *host);

/**
 * smc_eid_init() - take the host name for CLC messages
 *
 * Context: module init.
 */
void smc_eid_init(void);

/* SMC_GEN_NETLINK commands, registered in smc_netlink.c.  The UEID table is
 * one for the whole system (see above); the doit handlers report errors
 * with an extack message as well.
 */

/**
 * smc_eid_nl_dump_ueid() - SMC_NETLINK_DUMP_UEID: one message per UEID
 * @skb: the dump message being filled
 * @cb: the dump state; cb->args[0] is the next UEID to send
 *
 * Each UEID is a string with its blank padding.
 *
 * Context: process context (genetlink dump).
 * Return: the length of @skb, 0 when all were sent.
 */
int smc_eid_nl_dump_ueid(struct sk_buff *skb, struct netlink_callback *cb);

/**
 * smc_eid_nl_add_ueid() - SMC_NETLINK_ADD_UEID
 * @skb: the request
 * @info: the request's attributes; SMC_NLA_EID_TABLE_ENTRY holds the UEID,
 *        SMC_MAX_EID_LEN characters and a NUL
 *
 * Characters allowed: A-Z, 0-9, '.', '-', the first a letter or digit;
 * trailing blanks are padding.
 *
 * Context: process context (genetlink).
 * Return: 0; -EINVAL for a missing or malformed UEID; -ERANGE when the
 * table is full; -EEXIST when the UEID is there already.
 */
int smc_eid_nl_add_ueid(struct sk_buff *skb, struct genl_info *info);

/**
 * smc_eid_nl_remove_ueid() - SMC_NETLINK_REMOVE_UEID
 * @skb: the request
 * @info: the request's attributes, as for smc_eid_nl_add_ueid()
 *
 * Like Linux, the characters are not checked: the UEID is looked up.
 *
 * Context: process context (genetlink).
 * Return: 0; -EINVAL for a missing UEID; -ENOENT when it is not in the
 * table.
 */
int smc_eid_nl_remove_ueid(struct sk_buff *skb, struct genl_info *info);

/**
 * smc_eid_nl_flush_ueid() - SMC_NETLINK_FLUSH_UEID: remove every UEID
 * @skb: the request
 * @info: the request (no attributes)
 *
 * Context: process context (genetlink).
 * Return: 0.
 */
int smc_eid_nl_flush_ueid(struct sk_buff *skb, struct genl_info *info);

/**
 * smc_eid_nl_dump_seid() - SMC_NETLINK_DUMP_SEID
 * @skb: the dump message being filled
 * @cb: the dump state
 *
 * Like Linux without an ISMv2 device: one message without attributes.
 *
 * Context: process context (genetlink dump).
 * Return: the length of @skb, 0 at the end, -EMSGSIZE when the message
 * does not fit.
 */
int smc_eid_nl_dump_seid(struct sk_buff *skb, struct netlink_callback *cb);

/**
 * smc_eid_nl_enable_seid() - SMC_NETLINK_ENABLE_SEID, impossible here
 * @skb: the request
 * @info: the request, for the extack message
 *
 * Context: process context (genetlink).
 * Return: -EOPNOTSUPP: there is no ISMv2 device.
 */
int smc_eid_nl_enable_seid(struct sk_buff *skb, struct genl_info *info);

/**
 * smc_eid_nl_disable_seid() - SMC_NETLINK_DISABLE_SEID, impossible here
 * @skb: the request
 * @info: the request, for the extack message
 *
 * Context: process context (genetlink).
 * Return: -EOPNOTSUPP: there is no ISMv2 device.
 */
int smc_eid_nl_disable_seid(struct sk_buff *skb, struct genl_info *info);

#endif /* SMC_EID_H */
