// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the CDC codec and the cursor arithmetic
 * (net/smc/smc_cdc_wire.c): Linux's messages decode and re-encode to the
 * same bytes, malformed ones are refused, and add/diff/comp/check agree
 * with a plain reference model of the cursor space everywhere near the
 * edges: count 0 and size - 1, wrap 0, 0x7fff/0x8000 and 0xffff (roll
 * over), distances 0, size and half the space.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "tinytest.h"
#include "llc_vectors.h"
#include "llc_util.h"

static int decode_exact(const u8 *m, size_t len, struct smc_cdc_info *out)
{
	u8 *copy = malloc(len ? len : 1);
	int rc;

	if (!copy)
		abort();
	memcpy(copy, m, len);
	rc = smc_cdc_decode(copy, len, out);
	free(copy);
	return rc;
}

static bool all_zero(const void *p, size_t n)
{
	const u8 *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

/* accepted: re-encodes to exactly @m; refused: zeroed info */
static int roundtrip(const u8 *m, size_t len, const char *what, size_t at)
{
	struct smc_cdc_info a, b;
	u8 out[SMC_CDC_MSG_LEN + 8];
	int rc = decode_exact(m, len, &a);

	CHECK_AT(rc == 0 || rc == -EPROTO, "%s at %zu", what, at);
	if (rc) {
		CHECK_AT(all_zero(&a, sizeof(a)), "%s at %zu", what, at);
		return rc;
	}
	memset(out, 0x5a, sizeof(out));
	CHECK_AT(smc_cdc_encode(out, sizeof(out), &a) == SMC_CDC_MSG_LEN &&
		 !memcmp(out, m, len) && out[SMC_CDC_MSG_LEN] == 0x5a,
		 "%s at %zu: re-encoded differently", what, at);
	CHECK_AT(smc_cdc_encode(out, SMC_CDC_MSG_LEN - 1, &a) == -EMSGSIZE,
		 "%s at %zu", what, at);
	CHECK_AT(smc_cdc_decode(out, SMC_CDC_MSG_LEN, &b) == 0 &&
		 cdc_info_eq(&a, &b), "%s at %zu", what, at);
	return rc;
}

/* ---- messages ------------------------------------------------------------- */

TEST(vectors_decode_and_reencode)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cdc_vectors); i++)
		CHECK_AT(roundtrip(cdc_vectors[i].buf, cdc_vectors[i].len,
				   cdc_vectors[i].name, 0) == 0, "%s",
			 cdc_vectors[i].name);
}

TEST(vector_fields)
{
	struct smc_cdc_info c;

	CHECK_EQ(decode_exact(c_data, sizeof(c_data), &c), 0);
	CHECK_EQ(c.seqno, 1);
	CHECK_EQ(c.token, 0x105);
	CHECK_EQ(c.prod.wrap, 0);
	CHECK_EQ(c.prod.count, 0x1000);
	CHECK_EQ(c.cons.count, 0);
	CHECK_EQ(c.prod_flags, 0);
	CHECK_EQ(c.conn_state_flags, 0);

	CHECK_EQ(decode_exact(c_wrapped, sizeof(c_wrapped), &c), 0);
	CHECK_EQ(c.seqno, 0xfffe);
	CHECK_EQ(c.prod.wrap, 0xffff);
	CHECK_EQ(c.prod.count, 0x3fff);
	CHECK_EQ(c.cons.wrap, 1);
	CHECK_EQ(c.cons.count, 0x2000);
	CHECK_EQ(c.prod_flags, SMC_CDC_PF_WRITE_BLOCKED |
		 SMC_CDC_PF_CONS_CURS_UPD_REQ);

	CHECK_EQ(decode_exact(c_urgent, sizeof(c_urgent), &c), 0);
	CHECK_EQ(c.prod_flags, SMC_CDC_PF_URG_DATA_PENDING |
		 SMC_CDC_PF_URG_DATA_PRESENT);

	CHECK_EQ(decode_exact(c_done_closed, sizeof(c_done_closed), &c), 0);
	CHECK_EQ(c.conn_state_flags, SMC_CDC_CS_PEER_DONE_WRITING |
		 SMC_CDC_CS_PEER_CONN_CLOSED);

	CHECK_EQ(decode_exact(c_abort, sizeof(c_abort), &c), 0);
	CHECK_EQ(c.conn_state_flags, SMC_CDC_CS_PEER_CONN_ABORT);

	CHECK_EQ(decode_exact(c_failover, sizeof(c_failover), &c), 0);
	CHECK_EQ(c.prod_flags, SMC_CDC_PF_FAILOVER_VALIDATION);
	CHECK_EQ(c.seqno, 6);
	CHECK_EQ(c.prod.count, 0);
}

