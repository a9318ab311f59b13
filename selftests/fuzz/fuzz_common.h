/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the CLC fuzz targets: an assertion that libFuzzer reports as a
 * crash (and saves the input for), and the checks every decoder target
 * makes on what it accepted.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <errno.h>

#include "smc_clc_wire.h"
#include "clc_util.h"
#include "fuzz_assert.h"

static inline bool fuzz_all_zero(const void *p, size_t n)
{
	const u8 *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

/* what a decoder accepted, the header check must let through as is */
static inline void fuzz_hdr_agrees(const u8 *data, size_t size, u8 type)
{
	u16 mlen = 0;

	FUZZ_ASSERT(size >= SMC_CLC_HDR_LEN);
	FUZZ_ASSERT(smc_clc_hdr_check(data, type, &mlen) == 0);
	FUZZ_ASSERT(mlen == size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Structure aware mutation.  Random bytes almost never keep the length
 * field equal to the size and an eyecatcher at the very end, and growing
 * an array needs a whole element plus its count; without help the fuzzer
 * would hardly get past the framing checks.  So most mutations are
 * followed by a refit of length field and trailer, and some insert or
 * remove a whole element (a copy of its neighbour or random bytes).  One
 * in eight results is left raw so that the framing checks are fuzzed too.
 *
 * FUZZ_MSG_OFF is where the message starts in the input (targets may put
 * parameters in front of it).
 */
#ifndef FUZZ_MSG_OFF
#define FUZZ_MSG_OFF	0
#endif

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed);

/* sizes of the repeated or optional parts of CLC messages */
static const size_t fuzz_units[] = {
	SMC_CLC_GID_LEN,			/* GID list entry */
	sizeof(struct smc_clc_ism_gid_chid),	/* SMC-Dv2 GID/CHID */
	sizeof(struct smc_clc_ipv6_prefix),	/* IPv6 prefix */
	SMC_CLC_EID_LEN,			/* UEID */
	sizeof(struct smc_clc_gid_ext),
	sizeof(struct smc_clc_prefix_area),
	sizeof(struct smc_clc_fce_v21),
	sizeof(struct smc_clc_fce),
	sizeof(struct smc_clc_v2_ext),
	sizeof(struct smc_clc_smcd_v2_ext),
	1,
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
			clc_fill(r, data + at, unit);
		return size + unit;
	}
	if (size > unit) {
		at = clc_below(r, (u32)(size - unit) + 1);
		memmove(data + at, data + at + unit, size - at - unit);
		return size - unit;
	}
	return size;
}

static void fuzz_refit(uint8_t *data, size_t size, struct clc_rng *r)
{
	uint8_t *m = data + FUZZ_MSG_OFF;
	size_t len;

	if (size < FUZZ_MSG_OFF + SMC_CLC_HDR_LEN)
		return;
	len = size - FUZZ_MSG_OFF;
	if (!clc_below(r, 8))
		memcpy(m, clc_below(r, 2) ? smc_clc_eyecatcher_r :
					    smc_clc_eyecatcher_d, 4);
	if (len <= 0xffff) {
		m[5] = (u8)(len >> 8);
		m[6] = (u8)len;
	}
	if (len >= SMC_CLC_HDR_LEN + SMC_CLC_TRL_LEN)
		memcpy(m + len - SMC_CLC_TRL_LEN, m, SMC_CLC_TRL_LEN);
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed)
{
	struct clc_rng r = { ((u64)seed << 32 | seed) ^ 0x9e3779b97f4a7c15ULL };
	u32 how = clc_below(&r, 8);

	if (how < 2) {
		size = fuzz_resize(data, size, max_size, &r);
		/* often the count goes with the element: one more change */
		if (how == 1)
			size = LLVMFuzzerMutate(data, size, max_size);
	} else {
		size = LLVMFuzzerMutate(data, size, max_size);
	}
	if (how != 7)
		fuzz_refit(data, size, &r);
	return size;
}

#endif /* FUZZ_COMMON_H */
