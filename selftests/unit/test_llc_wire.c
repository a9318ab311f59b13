// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the LLC codec (net/smc/smc_llc_wire.c): the messages Linux
 * 6.1/6.12 send decode to the expected fields and re-encode to the same
 * bytes, what Linux would answer is what our encoder builds from the
 * request, malformed messages are refused without reading outside the
 * buffer (ASan/UBSan), and the encoder refuses what it cannot send.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "tinytest.h"
#include "llc_vectors.h"
#include "llc_util.h"

#define MAXMSG	SMC_LLC_V2_MAX_LEN

static u8 *dup_exact(const void *buf, size_t len)
{
	u8 *copy = malloc(len ? len : 1);

	if (!copy)
		abort();
	memcpy(copy, buf, len);
	return copy;
}

static bool all_zero(const void *p, size_t n)
{
	const u8 *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

static bool in_buf(const void *p, size_t n, const u8 *buf, size_t len)
{
	const u8 *q = p;

	if (!n)
		return true;
	return q >= buf && q <= buf + len && n <= (size_t)(buf + len - q);
}

/* every repeated part of a decoded info lies inside the message */
static bool ptrs_in(const struct smc_llc_info *i, const u8 *buf, size_t len)
{
	switch (i->type) {
	case SMC_LLC_ADD_LINK:
		return in_buf(i->add_link.rt, i->add_link.rt_cnt * 16, buf, len);
	case SMC_LLC_ADD_LINK_CONT:
		return in_buf(i->add_link_cont.rt, i->add_link_cont.rt_cnt * 16,
			      buf, len);
	case SMC_LLC_REQ_ADD_LINK:
		return in_buf(i->req_add_link.gid, i->req_add_link.gid_cnt * 16,
			      buf, len);
	case SMC_LLC_CONFIRM_RKEY:
		return in_buf(i->confirm_rkey.rtoken,
			      i->confirm_rkey.rtoken_cnt * 13, buf, len);
	case SMC_LLC_CONFIRM_RKEY_CONT:
		return in_buf(i->confirm_rkey_cont.rtoken,
			      i->confirm_rkey_cont.rtoken_cnt * 13, buf, len);
	case SMC_LLC_DELETE_RKEY:
		return in_buf(i->delete_rkey.rkey, i->delete_rkey.rkey_cnt * 4,
			      buf, len);
	}
	return true;
}

/* Decode @m from an exact heap copy.  Accepted: the encoder gives back
 * exactly @m, refuses one byte less, and the pointers stay inside.
 * Refused: the info is zero but for the flags of an unknown type.
 */
static int roundtrip(const u8 *m, size_t len, const char *what, size_t at)
{
	struct smc_llc_info a, b;
	u8 *copy = dup_exact(m, len), *out;
	int rc, n;

	rc = smc_llc_decode(copy, len, &a);
	CHECK_AT(rc == 0 || rc == -EPROTO || rc == -EOPNOTSUPP, "%s at %zu",
		 what, at);
	if (rc) {
		if (rc == -EOPNOTSUPP)
			a.flags = 0;
		CHECK_AT(all_zero(&a, sizeof(a)), "%s at %zu: not zeroed",
			 what, at);
		free(copy);
		return rc;
	}
	CHECK_AT(ptrs_in(&a, copy, len), "%s at %zu: pointer outside", what,
		 at);
	out = malloc(len + 16);
	if (!out)
		abort();
	memset(out, 0x5a, len + 16);
	n = smc_llc_encode(out, len, &a);
	CHECK_AT(n == (int)len && !memcmp(out, m, len),
		 "%s at %zu: re-encoded %d bytes differently", what, at, n);
	CHECK_AT(out[len] == 0x5a, "%s at %zu: wrote past the end", what, at);
	CHECK_AT(smc_llc_encode(out, len - 1, &a) == -EMSGSIZE, "%s at %zu",
		 what, at);
	CHECK_AT(smc_llc_decode(out, len, &b) == 0 && llc_info_eq(&a, &b),
		 "%s at %zu: second decode differs", what, at);
	free(out);
	free(copy);
	return rc;
}

static int decode_exact(const u8 *m, size_t len)
{
	struct smc_llc_info a;
	u8 *copy = dup_exact(m, len);
	int rc = smc_llc_decode(copy, len, &a);

	free(copy);
	return rc;
}

static void put_len(u8 *m, size_t len, bool be)
{
	m[be ? 1 : 2] = (u8)(len >> 8);
	m[be ? 2 : 1] = (u8)len;
}

static const struct llc_vector *find_vec(const u8 *buf)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(llc_vectors); i++)
		if (llc_vectors[i].buf == buf)
			return &llc_vectors[i];
	abort();
}

/* decode a vector; the info points into the static vector itself */
static void dec_vec(const u8 *buf, struct smc_llc_info *i)
{
	const struct llc_vector *v = find_vec(buf);

	CHECK_EQ(smc_llc_decode(v->buf, v->len, i), 0);
}

/* ---- the Linux vectors -------------------------------------------------- */

TEST(vectors_decode_and_reencode)
{
	struct smc_llc_info a;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(llc_vectors); i++) {
		const struct llc_vector *v = &llc_vectors[i];

		CHECK_AT(roundtrip(v->buf, v->len, v->name, 0) == 0, "%s",
			 v->name);
		CHECK_AT(smc_llc_decode(v->buf, v->len, &a) == 0 &&
			 a.type == v->type && a.version == v->version &&
			 a.v2_be == v->v2_be && a.flags == v->buf[3],
			 "%s: header fields", v->name);
		CHECK_AT(smc_llc_peek_type(v->buf, v->len) == v->buf[0], "%s",
			 v->name);
	}
}

static const u8 mac_s[] = { LMAC_S }, mac_s2[] = { LMAC_S2 };
static const u8 mac_c2[] = { LMAC_C2 };
static const u8 gid_s[] = { LGID_S }, gid_s2[] = { LGID_S2 };
static const u8 gid2_s[] = { LGID2_S }, gid2_s2[] = { LGID2_S2 };
static const u8 gid2_c[] = { LGID2_C }, gid2_c2[] = { LGID2_C2 };
static const u8 gid_c2[] = { LGID_C2 };
static const u8 uid_s1[] = { LUID_S1 };

TEST(confirm_link_fields)
{
	struct smc_llc_info i;
	const struct smc_llc_confirm_link_info *c = &i.confirm_link;

	dec_vec(l_conf_link_v1_req, &i);
	CHECK_EQ(i.type, SMC_LLC_CONFIRM_LINK);
	CHECK_EQ(i.version, SMC_V1);
	CHECK_EQ(i.flags, SMC_LLC_FLAG_NO_RMBE_EYEC);
	CHECK(!memcmp(c->sender_mac, mac_s, 6));
	CHECK(!memcmp(c->sender_gid, gid_s, 16));
	CHECK_EQ(c->sender_qpn, 0x107);
	CHECK_EQ(c->link_num, 1);
	CHECK(!memcmp(c->link_uid, uid_s1, 4));
	CHECK_EQ(c->max_links, 2);
	CHECK_EQ(c->max_conns, 0);

	dec_vec(l_conf_link_v1_resp, &i);
	CHECK_EQ(i.flags, SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_NO_RMBE_EYEC);
	CHECK_EQ(c->sender_qpn, 0x211);

	dec_vec(l_conf_link_v21_req, &i);
	CHECK_EQ(i.version, SMC_V2);
	CHECK(!i.v2_be);
	CHECK(!memcmp(c->sender_gid, gid2_s, 16));
	CHECK_EQ(c->max_links, 1);
	CHECK_EQ(c->max_conns, 64);
}

