// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the CLC codec (net/smc/smc_clc_wire.c): real messages of
 * Linux 6.1/6.12 decode to the expected fields and re-encode to the same
 * bytes, malformed ones are refused without reading outside the buffer
 * (run under ASan/UBSan), encoders refuse what they cannot send.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "tinytest.h"
#include "clc_vectors.h"
#include "clc_util.h"

#define MAXMSG	SMC_CLC_MAX_MSG_LEN

union clc_info {
	struct smc_clc_decline_info d;
	struct smc_clc_proposal_info p;
	struct smc_clc_accept_info a;
};

static int decode_any(const void *buf, size_t len, u8 type,
		      union clc_info *info)
{
	switch (type) {
	case SMC_CLC_DECLINE:
		return smc_clc_decline_decode(buf, len, &info->d);
	case SMC_CLC_PROPOSAL:
		return smc_clc_proposal_decode(buf, len, &info->p);
	default:
		return smc_clc_accept_decode(buf, len, type, &info->a);
	}
}

static int encode_any(void *buf, size_t cap, u8 type,
		      const union clc_info *info)
{
	switch (type) {
	case SMC_CLC_DECLINE:
		return smc_clc_decline_encode(buf, cap, &info->d);
	case SMC_CLC_PROPOSAL:
		return smc_clc_proposal_encode(buf, cap, &info->p);
	default:
		return smc_clc_accept_encode(buf, cap, &info->a);
	}
}

static bool eq_any(u8 type, const union clc_info *a, const union clc_info *b)
{
	switch (type) {
	case SMC_CLC_DECLINE:
		return clc_decline_eq(&a->d, &b->d);
	case SMC_CLC_PROPOSAL:
		return clc_proposal_eq(&a->p, &b->p);
	default:
		return clc_accept_eq(&a->a, &b->a);
	}
}

static bool all_zero(const void *p, size_t n)
{
	const u8 *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

static size_t info_size(u8 type)
{
	switch (type) {
	case SMC_CLC_DECLINE:
		return sizeof(struct smc_clc_decline_info);
	case SMC_CLC_PROPOSAL:
		return sizeof(struct smc_clc_proposal_info);
	default:
		return sizeof(struct smc_clc_accept_info);
	}
}

/* a heap copy of exactly @len bytes, so that ASan sees any overread */
static u8 *dup_exact(const void *buf, size_t len)
{
	u8 *copy = malloc(len ? len : 1);

	if (!copy)
		abort();
	memcpy(copy, buf, len);
	return copy;
}

static int decode_exact(const void *buf, size_t len, u8 type,
			union clc_info *info)
{
	u8 *copy = dup_exact(buf, len);
	int rc = decode_any(copy, len, type, info);

	free(copy);
	return rc;
}

/* make @m (of @len bytes) self-consistent again: length field, trailer */
static size_t refit(u8 *m, size_t len)
{
	if (len >= SMC_CLC_HDR_LEN) {
		m[5] = (u8)(len >> 8);
		m[6] = (u8)len;
	}
	if (len >= SMC_CLC_HDR_LEN + SMC_CLC_TRL_LEN)
		memcpy(m + len - SMC_CLC_TRL_LEN, m, SMC_CLC_TRL_LEN);
	return len;
}

/* copy of vector @v with @n bytes inserted (zero) at @at, refitted */
static size_t with_insert(u8 *m, const u8 *v, size_t len, size_t at,
			  size_t n)
{
	memcpy(m, v, at);
	memset(m + at, 0, n);
	memcpy(m + at + n, v + at, len - at);
	return refit(m, len + n);
}

/* copy of vector @v without the @n bytes at @at, refitted */
static size_t with_cut(u8 *m, const u8 *v, size_t len, size_t at, size_t n)
{
	memcpy(m, v, at);
	memcpy(m + at, v + at + n, len - at - n);
	return refit(m, len - n);
}

static void put16(u8 *p, u16 v)
{
	p[0] = (u8)(v >> 8);
	p[1] = (u8)v;
}

static int decode_p(const u8 *m, size_t len, struct smc_clc_proposal_info *p)
{
	u8 *copy = dup_exact(m, len);
	int rc = smc_clc_proposal_decode(copy, len, p);

	free(copy);
	return rc;
}

static int decode_a(const u8 *m, size_t len, u8 type,
		    struct smc_clc_accept_info *a)
{
	u8 *copy = dup_exact(m, len);
	int rc = smc_clc_accept_decode(copy, len, type, a);

	free(copy);
	return rc;
}

static int decode_d(const u8 *m, size_t len, struct smc_clc_decline_info *d)
{
	u8 *copy = dup_exact(m, len);
	int rc = smc_clc_decline_decode(copy, len, d);

	free(copy);
	return rc;
}

/* ---- the Linux vectors -------------------------------------------------- */

TEST(vectors_hdr_check)
{
	size_t i;
	u8 t;

	for (i = 0; i < ARRAY_SIZE(clc_vectors); i++) {
		const struct clc_vector *v = &clc_vectors[i];
		u16 mlen = 0;
		int rc;

		rc = smc_clc_hdr_check(v->buf, v->type, &mlen);
		CHECK_AT(rc == 0 && mlen == v->len, "%s rc %d len %u",
			 v->name, rc, mlen);
		for (t = 0; t < 8; t++) {
			rc = smc_clc_hdr_check(v->buf, t, &mlen);
			if (v->type == SMC_CLC_DECLINE || t == v->type)
				CHECK_AT(rc == 0, "%s expecting %u", v->name, t);
			else
				CHECK_AT(rc == -EPROTO, "%s expecting %u",
					 v->name, t);
		}
	}
}

TEST(vectors_reencode_identical)
{
	u8 out[MAXMSG + 16];
	union clc_info a, b;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(clc_vectors); i++) {
		const struct clc_vector *v = &clc_vectors[i];
		int rc, n;

		rc = decode_exact(v->buf, v->len, v->type, &a);
		CHECK_AT(rc == 0, "%s: decode %d", v->name, rc);
		if (rc)
			continue;
		memset(out, 0x5a, sizeof(out));
		n = encode_any(out, sizeof(out), v->type, &a);
		CHECK_AT(n == (int)v->len, "%s: encoded %d", v->name, n);
		if (n != (int)v->len)
			continue;
		CHECK_AT(!memcmp(out, v->buf, v->len), "%s: bytes differ",
			 v->name);
		CHECK_AT(out[n] == 0x5a, "%s: wrote past the end", v->name);
		rc = decode_exact(out, n, v->type, &b);
		CHECK_AT(rc == 0 && eq_any(v->type, &a, &b), "%s", v->name);
	}
}

TEST(decline_v1_fields)
{
	struct smc_clc_decline_info d;
	static const u8 id[] = { SYSID_A };

	CHECK_EQ(decode_d(v_decline_v1, sizeof(v_decline_v1), &d), 0);
	CHECK_EQ(d.version, SMC_V1);
	CHECK(!d.sync_err);
	CHECK(!memcmp(d.sender_id, id, sizeof(id)));
	CHECK_EQ(d.diagnosis, 0x03030002);
	CHECK_EQ(d.os_type, 0);
	CHECK(all_zero(d.diagnosis_v2, sizeof(d.diagnosis_v2)));
}

TEST(decline_v2_fields)
{
	struct smc_clc_decline_info d;

	CHECK_EQ(decode_d(v_decline_v2_sync, sizeof(v_decline_v2_sync), &d),
		 0);
	CHECK_EQ(d.version, SMC_V2);
	CHECK(d.sync_err);
	CHECK_EQ(d.diagnosis, 0x04000000);
	CHECK_EQ(d.os_type, SMC_CLC_OS_LINUX);
}

static const u8 ueid1[SMC_CLC_EID_LEN] = { UEID1 };

static void check_lcl_a(const struct smc_clc_local_info *l)
{
	static const u8 id[] = { SYSID_A }, gid[] = { GID1_A };
	static const u8 mac[] = { MAC_A };

	CHECK(!memcmp(l->id_for_peer, id, sizeof(id)));
	CHECK(!memcmp(l->gid, gid, sizeof(gid)));
	CHECK(!memcmp(l->mac, mac, sizeof(mac)));
}

static void check_prefix4(const struct smc_clc_proposal_info *p)
{
	CHECK(p->has_prefix);
	CHECK_EQ(be32_to_cpu(p->ipv4_subnet), 0x0a010200);
	CHECK_EQ(p->ipv4_prefix_len, 24);
	CHECK_EQ(p->ipv6_prefix_cnt, 0);
}

static void check_v2_ext(const struct smc_clc_proposal_info *p, u8 release)
{
	static const u8 gid[] = { GID2_A };

	CHECK(p->has_v2_ext);
	CHECK_EQ(p->release, release);
	CHECK(!p->seid);
	CHECK(!memcmp(p->roce_gid, gid, sizeof(gid)));
	CHECK_EQ(p->max_conns, release ? 255 : 0);
	CHECK_EQ(p->max_links, release ? 2 : 0);
	CHECK_EQ(p->feature_mask, release ? 1 : 0);
	CHECK_EQ(p->eid_cnt, 1);
	CHECK(!memcmp(p->ueid[0], ueid1, sizeof(ueid1)));
}

