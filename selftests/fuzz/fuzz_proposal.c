// SPDX-License-Identifier: GPL-2.0
/*
 * PROPOSAL decoder: never reads outside the input; what it accepts is
 * structurally sound (counts in bounds, parts present exactly as the types
 * say), passes the header check, and its canonical encoding is no longer
 * than the input, decodes to the same info and encodes to the same bytes.
 */
#include "fuzz_common.h"

static void check_shape(const struct smc_clc_proposal_info *p)
{
	bool v1 = p->version == SMC_V1;

	FUZZ_ASSERT(p->version >= SMC_V1 && p->version <= 0xf);
	FUZZ_ASSERT(p->typev1 <= SMC_TYPE_B && p->typev2 <= SMC_TYPE_B);
	FUZZ_ASSERT(p->ipv6_prefix_cnt <= SMC_CLC_MAX_V6_PREFIX);
	FUZZ_ASSERT(p->eid_cnt <= SMC_CLC_MAX_UEID);
	FUZZ_ASSERT(p->ism_gid_cnt <= SMC_CLC_MAX_ISM_GIDS);
	FUZZ_ASSERT(p->ipv4_prefix_len <= 32);
	if (v1) {
		FUZZ_ASSERT(p->typev1 != SMC_TYPE_N && p->has_prefix);
		FUZZ_ASSERT(!p->has_v2_ext && !p->has_smcd_v2_ext);
	} else {
		FUZZ_ASSERT(p->typev1 != SMC_TYPE_N ||
			    p->typev2 != SMC_TYPE_N);
		FUZZ_ASSERT(p->has_smcd_area);
		FUZZ_ASSERT(p->has_prefix == (p->typev1 != SMC_TYPE_N));
		FUZZ_ASSERT(p->has_v2_ext == (p->typev2 != SMC_TYPE_N));
		FUZZ_ASSERT(p->has_smcd_v2_ext == smcd_indicated(p->typev2));
	}
	if (!p->has_prefix)
		FUZZ_ASSERT(!p->ipv6_prefix_cnt);
	if (!p->has_v2_ext)
		FUZZ_ASSERT(!p->eid_cnt && !p->release);
	if (!p->has_smcd_v2_ext)
		FUZZ_ASSERT(!p->ism_gid_cnt);
	if (p->release < SMC_RELEASE_1)
		FUZZ_ASSERT(!p->max_conns && !p->max_links &&
			    !p->feature_mask);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smc_clc_proposal_info a, b;
	u8 e1[SMC_CLC_MAX_MSG_LEN], e2[SMC_CLC_MAX_MSG_LEN];
	int rc, n1, n2;

	rc = smc_clc_proposal_decode(data, size, &a);
	FUZZ_ASSERT(rc == 0 || rc == -EPROTO);
	if (rc) {
		FUZZ_ASSERT(fuzz_all_zero(&a, sizeof(a)));
		return 0;
	}
	fuzz_hdr_agrees(data, size, SMC_CLC_PROPOSAL);
	check_shape(&a);

	/* shorter only for v1 bytes skipped by an odd iparea_offset */
	n1 = smc_clc_proposal_encode(e1, sizeof(e1), &a);
	FUZZ_ASSERT(n1 > 0 && (size_t)n1 <= size);
	if (a.version != SMC_V1)
		FUZZ_ASSERT((size_t)n1 == size);
	FUZZ_ASSERT(smc_clc_proposal_decode(e1, n1, &b) == 0);
	FUZZ_ASSERT(clc_proposal_eq(&a, &b));
	n2 = smc_clc_proposal_encode(e2, sizeof(e2), &b);
	FUZZ_ASSERT(n2 == n1 && !memcmp(e1, e2, n1));
	FUZZ_ASSERT(smc_clc_proposal_encode(e2, n1 - 1, &a) == -EMSGSIZE);
	return 0;
}
