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
	int lfd, cfd = -1, fake = -1, fake2, rc, err;
	socklen_t len;
	uint16_t port;

	smct_phase("connect() again after an SMC-R attempt reset after ACCEPT");
	msg = calloc(1, sizeof(*msg));
	if (!msg)
		smct_bail("out of memory");
	smct_server_sockaddr(&ss, &len, 0);
	sin = (struct sockaddr_in *)&ss;
	lfd = clcp_listen((struct sockaddr *)&ss, len, true, 8, &port);
	if (lfd < 0)
		smct_bail("fake server listen: %s", strerror(-lfd));
	cfd = smct_socket(SOCK_NONBLOCK);
	if (cfd < 0 || smct_bind_client(cfd))
		smct_bail("AF_SMC socket: %s", strerror(errno));
	smct_server_sockaddr(&ss, &len, port);
	rc = connect(cfd, (struct sockaddr *)&ss, len);
	smct_check(rc < 0 && errno == EINPROGRESS,
		   "non-blocking connect starts (%s)",
		   rc ? smct_errno_name(errno) : "0");
	fake = clcp_accept(lfd, smct_ms(3000));
	if (fake < 0) {
		smct_fail("fake server accept: %s", strerror(-fake));
		goto out;
	}
	rc = clcp_recv_msg(fake, smct_ms(3000), msg);
	if (!smct_check(!rc && msg->type == SMC_CLC_PROPOSAL && !msg->decode_rc,
			"the client proposes SMC (%s, type %d)",
			rc ? strerror(-rc) : "ok", msg->type))
		goto out;
	build_accept(&msg->u.proposal, &acc, sin->sin_addr.s_addr);
	rc = clcp_send_accept(fake, &acc);
	smct_check(rc > 0, "the fake server sends a v%d ACCEPT (%d)",
		   acc.version, rc);
	/* let the client take it and set up its connection, then reset */
	smct_sleep_ms(smct_ms(200));
	setsockopt(fake, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin));
	close(fake);
	fake = -1;

	rc = smct_poll1(cfd, POLLOUT, smct_ms(20000));
	len = sizeof(err);
	err = 0;
	getsockopt(cfd, SOL_SOCKET, SO_ERROR, &err, &len);
	smct_check(rc > 0 && err != 0,
		   "the attempt fails with an error (revents 0x%x, %s)", rc,
		   smct_errno_name(err));

	/* as Linux's SMC: not tried again, the failure is reported */
	rc = connect(cfd, (struct sockaddr *)&ss, sizeof(struct sockaddr_in));
	err = errno;
	smct_check(rc < 0 && err == ECONNABORTED,
		   "a second connect() reports the failure: ECONNABORTED (%s)",
		   rc ? smct_errno_name(err) : "0");
	fake2 = clcp_accept(lfd, smct_ms(500));
	smct_check(fake2 < 0,
		   "no new connection attempt reaches the server (%d)", fake2);
	if (fake2 >= 0)
		close(fake2);
	rc = connect(cfd, (struct sockaddr *)&ss, sizeof(struct sockaddr_in));
	err = errno;
	smct_check(rc < 0 && err == ECONNABORTED,
		   "and so does a third (%s)", rc ? smct_errno_name(err) : "0");

	/* dissolving the connection first changes nothing (Linux refuses
	 * AF_UNSPEC on an SMC socket outright)
	 */
	connect(cfd, &unspec, sizeof(unspec));
	rc = connect(cfd, (struct sockaddr *)&ss, sizeof(struct sockaddr_in));
	err = errno;
	smct_check(rc < 0 && err == ECONNABORTED,
		   "nor after an AF_UNSPEC connect (%s)",
		   rc ? smct_errno_name(err) : "0");
	fake2 = clcp_accept(lfd, smct_ms(500));
	smct_check(fake2 < 0,
		   "and no new connection attempt reaches the server (%d)",
		   fake2);
	if (fake2 >= 0)
		close(fake2);
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
	smct_init(argc, argv, "clc_reconnect", 120, NULL);
	if (smct.kind != SMCT_KIND_SMC)
		smct_skip_all("an SMC-R handshake exists only for AF_SMC sockets (run with -f smc)");
	if (smct.ipv6)
		smct_skip_all("IPv4 only: the fake server's GID carries its IPv4 address");
	clcp_require_synsmc();
	if (!smct_have_rdma_devices())
		smct_skip_all("no RDMA device: the client would not propose SMC-R");
	reconnect_after_reset();
	return smct_finish();
}
