// SPDX-License-Identifier: GPL-2.0
/*
 * A server that speaks CLC but answers the proposal too late.
 *
 * A raw CLC server (clc_peer.h) takes an AF_SMC client's SMC-R proposal,
 * stays silent beyond the client's CLC wait (6 s), then sends a CLC
 * message and a byte of data.  Had the client fallen back to TCP at its
 * timeout, the late message would reach the application as data: the
 * soak on the debug kernel saw applications read CLC eyecatchers that
 * way.  Like Linux's module, the client fails the connect() instead
 * (ETIMEDOUT), and the application never sees a byte of the late message.
 *
 * AF_SMC only, needs an RDMA device (the client must propose SMC-R) and
 * tb_synsmc.ko; suite_smcr.sh (part api) runs it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clc_peer.h"
#include "smctest.h"

#define CLC_WAIT_MS	6000

static void late_accept_fails_connect(void)
{
	struct sockaddr_storage ss;
	int lfd, cfd = -1, fake = -1, rc, err;
	struct clcp_msg *msg;
	char buf[64];
	socklen_t len;
	uint16_t port;
	int64_t t0;
	double secs;

	smct_phase("a CLC answer after the client's wait fails the connect()");
	msg = calloc(1, sizeof(*msg));
	if (!msg)
		smct_bail("out of memory");
	smct_server_sockaddr(&ss, &len, 0);
	lfd = clcp_listen((struct sockaddr *)&ss, len, true, 8, &port);
	if (lfd < 0)
		smct_bail("fake server listen: %s", strerror(-lfd));
	cfd = smct_socket(SOCK_NONBLOCK);
	if (cfd < 0 || smct_bind_client(cfd))
		smct_bail("client socket: %s", strerror(errno));
	smct_server_sockaddr(&ss, &len, port);
	t0 = smct_now_us();
	if (connect(cfd, (struct sockaddr *)&ss, len) && errno != EINPROGRESS)
		smct_bail("connect: %s", strerror(errno));
	fake = clcp_accept(lfd, smct_ms(3000));
	if (!smct_check(fake >= 0, "the fake server accepts (%s)",
			fake < 0 ? strerror(-fake) : "ok"))
		goto out;
	rc = clcp_recv_msg(fake, smct_ms(3000), msg);
	if (!smct_check(!rc && msg->type == SMC_CLC_PROPOSAL && !msg->decode_rc,
			"the client proposes (%s, type %d)",
			rc ? strerror(-rc) : "ok", msg->type))
		goto out;

	/* the connect() ends at the client's CLC wait, not later */
	rc = smct_poll1(cfd, POLLOUT, smct_ms(CLC_WAIT_MS + 4000));
	secs = (smct_now_us() - t0) / 1e6;
	err = 0;
	len = sizeof(err);
	getsockopt(cfd, SOL_SOCKET, SO_ERROR, &err, &len);
	smct_check(rc > 0 && err == ETIMEDOUT,
		   "connect() fails with ETIMEDOUT after %.1f s (revents 0x%x, %s)",
		   secs, rc > 0 ? rc : 0, smct_errno_name(err));
	smct_check(secs > CLC_WAIT_MS / 1000.0 - 1 &&
		   secs < CLC_WAIT_MS / 1000.0 + 3,
		   "at the CLC wait of 6 s (%.1f s)", secs);

	/* the late answer: the proposal echoed is CLC enough, then data */
	rc = clcp_send_raw(fake, msg->raw, msg->len);
	if (!rc)
		rc = clcp_send_raw(fake, "x", 1);
	usleep(300 * 1000);
	rc = recv(cfd, buf, sizeof(buf), MSG_DONTWAIT);
	smct_check(rc <= 0,
		   "the application never reads the late CLC message (%d bytes%s)",
		   rc, rc > 0 && !memcmp(buf, "\xe2\xd4\xc3\xd9", 4) ?
		   ", a CLC eyecatcher" : "");
out:
	if (fake >= 0)
		close(fake);
	if (cfd >= 0)
		close(cfd);
	close(lfd);
	free(msg);
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "clc_late_accept", 60, NULL);
	if (smct.kind != SMCT_KIND_SMC)
		smct_skip_all("CLC exists only for AF_SMC sockets (run with -f smc)");
	if (smct.ipv6)
		smct_skip_all("IPv4 only");
	clcp_require_synsmc();
	if (!smct_have_rdma_devices())
		smct_skip_all("no RDMA device: the client would not propose SMC-R");
	late_accept_fails_connect();
	return smct_finish();
}
