// SPDX-License-Identifier: GPL-2.0
/*
 * Header check, fed as the receive path feeds it: byte 0 is the expected
 * type, then the stream.  The verdict must follow from the 8 header bytes
 * alone; an accepted header announces a length within the global bound;
 * the message it announces (when the input holds it) is then handed to the
 * matching decoder, in a buffer of exactly that length.
 */
/* byte 0 is the expected type */
#define FUZZ_MSG_OFF	1
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct smc_clc_hdr *hdr;
	union {
		struct smc_clc_decline_info d;
		struct smc_clc_proposal_info p;
		struct smc_clc_accept_info a;
	} info;
	bool ec_ok;
	u16 mlen = 0;
	u8 exp, *msg;
	int rc;

	if (size < 1 + SMC_CLC_HDR_LEN)
		return 0;
	exp = data[0];
	hdr = (const struct smc_clc_hdr *)(data + 1);
	rc = smc_clc_hdr_check(hdr, exp, &mlen);
	FUZZ_ASSERT(rc == 0 || rc == -ENOMSG || rc == -EPROTO);
	ec_ok = !memcmp(hdr->eyecatcher, smc_clc_eyecatcher_r, 4) ||
		!memcmp(hdr->eyecatcher, smc_clc_eyecatcher_d, 4);
	FUZZ_ASSERT((rc == -ENOMSG) == !ec_ok);
	if (rc)
		return 0;
	FUZZ_ASSERT(hdr->type == exp || hdr->type == SMC_CLC_DECLINE);
	FUZZ_ASSERT(smc_clc_hdr_version(hdr) >= SMC_V1);
	FUZZ_ASSERT(mlen == be16_to_cpu(hdr->length));
	FUZZ_ASSERT(mlen >= SMC_CLC_DECLINE_LEN_V1 &&
		    mlen <= SMC_CLC_MAX_MSG_LEN);
	if (size - 1 < mlen)
		return 0;

	msg = malloc(mlen);
	FUZZ_ASSERT(msg);
	memcpy(msg, data + 1, mlen);
	switch (hdr->type) {
	case SMC_CLC_DECLINE:
		rc = smc_clc_decline_decode(msg, mlen, &info.d);
		break;
	case SMC_CLC_PROPOSAL:
		rc = smc_clc_proposal_decode(msg, mlen, &info.p);
		break;
	default:
		rc = smc_clc_accept_decode(msg, mlen, hdr->type, &info.a);
		break;
	}
	FUZZ_ASSERT(rc == 0 || rc == -EPROTO);
	free(msg);
	return 0;
}
