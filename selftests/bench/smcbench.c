// SPDX-License-Identifier: GPL-2.0
/*
 * smcbench: throughput, round trip time and connection rate of AF_SMC
 * (SMC-R) against plain TCP, between two hosts.
 *
 *   smcbench -s [-f smc|tcp] [-p PORT] [-B ADDR] [-R] [-v]
 *   smcbench -c HOST [-f smc|tcp] [-p PORT] [-t SECS] [-n ROUNDS]
 *            [-r SECS] [-C SECS] [-T TESTS] [-R] [-w SECS] [-v]
 *
 * One server serves every test on one port, one connection at a time.
 * Each connection starts with one byte from the client naming the test,
 * which the server answers with one byte: the mode it sees its end of the
 * connection in (sock_diag), or '.' when it was not asked to look.
 *
 *   stream64k, stream1m  the client writes 64 KiB / 1 MiB blocks for -t
 *                        seconds, then shuts down its sending side; the
 *                        server reads and discards, and answers the byte
 *                        count (8 bytes, big endian) at EOF.  Throughput
 *                        is that count over the time from the first write
 *                        to the answer, in MB/s (10^6 bytes per second).
 *   rr                   one byte each way, -n round trips (at most -r
 *                        seconds) after a short warm-up: mean, median
 *                        and 99th percentile in microseconds.
 *   crr                  connect, send one byte, receive one byte, close,
 *                        one after the other for -C seconds: connections
 *                        per second.  The first and a last extra
 *                        connection (neither timed) check the mode.
 *
 * Around each test the client asks the server (request 'P' on a
 * connection of its own) for its guest's busy CPU time and reads its own
 * (/proc/stat: all but idle and iowait), so each test also yields the CPU
 * time both machines spent on it: per MiB for streams, per round trip for
 * rr, per connection for crr.  Under emulation (TCG) that is steadier than
 * wall time.
 *
 * Every measurement prints one line
 *   RESULT family=smc test=stream64k value=12.34 unit=MB/s
 *   RESULT family=smc test=stream64k_cpu value=4.56 unit=ms/MiB
 * and every checked connection
 *   MODE family=smc test=stream64k side=client mode=SMCR
 * where mode is SMCR, SMCD, TCP (family tcp), FALLBACK with the reason
 * codes, or UNKNOWN when sock_diag has no answer.  An AF_SMC socket is
 * looked up through NETLINK_SOCK_DIAG by the inode of its file.
 *
 * -R requires SMC-R: the client exits 3 as soon as either end of an
 * AF_SMC connection is not in mode SMCR, and the server exits 3 at
 * SIGTERM or SIGINT when it served such a connection.
 *
 * Exit status: 0 success, 1 error, 2 usage, 3 not SMC-R under -R.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/smc_ext.h>
#include <linux/smc_diag.h>

#include "smctest.h"

#define EXIT_ERROR	1
#define EXIT_USAGE	2
#define EXIT_NOT_SMCR	3

#define DEFAULT_PORT	7411
#define SMALL_BLOCK	(64 * 1024)
#define LARGE_BLOCK	(1024 * 1024)
#define RR_WARMUP	20
#define IO_TIMEOUT_S	60

/* the client's first byte: the test */
enum {
	OP_STREAM	= 'S',	/* data until EOF, answered with its length */
	OP_RR		= 'R',	/* one-byte requests, each echoed */
	OP_CONN		= 'c',	/* answer '.', then wait for EOF */
	OP_CONN_CHECK	= 'C',	/* answer the mode, then wait for EOF */
	OP_CPU		= 'P',	/* answer the busy CPU time, 8 bytes BE, in us */
};

/* the server's answer: its end's mode */
enum {
	ST_SMCR		= 'r',
	ST_SMCD		= 'd',
	ST_TCP		= 't',	/* family tcp: nothing to check */
	ST_FALLBACK	= 'f',
	ST_UNKNOWN	= '?',	/* no sock_diag entry or no answer */
	ST_UNCHECKED	= '.',
};

enum {
	TEST_STREAM64K	= 1 << 0,
	TEST_STREAM1M	= 1 << 1,
	TEST_RR		= 1 << 2,
	TEST_CRR	= 1 << 3,
	TEST_ALL	= (1 << 4) - 1,
};

