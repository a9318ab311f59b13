// SPDX-License-Identifier: GPL-2.0
/*
 * close_orders: a connection ends correctly whichever end closes first,
 * both at once, after half closes, or with data unread, and afterwards
 * nothing of it is left (no socket in sock_diag).
 *
 * Each scenario checks what the application sees against what TCP does:
 * all data before EOF, a reset when the closing end left data unread, an
 * error for writes to a connection the peer closed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

/* Written before the peer reads: it must fit what the connection buffers
 * (AF_SMC with net.smc.wmem/rmem at their 64 KiB defaults: 64 KiB of send
 * buffer plus a 64 KiB RMB), yet not fit either buffer alone.
 */
#define DATA_LEN	(96 * 1024)

static char data[DATA_LEN], back[DATA_LEN];

/* Read to EOF; true when exactly @len bytes of the pattern came first. */
static bool read_to_eof(int fd, size_t len, uint32_t seed)
{
	ssize_t n = smct_read_full(fd, back, len), bad;
	char extra;

	if (n != (ssize_t)len) {
		smct_info("read %zd of %zu bytes (%s)", n, len,
			  n < 0 ? strerror(errno) : "early EOF");
		return false;
	}
	bad = smct_pattern_check(back, len, seed, 0);
	if (bad >= 0) {
		smct_info("data differs at byte %zd of %zu", bad, len);
		return false;
	}
	n = recv(fd, &extra, 1, 0);
	if (n)
		smct_info("no EOF after the data: recv gives %zd (%s)", n,
			  n < 0 ? strerror(errno) : "more data");
	return n == 0;
}

/* Every socket of the connection goes away once both ends closed. */
static void check_gone(uint16_t port, const char *what)
{
	int64_t end = smct_now_us() + smct_ms(10000) * 1000LL;
	int n;

	if (smct.kind != SMCT_KIND_SMC)
		return;
	while ((n = smct_diag_count_port(port)) > 0 && smct_now_us() < end)
		smct_sleep_ms(50);
	smct_check(n == 0, "%s: no socket of the connection is left (%d)",
		   what, n);
}

/* As with TCP, where the first write may still go out and meet a reset,
 * writing to a peer that closed fails within a few attempts.
 */
static bool write_fails_soon(int fd)
{
	int i;

	for (i = 0; i < 5; i++) {
		if (send(fd, "x", 1, MSG_NOSIGNAL) < 0)
			return errno == EPIPE || errno == ECONNRESET;
		smct_sleep_ms(smct_ms(100));
	}
	return false;
}

static uint16_t server_port(int sfd)
{
	return smct_local_port(sfd);
}

static void one_closes_first(bool client_first)
{
	const char *what = client_first ? "client closes first" :
					  "server closes first";
	int cfd, sfd, first, second;
	uint16_t port;

	smct_phase("%s", what);
	if (smct_pair(&cfd, &sfd))
		return;
	port = server_port(sfd);
	first = client_first ? cfd : sfd;
	second = client_first ? sfd : cfd;
	smct_pattern_fill(data, sizeof(data), 1, 0);
	smct_write_all(first, data, sizeof(data));
	close(first);
	smct_check(read_to_eof(second, sizeof(data), 1),
		   "%s: the peer reads all data, then EOF", what);
	smct_check(write_fails_soon(second),
		   "%s: writing to the closed peer fails", what);
	close(second);
	check_gone(port, what);
}

struct closer {
	int fd;
	pthread_barrier_t *barrier;
};

static void *close_at_once(void *arg)
{
	struct closer *c = arg;

	pthread_barrier_wait(c->barrier);
	close(c->fd);
	return NULL;
}

