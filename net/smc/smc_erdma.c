// SPDX-License-Identifier: GPL-2.0
/*
 * iWARP-class RDMA devices and the ports their QP connections need.
 *
 * An iWARP QP runs over a TCP-like 4-tuple.  Alibaba's SMC connects the QPs
 * of eRDMA devices out of band: both ends derive the 4-tuple from the QP
 * numbers exchanged in CLC, with source ports taken from a block of 16
 * ports starting at rsvd_ports_base.  Nothing else in the namespace may use
 * those ports, so with reserve_mode on the module holds them there: one
 * kernel TCP socket bound to INADDR_ANY per port, never listening, which is
 * enough for bind(2) of the same port (IPv4, or IPv6 without IPV6_V6ONLY)
 * to fail with EADDRINUSE.
 *
 * A namespace needs the ports while an iWARP-class or eRDMA device known to
 * the IB client is usable there: the device is accessible from the
 * namespace (rdma_dev_access_netns(): always in shared mode, in exclusive
 * mode only from its own) and the network device its driver bound it to
 * lives in it.  That is re-evaluated in a work item whenever RDMA devices
 * come or go, network devices are registered or unregistered (moving one to
 * another namespace does both) and namespaces are created; a namespace
 * going away drops its sockets in its exit handler, and unloading the
 * module drops all of them.
 *
 * When a port is already taken the namespace gets none of them (the QP
 * connection scheme needs the whole block): that is logged once, iWARP
 * devices stay unused there, and the next re-evaluation tries again.
 *
 * The sockets are kernel sockets: they hold no reference on their
 * namespace, which would otherwise never go away.
 */

#define pr_fmt(fmt) "smc: " fmt

#include <linux/etherdevice.h>
#include <linux/in.h>
#include <linux/inetdevice.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <linux/smc_ext.h>
#include <net/addrconf.h>
#include <net/netlink.h>
#include <net/netns/generic.h>
#include <net/sock.h>
#include <rdma/ib_verbs.h>

#include "smc_core.h"
#include "smc_erdma.h"
#include "smc_ib.h"
#include "smc_iwarp_wire.h"

static bool reserve_mode = true;
module_param(reserve_mode, bool, 0444);
MODULE_PARM_DESC(reserve_mode,
		 "hold the ports of eRDMA/iWARP out-of-band QP connections in namespaces with such a device (default on)");

static ushort rsvd_ports_base = SMC_ERDMA_RSVD_BASE_DEFAULT;
module_param(rsvd_ports_base, ushort, 0444);
MODULE_PARM_DESC(rsvd_ports_base,
		 "first of the 16 ports held for eRDMA/iWARP, 1024..65520 (default 65500)");

/* The lowest base accepted: the ports below are the well-known ones */
#define SMC_ERDMA_RSVD_BASE_MIN	1024
#define SMC_ERDMA_RSVD_BASE_MAX	(U16_MAX - SMC_ERDMA_RSVD_PORTS + 1)

struct smc_erdma_net {
	struct list_head	list;		/* in smc_erdma_nets */
	struct net		*net;
	struct socket		*sock[SMC_ERDMA_RSVD_PORTS];
	bool			reserved;	/* all ports held */
	bool			failed;		/* a port was taken */
};

static unsigned int smc_erdma_net_id __read_mostly;

/* Namespaces whose init handler ran and whose exit handler did not: they
 * are alive while the mutex is held.  The mutex also orders every change of
 * the sockets.
 */
static LIST_HEAD(smc_erdma_nets);
static DEFINE_MUTEX(smc_erdma_mutex);
static bool smc_erdma_running;	/* under smc_erdma_mutex */

static void smc_erdma_work_fn(struct work_struct *work);
static DECLARE_WORK(smc_erdma_work, smc_erdma_work_fn);

bool smc_erdma_is_iwarp(struct ib_device *ibdev)
{
	u32 port;

	if (ibdev->node_type == RDMA_NODE_RNIC)
		return true;
	rdma_for_each_port(ibdev, port)
		if (rdma_protocol_iwarp(ibdev, port))
			return true;
	return false;
}

