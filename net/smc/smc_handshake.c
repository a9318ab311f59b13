// SPDX-License-Identifier: GPL-2.0
/*
 * Connection setup of SMC sockets.
 *
 * A connection starts as TCP.  When both SYN and SYN-ACK carried the SMC
 * option, the CLC handshake runs over that TCP connection and either sets up
 * SMC or ends in a DECLINE, after which both ends keep using the TCP
 * connection with a cause code recorded.  The handshake runs in workqueue
 * context on both sides, so a slow or silent peer only ever delays that one
 * connection, by at most the bounded CLC waits.
 *
 * Result convention of the negotiation helpers: 0 means SMC is set up, a
 * positive value is the cause code to fall back with, a negative value is
 * an error that ends the connection (the stream can no longer be trusted).
 */

#include <linux/delay.h>
#include <linux/error-injection.h>
#include <linux/inetdevice.h>
#include <linux/net.h>
#include <linux/semaphore.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/xfrm.h>

#include "smc.h"
#include "smc_cdc.h"
#include "smc_clc.h"
#include "smc_clcsock.h"
#include "smc_handshake.h"
#include "smc_negotiate.h"
#include "smc_core.h"
#include "smc_eid.h"
#include "smc_ib.h"
#include "smc_llc.h"
#include "smc_rx.h"
#include "smc_stats.h"
#include "smc_sysctl.h"
#include "smc_tx.h"

struct workqueue_struct *smc_hs_wq;

static bool smc_uses_ipsec(const struct sock *clcsk)
{
#ifdef CONFIG_XFRM
	return rcu_access_pointer(clcsk->sk_policy[0]) ||
	       rcu_access_pointer(clcsk->sk_policy[1]);
#else
	return false;
#endif
}

/* Decline and fall back; a failed send ends the connection instead. */
static int smc_hs_decline(struct smc_sock *smc, u32 code, u8 version)
{
	int rc = smc_clc_send_decline(smc, code, version);

	return rc ? rc : code;
}

/* What to do after smc_clc_recv() failed */
static int smc_hs_recv_failed(struct smc_sock *smc, int err, u8 version)
{
	u32 code;

	if (!smc_clc_recv_err_allows_fallback(err))
		return err;
	code = smc_clc_recv_err_to_code(err);
	/* a peer that does not speak CLC would take a DECLINE for data */
	if (err == -ENOMSG)
		return code;
	return smc_hs_decline(smc, code, version);
}

/* A DECLINE from the peer ends the handshake: record its diagnosis.  With
 * the "out of sync" flag the peer does not know the link group this
 * connection was put in: that one ends (Linux does the same).
 */
static int smc_hs_peer_declined(struct smc_sock *smc, const void *buf,
				int len)
{
	struct smc_clc_decline_info dclc;

	if (smc_clc_decline_decode(buf, len, &dclc))
		return SMC_CLC_DECL_SYNCERR;
	smc->peer_diagnosis = dclc.diagnosis;
	if (dclc.sync_err && smc->conn.lgr)
		smc_lgr_peer_out_of_sync(smc->conn.lgr);
	return SMC_CLC_DECL_PEERDECL;
}

/* ---- SMC-R set up, shared by both roles -------------------------------- */

/* One handshake's state: too big for the stack */
struct smc_hs {
	struct smc_init_info		ini;
	struct smc_ib_choice		dev[2];		/* SMC-Rv1, SMC-Rv2 */
	bool				have[2];
	bool				lgr_locked;	/* lgr pending turn held */
	unsigned long			peer_sent;	/* jiffies: peer's last
							 * CLC message arrived
							 */
	bool				declined;	/* DECLINE sent or taken */
	struct smc_clc_proposal_info	prop;
	struct smc_clc_accept_info	acc;		/* ACCEPT or CONFIRM */
	u8				buf[SMC_CLC_MAX_MSG_LEN];
};

#define SMC_HS_V1	0
#define SMC_HS_V2	1

/* First contacts of one role are set up one at a time, so that two
 * connections to the same new peer end up in one link group.  A first
 * contact holds its turn for seconds when an LLC message is lost (the
 * waits for CONFIRM LINK), while the peers of the connections queued
 * behind it wait for their next CLC message only SMC_CLC_WAIT_TIME.  An
 * unbounded wait for the turn let those peers give up and fall back, and
 * each of their connections then spent its own turn on a link group its
 * peer no longer set up: the queue fed itself, and a connect() could wait
 * for minutes.  So the turn is a semaphore, waited for only until the
 * peer's CLC wait is nearly over (SMC_HS_TURN_WAIT after its last message
 * arrived); then the handshake declines while the peer still waits for a
 * CLC message and takes the DECLINE.
 */
#define SMC_HS_TURN_WAIT	(SMC_CLC_WAIT_TIME - 2 * HZ)

static struct semaphore smc_clnt_lgr_pending =
	__SEMAPHORE_INITIALIZER(smc_clnt_lgr_pending, 1);
static struct semaphore smc_srv_lgr_pending =
	__SEMAPHORE_INITIALIZER(smc_srv_lgr_pending, 1);

static struct semaphore *smc_hs_lgr_pending(struct smc_sock *smc)
{
	return smc->listen_smc ? &smc_srv_lgr_pending : &smc_clnt_lgr_pending;
}

/* The allocators of a handshake's state and of a listener's child are
 * noinline and may return NULL through fail_function (the debug kernel's
 * fault tests): the client declines with SMC_CLC_DECL_MEM, the server
 * drops the connection.
 */
static noinline struct smc_hs *smc_hs_alloc(void)
{
	return kzalloc(sizeof(struct smc_hs), GFP_KERNEL);
}

ALLOW_ERROR_INJECTION(smc_hs_alloc, NULL);

static void smc_hs_free(struct smc_hs *hs)
{
	int i;

	if (!hs)
		return;
	for (i = 0; i < ARRAY_SIZE(hs->dev); i++)
		if (hs->have[i])
			smc_ib_device_put(hs->dev[i].smcibdev);
	kfree(hs);
}

/* Returns 0 or SMC_CLC_DECL_TIMEOUT_CL (see smc_clnt_lgr_pending). */
static int smc_hs_lgr_lock(struct smc_sock *smc, struct smc_hs *hs)
{
	long left = (long)(hs->peer_sent + SMC_HS_TURN_WAIT - jiffies);

	if (down_timeout(smc_hs_lgr_pending(smc), max(left, 0L)))
		return SMC_CLC_DECL_TIMEOUT_CL;
	hs->lgr_locked = true;
	return 0;
}

static void smc_hs_lgr_unlock(struct smc_sock *smc, struct smc_hs *hs)
{
	if (!hs->lgr_locked)
		return;
	hs->lgr_locked = false;
	up(smc_hs_lgr_pending(smc));
}

