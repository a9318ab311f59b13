// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of smcss: crafted sock_diag replies go through the decoder and
 * the formatters, and the cause table is checked for the rules the tools and
 * the manual rely on.
 *
 *   test_smcss                run the tests
 *   test_smcss --sample       print smcss -a -d -R --explain of a sample dump
 *   test_smcss --json-sample  print --json output of the same sample
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>

#include <linux/smc_ext.h>
#include <linux/smc_diag.h>

#include "smcss.h"
#include "smc_causes.h"

#include "check.h"

/* --- building replies ---------------------------------------------------- */

#define SEQ 4711

struct nlbuf {
	unsigned char b[16384];
	size_t len;
	size_t msg;	/* offset of the open message */
};

static void put(struct nlbuf *nb, const void *data, size_t len)
{
	if (nb->len + len > sizeof(nb->b))
		abort();
	memcpy(nb->b + nb->len, data, len);
	nb->len += len;
}

static void pad(struct nlbuf *nb)
{
	static const unsigned char zero[4];

	put(nb, zero, NLMSG_ALIGN(nb->len) - nb->len);
}

static void msg_begin(struct nlbuf *nb, uint16_t type, uint32_t seq)
{
	struct nlmsghdr h = {
		.nlmsg_type = type,
		.nlmsg_flags = NLM_F_MULTI,
		.nlmsg_seq = seq,
	};

	nb->msg = nb->len;
	put(nb, &h, sizeof(h));
}

static void msg_end(struct nlbuf *nb)
{
	uint32_t len = nb->len - nb->msg;

	memcpy(nb->b + nb->msg, &len, sizeof(len));
	pad(nb);
}

static void attr(struct nlbuf *nb, uint16_t type, const void *data,
		 size_t len)
{
	struct rtattr rta = {
		.rta_len = RTA_LENGTH(len),
		.rta_type = type,
	};

	put(nb, &rta, sizeof(rta));
	put(nb, data, len);
	pad(nb);
}

struct sk {
	int family;
	uint8_t state;
	uint8_t mode;
	const char *lcl;
	uint16_t lport;
	const char *rmt;
	uint16_t rport;
	uint32_t uid;
	uint64_t inode;
	uint32_t ifindex;
};

static void fill_addr(int family, const char *text, __be32 *words)
{
	if (family == AF_INET6 || strchr(text, ':')) {
		if (inet_pton(AF_INET6, text, words) != 1)
			abort();
	} else if (inet_pton(AF_INET, text, words) != 1) {
		abort();
	}
}

/* starts a socket message; attributes may follow before msg_end() */
static void sock_begin(struct nlbuf *nb, const struct sk *s, uint32_t seq)
{
	struct smc_diag_msg m;

	memset(&m, 0, sizeof(m));
	m.diag_family = s->family;
	m.diag_state = s->state;
	m.diag_mode = s->mode;
	m.id.idiag_sport = htons(s->lport);
	m.id.idiag_dport = htons(s->rport);
	m.id.idiag_if = s->ifindex;
	fill_addr(s->family, s->lcl, m.id.idiag_src);
	fill_addr(s->family, s->rmt, m.id.idiag_dst);
	m.diag_uid = s->uid;
	m.diag_inode = s->inode;
	msg_begin(nb, SOCK_DIAG_BY_FAMILY, seq);
	put(nb, &m, sizeof(m));
}

static void fallback_attr(struct nlbuf *nb, uint32_t reason, uint32_t peer)
{
	struct smc_diag_fallback fb = {
		.reason = reason,
		.peer_diagnosis = peer,
	};

	attr(nb, SMC_DIAG_FALLBACK, &fb, sizeof(fb));
}

static void shutdown_attr(struct nlbuf *nb, uint8_t how)
{
	attr(nb, SMC_DIAG_SHUTDOWN, &how, 1);
}

static void done_msg(struct nlbuf *nb, uint32_t seq, int err)
{
	msg_begin(nb, NLMSG_DONE, seq);
	put(nb, &err, sizeof(err));
	msg_end(nb);
}

static void error_msg(struct nlbuf *nb, uint32_t seq, int err)
{
	struct nlmsgerr e;

	memset(&e, 0, sizeof(e));
	e.error = err;
	msg_begin(nb, NLMSG_ERROR, seq);
	put(nb, &e, sizeof(e));
	msg_end(nb);
}

/* --- running the code under test ----------------------------------------- */

static char *capture_buf;

static FILE *capture_open(void)
{
	static size_t size;
	FILE *f;

	free(capture_buf);
	capture_buf = NULL;
	f = open_memstream(&capture_buf, &size);
	if (!f)
		abort();
	return f;
}

static const char *capture_close(FILE *f)
{
	fclose(f);
	return capture_buf;
}

static const char *table(const struct smcss_opts *o,
			 const struct smcss_list *l)
{
	FILE *f = capture_open();

	smcss_print_table(f, o, l);
	return capture_close(f);
}

static const char *explain(const struct smcss_opts *o,
			   const struct smcss_list *l)
{
	FILE *f = capture_open();

	smcss_print_explain(f, o, l);
	return capture_close(f);
}

/* the n-th line of text (0 based), without its newline */
static const char *line_of(const char *text, int n)
{
	static char buf[4096];
	const char *end;

	while (n-- > 0) {
		text = strchr(text, '\n');
		if (!text)
			return "";
		text++;
	}
	end = strchr(text, '\n');
	if (!end)
		end = text + strlen(text);
	snprintf(buf, sizeof(buf), "%.*s", (int)(end - text), text);
	return buf;
}

