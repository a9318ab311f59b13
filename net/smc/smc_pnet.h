/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PNET table: physical network ids (PNET IDs) that an administrator
 * gives to network devices and RDMA ports ("SMC_PNETID" generic netlink
 * family).  Two devices with the same PNET ID are attached to the same
 * physical network, so SMC-R may use that RDMA port for connections whose
 * TCP traffic leaves through that network device.
 */
#ifndef SMC_PNET_H
#define SMC_PNET_H

#include <linux/types.h>
#include <net/net_namespace.h>

/* Same value and spelling as Linux's include/net/smc.h */
#define SMC_MAX_PNETID_LEN	16

/* The lookups below fill @pnetid with SMC_MAX_PNETID_LEN bytes: the
 * upper-case PNET ID padded with NUL bytes, so two results can be compared
 * with memcmp().  They return false, leaving @pnetid alone, when the user
 * gave the device no PNET ID.  Both take only the RCU read lock: any
 * context, no lock order to mind.
 *
 * Entries hold device names, not devices: a device that appears later
 * under a configured name gets its PNET ID, as in Linux.
 */

/* The user-set PNET ID of the network device called @ndev_name in @net */
bool smc_pnet_netdev_id(struct net *net, const char *ndev_name, u8 *pnetid);

/* The user-set PNET ID of @port (1 or 2) of the RDMA device @ibdev.  RDMA
 * entries exist only in the initial namespace's table and hold for every
 * namespace (as in Linux); @net is not consulted.  Linux also accepts the
 * parent device's name (dev_name(ibdev->dev.parent), a PCI id) in place of
 * the RDMA device name: a caller wanting that calls again with it.
 */
bool smc_pnet_ibport_id(struct net *net, const char *ibdev, u8 port,
			u8 *pnetid);

int smc_pnet_init(void);
void smc_pnet_exit(void);

#endif /* SMC_PNET_H */
