/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the AF_SMC selftests.
 *
 * Every test runs in one of two families: "smc" (AF_SMC sockets, the thing
 * under test) or "tcp" (AF_INET/AF_INET6 sockets).  An AF_SMC socket must
 * behave exactly like a TCP socket, so the tcp family is the reference: a
 * test that fails with -f tcp is a broken test, not a broken module.
 *
 * Environment (command line options win):
 *   SMCTEST_FAMILY          smc | tcp                        (-f)
 *   SMCTEST_IPV6            1 to use IPv6                    (-6)
 *   SMCTEST_SERVER_ADDR     where servers bind and clients connect
 *   SMCTEST_SERVER_ADDR6    the same for IPv6 runs (else SMCTEST_SERVER_ADDR
 *                           is used when it is an IPv6 address)
 *   SMCTEST_CLIENT_ADDR[6]  where clients bind before connecting (optional)
 *   SMCTEST_EXPECT_CLIENT   expected sock_diag mode of client sockets
 *   SMCTEST_EXPECT_SERVER   expected sock_diag mode of server sockets
 *                           ("SMCR", "SMCD", "SMC", "TCP", "TCP 0x03030000",
 *                           "TCP 0x05000000/0x03030000")
 *   SMCTEST_TIMEOUT_SCALE   multiply every timeout (slow or emulated hosts)
 *   SMCTEST_TIMEOUT         whole-test watchdog in seconds   (-t)
 */
#ifndef SMCTEST_H
#define SMCTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <sys/socket.h>
#include <sys/types.h>

#ifndef AF_SMC
#define AF_SMC 43
#endif
#ifndef SOL_SMC
#define SOL_SMC 286
#endif
#ifndef SMC_LIMIT_HS
#define SMC_LIMIT_HS 1
#endif

#define SMCT_EXIT_PASS	0
#define SMCT_EXIT_FAIL	1
#define SMCT_EXIT_SKIP	4

enum smct_kind {
	SMCT_KIND_SMC,
	SMCT_KIND_TCP,
};

struct smct_config {
	enum smct_kind kind;	/* family the test exercises */
	bool ipv6;
	bool verbose;
	long count;		/* -n, test specific; -1 when not given */
	double timeout_scale;
	const char *name;
	/* textual and parsed addresses, port left 0 */
	char server_text[64];
	char client_text[64];
	struct sockaddr_storage server_addr;
	socklen_t server_len;
	struct sockaddr_storage client_addr;
	socklen_t client_len;	/* 0: clients let the kernel choose */
	bool loopback;		/* server address is the default loopback */
};

extern struct smct_config smct;

/* --- setup, reporting ----------------------------------------------------- */

/*
 * Parse "-f smc|tcp -6 -n N -t SECS -v -h", probe that the chosen family
 * works (bails out when AF_SMC is missing, skips when IPv6 is not usable)
 * and arm the watchdog.  timeout_s is the default budget of the whole test
 * before scaling.
 */
void smct_init(int argc, char **argv, const char *name, int timeout_s,
	       const char *count_help);
long smct_count(long fallback);
/*
 * Switch the IP version for the rest of the test (tests that cover both).
 * False, with the reason in why, when that version cannot be used here.
 */
bool smct_use_ip_version(bool ipv6, char *why, size_t len);
const char *smct_kind_name(enum smct_kind kind);