static enum smcss_dec decode(struct nlbuf *nb, struct smcss_list *l, int *err)
{
	return smcss_decode(nb->b, nb->len, SEQ, l, err);
}

/* --- tests ----------------------------------------------------------------- */

static const char *const HEADER =
	"State          UID   Inode   Local Address           Peer Address            Intf Mode";

/* The two sample rows users know from the documentation of the format */
static void test_basic_rows(void)
{
	const struct sk fb = { AF_INET, 1, SMC_DIAG_MODE_FALLBACK_TCP,
		"192.168.99.21", 60188, "192.168.99.22", 8090, 0, 156721, 0 };
	const struct sk smcr = { AF_INET, 1, SMC_DIAG_MODE_SMCR,
		"172.16.4.189", 44780, "172.16.4.190", 1811, 0, 1202539, 0 };
	struct smcss_opts o = { 0 };
	struct smcss_list l = { 0 };
	struct nlbuf nb = { .len = 0 };
	const char *out;
	int err;

	sock_begin(&nb, &fb, SEQ);
	shutdown_attr(&nb, 0);
	fallback_attr(&nb, 0x03010000, 0);
	msg_end(&nb);
	sock_begin(&nb, &smcr, SEQ);
	shutdown_attr(&nb, 0);
	msg_end(&nb);
	done_msg(&nb, SEQ, 0);

	CHECK_INT(decode(&nb, &l, &err), SMCSS_DEC_DONE);
	CHECK_INT(l.n, 2);
	CHECK_INT(l.bad_attrs, 0);
	CHECK_INT(l.bad_msgs, 0);
	out = table(&o, &l);
	CHECK_STR(line_of(out, 0), HEADER);
	CHECK_STR(line_of(out, 1),
		  "ACTIVE         00000 0156721 192.168.99.21:60188     192.168.99.22:8090      0000 TCP 0x03010000");
	CHECK_STR(line_of(out, 2),
		  "ACTIVE         00000 1202539 172.16.4.189:44780      172.16.4.190:1811       0000 SMCR");
	CHECK_STR(line_of(out, 3), "");
	smcss_list_free(&l);
}

static void test_modes_and_states(void)
{
	struct sk s = { AF_INET, 2, SMC_DIAG_MODE_FALLBACK_TCP,
		"10.0.0.1", 1, "10.0.0.2", 2, 1000, 42, 3 };
	struct smcss_opts o = { .all = true };
	struct smcss_list l = { 0 };
	struct nlbuf nb = { .len = 0 };
	int err;

	/* peer diagnosis after the slash */
	sock_begin(&nb, &s, SEQ);
	fallback_attr(&nb, 0x05000000, 0x03030001);
	msg_end(&nb);
	/* fallback mode without the attribute */
	s.state = 7;
	sock_begin(&nb, &s, SEQ);
	msg_end(&nb);
	/* SMC-D and a state and mode this version does not know */
	s.state = 99;
	s.mode = SMC_DIAG_MODE_SMCD;
	sock_begin(&nb, &s, SEQ);
	msg_end(&nb);
	s.state = 27;
	s.mode = 9;
	sock_begin(&nb, &s, SEQ);
	msg_end(&nb);

	CHECK_INT(decode(&nb, &l, &err), SMCSS_DEC_MORE);
	CHECK_INT(l.n, 4);
	CHECK_STR(line_of(table(&o, &l), 1),
		  "INIT           01000 0000042 10.0.0.1:1              10.0.0.2:2              0003 TCP 0x05000000/0x03030001");
	CHECK_STR(line_of(table(&o, &l), 2),
		  "CLOSED         01000 0000042 10.0.0.1:1              10.0.0.2:2              0003 TCP");
	CHECK_STR(line_of(table(&o, &l), 3),
		  "99             01000 0000042 10.0.0.1:1              10.0.0.2:2              0003 SMCD");
	CHECK_STR(line_of(table(&o, &l), 4),
		  "PROCESSABORT   01000 0000042 10.0.0.1:1              10.0.0.2:2              0003 mode9");
	smcss_list_free(&l);

	{
		static const struct { uint8_t st; const char *name; } names[] = {
			{ 1, "ACTIVE" }, { 2, "INIT" }, { 7, "CLOSED" },
			{ 10, "LISTEN" }, { 20, "PEERCLOSEWAIT1" },
			{ 21, "PEERCLOSEWAIT2" }, { 22, "APPCLOSEWAIT1" },
			{ 23, "APPCLOSEWAIT2" }, { 24, "APPFINCLOSEWAIT" },
			{ 25, "PEERFINCLOSEWAIT" }, { 26, "PEERABORTWAIT" },
			{ 27, "PROCESSABORT" },
		};
		size_t i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			CHECK_STR(smcss_state_name(names[i].st) ?
				  smcss_state_name(names[i].st) : "(null)",
				  names[i].name);
		CHECK(!smcss_state_name(0));
		CHECK(!smcss_state_name(3));
		CHECK(!smcss_state_name(255));
	}
}

