// SPDX-License-Identifier: GPL-2.0
/*
 * RDMA devices for SMC-R.
 *
 * An IB client records every RoCE device with its ports.  Which port serves
 * a TCP connection is decided from the GID table: each RoCE GID entry names
 * the network device it belongs to, which works on every kernel and driver
 * (rxe on 6.1 does not report its netdev any other way).  A PNET ID set by
 * the administrator on both the network device and the RDMA port overrides
 * that and ties them together explicitly.
 */

#define pr_fmt(fmt) "smc: " fmt

#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <linux/pci.h>
#include <linux/random.h>
#include <linux/smc.h>
#include <net/addrconf.h>
#include <net/arp.h>
#include <net/neighbour.h>
#include <net/route.h>
#include <rdma/ib_cache.h>
#include <rdma/ib_verbs.h>

#include "smc.h"
#include "smc_clc.h"
#include "smc_core.h"
#include "smc_erdma.h"
#include "smc_ib.h"
#include "smc_netlink.h"
#include "smc_pnet.h"

struct smc_ib_devices smc_ib_devices = {
	.mutex = __MUTEX_INITIALIZER(smc_ib_devices.mutex),
	.list = LIST_HEAD_INIT(smc_ib_devices.list),
};

/* Two random bytes and the MAC of the first active RoCE port: how peers
 * recognise this host (and reuse its link groups).
 */
static u8 smc_local_systemid[SMC_CLC_SYSTEMID_LEN];
static DEFINE_SPINLOCK(smc_systemid_lock);

void smc_systemid_get(u8 *id)
{
	spin_lock_bh(&smc_systemid_lock);
	memcpy(id, smc_local_systemid, SMC_CLC_SYSTEMID_LEN);
	spin_unlock_bh(&smc_systemid_lock);
}

static void smc_ib_systemid_offer(const u8 *mac)
{
	spin_lock_bh(&smc_systemid_lock);
	if (is_zero_ether_addr(&smc_local_systemid[2]))
		memcpy(&smc_local_systemid[2], mac, ETH_ALEN);
	spin_unlock_bh(&smc_systemid_lock);
}

__be32 smc_ib_gid_to_ipv4(const u8 *gid)
{
	struct in6_addr addr;

	memcpy(&addr, gid, sizeof(addr));
	if (ipv6_addr_v4mapped(&addr))
		return addr.s6_addr32[3];
	return cpu_to_be32(INADDR_NONE);
}

bool smc_ib_port_active(struct smc_ib_device *smcibdev, u8 port)
{
	return smcibdev->port[port - 1].state == IB_PORT_ACTIVE;
}

static void smc_ib_port_refresh(struct smc_ib_device *smcibdev, u8 port)
{
	struct smc_ib_port *p = &smcibdev->port[port - 1];
	const struct ib_gid_attr *attr;
	struct ib_port_attr pattr;

	if (ib_query_port(smcibdev->ibdev, port, &pattr))
		pattr.state = IB_PORT_DOWN;
	p->state = pattr.state;
	/* an iWARP GID holds no MAC: the driver's network device has it */
	if (smcibdev->iwarp) {
		if (!smc_erdma_mac(smcibdev->ibdev, p->mac) &&
		    p->state == IB_PORT_ACTIVE)
			smc_ib_systemid_offer(p->mac);
		return;
	}
	attr = rdma_get_gid_attr(smcibdev->ibdev, port, 0);
	if (!IS_ERR(attr)) {
		if (!rdma_read_gid_l2_fields(attr, NULL, p->mac) &&
		    p->state == IB_PORT_ACTIVE)
			smc_ib_systemid_offer(p->mac);
		rdma_put_gid_attr(attr);
	}
}

static bool smc_ib_vlan_matches(const struct net_device *ndev,
				unsigned short vlan_id)
{
	if (!vlan_id)
		return !is_vlan_dev(ndev);
	return is_vlan_dev(ndev) && vlan_dev_vlan_id(ndev) == vlan_id;
}