TEST(encode_like_linux)
{
	struct smc_cdc_info c;
	u8 out[SMC_CDC_MSG_LEN];

	memset(&c, 0, sizeof(c));
	c.seqno = 0xfffe;
	c.token = 0x105;
	c.prod.wrap = 0xffff;
	c.prod.count = 0x3fff;
	c.cons.wrap = 1;
	c.cons.count = 0x2000;
	c.prod_flags = SMC_CDC_PF_WRITE_BLOCKED | SMC_CDC_PF_CONS_CURS_UPD_REQ;
	CHECK_EQ(smc_cdc_encode(out, sizeof(out), &c), SMC_CDC_MSG_LEN);
	CHECK(!memcmp(out, c_wrapped, sizeof(out)));
}

TEST(truncated_and_extended)
{
	u8 m[SMC_CDC_MSG_LEN + 32];
	size_t i, l;

	for (i = 0; i < ARRAY_SIZE(cdc_vectors); i++) {
		const struct cdc_vector *v = &cdc_vectors[i];

		for (l = 0; l < v->len; l++)
			CHECK_AT(roundtrip(v->buf, l, v->name, l) == -EPROTO,
				 "%s cut to %zu", v->name, l);
		memcpy(m, v->buf, v->len);
		memset(m + v->len, 0, 32);
		for (l = v->len + 1; l <= sizeof(m); l++)
			CHECK_AT(roundtrip(m, l, v->name, l) == -EPROTO,
				 "%s grown to %zu", v->name, l);
	}
}

TEST(type_and_length_bytes)
{
	u8 m[SMC_CDC_MSG_LEN];
	int b;

	for (b = 0; b < 256; b++) {
		memcpy(m, c_data, sizeof(m));
		m[0] = (u8)b;
		CHECK_AT((roundtrip(m, sizeof(m), "type", b) == 0) ==
			 (b == SMC_CDC_MSG_TYPE), "type %#x", b);
		memcpy(m, c_data, sizeof(m));
		m[1] = (u8)b;
		CHECK_AT((roundtrip(m, sizeof(m), "len", b) == 0) ==
			 (b == SMC_CDC_MSG_LEN), "len %#x", b);
	}
}

/* only cursor reserved bytes, undefined flag bits and the tail refuse */
TEST(every_byte_every_bit)
{
	u8 m[SMC_CDC_MSG_LEN];
	size_t i, at;
	int bit, rc;
	bool reserved;
	u8 flip;

	for (i = 0; i < ARRAY_SIZE(cdc_vectors); i++) {
		const struct cdc_vector *v = &cdc_vectors[i];

		for (at = 0; at < v->len; at++) {
			for (bit = 0; bit < 8; bit++) {
				flip = (u8)(1 << bit);
				memcpy(m, v->buf, v->len);
				m[at] ^= flip;
				rc = roundtrip(m, v->len, v->name, at);
				reserved = at < 2 ||
					   at == 8 || at == 9 ||
					   at == 16 || at == 17 ||
					   (at == 24 && !(flip & 0xf8)) ||
					   (at == 25 && !(flip & 0xe0)) ||
					   at >= 26;
				CHECK_AT((rc == 0) == !reserved,
					 "%s byte %zu bit %d", v->name, at, bit);
			}
		}
	}
}

TEST(encode_invalid_and_short)
{
	struct smc_cdc_info c;
	u8 out[SMC_CDC_MSG_LEN];
	int f;
	size_t cap;

	memset(&c, 0, sizeof(c));
	for (f = 0; f < 256; f++) {
		c.prod_flags = (u8)f;
		CHECK_AT((smc_cdc_encode(out, sizeof(out), &c) > 0) ==
			 !(f & ~SMC_CDC_PF_MASK), "prod flags %#x", f);
	}
	c.prod_flags = 0;
	for (f = 0; f < 256; f++) {
		c.conn_state_flags = (u8)f;
		CHECK_AT((smc_cdc_encode(out, sizeof(out), &c) > 0) ==
			 !(f & ~SMC_CDC_CS_MASK), "state flags %#x", f);
	}
	c.conn_state_flags = 0;
	for (cap = 0; cap < SMC_CDC_MSG_LEN; cap++) {
		memset(out, 0x5a, sizeof(out));
		CHECK_AT(smc_cdc_encode(out, cap, &c) == -EMSGSIZE &&
			 out[0] == 0x5a, "cap %zu", cap);
	}
}