TEST(proposal_v2_r_fields)
{
	struct smc_clc_proposal_info p;

	CHECK_EQ(decode_p(v_prop_v2_r, sizeof(v_prop_v2_r), &p), 0);
	CHECK_EQ(p.version, SMC_V2);
	CHECK_EQ(p.typev1, SMC_TYPE_R);
	CHECK_EQ(p.typev2, SMC_TYPE_R);
	check_lcl_a(&p.lcl);
	CHECK(p.has_smcd_area);
	CHECK_EQ(p.ism_gid, 0);
	check_prefix4(&p);
	check_v2_ext(&p, SMC_RELEASE_1);
	CHECK(!p.has_smcd_v2_ext);
	CHECK_EQ(p.ism_gid_cnt, 0);
}

TEST(proposal_v2_r_61_fields)
{
	struct smc_clc_proposal_info p;

	CHECK_EQ(decode_p(v_prop_v2_r_61, sizeof(v_prop_v2_r_61), &p), 0);
	CHECK_EQ(p.version, SMC_V2);
	check_prefix4(&p);
	check_v2_ext(&p, SMC_RELEASE_0);
}

TEST(proposal_v2_only_fields)
{
	struct smc_clc_proposal_info p;

	CHECK_EQ(decode_p(v_prop_v2_only, sizeof(v_prop_v2_only), &p), 0);
	CHECK_EQ(p.typev1, SMC_TYPE_N);
	CHECK_EQ(p.typev2, SMC_TYPE_R);
	CHECK(all_zero(&p.lcl, sizeof(p.lcl)));
	CHECK(p.has_smcd_area);
	CHECK(!p.has_prefix);
	check_v2_ext(&p, SMC_RELEASE_1);
}

TEST(proposal_v2_v1only_fields)
{
	struct smc_clc_proposal_info p;

	CHECK_EQ(decode_p(v_prop_v2_v1only, sizeof(v_prop_v2_v1only), &p), 0);
	CHECK_EQ(p.version, SMC_V2);
	CHECK_EQ(p.typev1, SMC_TYPE_R);
	CHECK_EQ(p.typev2, SMC_TYPE_N);
	check_prefix4(&p);
	CHECK(!p.has_v2_ext);
	CHECK(!p.has_smcd_v2_ext);
}

TEST(proposal_v2_b_loopback_fields)
{
	struct smc_clc_proposal_info p;

	CHECK_EQ(decode_p(v_prop_v2_b_lo, sizeof(v_prop_v2_b_lo), &p), 0);
	CHECK_EQ(p.typev1, SMC_TYPE_R);
	CHECK_EQ(p.typev2, SMC_TYPE_B);
	check_prefix4(&p);
	check_v2_ext(&p, SMC_RELEASE_1);
	CHECK(p.has_smcd_v2_ext);
	CHECK(all_zero(p.system_eid, sizeof(p.system_eid)));
	CHECK_EQ(p.ism_gid_cnt, 2);
	CHECK(p.ism_v2[0].gid == 0x1122334455667788ULL);
	CHECK_EQ(p.ism_v2[0].chid, 0xffff);
	CHECK(p.ism_v2[1].gid == 0x99aabbccddeeff01ULL);
	CHECK_EQ(p.ism_v2[1].chid, 0xffff);
}

TEST(proposal_v1_fields)
{
	struct smc_clc_proposal_info p;

	CHECK_EQ(decode_p(v_prop_v1, sizeof(v_prop_v1), &p), 0);
	CHECK_EQ(p.version, SMC_V1);
	CHECK_EQ(p.typev1, SMC_TYPE_R);
	/* what old v1 kernels leave there; not an offer */
	CHECK_EQ(p.typev2, 0);
	check_lcl_a(&p.lcl);
	CHECK(!p.has_smcd_area);
	check_prefix4(&p);
	CHECK(!p.has_v2_ext);
}

TEST(proposal_v1_ipv6_fields)
{
	struct smc_clc_proposal_info p;
	static const u8 pfx2[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x02 };

	CHECK_EQ(decode_p(v_prop_v1_v6, sizeof(v_prop_v1_v6), &p), 0);
	CHECK(p.has_prefix);
	CHECK_EQ(p.ipv4_prefix_len, 0);
	CHECK_EQ(p.ipv6_prefix_cnt, 2);
	CHECK(!memcmp(p.ipv6_prefix[1].prefix, pfx2, 16));
	CHECK_EQ(p.ipv6_prefix[0].prefix_len, 64);
	CHECK_EQ(p.ipv6_prefix[1].prefix_len, 64);
}

TEST(proposal_v1_both_fields)
{
	struct smc_clc_proposal_info p;

	CHECK_EQ(decode_p(v_prop_v1_b, sizeof(v_prop_v1_b), &p), 0);
	CHECK_EQ(p.typev1, SMC_TYPE_B);
	CHECK(p.has_smcd_area);
	CHECK(p.ism_gid == 0x12345678);
	CHECK_EQ(p.ism_chid, 0);
	check_prefix4(&p);
}

static void check_acc_r_body_b(const struct smc_clc_accept_info *a)
{
	static const u8 id[] = { SYSID_B }, mac[] = { MAC_B };

	CHECK(!memcmp(a->lcl.id_for_peer, id, sizeof(id)));
	CHECK(!memcmp(a->lcl.mac, mac, sizeof(mac)));
	CHECK_EQ(a->qpn, 0x12a);
	CHECK_EQ(a->rmb_rkey, 0x1234);
	CHECK_EQ(a->rmbe_idx, 1);
	CHECK_EQ(a->rmbe_alert_token, 5);
	CHECK_EQ(a->rmbe_size, 2);
	CHECK_EQ(a->qp_mtu, 3);
	CHECK(a->rmb_vaddr == 0x123456000ULL);
	CHECK_EQ(a->psn, 0xabcd);
}

TEST(accept_v1_r_fields)
{
	struct smc_clc_accept_info a;
	static const u8 gid[] = { GID1_B };

	CHECK_EQ(decode_a(v_acc_v1_r, sizeof(v_acc_v1_r), SMC_CLC_ACCEPT, &a),
		 0);
	CHECK_EQ(a.type, SMC_CLC_ACCEPT);
	CHECK_EQ(a.version, SMC_V1);
	CHECK_EQ(a.typev1, SMC_TYPE_R);
	CHECK(a.first_contact);
	check_acc_r_body_b(&a);
	CHECK(!memcmp(a.lcl.gid, gid, sizeof(gid)));
	CHECK(!a.has_fce);
	CHECK(all_zero(a.eid, sizeof(a.eid)));
}

TEST(confirm_v1_r_fields)
{
	struct smc_clc_accept_info a;

	CHECK_EQ(decode_a(v_conf_v1_r, sizeof(v_conf_v1_r), SMC_CLC_CONFIRM,
			  &a), 0);
	CHECK_EQ(a.type, SMC_CLC_CONFIRM);
	CHECK_EQ(a.qpn, 0x12b);
	CHECK_EQ(a.psn, 0x1234);
	CHECK(a.rmb_vaddr == 0x200000000ULL);
}

static void check_fce(const struct smc_clc_accept_info *a, u8 release,
		      const char *host)
{
	CHECK(a->has_fce);
	CHECK(a->has_fce_v21);
	CHECK(a->v2_direct);
	CHECK_EQ(a->os_type, SMC_CLC_OS_LINUX);
	CHECK_EQ(a->release, release);
	CHECK(!memcmp(a->hostname, host, 8) && a->hostname[8] == ' ' &&
	      a->hostname[31] == ' ');
	CHECK_EQ(a->max_conns, release ? 255 : 0);
	CHECK_EQ(a->max_links, release ? 2 : 0);
	CHECK_EQ(a->feature_mask, release ? 1 : 0);
	CHECK_EQ(a->vendor_exp_options, 0);
}

TEST(accept_v2_r_first_contact_fields)
{
	struct smc_clc_accept_info a;

	CHECK_EQ(decode_a(v_acc_v2_r_fc, sizeof(v_acc_v2_r_fc),
			  SMC_CLC_ACCEPT, &a), 0);
	CHECK_EQ(a.version, SMC_V2);
	CHECK(a.first_contact);
	check_acc_r_body_b(&a);
	CHECK(!memcmp(a.eid, ueid1, sizeof(ueid1)));
	check_fce(&a, SMC_RELEASE_1, "srv-host");
	CHECK_EQ(a.gid_cnt, 0);
}