TEST(add_link_v1_fields)
{
	struct smc_llc_info i;
	const struct smc_llc_add_link_info *a = &i.add_link;

	dec_vec(l_add_link_v1_req, &i);
	CHECK_EQ(i.type, SMC_LLC_ADD_LINK);
	CHECK_EQ(i.flags, 0);
	CHECK(!memcmp(a->sender_mac, mac_s2, 6));
	CHECK(!memcmp(a->sender_gid, gid_s2, 16));
	CHECK_EQ(a->sender_qpn, 0x108);
	CHECK_EQ(a->link_num, 2);
	CHECK_EQ(a->qp_mtu, 3);
	CHECK_EQ(a->initial_psn, 0x7a3b01);
	CHECK_EQ(a->rej_rsn, 0);
	CHECK(!a->has_ext);

	dec_vec(l_add_link_v1_invite, &i);
	CHECK(!memcmp(a->sender_mac, mac_c2, 6));
	CHECK(!memcmp(a->sender_gid, gid_c2, 16));
	CHECK_EQ(a->sender_qpn, 0);
	CHECK_EQ(a->link_num, 0);
	CHECK_EQ(a->qp_mtu, 0);

	dec_vec(l_add_link_v1_rej, &i);
	CHECK_EQ(i.flags, SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_ADD_LNK_REJ);
	CHECK_EQ(a->rej_rsn, SMC_LLC_REJ_RSN_NO_ALT_PATH);
	CHECK_EQ(a->link_num, 2);
}

TEST(add_link_v2_fields)
{
	struct smc_llc_info i, be;
	const struct smc_llc_add_link_info *a = &i.add_link;

	dec_vec(l_add_link_v2_req, &i);
	CHECK_EQ(i.version, SMC_V2);
	CHECK(!i.v2_be);
	CHECK(!memcmp(a->sender_gid, gid2_s2, 16));
	CHECK(a->has_ext);
	CHECK(a->v2_direct);
	CHECK(!memcmp(a->client_target_gid, gid2_s2, 16));
	CHECK_EQ(a->num_rkeys, 2);
	CHECK_EQ(a->rt_cnt, 2);
	CHECK(a->rt == (const void *)(l_add_link_v2_req + 72));
	CHECK_EQ(be32_to_cpu(a->rt[0].rmb_key), 0x1a2b);
	CHECK_EQ(be32_to_cpu(a->rt[0].rmb_key_new), 0x2c3d);
	CHECK(be64_to_cpu(a->rt[0].rmb_vaddr_new) == 0x123456000ULL);
	CHECK_EQ(be32_to_cpu(a->rt[1].rmb_key), 0x1a40);
	CHECK(be64_to_cpu(a->rt[1].rmb_vaddr_new) == 0x1234a0000ULL);

	/* the s390 form decodes to the same content */
	dec_vec(l_add_link_v2_req_be, &be);
	CHECK(be.v2_be);
	be.v2_be = false;
	CHECK(llc_info_eq(&i, &be));

	dec_vec(l_add_link_v2_resp, &i);
	CHECK_EQ(i.flags, SMC_LLC_FLAG_RESP);
	CHECK(!a->v2_direct);
	CHECK_EQ(a->num_rkeys, 1);
	CHECK_EQ(a->rt_cnt, 1);
	CHECK_EQ(be32_to_cpu(a->rt[0].rmb_key), 0x1b01);

	dec_vec(l_add_link_v2_req_short, &i);
	CHECK_EQ(a->num_rkeys, 3);
	CHECK_EQ(a->rt_cnt, 2);

	dec_vec(l_add_link_v2_req_empty, &i);
	CHECK(a->has_ext);
	CHECK_EQ(a->num_rkeys, 0);
	CHECK_EQ(a->rt_cnt, 0);
	CHECK_EQ(a->qp_mtu, 4);

	/* no reject reason in v2: the length took its place */
	dec_vec(l_add_link_v2_rej, &i);
	CHECK_EQ(i.flags, SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_ADD_LNK_REJ);
	CHECK(!a->has_ext);
	CHECK_EQ(a->rej_rsn, 0);
	CHECK_EQ(a->link_num, 2);
}

