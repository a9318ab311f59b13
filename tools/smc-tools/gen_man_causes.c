// SPDX-License-Identifier: GPL-2.0
/*
 * Build helper: copies a man page template to stdout and replaces the line
 * "@SMC_CAUSES@" with the cause table in troff, so the manual never holds a
 * second copy of the texts that can drift from net/smc/smc_cause_table.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "smc_causes.h"

/*
 * troff treats backslashes and leading dots specially, '-' must stay ASCII,
 * and a sentence gets its own line so that it is spaced as one.
 */
static void roff(FILE *f, const char *s)
{
	bool bol = true;

	for (; *s; s++) {
		if (bol && (*s == '.' || *s == '\''))
			fputs("\\&", f);
		bol = false;
		if (*s == '\\') {
			fputs("\\e", f);
		} else if (*s == '-') {
			fputs("\\-", f);
		} else if (*s == '.' && s[1] == ' ') {
			fputs(".\n", f);
			s++;
			bol = true;
		} else {
			fputc(*s, f);
		}
	}
}

static void causes(FILE *f)
{
	size_t i;

	for (i = 0; i < smc_causes_count; i++) {
		const struct smc_cause *c = &smc_causes[i];

		fprintf(f, ".TP\n.B 0x%08x\n", c->code);
		roff(f, c->summary);
		fputs("\n.br\n.I Cause:\n", f);
		roff(f, c->cause);
		fputs("\n.br\n.I Fix:\n", f);
		roff(f, c->fix);
		fputc('\n', f);
	}
}

int main(int argc, char **argv)
{
	char line[4096];
	FILE *in;
	int done = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s TEMPLATE\n", argv[0]);
		return 2;
	}
	in = fopen(argv[1], "r");
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	while (fgets(line, sizeof(line), in)) {
		if (!strcmp(line, "@SMC_CAUSES@\n")) {
			causes(stdout);
			done = 1;
		} else {
			fputs(line, stdout);
		}
	}
	fclose(in);
	if (!done) {
		fprintf(stderr, "%s: no @SMC_CAUSES@ line in %s\n", argv[0],
			argv[1]);
		return 1;
	}
	return fflush(stdout) ? 1 : 0;
}
