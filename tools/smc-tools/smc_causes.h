/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace view of the SMC fallback / decline cause table.  The texts live
 * only in net/smc/smc_cause_table.h; this header just gives the tools a way
 * to look them up.
 */
#ifndef SMC_TOOLS_CAUSES_H
#define SMC_TOOLS_CAUSES_H

#include <stddef.h>
#include <stdint.h>

struct smc_cause {
	uint32_t code;
	const char *id;		/* suffix of SMC_CLC_DECL_<id> */
	const char *summary;
	const char *cause;
	const char *fix;
};

extern const struct smc_cause smc_causes[];
extern const size_t smc_causes_count;

/* NULL when the code is not in the table */
const struct smc_cause *smc_cause_find(uint32_t code);

/*
 * The kernel reports a negative errno instead of a cause code when the
 * handshake failed without a decline code; returns that errno (> 0) or 0.
 */
int smc_cause_errno(uint32_t code);

#endif /* SMC_TOOLS_CAUSES_H */
