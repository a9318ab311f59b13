// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of smc_chk's I/O-free parts: the check protocol, the segments
 * of --replay (options, checksum, parsing, matching) and the report texts,
 * whose explanations must be the cause table's own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "smc_chk.h"
#include "smc_causes.h"

#include "check.h"

/* --- helpers -------------------------------------------------------------- */

static char *capture_buf;
static size_t capture_size;

static FILE *capture_open(void)
{
	FILE *f;

	free(capture_buf);
	capture_buf = NULL;
	f = open_memstream(&capture_buf, &capture_size);
	if (!f)
		abort();
	return f;
}

static const char *capture_close(FILE *f)
{
	fclose(f);
	return capture_buf;
}

/* text with its line breaks and their indentation turned into one space */
static char *unwrap(const char *text)
{
	char *out = malloc(strlen(text) + 1), *o = out;

	if (!out)
		abort();
	while (*text) {
		if (*text == '\n') {
			while (*text == '\n' || *text == ' ')
				text++;
			*o++ = ' ';
			continue;
		}
		*o++ = *text++;
	}
	*o = '\0';
	return out;
}

static bool all_lines_fit(const char *text, size_t width)
{
	while (*text) {
		size_t n = strcspn(text, "\n");

		if (n > width)
			return false;
		text += n;
		if (*text)
			text++;
	}
	return true;
}

static struct smc_chk_view smcr_view(void)
{
	struct smc_chk_view v = {
		.mode = SMC_DIAG_MODE_SMCR,
		.have_link = true,
		.ibport = 1,
	};

	strcpy(v.ibdev, "rxe1");
	strcpy(v.gid, "0000:0000:0000:0000:0000:ffff:0a00:0001");
	strcpy(v.peer_gid, "0000:0000:0000:0000:0000:ffff:0a00:0002");
	return v;
}

/* --- the check protocol --------------------------------------------------- */

static void test_reply_roundtrip(void)
{
	struct smc_chk_view v = smcr_view(), d;
	char buf[SMC_CHK_LINE_MAX + 1];
	int n;

	n = smc_chk_encode_reply(buf, sizeof(buf), &v);
	CHECK(n > 0);
	CHECK_STR(buf, "SMCCHK1 mode=0 reason=0x00000000 peer=0x00000000 dev=rxe1 port=1 gid=0000:0000:0000:0000:0000:ffff:0a00:0001 pgid=0000:0000:0000:0000:0000:ffff:0a00:0002\n");
	CHECK_INT(n, strlen(buf));
	CHECK_INT(smc_chk_decode_reply(buf, n, &d), 0);
	CHECK_INT(d.mode, SMC_DIAG_MODE_SMCR);
	CHECK(d.have_link);
	CHECK_STR(d.ibdev, "rxe1");
	CHECK_INT(d.ibport, 1);
	CHECK_STR(d.gid, v.gid);
	CHECK_STR(d.peer_gid, v.peer_gid);
	CHECK_INT(smc_chk_view_status(&d), 0);

	memset(&v, 0, sizeof(v));
	v.mode = SMC_DIAG_MODE_FALLBACK_TCP;
	v.reason = 0x03010000;
	v.peer_diag = 0x03030000;
	n = smc_chk_encode_reply(buf, sizeof(buf), &v);
	CHECK_STR(buf, "SMCCHK1 mode=1 reason=0x03010000 peer=0x03030000 dev=- port=0 gid=- pgid=-\n");
	CHECK_INT(smc_chk_decode_reply(buf, n, &d), 0);
	CHECK_INT(d.mode, SMC_DIAG_MODE_FALLBACK_TCP);
	CHECK_INT(d.reason, 0x03010000);
	CHECK_INT(d.peer_diag, 0x03030000);
	CHECK(!d.have_link);
	CHECK_INT(smc_chk_view_status(&d), 1);

	/* the buffer must hold the line */
	CHECK_INT(smc_chk_encode_reply(buf, 20, &v), -1);

	/* what the protocol cannot carry is sent as "no link" */
	v = smcr_view();
	strcpy(v.ibdev, "rx e1");
	smc_chk_encode_reply(buf, sizeof(buf), &v);
	CHECK_HAS(buf, " dev=- port=0 gid=- pgid=-\n");
	v = smcr_view();
	strcpy(v.gid, "fe80::1 x");
	smc_chk_encode_reply(buf, sizeof(buf), &v);
	CHECK_HAS(buf, " dev=rxe1 port=1 gid=- pgid=0000:");
}

