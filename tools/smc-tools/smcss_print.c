// SPDX-License-Identifier: GPL-2.0
/*
 * smcss output: the table, the --explain section and --json.
 */
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "smcss.h"
#include "smc_causes.h"
#include "../../net/smc/smc_state.h"

#define ADDR_WIDTH	23	/* what a table row gives an address */
#define IBDEV_WIDTH	15
#define MODE_WIDTH	25	/* "TCP 0x05000000/0x03030001" */
#define EXPLAIN_WIDTH	79
#define LINE_MAX_LEN	2048

const char *smcss_state_name(uint8_t state)
{
	return smc_state_name(state);
}

uint8_t smcss_diag_ext(const struct smcss_opts *opts)
{
	uint8_t ext = 0;

	if (opts->debug || opts->json)
		ext |= 1 << (SMC_DIAG_CONNINFO - 1);
	if (opts->smcr || opts->json)
		ext |= 1 << (SMC_DIAG_LGRINFO - 1);
	if (opts->smcd || opts->json)
		ext |= 1 << (SMC_DIAG_DMBINFO - 1);
	return ext;
}

bool smcss_selected(const struct smcss_opts *opts, const struct smcss_sock *s)
{
	if (opts->listening)
		return s->state == SMC_LISTEN;
	if (opts->all)
		return true;
	return s->state != SMC_LISTEN;
}

static void addr_text(char *buf, size_t size, int af, const uint8_t *addr)
{
	if (af == AF_INET6 && !memcmp(addr, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12)) {
		af = AF_INET;
		addr += 12;
	}
	if (!af || !inet_ntop(af, addr, buf, size))
		snprintf(buf, size, "?");
}

void smcss_fmt_addr(char *buf, size_t size, int af, const uint8_t *addr,
		    uint16_t port)
{
	char a[INET6_ADDRSTRLEN];

	addr_text(a, sizeof(a), af, addr);
	if (af == AF_INET6 && strchr(a, ':'))
		snprintf(buf, size, "[%s]:%u", a, port);
	else
		snprintf(buf, size, "%s:%u", a, port);
}

void smcss_fmt_mode(char *buf, size_t size, const struct smcss_sock *s)
{
	switch (s->mode) {
	case SMC_DIAG_MODE_SMCR:
		snprintf(buf, size, "SMCR");
		break;
	case SMC_DIAG_MODE_SMCD:
		snprintf(buf, size, "SMCD");
		break;
	case SMC_DIAG_MODE_FALLBACK_TCP:
		if (!(s->have & SMCSS_HAVE_FALLBACK))
			snprintf(buf, size, "TCP");
		else if (s->fb.peer_diagnosis)
			snprintf(buf, size, "TCP 0x%08x/0x%08x",
				 s->fb.reason, s->fb.peer_diagnosis);
		else
			snprintf(buf, size, "TCP 0x%08x", s->fb.reason);
		break;
	default:
		snprintf(buf, size, "mode%u", s->mode);
		break;
	}
}

void smcss_fmt_shutdown(char *buf, size_t size, uint8_t shutdown)
{
	/* bit 0: no more receiving, bit 1: no more sending */
	snprintf(buf, size, "%c-%c", shutdown & 1 ? 'R' : '<',
		 shutdown & 2 ? 'W' : '>');
}

/*
 * Strings inside kernel structures: stop at the field end even without a
 * NUL, and keep control characters off the terminal.
 */
static void safe_str(char *dst, size_t dsize, const uint8_t *src,
		     size_t ssize)
{
	size_t i;

	for (i = 0; i < ssize && i + 1 < dsize && src[i]; i++)
		dst[i] = src[i] > 0x20 && src[i] < 0x7f ? (char)src[i] : '?';
	dst[i] = '\0';
}

static void fmt_cursor(char *buf, size_t size, const struct smc_diag_cursor *c)
{
	snprintf(buf, size, "%04x:%08x", c->wrap, c->count);
}

/* A row of the table, built column by column. */
struct line {
	char buf[LINE_MAX_LEN];
	size_t len;
};

