// SPDX-License-Identifier: GPL-2.0
/*
 * A CLC DECLINE with the "out of sync" flag ends the link group it names.
 *
 * An SMC-R connection between our client and our server makes a link
 * group.  A raw CLC peer (clc_peer.h) then learns the client's proposal
 * (a second AF_SMC client proposes to it, and is declined) and replays it
 * to the server, which takes it for a further connection of the same peer
 * and puts it into that link group: its ACCEPT says "no first contact".
 * The raw peer declines with the out-of-sync flag, as a client does that
 * has no such link group.  Like Linux's module, the server must then end
 * the link group, and with it the first connection, whose abort reaches
 * the client over the link; before, the link group stayed and the
 * connection went on.  The kernel log must stay clean.
 *
 * AF_SMC only, needs the two RDMA devices of suite_smcr.sh, a UEID (the
 * proposals are SMC-Rv2) and tb_synsmc.ko; suite_smcr.sh (part api) runs
 * it.
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

/* The proposal an AF_SMC client from the client address sends; the client
 * is declined and falls back to TCP.  0 or -errno.
 */
static int learn_proposal(struct clcp_msg *msg)
{
	struct smc_clc_decline_info dcl;
	struct clcp_fake_server srv;
	int rc;

	rc = clcp_fake_server_proposal(&srv, msg);
	if (rc)
		return rc;
	clcp_decline_info(&dcl, msg->version, 0x03030000);
	clcp_send_decline(srv.fake, &dcl);
	smct_poll1(srv.cfd, POLLOUT, smct_ms(5000));
	clcp_fake_server_close(&srv);
	return 0;
}

/* A TCP connection with the SMC option from the client address. */
static int raw_connect(uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, rc;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	rc = clcp_synsmc_set(fd);
	if (!rc && smct_bind_client(fd))
		rc = -errno;
	smct_server_sockaddr(&ss, &len, port);
	if (!rc && connect(fd, (struct sockaddr *)&ss, len))
		rc = -errno;
	if (rc) {
		close(fd);
		return rc;
	}
	return fd;
}

static void out_of_sync_ends_lgr(void)
{
	struct smc_clc_decline_info dcl;
	int lfd, cfd = -1, sfd = -1, raw = -1, rc, err;
	struct clcp_msg *msg;
	char byte;
	uint16_t port;
	socklen_t len;

	smct_phase("a DECLINE out of sync ends the server's link group");
	msg = calloc(1, sizeof(*msg));
	if (!msg)
		smct_bail("out of memory");
	lfd = smct_listen(8, &port);
	if (lfd < 0)
		smct_bail("listen: %s", strerror(errno));
	cfd = smct_connect(port);
	sfd = cfd < 0 ? -1 : smct_accept(lfd, 0, smct_ms(10000));
	if (!smct_check(cfd >= 0 && sfd >= 0, "an SMC-R connection") ||
	    !smct_check_mode_spec(cfd, "client", "SMCR") ||
	    !smct_exchange(cfd, sfd, "before"))
		goto out;

	rc = learn_proposal(msg);
	if (!smct_check(!rc, "a second client's proposal learnt (%s)",
			rc ? strerror(-rc) : "ok"))
		goto out;
	smct_check(msg->version >= SMC_V2,
		   "it proposes SMC-Rv2 (version %d)", msg->version);

	raw = raw_connect(port);
	if (!smct_check(raw >= 0, "the raw peer connects to the server (%s)",
			raw < 0 ? strerror(-raw) : "ok"))
		goto out;
	rc = clcp_send_raw(raw, msg->raw, msg->len);
	smct_check(!rc, "and replays the proposal (%zu bytes)", msg->len);
	rc = clcp_recv_msg(raw, smct_ms(5000), msg);
	if (!smct_check(!rc && msg->type == SMC_CLC_ACCEPT && !msg->decode_rc,
			"the server accepts (%s, type %d)",
			rc ? strerror(-rc) : "ok", msg->type) ||
	    !smct_check(!msg->u.accept.first_contact,
			"in the existing link group: no first contact"))
		goto out;
	clcp_decline_info(&dcl, msg->version, 0x04000000);
	dcl.sync_err = true;
	rc = clcp_send_decline(raw, &dcl);
	smct_check(rc > 0, "the raw peer declines, out of sync (%d)", rc);

	/* the link group ends, and the first connection with it */
	rc = smct_poll1(sfd, POLLIN, smct_ms(10000));
	err = 0;
	len = sizeof(err);
	getsockopt(sfd, SOL_SOCKET, SO_ERROR, &err, &len);
	smct_check(rc > 0 && (err || (rc & (POLLERR | POLLHUP)) ||
			      read(sfd, &byte, 1) <= 0),
		   "the first connection ends (revents 0x%x, %s)", rc > 0 ? rc : 0,
		   smct_errno_name(err));
	/* as from Linux's module: over the link, which still works, the
	 * client learns of the abort
	 */
	rc = smct_poll1(cfd, POLLIN, smct_ms(10000));
	err = 0;
	len = sizeof(err);
	getsockopt(cfd, SOL_SOCKET, SO_ERROR, &err, &len);
	smct_check(rc > 0 && (err || (rc & (POLLERR | POLLHUP)) ||
			      read(cfd, &byte, 1) <= 0),
		   "so does the client's end (revents 0x%x, %s)",
		   rc > 0 ? rc : 0, smct_errno_name(err));

	/* the declined connection itself goes on over TCP */
	byte = 'x';
	rc = clcp_send_raw(raw, &byte, 1);
	rc = rc ? -1 : smct_accept(lfd, 0, smct_ms(5000));
	smct_check(rc >= 0 && smct_check_mode_spec(rc, "server", "TCP") &&
		   read(rc, &byte, 1) == 1 && byte == 'x',
		   "the declined connection falls back to TCP");
	if (rc >= 0)
		close(rc);
out:
	if (raw >= 0)
		close(raw);
	if (sfd >= 0)
		close(sfd);
	if (cfd >= 0)
		close(cfd);
	close(lfd);
	free(msg);
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "clc_out_of_sync", 120, NULL);
	clcp_require_smcr_client();
	out_of_sync_ends_lgr();
	return smct_finish();
}