/* What SMC-R can offer a peer (v2.1 limits), one link per link group */
static u8 smc_hs_max_conns(struct smc_sock *smc)
{
	return (u8)clamp(smc_sysctl_max_conns_per_lgr(sock_net(&smc->sk)),
			 SMC_CONN_PER_LGR_MIN, SMC_CONN_PER_LGR_MAX);
}

static u8 smc_hs_max_links(struct smc_sock *smc)
{
	return (u8)clamp(smc_sysctl_max_links_per_lgr(sock_net(&smc->sk)),
			 SMC_LINKS_PER_LGR_MIN, SMC_LINKS_PER_LGR_MAX);
}

/* Undo the connection set up so far; a new link group goes with it. */
static void smc_hs_conn_abort(struct smc_sock *smc, struct smc_hs *hs)
{
	struct smc_connection *conn = &smc->conn;
	struct smc_link_group *lgr = conn->lgr;

	if (lgr) {
		smc_lgr_hold(lgr);
		smc_conn_free(conn);
		if (hs->ini.first_contact_local)
			smc_lgr_cleanup_early(lgr);
		smc_lgr_put(lgr);
		conn->lgr = NULL;
		conn->lnk = NULL;
	}
	smc_hs_lgr_unlock(smc, hs);
}

/* A failure once the peer may be past the CLC exchange (in LLC): it may
 * have given up and declined already.  Then its DECLINE is taken and none
 * is sent; otherwise ours goes out.  Either way no CLC message is left in
 * the byte stream that the application would read after the fallback.
 */
static int smc_hs_decline_late(struct smc_sock *smc, struct smc_hs *hs,
			       u32 code)
{
	int rc;

	hs->declined = true;
	rc = smc_clc_recv(smc, SMC_CLC_DECLINE, hs->buf, sizeof(hs->buf),
			  SMC_CLC_WAIT_TIME_SHORT);
	if (rc > 0)
		return smc_hs_peer_declined(smc, hs->buf, rc);
	if (rc == -ETIMEDOUT)
		return smc_hs_decline(smc, code, hs->ini.version);
	if (rc == -ENOMSG)
		return code;	/* the peer moved on to TCP already */
	return rc == -EPROTO ? -EBADMSG : rc;
}

/* The peer's RMBE, from its ACCEPT or CONFIRM */
static int smc_hs_save_peer_rmb(struct smc_connection *conn,
				const struct smc_clc_accept_info *acc)
{
	int size, idx;

	/* 4 bits of size: at most 512 MiB, within what cursors can do */
	if (!acc->rmbe_idx)
		return SMC_CLC_DECL_ERR_RTOK;
	size = smc_uncompress_bufsize(acc->rmbe_size);
	idx = smc_rtoken_add(conn->lnk, acc->rmb_vaddr, acc->rmb_rkey);
	if (idx < 0)
		return SMC_CLC_DECL_ERR_RTOK;
	conn->rtoken_idx = idx;
	conn->peer_rmbe_idx = acc->rmbe_idx;
	conn->peer_rmbe_size = size;
	conn->tx_off = (u32)size * (acc->rmbe_idx - 1);
	atomic_set(&conn->peer_rmbe_space, size);
	conn->local_tx_ctrl.token = acc->rmbe_alert_token;
	/* both of our buffers exist by now, on either side */
	smc_cdc_rx_ready(conn);
	return 0;
}

/* The peer's end of a new link, from its ACCEPT or CONFIRM */
static int smc_hs_save_peer_link(struct smc_link *lnk,
				 const struct smc_clc_accept_info *acc)
{
	struct smc_link_group *lgr = lnk->lgr;

	if (acc->qp_mtu < IB_MTU_256 || acc->qp_mtu > IB_MTU_4096 ||
	    !acc->qpn)
		return SMC_CLC_DECL_SYNCERR;
	lnk->peer_qpn = acc->qpn;
	lnk->peer_psn = acc->psn;
	lnk->peer_mtu = (enum ib_mtu)acc->qp_mtu;
	memcpy(lnk->peer_gid, acc->lcl.gid, SMC_GID_SIZE);
	memcpy(lnk->peer_mac, acc->lcl.mac, ETH_ALEN);
	if (acc->has_fce) {
		lgr->peer_os = acc->os_type;
		lgr->peer_release = acc->release;
		memcpy(lgr->peer_hostname, acc->hostname,
		       sizeof(lgr->peer_hostname));
	}
	return 0;
}

/* A reused link group: our (maybe new) RMB must be usable by the peer
 * before it learns about it, registered and its rkey confirmed by LLC; a
 * virtually contiguous send buffer must be registered before we write
 * from it.
 */
static int smc_hs_reg_rmb(struct smc_connection *conn)
{
	struct smc_buf_desc *rmb = conn->rmb_desc;
	struct smc_link *lnk;

	/* on the connection's link and every other active one: CONFIRM
	 * RKEY tells the peer all of them
	 */
	for (lnk = smc_lgr_next_link(conn->lgr, NULL, false); lnk;
	     lnk = smc_lgr_next_link(conn->lgr, lnk, false)) {
		if (lnk != conn->lnk && lnk->state != SMC_LNK_ACTIVE)
			continue;
		if (smcr_buf_reg(lnk, rmb, true) ||
		    smcr_buf_reg(lnk, conn->sndbuf_desc, false))
			return SMC_CLC_DECL_ERR_REGBUF;
	}
	if (!rmb->rkey_confirmed) {
		if (smc_llc_confirm_rkey(conn->lnk, rmb))
			return SMC_CLC_DECL_ERR_REGBUF;
		rmb->rkey_confirmed = true;
	}
	return 0;
}

/* ACCEPT or CONFIRM describing our end of the connection */
static int smc_hs_send_accept_confirm(struct smc_sock *smc,
				      struct smc_hs *hs, u8 type)
{
	struct smc_connection *conn = &smc->conn;
	struct smc_init_info *ini = &hs->ini;
	struct smc_link *lnk = conn->lnk;
	struct smc_clc_accept_info *out;
	int len;

