// SPDX-License-Identifier: GPL-2.0
/*
 * The parts of smc_chk that do no I/O: the one-line check protocol, the
 * probe segments of --replay and the report texts.  The explanations of
 * cause codes come from the shared table through smc_cause_find().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "smc_chk.h"
#include "smc_causes.h"

#define WRAP_WIDTH	78

/* --- the check protocol ------------------------------------------------- */

static void copy_field(char *dst, size_t size, const uint8_t *src,
		       size_t srclen)
{
	size_t n = strnlen((const char *)src, srclen);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void smc_chk_view_from_sock(struct smc_chk_view *v,
			    const struct smcss_sock *s)
{
	const struct smc_diag_linkinfo *l = &s->lgr.lnk[0];

	memset(v, 0, sizeof(*v));
	v->mode = s->mode;
	if (s->have & SMCSS_HAVE_FALLBACK) {
		v->reason = s->fb.reason;
		v->peer_diag = s->fb.peer_diagnosis;
	}
	if (s->mode == SMC_DIAG_MODE_SMCR && (s->have & SMCSS_HAVE_LGRINFO) &&
	    l->ibname[0]) {
		v->have_link = true;
		copy_field(v->ibdev, sizeof(v->ibdev), l->ibname,
			   sizeof(l->ibname));
		v->ibport = l->ibport;
		copy_field(v->gid, sizeof(v->gid), l->gid, sizeof(l->gid));
		copy_field(v->peer_gid, sizeof(v->peer_gid), l->peer_gid,
			   sizeof(l->peer_gid));
	}
}

static bool dev_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

static bool gid_char(char c)
{
	return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
	       (c >= '0' && c <= '9') || c == ':' || c == '.';
}

/* a token of allowed characters only, shorter than size; "-" is empty */
static bool token_ok(const char *s, size_t size, bool (*ok)(char))
{
	size_t n = strlen(s);
	size_t i;

	if (!n || n >= size)
		return false;
	for (i = 0; i < n; i++)
		if (!ok(s[i]))
			return false;
	return true;
}

int smc_chk_encode_reply(char *buf, size_t size, const struct smc_chk_view *v)
{
	bool link = v->have_link &&
		    token_ok(v->ibdev, sizeof(v->ibdev), dev_char);
	const char *gid = "-", *pgid = "-";
	int n;

	if (link && token_ok(v->gid, sizeof(v->gid), gid_char))
		gid = v->gid;
	if (link && token_ok(v->peer_gid, sizeof(v->peer_gid), gid_char))
		pgid = v->peer_gid;
	n = snprintf(buf, size,
		     "%s mode=%u reason=0x%08x peer=0x%08x dev=%s port=%u gid=%s pgid=%s\n",
		     SMC_CHK_PROTO, v->mode, v->reason, v->peer_diag,
		     link ? v->ibdev : "-", link ? v->ibport : 0, gid, pgid);
	if (n < 0 || (size_t)n >= size || n > SMC_CHK_LINE_MAX)
		return -1;
	return n;
}

/* copies one line without its '\n' into buf; false if it cannot be one */
static bool take_line(char *buf, size_t size, const char *line, size_t len)
{
	size_t i;

	if (len && line[len - 1] == '\n')
		len--;
	if (len && line[len - 1] == '\r')
		len--;
	if (len >= size)
		return false;
	for (i = 0; i < len; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			return false;
	memcpy(buf, line, len);
	buf[len] = '\0';
	return true;
}

bool smc_chk_is_hello(const char *line, size_t len)
{
	char buf[SMC_CHK_LINE_MAX + 1];

	return take_line(buf, sizeof(buf), line, len) &&
	       !strcmp(buf, SMC_CHK_PROTO " HELLO");
}

static bool parse_num(const char *s, bool hex, unsigned long max,
		      unsigned long *out)
{
	char *end;

	if (hex) {
		if (strncmp(s, "0x", 2) || strlen(s) != 10)
			return false;
		s += 2;
	}
	if (*s < '0' || (*s > '9' && !hex))
		return false;
	errno = 0;
	*out = strtoul(s, &end, hex ? 16 : 10);
	return !errno && !*end && *out <= max;
}

int smc_chk_decode_reply(const char *line, size_t len,
			 struct smc_chk_view *v)
{
	enum { K_MODE = 1, K_REASON = 2, K_PEER = 4 };
	char buf[SMC_CHK_LINE_MAX + 1];
	char dev[IB_DEVICE_NAME_MAX] = "";
	unsigned int seen = 0;
	char *tok, *save;
	unsigned long n;

	memset(v, 0, sizeof(*v));
	if (!take_line(buf, sizeof(buf), line, len))
		return -1;
	tok = strtok_r(buf, " ", &save);
	if (!tok || strcmp(tok, SMC_CHK_PROTO))
		return -1;
	while ((tok = strtok_r(NULL, " ", &save))) {
		char *val = strchr(tok, '=');

		if (!val)
			return -1;
		*val++ = '\0';
		if (!strcmp(tok, "mode")) {
			if (!parse_num(val, false, 255, &n))
				return -1;
			v->mode = n;
			seen |= K_MODE;
		} else if (!strcmp(tok, "reason")) {
			if (!parse_num(val, true, UINT32_MAX, &n))
				return -1;
			v->reason = n;
			seen |= K_REASON;
		} else if (!strcmp(tok, "peer")) {
			if (!parse_num(val, true, UINT32_MAX, &n))
				return -1;
			v->peer_diag = n;
			seen |= K_PEER;
		} else if (!strcmp(tok, "dev")) {
			if (strcmp(val, "-") &&
			    !token_ok(val, sizeof(dev), dev_char))
				return -1;
			strcpy(dev, val);
		} else if (!strcmp(tok, "port")) {
			if (!parse_num(val, false, 255, &n))
				return -1;
			v->ibport = n;
		} else if (!strcmp(tok, "gid") || !strcmp(tok, "pgid")) {
			char *dst = tok[0] == 'g' ? v->gid : v->peer_gid;

			if (!strcmp(val, "-"))
				continue;
			if (!token_ok(val, sizeof(v->gid), gid_char))
				return -1;
			strcpy(dst, val);
		}
		/* other keys: a newer smc_chk, ignored */
	}
	if (seen != (K_MODE | K_REASON | K_PEER))
		return -1;
	if (dev[0] && strcmp(dev, "-")) {
		v->have_link = true;
		strcpy(v->ibdev, dev);
	} else {
		v->ibport = 0;
		v->gid[0] = '\0';
		v->peer_gid[0] = '\0';
	}
	return 0;
}

int smc_chk_view_status(const struct smc_chk_view *v)
{
	return v->mode == SMC_DIAG_MODE_SMCR || v->mode == SMC_DIAG_MODE_SMCD ?
	       0 : 1;
}

/* --- report texts ------------------------------------------------------- */

/* text after label, wrapped at word boundaries, continuation lines indented */
static void print_wrapped(FILE *f, const char *label, const char *text)
{
	size_t indent = strlen(label);
	size_t col = indent;
	const char *p = text;

	fputs(label, f);
	while (*p) {
		size_t word;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		word = strcspn(p, " ");
		if (col > indent && col + 1 + word > WRAP_WIDTH) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		}
		if (col > indent) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, word, f);
		col += word;
		p += word;
	}
	fputc('\n', f);
}