static void test_addresses(void)
{
	const struct sk v6 = { AF_INET6, 1, SMC_DIAG_MODE_SMCR,
		"2001:db8::1", 443, "fe80::2", 50000, 0, 1, 0 };
	const struct sk mapped = { AF_INET6, 1, SMC_DIAG_MODE_SMCR,
		"::ffff:10.1.2.3", 5000, "::ffff:10.1.2.4", 6000, 0, 2, 0 };
	/* Linux's own module sends AF_SMC here */
	const struct sk smc4 = { AF_SMC, 1, SMC_DIAG_MODE_SMCR,
		"10.9.8.7", 1, "10.9.8.6", 2, 0, 3, 0 };
	const struct sk smc6 = { AF_SMC, 1, SMC_DIAG_MODE_SMCR,
		"2001:db8::7", 1, "2001:db8::6", 2, 0, 4, 0 };
	const struct sk odd = { 99, 1, SMC_DIAG_MODE_SMCR,
		"1.2.3.4", 1, "1.2.3.5", 2, 0, 5, 0 };
	const struct sk lng = { AF_INET6, 1, SMC_DIAG_MODE_SMCR,
		"2001:db8:1234:5678:9abc:def0:1234:5678", 40000,
		"2001:db8::1", 443, 0, 6, 0 };
	struct smcss_opts o = { 0 };
	struct smcss_list l = { 0 };
	struct nlbuf nb = { .len = 0 };
	const char *out;
	int err;

	sock_begin(&nb, &v6, SEQ);
	msg_end(&nb);
	sock_begin(&nb, &mapped, SEQ);
	msg_end(&nb);
	sock_begin(&nb, &smc4, SEQ);
	msg_end(&nb);
	sock_begin(&nb, &smc6, SEQ);
	msg_end(&nb);
	sock_begin(&nb, &odd, SEQ);
	msg_end(&nb);
	sock_begin(&nb, &lng, SEQ);
	msg_end(&nb);
	CHECK_INT(decode(&nb, &l, &err), SMCSS_DEC_MORE);
	CHECK_INT(l.n, 6);
	CHECK_INT(l.socks[0].af, AF_INET6);
	CHECK_INT(l.socks[1].af, AF_INET);
	CHECK_INT(l.socks[2].af, AF_INET);
	CHECK_INT(l.socks[3].af, AF_INET6);
	CHECK_INT(l.socks[4].af, 0);

	out = table(&o, &l);
	CHECK_STR(line_of(out, 1),
		  "ACTIVE         00000 0000001 [2001:db8::1]:443       [fe80::2]:50000         0000 SMCR");
	CHECK_STR(line_of(out, 2),
		  "ACTIVE         00000 0000002 10.1.2.3:5000           10.1.2.4:6000           0000 SMCR");
	CHECK_STR(line_of(out, 3),
		  "ACTIVE         00000 0000003 10.9.8.7:1              10.9.8.6:2              0000 SMCR");
	CHECK_STR(line_of(out, 4),
		  "ACTIVE         00000 0000004 [2001:db8::7]:1         [2001:db8::6]:2         0000 SMCR");
	CHECK_STR(line_of(out, 5),
		  "ACTIVE         00000 0000005 ?:1                     ?:2                     0000 SMCR");
	/* too long: the address gives way, the port stays */
	CHECK_STR(line_of(out, 6),
		  "ACTIVE         00000 0000006 [2001:db8:1234:..:40000 [2001:db8::1]:443       0000 SMCR");

	o.wide = true;
	out = table(&o, &l);
	CHECK_STR(line_of(out, 0),
		  "State          UID   Inode   Local Address                                  Peer Address            Intf Mode");
	CHECK_STR(line_of(out, 6),
		  "ACTIVE         00000 0000006 [2001:db8:1234:5678:9abc:def0:1234:5678]:40000 [2001:db8::1]:443       0000 SMCR");
	CHECK_STR(line_of(out, 1),
		  "ACTIVE         00000 0000001 [2001:db8::1]:443                              [fe80::2]:50000         0000 SMCR");
	smcss_list_free(&l);
}

static void test_listen_filter(void)
{
	const struct sk lis = { AF_INET, 10, SMC_DIAG_MODE_SMCR,
		"0.0.0.0", 8090, "0.0.0.0", 0, 0, 11, 0 };
	const struct sk act = { AF_INET, 1, SMC_DIAG_MODE_SMCR,
		"10.0.0.1", 8090, "10.0.0.2", 3333, 0, 12, 0 };
	struct smcss_opts o = { 0 };
	struct smcss_list l = { 0 };
	struct nlbuf nb = { .len = 0 };
	const char *out;
	int err;

	sock_begin(&nb, &lis, SEQ);
	msg_end(&nb);
	sock_begin(&nb, &act, SEQ);
	msg_end(&nb);
	CHECK_INT(decode(&nb, &l, &err), SMCSS_DEC_MORE);

	out = table(&o, &l);
	CHECK_HASNT(out, "LISTEN");
	CHECK_HAS(out, "0000012");

	o.listening = true;
	out = table(&o, &l);
	CHECK_HAS(out, "LISTEN         00000 0000011 0.0.0.0:8090");
	CHECK_HASNT(out, "0000012");

	o.listening = false;
	o.all = true;
	out = table(&o, &l);
	CHECK_HAS(out, "0000011");
	CHECK_HAS(out, "0000012");
	smcss_list_free(&l);
}

