// SPDX-License-Identifier: GPL-2.0
/*
 * LLC decoder: never reads outside the input; the verdict agrees with
 * smc_llc_peek_type(); a refused message leaves a zeroed info; an accepted
 * one has its parts inside the input and counts within bounds, re-encodes
 * to exactly the input bytes (nothing is ignored), decodes again to the
 * same info, and the encoder refuses a buffer one byte too short.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <errno.h>

#include "smc_llc_wire.h"
#include "llc_util.h"
#include "fuzz_assert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed);

static bool fuzz_all_zero(const void *p, size_t n)
{
	const u8 *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

static bool inside(const void *p, size_t n, const u8 *buf, size_t len)
{
	const u8 *q = p;

	return !n || (q >= buf && q <= buf + len &&
		      n <= (size_t)(buf + len - q));
}

/* what the info promises about the message it came from */
static void check_info(const struct smc_llc_info *a, const u8 *data,
		       size_t size)
{
	FUZZ_ASSERT(size >= SMC_LLC_MSG_LEN && size <= SMC_LLC_V2_MAX_LEN);
	FUZZ_ASSERT(a->type == (data[0] & SMC_LLC_TYPE_MASK));
	FUZZ_ASSERT(a->version == (data[0] >> 4 ? SMC_V2 : SMC_V1));
	FUZZ_ASSERT(a->flags == data[3]);
	if (a->version == SMC_V1)
		FUZZ_ASSERT(size == SMC_LLC_MSG_LEN && !a->v2_be);
	else if (size != SMC_LLC_MSG_LEN)
		FUZZ_ASSERT(a->type == SMC_LLC_ADD_LINK ||
			    a->type == SMC_LLC_REQ_ADD_LINK ||
			    a->type == SMC_LLC_CONFIRM_RKEY ||
			    a->type == SMC_LLC_DELETE_RKEY);
	switch (a->type) {
	case SMC_LLC_ADD_LINK:
		FUZZ_ASSERT(a->add_link.rej_rsn <= 15 &&
			    a->add_link.qp_mtu <= 15);
		FUZZ_ASSERT(a->add_link.num_rkeys <= SMC_LLC_RKEYS_MAX_V2 &&
			    a->add_link.rt_cnt <= a->add_link.num_rkeys);
		FUZZ_ASSERT(a->add_link.has_ext == (size > SMC_LLC_MSG_LEN));
		FUZZ_ASSERT(inside(a->add_link.rt, a->add_link.rt_cnt * 16,
				   data, size));
		break;
	case SMC_LLC_ADD_LINK_CONT:
		FUZZ_ASSERT(a->add_link_cont.rt_cnt <= 2);
		FUZZ_ASSERT(inside(a->add_link_cont.rt,
				   a->add_link_cont.rt_cnt * 16, data, size));
		break;
	case SMC_LLC_REQ_ADD_LINK:
		FUZZ_ASSERT(a->req_add_link.gid_cnt <= SMC_LLC_MAX_GIDS);
		FUZZ_ASSERT(inside(a->req_add_link.gid,
				   a->req_add_link.gid_cnt * 16, data, size));
		break;
	case SMC_LLC_CONFIRM_RKEY:
		FUZZ_ASSERT(a->confirm_rkey.rtoken_cnt ==
			    llc_carried(a, a->confirm_rkey.num_rkeys));
		FUZZ_ASSERT(inside(a->confirm_rkey.rtoken,
				   a->confirm_rkey.rtoken_cnt * 13, data, size));
		break;
	case SMC_LLC_CONFIRM_RKEY_CONT:
		FUZZ_ASSERT(a->confirm_rkey_cont.rtoken_cnt <= 3);
		FUZZ_ASSERT(inside(a->confirm_rkey_cont.rtoken,
				   a->confirm_rkey_cont.rtoken_cnt * 13, data,
				   size));
		break;
	case SMC_LLC_DELETE_RKEY:
		FUZZ_ASSERT(a->delete_rkey.rkey_cnt ==
			    llc_carried(a, a->delete_rkey.num_rkeys));
		if (a->version == SMC_V1)
			FUZZ_ASSERT(a->delete_rkey.num_rkeys <= 8);
		FUZZ_ASSERT(!a->delete_rkey.err_mask ||
			    (a->flags & SMC_LLC_FLAG_RKEY_NEG));
		FUZZ_ASSERT(inside(a->delete_rkey.rkey,
				   a->delete_rkey.rkey_cnt * 4, data, size));
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static u8 e1[SMC_LLC_V2_MAX_LEN], e2[SMC_LLC_V2_MAX_LEN];
	struct smc_llc_info a, b;
	int rc, peek, n;

	rc = smc_llc_decode(data, size, &a);
	peek = smc_llc_peek_type(data, size);
	FUZZ_ASSERT(rc == 0 || rc == -EPROTO || rc == -EOPNOTSUPP);
	FUZZ_ASSERT((rc == -EOPNOTSUPP) == (peek == -EOPNOTSUPP));
	if (rc == -EOPNOTSUPP) {
		FUZZ_ASSERT(a.flags == (size > 3 ? data[3] : 0));
		a.flags = 0;
	}
	if (rc) {
		FUZZ_ASSERT(fuzz_all_zero(&a, sizeof(a)));
		return 0;
	}
	FUZZ_ASSERT(peek == data[0]);
	check_info(&a, data, size);
	if (a.type == SMC_LLC_ADD_LINK) {
		/* the semantic check reads only what the decoder pointed to,
		 * and refuses what cannot be a link
		 */
		struct smc_llc_add_link_ctx ctx = {
			.resp = a.flags & SMC_LLC_FLAG_RESP,
			.req_link = a.add_link.link_num,
			.link_cnt = 1, .link_ids = { 1 },
		};

		rc = smc_llc_add_link_check(&a, &ctx);
		FUZZ_ASSERT(rc == 0 || rc == -EPROTO);
		FUZZ_ASSERT(rc || (a.add_link.sender_qpn &&
				   a.add_link.qp_mtu >= 1 &&
				   a.add_link.qp_mtu <= 5 &&
				   (ctx.resp || a.add_link.link_num > 1)));
	}

	n = smc_llc_encode(e1, sizeof(e1), &a);
	FUZZ_ASSERT(n == (int)size && !memcmp(e1, data, size));
	FUZZ_ASSERT(smc_llc_encode(e2, size - 1, &a) == -EMSGSIZE);
	FUZZ_ASSERT(smc_llc_decode(e1, n, &b) == 0 && llc_info_eq(&a, &b));
	return 0;
}

/*
 * Structure aware mutation.  Random bytes rarely keep a v2 length equal
 * to the input size, or a count equal to the entries that follow, so most
 * mutations are followed by a refit of the length (in either byte order)
 * and sometimes of the count of the type's repeated part; some insert or
 * remove a whole entry.  One in eight results is left raw.
 */
static const size_t fuzz_units[] = {
	sizeof(struct smc_llc_rt), sizeof(struct smc_llc_rtoken),
	sizeof(struct smc_llc_rkey), SMC_LLC_GID_LEN,
	sizeof(struct smc_llc_add_link_v2_ext), 1,
};

static size_t fuzz_resize(uint8_t *data, size_t size, size_t max_size,
			  struct clc_rng *r)
{
	size_t unit = fuzz_units[clc_below(r, ARRAY_SIZE(fuzz_units))];
	size_t at;

	if (clc_below(r, 2) && size + unit <= max_size) {
		at = clc_below(r, (u32)size + 1);
		memmove(data + at + unit, data + at, size - at);
		if (at >= unit && clc_below(r, 2))
			memcpy(data + at, data + at - unit, unit);
		else
			memset(data + at, 0, unit);
		return size + unit;
	}
	if (size > unit) {
		at = clc_below(r, (u32)(size - unit) + 1);
		memmove(data + at, data + at + unit, size - at - unit);
		return size - unit;
	}
	return size;
}

/* the count that makes @size bytes of this v2 type consistent */
static void fuzz_refit_count(uint8_t *m, size_t size, bool be)
{
	size_t n;

	switch (m[0]) {
	case SMC_LLC_ADD_LINK_V2:
		if (size < SMC_LLC_ADD_LINK_V2_MIN_LEN)
			return;
		n = (size - SMC_LLC_ADD_LINK_V2_MIN_LEN) / 16;
		m[be ? 70 : 71] = (u8)(n >> 8);
		m[be ? 71 : 70] = (u8)n;
		break;
	case SMC_LLC_REQ_ADD_LINK_V2:
		m[24] = (u8)((size - 28) / 16);
		break;
	case SMC_LLC_CONFIRM_RKEY_V2:
		m[4] = (u8)((size - 17) / 13);
		break;
	case SMC_LLC_DELETE_RKEY_V2:
		m[4] = (u8)((size - 8) / 4);
		break;
	}
}

static size_t fuzz_refit(uint8_t *m, size_t size, size_t max_size,
			 struct clc_rng *r)
{
	bool be = clc_below(r, 4) == 0;

	if (size < SMC_LLC_MSG_LEN)
		return size;
	if (!(m[0] >> 4)) {
		/* v1: exactly 44 bytes */
		m[1] = SMC_LLC_MSG_LEN;
		if (m[0] != SMC_LLC_ADD_LINK && clc_below(r, 2))
			m[2] = 0;
		return SMC_LLC_MSG_LEN;
	}
	if (size > max_size || size > SMC_LLC_V2_MAX_LEN)
		return size;
	m[be ? 1 : 2] = (u8)(size >> 8);
	m[be ? 2 : 1] = (u8)size;
	if (size > SMC_LLC_MSG_LEN && clc_below(r, 2))
		fuzz_refit_count(m, size, be);
	return size;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed)
{
	struct clc_rng r = { ((u64)seed << 32 | seed) ^ 0x9e3779b97f4a7c15ULL };
	u32 how = clc_below(&r, 8);

	if (how < 2) {
		size = fuzz_resize(data, size, max_size, &r);
		if (how == 1)
			size = LLVMFuzzerMutate(data, size, max_size);
	} else {
		size = LLVMFuzzerMutate(data, size, max_size);
	}
	if (how != 7)
		size = fuzz_refit(data, size, max_size, &r);
	return size;
}
