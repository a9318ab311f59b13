/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMC socket states as C constants and names, made from the one table in
 * smc_state_table.h.  Pure: used by the module, smcss and the selftests.
 */
#ifndef SMC_STATE_H
#define SMC_STATE_H

#ifndef ARRAY_SIZE		/* user space */
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

enum smc_state {
#define SMC_STATE(value, name) SMC_##name = value,
#include "smc_state_table.h"
};

/**
 * smc_state_name() - the name of an SMC socket state
 * @state: an sk_state value of an SMC socket, e.g. from sock_diag
 *
 * Return: "ACTIVE", "LISTEN", ..., as in smc_state_table.h; NULL for a
 * value that is no SMC state.
 */
static inline const char *smc_state_name(int state)
{
	static const struct {
		int		value;
		const char	*name;
	} names[] = {
#define SMC_STATE(value, name) { value, #name },
#include "smc_state_table.h"
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].value == state)
			return names[i].name;
	return NULL;
}

#endif /* SMC_STATE_H */
