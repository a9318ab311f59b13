// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the AF_SMC selftests: socket setup in the family under
 * test, TAP-like reporting, a watchdog and sock_diag lookups.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/smc_diag.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/utsname.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "smctest.h"
#include "../../../net/smc/smc_state.h"

struct smct_config smct = {
	.kind = SMCT_KIND_SMC,
	.count = -1,
	.timeout_scale = 1.0,
};

static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static int checks_run;
static int checks_failed;
static int checks_skipped;
static int watchdog_budget_s;
/* read by the signal handler, so a fixed buffer rather than a pointer */
static char current_phase[160] = "start-up";

/* --- reporting ------------------------------------------------------------ */

static void report_line(bool ok, const char *directive, const char *fmt,
			va_list ap)
{
	char text[512];

	vsnprintf(text, sizeof(text), fmt, ap);
	pthread_mutex_lock(&report_lock);
	checks_run++;
	if (!ok)
		checks_failed++;
	printf("%sok %d - %s%s%s\n", ok ? "" : "not ", checks_run, text,
	       directive ? " # " : "", directive ? directive : "");
	fflush(stdout);
	pthread_mutex_unlock(&report_lock);
}

bool smct_check(bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_line(cond, NULL, fmt, ap);
	va_end(ap);
	return cond;
}

void smct_pass(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_line(true, NULL, fmt, ap);
	va_end(ap);
}

void smct_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_line(false, NULL, fmt, ap);
	va_end(ap);
}

void smct_skip(const char *reason, const char *fmt, ...)
{
	char directive[256];
	va_list ap;

	snprintf(directive, sizeof(directive), "SKIP %s", reason);
	va_start(ap, fmt);
	report_line(true, directive, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&report_lock);
	checks_skipped++;
	pthread_mutex_unlock(&report_lock);
}

void smct_info(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&report_lock);
	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
	pthread_mutex_unlock(&report_lock);
}

