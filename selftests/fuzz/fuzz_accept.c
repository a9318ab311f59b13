// SPDX-License-Identifier: GPL-2.0
/*
 * ACCEPT/CONFIRM decoder: the input is tried as both; at most one can be
 * right, any other expected type is refused; what is accepted passes the
 * header check, has its parts exactly as the header says, re-encodes to
 * the same length and decodes to the same info.
 */
#include "fuzz_common.h"

static void check_one(const uint8_t *data, size_t size,
		      const struct smc_clc_accept_info *a)
{
	u8 e1[SMC_CLC_MAX_MSG_LEN], e2[SMC_CLC_MAX_MSG_LEN];
	struct smc_clc_accept_info b;
	bool smcr = a->typev1 == SMC_TYPE_R;
	int n1, n2;

	fuzz_hdr_agrees(data, size, a->type);
	FUZZ_ASSERT(a->version == SMC_V1 || a->version == SMC_V2);
	FUZZ_ASSERT(smcr || a->typev1 == SMC_TYPE_D);
	FUZZ_ASSERT(a->has_fce == (a->version == SMC_V2 && a->first_contact));
	FUZZ_ASSERT(!a->has_fce_v21 || a->has_fce);
	if (a->has_fce)
		FUZZ_ASSERT(a->has_fce_v21 ==
			    (smcr || a->release >= SMC_RELEASE_1));
	FUZZ_ASSERT(a->gid_cnt <= SMC_CLC_MAX_GIDS);
	if (a->gid_cnt)
		FUZZ_ASSERT(smcr && a->has_fce &&
			    a->type == SMC_CLC_CONFIRM);
	FUZZ_ASSERT(a->qpn <= 0xffffff && a->psn <= 0xffffff);
	if (!smcr)
		FUZZ_ASSERT(!a->qpn && fuzz_all_zero(&a->lcl, sizeof(a->lcl)));

	n1 = smc_clc_accept_encode(e1, sizeof(e1), a);
	FUZZ_ASSERT(n1 == (int)size);
	FUZZ_ASSERT(smc_clc_accept_decode(e1, n1, a->type, &b) == 0);
	FUZZ_ASSERT(clc_accept_eq(a, &b));
	n2 = smc_clc_accept_encode(e2, sizeof(e2), &b);
	FUZZ_ASSERT(n2 == n1 && !memcmp(e1, e2, n1));
	FUZZ_ASSERT(smc_clc_accept_encode(e2, n1 - 1, a) == -EMSGSIZE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smc_clc_accept_info a;
	int ok = 0, rc;
	u8 t;

	for (t = SMC_CLC_ACCEPT; t <= SMC_CLC_CONFIRM; t++) {
		rc = smc_clc_accept_decode(data, size, t, &a);
		FUZZ_ASSERT(rc == 0 || rc == -EPROTO);
		if (rc) {
			FUZZ_ASSERT(fuzz_all_zero(&a, sizeof(a)));
			continue;
		}
		ok++;
		FUZZ_ASSERT(a.type == t);
		check_one(data, size, &a);
	}
	FUZZ_ASSERT(ok <= 1);
	/* the decoder trusts the caller's expectation, not the header */
	if (size && data[0] != SMC_CLC_ACCEPT && data[0] != SMC_CLC_CONFIRM)
		FUZZ_ASSERT(smc_clc_accept_decode(data, size, data[0], &a) ==
			    -EPROTO);
	return 0;
}