/* Is one of @saddr's addresses configured on @ndev (the SMC-Rv2 rule)? */
static bool smc_ib_ndev_has_subnet(const struct net_device *ndev,
				   __be32 saddr)
{
	struct in_device *in_dev = __in_dev_get_rcu(ndev);
	const struct in_ifaddr *ifa;

	if (!in_dev)
		return false;
	in_dev_for_each_ifa_rcu(ifa, in_dev) {
		if (inet_ifa_match(saddr, ifa))
			return true;
	}
	return false;
}

static bool smc_ib_gid_usable(const struct ib_gid_attr *attr,
			      const struct smc_ib_route *route, bool v2)
{
	const struct net_device *ndev;
	bool usable = false;

	rcu_read_lock();
	ndev = rdma_read_gid_attr_ndev_rcu(attr);
	if (IS_ERR(ndev) || !smc_ib_vlan_matches(ndev, route->vlan_id))
		goto out;
	if (!v2) {
		usable = attr->gid_type == IB_GID_TYPE_ROCE;
		goto out;
	}
	usable = attr->gid_type == IB_GID_TYPE_ROCE_UDP_ENCAP &&
		 smc_ib_gid_to_ipv4(attr->gid.raw) !=
		 cpu_to_be32(INADDR_NONE) &&
		 smc_ib_ndev_has_subnet(ndev, route->saddr);
out:
	rcu_read_unlock();
	return usable;
}

static int smc_ib_gid_table_len(struct smc_ib_device *smcibdev, u8 port)
{
	struct ib_port_attr pattr;

	if (ib_query_port(smcibdev->ibdev, port, &pattr))
		return 0;
	return pattr.gid_tbl_len;
}

int smc_ib_determine_gid(struct smc_ib_device *smcibdev, u8 port,
			 const struct smc_ib_route *route, bool v2,
			 u8 *gid, u8 *sgid_index)
{
	int i, len = smc_ib_gid_table_len(smcibdev, port);
	const struct ib_gid_attr *attr;

	for (i = 0; i < len; i++) {
		attr = rdma_get_gid_attr(smcibdev->ibdev, port, i);
		if (IS_ERR(attr))
			continue;
		if (smc_ib_gid_usable(attr, route, v2)) {
			memcpy(gid, attr->gid.raw, SMC_GID_SIZE);
			*sgid_index = attr->index;
			rdma_put_gid_attr(attr);
			return 0;
		}
		rdma_put_gid_attr(attr);
	}
	return -ENODEV;
}

/* Does the port carry traffic of @ndev (or of a VLAN on top of it)? */
static bool smc_ib_port_serves(struct smc_ib_device *smcibdev, u8 port,
			       const struct net_device *ndev)
{
	int i, len = smc_ib_gid_table_len(smcibdev, port);
	const struct ib_gid_attr *attr;
	const struct net_device *gdev;
	bool serves = false;

	for (i = 0; i < len && !serves; i++) {
		attr = rdma_get_gid_attr(smcibdev->ibdev, port, i);
		if (IS_ERR(attr))
			continue;
		rcu_read_lock();
		gdev = rdma_read_gid_attr_ndev_rcu(attr);
		if (!IS_ERR(gdev)) {
			if (is_vlan_dev(gdev))
				gdev = vlan_dev_real_dev(gdev);
			serves = gdev == ndev;
		}
		rcu_read_unlock();
		rdma_put_gid_attr(attr);
	}
	return serves;
}

bool smc_ib_port_pnetid(struct smc_ib_device *smcibdev, u8 port, u8 *pnetid)
{
	struct device *parent = smcibdev->ibdev->dev.parent;

	/* RDMA entries live in the initial namespace's table only */
	if (smc_pnet_ibport_id(&init_net, smcibdev->ibdev->name, port,
			       pnetid))
		return true;
	return parent && smc_pnet_ibport_id(&init_net, dev_name(parent),
					    port, pnetid);
}

