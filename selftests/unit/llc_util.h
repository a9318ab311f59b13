/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the LLC/CDC unit tests, fuzzers and seed generator:
 * comparing decoded infos (the repeated parts by content, not by
 * pointer), generating random but consistent infos (the set the encoders
 * must accept), and a reference model of the cursor arithmetic.
 */
#ifndef LLC_UTIL_H
#define LLC_UTIL_H

#include <stdbool.h>
#include <string.h>
#include "smc_llc_wire.h"
#include "smc_cdc_wire.h"
#include "clc_util.h"		/* struct clc_rng and friends */

#define LLC_SAME(f)	(a->f == b->f)
#define LLC_SAME_MEM(f)	(!memcmp(a->f, b->f, sizeof(a->f)))

static inline bool llc_same_rep(const void *pa, const void *pb, size_t n)
{
	if (!n)
		return true;
	return pa && pb && !memcmp(pa, pb, n);
}

static inline bool llc_info_eq(const struct smc_llc_info *x,
			       const struct smc_llc_info *y)
{
	if (x->type != y->type || x->version != y->version ||
	    x->flags != y->flags || x->v2_be != y->v2_be)
		return false;
	switch (x->type) {
	case SMC_LLC_CONFIRM_LINK: {
		const struct smc_llc_confirm_link_info *a = &x->confirm_link;
		const struct smc_llc_confirm_link_info *b = &y->confirm_link;

		return LLC_SAME_MEM(sender_mac) && LLC_SAME_MEM(sender_gid) &&
		       LLC_SAME(sender_qpn) && LLC_SAME(link_num) &&
		       LLC_SAME_MEM(link_uid) && LLC_SAME(max_links) &&
		       LLC_SAME(max_conns);
	}
	case SMC_LLC_ADD_LINK: {
		const struct smc_llc_add_link_info *a = &x->add_link;
		const struct smc_llc_add_link_info *b = &y->add_link;

		return LLC_SAME(rej_rsn) && LLC_SAME_MEM(sender_mac) &&
		       LLC_SAME_MEM(sender_gid) && LLC_SAME(sender_qpn) &&
		       LLC_SAME(link_num) && LLC_SAME(qp_mtu) &&
		       LLC_SAME(initial_psn) && LLC_SAME(has_ext) &&
		       LLC_SAME(v2_direct) && LLC_SAME_MEM(client_target_gid) &&
		       LLC_SAME(num_rkeys) && LLC_SAME(rt_cnt) &&
		       llc_same_rep(a->rt, b->rt, a->rt_cnt * sizeof(*a->rt));
	}
	case SMC_LLC_ADD_LINK_CONT: {
		const struct smc_llc_add_link_cont_info *a = &x->add_link_cont;
		const struct smc_llc_add_link_cont_info *b = &y->add_link_cont;

		return LLC_SAME(link_num) && LLC_SAME(num_rkeys) &&
		       LLC_SAME(rt_cnt) &&
		       llc_same_rep(a->rt, b->rt, a->rt_cnt * sizeof(*a->rt));
	}
	case SMC_LLC_DELETE_LINK:
		return x->delete_link.link_num == y->delete_link.link_num &&
		       x->delete_link.reason == y->delete_link.reason;
	case SMC_LLC_REQ_ADD_LINK: {
		const struct smc_llc_req_add_link_info *a = &x->req_add_link;
		const struct smc_llc_req_add_link_info *b = &y->req_add_link;

		return LLC_SAME(gid_cnt) &&
		       llc_same_rep(a->gid, b->gid, a->gid_cnt * sizeof(*a->gid));
	}
	case SMC_LLC_CONFIRM_RKEY: {
		const struct smc_llc_confirm_rkey_info *a = &x->confirm_rkey;
		const struct smc_llc_confirm_rkey_info *b = &y->confirm_rkey;

		return LLC_SAME(num_rkeys) && LLC_SAME(rmb_key) &&
		       LLC_SAME(rmb_vaddr) && LLC_SAME(rtoken_cnt) &&
		       llc_same_rep(a->rtoken, b->rtoken,
				    a->rtoken_cnt * sizeof(*a->rtoken));
	}
	case SMC_LLC_CONFIRM_RKEY_CONT: {
		const struct smc_llc_confirm_rkey_cont_info *a =
			&x->confirm_rkey_cont;
		const struct smc_llc_confirm_rkey_cont_info *b =
			&y->confirm_rkey_cont;

		return LLC_SAME(num_rkeys) && LLC_SAME(rtoken_cnt) &&
		       llc_same_rep(a->rtoken, b->rtoken,
				    a->rtoken_cnt * sizeof(*a->rtoken));
	}
	case SMC_LLC_TEST_LINK:
		return !memcmp(x->test_link.user_data, y->test_link.user_data,
			       sizeof(x->test_link.user_data));
	case SMC_LLC_DELETE_RKEY: {
		const struct smc_llc_delete_rkey_info *a = &x->delete_rkey;
		const struct smc_llc_delete_rkey_info *b = &y->delete_rkey;

		return LLC_SAME(num_rkeys) && LLC_SAME(err_mask) &&
		       LLC_SAME(rkey_cnt) &&
		       llc_same_rep(a->rkey, b->rkey,
				    a->rkey_cnt * sizeof(*a->rkey));
	}
	}
	return false;
}