static void set_cursor(struct smc_diag_cursor *c, uint16_t wrap,
		       uint32_t count)
{
	c->reserved = 0xffff;	/* must not show */
	c->wrap = wrap;
	c->count = count;
}

static void test_debug_and_links(void)
{
	const struct sk s = { AF_INET, 1, SMC_DIAG_MODE_SMCR,
		"10.0.0.1", 1, "10.0.0.2", 2, 0, 7, 0 };
	const struct sk t = { AF_INET, 21, SMC_DIAG_MODE_FALLBACK_TCP,
		"10.0.0.1", 3, "10.0.0.2", 4, 0, 8, 0 };
	struct smc_diag_conninfo ci;
	struct smc_diag_lgrinfo li;
	struct smcd_diag_dmbinfo di;
	struct smcss_opts o = { .debug = true };
	struct smcss_list l = { 0 };
	struct nlbuf nb = { .len = 0 };
	const char *out;
	int err;

	memset(&ci, 0, sizeof(ci));
	ci.token = 0xabc;
	ci.sndbuf_size = 65536;
	ci.rmbe_size = 65536;
	ci.peer_rmbe_size = 16384;
	set_cursor(&ci.rx_prod, 1, 0x100);
	set_cursor(&ci.rx_cons, 2, 0x200);
	set_cursor(&ci.tx_prod, 3, 0x300);
	set_cursor(&ci.tx_cons, 4, 0x400);
	set_cursor(&ci.tx_prep, 5, 0x500);
	set_cursor(&ci.tx_sent, 6, 0x600);
	set_cursor(&ci.tx_fin, 0xffff, 0xffffffff);
	ci.rx_prod_flags = 0x80;
	ci.rx_conn_state_flags = 0x01;
	ci.tx_prod_flags = 0x02;
	ci.tx_conn_state_flags = 0x40;

	memset(&li, 0, sizeof(li));
	li.role = 1;
	li.lnk[0].link_id = 3;
	li.lnk[0].ibport = 1;
	strcpy((char *)li.lnk[0].ibname, "rxe_eth0");
	strcpy((char *)li.lnk[0].gid, "0000:0000:0000:0000:0000:ffff:0a00:0001");
	/* no terminating NUL and a control character: must stay in bounds */
	memset(li.lnk[0].peer_gid, 'a', sizeof(li.lnk[0].peer_gid));
	li.lnk[0].peer_gid[1] = '\n';

	memset(&di, 0, sizeof(di));
	di.linkid = 0x11;
	di.my_gid = 0x1122334455667788ULL;
	di.token = 0x99;
	di.peer_gid = 0xaabb;
	di.peer_token = 0xccdd;

	sock_begin(&nb, &s, SEQ);
	shutdown_attr(&nb, 0);
	attr(&nb, SMC_DIAG_CONNINFO, &ci, sizeof(ci));
	attr(&nb, SMC_DIAG_LGRINFO, &li, sizeof(li));
	msg_end(&nb);
	sock_begin(&nb, &t, SEQ);
	shutdown_attr(&nb, 3);
	fallback_attr(&nb, 0x03010000, 0);
	/* an old kernel's shorter SMC-D attribute is still fine */
	attr(&nb, SMC_DIAG_DMBINFO, &di,
	     offsetof(struct smcd_diag_dmbinfo, peer_gid_ext));
	msg_end(&nb);
	CHECK_INT(decode(&nb, &l, &err), SMCSS_DEC_MORE);
	CHECK_INT(l.n, 2);
	CHECK_INT(l.bad_attrs, 0);
	CHECK(l.socks[1].have & SMCSS_HAVE_DMBINFO);

	out = table(&o, &l);
	CHECK_STR(line_of(out, 0),
		  "State          UID   Inode   Local Address           Peer Address            Intf Mode                      Shutd Token    Sndbuf   Rcvbuf   Peerbuf  rxprod-Cursor rxcons-Cursor rxFlags txprod-Cursor txcons-Cursor txFlags txprep-Cursor txsent-Cursor txfin-Cursor");
	CHECK_STR(line_of(out, 1),
		  "ACTIVE         00000 0000007 10.0.0.1:1              10.0.0.2:2              0000 SMCR                      <->   00000abc 65536    65536    16384    0001:00000100 0002:00000200 80:01   0003:00000300 0004:00000400 02:40   0005:00000500 0006:00000600 ffff:ffffffff");
	CHECK_STR(line_of(out, 2),
		  "PEERCLOSEWAIT2 00000 0000008 10.0.0.1:3              10.0.0.2:4              0000 TCP 0x03010000            R-W");

	o.debug = false;
	o.smcr = true;
	out = table(&o, &l);
	CHECK_HAS(line_of(out, 0), "Role IB-device       Port Linkid GID");
	CHECK_HAS(line_of(out, 1),
		  "SMCR                      SERV rxe_eth0        1    3      0000:0000:0000:0000:0000:ffff:0a00:0001 a?aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	CHECK_STR(line_of(out, 2),
		  "PEERCLOSEWAIT2 00000 0000008 10.0.0.1:3              10.0.0.2:4              0000 TCP 0x03010000");

	o.smcr = false;
	o.smcd = true;
	out = table(&o, &l);
	CHECK_HAS(line_of(out, 0),
		  "GID              Token            Peer-GID         Peer-Token       Linkid");
	CHECK_HAS(line_of(out, 2),
		  "TCP 0x03010000            1122334455667788 0000000000000099 000000000000aabb 000000000000ccdd 00000011");
	smcss_list_free(&l);
}