/* Name the step in progress: the watchdog quotes it when it fires. */
void smct_phase(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Re-arm the watchdog for a step known to take long (seconds, unscaled). */
void smct_watchdog(int seconds);

bool smct_check(bool cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool smct_report_errno(long ret, int saved_errno, int want, const char *fmt,
		       ...) __attribute__((format(printf, 4, 5)));
bool smct_report_ok(long ret, int saved_errno, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * ok when expr yields -1 with errno == want.  Macros, because errno must be
 * read after expr ran and argument evaluation order is unspecified.
 */
#define smct_check_errno(expr, want, ...) ({				\
	long __smct_ret = (long)(expr);					\
	int __smct_err = errno;						\
	smct_report_errno(__smct_ret, __smct_err, want, __VA_ARGS__);	\
})
/* ok when expr yields a value >= 0; reports errno otherwise */
#define smct_check_ok(expr, ...) ({					\
	long __smct_ret = (long)(expr);					\
	int __smct_err = errno;						\
	smct_report_ok(__smct_ret, __smct_err, __VA_ARGS__);		\
})
void smct_pass(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void smct_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void smct_skip(const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void smct_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int smct_failures(void);
/* Print the plan and a summary; the value to return from main(). */
int smct_finish(void);
noreturn void smct_bail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
noreturn void smct_skip_all(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
const char *smct_errno_name(int err);

/* --- time ----------------------------------------------------------------- */

int64_t smct_now_us(void);
/* a timeout in ms, scaled by SMCTEST_TIMEOUT_SCALE */
int smct_ms(int ms);
void smct_sleep_ms(int ms);

/*
 * Linux 6.1 passes SOL_SOCKET options of an AF_SMC socket to net/core
 * only, which refuses the reuseport family for anything but inet sockets;
 * from 6.12 on the module sees them and hands them to TCP.  True when the
 * socket under test is AF_SMC on such a kernel (a known limitation).
 */
bool smct_reuseport_refused_by_kernel(void);

/* --- sockets -------------------------------------------------------------- */

/* socket() of the given kind in the configured IP version; flags is
 * SOCK_NONBLOCK | SOCK_CLOEXEC or 0 */
int smct_socket_kind(enum smct_kind kind, int flags);
int smct_socket(int flags);
/* the same with an explicit IP version, for tests that mix both */
int smct_socket_ip(enum smct_kind kind, bool ipv6, int flags);

/* the server address with the given port */
void smct_server_sockaddr(struct sockaddr_storage *ss, socklen_t *len,
			  uint16_t port);
/* bind to the client address if one is configured */
int smct_bind_client(int fd);
/* the socket's own / its peer's port, 0 when there is none */
uint16_t smct_local_port(int fd);
uint16_t smct_peer_port(int fd);

/* bound to the server address, port 0, listening; *port gets the port */
int smct_listen_kind(enum smct_kind kind, int backlog, uint16_t *port);
int smct_listen(int backlog, uint16_t *port);
/* connect() an existing socket to the server address; errno kept */
int smct_connect_fd(int fd, uint16_t port);
/* a new blocking connected socket, -1 with errno on failure */
int smct_connect_kind(enum smct_kind kind, uint16_t port);
int smct_connect(uint16_t port);
/* accept4() that gives up after timeout_ms (errno ETIMEDOUT) */
int smct_accept(int listen_fd, int flags, int timeout_ms);
/*
 * A connected pair of the configured kind: listen, connect, accept.  Both
 * ends are checked against SMCTEST_EXPECT_* (only when both are of the
 * configured kind: mixed pairs have expectations of their own).  Returns 0,
 * or -1 after reporting a failure.
 */
int smct_pair(int *client_fd, int *server_fd);
int smct_pair_kinds(enum smct_kind client_kind, enum smct_kind server_kind,
		    int *client_fd, int *server_fd);
int smct_set_nonblock(int fd, bool on);
int smct_get_int_opt(int fd, int level, int name, int *val);
int smct_set_int_opt(int fd, int level, int name, int val);
/* a port nothing listens on: bound by a closed socket a moment ago */
uint16_t smct_closed_port(void);
const char *smct_sockaddr_text(const struct sockaddr *sa, char *buf,
			       size_t len);
bool smct_sockaddr_equal(const struct sockaddr *a, const struct sockaddr *b);

/* --- data ----------------------------------------------------------------- */

ssize_t smct_write_all(int fd, const void *buf, size_t len);
/* read until len bytes, EOF or error; returns what was read or -1 */
ssize_t smct_read_full(int fd, void *buf, size_t len);
/*
 * Wait until at least want bytes are queued for reading, seen by MSG_PEEK
 * so that ioctls under test are not relied upon; returns what is queued.
 */
ssize_t smct_wait_queued(int fd, size_t want, int timeout_ms);
/* poll one fd; returns revents, 0 on timeout, -1 on error */
int smct_poll1(int fd, short events, int timeout_ms);
/* a byte stream that depends on seed and position only */
void smct_pattern_fill(void *buf, size_t len, uint32_t seed, uint64_t offset);
/* offset of the first byte that differs from the pattern, or -1 */
ssize_t smct_pattern_check(const void *buf, size_t len, uint32_t seed,
			   uint64_t offset);
/* send without blocking until the socket refuses more; returns bytes */
size_t smct_fill_send_buffer(int fd, uint32_t seed);
/* exchange a short message both ways and check it; false after a failure */
bool smct_exchange(int client_fd, int server_fd, const char *what);

struct smct_rng {
	uint64_t state;
};
void smct_rng_seed(struct smct_rng *rng, uint64_t seed);
uint64_t smct_rng_next(struct smct_rng *rng);
void smct_rng_fill(struct smct_rng *rng, void *buf, size_t len);
uint64_t smct_random_seed(void);

/* A byte-stream hash: equal for equal streams however they were split. */
struct smct_hash {
	uint64_t state;
	uint64_t length;
	uint8_t tail[8];
	unsigned int tail_len;
};
void smct_hash_init(struct smct_hash *h);
void smct_hash_update(struct smct_hash *h, const void *buf, size_t len);
uint64_t smct_hash_final(const struct smct_hash *h);

/* --- sock_diag ------------------------------------------------------------ */

struct smct_diag {
	bool found;
	uint8_t family;		/* of the internal TCP socket */
	uint8_t state;		/* SMC socket state */
	uint8_t mode;		/* SMC_DIAG_MODE_x */
	uint8_t shutdown;	/* RCV_SHUTDOWN 1 | SEND_SHUTDOWN 2 */
	bool has_fallback;	/* SMC_DIAG_FALLBACK was present */
	uint32_t reason;	/* fallback reason */
	uint32_t peer_diagnosis;
	uint16_t sport, dport;
	uint64_t inode;
	/* smct_diag_lookup(): the dump's AF_SMC entries and its parts, the
	 * dumps that failed and were tried again, and the first one's errno
	 */
	int dump_entries, dump_parts, dump_retries, dump_error;
};

/* look the socket up by inode; 0 (found or not: see ->found), or -errno.
 * A dump that fails for want of memory (ENOMEM, ENOBUFS) is tried again a
 * few times: the kernel reports such a failure rather than a short dump.
 */
int smct_diag_lookup(int fd, struct smct_diag *out);
/* AF_SMC sockets whose local or peer port is @port (any state), or -errno */
int smct_diag_count_port(uint16_t port);
/* "SMCR", "SMCD", "TCP 0x03030000", "TCP 0x05000000/0x03030000" */
const char *smct_diag_mode_text(const struct smct_diag *d, char *buf,
				size_t len);
const char *smct_smc_state_name(int state);

struct smct_expect {
	int mode;		/* SMC_DIAG_MODE_x, -1: SMC-R or SMC-D */
	bool any_reason;	/* "TCP" without a code */
	uint32_t reason;
	uint32_t peer_diagnosis;
};
/* parse a mode spec as documented above; false when malformed */
bool smct_parse_expect(const char *spec, struct smct_expect *out);
/* does the diag entry satisfy the expectation?  why not goes to buf */
bool smct_expect_match(const struct smct_expect *e, const struct smct_diag *d,
		       char *why, size_t len);
/*
 * Check fd's diag entry against SMCTEST_EXPECT_CLIENT or _SERVER (role is
 * "client" or "server").  Reports a sub-check only when the variable is set
 * and the family is smc; returns false on mismatch.
 */
bool smct_check_mode(int fd, const char *role);
/* Any RDMA device on the host: fallback codes that a test expects without
 * one (and the zero sender ids of its declines) would not hold.
 */
bool smct_have_rdma_devices(void);
/* The same against an explicit spec, regardless of the environment. */
bool smct_check_mode_spec(int fd, const char *role, const char *spec);
/* look fd up and match it against e; false with a reason in why */
bool smct_diag_matches(int fd, const struct smct_expect *e, char *why,
		       size_t len);
/*
 * Quiet form for tests with many connections: false and a reason in why
 * when an expectation for role is set and not met.
 */
bool smct_mode_as_expected(int fd, const char *role, char *why, size_t len);

#endif /* SMCTEST_H */