static inline bool cdc_info_eq(const struct smc_cdc_info *a,
			       const struct smc_cdc_info *b)
{
	return LLC_SAME(seqno) && LLC_SAME(token) &&
	       LLC_SAME(prod.wrap) && LLC_SAME(prod.count) &&
	       LLC_SAME(cons.wrap) && LLC_SAME(cons.count) &&
	       LLC_SAME(prod_flags) && LLC_SAME(conn_state_flags);
}

/* where the repeated parts of generated infos live */
struct llc_store {
	struct smc_llc_rt	rt[SMC_LLC_RKEYS_MAX_V2];
	struct smc_llc_rtoken	rtoken[255];
	struct smc_llc_rkey	rkey[255];
	u8			gid[SMC_LLC_MAX_GIDS][SMC_LLC_GID_LEN];
};

/* the entries a message of @in carries (see smc_llc_wire.h) */
static inline u16 llc_carried(const struct smc_llc_info *in, u8 num)
{
	bool grows = in->version == SMC_V2 &&
		     !(in->flags & SMC_LLC_FLAG_RESP);

	switch (in->type) {
	case SMC_LLC_ADD_LINK_CONT:
		return num < 2 ? num : 2;
	case SMC_LLC_CONFIRM_RKEY:
		return grows || num < 2 ? num : 2;
	case SMC_LLC_CONFIRM_RKEY_CONT:
		return num < 3 ? num : 3;
	case SMC_LLC_DELETE_RKEY:
		return in->version == SMC_V1 || grows || num < 9 ? num : 9;
	}
	return 0;
}

/* flags a type may carry, and those only allowed with RESP */
static inline u8 llc_allowed_flags(u8 type, u8 *resp_only)
{
	*resp_only = 0;
	switch (type) {
	case SMC_LLC_CONFIRM_LINK:
		return SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_NO_RMBE_EYEC;
	case SMC_LLC_ADD_LINK:
		*resp_only = SMC_LLC_FLAG_ADD_LNK_REJ;
		return SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_ADD_LNK_REJ;
	case SMC_LLC_DELETE_LINK:
		return SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_DEL_LINK_ALL |
		       SMC_LLC_FLAG_DEL_LINK_ORDERLY;
	case SMC_LLC_CONFIRM_RKEY:
	case SMC_LLC_CONFIRM_RKEY_CONT:
		*resp_only = SMC_LLC_FLAG_RKEY_NEG | SMC_LLC_FLAG_RKEY_RETRY;
		return SMC_LLC_FLAG_RESP | *resp_only;
	case SMC_LLC_DELETE_RKEY:
		*resp_only = SMC_LLC_FLAG_RKEY_NEG;
		return SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_RKEY_NEG;
	}
	return SMC_LLC_FLAG_RESP;
}

