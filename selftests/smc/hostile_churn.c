// SPDX-License-Identifier: GPL-2.0
/*
 * hostile_churn: what an unprivileged local user can throw at AF_SMC.
 *
 *   hostile_churn -c CLIENT_ADDR -s SERVER_ADDR -p PORT [-n CONNS]
 *                 [-P PARALLEL] [-S SEED] [-t LIMIT_S]
 *
 * Two AF_SMC listeners on SERVER_ADDR, PORT and PORT + 1; the first has
 * TCP_DEFER_ACCEPT set to an hour and a thread blocked in accept() on it
 * (the wait happens there, in the caller's context), the second is served
 * by non-blocking accepts.  CONNS client connections from CLIENT_ADDR,
 * PARALLEL of them at a time, each with a random choice of socket options
 * set before and after connect() (every option number of SOL_SOCKET,
 * SOL_TCP, SOL_IP and SOL_SMC, with random values and lengths, and
 * getsockopt() of each), some sending nothing (for TCP_DEFER_ACCEPT), some
 * data, some urgent data, and ending in one of several ways (close,
 * shutdown, an abortive close, close before the connect is over).
 * Accepted sockets get the same treatment.  Every connection lives at
 * most LIFE_MS.
 *
 * What the program checks itself: no call hangs (the whole run ends
 * within LIMIT_S, default 600, or it exits 3 from its alarm), some
 * connections are established, and at the end a plain connection to the
 * deferring listener is accepted and carries data both ways.  Whether
 * the kernel stays healthy the calling test checks.
 * Exit status: 0 done, 1 a check failed, 2 usage, 3 a hang.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "smctest.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define LIFE_MS		2000
#define MAX_PARALLEL	256
#define DEFER_S		3600

enum end_kind { END_CLOSE, END_SHUTDOWN, END_ABORT, END_EARLY, END_KINDS };

struct conn {
	int fd;			/* -1: slot free */
	int peer;		/* the accepted end, or -1 */
	int64_t deadline_us;
	int connected;
	int send_mode;		/* 0 nothing, 1 data, 2 urgent data too */
	enum end_kind end;
};

static struct sockaddr_in cli_addr, srv_addr, srv_addr2;
static unsigned int seed = 1;
static volatile int stop_accepting;
static long n_established, n_failed_connect, n_accepted, n_deferred_accepted;
static long n_setopt_ok, n_setopt_err, n_sent;

static void die(const char *what)
{
	fprintf(stderr, "hostile_churn: %s: %s\n", what, strerror(errno));
	exit(1);
}

static unsigned int rnd(void)
{
	return rand_r(&seed);
}

static void on_alarm(int sig)
{
	static const char msg[] = "hostile_churn: a call hung: time limit reached\n";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	_exit(3);
}

/*
 * A random option of a random level with a random value.  SO_LINGER is
 * kept at most one second (a lingering close blocks even a non-blocking
 * socket); everything else, unprivileged, is the kernel's to refuse.
 */
static void random_opt(int fd, unsigned int *rs)
{
	static const int ints[] = { 0, 1, -1, 2, 3, 7, 64, 1000, 65535,
				    0x7fffffff, (int)0x80000000, 5, 4096 };
	static const socklen_t lens[] = { 0, 1, 2, 3, 4, 8, 12, 16, 32, 64,
					  128, 256 };
	unsigned char buf[256];
	int level, opt, val, rc;
	socklen_t len;
	unsigned int i;

	switch (rand_r(rs) % 4) {
	case 0:
		level = SOL_SOCKET;
		opt = 1 + rand_r(rs) % 80;
		break;
	case 1:
		level = IPPROTO_TCP;
		opt = 1 + rand_r(rs) % 45;
		break;
	case 2:
		level = IPPROTO_IP;
		opt = 1 + rand_r(rs) % 70;
		break;
	default:
		level = SOL_SMC;
		opt = rand_r(rs) % 4;
		break;
	}
	if (level == SOL_SOCKET && opt == SO_LINGER) {
		struct linger l = { .l_onoff = rand_r(rs) & 1,
				    .l_linger = rand_r(rs) % 2 };

		rc = setsockopt(fd, level, opt, &l, sizeof(l));
	} else if (rand_r(rs) % 2) {
		val = rand_r(rs) % 3 ? ints[rand_r(rs) % ARRAY_SIZE(ints)] :
				       (int)rand_r(rs);
		rc = setsockopt(fd, level, opt, &val, sizeof(val));
	} else {
		len = lens[rand_r(rs) % ARRAY_SIZE(lens)];
		for (i = 0; i < len; i++)
			buf[i] = rand_r(rs) % 3 ? 0 : rand_r(rs);
		rc = setsockopt(fd, level, opt, buf, len);
	}
	if (rc)
		n_setopt_err++;
	else
		n_setopt_ok++;
	/* and read one back, with a random buffer length */
	len = lens[rand_r(rs) % ARRAY_SIZE(lens)];
	memset(buf, 0, sizeof(buf));
	getsockopt(fd, level, opt, buf, &len);
}

