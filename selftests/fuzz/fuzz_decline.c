// SPDX-License-Identifier: GPL-2.0
/*
 * DECLINE decoder: never reads outside the input; what it accepts has the
 * header check's blessing, re-encodes to the same length and decodes to the
 * same info, and the encoder refuses a buffer one byte too short.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smc_clc_decline_info a, b;
	u8 e1[SMC_CLC_MAX_MSG_LEN], e2[SMC_CLC_MAX_MSG_LEN];
	int rc, n1, n2;

	rc = smc_clc_decline_decode(data, size, &a);
	FUZZ_ASSERT(rc == 0 || rc == -EPROTO);
	if (rc) {
		FUZZ_ASSERT(fuzz_all_zero(&a, sizeof(a)));
		return 0;
	}
	fuzz_hdr_agrees(data, size, SMC_CLC_DECLINE);
	FUZZ_ASSERT(a.version >= SMC_V1 && a.version <= 0xf);
	FUZZ_ASSERT(size == (a.version == SMC_V1 ? SMC_CLC_DECLINE_LEN_V1 :
						   SMC_CLC_DECLINE_LEN_V2));
	FUZZ_ASSERT(a.os_type <= 0xf);
	if (a.version == SMC_V1)
		FUZZ_ASSERT(!a.os_type &&
			    fuzz_all_zero(a.diagnosis_v2,
					  sizeof(a.diagnosis_v2)));

	n1 = smc_clc_decline_encode(e1, sizeof(e1), &a);
	FUZZ_ASSERT(n1 == (int)size);
	FUZZ_ASSERT(smc_clc_decline_decode(e1, n1, &b) == 0);
	FUZZ_ASSERT(clc_decline_eq(&a, &b));
	n2 = smc_clc_decline_encode(e2, sizeof(e2), &b);
	FUZZ_ASSERT(n2 == n1 && !memcmp(e1, e2, n1));
	FUZZ_ASSERT(smc_clc_decline_encode(e2, n1 - 1, &a) == -EMSGSIZE);
	return 0;
}
