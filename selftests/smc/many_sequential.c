// SPDX-License-Identifier: GPL-2.0
/*
 * Many short connections, one after the other: connect, send, echo,
 * verify, close (alternating which side closes first).  Catches leaks and
 * state left behind by earlier connections.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

#define MAX_REPORTED 5

static int failures;

static void failed(long index, const char *fmt, const char *detail)
{
	char text[160];

	failures++;
	if (failures > MAX_REPORTED)
		return;
	snprintf(text, sizeof(text), fmt, detail);
	smct_info("connection %ld: %s", index, text);
}

/* one connection's life; false after recording why it failed */
static bool one_connection(int lfd, uint16_t port, long index)
{
	char out[256], in[256], why[128], c;
	size_t len = 16 + index % 200;
	int cfd, sfd = -1;
	bool ok = false;
	ssize_t n;

	cfd = smct_connect(port);
	if (cfd < 0) {
		failed(index, "connect: %s", smct_errno_name(errno));
		return false;
	}
	sfd = smct_accept(lfd, 0, smct_ms(5000));
	if (sfd < 0) {
		failed(index, "accept: %s", smct_errno_name(errno));
		goto out;
	}
	snprintf(out, 16, "conn %09u", (unsigned int)(index % 1000000000));
	smct_pattern_fill(out + 16, len - 16, index, 0);
	if (smct_write_all(cfd, out, len) != (ssize_t)len ||
	    smct_read_full(sfd, in, len) != (ssize_t)len ||
	    memcmp(in, out, len)) {
		failed(index, "%s", "client to server data differs");
		goto out;
	}
	if (smct_write_all(sfd, in, len) != (ssize_t)len ||
	    smct_read_full(cfd, in, len) != (ssize_t)len ||
	    memcmp(in, out, len)) {
		failed(index, "%s", "echo differs");
		goto out;
	}
	if (!smct_mode_as_expected(cfd, "client", why, sizeof(why)) ||
	    !smct_mode_as_expected(sfd, "server", why, sizeof(why))) {
		failed(index, "%s", why);
		goto out;
	}
	/* even connections: the client closes first, odd ones the server */
	if (index % 2 == 0) {
		close(cfd);
		cfd = -1;
		n = recv(sfd, &c, 1, 0);
	} else {
		close(sfd);
		sfd = -1;
		n = recv(cfd, &c, 1, 0);
	}
	if (n != 0) {
		failed(index, "%s", n < 0 ? "error instead of EOF" :
					    "data instead of EOF");
		goto out;
	}
	ok = true;
out:
	if (cfd >= 0)
		close(cfd);
	if (sfd >= 0)
		close(sfd);
	return ok;
}

int main(int argc, char **argv)
{
	long count, i, done = 0;
	int64_t start, took;
	uint16_t port;
	int lfd;

	smct_init(argc, argv, "many_sequential", 120,
		  "number of connections (default 1000)");
	count = smct_count(1000);
	lfd = smct_listen(64, &port);
	if (lfd < 0)
		smct_bail("listen: %s", strerror(errno));
	start = smct_now_us();
	for (i = 0; i < count; i++) {
		smct_phase("connection %ld of %ld", i + 1, count);
		if (one_connection(lfd, port, i))
			done++;
	}
	took = smct_now_us() - start;
	close(lfd);
	smct_info("%ld connections in %lld ms (%.0f per second)", count,
		  (long long)took / 1000, took ? count * 1e6 / took : 0.0);
	smct_check(done == count,
		   "%ld sequential connections connected, exchanged data and closed cleanly (%ld)",
		   count, done);
	return smct_finish();
}