	out = kzalloc(sizeof(*out), GFP_KERNEL);
	if (!out)
		return -ENOMEM;
	out->type = type;
	out->version = ini->version;
	out->typev1 = SMC_TYPE_R;
	out->first_contact = ini->first_contact_local;
	smc_systemid_get(out->lcl.id_for_peer);
	memcpy(out->lcl.gid, lnk->gid, SMC_GID_SIZE);
	memcpy(out->lcl.mac, lnk->smcibdev->port[lnk->ibport - 1].mac,
	       ETH_ALEN);
	out->qpn = lnk->qp->qp_num;
	out->rmb_rkey = smcr_buf_rkey(lnk, conn->rmb_desc);
	out->rmbe_idx = 1;
	out->rmbe_alert_token = conn->alert_token_local;
	out->rmbe_size = conn->rmbe_size_comp;
	out->qp_mtu = lnk->path_mtu;
	out->rmb_vaddr = smcr_buf_dma_addr(lnk, conn->rmb_desc);
	out->psn = lnk->psn_initial;
	if (ini->version >= SMC_V2) {
		memcpy(out->eid, ini->negotiated_eid, SMC_CLC_EID_LEN);
		if (ini->first_contact_local) {
			out->has_fce = true;
			out->v2_direct = !ini->uses_gateway;
			out->os_type = SMC_CLC_OS_LINUX;
			out->release = ini->release;
			smc_eid_hostname(out->hostname);
			/* Linux sends the v2.1 part for release 0 too */
			out->has_fce_v21 = true;
			if (ini->release >= SMC_RELEASE_1) {
				out->max_conns = ini->max_conns;
				out->max_links = ini->max_links;
			}
			if (type == SMC_CLC_CONFIRM) {
				out->gid_cnt = 1;
				memcpy(out->gid[0], lnk->gid, SMC_GID_SIZE);
			}
		}
	}
	len = smc_clc_accept_encode(hs->buf, sizeof(hs->buf), out);
	kfree(out);
	if (len < 0)
		return -EINVAL;
	return smc_clc_send(smc, hs->buf, len);
}

/* The connection works: data goes over RDMA from now on. */
static void smc_hs_conn_ready(struct smc_sock *smc)
{
	smc_tx_init(smc);
	smc_rx_init(smc);
	WRITE_ONCE(smc->uses_smc, true);
}

/* ---- client: SMC-R ------------------------------------------------------ */

/* An IPv4 connection, also when made by an AF_INET6 socket to an
 * IPv4-mapped address: its TCP runs over IPv4, so SMC-Rv2 (IPv4 only) and
 * the IPv4 subnet of SMCv1 apply, as in Linux.
 */
static bool smc_clcsk_ipv4(const struct sock *clcsk)
{
	if (clcsk->sk_family == AF_INET)
		return true;
#if IS_ENABLED(CONFIG_IPV6)
	if (clcsk->sk_family == AF_INET6)
		return ipv6_addr_v4mapped(&clcsk->sk_v6_daddr);
#endif
	return false;
}

/* Our subnet (IPv4) or prefixes (IPv6) for the SMCv1 subnet check */
static int smc_clnt_prefix(struct smc_sock *smc,
			   struct smc_clc_proposal_info *prop)
{
	struct sock *clcsk = smc->clcsock->sk;
	struct dst_entry *dst;
	int rc = -ENOENT;

	rcu_read_lock();
	dst = __sk_dst_get(clcsk);
	if (!dst || !dst->dev)
		goto out;
	if (smc_clcsk_ipv4(clcsk)) {
		struct in_device *in_dev = __in_dev_get_rcu(dst->dev);
		const struct in_ifaddr *ifa;

		if (!in_dev)
			goto out;
		in_dev_for_each_ifa_rcu(ifa, in_dev) {
			if (!inet_ifa_match(clcsk->sk_rcv_saddr, ifa))
				continue;
			prop->ipv4_subnet = clcsk->sk_rcv_saddr & ifa->ifa_mask;
			prop->ipv4_prefix_len = inet_mask_len(ifa->ifa_mask);
			rc = 0;
			break;
		}
	}
#if IS_ENABLED(CONFIG_IPV6)
	if (!smc_clcsk_ipv4(clcsk) && clcsk->sk_family == AF_INET6) {
		struct inet6_dev *in6_dev = __in6_dev_get(dst->dev);
		struct inet6_ifaddr *ifa;
		struct in6_addr prefix;

		if (!in6_dev)
			goto out;
		read_lock_bh(&in6_dev->lock);
		list_for_each_entry(ifa, &in6_dev->addr_list, if_list) {
			struct smc_clc_ipv6_prefix *p;

			if (ipv6_addr_type(&ifa->addr) & IPV6_ADDR_LINKLOCAL)
				continue;
			if (prop->ipv6_prefix_cnt == SMC_CLC_MAX_V6_PREFIX)
				break;
			p = &prop->ipv6_prefix[prop->ipv6_prefix_cnt++];
			ipv6_addr_prefix(&prefix, &ifa->addr, ifa->prefix_len);
			memcpy(p->prefix, &prefix, sizeof(p->prefix));
			p->prefix_len = ifa->prefix_len;
		}
		read_unlock_bh(&in6_dev->lock);
		rc = prop->ipv6_prefix_cnt ? 0 : -ENOENT;
	}
#endif
out:
	rcu_read_unlock();
	return rc;
}

/* Which RDMA devices can serve this connection, for v1 and v2 */
static int smc_clnt_find_devices(struct smc_sock *smc, struct smc_hs *hs)
{
	struct sock *clcsk = smc->clcsock->sk;

	if (smc_ib_route_of_sock(clcsk, &hs->ini.route))
		return SMC_CLC_DECL_NOSMCDEV;
	hs->have[SMC_HS_V1] = !smc_ib_find_device(&hs->ini.route, false,
						  &hs->dev[SMC_HS_V1]);
	/* SMC-Rv2 runs over IPv4 and needs a UEID to propose */
	if (smc_clcsk_ipv4(clcsk) && smc_eid_ueid_count() > 0)
		hs->have[SMC_HS_V2] = !smc_ib_find_device(&hs->ini.route, true,
							  &hs->dev[SMC_HS_V2]);
	if (!hs->have[SMC_HS_V1] && !hs->have[SMC_HS_V2])
		return SMC_CLC_DECL_NOSMCDEV;
	return 0;
}

/* Like Linux, the proposal always has the v2 layout; the types say what
 * is offered.
 */
static int smc_clnt_send_proposal(struct smc_sock *smc, struct smc_hs *hs)
{
	struct smc_clc_proposal_info *prop = &hs->prop;
	bool v1 = hs->have[SMC_HS_V1], v2 = hs->have[SMC_HS_V2];
	int len;

	memset(prop, 0, sizeof(*prop));
	prop->version = SMC_V2;
	prop->has_smcd_area = true;
	if (v1 && smc_clnt_prefix(smc, prop)) {
		if (!v2)
			return SMC_CLC_DECL_CNFERR;
		v1 = false;
		prop->ipv6_prefix_cnt = 0;
	}
	if (v2) {
		prop->eid_cnt = smc_eid_ueids(prop->ueid, SMC_CLC_MAX_UEID);
		if (!prop->eid_cnt) {
			if (!v1)
				return SMC_CLC_DECL_NOUEID;
			v2 = false;
		}
	}
	if (v1) {
		prop->typev1 = SMC_TYPE_R;
		prop->has_prefix = true;
		smc_systemid_get(prop->lcl.id_for_peer);
		memcpy(prop->lcl.gid, hs->dev[SMC_HS_V1].gid, SMC_GID_SIZE);
		memcpy(prop->lcl.mac, hs->dev[SMC_HS_V1].mac, ETH_ALEN);
	} else {
		prop->typev1 = SMC_TYPE_N;
	}
	if (v2) {
		prop->typev2 = SMC_TYPE_R;
		prop->has_v2_ext = true;
		prop->release = SMC_RELEASE;
		memcpy(prop->roce_gid, hs->dev[SMC_HS_V2].gid, SMC_GID_SIZE);
		prop->max_conns = smc_hs_max_conns(smc);
		prop->max_links = smc_hs_max_links(smc);
	} else {
		prop->typev2 = SMC_TYPE_N;
		prop->eid_cnt = 0;
	}
	/* what the server may pick from */
	hs->have[SMC_HS_V1] &= v1;
	hs->have[SMC_HS_V2] &= v2;

	len = smc_clc_proposal_encode(hs->buf, sizeof(hs->buf), prop);
	if (len < 0)
		return SMC_CLC_DECL_INTERR;
	return smc_clc_send(smc, hs->buf, len);
}

