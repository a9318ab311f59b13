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

/**
 * smc_erdma_init() - check the parameters and start the port reservations
 *
 * Checks the module parameters; with reserve_mode, starts following network
 * namespaces and network devices.  Called before the IB client registers.
 *
 * Context: process context (module init); sleeps.
 * Return: 0; -EINVAL when rsvd_ports_base is out of range; the negative
 * errno of registering the pernet operations or the netdevice notifier.
 */
int smc_erdma_init(void);

/**
 * smc_erdma_exit() - stop the reservations and give back every held port
 *
 * Called after the IB client is unregistered.
 *
 * Context: process context (module exit); sleeps.
 */
void smc_erdma_exit(void);

/**
 * smc_erdma_is_iwarp() - is an RDMA device iWARP-class?
 * @ibdev: the device
 *
 * Context: any context.
 * Return: true for an RNIC node or a device with a port speaking iWARP.
 */
bool smc_erdma_is_iwarp(struct ib_device *ibdev);

/**
 * smc_erdma_is_erdma() - is an RDMA device a function of Alibaba's eRDMA?
 * @ibdev: the device
 *
 * Context: any context.
 * Return: true when its parent is the PCI device 1ded:107f.
 */
bool smc_erdma_is_erdma(struct ib_device *ibdev);

/**
 * smc_erdma_devices_changed() - RDMA devices came or went
 *
 * With reserve_mode, a work item brings the port reservations of every
 * namespace up to date.
 *
 * Context: any context.
 */
void smc_erdma_devices_changed(void);

/**
 * smc_erdma_ifindex() - the network device an RDMA device is bound to
 * @ibdev: the device (bound with ib_device_set_netdev())
 *
 * Context: any context (RCU read lock only).
 * Return: the ifindex of that network device, in whatever namespace it
 * lives, or 0 if there is none.
 */
u32 smc_erdma_ifindex(struct ib_device *ibdev);

/**
 * smc_erdma_mac() - the MAC of the network device an RDMA device is bound to
 * @ibdev: the device
 * @mac: filled with ETH_ALEN bytes
 *
 * Context: any context (RCU read lock only).
 * Return: 0, or -ENODEV when the driver bound no network device.
 */
int smc_erdma_mac(struct ib_device *ibdev, u8 *mac);

/**
 * smc_erdma_net_ready() - may iWARP links be made in a namespace?
 * @net: the namespace
 *
 * Context: any context.
 * Return: true when reserve_mode is on and @net holds all reserved ports.
 */
bool smc_erdma_net_ready(struct net *net);

struct smc_ib_device;
struct smc_ib_route;
struct smc_ib_choice;
struct smc_link;

/**
 * smc_erdma_find_port() - can a port of an iWARP-class device serve a route?
 * @smcibdev: the iWARP-class device
 * @port: the port, 1 or 2
 * @route: the route of the TCP connection (no VLAN)
 * @pnetid: the PNET ID of the route's network device, or NULL if it has none
 * @base: the route's network device (the real one under a VLAN)
 * @out: its GID, GID index and MAC are filled
 *
 * SMC-Rv2 only: the port is active, its network device is @base (or has
 * the port's PNET ID @pnetid), is up, has an IPv4 address, and @route's
 * namespace holds the reserved ports.  The GID is ::ffff:<that IPv4
 * address>, preferring one in @route's subnet.
 *
 * Context: process context (the device search, under smc_ib_devices.mutex);
 * takes the RCU read lock.
 * Return: 0, or -ENODEV.
 */
int smc_erdma_find_port(struct smc_ib_device *smcibdev, u8 port,
			const struct smc_ib_route *route, const u8 *pnetid,
			const struct net_device *base,
			struct smc_ib_choice *out);

/**
 * smc_erdma_link_init() - prepare a link's out-of-band QP parameters
 * @lnk: the link, before its QP is created; nothing is done unless its
 *       device is iWARP-class
 * @peer_gid: the peer's GID from CLC
 *
 * The QP of a link on an iWARP-class device is connected out of band:
 * this fills its parameter block with both IPv4 addresses; the ports come
 * with smc_erdma_qp_rtr().
 *
 * Context: process context.
 */
void smc_erdma_link_init(struct smc_link *lnk, const u8 *peer_gid);

/**
 * smc_erdma_qp_init_attr() - make the QP to create an out-of-band one
 * @lnk: the link prepared by smc_erdma_link_init(); nothing is done unless
 *       its device is iWARP-class
 * @attr: the QP attributes: the create flag and the parameter block are
 *        added
 *
 * Context: process context.
 */
void smc_erdma_qp_init_attr(struct smc_link *lnk,
			    struct ib_qp_init_attr *attr);

/**
 * smc_erdma_qp_rtr() - connect an iWARP link's QP
 * @lnk: the link, with its own and the peer's GID and QPN known
 *
 * Computes the link's 4-tuple (smc_iw_tuple()) with the reserved ports and
 * moves the QP to RTR with it; the driver connects the QP from there.
 *
 * Context: process context; sleeps.
 * Return: 0; -EINVAL when a GID holds no usable IPv4 address or the tuple
 * would not work; the negative errno of ib_modify_qp().
 */
int smc_erdma_qp_rtr(struct smc_link *lnk);

/**
 * smc_erdma_nl_put_link() - add an iWARP link's 4-tuple to a netlink dump
 * @skb: the message of the link dump
 * @lnk: the link; nothing is added for a link that is not an iWARP one
 *
 * Context: any context.
 * Return: 0, or -EMSGSIZE when @skb is full.
 */
int smc_erdma_nl_put_link(struct sk_buff *skb, const struct smc_link *lnk);

#endif /* SMC_ERDMA_H */
