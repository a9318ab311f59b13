// SPDX-License-Identifier: GPL-2.0
/*
 * Readiness: poll(), select() and epoll (level and edge triggered) through
 * the life of a connection, from a fresh socket to a reset one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

#define ALL_EVENTS (POLLIN | POLLPRI | POLLOUT | POLLRDHUP | POLLERR | POLLHUP)

static const char *events_text(int ev, char *buf, size_t len)
{
	static const struct {
		int bit;
		const char *name;
	} names[] = {
		{ POLLIN, "IN" }, { POLLPRI, "PRI" }, { POLLOUT, "OUT" },
		{ POLLRDHUP, "RDHUP" }, { POLLERR, "ERR" }, { POLLHUP, "HUP" },
	};
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ev & names[i].bit)
			used += snprintf(buf + used, len - used, "%s%s",
					 used ? "|" : "", names[i].name);
	if (!used)
		snprintf(buf, len, "none");
	return buf;
}

/* the standard bits of a poll with a zero timeout */
static int poll_now(int fd)
{
	int rc = smct_poll1(fd, ALL_EVENTS, 0);

	return rc < 0 ? -1 : rc & ALL_EVENTS;
}

static void check_poll(int fd, int want, const char *what)
{
	char a[64], b[64];
	int got = poll_now(fd);

	smct_check(got == want, "poll %s: %s (want %s)", what,
		   events_text(got, a, sizeof(a)),
		   events_text(want, b, sizeof(b)));
}

/* poll until the wanted bits show up, then compare all bits */
static void check_poll_soon(int fd, int want, const char *what)
{
	int64_t deadline = smct_now_us() + smct_ms(3000) * 1000LL;

	while ((poll_now(fd) & want) != want && smct_now_us() < deadline)
		smct_sleep_ms(5);
	check_poll(fd, want, what);
}

static int epoll_now(int ep, int timeout_ms, uint32_t *events)
{
	struct epoll_event ev;
	int n = epoll_wait(ep, &ev, 1, timeout_ms);

	*events = n == 1 ? ev.events : 0;
	return n;
}

static void test_fresh_socket(void)
{
	int fd;

	smct_phase("poll on a new socket");
	fd = smct_socket(0);
	check_poll(fd, POLLOUT | POLLHUP, "on a socket that never connected");
	close(fd);
}

static void test_level_triggered(int cfd, int sfd)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT };
	uint32_t got;
	char buf[64];
	int ep, n;

	smct_phase("level-triggered epoll");
	check_poll(cfd, POLLOUT, "on an idle connection");
	ep = epoll_create1(EPOLL_CLOEXEC);
	epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev);
	n = epoll_now(ep, 0, &got);
	smct_check(n == 1 && got == EPOLLOUT,
		   "epoll LT: an idle connection is writable only (0x%x)", got);

	smct_write_all(sfd, "data", 4);
	smct_wait_queued(cfd, 4, smct_ms(3000));
	check_poll(cfd, POLLIN | POLLOUT, "with data queued");
	n = epoll_now(ep, smct_ms(2000), &got);
	smct_check(n == 1 && got == (EPOLLIN | EPOLLOUT),
		   "epoll LT: EPOLLIN once data arrived (0x%x)", got);
	n = epoll_now(ep, 0, &got);
	smct_check(n == 1 && (got & EPOLLIN),
		   "epoll LT: EPOLLIN again while the data is unread (0x%x)",
		   got);
	recv(cfd, buf, sizeof(buf), 0);
	n = epoll_now(ep, 0, &got);
	smct_check(n == 1 && got == EPOLLOUT,
		   "epoll LT: only EPOLLOUT after reading (0x%x)", got);

	/* select() sees the same */
	{
		fd_set rd, wr;
		struct timeval tv = { 0, 0 };

		FD_ZERO(&rd);
		FD_ZERO(&wr);
		FD_SET(cfd, &rd);
		FD_SET(cfd, &wr);
		n = select(cfd + 1, &rd, &wr, NULL, &tv);
		smct_check(n == 1 && !FD_ISSET(cfd, &rd) && FD_ISSET(cfd, &wr),
			   "select: writable, not readable (%d)", n);
		smct_write_all(sfd, "x", 1);
		smct_wait_queued(cfd, 1, smct_ms(3000));
		FD_SET(cfd, &rd);
		FD_SET(cfd, &wr);
		tv.tv_usec = 0;
		n = select(cfd + 1, &rd, &wr, NULL, &tv);
		smct_check(n == 2 && FD_ISSET(cfd, &rd),
			   "select: readable once data arrived (%d)", n);
		recv(cfd, buf, 1, 0);
	}
	close(ep);
}

static void test_edge_triggered_in(int cfd, int sfd)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
	uint32_t got;
	char buf[64];
	int ep, n;

	smct_phase("edge-triggered EPOLLIN");
	ep = epoll_create1(EPOLL_CLOEXEC);
	epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev);
	n = epoll_now(ep, 0, &got);
	smct_check(n == 0, "epoll ET: nothing before data arrives (%d)", n);
	smct_write_all(sfd, "first", 5);
	n = epoll_now(ep, smct_ms(2000), &got);
	smct_check(n == 1 && got == EPOLLIN,
		   "epoll ET: EPOLLIN when data arrives (0x%x)", got);
	smct_wait_queued(cfd, 5, smct_ms(3000));
	n = epoll_now(ep, 50, &got);
	smct_check(n == 0,
		   "epoll ET: no second report for the same unread data (%d)",
		   n);
	smct_write_all(sfd, "second", 6);
	n = epoll_now(ep, smct_ms(2000), &got);
	smct_check(n == 1 && got == EPOLLIN,
		   "epoll ET: EPOLLIN again when more data arrives (0x%x)", got);
	smct_wait_queued(cfd, 11, smct_ms(3000));
	n = recv(cfd, buf, sizeof(buf), 0);
	smct_check(n == 11 && !memcmp(buf, "firstsecond", 11),
		   "both pieces are read together (%d)", n);
	close(ep);
}

