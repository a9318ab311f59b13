// SPDX-License-Identifier: GPL-2.0
/*
 * Module wrapper for "make kcheck": calls into the pure files so that they
 * are linked and checked as kernel code; never meant to be loaded.
 */
#include <linux/module.h>
#include "smc_clc_wire.h"

static int __init smc_pure_kcheck_init(void)
{
	struct smc_clc_decline_info d = { .version = SMC_V2 };
	u8 buf[SMC_CLC_DECLINE_LEN_V2];
	int len;

	len = smc_clc_decline_encode(buf, sizeof(buf), &d);
	if (len < 0)
		return len;
	return smc_clc_decline_decode(buf, len, &d);
}

static void __exit smc_pure_kcheck_exit(void)
{
}

module_init(smc_pure_kcheck_init);
module_exit(smc_pure_kcheck_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("compile check of the pure SMC files");
