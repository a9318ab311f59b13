// SPDX-License-Identifier: GPL-2.0
/*
 * smcxfer: client/server traffic tool for tests across hosts.
 *
 *   smcxfer -s [-f smc|tcp] [-6] [-B addr] [-p port] [-N count] [-v]
 *   smcxfer -c ADDR -p PORT [-f smc|tcp] [-6] [-B addr] [--bytes N]
 *           [--down-bytes N] [--echo] [--conns N] [--parallel N]
 *           [--expect-client SPEC] [--expect-server SPEC] [--timeout S]
 *           [--max-connect-ms MS] [-v]
 *
 * --conns is the total number of connections (default: --parallel, which
 * defaults to 1), --parallel how many of them run at the same time;
 * --bytes defaults to 1 MiB, --down-bytes to --bytes.  --max-connect-ms
 * prints how long each connect took (until the socket was writable, i.e.
 * the SMC handshake was over) and fails connections that took longer.
 *
 * Per connection the client sends a hello, then --bytes of random data
 * and a trailer with the hash of what it sent.  The server answers with a
 * hello that carries its own sock_diag view of the connection (mode,
 * fallback reason, peer diagnosis), then --down-bytes of its own random
 * data (or, with --echo, the client's data) and a trailer with the hashes
 * of both directions.  The client checks everything, so one client
 * command line verifies both ends.  Connections run on one epoll loop.
 *
 * A client connection whose socket() or bind() runs out of memory, sockets
 * or ports fails alone ("socket: ...", "bind: ..."); the others go on.
 *
 * All sockets are non-blocking: a call that still holds up the event loop
 * for NOTE_BLOCKED_US or more is printed as "smcxfer: note: ..." (it
 * stalls every other connection of the process), whatever the verdict.
 *
 * Exit status: 0 all connections verified, 1 any mismatch, timeout, error
 * or corruption, 2 usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

#define PROTO_VERSION	1
#define HELLO_MAGIC	0x534d4358	/* "SMCX" */
#define REPLY_MAGIC	0x534d4359	/* "SMCY" */
#define TRAILER_MAGIC	0x534d435a	/* "SMCZ" */
#define FLAG_ECHO	1
#define ECHO_RING	(256 * 1024)
#define CHUNK		(64 * 1024)
#define MSG_SIZE	32

/* all fields in network byte order; every message is MSG_SIZE bytes */
struct client_hello {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t reserved;
	uint64_t bytes_up;
	uint64_t bytes_down;
};

struct server_hello {
	uint32_t magic;
	uint32_t version;
	uint8_t is_smc;		/* the server's socket is AF_SMC */
	uint8_t found;		/* its sock_diag entry was found */
	uint8_t mode;
	uint8_t state;
	uint32_t reason;
	uint32_t peer_diagnosis;
	uint32_t diag_error;	/* errno of a failed lookup */
	uint64_t reserved;
};

struct trailer {
	uint32_t magic;
	uint32_t status;	/* server: 0, or 1 if the client's hash differed */
	uint64_t hash_sent;
	uint64_t hash_received;	/* server only */
	uint64_t bytes_received;	/* server only */
};

_Static_assert(sizeof(struct client_hello) == MSG_SIZE, "hello size");
_Static_assert(sizeof(struct server_hello) == MSG_SIZE, "reply size");
_Static_assert(sizeof(struct trailer) == MSG_SIZE, "trailer size");

static struct {
	bool server;
	const char *peer;		/* client: server address */
	const char *bind_addr;
	uint16_t port;
	enum smct_kind kind;
	bool ipv6;
	long count;			/* server: connections before exiting */
	uint64_t bytes_up, bytes_down;
	bool down_given;
	bool echo;
	long conns, parallel;
	const char *expect_client, *expect_server;
	struct smct_expect client_expect, server_expect;
	int timeout_s;
	long max_connect_ms;		/* 0: not measured */
	bool verbose;
} cfg = {
	.kind = SMCT_KIND_SMC,
	.bytes_up = 1 << 20,
	.conns = 1,
	.parallel = 1,
	.timeout_s = 30,
};

enum phase { HEADER, DATA, TRAILER, FINISHED };

struct session {
	struct session *next, *prev;	/* all open sessions */
	int fd;
	long number;
	bool connecting;
	bool failed;
	char why[160];
	int64_t started, last_progress;

	/* what this end sends: header, data, trailer */
	enum phase tx;
	bool tx_header_ready, tx_trailer_ready;
	unsigned char tx_msg[MSG_SIZE];
	size_t tx_msg_off;
	uint64_t tx_total, tx_done;
	struct smct_rng tx_rng;
	struct smct_hash tx_hash;
	unsigned char *tx_chunk;
	size_t tx_chunk_len, tx_chunk_off;

	/* what this end receives */
	enum phase rx;
	unsigned char rx_msg[MSG_SIZE];
	size_t rx_msg_have;
	uint64_t rx_total, rx_done;
	struct smct_hash rx_hash;

