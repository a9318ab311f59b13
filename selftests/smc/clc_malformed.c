// SPDX-License-Identifier: GPL-2.0
/*
 * Malformed and unusual CLC input against the module, from a raw CLC peer
 * (clc_peer.h) on a real kernel TCP connection that carries the SMC option.
 *
 * Fake client -> AF_SMC listener:
 *   a   a DECLINE (v1, and v2) instead of a proposal: "peer declined" with
 *       its code, nothing sent back, data sent behind it reaches the app
 *   b   v2 proposal offering SMC-Rv2 without UEID: v2 DECLINE 0x03030008
 *   c   v1 SMC-R proposal in our own subnet: v1 DECLINE 0x03030000 (also
 *       with the proposal dribbling in, in pieces)
 *   d   v1 proposal from another subnet: 0x03070000
 *   e   no CLC at all: fallback 0x04000000, nothing sent, nothing consumed
 *   f   eyecatcher with an impossible type or length: DECLINE 0x04000000,
 *       the message consumed when its length could be trusted, else not
 *   g   a well framed proposal with contents out of range: consumed,
 *       DECLINE 0x04000000
 *   h   silence: after the 6 s CLC wait, DECLINE 0x02010000 and fallback
 *   i   a message cut short, then silence: the connection is reset after
 *       the wait and never accepted; half a header instead is a timeout
 *   j   FIN right after the handshake: dropped at once, never accepted
 *   m   the listener closes during a handshake: close() does not wait, the
 *       connection ends with the CLC wait
 *   n   silent clients delay nobody but themselves
 * AF_SMC client -> fake server:
 *   k   SMC option echoed: the client declines at once, 28 bytes checked
 *   l   no SMC option: 0x03010000 and no CLC byte at all
 * Each scenario checks sock_diag of the AF_SMC socket, the bytes on the
 * wire, and that data then flows both ways (or that the connection ends
 * promptly when it must).  Over IPv4, or over IPv6 with -6 (each a run of
 * its own: the waits make one version take half a minute in a guest);
 * first of all "0" checks that tb_synsmc.ko refuses sockets it must not
 * touch.
 *
 * The module's DECLINEs are also compared with what Linux sends in the
 * same situation; where they differ the check says "module deviation".
 *
 * Needs smc.ko, smc_diag.ko and then tb_synsmc.ko (selftests/vm/synsmc),
 * which lets our TCP sockets carry the SMC option, on a host without RDMA
 * devices (the codes and the zero sender ids depend on that).  AF_SMC
 * only.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"
#include "clc_peer.h"

/* the module's bounded CLC wait (SMC_CLC_WAIT_TIME) */
#define CLC_WAIT_MS		6000
/* what a message has to be answered within when nothing waits */
#define PROMPT_MS		3000
/* long enough to be sure nothing more is coming on an idle loopback */
#define QUIET_MS		300
#define FLOW_LEN		(32 * 1024)

#define CODE_NOSMCDEV		0x03030000
#define CODE_NOSMCRDEV		0x03030002
#define CODE_NOUEID		0x03030008
#define CODE_MAXCONNERR		0x0303000a
#define CODE_DIFFPREFIX		0x03070000
#define CODE_TIMEOUT_CL		0x02010000
#define CODE_SYNCERR		0x04000000
#define CODE_PEERDECL		0x05000000

static const char *ipv;		/* "IPv4" or "IPv6", prefix of every label */

/* --- small helpers ------------------------------------------------------------ */

static void scenario(const char *id, const char *what)
{
	smct_phase("%s %s: %s", ipv, id, what);
	/* each scenario gets the whole budget again */
	smct_watchdog(60);
}

static int fake_client(uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t len;

	smct_server_sockaddr(&ss, &len, port);
	return clcp_connect((struct sockaddr *)&ss, len, true, smct_ms(5000));
}

/* An AF_SMC listener and a fake client connected to it that offered SMC,
 * which the listener must have agreed to.
 */
static bool server_setup(const char *id, int *lfd, uint16_t *port, int *fake)
{
	int rc;

	*fake = -1;
	*lfd = smct_listen_kind(SMCT_KIND_SMC, 8, port);
	if (*lfd < 0) {
		smct_fail("%s %s: AF_SMC listen: %s", ipv, id, strerror(errno));
		return false;
	}
	*fake = fake_client(*port);
	if (*fake < 0) {
		smct_fail("%s %s: fake client connect: %s", ipv, id,
			  strerror(-*fake));
		close(*lfd);
		return false;
	}
	rc = clcp_synsmc_get(*fake);
	if (!smct_check(rc == 1,
			"%s %s: the AF_SMC listener echoed the SMC option (%d)",
			ipv, id, rc)) {
		close(*fake);
		close(*lfd);
		return false;
	}
	return true;
}

static int accept_smc(int lfd, int timeout_ms, const char *label)
{
	int fd = smct_accept(lfd, SOCK_CLOEXEC, timeout_ms);

	if (fd < 0)
		smct_fail("%s: accept: %s", label, strerror(errno));
	return fd;
}

static void close3(int a, int b, int c)
{
	if (a >= 0)
		close(a);
	if (b >= 0)
		close(b);
	if (c >= 0)
		close(c);
}

/* read exactly len bytes from fd within PROMPT_MS and compare */
static bool reads_exactly(int fd, const void *want, size_t len,
			  const char *label, const char *what)
{
	uint8_t got[1024];
	char hex[3 * 64 + 8];
	ssize_t n;

	if (len > sizeof(got))
		smct_bail("reads_exactly: %zu bytes is more than the buffer", len);
	n = clcp_recv_bytes(fd, got, len, smct_ms(PROMPT_MS));
	if (n == (ssize_t)len && !memcmp(got, want, len))
		return smct_check(true, "%s: %s", label, what);
	if (n < 0)
		return smct_check(false, "%s: %s: %s", label, what,
				  strerror((int)-n));
	return smct_check(false, "%s: %s: got %zd of %zu bytes: %s", label,
			  what, n, len,
			  clcp_hex(got, n, hex, sizeof(hex)));
}

