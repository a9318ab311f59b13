// SPDX-License-Identifier: GPL-2.0
/*
 * Scatter/gather I/O: readv/writev, sendmsg/recvmsg and sendmmsg, with the
 * byte stream checked across every iovec boundary.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "smctest.h"

static void test_small(int cfd, int sfd)
{
	struct iovec out[3] = {
		{ "abc", 3 }, { "", 0 }, { "defgh", 5 },
	};
	char a[2], b[3], c[3];
	struct iovec in[3] = { { a, 2 }, { b, 3 }, { c, 3 } };
	ssize_t n;

	smct_phase("small writev/readv");
	n = writev(cfd, out, 3);
	smct_check(n == 8, "writev of 3 iovecs, one empty (%zd)", n);
	smct_wait_queued(sfd, 8, smct_ms(3000));
	n = readv(sfd, in, 3);
	smct_check(n == 8 && !memcmp(a, "ab", 2) && !memcmp(b, "cde", 3) &&
		   !memcmp(c, "fgh", 3),
		   "readv splits the stream over differently sized iovecs (%zd)",
		   n);
	n = readv(sfd, in, 0);
	smct_check(n == 0, "readv with no iovecs returns 0 (%zd)", n);
}

/* a pattern stream written through iovecs of sizes 1, 2, ... count */
static size_t fill_iovecs(struct iovec *iov, int count, char *buf,
			  uint32_t seed)
{
	size_t total = 0;
	int i;

	for (i = 0; i < count; i++) {
		iov[i].iov_base = buf + total;
		iov[i].iov_len = i + 1;
		total += i + 1;
	}
	smct_pattern_fill(buf, total, seed, 0);
	return total;
}

static void test_many_iovecs(int cfd, int sfd)
{
	struct iovec out[64], in[17];
	char src[64 * 65 / 2], dst[17 * 128];
	struct msghdr msg = { .msg_iov = in, .msg_iovlen = 17 };
	struct msghdr smsg = { .msg_iov = out, .msg_iovlen = 64 };
	size_t total, got = 0;
	ssize_t n;
	int i;

	smct_phase("sendmsg/recvmsg with many iovecs");
	total = fill_iovecs(out, 64, src, 21);
	for (i = 0; i < 17; i++) {
		in[i].iov_base = dst + i * 128;
		in[i].iov_len = 128;
	}
	n = sendmsg(cfd, &smsg, MSG_NOSIGNAL);
	smct_check(n == (ssize_t)total, "sendmsg of 64 iovecs (%zd of %zu)", n,
		   total);
	while (got < total) {
		size_t skip = got;

		/* point the iovecs at what is still missing */
		for (i = 0; i < 17; i++) {
			size_t start = i * 128, end = start + 128;

			if (skip >= end) {
				in[i].iov_len = 0;
				continue;
			}
			in[i].iov_base = dst + (skip > start ? skip : start);
			in[i].iov_len = end - (skip > start ? skip : start);
		}
		msg.msg_flags = -1;
		msg.msg_namelen = 0;
		n = recvmsg(sfd, &msg, 0);
		if (n <= 0)
			break;
		got += n;
	}
	smct_check(got == total && smct_pattern_check(dst, total, 21, 0) < 0,
		   "recvmsg into 17 iovecs reassembles the stream (%zu bytes)",
		   got);
	smct_check(msg.msg_flags == 0, "recvmsg reports no flags (0x%x)",
		   msg.msg_flags);
}

static void test_msghdr_fields(int cfd, int sfd)
{
	struct sockaddr_storage name, bogus;
	char buf[32], control[64];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg = {
		.msg_name = &name, .msg_namelen = sizeof(name),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control, .msg_controllen = sizeof(control),
	};
	struct iovec siov = { "address", 7 };
	struct msghdr smsg = { .msg_iov = &siov, .msg_iovlen = 1 };
	socklen_t len;
	ssize_t n;

	smct_phase("msghdr fields");
	/* a destination on a connected stream socket is not looked at */
	smct_server_sockaddr(&bogus, &len, 9);
	smsg.msg_name = &bogus;
	smsg.msg_namelen = len;
	n = sendmsg(cfd, &smsg, MSG_NOSIGNAL);
	smct_check(n == 7, "sendmsg with a destination address on a connected socket (%zd)",
		   n);
	smct_wait_queued(sfd, 7, smct_ms(3000));
	n = recvmsg(sfd, &msg, MSG_PEEK);
	smct_check(n > 0 && !memcmp(buf, "address", n),
		   "recvmsg(MSG_PEEK) (%zd)", n);
	iov.iov_len = 7;
	msg.msg_namelen = sizeof(name);
	msg.msg_controllen = sizeof(control);
	n = recvmsg(sfd, &msg, MSG_WAITALL);
	smct_check(n >= 7 && !memcmp(buf, "address", 7),
		   "recvmsg returns the data (%zd)", n);
	smct_check(msg.msg_namelen == 0,
		   "recvmsg on a stream socket leaves msg_namelen 0 (%u)",
		   msg.msg_namelen);
	smct_check(msg.msg_controllen == 0,
		   "recvmsg returns no control data (%zu)",
		   (size_t)msg.msg_controllen);
}

