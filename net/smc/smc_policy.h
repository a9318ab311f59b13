/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Negotiation policy: destinations to which a connecting SMC socket never
 * offers SMC (generic netlink family "SMC_POLICY", this module's own).
 */
#ifndef SMC_POLICY_H
#define SMC_POLICY_H

#include <linux/socket.h>
#include <linux/types.h>
#include <net/net_namespace.h>

/* Is the destination @addr excluded in @net?  Callable in process context
 * with the sock lock held; an empty list costs one load.  Addresses of a
 * family other than @family (the clcsock's) or too short never match.
 */
bool smc_policy_excluded(struct net *net, int family,
			 const struct sockaddr *addr, int alen);

int smc_policy_init(void);
void smc_policy_exit(void);

#endif /* SMC_POLICY_H */