/* smc_llc_add_link_check(): what a link can be brought up with */
TEST(add_link_semantics)
{
	struct smc_llc_add_link_ctx req = { .link_cnt = 1, .link_ids = { 1 } };
	struct smc_llc_add_link_ctx rsp = { .resp = true, .req_link = 2,
					    .link_cnt = 1, .link_ids = { 1 } };
	struct smc_llc_add_link_info *a;
	struct smc_llc_info i, ok;
	struct smc_llc_rt rt[2];
	u8 buf[MAXMSG];
	int len;

	a = &i.add_link;
	/* the server's requests, v1 and v2, and a v2 acceptance */
	dec_vec(l_add_link_v1_req, &i);
	CHECK_EQ(smc_llc_add_link_check(&i, &req), 0);
	CHECK_EQ(smc_llc_add_link_check(&i, &rsp), -EPROTO);
	dec_vec(l_add_link_v1_resp, &i);
	CHECK_EQ(smc_llc_add_link_check(&i, &rsp), 0);
	dec_vec(l_add_link_v2_req, &i);
	CHECK_EQ(smc_llc_add_link_check(&i, &req), 0);
	dec_vec(l_add_link_v2_req_empty, &i);
	CHECK_EQ(smc_llc_add_link_check(&i, &req), 0);
	dec_vec(l_add_link_v2_resp, &i);
	CHECK_EQ(smc_llc_add_link_check(&i, &rsp), 0);
	CHECK_EQ(smc_llc_add_link_check(&i, &req), -EPROTO);
	/* rejects and a v1 client's invitation (no QP) describe no link */
	dec_vec(l_add_link_v1_rej, &i);
	CHECK_EQ(smc_llc_add_link_check(&i, &rsp), -EPROTO);
	dec_vec(l_add_link_v2_rej, &i);
	CHECK_EQ(smc_llc_add_link_check(&i, &rsp), -EPROTO);
	dec_vec(l_add_link_v1_invite, &i);
	CHECK_EQ(smc_llc_add_link_check(&i, &req), -EPROTO);
	/* not an ADD LINK at all */
	dec_vec(l_add_link_cont_srv, &i);
	CHECK_EQ(smc_llc_add_link_check(&i, &req), -EPROTO);

	/* one field at a time, from a valid v1 request */
	dec_vec(l_add_link_v1_req, &ok);
	i = ok;
	a->link_num = 0;
	CHECK_EQ(smc_llc_add_link_check(&i, &req), -EPROTO);
	a->link_num = 1;		/* the existing link's */
	CHECK_EQ(smc_llc_add_link_check(&i, &req), -EPROTO);
	a->link_num = 255;
	CHECK_EQ(smc_llc_add_link_check(&i, &req), 0);
	CHECK_EQ(smc_llc_add_link_check(&i, &(struct smc_llc_add_link_ctx){
			.link_cnt = 2, .link_ids = { 1, 255 } }), -EPROTO);
	/* a link group cannot have more than two links */
	CHECK_EQ(smc_llc_add_link_check(&i, &(struct smc_llc_add_link_ctx){
			.link_cnt = 3 }), -EPROTO);
	i = ok;
	a->sender_qpn = 0;
	CHECK_EQ(smc_llc_add_link_check(&i, &req), -EPROTO);
	i = ok;
	a->qp_mtu = 0;
	CHECK_EQ(smc_llc_add_link_check(&i, &req), -EPROTO);
	a->qp_mtu = 6;
	CHECK_EQ(smc_llc_add_link_check(&i, &req), -EPROTO);
	a->qp_mtu = 1;
	CHECK_EQ(smc_llc_add_link_check(&i, &req), 0);
	a->qp_mtu = 5;
	CHECK_EQ(smc_llc_add_link_check(&i, &req), 0);
	i = ok;
	memset(a->sender_gid, 0, sizeof(a->sender_gid));
	CHECK_EQ(smc_llc_add_link_check(&i, &req), -EPROTO);
	i = ok;
	memset(a->sender_mac, 0, sizeof(a->sender_mac));
	CHECK_EQ(smc_llc_add_link_check(&i, &req), -EPROTO);
	a->sender_mac[0] = 0x01;	/* multicast */
	CHECK_EQ(smc_llc_add_link_check(&i, &req), -EPROTO);
	a->sender_mac[0] = 0x02;
	CHECK_EQ(smc_llc_add_link_check(&i, &req), 0);
	/* an acceptance of another link than the one asked for */
	i = ok;
	i.flags = SMC_LLC_FLAG_RESP;
	CHECK_EQ(smc_llc_add_link_check(&i, &rsp), 0);
	a->link_num = 3;
	CHECK_EQ(smc_llc_add_link_check(&i, &rsp), -EPROTO);

	/* v2: the extension, its GID and each RMB once; the MAC is not used */
	dec_vec(l_add_link_v2_req, &ok);
	i = ok;
	memset(a->sender_mac, 0, sizeof(a->sender_mac));
	CHECK_EQ(smc_llc_add_link_check(&i, &req), 0);
	i = ok;
	memset(a->client_target_gid, 0, sizeof(a->client_target_gid));
	CHECK_EQ(smc_llc_add_link_check(&i, &req), -EPROTO);
	i = ok;
	a->has_ext = false;
	a->rt_cnt = 0;
	a->num_rkeys = 0;
	CHECK_EQ(smc_llc_add_link_check(&i, &req), -EPROTO);
	i = ok;
	memcpy(rt, a->rt, sizeof(rt));
	rt[1].rmb_key = rt[0].rmb_key;
	a->rt = rt;
	CHECK_EQ(smc_llc_add_link_check(&i, &req), -EPROTO);
	/* and the same message, once on the wire, as decoded */
	len = smc_llc_encode(buf, sizeof(buf), &i);
	CHECK(len > 0);
	CHECK_EQ(smc_llc_decode(buf, (size_t)len, &i), 0);
	CHECK_EQ(smc_llc_add_link_check(&i, &req), -EPROTO);
}

TEST(add_link_cont_fields)
{
	struct smc_llc_info i;
	const struct smc_llc_add_link_cont_info *c = &i.add_link_cont;

	dec_vec(l_add_link_cont_srv, &i);
	CHECK_EQ(i.flags, 0);
	CHECK_EQ(c->link_num, 2);
	CHECK_EQ(c->num_rkeys, 3);
	CHECK_EQ(c->rt_cnt, 2);
	CHECK_EQ(be32_to_cpu(c->rt[1].rmb_key_new), 0x2c51);

	dec_vec(l_add_link_cont_cli, &i);
	CHECK_EQ(i.flags, SMC_LLC_FLAG_RESP);
	CHECK_EQ(c->num_rkeys, 1);
	CHECK_EQ(c->rt_cnt, 1);

	dec_vec(l_add_link_cont_none, &i);
	CHECK_EQ(c->num_rkeys, 0);
	CHECK_EQ(c->rt_cnt, 0);
}

TEST(delete_link_fields)
{
	struct smc_llc_info i;

	dec_vec(l_del_link_v1_orderly, &i);
	CHECK_EQ(i.flags, SMC_LLC_FLAG_DEL_LINK_ORDERLY);
	CHECK_EQ(i.delete_link.link_num, 3);
	CHECK_EQ(i.delete_link.reason, SMC_LLC_DEL_NO_ASYM_NEEDED);

	dec_vec(l_del_link_v1_nolnk, &i);
	CHECK_EQ(i.delete_link.reason, SMC_LLC_DEL_NOLNK);

	dec_vec(l_del_link_v1_all, &i);
	CHECK_EQ(i.flags, SMC_LLC_FLAG_DEL_LINK_ALL |
		 SMC_LLC_FLAG_DEL_LINK_ORDERLY);
	CHECK_EQ(i.delete_link.reason, SMC_LLC_DEL_PROG_INIT_TERM);

	dec_vec(l_del_link_v2_all, &i);
	CHECK_EQ(i.version, SMC_V2);
	CHECK_EQ(i.flags, SMC_LLC_FLAG_DEL_LINK_ALL);
	CHECK_EQ(i.delete_link.reason, SMC_LLC_DEL_LOST_PATH);
}

TEST(req_add_link_fields)
{
	struct smc_llc_info i;

	dec_vec(l_req_add_link_v2, &i);
	CHECK_EQ(i.type, SMC_LLC_REQ_ADD_LINK);
	CHECK_EQ(i.req_add_link.gid_cnt, 2);
	CHECK(!memcmp(i.req_add_link.gid[0], gid2_c, 16));
	CHECK(!memcmp(i.req_add_link.gid[1], gid2_c2, 16));

	dec_vec(l_req_add_link_v2_resp, &i);
	CHECK_EQ(i.flags, SMC_LLC_FLAG_RESP);
	CHECK_EQ(i.req_add_link.gid_cnt, 0);

	dec_vec(l_req_add_link_v1_one, &i);
	CHECK_EQ(i.version, SMC_V1);
	CHECK_EQ(i.req_add_link.gid_cnt, 1);
	CHECK(!memcmp(i.req_add_link.gid[0], gid_c2, 16));
}

TEST(confirm_rkey_fields)
{
	struct smc_llc_info i;
	const struct smc_llc_confirm_rkey_info *c = &i.confirm_rkey;

	dec_vec(l_conf_rkey_v1_one, &i);
	CHECK_EQ(c->num_rkeys, 0);
	CHECK_EQ(c->rmb_key, 0x1a2b);
	CHECK(c->rmb_vaddr == 0x123456000ULL);
	CHECK_EQ(c->rtoken_cnt, 0);

	dec_vec(l_conf_rkey_v1_two, &i);
	CHECK_EQ(c->num_rkeys, 1);
	CHECK_EQ(c->rtoken_cnt, 1);
	CHECK_EQ(c->rtoken[0].link_id, 2);
	CHECK_EQ(be32_to_cpu(c->rtoken[0].rmb_key), 0x2c3d);
	CHECK(be64_to_cpu(c->rtoken[0].rmb_vaddr) == 0x1234a0000ULL);

	dec_vec(l_conf_rkey_v1_neg, &i);
	CHECK_EQ(i.flags, SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_RKEY_NEG |
		 SMC_LLC_FLAG_RKEY_RETRY);

	dec_vec(l_conf_rkey_v2_long, &i);
	CHECK_EQ(c->num_rkeys, 3);
	CHECK_EQ(c->rtoken_cnt, 3);
	CHECK_EQ(c->rtoken[2].link_id, 4);

	dec_vec(l_conf_rkey_cont_v1, &i);
	CHECK_EQ(i.type, SMC_LLC_CONFIRM_RKEY_CONT);
	CHECK_EQ(i.confirm_rkey_cont.num_rkeys, 2);
	CHECK_EQ(i.confirm_rkey_cont.rtoken_cnt, 2);
	CHECK_EQ(i.confirm_rkey_cont.rtoken[1].link_id, 5);
}