const char *smct_errno_name(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ 0, "0" }, { EPERM, "EPERM" }, { ENOENT, "ENOENT" },
		{ EINTR, "EINTR" }, { EBADF, "EBADF" }, { EAGAIN, "EAGAIN" },
		{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
		{ EFAULT, "EFAULT" }, { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" },
		{ ENODEV, "ENODEV" }, { EINVAL, "EINVAL" }, { EPIPE, "EPIPE" },
		{ ENOSPC, "ENOSPC" }, { ERANGE, "ERANGE" },
		{ ENOTSOCK, "ENOTSOCK" }, { EDESTADDRREQ, "EDESTADDRREQ" },
		{ EMSGSIZE, "EMSGSIZE" }, { EPROTOTYPE, "EPROTOTYPE" },
		{ ENOPROTOOPT, "ENOPROTOOPT" },
		{ EPROTONOSUPPORT, "EPROTONOSUPPORT" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { EAFNOSUPPORT, "EAFNOSUPPORT" },
		{ EADDRINUSE, "EADDRINUSE" }, { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
		{ ENETUNREACH, "ENETUNREACH" }, { ECONNABORTED, "ECONNABORTED" },
		{ ECONNRESET, "ECONNRESET" }, { ENOBUFS, "ENOBUFS" },
		{ EISCONN, "EISCONN" }, { ENOTCONN, "ENOTCONN" },
		{ ETIMEDOUT, "ETIMEDOUT" }, { ECONNREFUSED, "ECONNREFUSED" },
		{ EHOSTUNREACH, "EHOSTUNREACH" }, { EALREADY, "EALREADY" },
		{ EINPROGRESS, "EINPROGRESS" }, { ENODATA, "ENODATA" },
		{ EPROTO, "EPROTO" }, { ENOTTY, "ENOTTY" }, { ESPIPE, "ESPIPE" },
		{ ENOSYS, "ENOSYS" }, { ESRCH, "ESRCH" }, { EDOM, "EDOM" },
		{ ENOTSUP, "ENOTSUP" }, { EBADFD, "EBADFD" },
	};
	static __thread char unknown[24];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	snprintf(unknown, sizeof(unknown), "errno %d", err);
	return unknown;
}

static void describe_result(char *buf, size_t len, long ret, int saved_errno)
{
	if (ret == -1)
		snprintf(buf, len, "-1 %s", smct_errno_name(saved_errno));
	else
		snprintf(buf, len, "%ld", ret);
}

bool smct_report_errno(long ret, int saved_errno, int want, const char *fmt,
		       ...)
{
	char text[400], got[64];
	bool ok = ret == -1 && saved_errno == want;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	describe_result(got, sizeof(got), ret, saved_errno);
	if (ok)
		return smct_check(true, "%s: %s", text, smct_errno_name(want));
	return smct_check(false, "%s: want %s, got %s", text,
			  smct_errno_name(want), got);
}

bool smct_report_ok(long ret, int saved_errno, const char *fmt, ...)
{
	char text[400], got[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (ret >= 0)
		return smct_check(true, "%s", text);
	describe_result(got, sizeof(got), ret, saved_errno);
	return smct_check(false, "%s: failed with %s", text, got);
}

int smct_failures(void)
{
	return checks_failed;
}

int smct_finish(void)
{
	int passed;

	pthread_mutex_lock(&report_lock);
	passed = checks_run - checks_failed - checks_skipped;
	printf("1..%d\n", checks_run);
	printf("# %s: %d passed, %d failed, %d skipped\n", smct.name, passed,
	       checks_failed, checks_skipped);
	fflush(stdout);
	pthread_mutex_unlock(&report_lock);
	if (checks_failed)
		return SMCT_EXIT_FAIL;
	if (checks_run && checks_skipped == checks_run)
		return SMCT_EXIT_SKIP;
	return SMCT_EXIT_PASS;
}

noreturn void smct_bail(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&report_lock);
	printf("Bail out! %s: ", smct.name ? smct.name : "test");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	_exit(SMCT_EXIT_FAIL);
}

noreturn void smct_skip_all(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&report_lock);
	printf("1..0 # SKIP ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	_exit(SMCT_EXIT_SKIP);
}

/* --- watchdog ------------------------------------------------------------- */

static void write_str(const char *s)
{
	ssize_t ignored = write(STDOUT_FILENO, s, strlen(s));

	(void)ignored;
}

static void watchdog_fired(int sig)
{
	char seconds[16];
	int n = watchdog_budget_s, i = sizeof(seconds) - 1;

	(void)sig;
	seconds[i] = '\0';
	do {
		seconds[--i] = '0' + n % 10;
		n /= 10;
	} while (n && i > 0);
	write_str("Bail out! watchdog: ");
	write_str(smct.name ? smct.name : "test");
	write_str(" hung for ");
	write_str(seconds + i);
	write_str(" s in phase: ");
	write_str(current_phase);
	write_str("\n");
	_exit(SMCT_EXIT_FAIL);
}

void smct_watchdog(int seconds)
{
	watchdog_budget_s = (int)(seconds * smct.timeout_scale + 0.5);
	if (watchdog_budget_s < 1)
		watchdog_budget_s = 1;
	alarm(watchdog_budget_s);
}

void smct_phase(const char *fmt, ...)
{
	char text[sizeof(current_phase)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/* the handler may read mid-copy; a torn message is acceptable */
	memcpy(current_phase, text, sizeof(current_phase));
	if (smct.verbose)
		smct_info("phase: %s", text);
}

/* --- time ----------------------------------------------------------------- */

int64_t smct_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int smct_ms(int ms)
{
	return (int)(ms * smct.timeout_scale + 0.5);
}

void smct_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* --- configuration -------------------------------------------------------- */

const char *smct_kind_name(enum smct_kind kind)
{
	return kind == SMCT_KIND_SMC ? "smc" : "tcp";
}

long smct_count(long fallback)
{
	return smct.count >= 0 ? smct.count : fallback;
}

static bool parse_address(const char *text, bool ipv6,
			  struct sockaddr_storage *ss, socklen_t *len)
{
	struct addrinfo hints = {
		.ai_family = ipv6 ? AF_INET6 : AF_INET,
		.ai_socktype = SOCK_STREAM,
		.ai_flags = AI_NUMERICHOST,
	};
	struct addrinfo *res;

	if (getaddrinfo(text, NULL, &hints, &res))
		return false;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return true;
}

static bool text_is_ipv6(const char *text)
{
	return strchr(text, ':') != NULL;
}

/* the variable for this IP version, or NULL */
static const char *address_from_env(const char *name4, const char *name6)
{
	const char *v6 = getenv(name6), *any = getenv(name4);

	if (smct.ipv6) {
		if (v6 && *v6)
			return v6;
		if (any && *any && text_is_ipv6(any))
			return any;
		return NULL;
	}
	if (any && *any && text_is_ipv6(any))
		smct_bail("%s=%s is an IPv6 address: run with -6 (or set an IPv4 address)",
			  name4, any);
	return any && *any ? any : NULL;
}

static void setup_addresses(void)
{
	const char *server, *client;

	server = address_from_env("SMCTEST_SERVER_ADDR", "SMCTEST_SERVER_ADDR6");
	client = address_from_env("SMCTEST_CLIENT_ADDR", "SMCTEST_CLIENT_ADDR6");
	smct.loopback = !server;
	if (!server)
		server = smct.ipv6 ? "::1" : "127.0.0.1";
	snprintf(smct.server_text, sizeof(smct.server_text), "%s", server);
	if (!parse_address(server, smct.ipv6, &smct.server_addr,
			   &smct.server_len))
		smct_bail("server address '%s' is not a numeric IPv%d address",
			  server, smct.ipv6 ? 6 : 4);
	smct.client_len = 0;
	if (client) {
		snprintf(smct.client_text, sizeof(smct.client_text), "%s",
			 client);
		if (!parse_address(client, smct.ipv6, &smct.client_addr,
				   &smct.client_len))
			smct_bail("client address '%s' is not a numeric IPv%d address",
				  client, smct.ipv6 ? 6 : 4);
	}
}

static bool parse_kind(const char *text, enum smct_kind *kind)
{
	if (!strcmp(text, "smc"))
		*kind = SMCT_KIND_SMC;
	else if (!strcmp(text, "tcp"))
		*kind = SMCT_KIND_TCP;
	else
		return false;
	return true;
}

static noreturn void usage(const char *count_help, int status)
{
	printf("usage: %s [-f smc|tcp] [-6] [-n N] [-t SECONDS] [-v]\n"
	       "  -f   family under test (default smc, env SMCTEST_FAMILY)\n"
	       "  -6   use IPv6 (default IPv4, env SMCTEST_IPV6=1)\n"
	       "  -n   %s\n"
	       "  -t   watchdog for the whole test in seconds\n"
	       "  -v   verbose\n"
	       "exit status: 0 pass, 1 fail, 4 skip\n",
	       smct.name, count_help ? count_help : "(not used by this test)");
	exit(status);
}

/*
 * The family must really be there, otherwise every check would report a
 * confusing error of its own.
 */
static void probe_family(void)
{
	int fd, err;

	if (smct.ipv6) {
		struct sockaddr_storage ss;
		socklen_t len;

		fd = socket(AF_INET6, SOCK_STREAM, 0);
		if (fd < 0)
			smct_skip_all("IPv6 is not available here: socket(AF_INET6): %s",
				      strerror(errno));
		smct_server_sockaddr(&ss, &len, 0);
		if (bind(fd, (struct sockaddr *)&ss, len)) {
			err = errno;
			close(fd);
			smct_skip_all("IPv6 address %s is not usable here: %s",
				      smct.server_text, strerror(err));
		}
		close(fd);
	}
	fd = smct_socket(0);
	if (fd < 0) {
		err = errno;
		if (smct.kind == SMCT_KIND_SMC && err == EAFNOSUPPORT)
			smct_bail("socket(AF_SMC, SOCK_STREAM, %s): %s: the smc module is not loaded%s; use -f tcp to run against TCP",
				  smct.ipv6 ? "SMCPROTO_SMC6" : "SMCPROTO_SMC",
				  strerror(err),
				  smct.ipv6 ? " (or lacks IPv6)" : "");
		smct_bail("socket() in family %s: %s", smct_kind_name(smct.kind),
			  strerror(err));
	}
	close(fd);
}

bool smct_use_ip_version(bool ipv6, char *why, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t ss_len;
	int fd;

	smct.ipv6 = ipv6;
	setup_addresses();
	fd = smct_socket_kind(SMCT_KIND_TCP, 0);
	if (fd < 0) {
		snprintf(why, len, "IPv%d sockets: %s", ipv6 ? 6 : 4,
			 strerror(errno));
		return false;
	}
	smct_server_sockaddr(&ss, &ss_len, 0);
	if (bind(fd, (struct sockaddr *)&ss, ss_len)) {
		snprintf(why, len, "address %s: %s", smct.server_text,
			 strerror(errno));
		close(fd);
		return false;
	}
	close(fd);
	fd = smct_socket(0);
	if (fd < 0) {
		snprintf(why, len, "%s sockets for IPv%d: %s",
			 smct_kind_name(smct.kind), ipv6 ? 6 : 4,
			 strerror(errno));
		return false;
	}
	close(fd);
	return true;
}

void smct_init(int argc, char **argv, const char *name, int timeout_s,
	       const char *count_help)
{
	const char *env;
	int opt, timeout = timeout_s;
	struct sigaction sa = { .sa_handler = watchdog_fired };

	smct.name = name;
	setvbuf(stdout, NULL, _IOLBF, 0);
	env = getenv("SMCTEST_FAMILY");
	if (env && *env && !parse_kind(env, &smct.kind))
		smct_bail("SMCTEST_FAMILY=%s: want smc or tcp", env);
	env = getenv("SMCTEST_IPV6");
	smct.ipv6 = env && *env && strcmp(env, "0");
	env = getenv("SMCTEST_TIMEOUT_SCALE");
	if (env && *env) {
		smct.timeout_scale = strtod(env, NULL);
		if (smct.timeout_scale <= 0)
			smct_bail("SMCTEST_TIMEOUT_SCALE=%s is not a positive number",
				  env);
	}
	env = getenv("SMCTEST_TIMEOUT");
	if (env && *env)
		timeout = atoi(env);

	while ((opt = getopt(argc, argv, "f:6n:t:vh")) != -1) {
		switch (opt) {
		case 'f':
			if (!parse_kind(optarg, &smct.kind))
				usage(count_help, SMCT_EXIT_FAIL);
			break;
		case '6':
			smct.ipv6 = true;
			break;
		case 'n':
			smct.count = strtol(optarg, NULL, 0);
			break;
		case 't':
			timeout = atoi(optarg);
			break;
		case 'v':
			smct.verbose = true;
			break;
		case 'h':
			usage(count_help, SMCT_EXIT_PASS);
		default:
			usage(count_help, SMCT_EXIT_FAIL);
		}
	}
	if (optind < argc)
		usage(count_help, SMCT_EXIT_FAIL);

	/* tests look at EPIPE; a stray SIGPIPE would kill them silently */
	signal(SIGPIPE, SIG_IGN);
	sigaction(SIGALRM, &sa, NULL);
	smct_watchdog(timeout > 0 ? timeout : 60);

	setup_addresses();
	printf("# %s: family %s, IPv%d, server %s%s%s, timeout %d s\n", name,
	       smct_kind_name(smct.kind), smct.ipv6 ? 6 : 4, smct.server_text,
	       smct.client_len ? ", client " : "",
	       smct.client_len ? smct.client_text : "", watchdog_budget_s);
	probe_family();
}

/* --- sockets -------------------------------------------------------------- */

int smct_socket_ip(enum smct_kind kind, bool ipv6, int flags)
{
	if (kind == SMCT_KIND_SMC)
		return socket(AF_SMC, SOCK_STREAM | flags, ipv6 ? 1 : 0);
	return socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | flags, 0);
}

int smct_socket_kind(enum smct_kind kind, int flags)
{
	return smct_socket_ip(kind, smct.ipv6, flags);
}

int smct_socket(int flags)
{
	return smct_socket_kind(smct.kind, flags);
}

static void set_port(struct sockaddr_storage *ss, uint16_t port)
{
	if (ss->ss_family == AF_INET6)
		((struct sockaddr_in6 *)ss)->sin6_port = htons(port);
	else
		((struct sockaddr_in *)ss)->sin_port = htons(port);
}

void smct_server_sockaddr(struct sockaddr_storage *ss, socklen_t *len,
			  uint16_t port)
{
	*ss = smct.server_addr;
	*len = smct.server_len;
	set_port(ss, port);
}

/* A socket bound already (a second connect) keeps its address, so that
 * the connect() itself is what a test sees, as without a client address.
 */
int smct_bind_client(int fd)
{
	if (!smct.client_len || smct_local_port(fd))
		return 0;
	return bind(fd, (struct sockaddr *)&smct.client_addr, smct.client_len);
}

static uint16_t sockaddr_port(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	return ntohs(((const struct sockaddr_in *)ss)->sin_port);
}

/* the port of one end of fd, read with getsockname or getpeername */
static uint16_t end_port(int fd, int (*get_name)(int, struct sockaddr *,
						 socklen_t *))
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (get_name(fd, (struct sockaddr *)&ss, &len))
		return 0;
	return sockaddr_port(&ss);
}

uint16_t smct_local_port(int fd)
{
	return end_port(fd, getsockname);
}

uint16_t smct_peer_port(int fd)
{
	return end_port(fd, getpeername);
}

int smct_listen_kind(enum smct_kind kind, int backlog, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, err;

	fd = smct_socket_kind(kind, SOCK_CLOEXEC);
	if (fd < 0)
		return -1;
	smct_server_sockaddr(&ss, &len, 0);
	if (bind(fd, (struct sockaddr *)&ss, len) || listen(fd, backlog)) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	*port = smct_local_port(fd);
	return fd;
}

int smct_listen(int backlog, uint16_t *port)
{
	return smct_listen_kind(smct.kind, backlog, port);
}

int smct_connect_fd(int fd, uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t len;

	if (smct_bind_client(fd))
		return -1;
	smct_server_sockaddr(&ss, &len, port);
	return connect(fd, (struct sockaddr *)&ss, len);
}

int smct_connect_kind(enum smct_kind kind, uint16_t port)
{
	int fd, err;

	fd = smct_socket_kind(kind, SOCK_CLOEXEC);
	if (fd < 0)
		return -1;
	if (smct_connect_fd(fd, port)) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

int smct_connect(uint16_t port)
{
	return smct_connect_kind(smct.kind, port);
}

int smct_accept(int listen_fd, int flags, int timeout_ms)
{
	int rc = smct_poll1(listen_fd, POLLIN, timeout_ms);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	return accept4(listen_fd, NULL, NULL, flags);
}

int smct_pair_kinds(enum smct_kind client_kind, enum smct_kind server_kind,
		    int *client_fd, int *server_fd)
{
	int lfd, cfd, sfd, err;
	uint16_t port;

	*client_fd = *server_fd = -1;
	lfd = smct_listen_kind(server_kind, 8, &port);
	if (lfd < 0) {
		smct_fail("set up a connection: listen: %s", strerror(errno));
		return -1;
	}
	cfd = smct_connect_kind(client_kind, port);
	if (cfd < 0) {
		err = errno;
		close(lfd);
		smct_fail("set up a connection: connect: %s", strerror(err));
		return -1;
	}
	sfd = smct_accept(lfd, SOCK_CLOEXEC, smct_ms(5000));
	err = errno;
	close(lfd);
	if (sfd < 0) {
		close(cfd);
		smct_fail("set up a connection: accept: %s", strerror(err));
		return -1;
	}
	if (client_kind == smct.kind && server_kind == smct.kind) {
		smct_check_mode(cfd, "client");
		smct_check_mode(sfd, "server");
	}
	*client_fd = cfd;
	*server_fd = sfd;
	return 0;
}

int smct_pair(int *client_fd, int *server_fd)
{
	return smct_pair_kinds(smct.kind, smct.kind, client_fd, server_fd);
}

int smct_set_nonblock(int fd, bool on)
{
	int flags = fcntl(fd, F_GETFL);

	if (flags < 0)
		return -1;
	flags = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
	return fcntl(fd, F_SETFL, flags);
}

int smct_get_int_opt(int fd, int level, int name, int *val)
{
	socklen_t len = sizeof(*val);

	return getsockopt(fd, level, name, val, &len);
}

int smct_set_int_opt(int fd, int level, int name, int val)
{
	return setsockopt(fd, level, name, &val, sizeof(val));
}

uint16_t smct_closed_port(void)
{
	struct sockaddr_storage ss;
	socklen_t len;
	uint16_t port = 0;
	int fd;

	/* a plain TCP socket: only the port number matters here */
	fd = smct_socket_kind(SMCT_KIND_TCP, 0);
	if (fd < 0)
		return 0;
	smct_server_sockaddr(&ss, &len, 0);
	if (!bind(fd, (struct sockaddr *)&ss, len))
		port = smct_local_port(fd);
	close(fd);
	return port;
}

const char *smct_sockaddr_text(const struct sockaddr *sa, char *buf,
			       size_t len)
{
	char host[INET6_ADDRSTRLEN];

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)sa;

		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
		snprintf(buf, len, "%s:%u", host, ntohs(sin->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;

		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof(host));
		snprintf(buf, len, "[%s]:%u", host, ntohs(sin6->sin6_port));
	} else {
		snprintf(buf, len, "<family %d>", sa->sa_family);
	}
	return buf;
}

bool smct_sockaddr_equal(const struct sockaddr *a, const struct sockaddr *b)
{
	if (a->sa_family != b->sa_family)
		return false;
	if (a->sa_family == AF_INET) {
		const struct sockaddr_in *x = (const void *)a;
		const struct sockaddr_in *y = (const void *)b;

		return x->sin_port == y->sin_port &&
		       x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	if (a->sa_family == AF_INET6) {
		const struct sockaddr_in6 *x = (const void *)a;
		const struct sockaddr_in6 *y = (const void *)b;

		return x->sin6_port == y->sin6_port &&
		       !memcmp(&x->sin6_addr, &y->sin6_addr,
			       sizeof(x->sin6_addr));
	}
	return false;
}

/* --- data ----------------------------------------------------------------- */

ssize_t smct_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = send(fd, p + done, len - done, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += n;
	}
	return done;
}

ssize_t smct_read_full(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = recv(fd, p + done, len - done, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return done ? (ssize_t)done : -1;
		}
		if (n == 0)
			break;
		done += n;
	}
	return done;
}

