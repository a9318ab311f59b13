/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which SMC variant a server picks for a CLC proposal, or which decline
 * code it answers with.  Pure decision logic: the kernel side gathers the
 * facts (devices, subnet, UEIDs), this file weighs them in the order the
 * protocol and Linux's module use, so peers see the same codes.
 */
#ifndef SMC_NEGOTIATE_H
#define SMC_NEGOTIATE_H

#include "smc_pure.h"
#include "smc_clc_wire.h"

struct smc_srv_facts {
	bool	prefix_match;		/* peer shares our subnet (v1 rule) */
	bool	vlan_ok;		/* the VLAN of the route is known */
	bool	ueid_match;		/* a proposed UEID is one of ours */
	bool	rdma_v2_dev;		/* an RDMA device can do SMC-Rv2 */
	bool	rdma_v1_dev;		/* an RDMA device can do SMC-Rv1 */
};

enum smc_srv_choice {
	SMC_SRV_DECLINE,		/* answer with a DECLINE of .code */
	SMC_SRV_RDMA_V2,		/* go on with SMC-Rv2 */
	SMC_SRV_RDMA_V1,		/* go on with SMC-Rv1 */
};

struct smc_srv_decision {
	enum smc_srv_choice	choice;
	u32			code;	/* decline code for SMC_SRV_DECLINE */
};

/**
 * smc_srv_decide() - pick the SMC variant for a proposal, or a decline code
 * @prop: the client's proposal, decoded and validated
 *        (smc_clc_proposal_decode())
 * @facts: what the server found out about its devices, subnet and UEIDs
 * @out: the choice, and for SMC_SRV_DECLINE the SMC_CLC_DECL_* code
 *
 * SMC-Rv2 is preferred over SMC-Rv1.  The checks run in the order Linux's
 * module runs them, and the decline code is the first failure that order
 * records, so both peers show the same diagnosis.  SMC-D paths only
 * contribute the code Linux gives when it finds no ISM device.
 *
 * Context: any context (pure computation).
 */
void smc_srv_decide(const struct smc_clc_proposal_info *prop,
		    const struct smc_srv_facts *facts,
		    struct smc_srv_decision *out);

#endif /* SMC_NEGOTIATE_H */