static void test_reply_decode(void)
{
	static const char * const bad[] = {
		"",
		"\n",
		"SMCCHK1\n",
		"SMCCHK2 mode=0 reason=0x00000000 peer=0x00000000\n",
		"smcchk1 mode=0 reason=0x00000000 peer=0x00000000\n",
		/* a field missing */
		"SMCCHK1 mode=0 reason=0x00000000\n",
		"SMCCHK1 reason=0x00000000 peer=0x00000000\n",
		/* malformed numbers */
		"SMCCHK1 mode=0 reason=0x0301 peer=0x00000000\n",
		"SMCCHK1 mode=0 reason=03010000 peer=0x00000000\n",
		"SMCCHK1 mode=0 reason=0x0301000g peer=0x00000000\n",
		"SMCCHK1 mode=0 reason=0x-3010000 peer=0x00000000\n",
		"SMCCHK1 mode=256 reason=0x00000000 peer=0x00000000\n",
		"SMCCHK1 mode=-1 reason=0x00000000 peer=0x00000000\n",
		"SMCCHK1 mode= reason=0x00000000 peer=0x00000000\n",
		"SMCCHK1 mode=0 reason=0x00000000 peer=0x00000000 port=300\n",
		/* a token without '=' */
		"SMCCHK1 mode=0 reason=0x00000000 peer=0x00000000 junk\n",
		/* names and GIDs outside their alphabets */
		"SMCCHK1 mode=0 reason=0x00000000 peer=0x00000000 dev=a/b\n",
		"SMCCHK1 mode=0 reason=0x00000000 peer=0x00000000 dev=rxe1 gid=zz\n",
		"SMCCHK1 mode=0 reason=0x00000000 peer=0x00000000 dev=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0\n",
		/* control characters */
		"SMCCHK1 mode=0\treason=0x00000000 peer=0x00000000\n",
		"SMCCHK1 mode=0 reason=0x00000000 peer=0x00000000\n\n",
	};
	struct smc_chk_view v;
	char longline[SMC_CHK_LINE_MAX + 32];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check(smc_chk_decode_reply(bad[i], strlen(bad[i]), &v) == -1,
		      __FILE__, __LINE__, "accepted bad reply %zu: %s", i,
		      bad[i]);

	/* an embedded NUL ends nothing: the length counts */
	CHECK_INT(smc_chk_decode_reply("SMCCHK1 mode=0 reason=0x00000000 peer=0x00000000\0x\n",
				       51, &v), -1);

	/* longer than the protocol allows */
	memset(longline, 0, sizeof(longline));
	strcpy(longline, "SMCCHK1 mode=0 reason=0x00000000 peer=0x00000000 x=");
	memset(longline + strlen(longline), 'a',
	       sizeof(longline) - strlen(longline) - 2);
	CHECK_INT(smc_chk_decode_reply(longline, strlen(longline), &v), -1);

	/* tolerated: CRLF, no newline, unknown keys, keys in any order */
	CHECK_INT(smc_chk_decode_reply("SMCCHK1 mode=1 reason=0x03010000 peer=0x00000000\r\n",
				       50, &v), 0);
	CHECK_INT(v.reason, 0x03010000);
	CHECK_INT(smc_chk_decode_reply("SMCCHK1 peer=0x00000001 future=yes mode=2 reason=0xFFFFFF92",
				       59, &v), 0);
	CHECK_INT(v.mode, SMC_DIAG_MODE_SMCD);
	CHECK_INT(v.reason, 0xffffff92);
	CHECK_INT(v.peer_diag, 1);
	/* GIDs without a device mean nothing */
	CHECK_INT(smc_chk_decode_reply("SMCCHK1 mode=0 reason=0x00000000 peer=0x00000000 dev=- port=1 gid=fe80::1\n",
				       74, &v), 0);
	CHECK(!v.have_link);
	CHECK_INT(v.ibport, 0);
	CHECK_STR(v.gid, "");
}

