// SPDX-License-Identifier: GPL-2.0
/*
 * Build helper: puts the cause table of net/smc/smc_cause_table.h into the
 * documents that list it, so that no document holds a second copy of the
 * texts that can drift from the table.
 *
 *   gen_man_causes TEMPLATE      copy a man page template to stdout with the
 *                                line "@SMC_CAUSES@" replaced by the table
 *                                in troff
 *   gen_man_causes --rst FILE    copy a reStructuredText file to stdout with
 *                                the lines between its RST_BEGIN and RST_END
 *                                comment lines replaced by the table in rst
 *
 * The rst variant rewrites a file that is kept in the tree: the docs check
 * compares its output with the file, "make -C tools/smc-tools docs" writes
 * it back.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "smc_causes.h"

#define RST_BEGIN ".. smc-cause-table-begin"
#define RST_END ".. smc-cause-table-end"
#define RST_WIDTH 76

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

/*
 * Inline markup characters of rst lose their meaning behind a backslash;
 * an underscore only matters at the end of a word ("name_" is a link).
 */
static bool rst_special(const char *s)
{
	switch (*s) {
	case '\\':
	case '*':
	case '`':
	case '|':
		return true;
	case '_':
		return !s[1] || s[1] == ' ' || strchr(".,;:)", s[1]);
	}
	return false;
}

/*
 * One paragraph, the first line starting with LEAD, the others indented to
 * INDENT, broken between words before RST_WIDTH columns.
 */
static void rst_para(FILE *f, int indent, const char *lead, const char *s)
{
	int col = indent + (int)strlen(lead);
	bool first = !*lead;	/* no blank before the first word of a line */

	fprintf(f, "%*s%s", indent, "", lead);
	while (*s) {
		const char *end = strchr(s, ' ');
		int len = end ? (int)(end - s) : (int)strlen(s);
		int width = len, i;

		for (i = 0; i < len; i++)
			width += rst_special(s + i);
		if (!first && col + 1 + width > RST_WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
			first = true;
		}
		if (!first) {
			fputc(' ', f);
			col++;
		}
		for (i = 0; i < len; i++) {
			if (rst_special(s + i))
				fputc('\\', f);
			fputc(s[i], f);
		}
		col += width;
		first = false;
		s += len;
		while (*s == ' ')
			s++;
	}
	fputc('\n', f);
}

static void causes_rst(FILE *f)
{
	size_t i;

	fputs("\n", f);
	for (i = 0; i < smc_causes_count; i++) {
		const struct smc_cause *c = &smc_causes[i];

		fprintf(f, "``0x%08x`` ``%s``\n", c->code, c->id);
		rst_para(f, 3, "", c->summary);
		fputc('\n', f);
		rst_para(f, 3, "*Cause:*", c->cause);
		fputc('\n', f);
		rst_para(f, 3, "*Fix:*", c->fix);
		fputc('\n', f);
	}
}

static bool starts(const char *line, const char *prefix)
{
	return !strncmp(line, prefix, strlen(prefix));
}

/*
 * Copies IN to stdout; MAN: replace the line "@SMC_CAUSES@", else replace
 * what lies between the RST_BEGIN and RST_END lines.
 */
static int copy(FILE *in, const char *name, bool man)
{
	char line[4096];
	bool inside = false;
	int done = 0;

	while (fgets(line, sizeof(line), in)) {
		if (man && !strcmp(line, "@SMC_CAUSES@\n")) {
			causes(stdout);
			done++;
		} else if (!man && !inside && starts(line, RST_BEGIN)) {
			fputs(line, stdout);
			causes_rst(stdout);
			inside = true;
			done++;
		} else if (!man && inside && starts(line, RST_END)) {
			fputs(line, stdout);
			inside = false;
		} else if (!inside) {
			fputs(line, stdout);
		}
	}
	if (done != 1 || inside) {
		fprintf(stderr, "gen_man_causes: %s needs exactly one %s\n",
			name, man ? "@SMC_CAUSES@ line" :
			"pair of " RST_BEGIN " / " RST_END " lines");
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	bool man = argc == 2;
	const char *name = argv[argc - 1];
	FILE *in;
	int ret;

	if (argc != 2 && !(argc == 3 && !strcmp(argv[1], "--rst"))) {
		fprintf(stderr, "usage: %s TEMPLATE | --rst FILE\n", argv[0]);
		return 2;
	}
	in = fopen(name, "r");
	if (!in) {
		perror(name);
		return 1;
	}
	ret = copy(in, name, man);
	fclose(in);
	if (ret)
		return ret;
	return fflush(stdout) ? 1 : 0;
}
