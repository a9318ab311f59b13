/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Environment for the pure parts of the module.
 *
 * Files that only encode, decode and validate data (wire codecs, cursor
 * arithmetic, cause tables) include this header and nothing kernel specific,
 * so the very same source is compiled into smc.ko and into the userspace
 * unit tests and fuzzers under selftests/.
 */
#ifndef SMC_PURE_H
#define SMC_PURE_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <asm/byteorder.h>

#else

/* the userspace tests supply the same environment */
#include "smc_pure_user.h"

#endif /* __KERNEL__ */

#endif /* SMC_PURE_H */
