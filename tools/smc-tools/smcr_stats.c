// SPDX-License-Identifier: GPL-2.0
/*
 * smcr stats: the SMC-R summary, RX/TX and extra counters, the fallback
 * reasons, their JSON form, and "stats reset".
 *
 * The kernel never resets its counters.  Like smc-tools, "reset" saves the
 * current values in a per-user cache file under /tmp and later shows
 * subtract them.  Levels (buffer bytes in use) are not counters and are
 * always shown as they are.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "smcr.h"
#include "smc_causes.h"

#define CACHE_MAGIC	"smcr-stats-cache"
#define CACHE_VERSION	1

_Static_assert(sizeof(struct smcr_counters) ==
	       SMCR_NCOUNTERS * sizeof(uint64_t),
	       "struct smcr_counters must hold nothing but counters");

/* pointers to every counter, in a fixed order (the cache file's) */
static size_t counter_ptrs(struct smcr_counters *c, uint64_t **out)
{
	size_t n = 0;
	int t, h, i;

	for (t = 0; t < SMCR_NTECH; t++) {
		struct smcr_tech *te = &c->tech[t];

		for (h = 0; h < SMCR_NHIST; h++)
			for (i = 0; i < SMCR_NBUCKETS; i++)
				out[n++] = &te->hist[h][i];
		for (h = 0; h < 2; h++)
			for (i = 0; i < SMCR_NRMB; i++)
				out[n++] = &te->rmb[h][i];
		for (i = 0; i < SMCR_NCNT; i++)
			out[n++] = &te->cnt[i];
	}
	out[n++] = &c->hs_err_clnt;
	out[n++] = &c->hs_err_srv;
	out[n++] = &c->fback_srv;
	out[n++] = &c->fback_clnt;
	return n;
}

/* --- derived values -------------------------------------------------------- */

struct summary {
	uint64_t clnt, srv, v1, v2, smc;
	uint64_t hs_err, fback, total;
	double avg_reqs;
};

static void summarize(const struct smcr_stats *st, struct summary *s)
{
	uint64_t c1 = SMCR_T_CNT(st, SMCR_TECH_R, SMC_NLA_STATS_T_CLNT_V1_SUCC);
	uint64_t c2 = SMCR_T_CNT(st, SMCR_TECH_R, SMC_NLA_STATS_T_CLNT_V2_SUCC);
	uint64_t s1 = SMCR_T_CNT(st, SMCR_TECH_R, SMC_NLA_STATS_T_SRV_V1_SUCC);
	uint64_t s2 = SMCR_T_CNT(st, SMCR_TECH_R, SMC_NLA_STATS_T_SRV_V2_SUCC);
	uint64_t reqs = SMCR_T_CNT(st, SMCR_TECH_R, SMC_NLA_STATS_T_RX_CNT) +
			SMCR_T_CNT(st, SMCR_TECH_R, SMC_NLA_STATS_T_TX_CNT);

	s->clnt = c1 + c2;
	s->srv = s1 + s2;
	s->v1 = c1 + s1;
	s->v2 = c2 + s2;
	s->smc = s->clnt + s->srv;
	/* handshake errors and fallbacks are not kept per technology */
	s->hs_err = st->c.hs_err_clnt + st->c.hs_err_srv;
	s->fback = st->c.fback_clnt + st->c.fback_srv;
	s->total = s->smc + s->hs_err + s->fback;
	s->avg_reqs = s->smc ? (double)reqs / (double)s->smc : 0.0;
}

/* SMC-R buffers stop at 512 KiB: the two largest buckets become one */
#define NCOLS	8
static const char *const col_names[NCOLS] = {
	"8KB", "16KB", "32KB", "64KB", "128KB", "256KB", "512KB", ">512KB",
};

