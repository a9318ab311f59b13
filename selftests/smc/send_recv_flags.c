// SPDX-License-Identifier: GPL-2.0
/*
 * send()/recv() flags: MSG_PEEK, MSG_DONTWAIT, MSG_WAITALL, MSG_MORE,
 * MSG_TRUNC, zero-length reads and I/O on sockets without a connection.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "smctest.h"

static void test_peek(int cfd, int sfd)
{
	char buf[64];
	ssize_t n;

	smct_phase("MSG_PEEK");
	smct_check_errno(recv(cfd, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT),
			 EAGAIN, "MSG_PEEK|MSG_DONTWAIT with nothing queued");
	smct_write_all(sfd, "hello world", 11);
	n = smct_wait_queued(cfd, 11, smct_ms(3000));
	if (n == 11)
		n = recv(cfd, buf, 11, MSG_PEEK);
	smct_check(n == 11 && !memcmp(buf, "hello world", 11),
		   "MSG_PEEK sees all queued data (%zd bytes)", n);
	n = recv(cfd, buf, 5, MSG_PEEK);
	smct_check(n == 5 && !memcmp(buf, "hello", 5),
		   "MSG_PEEK of 5 bytes returns the first 5 (%zd)", n);
	n = recv(cfd, buf, sizeof(buf), MSG_PEEK);
	smct_check(n == 11, "peeking again returns the same 11 bytes (%zd)", n);
	n = recv(cfd, buf, 6, 0);
	smct_check(n == 6 && !memcmp(buf, "hello ", 6),
		   "recv after peeking consumes from the start (%zd)", n);
	n = recv(cfd, buf, sizeof(buf), MSG_PEEK);
	smct_check(n == 5 && !memcmp(buf, "world", 5),
		   "MSG_PEEK after a partial read starts at the rest (%zd)", n);
	n = recv(cfd, buf, sizeof(buf), 0);
	smct_check(n == 5 && !memcmp(buf, "world", 5),
		   "recv returns the rest (%zd)", n);
	smct_check_errno(recv(cfd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN,
			 "nothing left after that");
}

static void test_dontwait(int cfd, int sfd)
{
	size_t total, got = 0;
	char buf[16384];
	ssize_t n, bad;

	smct_phase("MSG_DONTWAIT");
	smct_check_errno(recv(cfd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN,
			 "recv(MSG_DONTWAIT) with nothing queued");
	smct_check(!(fcntl(cfd, F_GETFL) & O_NONBLOCK),
		   "MSG_DONTWAIT leaves the socket blocking");

	total = smct_fill_send_buffer(sfd, 7);
	smct_check(total > 0, "send(MSG_DONTWAIT) until full queued %zu bytes",
		   total);
	smct_check_errno(send(sfd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN,
			 "send(MSG_DONTWAIT) on a full socket");
	while (got < total) {
		n = recv(cfd, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
		bad = smct_pattern_check(buf, n, 7, got);
		if (bad >= 0) {
			smct_fail("data corrupted at offset %zu", got + bad);
			return;
		}
		got += n;
	}
	smct_check(got == total, "the peer reads all %zu bytes intact (%zu)",
		   total, got);
	smct_check(send(sfd, "x", 1, MSG_DONTWAIT) == 1,
		   "send(MSG_DONTWAIT) works again once the peer has read");
	smct_read_full(cfd, buf, 1);
}

struct slow_sender {
	int fd;
	int chunks;
	size_t chunk_size;
	int gap_ms;
	bool close_after;
};

static void *send_slowly(void *arg)
{
	struct slow_sender *s = arg;
	char buf[4096];
	int i;

	for (i = 0; i < s->chunks; i++) {
		smct_sleep_ms(s->gap_ms);
		smct_pattern_fill(buf, s->chunk_size, 11, i * s->chunk_size);
		smct_write_all(s->fd, buf, s->chunk_size);
	}
	if (s->close_after)
		shutdown(s->fd, SHUT_WR);
	return NULL;
}

static void test_waitall(int cfd, int sfd)
{
	struct slow_sender s = { .fd = sfd, .chunks = 4, .chunk_size = 1000,
				 .gap_ms = 40 };
	struct timeval tv = { 0, 200000 };
	pthread_t thread;
	char buf[8192];
	int64_t start, took;
	ssize_t n;

	smct_phase("MSG_WAITALL");
	pthread_create(&thread, NULL, send_slowly, &s);
	start = smct_now_us();
	n = recv(cfd, buf, 4000, MSG_WAITALL);
	took = smct_now_us() - start;
	pthread_join(thread, NULL);
	smct_check(n == 4000 && smct_pattern_check(buf, 4000, 11, 0) < 0,
		   "MSG_WAITALL collects four delayed chunks into one read (%zd bytes, %lld ms)",
		   n, (long long)took / 1000);

	/* a timeout ends the wait with what has arrived so far */
	setsockopt(cfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	smct_write_all(sfd, buf, 100);
	n = recv(cfd, buf, 1000, MSG_WAITALL);
	smct_check(n == 100,
		   "MSG_WAITALL with SO_RCVTIMEO returns the partial data on timeout (%zd)",
		   n);
	tv.tv_usec = 0;
	setsockopt(cfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

static void test_waitall_eof(void)
{
	struct slow_sender s = { .chunks = 2, .chunk_size = 300, .gap_ms = 20,
				 .close_after = true };
	pthread_t thread;
	char buf[2048];
	int cfd;
	ssize_t n;

	smct_phase("MSG_WAITALL and EOF");
	if (smct_pair(&cfd, &s.fd))
		return;
	pthread_create(&thread, NULL, send_slowly, &s);
	n = recv(cfd, buf, sizeof(buf), MSG_WAITALL);
	pthread_join(thread, NULL);
	smct_check(n == 600 && smct_pattern_check(buf, 600, 11, 0) < 0,
		   "MSG_WAITALL ends at EOF with what arrived (%zd of 600)", n);
	n = recv(cfd, buf, sizeof(buf), MSG_WAITALL);
	smct_check(n == 0, "the next MSG_WAITALL read returns 0 (%zd)", n);
	close(cfd);
	close(s.fd);
}

static void test_more(int cfd, int sfd)
{
	char buf[64];
	ssize_t n;

	smct_phase("MSG_MORE");
	n = send(cfd, "HEAD", 4, MSG_MORE);
	smct_check(n == 4, "send(MSG_MORE) accepts the data (%zd)", n);
	n = send(cfd, "ER", 2, MSG_MORE);
	smct_check(n == 2, "a second send(MSG_MORE) (%zd)", n);
	n = send(cfd, "BODY", 4, 0);
	smct_check(n == 4, "a final send without MSG_MORE (%zd)", n);
	n = smct_read_full(sfd, buf, 10);
	smct_check(n == 10 && !memcmp(buf, "HEADERBODY", 10),
		   "the peer receives the pieces in order (%zd bytes)", n);
}

static void test_trunc(int cfd, int sfd)
{
	char buf[64];
	ssize_t n;

	smct_phase("MSG_TRUNC");
	smct_write_all(sfd, "0123456789abcdef", 16);
	smct_wait_queued(cfd, 16, smct_ms(3000));
	n = recv(cfd, NULL, 10, MSG_TRUNC);
	smct_check(n == 10, "recv(MSG_TRUNC) discards 10 bytes (%zd)", n);
	n = recv(cfd, buf, sizeof(buf), 0);
	smct_check(n == 6 && !memcmp(buf, "abcdef", 6),
		   "the following read starts after them (%zd)", n);
}

static void test_zero_length(int cfd, int sfd)
{
	char buf[8];
	int64_t start, took;
	ssize_t n;

	/*
	 * Only with data queued: on an empty socket TCP waits for data (or
	 * SO_RCVTIMEO) even for a zero-length read, an oddity not worth
	 * pinning down.
	 */
	smct_phase("zero-length I/O");
	n = send(sfd, buf, 0, 0);
	smct_check(n == 0, "send of 0 bytes returns 0 (%zd)", n);
	smct_write_all(sfd, "abc", 3);
	smct_wait_queued(cfd, 3, smct_ms(3000));
	start = smct_now_us();
	n = recv(cfd, buf, 0, 0);
	took = smct_now_us() - start;
	smct_check(n == 0 && took < smct_ms(500) * 1000LL,
		   "recv of 0 bytes with data queued returns 0 at once (%zd, %lld ms)",
		   n, (long long)took / 1000);
	n = recv(cfd, buf, sizeof(buf), MSG_DONTWAIT);
	smct_check(n == 3 && !memcmp(buf, "abc", 3),
		   "and consumes nothing (%zd)", n);
}

static void test_unconnected(void)
{
	int fd, lfd;
	uint16_t port;
	char c = 'x';

	smct_phase("I/O without a connection");
	fd = smct_socket(0);
	smct_check_errno(send(fd, &c, 1, MSG_NOSIGNAL), EPIPE,
			 "send on a socket that never connected");
	smct_check_errno(recv(fd, &c, 1, 0), ENOTCONN,
			 "recv on a socket that never connected");
	smct_check_errno(write(fd, &c, 1), EPIPE,
			 "write on a socket that never connected");
	close(fd);
	lfd = smct_listen(4, &port);
	smct_check_errno(send(lfd, &c, 1, MSG_NOSIGNAL), EPIPE,
			 "send on a listener");
	smct_check_errno(recv(lfd, &c, 1, 0), ENOTCONN, "recv on a listener");
	close(lfd);
}

int main(int argc, char **argv)
{
	int cfd, sfd;

	smct_init(argc, argv, "send_recv_flags", 60, NULL);
	if (smct_pair(&cfd, &sfd) == 0) {
		test_peek(cfd, sfd);
		test_dontwait(cfd, sfd);
		test_waitall(cfd, sfd);
		test_more(cfd, sfd);
		test_trunc(cfd, sfd);
		test_zero_length(cfd, sfd);
		close(cfd);
		close(sfd);
	}
	test_waitall_eof();
	test_unconnected();
	return smct_finish();
}