void smc_chk_print_code(FILE *f, const char *label, uint32_t code)
{
	const struct smc_cause *c = smc_cause_find(code);
	int err = smc_cause_errno(code);

	if (c) {
		fprintf(f, "    %s 0x%08x: %s\n", label, code, c->summary);
		print_wrapped(f, "        Cause: ", c->cause);
		print_wrapped(f, "        Fix:   ", c->fix);
	} else if (err) {
		fprintf(f, "    %s 0x%08x: error %d (%s) instead of a cause code\n",
			label, code, -err, strerror(err));
		print_wrapped(f, "        Fix:   ",
			      "Look for SMC messages in dmesg on both hosts around the time of the connection.");
	} else {
		fprintf(f, "    %s 0x%08x: not in the cause table of this smc_chk\n",
			label, code);
		print_wrapped(f, "        Cause: ",
			      "The code may come from a newer or a different SMC implementation on the peer.");
	}
}

void smc_chk_print_view(FILE *f, const char *who,
			const struct smc_chk_view *v)
{
	switch (v->mode) {
	case SMC_DIAG_MODE_SMCR:
		fprintf(f, "%s: SMC-R\n", who);
		if (v->have_link)
			fprintf(f, "    link: %s port %u\n    GID:      %s\n    peer GID: %s\n",
				v->ibdev, v->ibport, v->gid[0] ? v->gid : "-",
				v->peer_gid[0] ? v->peer_gid : "-");
		else
			fprintf(f, "    link: no link group details reported\n");
		return;
	case SMC_DIAG_MODE_SMCD:
		fprintf(f, "%s: SMC-D\n", who);
		return;
	case SMC_DIAG_MODE_FALLBACK_TCP:
		fprintf(f, "%s: TCP fallback\n", who);
		break;
	default:
		fprintf(f, "%s: unknown mode %u, treated as TCP fallback\n",
			who, v->mode);
		break;
	}
	if (v->reason)
		smc_chk_print_code(f, "reason", v->reason);
	else
		fprintf(f, "    reason: none recorded\n");
	if (v->peer_diag)
		smc_chk_print_code(f, "peer diagnosis", v->peer_diag);
	else
		fprintf(f, "    peer diagnosis: none (no decline code from the peer)\n");
}

