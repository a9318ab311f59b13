// SPDX-License-Identifier: GPL-2.0
/*
 * TCP_DEFER_ACCEPT: a listener hands out a connection only once the client
 * has sent something.  TCP keeps it from accept() and poll() until then;
 * AF_SMC, as Linux's smc, waits in a blocking accept() only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

#define DEFER_SECONDS 5

static void test_value(void)
{
	int fd, ref, val = -1, ref_val = -1;

	smct_phase("TCP_DEFER_ACCEPT value");
	fd = smct_socket(0);
	ref = smct_socket_kind(SMCT_KIND_TCP, 0);
	smct_check_ok(smct_set_int_opt(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT,
				       DEFER_SECONDS),
		      "set TCP_DEFER_ACCEPT %d", DEFER_SECONDS);
	smct_set_int_opt(ref, IPPROTO_TCP, TCP_DEFER_ACCEPT, DEFER_SECONDS);
	smct_get_int_opt(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &val);
	smct_get_int_opt(ref, IPPROTO_TCP, TCP_DEFER_ACCEPT, &ref_val);
	/* TCP stores retransmission counts, so the value comes back rounded */
	smct_check(val == ref_val, "it reads back as TCP rounds it: %d (TCP %d)",
		   val, ref_val);
	close(fd);
	close(ref);
}

struct acceptor {
	int lfd;
	int fd;
	int err;
	volatile bool done;
};

static void *accept_blocking(void *arg)
{
	struct acceptor *a = arg;

	a->fd = accept(a->lfd, NULL, NULL);
	a->err = errno;
	a->done = true;
	return NULL;
}

static bool wait_done(struct acceptor *a, int ms)
{
	int64_t deadline = smct_now_us() + ms * 1000LL;

	while (!a->done && smct_now_us() < deadline)
		smct_sleep_ms(5);
	return a->done;
}

static void test_deferred(void)
{
	struct acceptor a = { .fd = -1 };
	pthread_t thread;
	char buf[16];
	uint16_t port;
	int cfd, fd;
	ssize_t n;

	smct_phase("deferred accept");
	a.lfd = smct_listen(4, &port);
	if (a.lfd < 0 || smct_set_int_opt(a.lfd, IPPROTO_TCP, TCP_DEFER_ACCEPT,
					  DEFER_SECONDS)) {
		smct_fail("listener with TCP_DEFER_ACCEPT: %s", strerror(errno));
		if (a.lfd >= 0)
			close(a.lfd);
		return;
	}
	cfd = smct_socket(0);
	if (!smct_check_ok(smct_connect_fd(cfd, port),
			   "the client's connect completes without sending")) {
		close(cfd);
		close(a.lfd);
		return;
	}
	/* AF_SMC waits in a blocking accept() (test_nonblocking()) */
	if (smct.kind == SMCT_KIND_TCP) {
		smct_check(smct_poll1(a.lfd, POLLIN, 300) == 0,
			   "the listener is not readable before data arrives");
		smct_set_nonblock(a.lfd, true);
		fd = accept(a.lfd, NULL, NULL);
		smct_check(fd < 0 && errno == EAGAIN,
			   "non-blocking accept before data: EAGAIN (%d)", fd);
		if (fd >= 0)
			close(fd);
		smct_set_nonblock(a.lfd, false);
	}

	pthread_create(&thread, NULL, accept_blocking, &a);
	smct_check(!wait_done(&a, 300),
		   "blocking accept keeps waiting while the client is silent");
	smct_write_all(cfd, "request", 7);
	if (!wait_done(&a, smct_ms(3000))) {
		smct_fail("blocking accept returns once the client sends: still blocked");
		pthread_cancel(thread);
		pthread_join(thread, NULL);
		goto out;
	}
	pthread_join(thread, NULL);
	if (!smct_check_ok(a.fd, "blocking accept returns once the client sends"))
		goto out;
	n = recv(a.fd, buf, sizeof(buf), MSG_DONTWAIT);
	smct_check(n == 7 && !memcmp(buf, "request", 7),
		   "the data is there as soon as accept returns (%zd)", n);
	smct_check_mode(cfd, "client");
	smct_check_mode(a.fd, "server");
	if (smct_exchange(cfd, a.fd, "deferred"))
		smct_pass("the deferred connection carries data both ways");
	close(a.fd);
out:
	close(cfd);
	close(a.lfd);
}

/*
 * AF_SMC, as Linux's smc: the handshake ends without waiting for the
 * client's data (the shared handshake workqueue must not wait on one
 * listener's clients), the connection is queued, the listener readable,
 * and only a blocking accept() waits for the data; a non-blocking one
 * returns the connection at once.
 */
static void test_nonblocking(void)
{
	uint16_t port;
	int lfd, cfd, fd;
	int64_t start;

	if (smct.kind != SMCT_KIND_SMC)
		return;
	smct_phase("non-blocking accept, AF_SMC");
	lfd = smct_listen(4, &port);
	if (lfd < 0 || smct_set_int_opt(lfd, IPPROTO_TCP, TCP_DEFER_ACCEPT,
					DEFER_SECONDS)) {
		smct_fail("listener with TCP_DEFER_ACCEPT: %s", strerror(errno));
		if (lfd >= 0)
			close(lfd);
		return;
	}
	cfd = smct_connect(port);
	if (!smct_check_ok(cfd, "a client connects without sending")) {
		close(lfd);
		return;
	}
	smct_check(smct_poll1(lfd, POLLIN, smct_ms(3000)) > 0,
		   "the listener is readable once the handshake is done");
	smct_set_nonblock(lfd, true);
	start = smct_now_us();
	fd = accept(lfd, NULL, NULL);
	smct_check(fd >= 0 &&
		   smct_now_us() - start < (DEFER_SECONDS - 1) * 1000000LL,
		   "a non-blocking accept returns it without waiting (%d, %lld ms)",
		   fd, (long long)(smct_now_us() - start) / 1000);
	if (fd >= 0) {
		if (smct_exchange(cfd, fd, "non-blocking"))
			smct_pass("the connection carries data both ways");
		close(fd);
	}
	close(cfd);
	close(lfd);
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "defer_accept", 60, NULL);
	test_value();
	test_deferred();
	test_nonblocking();
	return smct_finish();
}