static void columns(const uint64_t *hist, uint64_t *cols)
{
	int i;

	for (i = 0; i < NCOLS; i++)
		cols[i] = hist[i];
	cols[NCOLS - 1] += hist[NCOLS];
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void reason_text(uint32_t code, char *buf, size_t size)
{
	const struct smc_cause *c = smc_cause_find(code);
	int err = smc_cause_errno(code);

	if (c)
		snprintf(buf, size, "%s", c->summary);
	else if (err)
		snprintf(buf, size, "%s", strerror(err));
	else
		snprintf(buf, size, "unknown reason");
}

static int rsn_cmp(const void *a, const void *b)
{
	const struct smcr_fback *x = a, *y = b;
	unsigned int tx = x->srv + x->clnt, ty = y->srv + y->clnt;

	if (tx != ty)
		return tx > ty ? -1 : 1;
	return x->code < y->code ? -1 : x->code > y->code;
}

/* reasons with a count, most frequent first */
static size_t sorted_reasons(const struct smcr_stats *st,
			     struct smcr_fback *out)
{
	size_t i, n = 0;

	for (i = 0; i < st->n_rsn; i++)
		if (st->rsn[i].srv || st->rsn[i].clnt)
			out[n++] = st->rsn[i];
	qsort(out, n, sizeof(*out), rsn_cmp);
	return n;
}

/* --- text ------------------------------------------------------------------ */

#define ROW	"  %-26s %12" PRIu64

static void print_hist(FILE *f, const char *label, const uint64_t *hist)
{
	uint64_t cols[NCOLS];
	int i;

	columns(hist, cols);
	fprintf(f, "  %-6s", label);
	for (i = 0; i < NCOLS; i++)
		fprintf(f, " %7" PRIu64, cols[i]);
	fputc('\n', f);
}

static void print_dir(FILE *f, const struct smcr_opts *o,
		      const struct smcr_stats *st, bool tx)
{
	const struct smcr_tech *t = &st->c.tech[SMCR_TECH_R];
	const uint64_t *rmb = t->rmb[tx ? SMCR_RMB_TX : SMCR_RMB_RX];
	uint64_t bytes = SMCR_T_CNT(st, SMCR_TECH_R, tx ?
				    SMC_NLA_STATS_T_TX_BYTES :
				    SMC_NLA_STATS_T_RX_BYTES);
	uint64_t reqs = SMCR_T_CNT(st, SMCR_TECH_R, tx ?
				   SMC_NLA_STATS_T_TX_CNT :
				   SMC_NLA_STATS_T_RX_CNT);
	uint64_t full = rmb[SMC_NLA_STATS_RMB_FULL_CNT - 1];
	uint64_t full_peer = rmb[SMC_NLA_STATS_RMB_FULL_PEER_CNT - 1];
	char h[32];
	int i;

	fprintf(f, "%s Stats\n", tx ? "TX" : "RX");
	smcr_fmt_bytes(h, sizeof(h), bytes);
	fprintf(f, ROW " (%s)\n", tx ? "Data transmitted (Bytes)" :
		"Data received (Bytes)", bytes, h);
	fprintf(f, ROW "\n", "Total requests", reqs);
	if (st->have_usage[SMCR_TECH_R]) {
		uint64_t use = st->usage[SMCR_TECH_R][tx ? SMCR_RMB_TX :
						      SMCR_RMB_RX];

		smcr_fmt_bytes(h, sizeof(h), use);
		fprintf(f, ROW " (%s)\n", "Buffer usage (Bytes)", use, h);
	}
	fprintf(f, ROW " (%.2f%%)\n", "Buffer full", full, pct(full, reqs));
	if (tx)
		fprintf(f, ROW " (%.2f%%)\n", "Buffer full (remote)",
			full_peer, pct(full_peer, reqs));
	fprintf(f, ROW "\n", "Buffer too small",
		rmb[SMC_NLA_STATS_RMB_SIZE_SM_CNT - 1]);
	if (tx)
		fprintf(f, ROW "\n", "Buffer too small (remote)",
			rmb[SMC_NLA_STATS_RMB_SIZE_SM_PEER_CNT - 1]);
	fprintf(f, ROW "\n", "Buffer downgrades",
		rmb[SMC_NLA_STATS_RMB_DGRADE_CNT - 1]);
	fprintf(f, ROW "\n", "Buffer reuses",
		rmb[SMC_NLA_STATS_RMB_REUSE_CNT - 1]);
	if (o->detail)
		fprintf(f, ROW "\n", "Buffer allocations",
			rmb[SMC_NLA_STATS_RMB_ALLOC_CNT - 1]);
	fprintf(f, "  %-6s", "");
	for (i = 0; i < NCOLS; i++)
		fprintf(f, " %7s", col_names[i]);
	fputc('\n', f);
	print_hist(f, "Bufs", t->hist[tx ? SMCR_H_TX_RMB : SMCR_H_RX_RMB]);
	print_hist(f, "Reqs", t->hist[tx ? SMCR_H_TX_PLOAD : SMCR_H_RX_PLOAD]);
	fputc('\n', f);
}

void smcr_print_stats(FILE *f, const struct smcr_opts *o,
		      const struct smcr_stats *st, bool relative)
{
	struct smcr_fback rsn[SMCR_MAX_RSN];
	uint64_t cork, ndly, sendpage, splice, urg;
	struct summary s;
	size_t i, n;

	summarize(st, &s);
	fprintf(f, "SMC-R Connections Summary%s\n",
		relative ? " (since the last reset)" : "");
	fprintf(f, ROW "\n", "Total connections handled", s.total);
	fprintf(f, ROW " (client %" PRIu64 ", server %" PRIu64 ")\n",
		"SMC connections", s.smc, s.clnt, s.srv);
	fprintf(f, "    %-24s %12" PRIu64 "\n", "v1", s.v1);
	fprintf(f, "    %-24s %12" PRIu64 "\n", "v2", s.v2);
	fprintf(f, ROW " (client %" PRIu64 ", server %" PRIu64 ")\n",
		"Handshake errors", s.hs_err, st->c.hs_err_clnt,
		st->c.hs_err_srv);
	fprintf(f, "  %-26s %12.1f\n", "Avg requests per SMC conn",
		s.avg_reqs);
	fprintf(f, ROW " (client %" PRIu64 ", server %" PRIu64 ")\n",
		"TCP fallback", s.fback, st->c.fback_clnt, st->c.fback_srv);
	fputc('\n', f);

	print_dir(f, o, st, false);
	print_dir(f, o, st, true);

	cork = SMCR_T_CNT(st, SMCR_TECH_R, SMC_NLA_STATS_T_CORK_CNT);
	ndly = SMCR_T_CNT(st, SMCR_TECH_R, SMC_NLA_STATS_T_NDLY_CNT);
	sendpage = SMCR_T_CNT(st, SMCR_TECH_R, SMC_NLA_STATS_T_SENDPAGE_CNT);
	splice = SMCR_T_CNT(st, SMCR_TECH_R, SMC_NLA_STATS_T_SPLICE_CNT);
	urg = SMCR_T_CNT(st, SMCR_TECH_R, SMC_NLA_STATS_T_URG_DATA_CNT);
	fprintf(f, "Extras\n");
	fprintf(f, ROW "\n", "Special socket calls",
		cork + ndly + sendpage + splice + urg);
	fprintf(f, "    %-24s %12" PRIu64 "\n", "cork", cork);
	fprintf(f, "    %-24s %12" PRIu64 "\n", "nodelay", ndly);
	fprintf(f, "    %-24s %12" PRIu64 "\n", "sendpage", sendpage);
	fprintf(f, "    %-24s %12" PRIu64 "\n", "splice", splice);
	fprintf(f, "    %-24s %12" PRIu64 "\n", "urgent data", urg);

	n = sorted_reasons(st, rsn);
	if (!n)
		return;
	fprintf(f, "\nFallback Reasons\n");
	fprintf(f, "  %-10s  %6s  %6s  %s\n", "Code", "Server", "Client",
		"Reason");
	for (i = 0; i < n; i++) {
		char text[128];

		reason_text(rsn[i].code, text, sizeof(text));
		fprintf(f, "  0x%08x  %6u  %6u  %s\n", rsn[i].code,
			rsn[i].srv, rsn[i].clnt, text);
	}
}

/* --- JSON ------------------------------------------------------------------ */

void smcr_json_str(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
}

static void json_u64(FILE *f, const char *key, uint64_t v, bool last)
{
	fprintf(f, "\"%s\": %" PRIu64 "%s", key, v, last ? "" : ", ");
}

static void json_hist(FILE *f, const char *key, const uint64_t *hist)
{
	uint64_t cols[NCOLS];
	int i;

	columns(hist, cols);
	fprintf(f, "\"%s\": {", key);
	for (i = 0; i < NCOLS; i++)
		json_u64(f, col_names[i], cols[i], i == NCOLS - 1);
	fprintf(f, "}");
}

static void json_dir(FILE *f, const struct smcr_stats *st, bool tx)
{
	const struct smcr_tech *t = &st->c.tech[SMCR_TECH_R];
	const uint64_t *rmb = t->rmb[tx ? SMCR_RMB_TX : SMCR_RMB_RX];

	fprintf(f, "    \"%s\": {", tx ? "tx" : "rx");
	json_u64(f, "bytes", SMCR_T_CNT(st, SMCR_TECH_R, tx ?
					SMC_NLA_STATS_T_TX_BYTES :
					SMC_NLA_STATS_T_RX_BYTES), false);
	json_u64(f, "requests", SMCR_T_CNT(st, SMCR_TECH_R, tx ?
					   SMC_NLA_STATS_T_TX_CNT :
					   SMC_NLA_STATS_T_RX_CNT), false);
	if (st->have_usage[SMCR_TECH_R])
		json_u64(f, "buffer_usage",
			 st->usage[SMCR_TECH_R][tx ? SMCR_RMB_TX :
						SMCR_RMB_RX], false);
	json_u64(f, "buffer_full", rmb[SMC_NLA_STATS_RMB_FULL_CNT - 1], false);
	json_u64(f, "buffer_full_remote",
		 rmb[SMC_NLA_STATS_RMB_FULL_PEER_CNT - 1], false);
	json_u64(f, "buffer_too_small",
		 rmb[SMC_NLA_STATS_RMB_SIZE_SM_CNT - 1], false);
	json_u64(f, "buffer_too_small_remote",
		 rmb[SMC_NLA_STATS_RMB_SIZE_SM_PEER_CNT - 1], false);
	json_u64(f, "buffer_downgrades",
		 rmb[SMC_NLA_STATS_RMB_DGRADE_CNT - 1], false);
	json_u64(f, "buffer_reuses", rmb[SMC_NLA_STATS_RMB_REUSE_CNT - 1],
		 false);
	json_u64(f, "buffer_allocations",
		 rmb[SMC_NLA_STATS_RMB_ALLOC_CNT - 1], false);
	json_hist(f, "buffers", t->hist[tx ? SMCR_H_TX_RMB : SMCR_H_RX_RMB]);
	fprintf(f, ", ");
	json_hist(f, "requests_by_size",
		  t->hist[tx ? SMCR_H_TX_PLOAD : SMCR_H_RX_PLOAD]);
	fprintf(f, "},\n");
}

void smcr_print_stats_json(FILE *f, const struct smcr_opts *o,
			   const struct smcr_stats *st, bool relative)
{
	struct smcr_fback rsn[SMCR_MAX_RSN];
	struct summary s;
	size_t i, n;

	(void)o;
	summarize(st, &s);
	fprintf(f, "{\n  \"since_reset\": %s,\n", relative ? "true" : "false");
	fprintf(f, "  \"smcr\": {\n    \"connections\": {");
	json_u64(f, "total", s.total, false);
	fprintf(f, "\"smc\": {");
	json_u64(f, "total", s.smc, false);
	json_u64(f, "client", s.clnt, false);
	json_u64(f, "server", s.srv, false);
	json_u64(f, "v1", s.v1, false);
	json_u64(f, "v2", s.v2, true);
	fprintf(f, "}, \"handshake_errors\": {");
	json_u64(f, "client", st->c.hs_err_clnt, false);
	json_u64(f, "server", st->c.hs_err_srv, true);
	fprintf(f, "}, \"avg_requests_per_conn\": %.1f, ", s.avg_reqs);
	fprintf(f, "\"fallback\": {");
	json_u64(f, "client", st->c.fback_clnt, false);
	json_u64(f, "server", st->c.fback_srv, true);
	fprintf(f, "}},\n");
	json_dir(f, st, false);
	json_dir(f, st, true);
	fprintf(f, "    \"extras\": {");
	json_u64(f, "cork", SMCR_T_CNT(st, SMCR_TECH_R,
				       SMC_NLA_STATS_T_CORK_CNT), false);
	json_u64(f, "nodelay", SMCR_T_CNT(st, SMCR_TECH_R,
					  SMC_NLA_STATS_T_NDLY_CNT), false);
	json_u64(f, "sendpage", SMCR_T_CNT(st, SMCR_TECH_R,
					   SMC_NLA_STATS_T_SENDPAGE_CNT),
		 false);
	json_u64(f, "splice", SMCR_T_CNT(st, SMCR_TECH_R,
					 SMC_NLA_STATS_T_SPLICE_CNT), false);
	json_u64(f, "urgent_data", SMCR_T_CNT(st, SMCR_TECH_R,
					      SMC_NLA_STATS_T_URG_DATA_CNT),
		 true);
	fprintf(f, "}\n  },\n  \"fallback_reasons\": [");

	n = sorted_reasons(st, rsn);
	for (i = 0; i < n; i++) {
		char text[128];

		reason_text(rsn[i].code, text, sizeof(text));
		fprintf(f, "%s\n    {\"code\": \"0x%08x\", \"reason\": \"",
			i ? "," : "", rsn[i].code);
		smcr_json_str(f, text);
		fprintf(f, "\", \"server\": %u, \"client\": %u}", rsn[i].srv,
			rsn[i].clnt);
	}
	fprintf(f, "%s]\n}\n", n ? "\n  " : "");
}

/* --- reset ----------------------------------------------------------------- */

void smcr_stats_cache_path(char *buf, size_t size, uid_t uid)
{
	snprintf(buf, size, "/tmp/.smcstats-smcr.u%u", (unsigned int)uid);
}

int smcr_stats_save(const char *path, const struct smcr_stats *st,
		    char *err, size_t errsize)
{
	uint64_t *ptrs[SMCR_NCOUNTERS];
	struct smcr_counters c = st->c;
	char tmp[4096];
	size_t i, n;
	FILE *f;
	int fd, rc;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp)) {
		snprintf(err, errsize, "cache path too long");
		return -ENAMETOOLONG;
	}
	/* a fresh file of our own, renamed over the old one when complete */
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = -errno;
		snprintf(err, errsize, "cannot create %s: %s", tmp,
			 strerror(errno));
		return rc;
	}
	f = fdopen(fd, "w");
	if (!f) {
		rc = -errno;
		close(fd);
		unlink(tmp);
		snprintf(err, errsize, "cannot write %s: %s", tmp,
			 strerror(-rc));
		return rc;
	}
	n = counter_ptrs(&c, ptrs);
	fprintf(f, "%s %d %zu\n", CACHE_MAGIC, CACHE_VERSION, n);
	for (i = 0; i < n; i++)
		fprintf(f, "c %zu %" PRIu64 "\n", i, *ptrs[i]);
	for (i = 0; i < st->n_rsn; i++)
		fprintf(f, "r 0x%08x %u %u\n", st->rsn[i].code, st->rsn[i].srv,
			st->rsn[i].clnt);
	if (ferror(f) | fclose(f)) {
		rc = -EIO;
		unlink(tmp);
		snprintf(err, errsize, "cannot write %s", tmp);
		return rc;
	}
	if (rename(tmp, path)) {
		rc = -errno;
		unlink(tmp);
		snprintf(err, errsize, "cannot replace %s: %s", path,
			 strerror(-rc));
		return rc;
	}
	return 0;
}

