// SPDX-License-Identifier: GPL-2.0
/*
 * Test stand-in for a kernel with AF_SMC.  Preloaded after
 * libsmc-preload.so, it receives the calls that library passes on: AF_SMC
 * requests are logged and answered with an AF_UNIX stream socket carrying
 * the same flags, or with the errno in FAKE_SMC_ERRNO.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>

#include <linux/smc_ext.h>

static int fake(const char *name, int domain, int type, int protocol)
{
	int (*next)(int, int, int);
	const char *e;

	next = (int (*)(int, int, int))dlsym(RTLD_NEXT, name);
	if (domain != AF_SMC)
		return next(domain, type, protocol);

	fprintf(stderr, "fake-smc: %s(%d, 0x%x, %d)\n", name, domain, type,
		protocol);
	e = getenv("FAKE_SMC_ERRNO");
	if (e && *e) {
		errno = atoi(e);
		return -1;
	}
	return next(AF_UNIX, type, 0);
}

__attribute__((visibility("default")))
int socket(int domain, int type, int protocol)
{
	return fake("socket", domain, type, protocol);
}

__attribute__((visibility("default")))
int __socket(int domain, int type, int protocol)
{
	return fake("__socket", domain, type, protocol);
}