static void test_hello(void)
{
	CHECK(smc_chk_is_hello(SMC_CHK_HELLO, strlen(SMC_CHK_HELLO)));
	CHECK(smc_chk_is_hello("SMCCHK1 HELLO", 13));
	CHECK(smc_chk_is_hello("SMCCHK1 HELLO\r\n", 15));
	CHECK(!smc_chk_is_hello("SMCCHK1 HELLO \n", 15));
	CHECK(!smc_chk_is_hello("GET / HTTP/1.0\r\n", 16));
	CHECK(!smc_chk_is_hello("SMCCHK1 HELLO\nX", 15));
	CHECK(!smc_chk_is_hello("", 0));
}

static void test_view_from_sock(void)
{
	struct smcss_sock s;
	struct smc_chk_view v;

	memset(&s, 0, sizeof(s));
	s.mode = SMC_DIAG_MODE_FALLBACK_TCP;
	s.have = SMCSS_HAVE_FALLBACK;
	s.fb.reason = 0x03010000;
	s.fb.peer_diagnosis = 0x03030000;
	smc_chk_view_from_sock(&v, &s);
	CHECK_INT(v.mode, SMC_DIAG_MODE_FALLBACK_TCP);
	CHECK_INT(v.reason, 0x03010000);
	CHECK_INT(v.peer_diag, 0x03030000);
	CHECK(!v.have_link);

	/* names that fill their fields completely, without a NUL */
	memset(&s, 0, sizeof(s));
	s.mode = SMC_DIAG_MODE_SMCR;
	s.have = SMCSS_HAVE_FALLBACK | SMCSS_HAVE_LGRINFO;
	memset(s.lgr.lnk[0].ibname, 'm', sizeof(s.lgr.lnk[0].ibname));
	s.lgr.lnk[0].ibport = 2;
	memset(s.lgr.lnk[0].gid, '1', sizeof(s.lgr.lnk[0].gid));
	strcpy((char *)s.lgr.lnk[0].peer_gid, "fe80::2");
	smc_chk_view_from_sock(&v, &s);
	CHECK(v.have_link);
	CHECK_INT(strlen(v.ibdev), sizeof(v.ibdev) - 1);
	CHECK_INT(strlen(v.gid), sizeof(v.gid) - 1);
	CHECK_STR(v.peer_gid, "fe80::2");
	CHECK_INT(v.ibport, 2);

	/* link details only count for SMC-R */
	s.mode = SMC_DIAG_MODE_FALLBACK_TCP;
	smc_chk_view_from_sock(&v, &s);
	CHECK(!v.have_link);
	/* nor without the attribute */
	s.mode = SMC_DIAG_MODE_SMCR;
	s.have = 0;
	smc_chk_view_from_sock(&v, &s);
	CHECK(!v.have_link);
	CHECK_INT(smc_chk_view_status(&v), 0);
	v.mode = 7;
	CHECK_INT(smc_chk_view_status(&v), 1);
}

/* --- report texts --------------------------------------------------------- */