static bool smc_ib_port_candidate(struct smc_ib_device *smcibdev, u8 port,
				  struct net *net, const u8 *pnetid,
				  const struct net_device *base)
{
	u8 port_pnetid[SMC_MAX_PNETID_LEN];

	/* iWARP-class devices: smc_erdma_find_port() */
	if (smcibdev->iwarp ||
	    !rdma_is_port_valid(smcibdev->ibdev, port) ||
	    !rdma_protocol_roce(smcibdev->ibdev, port) ||
	    !smc_ib_port_active(smcibdev, port) ||
	    smcibdev->port[port - 1].going_away)
		return false;
	if (pnetid)
		return smc_ib_port_pnetid(smcibdev, port, port_pnetid) &&
		       !memcmp(port_pnetid, pnetid, SMC_MAX_PNETID_LEN);
	return smc_ib_port_serves(smcibdev, port, base);
}

/* The first port, in device order, that can carry a link for @route: of a
 * device other than @excl, with the PNET ID @pnetid when one is given, else
 * (first links only, @base set) serving @base.  A link beside one on @excl
 * is never over iWARP: Alibaba's SMC adds no second link there.  The
 * device is held on success.
 */
static int smc_ib_pick_port(const struct smc_ib_route *route, bool v2,
			    const u8 *pnetid, struct net_device *base,
			    const struct smc_ib_device *excl,
			    struct smc_ib_choice *out)
{
	struct smc_ib_device *smcibdev;
	int rc = -ENODEV;
	u8 port;

	mutex_lock(&smc_ib_devices.mutex);
	list_for_each_entry(smcibdev, &smc_ib_devices.list, list) {
		if (smcibdev == excl || smcibdev->going_away ||
		    (excl && smcibdev->iwarp) ||
		    !rdma_dev_access_netns(smcibdev->ibdev, route->net))
			continue;
		for (port = 1; port <= SMC_MAX_PORTS; port++) {
			/* SMC-Rv2 only over iWARP, as Alibaba's SMC */
			if (smcibdev->iwarp) {
				if (!v2 || smc_erdma_find_port(smcibdev, port,
							       route, pnetid,
							       base, out))
					continue;
			} else {
				if (!smc_ib_port_candidate(smcibdev, port,
							   route->net, pnetid,
							   base))
					continue;
				if (smc_ib_determine_gid(smcibdev, port, route,
							 v2, out->gid,
							 &out->sgid_index))
					continue;
				memcpy(out->mac, smcibdev->port[port - 1].mac,
				       ETH_ALEN);
			}
			smc_ib_device_hold(smcibdev);
			out->smcibdev = smcibdev;
			out->ibport = port;
			out->vlan_id = route->vlan_id;
			rc = 0;
			goto out;
		}
	}
out:
	mutex_unlock(&smc_ib_devices.mutex);
	return rc;
}

int smc_ib_find_device(const struct smc_ib_route *route, bool v2,
		       struct smc_ib_choice *out)
{
	u8 pnetid_buf[SMC_MAX_PNETID_LEN], *pnetid = NULL;
	struct net_device *ndev, *base;
	int rc;

	ndev = dev_get_by_index(route->net, route->ifindex);
	if (!ndev)
		return -ENODEV;
	base = is_vlan_dev(ndev) ? vlan_dev_real_dev(ndev) : ndev;
	if (smc_pnet_netdev_id(route->net, base->name, pnetid_buf) ||
	    smc_pnet_netdev_id(route->net, ndev->name, pnetid_buf))
		pnetid = pnetid_buf;
	rc = smc_ib_pick_port(route, v2, pnetid, base, NULL, out);
	dev_put(ndev);
	return rc;
}