TEST(random_roundtrip)
{
	struct clc_rng r = { 0xcdcdcdcd12345678ULL };
	struct smc_cdc_info a, b;
	u8 out[SMC_CDC_MSG_LEN];
	int i;

	for (i = 0; i < 20000; i++) {
		cdc_gen(&r, &a);
		CHECK_AT(smc_cdc_encode(out, sizeof(out), &a) == 44, "%d", i);
		CHECK_AT(roundtrip(out, sizeof(out), "random", i) == 0, "%d", i);
		CHECK_AT(smc_cdc_decode(out, sizeof(out), &b) == 0 &&
			 cdc_info_eq(&a, &b), "%d", i);
	}
}

TEST(sequence_numbers)
{
	CHECK(!smc_cdc_seq_before(5, 5));
	CHECK(smc_cdc_seq_before(4, 5));
	CHECK(!smc_cdc_seq_before(5, 4));
	CHECK(smc_cdc_seq_before(0xffff, 0));
	CHECK(!smc_cdc_seq_before(0, 0xffff));
	CHECK(smc_cdc_seq_before(0, 0x7fff));
	CHECK(smc_cdc_seq_before(0, 0x8000));
	CHECK(smc_cdc_seq_before(0x8000, 0));
	CHECK(smc_cdc_seq_before(0x8001, 1));
}

/* ---- cursors ------------------------------------------------------------- */

static struct smc_curs curs(u16 wrap, u32 count)
{
	struct smc_curs c = { wrap, count };

	return c;
}

static bool curs_eq(const struct smc_curs *a, const struct smc_curs *b)
{
	return a->wrap == b->wrap && a->count == b->count;
}

/* every helper against the model, for one pair of valid cursors */
static void check_pair(u32 size, const struct smc_curs *old,
		       const struct smc_curs *new)
{
	u64 fwd = curs_ref_fwd(size, old, new);
	u64 back = fwd ? curs_ref_space(size) - fwd : 0;
	bool ahead = curs_ref_ahead(size, fwd);
	u32 diff = smc_curs_diff(size, old, new);
	int comp = smc_curs_comp(size, old, new);
	int chk = smc_curs_check(size, old, new);
	int want_comp;

	CHECK_AT(diff == (fwd <= size ? fwd : 0),
		 "diff size %u %u/%u -> %u/%u: %u", size, old->wrap,
		 old->count, new->wrap, new->count, diff);
	if (ahead)
		want_comp = fwd < size ? (int)fwd : (int)size;
	else
		want_comp = back < size ? -(int)back : -(int)size;
	CHECK_AT(comp == want_comp, "comp size %u %u/%u -> %u/%u: %d vs %d",
		 size, old->wrap, old->count, new->wrap, new->count, comp,
		 want_comp);
	if (fwd <= size)
		CHECK_AT(chk == (int)fwd, "check size %u %u/%u -> %u/%u: %d",
			 size, old->wrap, old->count, new->wrap, new->count,
			 chk);
	else
		CHECK_AT(chk == (ahead ? -EPROTO : -ESTALE),
			 "check size %u %u/%u -> %u/%u: %d", size, old->wrap,
			 old->count, new->wrap, new->count, chk);
	/* swapping the pair turns the sign */
	CHECK_AT(smc_curs_comp(size, new, old) == -comp ||
		 (fwd == curs_ref_space(size) / 2), "antisymmetry size %u",
		 size);
}

static void check_add(u32 size, const struct smc_curs *c, u32 n)
{
	struct smc_curs got = *c, want;

	want = curs_ref_at(size, curs_ref_pos(size, c) + n);
	CHECK_AT(smc_curs_add(size, &got, n) == 0 && curs_eq(&got, &want),
		 "add size %u %u/%u + %u: %u/%u", size, c->wrap, c->count, n,
		 got.wrap, got.count);
	CHECK_AT(smc_curs_diff(size, c, &got) == n &&
		 smc_curs_check(size, c, &got) == (int)n,
		 "add then diff size %u n %u", size, n);
}

/* small buffers: every position of the whole cursor space */
TEST(small_sizes_whole_space)
{
	static const u32 sizes[] = { 1, 2, 3, 5 };
	struct smc_curs old, new;
	u64 pos, d, m, deltas[12];
	size_t i, j;
	u32 size, n;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size = sizes[i];
		m = curs_ref_space(size);
		deltas[0] = 0;
		deltas[1] = 1;
		deltas[2] = size - 1;
		deltas[3] = size;
		deltas[4] = size + 1;
		deltas[5] = m / 2 - 1;
		deltas[6] = m / 2;
		deltas[7] = m / 2 + 1;
		deltas[8] = m - size - 1;
		deltas[9] = m - size;
		deltas[10] = m - 1;
		deltas[11] = 2 * (u64)size;
		for (pos = 0; pos < m; pos++) {
			old = curs_ref_at(size, pos);
			for (j = 0; j < ARRAY_SIZE(deltas); j++) {
				d = deltas[j];
				new = curs_ref_at(size, pos + d);
				check_pair(size, &old, &new);
			}
			for (n = 0; n <= size; n++)
				check_add(size, &old, n);
		}
	}
}