/* Check the server's ACCEPT against our proposal; fill in ini. */
static int smc_clnt_check_accept(struct smc_sock *smc, struct smc_hs *hs)
{
	struct smc_clc_accept_info *acc = &hs->acc;
	struct smc_init_info *ini = &hs->ini;
	int i;

	if (acc->typev1 != SMC_TYPE_R)
		return SMC_CLC_DECL_MODEUNSUPP;
	i = acc->version >= SMC_V2 ? SMC_HS_V2 : SMC_HS_V1;
	if (!hs->have[i])
		return SMC_CLC_DECL_MODEUNSUPP;
	ini->version = i == SMC_HS_V2 ? SMC_V2 : SMC_V1;
	ini->ib = hs->dev[i];
	ini->first_contact_peer = acc->first_contact;
	memcpy(ini->peer_systemid, acc->lcl.id_for_peer,
	       SMC_CLC_SYSTEMID_LEN);
	memcpy(ini->peer_gid, acc->lcl.gid, SMC_GID_SIZE);
	memcpy(ini->peer_mac, acc->lcl.mac, ETH_ALEN);
	ini->peer_qpn = acc->qpn;
	ini->max_conns = SMC_CONN_PER_LGR_MAX;
	ini->max_links = SMC_LINKS_PER_LGR_MAX;
	if (ini->version == SMC_V1)
		return 0;

	memcpy(ini->negotiated_eid, acc->eid, SMC_CLC_EID_LEN);
	if (!acc->first_contact)
		return 0;
	if (!acc->has_fce)
		return SMC_CLC_DECL_SYNCERR;
	if (acc->release > SMC_RELEASE)
		return SMC_CLC_DECL_VERSMISMAT;
	ini->release = acc->release;
	if (ini->release >= SMC_RELEASE_1) {
		if (acc->max_conns < SMC_CONN_PER_LGR_MIN)
			return SMC_CLC_DECL_MAXCONNERR;
		if (acc->max_links < SMC_LINKS_PER_LGR_MIN ||
		    acc->max_links > SMC_LINKS_PER_LGR_MAX)
			return SMC_CLC_DECL_MAXLINKERR;
		ini->max_conns = acc->max_conns;
		ini->max_links = acc->max_links;
	}
	/* iWARP (eRDMA): whatever the server says, the route from our GID's
	 * address to the server's must exist, direct or not
	 */
	if (ini->ib.smcibdev->iwarp) {
		if (smc_ib_find_route(sock_net(&smc->sk),
				      smc_ib_gid_to_ipv4(ini->ib.gid),
				      smc_ib_gid_to_ipv4(acc->lcl.gid),
				      ini->nexthop_mac, &ini->uses_gateway))
			return SMC_CLC_DECL_NOROUTE;
		return 0;
	}
	/* the server's RoCE v2 GID carries its IPv4 address */
	if (acc->v2_direct) {
		memcpy(ini->nexthop_mac, acc->lcl.mac, ETH_ALEN);
		ini->uses_gateway = false;
		return 0;
	}
	if (smc_ib_find_route(sock_net(&smc->sk), ini->route.saddr,
			      smc_ib_gid_to_ipv4(acc->lcl.gid),
			      ini->nexthop_mac, &ini->uses_gateway))
		return SMC_CLC_DECL_NOROUTE;
	if (!ini->uses_gateway)
		return SMC_CLC_DECL_NOINDIRECT;
	return 0;
}

/* First contact: the server confirms the new link over the link itself. */
static int smc_clnt_confirm_first_link(struct smc_sock *smc)
{
	struct smc_connection *conn = &smc->conn;
	struct smc_link *lnk = conn->lnk;
	int rc;

	rc = smc_llc_clnt_wait_confirm_link(lnk);
	if (rc)
		return rc;
	if (smcr_link_rts(lnk))
		return SMC_CLC_DECL_ERR_RDYLNK;
	if (smcr_buf_reg(lnk, conn->rmb_desc, true) ||
	    smcr_buf_reg(lnk, conn->sndbuf_desc, false))
		return SMC_CLC_DECL_ERR_REGBUF;
	conn->rmb_desc->rkey_confirmed = true;	/* it was in our CONFIRM */
	rc = smc_llc_clnt_confirm_link_resp(lnk);
	if (rc)
		return rc;
	smc_llc_link_active(lnk);
	return 0;
}

/* After the ACCEPT: join or create the link group, send the CONFIRM. */
static int smc_clnt_setup_rdma(struct smc_sock *smc, struct smc_hs *hs)
{
	struct smc_connection *conn = &smc->conn;
	struct smc_init_info *ini = &hs->ini;
	int rc;

	rc = smc_hs_lgr_lock(smc, hs);
	if (rc)
		return rc;
	rc = smc_conn_create(smc, ini);
	if (rc)
		return rc;
	if (!ini->first_contact_local)
		smc_hs_lgr_unlock(smc, hs);
	else if (smc_hs_save_peer_link(conn->lnk, &hs->acc))
		return SMC_CLC_DECL_SYNCERR;
	if (smc_buf_create(smc))
		return SMC_CLC_DECL_MEM;
	rc = smc_hs_save_peer_rmb(conn, &hs->acc);
	if (rc)
		return rc;
	if (ini->first_contact_local) {
		if (smcr_link_ready(conn->lnk))
			return SMC_CLC_DECL_ERR_RDYLNK;
	} else {
		rc = smc_hs_reg_rmb(conn);
		if (rc)
			return rc;
	}
	rc = smc_hs_send_accept_confirm(smc, hs, SMC_CLC_CONFIRM);
	if (rc)
		return rc;
	if (ini->first_contact_local) {
		rc = smc_clnt_confirm_first_link(smc);
		if (rc)
			return smc_hs_decline_late(smc, hs, rc);
	}
	smc_hs_lgr_unlock(smc, hs);
	return 0;
}

