// SPDX-License-Identifier: GPL-2.0
/*
 * Many connections at once, clients and server ends all multiplexed on one
 * epoll instance in one thread: every client sends a message of its own
 * size, the server echoes it, the client checks it and closes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

#define HEADER 8
#define MAX_BODY 65536
#define MAX_REPORTED 5

enum conn_role { LISTENER, CLIENT, SERVER };

enum conn_phase {
	CONNECTING,	/* client: waiting for the handshake */
	SENDING,	/* client: sending; server: echoing */
	RECEIVING,	/* client: reading the echo; server: the message */
	AWAIT_EOF,	/* server: echoed everything, waits for the close */
	DONE,
};

struct conn {
	enum conn_role role;
	enum conn_phase phase;
	int fd;
	uint32_t id;		/* client number; servers learn it */
	size_t len;		/* header + body */
	size_t sent, received;
	char *buf;		/* message (client) or what arrived (server) */
};

static int epfd;
static int failures;
static int clients_done, servers_done;

static void conn_failed(struct conn *c, const char *what)
{
	failures++;
	if (failures <= MAX_REPORTED)
		smct_info("%s %u: %s", c->role == CLIENT ? "client" : "server",
			  c->id, what);
	c->phase = DONE;
	epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
}

static void conn_finished(struct conn *c)
{
	if (c->role == CLIENT)
		clients_done++;
	else
		servers_done++;
	c->phase = DONE;
	epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
}

static void want_events(struct conn *c, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = c };

	epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

static size_t body_size(uint32_t id)
{
	return 1 + (id * 7919u) % MAX_BODY;
}

static bool check_mode(struct conn *c)
{
	char why[128];

	if (smct_mode_as_expected(c->fd, c->role == CLIENT ? "client" : "server",
				  why, sizeof(why)))
		return true;
	conn_failed(c, why);
	return false;
}

/* write what is pending without blocking; false once the conn is gone */
static bool flush(struct conn *c, const char *buf)
{
	ssize_t n;

	while (c->sent < c->len) {
		n = send(c->fd, buf + c->sent, c->len - c->sent, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EAGAIN)
				return true;
			conn_failed(c, smct_errno_name(errno));
			return false;
		}
		c->sent += n;
	}
	return true;
}