TEST(confirm_v2_r_first_contact_fields)
{
	struct smc_clc_accept_info a;
	static const u8 g0[] = { GID2_A }, g1[] = { GID2_C };

	CHECK_EQ(decode_a(v_conf_v2_r_fc, sizeof(v_conf_v2_r_fc),
			  SMC_CLC_CONFIRM, &a), 0);
	check_fce(&a, SMC_RELEASE_1, "cli-host");
	CHECK_EQ(a.gid_cnt, 2);
	CHECK(!memcmp(a.gid[0], g0, 16));
	CHECK(!memcmp(a.gid[1], g1, 16));
}

TEST(accept_v2_r_first_contact_61_fields)
{
	struct smc_clc_accept_info a;

	CHECK_EQ(decode_a(v_acc_v2_r_fc_61, sizeof(v_acc_v2_r_fc_61),
			  SMC_CLC_ACCEPT, &a), 0);
	check_fce(&a, SMC_RELEASE_0, "srv-host");
	CHECK_EQ(decode_a(v_conf_v2_r_fc_61, sizeof(v_conf_v2_r_fc_61),
			  SMC_CLC_CONFIRM, &a), 0);
	check_fce(&a, SMC_RELEASE_0, "cli-host");
	CHECK_EQ(a.gid_cnt, 1);
}

TEST(confirm_v2_r_fields)
{
	struct smc_clc_accept_info a;

	CHECK_EQ(decode_a(v_conf_v2_r, sizeof(v_conf_v2_r), SMC_CLC_CONFIRM,
			  &a), 0);
	CHECK_EQ(a.version, SMC_V2);
	CHECK(!a.first_contact);
	CHECK(!a.has_fce);
	CHECK(!memcmp(a.eid, ueid1, sizeof(ueid1)));
}

TEST(accept_v1_d_fields)
{
	struct smc_clc_accept_info a;

	CHECK_EQ(decode_a(v_acc_v1_d, sizeof(v_acc_v1_d), SMC_CLC_ACCEPT, &a),
		 0);
	CHECK_EQ(a.typev1, SMC_TYPE_D);
	CHECK(a.first_contact);
	CHECK(a.d_gid == 0x12345678);
	CHECK(a.d_token == 0x1001);
	CHECK_EQ(a.d_dmbe_idx, 0);
	CHECK_EQ(a.d_dmbe_size, 1);
	CHECK_EQ(a.d_linkid, 0x00010200);
	CHECK_EQ(a.d_chid, 0);
	CHECK(all_zero(&a.lcl, sizeof(a.lcl)));
}

TEST(accept_v2_d_first_contact_fields)
{
	struct smc_clc_accept_info a;

	CHECK_EQ(decode_a(v_acc_v2_d_fc, sizeof(v_acc_v2_d_fc),
			  SMC_CLC_ACCEPT, &a), 0);
	CHECK_EQ(a.version, SMC_V2);
	CHECK(a.d_gid == 0x1122334455667788ULL);
	CHECK_EQ(a.d_chid, 0xffff);
	CHECK(a.d_gid_ext == 0x99aabbccddeeff01ULL);
	CHECK(!memcmp(a.eid, ueid1, sizeof(ueid1)));
	CHECK(a.has_fce && a.has_fce_v21);
	CHECK(!a.v2_direct);
	CHECK_EQ(a.release, SMC_RELEASE_1);
	CHECK_EQ(a.max_conns, 0);
	CHECK_EQ(a.feature_mask, 1);

	CHECK_EQ(decode_a(v_acc_v2_d_fc_61, sizeof(v_acc_v2_d_fc_61),
			  SMC_CLC_ACCEPT, &a), 0);
	CHECK_EQ(a.d_chid, 0x0123);
	CHECK(a.d_gid_ext == 0);
	CHECK(a.has_fce && !a.has_fce_v21);
	CHECK_EQ(a.release, SMC_RELEASE_0);
}

/* ---- generic mutations of the vectors ----------------------------------- */

TEST(vectors_truncated)
{
	u8 m[MAXMSG];
	union clc_info info;
	size_t i, l;

	for (i = 0; i < ARRAY_SIZE(clc_vectors); i++) {
		const struct clc_vector *v = &clc_vectors[i];

		for (l = 0; l < v->len; l++) {
			int rc = decode_exact(v->buf, l, v->type, &info);

			CHECK_AT(rc == -EPROTO, "%s cut to %zu", v->name, l);
			memcpy(m, v->buf, l);
			rc = decode_exact(m, refit(m, l), v->type, &info);
			CHECK_AT(rc == -EPROTO, "%s refitted to %zu",
				 v->name, l);
		}
	}
}

TEST(vectors_extended)
{
	u8 m[MAXMSG + 64];
	union clc_info info;
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(clc_vectors); i++) {
		const struct clc_vector *v = &clc_vectors[i];

		for (n = 1; n <= 64; n++) {
			int rc;

			memcpy(m, v->buf, v->len);
			memset(m + v->len, 0, n);
			/* more bytes than the length field says */
			rc = decode_exact(m, v->len + n, v->type, &info);
			CHECK_AT(rc == -EPROTO, "%s +%zu", v->name, n);
			rc = decode_exact(m, refit(m, v->len + n), v->type,
					  &info);
			CHECK_AT(rc == -EPROTO, "%s refitted +%zu", v->name, n);
		}
	}
}

TEST(vectors_length_field)
{
	static const int delta[] = { -4, -1, 1, 4, 16 };
	union clc_info info;
	u8 m[MAXMSG];
	size_t i, j;
	u16 mlen;

	for (i = 0; i < ARRAY_SIZE(clc_vectors); i++) {
		const struct clc_vector *v = &clc_vectors[i];

		memcpy(m, v->buf, v->len);
		for (j = 0; j < ARRAY_SIZE(delta); j++) {
			put16(m + 5, (u16)(v->len + delta[j]));
			CHECK_AT(decode_exact(m, v->len, v->type, &info) ==
				 -EPROTO, "%s %+d", v->name, delta[j]);
		}
		put16(m + 5, 0);
		CHECK(decode_exact(m, v->len, v->type, &info) == -EPROTO);
		CHECK(smc_clc_hdr_check(m, v->type, &mlen) == -EPROTO);
		put16(m + 5, 0xffff);
		CHECK(decode_exact(m, v->len, v->type, &info) == -EPROTO);
		CHECK(smc_clc_hdr_check(m, v->type, &mlen) == -EPROTO);
	}
}

TEST(vectors_eyecatchers)
{
	static const u8 bad[] = { 0x00, 0xff, 0x01, 0x40, 0xc4, 0xd9 };
	union clc_info a, b;
	u8 m[MAXMSG];
	size_t i, k, j;
	u16 mlen;

	for (i = 0; i < ARRAY_SIZE(clc_vectors); i++) {
		const struct clc_vector *v = &clc_vectors[i];
		size_t trl = v->len - SMC_CLC_TRL_LEN;

		CHECK(decode_exact(v->buf, v->len, v->type, &a) == 0);
		for (k = 0; k < 4; k++) {
			for (j = 0; j < ARRAY_SIZE(bad); j++) {
				/* "SMCR" and "SMCD" differ in the last byte */
				if (k == 3 && (bad[j] == 0xc4 || bad[j] == 0xd9))
					continue;
				memcpy(m, v->buf, v->len);
				m[k] = bad[j];
				CHECK_AT(smc_clc_hdr_check(m, v->type, &mlen) ==
					 -ENOMSG, "%s head %zu", v->name, k);
				CHECK_AT(decode_exact(m, v->len, v->type, &b) ==
					 -EPROTO, "%s head %zu", v->name, k);
				memcpy(m, v->buf, v->len);
				m[trl + k] = bad[j];
				CHECK_AT(decode_exact(m, v->len, v->type, &b) ==
					 -EPROTO, "%s trailer %zu", v->name, k);
			}
		}
		/* either eyecatcher in either place, like Linux */
		memcpy(m, v->buf, v->len);
		m[3] = m[3] == 0xd9 ? 0xc4 : 0xd9;
		CHECK_AT(decode_exact(m, v->len, v->type, &b) == 0 &&
			 eq_any(v->type, &a, &b), "%s head swapped", v->name);
		m[trl + 3] = m[trl + 3] == 0xd9 ? 0xc4 : 0xd9;
		CHECK_AT(decode_exact(m, v->len, v->type, &b) == 0 &&
			 eq_any(v->type, &a, &b), "%s both swapped", v->name);
	}
}

TEST(vectors_wrong_type)
{
	union clc_info info;
	u8 m[MAXMSG];
	size_t i;
	int t;

	for (i = 0; i < ARRAY_SIZE(clc_vectors); i++) {
		const struct clc_vector *v = &clc_vectors[i];

		memcpy(m, v->buf, v->len);
		for (t = 0; t < 256; t++) {
			if (t == v->type)
				continue;
			m[4] = (u8)t;
			CHECK_AT(decode_exact(m, v->len, v->type, &info) ==
				 -EPROTO, "%s type %d", v->name, t);
		}
		/* the decoder is told what it expects, not the header */
		if (v->type == SMC_CLC_ACCEPT || v->type == SMC_CLC_CONFIRM) {
			for (t = 0; t < 256; t++) {
				if (t == v->type)
					continue;
				CHECK_AT(smc_clc_accept_decode(v->buf, v->len,
							       (u8)t,
							       &info.a) ==
					 -EPROTO, "%s expected %d", v->name, t);
			}
		}
	}
}