static int smc_clnt_rdma(struct smc_sock *smc, struct smc_hs *hs)
{
	u8 version;
	int rc;

	rc = smc_clnt_find_devices(smc, hs);
	if (rc)
		return smc_hs_decline(smc, rc, SMC_V1);
	rc = smc_clnt_send_proposal(smc, hs);
	if (rc > 0)
		return smc_hs_decline(smc, rc, SMC_V1);
	if (rc)
		return rc;
	version = hs->have[SMC_HS_V2] ? SMC_V2 : SMC_V1;

	rc = smc_clc_recv(smc, SMC_CLC_ACCEPT, hs->buf, sizeof(hs->buf),
			  SMC_CLC_WAIT_TIME);
	hs->peer_sent = jiffies;
	/* A server that speaks CLC but answers late would put its ACCEPT into
	 * a fallen-back stream, where the application reads it as data: the
	 * connect() fails instead, as Linux's does.
	 */
	if (rc == -ETIMEDOUT)
		return rc;
	if (rc < 0)
		return smc_hs_recv_failed(smc, rc, version);
	if (((struct smc_clc_hdr *)hs->buf)->type == SMC_CLC_DECLINE)
		return smc_hs_peer_declined(smc, hs->buf, rc);
	if (smc_clc_accept_decode(hs->buf, rc, SMC_CLC_ACCEPT, &hs->acc))
		return smc_hs_decline(smc, SMC_CLC_DECL_SYNCERR, version);
	rc = smc_clnt_check_accept(smc, hs);
	if (rc)
		return smc_hs_decline(smc, rc, version);

	rc = smc_clnt_setup_rdma(smc, hs);
	if (rc) {
		smc_hs_conn_abort(smc, hs);
		if (rc > 0 && !hs->declined)
			rc = smc_hs_decline(smc, rc, hs->ini.version);
		return rc;
	}
	smc_hs_conn_ready(smc);
	smc_stats_hs_done(sock_net(&smc->sk), false, hs->ini.version);
	return 0;
}

/* ---- client ---------------------------------------------------------- */

static int smc_wait_tcp_connect(struct smc_sock *smc)
{
	struct sock *clcsk = smc->clcsock->sk;
	long timeo = MAX_SCHEDULE_TIMEOUT;
	int rc = 0;

	lock_sock(clcsk);
	if ((1 << clcsk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV))
		rc = sk_stream_wait_connect(clcsk, &timeo);
	/* -EPIPE only says the SYN states were left; see where to */
	if (!rc || rc == -EPIPE) {
		rc = sock_error(clcsk);
		if (!rc && !((1 << clcsk->sk_state) &
			     (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)))
			rc = -ECONNRESET;
	}
	release_sock(clcsk);
	return rc;
}

static int smc_client_negotiate(struct smc_sock *smc)
{
	struct sock *clcsk = smc->clcsock->sk;
	struct smc_hs *hs;
	int rc;

	if (!tcp_sk(clcsk)->syn_smc)
		return SMC_CLC_DECL_PEERNOSMC;
	if (smc_uses_ipsec(clcsk))
		return smc_hs_decline(smc, SMC_CLC_DECL_IPSEC, SMC_V1);
	hs = smc_hs_alloc();
	if (!hs)
		return smc_hs_decline(smc, SMC_CLC_DECL_MEM, SMC_V1);
	rc = smc_clnt_rdma(smc, hs);
	smc_hs_free(hs);
	return rc;
}

/* Called with the sock lock held. */
static void smc_connect_finish(struct smc_sock *smc, int rc)
{
	struct sock *sk = &smc->sk;

	if (rc > 0) {
		smc_switch_to_fallback(smc, rc);
		rc = 0;
	}
	if (!rc) {
		if (sk->sk_state == SMC_INIT)
			sk->sk_state = SMC_ACTIVE;
		/* as after TCP's own connect(): a second one says EISCONN */
		smc->clcsock->state = SS_CONNECTED;
	} else {
		WRITE_ONCE(sk->sk_err, -rc);
		sk->sk_state = SMC_CLOSED;
		/* a stream out of step must not linger half open, nor one
		 * whose peer may still send CLC
		 */
		if (rc == -EBADMSG || rc == -ETIMEDOUT)
			tcp_abort(smc->clcsock->sk, ECONNABORTED);
	}
	WRITE_ONCE(smc->hs_state, SMC_HS_DONE);
	if (!sock_flag(sk, SOCK_DEAD)) {
		sk->sk_state_change(sk);
		sk_wake_async(sk, SOCK_WAKE_IO, rc ? POLL_ERR : POLL_OUT);
	}
}

void smc_connect_work(struct work_struct *work)
{
	struct smc_sock *smc = container_of(work, struct smc_sock,
					    connect_work);
	struct sock *sk = &smc->sk;
	int rc;

	rc = smc_wait_tcp_connect(smc);
	if (!rc && !smc_uses_fallback(smc)) {
		rc = smc_client_negotiate(smc);
		/* a failed TCP connect is no failed handshake, as in Linux */
		if (rc < 0)
			smc_stats_hs_err(sock_net(sk), false);
	}

	lock_sock(sk);
	smc_connect_finish(smc, rc);
	release_sock(sk);
	sock_put(sk);	/* taken when the work was queued */
}

/* ---- server ---------------------------------------------------------- */

static bool smc_prefix_match_v4(struct net_device *dev,
				const struct smc_clc_proposal_info *prop)
{
	struct in_device *in_dev = __in_dev_get_rcu(dev);
	const struct in_ifaddr *ifa;

	if (!in_dev)
		return false;
	in_dev_for_each_ifa_rcu(ifa, in_dev) {
		if (prop->ipv4_prefix_len == inet_mask_len(ifa->ifa_mask) &&
		    inet_ifa_match(prop->ipv4_subnet, ifa))
			return true;
	}
	return false;
}

static bool smc_prefix_match_v6(struct net_device *dev,
				const struct smc_clc_proposal_info *prop)
{
	bool match = false;
#if IS_ENABLED(CONFIG_IPV6)
	struct inet6_dev *in6_dev = __in6_dev_get(dev);
	struct inet6_ifaddr *ifa;
	int i;

	if (!in6_dev)
		return false;
	read_lock_bh(&in6_dev->lock);
	list_for_each_entry(ifa, &in6_dev->addr_list, if_list) {
		if (ipv6_addr_type(&ifa->addr) & IPV6_ADDR_LINKLOCAL)
			continue;
		for (i = 0; i < prop->ipv6_prefix_cnt && !match; i++) {
			const struct smc_clc_ipv6_prefix *p = &prop->ipv6_prefix[i];
			struct in6_addr prefix;

			memcpy(&prefix, p->prefix, sizeof(prefix));
			match = ifa->prefix_len == p->prefix_len &&
				ipv6_prefix_equal(&ifa->addr, &prefix,
						  ifa->prefix_len);
		}
		if (match)
			break;
	}
	read_unlock_bh(&in6_dev->lock);
#endif
	return match;
}

