// SPDX-License-Identifier: GPL-2.0
/*
 * CDC decoder and cursor validator.  The input is a buffer size (4 bytes,
 * big endian) and the last known cursor (wrap 2, count 4), then the
 * message.  The decoder never reads outside the message, zeroes the info
 * of a refused one and re-encodes an accepted one to the same bytes.  The
 * cursors of the message (or the raw bytes where they would be) are put
 * through smc_curs_check(), diff and comp, and the answers must be those
 * of a plain model of the cursor space; a plausible cursor is reached by
 * adding the distance the validator returned.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <errno.h>

#include "smc_cdc_wire.h"
#include "llc_util.h"
#include "fuzz_assert.h"

#define FUZZ_MSG_OFF	10

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed);

static u32 get32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static bool fuzz_all_zero(const void *p, size_t n)
{
	const u8 *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

static void check_cursor(u32 size, const struct smc_curs *last,
			 const struct smc_curs *peer)
{
	bool valid = size && size <= SMC_CURS_SIZE_MAX && last->count < size;
	int rc = smc_curs_check(size, last, peer);
	struct smc_curs c;
	u64 fwd, back;
	int comp;

	FUZZ_ASSERT(smc_curs_valid(size, last) == valid);
	if (!valid) {
		FUZZ_ASSERT(rc == -EINVAL);
		FUZZ_ASSERT(smc_curs_diff(size, last, peer) == 0);
		FUZZ_ASSERT(smc_curs_comp(size, last, peer) == 0);
		c = *last;
		FUZZ_ASSERT(smc_curs_add(size, &c, 0) == -EINVAL &&
			    c.wrap == last->wrap && c.count == last->count);
		return;
	}
	if (peer->count >= size) {
		FUZZ_ASSERT(rc == -EPROTO);
		FUZZ_ASSERT(smc_curs_diff(size, last, peer) == 0);
		FUZZ_ASSERT(smc_curs_comp(size, last, peer) == 0);
		return;
	}
	fwd = curs_ref_fwd(size, last, peer);
	back = fwd ? curs_ref_space(size) - fwd : 0;
	if (fwd <= size)
		FUZZ_ASSERT(rc == (int)fwd);
	else
		FUZZ_ASSERT(rc == (curs_ref_ahead(size, fwd) ? -EPROTO :
				   -ESTALE));
	FUZZ_ASSERT(smc_curs_diff(size, last, peer) == (fwd <= size ? fwd : 0));
	comp = smc_curs_comp(size, last, peer);
	if (curs_ref_ahead(size, fwd))
		FUZZ_ASSERT(comp == (fwd < size ? (int)fwd : (int)size));
	else
		FUZZ_ASSERT(comp == (back < size ? -(int)back : -(int)size));
	if (rc >= 0) {
		c = *last;
		FUZZ_ASSERT(smc_curs_add(size, &c, (u32)rc) == 0);
		FUZZ_ASSERT(c.wrap == peer->wrap && c.count == peer->count);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smc_cdc_info a, b;
	struct smc_curs last, peer[2];
	u8 e1[SMC_CDC_MSG_LEN], e2[SMC_CDC_MSG_LEN];
	const u8 *msg = data + FUZZ_MSG_OFF;
	size_t len;
	u32 bsize;
	int rc, i;

	if (size < FUZZ_MSG_OFF)
		return 0;
	len = size - FUZZ_MSG_OFF;
	/* the top bit asks for a size in range, the next a last cursor
	 * within it: random sizes are mostly too big
	 */
	bsize = get32(data);
	if (bsize & 0x80000000U)
		bsize &= SMC_CURS_SIZE_MAX - 1;
	last.wrap = (u16)(data[4] << 8 | data[5]);
	last.count = get32(data + 6);
	if ((data[0] & 0x40) && bsize && bsize <= SMC_CURS_SIZE_MAX)
		last.count %= bsize;

	rc = smc_cdc_decode(msg, len, &a);
	FUZZ_ASSERT(rc == 0 || rc == -EPROTO);
	if (rc) {
		FUZZ_ASSERT(fuzz_all_zero(&a, sizeof(a)));
		if (len < 24)
			return 0;
		/* the validator sees raw cursors all the same */
		a.prod.wrap = (u16)(msg[10] << 8 | msg[11]);
		a.prod.count = get32(msg + 12);
		a.cons.wrap = (u16)(msg[18] << 8 | msg[19]);
		a.cons.count = get32(msg + 20);
	} else {
		FUZZ_ASSERT(len == SMC_CDC_MSG_LEN);
		FUZZ_ASSERT(!(a.prod_flags & ~SMC_CDC_PF_MASK) &&
			    !(a.conn_state_flags & ~SMC_CDC_CS_MASK));
		FUZZ_ASSERT(smc_cdc_encode(e1, sizeof(e1), &a) ==
			    SMC_CDC_MSG_LEN && !memcmp(e1, msg, len));
		FUZZ_ASSERT(smc_cdc_encode(e2, sizeof(e2) - 1, &a) ==
			    -EMSGSIZE);
		FUZZ_ASSERT(smc_cdc_decode(e1, sizeof(e1), &b) == 0 &&
			    cdc_info_eq(&a, &b));
	}
	peer[0] = a.prod;
	peer[1] = a.cons;
	for (i = 0; i < 2; i++)
		check_cursor(bsize, &last, &peer[i]);
	return 0;
}

/* mostly keep type and length bytes, and 44 bytes of message */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed)
{
	struct clc_rng r = { ((u64)seed << 32 | seed) ^ 0x7f4a7c159e3779b9ULL };
	u32 how = clc_below(&r, 8);
	size_t want = FUZZ_MSG_OFF + SMC_CDC_MSG_LEN;

	size = LLVMFuzzerMutate(data, size, max_size);
	if (how == 7 || max_size < want)
		return size;
	if (size < want)
		memset(data + size, 0, want - size);
	size = want;
	data[FUZZ_MSG_OFF] = SMC_CDC_MSG_TYPE;
	data[FUZZ_MSG_OFF + 1] = SMC_CDC_MSG_LEN;
	if (how < 2)
		data[0] |= 0xc0;
	return size;
}
