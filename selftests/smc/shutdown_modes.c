// SPDX-License-Identifier: GPL-2.0
/*
 * shutdown(): half-closing either direction or both, on connections,
 * unconnected sockets and listeners.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

#define BIG (1024 * 1024 + 17)

/* in smc mode, the shutdown bits sock_diag reports for our own socket */
static void check_diag_shutdown(int fd, int want, const char *what)
{
	struct smct_diag d;
	int rc;

	if (smct.kind != SMCT_KIND_SMC)
		return;
	rc = smct_diag_lookup(fd, &d);
	smct_check(rc == 0 && d.found && (d.shutdown & want) == want,
		   "sock_diag shows shutdown 0x%x %s (0x%x)", want, what,
		   d.shutdown);
}

struct big_sender {
	int fd;
	ssize_t sent;
};

static void *send_big_then_shut(void *arg)
{
	struct big_sender *s = arg;
	char *buf = malloc(BIG);

	if (!buf) {
		s->sent = -1;
		return NULL;
	}
	smct_pattern_fill(buf, BIG, 17, 0);
	s->sent = smct_write_all(s->fd, buf, BIG);
	shutdown(s->fd, SHUT_WR);
	free(buf);
	return NULL;
}

static void test_shut_wr(void)
{
	struct big_sender s;
	char *buf = malloc(BIG + 1), reply[16];
	pthread_t thread;
	int cfd, sfd;
	ssize_t n;

	smct_phase("SHUT_WR");
	if (!buf || smct_pair(&cfd, &sfd)) {
		free(buf);
		return;
	}
	s.fd = cfd;
	pthread_create(&thread, NULL, send_big_then_shut, &s);
	n = smct_read_full(sfd, buf, BIG + 1);
	pthread_join(thread, NULL);
	smct_check(s.sent == BIG && n == BIG &&
		   smct_pattern_check(buf, BIG, 17, 0) < 0,
		   "all data written before SHUT_WR arrives (%zd of %d)", n, BIG);
	n = recv(sfd, buf, 1, 0);
	smct_check(n == 0, "then the peer reads EOF (%zd)", n);
	n = recv(sfd, buf, 1, 0);
	smct_check(n == 0, "and EOF again on the next read (%zd)", n);
	check_diag_shutdown(cfd, 2, "after SHUT_WR");

	n = send(sfd, "reply", 5, MSG_NOSIGNAL);
	smct_check(n == 5, "the peer can still send after our SHUT_WR (%zd)",
		   n);
	n = smct_read_full(cfd, reply, 5);
	smct_check(n == 5 && !memcmp(reply, "reply", 5),
		   "and we receive it (%zd)", n);
	smct_check_errno(send(cfd, "x", 1, MSG_NOSIGNAL), EPIPE,
			 "send after SHUT_WR");
	smct_check_ok(shutdown(cfd, SHUT_WR), "SHUT_WR a second time");
	close(cfd);
	close(sfd);
	free(buf);
}

static void test_shut_rd(void)
{
	char buf[16];
	int cfd, sfd, revents;
	int64_t start, took;
	ssize_t n;

	smct_phase("SHUT_RD");
	if (smct_pair(&cfd, &sfd))
		return;
	smct_check_ok(shutdown(cfd, SHUT_RD), "SHUT_RD");
	start = smct_now_us();
	n = recv(cfd, buf, sizeof(buf), 0);
	took = smct_now_us() - start;
	smct_check(n == 0 && took < smct_ms(500) * 1000LL,
		   "recv after SHUT_RD returns 0 without waiting (%zd, %lld ms)",
		   n, (long long)took / 1000);
	revents = smct_poll1(cfd, POLLIN | POLLOUT | POLLRDHUP, 0);
	smct_check(revents == (POLLIN | POLLOUT | POLLRDHUP),
		   "poll after SHUT_RD: POLLIN|POLLOUT|POLLRDHUP (0x%x)",
		   revents);
	check_diag_shutdown(cfd, 1, "after SHUT_RD");
	n = send(cfd, "still", 5, MSG_NOSIGNAL);
	smct_check(n == 5, "we can still send after SHUT_RD (%zd)", n);
	n = smct_read_full(sfd, buf, 5);
	smct_check(n == 5 && !memcmp(buf, "still", 5),
		   "and the peer receives it (%zd)", n);
	n = send(sfd, "peer", 4, MSG_NOSIGNAL);
	smct_check(n == 4, "the peer's send does not fail (%zd)", n);
	close(cfd);
	close(sfd);
}