	/* server with --echo from the client: received data waits here */
	bool echo;
	unsigned char *ring;
	size_t ring_head, ring_len;

	/* results */
	struct server_hello peer_hello;	/* client: the server's view */
	uint32_t status;		/* server: verdict on the client */
	char local_mode[64];
	uint32_t events;
};

static int epfd;
static struct session *sessions;
static long sessions_failed, sessions_ok;
static uint64_t total_up, total_down;

static noreturn void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: smcxfer -s [-f smc|tcp] [-6] [-B addr] [-p port] [-N count] [-v]\n"
		"       smcxfer -c ADDR -p PORT [-f smc|tcp] [-6] [-B addr] [--bytes N]\n"
		"               [--down-bytes N] [--echo] [--conns N] [--parallel N]\n"
		"               [--expect-client SPEC] [--expect-server SPEC]\n"
		"               [--timeout S] [--max-connect-ms MS] [-v]\n"
		"  sizes take k, m, g suffixes (powers of 1024)\n"
		"  SPEC: SMCR, SMCD, SMC, TCP, \"TCP 0x03030000\", \"TCP 0x05000000/0x03030000\"\n");
	exit(status);
}

static void fail_session(struct session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail_session(struct session *s, const char *fmt, ...)
{
	va_list ap;

	if (s->failed)
		return;
	s->failed = true;
	va_start(ap, fmt);
	vsnprintf(s->why, sizeof(s->why), fmt, ap);
	va_end(ap);
}

static bool parse_size(const char *text, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(text, &end, 0);
	if (errno || end == text)
		return false;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	}
	if (*end)
		return false;
	*out = v;
	return true;
}

static bool make_sockaddr(const char *text, uint16_t port,
			  struct sockaddr_storage *ss, socklen_t *len)
{
	struct addrinfo hints = {
		.ai_family = cfg.ipv6 ? AF_INET6 : AF_INET,
		.ai_socktype = SOCK_STREAM,
		.ai_flags = AI_NUMERICHOST | AI_PASSIVE,
	};
	struct addrinfo *res;
	char service[8];

	snprintf(service, sizeof(service), "%u", port);
	if (getaddrinfo(text, service, &hints, &res))
		return false;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return true;
}

static void describe_diag(int fd, char *buf, size_t len)
{
	struct smct_diag d;
	int rc;

	if (cfg.kind != SMCT_KIND_SMC) {
		snprintf(buf, len, "tcp");
		return;
	}
	rc = smct_diag_lookup(fd, &d);
	if (rc < 0)
		snprintf(buf, len, "(sock_diag: %s)", strerror(-rc));
	else
		smct_diag_mode_text(&d, buf, len);
}

/* --- the byte streams ----------------------------------------------------- */

static void set_msg(struct session *s, const void *msg)
{
	memcpy(s->tx_msg, msg, MSG_SIZE);
	s->tx_msg_off = 0;
}

/* the next piece of data to send; NULL if none is available yet */
static const unsigned char *tx_data(struct session *s, size_t *len)
{
	size_t piece;

	if (s->echo) {
		piece = s->ring_len;
		if (piece > ECHO_RING - s->ring_head)
			piece = ECHO_RING - s->ring_head;
		*len = piece;
		return piece ? s->ring + s->ring_head : NULL;
	}
	if (s->tx_chunk_off == s->tx_chunk_len) {
		piece = s->tx_total - s->tx_done;
		if (piece > CHUNK)
			piece = CHUNK;
		smct_rng_fill(&s->tx_rng, s->tx_chunk, piece);
		s->tx_chunk_len = piece;
		s->tx_chunk_off = 0;
	}
	*len = s->tx_chunk_len - s->tx_chunk_off;
	return s->tx_chunk + s->tx_chunk_off;
}

static void tx_data_sent(struct session *s, const unsigned char *p, size_t n)
{
	smct_hash_update(&s->tx_hash, p, n);
	s->tx_done += n;
	if (s->echo) {
		s->ring_head = (s->ring_head + n) % ECHO_RING;
		s->ring_len -= n;
	} else {
		s->tx_chunk_off += n;
	}
}

static void build_trailer(struct session *s, bool server)
{
	struct trailer t = {
		.magic = htonl(TRAILER_MAGIC),
		.status = htonl(s->status),
		.hash_sent = htobe64(smct_hash_final(&s->tx_hash)),
	};

	if (server) {
		t.hash_received = htobe64(smct_hash_final(&s->rx_hash));
		t.bytes_received = htobe64(s->rx_done);
	}
	set_msg(s, &t);
	s->tx_trailer_ready = true;
}

