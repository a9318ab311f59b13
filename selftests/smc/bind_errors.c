// SPDX-License-Identifier: GPL-2.0
/*
 * bind(): the address checks and errors an application sees from TCP.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "smctest.h"

static void test_port_zero(void)
{
	struct sockaddr_storage want, got;
	socklen_t want_len, got_len = sizeof(got);
	char text[80];
	int fd;

	smct_phase("bind to port 0");
	fd = smct_socket(0);
	smct_server_sockaddr(&want, &want_len, 0);
	if (!smct_check_ok(bind(fd, (struct sockaddr *)&want, want_len),
			   "bind to %s port 0", smct.server_text))
		goto out;
	if (!smct_check_ok(getsockname(fd, (struct sockaddr *)&got, &got_len),
			   "getsockname after bind"))
		goto out;
	smct_sockaddr_text((struct sockaddr *)&got, text, sizeof(text));
	smct_check(got_len == want_len, "getsockname length %u (want %u)",
		   got_len, want_len);
	smct_check(smct_local_port(fd) != 0,
		   "getsockname shows the ephemeral port chosen (%s)", text);
	smct_server_sockaddr(&want, &want_len, smct_local_port(fd));
	smct_check(smct_sockaddr_equal((struct sockaddr *)&got,
				       (struct sockaddr *)&want),
		   "getsockname address is the bound one");
out:
	close(fd);
}

static void test_in_use(void)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int first, second, rc;
	uint16_t port;

	smct_phase("EADDRINUSE");
	first = smct_socket(0);
	smct_server_sockaddr(&ss, &len, 0);
	if (bind(first, (struct sockaddr *)&ss, len)) {
		smct_fail("bind a first socket: %s", strerror(errno));
		close(first);
		return;
	}
	port = smct_local_port(first);
	smct_server_sockaddr(&ss, &len, port);

	second = smct_socket(0);
	rc = bind(second, (struct sockaddr *)&ss, len);
	smct_check_errno(rc, EADDRINUSE,
			 "bind to a port another bound socket holds");
	close(second);

	listen(first, 1);
	second = smct_socket(0);
	rc = bind(second, (struct sockaddr *)&ss, len);
	smct_check_errno(rc, EADDRINUSE,
			 "bind to a port a listener holds");
	/* SO_REUSEADDR does not let a second socket share a listening port */
	smct_set_int_opt(second, SOL_SOCKET, SO_REUSEADDR, 1);
	rc = bind(second, (struct sockaddr *)&ss, len);
	smct_check_errno(rc, EADDRINUSE,
			 "bind with SO_REUSEADDR to a port a listener holds");
	close(second);
	close(first);
}

static void test_reuseaddr(void)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int first, second;

	smct_phase("SO_REUSEADDR");
	first = smct_socket(0);
	second = smct_socket(0);
	smct_set_int_opt(first, SOL_SOCKET, SO_REUSEADDR, 1);
	smct_set_int_opt(second, SOL_SOCKET, SO_REUSEADDR, 1);
	smct_server_sockaddr(&ss, &len, 0);
	if (bind(first, (struct sockaddr *)&ss, len)) {
		smct_fail("bind with SO_REUSEADDR: %s", strerror(errno));
		goto out;
	}
	smct_server_sockaddr(&ss, &len, smct_local_port(first));
	smct_check_ok(bind(second, (struct sockaddr *)&ss, len),
		      "two unconnected SO_REUSEADDR sockets share a port");
	smct_check_ok(listen(first, 1),
		      "one of them listens");
	smct_check_errno(listen(second, 1), EADDRINUSE,
			 "the other cannot listen on the same port");
out:
	close(first);
	close(second);
}

