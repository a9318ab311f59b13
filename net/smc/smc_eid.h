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

/* The functions below take a spinlock with bottom halves disabled: call
 * them from process or softirq context.  An EID is SMC_MAX_EID_LEN bytes,
 * blank padded, exactly as it travels in CLC messages.
 */

/* How many UEIDs are configured (SMC-Rv2 needs at least one) */
int smc_eid_ueid_count(void);

/* Copy at most @max_cnt UEIDs, in the order they were added, for a
 * proposal; returns how many were copied.
 */
int smc_eid_ueids(u8 out[][SMC_MAX_EID_LEN], int max_cnt);

/* Is the peer's @eid32 one of our UEIDs? */
bool smc_eid_match_ueid(const u8 *eid32);

/* There is no system EID without an ISMv2 (SMC-Dv2) device, and this
 * module drives none; Linux outside s390 cannot enable one either.  So a
 * proposal never sets its SEID flag and a peer's SEID never matches.
 */
static inline bool smc_eid_seid_enabled(void)
{
	return false;
}

/* The host name for CLC messages: SMC_MAX_HOSTNAME_LEN bytes, blank
 * padded, taken once when the module is loaded, as Linux does.
 */
void smc_eid_hostname(u8 *host);

void smc_eid_init(void);

/* SMC_GEN_NETLINK commands, registered in smc_netlink.c */
int smc_eid_nl_dump_ueid(struct sk_buff *skb, struct netlink_callback *cb);
int smc_eid_nl_add_ueid(struct sk_buff *skb, struct genl_info *info);
int smc_eid_nl_remove_ueid(struct sk_buff *skb, struct genl_info *info);
int smc_eid_nl_flush_ueid(struct sk_buff *skb, struct genl_info *info);
int smc_eid_nl_dump_seid(struct sk_buff *skb, struct netlink_callback *cb);
int smc_eid_nl_enable_seid(struct sk_buff *skb, struct genl_info *info);
int smc_eid_nl_disable_seid(struct sk_buff *skb, struct genl_info *info);

#endif /* SMC_EID_H */
