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

/**
 * smc_policy_excluded() - is SMC never offered to a destination?
 * @net: the namespace of the connecting socket
 * @family: the clcsock's family, AF_INET or AF_INET6
 * @addr: the destination of connect(), from the user
 * @alen: its length in bytes
 *
 * An IPv4-mapped IPv6 destination matches IPv4 entries.  An empty list
 * costs one load.
 *
 * Context: process context, sock lock held; takes the RCU read lock.
 * Return: true when an entry of @net's list covers the address with its
 * prefix (and its port, if it has one); false also for an address of
 * another family than @family or one too short for it.
 */
bool smc_policy_excluded(struct net *net, int family,
			 const struct sockaddr *addr, int alen);

/**
 * smc_policy_init() - start the per-namespace lists and the SMC_POLICY family
 *
 * Context: module init; sleeps.
 * Return: 0, or the negative errno of register_pernet_subsys() or
 * genl_register_family().
 */
int smc_policy_init(void);

/**
 * smc_policy_exit() - unregister the family and free every list
 *
 * Waits for entries freed under RCU.
 *
 * Context: module exit; sleeps.
 */
void smc_policy_exit(void);

#endif /* SMC_POLICY_H */