static void test_shutdown_fmt(void)
{
	char buf[8];

	smcss_fmt_shutdown(buf, sizeof(buf), 0);
	CHECK_STR(buf, "<->");
	smcss_fmt_shutdown(buf, sizeof(buf), 1);
	CHECK_STR(buf, "R->");
	smcss_fmt_shutdown(buf, sizeof(buf), 2);
	CHECK_STR(buf, "<-W");
	smcss_fmt_shutdown(buf, sizeof(buf), 3);
	CHECK_STR(buf, "R-W");
}

static void test_diag_ext(void)
{
	struct smcss_opts o = { 0 };

	CHECK_INT(smcss_diag_ext(&o), 0);
	o.debug = true;
	CHECK_INT(smcss_diag_ext(&o), 1 << (SMC_DIAG_CONNINFO - 1));
	o.debug = false;
	o.smcr = true;
	CHECK_INT(smcss_diag_ext(&o), 1 << (SMC_DIAG_LGRINFO - 1));
	o.smcr = false;
	o.smcd = true;
	CHECK_INT(smcss_diag_ext(&o), 1 << (SMC_DIAG_DMBINFO - 1));
}

/* --- malformed replies ----------------------------------------------------- */

static const struct sk plain = { AF_INET, 1, SMC_DIAG_MODE_FALLBACK_TCP,
	"10.0.0.1", 1, "10.0.0.2", 2, 0, 9, 0 };

static void test_truncated(void)
{
	struct smcss_list l = { 0 };
	struct nlbuf nb = { .len = 0 };
	size_t first;
	int err, i;

	sock_begin(&nb, &plain, SEQ);
	fallback_attr(&nb, 0x03010000, 0);
	msg_end(&nb);
	first = nb.len;
	sock_begin(&nb, &plain, SEQ);
	fallback_attr(&nb, 0x03020000, 0);
	msg_end(&nb);

	/* every cut inside the second message */
	for (i = 1; i < (int)(nb.len - first); i++) {
		enum smcss_dec d;

		memset(&l, 0, sizeof(l));
		d = smcss_decode(nb.b, nb.len - i, SEQ, &l, &err);
		check(d == SMCSS_DEC_MALFORMED, __FILE__, __LINE__,
		      "cut %d: result %d", i, d);
		check(l.n == 1, __FILE__, __LINE__, "cut %d: %zu socks", i,
		      l.n);
		smcss_list_free(&l);
	}

	/* nlmsg_len smaller than a header */
	memset(&l, 0, sizeof(l));
	nb.len = 0;
	sock_begin(&nb, &plain, SEQ);
	msg_end(&nb);
	((struct nlmsghdr *)nb.b)->nlmsg_len = 8;
	CHECK_INT(decode(&nb, &l, &err), SMCSS_DEC_MALFORMED);
	CHECK_INT(l.n, 0);

	/* a buffer shorter than a header */
	CHECK_INT(smcss_decode(nb.b, 5, SEQ, &l, &err), SMCSS_DEC_MALFORMED);
	/* an empty buffer is just nothing */
	CHECK_INT(smcss_decode(nb.b, 0, SEQ, &l, &err), SMCSS_DEC_MORE);
	smcss_list_free(&l);
}

static void test_short_payload(void)
{
	struct smcss_list l = { 0 };
	struct nlbuf nb = { .len = 0 };
	unsigned char junk[20] = { 2, 1, 1 };
	int err;

	msg_begin(&nb, SOCK_DIAG_BY_FAMILY, SEQ);
	put(&nb, junk, sizeof(junk));
	msg_end(&nb);
	sock_begin(&nb, &plain, SEQ);
	msg_end(&nb);
	CHECK_INT(decode(&nb, &l, &err), SMCSS_DEC_MORE);
	CHECK_INT(l.bad_msgs, 1);
	CHECK_INT(l.n, 1);
	smcss_list_free(&l);
}

