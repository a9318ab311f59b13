// SPDX-License-Identifier: GPL-2.0
/*
 * The server's choice for a CLC proposal (net/smc/smc_negotiate.c).  The
 * expected codes are the ones Linux's SMC module answers with for the same
 * proposal and the same local facts, so mixed peers report alike.
 */

#include <string.h>

#include "tinytest.h"
#include "smc_negotiate.h"
#include "smc_cause.h"

static struct smc_clc_proposal_info prop;
static struct smc_srv_facts facts;

/* A Linux client with an RDMA device: v2 proposal for R/R, one UEID */
static void setup_v2_both(void)
{
	memset(&prop, 0, sizeof(prop));
	prop.version = SMC_V2;
	prop.typev1 = SMC_TYPE_R;
	prop.typev2 = SMC_TYPE_R;
	prop.has_smcd_area = true;
	prop.has_prefix = true;
	prop.has_v2_ext = true;
	prop.eid_cnt = 1;

	memset(&facts, 0, sizeof(facts));
	facts.prefix_match = true;
	facts.vlan_ok = true;
	facts.ueid_match = true;
}

static struct smc_srv_decision decide(void)
{
	struct smc_srv_decision d;

	memset(&d, 0xa5, sizeof(d));
	smc_srv_decide(&prop, &facts, &d);
	return d;
}

#define CHECK_DECLINE(want)						\
	do {								\
		struct smc_srv_decision d = decide();			\
		CHECK_EQ(d.choice, SMC_SRV_DECLINE);			\
		CHECK_EQ(d.code, (want));				\
	} while (0)

#define CHECK_CHOICE(want)						\
	do {								\
		struct smc_srv_decision d = decide();			\
		CHECK_EQ(d.choice, (want));				\
		CHECK_EQ(d.code, 0);					\
	} while (0)

TEST(v2_device_wins_over_v1)
{
	setup_v2_both();
	facts.rdma_v2_dev = true;
	facts.rdma_v1_dev = true;
	CHECK_CHOICE(SMC_SRV_RDMA_V2);
}

TEST(v1_used_when_ueid_differs)
{
	setup_v2_both();
	facts.ueid_match = false;
	facts.rdma_v2_dev = true;
	facts.rdma_v1_dev = true;
	CHECK_CHOICE(SMC_SRV_RDMA_V1);
}

TEST(no_device_at_all)
{
	setup_v2_both();
	CHECK_DECLINE(SMC_CLC_DECL_NOSMCRDEV);
	facts.ueid_match = false;
	CHECK_DECLINE(SMC_CLC_DECL_NOSMCDEV);
}

TEST(v1_only_no_device)
{
	setup_v2_both();
	prop.version = SMC_V1;
	prop.typev2 = 0;
	prop.has_v2_ext = false;
	prop.eid_cnt = 0;
	CHECK_DECLINE(SMC_CLC_DECL_NOSMCDEV);
	facts.rdma_v1_dev = true;
	CHECK_CHOICE(SMC_SRV_RDMA_V1);
}

TEST(v1_needs_same_subnet)
{
	setup_v2_both();
	prop.version = SMC_V1;
	prop.typev2 = 0;
	prop.has_v2_ext = false;
	facts.prefix_match = false;
	facts.rdma_v1_dev = true;
	CHECK_DECLINE(SMC_CLC_DECL_DIFFPREFIX);
}

TEST(v2_ignores_subnet)
{
	setup_v2_both();
	facts.prefix_match = false;
	facts.rdma_v2_dev = true;
	CHECK_CHOICE(SMC_SRV_RDMA_V2);
	facts.rdma_v2_dev = false;
	CHECK_DECLINE(SMC_CLC_DECL_DIFFPREFIX);
}

TEST(v2_only_without_ueid)
{
	setup_v2_both();
	prop.typev1 = SMC_TYPE_N;
	prop.has_prefix = false;
	prop.eid_cnt = 0;
	facts.rdma_v2_dev = true;
	CHECK_DECLINE(SMC_CLC_DECL_NOUEID);
}

TEST(v2_without_extension)
{
	setup_v2_both();
	prop.typev1 = SMC_TYPE_N;
	prop.has_prefix = false;
	prop.has_v2_ext = false;
	CHECK_DECLINE(SMC_CLC_DECL_NOV2EXT);
}

TEST(smcd_only_is_declined_as_linux_does)
{
	setup_v2_both();
	prop.typev1 = SMC_TYPE_D;
	prop.typev2 = SMC_TYPE_D;
	CHECK_DECLINE(SMC_CLC_DECL_NOSMCDDEV);
	prop.typev1 = SMC_TYPE_N;
	prop.has_prefix = false;
	CHECK_DECLINE(SMC_CLC_DECL_NOISM2SUPP);
}

TEST(vlan_unknown)
{
	setup_v2_both();
	facts.vlan_ok = false;
	CHECK_DECLINE(SMC_CLC_DECL_GETVLANERR);
	facts.prefix_match = false;
	CHECK_DECLINE(SMC_CLC_DECL_DIFFPREFIX);
}

TEST(v1_proposal_smcd_only_reads_raw_typev2)
{
	/* Linux's v1 check looks at typev2 bits that read as SMC-R (0) */
	setup_v2_both();
	prop.version = SMC_V1;
	prop.typev1 = SMC_TYPE_D;
	prop.typev2 = 0;
	prop.has_v2_ext = false;
	facts.rdma_v1_dev = true;
	CHECK_DECLINE(SMC_CLC_DECL_NOSMCDDEV);
}

static const struct tt_test tests[] = {
	TT(v2_device_wins_over_v1),
	TT(v1_used_when_ueid_differs),
	TT(no_device_at_all),
	TT(v1_only_no_device),
	TT(v1_needs_same_subnet),
	TT(v2_ignores_subnet),
	TT(v2_only_without_ueid),
	TT(v2_without_extension),
	TT(smcd_only_is_declined_as_linux_does),
	TT(vlan_unknown),
	TT(v1_proposal_smcd_only_reads_raw_typev2),
};

int main(void)
{
	return tt_run(tests, TT_COUNT(tests));
}
