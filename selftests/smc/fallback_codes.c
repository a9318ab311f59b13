// SPDX-License-Identifier: GPL-2.0
/*
 * Fallback reasons as sock_diag reports them, for AF_SMC sockets that end up
 * on TCP:
 *   AF_SMC client, plain TCP server      client "TCP 0x03010000"
 *   plain TCP client, AF_SMC server      server "TCP 0x03010000"
 *   AF_SMC on both ends, no RDMA or ISM  client "TCP 0x03030000",
 *                                        server "TCP 0x05000000/0x03030000"
 * over IPv4 and IPv6, and data flows in every case.  On a host with SMC
 * devices the last pair's expectations come from SMCTEST_EXPECT_CLIENT and
 * SMCTEST_EXPECT_SERVER instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

#define TRANSFER_SIZE (512 * 1024)

#define PEER_NO_SMC "TCP 0x03010000"
#define CLIENT_NO_DEVICE "TCP 0x03030000"
#define SERVER_PEER_DECLINED "TCP 0x05000000/0x03030000"

struct pattern_sender {
	int fd;
	uint32_t seed;
	ssize_t sent;
};

static void *send_pattern(void *arg)
{
	struct pattern_sender *s = arg;
	char *buf = malloc(TRANSFER_SIZE);

	if (!buf)
		return NULL;
	smct_pattern_fill(buf, TRANSFER_SIZE, s->seed, 0);
	s->sent = smct_write_all(s->fd, buf, TRANSFER_SIZE);
	free(buf);
	return NULL;
}

static bool one_way(int from, int to, uint32_t seed)
{
	struct pattern_sender s = { .fd = from, .seed = seed };
	char *buf = malloc(TRANSFER_SIZE);
	pthread_t thread;
	ssize_t n;
	bool ok;

	if (!buf)
		return false;
	pthread_create(&thread, NULL, send_pattern, &s);
	n = smct_read_full(to, buf, TRANSFER_SIZE);
	pthread_join(thread, NULL);
	ok = s.sent == TRANSFER_SIZE && n == TRANSFER_SIZE &&
	     smct_pattern_check(buf, TRANSFER_SIZE, seed, 0) < 0;
	free(buf);
	return ok;
}

/* the diag entry also names the right connection */
static void check_diag_identity(int fd, const char *who)
{
	struct smct_diag d;
	uint16_t peer_port;
	int rc;

	rc = smct_diag_lookup(fd, &d);
	if (rc < 0 || !d.found) {
		smct_fail("%s: sock_diag entry (%s)", who,
			  rc < 0 ? strerror(-rc) : "not found");
		return;
	}
	peer_port = smct_peer_port(fd);
	/* as Linux's smc_diag: the family is AF_SMC, the addresses tell v4/v6 */
	smct_check(d.family == AF_SMC, "%s: sock_diag family is AF_SMC (%u)",
		   who, d.family);
	smct_check(d.state == 1, "%s: sock_diag state is ACTIVE (%u %s)", who,
		   d.state, smct_smc_state_name(d.state));
	smct_check(d.sport == smct_local_port(fd) && d.dport == peer_port,
		   "%s: sock_diag ports are the connection's (%u -> %u)", who,
		   d.sport, d.dport);
}

static void check_pair(enum smct_kind client_kind, enum smct_kind server_kind,
		       const char *client_spec, const char *server_spec,
		       const char *label)
{
	char who[96];
	int cfd, sfd;

	smct_phase("%s", label);
	if (smct_pair_kinds(client_kind, server_kind, &cfd, &sfd))
		return;
	if (client_spec) {
		snprintf(who, sizeof(who), "%s: client", label);
		smct_check_mode_spec(cfd, who, client_spec);
		check_diag_identity(cfd, who);
	}
	if (server_spec) {
		snprintf(who, sizeof(who), "%s: server", label);
		smct_check_mode_spec(sfd, who, server_spec);
		check_diag_identity(sfd, who);
	}
	smct_check(one_way(cfd, sfd, 61) && one_way(sfd, cfd, 62),
		   "%s: %d bytes flow each way", label, TRANSFER_SIZE);
	close(cfd);
	close(sfd);
}

static void run_version(bool ipv6)
{
	const char *client = getenv("SMCTEST_EXPECT_CLIENT");
	const char *server = getenv("SMCTEST_EXPECT_SERVER");
	char label[64], why[160];

	if (!smct_use_ip_version(ipv6, why, sizeof(why))) {
		smct_skip(why, "IPv%d fallback codes", ipv6 ? 6 : 4);
		return;
	}
	snprintf(label, sizeof(label), "IPv%d AF_SMC client, TCP server",
		 ipv6 ? 6 : 4);
	check_pair(SMCT_KIND_SMC, SMCT_KIND_TCP, PEER_NO_SMC, NULL, label);
	snprintf(label, sizeof(label), "IPv%d TCP client, AF_SMC server",
		 ipv6 ? 6 : 4);
	check_pair(SMCT_KIND_TCP, SMCT_KIND_SMC, NULL, PEER_NO_SMC, label);

	snprintf(label, sizeof(label), "IPv%d AF_SMC client, AF_SMC server",
		 ipv6 ? 6 : 4);
	if ((client && *client) || (server && *server)) {
		check_pair(SMCT_KIND_SMC, SMCT_KIND_SMC,
			   client && *client ? client : NULL,
			   server && *server ? server : NULL, label);
	} else if (smct_have_rdma_devices()) {
		smct_skip("RDMA devices present; set SMCTEST_EXPECT_CLIENT/SERVER",
			  "%s", label);
	} else {
		check_pair(SMCT_KIND_SMC, SMCT_KIND_SMC, CLIENT_NO_DEVICE,
			   SERVER_PEER_DECLINED, label);
	}
}

int main(int argc, char **argv)
{
	bool both;

	smct_init(argc, argv, "fallback_codes", 60, NULL);
	if (smct.kind != SMCT_KIND_SMC)
		smct_skip_all("fallback codes exist only for AF_SMC sockets (run with -f smc)");
	/* with the default loopback addresses cover both IP versions */
	both = smct.loopback && !smct.ipv6;
	run_version(smct.ipv6);
	if (both)
		run_version(true);
	return smct_finish();
}