/* Facts about this connection's route the server decision depends on */
static void smc_srv_gather_facts(struct smc_sock *smc,
				 const struct smc_clc_proposal_info *prop,
				 struct smc_srv_facts *facts)
{
	struct dst_entry *dst;
	struct net_device *dev;

	memset(facts, 0, sizeof(*facts));
	rcu_read_lock();
	dst = __sk_dst_get(smc->clcsock->sk);
	dev = dst ? dst->dev : NULL;
	if (dev) {
		facts->vlan_ok = true;
		if (prop->has_prefix)
			facts->prefix_match = prop->ipv6_prefix_cnt ?
				smc_prefix_match_v6(dev, prop) :
				smc_prefix_match_v4(dev, prop);
	}
	rcu_read_unlock();
}

/* ---- server: SMC-R ------------------------------------------------------ */

/* The first proposed UEID that is also ours */
static bool smc_srv_match_ueid(const struct smc_clc_proposal_info *prop,
			       u8 *eid)
{
	int i;

	for (i = 0; i < prop->eid_cnt; i++) {
		if (smc_eid_match_ueid(prop->ueid[i])) {
			memcpy(eid, prop->ueid[i], SMC_CLC_EID_LEN);
			return true;
		}
	}
	return false;
}

/* RDMA devices for the proposal: v1 on the route's netdev, v2 by IPv4
 * address with a route to the client's RoCE v2 GID.
 */
static void smc_srv_find_devices(struct smc_sock *smc, struct smc_hs *hs,
				 struct smc_srv_facts *facts)
{
	const struct smc_clc_proposal_info *prop = &hs->prop;
	struct smc_init_info *ini = &hs->ini;
	struct sock *clcsk = smc->clcsock->sk;

	if (smc_ib_route_of_sock(clcsk, &ini->route))
		return;
	if (smcr_indicated(prop->typev1))
		hs->have[SMC_HS_V1] =
			!smc_ib_find_device(&ini->route, false,
					    &hs->dev[SMC_HS_V1]);
	facts->rdma_v1_dev = hs->have[SMC_HS_V1];

	if (prop->version < SMC_V2 || !smcr_indicated(prop->typev2) ||
	    !prop->has_v2_ext)
		return;
	facts->ueid_match = smc_srv_match_ueid(prop, ini->negotiated_eid);
	if (!facts->ueid_match || !smc_clcsk_ipv4(clcsk))
		return;
	if (smc_ib_find_route(sock_net(&smc->sk), ini->route.saddr,
			      smc_ib_gid_to_ipv4(prop->roce_gid),
			      ini->nexthop_mac, &ini->uses_gateway))
		return;
	hs->have[SMC_HS_V2] = !smc_ib_find_device(&ini->route, true,
						  &hs->dev[SMC_HS_V2]);
	facts->rdma_v2_dev = hs->have[SMC_HS_V2];
}

/* SMCv2.1: take the smaller limits; a client below the minimum is refused */
static int smc_srv_negotiate_v2x(struct smc_sock *smc, struct smc_hs *hs)
{
	const struct smc_clc_proposal_info *prop = &hs->prop;
	struct smc_init_info *ini = &hs->ini;

	ini->release = min_t(u8, prop->release, SMC_RELEASE);
	ini->max_conns = SMC_CONN_PER_LGR_MAX;
	ini->max_links = SMC_LINKS_PER_LGR_MAX;
	if (ini->release < SMC_RELEASE_1)
		return 0;
	if (prop->max_conns < SMC_CONN_PER_LGR_MIN)
		return SMC_CLC_DECL_MAXCONNERR;
	if (prop->max_links < SMC_LINKS_PER_LGR_MIN)
		return SMC_CLC_DECL_MAXLINKERR;
	ini->max_conns = min(prop->max_conns, smc_hs_max_conns(smc));
	ini->max_links = min(prop->max_links, smc_hs_max_links(smc));
	return 0;
}

/* The client's CONFIRM must match what our ACCEPT said. */
static int smc_srv_check_confirm(struct smc_hs *hs)
{
	const struct smc_clc_accept_info *cfm = &hs->acc;
	const struct smc_init_info *ini = &hs->ini;

	if (cfm->typev1 != SMC_TYPE_R || cfm->version != ini->version)
		return SMC_CLC_DECL_SYNCERR;
	if (ini->version < SMC_V2 || !ini->first_contact_local)
		return 0;
	if (!cfm->has_fce)
		return SMC_CLC_DECL_SYNCERR;
	if (cfm->release != ini->release)
		return SMC_CLC_DECL_RELEASEERR;
	if (ini->release < SMC_RELEASE_1)
		return 0;
	if (cfm->max_conns != ini->max_conns)
		return SMC_CLC_DECL_MAXCONNERR;
	if (cfm->max_links != ini->max_links)
		return SMC_CLC_DECL_MAXLINKERR;
	return 0;
}

/* First contact: the link comes up and is confirmed over itself. */
static int smc_srv_confirm_first_link(struct smc_sock *smc)
{
	struct smc_connection *conn = &smc->conn;
	struct smc_link *lnk = conn->lnk;
	int rc;

	if (smcr_link_ready(lnk))
		return SMC_CLC_DECL_ERR_RDYLNK;
	if (smcr_buf_reg(lnk, conn->rmb_desc, true) ||
	    smcr_buf_reg(lnk, conn->sndbuf_desc, false))
		return SMC_CLC_DECL_ERR_REGBUF;
	conn->rmb_desc->rkey_confirmed = true;	/* it was in our ACCEPT */
	rc = smc_llc_srv_confirm_link(lnk);
	if (rc)
		return rc;
	smc_llc_link_active(lnk);
	smc_llc_srv_add_link_first(lnk);
	return 0;
}

/* ACCEPT out, CONFIRM in, link up. */
static int smc_srv_setup_rdma(struct smc_sock *smc, struct smc_hs *hs)
{
	struct smc_connection *conn = &smc->conn;
	struct smc_init_info *ini = &hs->ini;
	int rc;

	rc = smc_hs_lgr_lock(smc, hs);
	if (rc)
		return rc;
	rc = smc_conn_create(smc, ini);
	if (rc)
		return rc;
	if (!ini->first_contact_local)
		smc_hs_lgr_unlock(smc, hs);
	if (smc_buf_create(smc))
		return SMC_CLC_DECL_MEM;
	if (!ini->first_contact_local) {
		rc = smc_hs_reg_rmb(conn);
		if (rc)
			return rc;
	}
	rc = smc_hs_send_accept_confirm(smc, hs, SMC_CLC_ACCEPT);
	if (rc)
		return rc;

	rc = smc_clc_recv(smc, SMC_CLC_CONFIRM, hs->buf, sizeof(hs->buf),
			  SMC_CLC_WAIT_TIME);
	if (rc < 0) {
		/* the client has our ACCEPT: a CONFIRM that comes late would
		 * reach the application of a fallen-back connection as data,
		 * so the connection is dropped (Linux drops it too)
		 */
		if (rc == -ETIMEDOUT || !smc_clc_recv_err_allows_fallback(rc))
			return rc;
		/* a peer that does not speak CLC would take a DECLINE for data */
		hs->declined = rc == -ENOMSG;
		return smc_clc_recv_err_to_code(rc);
	}
	if (((struct smc_clc_hdr *)hs->buf)->type == SMC_CLC_DECLINE) {
		hs->declined = true;
		return smc_hs_peer_declined(smc, hs->buf, rc);
	}
	if (smc_clc_accept_decode(hs->buf, rc, SMC_CLC_CONFIRM, &hs->acc))
		return SMC_CLC_DECL_SYNCERR;
	rc = smc_srv_check_confirm(hs);
	if (rc)
		return rc;
	rc = smc_hs_save_peer_rmb(conn, &hs->acc);
	if (rc)
		return rc;
	if (ini->first_contact_local) {
		rc = smc_hs_save_peer_link(conn->lnk, &hs->acc);
		if (rc)
			return rc;
		rc = smc_srv_confirm_first_link(smc);
		if (rc)
			return smc_hs_decline_late(smc, hs, rc);
	}
	smc_hs_lgr_unlock(smc, hs);
	return 0;
}