static void random_opts(int fd, int max)
{
	int i, n = rnd() % (max + 1);
	unsigned int rs = rnd();

	for (i = 0; i < n; i++)
		random_opt(fd, &rs);
}

static void set_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static void poke(int fd, int send_mode)
{
	char data[512] = "hostile";
	int flags = MSG_DONTWAIT | MSG_NOSIGNAL;

	if (send_mode >= 1 && send(fd, data, 1 + rnd() % sizeof(data),
				   flags) > 0)
		n_sent++;
	if (send_mode == 2)
		send(fd, "!", 1, flags | MSG_OOB);
	/* drain whatever came, urgent byte included */
	while (recv(fd, data, sizeof(data), MSG_DONTWAIT) > 0)
		;
	recv(fd, data, 1, MSG_DONTWAIT | MSG_OOB);
}

static void end_fd(int fd, enum end_kind end)
{
	struct linger l = { 1, 0 };

	switch (end) {
	case END_SHUTDOWN:
		shutdown(fd, rnd() % 2 ? SHUT_WR : SHUT_RDWR);
		break;
	case END_ABORT:
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
		break;
	default:
		break;
	}
	close(fd);
}

static void conn_end(struct conn *c)
{
	end_fd(c->fd, c->end);
	if (c->peer >= 0)
		end_fd(c->peer, (enum end_kind)(rnd() % END_KINDS));
	c->fd = -1;
	c->peer = -1;
}

static int conn_start(struct conn *c)
{
	const struct sockaddr_in *to = rnd() % 3 ? &srv_addr2 : &srv_addr;
	int fd, rc;

	fd = socket(AF_SMC, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	set_nonblock(fd);
	random_opts(fd, 6);
	bind(fd, (const struct sockaddr *)&cli_addr, sizeof(cli_addr));
	rc = connect(fd, (const struct sockaddr *)to, sizeof(*to));
	if (rc && errno != EINPROGRESS) {
		n_failed_connect++;
		close(fd);
		return -1;
	}
	c->fd = fd;
	c->peer = -1;
	c->connected = 0;
	c->send_mode = rnd() % 3;
	c->end = (enum end_kind)(rnd() % END_KINDS);
	c->deadline_us = smct_now_us() + (rnd() % LIFE_MS) * 1000LL;
	return 0;
}

/*
 * The deferring listener's blocking accepts.  Once the churn is over only
 * the final connection, which greets with FINAL_GREETING, is echoed; what
 * the churn left in the queue is closed.
 */
#define FINAL_GREETING	"survivor"
static void *defer_acceptor(void *arg)
{
	struct timeval tv = { .tv_sec = 60 };
	int lfd = *(int *)arg, fd;
	char buf[sizeof(FINAL_GREETING)];
	ssize_t n;

	for (;;) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED ||
			    errno == ENOMEM || errno == ENOBUFS)
				continue;
			smct_info("accept on the deferring listener: %s",
				  strerror(errno));
			return NULL;
		}
		n_deferred_accepted++;
		if (!stop_accepting) {
			set_nonblock(fd);
			random_opts(fd, 4);
			poke(fd, rnd() % 3);
			end_fd(fd, (enum end_kind)(rnd() % END_KINDS));
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		n = recv(fd, buf, sizeof(buf), MSG_WAITALL);
		if (n == sizeof(buf) && !memcmp(buf, FINAL_GREETING, n)) {
			if (send(fd, buf, n, MSG_NOSIGNAL) != n)
				smct_info("final echo: %s", strerror(errno));
			close(fd);
			return NULL;
		}
		close(fd);
	}
}

