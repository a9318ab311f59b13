// SPDX-License-Identifier: GPL-2.0
/*
 * Queue ioctls (SIOCINQ/FIONREAD, SIOCOUTQ, SIOCOUTQNSD, SIOCATMARK) and
 * urgent data sent with MSG_OOB.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sockios.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

static int ioctl_int(int fd, unsigned long req, int *val)
{
	*val = -1;
	return ioctl(fd, req, val);
}

static void test_inq(int cfd, int sfd)
{
	char buf[4096];
	int val, rc;

	smct_phase("SIOCINQ / FIONREAD");
	rc = ioctl_int(cfd, SIOCINQ, &val);
	smct_check(rc == 0 && val == 0, "SIOCINQ on an idle connection: %d", val);
	smct_pattern_fill(buf, 3000, 1, 0);
	smct_write_all(sfd, buf, 3000);
	smct_wait_queued(cfd, 3000, smct_ms(3000));
	rc = ioctl_int(cfd, SIOCINQ, &val);
	smct_check(rc == 0 && val == 3000, "SIOCINQ with 3000 bytes queued: %d",
		   val);
	rc = ioctl_int(cfd, FIONREAD, &val);
	smct_check(rc == 0 && val == 3000, "FIONREAD agrees: %d", val);
	recv(cfd, buf, 1000, 0);
	rc = ioctl_int(cfd, SIOCINQ, &val);
	smct_check(rc == 0 && val == 2000, "SIOCINQ after reading 1000: %d",
		   val);
	recv(cfd, buf, 1000, MSG_PEEK);
	rc = ioctl_int(cfd, SIOCINQ, &val);
	smct_check(rc == 0 && val == 2000, "MSG_PEEK does not change it: %d",
		   val);
	smct_read_full(cfd, buf, 2000);
	rc = ioctl_int(cfd, SIOCINQ, &val);
	smct_check(rc == 0 && val == 0, "SIOCINQ once everything is read: %d",
		   val);
}

static void test_outq(int cfd, int sfd)
{
	char buf[65536];
	size_t filled, drained = 0;
	int outq, nsd, rc, rc2;
	int64_t deadline;
	ssize_t n;

	smct_phase("SIOCOUTQ / SIOCOUTQNSD");
	rc = ioctl_int(cfd, SIOCOUTQ, &outq);
	rc2 = ioctl_int(cfd, SIOCOUTQNSD, &nsd);
	smct_check(rc == 0 && rc2 == 0 && outq == 0 && nsd == 0,
		   "SIOCOUTQ and SIOCOUTQNSD on an idle connection: %d, %d",
		   outq, nsd);
	filled = smct_fill_send_buffer(cfd, 2);
	rc = ioctl_int(cfd, SIOCOUTQ, &outq);
	rc2 = ioctl_int(cfd, SIOCOUTQNSD, &nsd);
	smct_check(rc == 0 && outq > 0 && (size_t)outq <= filled,
		   "SIOCOUTQ counts the data the peer has not taken: %d (of %zu)",
		   outq, filled);
	smct_check(rc2 == 0 && nsd >= 0 && nsd <= outq,
		   "SIOCOUTQNSD (not yet sent) is at most SIOCOUTQ: %d", nsd);
	while (drained < filled) {
		n = recv(sfd, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
		drained += n;
	}
	deadline = smct_now_us() + smct_ms(3000) * 1000LL;
	do {
		rc = ioctl_int(cfd, SIOCOUTQ, &outq);
		if (outq == 0)
			break;
		smct_sleep_ms(5);
	} while (smct_now_us() < deadline);
	rc2 = ioctl_int(cfd, SIOCOUTQNSD, &nsd);
	smct_check(rc == 0 && rc2 == 0 && outq == 0 && nsd == 0,
		   "both drop to 0 once the peer has read everything: %d, %d",
		   outq, nsd);
}

static void test_listener_and_unconnected(void)
{
	int lfd, fd, val, rc;
	uint16_t port;

	smct_phase("queue ioctls without a connection");
	lfd = smct_listen(4, &port);
	smct_check_errno(ioctl_int(lfd, SIOCINQ, &val), EINVAL,
			 "SIOCINQ on a listener");
	smct_check_errno(ioctl_int(lfd, SIOCOUTQ, &val), EINVAL,
			 "SIOCOUTQ on a listener");
	smct_check_errno(ioctl_int(lfd, SIOCOUTQNSD, &val), EINVAL,
			 "SIOCOUTQNSD on a listener");
	close(lfd);
	fd = smct_socket(0);
	rc = ioctl_int(fd, SIOCINQ, &val);
	smct_check(rc == 0 && val == 0,
		   "SIOCINQ on an unconnected socket: 0 (%d)", val);
	rc = ioctl_int(fd, SIOCOUTQ, &val);
	smct_check(rc == 0 && val == 0,
		   "SIOCOUTQ on an unconnected socket: 0 (%d)", val);
	rc = ioctl_int(fd, SIOCATMARK, &val);
	smct_check(rc == 0 && val == 0,
		   "SIOCATMARK on an unconnected socket: 0 (%d)", val);
	smct_check_errno(ioctl_int(fd, SIOCGSTAMP, &val), ENOENT,
			 "SIOCGSTAMP on a stream socket");
	close(fd);
}

static void test_urgent(void)
{
	char buf[16];
	int cfd, sfd, mark, revents, rc;
	ssize_t n;

	smct_phase("urgent data");
	if (smct_pair(&cfd, &sfd))
		return;
	rc = ioctl_int(cfd, SIOCATMARK, &mark);
	smct_check(rc == 0 && mark == 0,
		   "SIOCATMARK with no urgent data: %d", mark);
	smct_check_errno(recv(cfd, buf, 1, MSG_OOB), EINVAL,
			 "recv(MSG_OOB) with no urgent data");

	smct_write_all(sfd, "abc", 3);
	n = send(sfd, "X", 1, MSG_OOB);
	smct_check(n == 1, "send(MSG_OOB) of one byte (%zd)", n);
	smct_write_all(sfd, "def", 3);
	revents = smct_poll1(cfd, POLLPRI, smct_ms(3000));
	smct_check(revents & POLLPRI, "poll reports POLLPRI (0x%x)", revents);
	/* MSG_PEEK stops at the mark, so wait for what precedes it */
	smct_wait_queued(cfd, 3, smct_ms(3000));
	n = recv(cfd, buf, 1, MSG_OOB | MSG_PEEK);
	smct_check(n == 1 && buf[0] == 'X',
		   "recv(MSG_OOB|MSG_PEEK) shows the urgent byte (%zd)", n);
	n = recv(cfd, buf, 1, MSG_OOB);
	smct_check(n == 1 && buf[0] == 'X',
		   "recv(MSG_OOB) returns the urgent byte (%zd)", n);
	smct_check_errno(recv(cfd, buf, 1, MSG_OOB), EINVAL,
			 "a second recv(MSG_OOB)");
	rc = ioctl_int(cfd, SIOCATMARK, &mark);
	smct_check(rc == 0 && mark == 0, "SIOCATMARK before the mark: %d",
		   mark);
	n = recv(cfd, buf, sizeof(buf), 0);
	smct_check(n == 3 && !memcmp(buf, "abc", 3),
		   "a normal read stops at the mark (%zd)", n);
	rc = ioctl_int(cfd, SIOCATMARK, &mark);
	smct_check(rc == 0 && mark == 1, "SIOCATMARK at the mark: %d", mark);
	n = smct_read_full(cfd, buf, 3);
	smct_check(n == 3 && !memcmp(buf, "def", 3),
		   "the rest follows without the urgent byte (%zd)", n);
	close(cfd);
	close(sfd);
}