static void line_col(struct line *l, const char *text, int width, bool trunc)
{
	size_t tl = strlen(text);
	size_t room = sizeof(l->buf) - l->len - 1;

	if (trunc && width > 0 && tl > (size_t)width)
		tl = width;
	if (tl > room)
		tl = room;
	memcpy(l->buf + l->len, text, tl);
	l->len += tl;
	while (l->len < sizeof(l->buf) - 1 &&
	       (width > 0 && tl < (size_t)width)) {
		l->buf[l->len++] = ' ';
		tl++;
	}
	if (l->len < sizeof(l->buf) - 1)
		l->buf[l->len++] = ' ';
	l->buf[l->len] = '\0';
}

static void line_blank(struct line *l, int width)
{
	line_col(l, "", width, false);
}

static void line_end(FILE *f, struct line *l)
{
	while (l->len && l->buf[l->len - 1] == ' ')
		l->len--;
	l->buf[l->len] = '\0';
	fprintf(f, "%s\n", l->buf);
	l->len = 0;
	l->buf[0] = '\0';
}

/*
 * Fit "address:port" into a column: the port is what tells connections of
 * one host apart, so the address gives way and ".." marks the cut.
 */
static void fit_addr(char *out, size_t size, const char *full, int width)
{
	const char *colon = strrchr(full, ':');
	size_t flen = strlen(full), plen, keep;

	if (flen <= (size_t)width || !colon) {
		snprintf(out, size, "%.*s", width, full);
		return;
	}
	plen = strlen(colon);
	if (plen + 2 >= (size_t)width) {
		snprintf(out, size, "%.*s", width, full);
		return;
	}
	keep = width - plen - 2;
	snprintf(out, size, "%.*s..%s", (int)keep, full, colon);
}

struct widths {
	int lcl;
	int rmt;
	int ibdev;
};

static void compute_widths(const struct smcss_opts *opts,
			   const struct smcss_list *list, struct widths *w)
{
	char buf[128];
	size_t i;

	w->lcl = ADDR_WIDTH;
	w->rmt = ADDR_WIDTH;
	w->ibdev = IBDEV_WIDTH;
	if (!opts->wide)
		return;
	for (i = 0; i < list->n; i++) {
		const struct smcss_sock *s = &list->socks[i];
		int n;

		if (!smcss_selected(opts, s))
			continue;
		smcss_fmt_addr(buf, sizeof(buf), s->af, s->lcl_addr,
			       s->lcl_port);
		n = strlen(buf);
		if (n > w->lcl)
			w->lcl = n;
		smcss_fmt_addr(buf, sizeof(buf), s->af, s->rmt_addr,
			       s->rmt_port);
		n = strlen(buf);
		if (n > w->rmt)
			w->rmt = n;
		if (s->have & SMCSS_HAVE_LGRINFO) {
			safe_str(buf, sizeof(buf), s->lgr.lnk[0].ibname,
				 sizeof(s->lgr.lnk[0].ibname));
			n = strlen(buf);
			if (n > w->ibdev)
				w->ibdev = n;
		}
	}
}

static bool more_columns(const struct smcss_opts *opts)
{
	return opts->debug || opts->smcr || opts->smcd;
}

static void print_header(FILE *f, const struct smcss_opts *opts,
			 const struct widths *w)
{
	struct line l = { .len = 0 };

	line_col(&l, "State", 14, false);
	line_col(&l, "UID", 5, false);
	line_col(&l, "Inode", 7, false);
	line_col(&l, "Local Address", w->lcl, false);
	line_col(&l, "Peer Address", w->rmt, false);
	line_col(&l, "Intf", 4, false);
	line_col(&l, "Mode", more_columns(opts) ? MODE_WIDTH : 0, false);
	if (opts->debug) {
		line_col(&l, "Shutd", 5, false);
		line_col(&l, "Token", 8, false);
		line_col(&l, "Sndbuf", 8, false);
		line_col(&l, "Rcvbuf", 8, false);
		line_col(&l, "Peerbuf", 8, false);
		line_col(&l, "rxprod-Cursor", 13, false);
		line_col(&l, "rxcons-Cursor", 13, false);
		line_col(&l, "rxFlags", 7, false);
		line_col(&l, "txprod-Cursor", 13, false);
		line_col(&l, "txcons-Cursor", 13, false);
		line_col(&l, "txFlags", 7, false);
		line_col(&l, "txprep-Cursor", 13, false);
		line_col(&l, "txsent-Cursor", 13, false);
		line_col(&l, "txfin-Cursor", 13, false);
	}
	if (opts->smcr) {
		line_col(&l, "Role", 4, false);
		line_col(&l, "IB-device", w->ibdev, false);
		line_col(&l, "Port", 4, false);
		line_col(&l, "Linkid", 6, false);
		line_col(&l, "GID", 39, false);
		line_col(&l, "Peer-GID", 39, false);
	}
	if (opts->smcd) {
		line_col(&l, "GID", 16, false);
		line_col(&l, "Token", 16, false);
		line_col(&l, "Peer-GID", 16, false);
		line_col(&l, "Peer-Token", 16, false);
		line_col(&l, "Linkid", 8, false);
	}
	line_end(f, &l);
}

