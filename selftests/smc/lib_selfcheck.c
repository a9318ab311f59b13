// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers other tests rely on: mode spec parsing and matching, the
 * stream hash, the data pattern and the sock_diag lookup.  Run first, so a
 * broken helper is not mistaken for a broken module.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/smc_diag.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

static void test_spec_parsing(void)
{
	static const struct {
		const char *spec;
		bool valid;
		int mode;
		bool any_reason;
		uint32_t reason, peer;
	} cases[] = {
		{ "SMCR", true, SMC_DIAG_MODE_SMCR, false, 0, 0 },
		{ "SMCD", true, SMC_DIAG_MODE_SMCD, false, 0, 0 },
		{ "smc", true, -1, false, 0, 0 },
		{ "TCP", true, SMC_DIAG_MODE_FALLBACK_TCP, true, 0, 0 },
		{ "TCP 0x03030000", true, SMC_DIAG_MODE_FALLBACK_TCP, false,
		  0x03030000, 0 },
		{ "TCP 0x05000000/0x03030000", true, SMC_DIAG_MODE_FALLBACK_TCP,
		  false, 0x05000000, 0x03030000 },
		{ " tcp 3060000 ", true, SMC_DIAG_MODE_FALLBACK_TCP, false,
		  0x03060000, 0 },
		{ "TCPX", false, 0, false, 0, 0 },
		{ "TCP 0xZZ", false, 0, false, 0, 0 },
		{ "TCP 0x1/", false, 0, false, 0, 0 },
		{ "TCP 0x1/0x2 junk", false, 0, false, 0, 0 },
		{ "TCP 0x100000000", false, 0, false, 0, 0 },
		{ "SMC-R", false, 0, false, 0, 0 },
		{ "", false, 0, false, 0, 0 },
	};
	struct smct_expect e;
	size_t i;
	bool ok;

	smct_phase("mode spec parsing");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ok = smct_parse_expect(cases[i].spec, &e);
		if (ok && cases[i].valid)
			ok = e.mode == cases[i].mode &&
			     e.any_reason == cases[i].any_reason &&
			     e.reason == cases[i].reason &&
			     e.peer_diagnosis == cases[i].peer;
		else
			ok = ok == cases[i].valid;
		smct_check(ok, "spec '%s' is %s", cases[i].spec,
			   cases[i].valid ? "parsed right" : "rejected");
	}
}

static void test_matching(void)
{
	struct smct_diag smcr = { .found = true, .mode = SMC_DIAG_MODE_SMCR };
	struct smct_diag fallback = {
		.found = true, .mode = SMC_DIAG_MODE_FALLBACK_TCP,
		.has_fallback = true, .reason = 0x05000000,
		.peer_diagnosis = 0x03030000,
	};
	struct smct_diag missing = { .found = false };
	struct smct_expect e;
	char why[128], text[64];

	smct_phase("mode matching");
	smct_parse_expect("SMCR", &e);
	smct_check(smct_expect_match(&e, &smcr, why, sizeof(why)),
		   "SMCR matches an SMC-R entry");
	smct_check(!smct_expect_match(&e, &fallback, why, sizeof(why)),
		   "SMCR does not match a fallback entry (%s)", why);
	smct_parse_expect("SMC", &e);
	smct_check(smct_expect_match(&e, &smcr, why, sizeof(why)),
		   "SMC matches an SMC-R entry");
	smct_parse_expect("TCP", &e);
	smct_check(smct_expect_match(&e, &fallback, why, sizeof(why)),
		   "TCP matches any fallback");
	smct_parse_expect("TCP 0x05000000/0x03030000", &e);
	smct_check(smct_expect_match(&e, &fallback, why, sizeof(why)),
		   "reason and peer diagnosis match");
	smct_parse_expect("TCP 0x05000000", &e);
	smct_check(!smct_expect_match(&e, &fallback, why, sizeof(why)),
		   "a spec without peer diagnosis wants it 0 (%s)", why);
	smct_parse_expect("TCP 0x03030000", &e);
	smct_check(!smct_expect_match(&e, &fallback, why, sizeof(why)),
		   "another reason does not match (%s)", why);
	smct_check(!smct_expect_match(&e, &missing, why, sizeof(why)),
		   "a missing entry never matches (%s)", why);
	smct_diag_mode_text(&fallback, text, sizeof(text));
	smct_check(!strcmp(text, "TCP 0x05000000/0x03030000"),
		   "a fallback entry prints as smcss does: %s", text);
	fallback.peer_diagnosis = 0;
	smct_diag_mode_text(&fallback, text, sizeof(text));
	smct_check(!strcmp(text, "TCP 0x05000000"),
		   "without peer diagnosis: %s", text);
}