/* A RoCE port for a second link beside one on @excl: a port of another
 * device with the PNET ID @pnetid (as Linux's module, never without one),
 * a GID of @route's VLAN and, for SMC-Rv2, on a netdev with an IPv4
 * address in the subnet of @route->saddr.  The device is held on success.
 */
int smc_ib_find_alt_device(const struct smc_ib_route *route, bool v2,
			   const u8 *pnetid, struct smc_ib_device *excl,
			   struct smc_ib_choice *out)
{
	if (!pnetid || !pnetid[0] || !excl)
		return -ENODEV;
	return smc_ib_pick_port(route, v2, pnetid, NULL, excl, out);
}

int smc_ib_route_of_sock(struct sock *clcsk, struct smc_ib_route *route)
{
	struct dst_entry *dst;
	struct net_device *dev;
	int rc = -ENODEV;

	memset(route, 0, sizeof(*route));
	route->net = sock_net(clcsk);
	route->saddr = clcsk->sk_rcv_saddr;
	rcu_read_lock();
	dst = __sk_dst_get(clcsk);
	dev = dst ? dst->dev : NULL;
	if (dev) {
		route->ifindex = dev->ifindex;
		if (is_vlan_dev(dev))
			route->vlan_id = vlan_dev_vlan_id(dev);
		rc = 0;
	}
	rcu_read_unlock();
	return rc;
}

int smc_ib_find_route(struct net *net, __be32 saddr, __be32 daddr,
		      u8 *nexthop_mac, bool *uses_gateway)
{
	struct neighbour *neigh = NULL;
	struct rtable *rt;
	struct flowi4 fl4 = {
		.saddr = saddr,
		.daddr = daddr,
	};
	int rc = -ENOENT;

	if (daddr == cpu_to_be32(INADDR_NONE))
		return -EINVAL;
	rt = ip_route_output_flow(net, &fl4, NULL);
	if (IS_ERR(rt))
		return -ENOENT;
	if (rt->rt_uses_gateway && rt->rt_gw_family != AF_INET)
		goto out;
	neigh = rt->dst.ops->neigh_lookup(&rt->dst, NULL, &fl4.daddr);
	if (!neigh)
		goto out;
	read_lock_bh(&neigh->lock);
	if (neigh->nud_state & NUD_VALID) {
		memcpy(nexthop_mac, neigh->ha, ETH_ALEN);
		*uses_gateway = rt->rt_uses_gateway;
		rc = 0;
	}
	read_unlock_bh(&neigh->lock);
	neigh_release(neigh);
out:
	ip_rt_put(rt);
	return rc;
}

/* ---- netlink: SMC_NETLINK_GET_DEV_SMCR ---------------------------------- */

/* Linux keeps PCI ids in a buffer of this size and truncates to it */
#define SMC_NL_PCI_ID_LEN	16

/* The network device of @port: the one its default GID belongs to (the
 * lower device when that is a VLAN), 0 if none.  Linux reports 0 when it
 * does not know the device either.
 */
static u32 smc_ib_port_ifindex(struct smc_ib_device *smcibdev, u8 port)
{
	const struct ib_gid_attr *attr;
	const struct net_device *ndev;
	u32 ifindex = 0;

	/* 6.1 gives iWARP GIDs no netdev: ask for the driver's binding */
	if (smcibdev->iwarp)
		return smc_erdma_ifindex(smcibdev->ibdev);
	attr = rdma_get_gid_attr(smcibdev->ibdev, port, 0);
	if (IS_ERR(attr))
		return 0;
	rcu_read_lock();
	ndev = rdma_read_gid_attr_ndev_rcu(attr);
	if (!IS_ERR(ndev)) {
		if (is_vlan_dev(ndev))
			ndev = vlan_dev_real_dev(ndev);
		ifindex = ndev->ifindex;
	}
	rcu_read_unlock();
	rdma_put_gid_attr(attr);
	return ifindex;
}