TEST(test_link_and_delete_rkey_fields)
{
	struct smc_llc_info i;
	const struct smc_llc_delete_rkey_info *d = &i.delete_rkey;

	dec_vec(l_test_link_v2_resp_be, &i);
	CHECK(i.v2_be);
	CHECK_EQ(i.test_link.user_data[0], 0xde);
	CHECK_EQ(i.test_link.user_data[3], 0xef);

	dec_vec(l_del_rkey_v1_neg, &i);
	CHECK_EQ(d->num_rkeys, 1);
	CHECK_EQ(d->err_mask, 0x80);
	CHECK_EQ(d->rkey_cnt, 1);
	CHECK_EQ(be32_to_cpu(d->rkey[0].rkey), 0x1a2b);

	dec_vec(l_del_rkey_v2_neg, &i);
	CHECK_EQ(d->err_mask, 1);
	CHECK_EQ(d->rkey_cnt, 1);
	CHECK_EQ(d->rkey[0].rkey, 0);

	dec_vec(l_del_rkey_v2_long, &i);
	CHECK_EQ(d->num_rkeys, 10);
	CHECK_EQ(d->rkey_cnt, 10);
	CHECK_EQ(be32_to_cpu(d->rkey[9].rkey), 0x2c3d);
}

/* ---- what our encoder builds is what Linux sends ------------------------ */

static void check_encodes_to(const struct smc_llc_info *i, const u8 *want,
			     size_t len, const char *what)
{
	u8 out[MAXMSG];
	int n = smc_llc_encode(out, sizeof(out), i);

	CHECK_AT(n == (int)len && !memcmp(out, want, len), "%s: %d", what, n);
}

TEST(encode_from_scratch_like_linux)
{
	const struct smc_llc_rt rt[2] = {
		{ cpu_to_be32(0x1a2b), cpu_to_be32(0x2c3d),
		  cpu_to_be64(0x123456000ULL) },
		{ cpu_to_be32(0x1a40), cpu_to_be32(0x2c51),
		  cpu_to_be64(0x1234a0000ULL) },
	};
	const struct smc_llc_rkey rkey = { cpu_to_be32(0x1a2b) };
	struct smc_llc_info i;

	memset(&i, 0, sizeof(i));
	i.type = SMC_LLC_CONFIRM_LINK;
	i.version = SMC_V2;
	i.flags = SMC_LLC_FLAG_NO_RMBE_EYEC;
	memcpy(i.confirm_link.sender_mac, mac_s, 6);
	memcpy(i.confirm_link.sender_gid, gid2_s, 16);
	i.confirm_link.sender_qpn = 0x107;
	i.confirm_link.link_num = 1;
	memcpy(i.confirm_link.link_uid, uid_s1, 4);
	i.confirm_link.max_links = 1;
	i.confirm_link.max_conns = 64;
	check_encodes_to(&i, l_conf_link_v21_req, 44, "confirm link v2.1");

	memset(&i, 0, sizeof(i));
	i.type = SMC_LLC_ADD_LINK;
	i.version = SMC_V2;
	memcpy(i.add_link.sender_mac, mac_s2, 6);
	memcpy(i.add_link.sender_gid, gid2_s2, 16);
	i.add_link.sender_qpn = 0x108;
	i.add_link.link_num = 2;
	i.add_link.qp_mtu = 3;
	i.add_link.initial_psn = 0x7a3b01;
	i.add_link.has_ext = true;
	i.add_link.v2_direct = true;
	memcpy(i.add_link.client_target_gid, gid2_s2, 16);
	i.add_link.num_rkeys = 2;
	i.add_link.rt_cnt = 2;
	i.add_link.rt = rt;
	check_encodes_to(&i, l_add_link_v2_req, 104, "add link v2");
	i.v2_be = true;
	check_encodes_to(&i, l_add_link_v2_req_be, 104, "add link v2 s390");

	memset(&i, 0, sizeof(i));
	i.type = SMC_LLC_DELETE_LINK;
	i.version = SMC_V1;
	i.flags = SMC_LLC_FLAG_DEL_LINK_ALL | SMC_LLC_FLAG_DEL_LINK_ORDERLY;
	i.delete_link.reason = SMC_LLC_DEL_PROG_INIT_TERM;
	check_encodes_to(&i, l_del_link_v1_all, 44, "delete link all");

	memset(&i, 0, sizeof(i));
	i.type = SMC_LLC_DELETE_RKEY;
	i.version = SMC_V2;
	i.delete_rkey.num_rkeys = 1;
	i.delete_rkey.rkey_cnt = 1;
	i.delete_rkey.rkey = &rkey;
	check_encodes_to(&i, l_del_rkey_v2_req, 44, "delete rkey v2");

	memset(&i, 0, sizeof(i));
	i.type = SMC_LLC_TEST_LINK;
	i.version = SMC_V1;
	check_encodes_to(&i, l_test_link_v1_req, 44, "test link");
}

/* Linux answers by editing the request it received; the same edits on
 * the decoded request give its answer byte for byte.
 */
TEST(encode_responses_like_linux)
{
	static const struct smc_llc_rkey zero_rkey;
	struct smc_llc_info i;

	dec_vec(l_test_link_v1_req, &i);
	i.flags |= SMC_LLC_FLAG_RESP;
	check_encodes_to(&i, l_test_link_v1_resp, 44, "test link");

	dec_vec(l_conf_rkey_v1_two, &i);
	i.flags |= SMC_LLC_FLAG_RESP;
	check_encodes_to(&i, l_conf_rkey_v1_resp, 44, "confirm rkey");

	dec_vec(l_add_link_v1_req, &i);
	i.flags |= SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_ADD_LNK_REJ;
	i.add_link.rej_rsn = SMC_LLC_REJ_RSN_NO_ALT_PATH;
	check_encodes_to(&i, l_add_link_v1_rej, 44, "add link reject v1");

	dec_vec(l_add_link_v2_req, &i);
	i.flags |= SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_ADD_LNK_REJ;
	i.add_link.has_ext = false;
	i.add_link.v2_direct = false;
	memset(i.add_link.client_target_gid, 0, 16);
	i.add_link.num_rkeys = 0;
	i.add_link.rt_cnt = 0;
	check_encodes_to(&i, l_add_link_v2_rej, 44, "add link reject v2");

	dec_vec(l_del_link_v1_orderly, &i);
	i.flags |= SMC_LLC_FLAG_RESP;
	i.delete_link.reason = 0;
	check_encodes_to(&i, l_del_link_v1_resp, 44, "delete link");

	dec_vec(l_del_rkey_v1_req, &i);
	i.flags |= SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_RKEY_NEG;
	i.delete_rkey.err_mask = 0x80;
	check_encodes_to(&i, l_del_rkey_v1_neg, 44, "delete rkey v1 neg");

	dec_vec(l_del_rkey_v2_req, &i);
	i.flags |= SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_RKEY_NEG;
	i.delete_rkey.err_mask = 1;
	i.delete_rkey.rkey = &zero_rkey;
	check_encodes_to(&i, l_del_rkey_v2_neg, 44, "delete rkey v2 neg");

	dec_vec(l_req_add_link_v2, &i);
	i.flags |= SMC_LLC_FLAG_RESP;
	i.req_add_link.gid_cnt = 0;
	check_encodes_to(&i, l_req_add_link_v2_resp, 44, "req add link");
}