static const struct {
	const char *name;
	unsigned int bit;
} test_names[] = {
	{ "stream64k", TEST_STREAM64K },
	{ "stream1m", TEST_STREAM1M },
	{ "rr", TEST_RR },
	{ "crr", TEST_CRR },
};

static struct {
	bool server;
	bool smc;
	bool require_smcr;
	bool verbose;
	const char *host;
	const char *bind_addr;
	uint16_t port;
	double stream_s;
	long rr_rounds;
	double rr_max_s;
	double crr_s;
	unsigned int tests;
	unsigned int watchdog_s;
} cfg = {
	.smc = true,
	.port = DEFAULT_PORT,
	.stream_s = 3,
	.rr_rounds = 3000,
	.rr_max_s = 10,
	.crr_s = 3,
	.tests = TEST_ALL,
	.watchdog_s = 120,
};

static struct sockaddr_in peer_addr;
static volatile sig_atomic_t stop_requested;

/* --- output --------------------------------------------------------------- */

static const char *family_name(void)
{
	return cfg.smc ? "smc" : "tcp";
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void die(int status, const char *fmt, ...)
	__attribute__((__noreturn__, format(printf, 2, 3)));
static void die(int status, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "smcbench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

static void __attribute__((__noreturn__)) die_errno(const char *what)
{
	die(EXIT_ERROR, "%s: %s", what, strerror(errno));
}

static void result(const char *test, double value, const char *unit)
{
	say("RESULT family=%s test=%s value=%.2f unit=%s", family_name(), test,
	    value, unit);
}

/* --- time ----------------------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The CPU time this machine has been busy since boot, in microseconds:
 * every /proc/stat "cpu" column but idle and iowait (guest time is part of
 * user time already).
 */
static uint64_t busy_cpu_us(void)
{
	unsigned long long v[8] = { 0 };
	long hz = sysconf(_SC_CLK_TCK);
	FILE *f = fopen("/proc/stat", "r");
	int n;

	if (!f)
		die_errno("/proc/stat");
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
		   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	if (n < 8 || hz <= 0)
		die(EXIT_ERROR, "/proc/stat: no cpu line");
	/* user nice system [idle] [iowait] irq softirq steal */
	return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) * 1000000ULL / hz;
}

/* --- plain I/O ------------------------------------------------------------ */

/* the whole buffer or -1; a signal asking to stop counts as an error */
static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR && !stop_requested)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* len bytes: 0; EOF first: 1; error: -1 */
static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	ssize_t n;

	while (len) {
		n = read(fd, p, len);
		if (n < 0) {
			if (errno == EINTR && !stop_requested)
				continue;
			return -1;
		}
		if (n == 0)
			return 1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void set_int_opt(int fd, int level, int name, int val, const char *what)
{
	if (setsockopt(fd, level, name, &val, sizeof(val)))
		die_errno(what);
}

/* latency tests want small writes sent at once; a failure is only noted */
static void set_nodelay(int fd)
{
	int one = 1;

	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		say("INFO setsockopt(TCP_NODELAY): %s", strerror(errno));
}

static void set_io_timeouts(int fd)
{
	struct timeval tv = { .tv_sec = IO_TIMEOUT_S };

	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)))
		die_errno("setsockopt(SO_RCVTIMEO/SO_SNDTIMEO)");
}

static int new_socket(void)
{
	int fd;

	if (cfg.smc)
		fd = socket(AF_SMC, SOCK_STREAM | SOCK_CLOEXEC, SMCPROTO_SMC);
	else
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	if (fd < 0) {
		if (cfg.smc && errno == EAFNOSUPPORT)
			die(EXIT_ERROR, "socket(AF_SMC): %s (is smc.ko loaded?)",
			    strerror(errno));
		die_errno("socket");
	}
	return fd;
}

/* --- sock_diag (selftests/smc/lib: smct_diag_lookup) --------------------- */