static int smc_nl_put_dev_port(struct sk_buff *skb,
			       struct smc_ib_device *smcibdev, u8 port)
{
	u8 pnetid[SMC_MAX_PNETID_LEN + 1] = {};
	struct nlattr *nest;
	bool by_user;

	/* no PNET ID from the hardware on this platform: user-set or none */
	by_user = smc_ib_port_pnetid(smcibdev, port, pnetid);
	nest = nla_nest_start(skb, SMC_NLA_DEV_PORT + port - 1);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, SMC_NLA_DEV_PORT_PNET_USR, by_user) ||
	    nla_put_string(skb, SMC_NLA_DEV_PORT_PNETID,
			   (const char *)pnetid) ||
	    nla_put_u32(skb, SMC_NLA_DEV_PORT_NETDEV,
			smc_ib_port_ifindex(smcibdev, port)) ||
	    nla_put_u8(skb, SMC_NLA_DEV_PORT_VALID, 1) ||
	    nla_put_u8(skb, SMC_NLA_DEV_PORT_STATE,
		       smc_ib_port_active(smcibdev, port)) ||
	    nla_put_u32(skb, SMC_NLA_DEV_PORT_LNK_CNT,
			atomic_read(&smcibdev->port[port - 1].lnk_cnt))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Only PCI functions have these.  Linux also sends them for a parent that
 * is no PCI device, reading it as one; rxe has no parent at all.  FID and
 * PCHID exist on s390 only and are 0 elsewhere, as in Linux.
 */
static int smc_nl_put_dev_pci(struct sk_buff *skb, struct device *parent)
{
	char pci_id[SMC_NL_PCI_ID_LEN];
	struct pci_dev *pdev;

	if (!parent || !dev_is_pci(parent))
		return 0;
	pdev = to_pci_dev(parent);
	snprintf(pci_id, sizeof(pci_id), "%s", pci_name(pdev));
	if (nla_put_u32(skb, SMC_NLA_DEV_PCI_FID, 0) ||
	    nla_put_u16(skb, SMC_NLA_DEV_PCI_CHID, 0) ||
	    nla_put_u16(skb, SMC_NLA_DEV_PCI_VENDOR, pdev->vendor) ||
	    nla_put_u16(skb, SMC_NLA_DEV_PCI_DEVICE, pdev->device) ||
	    nla_put_string(skb, SMC_NLA_DEV_PCI_ID, pci_id))
		return -EMSGSIZE;
	return 0;
}

/* One message per device, attributes in Linux's order.  Linux sends no
 * SMC_NLA_DEV_USE_CNT for RDMA devices (only for ISM ones); the links are
 * counted per port.
 */
static int smc_nl_fill_smcr_dev(struct sk_buff *skb,
				struct netlink_callback *cb,
				struct smc_ib_device *smcibdev)
{
	char ibname[IB_DEVICE_NAME_MAX];
	struct nlattr *nest;
	void *hdr;
	u8 port;

	hdr = smc_nl_dump_hdr(skb, cb, SMC_NETLINK_GET_DEV_SMCR);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, SMC_GEN_DEV_SMCR);
	if (!nest)
		goto cancel;
	if (nla_put_u8(skb, SMC_NLA_DEV_IS_CRIT,
		       smcr_dev_critical(smcibdev)) ||
	    smc_nl_put_dev_pci(skb, smcibdev->ibdev->dev.parent))
		goto cancel;
	strscpy(ibname, smcibdev->ibdev->name, sizeof(ibname));
	if (nla_put_string(skb, SMC_NLA_DEV_IB_NAME, ibname))
		goto cancel;
	for (port = 1; port <= SMC_MAX_PORTS; port++) {
		if (!rdma_is_port_valid(smcibdev->ibdev, port))
			continue;
		if (smc_nl_put_dev_port(skb, smcibdev, port))
			goto cancel;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* Every device, whatever the requester's namespace (as Linux: the PNET
 * table for RDMA devices is global too).  cb->args[0] counts the devices
 * sent in earlier parts of the dump.
 */
