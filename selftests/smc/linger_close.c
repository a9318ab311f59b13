// SPDX-License-Identifier: GPL-2.0
/*
 * close(): the data still in flight and what the peer sees, with and
 * without SO_LINGER.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

/* read everything up to EOF, checking the pattern; bytes read or -1 */
static ssize_t drain_checked(int fd, uint32_t seed, int *err)
{
	char buf[65536];
	size_t got = 0;
	ssize_t n;

	*err = 0;
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			*err = errno;
			return got;
		}
		if (n == 0)
			return got;
		if (smct_pattern_check(buf, n, seed, got) >= 0) {
			*err = EPROTO;
			return got;
		}
		got += n;
	}
}

static void test_abort(void)
{
	struct linger lin = { 1, 0 };
	int cfd, sfd, revents;
	char c;

	smct_phase("SO_LINGER {1, 0}");
	if (smct_pair(&cfd, &sfd))
		return;
	smct_check_ok(setsockopt(cfd, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin)),
		      "set SO_LINGER {1, 0}");
	close(cfd);
	revents = smct_poll1(sfd, POLLIN, smct_ms(3000));
	smct_check(revents & (POLLERR | POLLHUP),
		   "the peer sees an error condition (0x%x)", revents);
	smct_check_errno(recv(sfd, &c, 1, 0), ECONNRESET,
			 "the peer's recv after an abortive close");
	smct_check(recv(sfd, &c, 1, 0) == 0,
		   "a second recv returns EOF, the error is reported once");
	smct_check_errno(send(sfd, "x", 1, MSG_NOSIGNAL), EPIPE,
			 "the peer's send after the reset");
	close(sfd);
}

struct drainer {
	int fd;
	uint32_t seed;
	int delay_ms;
	ssize_t got;
	int err;
};

static void *drain_later(void *arg)
{
	struct drainer *d = arg;

	smct_sleep_ms(d->delay_ms);
	d->got = drain_checked(d->fd, d->seed, &d->err);
	return NULL;
}

static void test_linger_reading_peer(void)
{
	struct linger lin = { 1, 5 }, got_lin;
	socklen_t len = sizeof(got_lin);
	struct drainer d = { .seed = 41 };
	char buf[65536];
	pthread_t thread;
	int cfd, i;
	int64_t start, took;

	smct_phase("SO_LINGER {1, 5}, peer reading");
	if (smct_pair(&cfd, &d.fd))
		return;
	setsockopt(cfd, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin));
	getsockopt(cfd, SOL_SOCKET, SO_LINGER, &got_lin, &len);
	smct_check(len == sizeof(got_lin) && got_lin.l_onoff &&
		   got_lin.l_linger == 5,
		   "SO_LINGER reads back {%d, %d}", got_lin.l_onoff,
		   got_lin.l_linger);
	pthread_create(&thread, NULL, drain_later, &d);
	for (i = 0; i < 4; i++) {
		smct_pattern_fill(buf, sizeof(buf), 41, i * sizeof(buf));
		smct_write_all(cfd, buf, sizeof(buf));
	}
	start = smct_now_us();
	close(cfd);
	took = smct_now_us() - start;
	pthread_join(thread, NULL);
	/* not scaled: the point is to return before the 5 s linger time */
	smct_check(took < 4500000,
		   "close with a reading peer returns before the linger time (%lld ms)",
		   (long long)took / 1000);
	smct_check(d.got == 4 * 65536 && d.err == 0,
		   "the peer reads all data and a clean EOF (%zd, %s)", d.got,
		   smct_errno_name(d.err));
	close(d.fd);
}

static void test_linger_timeout(void)
{
	struct linger lin = { 1, 1 };
	struct drainer d = { .seed = 43 };
	size_t filled;
	int cfd;
	int64_t start, took;

	smct_phase("SO_LINGER {1, 1}, peer not reading");
	if (smct_pair(&cfd, &d.fd))
		return;
	filled = smct_fill_send_buffer(cfd, 43);
	setsockopt(cfd, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin));
	start = smct_now_us();
	close(cfd);
	took = smct_now_us() - start;
	smct_check(took >= 700000 && took < smct_ms(4000) * 1000LL,
		   "close waits about the linger time while data is stuck (%lld ms)",
		   (long long)took / 1000);
	d.got = drain_checked(d.fd, 43, &d.err);
	smct_check(d.got == (ssize_t)filled && d.err == 0,
		   "the data is still delivered afterwards (%zd of %zu, %s)",
		   d.got, filled, smct_errno_name(d.err));
	close(d.fd);
}

static void test_plain_close(void)
{
	struct drainer d = { .seed = 47 };
	size_t filled;
	int cfd;
	int64_t start, took;

	smct_phase("close without SO_LINGER, peer not reading");
	if (smct_pair(&cfd, &d.fd))
		return;
	filled = smct_fill_send_buffer(cfd, 47);
	start = smct_now_us();
	close(cfd);
	took = smct_now_us() - start;
	smct_check(took < smct_ms(500) * 1000LL,
		   "close returns at once with unsent data (%lld ms)",
		   (long long)took / 1000);
	d.got = drain_checked(d.fd, 47, &d.err);
	smct_check(d.got == (ssize_t)filled && d.err == 0,
		   "the peer still reads all %zu bytes and EOF (%zd, %s)",
		   filled, d.got, smct_errno_name(d.err));
	close(d.fd);
}

static void test_linger_off(void)
{
	struct linger lin = { 0, 5 };
	int cfd, sfd;
	char c;

	smct_phase("SO_LINGER {0, 5}");
	if (smct_pair(&cfd, &sfd))
		return;
	setsockopt(cfd, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin));
	close(cfd);
	smct_check(recv(sfd, &c, 1, 0) == 0,
		   "SO_LINGER {0, 5} closes gracefully: the peer reads EOF");
	close(sfd);
}

/* TCP answers a close that discards unread data with a reset */
static void test_unread_data(void)
{
	int cfd, sfd, revents;
	char c;

	smct_phase("close with unread data");
	if (smct_pair(&cfd, &sfd))
		return;
	smct_write_all(sfd, "unread", 6);
	smct_wait_queued(cfd, 6, smct_ms(3000));
	close(cfd);
	revents = smct_poll1(sfd, POLLIN, smct_ms(3000));
	smct_check_errno(recv(sfd, &c, 1, 0), ECONNRESET,
			 "closing with unread data resets the peer (revents 0x%x)",
			 revents);
	close(sfd);
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "linger_close", 60, NULL);
	test_abort();
	test_linger_reading_peer();
	test_linger_timeout();
	test_plain_close();
	test_linger_off();
	test_unread_data();
	return smct_finish();
}