/* big buffers: cursors at the edges of wrap and count */
TEST(large_sizes_edges)
{
	static const u32 sizes[] = { 16384, 65536, 262144, 1U << 29,
				     SMC_CURS_SIZE_MAX - 1, SMC_CURS_SIZE_MAX };
	static const u16 wraps[] = { 0, 1, 2, 0x7ffe, 0x7fff, 0x8000, 0x8001,
				     0xfffe, 0xffff };
	struct smc_curs a, b;
	u32 size, counts[7], ns[6];
	size_t s, ia, ib, k;

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		size = sizes[s];
		counts[0] = 0;
		counts[1] = 1;
		counts[2] = size / 2 - 1;
		counts[3] = size / 2;
		counts[4] = size / 2 + 1;
		counts[5] = size - 2;
		counts[6] = size - 1;
		ns[0] = 0;
		ns[1] = 1;
		ns[2] = size / 2;
		ns[3] = size - 1;
		ns[4] = size;
		ns[5] = size - 2;
		for (ia = 0; ia < ARRAY_SIZE(wraps) * ARRAY_SIZE(counts); ia++) {
			a = curs(wraps[ia / ARRAY_SIZE(counts)],
				 counts[ia % ARRAY_SIZE(counts)]);
			for (k = 0; k < ARRAY_SIZE(ns); k++)
				check_add(size, &a, ns[k]);
			for (ib = 0; ib < ARRAY_SIZE(wraps) * ARRAY_SIZE(counts);
			     ib++) {
				b = curs(wraps[ib / ARRAY_SIZE(counts)],
					 counts[ib % ARRAY_SIZE(counts)]);
				check_pair(size, &a, &b);
			}
		}
	}
}

/* A sender's cursor running through two roll overs of the wrap counter
 * in random steps; the receiver checks each against the last one.
 */
TEST(walk_through_roll_over)
{
	static const u32 sizes[] = { 3, 7, 16 };
	struct clc_rng r = { 0x5eedcafe5eedcafeULL };
	struct smc_curs c, last;
	u64 pos, total, want;
	u32 size, n;
	size_t i;
	int laps;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size = sizes[i];
		c = curs(0, 0);
		pos = 0;
		total = 2 * curs_ref_space(size) + size;
		laps = 0;
		while (pos < total) {
			last = c;
			n = clc_below(&r, size + 1);
			CHECK_AT(smc_curs_add(size, &c, n) == 0, "size %u", size);
			pos += n;
			if (c.wrap == 0 && last.wrap == 0xffff)
				laps++;
			want = pos % curs_ref_space(size);
			CHECK_AT(curs_ref_pos(size, &c) == want,
				 "size %u pos %llu", size,
				 (unsigned long long)pos);
			CHECK_AT(smc_curs_check(size, &last, &c) == (int)n,
				 "size %u pos %llu", size,
				 (unsigned long long)pos);
			CHECK_AT(smc_curs_comp(size, &last, &c) == (int)n,
				 "size %u pos %llu", size,
				 (unsigned long long)pos);
			if (n)
				CHECK_AT(smc_curs_check(size, &c, &last) ==
					 -ESTALE, "size %u", size);
		}
		CHECK_AT(laps == 2, "size %u: %d roll overs", size, laps);
	}
}

/* Where Linux's own formulas are meant to hold (cursors at most one lap
 * apart, no roll over in between), the results are the same.
 */
static int linux_style_diff(u32 size, const struct smc_curs *o,
			    const struct smc_curs *n)
{
	long long d;

	if (o->wrap != n->wrap)
		d = (long long)(size - o->count) + n->count;
	else
		d = (long long)n->count - o->count;
	return d > 0 ? (int)d : 0;
}

static int linux_style_comp(u32 size, const struct smc_curs *o,
			    const struct smc_curs *n)
{
	if (o->wrap > n->wrap || (o->wrap == n->wrap && o->count > n->count))
		return -linux_style_diff(size, n, o);
	return linux_style_diff(size, o, n);
}