ssize_t smct_wait_queued(int fd, size_t want, int timeout_ms)
{
	int64_t deadline = smct_now_us() + (int64_t)timeout_ms * 1000;
	char *scratch = malloc(want ? want : 1);
	ssize_t n = -1;

	if (!scratch)
		return -1;
	for (;;) {
		n = recv(fd, scratch, want, MSG_PEEK | MSG_DONTWAIT);
		if (n >= (ssize_t)want || n == 0 || (n < 0 && errno != EAGAIN))
			break;
		if (smct_now_us() >= deadline)
			break;
		smct_sleep_ms(2);
	}
	free(scratch);
	return n;
}

int smct_poll1(int fd, short events, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int64_t deadline = smct_now_us() + (int64_t)timeout_ms * 1000;
	int rc, left = timeout_ms;

	for (;;) {
		rc = poll(&pfd, 1, left);
		if (rc > 0)
			return pfd.revents;
		if (rc == 0)
			return 0;
		if (errno != EINTR)
			return -1;
		if (timeout_ms >= 0) {
			left = (int)((deadline - smct_now_us()) / 1000);
			if (left < 0)
				left = 0;
		}
	}
}

static uint8_t pattern_byte(uint32_t seed, uint64_t pos)
{
	uint64_t x = (pos >> 3) * 0x9e3779b97f4a7c15ULL + seed;

	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 32;
	return (uint8_t)(x >> ((pos & 7) * 8));
}

