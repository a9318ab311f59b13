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
	struct clcp_fake_server srv;
	struct clcp_msg *msg;
	int rc, err;
	char buf[64];
	socklen_t len;
	double secs;

	smct_phase("a CLC answer after the client's wait fails the connect()");
	msg = calloc(1, sizeof(*msg));
	if (!msg)
		smct_bail("out of memory");
	rc = clcp_fake_server_proposal(&srv, msg);
	if (!smct_check(!rc, "the client proposes to the fake server (%s, type %d)",
			rc ? strerror(-rc) : "ok", msg->type)) {
		free(msg);
		return;
	}

	/* the connect() ends at the client's CLC wait, not later */
	rc = smct_poll1(srv.cfd, POLLOUT, smct_ms(CLC_WAIT_MS + 4000));
	secs = (smct_now_us() - srv.t0) / 1e6;
	err = 0;
	len = sizeof(err);
	getsockopt(srv.cfd, SOL_SOCKET, SO_ERROR, &err, &len);
	smct_check(rc > 0 && err == ETIMEDOUT,
		   "connect() fails with ETIMEDOUT after %.1f s (revents 0x%x, %s)",
		   secs, rc > 0 ? rc : 0, smct_errno_name(err));
	smct_check(secs > CLC_WAIT_MS / 1000.0 - 1 &&
		   secs < CLC_WAIT_MS / 1000.0 + 3,
		   "at the CLC wait of 6 s (%.1f s)", secs);

	/* the late answer: the proposal echoed is CLC enough, then data */
	rc = clcp_send_raw(srv.fake, msg->raw, msg->len);
	if (!rc)
		rc = clcp_send_raw(srv.fake, "x", 1);
	usleep(300 * 1000);
	rc = recv(srv.cfd, buf, sizeof(buf), MSG_DONTWAIT);
	smct_check(rc <= 0,
		   "the application never reads the late CLC message (%d bytes%s)",
		   rc, rc > 0 && !memcmp(buf, "\xe2\xd4\xc3\xd9", 4) ?
		   ", a CLC eyecatcher" : "");
	clcp_fake_server_close(&srv);
	free(msg);
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "clc_late_accept", 60, NULL);
	clcp_require_smcr_client();
	late_accept_fails_connect();
	return smct_finish();
}
