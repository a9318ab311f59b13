// SPDX-License-Identifier: GPL-2.0
/*
 * Writing to a connection that can no longer carry data: EPIPE, and
 * SIGPIPE unless MSG_NOSIGNAL says otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "smctest.h"

static volatile sig_atomic_t sigpipe_count;

static void count_sigpipe(int sig)
{
	(void)sig;
	sigpipe_count++;
}

static void catch_sigpipe(void)
{
	struct sigaction sa = { .sa_handler = count_sigpipe };

	sigaction(SIGPIPE, &sa, NULL);
}

/* one write attempt: did it fail with EPIPE, and did SIGPIPE come? */
static void check_epipe(ssize_t rc, int err, bool want_signal,
			const char *what)
{
	int signals = sigpipe_count;

	sigpipe_count = 0;
	smct_check(rc < 0 && err == EPIPE,
		   "%s fails with EPIPE (%zd, %s)", what, rc,
		   rc < 0 ? smct_errno_name(err) : "no error");
	smct_check(want_signal ? signals == 1 : signals == 0,
		   "%s %s SIGPIPE (%d)", what,
		   want_signal ? "raises" : "does not raise", signals);
}

static void test_after_shutdown(void)
{
	struct iovec iov = { "x", 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	int cfd, sfd;
	ssize_t rc;

	smct_phase("writes after our own SHUT_WR");
	if (smct_pair(&cfd, &sfd))
		return;
	shutdown(cfd, SHUT_WR);
	sigpipe_count = 0;
	rc = send(cfd, "x", 1, 0);
	check_epipe(rc, errno, true, "send");
	rc = send(cfd, "x", 1, MSG_NOSIGNAL);
	check_epipe(rc, errno, false, "send(MSG_NOSIGNAL)");
	rc = write(cfd, "x", 1);
	check_epipe(rc, errno, true, "write");
	rc = writev(cfd, &iov, 1);
	check_epipe(rc, errno, true, "writev");
	rc = sendmsg(cfd, &msg, MSG_NOSIGNAL);
	check_epipe(rc, errno, false, "sendmsg(MSG_NOSIGNAL)");
	close(cfd);
	close(sfd);
}

/*
 * TCP lets the first write after the peer's close through (the peer only
 * said it stops sending); the peer's reset then turns later writes into
 * EPIPE.
 */
static void test_after_peer_close(void)
{
	int cfd, sfd, accepted = 0, err = 0;
	int64_t deadline;
	ssize_t rc = 0;

	smct_phase("writes after the peer closed");
	if (smct_pair(&cfd, &sfd))
		return;
	close(sfd);
	smct_poll1(cfd, POLLRDHUP, smct_ms(2000));
	sigpipe_count = 0;
	deadline = smct_now_us() + smct_ms(3000) * 1000LL;
	while (smct_now_us() < deadline) {
		rc = send(cfd, "x", 1, MSG_NOSIGNAL);
		if (rc < 0) {
			err = errno;
			break;
		}
		accepted++;
		/* give the peer's answer time to come back */
		smct_poll1(cfd, POLLERR, smct_ms(200));
	}
	smct_check(rc < 0 && err == EPIPE,
		   "a write to a closed peer fails with EPIPE (%s)",
		   rc < 0 ? smct_errno_name(err) : "never failed");
	smct_check(accepted <= 1,
		   "at most one write got through before that (%d)", accepted);
	rc = send(cfd, "x", 1, 0);
	check_epipe(rc, errno, true, "a further send without MSG_NOSIGNAL");
	close(cfd);
}

/* nobody handles SIGPIPE: the default action ends the process */
static void test_default_action(void)
{
	int cfd, sfd, status;
	pid_t pid;

	smct_phase("default SIGPIPE action");
	if (smct_pair(&cfd, &sfd))
		return;
	shutdown(cfd, SHUT_WR);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		send(cfd, "x", 1, 0);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	smct_check(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
		   "a process without a SIGPIPE handler dies of SIGPIPE (status 0x%x)",
		   status);
	close(cfd);
	close(sfd);
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "sigpipe_epipe", 60, NULL);
	catch_sigpipe();
	test_after_shutdown();
	test_after_peer_close();
	test_default_action();
	return smct_finish();
}