static void test_bogus_attrs(void)
{
	struct smcss_list l = { 0 };
	struct nlbuf nb = { .len = 0 };
	struct smcss_opts o = { 0 };
	struct rtattr rta;
	uint32_t half = 0x03010000;
	unsigned char big[300] = { 0 };
	int err;

	/* 1: an attribute claiming less than its own header */
	sock_begin(&nb, &plain, SEQ);
	rta.rta_len = 2;
	rta.rta_type = SMC_DIAG_FALLBACK;
	put(&nb, &rta, sizeof(rta));
	put(&nb, &half, sizeof(half));
	msg_end(&nb);
	/* 2: an attribute running past the end of its message */
	sock_begin(&nb, &plain, SEQ);
	fallback_attr(&nb, 0x03010000, 0);
	rta.rta_len = 200;
	rta.rta_type = SMC_DIAG_CONNINFO;
	put(&nb, &rta, sizeof(rta));
	put(&nb, &half, sizeof(half));
	msg_end(&nb);
	/* 3: known attributes too short for their structure */
	sock_begin(&nb, &plain, SEQ);
	attr(&nb, SMC_DIAG_FALLBACK, &half, sizeof(half));
	attr(&nb, SMC_DIAG_CONNINFO, big, 10);
	attr(&nb, SMC_DIAG_LGRINFO, big, sizeof(struct smc_diag_lgrinfo) - 1);
	attr(&nb, SMC_DIAG_DMBINFO, big, 8);
	attr(&nb, SMC_DIAG_SHUTDOWN, big, 0);
	msg_end(&nb);
	/* 4: unknown and oversized attributes are fine */
	sock_begin(&nb, &plain, SEQ);
	attr(&nb, 77, big, 5);
	attr(&nb, SMC_DIAG_FALLBACK, big, 12);
	attr(&nb, 0, big, 0);
	msg_end(&nb);
	/* 5: trailing bytes too few for an attribute header */
	sock_begin(&nb, &plain, SEQ);
	fallback_attr(&nb, 0x03020000, 0);
	put(&nb, big, 3);
	msg_end(&nb);
	done_msg(&nb, SEQ, 0);

	CHECK_INT(decode(&nb, &l, &err), SMCSS_DEC_DONE);
	CHECK_INT(l.n, 5);
	CHECK_INT(l.socks[0].bad_attrs, 1);
	CHECK(!(l.socks[0].have & SMCSS_HAVE_FALLBACK));
	CHECK_INT(l.socks[1].bad_attrs, 1);
	CHECK(l.socks[1].have & SMCSS_HAVE_FALLBACK);
	CHECK(!(l.socks[1].have & SMCSS_HAVE_CONNINFO));
	CHECK_INT(l.socks[2].bad_attrs, 5);
	CHECK_INT(l.socks[2].have, 0);
	CHECK_INT(l.socks[3].bad_attrs, 0);
	CHECK_INT(l.socks[3].have, SMCSS_HAVE_FALLBACK);
	CHECK_INT(l.socks[4].bad_attrs, 0);
	CHECK_INT(l.socks[4].fb.reason, 0x03020000);
	CHECK_INT(l.bad_attrs, 7);

	CHECK_STR(line_of(table(&o, &l), 1),
		  "ACTIVE         00000 0000009 10.0.0.1:1              10.0.0.2:2              0000 TCP");
	CHECK_STR(line_of(table(&o, &l), 2),
		  "ACTIVE         00000 0000009 10.0.0.1:1              10.0.0.2:2              0000 TCP 0x03010000");
	CHECK_STR(line_of(table(&o, &l), 4),
		  "ACTIVE         00000 0000009 10.0.0.1:1              10.0.0.2:2              0000 TCP 0x00000000");
	smcss_list_free(&l);
}

static void test_control_messages(void)
{
	struct smcss_list l = { 0 };
	struct nlbuf nb = { .len = 0 };
	int err = 0;

	error_msg(&nb, SEQ, -ENOENT);
	CHECK_INT(decode(&nb, &l, &err), SMCSS_DEC_ERROR);
	CHECK_INT(err, ENOENT);

	nb.len = 0;
	done_msg(&nb, SEQ, -EINVAL);
	CHECK_INT(decode(&nb, &l, &err), SMCSS_DEC_ERROR);
	CHECK_INT(err, EINVAL);

	/* an error message without room for the error */
	nb.len = 0;
	msg_begin(&nb, NLMSG_ERROR, SEQ);
	put(&nb, "ab", 2);
	msg_end(&nb);
	CHECK_INT(decode(&nb, &l, &err), SMCSS_DEC_MALFORMED);

	/* DONE without a payload, as old kernels send it */
	nb.len = 0;
	msg_begin(&nb, NLMSG_DONE, SEQ);
	msg_end(&nb);
	CHECK_INT(decode(&nb, &l, &err), SMCSS_DEC_DONE);

	/* other sequence numbers and message types are not ours */
	nb.len = 0;
	sock_begin(&nb, &plain, SEQ + 1);
	msg_end(&nb);
	error_msg(&nb, SEQ + 1, -EPERM);
	msg_begin(&nb, NLMSG_NOOP, SEQ);
	msg_end(&nb);
	msg_begin(&nb, 0x77, SEQ);
	put(&nb, "xyz", 3);
	msg_end(&nb);
	sock_begin(&nb, &plain, SEQ);
	msg_end(&nb);
	done_msg(&nb, SEQ, 0);
	CHECK_INT(decode(&nb, &l, &err), SMCSS_DEC_DONE);
	CHECK_INT(l.n, 1);
	CHECK(!l.interrupted);

	/* the kernel marks dumps that raced with changes */
	nb.len = 0;
	sock_begin(&nb, &plain, SEQ);
	msg_end(&nb);
	((struct nlmsghdr *)nb.b)->nlmsg_flags |= NLM_F_DUMP_INTR;
	CHECK_INT(decode(&nb, &l, &err), SMCSS_DEC_MORE);
	CHECK(l.interrupted);
	smcss_list_free(&l);
}

/* --- --explain ------------------------------------------------------------- */