/* The server decided on SMC-R with @choice: set it up or decline. */
static int smc_srv_rdma(struct smc_sock *smc, struct smc_hs *hs,
			enum smc_srv_choice choice)
{
	struct smc_init_info *ini = &hs->ini;
	const struct smc_clc_proposal_info *prop = &hs->prop;
	int i = choice == SMC_SRV_RDMA_V2 ? SMC_HS_V2 : SMC_HS_V1;
	int rc;

	ini->version = i == SMC_HS_V2 ? SMC_V2 : SMC_V1;
	ini->ib = hs->dev[i];
	ini->max_conns = SMC_CONN_PER_LGR_MAX;
	ini->max_links = SMC_LINKS_PER_LGR_MAX;
	memcpy(ini->peer_systemid, prop->lcl.id_for_peer,
	       SMC_CLC_SYSTEMID_LEN);
	memcpy(ini->peer_gid, i == SMC_HS_V2 ? prop->roce_gid : prop->lcl.gid,
	       SMC_GID_SIZE);
	memcpy(ini->peer_mac, prop->lcl.mac, ETH_ALEN);
	if (i == SMC_HS_V2) {
		rc = smc_srv_negotiate_v2x(smc, hs);
		if (rc)
			return smc_hs_decline(smc, rc, SMC_V2);
	}

	rc = smc_srv_setup_rdma(smc, hs);
	if (rc) {
		smc_hs_conn_abort(smc, hs);
		if (rc > 0 && !hs->declined)
			rc = smc_hs_decline(smc, rc,
					    prop->version >= SMC_V2 ? SMC_V2 :
								      SMC_V1);
		return rc;
	}
	smc_hs_conn_ready(smc);
	smc_stats_hs_done(sock_net(&smc->sk), true, ini->version);
	return 0;
}

static int smc_server_negotiate(struct smc_sock *smc)
{
	struct smc_srv_decision decision;
	struct smc_srv_facts facts;
	u8 version = SMC_V1;
	struct smc_hs *hs;
	int rc;

	if (!tcp_sk(smc->clcsock->sk)->syn_smc)
		return SMC_CLC_DECL_PEERNOSMC;

	/* The client's proposal is still unread: a fallback now would hand
	 * it to the application as data.  Drop the connection instead.
	 */
	hs = smc_hs_alloc();
	if (!hs)
		return -ENOMEM;

	rc = smc_clc_recv(smc, SMC_CLC_PROPOSAL, hs->buf, sizeof(hs->buf),
			  SMC_CLC_WAIT_TIME);
	hs->peer_sent = jiffies;
	if (rc < 0) {
		rc = smc_hs_recv_failed(smc, rc, version);
		goto out;
	}
	if (((struct smc_clc_hdr *)hs->buf)->type == SMC_CLC_DECLINE) {
		rc = smc_hs_peer_declined(smc, hs->buf, rc);
		goto out;
	}
	if (smc_clc_proposal_decode(hs->buf, rc, &hs->prop)) {
		rc = smc_hs_decline(smc, SMC_CLC_DECL_SYNCERR, version);
		goto out;
	}
	if (hs->prop.version >= SMC_V2)
		version = SMC_V2;
	if (smc_uses_ipsec(smc->clcsock->sk)) {
		rc = smc_hs_decline(smc, SMC_CLC_DECL_IPSEC, version);
		goto out;
	}

	smc_srv_gather_facts(smc, &hs->prop, &facts);
	smc_srv_find_devices(smc, hs, &facts);
	smc_srv_decide(&hs->prop, &facts, &decision);
	if (decision.choice == SMC_SRV_DECLINE)
		rc = smc_hs_decline(smc, decision.code, version);
	else
		rc = smc_srv_rdma(smc, hs, decision.choice);
out:
	smc_hs_free(hs);
	return rc;
}

/* Queue a finished child for accept(); false if the listener is gone. */
static bool smc_accept_enqueue(struct smc_sock *lsmc, struct smc_sock *smc)
{
	struct sock *lsk = &lsmc->sk;
	bool queued = false;

	spin_lock_bh(&lsmc->accept_q_lock);
	if (READ_ONCE(lsk->sk_state) == SMC_LISTEN) {
		list_add_tail(&smc->accept_node, &lsmc->accept_q);
		sk_acceptq_added(lsk);
		queued = true;
	}
	spin_unlock_bh(&lsmc->accept_q_lock);
	if (queued)
		lsk->sk_data_ready(lsk);
	return queued;
}

struct smc_sock *smc_accept_dequeue(struct smc_sock *lsmc)
{
	struct smc_sock *smc = NULL;

	spin_lock_bh(&lsmc->accept_q_lock);
	if (!list_empty(&lsmc->accept_q)) {
		smc = list_first_entry(&lsmc->accept_q, struct smc_sock,
				       accept_node);
		list_del_init(&smc->accept_node);
		sk_acceptq_removed(&lsmc->sk);
	}
	spin_unlock_bh(&lsmc->accept_q_lock);
	return smc;
}

bool smc_accept_queue_empty(struct smc_sock *lsmc)
{
	return list_empty_careful(&lsmc->accept_q);
}