/* one direction of FLOW_LEN pattern bytes; from's peer reads them first */
static bool flow_one(int from, int to, uint32_t seed)
{
	static uint8_t out[FLOW_LEN], in[FLOW_LEN];

	smct_pattern_fill(out, sizeof(out), seed, 0);
	if (clcp_send_raw(from, out, sizeof(out)))
		return false;
	return clcp_recv_bytes(to, in, sizeof(in), smct_ms(PROMPT_MS)) ==
	       (ssize_t)sizeof(in) && !memcmp(in, out, sizeof(in));
}

/*
 * Data both ways, the AF_SMC end sending first: so the first bytes the
 * fake peer reads after the CLC exchange are checked to be the
 * application's, not stray CLC.
 */
static bool flow(int fake, int smcfd, const char *label)
{
	return smct_check(flow_one(smcfd, fake, 11) && flow_one(fake, smcfd, 12),
			  "%s: %d bytes flow each way afterwards", label,
			  FLOW_LEN);
}

static bool quiet(int fd, const char *label, const char *who)
{
	uint8_t peek[64];
	char hex[3 * 64 + 8];
	ssize_t n;

	/* not scaled: flow() compares every later byte anyway */
	if (clcp_quiet(fd, QUIET_MS))
		return smct_check(true, "%s: %s sends nothing", label, who);
	n = clcp_peek_bytes(fd, peek, sizeof(peek));
	return smct_check(false, "%s: %s sends nothing: got %s", label, who,
			  n > 0 ? clcp_hex(peek, n, hex, sizeof(hex)) :
				  n == 0 ? "EOF" : strerror((int)-n));
}

static void mode(int fd, const char *label, const char *role,
		 const char *spec)
{
	char who[128];

	snprintf(who, sizeof(who), "%s: %s", label, role);
	smct_check_mode_spec(fd, who, spec);
}

/* --- DECLINEs from the module -------------------------------------------------- */

/*
 * The sender id of a DECLINE is the module's system id: two random bytes
 * chosen at load, then the MAC of an RDMA port once one is known, zero
 * while there is none (as Linux's local_systemid).  The first DECLINE
 * teaches it; every later one must carry the same.
 */
static uint8_t module_system_id[8];
static bool module_system_id_known;

static bool learn_system_id(const uint8_t *sender, const char *label)
{
	static const uint8_t zero[6];
	char hex[3 * 8 + 8];

	if (module_system_id_known)
		return true;
	memcpy(module_system_id, sender, sizeof(module_system_id));
	module_system_id_known = true;
	return smct_check(!memcmp(sender + 2, zero, sizeof(zero)),
			  "%s: DECLINE sender id is two random bytes, then zeros without an RDMA device (%s)",
			  label, clcp_hex(sender, 8, hex, sizeof(hex)));
}

/*
 * What Linux's module sends for (version, code) without an RDMA device:
 * eyecatchers "SMCR", the system id as sender id, the OS type Linux in v2
 * and the first contact bit of typev2 on a sync error (net/smc/smc_clc.c,
 * smc_clc_send_decline()).
 */
static size_t linux_decline(uint8_t *buf, uint8_t version, uint32_t code)
{
	static const uint8_t ec[4] = { 0xe2, 0xd4, 0xc3, 0xd9 };
	size_t len = version == 1 ? 28 : 44;
	uint32_t be = htonl(code);

	memset(buf, 0, len);
	memcpy(buf, ec, 4);
	buf[4] = SMC_CLC_DECLINE;
	buf[5] = 0;
	buf[6] = (uint8_t)len;
	buf[7] = (uint8_t)(version << 4 | (code == CODE_SYNCERR ? 0x08 : 0));
	memcpy(buf + 8, module_system_id, sizeof(module_system_id));
	memcpy(buf + 16, &be, 4);
	buf[20] = version == 1 ? 0 : SMC_CLC_OS_LINUX << 4;
	memcpy(buf + len - 4, ec, 4);
	return len;
}

/*
 * Two bytes where the module's DECLINEs differ from Linux's today: the OS
 * type of a v2 DECLINE (byte 20) and the sync error bit (0x08 of byte 7).
 * check_linux_parity() reports each once (IPv4 b and g); every other
 * comparison leaves them out, so that one deviation is one failure and the
 * other checks keep their meaning.
 */
static bool parity_byte(size_t i, uint8_t version)
{
	return i == 7 || (i == 20 && version >= SMC_V2);
}

/*
 * Receive a DECLINE from the module and check it byte by byte.  Returns
 * true when a DECLINE of the right length arrived (the caller may go on).
 */
static bool expect_decline(int fake, const char *label, uint8_t version,
			   uint32_t code, int timeout_ms, struct clcp_msg *msg)
{
	uint8_t want[SMC_CLC_DECLINE_LEN_V2];
	char text[160], hex[3 * 64 + 8];
	size_t len, i, bad = SIZE_MAX;
	int rc;

	rc = clcp_recv_msg(fake, timeout_ms, msg);
	if (rc) {
		smct_fail("%s: DECLINE v%u 0x%08x from the module: %s%s%s",
			  label, version, code, strerror(-rc),
			  msg->len ? ", got " : "",
			  msg->len ? clcp_hex(msg->raw, msg->len, hex,
					      sizeof(hex)) : "");
		return false;
	}
	if (msg->len >= 16)
		learn_system_id(msg->raw + 8, label);
	len = linux_decline(want, version, code);
	if (!smct_check(msg->type == SMC_CLC_DECLINE && msg->len == len &&
			!msg->decode_rc && msg->version == version &&
			msg->u.decline.diagnosis == code,
			"%s: DECLINE v%u (%zu bytes) 0x%08x from the module (got %s)",
			label, version, len, code,
			clcp_msg_text(msg, text, sizeof(text))))
		return false;
	for (i = 0; i < len && bad == SIZE_MAX; i++)
		if (!parity_byte(i, version) && msg->raw[i] != want[i])
			bad = i;
	/* byte 7 without the sync bit still holds the version */
	if (bad == SIZE_MAX && (msg->raw[7] & ~0x08) != (want[7] & ~0x08))
		bad = 7;
	text[0] = '\0';
	if (bad != SIZE_MAX)
		snprintf(text, sizeof(text), " (byte %zu is 0x%02x, want 0x%02x: %s)",
			 bad, msg->raw[bad], want[bad],
			 clcp_hex(msg->raw, msg->len, hex, sizeof(hex)));
	smct_check(bad == SIZE_MAX,
		   "%s: DECLINE bytes: eyecatchers, system id as sender id, reserved zero%s",
		   label, text);
	return true;
}