static void test_explain(void)
{
	struct sk s = plain;
	struct smcss_opts o = { 0 };
	struct smcss_list l = { 0 };
	struct nlbuf nb = { .len = 0 };
	const struct smc_cause *c;
	const char *out;
	int err;

	sock_begin(&nb, &s, SEQ);
	fallback_attr(&nb, 0x03010000, 0);
	msg_end(&nb);
	sock_begin(&nb, &s, SEQ);
	fallback_attr(&nb, 0x03010000, 0);
	msg_end(&nb);
	sock_begin(&nb, &s, SEQ);
	fallback_attr(&nb, 0x05000000, 0x03030001);
	msg_end(&nb);
	sock_begin(&nb, &s, SEQ);
	fallback_attr(&nb, 0x0303abcd, (uint32_t)-ECONNREFUSED);
	msg_end(&nb);
	/* listening sockets are not shown, so their codes are not either */
	s.state = 10;
	sock_begin(&nb, &s, SEQ);
	fallback_attr(&nb, 0x03020000, 0);
	msg_end(&nb);
	CHECK_INT(decode(&nb, &l, &err), SMCSS_DEC_MORE);

	out = explain(&o, &l);
	c = smc_cause_find(0x03010000);
	CHECK(c);
	if (c) {
		char want[256];

		snprintf(want, sizeof(want),
			 "0x03010000 %s (reported by this host, 2 sockets)\n    Cause: ",
			 c->summary);
		CHECK_HAS(out, want);
	}
	CHECK_HAS(out, "0x03030001 no SMC-D device (reported by peer, 1 socket)");
	CHECK_HAS(out, "0x05000000 peer declined (reported by this host, 1 socket)");
	CHECK_HAS(out, "0x0303abcd unknown code");
	CHECK_HAS(out, "0xffffff91 error instead of a cause code");
	CHECK_HAS(out, "error -111");
	CHECK_HASNT(out, "0x03020000");
	CHECK_HAS(out, "    Fix:   ");
	/* sorted by code */
	CHECK(strstr(out, "0x03010000") < strstr(out, "0x03030001"));
	CHECK(strstr(out, "0x03030001") < strstr(out, "0x05000000"));
	{
		/* wrapped to 79 columns */
		const char *p = out;
		int maxlen = 0;

		while (*p) {
			const char *e = strchr(p, '\n');
			int n = e ? e - p : (int)strlen(p);

			if (n > maxlen)
				maxlen = n;
			p += n + (e != NULL);
		}
		check(maxlen <= 79, __FILE__, __LINE__, "line of %d", maxlen);
	}

	o.all = true;
	out = explain(&o, &l);
	CHECK_HAS(out, "0x03020000 IPsec in use");
	smcss_list_free(&l);

	memset(&l, 0, sizeof(l));
	CHECK_HAS(explain(&o, &l), "No listed socket fell back to TCP.");
}

static void build_sample(struct nlbuf *nb)
{
	const struct sk v4 = { AF_INET, 1, SMC_DIAG_MODE_FALLBACK_TCP,
		"192.168.99.21", 60188, "192.168.99.22", 8090, 0, 156721, 0 };
	const struct sk v6 = { AF_INET6, 10, SMC_DIAG_MODE_SMCR,
		"2001:db8::1", 443, "::", 0, 1000, 77, 2 };
	struct smc_diag_conninfo ci;
	struct smc_diag_lgrinfo li;

	memset(&ci, 0, sizeof(ci));
	set_cursor(&ci.rx_prod, 1, 2);
	memset(&li, 0, sizeof(li));
	strcpy((char *)li.lnk[0].ibname, "dev\"\\1");
	li.lnk[0].gid[0] = 0x7f;

	sock_begin(nb, &v4, SEQ);
	shutdown_attr(nb, 1);
	fallback_attr(nb, 0x05000000, 0x03030008);
	msg_end(nb);
	sock_begin(nb, &v6, SEQ);
	attr(nb, SMC_DIAG_CONNINFO, &ci, sizeof(ci));
	attr(nb, SMC_DIAG_LGRINFO, &li, sizeof(li));
	msg_end(nb);
	done_msg(nb, SEQ, 0);
}

static void test_json(void)
{
	struct smcss_opts o = { .all = true, .json = true, .explain = true };
	struct smcss_list l = { 0 };
	struct nlbuf nb = { .len = 0 };
	const char *out;
	FILE *f;
	int err;

	build_sample(&nb);
	CHECK_INT(decode(&nb, &l, &err), SMCSS_DEC_DONE);
	f = capture_open();
	smcss_print_json(f, &o, &l);
	out = capture_close(f);
	CHECK(out[0] == '[');
	CHECK_HAS(out, "\"local_address\":\"192.168.99.21\",\"local_port\":60188");
	CHECK_HAS(out, "\"fallback_reason\":{\"code\":\"0x05000000\",\"id\":\"PEERDECL\"");
	CHECK_HAS(out, "\"peer_diagnosis\":{\"code\":\"0x03030008\",\"id\":\"NOUEID\"");
	CHECK_HAS(out, "\"shutdown\":\"R->\"");
	CHECK_HAS(out, "\"ibdev\":\"dev\\\"\\\\1\"");
	CHECK_HAS(out, "\"rx_prod\":{\"wrap\":1,\"count\":2}");
	CHECK_HAS(out, "\"state\":\"LISTEN\"");
	smcss_list_free(&l);

	f = capture_open();
	smcss_print_json(f, &o, &l);
	CHECK_STR(capture_close(f), "[]\n");
}

/* --- the cause table --------------------------------------------------------- */

static int sentences(const char *s)
{
	int n = 1;

	for (; *s; s++)
		if (s[0] == '.' && s[1] == ' ')
			n++;
	return n;
}