TEST(vectors_versions)
{
	union clc_info a, b;
	u8 m[MAXMSG];
	size_t i;
	u16 mlen;
	u8 ver;

	for (i = 0; i < ARRAY_SIZE(clc_vectors); i++) {
		const struct clc_vector *v = &clc_vectors[i];

		CHECK(decode_exact(v->buf, v->len, v->type, &a) == 0);
		memcpy(m, v->buf, v->len);
		m[7] &= 0x0f;
		CHECK_AT(smc_clc_hdr_check(m, v->type, &mlen) == -EPROTO,
			 "%s v0", v->name);
		CHECK_AT(decode_exact(m, v->len, v->type, &b) == -EPROTO,
			 "%s v0", v->name);
		if ((v->buf[7] >> 4) != SMC_V2)
			continue;
		/* anything above 2 is read as 2 */
		for (ver = 3; ver < 16; ver++) {
			m[7] = (u8)((ver << 4) | (v->buf[7] & 0x0f));
			CHECK_AT(decode_exact(m, v->len, v->type, &b) == 0,
				 "%s v%u", v->name, ver);
			if (v->type == SMC_CLC_DECLINE)
				b.d.version = SMC_V2;
			else if (v->type == SMC_CLC_PROPOSAL)
				b.p.version = SMC_V2;
			CHECK_AT(eq_any(v->type, &a, &b), "%s v%u", v->name,
				 ver);
		}
	}
}

/*
 * Single byte changes anywhere: whatever the decoder says must be stable;
 * a message it accepts passes the header check with its length and its
 * canonical encoding decodes to the same and encodes to the same bytes.
 */
TEST(vectors_byte_mutations)
{
	u8 m[MAXMSG], e1[MAXMSG], e2[MAXMSG];
	union clc_info a, b;
	size_t i, pos, k;
	unsigned int accepted = 0;

	for (i = 0; i < ARRAY_SIZE(clc_vectors); i++) {
		const struct clc_vector *v = &clc_vectors[i];

		for (pos = 0; pos < v->len; pos++) {
			const u8 o = v->buf[pos];
			const u8 vals[] = { 0, 0xff, (u8)(o ^ 1),
					    (u8)(o ^ 0x80), (u8)(o + 1),
					    (u8)(o - 1), (u8)(o ^ 0x10),
					    (u8)(o ^ 0x08) };

			for (k = 0; k < ARRAY_SIZE(vals); k++) {
				u16 mlen = 0;
				int n1, n2;

				memcpy(m, v->buf, v->len);
				m[pos] = vals[k];
				if (decode_exact(m, v->len, v->type, &a))
					continue;
				accepted++;
				CHECK_AT(smc_clc_hdr_check(m, v->type, &mlen) ==
					 0 && mlen == v->len, "%s @%zu=%02x",
					 v->name, pos, vals[k]);
				n1 = encode_any(e1, sizeof(e1), v->type, &a);
				CHECK_AT(n1 > 0 && (size_t)n1 <= v->len,
					 "%s @%zu=%02x: %d", v->name, pos,
					 vals[k], n1);
				if (n1 <= 0)
					continue;
				CHECK_AT(decode_exact(e1, n1, v->type, &b) == 0 &&
					 eq_any(v->type, &a, &b),
					 "%s @%zu=%02x", v->name, pos, vals[k]);
				n2 = encode_any(e2, sizeof(e2), v->type, &b);
				CHECK_AT(n2 == n1 && !memcmp(e1, e2, n1),
					 "%s @%zu=%02x", v->name, pos, vals[k]);
			}
		}
	}
	/* reserved bytes, addresses, ... must still be accepted */
	CHECK(accepted > 1000);
}

/* ---- specific malformed messages ---------------------------------------- */

/* offsets inside the vectors used below */
#define P_IPAREA	38
#define P_V2OFF		50
#define P_PRFX		80
#define P_V2EXT		88	/* with IP area, no IPv6 prefix */
#define X_EIDCNT	0
#define X_GIDCNT	1
#define X_FLAG		3
#define X_SMCDOFF	6

static int prop_rc(const u8 *m, size_t len)
{
	struct smc_clc_proposal_info p;

	return decode_p(m, len, &p);
}

TEST(proposal_v2_extension_offsets)
{
	const size_t len = sizeof(v_prop_v2_r);
	u8 m[MAXMSG];
	size_t n;

	memcpy(m, v_prop_v2_r, len);
	CHECK_EQ(prop_rc(m, len), 0);
	/* v2 type without a v2 extension */
	put16(m + P_V2OFF, 0);
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	/* overlapping the IP area / the SMC-D area */
	put16(m + P_V2OFF, 35);
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	put16(m + P_V2OFF, 27);
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	/* one byte too far, into the UEID area and out of the message */
	put16(m + P_V2OFF, 37);
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	put16(m + P_V2OFF, 0xffff);
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	/* a gap before the extension: Linux's length sum refuses it too */
	n = with_insert(m, v_prop_v2_r, len, P_V2EXT, 1);
	put16(m + P_V2OFF, 37);
	CHECK_EQ(prop_rc(m, n), -EPROTO);
	/* a gap after the UEIDs */
	n = with_insert(m, v_prop_v2_r, len, len - 4, 4);
	CHECK_EQ(prop_rc(m, n), -EPROTO);
	/*
	 * Overlaps that keep the sizes adding up to the length, so only the
	 * placement check can see them: the v2 extension starting on the
	 * reserved bytes of the IP area (which then read as one UEID)...
	 */
	memcpy(m, v_prop_v2_r, len);
	put16(m + P_V2OFF, 33);
	m[P_PRFX + 5] = 1;
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	/* ... and the SMC-Dv2 extension starting inside the UEID */
	memcpy(m, v_prop_v2_b_lo, sizeof(v_prop_v2_b_lo));
	put16(m + P_V2EXT + X_SMCDOFF, 150 - (P_V2EXT + 8));
	CHECK_EQ(prop_rc(m, sizeof(v_prop_v2_b_lo)), -EPROTO);
}

TEST(proposal_v2_counts)
{
	const size_t len = sizeof(v_prop_v2_r);
	u8 m[MAXMSG];
	size_t n;

	/* eight UEIDs fit, nine do not even when the bytes are there */
	n = with_insert(m, v_prop_v2_r, len, len - 4, 7 * SMC_CLC_EID_LEN);
	m[P_V2EXT + X_EIDCNT] = 8;
	CHECK_EQ(prop_rc(m, n), 0);
	n = with_insert(m, v_prop_v2_r, len, len - 4, 8 * SMC_CLC_EID_LEN);
	m[P_V2EXT + X_EIDCNT] = 9;
	CHECK_EQ(prop_rc(m, n), -EPROTO);
	/* count and bytes disagree */
	memcpy(m, v_prop_v2_r, len);
	m[P_V2EXT + X_EIDCNT] = 2;
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	m[P_V2EXT + X_EIDCNT] = 0;
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	m[P_V2EXT + X_EIDCNT] = 255;
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	/* an ISM GID count without SMC-D in typev2 is not looked at */
	memcpy(m, v_prop_v2_r, len);
	m[P_V2EXT + X_GIDCNT] = 200;
	CHECK_EQ(prop_rc(m, len), 0);
	/* IPv4 prefix length beyond 32 */
	memcpy(m, v_prop_v2_r, len);
	m[P_PRFX + 4] = 33;
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	/* IPv6 prefixes announced but absent */
	memcpy(m, v_prop_v2_r, len);
	m[P_PRFX + 7] = 1;
	CHECK_EQ(prop_rc(m, len), -EPROTO);
}

TEST(proposal_ipv6_prefixes)
{
	const size_t len = sizeof(v_prop_v1_v6);
	const size_t cnt = 40 + 7, first = 40 + 8;
	u8 m[MAXMSG];
	size_t n, i;

	n = with_insert(m, v_prop_v1_v6, len, len - 4, 6 * 17);
	m[cnt] = 8;
	for (i = 2; i < 8; i++)
		m[first + i * 17 + 16] = 48;
	CHECK_EQ(prop_rc(m, n), 0);
	n = with_insert(m, v_prop_v1_v6, len, len - 4, 7 * 17);
	m[cnt] = 9;
	CHECK_EQ(prop_rc(m, n), -EPROTO);
	memcpy(m, v_prop_v1_v6, len);
	m[cnt] = 3;
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	m[cnt] = 1;
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	memcpy(m, v_prop_v1_v6, len);
	m[first + 17 + 16] = 129;
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	m[first + 17 + 16] = 128;
	CHECK_EQ(prop_rc(m, len), 0);
}

