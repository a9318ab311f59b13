// SPDX-License-Identifier: GPL-2.0
/* Linked statically to check smc_run's warning; the exit code is checked. */
#include <stdio.h>

int main(void)
{
	printf("static program ran\n");
	return 3;
}