static void debug_columns(struct line *l, const struct smcss_sock *s)
{
	const struct smc_diag_conninfo *c = &s->conn;
	char buf[64];
	int i;

	smcss_fmt_shutdown(buf, sizeof(buf), s->shutdown);
	line_col(l, buf, 5, false);
	if (!(s->have & SMCSS_HAVE_CONNINFO)) {
		for (i = 0; i < 4; i++)
			line_blank(l, 8);
		for (i = 0; i < 9; i++)
			line_blank(l, i == 2 || i == 5 ? 7 : 13);
		return;
	}
	snprintf(buf, sizeof(buf), "%08x", c->token);
	line_col(l, buf, 8, false);
	snprintf(buf, sizeof(buf), "%u", c->sndbuf_size);
	line_col(l, buf, 8, false);
	snprintf(buf, sizeof(buf), "%u", c->rmbe_size);
	line_col(l, buf, 8, false);
	snprintf(buf, sizeof(buf), "%u", c->peer_rmbe_size);
	line_col(l, buf, 8, false);
	fmt_cursor(buf, sizeof(buf), &c->rx_prod);
	line_col(l, buf, 13, false);
	fmt_cursor(buf, sizeof(buf), &c->rx_cons);
	line_col(l, buf, 13, false);
	snprintf(buf, sizeof(buf), "%02x:%02x", c->rx_prod_flags,
		 c->rx_conn_state_flags);
	line_col(l, buf, 7, false);
	fmt_cursor(buf, sizeof(buf), &c->tx_prod);
	line_col(l, buf, 13, false);
	fmt_cursor(buf, sizeof(buf), &c->tx_cons);
	line_col(l, buf, 13, false);
	snprintf(buf, sizeof(buf), "%02x:%02x", c->tx_prod_flags,
		 c->tx_conn_state_flags);
	line_col(l, buf, 7, false);
	fmt_cursor(buf, sizeof(buf), &c->tx_prep);
	line_col(l, buf, 13, false);
	fmt_cursor(buf, sizeof(buf), &c->tx_sent);
	line_col(l, buf, 13, false);
	fmt_cursor(buf, sizeof(buf), &c->tx_fin);
	line_col(l, buf, 13, false);
}

static void smcr_columns(struct line *l, const struct smcss_sock *s,
			 const struct smcss_opts *opts, const struct widths *w)
{
	const struct smc_diag_linkinfo *lnk = &s->lgr.lnk[0];
	char buf[128];

	if (!(s->have & SMCSS_HAVE_LGRINFO)) {
		line_blank(l, 4);
		line_blank(l, w->ibdev);
		line_blank(l, 4);
		line_blank(l, 6);
		line_blank(l, 39);
		line_blank(l, 39);
		return;
	}
	line_col(l, s->lgr.role ? "SERV" : "CLNT", 4, false);
	safe_str(buf, sizeof(buf), lnk->ibname, sizeof(lnk->ibname));
	line_col(l, buf, w->ibdev, !opts->wide);
	snprintf(buf, sizeof(buf), "%u", lnk->ibport);
	line_col(l, buf, 4, false);
	snprintf(buf, sizeof(buf), "%u", lnk->link_id);
	line_col(l, buf, 6, false);
	safe_str(buf, sizeof(buf), lnk->gid, sizeof(lnk->gid));
	line_col(l, buf, 39, false);
	safe_str(buf, sizeof(buf), lnk->peer_gid, sizeof(lnk->peer_gid));
	line_col(l, buf, 39, false);
}