static void test_sendmmsg(int cfd, int sfd)
{
	struct iovec iov[3] = { { "one", 3 }, { "two", 3 }, { "three", 5 } };
	struct mmsghdr msgs[3];
	char buf[16];
	int i, n;
	ssize_t got;

	smct_phase("sendmmsg");
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < 3; i++) {
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	n = sendmmsg(cfd, msgs, 3, MSG_NOSIGNAL);
	smct_check(n == 3 && msgs[0].msg_len == 3 && msgs[2].msg_len == 5,
		   "sendmmsg of 3 messages (%d)", n);
	got = smct_read_full(sfd, buf, 11);
	smct_check(got == 11 && !memcmp(buf, "onetwothree", 11),
		   "they arrive as one stream (%zd)", got);
}

struct bulk_reader {
	int fd;
	size_t want;
	char *buf;
	ssize_t got;
};

static void *read_bulk(void *arg)
{
	struct bulk_reader *r = arg;

	r->got = smct_read_full(r->fd, r->buf, r->want);
	return NULL;
}

static void test_iov_max(int cfd, int sfd)
{
	struct iovec *iov = calloc(IOV_MAX + 1, sizeof(*iov));
	size_t chunk = 1024, total = (size_t)IOV_MAX * chunk, done = 0;
	char *src = malloc(total), *dst = malloc(total);
	struct bulk_reader r = { .fd = sfd, .want = total, .buf = dst };
	pthread_t thread;
	ssize_t n;
	int i, first = 0;

	smct_phase("writev with IOV_MAX iovecs");
	if (!iov || !src || !dst) {
		smct_fail("out of memory");
		goto out;
	}
	smct_pattern_fill(src, total, 33, 0);
	for (i = 0; i <= IOV_MAX; i++) {
		iov[i].iov_base = src + (size_t)(i % IOV_MAX) * chunk;
		iov[i].iov_len = chunk;
	}
	smct_check_errno(writev(cfd, iov, IOV_MAX + 1), EINVAL,
			 "writev with IOV_MAX + 1 iovecs");
	pthread_create(&thread, NULL, read_bulk, &r);
	/* a blocking writev may still return short; continue where it ended */
	while (done < total) {
		n = writev(cfd, iov + first, IOV_MAX - first);
		if (n <= 0)
			break;
		done += n;
		while (first < IOV_MAX && (size_t)n >= iov[first].iov_len) {
			n -= iov[first].iov_len;
			first++;
		}
		if (first < IOV_MAX && n) {
			iov[first].iov_base = (char *)iov[first].iov_base + n;
			iov[first].iov_len -= n;
		}
	}
	pthread_join(thread, NULL);
	smct_check(done == total, "writev of %d x 1 KiB iovecs sent %zu bytes",
		   IOV_MAX, done);
	smct_check(r.got == (ssize_t)total &&
		   smct_pattern_check(dst, total, 33, 0) < 0,
		   "the peer received them intact (%zd)", r.got);
out:
	free(iov);
	free(src);
	free(dst);
}

int main(int argc, char **argv)
{
	int cfd, sfd;

	smct_init(argc, argv, "vector_io", 60, NULL);
	if (smct_pair(&cfd, &sfd))
		return smct_finish();
	test_small(cfd, sfd);
	test_many_iovecs(cfd, sfd);
	test_msghdr_fields(cfd, sfd);
	test_sendmmsg(cfd, sfd);
	test_iov_max(cfd, sfd);
	close(cfd);
	close(sfd);
	return smct_finish();
}
