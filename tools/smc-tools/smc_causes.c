// SPDX-License-Identifier: GPL-2.0
/*
 * Lookup in the one cause table shared with the kernel module.
 */
#include "smc_causes.h"

const struct smc_cause smc_causes[] = {
#define SMC_CAUSE(_code, _id, _summary, _cause, _fix) \
	{ .code = (_code), .id = #_id, .summary = (_summary), \
	  .cause = (_cause), .fix = (_fix) },
#include "../../net/smc/smc_cause_table.h"
};

const size_t smc_causes_count = sizeof(smc_causes) / sizeof(smc_causes[0]);

const struct smc_cause *smc_cause_find(uint32_t code)
{
	size_t i;

	/* a few dozen entries: a linear scan keeps the table order free */
	for (i = 0; i < smc_causes_count; i++)
		if (smc_causes[i].code == code)
			return &smc_causes[i];
	return NULL;
}

int smc_cause_errno(uint32_t code)
{
	int32_t v = (int32_t)code;

	/* the kernel's errno range is -4095..-1 */
	if (v < 0 && v >= -4095)
		return -v;
	return 0;
}
