// SPDX-License-Identifier: GPL-2.0
/*
 * libsmc-preload.so - run unmodified dynamically linked programs over SMC
 *
 * Loaded with LD_PRELOAD (see smc_run), it turns TCP stream sockets into
 * AF_SMC sockets at creation.  AF_SMC falls back to TCP by itself when the
 * peer cannot do SMC, so the program sees a working stream socket either
 * way; when the kernel has no AF_SMC at all the original call is made.
 *
 * Environment:
 *   SMC_SNDBUF, SMC_RCVBUF  buffer sizes for converted sockets (k/m suffix)
 *   SMC_DEBUG               non-empty and not "0": log decisions to stderr
 */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <linux/smc_ext.h>

#define EXPORT __attribute__((visibility("default")))

typedef int (*socket_fn)(int, int, int);

static socket_fn next_socket;
static socket_fn next___socket;
static bool debug;
static int sndbuf;
static int rcvbuf;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* Set once AF_SMC turned out to be missing, to stop asking the kernel. */
static int smc_missing;

static void logmsg(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void logmsg(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n, m, saved = errno;
	ssize_t wr;

	if (!debug)
		return;
	n = snprintf(buf, sizeof(buf), "smc-preload[%d]: ", (int)getpid());
	if (n < 0)
		n = 0;
	va_start(ap, fmt);
	m = vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	if (m > 0)
		n += m;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	/* one write per line keeps lines of threads apart */
	wr = write(STDERR_FILENO, buf, n);
	(void)wr;
	errno = saved;
}

/* "64k", "1m", "65536"; returns -1 unless it is a size that fits an int */
static int parse_size(const char *s)
{
	unsigned long long v = 0, mul = 1;
	const char *p = s;

	if (!s || *p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > INT_MAX)
			return -1;
	}
	switch (*p) {
	case 'k':
	case 'K':
		mul = 1024;
		p++;
		break;
	case 'm':
	case 'M':
		mul = 1024 * 1024;
		p++;
		break;
	default:
		break;
	}
	if (*p || v * mul > INT_MAX)
		return -1;
	return (int)(v * mul);
}

static int env_size(const char *name)
{
	const char *val = getenv(name);
	int v;

	if (!val || !*val)
		return 0;
	v = parse_size(val);
	if (v < 0) {
		logmsg("ignoring %s=%s: not a size (digits with optional k or m)",
		       name, val);
		return 0;
	}
	return v;
}

static int raw_socket(int domain, int type, int protocol)
{
	return syscall(SYS_socket, domain, type, protocol);
}

static void init(void)
{
	const char *d = getenv("SMC_DEBUG");

	debug = d && *d && strcmp(d, "0");
	sndbuf = env_size("SMC_SNDBUF");
	rcvbuf = env_size("SMC_RCVBUF");

	next_socket = (socket_fn)dlsym(RTLD_NEXT, "socket");
	if (!next_socket) {
		logmsg("socket() not found after this library, calling the kernel directly");
		next_socket = raw_socket;
	}
	next___socket = (socket_fn)dlsym(RTLD_NEXT, "__socket");
	if (!next___socket)
		next___socket = next_socket;
}

static const char *domain_name(int domain)
{
	return domain == AF_INET ? "AF_INET" : "AF_INET6";
}

/* only called for convertible types, so SOCK_STREAM plus flags */
static const char *type_name(int type)
{
	switch (type & (SOCK_NONBLOCK | SOCK_CLOEXEC)) {
	case SOCK_NONBLOCK:
		return "SOCK_STREAM|SOCK_NONBLOCK";
	case SOCK_CLOEXEC:
		return "SOCK_STREAM|SOCK_CLOEXEC";
	case SOCK_NONBLOCK | SOCK_CLOEXEC:
		return "SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC";
	default:
		return "SOCK_STREAM";
	}
}

static bool convertible(int domain, int type, int protocol)
{
	if (domain != AF_INET && domain != AF_INET6)
		return false;
	if ((type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) != SOCK_STREAM)
		return false;
	return protocol == 0 || protocol == IPPROTO_TCP;
}

static void set_buf(int fd, int opt, const char *name, int size)
{
	int val = 0;
	socklen_t len = sizeof(val);

	if (!size)
		return;
	if (setsockopt(fd, SOL_SOCKET, opt, &size, sizeof(size))) {
		logmsg("fd %d: setting %s to %d failed: %s", fd, name, size,
		       strerror(errno));
		return;
	}
	/* the kernel caps at net.core.[rw]mem_max; show what was granted */
	if (debug && !getsockopt(fd, SOL_SOCKET, opt, &val, &len))
		logmsg("fd %d: %s %d requested, kernel reports %d", fd, name,
		       size, val);
}

static int smc_socket(socket_fn next, const char *name, int domain, int type,
		      int protocol)
{
	int saved = errno;
	int fd, err;

	if (!convertible(domain, type, protocol) ||
	    __atomic_load_n(&smc_missing, __ATOMIC_RELAXED))
		return next(domain, type, protocol);

	fd = next(AF_SMC, type,
		  domain == AF_INET6 ? SMCPROTO_SMC6 : SMCPROTO_SMC);
	if (fd >= 0) {
		logmsg("%s(%s, %s, %d) -> AF_SMC fd %d (%s)", name,
		       domain_name(domain), type_name(type), protocol, fd,
		       domain == AF_INET6 ? "SMCPROTO_SMC6" : "SMCPROTO_SMC");
		set_buf(fd, SO_SNDBUF, "SO_SNDBUF", sndbuf);
		set_buf(fd, SO_RCVBUF, "SO_RCVBUF", rcvbuf);
		errno = saved;
		return fd;
	}

	/*
	 * Whatever made AF_SMC fail, the program asked for TCP and should get
	 * exactly what it would have got without this library.
	 */
	err = errno;
	if (err == EAFNOSUPPORT) {
		if (!__atomic_exchange_n(&smc_missing, 1, __ATOMIC_RELAXED))
			logmsg("AF_SMC not supported by the kernel (%s); sockets stay TCP",
			       strerror(err));
	} else {
		logmsg("AF_SMC socket failed (%s); keeping %s",
		       strerror(err), domain_name(domain));
	}
	errno = saved;
	return next(domain, type, protocol);
}

EXPORT int socket(int domain, int type, int protocol)
{
	pthread_once(&init_once, init);
	return smc_socket(next_socket, "socket", domain, type, protocol);
}

EXPORT int __socket(int domain, int type, int protocol)
{
	pthread_once(&init_once, init);
	return smc_socket(next___socket, "__socket", domain, type, protocol);
}
