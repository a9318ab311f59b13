/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal test harness: one line per test ("ok"/"FAIL" and its name),
 * the failed checks on stderr, then the line "N passed, N failed" that
 * CI reads, and an exit status telling whether everything passed.
 *
 *	TEST(name) { CHECK(cond); CHECK_EQ(a, b); }
 *	static const struct tt_test tests[] = { TT(name), ... };
 *	int main(void) { return tt_run(tests, TT_COUNT(tests)); }
 */
#ifndef TINYTEST_H
#define TINYTEST_H

#include <stdio.h>

struct tt_test {
	const char *name;
	void (*fn)(void);
};

/* failed checks of the running test; only the first few are printed */
static unsigned int tt_failures;

#define TT_MAX_REPORTS	10

static inline void tt_report(const char *file, int line, const char *what,
			     long long a, long long b, int with_values)
{
	if (++tt_failures > TT_MAX_REPORTS)
		return;
	if (with_values)
		fprintf(stderr, "  %s:%d: %s (%lld vs %lld)\n", file, line,
			what, a, b);
	else
		fprintf(stderr, "  %s:%d: %s\n", file, line, what);
}

#define TEST(name)	static void name(void)
#define TT(name)	{ #name, name }
#define TT_COUNT(a)	(sizeof(a) / sizeof((a)[0]))

#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			tt_report(__FILE__, __LINE__, "CHECK(" #cond ")",	\
				  0, 0, 0);				\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		long long tt_a = (long long)(a), tt_b = (long long)(b);	\
		if (tt_a != tt_b)					\
			tt_report(__FILE__, __LINE__,			\
				  "CHECK_EQ(" #a ", " #b ")", tt_a, tt_b, 1);	\
	} while (0)

/* a check inside a loop: say which iteration went wrong */
#define CHECK_AT(cond, fmt, ...)					\
	do {								\
		if (!(cond) && ++tt_failures <= TT_MAX_REPORTS)		\
			fprintf(stderr, "  %s:%d: CHECK(" #cond ") " fmt "\n",	\
				__FILE__, __LINE__, __VA_ARGS__);	\
	} while (0)

static inline int tt_run(const struct tt_test *tests, size_t n)
{
	unsigned int passed = 0, failed = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		tt_failures = 0;
		tests[i].fn();
		if (tt_failures) {
			if (tt_failures > TT_MAX_REPORTS)
				fprintf(stderr, "  ... %u failed checks\n",
					tt_failures);
			printf("FAIL - %s\n", tests[i].name);
			failed++;
		} else {
			printf("ok - %s\n", tests[i].name);
			passed++;
		}
		fflush(stdout);
		fflush(stderr);
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

#endif /* TINYTEST_H */