void smct_pattern_fill(void *buf, size_t len, uint32_t seed, uint64_t offset)
{
	uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = pattern_byte(seed, offset + i);
}

ssize_t smct_pattern_check(const void *buf, size_t len, uint32_t seed,
			   uint64_t offset)
{
	const uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != pattern_byte(seed, offset + i))
			return i;
	return -1;
}

size_t smct_fill_send_buffer(int fd, uint32_t seed)
{
	static __thread char chunk[16384];
	size_t total = 0;
	int64_t quiet_since = 0;
	ssize_t n;

	/*
	 * One EAGAIN is not the end: the stack may move data on to the peer
	 * a moment later.  Stop once the socket stays full for a while.
	 */
	for (;;) {
		smct_pattern_fill(chunk, sizeof(chunk), seed, total);
		n = send(fd, chunk, sizeof(chunk), MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n > 0) {
			total += n;
			quiet_since = 0;
			continue;
		}
		if (n < 0 && errno != EAGAIN)
			return total;
		if (!quiet_since)
			quiet_since = smct_now_us();
		else if (smct_now_us() - quiet_since > 100000)
			return total;
		smct_sleep_ms(5);
	}
}

bool smct_exchange(int client_fd, int server_fd, const char *what)
{
	char out[64], in[64];
	int len;

	len = snprintf(out, sizeof(out), "ping %s", what);
	if (len >= (int)sizeof(out))
		len = sizeof(out) - 1;
	if (smct_write_all(client_fd, out, len) != len ||
	    smct_read_full(server_fd, in, len) != len || memcmp(in, out, len)) {
		smct_fail("%s: client to server data", what);
		return false;
	}
	out[1] = 'o';
	if (smct_write_all(server_fd, out, len) != len ||
	    smct_read_full(client_fd, in, len) != len || memcmp(in, out, len)) {
		smct_fail("%s: server to client data", what);
		return false;
	}
	return true;
}

