/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iWARP-class RDMA devices (Alibaba eRDMA, Soft-iWARP): recognising them
 * and holding the TCP ports their out-of-band QP connections use in every
 * network namespace such a device serves ("reserve_mode").
 */
#ifndef SMC_ERDMA_H
#define SMC_ERDMA_H

#include <linux/types.h>
#include <rdma/ib_verbs.h>

/* Alibaba Cloud eRDMA: PCI vendor and device */
#define SMC_ERDMA_PCI_VENDOR	0x1ded
#define SMC_ERDMA_PCI_DEVICE	0x107f

/* ports rsvd_ports_base .. rsvd_ports_base + SMC_ERDMA_RSVD_PORTS - 1 */
#define SMC_ERDMA_RSVD_PORTS	16
#define SMC_ERDMA_RSVD_BASE_DEFAULT	65500

/* Checks the module parameters (-EINVAL when out of range) and starts
 * following namespaces and network devices.  Called before the IB client
 * registers; smc_erdma_exit() after it is gone.
 */
int smc_erdma_init(void);
void smc_erdma_exit(void);

/* An RNIC node or a port speaking iWARP */
bool smc_erdma_is_iwarp(struct ib_device *ibdev);
/* A function of Alibaba's eRDMA PCI device */
bool smc_erdma_is_erdma(struct ib_device *ibdev);

/* RDMA devices came or went: the reservations are brought up to date in a
 * work item.
 */
void smc_erdma_devices_changed(void);

/* ifindex of the network device @ibdev was bound to by its driver
 * (ib_device_set_netdev()), in whatever namespace it lives; 0 if none.
 */
u32 smc_erdma_ifindex(struct ib_device *ibdev);

/* MAC of the network device @ibdev's driver bound it to: 0 or -ENODEV */
int smc_erdma_mac(struct ib_device *ibdev, u8 *mac);

/* Does @net hold the reserved ports (reserve_mode on, none taken)? */
bool smc_erdma_net_ready(struct net *net);

struct smc_ib_device;
struct smc_ib_route;
struct smc_ib_choice;
struct smc_link;

/* SMC-Rv2 over @port of the iWARP-class @smcibdev for @route: its network
 * device is @base (or has the port's PNET ID @pnetid), is up, has an IPv4
 * address and @route's namespace holds the reserved ports.  Fills the GID
 * (::ffff:<IPv4 of the network device>, preferring @route's subnet), GID
 * index and MAC of @out; 0 or -ENODEV.
 */
int smc_erdma_find_port(struct smc_ib_device *smcibdev, u8 port,
			const struct smc_ib_route *route, const u8 *pnetid,
			const struct net_device *base,
			struct smc_ib_choice *out);

/* The QP of a link on an iWARP-class device is connected out of band:
 * smc_erdma_link_init() fills its parameter block before the QP is made
 * (@peer_gid: the peer's GID from CLC), smc_erdma_qp_init_attr() adds the
 * create flag and the block to the QP's attributes, smc_erdma_qp_rtr()
 * computes the link's 4-tuple and moves the QP to RTR with it.  The first
 * two do nothing for other devices.
 */
void smc_erdma_link_init(struct smc_link *lnk, const u8 *peer_gid);
void smc_erdma_qp_init_attr(struct smc_link *lnk,
			    struct ib_qp_init_attr *attr);
int smc_erdma_qp_rtr(struct smc_link *lnk);

/* The 4-tuple of an iWARP link in the netlink link dump (nothing for
 * other links); 0 or -EMSGSIZE
 */
int smc_erdma_nl_put_link(struct sk_buff *skb, const struct smc_link *lnk);

#endif /* SMC_ERDMA_H */