void smc_srv_hs_work(struct work_struct *work)
{
	struct smc_sock *smc = container_of(work, struct smc_sock,
					    srv_hs_work);
	struct smc_sock *lsmc = smc->listen_smc;
	struct sock *sk = &smc->sk;
	int rc = 0;

	if (READ_ONCE(lsmc->sk.sk_state) != SMC_LISTEN)
		rc = -ECONNABORTED;
	else if (!smc_uses_fallback(smc))
		rc = smc_server_negotiate(smc);
	if (rc < 0)
		smc_stats_hs_err(sock_net(sk), true);

	/* TCP_DEFER_ACCEPT is waited for in accept(), not here: this work
	 * runs on the workqueue every handshake of the host shares
	 */
	lock_sock(sk);
	if (rc > 0) {
		smc_switch_to_fallback(smc, rc);
		rc = 0;
	}
	sk->sk_state = rc ? SMC_CLOSED : SMC_ACTIVE;
	WRITE_ONCE(smc->hs_state, SMC_HS_DONE);
	release_sock(sk);

	if (rc || !smc_accept_enqueue(lsmc, smc)) {
		smc_listen_uncount_child(smc);
		smc_sock_destroy_unaccepted(smc);
	}
	smc_listen_kick(lsmc);
	sock_put(&lsmc->sk);	/* the child's hold on its listener */
}

/* ---- listener --------------------------------------------------------- */

/* Schedule a pass over the TCP accept queue (any context). */
void smc_listen_kick(struct smc_sock *lsmc)
{
	if (READ_ONCE(lsmc->sk.sk_state) != SMC_LISTEN)
		return;
	sock_hold(&lsmc->sk);
	if (!queue_work(smc_listen_wq, &lsmc->tcp_listen_work))
		sock_put(&lsmc->sk);
}

/* A child taken from TCP's accept queue stays counted in TCP's backlog
 * until accept() hands it out (or it is dropped): TCP then applies its own
 * backlog limit to the whole way from SYN to accept(), exactly as for a
 * plain TCP listener, although the SMC handshake sits in between.
 */
static void smc_listen_count_child(struct smc_sock *smc, bool count)
{
	struct smc_sock *lsmc = smc->listen_smc;
	struct request_sock_queue *queue;
	struct sock *clcsk;

	if (smc->counted_in_backlog == count)
		return;
	smc->counted_in_backlog = count;
	spin_lock_bh(&lsmc->accept_q_lock);
	/* once the listener stopped, its clcsock may be gone */
	if (lsmc->sk.sk_state == SMC_LISTEN) {
		clcsk = lsmc->clcsock->sk;
		queue = &inet_csk(clcsk)->icsk_accept_queue;
		spin_lock(&queue->rskq_lock);
		if (count) {
			sk_acceptq_added(clcsk);
			lsmc->backlog_held++;
		} else {
			sk_acceptq_removed(clcsk);
			lsmc->backlog_held--;
		}
		spin_unlock(&queue->rskq_lock);
	}
	spin_unlock_bh(&lsmc->accept_q_lock);
}

/* TCP expects an empty accept queue when its listener closes */
static void smc_listen_uncount_all(struct smc_sock *lsmc)
{
	struct sock *clcsk = lsmc->clcsock->sk;
	struct request_sock_queue *queue;

	queue = &inet_csk(clcsk)->icsk_accept_queue;
	spin_lock(&queue->rskq_lock);
	WRITE_ONCE(clcsk->sk_ack_backlog,
		   clcsk->sk_ack_backlog - lsmc->backlog_held);
	lsmc->backlog_held = 0;
	spin_unlock(&queue->rskq_lock);
}

void smc_listen_uncount_child(struct smc_sock *smc)
{
	if (smc->listen_smc)
		smc_listen_count_child(smc, false);
}

static noinline struct smc_sock *smc_listen_new_child(struct smc_sock *lsmc,
						      struct socket *clcsock)
{
	struct sock *lsk = &lsmc->sk;
	struct smc_sock *smc;
	struct sock *sk;

	sk = smc_sock_alloc(sock_net(lsk), NULL, lsk->sk_protocol);
	if (!sk)
		return NULL;
	smc = smc_sk(sk);
	smc->clcsock = clcsock;
	smc_clcsock_adopt_child(lsmc, clcsock);
	smc_clcsock_inherit_opts(sk, lsk);
	smc->listen_smc = lsmc;
	smc->hs_state = SMC_HS_RUNNING;
	/* Inherited, not decided for this connection: Linux leaves it out
	 * of the fallback statistics (the listener was counted).  Nothing
	 * else of smc_switch_to_fallback() applies to a socket without
	 * user or callbacks yet.
	 */
	if (smc_uses_fallback(lsmc)) {
		smc->fallback_rsn = lsmc->fallback_rsn;
		/* pairs with smc_uses_fallback(): the reason is valid */
		smp_store_release(&smc->use_fallback, true);
	}
	return smc;
}

ALLOW_ERROR_INJECTION(smc_listen_new_child, NULL);

void smc_tcp_listen_work(struct work_struct *work)
{
	struct smc_sock *lsmc = container_of(work, struct smc_sock,
					     tcp_listen_work);
	struct socket *clcsock;
	struct smc_sock *smc;
	int rc;

	while (READ_ONCE(lsmc->sk.sk_state) == SMC_LISTEN) {
		rc = kernel_accept(lsmc->clcsock, &clcsock, O_NONBLOCK);
		if (rc) {
			/* No socket for the child (out of memory): it stays
			 * in TCP's queue, where nothing may kick us again
			 * before its client gives up.  Try again.
			 */
			if (rc == -ENOMEM || rc == -ENFILE)
				smc_listen_kick(lsmc);
			break;
		}
		smc = smc_listen_new_child(lsmc, clcsock);
		if (!smc) {
			/* like TCP under memory pressure: drop it */
			sock_release(clcsock);
			continue;
		}
		smc_listen_count_child(smc, true);
		sock_hold(&lsmc->sk);	/* put at the end of srv_hs_work */
		queue_work(smc_hs_wq, &smc->srv_hs_work);
	}
	sock_put(&lsmc->sk);	/* taken by smc_listen_kick() */
}

/* The listener goes away (close or shutdown): no more children are pulled
 * from TCP, children done with their handshake are closed, children still in
 * it notice and close themselves.  Called with the sock lock held.
 */
void smc_listen_stop(struct smc_sock *lsmc)
{
	struct sock *lsk = &lsmc->sk;
	struct smc_sock *smc, *tmp;
	LIST_HEAD(orphans);

	spin_lock_bh(&lsmc->accept_q_lock);
	smc_listen_uncount_all(lsmc);
	lsk->sk_state = SMC_CLOSED;
	list_splice_init(&lsmc->accept_q, &orphans);
	WRITE_ONCE(lsk->sk_ack_backlog, 0);
	spin_unlock_bh(&lsmc->accept_q_lock);

	smc_clcsock_set_callbacks(lsmc, SMC_CLCSOCK_CB_ORIG);
	release_sock(lsk);
	if (cancel_work_sync(&lsmc->tcp_listen_work))
		sock_put(lsk);
	list_for_each_entry_safe(smc, tmp, &orphans, accept_node) {
		list_del_init(&smc->accept_node);
		smc_sock_destroy_unaccepted(smc);
	}
	lock_sock(lsk);
	lsk->sk_state_change(lsk);	/* accept() waiters give up */
}