static void test_hash_and_pattern(void)
{
	static char data[100003];
	struct smct_hash whole, pieces;
	struct smct_rng rng;
	size_t off, step;
	uint64_t h1, h2;

	smct_phase("hash and pattern");
	smct_rng_seed(&rng, 42);
	smct_rng_fill(&rng, data, sizeof(data));
	smct_hash_init(&whole);
	smct_hash_update(&whole, data, sizeof(data));
	h1 = smct_hash_final(&whole);
	smct_hash_init(&pieces);
	for (off = 0, step = 1; off < sizeof(data); off += step, step = step * 3 % 1001 + 1)
		smct_hash_update(&pieces, data + off,
				 step < sizeof(data) - off ? step : sizeof(data) - off);
	h2 = smct_hash_final(&pieces);
	smct_check(h1 == h2, "the hash does not depend on how the stream is split");
	data[77777] ^= 1;
	smct_hash_init(&whole);
	smct_hash_update(&whole, data, sizeof(data));
	smct_check(smct_hash_final(&whole) != h1, "one flipped bit changes the hash");
	smct_hash_init(&whole);
	smct_hash_update(&whole, data, sizeof(data) - 1);
	smct_check(smct_hash_final(&whole) != h1, "a missing byte changes the hash");

	smct_pattern_fill(data, sizeof(data), 7, 1000);
	smct_check(smct_pattern_check(data + 500, 1000, 7, 1500) < 0,
		   "the pattern depends on the position only");
	data[600] ^= 0x80;
	smct_check(smct_pattern_check(data, sizeof(data), 7, 1000) == 600,
		   "a corrupt byte is found at its offset");
}

static void test_diag(void)
{
	struct smct_diag d;
	int fd, lfd, cfd, sfd, rc;
	uint16_t port;

	smct_phase("sock_diag lookup");
	fd = smct_socket_kind(SMCT_KIND_TCP, 0);
	rc = smct_diag_lookup(fd, &d);
	smct_check((rc == 0 && !d.found) || rc == -ENOENT,
		   "an AF_SMC dump answers and has no plain TCP socket (%s)",
		   rc ? strerror(-rc) : "no entry");
	close(fd);
	if (smct.kind != SMCT_KIND_SMC) {
		smct_check(smct_check_mode(-1, "client"),
			   "the mode check does nothing for TCP sockets");
		smct_skip("AF_SMC only", "sock_diag lists AF_SMC sockets");
		return;
	}
	lfd = smct_listen(4, &port);
	rc = smct_diag_lookup(lfd, &d);
	smct_check(rc == 0 && d.found && d.state == 10,
		   "a listening AF_SMC socket is listed as LISTEN (%d, state %u)",
		   rc, d.state);
	if (smct_pair(&cfd, &sfd) == 0) {
		rc = smct_diag_lookup(cfd, &d);
		smct_check(rc == 0 && d.found && d.state == 1 &&
			   d.sport == smct_local_port(cfd),
			   "a connected AF_SMC socket is listed as ACTIVE with its port (%u %s, %u)",
			   d.state, smct_smc_state_name(d.state), d.sport);
		smct_check(d.inode != 0, "the entry carries the inode");
		close(cfd);
		close(sfd);
	}
	close(lfd);
}

static void test_ports(void)
{
	uint16_t port;
	int lfd, cfd, sfd, fd;

	smct_phase("local and peer ports");
	fd = smct_socket(0);
	smct_check(fd >= 0 && smct_peer_port(fd) == 0,
		   "an unconnected socket has no peer port");
	if (fd >= 0)
		close(fd);
	lfd = smct_listen(4, &port);
	if (lfd < 0) {
		smct_fail("listen: %s", strerror(errno));
		return;
	}
	cfd = smct_connect(port);
	sfd = cfd < 0 ? -1 : smct_accept(lfd, 0, smct_ms(5000));
	if (smct_check(sfd >= 0, "a connection to check ports on")) {
		smct_check(smct_peer_port(cfd) == port &&
			   smct_local_port(sfd) == port,
			   "the client's peer port is the server's (%u, %u, %u)",
			   smct_peer_port(cfd), smct_local_port(sfd), port);
		smct_check(smct_peer_port(sfd) == smct_local_port(cfd) &&
			   smct_local_port(cfd) != 0,
			   "the server end's peer port is the client's (%u, %u)",
			   smct_peer_port(sfd), smct_local_port(cfd));
	}
	if (sfd >= 0)
		close(sfd);
	if (cfd >= 0)
		close(cfd);
	close(lfd);
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "lib_selfcheck", 60, NULL);
	test_spec_parsing();
	test_matching();
	test_hash_and_pattern();
	test_diag();
	test_ports();
	return smct_finish();
}