static void test_print_view(void)
{
	const struct smc_cause *c = smc_cause_find(0x03010000);
	const struct smc_cause *pc = smc_cause_find(0x03030000);
	struct smc_chk_view v = smcr_view();
	const char *out;
	char *flat;
	FILE *f;

	f = capture_open();
	smc_chk_print_view(f, "client (this host)", &v);
	out = capture_close(f);
	CHECK_STR(out, "client (this host): SMC-R\n"
		  "    link: rxe1 port 1\n"
		  "    GID:      0000:0000:0000:0000:0000:ffff:0a00:0001\n"
		  "    peer GID: 0000:0000:0000:0000:0000:ffff:0a00:0002\n");
	v.have_link = false;
	f = capture_open();
	smc_chk_print_view(f, "x", &v);
	CHECK_HAS(capture_close(f), "x: SMC-R\n    link: no link group");

	/* a fallback: the table's summary, cause and fix, verbatim */
	CHECK(c && pc);
	if (!c || !pc)
		return;
	memset(&v, 0, sizeof(v));
	v.mode = SMC_DIAG_MODE_FALLBACK_TCP;
	v.reason = 0x03010000;
	f = capture_open();
	smc_chk_print_view(f, "client (this host)", &v);
	out = capture_close(f);
	CHECK(!strncmp(out, "client (this host): TCP fallback\n", 33));
	CHECK_HAS(out, "    reason 0x03010000: ");
	CHECK_HAS(out, c->summary);
	CHECK_HAS(out, "\n        Cause: ");
	CHECK_HAS(out, "\n        Fix:   ");
	CHECK_HAS(out, "    peer diagnosis: none");
	CHECK(all_lines_fit(out, 78));
	flat = unwrap(out);
	CHECK_HAS(flat, c->cause);
	CHECK_HAS(flat, c->fix);
	free(flat);

	v.peer_diag = 0x03030000;
	f = capture_open();
	smc_chk_print_view(f, "server", &v);
	out = capture_close(f);
	CHECK_HAS(out, "    peer diagnosis 0x03030000: ");
	CHECK_HAS(out, pc->summary);
	flat = unwrap(out);
	CHECK_HAS(flat, pc->cause);
	free(flat);
	CHECK_HASNT(out, "peer diagnosis: none");

	/* no reason recorded, an unknown mode */
	memset(&v, 0, sizeof(v));
	v.mode = 9;
	f = capture_open();
	smc_chk_print_view(f, "s", &v);
	out = capture_close(f);
	CHECK_HAS(out, "s: unknown mode 9");
	CHECK_HAS(out, "    reason: none recorded\n");

	v.mode = SMC_DIAG_MODE_SMCD;
	f = capture_open();
	smc_chk_print_view(f, "s", &v);
	CHECK_STR(capture_close(f), "s: SMC-D\n");
}

static void test_print_code(void)
{
	const char *out;
	FILE *f;

	/* the kernel's negative errno instead of a code */
	f = capture_open();
	smc_chk_print_code(f, "reason", (uint32_t)-ETIMEDOUT);
	out = capture_close(f);
	CHECK_HAS(out, "reason 0xffffff92: error -110 (");
	CHECK_HAS(out, "dmesg");

	f = capture_open();
	smc_chk_print_code(f, "reason", 0x7e000001);
	out = capture_close(f);
	CHECK_HAS(out, "reason 0x7e000001: not in the cause table");

	/* every table entry prints with its own texts */
	for (size_t i = 0; i < smc_causes_count; i++) {
		char *flat;

		f = capture_open();
		smc_chk_print_code(f, "reason", smc_causes[i].code);
		out = capture_close(f);
		flat = unwrap(out);
		check(strstr(flat, smc_causes[i].cause) &&
		      strstr(flat, smc_causes[i].fix) &&
		      all_lines_fit(out, 78 + 40),
		      __FILE__, __LINE__, "code 0x%08x printed as:\n%s",
		      smc_causes[i].code, out);
		free(flat);
	}
}

/* --- --replay segments ---------------------------------------------------- */