TEST(proposal_iparea_offset)
{
	struct smc_clc_proposal_info p, q;
	u8 m[MAXMSG], e[MAXMSG];
	size_t n;
	int len;

	/* beyond the SMC-D area: Linux finds no IP area there */
	memcpy(m, v_prop_v1_b, sizeof(v_prop_v1_b));
	put16(m + P_IPAREA, 41);
	CHECK_EQ(prop_rc(m, sizeof(v_prop_v1_b)), -EPROTO);
	n = with_insert(m, v_prop_v1_b, sizeof(v_prop_v1_b), P_PRFX, 1);
	put16(m + P_IPAREA, 41);
	CHECK_EQ(prop_rc(m, n), -EPROTO);
	/* v1: SMC-D area announced but the bytes are the IP area */
	memcpy(m, v_prop_v1, sizeof(v_prop_v1));
	put16(m + P_IPAREA, 40);
	CHECK_EQ(prop_rc(m, sizeof(v_prop_v1)), -EPROTO);
	/*
	 * v1 with something unknown in front of the IP area: skipped, no
	 * SMC-D area; the canonical form drops it.
	 */
	n = with_insert(m, v_prop_v1, sizeof(v_prop_v1), 40, 20);
	put16(m + P_IPAREA, 20);
	CHECK_EQ(decode_p(m, n, &p), 0);
	CHECK(!p.has_smcd_area);
	check_prefix4(&p);
	len = smc_clc_proposal_encode(e, sizeof(e), &p);
	CHECK_EQ(len, sizeof(v_prop_v1));
	CHECK(!memcmp(e, v_prop_v1, sizeof(v_prop_v1)));
	CHECK_EQ(decode_p(e, len, &q), 0);
	CHECK(clc_proposal_eq(&p, &q));
	/* v1 SMC-D offered without SMC-D area: for the caller to decline */
	n = with_cut(m, v_prop_v1_b, sizeof(v_prop_v1_b), 40, 40);
	put16(m + P_IPAREA, 0);
	CHECK_EQ(decode_p(m, n, &p), 0);
	CHECK_EQ(p.typev1, SMC_TYPE_B);
	CHECK(!p.has_smcd_area);
	/* v2: an IP area anywhere but behind the SMC-D area overlaps it */
	memcpy(m, v_prop_v2_r, sizeof(v_prop_v2_r));
	put16(m + P_IPAREA, 0);
	CHECK_EQ(prop_rc(m, sizeof(v_prop_v2_r)), -EPROTO);
	put16(m + P_IPAREA, 39);
	CHECK_EQ(prop_rc(m, sizeof(v_prop_v2_r)), -EPROTO);
	/* v2 without IP area: the offset means nothing, Linux bounds it */
	memcpy(m, v_prop_v2_only, sizeof(v_prop_v2_only));
	put16(m + P_IPAREA, 40);
	CHECK_EQ(prop_rc(m, sizeof(v_prop_v2_only)), 0);
	put16(m + P_IPAREA, 41);
	CHECK_EQ(prop_rc(m, sizeof(v_prop_v2_only)), -EPROTO);
}

TEST(proposal_types)
{
	u8 m[MAXMSG];
	struct smc_clc_proposal_info p;

	/* v1 offering nothing */
	memcpy(m, v_prop_v1, sizeof(v_prop_v1));
	m[7] = 0x12;
	CHECK_EQ(prop_rc(m, sizeof(v_prop_v1)), -EPROTO);
	/* v1 with v2 bits set: kept, not an offer */
	m[7] = 0x1c;
	CHECK_EQ(decode_p(m, sizeof(v_prop_v1), &p), 0);
	CHECK_EQ(p.typev2, SMC_TYPE_B);
	CHECK(!p.has_v2_ext);
	/* v2 offering nothing */
	memcpy(m, v_prop_v2_v1only, sizeof(v_prop_v2_v1only));
	m[7] = 0x2a;
	CHECK_EQ(prop_rc(m, sizeof(v_prop_v2_v1only)), -EPROTO);
	/* v2 offer without its extension */
	m[7] = 0x20;
	CHECK_EQ(prop_rc(m, sizeof(v_prop_v2_v1only)), -EPROTO);
	/* v1 type offered without IP area */
	memcpy(m, v_prop_v2_only, sizeof(v_prop_v2_only));
	m[7] = 0x20;
	CHECK_EQ(prop_rc(m, sizeof(v_prop_v2_only)), -EPROTO);
	/* SMC-Dv2 offered without SMC-Dv2 extension */
	memcpy(m, v_prop_v2_r, sizeof(v_prop_v2_r));
	m[7] = 0x24;
	CHECK_EQ(prop_rc(m, sizeof(v_prop_v2_r)), -EPROTO);
	/* SMC-Dv2 extension present but SMC-D not offered */
	memcpy(m, v_prop_v2_b_lo, sizeof(v_prop_v2_b_lo));
	m[7] = 0x20;
	CHECK_EQ(prop_rc(m, sizeof(v_prop_v2_b_lo)), -EPROTO);
	/* no v2 offer: a stray extension offset is ignored, as in Linux */
	memcpy(m, v_prop_v2_v1only, sizeof(v_prop_v2_v1only));
	put16(m + P_V2OFF, 0x1234);
	CHECK_EQ(decode_p(m, sizeof(v_prop_v2_v1only), &p), 0);
	CHECK(!p.has_v2_ext);
}

TEST(proposal_smcd_v2_extension)
{
	const size_t len = sizeof(v_prop_v2_b_lo);
	const size_t x = P_V2EXT;
	u8 m[MAXMSG], t[MAXMSG];
	size_t n;

	memcpy(m, v_prop_v2_b_lo, len);
	CHECK_EQ(prop_rc(m, len), 0);
	/* overlapping the v2 extension or its UEIDs */
	put16(m + x + X_SMCDOFF, 0);
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	put16(m + x + X_SMCDOFF, 0x3f);
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	put16(m + x + X_SMCDOFF, 0x41);
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	put16(m + x + X_SMCDOFF, 0xffff);
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	/* GID/CHID count */
	memcpy(m, v_prop_v2_b_lo, len);
	m[x + X_GIDCNT] = 3;
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	m[x + X_GIDCNT] = 1;
	CHECK_EQ(prop_rc(m, len), -EPROTO);
	n = with_insert(m, v_prop_v2_b_lo, len, len - 4, 6 * 10);
	m[x + X_GIDCNT] = 8;
	CHECK_EQ(prop_rc(m, n), 0);
	n = with_insert(m, v_prop_v2_b_lo, len, len - 4, 7 * 10);
	m[x + X_GIDCNT] = 9;
	CHECK_EQ(prop_rc(m, n), -EPROTO);
	/* no GID/CHID entry at all is fine, a shortened extension is not */
	n = with_cut(t, v_prop_v2_b_lo, len, len - 24, 20);
	t[x + X_GIDCNT] = 0;
	CHECK_EQ(prop_rc(t, n), 0);
	n = with_cut(m, t, n, n - 5, 1);
	CHECK_EQ(prop_rc(m, n), -EPROTO);
}

TEST(proposal_release_and_flags)
{
	struct smc_clc_proposal_info p;
	u8 m[MAXMSG];

	/* release 0: the v2.1 bytes are reserved and not reported */
	memcpy(m, v_prop_v2_r, sizeof(v_prop_v2_r));
	m[P_V2EXT + X_FLAG] = 0x01;
	CHECK_EQ(decode_p(m, sizeof(v_prop_v2_r), &p), 0);
	CHECK_EQ(p.release, 0);
	CHECK(p.seid);
	CHECK_EQ(p.max_conns, 0);
	CHECK_EQ(p.feature_mask, 0);
	/* future releases pass through for the caller to cap */
	m[P_V2EXT + X_FLAG] = 0xf0;
	CHECK_EQ(decode_p(m, sizeof(v_prop_v2_r), &p), 0);
	CHECK_EQ(p.release, 15);
	CHECK_EQ(p.max_conns, 255);
}

static int acc_rc(const u8 *m, size_t len, u8 type)
{
	struct smc_clc_accept_info a;

	return decode_a(m, len, type, &a);
}