/* ---- malformed messages ------------------------------------------------- */

TEST(truncated_at_every_length)
{
	size_t i, l;

	for (i = 0; i < ARRAY_SIZE(llc_vectors); i++) {
		const struct llc_vector *v = &llc_vectors[i];

		for (l = 0; l < v->len; l++)
			CHECK_AT(roundtrip(v->buf, l, v->name, l) == -EPROTO,
				 "%s cut to %zu", v->name, l);
	}
}

/* bytes behind the message, with the length field left or refitted */
TEST(extended)
{
	u8 m[MAXMSG + 64];
	size_t i, k;
	int rc;

	for (i = 0; i < ARRAY_SIZE(llc_vectors); i++) {
		const struct llc_vector *v = &llc_vectors[i];

		for (k = 1; k <= 64; k++) {
			memcpy(m, v->buf, v->len);
			memset(m + v->len, k & 1 ? 0 : 0xa5, k);
			CHECK_AT(roundtrip(m, v->len + k, v->name, k) ==
				 -EPROTO, "%s + %zu", v->name, k);
			if (v->version != SMC_V2)
				continue;
			put_len(m, v->len + k, v->v2_be);
			rc = roundtrip(m, v->len + k, v->name, k);
			/* fixed length types never grow */
			if (v->type == SMC_LLC_CONFIRM_LINK ||
			    v->type == SMC_LLC_DELETE_LINK ||
			    v->type == SMC_LLC_TEST_LINK)
				CHECK_AT(rc == -EPROTO, "%s + %zu", v->name, k);
		}
	}
}

TEST(v1_length_and_byte2)
{
	u8 m[SMC_LLC_MSG_LEN];
	size_t i;
	int b, rc;

	for (i = 0; i < ARRAY_SIZE(llc_vectors); i++) {
		const struct llc_vector *v = &llc_vectors[i];

		if (v->version != SMC_V1)
			continue;
		for (b = 0; b < 256; b++) {
			memcpy(m, v->buf, sizeof(m));
			m[1] = (u8)b;
			rc = roundtrip(m, sizeof(m), v->name, b);
			CHECK_AT((rc == 0) == (b == 44), "%s len byte %d",
				 v->name, b);
			memcpy(m, v->buf, sizeof(m));
			m[2] = (u8)b;
			rc = roundtrip(m, sizeof(m), v->name, b);
			if (v->type != SMC_LLC_ADD_LINK)
				CHECK_AT((rc == 0) == (b == 0), "%s byte2 %d",
					 v->name, b);
			else
				CHECK_AT((rc == 0) ==
					 (!b || (b < 16 && (m[3] & 0x40))),
					 "%s reason %d", v->name, b);
		}
	}
}

/* every value of the 16-bit length: only the received length, read in
 * either byte order, is accepted
 */
TEST(v2_length_field)
{
	u8 m[MAXMSG];
	bool le, be;
	size_t i;
	u32 val;
	int rc;

	for (i = 0; i < ARRAY_SIZE(llc_vectors); i++) {
		const struct llc_vector *v = &llc_vectors[i];
		struct smc_llc_info a;

		if (v->version != SMC_V2)
			continue;
		memcpy(m, v->buf, v->len);
		for (val = 0; val < 0x10000; val++) {
			m[1] = (u8)(val >> 8);
			m[2] = (u8)val;
			rc = smc_llc_decode(m, v->len, &a);
			le = ((val >> 8) | (val & 0xff) << 8) == v->len;
			be = val == v->len;
			/* an ADD LINK extension's count is read alike */
			if (v->type == SMC_LLC_ADD_LINK && v->len > 44 &&
			    v->buf[70] != v->buf[71]) {
				le = le && !v->v2_be;
				be = be && v->v2_be;
			}
			CHECK_AT(rc == (le || be ? 0 : -EPROTO),
				 "%s length %#x: %d", v->name, val, rc);
		}
	}
}

TEST(v2_length_bounds)
{
	static u8 m[MAXMSG + 16];
	size_t len;

	/* a GID list long enough to reach past 8192 bytes */
	memset(m, 0, sizeof(m));
	m[0] = SMC_LLC_REQ_ADD_LINK_V2;
	for (len = 0; len < 44; len++) {
		put_len(m, len, false);
		CHECK_AT(roundtrip(m, len, "short v2", len) == -EPROTO, "%zu",
			 len);
	}
	put_len(m, MAXMSG + 1, false);
	CHECK(roundtrip(m, MAXMSG + 1, "8193", 0) == -EPROTO);
	put_len(m, MAXMSG, true);
	CHECK(roundtrip(m, MAXMSG, "8192", 0) == -EPROTO);

	/* 8192 bytes of DELETE RKEY do not fit a count either */
	m[0] = SMC_LLC_DELETE_RKEY_V2;
	m[4] = 255;
	CHECK(roundtrip(m, MAXMSG, "8192 delete rkey", 0) == -EPROTO);
	put_len(m, 8 + 255 * 4, false);
	CHECK(roundtrip(m, 8 + 255 * 4, "255 rkeys", 0) == 0);
}

TEST(type_bytes)
{
	static const u8 known[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
				    0x08, 0x09, 0x21, 0x22, 0x24, 0x25, 0x26,
				    0x27, 0x29 };
	struct smc_llc_info a;
	u8 m[SMC_LLC_MSG_LEN];
	size_t i, l;
	int t, rc;
	bool k;

	for (t = 0; t < 256; t++) {
		k = memchr(known, t, sizeof(known));
		memset(m, 0, sizeof(m));
		m[0] = (u8)t;
		m[1] = 44;
		m[3] = 0x5f;
		rc = smc_llc_peek_type(m, sizeof(m));
		CHECK_AT(rc == (k ? t : -EOPNOTSUPP), "type %#x: %d", t, rc);
		for (l = 0; l <= sizeof(m); l++) {
			rc = smc_llc_decode(m, l, &a);
			if (!l) {
				CHECK_AT(rc == -EPROTO, "type %#x", t);
			} else if (!k) {
				CHECK_AT(rc == -EOPNOTSUPP &&
					 a.flags == (l > 3 ? 0x5f : 0),
					 "type %#x len %zu", t, l);
				CHECK_AT(smc_llc_peek_type(m, l) == -EOPNOTSUPP,
					 "type %#x len %zu", t, l);
			} else if (l < sizeof(m)) {
				CHECK_AT(rc == -EPROTO &&
					 smc_llc_peek_type(m, l) == -EPROTO,
					 "type %#x len %zu", t, l);
			}
		}
	}
	/* a known type byte in any vector makes another type out of it */
	for (i = 0; i < ARRAY_SIZE(llc_vectors); i++) {
		const struct llc_vector *v = &llc_vectors[i];
		u8 *c = dup_exact(v->buf, v->len);

		for (t = 0; t < 256; t++) {
			c[0] = (u8)t;
			rc = roundtrip(c, v->len, v->name, t);
			if (!memchr(known, t, sizeof(known)))
				CHECK_AT(rc == -EOPNOTSUPP, "%s type %#x",
					 v->name, t);
		}
		free(c);
	}
	CHECK_EQ(smc_llc_peek_type(c_data, sizeof(c_data)), -EOPNOTSUPP);
	CHECK_EQ(smc_llc_peek_type(l_test_link_v1_req, 0), -EPROTO);
}