static void test_syn_options(void)
{
	static const uint8_t expect[20] = {
		2, 4, 0x05, 0xb4,
		1, 1, 254, 6, 0x73, 0x63, 0x6b, 0x21,
		1, 1, 254, 6, 0xe2, 0xd4, 0xc3, 0xd9,
	};
	struct smc_chk_optscan r;
	uint8_t opt[40];
	size_t n;

	CHECK_INT(smc_chk_syn_options(opt, 19), 0);
	n = smc_chk_syn_options(opt, sizeof(opt));
	CHECK_INT(n, 20);
	CHECK(!memcmp(opt, expect, sizeof(expect)));
	CHECK(SMC_CHK_PROBE_MAGIC != SMC_CHK_SMC_MAGIC);

	smc_chk_scan_options(opt, n, &r);
	CHECK(r.mss && r.probe && r.smc && !r.malformed);
}

static void test_scan_options(void)
{
	struct smc_chk_optscan r;

	{	/* EOL ends the list; what follows is not looked at */
		static const uint8_t o[] = { 0, 254, 6, 0x73, 0x63, 0x6b,
					     0x21, 0 };

		smc_chk_scan_options(o, sizeof(o), &r);
		CHECK(!r.probe && !r.malformed);
	}
	{	/* the probe magic in an option of another length */
		static const uint8_t o[] = { 254, 8, 0x73, 0x63, 0x6b, 0x21,
					     0, 0 };

		smc_chk_scan_options(o, sizeof(o), &r);
		CHECK(!r.probe && !r.malformed);
	}
	{	/* another experimental option, then the probe */
		static const uint8_t o[] = { 254, 4, 0xf9, 0x89,
					     254, 6, 0x73, 0x63, 0x6b, 0x21,
					     1, 1 };

		smc_chk_scan_options(o, sizeof(o), &r);
		CHECK(r.probe && !r.smc && !r.malformed);
	}
	{	/* length 0 would loop forever */
		static const uint8_t o[] = { 8, 0, 1, 1 };

		smc_chk_scan_options(o, sizeof(o), &r);
		CHECK(r.malformed);
	}
	{	/* an option running past the end */
		static const uint8_t o[] = { 254, 6, 0x73, 0x63, 0x6b };

		smc_chk_scan_options(o, sizeof(o), &r);
		CHECK(r.malformed && !r.probe);
	}
	{	/* a kind without its length byte */
		static const uint8_t o[] = { 1, 1, 1, 8 };

		smc_chk_scan_options(o, sizeof(o), &r);
		CHECK(r.malformed);
	}
	smc_chk_scan_options(NULL, 0, &r);
	CHECK(!r.malformed && !r.probe && !r.smc && !r.mss);
}

static struct smc_chk_tcp sample_syn(void)
{
	struct smc_chk_tcp t = {
		.sport = 40000,
		.dport = 5100,
		.seq = 0x01020304,
		.flags = SMC_CHK_TCP_SYN,
		.window = 64240,
	};

	inet_pton(AF_INET, "10.0.0.1", &t.saddr);
	inet_pton(AF_INET, "10.0.0.2", &t.daddr);
	return t;
}