static void check_linux_parity(const struct clcp_msg *msg, const char *label)
{
	uint8_t want[SMC_CLC_DECLINE_LEN_V2];
	uint32_t code = msg->u.decline.diagnosis;
	uint8_t version = msg->version;
	char hex[3 * 64 + 8];

	linux_decline(want, version, code);
	if (version >= 2)
		smct_check(msg->raw[20] == want[20],
			   "%s: v2 DECLINE names OS type Linux (byte 20 0x%02x, Linux sends 0x%02x) [module deviation, see report]",
			   label, msg->raw[20], want[20]);
	if (code == CODE_SYNCERR)
		smct_check(msg->raw[7] == want[7],
			   "%s: sync error DECLINE has the first contact bit (byte 7 0x%02x, Linux sends 0x%02x: %s) [module deviation, see report]",
			   label, msg->raw[7], want[7],
			   clcp_hex(msg->raw, 8, hex, sizeof(hex)));
}

/* --- proposals ------------------------------------------------------------------ */

static int prefix_bits(const struct sockaddr *mask)
{
	const uint8_t *p;
	int i, n = 0, len;

	if (mask->sa_family == AF_INET6) {
		p = ((const struct sockaddr_in6 *)mask)->sin6_addr.s6_addr;
		len = 16;
	} else {
		p = (const uint8_t *)&((const struct sockaddr_in *)mask)->sin_addr;
		len = 4;
	}
	for (i = 0; i < len; i++)
		n += __builtin_popcount(p[i]);
	return n;
}

/*
 * The subnet of the interface holding the server address, as a Linux
 * client on that interface would propose it.
 */
static bool own_subnet_proposal(struct smc_clc_proposal_info *prop)
{
	const struct sockaddr *srv = (const struct sockaddr *)&smct.server_addr;
	struct ifaddrs *ifs, *ifa;
	bool found = false;
	uint8_t v6[16];
	uint32_t v4, mask;
	int bits, i;

	if (getifaddrs(&ifs))
		return false;
	for (ifa = ifs; ifa && !found; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || !ifa->ifa_netmask ||
		    ifa->ifa_addr->sa_family != srv->sa_family)
			continue;
		bits = prefix_bits(ifa->ifa_netmask);
		if (srv->sa_family == AF_INET) {
			v4 = ((struct sockaddr_in *)ifa->ifa_addr)->sin_addr.s_addr;
			if (v4 != ((const struct sockaddr_in *)srv)->sin_addr.s_addr)
				continue;
			mask = bits ? htonl(~0U << (32 - bits)) : 0;
			clcp_proposal_v1(prop, v4 & mask, (uint8_t)bits,
					 NULL, 0);
		} else {
			memcpy(v6, &((struct sockaddr_in6 *)ifa->ifa_addr)->sin6_addr,
			       16);
			if (memcmp(v6, &((const struct sockaddr_in6 *)srv)->sin6_addr,
				   16))
				continue;
			for (i = 0; i < 16; i++)
				if (i * 8 >= bits)
					v6[i] = 0;
				else if (i * 8 + 8 > bits)
					v6[i] &= (uint8_t)(0xff << (8 - (bits - i * 8)));
			clcp_proposal_v1(prop, 0, 0, v6, (uint8_t)bits);
		}
		found = true;
	}
	freeifaddrs(ifs);
	return found;
}

/* documentation prefixes (RFC 5737, RFC 3849): on no interface of a guest */
static void foreign_subnet_proposal(struct smc_clc_proposal_info *prop)
{
	static const uint8_t doc6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x5c };

	if (smct.ipv6)
		clcp_proposal_v1(prop, 0, 0, doc6, 64);
	else
		clcp_proposal_v1(prop, htonl(0xc6336400), 24, NULL, 0);
}

static size_t encode_proposal(uint8_t *buf, size_t cap,
			      const struct smc_clc_proposal_info *prop)
{
	int len = smc_clc_proposal_encode(buf, cap, prop);

	if (len < 0)
		smct_bail("cannot encode a test proposal: %s", strerror(-len));
	return (size_t)len;
}

/* --- fake client -> AF_SMC server ----------------------------------------------- */

/*
 * The common course of scenarios where the module answers or falls back:
 * the fake client sends msg (may be empty) followed by early data, the
 * module may answer with a DECLINE, the connection is accepted with the
 * given mode, the app first reads app_first (what of msg + early must reach
 * it), then data flows.
 */
struct srv_case {
	const char *id;
	const char *what;
	const uint8_t *msg;
	size_t msg_len;
	const char *early;		/* sent right behind msg, may be NULL */
	int decline_version;		/* 0: the module sends nothing */
	uint32_t decline_code;
	const char *mode;		/* sock_diag of the accepted socket */
	const uint8_t *app_first;	/* what the app must read first */
	size_t app_first_len;
	int wait_ms;			/* for the DECLINE and accept */
	bool parity;			/* also compare with Linux's bytes */
	int split_ms;			/* send msg in 3 pieces this far apart */
};

