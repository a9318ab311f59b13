// SPDX-License-Identifier: GPL-2.0
/*
 * A listener with a tiny backlog (listen(fd, 2)) and more clients than it
 * can queue, none accepted for a while.  Connections beyond the backlog
 * stall or are retried by the stack; once the server accepts, every client
 * must complete and exchange its data.  No client lost, none stuck.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

#define MESSAGE_SIZE 1000

struct client {
	uint16_t port;
	int index;
	int fd;
	bool connected;
	bool verified;
	char why[96];
	pthread_t thread;
};

static void *run_client(void *arg)
{
	struct client *c = arg;
	char out[MESSAGE_SIZE], in[MESSAGE_SIZE];

	c->fd = smct_connect(c->port);
	if (c->fd < 0) {
		snprintf(c->why, sizeof(c->why), "connect: %s",
			 smct_errno_name(errno));
		return NULL;
	}
	c->connected = true;
	smct_pattern_fill(out, sizeof(out), 100 + c->index, 0);
	if (smct_write_all(c->fd, out, sizeof(out)) != sizeof(out)) {
		snprintf(c->why, sizeof(c->why), "send: %s",
			 smct_errno_name(errno));
		return NULL;
	}
	if (smct_read_full(c->fd, in, sizeof(in)) != sizeof(in)) {
		snprintf(c->why, sizeof(c->why), "no echo");
		return NULL;
	}
	if (memcmp(in, out, sizeof(in))) {
		snprintf(c->why, sizeof(c->why), "echo differs");
		return NULL;
	}
	if (!smct_mode_as_expected(c->fd, "client", c->why, sizeof(c->why)))
		return NULL;
	c->verified = true;
	return NULL;
}

/* serve one accepted connection: the message must be one client's */
static bool echo_one(int fd, int clients, char *why, size_t len)
{
	char buf[MESSAGE_SIZE];
	int i;

	if (smct_read_full(fd, buf, sizeof(buf)) != sizeof(buf)) {
		snprintf(why, len, "server: short message");
		return false;
	}
	for (i = 0; i < clients; i++)
		if (smct_pattern_check(buf, sizeof(buf), 100 + i, 0) < 0)
			break;
	if (i == clients) {
		snprintf(why, len, "server: message from no known client");
		return false;
	}
	if (smct_write_all(fd, buf, sizeof(buf)) != sizeof(buf)) {
		snprintf(why, len, "server: echo: %s", smct_errno_name(errno));
		return false;
	}
	return smct_mode_as_expected(fd, "server", why, len);
}

int main(int argc, char **argv)
{
	struct client *clients;
	int lfd, n, i, accepted = 0, connected_early = 0, served = 0;
	int verified = 0, fd;
	int64_t deadline;
	char why[96] = "";
	uint16_t port;

	smct_init(argc, argv, "backlog_full", 90, "number of clients (default 8)");
	n = (int)smct_count(8);
	clients = calloc(n, sizeof(*clients));
	lfd = smct_listen(2, &port);
	if (!clients || lfd < 0)
		smct_bail("listen: %s", strerror(errno));

	smct_phase("clients connect to a listener that does not accept");
	for (i = 0; i < n; i++) {
		clients[i].port = port;
		clients[i].index = i;
		clients[i].fd = -1;
		pthread_create(&clients[i].thread, NULL, run_client,
			       &clients[i]);
	}
	smct_sleep_ms(500);
	for (i = 0; i < n; i++)
		connected_early += clients[i].connected;
	smct_info("%d of %d clients saw connect() complete before any accept",
		  connected_early, n);

	smct_phase("server accepts everything");
	deadline = smct_now_us() + smct_ms(30000) * 1000LL;
	while (accepted < n && smct_now_us() < deadline) {
		fd = smct_accept(lfd, 0, 200);
		if (fd < 0) {
			if (errno != ETIMEDOUT)
				smct_info("accept: %s", strerror(errno));
			continue;
		}
		accepted++;
		if (echo_one(fd, n, why, sizeof(why)))
			served++;
		else
			smct_info("%s", why);
		close(fd);
	}
	smct_check(accepted == n, "the server accepted all %d clients (%d)", n,
		   accepted);
	smct_check(served == accepted,
		   "every accepted connection carried a client's message (%d)",
		   served);

	smct_phase("clients finish");
	for (i = 0; i < n; i++) {
		pthread_join(clients[i].thread, NULL);
		if (clients[i].verified)
			verified++;
		else
			smct_info("client %d: %s", i, clients[i].why);
		if (clients[i].fd >= 0)
			close(clients[i].fd);
	}
	smct_check(verified == n,
		   "all %d clients connected and got their data back (%d)", n,
		   verified);
	close(lfd);
	free(clients);
	return smct_finish();
}