static void check_text(const struct smc_cause *c, const char *what,
		       const char *s, bool sentence)
{
	size_t len = strlen(s);
	bool ascii = true;
	const char *p;

	check(len > 0, __FILE__, __LINE__, "0x%08x: empty %s", c->code, what);
	if (!len)
		return;
	for (p = s; *p; p++)
		if (*p < 0x20 || *p >= 0x7f)
			ascii = false;
	check(ascii, __FILE__, __LINE__,
	      "0x%08x: %s has a non-ASCII or control byte", c->code, what);
	check(!strstr(s, "  "), __FILE__, __LINE__, "0x%08x: %s has a double space",
	      c->code, what);
	check(s[0] != ' ' && s[len - 1] != ' ', __FILE__, __LINE__,
	      "0x%08x: %s has outer spaces", c->code, what);
	if (sentence) {
		check(s[len - 1] == '.', __FILE__, __LINE__,
		      "0x%08x: %s does not end with a period", c->code, what);
		check(s[0] >= 'A' && s[0] <= 'Z', __FILE__, __LINE__,
		      "0x%08x: %s does not start with a capital", c->code,
		      what);
		check(sentences(s) <= 3, __FILE__, __LINE__,
		      "0x%08x: %s has %d sentences", c->code, what,
		      sentences(s));
	} else {
		check(s[len - 1] != '.', __FILE__, __LINE__,
		      "0x%08x: %s ends with a period", c->code, what);
		check(len <= 48, __FILE__, __LINE__,
		      "0x%08x: %s is %zu characters", c->code, what, len);
	}
}

static void test_cause_table(void)
{
	size_t i, j;

	CHECK(smc_causes_count >= 39);
	for (i = 0; i < smc_causes_count; i++) {
		const struct smc_cause *c = &smc_causes[i];

		check_text(c, "summary", c->summary, false);
		check_text(c, "cause", c->cause, true);
		check_text(c, "fix", c->fix, true);
		CHECK(c->id && *c->id);
		if (i)
			check(smc_causes[i - 1].code < c->code, __FILE__,
			      __LINE__, "0x%08x out of order", c->code);
		for (j = 0; j < i; j++)
			check(smc_causes[j].code != c->code &&
			      strcmp(smc_causes[j].id, c->id), __FILE__,
			      __LINE__, "0x%08x / %s twice", c->code, c->id);
		CHECK(smc_cause_find(c->code) == c);
		CHECK(!smc_cause_errno(c->code));
	}
	/* codes with meanings specific to this module */
	CHECK(smc_cause_find(0x02010000));
	CHECK(smc_cause_find(0x04000000));
	CHECK(smc_cause_find(0x03010001));
	CHECK(smc_cause_find(0x03060000));
	CHECK(!smc_cause_find(0));
	CHECK(!smc_cause_find(0x0303abcd));
	CHECK_INT(smc_cause_errno((uint32_t)-ECONNREFUSED), ECONNREFUSED);
	CHECK_INT(smc_cause_errno((uint32_t)-4096), 0);
	CHECK_INT(smc_cause_errno(0x80000000u), 0);
}

/* --- robustness ------------------------------------------------------------ */

static uint32_t rnd_state = 2463534242u;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* Mutated replies must never crash the decoder or the formatters. */
static void test_mutations(void)
{
	struct smcss_opts all = { .all = true, .debug = true, .smcr = true,
				  .smcd = true, .wide = true };
	struct nlbuf base = { .len = 0 };
	static unsigned char work[sizeof(base.b)];
	FILE *null = fopen("/dev/null", "w");
	int iter, survived = 0;

	if (!null)
		abort();
	build_sample(&base);
	for (iter = 0; iter < 20000; iter++) {
		struct smcss_list l = { 0 };
		size_t len = base.len;
		int flips = 1 + rnd() % 8, k, err;

		memcpy(work, base.b, base.len);
		for (k = 0; k < flips; k++)
			work[rnd() % len] = rnd();
		if (rnd() % 4 == 0)
			len = rnd() % (len + 1);
		smcss_decode(work, len, SEQ, &l, &err);
		smcss_print_table(null, &all, &l);
		smcss_print_explain(null, &all, &l);
		smcss_print_json(null, &all, &l);
		smcss_list_free(&l);
		survived++;
	}
	fclose(null);
	CHECK_INT(survived, 20000);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--sample")) {
		/* what smcss -a -d -R --explain shows for the sample dump */
		struct smcss_opts o = { .all = true, .debug = true,
					.smcr = true, .explain = true };
		struct smcss_list l = { 0 };
		struct nlbuf nb = { .len = 0 };
		int err;

		build_sample(&nb);
		decode(&nb, &l, &err);
		smcss_print_table(stdout, &o, &l);
		smcss_print_explain(stdout, &o, &l);
		smcss_list_free(&l);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--json-sample")) {
		struct smcss_opts o = { .all = true, .json = true,
					.explain = true };
		struct smcss_list l = { 0 };
		struct nlbuf nb = { .len = 0 };
		int err;

		build_sample(&nb);
		decode(&nb, &l, &err);
		smcss_print_json(stdout, &o, &l);
		smcss_list_free(&l);
		return 0;
	}

	test_basic_rows();
	test_modes_and_states();
	test_addresses();
	test_listen_filter();
	test_debug_and_links();
	test_shutdown_fmt();
	test_diag_ext();
	test_truncated();
	test_short_payload();
	test_bogus_attrs();
	test_control_messages();
	test_explain();
	test_json();
	test_cause_table();
	test_mutations();
	free(capture_buf);

	printf("test_smcss: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
