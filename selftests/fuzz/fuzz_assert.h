/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one check every fuzz target makes after a decoder accepted an input:
 * an invariant that must hold, else abort() so libFuzzer keeps the input.
 */
#ifndef FUZZ_ASSERT_H
#define FUZZ_ASSERT_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_ASSERT(cond)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "invariant broken: %s (%s:%d)\n",	\
				#cond, __FILE__, __LINE__);		\
			abort();					\
		}							\
	} while (0)

#endif /* FUZZ_ASSERT_H */