static void smcd_columns(struct line *l, const struct smcss_sock *s)
{
	const struct smcd_diag_dmbinfo *d = &s->dmb;
	char buf[32];

	if (!(s->have & SMCSS_HAVE_DMBINFO)) {
		line_blank(l, 16);
		line_blank(l, 16);
		line_blank(l, 16);
		line_blank(l, 16);
		line_blank(l, 8);
		return;
	}
	snprintf(buf, sizeof(buf), "%016" PRIx64, (uint64_t)d->my_gid);
	line_col(l, buf, 16, false);
	snprintf(buf, sizeof(buf), "%016" PRIx64, (uint64_t)d->token);
	line_col(l, buf, 16, false);
	snprintf(buf, sizeof(buf), "%016" PRIx64, (uint64_t)d->peer_gid);
	line_col(l, buf, 16, false);
	snprintf(buf, sizeof(buf), "%016" PRIx64, (uint64_t)d->peer_token);
	line_col(l, buf, 16, false);
	snprintf(buf, sizeof(buf), "%08x", d->linkid);
	line_col(l, buf, 8, false);
}

static void print_row(FILE *f, const struct smcss_opts *opts,
		      const struct widths *w, const struct smcss_sock *s)
{
	struct line l = { .len = 0 };
	char full[128], buf[128];
	const char *name = smcss_state_name(s->state);

	if (!name) {
		snprintf(buf, sizeof(buf), "%u", s->state);
		name = buf;
	}
	line_col(&l, name, 14, false);
	snprintf(buf, sizeof(buf), "%05u", s->uid);
	line_col(&l, buf, 5, false);
	snprintf(buf, sizeof(buf), "%07" PRIu64, s->inode);
	line_col(&l, buf, 7, false);

	smcss_fmt_addr(full, sizeof(full), s->af, s->lcl_addr, s->lcl_port);
	fit_addr(buf, sizeof(buf), full, w->lcl);
	line_col(&l, buf, w->lcl, false);
	smcss_fmt_addr(full, sizeof(full), s->af, s->rmt_addr, s->rmt_port);
	fit_addr(buf, sizeof(buf), full, w->rmt);
	line_col(&l, buf, w->rmt, false);

	snprintf(buf, sizeof(buf), "%04u", s->ifindex);
	line_col(&l, buf, 4, false);
	smcss_fmt_mode(buf, sizeof(buf), s);
	line_col(&l, buf, more_columns(opts) ? MODE_WIDTH : 0, false);

	if (opts->debug)
		debug_columns(&l, s);
	if (opts->smcr)
		smcr_columns(&l, s, opts, w);
	if (opts->smcd)
		smcd_columns(&l, s);
	line_end(f, &l);
}

void smcss_print_table(FILE *f, const struct smcss_opts *opts,
		       const struct smcss_list *list)
{
	struct widths w;
	size_t i;

	compute_widths(opts, list, &w);
	print_header(f, opts, &w);
	for (i = 0; i < list->n; i++)
		if (smcss_selected(opts, &list->socks[i]))
			print_row(f, opts, &w, &list->socks[i]);
}

/* --explain */

#define SEEN_LOCAL	1
#define SEEN_PEER	2

struct seen_code {
	uint32_t code;
	unsigned int where;	/* SEEN_x */
	unsigned int count;
};

static int seen_cmp(const void *a, const void *b)
{
	const struct seen_code *x = a, *y = b;

	return x->code < y->code ? -1 : x->code > y->code;
}

static int note_code(struct seen_code **v, size_t *n, size_t *cap,
		     uint32_t code, unsigned int where)
{
	size_t i;

	if (!code)
		return 0;
	for (i = 0; i < *n; i++) {
		if ((*v)[i].code == code) {
			(*v)[i].where |= where;
			(*v)[i].count++;
			return 0;
		}
	}
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct seen_code *nv = realloc(*v, nc * sizeof(*nv));

		if (!nv)
			return -1;
		*v = nv;
		*cap = nc;
	}
	(*v)[*n].code = code;
	(*v)[*n].where = where;
	(*v)[*n].count = 1;
	(*n)++;
	return 0;
}

/* Word-wraps text after a label; continuation lines line up under it. */
static void print_wrapped(FILE *f, const char *label, const char *text)
{
	int indent = strlen(label);
	int col = indent;
	const char *p = text;

	fputs(label, f);
	while (*p) {
		const char *end;
		int wl;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		end = strchr(p, ' ');
		if (!end)
			end = p + strlen(p);
		wl = end - p;
		if (col > indent && col + 1 + wl > EXPLAIN_WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		}
		if (col > indent) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, wl, f);
		col += wl;
		p = end;
	}
	fputc('\n', f);
}