/* send as much as can go now; false if the connection broke */
static bool pump_tx(struct session *s)
{
	const unsigned char *p;
	size_t len;
	ssize_t n;

	for (;;) {
		/* the server's trailer reports on the client's: wait for it */
		if (s->tx == TRAILER && !s->tx_trailer_ready &&
		    (!cfg.server || s->rx == FINISHED))
			build_trailer(s, cfg.server);
		if (s->tx == HEADER || s->tx == TRAILER) {
			if ((s->tx == HEADER && !s->tx_header_ready) ||
			    (s->tx == TRAILER && !s->tx_trailer_ready))
				return true;
			n = send(s->fd, s->tx_msg + s->tx_msg_off,
				 MSG_SIZE - s->tx_msg_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
			if (n < 0)
				goto error;
			s->tx_msg_off += n;
			if (s->tx_msg_off < MSG_SIZE)
				continue;
			s->tx = s->tx == HEADER ? DATA : FINISHED;
			continue;
		}
		if (s->tx != DATA)
			return true;
		if (s->tx_done == s->tx_total) {
			s->tx = TRAILER;
			continue;
		}
		p = tx_data(s, &len);
		if (!p)
			return true;
		n = send(s->fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0)
			goto error;
		tx_data_sent(s, p, n);
		s->last_progress = smct_now_us();
	}
error:
	if (errno == EAGAIN)
		return true;
	fail_session(s, "send: %s", strerror(errno));
	return false;
}

static bool client_hello_received(struct session *s);
static bool server_hello_received(struct session *s);
static bool trailer_received(struct session *s);

/* take in what has arrived; false if the connection broke */
static bool pump_rx(struct session *s)
{
	unsigned char buf[CHUNK], *dst;
	size_t want;
	ssize_t n;

	while (s->rx != FINISHED) {
		if (s->rx == DATA && s->rx_done == s->rx_total) {
			s->rx = TRAILER;
			continue;
		}
		if (s->rx == DATA) {
			want = s->rx_total - s->rx_done;
			dst = buf;
			if (s->echo) {
				size_t tail = (s->ring_head + s->ring_len) % ECHO_RING;
				size_t room = ECHO_RING - s->ring_len;

				if (room > ECHO_RING - tail)
					room = ECHO_RING - tail;
				if (!room)
					return true;
				dst = s->ring + tail;
				if (want > room)
					want = room;
			} else if (want > sizeof(buf)) {
				want = sizeof(buf);
			}
		} else {
			want = MSG_SIZE - s->rx_msg_have;
			dst = s->rx_msg + s->rx_msg_have;
		}
		n = recv(s->fd, dst, want, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN)
				return true;
			fail_session(s, "recv: %s", strerror(errno));
			return false;
		}
		if (n == 0) {
			fail_session(s, "the peer closed early (%s)",
				     s->rx == DATA ? "in the data" : "in a message");
			return false;
		}
		s->last_progress = smct_now_us();
		if (s->rx == DATA) {
			smct_hash_update(&s->rx_hash, dst, n);
			s->rx_done += n;
			if (s->echo)
				s->ring_len += n;
			continue;
		}
		s->rx_msg_have += n;
		if (s->rx_msg_have < MSG_SIZE)
			continue;
		s->rx_msg_have = 0;
		if (s->rx == HEADER) {
			if (!(cfg.server ? client_hello_received(s) :
					   server_hello_received(s)))
				return false;
			s->rx = DATA;
		} else {
			if (!trailer_received(s))
				return false;
			s->rx = FINISHED;
		}
	}
	return true;
}

/* --- the protocol ---------------------------------------------------------- */

static bool client_hello_received(struct session *s)
{
	struct client_hello h;
	struct server_hello reply = {
		.magic = htonl(REPLY_MAGIC),
		.version = htonl(PROTO_VERSION),
		.is_smc = cfg.kind == SMCT_KIND_SMC,
	};
	struct smct_diag d;
	int rc;

	memcpy(&h, s->rx_msg, sizeof(h));
	if (ntohl(h.magic) != HELLO_MAGIC || ntohl(h.version) != PROTO_VERSION) {
		fail_session(s, "not an smcxfer client (magic 0x%08x)",
			     ntohl(h.magic));
		return false;
	}
	s->rx_total = be64toh(h.bytes_up);
	s->tx_total = be64toh(h.bytes_down);
	s->echo = ntohl(h.flags) & FLAG_ECHO;
	if (s->echo && s->tx_total != s->rx_total) {
		fail_session(s, "echo with different sizes");
		return false;
	}
	if (s->echo) {
		s->ring = malloc(ECHO_RING);
		if (!s->ring) {
			fail_session(s, "out of memory");
			return false;
		}
	}
	if (cfg.kind == SMCT_KIND_SMC) {
		rc = smct_diag_lookup(s->fd, &d);
		if (d.dump_parts > 2)
			fprintf(stderr, "smcxfer: note: connection %ld: sock_diag dump of %d entries took %d reads\n",
				s->number, d.dump_entries, d.dump_parts);
		if (d.dump_retries)
			fprintf(stderr, "smcxfer: note: connection %ld: sock_diag failed %d times (first: %s)%s\n",
				s->number, d.dump_retries,
				strerror(d.dump_error),
				rc < 0 ? ", given up" : "");
		if (rc < 0) {
			reply.diag_error = htonl(-rc);
		} else if (d.found) {
			reply.found = 1;
			reply.mode = d.mode;
			reply.state = d.state;
			reply.reason = htonl(d.reason);
			reply.peer_diagnosis = htonl(d.peer_diagnosis);
		} else {
			/* what the dump was like: a module defect to find */
			fprintf(stderr, "smcxfer: note: connection %ld: no sock_diag entry for inode %llu in a dump of %d entries (%d reads)\n",
				s->number, (unsigned long long)d.inode,
				d.dump_entries, d.dump_parts);
		}
		if (rc < 0)
			snprintf(s->local_mode, sizeof(s->local_mode),
				 "(sock_diag: %s)", strerror(-rc));
		else
			smct_diag_mode_text(&d, s->local_mode,
					    sizeof(s->local_mode));
	} else {
		snprintf(s->local_mode, sizeof(s->local_mode), "tcp");
	}
	set_msg(s, &reply);
	s->tx_header_ready = true;
	return true;
}

