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
 * with memcmp().  They leave @pnetid alone when the user gave the device no
 * PNET ID.  Both take only the RCU read lock: any context, no lock order
 * to mind.
 *
 * Entries hold device names, not devices: a device that appears later
 * under a configured name gets its PNET ID, as in Linux.
 */

/**
 * smc_pnet_netdev_id() - the user-set PNET ID of a network device
 * @net: the namespace whose table is consulted
 * @ndev_name: the device's name in @net
 * @pnetid: filled as described above
 *
 * Context: any context (RCU read lock only).
 * Return: true when the device has a PNET ID.
 */
bool smc_pnet_netdev_id(struct net *net, const char *ndev_name, u8 *pnetid);

/**
 * smc_pnet_ibport_id() - the user-set PNET ID of an RDMA port
 * @net: not consulted: RDMA entries exist only in the initial namespace's
 *       table and hold for every namespace (as in Linux)
 * @ibdev: the RDMA device's name
 * @port: the port, 1 or 2
 * @pnetid: filled as described above
 *
 * Linux also accepts the parent device's name (dev_name(ibdev->dev.parent),
 * a PCI id) in place of the RDMA device name: a caller wanting that calls
 * again with it (smc_ib_port_pnetid() does).
 *
 * Context: any context (RCU read lock only).
 * Return: true when the port has a PNET ID.
 */
bool smc_pnet_ibport_id(struct net *net, const char *ibdev, u8 port,
			u8 *pnetid);

/**
 * smc_pnet_init() - start the per-namespace tables and the SMC_PNETID family
 *
 * Context: module init; sleeps.
 * Return: 0, or the negative errno of register_pernet_subsys() or
 * genl_register_family().
 */
int smc_pnet_init(void);

/**
 * smc_pnet_exit() - unregister the family and free every table
 *
 * Context: module exit; sleeps.
 */
void smc_pnet_exit(void);

#endif /* SMC_PNET_H */
