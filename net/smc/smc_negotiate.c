// SPDX-License-Identifier: GPL-2.0
/*
 * Server side choice of the SMC variant for a CLC proposal.
 *
 * The checks run in the order Linux's SMC module runs them, and the decline
 * code is the first failure that order records, so that an operator looking
 * at either peer sees the same diagnosis whichever implementation runs
 * where.  This module has no SMC-D (ISM) device, so every SMC-D path only
 * contributes the decline code Linux gives when it finds no ISM device.
 */

#include "smc_negotiate.h"
#include "smc_cause.h"

static void smc_decline(struct smc_srv_decision *out, u32 code)
{
	out->choice = SMC_SRV_DECLINE;
	out->code = code;
}

void smc_srv_decide(const struct smc_clc_proposal_info *prop,
		    const struct smc_srv_facts *facts,
		    struct smc_srv_decision *out)
{
	bool v2 = prop->version >= SMC_V2;
	bool r1 = smcr_indicated(prop->typev1);
	bool d1 = smcd_indicated(prop->typev1);
	bool r2 = v2 && smcr_indicated(prop->typev2);
	bool d2 = v2 && smcd_indicated(prop->typev2);
	u32 version_rc = SMC_CLC_DECL_PEERNOSMC;
	u32 prefix_rc = 0;
	u32 first_rc = 0;

	/* Can the SMCv2 part of the proposal be used at all? */
	if (r2 || d2) {
		if (!prop->has_v2_ext) {
			r2 = false;
			d2 = false;
			version_rc = SMC_CLC_DECL_NOV2EXT;
		} else {
			if (d2) {
				d2 = false;
				version_rc = SMC_CLC_DECL_NOISM2SUPP;
			}
			if (r2 && !prop->eid_cnt) {
				r2 = false;
				version_rc = SMC_CLC_DECL_NOUEID;
			}
		}
	}
	if (!r1 && !d1 && !r2 && !d2)
		return smc_decline(out, version_rc);

	/* SMCv1 only works within one IP subnet */
	if (prop->typev1 != SMC_TYPE_N && !facts->prefix_match) {
		prefix_rc = SMC_CLC_DECL_DIFFPREFIX;
		first_rc = prefix_rc;
	}
	if (!facts->vlan_ok)
		return smc_decline(out, first_rc ?: SMC_CLC_DECL_GETVLANERR);

	if (!prefix_rc && d1 && !first_rc)
		first_rc = SMC_CLC_DECL_NOSMCDDEV;

	/* Linux looks at the raw typev2 bits here even for a v1 proposal,
	 * where they read as SMC-R; so does this check.
	 */
	if (!smcr_indicated(prop->typev1) && !smcr_indicated(prop->typev2))
		return smc_decline(out, first_rc ?: SMC_CLC_DECL_NOSMCDDEV);

	if (r2 && facts->ueid_match) {
		if (facts->rdma_v2_dev) {
			out->choice = SMC_SRV_RDMA_V2;
			out->code = 0;
			return;
		}
		if (!first_rc)
			first_rc = SMC_CLC_DECL_NOSMCRDEV;
	}

	if (prefix_rc)
		return smc_decline(out, prefix_rc);

	if (r1 && facts->rdma_v1_dev) {
		out->choice = SMC_SRV_RDMA_V1;
		out->code = 0;
		return;
	}
	smc_decline(out, first_rc ?: SMC_CLC_DECL_NOSMCDEV);
}
