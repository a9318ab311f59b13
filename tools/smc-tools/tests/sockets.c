// SPDX-License-Identifier: GPL-2.0
/*
 * Creates the sockets the preload tests look at and prints what it got,
 * one line per socket, so runs with and without the library can be diffed.
 *
 *   sockets         the list of sockets
 *   sockets probe   "smc=yes" or "smc=no": does the kernel have AF_SMC
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <linux/smc_ext.h>

static int getint(int fd, int opt)
{
	int v = -1;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, SOL_SOCKET, opt, &v, &len))
		return -1;
	return v;
}

static void report(const char *label, int fd)
{
	int fl, fdfl;

	if (fd < 0) {
		printf("%s error=%d\n", label, errno);
		return;
	}
	fl = fcntl(fd, F_GETFL);
	fdfl = fcntl(fd, F_GETFD);
	printf("%s domain=%d proto=%d type=%d nonblock=%d cloexec=%d sndbuf=%d rcvbuf=%d\n",
	       label, getint(fd, SO_DOMAIN), getint(fd, SO_PROTOCOL),
	       getint(fd, SO_TYPE), !!(fl & O_NONBLOCK), !!(fdfl & FD_CLOEXEC),
	       getint(fd, SO_SNDBUF), getint(fd, SO_RCVBUF));
	close(fd);
}

int main(int argc, char **argv)
{
	int (*under)(int, int, int);

	if (argc > 1 && !strcmp(argv[1], "probe")) {
		int fd = socket(AF_SMC, SOCK_STREAM, SMCPROTO_SMC);

		printf("smc=%s\n", fd >= 0 ? "yes" : "no");
		return 0;
	}

	report("inet-stream", socket(AF_INET, SOCK_STREAM, 0));
	report("inet-stream-tcp", socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
	report("inet6-stream-nb-cloexec",
	       socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
	report("inet-dgram", socket(AF_INET, SOCK_DGRAM, 0));
	report("unix-stream", socket(AF_UNIX, SOCK_STREAM, 0));
	report("inet-stream-udp", socket(AF_INET, SOCK_STREAM, IPPROTO_UDP));

	/* the libc-internal name, reached the way a loader would */
	under = (int (*)(int, int, int))dlsym(RTLD_DEFAULT, "__socket");
	if (under)
		report("inet-stream-via-__socket", under(AF_INET, SOCK_STREAM, 0));
	else
		printf("inet-stream-via-__socket missing\n");
	return 0;
}
