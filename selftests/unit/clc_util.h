/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the CLC unit tests, the fuzzers and the seed corpus
 * generator: comparing decoded infos field by field (padding and bytes
 * behind a count carry no meaning) and generating random but consistent
 * infos, i.e. exactly the set of things the encoders must accept.
 */
#ifndef CLC_UTIL_H
#define CLC_UTIL_H

#include <stdbool.h>
#include <string.h>
#include "smc_clc_wire.h"

#define CLC_SAME(f)	(a->f == b->f)
#define CLC_SAME_MEM(f)	(!memcmp(a->f, b->f, sizeof(a->f)))

static inline bool clc_decline_eq(const struct smc_clc_decline_info *a,
				  const struct smc_clc_decline_info *b)
{
	return CLC_SAME(version) && CLC_SAME(sync_err) &&
	       CLC_SAME_MEM(sender_id) && CLC_SAME(diagnosis) &&
	       CLC_SAME(os_type) && CLC_SAME_MEM(diagnosis_v2);
}

static inline bool clc_local_eq(const struct smc_clc_local_info *a,
				const struct smc_clc_local_info *b)
{
	return CLC_SAME_MEM(id_for_peer) && CLC_SAME_MEM(gid) &&
	       CLC_SAME_MEM(mac);
}

static inline bool clc_proposal_eq(const struct smc_clc_proposal_info *a,
				   const struct smc_clc_proposal_info *b)
{
	int i;

	if (!(CLC_SAME(version) && CLC_SAME(typev1) && CLC_SAME(typev2) &&
	      clc_local_eq(&a->lcl, &b->lcl) &&
	      CLC_SAME(has_smcd_area) && CLC_SAME(ism_gid) &&
	      CLC_SAME(ism_chid) &&
	      CLC_SAME(has_prefix) && CLC_SAME(ipv4_subnet) &&
	      CLC_SAME(ipv4_prefix_len) && CLC_SAME(ipv6_prefix_cnt) &&
	      CLC_SAME(has_v2_ext) && CLC_SAME(release) && CLC_SAME(seid) &&
	      CLC_SAME_MEM(roce_gid) && CLC_SAME(max_conns) &&
	      CLC_SAME(max_links) && CLC_SAME(feature_mask) &&
	      CLC_SAME(eid_cnt) &&
	      CLC_SAME(has_smcd_v2_ext) && CLC_SAME_MEM(system_eid) &&
	      CLC_SAME(ism_gid_cnt)))
		return false;
	if (a->ipv6_prefix_cnt > SMC_CLC_MAX_V6_PREFIX ||
	    a->eid_cnt > SMC_CLC_MAX_UEID ||
	    a->ism_gid_cnt > SMC_CLC_MAX_ISM_GIDS)
		return false;
	if (memcmp(a->ipv6_prefix, b->ipv6_prefix,
		   a->ipv6_prefix_cnt * sizeof(a->ipv6_prefix[0])) ||
	    memcmp(a->ueid, b->ueid, a->eid_cnt * sizeof(a->ueid[0])))
		return false;
	for (i = 0; i < a->ism_gid_cnt; i++)
		if (a->ism_v2[i].gid != b->ism_v2[i].gid ||
		    a->ism_v2[i].chid != b->ism_v2[i].chid)
			return false;
	return true;
}

