// SPDX-License-Identifier: GPL-2.0
/*
 * The AF_SMC sock_diag dump as smcss and smc_chk need it: one request,
 * replies taken from the kernel only, decoded into a socket list.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include <linux/smc_ext.h>
#include <linux/smc_diag.h>

#include "smcss.h"

#define RECV_BUF_SIZE	(64 * 1024)
#define RECV_TIMEOUT_S	10

enum smcss_dec smcss_dump(const char *prog, uint8_t diag_ext,
			  struct smcss_list *list, int *err)
{
	struct {
		struct nlmsghdr nlh;
		struct smc_diag_req req;
	} msg;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = RECV_TIMEOUT_S };
	uint32_t seq = (uint32_t)time(NULL) ^ (uint32_t)getpid();
	enum smcss_dec dec = SMCSS_DEC_IO;
	void *buf;
	int fd;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0) {
		fprintf(stderr, "%s: cannot open a sock_diag netlink socket: %s\n",
			prog, strerror(errno));
		return SMCSS_DEC_IO;
	}
	/* a dump always ends, but never hang on a misbehaving kernel */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

	memset(&msg, 0, sizeof(msg));
	msg.nlh.nlmsg_len = sizeof(msg);
	msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	msg.nlh.nlmsg_seq = seq;
	msg.req.diag_family = AF_SMC;
	msg.req.diag_ext = diag_ext;

	if (sendto(fd, &msg, sizeof(msg), 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0) {
		fprintf(stderr, "%s: cannot send the sock_diag request: %s\n",
			prog, strerror(errno));
		close(fd);
		return SMCSS_DEC_IO;
	}

	buf = malloc(RECV_BUF_SIZE);
	if (!buf) {
		fprintf(stderr, "%s: out of memory\n", prog);
		close(fd);
		return SMCSS_DEC_NOMEM;
	}

	for (;;) {
		struct sockaddr_nl from;
		struct iovec iov = { .iov_base = buf, .iov_len = RECV_BUF_SIZE };
		struct msghdr mh = {
			.msg_name = &from,
			.msg_namelen = sizeof(from),
			.msg_iov = &iov,
			.msg_iovlen = 1,
		};
		ssize_t n;

		n = recvmsg(fd, &mh, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "%s: reading the sock_diag reply failed: %s\n",
				prog, strerror(errno));
			break;
		}
		if (mh.msg_flags & MSG_TRUNC) {
			fprintf(stderr, "%s: sock_diag reply larger than %d bytes\n",
				prog, RECV_BUF_SIZE);
			break;
		}
		/* only the kernel may answer */
		if (mh.msg_namelen < sizeof(from) || from.nl_pid != 0)
			continue;
		if (n == 0) {
			fprintf(stderr, "%s: empty sock_diag reply\n", prog);
			break;
		}

		dec = smcss_decode(buf, n, seq, list, err);
		if (dec == SMCSS_DEC_MORE)
			continue;
		if (dec == SMCSS_DEC_NOMEM)
			fprintf(stderr, "%s: out of memory\n", prog);
		else if (dec == SMCSS_DEC_MALFORMED)
			fprintf(stderr, "%s: malformed netlink message in the sock_diag reply\n",
				prog);
		break;
	}

	free(buf);
	close(fd);
	return dec;
}