static void test_build_tcp(void)
{
	struct smc_chk_tcp t = sample_syn();
	uint8_t seg[64], opt[40], pseudo[12];
	size_t n, optlen;
	uint32_t sum;

	optlen = smc_chk_syn_options(opt, sizeof(opt));
	n = smc_chk_build_tcp(seg, sizeof(seg), &t, opt, optlen);
	CHECK_INT(n, 40);
	CHECK(seg[0] == 0x9c && seg[1] == 0x40);	/* 40000 */
	CHECK(seg[2] == 0x13 && seg[3] == 0xec);	/* 5100 */
	CHECK(seg[4] == 1 && seg[5] == 2 && seg[6] == 3 && seg[7] == 4);
	CHECK_INT(seg[12], 10 << 4);
	CHECK_INT(seg[13], SMC_CHK_TCP_SYN);
	CHECK(!memcmp(seg + 20, opt, optlen));
	/* the checksum worked out independently (python) */
	CHECK_INT(seg[16] << 8 | seg[17], 0x11ad);

	/* and it verifies: pseudo header + segment sum to 0xffff */
	memcpy(pseudo, &t.saddr, 4);
	memcpy(pseudo + 4, &t.daddr, 4);
	pseudo[8] = 0;
	pseudo[9] = 6;
	pseudo[10] = 0;
	pseudo[11] = n;
	sum = smc_chk_csum_add(0, pseudo, 12);
	sum = smc_chk_csum_add(sum, seg, n);
	CHECK_INT(smc_chk_csum_fold(sum), 0xffff);

	/* odd lengths pad with a zero byte */
	sum = smc_chk_csum_add(0, (const uint8_t *)"\x01\x02\x03", 3);
	CHECK_INT(smc_chk_csum_fold(sum), 0x0402);
	CHECK_INT(smc_chk_csum_fold(0x2fffd), 0xffff);

	/* an RST without options */
	t.flags = SMC_CHK_TCP_RST;
	CHECK_INT(smc_chk_build_tcp(seg, sizeof(seg), &t, NULL, 0), 20);
	CHECK_INT(seg[12], 5 << 4);
	CHECK_INT(seg[13], SMC_CHK_TCP_RST);

	/* bad arguments */
	CHECK_INT(smc_chk_build_tcp(seg, sizeof(seg), &t, opt, 3), 0);
	CHECK_INT(smc_chk_build_tcp(seg, sizeof(seg), &t, opt, 44), 0);
	CHECK_INT(smc_chk_build_tcp(seg, 39, &t, opt, 20), 0);
}

/* an IPv4 packet around a TCP segment answering t, options as given */
static size_t make_answer(uint8_t *pkt, const struct smc_chk_tcp *t,
			  uint8_t flags, uint32_t ack, const uint8_t *opt,
			  size_t optlen)
{
	struct smc_chk_tcp a = {
		.saddr = t->daddr,
		.daddr = t->saddr,
		.sport = t->dport,
		.dport = t->sport,
		.seq = 0xa0b0c0d0,
		.ack = ack,
		.flags = flags,
		.window = 65160,
	};
	size_t n;

	memset(pkt, 0, 24);
	pkt[0] = 0x46;			/* IPv4 with 4 bytes of IP options */
	pkt[8] = 64;
	pkt[9] = IPPROTO_TCP;
	pkt[6] = 0x40;			/* DF */
	memcpy(pkt + 12, &a.saddr, 4);
	memcpy(pkt + 16, &a.daddr, 4);
	pkt[20] = 1;			/* IP options: NOPs */
	pkt[21] = 1;
	pkt[22] = 1;
	pkt[23] = 0;
	n = smc_chk_build_tcp(pkt + 24, 64, &a, opt, optlen);
	pkt[2] = (24 + n) >> 8;
	pkt[3] = 24 + n;
	return 24 + n;
}