static void run_srv_case(const struct srv_case *c)
{
	uint8_t sendbuf[SMC_CLC_MAX_MSG_LEN + 128];
	size_t early_len = c->early ? strlen(c->early) : 0;
	size_t total = c->msg_len + early_len, cut1, cut2;
	char label[96];
	struct clcp_msg *msg = calloc(1, sizeof(*msg));
	int lfd, fake, sfd = -1, rc;
	uint16_t port;

	snprintf(label, sizeof(label), "%s %s", ipv, c->id);
	scenario(c->id, c->what);
	if (!msg)
		smct_bail("out of memory");
	if (total > sizeof(sendbuf))
		smct_bail("%s: test message too long", label);
	if (!server_setup(c->id, &lfd, &port, &fake))
		goto out_free;

	if (c->msg_len)
		memcpy(sendbuf, c->msg, c->msg_len);
	if (early_len)
		memcpy(sendbuf + c->msg_len, c->early, early_len);
	if (c->split_ms && total > 16) {
		/* inside the eyecatcher, then inside the body */
		cut1 = 3;
		cut2 = 14;
		rc = clcp_send_raw(fake, sendbuf, cut1);
		smct_sleep_ms(c->split_ms);
		if (!rc)
			rc = clcp_send_raw(fake, sendbuf + cut1, cut2 - cut1);
		smct_sleep_ms(c->split_ms);
		if (!rc)
			rc = clcp_send_raw(fake, sendbuf + cut2, total - cut2);
	} else {
		/* one write: the module must take no byte more than its own */
		rc = total ? clcp_send_raw(fake, sendbuf, total) : 0;
	}
	if (!smct_check(!rc, "%s: fake client sends %zu bytes", label, total))
		goto out;

	if (c->decline_version) {
		if (!expect_decline(fake, label, c->decline_version,
				    c->decline_code, c->wait_ms, msg))
			goto out;
		if (c->parity)
			check_linux_parity(msg, label);
	}
	sfd = accept_smc(lfd, c->wait_ms, label);
	if (sfd < 0)
		goto out;
	mode(sfd, label, "server", c->mode);
	if (!c->decline_version)
		quiet(fake, label, "the module");
	if (c->app_first_len &&
	    !reads_exactly(sfd, c->app_first, c->app_first_len, label,
			   "the app reads exactly the bytes not taken by CLC"))
		goto out;
	flow(fake, sfd, label);
out:
	close3(sfd, fake, lfd);
out_free:
	free(msg);
}

static void srv_decline_from_client(void)
{
	struct smc_clc_decline_info info;
	static const char early[] = "client data behind the DECLINE";
	uint8_t buf[SMC_CLC_DECLINE_LEN_V2];
	char spec[64];
	struct srv_case c = {
		.id = "a",
		.what = "v1 DECLINE 0x03030002 instead of a proposal",
		.msg = buf,
		.early = early,
		.app_first = (const uint8_t *)early,
		.app_first_len = strlen(early),
		.mode = spec,
		.wait_ms = smct_ms(PROMPT_MS),
	};
	int len;

	clcp_decline_info(&info, SMC_V1, CODE_NOSMCRDEV);
	len = smc_clc_decline_encode(buf, sizeof(buf), &info);
	c.msg_len = len;
	snprintf(spec, sizeof(spec), "TCP 0x%08x/0x%08x", CODE_PEERDECL,
		 CODE_NOSMCRDEV);
	run_srv_case(&c);

	clcp_decline_info(&info, SMC_V2, CODE_MAXCONNERR);
	len = smc_clc_decline_encode(buf, sizeof(buf), &info);
	c.msg_len = len;
	c.id = "a2";
	c.what = "v2 DECLINE 0x0303000a instead of a proposal";
	snprintf(spec, sizeof(spec), "TCP 0x%08x/0x%08x", CODE_PEERDECL,
		 CODE_MAXCONNERR);
	run_srv_case(&c);
}

static void srv_v2_no_ueid(void)
{
	struct smc_clc_proposal_info prop;
	uint8_t buf[SMC_CLC_MAX_MSG_LEN];
	struct srv_case c = {
		.id = "b",
		.what = "v2 proposal, SMC-Rv2 only, no UEID",
		.msg = buf,
		.decline_version = SMC_V2,
		.decline_code = CODE_NOUEID,
		.mode = "TCP 0x03030008",
		.wait_ms = smct_ms(PROMPT_MS),
		/* one report per deviation is enough */
		.parity = !smct.ipv6,
	};

	clcp_proposal_v2_r(&prop, NULL, 0);
	c.msg_len = encode_proposal(buf, sizeof(buf), &prop);
	run_srv_case(&c);
}

static void srv_subnets(void)
{
	struct smc_clc_proposal_info prop;
	uint8_t buf[SMC_CLC_MAX_MSG_LEN];
	static const char early[] = "client data behind the proposal";
	struct srv_case c = {
		.id = "c",
		.what = "v1 SMC-R proposal in our own subnet",
		.msg = buf,
		.early = early,
		.app_first = (const uint8_t *)early,
		.app_first_len = strlen(early),
		.decline_version = SMC_V1,
		.decline_code = CODE_NOSMCDEV,
		.mode = "TCP 0x03030000",
		.wait_ms = smct_ms(PROMPT_MS),
	};
	char why[128];

	if (own_subnet_proposal(&prop)) {
		c.msg_len = encode_proposal(buf, sizeof(buf), &prop);
		run_srv_case(&c);
		c.id = "c2";
		c.what = "the same proposal arriving in three pieces";
		c.split_ms = 300;
		run_srv_case(&c);
		c.split_ms = 0;
	} else {
		snprintf(why, sizeof(why), "no interface holds %s",
			 smct.server_text);
		smct_skip(why, "%s c: v1 proposal in our own subnet", ipv);
	}

	foreign_subnet_proposal(&prop);
	c.msg_len = encode_proposal(buf, sizeof(buf), &prop);
	c.id = "d";
	c.what = "v1 SMC-R proposal from another subnet";
	c.decline_code = CODE_DIFFPREFIX;
	c.mode = "TCP 0x03070000";
	run_srv_case(&c);
}

static void srv_not_clc(void)
{
	static const char http[] = "GET / HTTP/1.0\r\n\r\n";
	struct srv_case c = {
		.id = "e",
		.what = "no CLC at all: an HTTP request",
		.msg = (const uint8_t *)http,
		.msg_len = strlen(http),
		.app_first = (const uint8_t *)http,
		.app_first_len = strlen(http),
		.mode = "TCP 0x04000000",
		.wait_ms = smct_ms(PROMPT_MS),
	};

	run_srv_case(&c);

	/* Too short to hold a header, and not even the start of an
	 * eyecatcher: the module still waits for a full header until the CLC
	 * wait ends (only an AF_SMC peer sends the SMC option, and it always
	 * starts with CLC), and then falls back as above.
	 */
	c.id = "e2";
	c.what = "no CLC at all: 3 bytes, then silence";
	c.msg = (const uint8_t *)"hi\n";
	c.msg_len = 3;
	c.app_first = c.msg;
	c.app_first_len = 3;
	c.wait_ms = smct_ms(CLC_WAIT_MS + 3000);
	run_srv_case(&c);
}

