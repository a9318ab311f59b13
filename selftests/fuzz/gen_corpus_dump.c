// SPDX-License-Identifier: GPL-2.0
/*
 * Seeds for fuzz_dump: one record of each event, whole and cut.
 *
 *	gen_corpus_dump DIR	writes DIR/fuzz_dump/
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "smc_dump_wire.h"

int main(int argc, char **argv)
{
	static const u8 ev[] = { SMC_DUMP_EV_LLC, SMC_DUMP_EV_CDC,
				 SMC_DUMP_EV_DATA };
	static const u8 type[] = { 0x01, 0xfe, 0 };
	u8 buf[SMC_DUMP_HDR_LEN + 44];
	char path[4096];
	unsigned int k, cut, n = 0;

	if (argc != 2)
		return 2;
	snprintf(path, sizeof(path), "%s", argv[1]);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/fuzz_dump", argv[1]);
	mkdir(path, 0755);
	for (k = 0; k < sizeof(ev); k++) {
		for (cut = 0; cut < 2; cut++) {
			struct smc_dump_info i = {
				.dir = 1 + cut, .event = ev[k],
				.mode = SMC_DUMP_MODE_SMCR, .link_id = 1,
				.msg_type = type[k], .lgr_id = 0x100,
				.token = 5, .lport = 1, .pport = 2, .len = 44,
			};
			u32 caplen = cut ? 20 : 44;
			FILE *f;

			if (smc_dump_encode(buf, sizeof(buf), &i, caplen) < 0)
				return 1;
			memset(buf + SMC_DUMP_HDR_LEN, k, caplen);
			snprintf(path, sizeof(path), "%s/fuzz_dump/seed-%u",
				 argv[1], n++);
			f = fopen(path, "wb");
			if (!f || fwrite(buf, SMC_DUMP_HDR_LEN + caplen, 1, f) != 1)
				return 1;
			fclose(f);
		}
	}
	printf("gen_corpus_dump: %u seeds in %s\n", n, argv[1]);
	return 0;
}
