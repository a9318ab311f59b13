// SPDX-License-Identifier: GPL-2.0
/*
 * Seed corpora for the LLC and CDC fuzz targets: the Linux messages of
 * the unit tests plus messages of every shape the encoders produce from
 * random consistent infos (fixed seed, so the corpus is the same every
 * time).  CDC seeds get the parameter prefix fuzz_cdc expects.
 *
 *	gen_corpus_llc DIR	writes DIR/fuzz_llc/ and DIR/fuzz_cdc/
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "llc_vectors.h"
#include "llc_util.h"

#define PER_TARGET	400

static const char *dir;
static unsigned int seq;

static void put_file(const char *target, const u8 *pre, size_t pre_len,
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
	if ((pre_len && fwrite(pre, 1, pre_len, f) != pre_len) ||
	    fwrite(msg, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* buffer size (top bits: in range, last cursor within it) + last cursor */
static void cdc_prefix(struct clc_rng *r, const u8 *msg, u8 *pre)
{
	static const u32 sizes[] = { 16384, 65536, 262144, 1024 * 1024 };
	u32 size = sizes[clc_below(r, ARRAY_SIZE(sizes))];
	u32 v = 0xc0000000U | size;

	pre[0] = (u8)(v >> 24);
	pre[1] = (u8)(v >> 16);
	pre[2] = (u8)(v >> 8);
	pre[3] = (u8)v;
	/* often the message's own producer cursor, a little behind */
	memcpy(pre + 4, msg + 10, 6);
	if (clc_below(r, 2) && pre[9])
		pre[9]--;
}

int main(int argc, char **argv)
{
	static struct llc_store s;
	static u8 buf[SMC_LLC_V2_MAX_LEN];
	struct clc_rng r = { 0x5eed11c05eed11c0ULL };
	struct smc_llc_info li;
	struct smc_cdc_info ci;
	u8 pre[10];
	size_t i;
	int n;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	mkdir(dir, 0755);

	for (i = 0; i < ARRAY_SIZE(llc_vectors); i++)
		put_file("fuzz_llc", NULL, 0, llc_vectors[i].buf,
			 llc_vectors[i].len);
	for (i = 0; i < ARRAY_SIZE(cdc_vectors); i++) {
		cdc_prefix(&r, cdc_vectors[i].buf, pre);
		put_file("fuzz_cdc", pre, sizeof(pre), cdc_vectors[i].buf,
			 cdc_vectors[i].len);
	}
	for (i = 0; i < PER_TARGET; i++) {
		llc_gen(&r, &li, &s);
		/* long messages are slow to mutate: keep most seeds short */
		if (clc_below(&r, 4) && li.type == SMC_LLC_ADD_LINK &&
		    li.add_link.rt_cnt > 8) {
			li.add_link.num_rkeys = 8;
			li.add_link.rt_cnt = 8;
		}
		n = smc_llc_encode(buf, sizeof(buf), &li);
		if (n <= 0) {
			fprintf(stderr, "LLC encoder refused a generated info\n");
			return 1;
		}
		put_file("fuzz_llc", NULL, 0, buf, n);

		cdc_gen(&r, &ci);
		if (clc_below(&r, 2)) {
			/* cursors inside the smallest buffer size */
			ci.prod.count &= 0x3fff;
			ci.cons.count &= 0x3fff;
		}
		n = smc_cdc_encode(buf, sizeof(buf), &ci);
		if (n <= 0) {
			fprintf(stderr, "CDC encoder refused a generated info\n");
			return 1;
		}
		cdc_prefix(&r, buf, pre);
		put_file("fuzz_cdc", pre, sizeof(pre), buf, n);
	}
	printf("gen_corpus_llc: %u seeds in %s\n", seq, dir);
	return 0;
}