/* an eyecatcher header of the given type, length field and version */
static void put_hdr(uint8_t *p, uint8_t type, uint16_t length, uint8_t verbits)
{
	memcpy(p, smc_clc_eyecatcher_r, 4);
	p[4] = type;
	p[5] = (uint8_t)(length >> 8);
	p[6] = (uint8_t)length;
	p[7] = verbits;
}

static void srv_bad_headers(void)
{
	static const char early[] = "data behind the bad header";
	uint8_t buf[SMC_CLC_MAX_MSG_LEN], both[SMC_CLC_MAX_MSG_LEN];
	struct smc_clc_accept_info acc = {
		.type = SMC_CLC_ACCEPT,
		.version = SMC_V1,
		.typev1 = SMC_TYPE_R,
	};
	struct srv_case c = {
		.msg = buf,
		.early = early,
		.decline_version = SMC_V1,
		.decline_code = CODE_SYNCERR,
		.mode = "TCP 0x04000000",
		.wait_ms = smct_ms(PROMPT_MS),
	};
	size_t early_len = strlen(early);
	int len;

	/* a length that fits CLC: the message is taken out of the stream */
	memset(buf, 0, sizeof(buf));
	put_hdr(buf, 9, 28, 0x10);
	memcpy(buf + 24, smc_clc_eyecatcher_r, 4);
	c.id = "f";
	c.what = "CLC header of type 9, 28 bytes";
	c.msg_len = 28;
	c.app_first = (const uint8_t *)early;
	c.app_first_len = early_len;
	run_srv_case(&c);

	/* a proper message, but not the one expected at this step */
	len = smc_clc_accept_encode(buf, sizeof(buf), &acc);
	if (len < 0)
		smct_bail("cannot encode a test ACCEPT: %s", strerror(-len));
	c.id = "f2";
	c.what = "an ACCEPT instead of a proposal";
	c.msg_len = len;
	run_srv_case(&c);

	/* lengths nothing can be framed with: not one byte is consumed */
	put_hdr(buf, SMC_CLC_PROPOSAL, 3, 0x10);
	memcpy(both, buf, 8);
	memcpy(both + 8, early, early_len);
	c.id = "f3";
	c.what = "proposal header announcing 3 bytes";
	c.msg_len = 8;
	c.app_first = both;
	c.app_first_len = 8 + early_len;
	run_srv_case(&c);

	put_hdr(buf, SMC_CLC_PROPOSAL, 0xfff0, 0x10);
	memcpy(both, buf, 8);
	c.id = "f4";
	c.what = "proposal header announcing 65520 bytes";
	run_srv_case(&c);
}

/* where the fields patched below sit in a proposal Linux lays out */
#define PROP_IPAREA	offsetof(struct smc_clc_proposal_base, iparea_offset)
#define PROP_V1_PREFIX	sizeof(struct smc_clc_proposal_base)
#define PROP_V1_PLEN	(PROP_V1_PREFIX + offsetof(struct smc_clc_prefix_area, prefix_len))
#define PROP_V1_V6CNT	(PROP_V1_PREFIX + \
			 offsetof(struct smc_clc_prefix_area, ipv6_prefixes_cnt))
#define PROP_V2_EXTOFF	(sizeof(struct smc_clc_proposal_base) + \
			 offsetof(struct smc_clc_smcd_area, v2_ext_offset))
#define PROP_V2_EXT	(sizeof(struct smc_clc_proposal_base) + \
			 sizeof(struct smc_clc_smcd_area))

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* A broken proposal the module's own codec still accepted would test
 * nothing; and the header must pass, or this would be scenario f.
 */
static void run_broken_proposal(struct srv_case *c, const uint8_t *buf,
				size_t len)
{
	struct smc_clc_proposal_info info;
	uint16_t framed;

	if (smc_clc_proposal_decode(buf, len, &info) == 0 ||
	    smc_clc_hdr_check(buf, SMC_CLC_PROPOSAL, &framed) || framed != len)
		smct_bail("%s %s: the test proposal is not what it claims to be",
			  ipv, c->id);
	c->msg = buf;
	c->msg_len = len;
	run_srv_case(c);
}

static void srv_bad_contents(void)
{
	static const char early[] = "data behind the broken proposal";
	struct smc_clc_proposal_info prop;
	uint8_t good[SMC_CLC_MAX_MSG_LEN], buf[SMC_CLC_MAX_MSG_LEN];
	struct srv_case c = {
		.early = early,
		.app_first = (const uint8_t *)early,
		.app_first_len = strlen(early),
		.decline_version = SMC_V1,
		.decline_code = CODE_SYNCERR,
		.mode = "TCP 0x04000000",
		.wait_ms = smct_ms(PROMPT_MS),
	};
	size_t len;

	/* v1 with an IPv4 subnet (52 bytes), which an IPv6 connection may be
	 * offered as well
	 */
	clcp_proposal_v1(&prop, htonl(0xc6336400), 24, NULL, 0);
	len = encode_proposal(good, sizeof(good), &prop);

	memcpy(buf, good, len);
	buf[PROP_V1_V6CNT] = 9;
	c.id = "g";
	c.what = "proposal counting 9 IPv6 prefixes (at most 8 fit any)";
	c.parity = !smct.ipv6;
	run_broken_proposal(&c, buf, len);
	c.parity = false;

	memcpy(buf, good, len);
	buf[PROP_V1_V6CNT] = 1;
	c.id = "g2";
	c.what = "proposal counting an IPv6 prefix it does not carry";
	run_broken_proposal(&c, buf, len);

	memcpy(buf, good, len);
	put_be16(buf + PROP_IPAREA, 256);
	c.id = "g3";
	c.what = "proposal with its IP area 256 bytes away";
	run_broken_proposal(&c, buf, len);

	memcpy(buf, good, len);
	buf[PROP_V1_PLEN] = 33;
	c.id = "g4";
	c.what = "proposal with IPv4 prefix length 33";
	run_broken_proposal(&c, buf, len);

	memcpy(buf, good, len);
	memcpy(buf + len - 4, "SMCR", 4);
	c.id = "g5";
	c.what = "proposal whose trailer is ASCII, not EBCDIC";
	run_broken_proposal(&c, buf, len);

	/* v2 SMC-Rv2 only: base, SMC-D area, v2 extension, trailer */
	clcp_proposal_v2_r(&prop, NULL, 0);
	len = encode_proposal(good, sizeof(good), &prop);

	memcpy(buf, good, len);
	put_be16(buf + PROP_V2_EXTOFF, 512);
	c.id = "g6";
	c.what = "v2 proposal whose extension offset points beyond it";
	run_broken_proposal(&c, buf, len);

	memcpy(buf, good, len);
	buf[PROP_V2_EXT + offsetof(struct smc_clc_v2_ext, eid_cnt)] = 9;
	c.id = "g7";
	c.what = "v2 proposal counting 9 UEIDs it does not carry";
	run_broken_proposal(&c, buf, len);
}