static void test_reuseport(void)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int first, second;

	smct_phase("SO_REUSEPORT");
	if (smct_reuseport_refused_by_kernel()) {
		smct_skip("Linux 6.1 refuses SO_REUSEPORT on AF_SMC sockets",
			  "SO_REUSEPORT lets a second socket bind the port");
		return;
	}
	first = smct_socket(0);
	second = smct_socket(0);
	smct_set_int_opt(first, SOL_SOCKET, SO_REUSEPORT, 1);
	smct_set_int_opt(second, SOL_SOCKET, SO_REUSEPORT, 1);
	smct_server_sockaddr(&ss, &len, 0);
	if (bind(first, (struct sockaddr *)&ss, len) || listen(first, 4)) {
		smct_fail("bind and listen with SO_REUSEPORT: %s",
			  strerror(errno));
		goto out;
	}
	smct_server_sockaddr(&ss, &len, smct_local_port(first));
	if (smct_check_ok(bind(second, (struct sockaddr *)&ss, len),
			  "SO_REUSEPORT lets a second socket bind the port"))
		smct_check_ok(listen(second, 4),
			      "and listen on it too");
out:
	close(first);
	close(second);
}

static void test_invalid(void)
{
	struct sockaddr_storage ss;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	socklen_t len;
	int fd, rc, lfd, cfd;
	uint16_t port;

	smct_phase("EINVAL");
	fd = smct_socket(0);
	smct_server_sockaddr(&ss, &len, 0);
	if (bind(fd, (struct sockaddr *)&ss, len)) {
		smct_fail("bind: %s", strerror(errno));
	} else {
		rc = bind(fd, (struct sockaddr *)&ss, len);
		smct_check_errno(rc, EINVAL, "bind a bound socket again");
		smct_server_sockaddr(&ss, &len, 0);
		rc = bind(fd, (struct sockaddr *)&ss, len);
		smct_check_errno(rc, EINVAL,
				 "bind a bound socket a third time");
	}
	close(fd);

	fd = smct_socket(0);
	smct_server_sockaddr(&ss, &len, 0);
	/* shorter than any sockaddr_in/sockaddr_in6 the kernel accepts */
	rc = bind(fd, (struct sockaddr *)&ss, 8);
	smct_check_errno(rc, EINVAL, "bind with address length 8");
	rc = bind(fd, (struct sockaddr *)&ss, 1);
	smct_check_errno(rc, EINVAL, "bind with address length 1");
	rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	smct_check_errno(rc, EAFNOSUPPORT,
			 "bind an AF_UNIX address");
	close(fd);

	lfd = smct_listen(4, &port);
	cfd = smct_connect(port);
	if (lfd < 0 || cfd < 0) {
		smct_fail("connect for bind-after-connect: %s",
			  strerror(errno));
	} else {
		smct_server_sockaddr(&ss, &len, 0);
		rc = bind(cfd, (struct sockaddr *)&ss, len);
		smct_check_errno(rc, EINVAL, "bind a connected socket");
	}
	if (cfd >= 0)
		close(cfd);
	if (lfd >= 0)
		close(lfd);
}

static void test_not_local(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	int fd, rc;

	smct_phase("EADDRNOTAVAIL");
	/* documentation prefixes are never configured on a test host */
	inet_pton(AF_INET, "192.0.2.1", &sin.sin_addr);
	inet_pton(AF_INET6, "2001:db8::1", &sin6.sin6_addr);
	fd = smct_socket(0);
	if (smct.ipv6)
		rc = bind(fd, (struct sockaddr *)&sin6, sizeof(sin6));
	else
		rc = bind(fd, (struct sockaddr *)&sin, sizeof(sin));
	smct_check_errno(rc, EADDRNOTAVAIL,
			 "bind to an address that is not local");
	close(fd);
}

static void test_wildcard(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6,
				     .sin6_addr = IN6ADDR_ANY_INIT };
	int fd, rc;

	smct_phase("wildcard bind");
	fd = smct_socket(0);
	if (smct.ipv6)
		rc = bind(fd, (struct sockaddr *)&sin6, sizeof(sin6));
	else
		rc = bind(fd, (struct sockaddr *)&sin, sizeof(sin));
	if (smct_check_ok(rc, "bind to the wildcard address, port 0"))
		smct_check(smct_local_port(fd) != 0,
			   "the wildcard bind got a port (%u)",
			   smct_local_port(fd));
	smct_check_ok(listen(fd, 1), "listen on the wildcard address");
	close(fd);
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "bind_errors", 60, NULL);
	test_port_zero();
	test_in_use();
	test_reuseaddr();
	test_reuseport();
	test_invalid();
	test_not_local();
	test_wildcard();
	return smct_finish();
}