TEST(flags_of_each_type)
{
	u8 m[MAXMSG];
	size_t i;
	int f, rc;

	for (i = 0; i < ARRAY_SIZE(llc_vectors); i++) {
		const struct llc_vector *v = &llc_vectors[i];
		u8 resp_only, allowed = llc_allowed_flags(v->type, &resp_only);

		memcpy(m, v->buf, v->len);
		for (f = 0; f < 256; f++) {
			m[3] = (u8)f;
			rc = roundtrip(m, v->len, v->name, f);
			if ((f & ~allowed) ||
			    ((f & resp_only) && !(f & SMC_LLC_FLAG_RESP)))
				CHECK_AT(rc == -EPROTO, "%s flags %#x", v->name,
					 f);
		}
		/* requests and plain responses of every type are fine */
		m[3] = v->buf[3] & ~(SMC_LLC_FLAG_RESP | resp_only);
		if (!(v->type == SMC_LLC_ADD_LINK && m[2]) &&
		    !(v->type == SMC_LLC_DELETE_RKEY && m[5]))
			CHECK_AT(roundtrip(m, v->len, v->name, 0) == 0,
				 "%s as request", v->name);
	}
}

/* Any change to any byte is either refused or shows in the decoded info
 * (it re-encodes to the changed bytes): nothing is silently ignored.
 */
TEST(every_byte_every_bit)
{
	u8 m[MAXMSG];
	size_t i, at;
	int bit;

	for (i = 0; i < ARRAY_SIZE(llc_vectors); i++) {
		const struct llc_vector *v = &llc_vectors[i];

		for (at = 0; at < v->len; at++) {
			for (bit = 0; bit < 8; bit++) {
				memcpy(m, v->buf, v->len);
				m[at] ^= (u8)(1 << bit);
				roundtrip(m, v->len, v->name, at);
			}
			memcpy(m, v->buf, v->len);
			m[at] = 0xff;
			roundtrip(m, v->len, v->name, at);
		}
	}
}

struct llc_reserved {
	const u8	*vec;
	size_t		from, to;	/* inclusive */
};

/* reserved fields and unused slots, by offset */
static const struct llc_reserved llc_reserved[] = {
	{ l_conf_link_v1_req, 36, 43 },
	{ l_conf_link_v21_req, 36, 43 },
	{ l_add_link_v1_req, 10, 11 },
	{ l_add_link_v1_req, 36, 43 },
	{ l_add_link_v2_req, 10, 11 },
	{ l_add_link_v2_req, 36, 43 },
	{ l_add_link_v2_req, 45, 45 },
	{ l_add_link_v2_req, 62, 69 },
	{ l_add_link_v2_rej, 36, 43 },
	{ l_add_link_cont_srv, 6, 7 },
	{ l_add_link_cont_srv, 40, 43 },
	{ l_add_link_cont_cli, 24, 43 },
	{ l_add_link_cont_none, 8, 43 },
	{ l_del_link_v1_orderly, 9, 43 },
	{ l_del_link_v2_all, 9, 43 },
	{ l_req_add_link_v2, 4, 23 },
	{ l_req_add_link_v2, 25, 27 },
	{ l_req_add_link_v2_resp, 4, 23 },
	{ l_req_add_link_v2_resp, 25, 43 },
	{ l_conf_rkey_v1_one, 17, 43 },
	{ l_conf_rkey_v1_two, 30, 43 },
	{ l_conf_rkey_v2, 30, 43 },
	{ l_conf_rkey_cont_v1, 31, 43 },
	{ l_test_link_v1_req, 20, 43 },
	{ l_test_link_v2_resp_be, 20, 43 },
	{ l_del_rkey_v1_req, 6, 7 },
	{ l_del_rkey_v1_req, 12, 43 },
	{ l_del_rkey_v2_req, 6, 7 },
	{ l_del_rkey_v2_req, 12, 43 },
	{ l_del_rkey_v2_neg, 6, 7 },
	{ l_del_rkey_v2_neg, 12, 43 },
};

TEST(reserved_bytes_refused)
{
	u8 m[MAXMSG];
	size_t i, at;
	int val;

	for (i = 0; i < ARRAY_SIZE(llc_reserved); i++) {
		const struct llc_vector *v = find_vec(llc_reserved[i].vec);

		for (at = llc_reserved[i].from; at <= llc_reserved[i].to;
		     at++) {
			for (val = 1; val < 256; val <<= 1) {
				memcpy(m, v->buf, v->len);
				m[at] = (u8)val;
				CHECK_AT(decode_exact(m, v->len) == -EPROTO,
					 "%s byte %zu = %#x", v->name, at, val);
			}
		}
	}
	/* the upper nibble of the MTU byte, the v2_direct byte's others */
	for (i = 0; i < 4; i++) {
		memcpy(m, l_add_link_v1_req, 44);
		m[32] |= (u8)(0x10 << i);
		CHECK(decode_exact(m, 44) == -EPROTO);
		memcpy(m, l_add_link_v2_req, 104);
		m[44] |= (u8)(1 << i);
		CHECK(decode_exact(m, 104) == -EPROTO);
	}
}

