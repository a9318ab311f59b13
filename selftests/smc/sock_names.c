// SPDX-License-Identifier: GPL-2.0
/*
 * getsockname() and getpeername() through the life of a connection.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

static socklen_t ip_len(void)
{
	return smct.ipv6 ? sizeof(struct sockaddr_in6) :
			   sizeof(struct sockaddr_in);
}

static void test_unconnected(void)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int fd, lfd;
	uint16_t port;

	smct_phase("names of an unconnected socket");
	fd = smct_socket(0);
	memset(&ss, 0xff, sizeof(ss));
	if (smct_check_ok(getsockname(fd, (struct sockaddr *)&ss, &len),
			  "getsockname on a new socket")) {
		smct_check(len == ip_len(), "its length is %u (want %u)", len,
			   ip_len());
		smct_check(ss.ss_family == (smct.ipv6 ? AF_INET6 : AF_INET),
			   "its family is AF_INET%s (%u)", smct.ipv6 ? "6" : "",
			   ss.ss_family);
		smct_check(smct_local_port(fd) == 0, "its port is 0");
	}
	len = sizeof(ss);
	smct_check_errno(getpeername(fd, (struct sockaddr *)&ss, &len),
			 ENOTCONN, "getpeername on a new socket");
	close(fd);

	lfd = smct_listen(4, &port);
	len = sizeof(ss);
	smct_check_errno(getpeername(lfd, (struct sockaddr *)&ss, &len),
			 ENOTCONN, "getpeername on a listener");
	close(lfd);
}

static void test_connected(void)
{
	struct sockaddr_storage c_local, c_peer, s_local, s_peer, want;
	socklen_t c_local_len = sizeof(c_local), c_peer_len = sizeof(c_peer);
	socklen_t s_local_len = sizeof(s_local), s_peer_len = sizeof(s_peer);
	socklen_t want_len, len;
	int lfd, cfd, sfd;
	uint16_t port;
	char a[80], b[80];
	unsigned char small[4];

	smct_phase("names of a connection");
	lfd = smct_listen(4, &port);
	cfd = lfd < 0 ? -1 : smct_connect(port);
	sfd = cfd < 0 ? -1 : smct_accept(lfd, 0, smct_ms(2000));
	if (sfd < 0) {
		smct_fail("connect and accept: %s", strerror(errno));
		goto out;
	}
	smct_check_mode(cfd, "client");
	smct_check_mode(sfd, "server");
	getsockname(cfd, (struct sockaddr *)&c_local, &c_local_len);
	getpeername(cfd, (struct sockaddr *)&c_peer, &c_peer_len);
	getsockname(sfd, (struct sockaddr *)&s_local, &s_local_len);
	getpeername(sfd, (struct sockaddr *)&s_peer, &s_peer_len);
	smct_server_sockaddr(&want, &want_len, port);
	smct_check(c_peer_len == want_len &&
		   smct_sockaddr_equal((struct sockaddr *)&c_peer,
				       (struct sockaddr *)&want),
		   "client getpeername is the server address (%s)",
		   smct_sockaddr_text((struct sockaddr *)&c_peer, a, sizeof(a)));
	smct_check(s_local_len == want_len &&
		   smct_sockaddr_equal((struct sockaddr *)&s_local,
				       (struct sockaddr *)&want),
		   "server getsockname is the listening address (%s)",
		   smct_sockaddr_text((struct sockaddr *)&s_local, a, sizeof(a)));
	smct_check(s_peer_len == c_local_len &&
		   smct_sockaddr_equal((struct sockaddr *)&s_peer,
				       (struct sockaddr *)&c_local),
		   "server getpeername is client getsockname (%s, %s)",
		   smct_sockaddr_text((struct sockaddr *)&s_peer, a, sizeof(a)),
		   smct_sockaddr_text((struct sockaddr *)&c_local, b, sizeof(b)));
	smct_check(smct_local_port(cfd) != 0 && smct_local_port(cfd) != port,
		   "the client got an ephemeral port (%u)",
		   smct_local_port(cfd));

	len = sizeof(small);
	memset(small, 0xa5, sizeof(small));
	if (smct_check_ok(getpeername(cfd, (struct sockaddr *)small, &len),
			  "getpeername into a 4-byte buffer"))
		smct_check(len == want_len,
			   "it reports the full length (%u, want %u)", len,
			   want_len);

	/* the names stay while the peer has gone but we have not */
	close(sfd);
	sfd = -1;
	smct_poll1(cfd, POLLIN, smct_ms(2000));
	len = sizeof(c_peer);
	if (smct_check_ok(getpeername(cfd, (struct sockaddr *)&c_peer, &len),
			  "getpeername after the peer closed"))
		smct_check(smct_sockaddr_equal((struct sockaddr *)&c_peer,
					       (struct sockaddr *)&want),
			   "it still names the server");
	len = sizeof(c_local);
	smct_check_ok(getsockname(cfd, (struct sockaddr *)&c_local, &len),
		      "getsockname after the peer closed");
out:
	if (sfd >= 0)
		close(sfd);
	if (cfd >= 0)
		close(cfd);
	if (lfd >= 0)
		close(lfd);
}

static void test_after_shutdown(void)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int cfd, sfd;

	smct_phase("names after shutdown");
	if (smct_pair(&cfd, &sfd))
		return;
	shutdown(cfd, SHUT_RDWR);
	smct_check_ok(getpeername(cfd, (struct sockaddr *)&ss, &len),
		      "getpeername after shutdown(SHUT_RDWR)");
	close(cfd);
	close(sfd);
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "sock_names", 60, NULL);
	test_unconnected();
	test_connected();
	test_after_shutdown();
	return smct_finish();
}
