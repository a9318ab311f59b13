// SPDX-License-Identifier: GPL-2.0
/*
 * defer_accept_hs: a listener with a huge TCP_DEFER_ACCEPT whose clients
 * connect and never send must not hold up anybody else's handshakes.
 *
 * The module runs the server side of every handshake as a work item on
 * one workqueue shared by the whole host (smc_hs_wq, at most 256 items
 * running).  TCP_DEFER_ACCEPT is waited for in accept(), in the caller's
 * context; were it waited for in the handshake work, SILENT_CLIENTS such
 * clients (more than the workqueue runs at once) would stall every other
 * SMC handshake of the host for an hour.  Here the silent clients' own
 * handshakes must complete, and then a connection to a second listener
 * must be accepted promptly and carry data.  AF_SMC only; not in run.sh
 * (it fills a listener's backlog with SILENT_CLIENTS connections):
 * selftests/guest/suite_api.sh runs it on its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

#define SILENT_CLIENTS	300
#define DEFER_SECONDS	3600

static int silent[SILENT_CLIENTS];

/* how many of the silent clients are connected by the deadline */
static int wait_connected(int n, int timeout_ms)
{
	int64_t deadline = smct_now_us() + timeout_ms * 1000LL;
	int i, done = 0, err;
	socklen_t len;

	for (i = 0; i < n; i++) {
		int64_t left = (deadline - smct_now_us()) / 1000;

		if (smct_poll1(silent[i], POLLOUT, left > 0 ? (int)left : 0) <= 0)
			continue;
		len = sizeof(err);
		if (!getsockopt(silent[i], SOL_SOCKET, SO_ERROR, &err, &len) &&
		    !err)
			done++;
	}
	return done;
}

int main(int argc, char **argv)
{
	int lfd, lfd2, cfd = -1, sfd = -1, i, n = 0, done;
	uint16_t port, port2;
	int64_t start;

	smct_init(argc, argv, "defer_accept_hs", 300, NULL);
	if (smct.kind != SMCT_KIND_SMC)
		smct_skip_all("the module's handshake workqueue: AF_SMC only");

	smct_phase("a listener with TCP_DEFER_ACCEPT %d", DEFER_SECONDS);
	lfd = smct_listen(SILENT_CLIENTS + 16, &port);
	lfd2 = smct_listen(4, &port2);
	if (lfd < 0 || lfd2 < 0)
		smct_bail("listen: %s", strerror(errno));
	if (!smct_check_ok(smct_set_int_opt(lfd, IPPROTO_TCP, TCP_DEFER_ACCEPT,
					    DEFER_SECONDS),
			   "set TCP_DEFER_ACCEPT %d", DEFER_SECONDS))
		return smct_finish();

	smct_phase("%d clients that never send", SILENT_CLIENTS);
	for (i = 0; i < SILENT_CLIENTS; i++) {
		silent[i] = smct_socket(SOCK_NONBLOCK);
		if (silent[i] < 0)
			break;
		n++;
		if (smct_connect_fd(silent[i], port) && errno != EINPROGRESS)
			break;
	}
	smct_check(n == SILENT_CLIENTS, "%d silent clients started (%d)",
		   SILENT_CLIENTS, n);
	start = smct_now_us();
	done = wait_connected(n, smct_ms(6000));
	smct_check(done == n,
		   "all their handshakes complete: %d of %d in %lld ms",
		   done, n, (long long)(smct_now_us() - start) / 1000);

	smct_phase("a handshake with another listener meanwhile");
	start = smct_now_us();
	cfd = smct_socket(SOCK_NONBLOCK);
	if (cfd >= 0 && smct_connect_fd(cfd, port2) && errno != EINPROGRESS) {
		close(cfd);
		cfd = -1;
	}
	if (cfd >= 0 && smct_poll1(cfd, POLLOUT, smct_ms(2000)) <= 0) {
		close(cfd);
		cfd = -1;
		errno = ETIMEDOUT;
	}
	if (cfd >= 0)
		smct_set_nonblock(cfd, false);
	if (smct_check_ok(cfd, "a client of another listener connects")) {
		sfd = smct_accept(lfd2, 0, smct_ms(2000));
		smct_check_ok(sfd, "and is accepted promptly (%lld ms)",
			      (long long)(smct_now_us() - start) / 1000);
	}
	if (cfd >= 0 && sfd >= 0 && smct_exchange(cfd, sfd, "other listener"))
		smct_pass("its connection carries data both ways");

	if (sfd >= 0)
		close(sfd);
	if (cfd >= 0)
		close(cfd);
	for (i = 0; i < n; i++)
		close(silent[i]);
	close(lfd2);
	close(lfd);
	return smct_finish();
}