/* the mode of fd's end as a status byte; text gets the details */
static char check_mode(int fd, char *text, size_t len)
{
	struct smct_diag res;
	int err;

	if (!cfg.smc) {
		snprintf(text, len, "TCP");
		return ST_TCP;
	}
	err = smct_diag_lookup(fd, &res);
	if (err) {
		snprintf(text, len, "UNKNOWN (sock_diag: %s)", strerror(-err));
		return ST_UNKNOWN;
	}
	if (!res.found) {
		snprintf(text, len, "UNKNOWN (no sock_diag entry; smc_diag loaded?)");
		return ST_UNKNOWN;
	}
	switch (res.mode) {
	case SMC_DIAG_MODE_SMCR:
		snprintf(text, len, "SMCR");
		return ST_SMCR;
	case SMC_DIAG_MODE_SMCD:
		snprintf(text, len, "SMCD");
		return ST_SMCD;
	case SMC_DIAG_MODE_FALLBACK_TCP:
		if (res.has_fallback)
			snprintf(text, len,
				 "FALLBACK reason=0x%08x peer_diagnosis=0x%08x",
				 res.reason, res.peer_diagnosis);
		else
			snprintf(text, len, "FALLBACK");
		return ST_FALLBACK;
	default:
		snprintf(text, len, "UNKNOWN (diag_mode %u)", res.mode);
		return ST_UNKNOWN;
	}
}

static const char *status_text(char st)
{
	switch (st) {
	case ST_SMCR: return "SMCR";
	case ST_SMCD: return "SMCD";
	case ST_TCP: return "TCP";
	case ST_FALLBACK: return "FALLBACK (reason in the server's output)";
	case ST_UNKNOWN: return "UNKNOWN (see the server's output)";
	default: return "?";
	}
}

/* --- server --------------------------------------------------------------- */

static struct {
	unsigned long conns;
	unsigned long checked;
	unsigned long not_smcr;
} served;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static const char *op_name(int op)
{
	switch (op) {
	case OP_STREAM: return "stream";
	case OP_CPU: return "cpu";
	case OP_RR: return "rr";
	case OP_CONN: return "crr";
	case OP_CONN_CHECK: return "crr";
	default: return "?";
	}
}

static char server_check(int fd, int op)
{
	char text[128];
	char st;

	st = check_mode(fd, text, sizeof(text));
	served.checked++;
	if (cfg.smc && st != ST_SMCR)
		served.not_smcr++;
	say("MODE family=%s test=%s side=server mode=%s", family_name(),
	    op_name(op), text);
	return st;
}

/* one connection; false when it broke off */
static bool serve_one(int fd)
{
	static char buf[LARGE_BLOCK];
	uint64_t total = 0, be;
	unsigned char op;
	char st;
	ssize_t n;

	if (read_all(fd, &op, 1))
		return false;
	switch (op) {
	case OP_CPU:
		be = htobe64(busy_cpu_us());
		return !write_all(fd, &be, sizeof(be));
	case OP_STREAM:
		st = server_check(fd, op);
		if (write_all(fd, &st, 1))
			return false;
		for (;;) {
			n = read(fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR && !stop_requested)
				continue;
			if (n < 0)
				return false;
			if (n == 0)
				break;
			total += (uint64_t)n;
		}
		be = htobe64(total);
		if (cfg.verbose)
			say("INFO stream received %llu bytes",
			    (unsigned long long)total);
		return !write_all(fd, &be, sizeof(be));
	case OP_RR:
		set_nodelay(fd);
		st = server_check(fd, op);
		if (write_all(fd, &st, 1))
			return false;
		for (;;) {
			int rc = read_all(fd, buf, 1);

			if (rc > 0)
				return true;
			if (rc < 0 || write_all(fd, buf, 1))
				return false;
		}
	case OP_CONN:
	case OP_CONN_CHECK:
		st = op == OP_CONN ? ST_UNCHECKED : server_check(fd, op);
		if (write_all(fd, &st, 1))
			return false;
		/* the client closes first */
		return read_all(fd, buf, 1) == 1;
	default:
		say("INFO unknown request 0x%02x", op);
		return false;
	}
}

static int run_server(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	struct sigaction sa = { .sa_handler = on_stop };	/* no SA_RESTART */
	int lfd, fd;

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) || sigaction(SIGINT, &sa, NULL))
		die_errno("sigaction");

	addr.sin_port = htons(cfg.port);
	if (cfg.bind_addr &&
	    inet_pton(AF_INET, cfg.bind_addr, &addr.sin_addr) != 1)
		die(EXIT_USAGE, "bad address %s", cfg.bind_addr);
	lfd = new_socket();
	set_int_opt(lfd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
	if (bind(lfd, (struct sockaddr *)&addr, sizeof(addr)))
		die_errno("bind");
	if (listen(lfd, 128))
		die_errno("listen");
	say("LISTEN family=%s port=%u", family_name(), cfg.port);

	while (!stop_requested) {
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die_errno("accept");
		}
		served.conns++;
		set_io_timeouts(fd);
		errno = 0;
		if (!serve_one(fd) && !stop_requested)
			say("INFO connection %lu ended early: %s", served.conns,
			    errno ? strerror(errno) : "unexpected EOF");
		close(fd);
	}
	close(lfd);
	say("SERVER family=%s conns=%lu checked=%lu not_smcr=%lu",
	    family_name(), served.conns, served.checked, served.not_smcr);
	if (cfg.smc && cfg.require_smcr && served.not_smcr)
		return EXIT_NOT_SMCR;
	return 0;
}