static const char *where_text(unsigned int where)
{
	switch (where) {
	case SEEN_LOCAL:
		return "this host";
	case SEEN_PEER:
		return "peer";
	default:
		return "this host and peer";
	}
}

static void explain_code(FILE *f, const struct seen_code *sc)
{
	const struct smc_cause *c = smc_cause_find(sc->code);
	int err = smc_cause_errno(sc->code);
	char label[128];

	snprintf(label, sizeof(label), "0x%08x", sc->code);
	fprintf(f, "%s %s (reported by %s, %u socket%s)\n", label,
		c ? c->summary : err ? "error instead of a cause code" :
				       "unknown code",
		where_text(sc->where), sc->count, sc->count == 1 ? "" : "s");
	if (c) {
		print_wrapped(f, "    Cause: ", c->cause);
		print_wrapped(f, "    Fix:   ", c->fix);
	} else if (err) {
		char text[256];

		snprintf(text, sizeof(text),
			 "The handshake failed with error %d (%s), which has no cause code of its own.",
			 -err, strerror(err));
		print_wrapped(f, "    Cause: ", text);
		print_wrapped(f, "    Fix:   ",
			      "Look in dmesg on both hosts for SMC messages around the time of the connection.");
	} else {
		print_wrapped(f, "    Cause: ",
			      "This code is not in the cause table of this smcss; the peer may run a newer or different SMC implementation.");
	}
}

void smcss_print_explain(FILE *f, const struct smcss_opts *opts,
			 const struct smcss_list *list)
{
	struct seen_code *v = NULL;
	size_t n = 0, cap = 0, i;

	for (i = 0; i < list->n; i++) {
		const struct smcss_sock *s = &list->socks[i];

		if (!smcss_selected(opts, s) ||
		    !(s->have & SMCSS_HAVE_FALLBACK))
			continue;
		if (note_code(&v, &n, &cap, s->fb.reason, SEEN_LOCAL) ||
		    note_code(&v, &n, &cap, s->fb.peer_diagnosis, SEEN_PEER)) {
			fprintf(f, "\n(out of memory while collecting codes)\n");
			free(v);
			return;
		}
	}

	if (!n) {
		fprintf(f, "\nNo listed socket fell back to TCP.\n");
		free(v);
		return;
	}
	qsort(v, n, sizeof(*v), seen_cmp);
	fprintf(f, "\nWhy connections use TCP (first code: this host, after the slash: peer):\n");
	for (i = 0; i < n; i++) {
		fputc('\n', f);
		explain_code(f, &v[i]);
	}
	free(v);
}

/* --json */

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_code(FILE *f, const char *name, uint32_t code, bool explain)
{
	const struct smc_cause *c = smc_cause_find(code);

	fprintf(f, ",\"%s\":{\"code\":\"0x%08x\"", name, code);
	if (c) {
		fprintf(f, ",\"id\":");
		json_str(f, c->id);
		fprintf(f, ",\"summary\":");
		json_str(f, c->summary);
		if (explain) {
			fprintf(f, ",\"cause\":");
			json_str(f, c->cause);
			fprintf(f, ",\"fix\":");
			json_str(f, c->fix);
		}
	} else if (smc_cause_errno(code)) {
		fprintf(f, ",\"errno\":%d", smc_cause_errno(code));
	}
	fputc('}', f);
}

static void json_cursor(FILE *f, const char *name,
			const struct smc_diag_cursor *c)
{
	fprintf(f, ",\"%s\":{\"wrap\":%u,\"count\":%u}", name, c->wrap,
		c->count);
}