static bool server_hello_received(struct session *s)
{
	struct server_hello *h = &s->peer_hello;
	struct smct_diag d = { 0 };
	char why[128];

	memcpy(h, s->rx_msg, sizeof(*h));
	if (ntohl(h->magic) != REPLY_MAGIC ||
	    ntohl(h->version) != PROTO_VERSION) {
		fail_session(s, "not an smcxfer server (magic 0x%08x)",
			     ntohl(h->magic));
		return false;
	}
	if (!cfg.expect_server)
		return true;
	if (!h->is_smc) {
		static bool noted;

		if (!noted)
			fprintf(stderr, "smcxfer: note: --expect-server is ignored: the server uses tcp sockets\n");
		noted = true;
		return true;
	}
	if (!h->found) {
		fail_session(s, "server mode: the server found no sock_diag entry (%s)",
			     strerror(ntohl(h->diag_error)));
		return false;
	}
	d.found = true;
	d.mode = h->mode;
	d.state = h->state;
	d.has_fallback = true;
	d.reason = ntohl(h->reason);
	d.peer_diagnosis = ntohl(h->peer_diagnosis);
	if (!smct_expect_match(&cfg.server_expect, &d, why, sizeof(why))) {
		fail_session(s, "server mode: %s, want %s", why,
			     cfg.expect_server);
		return false;
	}
	return true;
}

static bool trailer_received(struct session *s)
{
	struct trailer t;
	uint64_t rx_hash = smct_hash_final(&s->rx_hash);

	memcpy(&t, s->rx_msg, sizeof(t));
	if (ntohl(t.magic) != TRAILER_MAGIC) {
		fail_session(s, "bad trailer (magic 0x%08x)", ntohl(t.magic));
		return false;
	}
	if (be64toh(t.hash_sent) != rx_hash) {
		if (cfg.server) {
			/* tell the client rather than drop the connection */
			s->status = 1;
		} else {
			fail_session(s, "server to client data corrupted (hash %016llx, server sent %016llx)",
				     (unsigned long long)rx_hash,
				     (unsigned long long)be64toh(t.hash_sent));
			return false;
		}
	}
	if (cfg.server)
		return true;
	if (ntohl(t.status) || be64toh(t.bytes_received) != s->tx_done ||
	    be64toh(t.hash_received) != smct_hash_final(&s->tx_hash)) {
		fail_session(s, "client to server data corrupted (server got %llu bytes, hash %016llx, sent %llu, %016llx)",
			     (unsigned long long)be64toh(t.bytes_received),
			     (unsigned long long)be64toh(t.hash_received),
			     (unsigned long long)s->tx_done,
			     (unsigned long long)smct_hash_final(&s->tx_hash));
		return false;
	}
	if (cfg.echo && rx_hash != smct_hash_final(&s->tx_hash)) {
		fail_session(s, "the echo differs from what was sent");
		return false;
	}
	return true;
}

/* --- sessions -------------------------------------------------------------- */

static struct session *new_session(int fd, long number)
{
	struct session *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->fd = fd;
	s->number = number;
	s->started = s->last_progress = smct_now_us();
	s->tx_chunk = malloc(CHUNK);
	if (!s->tx_chunk) {
		free(s);
		return NULL;
	}
	smct_rng_seed(&s->tx_rng, smct_random_seed());
	smct_hash_init(&s->tx_hash);
	smct_hash_init(&s->rx_hash);
	s->next = sessions;
	if (sessions)
		sessions->prev = s;
	sessions = s;
	return s;
}

static void free_session(struct session *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		sessions = s->next;
	if (s->next)
		s->next->prev = s->prev;
	if (s->fd >= 0) {
		epoll_ctl(epfd, EPOLL_CTL_DEL, s->fd, NULL);
		close(s->fd);
	}
	free(s->tx_chunk);
	free(s->ring);
	free(s);
}