/* --- client --------------------------------------------------------------- */

static void on_watchdog(int sig)
{
	static const char msg[] = "smcbench: watchdog: the run took too long\n";
	ssize_t ignored;

	(void)sig;
	ignored = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)ignored;
	_exit(EXIT_ERROR);
}

static int client_connect(void)
{
	int fd = new_socket();

	if (connect(fd, (struct sockaddr *)&peer_addr, sizeof(peer_addr))) {
		fprintf(stderr, "smcbench: connect to %s port %u: %s\n",
			cfg.host, cfg.port, strerror(errno));
		exit(EXIT_ERROR);
	}
	return fd;
}

/*
 * Send the request byte and read the server's status byte.  With check,
 * report both ends' modes and enforce -R.
 */
static void client_hello(int fd, int op, bool check, const char *test)
{
	char text[128], st = ST_UNCHECKED, peer_st;
	unsigned char req = (unsigned char)op;

	if (check)
		st = check_mode(fd, text, sizeof(text));
	if (write_all(fd, &req, 1))
		die_errno("send request");
	switch (read_all(fd, &peer_st, 1)) {
	case 0:
		break;
	case 1:
		die(EXIT_ERROR, "%s: the server closed the connection", test);
	default:
		die_errno("receive the server's answer");
	}
	if (!check)
		return;
	say("MODE family=%s test=%s side=client mode=%s", family_name(), test,
	    text);
	say("MODE family=%s test=%s side=server mode=%s", family_name(), test,
	    status_text(peer_st));
	if (!cfg.smc || !cfg.require_smcr)
		return;
	if (st != ST_SMCR)
		die(EXIT_NOT_SMCR, "%s: the client's end is not SMC-R: %s",
		    test, text);
	if (peer_st != ST_SMCR)
		die(EXIT_NOT_SMCR, "%s: the server's end is not SMC-R: %s",
		    test, status_text(peer_st));
}

/* both machines' busy CPU time, in us */
struct cpu_mark {
	uint64_t client;
	uint64_t server;
};

static void cpu_mark(struct cpu_mark *m)
{
	unsigned char req = OP_CPU;
	uint64_t be;
	int fd;

	fd = client_connect();
	if (write_all(fd, &req, 1))
		die_errno("send the CPU request");
	if (read_all(fd, &be, sizeof(be)))
		die(EXIT_ERROR, "no CPU time from the server");
	close(fd);
	m->server = be64toh(be);
	m->client = busy_cpu_us();
}

/* the CPU time both machines spent since @from, per @units, scaled */
static void cpu_result(const char *test, const struct cpu_mark *from,
		       double units, double scale, const char *unit)
{
	struct cpu_mark to;
	char name[64];

	cpu_mark(&to);
	snprintf(name, sizeof(name), "%s_cpu", test);
	say("INFO family=%s test=%s client_cpu_ms=%.1f server_cpu_ms=%.1f",
	    family_name(), test, (to.client - from->client) / 1e3,
	    (to.server - from->server) / 1e3);
	if (units > 0)
		result(name, (to.client - from->client +
			      to.server - from->server) / scale / units, unit);
}

