/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few checks the tools' unit tests share: each failed check prints
 * where and why, and the counts make the summary line.
 */
#ifndef SMC_TOOLS_TEST_CHECK_H
#define SMC_TOOLS_TEST_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

static void check(int ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		return;
	}
	failed++;
	fprintf(stderr, "FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#define CHECK(cond) check(!!(cond), __FILE__, __LINE__, "%s", #cond)
#define CHECK_INT(got, exp) do {					\
	long long _g = (got), _e = (exp);				\
	check(_g == _e, __FILE__, __LINE__, "%s = %lld, expected %lld",	\
	      #got, _g, _e);						\
} while (0)
#define CHECK_STR(got, exp) do {					\
	const char *_g = (got), *_e = (exp);				\
	check(!strcmp(_g, _e), __FILE__, __LINE__,			\
	      "%s:\n--- got ---\n%s\n--- expected ---\n%s", #got, _g, _e); \
} while (0)
#define CHECK_HAS(hay, needle) do {					\
	const char *_h = (hay), *_n = (needle);				\
	check(strstr(_h, _n) != NULL, __FILE__, __LINE__,		\
	      "missing \"%s\" in:\n%s", _n, _h);			\
} while (0)
#define CHECK_HASNT(hay, needle) do {					\
	const char *_h = (hay), *_n = (needle);				\
	check(strstr(_h, _n) == NULL, __FILE__, __LINE__,		\
	      "unexpected \"%s\" in:\n%s", _n, _h);			\
} while (0)

#endif /* SMC_TOOLS_TEST_CHECK_H */