static void test_urgent_inline(void)
{
	char buf[16];
	int cfd, sfd, mark, rc;
	ssize_t n;

	smct_phase("urgent data with SO_OOBINLINE");
	if (smct_pair(&cfd, &sfd))
		return;
	smct_set_int_opt(cfd, SOL_SOCKET, SO_OOBINLINE, 1);
	smct_write_all(sfd, "abc", 3);
	send(sfd, "X", 1, MSG_OOB);
	smct_write_all(sfd, "def", 3);
	smct_poll1(cfd, POLLPRI, smct_ms(3000));
	smct_wait_queued(cfd, 3, smct_ms(3000));
	smct_check_errno(recv(cfd, buf, 1, MSG_OOB), EINVAL,
			 "SO_OOBINLINE: recv(MSG_OOB)");
	n = recv(cfd, buf, sizeof(buf), 0);
	smct_check(n == 3 && !memcmp(buf, "abc", 3),
		   "SO_OOBINLINE: the read stops at the mark (%zd)", n);
	rc = ioctl_int(cfd, SIOCATMARK, &mark);
	smct_check(rc == 0 && mark == 1,
		   "SO_OOBINLINE: SIOCATMARK at the mark: %d", mark);
	n = smct_read_full(cfd, buf, 4);
	smct_check(n == 4 && !memcmp(buf, "Xdef", 4),
		   "SO_OOBINLINE: the urgent byte is in the stream (%zd)", n);
	close(cfd);
	close(sfd);
}

int main(int argc, char **argv)
{
	int cfd, sfd;

	smct_init(argc, argv, "queue_ioctls", 60, NULL);
	if (smct_pair(&cfd, &sfd) == 0) {
		test_inq(cfd, sfd);
		test_outq(cfd, sfd);
		close(cfd);
		close(sfd);
	}
	test_listener_and_unconnected();
	test_urgent();
	test_urgent_inline();
	return smct_finish();
}