int smc_nl_dump_dev_smcr(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct smc_ib_device *smcibdev;
	long skip = cb->args[0], pos = 0;
	int rc = 0;

	mutex_lock(&smc_ib_devices.mutex);
	list_for_each_entry(smcibdev, &smc_ib_devices.list, list) {
		if (pos < skip) {
			pos++;
			continue;
		}
		rc = smc_nl_fill_smcr_dev(skb, cb, smcibdev);
		if (rc)
			break;
		pos++;
	}
	mutex_unlock(&smc_ib_devices.mutex);
	cb->args[0] = pos;
	/* a message too big for an empty skb would end the dump silently */
	if (rc && !skb->len)
		return rc;
	return skb->len;
}

/* ---- device life cycle ------------------------------------------------- */

void smc_ib_device_hold(struct smc_ib_device *smcibdev)
{
	atomic_inc(&smcibdev->lnk_cnt);
}

void smc_ib_device_put(struct smc_ib_device *smcibdev)
{
	if (atomic_dec_and_test(&smcibdev->lnk_cnt))
		wake_up(&smcibdev->lnks_deleted);
}

void smc_ib_link_hold(struct smc_ib_device *smcibdev, u8 port)
{
	smc_ib_device_hold(smcibdev);
	if (!WARN_ON_ONCE(port < 1 || port > SMC_MAX_PORTS))
		atomic_inc(&smcibdev->port[port - 1].lnk_cnt);
}

void smc_ib_link_put(struct smc_ib_device *smcibdev, u8 port)
{
	/* before the put: the device may be freed right after it */
	if (port >= 1 && port <= SMC_MAX_PORTS)
		atomic_dec(&smcibdev->port[port - 1].lnk_cnt);
	smc_ib_device_put(smcibdev);
}

static struct ib_client smc_ib_client;

static void smc_ib_port_event_work(struct work_struct *work)
{
	struct smc_ib_device *smcibdev =
		container_of(work, struct smc_ib_device, port_event_work);
	u8 port;

	for (port = 1; port <= SMC_MAX_PORTS; port++) {
		if (!test_and_clear_bit(port - 1, &smcibdev->port_event_mask))
			continue;
		if (!rdma_is_port_valid(smcibdev->ibdev, port))
			continue;
		smc_ib_port_refresh(smcibdev, port);
		if (!smc_ib_port_active(smcibdev, port))
			smcr_port_down(smcibdev, port);
		else
			smcr_port_add(smcibdev, port);
	}
}

/* Called in interrupt context: note the port, act in the work. */
static void smc_ib_event_handler(struct ib_event_handler *handler,
				 struct ib_event *ev)
{
	struct smc_ib_device *smcibdev =
		container_of(handler, struct smc_ib_device, event_handler);
	u8 port;

	switch (ev->event) {
	case IB_EVENT_DEVICE_FATAL:
		for (port = 1; port <= SMC_MAX_PORTS; port++)
			set_bit(port - 1, &smcibdev->port_event_mask);
		break;
	case IB_EVENT_PORT_ERR:
	case IB_EVENT_PORT_ACTIVE:
	case IB_EVENT_GID_CHANGE:
		port = ev->element.port_num;
		if (port < 1 || port > SMC_MAX_PORTS)
			return;
		set_bit(port - 1, &smcibdev->port_event_mask);
		break;
	default:
		return;
	}
	schedule_work(&smcibdev->port_event_work);
}

/* RoCE devices, and iWARP-class ones (SMC-Rv2 links connected out of
 * band, see smc_erdma.c)
 */
static bool smc_ib_usable_device(struct ib_device *ibdev)
{
	u32 port;

	if (smc_erdma_is_iwarp(ibdev))
		return true;
	if (ibdev->node_type != RDMA_NODE_IB_CA)
		return false;
	rdma_for_each_port(ibdev, port)
		if (rdma_protocol_roce(ibdev, port))
			return true;
	return false;
}

