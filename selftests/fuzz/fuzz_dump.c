// SPDX-License-Identifier: GPL-2.0
/*
 * SMC dump header decoder (net/smc/smc_dump_wire.c), which reads what a
 * capture file says.  It never reads outside the datagram, zeroes the
 * info of a refused one, and a version 1 record it accepts re-encodes to
 * the same header bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>

#include "smc_dump_wire.h"
#include "fuzz_assert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 *copy = malloc(size ? size : 1), out[SMC_DUMP_HDR_LEN];
	struct smc_dump_info i;
	static const struct smc_dump_info zero;
	int rc;

	if (!copy)
		abort();
	memcpy(copy, data, size);
	rc = smc_dump_decode(copy, size, &i);
	FUZZ_ASSERT(rc == 0 || rc == -EPROTO);
	if (rc) {
		FUZZ_ASSERT(!memcmp(&i, &zero, sizeof(i)));
	} else {
		FUZZ_ASSERT(i.hdr_len >= SMC_DUMP_HDR_LEN && i.hdr_len <= size);
		FUZZ_ASSERT(size - i.hdr_len <= i.len);
		if (i.version == SMC_DUMP_VERSION) {
			rc = smc_dump_encode(out, sizeof(out), &i,
					     size - i.hdr_len);
			FUZZ_ASSERT(rc == SMC_DUMP_HDR_LEN);
			FUZZ_ASSERT(!memcmp(out, copy, SMC_DUMP_HDR_LEN));
		}
	}
	free(copy);
	return 0;
}