/* --- --replay: TCP segments --------------------------------------------- */

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* NOP, NOP, kind 254, length 6, magic: 8 bytes, as SMC lays out its own */
static void exp_option(uint8_t *p, uint32_t magic)
{
	p[0] = 1;
	p[1] = 1;
	p[2] = SMC_CHK_TCPOPT_EXP;
	p[3] = 6;
	put32(p + 4, magic);
}

size_t smc_chk_syn_options(uint8_t *buf, size_t size)
{
	if (size < 20)
		return 0;
	buf[0] = 2;		/* MSS */
	buf[1] = 4;
	put16(buf + 2, 1460);
	exp_option(buf + 4, SMC_CHK_PROBE_MAGIC);
	exp_option(buf + 12, SMC_CHK_SMC_MAGIC);
	return 20;
}

uint32_t smc_chk_csum_add(uint32_t sum, const uint8_t *data, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get16(data + i);
	if (len & 1)
		sum += (uint32_t)data[len - 1] << 8;
	return sum;
}

uint16_t smc_chk_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

size_t smc_chk_build_tcp(uint8_t *buf, size_t size,
			 const struct smc_chk_tcp *t, const uint8_t *opt,
			 size_t optlen)
{
	size_t len = SMC_CHK_TCP_HDR + optlen;
	uint8_t pseudo[12];
	uint32_t sum;

	if ((optlen & 3) || optlen > SMC_CHK_TCP_OPT_MAX || size < len)
		return 0;
	memset(buf, 0, SMC_CHK_TCP_HDR);
	put16(buf, t->sport);
	put16(buf + 2, t->dport);
	put32(buf + 4, t->seq);
	put32(buf + 8, t->ack);
	buf[12] = (uint8_t)(len / 4) << 4;
	buf[13] = t->flags;
	put16(buf + 14, t->window);
	if (optlen)
		memcpy(buf + SMC_CHK_TCP_HDR, opt, optlen);

	/* the addresses are kept in network order, i.e. as bytes */
	memcpy(pseudo, &t->saddr, 4);
	memcpy(pseudo + 4, &t->daddr, 4);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_TCP;
	put16(pseudo + 10, len);
	sum = smc_chk_csum_add(0, pseudo, sizeof(pseudo));
	sum = smc_chk_csum_add(sum, buf, len);
	put16(buf + 16, (uint16_t)~smc_chk_csum_fold(sum));
	return len;
}

void smc_chk_scan_options(const uint8_t *opt, size_t len,
			  struct smc_chk_optscan *r)
{
	size_t i = 0;

	memset(r, 0, sizeof(*r));
	while (i < len) {
		uint8_t kind = opt[i], olen;

		if (kind == 0)		/* end of option list */
			break;
		if (kind == 1) {	/* NOP */
			i++;
			continue;
		}
		if (i + 1 >= len) {
			r->malformed = true;
			break;
		}
		olen = opt[i + 1];
		if (olen < 2 || olen > len - i) {
			r->malformed = true;
			break;
		}
		if (kind == 2 && olen == 4)
			r->mss = true;
		if (kind == SMC_CHK_TCPOPT_EXP && olen == 6) {
			uint32_t magic = get32(opt + i + 2);

			if (magic == SMC_CHK_PROBE_MAGIC)
				r->probe = true;
			else if (magic == SMC_CHK_SMC_MAGIC)
				r->smc = true;
		}
		i += olen;
	}
}