static void update_events(struct session *s)
{
	struct epoll_event ev = { .data.ptr = s };

	if (s->connecting) {
		ev.events = EPOLLOUT;
	} else {
		if (s->rx != FINISHED &&
		    !(s->echo && s->rx == DATA && s->ring_len == ECHO_RING))
			ev.events |= EPOLLIN;
		/* after everything, wait for the peer's close */
		if (s->rx == FINISHED && s->tx == FINISHED)
			ev.events |= EPOLLIN;
		if ((s->tx == HEADER && s->tx_header_ready) ||
		    (s->tx == DATA && (!s->echo || s->ring_len)) ||
		    (s->tx == TRAILER && s->tx_trailer_ready))
			ev.events |= EPOLLOUT;
	}
	if (ev.events != s->events) {
		epoll_ctl(epfd, EPOLL_CTL_MOD, s->fd, &ev);
		s->events = ev.events;
	}
}

static double mib_per_s(uint64_t bytes, int64_t us)
{
	return us > 0 ? bytes / (us / 1e6) / (1 << 20) : 0.0;
}

#define NOTE_BLOCKED_US	2000000

/* non-blocking calls that block are worth knowing even when all ends well */
static void note_if_blocked(const char *what, long number, int64_t since)
{
	int64_t took = smct_now_us() - since;

	if (took < NOTE_BLOCKED_US)
		return;
	printf("smcxfer: note: connection %ld: %s held up the event loop for %.1f s\n",
	       number, what, took / 1e6);
	fflush(stdout);
}

static void __finish_session(struct session *s);

/* its close() too: an SMC close may wait for the link */
static void finish_session(struct session *s)
{
	int64_t t = smct_now_us();
	long number = s->number;

	__finish_session(s);
	note_if_blocked("closing", number, t);
}

static void __finish_session(struct session *s)
{
	int64_t took = smct_now_us() - s->started;
	char server_mode[64] = "";

	if (!cfg.server && s->peer_hello.magic) {
		struct smct_diag d = {
			.found = s->peer_hello.found,
			.mode = s->peer_hello.mode,
			.has_fallback = true,
			.reason = ntohl(s->peer_hello.reason),
			.peer_diagnosis = ntohl(s->peer_hello.peer_diagnosis),
		};

		if (s->peer_hello.is_smc)
			smct_diag_mode_text(&d, server_mode, sizeof(server_mode));
		else
			snprintf(server_mode, sizeof(server_mode), "tcp");
	}
	if (s->failed)
		sessions_failed++;
	else
		sessions_ok++;
	total_up += cfg.server ? s->rx_done : s->tx_done;
	total_down += cfg.server ? s->tx_done : s->rx_done;
	if (cfg.server)
		printf("smcxfer: connection %ld %s, mode %s, received %llu, sent %llu, %.1f ms%s%s\n",
		       s->number, s->failed ? "FAILED" : "ok", s->local_mode,
		       (unsigned long long)s->rx_done,
		       (unsigned long long)s->tx_done, took / 1000.0,
		       s->failed ? ": " : "", s->failed ? s->why : "");
	else if (s->failed || cfg.verbose)
		printf("smcxfer: connection %ld %s, client %s, server %s, up %llu (%.1f MiB/s), down %llu (%.1f MiB/s), %.1f ms%s%s\n",
		       s->number, s->failed ? "FAILED" : "ok", s->local_mode,
		       server_mode, (unsigned long long)s->tx_done,
		       mib_per_s(s->tx_done, took),
		       (unsigned long long)s->rx_done,
		       mib_per_s(s->rx_done, took), took / 1000.0,
		       s->failed ? ": " : "", s->failed ? s->why : "");
	fflush(stdout);
	free_session(s);
}

/* handle readiness; true when the session is over */
/* --max-connect-ms: the connect of @s is over */
static bool connect_too_slow(struct session *s)
{
	long long ms = (smct_now_us() - s->started) / 1000;

	printf("smcxfer: connection %ld connected after %lld ms\n", s->number,
	       ms);
	fflush(stdout);
	if (ms <= cfg.max_connect_ms)
		return false;
	fail_session(s, "connect took %lld ms, more than %ld ms", ms,
		     cfg.max_connect_ms);
	return true;
}

static bool __session_event(struct session *s, uint32_t events);

static bool session_event(struct session *s, uint32_t events)
{
	int64_t t = smct_now_us();
	bool done = __session_event(s, events);

	note_if_blocked("a non-blocking call", s->number, t);
	return done;
}