bool smc_erdma_is_erdma(struct ib_device *ibdev)
{
	struct device *parent = ibdev->dev.parent;
	struct pci_dev *pdev;

	if (!parent || !dev_is_pci(parent))
		return false;
	pdev = to_pci_dev(parent);
	return pdev->vendor == SMC_ERDMA_PCI_VENDOR &&
	       pdev->device == SMC_ERDMA_PCI_DEVICE;
}

/* Is @ndev the network device @ibdev's driver bound it to?  Called under
 * rcu_read_lock().  A network device may serve several RDMA devices (rxe
 * and siw on one veth): asking for the driver of @ibdev finds its own.
 */
static bool smc_erdma_ndev_of(struct net_device *ndev, struct ib_device *ibdev)
{
	struct ib_device *found;
	bool match;

	found = ib_device_get_by_netdev(ndev, ibdev->ops.driver_id);
	if (!found)
		return false;
	match = found == ibdev;
	ib_device_put(found);
	return match;
}

u32 smc_erdma_ifindex(struct ib_device *ibdev)
{
	struct net_device *ndev;
	u32 ifindex = 0;
	struct net *net;

	rcu_read_lock();
	for_each_net_rcu(net) {
		for_each_netdev_rcu(net, ndev) {
			if (smc_erdma_ndev_of(ndev, ibdev)) {
				ifindex = ndev->ifindex;
				goto out;
			}
		}
	}
out:
	rcu_read_unlock();
	return ifindex;
}

int smc_erdma_mac(struct ib_device *ibdev, u8 *mac)
{
	struct net_device *ndev;
	int rc = -ENODEV;
	struct net *net;

	rcu_read_lock();
	for_each_net_rcu(net) {
		for_each_netdev_rcu(net, ndev) {
			if (smc_erdma_ndev_of(ndev, ibdev)) {
				ether_addr_copy(mac, ndev->dev_addr);
				rc = 0;
				goto out;
			}
		}
	}
out:
	rcu_read_unlock();
	return rc;
}

static bool smc_erdma_serves(struct ib_device *ibdev, struct net *net)
{
	struct net_device *ndev;
	bool serves = false;

	if (!rdma_dev_access_netns(ibdev, net))
		return false;
	rcu_read_lock();
	for_each_netdev_rcu(net, ndev) {
		if (smc_erdma_ndev_of(ndev, ibdev)) {
			serves = true;
			break;
		}
	}
	rcu_read_unlock();
	return serves;
}

/* Does an iWARP-class or eRDMA device serve @net? */
static bool smc_erdma_needed(struct net *net)
{
	struct smc_ib_device *smcibdev;
	bool needed = false;

	mutex_lock(&smc_ib_devices.mutex);
	list_for_each_entry(smcibdev, &smc_ib_devices.list, list) {
		if (smcibdev->going_away ||
		    !(smcibdev->iwarp || smcibdev->erdma))
			continue;
		if (smc_erdma_serves(smcibdev->ibdev, net)) {
			needed = true;
			break;
		}
	}
	mutex_unlock(&smc_ib_devices.mutex);
	return needed;
}

static int smc_erdma_hold_port(struct net *net, u16 port,
			       struct socket **sockp)
{
	struct sockaddr_in addr = {
		.sin_family	 = AF_INET,
		.sin_port	 = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	struct socket *sock;
	int rc;