static int parse_cache(FILE *f, struct smcr_stats *base)
{
	uint64_t *ptrs[SMCR_NCOUNTERS];
	char line[256], magic[32];
	bool seen[SMCR_NCOUNTERS] = { false };
	size_t n, cnt, idx;
	int version;

	n = counter_ptrs(&base->c, ptrs);
	if (!fgets(line, sizeof(line), f) ||
	    sscanf(line, "%31s %d %zu", magic, &version, &cnt) != 3 ||
	    strcmp(magic, CACHE_MAGIC) || version != CACHE_VERSION || cnt != n)
		return -EINVAL;
	while (fgets(line, sizeof(line), f)) {
		unsigned int code, srv, clnt;
		uint64_t v;

		if (sscanf(line, "c %zu %" SCNu64, &idx, &v) == 2) {
			if (idx >= n || seen[idx])
				return -EINVAL;
			*ptrs[idx] = v;
			seen[idx] = true;
		} else if (sscanf(line, "r %x %u %u", &code, &srv, &clnt) == 3) {
			if (srv > UINT16_MAX || clnt > UINT16_MAX ||
			    base->n_rsn >= SMCR_MAX_RSN)
				return -EINVAL;
			base->rsn[base->n_rsn].code = code;
			base->rsn[base->n_rsn].srv = (uint16_t)srv;
			base->rsn[base->n_rsn].clnt = (uint16_t)clnt;
			base->n_rsn++;
		} else {
			return -EINVAL;
		}
	}
	for (idx = 0; idx < n; idx++)
		if (!seen[idx])
			return -EINVAL;
	return 0;
}