static void client_event(struct conn *c, uint32_t events)
{
	char buf[16384];
	int err = 0;
	ssize_t n;

	if (c->phase == CONNECTING) {
		if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
			return;
		smct_get_int_opt(c->fd, SOL_SOCKET, SO_ERROR, &err);
		if (err) {
			conn_failed(c, smct_errno_name(err));
			return;
		}
		if (!check_mode(c))
			return;
		c->phase = SENDING;
	}
	if (c->phase == SENDING) {
		if (!flush(c, c->buf))
			return;
		if (c->sent < c->len) {
			want_events(c, EPOLLOUT);
			return;
		}
		c->phase = RECEIVING;
		want_events(c, EPOLLIN);
		return;
	}
	if (c->phase != RECEIVING || !(events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
		return;
	for (;;) {
		n = recv(c->fd, buf, sizeof(buf), 0);
		if (n < 0 && errno == EAGAIN)
			return;
		if (n < 0) {
			conn_failed(c, smct_errno_name(errno));
			return;
		}
		if (n == 0 || c->received + n > c->len) {
			conn_failed(c, n ? "echo too long" : "EOF before the echo");
			return;
		}
		if (memcmp(buf, c->buf + c->received, n)) {
			conn_failed(c, "echo differs");
			return;
		}
		c->received += n;
		if (c->received == c->len) {
			conn_finished(c);
			return;
		}
	}
}

static void server_event(struct conn *c, uint32_t events)
{
	ssize_t n;
	uint32_t len;
	char probe;

	if (c->phase == RECEIVING && (events & (EPOLLIN | EPOLLERR | EPOLLHUP))) {
		for (;;) {
			size_t want = c->len ? c->len - c->received :
					       HEADER - c->received;

			n = recv(c->fd, c->buf + c->received, want, 0);
			if (n < 0 && errno == EAGAIN)
				return;
			if (n <= 0) {
				conn_failed(c, n ? smct_errno_name(errno) :
						   "EOF inside the message");
				return;
			}
			c->received += n;
			if (!c->len && c->received == HEADER) {
				memcpy(&c->id, c->buf, 4);
				memcpy(&len, c->buf + 4, 4);
				if (len != body_size(c->id)) {
					conn_failed(c, "bad header");
					return;
				}
				c->len = HEADER + len;
			}
			if (c->len && c->received == c->len)
				break;
		}
		if (smct_pattern_check(c->buf + HEADER, c->len - HEADER, c->id,
				       0) >= 0) {
			conn_failed(c, "message differs");
			return;
		}
		c->phase = SENDING;
	}
	if (c->phase == SENDING) {
		if (!flush(c, c->buf))
			return;
		if (c->sent < c->len) {
			want_events(c, EPOLLOUT);
			return;
		}
		c->phase = AWAIT_EOF;
		want_events(c, EPOLLIN | EPOLLRDHUP);
		return;
	}
	if (c->phase == AWAIT_EOF && (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP))) {
		n = recv(c->fd, &probe, 1, 0);
		if (n < 0 && errno == EAGAIN)
			return;
		if (n != 0) {
			conn_failed(c, "no EOF after the echo");
			return;
		}
		conn_finished(c);
	}
}

static int still_active(const struct conn *conns, int count)
{
	int i, active = 0;

	for (i = 0; i < count; i++)
		active += conns[i].phase != DONE;
	return active;
}

static void accept_all(struct conn *listener, struct conn *servers, int count,
		       int *accepted)
{
	struct epoll_event ev;
	struct conn *c;
	int fd;

	while (*accepted < count) {
		fd = accept4(listener->fd, NULL, NULL, SOCK_NONBLOCK);
		if (fd < 0)
			return;
		c = &servers[(*accepted)++];
		c->role = SERVER;
		c->phase = RECEIVING;
		c->fd = fd;
		c->buf = malloc(HEADER + MAX_BODY);
		if (!c->buf)
			smct_bail("out of memory");
		ev.events = EPOLLIN;
		ev.data.ptr = c;
		epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
		check_mode(c);
	}
}

int main(int argc, char **argv)
{
	struct conn listener = { .role = LISTENER }, *clients, *servers, *c;
	struct epoll_event ev, events[64];
	int count, i, n, accepted = 0, rc;
	int64_t start, deadline;
	uint16_t port;
	uint32_t len;

	smct_init(argc, argv, "many_concurrent", 120,
		  "number of concurrent connections (default 200)");
	count = (int)smct_count(200);
	clients = calloc(count, sizeof(*clients));
	servers = calloc(count, sizeof(*servers));
	epfd = epoll_create1(EPOLL_CLOEXEC);
	listener.fd = smct_listen(count + 16, &port);
	if (!clients || !servers || epfd < 0 || listener.fd < 0)
		smct_bail("setup: %s", strerror(errno));
	smct_set_nonblock(listener.fd, true);
	ev.events = EPOLLIN;
	ev.data.ptr = &listener;
	epoll_ctl(epfd, EPOLL_CTL_ADD, listener.fd, &ev);

	smct_phase("start %d connections", count);
	start = smct_now_us();
	for (i = 0; i < count; i++) {
		c = &clients[i];
		c->role = CLIENT;
		c->phase = CONNECTING;
		c->id = i;
		len = body_size(i);
		c->len = HEADER + len;
		c->buf = malloc(c->len);
		if (!c->buf)
			smct_bail("out of memory");
		memcpy(c->buf, &c->id, 4);
		memcpy(c->buf + 4, &len, 4);
		smct_pattern_fill(c->buf + HEADER, len, i, 0);
		c->fd = smct_socket(SOCK_NONBLOCK);
		if (c->fd < 0)
			smct_bail("socket %d: %s", i, strerror(errno));
		rc = smct_connect_fd(c->fd, port);
		if (rc && errno != EINPROGRESS) {
			conn_failed(c, smct_errno_name(errno));
			continue;
		}
		ev.events = EPOLLOUT;
		ev.data.ptr = c;
		epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev);
	}

	smct_phase("exchange data on %d connections", count);
	deadline = smct_now_us() + smct_ms(60000) * 1000LL;
	while (still_active(clients, count) + still_active(servers, accepted) &&
	       smct_now_us() < deadline) {
		n = epoll_wait(epfd, events, 64, 1000);
		for (i = 0; i < n; i++) {
			c = events[i].data.ptr;
			if (c->role == LISTENER)
				accept_all(c, servers, count, &accepted);
			else if (c->phase == DONE)
				continue;
			else if (c->role == CLIENT)
				client_event(c, events[i].events);
			else
				server_event(c, events[i].events);
		}
	}
	smct_info("%d connections in %lld ms", count,
		  (long long)(smct_now_us() - start) / 1000);
	smct_check(accepted == count, "the server accepted all %d connections (%d)",
		   count, accepted);
	smct_check(clients_done == count,
		   "all %d clients got their message echoed intact (%d)", count,
		   clients_done);
	smct_check(servers_done == count,
		   "all %d server ends received a full message and saw EOF (%d)",
		   count, servers_done);

	for (i = 0; i < count; i++) {
		if (clients[i].fd >= 0)
			close(clients[i].fd);
		if (servers[i].fd > 0)
			close(servers[i].fd);
		free(clients[i].buf);
		free(servers[i].buf);
	}
	close(listener.fd);
	close(epfd);
	free(clients);
	free(servers);
	return smct_finish();
}