TEST(accept_types_and_lengths)
{
	u8 m[MAXMSG];
	size_t n;

	/* neither SMC-R nor SMC-D, or both */
	memcpy(m, v_acc_v1_r, sizeof(v_acc_v1_r));
	m[7] = 0x1a;
	CHECK_EQ(acc_rc(m, sizeof(v_acc_v1_r), SMC_CLC_ACCEPT), -EPROTO);
	m[7] = 0x1b;
	CHECK_EQ(acc_rc(m, sizeof(v_acc_v1_r), SMC_CLC_ACCEPT), -EPROTO);
	/* SMC-R v1 length with SMC-D type and the other way round */
	m[7] = 0x19;
	CHECK_EQ(acc_rc(m, sizeof(v_acc_v1_r), SMC_CLC_ACCEPT), -EPROTO);
	memcpy(m, v_acc_v1_d, sizeof(v_acc_v1_d));
	m[7] = 0x18;
	CHECK_EQ(acc_rc(m, sizeof(v_acc_v1_d), SMC_CLC_ACCEPT), -EPROTO);
	/* v1 message flagged v2 */
	memcpy(m, v_acc_v1_r, sizeof(v_acc_v1_r));
	m[7] = 0x28;
	CHECK_EQ(acc_rc(m, sizeof(v_acc_v1_r), SMC_CLC_ACCEPT), -EPROTO);
	/* v2 message flagged v1 */
	memcpy(m, v_conf_v2_r, sizeof(v_conf_v2_r));
	m[7] = 0x10;
	CHECK_EQ(acc_rc(m, sizeof(v_conf_v2_r), SMC_CLC_CONFIRM), -EPROTO);
	/* first contact without its extension, and the other way round */
	m[7] = 0x28;
	CHECK_EQ(acc_rc(m, sizeof(v_conf_v2_r), SMC_CLC_CONFIRM), -EPROTO);
	memcpy(m, v_acc_v2_r_fc, sizeof(v_acc_v2_r_fc));
	m[7] = 0x20;
	CHECK_EQ(acc_rc(m, sizeof(v_acc_v2_r_fc), SMC_CLC_ACCEPT), -EPROTO);
	/* SMC-R first contact with the 36 byte extension only */
	n = with_cut(m, v_acc_v2_r_fc, sizeof(v_acc_v2_r_fc), 104 + 36, 16);
	CHECK_EQ(acc_rc(m, n, SMC_CLC_ACCEPT), -EPROTO);
	/* an accept is not a confirm: no GID list */
	memcpy(m, v_acc_v2_r_fc, sizeof(v_acc_v2_r_fc));
	m[4] = SMC_CLC_CONFIRM;
	CHECK_EQ(acc_rc(m, sizeof(v_acc_v2_r_fc), SMC_CLC_CONFIRM), -EPROTO);
	n = with_insert(m, v_acc_v2_r_fc, sizeof(v_acc_v2_r_fc), 156, 4);
	CHECK_EQ(acc_rc(m, n, SMC_CLC_ACCEPT), -EPROTO);
	m[4] = SMC_CLC_CONFIRM;
	CHECK_EQ(acc_rc(m, n, SMC_CLC_CONFIRM), 0);
	/* SMC-D: the release decides the extension size */
	memcpy(m, v_acc_v2_d_fc, sizeof(v_acc_v2_d_fc));
	m[74 + 1] = 0x20;
	CHECK_EQ(acc_rc(m, sizeof(v_acc_v2_d_fc), SMC_CLC_ACCEPT), -EPROTO);
	memcpy(m, v_acc_v2_d_fc_61, sizeof(v_acc_v2_d_fc_61));
	m[74 + 1] = 0x21;
	CHECK_EQ(acc_rc(m, sizeof(v_acc_v2_d_fc_61), SMC_CLC_ACCEPT), -EPROTO);
	m[74 + 1] = 0x2f;
	CHECK_EQ(acc_rc(m, sizeof(v_acc_v2_d_fc_61), SMC_CLC_ACCEPT), -EPROTO);
	/* SMC-D never carries a GID list */
	n = with_insert(m, v_acc_v2_d_fc, sizeof(v_acc_v2_d_fc), 126, 4);
	m[4] = SMC_CLC_CONFIRM;
	CHECK_EQ(acc_rc(m, n, SMC_CLC_CONFIRM), -EPROTO);
}

TEST(confirm_gid_list)
{
	const size_t len = sizeof(v_conf_v2_r_fc);
	const size_t cnt = 104 + 52;
	u8 m[MAXMSG];
	size_t n;

	memcpy(m, v_conf_v2_r_fc, len);
	m[cnt] = 3;
	CHECK_EQ(acc_rc(m, len, SMC_CLC_CONFIRM), -EPROTO);
	m[cnt] = 1;
	CHECK_EQ(acc_rc(m, len, SMC_CLC_CONFIRM), -EPROTO);
	m[cnt] = 0xff;
	CHECK_EQ(acc_rc(m, len, SMC_CLC_CONFIRM), -EPROTO);
	n = with_insert(m, v_conf_v2_r_fc, len, len - 4, 6 * 16);
	m[cnt] = 8;
	CHECK_EQ(acc_rc(m, n, SMC_CLC_CONFIRM), 0);
	n = with_insert(m, v_conf_v2_r_fc, len, len - 4, 7 * 16);
	m[cnt] = 9;
	CHECK_EQ(acc_rc(m, n, SMC_CLC_CONFIRM), -EPROTO);
	/* empty list */
	n = with_cut(m, v_conf_v2_r_fc, len, cnt + 4, 32);
	m[cnt] = 0;
	CHECK_EQ(acc_rc(m, n, SMC_CLC_CONFIRM), 0);
	/* reserved bytes of the list header are ignored */
	memcpy(m, v_conf_v2_r_fc, len);
	m[cnt + 1] = 0xff;
	CHECK_EQ(acc_rc(m, len, SMC_CLC_CONFIRM), 0);
}

TEST(accept_eyecatcher_variants)
{
	struct smc_clc_accept_info a;
	u8 m[MAXMSG];

	/* SMC-D with "SMCR" eyecatchers: Linux takes either */
	memcpy(m, v_acc_v1_d, sizeof(v_acc_v1_d));
	m[3] = 0xd9;
	m[sizeof(v_acc_v1_d) - 1] = 0xd9;
	CHECK_EQ(decode_a(m, sizeof(v_acc_v1_d), SMC_CLC_ACCEPT, &a), 0);
	CHECK_EQ(a.typev1, SMC_TYPE_D);
}

TEST(decline_malformed)
{
	struct smc_clc_decline_info d;
	u8 m[MAXMSG];
	size_t n;

	/* lengths belong to the version */
	n = with_insert(m, v_decline_v1, 28, 24, 16);
	CHECK_EQ(decode_d(m, n, &d), -EPROTO);
	n = with_cut(m, v_decline_v2_sync, 44, 24, 16);
	CHECK_EQ(decode_d(m, n, &d), -EPROTO);
	/* v1 with v2 length and v2 with v1 length, refitted */
	memcpy(m, v_decline_v2_sync, 44);
	m[7] = 0x18;
	CHECK_EQ(decode_d(m, 44, &d), -EPROTO);
	/* reserved nibble and bytes ignored; v1 has no OS type */
	memcpy(m, v_decline_v1, 28);
	m[24 - 4] = 0x3f;
	m[24 - 1] = 0xff;
	CHECK_EQ(decode_d(m, 28, &d), 0);
	CHECK_EQ(d.os_type, 0);
	memcpy(m, v_decline_v2_sync, 44);
	m[20] = 0x2f;
	m[7] = 0x2f;
	CHECK_EQ(decode_d(m, 44, &d), 0);
	CHECK_EQ(d.os_type, SMC_CLC_OS_LINUX);
	CHECK(d.sync_err);
	m[7] = 0x24;
	CHECK_EQ(decode_d(m, 44, &d), 0);
	CHECK(!d.sync_err);
}

TEST(failed_decode_leaves_zeros)
{
	union clc_info info;
	u8 m[MAXMSG];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(clc_vectors); i++) {
		const struct clc_vector *v = &clc_vectors[i];
		size_t l;

		/* fail late: everything up to the last byte was fine */
		for (l = v->len; l > SMC_CLC_HDR_LEN; l--) {
			memcpy(m, v->buf, v->len);
			m[l - 1] ^= 0x5a;
			memset(&info, 0xee, sizeof(info));
			if (decode_exact(m, v->len, v->type, &info))
				CHECK_AT(all_zero(&info, info_size(v->type)),
					 "%s @%zu", v->name, l - 1);
		}
	}
}

/* ---- header check ------------------------------------------------------- */

struct hdr_case {
	u8 type, verbits;
	unsigned int lo, hi;	/* lo > hi: never valid */
};

