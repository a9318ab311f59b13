/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RDMA devices SMC-R can use: an IB client that keeps track of them,
 * their ports, GIDs and network devices, and picks the one that serves a
 * given TCP connection.
 */
#ifndef SMC_IB_H
#define SMC_IB_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/workqueue.h>
#include <rdma/ib_verbs.h>

#include "smc_pnet.h"

#define SMC_MAX_PORTS		2
#define SMC_GID_SIZE		16

struct smc_ib_port {
	enum ib_port_state	state;
	u8			mac[ETH_ALEN];
	bool			going_away;
	atomic_t		lnk_cnt;	/* links on this port */
};

struct smc_ib_device {
	struct list_head	list;
	struct ib_device	*ibdev;
	struct smc_ib_port	port[SMC_MAX_PORTS];
	struct ib_event_handler	event_handler;
	struct work_struct	port_event_work;
	unsigned long		port_event_mask;
	atomic_t		lnk_cnt;	/* links on this device */
	wait_queue_head_t	lnks_deleted;
	bool			going_away;
	bool			iwarp;	/* iWARP-class: no RoCE links */
	bool			erdma;	/* Alibaba eRDMA (PCI 1ded:107f) */
};

struct smc_ib_devices {
	struct mutex		mutex;	/* protects list */
	struct list_head	list;
};

extern struct smc_ib_devices smc_ib_devices;

/* What the device search found for one side of a connection */
struct smc_ib_choice {
	struct smc_ib_device	*smcibdev;
	u8			ibport;
	u8			gid[SMC_GID_SIZE];
	u8			sgid_index;
	u8			mac[ETH_ALEN];
	unsigned short		vlan_id;
};

/* Route facts of the TCP connection SMC-R is to replace */
struct smc_ib_route {
	struct net		*net;
	int			ifindex;	/* netdev of the route */
	unsigned short		vlan_id;
	__be32			saddr;		/* SMC-Rv2: IPv4 source */
};

/**
 * smc_ib_init() - start following RDMA devices
 *
 * Initialises the iWARP-class device support (smc_erdma_init()), draws
 * the random part of the system id and registers the IB client, which adds
 * every RDMA device present and coming.
 *
 * Context: process context (module init); sleeps.
 * Return: 0, or the negative errno of smc_erdma_init() or
 * ib_register_client().
 */
int smc_ib_init(void);

/**
 * smc_ib_exit() - stop following RDMA devices
 *
 * Unregisters the IB client, which waits until no link uses a device any
 * more, then stops the iWARP-class support.
 *
 * Context: process context (module exit); sleeps.
 */
void smc_ib_exit(void);

/**
 * smc_ib_route_of_sock() - the route facts of a connected TCP socket
 * @clcsk: the clcsock's sock, connected
 * @route: filled with its namespace, outgoing network device, VLAN id and
 *         IPv4 source address
 *
 * Context: any context; takes the RCU read lock.
 * Return: 0, or -ENODEV when the socket has no cached route.
 */
int smc_ib_route_of_sock(struct sock *clcsk, struct smc_ib_route *route);

/**
 * smc_ib_find_device() - find an active RDMA port that serves a route
 * @route: from smc_ib_route_of_sock()
 * @v2: false for SMC-Rv1 (a RoCE v1 GID on the route's VLAN), true for
 *      SMC-Rv2 (a RoCE v2 GID with an IPv4 address of @route->saddr's
 *      subnet; iWARP-class devices only serve v2)
 * @out: filled with the device, port, GID, GID index, MAC and VLAN id
 *
 * A port qualifies when it has the PNET ID of the route's network device,
 * or, when that has none, when its GIDs belong to that network device.
 *
 * Context: process context; takes smc_ib_devices.mutex.
 * Return: 0 with @out holding a device reference (drop it with
 * smc_ib_device_put()), or -ENODEV.
 */
int smc_ib_find_device(const struct smc_ib_route *route, bool v2,
		       struct smc_ib_choice *out);

/**
 * smc_ib_find_alt_device() - a port for a link group's second link
 * @route: the route of the first link (namespace, VLAN, for v2 the subnet)
 * @v2: whether the link group is SMC-Rv2 (the GID must be on a netdev with
 *      an IPv4 address in the first link's subnet)
 * @pnetid: the first link's PNET ID; none: no alternate device
 * @excl: the first link's device, never chosen
 * @out: the device (held, as by smc_ib_find_device()), port, GID and MAC
 *
 * Context: process context; takes the device list mutex.
 * Return: 0, or -ENODEV when no other device qualifies.
 */
