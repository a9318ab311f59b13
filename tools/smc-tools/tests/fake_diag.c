// SPDX-License-Identifier: GPL-2.0
/*
 * Test stand-in for the kernel's sock_diag, preloaded into smcss.
 *
 * The NETLINK_SOCK_DIAG socket becomes one end of an AF_UNIX datagram pair;
 * the request smcss sends is checked and logged, and the replies of the
 * scenario in FAKE_DIAG are queued on the other end.  recvmsg() reports
 * the kernel (netlink port 0) as sender, as a real netlink socket would.
 *
 * Scenarios: sample, split (one datagram per message), empty, enoent,
 * eperm, garbage, foreign (a reply from a non-kernel port first), huge
 * (a datagram larger than smcss' buffer).
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>

#include <linux/smc.h>
#include <linux/smc_diag.h>

#include "fake_nlbuf.h"

#define EXPORT __attribute__((visibility("default")))

static int diag_fd = -1;
static int kernel_fd = -1;
/* set while the next datagram should look like it came from a user port */
static int foreign_next;

static void sock(struct buf *b, uint32_t seq, uint8_t state, uint8_t mode,
		 const char *src, uint16_t sport, const char *dst,
		 uint16_t dport, uint64_t inode)
{
	struct smc_diag_msg m;

	memset(&m, 0, sizeof(m));
	m.diag_family = AF_INET;
	m.diag_state = state;
	m.diag_mode = mode;
	inet_pton(AF_INET, src, &m.id.idiag_src[0]);
	inet_pton(AF_INET, dst, &m.id.idiag_dst[0]);
	m.id.idiag_sport = htons(sport);
	m.id.idiag_dport = htons(dport);
	m.diag_inode = inode;
	begin(b, SOCK_DIAG_BY_FAMILY, seq);
	put(b, &m, sizeof(m));
}

static void done(struct buf *b, uint32_t seq, int err)
{
	begin(b, err > 0 ? NLMSG_DONE : NLMSG_ERROR, seq);
	if (err > 0) {
		int zero = 0;

		put(b, &zero, sizeof(zero));
	} else {
		struct nlmsgerr e = { .error = err };

		put(b, &e, sizeof(e));
	}
	end(b);
}

static void send_buf(struct buf *b)
{
	if (send(kernel_fd, b->b, b->len, 0) < 0)
		perror("fake-diag: send");
	b->len = 0;
}

static void reply(uint32_t seq, uint8_t ext)
{
	static struct buf b;
	const char *sc = getenv("FAKE_DIAG");
	struct smc_diag_fallback fb = { 0x05000000, 0x03030008 };
	struct smc_diag_conninfo ci;
	uint8_t sh = 2;

	if (!sc)
		sc = "sample";
	b.len = 0;

	if (!strcmp(sc, "enoent") || !strcmp(sc, "eperm")) {
		done(&b, seq, !strcmp(sc, "enoent") ? -ENOENT : -EPERM);
		send_buf(&b);
		return;
	}
	if (!strcmp(sc, "garbage")) {
		put(&b, "\x40\0\0\0\x14\0\0\0", 8);
		send_buf(&b);
		return;
	}
	if (!strcmp(sc, "huge")) {
		b.len = sizeof(b.b);
		memset(b.b, 0, b.len);
		send_buf(&b);
		return;
	}
	if (!strcmp(sc, "empty")) {
		done(&b, seq, 1);
		send_buf(&b);
		return;
	}
	if (!strcmp(sc, "foreign")) {
		/* nonsense that smcss must not believe: not from the kernel */
		done(&b, seq, -EPERM);
		foreign_next = 1;
		send_buf(&b);
	}

	sock(&b, seq, 1, SMC_DIAG_MODE_FALLBACK_TCP, "192.168.99.21", 60188,
	     "192.168.99.22", 8090, 156721);
	attr(&b, SMC_DIAG_SHUTDOWN, &sh, 1);
	attr(&b, SMC_DIAG_FALLBACK, &fb, sizeof(fb));
	end(&b);
	if (!strcmp(sc, "split"))
		send_buf(&b);
	sock(&b, seq, 10, SMC_DIAG_MODE_SMCR, "0.0.0.0", 8090, "0.0.0.0", 0,
	     11);
	end(&b);
	if (!strcmp(sc, "split"))
		send_buf(&b);
	sock(&b, seq, 1, SMC_DIAG_MODE_SMCR, "172.16.4.189", 44780,
	     "172.16.4.190", 1811, 1202539);
	if (ext & (1 << (SMC_DIAG_CONNINFO - 1))) {
		memset(&ci, 0, sizeof(ci));
		ci.token = 0x1234;
		ci.tx_prep.count = 5;
		attr(&b, SMC_DIAG_CONNINFO, &ci, sizeof(ci));
	}
	end(&b);
	send_buf(&b);
	done(&b, seq, 1);
	send_buf(&b);
}

EXPORT int socket(int domain, int type, int protocol)
{
	int (*next)(int, int, int) =
		(int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
	int sv[2];

	if (domain != AF_NETLINK || protocol != NETLINK_SOCK_DIAG)
		return next(domain, type, protocol);
	if (socketpair(AF_UNIX, SOCK_DGRAM | (type & SOCK_CLOEXEC), 0, sv))
		return -1;
	/* room for the "huge" datagram */
	setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &(int){ 1 << 20 }, sizeof(int));
	setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &(int){ 1 << 20 }, sizeof(int));
	diag_fd = sv[0];
	kernel_fd = sv[1];
	return diag_fd;
}

EXPORT ssize_t sendto(int fd, const void *buf, size_t len, int flags,
		      const struct sockaddr *to, socklen_t tolen)
{
	ssize_t (*next)(int, const void *, size_t, int,
			const struct sockaddr *, socklen_t) =
		(ssize_t (*)(int, const void *, size_t, int,
			     const struct sockaddr *, socklen_t))
		dlsym(RTLD_NEXT, "sendto");
	struct nlmsghdr h;
	struct smc_diag_req r;

	if (fd != diag_fd)
		return next(fd, buf, len, flags, to, tolen);

	if (len != NLMSG_LENGTH(sizeof(r))) {
		fprintf(stderr, "fake-diag: request of %zu bytes\n", len);
		errno = EINVAL;
		return -1;
	}
	memcpy(&h, buf, sizeof(h));
	memcpy(&r, (const char *)buf + NLMSG_HDRLEN, sizeof(r));
	fprintf(stderr,
		"fake-diag: request len=%u type=%u flags=0x%x family=%u ext=0x%x to=%s\n",
		h.nlmsg_len, h.nlmsg_type, h.nlmsg_flags, r.diag_family,
		r.diag_ext,
		to && to->sa_family == AF_NETLINK &&
		((const struct sockaddr_nl *)to)->nl_pid == 0 ?
		"kernel" : "other");
	reply(h.nlmsg_seq, r.diag_ext);
	return len;
}

EXPORT ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	ssize_t (*next)(int, struct msghdr *, int) =
		(ssize_t (*)(int, struct msghdr *, int))
		dlsym(RTLD_NEXT, "recvmsg");
	socklen_t room = msg->msg_namelen;
	ssize_t n = next(fd, msg, flags);

	if (fd == diag_fd && n >= 0 && msg->msg_name &&
	    room >= sizeof(struct sockaddr_nl)) {
		struct sockaddr_nl nl = { .nl_family = AF_NETLINK };

		if (foreign_next) {
			nl.nl_pid = 4242;
			foreign_next = 0;
		}
		memcpy(msg->msg_name, &nl, sizeof(nl));
		msg->msg_namelen = sizeof(nl);
	}
	return n;
}