static void json_sock(FILE *f, const struct smcss_opts *opts,
		      const struct smcss_sock *s)
{
	const char *name = smcss_state_name(s->state);
	char buf[128];

	fprintf(f, "{\"state\":");
	if (name)
		json_str(f, name);
	else
		fprintf(f, "%u", s->state);
	fprintf(f, ",\"uid\":%u,\"inode\":%" PRIu64, s->uid, s->inode);
	fprintf(f, ",\"family\":\"%s\"",
		s->af == AF_INET ? "inet" : s->af == AF_INET6 ? "inet6" :
		"unknown");
	addr_text(buf, sizeof(buf), s->af, s->lcl_addr);
	fprintf(f, ",\"local_address\":");
	json_str(f, buf);
	fprintf(f, ",\"local_port\":%u", s->lcl_port);
	addr_text(buf, sizeof(buf), s->af, s->rmt_addr);
	fprintf(f, ",\"peer_address\":");
	json_str(f, buf);
	fprintf(f, ",\"peer_port\":%u,\"interface\":%u", s->rmt_port,
		s->ifindex);
	fprintf(f, ",\"mode\":\"%s\"",
		s->mode == SMC_DIAG_MODE_SMCR ? "SMCR" :
		s->mode == SMC_DIAG_MODE_SMCD ? "SMCD" :
		s->mode == SMC_DIAG_MODE_FALLBACK_TCP ? "TCP" : "unknown");
	smcss_fmt_shutdown(buf, sizeof(buf), s->shutdown);
	fprintf(f, ",\"shutdown\":");
	json_str(f, buf);

	if (s->have & SMCSS_HAVE_FALLBACK) {
		json_code(f, "fallback_reason", s->fb.reason, opts->explain);
		if (s->fb.peer_diagnosis)
			json_code(f, "peer_diagnosis", s->fb.peer_diagnosis,
				  opts->explain);
	}
	if (s->have & SMCSS_HAVE_CONNINFO) {
		const struct smc_diag_conninfo *c = &s->conn;

		fprintf(f, ",\"conninfo\":{\"token\":\"%08x\",\"sndbuf\":%u,"
			"\"rmbe\":%u,\"peer_rmbe\":%u", c->token,
			c->sndbuf_size, c->rmbe_size, c->peer_rmbe_size);
		json_cursor(f, "rx_prod", &c->rx_prod);
		json_cursor(f, "rx_cons", &c->rx_cons);
		json_cursor(f, "tx_prod", &c->tx_prod);
		json_cursor(f, "tx_cons", &c->tx_cons);
		json_cursor(f, "tx_prep", &c->tx_prep);
		json_cursor(f, "tx_sent", &c->tx_sent);
		json_cursor(f, "tx_fin", &c->tx_fin);
		fprintf(f, ",\"rx_flags\":\"%02x:%02x\",\"tx_flags\":\"%02x:%02x\"}",
			c->rx_prod_flags, c->rx_conn_state_flags,
			c->tx_prod_flags, c->tx_conn_state_flags);
	}
	if (s->have & SMCSS_HAVE_LGRINFO) {
		const struct smc_diag_linkinfo *lnk = &s->lgr.lnk[0];

		fprintf(f, ",\"lgrinfo\":{\"role\":\"%s\",\"ibdev\":",
			s->lgr.role ? "SERV" : "CLNT");
		safe_str(buf, sizeof(buf), lnk->ibname, sizeof(lnk->ibname));
		json_str(f, buf);
		fprintf(f, ",\"ibport\":%u,\"link_id\":%u,\"gid\":",
			lnk->ibport, lnk->link_id);
		safe_str(buf, sizeof(buf), lnk->gid, sizeof(lnk->gid));
		json_str(f, buf);
		fprintf(f, ",\"peer_gid\":");
		safe_str(buf, sizeof(buf), lnk->peer_gid,
			 sizeof(lnk->peer_gid));
		json_str(f, buf);
		fputc('}', f);
	}
	if (s->have & SMCSS_HAVE_DMBINFO) {
		const struct smcd_diag_dmbinfo *d = &s->dmb;

		fprintf(f, ",\"dmbinfo\":{\"linkid\":%u,\"gid\":\"%016" PRIx64
			"\",\"token\":\"%016" PRIx64 "\",\"peer_gid\":\"%016"
			PRIx64 "\",\"peer_token\":\"%016" PRIx64 "\"}",
			d->linkid, (uint64_t)d->my_gid, (uint64_t)d->token,
			(uint64_t)d->peer_gid, (uint64_t)d->peer_token);
	}
	fputc('}', f);
}

void smcss_print_json(FILE *f, const struct smcss_opts *opts,
		      const struct smcss_list *list)
{
	bool first = true;
	size_t i;

	fputc('[', f);
	for (i = 0; i < list->n; i++) {
		if (!smcss_selected(opts, &list->socks[i]))
			continue;
		fputs(first ? "\n" : ",\n", f);
		json_sock(f, opts, &list->socks[i]);
		first = false;
	}
	fputs(first ? "]\n" : "\n]\n", f);
}
