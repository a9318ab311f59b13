// SPDX-License-Identifier: GPL-2.0
/*
 * connect() again after an SMC-R attempt that failed once the connection
 * was set up: a raw CLC peer (clc_peer.h) answers the AF_SMC client's
 * proposal with an ACCEPT, so the client creates its link group,
 * connection and buffers, and then resets the TCP connection.  As with
 * Linux's SMC, the attempt ends in an error, and a second connect() on the
 * same socket reports the failure (ECONNABORTED) instead of starting a new
 * attempt over the old connection's state.  The kernel log must stay clean.
 *
 * AF_SMC only, needs RDMA devices (the client proposes SMC-R only then)
 * and tb_synsmc.ko; selftests/guest/suite_smcr.sh (part api) runs it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clc_peer.h"
#include "smctest.h"

/* an ACCEPT the client takes: first contact, SMC-R in the proposal's
 * version, the fake server's RoCE v2 GID carrying its IPv4 address
 */
static void build_accept(const struct smc_clc_proposal_info *prop,
			 struct smc_clc_accept_info *acc, in_addr_t srv)
{
	memset(acc, 0, sizeof(*acc));
	acc->type = SMC_CLC_ACCEPT;
	acc->typev1 = SMC_TYPE_R;
	acc->first_contact = true;
	memcpy(acc->lcl.id_for_peer, "\x01\x02\x03\x04\x05\x06\x07\x08",
	       SMC_CLC_SYSTEMID_LEN);
	acc->lcl.gid[10] = 0xff;
	acc->lcl.gid[11] = 0xff;
	memcpy(acc->lcl.gid + 12, &srv, 4);
	memcpy(acc->lcl.mac, "\x02\x00\x00\x00\x00\x02", SMC_CLC_MAC_LEN);
	acc->qpn = 0x123;
	acc->rmb_rkey = 0x4567;
	acc->rmbe_idx = 1;
	acc->rmbe_alert_token = 7;
	acc->rmbe_size = 1;
	acc->qp_mtu = 3;
	acc->rmb_vaddr = 0x100000;
	acc->psn = 1;
	if (prop->version >= SMC_V2 && prop->typev2 == SMC_TYPE_R) {
		acc->version = SMC_V2;
		if (prop->eid_cnt)
			memcpy(acc->eid, prop->ueid[0], SMC_CLC_EID_LEN);
		acc->has_fce = true;
		acc->has_fce_v21 = true;
		acc->v2_direct = true;
		acc->release = SMC_RELEASE_0;
	} else {
		acc->version = SMC_V1;
	}
}

static void reconnect_after_reset(void)
{
	struct sockaddr_storage ss;
	struct smc_clc_accept_info acc;
	struct sockaddr_in *sin;
	struct clcp_msg *msg;
	struct linger lin = { .l_onoff = 1, .l_linger = 0 };
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	struct clcp_fake_server srv;
	int fake2, rc, err;
	socklen_t len;

	smct_phase("connect() again after an SMC-R attempt reset after ACCEPT");
	msg = calloc(1, sizeof(*msg));
	if (!msg)
		smct_bail("out of memory");
	rc = clcp_fake_server_proposal(&srv, msg);
	if (!smct_check(!rc, "the client proposes SMC to the fake server (%s, type %d)",
			rc ? strerror(-rc) : "ok", msg->type)) {
		free(msg);
		return;
	}
	smct_check(srv.connect_errno == EINPROGRESS,
		   "non-blocking connect starts (%s)",
		   srv.connect_errno ? smct_errno_name(srv.connect_errno) : "0");
	smct_server_sockaddr(&ss, &len, srv.port);
	sin = (struct sockaddr_in *)&ss;
	build_accept(&msg->u.proposal, &acc, sin->sin_addr.s_addr);
	rc = clcp_send_accept(srv.fake, &acc);
	smct_check(rc > 0, "the fake server sends a v%d ACCEPT (%d)",
		   acc.version, rc);
	/* let the client take it and set up its connection, then reset */
	smct_sleep_ms(smct_ms(200));
	setsockopt(srv.fake, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin));
	close(srv.fake);
	srv.fake = -1;

	rc = smct_poll1(srv.cfd, POLLOUT, smct_ms(20000));
	len = sizeof(err);
	err = 0;
	getsockopt(srv.cfd, SOL_SOCKET, SO_ERROR, &err, &len);
	smct_check(rc > 0 && err != 0,
		   "the attempt fails with an error (revents 0x%x, %s)", rc,
		   smct_errno_name(err));

	/* as Linux's SMC: not tried again, the failure is reported */
	rc = connect(srv.cfd, (struct sockaddr *)&ss, sizeof(struct sockaddr_in));
	err = errno;
	smct_check(rc < 0 && err == ECONNABORTED,
		   "a second connect() reports the failure: ECONNABORTED (%s)",
		   rc ? smct_errno_name(err) : "0");
	fake2 = clcp_accept(srv.lfd, smct_ms(500));
	smct_check(fake2 < 0,
		   "no new connection attempt reaches the server (%d)", fake2);
	if (fake2 >= 0)
		close(fake2);
	rc = connect(srv.cfd, (struct sockaddr *)&ss, sizeof(struct sockaddr_in));
	err = errno;
	smct_check(rc < 0 && err == ECONNABORTED,
		   "and so does a third (%s)", rc ? smct_errno_name(err) : "0");

	/* dissolving the connection first changes nothing (Linux refuses
	 * AF_UNSPEC on an SMC socket outright)
	 */
	connect(srv.cfd, &unspec, sizeof(unspec));
	rc = connect(srv.cfd, (struct sockaddr *)&ss, sizeof(struct sockaddr_in));
	err = errno;
	smct_check(rc < 0 && err == ECONNABORTED,
		   "nor after an AF_UNSPEC connect (%s)",
		   rc ? smct_errno_name(err) : "0");
	fake2 = clcp_accept(srv.lfd, smct_ms(500));
	smct_check(fake2 < 0,
		   "and no new connection attempt reaches the server (%d)",
		   fake2);
	if (fake2 >= 0)
		close(fake2);
	clcp_fake_server_close(&srv);
	free(msg);
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "clc_reconnect", 120, NULL);
	clcp_require_smcr_client();
	reconnect_after_reset();
	return smct_finish();
}
