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

int smc_ib_init(void);
void smc_ib_exit(void);

/* Can a TCP socket's route reach an RDMA device?  Fills @route. */
int smc_ib_route_of_sock(struct sock *clcsk, struct smc_ib_route *route);

/* Find an active port serving @route: a RoCE v1 GID on its VLAN (@v2 false)
 * or a RoCE v2 GID with an IPv4 address of @route->saddr's subnet (@v2).
 * Returns 0 and fills @out holding a device reference (drop it with
 * smc_ib_device_put()), or -ENODEV.
 */
int smc_ib_find_device(const struct smc_ib_route *route, bool v2,
		       struct smc_ib_choice *out);

/* Users of a device (links, choices in a handshake) keep its removal
 * waiting until they are gone.
 */
void smc_ib_device_hold(struct smc_ib_device *smcibdev);
void smc_ib_device_put(struct smc_ib_device *smcibdev);

/* A link on @port (1 or 2): holds the device as above and is counted on
 * the port for the netlink device dump.  Put with the same port.
 */
void smc_ib_link_hold(struct smc_ib_device *smcibdev, u8 port);
void smc_ib_link_put(struct smc_ib_device *smcibdev, u8 port);

/* The user-set PNET ID of @port, looked up by the RDMA device's name and
 * then by its parent's (a PCI id), as Linux does: smc_pnet_ibport_id()'s
 * contract.
 */
bool smc_ib_port_pnetid(struct smc_ib_device *smcibdev, u8 port, u8 *pnetid);

/* GID of @port for @vlan_id / v2 source address, as above */
int smc_ib_determine_gid(struct smc_ib_device *smcibdev, u8 port,
			 const struct smc_ib_route *route, bool v2,
			 u8 *gid, u8 *sgid_index);

bool smc_ib_port_active(struct smc_ib_device *smcibdev, u8 port);
/* how peers recognise this host: CLC local id, LLC, DECLINE */
void smc_systemid_get(u8 *id);

/* the IPv4 address in an IPv4-mapped RoCE v2 GID, or INADDR_NONE */
__be32 smc_ib_gid_to_ipv4(const u8 *gid);

/* Route to an SMC-Rv2 peer: next hop MAC and whether it is a gateway */
int smc_ib_find_route(struct net *net, __be32 saddr, __be32 daddr,
		      u8 *nexthop_mac, bool *uses_gateway);

#endif /* SMC_IB_H */