static void test_parse_and_match(void)
{
	static const uint8_t echo[] = { 2, 4, 5, 0xb4,
					1, 1, 254, 6, 0x73, 0x63, 0x6b, 0x21 };
	static const uint8_t mss_smc[] = { 2, 4, 5, 0xb4,
					   1, 1, 254, 6, 0xe2, 0xd4, 0xc3, 0xd9 };
	struct smc_chk_tcp syn = sample_syn();
	struct smc_chk_seg s;
	uint8_t pkt[128], bad[128];
	size_t n;

	n = make_answer(pkt, &syn, SMC_CHK_TCP_SYN | SMC_CHK_TCP_ACK,
			syn.seq + 1, mss_smc, sizeof(mss_smc));
	CHECK_INT(smc_chk_parse_ipv4_tcp(pkt, n, &s), 0);
	CHECK_INT(s.sport, 5100);
	CHECK_INT(s.dport, 40000);
	CHECK_INT(s.seq, 0xa0b0c0d0);
	CHECK_INT(s.ack, 0x01020305);
	CHECK(s.opts.mss && s.opts.smc && !s.opts.probe);
	CHECK_INT(smc_chk_match(&s, &syn), SMC_CHK_ANS_SYNACK);
	/* trailing bytes beyond the IP total length do not count */
	CHECK_INT(smc_chk_parse_ipv4_tcp(pkt, n + 10, &s), 0);

	/* not ours: another port, another address, a stale ack */
	s.dport = 40001;
	CHECK_INT(smc_chk_match(&s, &syn), SMC_CHK_ANS_NONE);
	smc_chk_parse_ipv4_tcp(pkt, n, &s);
	s.saddr ^= htonl(1);
	CHECK_INT(smc_chk_match(&s, &syn), SMC_CHK_ANS_NONE);
	n = make_answer(pkt, &syn, SMC_CHK_TCP_SYN | SMC_CHK_TCP_ACK,
			syn.seq, NULL, 0);
	smc_chk_parse_ipv4_tcp(pkt, n, &s);
	CHECK_INT(smc_chk_match(&s, &syn), SMC_CHK_ANS_NONE);
	/* our own SYN coming back over lo */
	n = make_answer(pkt, &syn, SMC_CHK_TCP_SYN, 0, NULL, 0);
	smc_chk_parse_ipv4_tcp(pkt, n, &s);
	CHECK_INT(smc_chk_match(&s, &syn), SMC_CHK_ANS_NONE);
	/* the port is closed */
	n = make_answer(pkt, &syn, SMC_CHK_TCP_RST | SMC_CHK_TCP_ACK,
			syn.seq + 1, NULL, 0);
	smc_chk_parse_ipv4_tcp(pkt, n, &s);
	CHECK_INT(smc_chk_match(&s, &syn), SMC_CHK_ANS_RST);
	/* a replaying server */
	n = make_answer(pkt, &syn, SMC_CHK_TCP_SYN | SMC_CHK_TCP_ACK,
			syn.seq + 1, echo, sizeof(echo));
	CHECK_INT(smc_chk_parse_ipv4_tcp(pkt, n, &s), 0);
	CHECK(s.opts.probe && !s.opts.smc);

	/* what is not an unfragmented IPv4 TCP segment */
	CHECK_INT(smc_chk_parse_ipv4_tcp(pkt, 19, &s), -1);
	memcpy(bad, pkt, n);
	bad[0] = 0x66;				/* IPv6 */
	CHECK_INT(smc_chk_parse_ipv4_tcp(bad, n, &s), -1);
	memcpy(bad, pkt, n);
	bad[0] = 0x44;				/* IHL 16 bytes */
	CHECK_INT(smc_chk_parse_ipv4_tcp(bad, n, &s), -1);
	memcpy(bad, pkt, n);
	bad[9] = IPPROTO_UDP;
	CHECK_INT(smc_chk_parse_ipv4_tcp(bad, n, &s), -1);
	memcpy(bad, pkt, n);
	bad[6] = 0x20;				/* more fragments */
	CHECK_INT(smc_chk_parse_ipv4_tcp(bad, n, &s), -1);
	memcpy(bad, pkt, n);
	bad[7] = 0x01;				/* fragment offset */
	CHECK_INT(smc_chk_parse_ipv4_tcp(bad, n, &s), -1);
	CHECK_INT(smc_chk_parse_ipv4_tcp(pkt, n - 1, &s), -1); /* truncated */
	memcpy(bad, pkt, n);
	bad[24 + 12] = 0xf0;			/* TCP header past the end */
	CHECK_INT(smc_chk_parse_ipv4_tcp(bad, n, &s), -1);
	memcpy(bad, pkt, n);
	bad[24 + 12] = 0x40;			/* TCP header too short */
	CHECK_INT(smc_chk_parse_ipv4_tcp(bad, n, &s), -1);
	memcpy(bad, pkt, n);
	bad[2] = 0;
	bad[3] = 24 + 19;			/* total length cuts TCP */
	CHECK_INT(smc_chk_parse_ipv4_tcp(bad, n, &s), -1);
}