static void test_stream(const char *test, size_t block)
{
	struct cpu_mark cpu;
	uint64_t sent = 0, got;
	double start, deadline, end;
	char *buf;
	int fd;

	buf = malloc(block);
	if (!buf)
		die(EXIT_ERROR, "out of memory");
	memset(buf, 0xa5, block);
	cpu_mark(&cpu);
	fd = client_connect();
	client_hello(fd, OP_STREAM, true, test);

	start = now_s();
	deadline = start + cfg.stream_s;
	do {
		if (write_all(fd, buf, block))
			die_errno("write");
		sent += block;
	} while (now_s() < deadline);
	if (shutdown(fd, SHUT_WR))
		die_errno("shutdown");
	switch (read_all(fd, &got, sizeof(got))) {
	case 0:
		break;
	case 1:
		die(EXIT_ERROR, "%s: no byte count from the server", test);
	default:
		die_errno("receive the byte count");
	}
	end = now_s();
	close(fd);
	free(buf);
	cpu_result(test, &cpu, sent / 1048576.0, 1e3, "ms/MiB");

	got = be64toh(got);
	if (got != sent)
		die(EXIT_ERROR, "%s: sent %llu bytes, the server read %llu",
		    test, (unsigned long long)sent, (unsigned long long)got);
	say("INFO family=%s test=%s bytes=%llu seconds=%.3f", family_name(),
	    test, (unsigned long long)sent, end - start);
	result(test, sent / (end - start) / 1e6, "MB/s");
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* nearest rank */
static double percentile(const double *sorted, long n, double p)
{
	long rank = (long)(p / 100.0 * n + 0.999999);

	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return sorted[rank - 1];
}

static void round_trip(int fd, char *byte)
{
	if (write_all(fd, byte, 1))
		die_errno("rr: write");
	switch (read_all(fd, byte, 1)) {
	case 0:
		return;
	case 1:
		die(EXIT_ERROR, "rr: the server closed the connection");
	default:
		die_errno("rr: read");
	}
}

static void test_rr(void)
{
	double start, deadline, t0, t1, sum = 0;
	struct cpu_mark cpu;
	double *samples;
	char byte = 'x';
	long i, n = 0;
	int fd;

	samples = calloc((size_t)cfg.rr_rounds, sizeof(*samples));
	if (!samples)
		die(EXIT_ERROR, "out of memory");
	cpu_mark(&cpu);
	fd = client_connect();
	set_nodelay(fd);
	client_hello(fd, OP_RR, true, "rr");
	for (i = 0; i < RR_WARMUP; i++)
		round_trip(fd, &byte);

	start = now_s();
	deadline = start + cfg.rr_max_s;
	t0 = start;
	t1 = start;
	while (n < cfg.rr_rounds) {
		round_trip(fd, &byte);
		t1 = now_s();
		samples[n++] = (t1 - t0) * 1e6;
		sum += (t1 - t0) * 1e6;
		if (t1 >= deadline)
			break;
		t0 = t1;
	}
	close(fd);
	cpu_result("rr", &cpu, n + RR_WARMUP, 1, "us/rt");

	qsort(samples, (size_t)n, sizeof(*samples), cmp_double);
	say("INFO family=%s test=rr rounds=%ld seconds=%.3f min_us=%.1f max_us=%.1f",
	    family_name(), n, t1 - start, samples[0], samples[n - 1]);
	result("rr_mean", sum / n, "us");
	result("rr_p50", percentile(samples, n, 50), "us");
	result("rr_p99", percentile(samples, n, 99), "us");
	free(samples);
}

/* one short-lived connection; its mode checked or not */
static void one_conn(bool check)
{
	int fd = client_connect();

	client_hello(fd, check ? OP_CONN_CHECK : OP_CONN, check, "crr");
	close(fd);
}

static void test_crr(void)
{
	double start, end, deadline;
	struct cpu_mark cpu;
	unsigned long n = 0;

	cpu_mark(&cpu);
	one_conn(true);		/* untimed: checks the mode, warms up */
	start = now_s();
	deadline = start + cfg.crr_s;
	do {
		one_conn(false);
		n++;
		end = now_s();
	} while (end < deadline);
	one_conn(true);		/* untimed: still SMC-R at the end? */
	cpu_result("crr", &cpu, n + 2, 1e3, "ms/conn");

	say("INFO family=%s test=crr conns=%lu seconds=%.3f", family_name(),
	    n, end - start);
	result("crr", n / (end - start), "conn/s");
}

static int run_client(void)
{
	struct sigaction sa = { .sa_handler = on_watchdog };

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL))
		die_errno("sigaction");
	peer_addr.sin_family = AF_INET;
	peer_addr.sin_port = htons(cfg.port);
	if (inet_pton(AF_INET, cfg.host, &peer_addr.sin_addr) != 1)
		die(EXIT_USAGE, "bad address %s (IPv4, numeric)", cfg.host);
	alarm(cfg.watchdog_s);

	if (cfg.tests & TEST_STREAM64K)
		test_stream("stream64k", SMALL_BLOCK);
	if (cfg.tests & TEST_STREAM1M)
		test_stream("stream1m", LARGE_BLOCK);
	if (cfg.tests & TEST_RR)
		test_rr();
	if (cfg.tests & TEST_CRR)
		test_crr();
	return 0;
}