TEST(counts)
{
	static u8 m[MAXMSG];
	size_t len;
	int n;

	/* ADD LINK v2: announced 0..255, carried <= announced */
	memset(m, 0, sizeof(m));
	memcpy(m, l_add_link_v2_req_empty, 72);
	for (n = 0; n <= 255; n++) {
		len = 72 + n * 16;
		put_len(m, len, false);
		m[70] = (u8)n;
		CHECK_AT(roundtrip(m, len, "add link n", n) == 0, "%d", n);
		m[70] = (u8)(n - 1);
		if (n)
			CHECK_AT(roundtrip(m, len, "add link n-1", n) == -EPROTO,
				 "%d", n);
	}
	put_len(m, 72, false);
	m[70] = 0;
	m[71] = 1;		/* 256 */
	CHECK(roundtrip(m, 72, "add link 256", 0) == -EPROTO);
	put_len(m, 73, false);
	m[71] = 0;
	CHECK(roundtrip(m, 73, "add link odd", 0) == -EPROTO);
	put_len(m, 60, false);
	CHECK(roundtrip(m, 60, "add link part ext", 0) == -EPROTO);

	/* REQUEST ADD LINK: GID count and length agree, at most 8 */
	memset(m, 0, sizeof(m));
	m[0] = SMC_LLC_REQ_ADD_LINK_V2;
	for (n = 0; n <= 12; n++) {
		m[24] = (u8)n;
		len = n < 2 ? 44 : 28 + n * 16;
		put_len(m, len, false);
		CHECK_AT((roundtrip(m, len, "gids", n) == 0) == (n <= 8), "%d",
			 n);
		put_len(m, len + 16, false);
		CHECK_AT(roundtrip(m, len + 16, "gids+1", n) == -EPROTO, "%d",
			 n);
	}
	m[0] = SMC_LLC_REQ_ADD_LINK;
	m[1] = 44;
	m[2] = 0;
	m[24] = 2;
	CHECK(roundtrip(m, 44, "v1 two gids", 0) == -EPROTO);

	/* DELETE RKEY v1: 0..8 rkeys; error bits only for those */
	memcpy(m, l_del_rkey_v1_neg, 44);
	for (n = 0; n <= 9; n++) {
		m[4] = (u8)n;
		m[5] = 0;
		CHECK_AT((roundtrip(m, 44, "del rkey", n) == 0) ==
			 (n >= 1 && n <= 8), "%d", n);
		if (n < 1 || n > 7)
			continue;
		memset(m + 12, 0x11, (n - 1) * 4);
		CHECK_AT(roundtrip(m, 44, "del rkey", n) == 0, "%d", n);
		m[5] = (u8)(0x80 >> n);
		CHECK_AT(roundtrip(m, 44, "del rkey err", n) == -EPROTO, "%d",
			 n);
		m[5] = (u8)(0x80 >> (n - 1));
		CHECK_AT(roundtrip(m, 44, "del rkey err ok", n) == 0, "%d", n);
		memset(m + 12, 0, 28);
	}

	/* DELETE RKEY v2 answer: no more errors than rkeys */
	memcpy(m, l_del_rkey_v2_neg, 44);
	m[5] = 2;
	CHECK(roundtrip(m, 44, "v2 err > num", 0) == -EPROTO);
	m[4] = 200;
	CHECK(roundtrip(m, 44, "v2 answer to 200", 0) == 0);
	m[5] = 0;
	CHECK(roundtrip(m, 44, "v2 error count without neg", 0) == 0);
	m[5] = 1;
	m[3] = SMC_LLC_FLAG_RESP;
	CHECK(roundtrip(m, 44, "v2 error count without neg", 0) == -EPROTO);

	/* CONFIRM RKEY v2 requests grow with their count, answers do not */
	memset(m, 0, sizeof(m));
	m[0] = SMC_LLC_CONFIRM_RKEY_V2;
	for (n = 0; n <= 255; n++) {
		m[4] = (u8)n;
		len = n <= 2 ? 44 : 17 + 13 * n;
		put_len(m, len, false);
		m[3] = 0;
		CHECK_AT(roundtrip(m, len, "crkey", n) == 0, "%d", n);
		m[3] = SMC_LLC_FLAG_RESP;
		CHECK_AT((roundtrip(m, len, "crkey resp", n) == 0) == (n <= 2),
			 "%d", n);
		put_len(m, 44, false);
		CHECK_AT((roundtrip(m, 44, "crkey resp 44", n) == 0), "%d", n);
		m[3] = 0;
		CHECK_AT((roundtrip(m, 44, "crkey req 44", n) == 0) == (n <= 2),
			 "%d", n);
	}
}

/* Lengths with two equal bytes read alike in both orders; the ADD LINK
 * rkey count still decides, so re-encoding keeps the sender's order.
 */
TEST(palindromic_v2_length)
{
	static u8 m[2056];
	struct smc_llc_info a;

	memset(m, 0, sizeof(m));
	memcpy(m, l_add_link_v2_req_empty, 72);
	m[1] = 0x08;
	m[2] = 0x08;
	m[70] = 124;
	m[71] = 0;
	CHECK(roundtrip(m, sizeof(m), "le", 0) == 0);
	CHECK(smc_llc_decode(m, sizeof(m), &a) == 0 && !a.v2_be &&
	      a.add_link.num_rkeys == 124 && a.add_link.rt_cnt == 124);
	m[70] = 0;
	m[71] = 200;
	CHECK(roundtrip(m, sizeof(m), "be", 0) == 0);
	CHECK(smc_llc_decode(m, sizeof(m), &a) == 0 && a.v2_be &&
	      a.add_link.num_rkeys == 200);
	m[70] = 124;
	m[71] = 124;
	CHECK(roundtrip(m, sizeof(m), "both", 0) == -EPROTO);
	m[70] = 0;
	m[71] = 0;
	CHECK(roundtrip(m, sizeof(m), "none", 0) == -EPROTO);
}

TEST(largest_messages)
{
	static u8 m[MAXMSG];
	struct smc_llc_info a;
	size_t len = 72 + 255 * 16;

	memset(m, 0x77, sizeof(m));
	memcpy(m, l_add_link_v2_req_empty, 72);
	put_len(m, len, false);
	m[70] = 255;
	CHECK(roundtrip(m, len, "255 rkey pairs", 0) == 0);
	CHECK(smc_llc_decode(m, len, &a) == 0 && a.add_link.rt_cnt == 255);

	memset(m, 0x77, sizeof(m));
	m[0] = SMC_LLC_CONFIRM_RKEY_V2;
	m[3] = 0;
	m[4] = 255;
	len = 17 + 255 * 13;
	put_len(m, len, true);
	CHECK(roundtrip(m, len, "255 rtokens", 0) == 0);
	CHECK(smc_llc_decode(m, len, &a) == 0 && a.v2_be &&
	      a.confirm_rkey.rtoken_cnt == 255);
}

/* ---- encoder -------------------------------------------------------------- */

TEST(random_roundtrip)
{
	static struct llc_store s;
	static u8 out[MAXMSG + 1], again[MAXMSG];
	struct clc_rng r = { 0x11c0ffee11c0ffeeULL };
	struct smc_llc_info in, dec;
	int i, n;

	for (i = 0; i < 50000; i++) {
		llc_gen(&r, &in, &s);
		n = smc_llc_encode(out, sizeof(out), &in);
		CHECK_AT(n >= 44 && n <= MAXMSG, "iteration %d type %u: %d", i,
			 in.type, n);
		if (n < 0)
			continue;
		CHECK_AT(roundtrip(out, n, "random", i) == 0, "iteration %d",
			 i);
		/* equal length bytes: the order cannot be told, reads LE */
		if (out[1] == out[2] && in.type != SMC_LLC_ADD_LINK)
			in.v2_be = false;
		CHECK_AT(smc_llc_decode(out, n, &dec) == 0 &&
			 llc_info_eq(&in, &dec), "iteration %d type %u v%u", i,
			 in.type, in.version);
		CHECK_AT(smc_llc_encode(again, n, &dec) == n &&
			 !memcmp(again, out, n), "iteration %d", i);
	}
}

static void check_invalid(const struct smc_llc_info *i, const char *what)
{
	u8 out[MAXMSG];

	CHECK_AT(smc_llc_encode(out, sizeof(out), i) == -EINVAL, "%s", what);
}