static void srv_silence(void)
{
	struct srv_case c = {
		.id = "h",
		.what = "silence after the TCP handshake",
		.decline_version = SMC_V1,
		.decline_code = CODE_TIMEOUT_CL,
		.mode = "TCP 0x02010000",
		.wait_ms = smct_ms(CLC_WAIT_MS + 3000),
	};
	int64_t t0 = smct_now_us();
	char label[64];
	double secs;

	run_srv_case(&c);
	/* the DECLINE may come neither early nor much later than the wait */
	secs = (smct_now_us() - t0) / 1e6;
	snprintf(label, sizeof(label), "%s h", ipv);
	smct_check(secs >= CLC_WAIT_MS / 1000.0 - 0.5,
		   "%s: the module waited the full CLC wait (%.1f s)", label,
		   secs);
}

/* A follow-up connection from a real AF_SMC client on the same listener */
static void listener_still_works(int lfd, uint16_t port, const char *label)
{
	char what[128];
	int cfd, sfd;

	cfd = smct_connect_kind(SMCT_KIND_SMC, port);
	if (cfd < 0) {
		smct_fail("%s: a following AF_SMC connect: %s", label,
			  strerror(errno));
		return;
	}
	sfd = accept_smc(lfd, smct_ms(PROMPT_MS), label);
	if (sfd < 0) {
		close(cfd);
		return;
	}
	smct_check(smct_peer_port(sfd) == smct_local_port(cfd),
		   "%s: the listener accepts the following connection, and only that",
		   label);
	snprintf(what, sizeof(what), "%s: following connection", label);
	mode(cfd, what, "client", "TCP 0x03030000");
	mode(sfd, what, "server", "TCP 0x05000000/0x03030000");
	/* smct_exchange() reports its failures itself */
	if (smct_exchange(cfd, sfd, what))
		smct_pass("%s: data flows both ways", what);
	close(cfd);
	close(sfd);
}

/* nothing may come out of accept() for the connection just dropped */
static void not_accepted(int lfd, const char *label)
{
	/* Not scaled: the reset seen by the caller comes after the module
	 * decided not to queue the connection, so it is never queued later.
	 */
	int fd = smct_accept(lfd, SOCK_CLOEXEC, 500);
	int err = errno;

	smct_check(fd < 0 && err == ETIMEDOUT,
		   "%s: accept() does not hand the dropped connection out (%s)",
		   label, fd >= 0 ? "got one" : smct_errno_name(err));
	if (fd >= 0)
		close(fd);
}

static void srv_cut_short(void)
{
	struct smc_clc_proposal_info prop;
	uint8_t buf[SMC_CLC_MAX_MSG_LEN];
	char label[64];
	int lfd, fake, rc;
	uint16_t port;
	int64_t t0;
	double secs;
	size_t len;

	scenario("i", "proposal header promising 52 bytes, 20 sent, then silence");
	snprintf(label, sizeof(label), "%s i", ipv);
	foreign_subnet_proposal(&prop);
	len = encode_proposal(buf, sizeof(buf), &prop);
	if (server_setup("i", &lfd, &port, &fake)) {
		t0 = smct_now_us();
		rc = clcp_send_raw(fake, buf, 20);
		smct_check(!rc && len > 20, "%s: fake client sends 20 of %zu bytes",
			   label, len);
		/* the stream is out of step: the only way out is a reset */
		rc = clcp_wait_closed(fake, smct_ms(CLC_WAIT_MS + 3000), NULL);
		secs = (smct_now_us() - t0) / 1e6;
		smct_check(rc == -ECONNRESET,
			   "%s: the module resets the connection (%s after %.1f s)",
			   label, rc ? strerror(-rc) : "EOF", secs);
		smct_check(secs >= CLC_WAIT_MS / 1000.0 - 0.5 &&
			   secs <= (CLC_WAIT_MS + smct_ms(1000)) / 1000.0,
			   "%s: ... after the CLC wait of 6 s, within 7 s (%.1f s)",
			   label, secs);
		not_accepted(lfd, label);
		listener_still_works(lfd, port, label);
		close3(fake, lfd, -1);
	}
}

static void srv_half_header(void)
{
	static const uint8_t half[4] = { 0xe2, 0xd4, 0xc3, 0xd9 };
	/* not enough to tell CLC from data: the module waits, then gives
	 * up on CLC, but leaves the bytes for the application
	 */
	struct srv_case c = {
		.id = "i2",
		.what = "half a CLC header (the eyecatcher), then silence",
		.msg = half,
		.msg_len = sizeof(half),
		.app_first = half,
		.app_first_len = sizeof(half),
		.decline_version = SMC_V1,
		.decline_code = CODE_TIMEOUT_CL,
		.mode = "TCP 0x02010000",
		.wait_ms = smct_ms(CLC_WAIT_MS + 3000),
	};

	run_srv_case(&c);
}

