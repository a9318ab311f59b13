// SPDX-License-Identifier: GPL-2.0
/*
 * Test stand-in for a kernel with AF_SMC and its sock_diag, preloaded into
 * smc_chk so that client and server can talk on a host without SMC.
 *
 * AF_SMC sockets become TCP sockets (SMCPROTO_SMC6: IPv6), and so do the
 * connections accepted on them.  The NETLINK_SOCK_DIAG socket becomes one
 * end of an AF_UNIX datagram pair: a dump request is answered with a
 * decoy socket and every open AF_SMC socket under its real inode, in the
 * mode FAKE_CHK_MODE gives:
 *
 *   smcr               SMC-R with a link on device "fakerxe" port 1
 *   fb:REASON:PEER     TCP fallback with these codes (hex)
 *
 * FAKE_CHK_DIAG=enoent answers the dump with ENOENT (no smc_diag);
 * FAKE_CHK_ERRNO=N fails AF_SMC socket() with errno N.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>

#include <linux/smc_ext.h>
#include <linux/smc_diag.h>

#include "fake_nlbuf.h"

#define EXPORT __attribute__((visibility("default")))
#define MAX_FD 1024

static bool smc_fd[MAX_FD];
static int diag_fd = -1;
static int kernel_fd = -1;

static void one_sock(struct buf *b, uint32_t seq, uint64_t inode)
{
	const char *mode = getenv("FAKE_CHK_MODE");
	struct smc_diag_fallback fb = { 0 };
	struct smc_diag_lgrinfo li;
	struct smc_diag_msg m;
	uint8_t shut = 0;

	memset(&m, 0, sizeof(m));
	m.diag_family = AF_INET;
	m.diag_state = 1;	/* SMC_ACTIVE */
	m.diag_inode = inode;
	if (mode && !strncmp(mode, "fb:", 3)) {
		m.diag_mode = SMC_DIAG_MODE_FALLBACK_TCP;
		fb.reason = strtoul(mode + 3, NULL, 16);
		mode = strchr(mode + 3, ':');
		if (mode)
			fb.peer_diagnosis = strtoul(mode + 1, NULL, 16);
	} else {
		m.diag_mode = SMC_DIAG_MODE_SMCR;
	}
	begin(b, SOCK_DIAG_BY_FAMILY, seq);
	put(b, &m, sizeof(m));
	attr(b, SMC_DIAG_SHUTDOWN, &shut, 1);
	attr(b, SMC_DIAG_FALLBACK, &fb, sizeof(fb));
	if (m.diag_mode == SMC_DIAG_MODE_SMCR) {
		memset(&li, 0, sizeof(li));
		strcpy((char *)li.lnk[0].ibname, "fakerxe");
		li.lnk[0].ibport = 1;
		strcpy((char *)li.lnk[0].gid, "fe80:0000:0000:0000:0000:0000:0000:0001");
		strcpy((char *)li.lnk[0].peer_gid, "fe80:0000:0000:0000:0000:0000:0000:0002");
		attr(b, SMC_DIAG_LGRINFO, &li, sizeof(li));
	}
	end(b);
}

static void answer(const struct nlmsghdr *req)
{
	const char *sc = getenv("FAKE_CHK_DIAG");
	struct buf *b = calloc(1, sizeof(*b));
	struct stat st;
	int fd;

	if (!b)
		abort();
	if (sc && !strcmp(sc, "enoent")) {
		struct nlmsgerr e = { .error = -ENOENT, .msg = *req };

		begin(b, NLMSG_ERROR, req->nlmsg_seq);
		put(b, &e, sizeof(e));
		end(b);
	} else {
		/* a socket of someone else first */
		one_sock(b, req->nlmsg_seq, 4242424242u);
		for (fd = 0; fd < MAX_FD; fd++)
			if (smc_fd[fd] && !fstat(fd, &st))
				one_sock(b, req->nlmsg_seq, st.st_ino);
		begin(b, NLMSG_DONE, req->nlmsg_seq);
		put(b, &(int){ 0 }, sizeof(int));
		end(b);
	}
	if (send(kernel_fd, b->b, b->len, 0) < 0)
		abort();
	free(b);
}

