// SPDX-License-Identifier: GPL-2.0
/*
 * The one place where the SMC trace events are instantiated.
 */

#define CREATE_TRACE_POINTS
#include "smc_tracepoint.h"
