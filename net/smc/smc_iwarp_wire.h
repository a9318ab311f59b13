/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The out-of-band connection of SMC-R QPs on iWARP-class devices (Alibaba
 * eRDMA): the parameter block handed to the driver and the 4-tuple rule.
 *
 * An eRDMA QP created with SMC_IW_QP_CREATE_WITHOUT_CM is not connected by
 * the iWARP connection manager.  Its qp_context points to a parameter block
 * (erdma's struct iw_ext_conn_param) that the driver reads at create time
 * (addresses) and again at every modify carrying SMC_IW_QP_OOB_ATTR (ports);
 * from the modify to RTR on, the driver runs the iWARP stream of that QP
 * over the 4-tuple in the block by itself.
 *
 * Both ends compute the 4-tuple from the two IPv4 addresses of the link
 * (the CLC GIDs ::ffff:a.b.c.d) and the two QP numbers exchanged in CLC, so
 * that each end's tuple mirrors the other's.  One end, the "reserved" end,
 * takes its source port from the block of 16 ports at the reserved ports
 * base, selected by bits 16..19 of the peer's QPN; the peer's port is the
 * low 16 bits of the peer's QPN.  The rule, including its quirks, is the
 * one Alibaba's SMC uses, so that our end mirrors an Alibaba kernel's end:
 *
 *  - the addresses are compared as raw network order words read as native
 *    integers (on x86 the last octet weighs most), the end with the smaller
 *    address is the reserved end;
 *  - with equal addresses the end with the smaller own QPN is;
 *  - only 20 bits of a QPN count: bits above are dropped.
 *
 * Pure, like smc_clc_wire.h: also built in userspace for the unit tests.
 */
#ifndef SMC_IWARP_WIRE_H
#define SMC_IWARP_WIRE_H

#include "smc_pure.h"

/* ib_qp_init_attr.create_flags: connect without the iWARP CM (in the range
 * ib_verbs.h leaves to drivers); erdma's IB_QP_CREATE_IWARP_WITHOUT_CM
 */
#define SMC_IW_QP_CREATE_WITHOUT_CM	0x08000000U	/* bit 27 */
/* ib_modify_qp() attr_mask: re-read the ports (and the peer QPN with
 * IB_QP_DEST_QPN) from the parameter block; IB_QP_RESERVED1, which erdma
 * calls IB_QP_OOB_CONN_ATTR
 */
#define SMC_IW_QP_OOB_ATTR		0x00200000U	/* bit 21 */

/* the family value of an IPv4 parameter block: PF_INET of Linux */
#define SMC_IW_FAMILY_INET		2

/* QPNs are 20 bits wide in the tuple and in eRDMA's commands */
#define SMC_IW_QPN_BITS			20
#define SMC_IW_QPN_MASK			((1U << SMC_IW_QPN_BITS) - 1)

/* number of reserved ports: 4 QPN bits select one */
#define SMC_IW_RSVD_PORTS		16

/* erdma's struct iw_ext_conn_param, which qp_context points to; it must
 * stay valid (and in place) as long as the QP exists.  Host layout on a
 * kernel with IPv6 (each address union is a 16 byte struct in6_addr, of
 * which an IPv4 parameter block uses the first 4 bytes).  Byte order as
 * the driver reads it: the addresses and dport in network order, sport in
 * host order, family in host order.
 */
struct smc_iw_ext_conn_param {
	struct {
		union {
			__be32	daddr_v4;
			__be32	daddr_v6[4];	/* struct in6_addr */
		};
		union {
			__be32	saddr_v4;
			__be32	saddr_v6[4];
		};
		__be16		dport;		/* network order */
		u16		sport;		/* host order */
		unsigned short	family;		/* SMC_IW_FAMILY_INET */
	} sk_addr;
};

static_assert(offsetof(struct smc_iw_ext_conn_param, sk_addr.daddr_v4) == 0);
static_assert(offsetof(struct smc_iw_ext_conn_param, sk_addr.daddr_v6) == 0);
static_assert(offsetof(struct smc_iw_ext_conn_param, sk_addr.saddr_v4) == 16);
static_assert(offsetof(struct smc_iw_ext_conn_param, sk_addr.saddr_v6) == 16);
static_assert(offsetof(struct smc_iw_ext_conn_param, sk_addr.dport) == 32);
static_assert(offsetof(struct smc_iw_ext_conn_param, sk_addr.sport) == 34);
static_assert(offsetof(struct smc_iw_ext_conn_param, sk_addr.family) == 36);
static_assert(sizeof(struct smc_iw_ext_conn_param) == 40);
static_assert(__alignof__(struct smc_iw_ext_conn_param) == 4);

/* A link's iWARP 4-tuple as seen from one end; ports in host order */
struct smc_iw_tuple {
	__be32	saddr;
	__be32	daddr;
	u16	sport;
	u16	dport;
};

/**
 * smc_iw_rsvd_end() - is this end of a link the one on a reserved port?
 * @saddr: this end's IPv4 address
 * @daddr: the other end's IPv4 address
 * @own_qpn: this end's QP number
 * @peer_qpn: the other end's QP number
 *
 * Both ends come to the same answer with the arguments swapped.
 *
 * Return: true when this end listens on a reserved port: the lower
 * address (compared as raw words), or the lower QPN when the addresses are
 * equal.
 */
bool smc_iw_rsvd_end(__be32 saddr, __be32 daddr, u32 own_qpn, u32 peer_qpn);

/**
 * smc_iw_tuple() - the 4-tuple of one end of an iWARP link
 * @saddr: this end's IPv4 address
 * @daddr: the other end's IPv4 address
 * @own_qpn: this end's QP number
 * @peer_qpn: the other end's QP number
 * @rsvd_base: the first reserved port (at most 65536 - SMC_IW_RSVD_PORTS)
 * @t: filled with the tuple as seen from this end; the other end's is the
 *     mirror image
 *
 * Return: 0, or -EINVAL when the addresses are equal and the QPNs are too
 * (the ends would not mirror) or the tuple would connect the end to itself
 * (same address, same port).
 */
int smc_iw_tuple(__be32 saddr, __be32 daddr, u32 own_qpn, u32 peer_qpn,
		 u16 rsvd_base, struct smc_iw_tuple *t);

/**
 * smc_iw_param_init() - a parameter block as at QP creation
 * @p: the block, overwritten
 * @saddr: this end's IPv4 address
 * @daddr: the other end's IPv4 address
 *
 * The block holds the IPv4 addresses and no ports yet.
 */
void smc_iw_param_init(struct smc_iw_ext_conn_param *p, __be32 saddr,
		       __be32 daddr);
/**
 * smc_iw_param_set_ports() - store the ports of a tuple in a parameter block
 * @p: the block, from smc_iw_param_init()
 * @t: the tuple from smc_iw_tuple()
 *
 * The ports are stored in the driver's byte order (dport in network, sport
 * in host order).
 */
void smc_iw_param_set_ports(struct smc_iw_ext_conn_param *p,
			    const struct smc_iw_tuple *t);

#endif /* SMC_IWARP_WIRE_H */