static bool __session_event(struct session *s, uint32_t events)
{
	char why[128];
	int err = 0;

	if (s->connecting) {
		smct_get_int_opt(s->fd, SOL_SOCKET, SO_ERROR, &err);
		if (err) {
			fail_session(s, "connect: %s", strerror(err));
			return true;
		}
		if (!(events & EPOLLOUT))
			return false;
		s->connecting = false;
		if (cfg.max_connect_ms && connect_too_slow(s))
			return true;
		describe_diag(s->fd, s->local_mode, sizeof(s->local_mode));
		if (cfg.expect_client && cfg.kind == SMCT_KIND_SMC &&
		    !smct_diag_matches(s->fd, &cfg.client_expect, why,
				       sizeof(why))) {
			fail_session(s, "client mode: %s, want %s", why,
				     cfg.expect_client);
			return true;
		}
	}
	if (s->rx == FINISHED && s->tx == FINISHED) {
		char c;
		ssize_t n = recv(s->fd, &c, 1, MSG_DONTWAIT);

		if (n < 0 && errno == EAGAIN)
			return false;
		/* an error (a reset, an abort) is not data: say which */
		if (n < 0)
			fail_session(s, "recv after the end: %s",
				     strerror(errno));
		else if (n > 0)
			fail_session(s, "data after the end");
		return true;
	}
	if (!pump_rx(s) || !pump_tx(s))
		return true;
	/* echoing made room for more input, which can go back at once */
	if (s->echo && (!pump_rx(s) || !pump_tx(s)))
		return true;
	if (!cfg.server && s->rx == FINISHED && s->tx == FINISHED) {
		char c;

		/* the client closes first; what came after the server's
		 * trailer is unread data (the close resets the server's end)
		 */
		if (recv(s->fd, &c, 1, MSG_DONTWAIT) > 0)
			fail_session(s, "data after the end");
		return true;
	}
	update_events(s);
	return false;
}

static const char *stuck_where(const struct session *s)
{
	if (s->connecting)
		return "connecting";
	if (s->rx == HEADER)
		return "waiting for the peer's hello";
	if (s->rx == DATA)
		return "receiving data";
	if (s->rx == TRAILER)
		return "waiting for the peer's trailer";
	if (s->tx != FINISHED)
		return "sending";
	return "waiting for the close";
}

/* end sessions without progress for too long; returns how many */
static long expire_sessions(void)
{
	struct session *s, *next;
	long expired = 0;
	int64_t now = smct_now_us();

	for (s = sessions; s; s = next) {
		next = s->next;
		if (now - s->last_progress < cfg.timeout_s * 1000000LL)
			continue;
		fail_session(s, "no progress for %d s (%s)", cfg.timeout_s,
			     stuck_where(s));
		finish_session(s);
		expired++;
	}
	return expired;
}

/* --- client ----------------------------------------------------------------- */

/* Out of memory, sockets or ports (fault injection, a busy host): one
 * connection fails with the errno, the others go on.  Anything else
 * (no smc module, a bad address) fails them all alike: give up at once.
 */
static bool resource_errno(int err)
{
	return err == ENOMEM || err == ENOBUFS || err == ENFILE ||
	       err == EMFILE || err == EADDRINUSE || err == EADDRNOTAVAIL;
}

/* a connection that failed before it had a socket to connect */
static struct session *failed_client(long number, const char *what, int err)
{
	struct session *s = new_session(-1, number);

	if (!s) {
		fprintf(stderr, "smcxfer: out of memory\n");
		exit(1);
	}
	fail_session(s, "%s: %s", what, strerror(err));
	return s;
}

static struct session *start_client(long number)
{
	struct sockaddr_storage ss, local;
	socklen_t len, local_len;
	struct epoll_event ev = { .events = EPOLLOUT };
	struct client_hello h = {
		.magic = htonl(HELLO_MAGIC),
		.version = htonl(PROTO_VERSION),
		.flags = htonl(cfg.echo ? FLAG_ECHO : 0),
		.bytes_up = htobe64(cfg.bytes_up),
		.bytes_down = htobe64(cfg.bytes_down),
	};
	struct session *s;
	int fd;

	fd = smct_socket_ip(cfg.kind, cfg.ipv6, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		if (resource_errno(errno))
			return failed_client(number, "socket", errno);
		fprintf(stderr, "smcxfer: socket: %s%s\n", strerror(errno),
			errno == EAFNOSUPPORT && cfg.kind == SMCT_KIND_SMC ?
			" (is the smc module loaded?)" : "");
		exit(1);
	}
	if (cfg.bind_addr) {
		make_sockaddr(cfg.bind_addr, 0, &local, &local_len);
		if (bind(fd, (struct sockaddr *)&local, local_len)) {
			int err = errno;

			if (resource_errno(err)) {
				close(fd);
				return failed_client(number, "bind", err);
			}
			fprintf(stderr, "smcxfer: bind %s: %s\n", cfg.bind_addr,
				strerror(err));
			exit(1);
		}
	}
	make_sockaddr(cfg.peer, cfg.port, &ss, &len);
	s = new_session(fd, number);
	if (!s) {
		fprintf(stderr, "smcxfer: out of memory\n");
		exit(1);
	}
	s->connecting = true;
	s->tx_total = cfg.bytes_up;
	s->rx_total = cfg.bytes_down;
	s->echo = false;	/* only the server keeps an echo ring */
	set_msg(s, &h);
	s->tx_header_ready = true;
	if (connect(fd, (struct sockaddr *)&ss, len) && errno != EINPROGRESS)
		fail_session(s, "connect: %s", strerror(errno));
	ev.data.ptr = s;
	s->events = EPOLLOUT;
	/* it fails with ENOMEM too: a connection never polled would stall */
	if (!s->failed && epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev))
		fail_session(s, "epoll_ctl: %s", strerror(errno));
	return s;
}