int smc_chk_parse_ipv4_tcp(const uint8_t *pkt, size_t len,
			   struct smc_chk_seg *s)
{
	size_t ihl, tot, doff;
	const uint8_t *tcp;

	memset(s, 0, sizeof(*s));
	if (len < 20 || pkt[0] >> 4 != 4)
		return -1;
	ihl = (size_t)(pkt[0] & 0x0f) * 4;
	tot = get16(pkt + 2);
	if (ihl < 20 || tot < ihl || tot > len)
		return -1;
	/* a fragment has no complete TCP header to look at */
	if (get16(pkt + 6) & 0x3fff)
		return -1;
	if (pkt[9] != IPPROTO_TCP)
		return -1;
	memcpy(&s->saddr, pkt + 12, 4);
	memcpy(&s->daddr, pkt + 16, 4);

	tcp = pkt + ihl;
	len = tot - ihl;
	if (len < SMC_CHK_TCP_HDR)
		return -1;
	doff = (size_t)(tcp[12] >> 4) * 4;
	if (doff < SMC_CHK_TCP_HDR || doff > len)
		return -1;
	s->sport = get16(tcp);
	s->dport = get16(tcp + 2);
	s->seq = get32(tcp + 4);
	s->ack = get32(tcp + 8);
	s->flags = tcp[13];
	smc_chk_scan_options(tcp + SMC_CHK_TCP_HDR, doff - SMC_CHK_TCP_HDR,
			     &s->opts);
	return 0;
}

enum smc_chk_answer smc_chk_match(const struct smc_chk_seg *s,
				  const struct smc_chk_tcp *syn)
{
	uint32_t want_ack = syn->seq + 1;

	if (s->saddr != syn->daddr || s->daddr != syn->saddr ||
	    s->sport != syn->dport || s->dport != syn->sport)
		return SMC_CHK_ANS_NONE;
	if (!(s->flags & SMC_CHK_TCP_ACK) || s->ack != want_ack)
		return SMC_CHK_ANS_NONE;
	if (s->flags & SMC_CHK_TCP_RST)
		return SMC_CHK_ANS_RST;
	if ((s->flags & SMC_CHK_TCP_SYN) && !(s->flags & SMC_CHK_TCP_FIN))
		return SMC_CHK_ANS_SYNACK;
	return SMC_CHK_ANS_NONE;
}

int smc_chk_print_replay(FILE *f, const struct smc_chk_seg *synack)
{
	const struct smc_chk_optscan *o = &synack->opts;
	char addr[INET_ADDRSTRLEN];

	if (!inet_ntop(AF_INET, &synack->saddr, addr, sizeof(addr)))
		strcpy(addr, "?");
	fprintf(f, "SYN-ACK from %s:%u\n", addr, synack->sport);
	fprintf(f, "probe option (kind %u, magic 0x%08x): %s\n",
		SMC_CHK_TCPOPT_EXP, SMC_CHK_PROBE_MAGIC,
		o->probe ? "REPLAYED" : "not replayed");
	if (!o->smc)
		fprintf(f, "SMC option: absent, the server does not offer SMC on this port\n");
	else if (o->probe)
		fprintf(f, "SMC option: present, but worthless: the server echoes unknown options\n");
	else
		fprintf(f, "SMC option: present, the server offers SMC\n");
	if (o->malformed)
		fprintf(f, "note: the option list of the SYN-ACK is malformed\n");

	if (!o->probe) {
		fprintf(f, "result: the server did not replay the TCP option\n");
		return 0;
	}
	print_wrapped(f, "result: ",
		      "the server replays TCP options it does not know (RFC 9293 says to ignore them). An SMC client takes the echoed SMC option for an SMC peer, and its connections to this server hang or fail in the SMC handshake while ping works. Do not use SMC for this destination.");
	return 1;
}