static void test_print_replay(void)
{
	struct smc_chk_tcp syn = sample_syn();
	struct smc_chk_seg s;
	uint8_t pkt[128];
	const char *out;
	FILE *f;

	memset(&s, 0, sizeof(s));
	s.saddr = syn.daddr;
	s.sport = 5100;
	f = capture_open();
	CHECK_INT(smc_chk_print_replay(f, &s), 0);
	out = capture_close(f);
	CHECK_HAS(out, "SYN-ACK from 10.0.0.2:5100\n");
	CHECK_HAS(out, "magic 0x73636b21): not replayed\n");
	CHECK_HAS(out, "absent, the server does not offer SMC");
	CHECK_HAS(out, "result: the server did not replay the TCP option\n");
	CHECK_HASNT(out, "REPLAYED");

	s.opts.smc = true;
	f = capture_open();
	CHECK_INT(smc_chk_print_replay(f, &s), 0);
	out = capture_close(f);
	CHECK_HAS(out, "present, the server offers SMC\n");

	/* the echo makes the SMC option worthless */
	s.opts.probe = true;
	s.opts.malformed = true;
	f = capture_open();
	CHECK_INT(smc_chk_print_replay(f, &s), 1);
	out = capture_close(f);
	CHECK_HAS(out, "): REPLAYED\n");
	CHECK_HAS(out, "present, but worthless");
	CHECK_HAS(out, "malformed");
	CHECK_HAS(out, "result: the server replays TCP options");
	CHECK_HASNT(out, "not replayed");
	CHECK_HASNT(out, "did not replay");
	CHECK(all_lines_fit(out, 78));
	(void)pkt;
}

/* --- robustness ------------------------------------------------------------ */

static uint32_t rnd(void)
{
	static uint32_t x = 2463534242u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

static void test_mutations(void)
{
	struct smc_chk_view v = smcr_view(), d;
	struct smc_chk_tcp syn = sample_syn();
	char line[SMC_CHK_LINE_MAX + 1], m[SMC_CHK_LINE_MAX + 1];
	uint8_t pkt[128], mp[128];
	struct smc_chk_seg s;
	int n, i, ok = 0;
	size_t pn;

	n = smc_chk_encode_reply(line, sizeof(line), &v);
	pn = make_answer(pkt, &syn, SMC_CHK_TCP_SYN | SMC_CHK_TCP_ACK,
			 syn.seq + 1, NULL, 0);
	for (i = 0; i < 20000; i++) {
		size_t len = rnd() % (n + 1), plen = rnd() % (pn + 1);
		int k;

		memcpy(m, line, n);
		memcpy(mp, pkt, pn);
		for (k = rnd() % 4; k >= 0; k--) {
			m[rnd() % n] = rnd();
			mp[rnd() % pn] = rnd();
		}
		/* under ASan: any input, no out-of-bounds access */
		if (!smc_chk_decode_reply(m, len, &d)) {
			ok++;
			CHECK(strlen(d.ibdev) < sizeof(d.ibdev));
			CHECK(strlen(d.gid) < sizeof(d.gid));
		}
		smc_chk_parse_ipv4_tcp(mp, plen, &s);
	}
	CHECK(ok > 0);
}

int main(void)
{
	test_reply_roundtrip();
	test_reply_decode();
	test_hello();
	test_view_from_sock();
	test_print_view();
	test_print_code();
	test_syn_options();
	test_scan_options();
	test_build_tcp();
	test_parse_and_match();
	test_print_replay();
	test_mutations();
	free(capture_buf);

	printf("test_smc_chk: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