static const struct hdr_case hdr_cases[] = {
	{ SMC_CLC_DECLINE, 0x10, 28, 28 },
	{ SMC_CLC_DECLINE, 0x18, 28, 28 },
	{ SMC_CLC_DECLINE, 0x20, 44, 44 },
	{ SMC_CLC_DECLINE, 0xf3, 44, 44 },
	{ SMC_CLC_DECLINE, 0x00, 1, 0 },
	{ SMC_CLC_PROPOSAL, 0x10, 52, 228 },
	{ SMC_CLC_PROPOSAL, 0x13, 52, 228 },
	{ SMC_CLC_PROPOSAL, 0x1e, 1, 0 },
	{ SMC_CLC_PROPOSAL, 0x20, 132, 524 },
	{ SMC_CLC_PROPOSAL, 0x28, 92, 228 },
	{ SMC_CLC_PROPOSAL, 0x22, 124, 380 },
	{ SMC_CLC_PROPOSAL, 0x2e, 172, 508 },
	{ SMC_CLC_PROPOSAL, 0x2f, 180, 652 },
	{ SMC_CLC_PROPOSAL, 0x3f, 180, 652 },
	{ SMC_CLC_PROPOSAL, 0x2a, 1, 0 },
	{ SMC_CLC_PROPOSAL, 0x0f, 1, 0 },
	{ SMC_CLC_ACCEPT, 0x10, 68, 68 },
	{ SMC_CLC_ACCEPT, 0x1c, 68, 68 },
	{ SMC_CLC_ACCEPT, 0x11, 48, 48 },
	{ SMC_CLC_ACCEPT, 0x12, 1, 0 },
	{ SMC_CLC_ACCEPT, 0x13, 1, 0 },
	{ SMC_CLC_ACCEPT, 0x20, 108, 108 },
	{ SMC_CLC_ACCEPT, 0x24, 108, 108 },
	{ SMC_CLC_ACCEPT, 0x28, 160, 160 },
	{ SMC_CLC_ACCEPT, 0x21, 78, 78 },
	{ SMC_CLC_ACCEPT, 0x29, 114, 130 },
	{ SMC_CLC_CONFIRM, 0x28, 164, 292 },
	{ SMC_CLC_CONFIRM, 0x38, 164, 292 },
	{ SMC_CLC_CONFIRM, 0x29, 114, 130 },
	{ SMC_CLC_CONFIRM, 0x20, 108, 108 },
	{ SMC_CLC_CONFIRM, 0x0c, 1, 0 },
};

TEST(hdr_check_length_bounds)
{
	u8 h[8] = { EC_R };
	size_t i;
	u32 len;

	for (i = 0; i < ARRAY_SIZE(hdr_cases); i++) {
		const struct hdr_case *c = &hdr_cases[i];

		h[4] = c->type;
		h[7] = c->verbits;
		for (len = 0; len <= 0xffff; len++) {
			bool want = len >= c->lo && len <= c->hi;
			u16 mlen = 0;
			int rc;

			put16(h + 5, (u16)len);
			rc = smc_clc_hdr_check(h, c->type, &mlen);
			CHECK_AT(want ? rc == 0 && mlen == len : rc == -EPROTO,
				 "type %u verbits %02x len %u: %d", c->type,
				 c->verbits, len, rc);
		}
	}
}

TEST(hdr_check_sweep)
{
	u8 h[8] = { EC_D };
	unsigned int accepted = 0;
	u32 type, vb, len, exp;

	for (exp = 0; exp < 6; exp++)
		for (type = 0; type < 8; type++)
			for (vb = 0; vb < 256; vb++)
				for (len = 0; len < 1100; len++) {
					u16 mlen = 0xdead;
					int rc;

					h[4] = (u8)type;
					h[7] = (u8)vb;
					put16(h + 5, (u16)len);
					rc = smc_clc_hdr_check(h, (u8)exp, &mlen);
					CHECK_AT(rc == 0 || rc == -EPROTO,
						 "%u %02x %u", type, vb, len);
					if (rc) {
						CHECK(mlen == 0xdead);
						continue;
					}
					accepted++;
					CHECK_AT((type == exp ||
						  type == SMC_CLC_DECLINE) &&
						 (vb >> 4) >= 1 &&
						 mlen == len && len >= 28 &&
						 len <= 652,
						 "%u %02x %u", type, vb, len);
				}
	CHECK(accepted > 10000);
}

TEST(hdr_check_not_clc)
{
	/* plain TCP payloads a fallback peer may send first */
	static const u8 starts[][8] = {
		{ 'G', 'E', 'T', ' ', '/', ' ', 'H', 'T' },
		{ 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x00 },
		{ 'S', 'S', 'H', '-', '2', '.', '0', '-' },
		{ 'S', 'M', 'C', 'R', 0x01, 0x00, 0x34, 0x10 },
		{ 0xe2, 0xd4, 0xc3, 0x00, 0x01, 0x00, 0x34, 0x10 },
	};
	u8 h[8] = { 0 };
	size_t i;
	u16 mlen;

	for (i = 0; i < ARRAY_SIZE(starts); i++) {
		memcpy(h, starts[i], sizeof(h));
		CHECK_AT(smc_clc_hdr_check(h, SMC_CLC_PROPOSAL, &mlen) ==
			 -ENOMSG, "%zu", i);
	}
	memset(h, 0, sizeof(h));
	CHECK_EQ(smc_clc_hdr_check(h, SMC_CLC_ACCEPT, &mlen), -ENOMSG);
}

/* ---- encoders ----------------------------------------------------------- */

static void gen_any(struct clc_rng *r, u8 type, union clc_info *in)
{
	if (type == SMC_CLC_DECLINE)
		clc_gen_decline(r, &in->d);
	else if (type == SMC_CLC_PROPOSAL)
		clc_gen_proposal(r, &in->p);
	else
		clc_gen_accept(r, &in->a);
}

static u8 type_of(const u8 *msg)
{
	return msg[4];
}

TEST(random_roundtrip)
{
	static const u8 types[] = { SMC_CLC_DECLINE, SMC_CLC_PROPOSAL,
				    SMC_CLC_ACCEPT };
	struct clc_rng r = { 0x1234567887654321ULL };
	u8 e1[MAXMSG], e2[MAXMSG];
	union clc_info a, b;
	size_t t;
	int i;

	for (t = 0; t < ARRAY_SIZE(types); t++) {
		for (i = 0; i < 30000; i++) {
			u16 mlen = 0;
			int n1, n2, rc;
			u8 mt;

			gen_any(&r, types[t], &a);
			n1 = encode_any(e1, sizeof(e1), types[t], &a);
			CHECK_AT(n1 > 0, "type %u #%d: %d", types[t], i, n1);
			if (n1 <= 0)
				continue;
			mt = type_of(e1);
			rc = smc_clc_hdr_check(e1, mt, &mlen);
			CHECK_AT(rc == 0 && mlen == n1, "type %u #%d", mt, i);
			rc = decode_exact(e1, n1, mt, &b);
			CHECK_AT(rc == 0, "type %u #%d", mt, i);
			if (rc)
				continue;
			CHECK_AT(eq_any(mt, &a, &b), "type %u #%d", mt, i);
			n2 = encode_any(e2, sizeof(e2), mt, &b);
			CHECK_AT(n2 == n1 && !memcmp(e1, e2, n1), "type %u #%d",
				 mt, i);
		}
	}
}

TEST(encode_short_buffer)
{
	static const u8 types[] = { SMC_CLC_DECLINE, SMC_CLC_PROPOSAL,
				    SMC_CLC_ACCEPT };
	struct clc_rng r = { 42 };
	u8 full[MAXMSG + 8];
	union clc_info in;
	size_t t, cap;
	int i;

	for (t = 0; t < ARRAY_SIZE(types); t++) {
		for (i = 0; i < 200; i++) {
			int n;

			gen_any(&r, types[t], &in);
			memset(full, 0xa5, sizeof(full));
			n = encode_any(full, sizeof(full), types[t], &in);
			CHECK(n > 0 && full[n] == 0xa5);
			for (cap = 0; n > 0 && cap <= (size_t)n; cap++) {
				/* exactly cap bytes: ASan sees any overflow */
				u8 *b = malloc(cap ? cap : 1);
				int rc;

				if (!b)
					abort();
				rc = encode_any(b, cap, types[t], &in);
				CHECK_AT(cap < (size_t)n ? rc == -EMSGSIZE :
					 rc == n && !memcmp(b, full, n),
					 "type %u cap %zu: %d", types[t], cap,
					 rc);
				free(b);
			}
		}
	}
}

static int enc_p(const struct smc_clc_proposal_info *p)
{
	u8 b[MAXMSG];

	return smc_clc_proposal_encode(b, sizeof(b), p);
}

static int enc_a(const struct smc_clc_accept_info *a)
{
	u8 b[MAXMSG];

	return smc_clc_accept_encode(b, sizeof(b), a);
}

static int enc_d(const struct smc_clc_decline_info *d)
{
	u8 b[MAXMSG];

	return smc_clc_decline_encode(b, sizeof(b), d);
}

TEST(encode_invalid_decline)
{
	struct smc_clc_decline_info d = { .version = SMC_V2 };

	CHECK_EQ(enc_d(&d), 44);
	d.version = 0;
	CHECK_EQ(enc_d(&d), -EINVAL);
	d.version = 16;
	CHECK_EQ(enc_d(&d), -EINVAL);
	d.version = SMC_V2;
	d.os_type = 16;
	CHECK_EQ(enc_d(&d), -EINVAL);
	/* v1 has no OS type on the wire */
	d.version = SMC_V1;
	d.os_type = SMC_CLC_OS_LINUX;
	CHECK_EQ(enc_d(&d), 28);
}