static int run_client(void)
{
	struct epoll_event events[64];
	long started = 0, running = 0;
	int64_t begin = smct_now_us(), took;
	struct session *s;
	int n, j;

	while (started < cfg.conns || running) {
		while (running < cfg.parallel && started < cfg.conns) {
			s = start_client(++started);
			if (s->failed)
				finish_session(s);
			else
				running++;
		}
		n = epoll_wait(epfd, events, 64, 1000);
		for (j = 0; j < n; j++) {
			s = events[j].data.ptr;
			if (session_event(s, events[j].events)) {
				finish_session(s);
				running--;
			}
		}
		running -= expire_sessions();
	}
	took = smct_now_us() - begin;
	printf("smcxfer: %ld connections, %ld ok, %ld failed; up %llu bytes, down %llu bytes in %.3f s (%.1f MiB/s total)\n",
	       cfg.conns, sessions_ok, sessions_failed,
	       (unsigned long long)total_up, (unsigned long long)total_down,
	       took / 1e6, mib_per_s(total_up + total_down, took));
	return sessions_failed ? 1 : 0;
}

/* --- server ----------------------------------------------------------------- */

static int run_server(void)
{
	struct sockaddr_storage ss;
	struct epoll_event ev, events[64];
	socklen_t len;
	long accepted = 0, done = 0;
	int lfd, fd, n, j;
	struct session *s;

	lfd = smct_socket_ip(cfg.kind, cfg.ipv6, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (lfd < 0) {
		fprintf(stderr, "smcxfer: socket: %s%s\n", strerror(errno),
			errno == EAFNOSUPPORT && cfg.kind == SMCT_KIND_SMC ?
			" (is the smc module loaded?)" : "");
		return 1;
	}
	smct_set_int_opt(lfd, SOL_SOCKET, SO_REUSEADDR, 1);
	if (!make_sockaddr(cfg.bind_addr, cfg.port, &ss, &len) ||
	    bind(lfd, (struct sockaddr *)&ss, len) || listen(lfd, 128)) {
		fprintf(stderr, "smcxfer: listen on %s port %u: %s\n",
			cfg.bind_addr ? cfg.bind_addr : "*", cfg.port,
			strerror(errno));
		return 1;
	}
	ev.events = EPOLLIN;
	ev.data.ptr = NULL;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev)) {
		fprintf(stderr, "smcxfer: epoll_ctl: %s\n", strerror(errno));
		return 1;
	}
	/* from here on, what the server does is waiting and serving */
	printf("smcxfer: listening on %s port %u (%s)\n", cfg.bind_addr,
	       smct_local_port(lfd), smct_kind_name(cfg.kind));
	fflush(stdout);

	while (!cfg.count || done < cfg.count) {
		n = epoll_wait(epfd, events, 64, 1000);
		for (j = 0; j < n; j++) {
			s = events[j].data.ptr;
			if (!s) {
				int64_t t = smct_now_us();

				while ((!cfg.count || accepted < cfg.count) &&
				       (fd = accept4(lfd, NULL, NULL,
						     SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
					s = new_session(fd, ++accepted);
					if (!s) {
						close(fd);
						continue;
					}
					ev.events = EPOLLIN;
					ev.data.ptr = s;
					s->events = EPOLLIN;
					/* ENOMEM (its wait queue entry): that
					 * connection fails, the peer sees the
					 * close; unpolled it would stall
					 */
					if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev)) {
						fail_session(s, "epoll_ctl: %s",
							     strerror(errno));
						finish_session(s);
						done++;
					}
				}
				note_if_blocked("accepting", accepted, t);
				continue;
			}
			if (session_event(s, events[j].events)) {
				finish_session(s);
				done++;
			}
		}
		done += expire_sessions();
	}
	close(lfd);
	printf("smcxfer: served %ld connections, %ld failed\n", done,
	       sessions_failed);
	return sessions_failed ? 1 : 0;
}

/* --- options ---------------------------------------------------------------- */

