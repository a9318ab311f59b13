// SPDX-License-Identifier: GPL-2.0
/*
 * SO_RCVTIMEO and SO_SNDTIMEO: recv, send, accept and connect give up after
 * the timeout, and the values read back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "smctest.h"

#define TIMEOUT_US 200000

static const struct timeval short_timeout = { 0, TIMEOUT_US };

/* the call returned after about the timeout, not at once, not much later */
static bool took_about_timeout(int64_t took_us)
{
	return took_us >= TIMEOUT_US * 3 / 4 &&
	       took_us < smct_ms(2000) * 1000LL;
}

static void test_values(void)
{
	struct timeval tv, bad = { 1, 1000000 };
	socklen_t len = sizeof(tv);
	int fd;

	smct_phase("timeout values");
	fd = smct_socket(0);
	getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, &len);
	smct_check(tv.tv_sec == 0 && tv.tv_usec == 0,
		   "SO_RCVTIMEO defaults to 0 (wait forever)");
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &short_timeout,
		   sizeof(short_timeout));
	len = sizeof(tv);
	getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, &len);
	smct_check(len == sizeof(tv) && tv.tv_sec == 0 &&
		   tv.tv_usec == TIMEOUT_US,
		   "SO_RCVTIMEO reads back {%ld, %ld}", (long)tv.tv_sec,
		   (long)tv.tv_usec);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &short_timeout,
		   sizeof(short_timeout));
	len = sizeof(tv);
	getsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, &len);
	smct_check(len == sizeof(tv) && tv.tv_sec == 0 &&
		   tv.tv_usec == TIMEOUT_US,
		   "SO_SNDTIMEO reads back {%ld, %ld}", (long)tv.tv_sec,
		   (long)tv.tv_usec);
	smct_check_errno(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &bad,
				    sizeof(bad)),
			 EDOM, "SO_RCVTIMEO with tv_usec out of range");
	smct_check_errno(setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, 4),
			 EINVAL, "SO_SNDTIMEO with a short option length");
	close(fd);
}

static void test_recv(int cfd, int sfd)
{
	char buf[16];
	int64_t start, took;
	ssize_t n;
	int err;

	smct_phase("SO_RCVTIMEO on recv");
	setsockopt(cfd, SOL_SOCKET, SO_RCVTIMEO, &short_timeout,
		   sizeof(short_timeout));
	start = smct_now_us();
	n = recv(cfd, buf, sizeof(buf), 0);
	err = errno;
	took = smct_now_us() - start;
	smct_check(n < 0 && err == EAGAIN && took_about_timeout(took),
		   "recv on an idle connection gives up with EAGAIN after %lld ms",
		   (long long)took / 1000);
	smct_write_all(sfd, "in time", 7);
	start = smct_now_us();
	n = recv(cfd, buf, sizeof(buf), 0);
	took = smct_now_us() - start;
	smct_check(n > 0 && took < TIMEOUT_US,
		   "recv returns data that comes in time (%zd, %lld ms)", n,
		   (long long)took / 1000);
	smct_read_full(cfd, buf, 7 - n);
}

static void test_send(int cfd, int sfd)
{
	char buf[65536];
	int64_t start, took;
	size_t filled;
	ssize_t n;
	int err;

	smct_phase("SO_SNDTIMEO on send");
	(void)sfd;
	setsockopt(cfd, SOL_SOCKET, SO_SNDTIMEO, &short_timeout,
		   sizeof(short_timeout));
	filled = smct_fill_send_buffer(cfd, 0);
	memset(buf, 0, sizeof(buf));
	start = smct_now_us();
	n = send(cfd, buf, sizeof(buf), MSG_NOSIGNAL);
	err = errno;
	took = smct_now_us() - start;
	smct_check(((n < 0 && err == EAGAIN) ||
		    (n >= 0 && n < (ssize_t)sizeof(buf))) &&
		   took_about_timeout(took),
		   "send into a full buffer gives up after %lld ms (%zd%s%s, %zu queued)",
		   (long long)took / 1000, n, n < 0 ? " " : "",
		   n < 0 ? smct_errno_name(err) : "", filled);
}

static void test_accept(void)
{
	int64_t start, took;
	uint16_t port;
	int lfd, fd, err;

	smct_phase("SO_RCVTIMEO on accept");
	lfd = smct_listen(4, &port);
	if (lfd < 0) {
		smct_fail("listen: %s", strerror(errno));
		return;
	}
	setsockopt(lfd, SOL_SOCKET, SO_RCVTIMEO, &short_timeout,
		   sizeof(short_timeout));
	start = smct_now_us();
	fd = accept(lfd, NULL, NULL);
	err = errno;
	took = smct_now_us() - start;
	smct_check(fd < 0 && err == EAGAIN && took_about_timeout(took),
		   "accept with SO_RCVTIMEO gives up with EAGAIN after %lld ms",
		   (long long)took / 1000);
	if (fd >= 0)
		close(fd);
	close(lfd);
}

/* a connect stays in progress while the full listener ignores its SYN */
static void test_connect(void)
{
	int lfd, filler[2] = { -1, -1 }, fd, rc, err, i;
	int64_t start, took;
	uint16_t port;

	smct_phase("SO_SNDTIMEO on connect");
	lfd = smct_listen(0, &port);
	if (lfd < 0) {
		smct_fail("listen: %s", strerror(errno));
		return;
	}
	for (i = 0; i < 2; i++) {
		filler[i] = smct_socket(SOCK_NONBLOCK);
		smct_connect_fd(filler[i], port);
		smct_poll1(filler[i], POLLOUT, smct_ms(300));
	}
	fd = smct_socket(0);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &short_timeout,
		   sizeof(short_timeout));
	start = smct_now_us();
	rc = smct_connect_fd(fd, port);
	err = errno;
	took = smct_now_us() - start;
	smct_check(rc < 0 && err == EINPROGRESS && took_about_timeout(took),
		   "connect with SO_SNDTIMEO to a full listener gives up with EINPROGRESS after %lld ms (%s)",
		   (long long)took / 1000, rc < 0 ? smct_errno_name(err) : "0");
	close(fd);
	for (i = 0; i < 2; i++)
		close(filler[i]);
	close(lfd);
}

int main(int argc, char **argv)
{
	int cfd, sfd;

	smct_init(argc, argv, "io_timeouts", 60, NULL);
	test_values();
	if (smct_pair(&cfd, &sfd) == 0) {
		test_recv(cfd, sfd);
		test_send(cfd, sfd);
		close(cfd);
		close(sfd);
	}
	test_accept();
	test_connect();
	return smct_finish();
}