static int fake_socket(const char *name, int domain, int type, int protocol)
{
	int (*next)(int, int, int);
	int fd, sv[2];

	next = (int (*)(int, int, int))dlsym(RTLD_NEXT, name);
	if (domain == AF_NETLINK && protocol == NETLINK_SOCK_DIAG) {
		if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv))
			return -1;
		diag_fd = sv[0];
		kernel_fd = sv[1];
		return diag_fd;
	}
	if (domain != AF_SMC)
		return next(domain, type, protocol);
	if (getenv("FAKE_CHK_ERRNO")) {
		errno = atoi(getenv("FAKE_CHK_ERRNO"));
		return -1;
	}
	fd = next(protocol == SMCPROTO_SMC6 ? AF_INET6 : AF_INET, type, 0);
	if (fd >= 0 && fd < MAX_FD)
		smc_fd[fd] = true;
	return fd;
}

EXPORT int socket(int domain, int type, int protocol)
{
	return fake_socket("socket", domain, type, protocol);
}

EXPORT int __socket(int domain, int type, int protocol)
{
	return fake_socket("__socket", domain, type, protocol);
}

EXPORT int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	int (*next)(int, struct sockaddr *, socklen_t *, int);
	int nfd;

	next = (int (*)(int, struct sockaddr *, socklen_t *, int))
		dlsym(RTLD_NEXT, "accept4");
	nfd = next(fd, addr, len, flags);
	if (nfd >= 0 && nfd < MAX_FD && fd >= 0 && fd < MAX_FD && smc_fd[fd])
		smc_fd[nfd] = true;
	return nfd;
}

EXPORT int close(int fd)
{
	int (*next)(int) = (int (*)(int))dlsym(RTLD_NEXT, "close");

	if (fd >= 0 && fd < MAX_FD)
		smc_fd[fd] = false;
	if (fd == diag_fd) {
		next(kernel_fd);
		diag_fd = -1;
		kernel_fd = -1;
	}
	return next(fd);
}

EXPORT ssize_t sendto(int fd, const void *buf, size_t len, int flags,
		      const struct sockaddr *to, socklen_t tolen)
{
	ssize_t (*next)(int, const void *, size_t, int,
			const struct sockaddr *, socklen_t);
	struct {
		struct nlmsghdr nlh;
		struct smc_diag_req req;
	} r;

	next = (ssize_t (*)(int, const void *, size_t, int,
			    const struct sockaddr *, socklen_t))
		dlsym(RTLD_NEXT, "sendto");
	if (fd != diag_fd || fd < 0)
		return next(fd, buf, len, flags, to, tolen);
	if (len != sizeof(r))
		abort();
	memcpy(&r, buf, sizeof(r));
	fprintf(stderr, "fake-chk: request family=%u ext=0x%x flags=0x%x\n",
		r.req.diag_family, r.req.diag_ext, r.nlh.nlmsg_flags);
	answer(&r.nlh);
	return len;
}

/* smcss_dump() reads with recvmsg(): the sender is the kernel, port 0 */
EXPORT ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	ssize_t (*next)(int, struct msghdr *, int) =
		(ssize_t (*)(int, struct msghdr *, int))
		dlsym(RTLD_NEXT, "recvmsg");
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	socklen_t room = msg->msg_namelen;
	ssize_t n = next(fd, msg, flags);

	if (fd == diag_fd && fd >= 0 && n >= 0 && msg->msg_name &&
	    room >= sizeof(k)) {
		memcpy(msg->msg_name, &k, sizeof(k));
		msg->msg_namelen = sizeof(k);
	}
	return n;
}