static inline u8 llc_rnd_flags(struct clc_rng *r, u8 type)
{
	u8 resp_only, allowed = llc_allowed_flags(type, &resp_only);
	u8 f = (u8)clc_rnd(r) & allowed;

	if ((f & resp_only) && !(f & SMC_LLC_FLAG_RESP))
		f &= ~resp_only;
	return f;
}

/* mostly small counts, sometimes anything up to @max */
static inline u32 llc_rnd_count(struct clc_rng *r, u32 max)
{
	if (clc_below(r, 4))
		return clc_below(r, (max < 4 ? max : 4) + 1);
	return clc_below(r, max + 1);
}

/* a random info its encoder must accept; arrays in @s */
static inline void llc_gen(struct clc_rng *r, struct smc_llc_info *in,
			   struct llc_store *s)
{
	static const u8 v1_types[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	static const u8 v2_types[] = { 1, 2, 4, 5, 6, 7, 9 };
	u16 n;

	memset(in, 0, sizeof(*in));
	clc_fill(r, s, sizeof(*s));
	in->version = clc_below(r, 2) ? SMC_V2 : SMC_V1;
	if (in->version == SMC_V1)
		in->type = v1_types[clc_below(r, ARRAY_SIZE(v1_types))];
	else
		in->type = v2_types[clc_below(r, ARRAY_SIZE(v2_types))];
	in->flags = llc_rnd_flags(r, in->type);
	in->v2_be = in->version == SMC_V2 && clc_below(r, 2);

	switch (in->type) {
	case SMC_LLC_CONFIRM_LINK:
		clc_fill(r, &in->confirm_link, sizeof(in->confirm_link));
		in->confirm_link.sender_qpn &= 0xffffff;
		break;
	case SMC_LLC_ADD_LINK: {
		struct smc_llc_add_link_info *a = &in->add_link;

		clc_fill(r, a->sender_mac, sizeof(a->sender_mac));
		clc_fill(r, a->sender_gid, sizeof(a->sender_gid));
		a->sender_qpn = (u32)clc_rnd(r) & 0xffffff;
		a->link_num = (u8)clc_rnd(r);
		a->qp_mtu = (u8)clc_below(r, 16);
		a->initial_psn = (u32)clc_rnd(r) & 0xffffff;
		if (in->version == SMC_V1) {
			if (in->flags & SMC_LLC_FLAG_ADD_LNK_REJ)
				a->rej_rsn = (u8)clc_below(r, 16);
			break;
		}
		if (!clc_below(r, 4))
			break;
		a->has_ext = true;
		a->v2_direct = clc_below(r, 2);
		clc_fill(r, a->client_target_gid,
			 sizeof(a->client_target_gid));
		a->num_rkeys = (u16)llc_rnd_count(r, SMC_LLC_RKEYS_MAX_V2);
		a->rt_cnt = clc_below(r, 4) ? a->num_rkeys :
			    (u16)clc_below(r, a->num_rkeys + 1U);
		a->rt = s->rt;
		break;
	}
	case SMC_LLC_ADD_LINK_CONT:
		in->add_link_cont.link_num = (u8)clc_rnd(r);
		in->add_link_cont.num_rkeys = (u8)llc_rnd_count(r, 255);
		in->add_link_cont.rt_cnt =
			(u8)llc_carried(in, in->add_link_cont.num_rkeys);
		in->add_link_cont.rt = s->rt;
		break;
	case SMC_LLC_DELETE_LINK:
		in->delete_link.link_num = (u8)clc_rnd(r);
		in->delete_link.reason = (u32)clc_rnd(r);
		break;
	case SMC_LLC_REQ_ADD_LINK:
		in->req_add_link.gid_cnt =
			(u8)clc_below(r, in->version == SMC_V1 ? 2 :
					 SMC_LLC_MAX_GIDS + 1);
		in->req_add_link.gid = (const void *)s->gid;
		break;
	case SMC_LLC_CONFIRM_RKEY:
		in->confirm_rkey.num_rkeys = (u8)llc_rnd_count(r, 255);
		in->confirm_rkey.rmb_key = (u32)clc_rnd(r);
		in->confirm_rkey.rmb_vaddr = clc_rnd(r);
		in->confirm_rkey.rtoken_cnt =
			llc_carried(in, in->confirm_rkey.num_rkeys);
		in->confirm_rkey.rtoken = s->rtoken;
		break;
	case SMC_LLC_CONFIRM_RKEY_CONT:
		in->confirm_rkey_cont.num_rkeys = (u8)llc_rnd_count(r, 255);
		in->confirm_rkey_cont.rtoken_cnt =
			(u8)llc_carried(in, in->confirm_rkey_cont.num_rkeys);
		in->confirm_rkey_cont.rtoken = s->rtoken;
		break;
	case SMC_LLC_TEST_LINK:
		clc_fill(r, in->test_link.user_data,
			 sizeof(in->test_link.user_data));
		break;
	case SMC_LLC_DELETE_RKEY: {
		struct smc_llc_delete_rkey_info *d = &in->delete_rkey;

		d->num_rkeys = (u8)llc_rnd_count(r, in->version == SMC_V1 ?
						 SMC_LLC_DEL_RKEY_MAX : 255);
		n = d->num_rkeys;
		if (in->flags & SMC_LLC_FLAG_RKEY_NEG) {
			if (in->version == SMC_V1)
				d->err_mask = (u8)clc_rnd(r) &
					      (u8)(0xff00 >> n);
			else
				d->err_mask = (u8)clc_below(r, n + 1U);
		}
		d->rkey_cnt = llc_carried(in, d->num_rkeys);
		d->rkey = s->rkey;
		break;
	}
	}
}

static inline void cdc_gen(struct clc_rng *r, struct smc_cdc_info *in)
{
	memset(in, 0, sizeof(*in));
	in->seqno = (u16)clc_rnd(r);
	in->token = (u32)clc_rnd(r);
	in->prod.wrap = (u16)clc_rnd(r);
	in->prod.count = (u32)clc_rnd(r);
	in->cons.wrap = (u16)clc_rnd(r);
	in->cons.count = (u32)clc_rnd(r);
	in->prod_flags = (u8)clc_rnd(r) & SMC_CDC_PF_MASK;
	in->conn_state_flags = (u8)clc_rnd(r) & SMC_CDC_CS_MASK;
}

/* ---- reference model of the cursor space ---------------------------------- */

/* positions modulo 2^16 * size, computed the plain way with division */
static inline u64 curs_ref_space(u32 size)
{
	return 65536ULL * size;
}

static inline u64 curs_ref_pos(u32 size, const struct smc_curs *c)
{
	return ((u64)c->wrap * size + c->count) % curs_ref_space(size);
}

static inline struct smc_curs curs_ref_at(u32 size, u64 pos)
{
	struct smc_curs c;

	pos %= curs_ref_space(size);
	c.wrap = (u16)(pos / size);
	c.count = (u32)(pos % size);
	return c;
}

static inline u64 curs_ref_fwd(u32 size, const struct smc_curs *old,
			       const struct smc_curs *new)
{
	u64 m = curs_ref_space(size);

	return (curs_ref_pos(size, new) + m - curs_ref_pos(size, old)) % m;
}

static inline bool curs_ref_ahead(u32 size, u64 fwd)
{
	return fwd <= curs_ref_space(size) / 2;
}

#endif /* LLC_UTIL_H */