void smct_rng_seed(struct smct_rng *rng, uint64_t seed)
{
	rng->state = seed;
}

/* splitmix64: fast and good enough to defeat any compression or pattern */
uint64_t smct_rng_next(struct smct_rng *rng)
{
	uint64_t z = (rng->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void smct_rng_fill(struct smct_rng *rng, void *buf, size_t len)
{
	uint8_t *p = buf;
	uint64_t v;

	while (len >= 8) {
		v = smct_rng_next(rng);
		memcpy(p, &v, 8);
		p += 8;
		len -= 8;
	}
	if (len) {
		v = smct_rng_next(rng);
		memcpy(p, &v, len);
	}
}

uint64_t smct_random_seed(void)
{
	uint64_t seed;

	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = (uint64_t)smct_now_us() ^ ((uint64_t)getpid() << 32);
	return seed;
}

void smct_hash_init(struct smct_hash *h)
{
	memset(h, 0, sizeof(*h));
	h->state = 0x6a09e667f3bcc908ULL;
}

static uint64_t hash_word(uint64_t state, uint64_t word)
{
	state ^= word * 0x87c37b91114253d5ULL;
	state = (state << 31) | (state >> 33);
	return state * 0x4cf5ad432745937fULL + 0x52dce729;
}

void smct_hash_update(struct smct_hash *h, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t word;

	h->length += len;
	while (len && h->tail_len) {
		h->tail[h->tail_len++] = *p++;
		len--;
		if (h->tail_len == 8) {
			memcpy(&word, h->tail, 8);
			h->state = hash_word(h->state, word);
			h->tail_len = 0;
		}
	}
	while (len >= 8) {
		memcpy(&word, p, 8);
		h->state = hash_word(h->state, word);
		p += 8;
		len -= 8;
	}
	while (len--)
		h->tail[h->tail_len++] = *p++;
}

uint64_t smct_hash_final(const struct smct_hash *h)
{
	uint64_t word = 0, state = h->state;

	if (h->tail_len) {
		memcpy(&word, h->tail, h->tail_len);
		state = hash_word(state, word);
	}
	state = hash_word(state, h->length);
	state ^= state >> 33;
	state *= 0xff51afd7ed558ccdULL;
	return state ^ (state >> 33);
}

/* --- sock_diag ------------------------------------------------------------ */

const char *smct_smc_state_name(int state)
{
	const char *name = smc_state_name(state);

	return name ? name : "?";
}

static void parse_diag_reply(const struct nlmsghdr *nlh, uint64_t inode,
			     struct smct_diag *out)
{
	const struct smc_diag_msg *msg = NLMSG_DATA(nlh);
	const struct rtattr *rta;
	int len;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*msg)) ||
	    msg->diag_inode != inode)
		return;
	memset(out, 0, sizeof(*out));
	out->found = true;
	out->family = msg->diag_family;
	out->state = msg->diag_state;
	out->mode = msg->diag_mode;
	out->shutdown = msg->diag_shutdown;
	out->sport = ntohs(msg->id.idiag_sport);
	out->dport = ntohs(msg->id.idiag_dport);
	out->inode = msg->diag_inode;

	rta = (const struct rtattr *)((const char *)msg + NLMSG_ALIGN(sizeof(*msg)));
	len = nlh->nlmsg_len - NLMSG_LENGTH(sizeof(*msg));
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type == SMC_DIAG_SHUTDOWN &&
		    RTA_PAYLOAD(rta) >= 1) {
			out->shutdown = *(const uint8_t *)RTA_DATA(rta);
		} else if (rta->rta_type == SMC_DIAG_FALLBACK &&
			   RTA_PAYLOAD(rta) >= sizeof(struct smc_diag_fallback)) {
			struct smc_diag_fallback fb;

			memcpy(&fb, RTA_DATA(rta), sizeof(fb));
			out->has_fallback = true;
			out->reason = fb.reason;
			out->peer_diagnosis = fb.peer_diagnosis;
		}
	}
}