static void srv_fin_at_once(void)
{
	char label[64];
	int lfd, fake, rc;
	uint16_t port;
	int64_t t0;
	double secs;

	scenario("j", "FIN right after the TCP handshake");
	snprintf(label, sizeof(label), "%s j", ipv);
	if (!server_setup("j", &lfd, &port, &fake))
		return;
	t0 = smct_now_us();
	smct_check(!shutdown(fake, SHUT_WR), "%s: fake client sends FIN",
		   label);
	rc = clcp_wait_closed(fake, smct_ms(PROMPT_MS), NULL);
	secs = (smct_now_us() - t0) / 1e6;
	smct_check(rc == 0 || rc == -ECONNRESET,
		   "%s: the module ends the connection at once (%s after %.1f s)",
		   label, rc ? strerror(-rc) : "EOF", secs);
	not_accepted(lfd, label);
	listener_still_works(lfd, port, label);
	close3(fake, lfd, -1);
}

static void srv_listener_closes(void)
{
	char label[64];
	int lfd, fake, rc;
	uint16_t port;
	int64_t t0;
	double secs;

	scenario("m", "listener closed while a silent client is in the handshake");
	snprintf(label, sizeof(label), "%s m", ipv);
	if (!server_setup("m", &lfd, &port, &fake))
		return;
	/* let the handshake start waiting for the proposal */
	smct_sleep_ms(200);
	t0 = smct_now_us();
	close(lfd);
	secs = (smct_now_us() - t0) / 1e6;
	smct_check(secs < smct_ms(1000) / 1000.0,
		   "%s: close() of the listener does not wait for the handshake (%.1f s)",
		   label, secs);
	/* the handshake still runs its course, then finds no listener */
	rc = clcp_wait_closed(fake, smct_ms(CLC_WAIT_MS + 3000), NULL);
	secs = (smct_now_us() - t0) / 1e6;
	smct_check(rc == 0 || rc == -ECONNRESET,
		   "%s: the connection ends by the end of the CLC wait (%s after %.1f s)",
		   label, rc ? strerror(-rc) : "EOF", secs);
	close(fake);
}

/* Handshakes run side by side: silent clients delay only themselves */
static void srv_silent_crowd(void)
{
	enum { SILENT = 4 };
	int fakes[SILENT], lfd, cfd = -1, sfd = -1, i, n = 0, rc;
	struct clcp_msg *msg = calloc(1, sizeof(*msg));
	char label[64];
	uint16_t port;
	int64_t t0;

	scenario("n", "a normal client while silent clients hold handshakes");
	snprintf(label, sizeof(label), "%s n", ipv);
	if (!msg)
		smct_bail("out of memory");
	/* room for all: the backlog also counts handshakes in progress */
	lfd = smct_listen_kind(SMCT_KIND_SMC, 16, &port);
	if (lfd < 0) {
		smct_fail("%s: AF_SMC listen: %s", label, strerror(errno));
		goto out;
	}
	for (n = 0; n < SILENT; n++) {
		fakes[n] = fake_client(port);
		if (fakes[n] < 0) {
			smct_fail("%s: silent client %d: %s", label, n,
				  strerror(-fakes[n]));
			goto out;
		}
	}
	t0 = smct_now_us();
	cfd = smct_connect_kind(SMCT_KIND_SMC, port);
	sfd = cfd < 0 ? -1 : smct_accept(lfd, SOCK_CLOEXEC, smct_ms(PROMPT_MS));
	smct_check(sfd >= 0 && smct_peer_port(sfd) == smct_local_port(cfd),
		   "%s: the AF_SMC client is accepted first, after %.1f s",
		   label, (smct_now_us() - t0) / 1e6);
	if (sfd >= 0 && smct_exchange(cfd, sfd, label))
		smct_pass("%s: its data flows both ways", label);
	for (i = 0; i < n; i++) {
		rc = clcp_recv_msg(fakes[i], smct_ms(CLC_WAIT_MS + 3000), msg);
		if (rc || msg->type != SMC_CLC_DECLINE ||
		    msg->u.decline.diagnosis != CODE_TIMEOUT_CL)
			break;
	}
	smct_check(i == n, "%s: every silent client gets its timeout DECLINE",
		   label);
	for (i = 0; i < n; i++) {
		rc = smct_accept(lfd, SOCK_CLOEXEC, smct_ms(PROMPT_MS));
		if (rc < 0)
			break;
		close(rc);
	}
	smct_check(i == n, "%s: ... and is accepted then (%d of %d)", label,
		   i, n);
out:
	for (i = 0; i < n; i++)
		close(fakes[i]);
	close3(cfd, sfd, lfd);
	free(msg);
}

/* --- AF_SMC client -> fake server ----------------------------------------------- */

static int fake_server(bool syn_smc, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t len;

	smct_server_sockaddr(&ss, &len, 0);
	return clcp_listen((struct sockaddr *)&ss, len, syn_smc, 8, port);
}

static bool client_setup(const char *label, bool syn_smc, int *lfd, int *cfd,
			 int *fake)
{
	uint16_t port;
	int rc;

	*cfd = *fake = -1;
	*lfd = fake_server(syn_smc, &port);
	if (*lfd < 0) {
		smct_fail("%s: fake server listen: %s", label, strerror(-*lfd));
		return false;
	}
	*cfd = smct_connect_kind(SMCT_KIND_SMC, port);
	if (*cfd < 0) {
		smct_fail("%s: AF_SMC connect: %s", label, strerror(errno));
		return false;
	}
	*fake = clcp_accept(*lfd, smct_ms(PROMPT_MS));
	if (*fake < 0) {
		smct_fail("%s: fake server accept: %s", label,
			  strerror(-*fake));
		return false;
	}
	rc = clcp_synsmc_get(*fake);
	return smct_check(rc == (syn_smc ? 1 : 0),
			  "%s: SMC option %s (%d)", label,
			  syn_smc ? "offered by the AF_SMC client and echoed" :
				    "not agreed: the fake server is plain TCP",
			  rc);
}