#define INVALID(base, change)						\
	do {								\
		struct smc_llc_info t_ = (base);			\
		change;							\
		check_invalid(&t_, #change);				\
	} while (0)

TEST(encode_invalid)
{
	static const struct smc_llc_rt rt[4];
	static const struct smc_llc_rtoken rtoken[4];
	static const struct smc_llc_rkey rkey[9];
	static const u8 gid[2][16];
	struct smc_llc_info b, v1, v2;

	memset(&b, 0, sizeof(b));
	b.version = SMC_V1;
	b.type = SMC_LLC_TEST_LINK;
	INVALID(b, t_.version = 0);
	INVALID(b, t_.version = 3);
	INVALID(b, t_.type = 0);
	INVALID(b, t_.type = 10);
	INVALID(b, t_.type = 0x27);
	INVALID(b, t_.flags = 0x40);
	INVALID(b, t_.flags = 0x01);
	INVALID(b, t_.v2_be = true);
	INVALID(b, (t_.version = SMC_V2, t_.type = SMC_LLC_ADD_LINK_CONT));
	INVALID(b, (t_.version = SMC_V2, t_.type = SMC_LLC_CONFIRM_RKEY_CONT));

	memset(&v1, 0, sizeof(v1));
	v1.version = SMC_V1;
	v1.type = SMC_LLC_ADD_LINK;
	v2 = v1;
	v2.version = SMC_V2;
	INVALID(v1, t_.add_link.sender_qpn = 0x1000000);
	INVALID(v1, t_.add_link.initial_psn = 0x1000000);
	INVALID(v1, t_.add_link.qp_mtu = 16);
	INVALID(v1, t_.add_link.rej_rsn = 1);
	INVALID(v1, (t_.flags = 0xc0, t_.add_link.rej_rsn = 16));
	INVALID(v1, t_.flags = SMC_LLC_FLAG_ADD_LNK_REJ);
	INVALID(v1, t_.add_link.has_ext = true);
	INVALID(v2, (t_.flags = 0xc0, t_.add_link.rej_rsn = 1));
	INVALID(v2, t_.add_link.num_rkeys = 1);
	INVALID(v2, t_.add_link.v2_direct = true);
	INVALID(v2, t_.add_link.client_target_gid[15] = 1);
	INVALID(v2, (t_.add_link.has_ext = true, t_.add_link.num_rkeys = 256));
	INVALID(v2, (t_.add_link.has_ext = true, t_.add_link.num_rkeys = 1,
		     t_.add_link.rt_cnt = 2, t_.add_link.rt = rt));
	INVALID(v2, (t_.add_link.has_ext = true, t_.add_link.num_rkeys = 1,
		     t_.add_link.rt_cnt = 1));

	v1.type = SMC_LLC_CONFIRM_LINK;
	INVALID(v1, t_.confirm_link.sender_qpn = 0x1000000);
	INVALID(v1, t_.flags = 0x04);

	v1.type = SMC_LLC_REQ_ADD_LINK;
	v2.type = SMC_LLC_REQ_ADD_LINK;
	INVALID(v1, (t_.req_add_link.gid_cnt = 2, t_.req_add_link.gid = gid));
	INVALID(v2, (t_.req_add_link.gid_cnt = 9, t_.req_add_link.gid = gid));
	INVALID(v2, t_.req_add_link.gid_cnt = 1);

	v1.type = SMC_LLC_ADD_LINK_CONT;
	INVALID(v1, t_.add_link_cont.num_rkeys = 1);
	INVALID(v1, (t_.add_link_cont.num_rkeys = 3,
		     t_.add_link_cont.rt_cnt = 1, t_.add_link_cont.rt = rt));

	v1.type = SMC_LLC_CONFIRM_RKEY;
	v2.type = SMC_LLC_CONFIRM_RKEY;
	INVALID(v1, t_.flags = SMC_LLC_FLAG_RKEY_NEG);
	INVALID(v1, t_.flags = SMC_LLC_FLAG_RKEY_RETRY);
	INVALID(v1, t_.confirm_rkey.num_rkeys = 1);
	INVALID(v2, (t_.confirm_rkey.num_rkeys = 3,
		     t_.confirm_rkey.rtoken_cnt = 2,
		     t_.confirm_rkey.rtoken = rtoken));

	v1.type = SMC_LLC_CONFIRM_RKEY_CONT;
	INVALID(v1, (t_.confirm_rkey_cont.num_rkeys = 9,
		     t_.confirm_rkey_cont.rtoken_cnt = 2,
		     t_.confirm_rkey_cont.rtoken = rtoken));

	v1.type = SMC_LLC_DELETE_RKEY;
	v2.type = SMC_LLC_DELETE_RKEY;
	v1.delete_rkey.rkey = rkey;
	v2.delete_rkey.rkey = rkey;
	v1.delete_rkey.rkey_cnt = 9;
	v2.delete_rkey.rkey_cnt = 9;
	INVALID(v1, t_.delete_rkey.num_rkeys = 9);
	INVALID(v1, (t_.delete_rkey.num_rkeys = 1,
		     t_.delete_rkey.err_mask = 0x80));
	INVALID(v1, (t_.flags = 0xa0, t_.delete_rkey.num_rkeys = 1,
		     t_.delete_rkey.err_mask = 0x40));
	INVALID(v2, (t_.flags = 0xa0, t_.delete_rkey.num_rkeys = 1,
		     t_.delete_rkey.err_mask = 2));
	INVALID(v2, (t_.delete_rkey.num_rkeys = 1,
		     t_.delete_rkey.rkey = NULL));
	INVALID(v2, (t_.delete_rkey.num_rkeys = 9,
		     t_.delete_rkey.rkey_cnt = 8));
}

TEST(encode_short_buffer)
{
	u8 out[MAXMSG];
	struct smc_llc_info i;
	size_t k, cap;

	for (k = 0; k < ARRAY_SIZE(llc_vectors); k++) {
		const struct llc_vector *v = &llc_vectors[k];

		CHECK_EQ(smc_llc_decode(v->buf, v->len, &i), 0);
		for (cap = 0; cap < v->len; cap++) {
			memset(out, 0x5a, sizeof(out));
			CHECK_AT(smc_llc_encode(out, cap, &i) == -EMSGSIZE &&
				 out[0] == 0x5a, "%s cap %zu", v->name, cap);
		}
	}
}

static const struct tt_test tests[] = {
	TT(vectors_decode_and_reencode),
	TT(confirm_link_fields),
	TT(add_link_v1_fields),
	TT(add_link_v2_fields),
	TT(add_link_semantics),
	TT(add_link_cont_fields),
	TT(delete_link_fields),
	TT(req_add_link_fields),
	TT(confirm_rkey_fields),
	TT(test_link_and_delete_rkey_fields),
	TT(encode_from_scratch_like_linux),
	TT(encode_responses_like_linux),
	TT(truncated_at_every_length),
	TT(extended),
	TT(v1_length_and_byte2),
	TT(v2_length_field),
	TT(v2_length_bounds),
	TT(type_bytes),
	TT(flags_of_each_type),
	TT(every_byte_every_bit),
	TT(reserved_bytes_refused),
	TT(counts),
	TT(palindromic_v2_length),
	TT(largest_messages),
	TT(random_roundtrip),
	TT(encode_invalid),
	TT(encode_short_buffer),
};

int main(void)
{
	return tt_run(tests, TT_COUNT(tests));
}