static void test_edge_triggered_out(int cfd, int sfd)
{
	struct epoll_event ev = { .events = EPOLLOUT | EPOLLET };
	char buf[65536];
	size_t filled, drained = 0;
	uint32_t got;
	int ep, n;
	ssize_t r;

	smct_phase("edge-triggered EPOLLOUT");
	ep = epoll_create1(EPOLL_CLOEXEC);
	epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev);
	n = epoll_now(ep, 0, &got);
	smct_check(n == 1 && got == EPOLLOUT,
		   "epoll ET: EPOLLOUT once for a writable socket (0x%x)", got);
	n = epoll_now(ep, 50, &got);
	smct_check(n == 0, "epoll ET: not again while nothing changes (%d)",
		   n);
	filled = smct_fill_send_buffer(cfd, 3);
	check_poll(cfd, 0, "on a socket whose send buffer is full");
	n = epoll_now(ep, 0, &got);
	smct_check(n == 0, "epoll ET: nothing while the send buffer is full (%d)",
		   n);
	while (drained < filled) {
		r = recv(sfd, buf, sizeof(buf), 0);
		if (r <= 0)
			break;
		drained += r;
	}
	n = epoll_now(ep, smct_ms(2000), &got);
	smct_check(n == 1 && got == EPOLLOUT,
		   "epoll ET: EPOLLOUT again once the peer has read (0x%x, %zu bytes)",
		   got, filled);
	close(ep);
}

static void test_oneshot(int cfd, int sfd)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLONESHOT };
	uint32_t got;
	char buf[8];
	int ep, n;

	smct_phase("EPOLLONESHOT");
	ep = epoll_create1(EPOLL_CLOEXEC);
	epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev);
	smct_write_all(sfd, "1", 1);
	n = epoll_now(ep, smct_ms(2000), &got);
	smct_check(n == 1 && got == EPOLLIN, "EPOLLONESHOT: reported once (0x%x)",
		   got);
	n = epoll_now(ep, 0, &got);
	smct_check(n == 0, "EPOLLONESHOT: then disabled (%d)", n);
	epoll_ctl(ep, EPOLL_CTL_MOD, cfd, &ev);
	n = epoll_now(ep, 0, &got);
	smct_check(n == 1 && got == EPOLLIN,
		   "EPOLLONESHOT: re-armed by EPOLL_CTL_MOD (0x%x)", got);
	recv(cfd, buf, sizeof(buf), 0);
	close(ep);
}

static void test_peer_close(void)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP | EPOLLET };
	uint32_t got;
	int cfd, sfd, ep, n;
	char c;

	smct_phase("peer closes");
	if (smct_pair(&cfd, &sfd))
		return;
	ep = epoll_create1(EPOLL_CLOEXEC);
	epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev);
	close(sfd);
	n = epoll_now(ep, smct_ms(2000), &got);
	smct_check(n == 1 && got == (EPOLLIN | EPOLLRDHUP),
		   "epoll ET: EPOLLIN|EPOLLRDHUP when the peer closes (0x%x)",
		   got);
	check_poll_soon(cfd, POLLIN | POLLOUT | POLLRDHUP,
			"after the peer closed");
	smct_check(recv(cfd, &c, 1, 0) == 0, "recv returns EOF");
	shutdown(cfd, SHUT_WR);
	check_poll_soon(cfd, POLLIN | POLLOUT | POLLRDHUP | POLLHUP,
			"after the peer closed and we shut down writing");
	close(ep);
	close(cfd);
}

static void test_peer_reset(void)
{
	struct linger lin = { 1, 0 };
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP };
	uint32_t got;
	int cfd, sfd, ep, n;
	char c;

	smct_phase("peer resets");
	if (smct_pair(&cfd, &sfd))
		return;
	ep = epoll_create1(EPOLL_CLOEXEC);
	epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev);
	setsockopt(sfd, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin));
	close(sfd);
	n = epoll_now(ep, smct_ms(2000), &got);
	smct_check(n == 1 && (got & EPOLLHUP) && (got & EPOLLERR),
		   "epoll: EPOLLHUP|EPOLLERR when the peer resets (0x%x)", got);
	check_poll_soon(cfd, POLLIN | POLLOUT | POLLRDHUP | POLLHUP | POLLERR,
			"after the peer reset");
	smct_check_errno(recv(cfd, &c, 1, 0), ECONNRESET,
			 "recv after the reset");
	close(ep);
	close(cfd);
}

int main(int argc, char **argv)
{
	int cfd, sfd;

	smct_init(argc, argv, "poll_epoll", 60, NULL);
	test_fresh_socket();
	if (smct_pair(&cfd, &sfd) == 0) {
		test_level_triggered(cfd, sfd);
		test_edge_triggered_in(cfd, sfd);
		test_edge_triggered_out(cfd, sfd);
		test_oneshot(cfd, sfd);
		close(cfd);
		close(sfd);
	}
	test_peer_close();
	test_peer_reset();
	return smct_finish();
}
