// SPDX-License-Identifier: GPL-2.0
/*
 * accept() and accept4(): blocking and non-blocking listeners, the flags of
 * the new descriptor, returned addresses, options the new socket inherits
 * and what happens to connections a closed listener never accepted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

struct delayed_connect {
	uint16_t port;
	int delay_ms;
	int fd;
	int err;
};

static void *connect_later(void *arg)
{
	struct delayed_connect *dc = arg;

	smct_sleep_ms(dc->delay_ms);
	dc->fd = smct_connect(dc->port);
	dc->err = errno;
	return NULL;
}

static void test_blocking(void)
{
	struct delayed_connect dc = { .delay_ms = 150 };
	struct sockaddr_storage peer, local;
	socklen_t peer_len = sizeof(peer), local_len = sizeof(local);
	char a[80], b[80];
	pthread_t thread;
	int lfd, fd;
	int64_t start, waited;

	smct_phase("blocking accept");
	lfd = smct_listen(4, &dc.port);
	if (lfd < 0) {
		smct_fail("listen: %s", strerror(errno));
		return;
	}
	pthread_create(&thread, NULL, connect_later, &dc);
	start = smct_now_us();
	fd = accept(lfd, (struct sockaddr *)&peer, &peer_len);
	waited = smct_now_us() - start;
	pthread_join(thread, NULL);
	if (!smct_check_ok(fd, "blocking accept returns a connection") ||
	    dc.fd < 0) {
		if (dc.fd < 0)
			smct_fail("client connect: %s", strerror(dc.err));
		goto out;
	}
	smct_check(waited >= 100000,
		   "blocking accept waited for the client (%lld ms)",
		   (long long)waited / 1000);
	getsockname(dc.fd, (struct sockaddr *)&local, &local_len);
	smct_check(peer_len == local_len &&
		   smct_sockaddr_equal((struct sockaddr *)&peer,
				       (struct sockaddr *)&local),
		   "accept returns the client's address (%s, client %s)",
		   smct_sockaddr_text((struct sockaddr *)&peer, a, sizeof(a)),
		   smct_sockaddr_text((struct sockaddr *)&local, b, sizeof(b)));
	smct_check_mode(dc.fd, "client");
	smct_check_mode(fd, "server");
	if (smct_exchange(dc.fd, fd, "blocking accept"))
		smct_pass("data flows over the accepted connection");
	close(fd);
out:
	if (dc.fd >= 0)
		close(dc.fd);
	close(lfd);
}

static void test_nonblocking(void)
{
	int lfd, fd, cfd, revents;
	uint16_t port;

	smct_phase("non-blocking accept");
	lfd = smct_listen(4, &port);
	if (lfd < 0) {
		smct_fail("listen: %s", strerror(errno));
		return;
	}
	smct_set_nonblock(lfd, true);
	fd = accept(lfd, NULL, NULL);
	smct_check_errno(fd, EAGAIN,
			 "accept on an empty non-blocking listener");
	if (fd >= 0)
		close(fd);
	fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
	smct_check_errno(fd, EAGAIN,
			 "accept4(SOCK_NONBLOCK) on an empty non-blocking listener");
	if (fd >= 0)
		close(fd);
	smct_check(smct_poll1(lfd, POLLIN, 0) == 0,
		   "poll: an empty listener is not readable");

	cfd = smct_connect(port);
	if (cfd < 0) {
		smct_fail("connect: %s", strerror(errno));
		close(lfd);
		return;
	}
	revents = smct_poll1(lfd, POLLIN, smct_ms(2000));
	smct_check(revents == POLLIN,
		   "poll: the listener is readable with a queued connection (0x%x)",
		   revents);
	fd = accept(lfd, NULL, NULL);
	if (smct_check_ok(fd, "accept the queued connection")) {
		smct_check(!(fcntl(fd, F_GETFL) & O_NONBLOCK),
			   "the accepted socket does not inherit O_NONBLOCK");
		smct_check_mode(cfd, "client");
		smct_check_mode(fd, "server");
		close(fd);
	}
	close(cfd);
	close(lfd);
}

static void check_flags(int lfd, uint16_t port, int flags, const char *name)
{
	int cfd, fd, fl, fdfl;

	cfd = smct_connect(port);
	if (cfd < 0) {
		smct_fail("%s: connect: %s", name, strerror(errno));
		return;
	}
	fd = smct_poll1(lfd, POLLIN, smct_ms(2000)) > 0 ?
		accept4(lfd, NULL, NULL, flags) : -1;
	if (!smct_check_ok(fd, "%s returns a connection", name)) {
		close(cfd);
		return;
	}
	fl = fcntl(fd, F_GETFL);
	fdfl = fcntl(fd, F_GETFD);
	smct_check(!!(fl & O_NONBLOCK) == !!(flags & SOCK_NONBLOCK),
		   "%s: O_NONBLOCK is %s", name,
		   flags & SOCK_NONBLOCK ? "set" : "clear");
	smct_check(!!(fdfl & FD_CLOEXEC) == !!(flags & SOCK_CLOEXEC),
		   "%s: FD_CLOEXEC is %s", name,
		   flags & SOCK_CLOEXEC ? "set" : "clear");
	if (flags & SOCK_NONBLOCK) {
		char c;

		smct_check_errno(recv(fd, &c, 1, 0), EAGAIN,
				 "%s: recv on the new socket does not block",
				 name);
	}
	smct_check_mode(cfd, "client");
	smct_check_mode(fd, "server");
	close(fd);
	close(cfd);
}

static void test_accept4_flags(void)
{
	int lfd, fd;
	uint16_t port;

	smct_phase("accept4 flags");
	lfd = smct_listen(4, &port);
	if (lfd < 0) {
		smct_fail("listen: %s", strerror(errno));
		return;
	}
	check_flags(lfd, port, 0, "accept4(0)");
	check_flags(lfd, port, SOCK_NONBLOCK, "accept4(SOCK_NONBLOCK)");
	check_flags(lfd, port, SOCK_CLOEXEC, "accept4(SOCK_CLOEXEC)");
	check_flags(lfd, port, SOCK_NONBLOCK | SOCK_CLOEXEC,
		    "accept4(SOCK_NONBLOCK|SOCK_CLOEXEC)");
	fd = accept4(lfd, NULL, NULL, 0x1);
	smct_check_errno(fd, EINVAL, "accept4 with an unknown flag");
	if (fd >= 0)
		close(fd);
	close(lfd);
}

static void test_addresses(void)
{
	struct sockaddr_storage peer, local, got;
	socklen_t len, local_len = sizeof(local), got_len = sizeof(got);
	int lfd, cfd, fd;
	uint16_t port;

	smct_phase("accept addresses");
	lfd = smct_listen(4, &port);
	cfd = lfd < 0 ? -1 : smct_connect(port);
	if (cfd < 0) {
		smct_fail("connect: %s", strerror(errno));
		if (lfd >= 0)
			close(lfd);
		return;
	}
	memset(&peer, 0xa5, sizeof(peer));
	len = 4;
	fd = smct_poll1(lfd, POLLIN, smct_ms(2000)) > 0 ?
		accept(lfd, (struct sockaddr *)&peer, &len) : -1;
	if (smct_check_ok(fd, "accept with a 4-byte address buffer")) {
		smct_check(len == (smct.ipv6 ? sizeof(struct sockaddr_in6) :
					       sizeof(struct sockaddr_in)),
			   "accept reports the full address length (%u)", len);
		smct_check(((unsigned char *)&peer)[4] == 0xa5,
			   "accept writes no more than the buffer holds");
		smct_check_mode(cfd, "client");
		smct_check_mode(fd, "server");
		getsockname(fd, (struct sockaddr *)&got, &got_len);
		smct_server_sockaddr(&local, &local_len, port);
		smct_check(smct_sockaddr_equal((struct sockaddr *)&got,
					       (struct sockaddr *)&local),
			   "the accepted socket's local address is the listener's");
		close(fd);
	}
	close(cfd);

	fd = smct_socket(0);
	smct_check_errno(accept(fd, NULL, NULL), EINVAL,
			 "accept on a socket that does not listen");
	close(fd);
	if (smct_pair(&cfd, &fd) == 0) {
		smct_check_errno(accept(fd, NULL, NULL), EINVAL,
				 "accept on a connected socket");
		close(cfd);
		close(fd);
	}
	close(lfd);
}

static void test_epoll_listener(void)
{
	struct epoll_event ev = { .events = EPOLLIN }, got;
	int lfd, ep, cfd, fd, n;
	uint16_t port;

	smct_phase("epoll on a listener");
	lfd = smct_listen(4, &port);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (lfd < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev)) {
		smct_fail("listen and epoll_ctl: %s", strerror(errno));
		goto out;
	}
	n = epoll_wait(ep, &got, 1, 0);
	smct_check(n == 0, "epoll: an empty listener reports nothing (%d)", n);
	cfd = smct_connect(port);
	n = epoll_wait(ep, &got, 1, smct_ms(2000));
	smct_check(n == 1 && (got.events & EPOLLIN),
		   "epoll: a queued connection makes the listener readable");
	fd = accept(lfd, NULL, NULL);
	n = epoll_wait(ep, &got, 1, 0);
	smct_check(n == 0, "epoll: nothing once the connection is accepted (%d)",
		   n);
	if (fd >= 0)
		close(fd);
	if (cfd >= 0)
		close(cfd);
out:
	close(ep);
	if (lfd >= 0)
		close(lfd);
}

static void test_inherit(void)
{
	int lfd, cfd, fd, val;
	uint16_t port;

	smct_phase("options inherited from the listener");
	lfd = smct_listen(4, &port);
	if (lfd < 0) {
		smct_fail("listen: %s", strerror(errno));
		return;
	}
	if (smct_set_int_opt(lfd, IPPROTO_TCP, TCP_NODELAY, 1) ||
	    smct_set_int_opt(lfd, SOL_SOCKET, SO_KEEPALIVE, 1)) {
		smct_fail("set TCP_NODELAY and SO_KEEPALIVE on the listener: %s",
			  strerror(errno));
		close(lfd);
		return;
	}
	cfd = smct_connect(port);
	fd = cfd < 0 ? -1 : smct_accept(lfd, 0, smct_ms(2000));
	if (fd < 0) {
		smct_fail("connect and accept: %s", strerror(errno));
	} else {
		smct_check_mode(cfd, "client");
		smct_check_mode(fd, "server");
		val = -1;
		smct_get_int_opt(fd, IPPROTO_TCP, TCP_NODELAY, &val);
		smct_check(val == 1,
			   "the accepted socket inherits TCP_NODELAY (%d)", val);
		val = -1;
		smct_get_int_opt(fd, SOL_SOCKET, SO_KEEPALIVE, &val);
		smct_check(val == 1,
			   "the accepted socket inherits SO_KEEPALIVE (%d)", val);
		close(fd);
	}
	if (cfd >= 0)
		close(cfd);
	close(lfd);
}

/* TCP resets connections that were queued but never accepted */
static void test_close_unaccepted(void)
{
	int lfd, cfd, revents;
	uint16_t port;
	char c;
	ssize_t n;

	smct_phase("close a listener with a queued connection");
	lfd = smct_listen(4, &port);
	cfd = lfd < 0 ? -1 : smct_connect(port);
	if (cfd < 0) {
		smct_fail("connect: %s", strerror(errno));
		if (lfd >= 0)
			close(lfd);
		return;
	}
	smct_poll1(lfd, POLLIN, smct_ms(2000));
	close(lfd);
	revents = smct_poll1(cfd, POLLIN, smct_ms(3000));
	n = recv(cfd, &c, 1, MSG_DONTWAIT);
	smct_check_errno(n, ECONNRESET,
			 "a queued, never accepted connection is reset when the listener closes (revents 0x%x)",
			 revents);
	close(cfd);
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "accept_flags", 60, NULL);
	test_blocking();
	test_nonblocking();
	test_accept4_flags();
	test_addresses();
	test_epoll_listener();
	test_inherit();
	test_close_unaccepted();
	return smct_finish();
}