static inline bool clc_accept_eq(const struct smc_clc_accept_info *a,
				 const struct smc_clc_accept_info *b)
{
	return CLC_SAME(type) && CLC_SAME(version) && CLC_SAME(typev1) &&
	       CLC_SAME(first_contact) && clc_local_eq(&a->lcl, &b->lcl) &&
	       CLC_SAME(qpn) && CLC_SAME(rmb_rkey) && CLC_SAME(rmbe_idx) &&
	       CLC_SAME(rmbe_alert_token) && CLC_SAME(rmbe_size) &&
	       CLC_SAME(qp_mtu) && CLC_SAME(rmb_vaddr) && CLC_SAME(psn) &&
	       CLC_SAME(d_gid) && CLC_SAME(d_token) && CLC_SAME(d_dmbe_idx) &&
	       CLC_SAME(d_dmbe_size) && CLC_SAME(d_linkid) &&
	       CLC_SAME(d_chid) && CLC_SAME(d_gid_ext) &&
	       CLC_SAME_MEM(eid) && CLC_SAME(has_fce) &&
	       CLC_SAME(v2_direct) && CLC_SAME(os_type) &&
	       CLC_SAME(release) && CLC_SAME_MEM(hostname) &&
	       CLC_SAME(has_fce_v21) && CLC_SAME(max_conns) &&
	       CLC_SAME(max_links) && CLC_SAME(feature_mask) &&
	       CLC_SAME(vendor_exp_options) && CLC_SAME(gid_cnt) &&
	       a->gid_cnt <= SMC_CLC_MAX_GIDS &&
	       !memcmp(a->gid, b->gid, a->gid_cnt * sizeof(a->gid[0]));
}

/* ---- random consistent infos -------------------------------------------- */

struct clc_rng {
	u64 s;
};

