// SPDX-License-Identifier: GPL-2.0
/*
 * TCP_NODELAY and TCP_CORK: the values read back, toggling them while data
 * flows never loses or reorders bytes, and corked data is not held forever.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

#define MESSAGES 3000

static void check_readback(int fd, int opt, const char *name)
{
	int val = -1;

	smct_get_int_opt(fd, IPPROTO_TCP, opt, &val);
	smct_check(val == 0, "%s is 0 by default (%d)", name, val);
	smct_set_int_opt(fd, IPPROTO_TCP, opt, 1);
	val = -1;
	smct_get_int_opt(fd, IPPROTO_TCP, opt, &val);
	smct_check(val == 1, "%s reads back 1 after setting it (%d)", name, val);
	smct_set_int_opt(fd, IPPROTO_TCP, opt, 0);
	val = -1;
	smct_get_int_opt(fd, IPPROTO_TCP, opt, &val);
	smct_check(val == 0, "%s reads back 0 after clearing it (%d)", name,
		   val);
}

struct stream_checker {
	int fd;
	size_t want;
	uint32_t seed;
	size_t got;
	ssize_t bad;
};

static void *check_stream(void *arg)
{
	struct stream_checker *c = arg;
	char buf[8192];
	ssize_t n, bad;

	c->bad = -1;
	while (c->got < c->want) {
		n = recv(c->fd, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
		bad = smct_pattern_check(buf, n, c->seed, c->got);
		if (bad >= 0 && c->bad < 0)
			c->bad = c->got + bad;
		c->got += n;
	}
	return NULL;
}

/* many small writes while opt is switched on and off every few of them */
static void toggle_while_sending(int cfd, int sfd, int opt, const char *name,
				 uint32_t seed)
{
	struct stream_checker c = { .fd = sfd, .seed = seed };
	char buf[128];
	size_t sent = 0, len;
	pthread_t thread;
	int i, failures = 0;

	for (i = 0; i < MESSAGES; i++)
		c.want += 1 + i % 97;
	pthread_create(&thread, NULL, check_stream, &c);
	for (i = 0; i < MESSAGES; i++) {
		if (i % 7 == 0 &&
		    smct_set_int_opt(cfd, IPPROTO_TCP, opt, (i / 7) % 2))
			failures++;
		len = 1 + i % 97;
		smct_pattern_fill(buf, len, seed, sent);
		if (smct_write_all(cfd, buf, len) != (ssize_t)len)
			break;
		sent += len;
	}
	smct_set_int_opt(cfd, IPPROTO_TCP, opt, 0);
	pthread_join(thread, NULL);
	smct_check(failures == 0, "%s: %d toggles between small writes succeed",
		   name, MESSAGES / 7);
	smct_check(c.got == c.want && c.bad < 0,
		   "%s: all %zu bytes of %d writes arrive intact (%zu, first bad %zd)",
		   name, c.want, MESSAGES, c.got, c.bad);
}

static void test_cork_release(int cfd, int sfd)
{
	int64_t start, took;
	char buf[64];
	ssize_t n;

	smct_phase("TCP_CORK release");
	smct_set_int_opt(cfd, IPPROTO_TCP, TCP_CORK, 1);
	smct_write_all(cfd, "corked", 6);
	smct_write_all(cfd, " data", 5);
	start = smct_now_us();
	smct_set_int_opt(cfd, IPPROTO_TCP, TCP_CORK, 0);
	n = smct_read_full(sfd, buf, 11);
	took = smct_now_us() - start;
	smct_check(n == 11 && !memcmp(buf, "corked data", 11) &&
		   took < smct_ms(150) * 1000LL,
		   "clearing TCP_CORK sends the held data at once (%zd, %lld ms)",
		   n, (long long)took / 1000);

	/* TCP holds corked data for at most 200 ms */
	smct_set_int_opt(cfd, IPPROTO_TCP, TCP_CORK, 1);
	start = smct_now_us();
	smct_write_all(cfd, "held", 4);
	n = smct_read_full(sfd, buf, 4);
	took = smct_now_us() - start;
	smct_check(n == 4 && !memcmp(buf, "held", 4) &&
		   took < smct_ms(2000) * 1000LL,
		   "corked data still goes out without uncorking (%zd, %lld ms)",
		   n, (long long)took / 1000);
	smct_set_int_opt(cfd, IPPROTO_TCP, TCP_CORK, 0);
}

int main(int argc, char **argv)
{
	int cfd, sfd, fd;

	smct_init(argc, argv, "nodelay_cork", 60, NULL);
	smct_phase("option values");
	fd = smct_socket(0);
	check_readback(fd, TCP_NODELAY, "TCP_NODELAY (unconnected)");
	check_readback(fd, TCP_CORK, "TCP_CORK (unconnected)");
	close(fd);
	if (smct_pair(&cfd, &sfd))
		return smct_finish();
	check_readback(cfd, TCP_NODELAY, "TCP_NODELAY (connected)");
	check_readback(cfd, TCP_CORK, "TCP_CORK (connected)");
	smct_phase("toggle TCP_NODELAY");
	toggle_while_sending(cfd, sfd, TCP_NODELAY, "TCP_NODELAY", 51);
	smct_phase("toggle TCP_CORK");
	toggle_while_sending(cfd, sfd, TCP_CORK, "TCP_CORK", 52);
	test_cork_release(cfd, sfd);
	if (smct_exchange(cfd, sfd, "after the toggles"))
		smct_pass("the connection works normally afterwards");
	close(cfd);
	close(sfd);
	return smct_finish();
}