TEST(same_as_linux_where_linux_holds)
{
	struct clc_rng r = { 0x11aa22bb33cc44ddULL };
	struct smc_curs a, b;
	u32 size, d;
	int i;

	for (i = 0; i < 200000; i++) {
		size = 1 + clc_below(&r, 1 << 20);
		a = curs((u16)clc_below(&r, 0xffff), clc_below(&r, size));
		d = clc_below(&r, size + 1);
		b = a;
		smc_curs_add(size, &b, d);
		if (b.wrap < a.wrap)
			continue;	/* rolled over: Linux's blind spot */
		CHECK_AT(smc_curs_diff(size, &a, &b) ==
			 (u32)linux_style_diff(size, &a, &b), "%d", i);
		CHECK_AT(smc_curs_comp(size, &a, &b) ==
			 linux_style_comp(size, &a, &b), "%d", i);
		CHECK_AT(smc_curs_comp(size, &b, &a) ==
			 linux_style_comp(size, &b, &a), "%d", i);
	}
}

TEST(invalid_arguments)
{
	struct smc_curs a = curs(1, 5), b = curs(1, 6), z = curs(0, 0);
	struct smc_curs big = curs(7, 100);

	CHECK(smc_curs_valid(100, &a));
	CHECK(!smc_curs_valid(0, &z));
	CHECK(!smc_curs_valid(SMC_CURS_SIZE_MAX + 1, &z));
	CHECK(smc_curs_valid(SMC_CURS_SIZE_MAX, &z));
	CHECK(!smc_curs_valid(100, &big));
	CHECK(!smc_curs_valid(5, &a));

	CHECK_EQ(smc_curs_add(0, &z, 0), -EINVAL);
	CHECK_EQ(smc_curs_add(100, &big, 1), -EINVAL);
	CHECK(big.wrap == 7 && big.count == 100);
	CHECK_EQ(smc_curs_add(100, &a, 101), -EINVAL);
	CHECK(a.wrap == 1 && a.count == 5);
	CHECK_EQ(smc_curs_add(100, &a, 100), 0);
	CHECK(a.wrap == 2 && a.count == 5);
	a = curs(0xffff, 99);
	CHECK_EQ(smc_curs_add(100, &a, 1), 0);
	CHECK(a.wrap == 0 && a.count == 0);

	a = curs(1, 5);
	CHECK_EQ(smc_curs_diff(100, &a, &big), 0);
	CHECK_EQ(smc_curs_diff(100, &big, &a), 0);
	CHECK_EQ(smc_curs_diff(0, &z, &z), 0);
	CHECK_EQ(smc_curs_comp(100, &a, &big), 0);
	CHECK_EQ(smc_curs_comp(5, &a, &b), 0);

	/* check: the caller's cursor or size broken, or the peer's count */
	CHECK_EQ(smc_curs_check(100, &big, &a), -EINVAL);
	CHECK_EQ(smc_curs_check(0, &z, &z), -EINVAL);
	CHECK_EQ(smc_curs_check(SMC_CURS_SIZE_MAX + 1, &z, &z), -EINVAL);
	CHECK_EQ(smc_curs_check(100, &a, &big), -EPROTO);
	big = curs(1, 0xffffffff);
	CHECK_EQ(smc_curs_check(100, &a, &big), -EPROTO);
	CHECK_EQ(smc_curs_check(100, &a, &b), 1);
	b = curs(2, 5);
	CHECK_EQ(smc_curs_check(100, &a, &b), 100);
	b = curs(2, 6);
	CHECK_EQ(smc_curs_check(100, &a, &b), -EPROTO);
	b = curs(1, 4);
	CHECK_EQ(smc_curs_check(100, &a, &b), -ESTALE);
	b = curs(0x8001, 5);
	CHECK_EQ(smc_curs_check(100, &a, &b), -EPROTO);
	b = curs(0x8001, 6);
	CHECK_EQ(smc_curs_check(100, &a, &b), -ESTALE);
}

static const struct tt_test tests[] = {
	TT(vectors_decode_and_reencode),
	TT(vector_fields),
	TT(encode_like_linux),
	TT(truncated_and_extended),
	TT(type_and_length_bytes),
	TT(every_byte_every_bit),
	TT(encode_invalid_and_short),
	TT(random_roundtrip),
	TT(sequence_numbers),
	TT(small_sizes_whole_space),
	TT(large_sizes_edges),
	TT(walk_through_roll_over),
	TT(same_as_linux_where_linux_holds),
	TT(invalid_arguments),
};

int main(void)
{
	return tt_run(tests, TT_COUNT(tests));
}
