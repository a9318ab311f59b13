// SPDX-License-Identifier: GPL-2.0
/*
 * connect(): blocking and non-blocking, refused, in progress, already
 * connected, bad arguments, and a second attempt after a refused one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "smctest.h"

static void test_blocking(void)
{
	int lfd, cfd, fd;
	uint16_t port;

	smct_phase("blocking connect");
	lfd = smct_listen(4, &port);
	if (lfd < 0) {
		smct_fail("listen: %s", strerror(errno));
		return;
	}
	cfd = smct_socket(0);
	if (!smct_check_ok(smct_connect_fd(cfd, port),
			   "blocking connect")) {
		close(cfd);
		close(lfd);
		return;
	}
	fd = smct_accept(lfd, 0, smct_ms(2000));
	if (smct_check_ok(fd, "the server accepts it")) {
		smct_check_mode(cfd, "client");
		smct_check_mode(fd, "server");
		if (smct_exchange(cfd, fd, "blocking connect"))
			smct_pass("data flows after a blocking connect");
		smct_check_errno(smct_connect_fd(cfd, port), EISCONN,
				 "connect again on a connected socket");
		close(fd);
	}
	close(cfd);
	close(lfd);
}

static void test_nonblocking(void)
{
	struct epoll_event ev = { .events = EPOLLOUT | EPOLLIN }, got;
	struct sockaddr_storage peer;
	socklen_t len = sizeof(peer);
	int lfd, cfd, fd, ep, rc, revents, err = -1, n;
	uint16_t port;

	smct_phase("non-blocking connect");
	lfd = smct_listen(4, &port);
	if (lfd < 0) {
		smct_fail("listen: %s", strerror(errno));
		return;
	}
	cfd = smct_socket(SOCK_NONBLOCK);
	ep = epoll_create1(EPOLL_CLOEXEC);
	rc = smct_connect_fd(cfd, port);
	smct_check_errno(rc, EINPROGRESS, "non-blocking connect");
	if (rc && errno != EINPROGRESS)
		goto out;

	epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev);
	n = epoll_wait(ep, &got, 1, smct_ms(3000));
	smct_check(n == 1 && (got.events & EPOLLOUT) &&
		   !(got.events & (EPOLLERR | EPOLLHUP)),
		   "epoll reports EPOLLOUT when the connection is up (0x%x)",
		   n == 1 ? got.events : 0);
	revents = smct_poll1(cfd, POLLIN | POLLOUT, smct_ms(3000));
	smct_check(revents == POLLOUT,
		   "poll reports POLLOUT only (0x%x)", revents);
	smct_get_int_opt(cfd, SOL_SOCKET, SO_ERROR, &err);
	smct_check(err == 0, "SO_ERROR is 0 (%s)", smct_errno_name(err));
	smct_check_ok(getpeername(cfd, (struct sockaddr *)&peer, &len),
		      "getpeername works once connected");
	/*
	 * The first connect() after a non-blocking one completed reports
	 * the outcome (0) and marks the socket connected; only later calls
	 * see EISCONN.
	 */
	smct_check_ok(smct_connect_fd(cfd, port),
		      "connect again once the connection is up returns 0");
	smct_check_errno(smct_connect_fd(cfd, port), EISCONN,
			 "and a third connect returns EISCONN");

	fd = smct_accept(lfd, 0, smct_ms(2000));
	if (smct_check_ok(fd, "the server accepts it")) {
		smct_set_nonblock(cfd, false);
		smct_check_mode(cfd, "client");
		smct_check_mode(fd, "server");
		if (smct_exchange(cfd, fd, "non-blocking connect"))
			smct_pass("data flows after a non-blocking connect");
		close(fd);
	}
out:
	close(ep);
	close(cfd);
	close(lfd);
}

