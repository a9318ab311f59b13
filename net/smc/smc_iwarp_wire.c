// SPDX-License-Identifier: GPL-2.0
/*
 * The 4-tuple of an SMC-R link on an iWARP-class device and the parameter
 * block that carries it to the driver (see smc_iwarp_wire.h).
 */

#include "smc_iwarp_wire.h"

bool smc_iw_rsvd_end(__be32 saddr, __be32 daddr, u32 own_qpn, u32 peer_qpn)
{
	/* the raw words, deliberately: both ends compare alike */
	u32 s = (__force u32)saddr;
	u32 d = (__force u32)daddr;

	if (s != d)
		return s < d;
	return own_qpn < peer_qpn;
}

int smc_iw_tuple(__be32 saddr, __be32 daddr, u32 own_qpn, u32 peer_qpn,
		 u16 rsvd_base, struct smc_iw_tuple *t)
{
	/* the QPN of the end that is not the reserved end is encoded */
	u32 qpn;

	t->saddr = saddr;
	t->daddr = daddr;
	if (smc_iw_rsvd_end(saddr, daddr, own_qpn, peer_qpn)) {
		qpn = peer_qpn & SMC_IW_QPN_MASK;
		t->sport = rsvd_base + (qpn >> 16);
		t->dport = qpn & 0xffff;
	} else {
		qpn = own_qpn & SMC_IW_QPN_MASK;
		t->sport = qpn & 0xffff;
		t->dport = rsvd_base + (qpn >> 16);
	}
	/* one address: the two ends need two QPNs and two ports */
	if (saddr == daddr && (own_qpn == peer_qpn || t->sport == t->dport))
		return -EINVAL;
	return 0;
}

void smc_iw_param_init(struct smc_iw_ext_conn_param *p, __be32 saddr,
		       __be32 daddr)
{
	memset(p, 0, sizeof(*p));
	p->sk_addr.family = SMC_IW_FAMILY_INET;
	p->sk_addr.saddr_v4 = saddr;
	p->sk_addr.daddr_v4 = daddr;
}

void smc_iw_param_set_ports(struct smc_iw_ext_conn_param *p,
			    const struct smc_iw_tuple *t)
{
	p->sk_addr.dport = cpu_to_be16(t->dport);
	p->sk_addr.sport = t->sport;
}