int smc_ib_find_alt_device(const struct smc_ib_route *route, bool v2,
			   const u8 *pnetid, struct smc_ib_device *excl,
			   struct smc_ib_choice *out);

/**
 * smc_ib_device_hold() - keep a device's removal waiting
 * @smcibdev: the device, which the caller already keeps from going away
 *            (smc_ib_devices.mutex or another reference)
 *
 * Users of a device (links, choices in a handshake) keep its removal
 * waiting until they are gone.
 *
 * Context: any context.
 */
void smc_ib_device_hold(struct smc_ib_device *smcibdev);

/**
 * smc_ib_device_put() - drop a reference of smc_ib_device_hold()
 * @smcibdev: the device; it may be freed right after the last put
 *
 * Context: any context.
 */
void smc_ib_device_put(struct smc_ib_device *smcibdev);

/**
 * smc_ib_link_hold() - a link uses a port of the device
 * @smcibdev: the device
 * @port: the port, 1 or 2
 *
 * Holds the device as smc_ib_device_hold() does and counts the link on the
 * port for the netlink device dump.
 *
 * Context: any context.
 */
void smc_ib_link_hold(struct smc_ib_device *smcibdev, u8 port);

/**
 * smc_ib_link_put() - drop a reference of smc_ib_link_hold()
 * @smcibdev: the device; it may be freed right after this
 * @port: the same port as given to smc_ib_link_hold()
 *
 * Context: any context.
 */
void smc_ib_link_put(struct smc_ib_device *smcibdev, u8 port);

/**
 * smc_ib_port_pnetid() - the user-set PNET ID of an RDMA port
 * @smcibdev: the device
 * @port: the port, 1 or 2
 * @pnetid: filled as smc_pnet_ibport_id() fills it
 *
 * Looked up by the RDMA device's name, then by its parent device's (a PCI
 * id), as Linux does.
 *
 * Context: any context (RCU read lock only).
 * Return: true when the user gave the port a PNET ID.
 */
bool smc_ib_port_pnetid(struct smc_ib_device *smcibdev, u8 port, u8 *pnetid);

/**
 * smc_ib_determine_gid() - a GID of a port usable for a route
 * @smcibdev: the device
 * @port: the port, 1 or 2
 * @route: the route; its VLAN id (v1) or IPv4 source (v2) selects the GID
 * @v2: as for smc_ib_find_device()
 * @gid: filled with SMC_GID_SIZE bytes
 * @sgid_index: filled with the GID's index in the port's table
 *
 * Context: process context.
 * Return: 0, or -ENODEV when no GID of the port fits.
 */
int smc_ib_determine_gid(struct smc_ib_device *smcibdev, u8 port,
			 const struct smc_ib_route *route, bool v2,
			 u8 *gid, u8 *sgid_index);

/**
 * smc_ib_port_active() - is a port up, as last seen by a port event?
 * @smcibdev: the device
 * @port: the port, 1 or 2
 *
 * Context: any context.
 * Return: true when the port's state is IB_PORT_ACTIVE.
 */
bool smc_ib_port_active(struct smc_ib_device *smcibdev, u8 port);

/**
 * smc_systemid_get() - how peers recognise this host
 * @id: filled with SMC_CLC_SYSTEMID_LEN bytes: two random bytes and the
 *      MAC of the first active RoCE port (zero until there is one)
 *
 * Sent in CLC messages (local id), LLC messages and DECLINEs.
 *
 * Context: process or softirq context.
 */
void smc_systemid_get(u8 *id);

/**
 * smc_ib_gid_to_ipv4() - the IPv4 address in an IPv4-mapped RoCE v2 GID
 * @gid: SMC_GID_SIZE bytes, possibly from the network
 *
 * Return: the address (network order), or INADDR_NONE when @gid is not
 * IPv4-mapped.
 */
__be32 smc_ib_gid_to_ipv4(const u8 *gid);

/**
 * smc_ib_find_route() - the route to an SMC-Rv2 peer
 * @net: the namespace to route in
 * @saddr: our IPv4 address
 * @daddr: the peer's IPv4 address (from its GID)
 * @nexthop_mac: filled with the MAC of the next hop
 * @uses_gateway: set when the next hop is an IPv4 gateway
 *
 * Context: process or softirq context.
 * Return: 0; -EINVAL for INADDR_NONE; -ENOENT when there is no route, the
 * gateway is not IPv4 or the neighbour is not resolved.
 */
int smc_ib_find_route(struct net *net, __be32 saddr, __be32 daddr,
		      u8 *nexthop_mac, bool *uses_gateway);

#endif /* SMC_IB_H */