/* Dump every AF_SMC socket of the namespace, @fn sees each reply; the
 * number of reads it took goes to @parts (may be NULL).
 */
static int diag_walk(void (*fn)(const struct nlmsghdr *nlh, void *arg),
		     void *arg, int *parts)
{
	struct {
		struct nlmsghdr nlh;
		struct smc_diag_req req;
	} request = {
		.nlh = {
			.nlmsg_len = sizeof(request),
			.nlmsg_type = SOCK_DIAG_BY_FAMILY,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = 1,
		},
		.req = {
			.diag_family = AF_SMC,
			.diag_ext = (1 << (SMC_DIAG_SHUTDOWN - 1)) |
				    (1 << (SMC_DIAG_FALLBACK - 1)),
		},
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	static __thread char buf[32768];
	struct nlmsghdr *nlh;
	int nl, rc = 0;
	ssize_t n;
	bool done = false;

	nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (nl < 0)
		return -errno;
	if (sendto(nl, &request, sizeof(request), 0,
		   (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		rc = -errno;
		goto out;
	}
	while (!done) {
		n = recv(nl, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		if (n == 0)
			break;
		if (parts)
			(*parts)++;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int err = 0;

				/* a dump that failed says so here */
				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(err)))
					memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
				if (err < 0)
					rc = err;
				done = true;
				break;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);

				rc = e->error ? e->error : -EPROTO;
				done = true;
				break;
			}
			fn(nlh, arg);
		}
	}
