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
#include <sys/time.h>
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

/* Wait until what @sfd sent is with @cfd: the sender has nothing
 * outstanding, the urgent byte is announced and at least what precedes it
 * is readable (SIOCINQ counts no further with TCP while the urgent byte
 * is out of band).
 */
static bool wait_arrived(int sfd, int cfd, int timeout_ms)
{
	int64_t deadline = smct_now_us() + (int64_t)timeout_ms * 1000;
	int outq, inq;

	do {
		if (ioctl_int(sfd, SIOCOUTQ, &outq) == 0 && outq == 0 &&
		    ioctl_int(cfd, SIOCINQ, &inq) == 0 && inq >= 3 &&
		    (smct_poll1(cfd, POLLPRI, 0) & POLLPRI))
			return true;
		smct_sleep_ms(2);
	} while (smct_now_us() < deadline);
	return false;
}

/*
 * SO_OOBINLINE toggled between the arrival of urgent data and its read:
 * as with TCP the flag's value at the read decides whether the urgent byte
 * is in the stream, and the stream, recv(MSG_OOB) and SIOCINQ stay exact
 * over many such cycles (a byte too many per cycle once made the reader
 * run past what the peer wrote and, in the end, past its buffer).
 */
static void test_urgent_toggle_inline(void)
{
	/* SO_OOBINLINE at arrival and at the read, in turn */
	static const int modes[4][2] = { { 1, 0 }, { 0, 1 }, { 1, 1 }, { 0, 0 } };
	int cycles = 64, i, cfd, sfd, inq, bad_oob = 0, bad_data = 0;
	int bad_inq = 0, bad_tail = 0;
	char buf[32], want[8], urg, oob;
	struct timeval tv;
	ssize_t n, wlen;

	smct_phase("urgent data with SO_OOBINLINE toggled before the read");
	if (smct_pair(&cfd, &sfd))
		return;
	/* a stream out of step must not block the test */
	tv.tv_sec = smct_ms(2000) / 1000;
	tv.tv_usec = smct_ms(2000) % 1000 * 1000;
	setsockopt(cfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	for (i = 0; i < cycles; i++) {
		int at_arrival = modes[i % 4][0], at_read = modes[i % 4][1];

		urg = 'A' + i % 26;
		smct_set_int_opt(cfd, SOL_SOCKET, SO_OOBINLINE, at_arrival);
		smct_write_all(sfd, "abc", 3);
		send(sfd, &urg, 1, MSG_OOB);
		smct_write_all(sfd, "def", 3);
		if (!wait_arrived(sfd, cfd, smct_ms(3000))) {
			smct_info("cycle %d: the data did not arrive", i);
			bad_data++;
			break;
		}
		smct_set_int_opt(cfd, SOL_SOCKET, SO_OOBINLINE, at_read);
		n = recv(cfd, &oob, 1, MSG_OOB);
		if (at_read ? !(n < 0 && errno == EINVAL) :
			      !(n == 1 && oob == urg)) {
			if (!bad_oob++)
				smct_info("cycle %d (inline %d then %d): recv(MSG_OOB) %zd (%s)",
					  i, at_arrival, at_read, n,
					  n < 0 ? smct_errno_name(errno) : "");
		}
		memcpy(want, "abc", 3);
		wlen = 3;
		if (at_read)
			want[wlen++] = urg;
		memcpy(want + wlen, "def", 3);
		wlen += 3;
		n = smct_read_full(cfd, buf, wlen);
		if (n != wlen || memcmp(buf, want, wlen)) {
			if (!bad_data++)
				smct_info("cycle %d (inline %d then %d): read %zd bytes '%.*s', want '%.*s'",
					  i, at_arrival, at_read, n,
					  n > 0 ? (int)n : 0, buf,
					  (int)wlen, want);
		}
		if (ioctl_int(cfd, SIOCINQ, &inq) || inq != 0) {
			if (!bad_inq++)
				smct_info("cycle %d (inline %d then %d): SIOCINQ %d once all is read",
					  i, at_arrival, at_read, inq);
		}
		n = recv(cfd, buf, sizeof(buf), MSG_DONTWAIT);
		if (!(n < 0 && errno == EAGAIN)) {
			if (!bad_tail++)
				smct_info("cycle %d (inline %d then %d): %zd bytes more to read",
					  i, at_arrival, at_read, n);
		}
		if (bad_data)
			break;	/* the stream is out of step */
	}
	smct_check(!bad_oob, "toggled SO_OOBINLINE: recv(MSG_OOB) right in %d cycles (%d wrong)",
		   i, bad_oob);
	smct_check(!bad_data, "toggled SO_OOBINLINE: the stream exact in %d cycles (%d wrong)",
		   i, bad_data);
	smct_check(!bad_inq, "toggled SO_OOBINLINE: SIOCINQ 0 after each cycle (%d wrong)",
		   bad_inq);
	smct_check(!bad_tail, "toggled SO_OOBINLINE: nothing more to read after each cycle (%d wrong)",
		   bad_tail);
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
	test_urgent_toggle_inline();
	return smct_finish();
}