static void test_shut_rdwr(void)
{
	char buf[16];
	int cfd, sfd, revents;
	ssize_t n;

	smct_phase("SHUT_RDWR");
	if (smct_pair(&cfd, &sfd))
		return;
	smct_write_all(cfd, "last", 4);
	smct_check_ok(shutdown(cfd, SHUT_RDWR), "SHUT_RDWR");
	n = smct_read_full(sfd, buf, sizeof(buf));
	smct_check(n == 4 && !memcmp(buf, "last", 4),
		   "the peer gets the last data, then EOF (%zd)", n);
	n = recv(cfd, buf, sizeof(buf), 0);
	smct_check(n == 0, "our recv returns 0 (%zd)", n);
	smct_check_errno(send(cfd, "x", 1, MSG_NOSIGNAL), EPIPE,
			 "our send fails");
	revents = smct_poll1(cfd, POLLIN | POLLOUT | POLLRDHUP, 0);
	smct_check(revents & POLLHUP, "poll reports POLLHUP (0x%x)", revents);
	check_diag_shutdown(cfd, 3, "after SHUT_RDWR");
	close(cfd);
	close(sfd);
}

static void test_errors(void)
{
	int fd, cfd, sfd;

	smct_phase("shutdown errors");
	fd = smct_socket(0);
	smct_check_errno(shutdown(fd, SHUT_RD), ENOTCONN,
			 "SHUT_RD on an unconnected socket");
	smct_check_errno(shutdown(fd, SHUT_WR), ENOTCONN,
			 "SHUT_WR on an unconnected socket");
	smct_check_errno(shutdown(fd, SHUT_RDWR), ENOTCONN,
			 "SHUT_RDWR on an unconnected socket");
	smct_check_errno(shutdown(fd, 7), EINVAL,
			 "an invalid 'how' on an unconnected socket");
	close(fd);
	if (smct_pair(&cfd, &sfd))
		return;
	smct_check_errno(shutdown(cfd, 3), EINVAL,
			 "'how' 3 on a connected socket");
	smct_check_errno(shutdown(cfd, -1), EINVAL,
			 "'how' -1 on a connected socket");
	if (smct_exchange(cfd, sfd, "after invalid shutdown"))
		smct_pass("the connection still works after the invalid calls");
	close(sfd);
	smct_poll1(cfd, POLLRDHUP, smct_ms(2000));
	smct_check_ok(shutdown(cfd, SHUT_WR),
		      "SHUT_WR after the peer closed");
	close(cfd);
}

struct blocked_accept {
	int lfd;
	int fd;
	int err;
	volatile bool done;
};

static void *accept_blocked(void *arg)
{
	struct blocked_accept *b = arg;

	b->fd = accept(b->lfd, NULL, NULL);
	b->err = errno;
	b->done = true;
	return NULL;
}

/* TCP stops listening; a thread blocked in accept() wakes up */
static void test_listener(void)
{
	struct blocked_accept b = { .fd = -1 };
	pthread_t thread;
	int64_t deadline;
	uint16_t port;
	int fd;

	smct_phase("shutdown on a listener");
	b.lfd = smct_listen(4, &port);
	if (b.lfd < 0) {
		smct_fail("listen: %s", strerror(errno));
		return;
	}
	pthread_create(&thread, NULL, accept_blocked, &b);
	smct_sleep_ms(100);
	smct_check_ok(shutdown(b.lfd, SHUT_RDWR), "shutdown on a listener");
	deadline = smct_now_us() + smct_ms(2000) * 1000LL;
	while (!b.done && smct_now_us() < deadline)
		smct_sleep_ms(5);
	if (!b.done) {
		smct_fail("a thread blocked in accept() wakes up: still blocked after 2 s");
		pthread_cancel(thread);
	} else {
		smct_check(b.fd < 0 && b.err == EINVAL,
			   "a thread blocked in accept() wakes up with EINVAL (%d, %s)",
			   b.fd, smct_errno_name(b.err));
	}
	pthread_join(thread, NULL);
	if (b.fd >= 0)
		close(b.fd);
	fd = smct_socket(0);
	smct_check_errno(smct_connect_fd(fd, port), ECONNREFUSED,
			 "connect to the shut down listener");
	close(fd);
	close(b.lfd);
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "shutdown_modes", 60, NULL);
	test_shut_wr();
	test_shut_rd();
	test_shut_rdwr();
	test_errors();
	test_listener();
	return smct_finish();
}
