// SPDX-License-Identifier: GPL-2.0
/*
 * Seed corpora for the CLC fuzz targets: the Linux messages of the unit
 * tests plus messages of every shape the encoders produce from random
 * consistent infos (fixed seed, so the corpus is the same every time).
 *
 *	gen_corpus DIR		writes DIR/<target>/seed-NNNN
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "smc_clc_wire.h"
#include "clc_vectors.h"
#include "clc_util.h"

#define PER_TYPE	96

static const char *dir;
static unsigned int seq;

static void put_file(const char *target, u8 lead, bool with_lead,
		     const u8 *msg, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, target);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/seed-%04u", dir, target, seq++);
	f = fopen(path, "wb");
	if (!f) {
		perror(path);
		exit(1);
	}
	if ((with_lead && fwrite(&lead, 1, 1, f) != 1) ||
	    fwrite(msg, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* a message seeds its decoder's target and the header check target */
static void put_msg(const u8 *msg, size_t len)
{
	u8 type = msg[4];

	if (type == SMC_CLC_DECLINE)
		put_file("fuzz_decline", 0, false, msg, len);
	else if (type == SMC_CLC_PROPOSAL)
		put_file("fuzz_proposal", 0, false, msg, len);
	else
		put_file("fuzz_accept", 0, false, msg, len);
	put_file("fuzz_hdr_check", type, true, msg, len);
}

int main(int argc, char **argv)
{
	struct clc_rng r = { 0x5eed5eed5eed5eedULL };
	struct smc_clc_proposal_info p;
	struct smc_clc_decline_info d;
	struct smc_clc_accept_info a;
	u8 buf[SMC_CLC_MAX_MSG_LEN];
	size_t i;
	int n;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	mkdir(dir, 0755);

	for (i = 0; i < ARRAY_SIZE(clc_vectors); i++)
		put_msg(clc_vectors[i].buf, clc_vectors[i].len);
	for (i = 0; i < PER_TYPE; i++) {
		clc_gen_decline(&r, &d);
		n = smc_clc_decline_encode(buf, sizeof(buf), &d);
		if (n > 0)
			put_msg(buf, n);
		clc_gen_proposal(&r, &p);
		n = smc_clc_proposal_encode(buf, sizeof(buf), &p);
		if (n > 0)
			put_msg(buf, n);
		clc_gen_accept(&r, &a);
		n = smc_clc_accept_encode(buf, sizeof(buf), &a);
		if (n > 0)
			put_msg(buf, n);
		if (n <= 0) {
			fprintf(stderr, "encoder refused a generated info\n");
			return 1;
		}
	}
	printf("gen_corpus: %u seeds in %s\n", seq, dir);
	return 0;
}