out:
	close(nl);
	return rc;
}

struct diag_lookup {
	uint64_t inode;
	struct smct_diag *out;
	int entries;
};

static void diag_lookup_one(const struct nlmsghdr *nlh, void *arg)
{
	struct diag_lookup *l = arg;

	l->entries++;
	if (!l->out->found)
		parse_diag_reply(nlh, l->inode, l->out);
}

int smct_diag_lookup(int fd, struct smct_diag *out)
{
	struct diag_lookup l = { .out = out };
	struct stat st;
	int rc, parts, tries = 0, first = 0;

	memset(out, 0, sizeof(*out));
	if (fstat(fd, &st))
		return -errno;
	l.inode = st.st_ino;
	do {
		if (tries)
			usleep(10000);
		memset(out, 0, sizeof(*out));
		l.entries = 0;
		parts = 0;
		rc = diag_walk(diag_lookup_one, &l, &parts);
		if (rc < 0 && !first)
			first = -rc;
	} while ((rc == -ENOMEM || rc == -ENOBUFS) && ++tries < 5);
	if (!out->found)
		out->inode = l.inode;
	out->dump_entries = l.entries;
	out->dump_parts = parts;
	out->dump_retries = tries;
	out->dump_error = first;
	return rc;
}

struct diag_port_count {
	uint16_t port;
	int n;
};

static void diag_count_one(const struct nlmsghdr *nlh, void *arg)
{
	const struct smc_diag_msg *msg = NLMSG_DATA(nlh);
	struct diag_port_count *c = arg;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*msg)))
		return;
	if (ntohs(msg->id.idiag_sport) == c->port ||
	    ntohs(msg->id.idiag_dport) == c->port)
		c->n++;
}

int smct_diag_count_port(uint16_t port)
{
	struct diag_port_count c = { .port = port };
	int rc = diag_walk(diag_count_one, &c, NULL);

	return rc < 0 ? rc : c.n;
}

const char *smct_diag_mode_text(const struct smct_diag *d, char *buf,
				size_t len)
{
	if (!d->found)
		snprintf(buf, len, "(no sock_diag entry)");
	else if (d->mode == SMC_DIAG_MODE_SMCR)
		snprintf(buf, len, "SMCR");
	else if (d->mode == SMC_DIAG_MODE_SMCD)
		snprintf(buf, len, "SMCD");
	else if (d->mode != SMC_DIAG_MODE_FALLBACK_TCP)
		snprintf(buf, len, "mode %u", d->mode);
	else if (d->peer_diagnosis)
		snprintf(buf, len, "TCP 0x%08x/0x%08x", d->reason,
			 d->peer_diagnosis);
	else
		snprintf(buf, len, "TCP 0x%08x", d->reason);
	return buf;
}