static void cli_declines(void)
{
	/* every byte of it, as Linux sends it without an RDMA device */
	uint8_t want[28] = {
		0xe2, 0xd4, 0xc3, 0xd9,		/* eyecatcher "SMCR" */
		0x04,				/* DECLINE */
		0x00, 0x1c,			/* 28 bytes */
		0x10,				/* v1, no sync error */
		0, 0, 0, 0, 0, 0, 0, 0,		/* sender id: the system id */
		0x03, 0x03, 0x00, 0x00,		/* no SMC device */
		0x00,				/* OS type: reserved in v1 */
		0, 0, 0,			/* reserved */
		0xe2, 0xd4, 0xc3, 0xd9,		/* trailer */
	};
	char label[64], hex[3 * 64 + 8];
	struct clcp_msg *msg = calloc(1, sizeof(*msg));
	int lfd, cfd, fake, rc;

	scenario("k", "AF_SMC client, fake server echoing the SMC option");
	snprintf(label, sizeof(label), "%s k", ipv);
	if (!msg)
		smct_bail("out of memory");
	if (!client_setup(label, true, &lfd, &cfd, &fake))
		goto out;
	rc = clcp_recv_msg(fake, smct_ms(PROMPT_MS), msg);
	if (!smct_check(!rc, "%s: the client sends a CLC message at once (%s)",
			label, rc ? strerror(-rc) : "yes"))
		goto out;
	if (msg->len >= 16 && learn_system_id(msg->raw + 8, label))
		memcpy(want + 8, module_system_id, sizeof(module_system_id));
	smct_check(msg->len == sizeof(want) &&
		   !memcmp(msg->raw, want, sizeof(want)),
		   "%s: it is the v1 DECLINE 0x03030000, byte for byte (got %s)",
		   label, clcp_hex(msg->raw, msg->len, hex, sizeof(hex)));
	smct_check(!msg->decode_rc && msg->type == SMC_CLC_DECLINE,
		   "%s: our codec decodes it as DECLINE", label);
	mode(cfd, label, "client", "TCP 0x03030000");
	flow(fake, cfd, label);
out:
	close3(fake, cfd, lfd);
	free(msg);
}

static void cli_plain_server(void)
{
	char label[64];
	int lfd, cfd, fake;

	scenario("l", "AF_SMC client, plain TCP fake server");
	snprintf(label, sizeof(label), "%s l", ipv);
	if (client_setup(label, false, &lfd, &cfd, &fake)) {
		mode(cfd, label, "client", "TCP 0x03010000");
		/* flow() makes the client send first: no CLC byte before */
		quiet(fake, label, "the client");
		flow(fake, cfd, label);
	}
	close3(fake, cfd, lfd);
}

/* --- the kit itself ----------------------------------------------------------- */

/* tb_synsmc.ko touches nothing but a TCP socket of the caller's own */
static void kit_selfcheck(void)
{
	int tcp, udp, unx, smc, lfd, cfd, dir;
	uint16_t port;

	scenario("0", "tb_synsmc.ko refuses what is not its business");
	tcp = socket(AF_INET, SOCK_STREAM, 0);
	udp = socket(AF_INET, SOCK_DGRAM, 0);
	unx = socket(AF_UNIX, SOCK_STREAM, 0);
	smc = smct_socket_ip(SMCT_KIND_SMC, false, 0);
	smct_check(clcp_synsmc_get(tcp) == 0 && clcp_synsmc_set(tcp) == 0 &&
		   clcp_synsmc_get(tcp) == 1,
		   "kit: TB_SYNSMC_SET marks a fresh TCP socket");
	smct_check(clcp_synsmc_set(udp) == -EPROTOTYPE,
		   "kit: a UDP socket is refused (EPROTOTYPE)");
	smct_check(clcp_synsmc_set(unx) == -EAFNOSUPPORT,
		   "kit: an AF_UNIX socket is refused (EAFNOSUPPORT)");
	smct_check(clcp_synsmc_set(smc) == -EAFNOSUPPORT,
		   "kit: an AF_SMC socket is refused (EAFNOSUPPORT)");
	dir = open("/", O_RDONLY | O_CLOEXEC);
	smct_check(clcp_synsmc_set(dir) == -ENOTSOCK,
		   "kit: a descriptor that is no socket is refused (ENOTSOCK)");
	close(dir);
	smct_check(clcp_synsmc_set(-1) == -EBADF && clcp_synsmc_get(1 << 20) == -EBADF,
		   "kit: bad descriptors are refused (EBADF)");

	/* SET only before the SYN: a connected socket is refused */
	lfd = smct_listen_kind(SMCT_KIND_TCP, 1, &port);
	cfd = lfd < 0 ? -1 : smct_connect_kind(SMCT_KIND_TCP, port);
	smct_check(cfd >= 0 && clcp_synsmc_set(cfd) == -EISCONN &&
		   clcp_synsmc_get(cfd) == 0,
		   "kit: a connected socket is refused (EISCONN), GET still works");
	smct_check(lfd >= 0 && clcp_synsmc_set(lfd) == 0,
		   "kit: a listening socket may be marked");
	close3(tcp, udp, unx);
	close3(smc, lfd, cfd);
}

static void run_version(bool ipv6)
{
	char why[160];

	ipv = ipv6 ? "IPv6" : "IPv4";
	if (!smct_use_ip_version(ipv6, why, sizeof(why))) {
		smct_skip(why, "%s scenarios", ipv);
		return;
	}
	srv_decline_from_client();
	srv_v2_no_ueid();
	srv_subnets();
	srv_not_clc();
	srv_bad_headers();
	srv_bad_contents();
	srv_silence();
	srv_cut_short();
	srv_half_header();
	srv_fin_at_once();
	srv_listener_closes();
	srv_silent_crowd();
	cli_declines();
	cli_plain_server();
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "clc_malformed", 60, NULL);
	if (smct.kind != SMCT_KIND_SMC)
		smct_skip_all("CLC exists only for AF_SMC sockets (run with -f smc)");
	clcp_require_synsmc();
	if (smct_have_rdma_devices())
		smct_skip_all("RDMA devices present: the scenarios expect a host without any");
	kit_selfcheck();
	run_version(smct.ipv6);
	return smct_finish();
}
