// SPDX-License-Identifier: GPL-2.0
/*
 * listen(): implicit bind, errors, and a backlog that a second listen()
 * call changes while the socket keeps listening.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

#define CLIENTS 3

static void test_basics(void)
{
	int fd, lfd, cfd, rc;
	uint16_t port;

	smct_phase("listen basics");
	fd = smct_socket(0);
	if (smct_check_ok(listen(fd, 4), "listen on an unbound socket"))
		smct_check(smct_local_port(fd) != 0,
			   "listen picked a local port (%u)",
			   smct_local_port(fd));
	smct_check_ok(listen(fd, 4), "listen again with the same backlog");
	close(fd);

	fd = smct_socket(0);
	smct_check_ok(listen(fd, -1), "listen with a negative backlog");
	close(fd);
	fd = smct_socket(0);
	smct_check_ok(listen(fd, 1 << 30),
		      "listen with a backlog above somaxconn");
	close(fd);

	lfd = smct_listen(4, &port);
	cfd = smct_connect(port);
	if (lfd < 0 || cfd < 0) {
		smct_fail("connect for listen-on-connected: %s", strerror(errno));
	} else {
		rc = listen(cfd, 4);
		smct_check_errno(rc, EINVAL, "listen on a connected socket");
	}
	if (cfd >= 0)
		close(cfd);
	if (lfd >= 0)
		close(lfd);
}

static int connect_clients(uint16_t port, int *clients)
{
	int i;

	for (i = 0; i < CLIENTS; i++) {
		clients[i] = smct_socket(SOCK_NONBLOCK);
		if (clients[i] < 0)
			return -1;
		if (smct_connect_fd(clients[i], port) && errno != EINPROGRESS)
			return -1;
	}
	return 0;
}

/* accept whatever is queued now, without waiting */
static int accept_queued(int lfd, int *servers, int have)
{
	int fd;

	while (have < CLIENTS) {
		fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
		if (fd < 0)
			break;
		servers[have++] = fd;
	}
	return have;
}

/*
 * Every client must end up connected to one of the accepted sockets and
 * exchange data with it, however long the stack needed to let it in.
 */
static void check_all_complete(const char *what, int *clients, int *servers)
{
	int i, j, revents, err, ok = 0;
	uint16_t cport;
	char buf[16];

	for (i = 0; i < CLIENTS; i++) {
		revents = smct_poll1(clients[i], POLLOUT, smct_ms(5000));
		if (smct_get_int_opt(clients[i], SOL_SOCKET, SO_ERROR, &err))
			err = errno;
		if (!(revents & POLLOUT) || err) {
			smct_info("%s: client %d did not connect (revents 0x%x, SO_ERROR %s)",
				  what, i, revents, smct_errno_name(err));
			continue;
		}
		smct_set_nonblock(clients[i], false);
		cport = smct_local_port(clients[i]);
		for (j = 0; j < CLIENTS; j++) {
			if (servers[j] < 0 ||
			    smct_peer_port(servers[j]) != cport)
				continue;
			smct_set_nonblock(servers[j], false);
			smct_check_mode(clients[i], "client");
			smct_check_mode(servers[j], "server");
			if (send(clients[i], "hello", 5, MSG_NOSIGNAL) == 5 &&
			    smct_read_full(servers[j], buf, 5) == 5 &&
			    !memcmp(buf, "hello", 5))
				ok++;
			break;
		}
	}
	smct_check(ok == CLIENTS, "%s: all %d clients connected and sent data (%d did)",
		   what, CLIENTS, ok);
}

static void close_all(int lfd, int *clients, int *servers)
{
	int i;

	for (i = 0; i < CLIENTS; i++) {
		if (clients[i] >= 0)
			close(clients[i]);
		if (servers[i] >= 0)
			close(servers[i]);
		clients[i] = servers[i] = -1;
	}
	close(lfd);
}

/*
 * A listener with backlog @first changed to @second, and CLIENTS
 * non-blocking connects to it; -1 (all closed) when that fails.
 */
static int relisten_with_clients(int first, int second, int *clients,
				 int *servers)
{
	uint16_t port;
	int lfd;

	memset(clients, -1, sizeof(int) * CLIENTS);
	memset(servers, -1, sizeof(int) * CLIENTS);
	lfd = smct_listen(first, &port);
	if (lfd < 0 || !smct_check_ok(listen(lfd, second),
				      "listen(%d), then listen(%d) on the same socket",
				      first, second)) {
		if (lfd >= 0)
			close(lfd);
		return -1;
	}
	smct_set_nonblock(lfd, true);
	if (connect_clients(port, clients)) {
		smct_fail("start %d non-blocking connects: %s", CLIENTS,
			  strerror(errno));
		close_all(lfd, clients, servers);
		return -1;
	}
	return lfd;
}

/* listen(1) then listen(8): all clients fit into the larger queue */
static void test_raise(void)
{
	int clients[CLIENTS], servers[CLIENTS], lfd, have = 0;
	int64_t deadline;

	smct_phase("raise the backlog");
	lfd = relisten_with_clients(1, 8, clients, servers);
	if (lfd < 0)
		return;
	deadline = smct_now_us() + smct_ms(2000) * 1000LL;
	while (have < CLIENTS && smct_now_us() < deadline) {
		smct_poll1(lfd, POLLIN, 50);
		have = accept_queued(lfd, servers, have);
	}
	smct_check(have == CLIENTS,
		   "backlog 8: %d connections queued without delay (want %d)",
		   have, CLIENTS);
	check_all_complete("backlog 8", clients, servers);
	close_all(lfd, clients, servers);
}

/*
 * listen(8) then listen(1): TCP queues backlog + 1 connections, the rest
 * wait for the stack to retry once the application accepts.
 */
static void test_lower(void)
{
	int clients[CLIENTS], servers[CLIENTS], lfd, have, i;
	int64_t deadline;

	smct_phase("lower the backlog");
	lfd = relisten_with_clients(8, 1, clients, servers);
	if (lfd < 0)
		return;
	/* let every handshake that can complete do so */
	for (i = 0; i < CLIENTS; i++)
		smct_poll1(clients[i], POLLOUT, smct_ms(300));
	smct_sleep_ms(smct_ms(300));
	have = accept_queued(lfd, servers, 0);
	smct_check(have == 2,
		   "backlog 1: %d connections queued (want backlog + 1 = 2)",
		   have);
	/* the others get in when the stack retries (about a second) */
	deadline = smct_now_us() + smct_ms(10000) * 1000LL;
	while (have < CLIENTS && smct_now_us() < deadline) {
		smct_poll1(lfd, POLLIN, 100);
		have = accept_queued(lfd, servers, have);
	}
	smct_check(have == CLIENTS,
		   "backlog 1: all %d connections accepted eventually (%d)",
		   CLIENTS, have);
	check_all_complete("backlog 1", clients, servers);
	close_all(lfd, clients, servers);
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "listen_backlog", 90, NULL);
	test_basics();
	test_raise();
	test_lower();
	return smct_finish();
}