static inline u64 clc_rnd(struct clc_rng *r)
{
	/* xorshift64*: plenty for test data, and reproducible per seed */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

static inline u32 clc_below(struct clc_rng *r, u32 n)
{
	return (u32)(clc_rnd(r) % n);
}

static inline void clc_fill(struct clc_rng *r, void *p, size_t n)
{
	u8 *b = p;

	while (n--)
		*b++ = (u8)clc_rnd(r);
}

/* mostly 1 and 2, sometimes a future version */
static inline u8 clc_rnd_version(struct clc_rng *r)
{
	u32 v = clc_below(r, 10);

	return v < 3 ? SMC_V1 : v < 9 ? SMC_V2 : (u8)(3 + clc_below(r, 13));
}

static inline void clc_gen_decline(struct clc_rng *r,
				   struct smc_clc_decline_info *in)
{
	memset(in, 0, sizeof(*in));
	in->version = clc_rnd_version(r);
	in->sync_err = clc_below(r, 2);
	clc_fill(r, in->sender_id, sizeof(in->sender_id));
	in->diagnosis = (u32)clc_rnd(r);
	if (in->version == SMC_V1)
		return;
	in->os_type = (u8)clc_below(r, 16);
	clc_fill(r, in->diagnosis_v2, sizeof(in->diagnosis_v2));
}

static inline void clc_gen_proposal(struct clc_rng *r,
				    struct smc_clc_proposal_info *in)
{
	int i;

	memset(in, 0, sizeof(*in));
	in->version = clc_rnd_version(r);
	in->typev1 = (u8)clc_below(r, 4);
	in->typev2 = (u8)clc_below(r, 4);
	if (in->version == SMC_V1 && in->typev1 == SMC_TYPE_N)
		in->typev1 = SMC_TYPE_R;
	if (in->version != SMC_V1 && in->typev1 == SMC_TYPE_N &&
	    in->typev2 == SMC_TYPE_N)
		in->typev2 = SMC_TYPE_R;
	clc_fill(r, &in->lcl, sizeof(in->lcl));
	in->has_smcd_area = in->version != SMC_V1 || clc_below(r, 2);
	if (in->has_smcd_area) {
		in->ism_gid = clc_rnd(r);
		in->ism_chid = (u16)clc_rnd(r);
	}
	in->has_prefix = in->version == SMC_V1 || in->typev1 != SMC_TYPE_N;
	if (in->has_prefix) {
		in->ipv4_subnet = (__force __be32)(u32)clc_rnd(r);
		in->ipv4_prefix_len = (u8)clc_below(r, 33);
		in->ipv6_prefix_cnt = (u8)clc_below(r, SMC_CLC_MAX_V6_PREFIX + 1);
		for (i = 0; i < in->ipv6_prefix_cnt; i++) {
			clc_fill(r, in->ipv6_prefix[i].prefix, 16);
			in->ipv6_prefix[i].prefix_len = (u8)clc_below(r, 129);
		}
	}
	if (in->version == SMC_V1)
		return;
	if (in->typev2 != SMC_TYPE_N) {
		in->has_v2_ext = true;
		in->eid_cnt = (u8)clc_below(r, SMC_CLC_MAX_UEID + 1);
		in->release = (u8)clc_below(r, 16);
		in->seid = clc_below(r, 2);
		clc_fill(r, in->roce_gid, sizeof(in->roce_gid));
		if (in->release >= SMC_RELEASE_1) {
			in->max_conns = (u8)clc_rnd(r);
			in->max_links = (u8)clc_rnd(r);
			in->feature_mask = (u16)clc_rnd(r);
		}
		clc_fill(r, in->ueid, in->eid_cnt * SMC_CLC_EID_LEN);
	}
	if (smcd_indicated(in->typev2)) {
		in->has_smcd_v2_ext = true;
		clc_fill(r, in->system_eid, sizeof(in->system_eid));
		in->ism_gid_cnt = (u8)clc_below(r, SMC_CLC_MAX_ISM_GIDS + 1);
		for (i = 0; i < in->ism_gid_cnt; i++) {
			in->ism_v2[i].gid = clc_rnd(r);
			in->ism_v2[i].chid = (u16)clc_rnd(r);
		}
	}
}

static inline void clc_gen_accept(struct clc_rng *r,
				  struct smc_clc_accept_info *in)
{
	bool smcr;

	memset(in, 0, sizeof(*in));
	in->type = clc_below(r, 2) ? SMC_CLC_ACCEPT : SMC_CLC_CONFIRM;
	in->version = clc_below(r, 3) ? SMC_V2 : SMC_V1;
	in->typev1 = clc_below(r, 4) ? SMC_TYPE_R : SMC_TYPE_D;
	in->first_contact = clc_below(r, 2);
	smcr = in->typev1 == SMC_TYPE_R;
	if (smcr) {
		clc_fill(r, &in->lcl, sizeof(in->lcl));
		in->qpn = (u32)clc_rnd(r) & 0xffffff;
		in->rmb_rkey = (u32)clc_rnd(r);
		in->rmbe_idx = (u8)clc_rnd(r);
		in->rmbe_alert_token = (u32)clc_rnd(r);
		in->rmbe_size = (u8)clc_below(r, 16);
		in->qp_mtu = (u8)clc_below(r, 16);
		in->rmb_vaddr = clc_rnd(r);
		in->psn = (u32)clc_rnd(r) & 0xffffff;
	} else {
		in->d_gid = clc_rnd(r);
		in->d_token = clc_rnd(r);
		in->d_dmbe_idx = (u8)clc_rnd(r);
		in->d_dmbe_size = (u8)clc_below(r, 16);
		in->d_linkid = (u32)clc_rnd(r);
		if (in->version == SMC_V2) {
			in->d_chid = (u16)clc_rnd(r);
			in->d_gid_ext = clc_rnd(r);
		}
	}
	if (in->version == SMC_V1)
		return;
	clc_fill(r, in->eid, sizeof(in->eid));
	if (!in->first_contact)
		return;
	in->has_fce = true;
	in->v2_direct = clc_below(r, 2);
	in->os_type = (u8)clc_below(r, 16);
	in->release = (u8)(clc_below(r, 2) ? clc_below(r, 2) :
					      clc_below(r, 16));
	clc_fill(r, in->hostname, sizeof(in->hostname));
	in->has_fce_v21 = smcr || in->release >= SMC_RELEASE_1;
	if (in->release >= SMC_RELEASE_1) {
		in->max_conns = (u8)clc_rnd(r);
		in->max_links = (u8)clc_rnd(r);
		in->feature_mask = (u16)clc_rnd(r);
		in->vendor_exp_options = (u32)clc_rnd(r);
	}
	if (smcr && in->type == SMC_CLC_CONFIRM) {
		in->gid_cnt = (u8)clc_below(r, SMC_CLC_MAX_GIDS + 1);
		clc_fill(r, in->gid, in->gid_cnt * SMC_CLC_GID_LEN);
	}
}

#endif /* CLC_UTIL_H */