static void test_refused(void)
{
	int fd, rc, err = -1, revents, lfd, sfd;
	struct sockaddr_storage ss;
	socklen_t len;
	uint16_t port = smct_closed_port();

	smct_phase("connect to a closed port");
	fd = smct_socket(0);
	rc = smct_connect_fd(fd, port);
	smct_check_errno(rc, ECONNREFUSED,
			 "blocking connect to a closed port");
	smct_get_int_opt(fd, SOL_SOCKET, SO_ERROR, &err);
	smct_check(err == 0, "SO_ERROR is consumed by the failed connect (%s)",
		   smct_errno_name(err));

	/* the same socket may try again, now that someone listens */
	lfd = smct_socket(0);
	smct_server_sockaddr(&ss, &len, port);
	if (bind(lfd, (struct sockaddr *)&ss, len) || listen(lfd, 4)) {
		smct_skip("the closed port was taken meanwhile",
			  "connect again after ECONNREFUSED");
	} else {
		rc = smct_connect_fd(fd, port);
		if (smct_check_ok(rc,
				  "connect again on the same socket after ECONNREFUSED")) {
			sfd = smct_accept(lfd, 0, smct_ms(2000));
			if (sfd >= 0) {
				smct_check_mode(fd, "client");
				smct_check_mode(sfd, "server");
				if (smct_exchange(fd, sfd, "second connect"))
					smct_pass("data flows after the second connect");
				close(sfd);
			} else {
				smct_fail("accept after the second connect: %s",
					  strerror(errno));
			}
		}
	}
	close(lfd);
	close(fd);

	fd = smct_socket(SOCK_NONBLOCK);
	rc = smct_connect_fd(fd, port);
	if (rc == 0 || errno != EINPROGRESS) {
		smct_check_errno(rc, ECONNREFUSED,
				 "non-blocking connect to a closed port");
	} else {
		revents = smct_poll1(fd, POLLOUT, smct_ms(3000));
		smct_check(revents & (POLLERR | POLLHUP),
			   "non-blocking connect to a closed port: poll reports an error (0x%x)",
			   revents);
		err = -1;
		smct_get_int_opt(fd, SOL_SOCKET, SO_ERROR, &err);
		smct_check(err == ECONNREFUSED,
			   "non-blocking connect to a closed port: SO_ERROR %s (want ECONNREFUSED)",
			   smct_errno_name(err));
		err = -1;
		smct_get_int_opt(fd, SOL_SOCKET, SO_ERROR, &err);
		smct_check(err == 0, "SO_ERROR reads 0 the second time (%s)",
			   smct_errno_name(err));
	}
	close(fd);
}

/*
 * A listener whose accept queue is full ignores new SYNs, which keeps a
 * further connect in progress long enough to look at it.
 */
static void test_in_progress(void)
{
	int lfd, filler[2] = { -1, -1 }, fd, rc, i;
	uint16_t port;

	smct_phase("EALREADY");
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
	fd = smct_socket(SOCK_NONBLOCK);
	rc = smct_connect_fd(fd, port);
	if (rc == 0 || errno != EINPROGRESS) {
		smct_fail("connect to a full listener: want EINPROGRESS, got %s",
			  rc ? smct_errno_name(errno) : "0");
	} else if (smct_poll1(fd, POLLOUT, 100) & POLLOUT) {
		smct_skip("the connection completed at once",
			  "EALREADY while a connect is in progress");
	} else {
		rc = smct_connect_fd(fd, port);
		smct_check_errno(rc, EALREADY,
				 "connect again while the first is in progress");
	}
	close(fd);
	for (i = 0; i < 2; i++)
		close(filler[i]);
	close(lfd);
}

static void test_bad_arguments(void)
{
	struct sockaddr_storage ss;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6,
				     .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	socklen_t len;
	int fd, rc, lfd;
	uint16_t port;

	smct_phase("connect with bad arguments");
	lfd = smct_listen(4, &port);
	fd = smct_socket(0);
	smct_server_sockaddr(&ss, &len, port);
	rc = connect(fd, (struct sockaddr *)&ss, 1);
	smct_check_errno(rc, EINVAL, "connect with address length 1");
	rc = connect(fd, (struct sockaddr *)&ss, 8);
	smct_check_errno(rc, EINVAL, "connect with address length 8");
	rc = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	smct_check_errno(rc, EAFNOSUPPORT,
			 "connect to an AF_UNIX address");
	if (!smct.ipv6) {
		sin6.sin6_port = htons(port);
		rc = connect(fd, (struct sockaddr *)&sin6, sizeof(sin6));
		smct_check_errno(rc, EAFNOSUPPORT,
				 "connect an IPv4 socket to an AF_INET6 address");
	}
	rc = connect(fd, NULL, 0);
	smct_check_errno(rc, EINVAL, "connect with no address");
	/* after all that the socket is still usable */
	smct_check_ok(smct_connect_fd(fd, port),
		      "a good connect after the bad ones succeeds");
	close(fd);

	fd = smct_socket(0);
	if (lfd >= 0) {
		smct_check_errno(connect(lfd, (struct sockaddr *)&ss, len),
				 EISCONN, "connect on a listening socket");
		close(lfd);
	}
	close(fd);
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "connect_modes", 60, NULL);
	test_blocking();
	test_nonblocking();
	test_refused();
	test_in_progress();
	test_bad_arguments();
	return smct_finish();
}