/* --- options -------------------------------------------------------------- */

static void __attribute__((__noreturn__)) usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: smcbench -s [-f smc|tcp] [-p PORT] [-B ADDR] [-R] [-v]\n"
		"       smcbench -c HOST [-f smc|tcp] [-p PORT] [-t SECS] [-n ROUNDS]\n"
		"                [-r SECS] [-C SECS] [-T TESTS] [-R] [-w SECS] [-v]\n"
		"  -s        serve every test (until SIGTERM/SIGINT)\n"
		"  -c HOST   run the tests against the server at HOST (IPv4)\n"
		"  -f        socket family: smc (AF_SMC, default) or tcp\n"
		"  -p PORT   port (default %u)\n"
		"  -B ADDR   server: bind to ADDR (default any)\n"
		"  -t SECS   seconds per throughput test (default 3)\n"
		"  -n ROUNDS round trips of rr (default 3000)\n"
		"  -r SECS   at most this long for rr (default 10)\n"
		"  -C SECS   seconds of crr (default 3)\n"
		"  -T TESTS  comma separated: stream64k,stream1m,rr,crr (default all)\n"
		"  -R        require SMC-R on AF_SMC connections (exit 3 otherwise)\n"
		"  -w SECS   client: give up after this long (default 120)\n"
		"  -v        more output\n"
		"exit: 0 ok, 1 error, 2 usage, 3 not SMC-R under -R\n",
		DEFAULT_PORT);
	exit(status);
}

static double parse_seconds(const char *text)
{
	char *end;
	double v = strtod(text, &end);

	if (*end || !(v > 0) || v > 3600)
		die(EXIT_USAGE, "bad number of seconds: %s", text);
	return v;
}

static long parse_long(const char *text, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || *end || end == text || v < min || v > max)
		die(EXIT_USAGE, "bad number: %s (%ld..%ld)", text, min, max);
	return v;
}

static unsigned int parse_tests(const char *text)
{
	char *copy = strdup(text), *save = NULL, *tok;
	unsigned int bits = 0;
	size_t i;

	if (!copy)
		die(EXIT_ERROR, "out of memory");
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(test_names) / sizeof(test_names[0]); i++)
			if (!strcmp(tok, test_names[i].name))
				break;
		if (i == sizeof(test_names) / sizeof(test_names[0]))
			die(EXIT_USAGE, "unknown test: %s", tok);
		bits |= test_names[i].bit;
	}
	free(copy);
	if (!bits)
		die(EXIT_USAGE, "no test given");
	return bits;
}

int main(int argc, char **argv)
{
	int opt;

	while ((opt = getopt(argc, argv, "sc:f:p:B:t:n:r:C:T:Rw:vh")) != -1) {
		switch (opt) {
		case 's':
			cfg.server = true;
			break;
		case 'c':
			cfg.host = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "smc"))
				cfg.smc = true;
			else if (!strcmp(optarg, "tcp"))
				cfg.smc = false;
			else
				die(EXIT_USAGE, "family must be smc or tcp");
			break;
		case 'p':
			cfg.port = (uint16_t)parse_long(optarg, 1, 65535);
			break;
		case 'B':
			cfg.bind_addr = optarg;
			break;
		case 't':
			cfg.stream_s = parse_seconds(optarg);
			break;
		case 'n':
			cfg.rr_rounds = parse_long(optarg, 1, 10000000);
			break;
		case 'r':
			cfg.rr_max_s = parse_seconds(optarg);
			break;
		case 'C':
			cfg.crr_s = parse_seconds(optarg);
			break;
		case 'T':
			cfg.tests = parse_tests(optarg);
			break;
		case 'R':
			cfg.require_smcr = true;
			break;
		case 'w':
			cfg.watchdog_s = (unsigned int)parse_long(optarg, 1, 86400);
			break;
		case 'v':
			cfg.verbose = true;
			break;
		case 'h':
			usage(0);
		default:
			usage(EXIT_USAGE);
		}
	}
	if (optind != argc || cfg.server == !!cfg.host)
		usage(EXIT_USAGE);
	signal(SIGPIPE, SIG_IGN);
	return cfg.server ? run_server() : run_client();
}