TEST(encode_invalid_proposal)
{
	struct smc_clc_proposal_info p, base;

	CHECK_EQ(decode_p(v_prop_v2_b_lo, sizeof(v_prop_v2_b_lo), &base), 0);
	CHECK_EQ(enc_p(&base), sizeof(v_prop_v2_b_lo));
#define BAD(stmt) do { p = base; stmt; CHECK_EQ(enc_p(&p), -EINVAL); } while (0)
	BAD(p.version = 0);
	BAD(p.version = 16);
	BAD(p.typev1 = 4);
	BAD(p.typev2 = 7);
	BAD(p.typev1 = SMC_TYPE_N; p.typev2 = SMC_TYPE_N;
	    p.has_prefix = false; p.has_v2_ext = false;
	    p.has_smcd_v2_ext = false; p.eid_cnt = 0; p.ism_gid_cnt = 0);
	BAD(p.has_smcd_area = false);
	BAD(p.has_prefix = false);
	BAD(p.has_v2_ext = false);
	BAD(p.has_smcd_v2_ext = false);
	BAD(p.typev1 = SMC_TYPE_N);
	BAD(p.typev2 = SMC_TYPE_R);
	BAD(p.ipv6_prefix_cnt = SMC_CLC_MAX_V6_PREFIX + 1);
	BAD(p.ipv4_prefix_len = 33);
	BAD(p.ipv6_prefix_cnt = 1; p.ipv6_prefix[0].prefix_len = 129);
	BAD(p.eid_cnt = SMC_CLC_MAX_UEID + 1);
	BAD(p.ism_gid_cnt = SMC_CLC_MAX_ISM_GIDS + 1);
	BAD(p.release = 16);
	BAD(p.release = 0);	/* with v2.1 values set */
	/* v1 has neither extension and always an IP area */
	BAD(p.version = SMC_V1);
	BAD(p.version = SMC_V1; p.has_v2_ext = false;
	    p.has_smcd_v2_ext = false; p.eid_cnt = 0; p.ism_gid_cnt = 0;
	    p.has_prefix = false);
	BAD(p.version = SMC_V1; p.has_v2_ext = false;
	    p.has_smcd_v2_ext = false; p.eid_cnt = 0; p.ism_gid_cnt = 0;
	    p.typev1 = SMC_TYPE_N);
#undef BAD
	/* counts of parts that are not there */
	CHECK_EQ(decode_p(v_prop_v2_v1only, sizeof(v_prop_v2_v1only), &base),
		 0);
	p = base;
	p.eid_cnt = 1;
	CHECK_EQ(enc_p(&p), -EINVAL);
	p = base;
	p.ism_gid_cnt = 1;
	CHECK_EQ(enc_p(&p), -EINVAL);
	CHECK_EQ(decode_p(v_prop_v2_only, sizeof(v_prop_v2_only), &base), 0);
	p = base;
	p.ipv6_prefix_cnt = 1;
	CHECK_EQ(enc_p(&p), -EINVAL);
	/* a valid v1 from a v2 one */
	p = base;
	p.version = SMC_V1;
	p.typev1 = SMC_TYPE_R;
	p.has_prefix = true;
	p.has_smcd_area = false;
	p.has_v2_ext = false;
	p.eid_cnt = 0;
	CHECK_EQ(enc_p(&p), 52);
}

TEST(encode_invalid_accept)
{
	struct smc_clc_accept_info a, r, d;

	CHECK_EQ(decode_a(v_conf_v2_r_fc, sizeof(v_conf_v2_r_fc),
			  SMC_CLC_CONFIRM, &r), 0);
	CHECK_EQ(decode_a(v_acc_v2_d_fc_61, sizeof(v_acc_v2_d_fc_61),
			  SMC_CLC_ACCEPT, &d), 0);
	CHECK_EQ(enc_a(&r), sizeof(v_conf_v2_r_fc));
	CHECK_EQ(enc_a(&d), sizeof(v_acc_v2_d_fc_61));
#define BAD(base, stmt) \
	do { a = base; stmt; CHECK_EQ(enc_a(&a), -EINVAL); } while (0)
	BAD(r, a.type = SMC_CLC_PROPOSAL);
	BAD(r, a.type = SMC_CLC_DECLINE);
	BAD(r, a.version = 0);
	BAD(r, a.version = 3);
	BAD(r, a.typev1 = SMC_TYPE_N);
	BAD(r, a.typev1 = SMC_TYPE_B);
	BAD(r, a.qpn = 0x1000000);
	BAD(r, a.psn = 0x1000000);
	BAD(r, a.rmbe_size = 16);
	BAD(r, a.qp_mtu = 16);
	BAD(r, a.has_fce = false);
	BAD(r, a.first_contact = false);
	BAD(r, a.has_fce_v21 = false);
	BAD(r, a.os_type = 16);
	BAD(r, a.release = 16);
	BAD(r, a.release = 0);	/* v2.1 values in a release 0 extension */
	BAD(r, a.gid_cnt = SMC_CLC_MAX_GIDS + 1);
	BAD(r, a.type = SMC_CLC_ACCEPT);	/* GID list in an accept */
	BAD(r, a.version = SMC_V1);		/* extension in v1 */
	BAD(d, a.d_dmbe_size = 16);
	BAD(d, a.has_fce_v21 = true);
	BAD(d, a.gid_cnt = 1);
	BAD(d, a.vendor_exp_options = 1);
	BAD(d, a.release = 1);
#undef BAD
	/* not first contact: nothing of the extension may be asked for */
	a = r;
	a.first_contact = false;
	a.has_fce = false;
	CHECK_EQ(enc_a(&a), -EINVAL);
	a.has_fce_v21 = false;
	CHECK_EQ(enc_a(&a), -EINVAL);
	a.gid_cnt = 0;
	CHECK_EQ(enc_a(&a), 108);
	/* fields of the other variant are simply not sent */
	a = d;
	a.qpn = 0xffffffff;
	a.rmbe_size = 0xff;
	CHECK_EQ(enc_a(&a), sizeof(v_acc_v2_d_fc_61));
}

TEST(encode_matches_linux_choices)
{
	struct smc_clc_decline_info d = {
		.version = SMC_V1, .diagnosis = 0x03030002,
		.sender_id = { SYSID_A },
	};
	struct smc_clc_accept_info a;
	u8 b[MAXMSG];
	int n;

	/* Linux declines: "SMCR" both ends, no type bits, first contact bit
	 * only for a sync error
	 */
	n = smc_clc_decline_encode(b, sizeof(b), &d);
	CHECK_EQ(n, 28);
	CHECK(!memcmp(b, v_decline_v1, 28));
	d.version = SMC_V2;
	d.diagnosis = 0x04000000;
	d.sync_err = true;
	d.os_type = SMC_CLC_OS_LINUX;
	n = smc_clc_decline_encode(b, sizeof(b), &d);
	CHECK_EQ(n, 44);
	CHECK(!memcmp(b, v_decline_v2_sync, 44));
	/* SMC-D accepts carry "SMCD" at both ends */
	CHECK_EQ(decode_a(v_acc_v1_d, sizeof(v_acc_v1_d), SMC_CLC_ACCEPT, &a),
		 0);
	n = smc_clc_accept_encode(b, sizeof(b), &a);
	CHECK_EQ(n, 48);
	CHECK(b[3] == 0xc4 && b[47] == 0xc4);
}

static const struct tt_test tests[] = {
	TT(vectors_hdr_check),
	TT(vectors_reencode_identical),
	TT(decline_v1_fields),
	TT(decline_v2_fields),
	TT(proposal_v2_r_fields),
	TT(proposal_v2_r_61_fields),
	TT(proposal_v2_only_fields),
	TT(proposal_v2_v1only_fields),
	TT(proposal_v2_b_loopback_fields),
	TT(proposal_v1_fields),
	TT(proposal_v1_ipv6_fields),
	TT(proposal_v1_both_fields),
	TT(accept_v1_r_fields),
	TT(confirm_v1_r_fields),
	TT(accept_v2_r_first_contact_fields),
	TT(confirm_v2_r_first_contact_fields),
	TT(accept_v2_r_first_contact_61_fields),
	TT(confirm_v2_r_fields),
	TT(accept_v1_d_fields),
	TT(accept_v2_d_first_contact_fields),
	TT(vectors_truncated),
	TT(vectors_extended),
	TT(vectors_length_field),
	TT(vectors_eyecatchers),
	TT(vectors_wrong_type),
	TT(vectors_versions),
	TT(vectors_byte_mutations),
	TT(proposal_v2_extension_offsets),
	TT(proposal_v2_counts),
	TT(proposal_ipv6_prefixes),
	TT(proposal_iparea_offset),
	TT(proposal_types),
	TT(proposal_smcd_v2_extension),
	TT(proposal_release_and_flags),
	TT(accept_types_and_lengths),
	TT(confirm_gid_list),
	TT(accept_eyecatcher_variants),
	TT(decline_malformed),
	TT(failed_decode_leaves_zeros),
	TT(hdr_check_length_bounds),
	TT(hdr_check_sweep),
	TT(hdr_check_not_clc),
	TT(random_roundtrip),
	TT(encode_short_buffer),
	TT(encode_invalid_decline),
	TT(encode_invalid_proposal),
	TT(encode_invalid_accept),
	TT(encode_matches_linux_choices),
};

int main(void)
{
	return tt_run(tests, TT_COUNT(tests));
}