int smcr_stats_load(const char *path, struct smcr_stats *base,
		    char *err, size_t errsize)
{
	struct stat sb;
	FILE *f;
	int fd, rc;

	memset(base, 0, sizeof(*base));
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		if (rc != -ENOENT)
			snprintf(err, errsize, "cannot open %s: %s", path,
				 strerror(-rc));
		return rc;
	}
	/* /tmp is shared: only a file of ours that nobody else can write */
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode) ||
	    sb.st_uid != geteuid() || (sb.st_mode & 022)) {
		close(fd);
		snprintf(err, errsize,
			 "ignoring %s: not a regular file of this user, or writable by others",
			 path);
		return -EPERM;
	}
	f = fdopen(fd, "r");
	if (!f) {
		rc = -errno;
		close(fd);
		snprintf(err, errsize, "cannot read %s: %s", path,
			 strerror(-rc));
		return rc;
	}
	rc = parse_cache(f, base);
	fclose(f);
	if (rc) {
		memset(base, 0, sizeof(*base));
		snprintf(err, errsize, "ignoring %s: not a cache of this smcr",
			 path);
	}
	return rc;
}

enum smcr_sub smcr_stats_subtract(struct smcr_stats *st,
				  const struct smcr_stats *base)
{
	uint64_t *cur[SMCR_NCOUNTERS], *old[SMCR_NCOUNTERS];
	struct smcr_counters b = base->c;
	size_t i, j, n;

	n = counter_ptrs(&st->c, cur);
	counter_ptrs(&b, old);
	/* counters only grow while the module stays loaded */
	for (i = 0; i < n; i++)
		if (*old[i] > *cur[i])
			return SMCR_SUB_STALE;
	for (i = 0; i < n; i++)
		*cur[i] -= *old[i];

	/* 16-bit reason counts wrap; modulo arithmetic still gives the delta */
	for (i = 0; i < st->n_rsn; i++) {
		for (j = 0; j < base->n_rsn; j++) {
			if (base->rsn[j].code != st->rsn[i].code)
				continue;
			st->rsn[i].srv = (uint16_t)(st->rsn[i].srv -
						    base->rsn[j].srv);
			st->rsn[i].clnt = (uint16_t)(st->rsn[i].clnt -
						     base->rsn[j].clnt);
			break;
		}
	}
	return SMCR_SUB_OK;
}
