/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fallback and decline cause codes as C constants, generated from the one
 * table in smc_cause_table.h.  Pure: used by the module and the tools.
 */
#ifndef SMC_CAUSE_H
#define SMC_CAUSE_H

enum smc_clc_decl_code {
#define SMC_CAUSE(code, id, summary, cause, fix) SMC_CLC_DECL_##id = code,
#include "smc_cause_table.h"
};

#endif /* SMC_CAUSE_H */