bool smct_parse_expect(const char *spec, struct smct_expect *out)
{
	unsigned long reason, peer = 0;
	char *end;

	memset(out, 0, sizeof(*out));
	while (*spec == ' ')
		spec++;
	if (!strcasecmp(spec, "SMCR")) {
		out->mode = SMC_DIAG_MODE_SMCR;
		return true;
	}
	if (!strcasecmp(spec, "SMCD")) {
		out->mode = SMC_DIAG_MODE_SMCD;
		return true;
	}
	if (!strcasecmp(spec, "SMC")) {
		out->mode = -1;
		return true;
	}
	if (strncasecmp(spec, "TCP", 3))
		return false;
	out->mode = SMC_DIAG_MODE_FALLBACK_TCP;
	spec += 3;
	while (*spec == ' ')
		spec++;
	if (!*spec) {
		out->any_reason = true;
		return true;
	}
	errno = 0;
	reason = strtoul(spec, &end, 16);
	if (errno || end == spec || reason > UINT32_MAX)
		return false;
	if (*end == '/') {
		spec = end + 1;
		peer = strtoul(spec, &end, 16);
		if (errno || end == spec || peer > UINT32_MAX)
			return false;
	}
	while (*end == ' ')
		end++;
	if (*end)
		return false;
	out->reason = reason;
	out->peer_diagnosis = peer;
	return true;
}

bool smct_expect_match(const struct smct_expect *e, const struct smct_diag *d,
		       char *why, size_t len)
{
	char got[64];

	smct_diag_mode_text(d, got, sizeof(got));
	snprintf(why, len, "got %s", got);
	if (!d->found)
		return false;
	if (e->mode == -1)
		return d->mode == SMC_DIAG_MODE_SMCR ||
		       d->mode == SMC_DIAG_MODE_SMCD;
	if (d->mode != e->mode)
		return false;
	if (e->mode != SMC_DIAG_MODE_FALLBACK_TCP || e->any_reason)
		return true;
	if (!d->has_fallback) {
		snprintf(why, len, "got %s without SMC_DIAG_FALLBACK", got);
		return false;
	}
	return d->reason == e->reason &&
	       d->peer_diagnosis == e->peer_diagnosis;
}

bool smct_check_mode_spec(int fd, const char *role, const char *spec)
{
	struct smct_expect expect;
	struct smct_diag diag;
	char why[128];
	int rc;

	if (!smct_parse_expect(spec, &expect))
		smct_bail("mode spec '%s' for %s: want SMCR, SMCD, SMC, TCP, \"TCP 0xREASON\" or \"TCP 0xREASON/0xPEER\"",
			  spec, role);
	rc = smct_diag_lookup(fd, &diag);
	if (rc < 0)
		return smct_check(false, "%s mode is %s: sock_diag failed: %s",
				  role, spec, strerror(-rc));
	return smct_check(smct_expect_match(&expect, &diag, why, sizeof(why)),
			  "%s mode is %s (%s)", role, spec, why);
}

static const char *expected_mode(const char *role)
{
	const char *spec;

	if (smct.kind != SMCT_KIND_SMC)
		return NULL;
	spec = getenv(strcmp(role, "server") ? "SMCTEST_EXPECT_CLIENT" :
					       "SMCTEST_EXPECT_SERVER");
	return spec && *spec ? spec : NULL;
}

bool smct_have_rdma_devices(void)
{
	DIR *dir = opendir("/sys/class/infiniband");
	struct dirent *de;
	bool found = false;

	if (!dir)
		return false;
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.')
			found = true;
	closedir(dir);
	return found;
}

bool smct_check_mode(int fd, const char *role)
{
	const char *spec = expected_mode(role);

	if (!spec)
		return true;
	return smct_check_mode_spec(fd, role, spec);
}

bool smct_diag_matches(int fd, const struct smct_expect *e, char *why,
		       size_t len)
{
	struct smct_diag diag;
	int rc;

	rc = smct_diag_lookup(fd, &diag);
	if (rc < 0) {
		snprintf(why, len, "sock_diag failed: %s", strerror(-rc));
		return false;
	}
	return smct_expect_match(e, &diag, why, len);
}

bool smct_mode_as_expected(int fd, const char *role, char *why, size_t len)
{
	const char *spec = expected_mode(role);
	struct smct_expect expect;

	if (!spec)
		return true;
	if (!smct_parse_expect(spec, &expect))
		smct_bail("mode spec '%s' for %s is malformed", spec, role);
	if (smct_diag_matches(fd, &expect, why, len))
		return true;
	snprintf(why + strlen(why), len - strlen(why), " for %s, want %s",
		 role, spec);
	return false;
}

bool smct_reuseport_refused_by_kernel(void)
{
	struct utsname u;

	return smct.kind == SMCT_KIND_SMC && !uname(&u) &&
	       !strncmp(u.release, "6.1.", 4);
}