static int smc_ib_add_dev(struct ib_device *ibdev)
{
	struct smc_ib_device *smcibdev;
	u8 port;

	if (!smc_ib_usable_device(ibdev))
		return -EOPNOTSUPP;
	smcibdev = kzalloc(sizeof(*smcibdev), GFP_KERNEL);
	if (!smcibdev)
		return -ENOMEM;
	smcibdev->ibdev = ibdev;
	smcibdev->iwarp = smc_erdma_is_iwarp(ibdev);
	smcibdev->erdma = smc_erdma_is_erdma(ibdev);
	INIT_WORK(&smcibdev->port_event_work, smc_ib_port_event_work);
	atomic_set(&smcibdev->lnk_cnt, 0);
	init_waitqueue_head(&smcibdev->lnks_deleted);
	for (port = 1; port <= SMC_MAX_PORTS; port++) {
		smcibdev->port[port - 1].state = IB_PORT_NOP;
		atomic_set(&smcibdev->port[port - 1].lnk_cnt, 0);
		if (rdma_is_port_valid(ibdev, port))
			smc_ib_port_refresh(smcibdev, port);
	}
	INIT_IB_EVENT_HANDLER(&smcibdev->event_handler, ibdev,
			      smc_ib_event_handler);
	ib_register_event_handler(&smcibdev->event_handler);

	mutex_lock(&smc_ib_devices.mutex);
	list_add_tail(&smcibdev->list, &smc_ib_devices.list);
	mutex_unlock(&smc_ib_devices.mutex);
	ib_set_client_data(ibdev, &smc_ib_client, smcibdev);
	pr_info("adding ib device %s with port count %u\n",
		ibdev->name, min_t(u32, rdma_end_port(ibdev), SMC_MAX_PORTS));
	if (smcibdev->iwarp || smcibdev->erdma)
		smc_erdma_devices_changed();
	for (port = 1; port <= SMC_MAX_PORTS; port++)
		if (rdma_is_port_valid(ibdev, port) &&
		    smc_ib_port_active(smcibdev, port))
			smcr_port_add(smcibdev, port);
	return 0;
}

/* The device is going away: its link groups end first. */
static void smc_ib_remove_dev(struct ib_device *ibdev, void *client_data)
{
	struct smc_ib_device *smcibdev = client_data;

	mutex_lock(&smc_ib_devices.mutex);
	/* a handshake that found the device before may still make a link
	 * group on it: smc_lgr_create() checks the flag under the lock of
	 * the list smcr_terminate_device() walks next
	 */
	WRITE_ONCE(smcibdev->going_away, true);
	list_del_init(&smcibdev->list);
	mutex_unlock(&smc_ib_devices.mutex);

	smcr_terminate_device(smcibdev);
	wait_event(smcibdev->lnks_deleted, !atomic_read(&smcibdev->lnk_cnt));

	ib_unregister_event_handler(&smcibdev->event_handler);
	cancel_work_sync(&smcibdev->port_event_work);
	pr_info("removing ib device %s\n", ibdev->name);
	if (smcibdev->iwarp || smcibdev->erdma)
		smc_erdma_devices_changed();
	kfree(smcibdev);
}

static struct ib_client smc_ib_client = {
	.name	= "smc_ib",
	.add	= smc_ib_add_dev,
	.remove	= smc_ib_remove_dev,
};

int smc_ib_init(void)
{
	int rc;

	rc = smc_erdma_init();
	if (rc)
		return rc;
	get_random_bytes(smc_local_systemid, 2);
	rc = ib_register_client(&smc_ib_client);
	if (rc)
		smc_erdma_exit();
	return rc;
}

void smc_ib_exit(void)
{
	ib_unregister_client(&smc_ib_client);
	smc_erdma_exit();
}