	rc = sock_create_kern(net, PF_INET, SOCK_STREAM, IPPROTO_TCP, &sock);
	if (rc)
		return rc;
	rc = kernel_bind(sock, (struct sockaddr *)&addr, sizeof(addr));
	if (rc) {
		sock_release(sock);
		return rc;
	}
	*sockp = sock;
	return 0;
}

static void smc_erdma_drop_ports(struct smc_erdma_net *en)
{
	int i;

	for (i = 0; i < SMC_ERDMA_RSVD_PORTS; i++) {
		if (en->sock[i]) {
			sock_release(en->sock[i]);
			en->sock[i] = NULL;
		}
	}
}

static void smc_erdma_reserve(struct smc_erdma_net *en)
{
	unsigned int last = rsvd_ports_base + SMC_ERDMA_RSVD_PORTS - 1;
	unsigned int inum = en->net->ns.inum;
	int i, rc;

	if (en->reserved)
		return;
	for (i = 0; i < SMC_ERDMA_RSVD_PORTS; i++) {
		rc = smc_erdma_hold_port(en->net, rsvd_ports_base + i,
					 &en->sock[i]);
		if (!rc)
			continue;
		smc_erdma_drop_ports(en);
		if (!en->failed) {
			if (rc == -EADDRINUSE)
				pr_warn("netns %u port %u is already in use: cannot reserve ports [%u ~ %u] for eRDMA OOB, eRDMA devices are not used in this netns\n",
					inum, rsvd_ports_base + i,
					rsvd_ports_base, last);
			else
				pr_warn("netns %u cannot reserve port %u (%d): cannot reserve ports [%u ~ %u] for eRDMA OOB, eRDMA devices are not used in this netns\n",
					inum, rsvd_ports_base + i, rc,
					rsvd_ports_base, last);
		}
		en->failed = true;
		return;
	}
	WRITE_ONCE(en->reserved, true);
	en->failed = false;
	pr_info("netns %u reserved ports [%u ~ %u] for eRDMA OOB\n",
		inum, rsvd_ports_base, last);
}

static void smc_erdma_release(struct smc_erdma_net *en, bool say)
{
	smc_erdma_drop_ports(en);
	if (en->reserved && say)
		pr_info("netns %u released ports [%u ~ %u]\n", en->net->ns.inum,
			rsvd_ports_base,
			rsvd_ports_base + SMC_ERDMA_RSVD_PORTS - 1);
	WRITE_ONCE(en->reserved, false);
	en->failed = false;
}

static void smc_erdma_work_fn(struct work_struct *work)
{
	struct smc_erdma_net *en;

	mutex_lock(&smc_erdma_mutex);
	if (!smc_erdma_running)
		goto out;
	list_for_each_entry(en, &smc_erdma_nets, list) {
		if (smc_erdma_needed(en->net))
			smc_erdma_reserve(en);
		else
			smc_erdma_release(en, true);
	}
out:
	mutex_unlock(&smc_erdma_mutex);
}

bool smc_erdma_net_ready(struct net *net)
{
	struct smc_erdma_net *en;

	/* without reserve_mode the namespaces are not followed at all */
	if (!reserve_mode)
		return false;
	en = net_generic(net, smc_erdma_net_id);
	return READ_ONCE(en->reserved);
}

void smc_erdma_devices_changed(void)
{
	if (reserve_mode)
		schedule_work(&smc_erdma_work);
}

static int __net_init smc_erdma_net_init(struct net *net)
{
	struct smc_erdma_net *en = net_generic(net, smc_erdma_net_id);

	en->net = net;
	mutex_lock(&smc_erdma_mutex);
	list_add_tail(&en->list, &smc_erdma_nets);
	mutex_unlock(&smc_erdma_mutex);
	/* a device may serve every namespace (shared mode) */
	smc_erdma_devices_changed();
	return 0;
}

/* Runs before TCP's own exit handlers: its sockets can still close. */
static void __net_exit smc_erdma_net_exit(struct net *net)
{
	struct smc_erdma_net *en = net_generic(net, smc_erdma_net_id);

	mutex_lock(&smc_erdma_mutex);
	list_del(&en->list);
	smc_erdma_release(en, false);
	mutex_unlock(&smc_erdma_mutex);
}

static struct pernet_operations smc_erdma_net_ops = {
	.init	= smc_erdma_net_init,
	.exit	= smc_erdma_net_exit,
	.id	= &smc_erdma_net_id,
	.size	= sizeof(struct smc_erdma_net),
};

static int smc_erdma_netdev_event(struct notifier_block *nb,
				  unsigned long event, void *ptr)
{
	switch (event) {
	case NETDEV_REGISTER:
	case NETDEV_UNREGISTER:
		smc_erdma_devices_changed();
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block smc_erdma_netdev_nb = {
	.notifier_call = smc_erdma_netdev_event,
};

int smc_erdma_init(void)
{
	int rc;

	if (rsvd_ports_base < SMC_ERDMA_RSVD_BASE_MIN ||
	    rsvd_ports_base > SMC_ERDMA_RSVD_BASE_MAX) {
		pr_err("rsvd_ports_base %u out of range %u..%u: its %u ports must lie in %u..%u\n",
		       rsvd_ports_base, SMC_ERDMA_RSVD_BASE_MIN,
		       SMC_ERDMA_RSVD_BASE_MAX, SMC_ERDMA_RSVD_PORTS,
		       SMC_ERDMA_RSVD_BASE_MIN, U16_MAX);
		return -EINVAL;
	}
	if (!reserve_mode)
		return 0;
	pr_info("load SMC module with reserve_mode\n");
	mutex_lock(&smc_erdma_mutex);
	smc_erdma_running = true;
	mutex_unlock(&smc_erdma_mutex);
	rc = register_pernet_subsys(&smc_erdma_net_ops);
	if (rc)
		goto out_stop;
	rc = register_netdevice_notifier(&smc_erdma_netdev_nb);
	if (rc)
		goto out_pernet;
	return 0;

out_pernet:
	unregister_pernet_subsys(&smc_erdma_net_ops);
out_stop:
	mutex_lock(&smc_erdma_mutex);
	smc_erdma_running = false;
	mutex_unlock(&smc_erdma_mutex);
	cancel_work_sync(&smc_erdma_work);
	return rc;
}

void smc_erdma_exit(void)
{
	if (!reserve_mode)
		return;
	unregister_netdevice_notifier(&smc_erdma_netdev_nb);
	mutex_lock(&smc_erdma_mutex);
	smc_erdma_running = false;
	mutex_unlock(&smc_erdma_mutex);
	/* every namespace's exit handler drops its ports */
	unregister_pernet_subsys(&smc_erdma_net_ops);
	/* nothing schedules the work any more (the IB client is gone) */
	cancel_work_sync(&smc_erdma_work);
}

/* ---- links ------------------------------------------------------------- */

/* The IPv4 address of @ndev for a link: one in the subnet of @saddr (the
 * TCP connection's source) if there is one, else the first; 0 if none.
 * Called under rcu_read_lock().
 */
static __be32 smc_erdma_ndev_ipv4(const struct net_device *ndev,
				  __be32 saddr)
{
	struct in_device *in_dev = __in_dev_get_rcu(ndev);
	const struct in_ifaddr *ifa;
	__be32 first = 0;

	if (!in_dev)
		return 0;
	in_dev_for_each_ifa_rcu(ifa, in_dev) {
		if (!ifa->ifa_local)
			continue;
		if (inet_ifa_match(saddr, ifa))
			return ifa->ifa_local;
		if (!first)
			first = ifa->ifa_local;
	}
	return first;
}

int smc_erdma_find_port(struct smc_ib_device *smcibdev, u8 port,
			const struct smc_ib_route *route, const u8 *pnetid,
			const struct net_device *base,
			struct smc_ib_choice *out)
{
	u8 port_pnetid[SMC_MAX_PNETID_LEN];
	struct net_device *ndev, *found = NULL;
	struct in6_addr gid;
	int rc = -ENODEV;
	__be32 addr;

	if (!rdma_is_port_valid(smcibdev->ibdev, port) ||
	    !smc_ib_port_active(smcibdev, port) ||
	    smcibdev->port[port - 1].going_away)
		return -ENODEV;
	/* the QP connection needs the reserved ports of this namespace; the
	 * device's network device itself carries the link (no VLAN)
	 */
	if (!smc_erdma_net_ready(route->net) || route->vlan_id)
		return -ENODEV;
	if (pnetid &&
	    (!smc_ib_port_pnetid(smcibdev, port, port_pnetid) ||
	     memcmp(port_pnetid, pnetid, SMC_MAX_PNETID_LEN)))
		return -ENODEV;

	rcu_read_lock();
	for_each_netdev_rcu(route->net, ndev) {
		if (smc_erdma_ndev_of(ndev, smcibdev->ibdev)) {
			found = ndev;
			break;
		}
	}
	/* a loopback device never leads to a peer */
	if (!found || (!pnetid && found != base) ||
	    (found->flags & IFF_LOOPBACK) ||
	    !netif_running(found) || !netif_carrier_ok(found))
		goto out;
	addr = smc_erdma_ndev_ipv4(found, route->saddr);
	if (!addr)
		goto out;
	ipv6_addr_set_v4mapped(addr, &gid);
	memcpy(out->gid, gid.s6_addr, SMC_GID_SIZE);
	out->sgid_index = 0;
	ether_addr_copy(out->mac, found->dev_addr);
	rc = 0;
out:
	rcu_read_unlock();
	return rc;
}

void smc_erdma_link_init(struct smc_link *lnk, const u8 *peer_gid)
{
	if (!lnk->smcibdev->iwarp)
		return;
	/* the driver wants the addresses at create, the ports come at RTR */
	smc_iw_param_init(&lnk->iw_param, smc_ib_gid_to_ipv4(lnk->gid),
			  smc_ib_gid_to_ipv4(peer_gid));
	memset(&lnk->iw_tuple, 0, sizeof(lnk->iw_tuple));
}

void smc_erdma_qp_init_attr(struct smc_link *lnk,
			    struct ib_qp_init_attr *attr)
{
	if (!lnk->smcibdev->iwarp)
		return;
	attr->create_flags |= SMC_IW_QP_CREATE_WITHOUT_CM;
	/* the driver reads the block at create and at every modify */
	attr->qp_context = &lnk->iw_param;
}

/* AV, PSN, MTU and timeouts mean nothing to an out-of-band QP: RTR with
 * the peer's QPN and the parameter block, which the driver re-reads for
 * SMC_IW_QP_OOB_ATTR; from there on the driver connects the QP by itself.
 */
int smc_erdma_qp_rtr(struct smc_link *lnk)
{
	__be32 saddr = smc_ib_gid_to_ipv4(lnk->gid);
	__be32 daddr = smc_ib_gid_to_ipv4(lnk->peer_gid);
	struct ib_qp_attr attr = {};
	struct smc_iw_tuple t;
	int rc;

	if (saddr == htonl(INADDR_NONE) || daddr == htonl(INADDR_NONE) ||
	    !saddr || !daddr)
		return -EINVAL;
	rc = smc_iw_tuple(saddr, daddr, lnk->qp->qp_num, lnk->peer_qpn,
			  rsvd_ports_base, &t);
	if (rc)
		return rc;
	smc_iw_param_init(&lnk->iw_param, saddr, daddr);
	smc_iw_param_set_ports(&lnk->iw_param, &t);
	lnk->iw_tuple = t;
	attr.qp_state = IB_QPS_RTR;
	attr.dest_qp_num = lnk->peer_qpn;
	return ib_modify_qp(lnk->qp, &attr, IB_QP_STATE | IB_QP_DEST_QPN |
			    SMC_IW_QP_OOB_ATTR);
}

int smc_erdma_nl_put_link(struct sk_buff *skb, const struct smc_link *lnk)
{
	const struct smc_iw_tuple *t = &lnk->iw_tuple;

	/* set at RTR (never to 0.0.0.0), zero on other links */
	if (!t->saddr)
		return 0;
	if (nla_put_in_addr(skb, SMC_NLA_LINK_IW_SADDR, t->saddr) ||
	    nla_put_in_addr(skb, SMC_NLA_LINK_IW_DADDR, t->daddr) ||
	    nla_put_u16(skb, SMC_NLA_LINK_IW_SPORT, t->sport) ||
	    nla_put_u16(skb, SMC_NLA_LINK_IW_DPORT, t->dport))
		return -EMSGSIZE;
	return 0;
}