static int listener(const struct sockaddr_in *a, int defer)
{
	int fd, one = 1;

	fd = socket(AF_SMC, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket(AF_SMC)");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (defer)
		setsockopt(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &defer,
			   sizeof(defer));
	if (bind(fd, (const struct sockaddr *)a, sizeof(*a)) ||
	    listen(fd, 512))
		die("bind/listen");
	return fd;
}

/* a plain connection through the deferring listener, data both ways */
static int final_connection(void)
{
	char out[] = FINAL_GREETING, in[sizeof(out)] = "";
	struct timeval tv = { .tv_sec = 60 };
	int fd, ok;

	fd = socket(AF_SMC, SOCK_STREAM, 0);
	if (fd < 0)
		return 0;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	ok = !bind(fd, (const struct sockaddr *)&cli_addr, sizeof(cli_addr)) &&
	     !connect(fd, (const struct sockaddr *)&srv_addr, sizeof(srv_addr)) &&
	     send(fd, out, sizeof(out), MSG_NOSIGNAL) == sizeof(out) &&
	     recv(fd, in, sizeof(in), MSG_WAITALL) == sizeof(in) &&
	     !memcmp(in, out, sizeof(out));
	if (!ok)
		smct_info("final connection: %s", strerror(errno));
	close(fd);
	return ok;
}

static void usage(void)
{
	fprintf(stderr, "usage: hostile_churn -c CLIENT_ADDR -s SERVER_ADDR -p PORT [-n CONNS] [-P PARALLEL] [-S SEED] [-t LIMIT_S]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct conn conns[MAX_PARALLEL];
	struct pollfd pfd[MAX_PARALLEL + 1];
	long total = 1000, started = 0, ended = 0;
	int parallel = 32, limit_s = 600, port = 0, opt, lfd, lfd2, i, n;
	const char *cli = NULL, *srv = NULL;
	int64_t t0 = smct_now_us();
	pthread_t thr;

	while ((opt = getopt(argc, argv, "c:s:p:n:P:S:t:")) != -1) {
		switch (opt) {
		case 'c': cli = optarg; break;
		case 's': srv = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'n': total = atol(optarg); break;
		case 'P': parallel = atoi(optarg); break;
		case 'S': seed = strtoul(optarg, NULL, 0); break;
		case 't': limit_s = atoi(optarg); break;
		default: usage();
		}
	}
	if (!cli || !srv || port <= 0 || port > 65534 || total < 1 ||
	    parallel < 1 || parallel > MAX_PARALLEL || limit_s < 1)
		usage();
	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, on_alarm);
	alarm(limit_s);

	cli_addr = (struct sockaddr_in){ .sin_family = AF_INET };
	srv_addr = (struct sockaddr_in){ .sin_family = AF_INET,
					 .sin_port = htons(port) };
	if (inet_pton(AF_INET, cli, &cli_addr.sin_addr) != 1 ||
	    inet_pton(AF_INET, srv, &srv_addr.sin_addr) != 1)
		usage();
	srv_addr2 = srv_addr;
	srv_addr2.sin_port = htons(port + 1);
	printf("hostile_churn: uid %d, %ld connections, %d at a time, seed %u\n",
	       getuid(), total, parallel, seed);

	lfd = listener(&srv_addr, DEFER_S);
	lfd2 = listener(&srv_addr2, 0);
	set_nonblock(lfd2);
	if (pthread_create(&thr, NULL, defer_acceptor, &lfd))
		die("pthread_create");
	for (i = 0; i < parallel; i++)
		conns[i].fd = -1;

	while (ended < total) {
		int64_t now = smct_now_us();

		for (i = 0; i < parallel; i++) {
			struct conn *c = &conns[i];

			if (c->fd < 0 && started < total) {
				started++;
				if (conn_start(c)) {
					ended++;
					continue;
				}
			}
			if (c->fd < 0)
				continue;
			if (c->end == END_EARLY || now >= c->deadline_us) {
				conn_end(c);
				ended++;
				continue;
			}
			pfd[i] = (struct pollfd){ .fd = c->fd,
				.events = POLLOUT | POLLIN | POLLPRI };
		}
		for (i = 0; i < parallel; i++)
			if (conns[i].fd < 0)
				pfd[i] = (struct pollfd){ .fd = -1 };
		pfd[parallel] = (struct pollfd){ .fd = lfd2, .events = POLLIN };
		n = poll(pfd, parallel + 1, 20);
		if (n <= 0)
			continue;
		if (pfd[parallel].revents & POLLIN) {
			int fd = accept4(lfd2, NULL, NULL, SOCK_NONBLOCK);

			if (fd >= 0) {
				n_accepted++;
				random_opts(fd, 4);
				poke(fd, rnd() % 3);
				/* lives until a client slot's end: park it */
				for (i = 0; i < parallel; i++)
					if (conns[i].fd >= 0 &&
					    conns[i].peer < 0)
						break;
				if (i < parallel)
					conns[i].peer = fd;
				else
					end_fd(fd, END_ABORT);
			}
		}
		for (i = 0; i < parallel; i++) {
			struct conn *c = &conns[i];
			int err = 0;
			socklen_t len = sizeof(err);

			if (c->fd < 0 || !pfd[i].revents)
				continue;
			if (!c->connected) {
				getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err,
					   &len);
				if (err) {
					n_failed_connect++;
					conn_end(c);
					ended++;
					continue;
				}
				if (!(pfd[i].revents & POLLOUT))
					continue;
				c->connected = 1;
				n_established++;
				random_opts(c->fd, 4);
				poke(c->fd, c->send_mode);
			} else if (pfd[i].revents & (POLLERR | POLLHUP)) {
				conn_end(c);
				ended++;
			} else if (pfd[i].revents & (POLLIN | POLLPRI)) {
				poke(c->fd, 0);
			}
		}
	}

	stop_accepting = 1;
	n = final_connection();
	pthread_join(thr, NULL);
	close(lfd);
	close(lfd2);
	printf("hostile_churn: %ld connections in %.1f s: %ld established, %ld failed to connect, %ld accepted (%ld through TCP_DEFER_ACCEPT); options set %ld, refused %ld; %ld sends\n",
	       total, (smct_now_us() - t0) / 1e6, n_established,
	       n_failed_connect, n_accepted, n_deferred_accepted, n_setopt_ok,
	       n_setopt_err, n_sent);
	if (!n_established) {
		printf("hostile_churn: FAILED: no connection was established\n");
		return 1;
	}
	if (!n) {
		printf("hostile_churn: FAILED: the final connection through the deferring listener\n");
		return 1;
	}
	printf("hostile_churn: ok\n");
	return 0;
}