static void both_close_at_once(void)
{
	pthread_barrier_t barrier;
	struct closer a, b;
	pthread_t ta, tb;
	int cfd, sfd;
	uint16_t port;

	smct_phase("both close at once");
	if (smct_pair(&cfd, &sfd))
		return;
	port = server_port(sfd);
	smct_exchange(cfd, sfd, "before closing");
	pthread_barrier_init(&barrier, NULL, 2);
	a = (struct closer){ cfd, &barrier };
	b = (struct closer){ sfd, &barrier };
	pthread_create(&ta, NULL, close_at_once, &a);
	pthread_create(&tb, NULL, close_at_once, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	pthread_barrier_destroy(&barrier);
	smct_pass("both close at once: both close() calls return");
	check_gone(port, "both close at once");
}

static void half_closes(void)
{
	int cfd, sfd;
	uint16_t port;

	smct_phase("shutdown(SHUT_WR) on both ends, then close");
	if (smct_pair(&cfd, &sfd))
		return;
	port = server_port(sfd);
	smct_pattern_fill(data, sizeof(data), 2, 0);
	smct_write_all(cfd, data, sizeof(data));
	smct_check_ok(shutdown(cfd, SHUT_WR), "client shutdown(SHUT_WR)");
	smct_check(read_to_eof(sfd, sizeof(data), 2),
		   "the server reads the client's data, then EOF");
	/* the other direction still works */
	smct_pattern_fill(data, sizeof(data), 3, 0);
	smct_write_all(sfd, data, sizeof(data));
	smct_check_ok(shutdown(sfd, SHUT_WR), "server shutdown(SHUT_WR)");
	smct_check(read_to_eof(cfd, sizeof(data), 3),
		   "the client reads the server's data, then EOF");
	close(sfd);
	close(cfd);
	check_gone(port, "half closes");
}

static void close_with_unread_data(void)
{
	char buf[64];
	int cfd, sfd, revents;
	uint16_t port;
	ssize_t n;

	smct_phase("close with unread data resets the connection");
	if (smct_pair(&cfd, &sfd))
		return;
	port = server_port(sfd);
	smct_write_all(cfd, "unread", 6);
	smct_wait_queued(sfd, 6, smct_ms(3000));
	close(sfd);
	revents = smct_poll1(cfd, POLLIN, smct_ms(3000));
	smct_check(revents > 0, "the client learns of the reset (revents 0x%x)",
		   revents);
	smct_check_errno(recv(cfd, buf, sizeof(buf), 0), ECONNRESET,
			 "the client's read reports the reset");
	n = send(cfd, "x", 1, MSG_NOSIGNAL);
	smct_check(n < 0 && (errno == EPIPE || errno == ECONNRESET),
		   "a write after the reset fails (%s)",
		   n < 0 ? smct_errno_name(errno) : "succeeded");
	close(cfd);
	check_gone(port, "close with unread data");
}

struct blocked_writer {
	int fd;
	int err;
	size_t sent;
};

static void *write_until_error(void *arg)
{
	struct blocked_writer *w = arg;
	ssize_t n;

	smct_pattern_fill(data, sizeof(data), 4, 0);
	for (;;) {
		n = send(w->fd, data, sizeof(data), MSG_NOSIGNAL);
		if (n < 0) {
			w->err = errno;
			return NULL;
		}
		w->sent += n;
	}
}

static void close_under_blocked_writer(void)
{
	struct blocked_writer w = { 0 };
	pthread_t t;
	int cfd, sfd;
	uint16_t port;

	smct_phase("close while the peer is blocked writing");
	if (smct_pair(&cfd, &sfd))
		return;
	port = server_port(sfd);
	w.fd = sfd;
	pthread_create(&t, NULL, write_until_error, &w);
	/* let the writer fill everything and block */
	smct_sleep_ms(smct_ms(500));
	close(cfd);
	pthread_join(t, NULL);
	smct_check(w.err == ECONNRESET || w.err == EPIPE,
		   "the blocked writer returns with an error (%s after %zu bytes)",
		   smct_errno_name(w.err), w.sent);
	close(sfd);
	check_gone(port, "close under a blocked writer");
}

static void shutdown_rdwr_then_close(void)
{
	int cfd, sfd;
	uint16_t port;
	char c;

	smct_phase("shutdown(SHUT_RDWR) then close");
	if (smct_pair(&cfd, &sfd))
		return;
	port = server_port(sfd);
	smct_exchange(cfd, sfd, "before the shutdown");
	smct_check_ok(shutdown(cfd, SHUT_RDWR), "client shutdown(SHUT_RDWR)");
	smct_check(recv(sfd, &c, 1, 0) == 0,
		   "the server sees EOF after the client's SHUT_RDWR");
	close(cfd);
	close(sfd);
	check_gone(port, "shutdown(SHUT_RDWR) then close");
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "close_orders", 120, NULL);
	one_closes_first(true);
	one_closes_first(false);
	both_close_at_once();
	half_closes();
	close_with_unread_data();
	close_under_blocked_writer();
	shutdown_rdwr_then_close();
	return smct_finish();
}