int main(int argc, char **argv)
{
	enum { OPT_BYTES = 256, OPT_DOWN, OPT_ECHO, OPT_CONNS, OPT_PARALLEL,
	       OPT_EXPECT_CLIENT, OPT_EXPECT_SERVER, OPT_TIMEOUT,
	       OPT_MAX_CONNECT };
	static const struct option longopts[] = {
		{ "server", no_argument, NULL, 's' },
		{ "client", required_argument, NULL, 'c' },
		{ "port", required_argument, NULL, 'p' },
		{ "family", required_argument, NULL, 'f' },
		{ "bind", required_argument, NULL, 'B' },
		{ "count", required_argument, NULL, 'N' },
		{ "bytes", required_argument, NULL, OPT_BYTES },
		{ "down-bytes", required_argument, NULL, OPT_DOWN },
		{ "echo", no_argument, NULL, OPT_ECHO },
		{ "conns", required_argument, NULL, OPT_CONNS },
		{ "parallel", required_argument, NULL, OPT_PARALLEL },
		{ "expect-client", required_argument, NULL, OPT_EXPECT_CLIENT },
		{ "expect-server", required_argument, NULL, OPT_EXPECT_SERVER },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "max-connect-ms", required_argument, NULL, OPT_MAX_CONNECT },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool client = false, conns_given = false;
	int opt;

	while ((opt = getopt_long(argc, argv, "sc:p:f:6B:N:vh", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 's':
			cfg.server = true;
			break;
		case 'c':
			client = true;
			cfg.peer = optarg;
			break;
		case 'p':
			cfg.port = atoi(optarg);
			break;
		case 'f':
			if (!strcmp(optarg, "smc"))
				cfg.kind = SMCT_KIND_SMC;
			else if (!strcmp(optarg, "tcp"))
				cfg.kind = SMCT_KIND_TCP;
			else
				usage(2);
			break;
		case '6':
			cfg.ipv6 = true;
			break;
		case 'B':
			cfg.bind_addr = optarg;
			break;
		case 'N':
			cfg.count = atol(optarg);
			break;
		case OPT_BYTES:
			if (!parse_size(optarg, &cfg.bytes_up))
				usage(2);
			break;
		case OPT_DOWN:
			if (!parse_size(optarg, &cfg.bytes_down))
				usage(2);
			cfg.down_given = true;
			break;
		case OPT_ECHO:
			cfg.echo = true;
			break;
		case OPT_CONNS:
			cfg.conns = atol(optarg);
			conns_given = true;
			break;
		case OPT_PARALLEL:
			cfg.parallel = atol(optarg);
			break;
		case OPT_EXPECT_CLIENT:
			cfg.expect_client = optarg;
			break;
		case OPT_EXPECT_SERVER:
			cfg.expect_server = optarg;
			break;
		case OPT_TIMEOUT:
			cfg.timeout_s = atoi(optarg);
			break;
		case OPT_MAX_CONNECT:
			cfg.max_connect_ms = atol(optarg);
			if (cfg.max_connect_ms < 1)
				usage(2);
			break;
		case 'v':
			cfg.verbose = true;
			break;
		case 'h':
			usage(0);
		default:
			usage(2);
		}
	}
	if (optind < argc || cfg.server == client)
		usage(2);
	if ((cfg.peer && strchr(cfg.peer, ':')) ||
	    (cfg.bind_addr && strchr(cfg.bind_addr, ':')))
		cfg.ipv6 = true;
	if (!cfg.down_given)
		cfg.bytes_down = cfg.bytes_up;
	/* "--parallel 8" alone means eight connections at once */
	if (!conns_given)
		cfg.conns = cfg.parallel;
	if (cfg.echo && cfg.bytes_down != cfg.bytes_up) {
		fprintf(stderr, "smcxfer: --echo sends back what it gets: --down-bytes must equal --bytes\n");
		return 2;
	}
	if (client && (!cfg.port || cfg.conns < 1 || cfg.parallel < 1 ||
		       cfg.timeout_s < 1))
		usage(2);
	if (cfg.expect_client &&
	    !smct_parse_expect(cfg.expect_client, &cfg.client_expect)) {
		fprintf(stderr, "smcxfer: bad --expect-client '%s'\n",
			cfg.expect_client);
		return 2;
	}
	if (cfg.expect_server &&
	    !smct_parse_expect(cfg.expect_server, &cfg.server_expect)) {
		fprintf(stderr, "smcxfer: bad --expect-server '%s'\n",
			cfg.expect_server);
		return 2;
	}
	if (cfg.expect_client && cfg.kind != SMCT_KIND_SMC)
		fprintf(stderr, "smcxfer: note: --expect-client is ignored for tcp sockets\n");
	if (!cfg.bind_addr && cfg.server)
		cfg.bind_addr = cfg.ipv6 ? "::" : "0.0.0.0";
	if (cfg.peer) {
		struct sockaddr_storage ss;
		socklen_t len;

		if (!make_sockaddr(cfg.peer, cfg.port, &ss, &len)) {
			fprintf(stderr, "smcxfer: '%s' is not a numeric IPv%d address\n",
				cfg.peer, cfg.ipv6 ? 6 : 4);
			return 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0) {
		perror("smcxfer: epoll_create1");
		return 1;
	}
	return cfg.server ? run_server() : run_client();
}
