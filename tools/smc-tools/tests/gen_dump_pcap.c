// SPDX-License-Identifier: GPL-2.0
/*
 * Writes a capture file (pcap, Ethernet) of one SMC-R connection as the
 * kernel's capture mirror lays it out (Documentation/networking/smc-dump.rst):
 * the CLC handshake on TCP, then SMC dump records of LLC messages of every
 * type, CDC messages and data blocks, in both directions.  Every message
 * is made by the module's own pure encoders (smc_clc_wire.c,
 * smc_llc_wire.c, smc_cdc_wire.c, smc_dump_wire.c), so the dissector is
 * tested against the bytes the module sends.
 *
 *	gen_dump_pcap FILE [PORT [cut]]
 *
 * PORT replaces the UDP port 7620 (for the dissector's heuristic); with
 * "cut", every record is followed by copies cut to a few snap lengths,
 * and the file ends with records the dissector must call malformed.
 *
 * The scenario, which test_dissector.sh checks frame by frame: the peer's
 * RMBE has 1000 bytes; the client writes 600 bytes (recorded cut to 64),
 * then 600 more that wrap (two RDMA WRITEs), then one urgent byte, and
 * closes.  Its producer cursor ends at wrap 1, count 201: 1201 bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "smc_clc_wire.h"
#include "smc_llc_wire.h"
#include "smc_cdc_wire.h"
#include "smc_dump_wire.h"

#define LGR_ID		0x00000100
#define TOKEN		0x00000011
#define PEER_TOKEN	0x00000022
#define SNAP		64
#define RMBE_SIZE	1000

static FILE *out;
static unsigned int now_us;
static u32 rec_seq;
static const u8 ip_l[4] = { 10, 0, 0, 1 }, ip_p[4] = { 10, 0, 0, 2 };
static const u16 port_l = 40000, port_p = 5201;
static u32 tcp_seq_l = 1000, tcp_seq_p = 5000;
static u16 udp_port = SMC_DUMP_UDP_PORT;
static bool cut_mode;

static void die(const char *what)
{
	fprintf(stderr, "gen_dump_pcap: %s\n", what);
	exit(1);
}

static void put32(u32 v)
{
	if (fwrite(&v, 4, 1, out) != 1)
		die("write");
}

static void frame(const u8 *buf, size_t len)
{
	now_us += 1000;
	put32(1700000000 + now_us / 1000000);
	put32(now_us % 1000000);
	put32(len);
	put32(len);
	if (fwrite(buf, len, 1, out) != 1)
		die("write");
}

static u16 csum(const u8 *p, size_t n)
{
	u32 s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (u32)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (u32)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (u16)~s;
}

/* Ethernet + IPv4 header for @l4len bytes of protocol @proto */
static size_t ip4(u8 *f, const u8 *src, const u8 *dst, u8 proto,
		  size_t l4len)
{
	u8 *ip = f + 14;
	u16 c;

	memset(f, 0, 34);
	f[12] = 0x08;			/* IPv4; MAC addresses zero */
	ip[0] = 0x45;
	ip[2] = (u8)((20 + l4len) >> 8);
	ip[3] = (u8)(20 + l4len);
	ip[6] = 0x40;			/* DF */
	ip[8] = 64;
	ip[9] = proto;
	memcpy(ip + 12, src, 4);
	memcpy(ip + 16, dst, 4);
	c = csum(ip, 20);
	ip[10] = (u8)(c >> 8);
	ip[11] = (u8)c;
	return 34;
}

/* a CLC message in a TCP segment; @from_client says which way */
static void tcp_clc(bool from_client, const u8 *msg, size_t len)
{
	u8 f[1600], *t;
	size_t off = ip4(f, from_client ? ip_l : ip_p,
			 from_client ? ip_p : ip_l, 6, 20 + len);
	u32 *seq = from_client ? &tcp_seq_l : &tcp_seq_p;
	u32 ack = from_client ? tcp_seq_p : tcp_seq_l;
	u16 sp = from_client ? port_l : port_p, dp = from_client ? port_p : port_l;

	t = f + off;
	memset(t, 0, 20);
	t[0] = sp >> 8;
	t[1] = (u8)sp;
	t[2] = dp >> 8;
	t[3] = (u8)dp;
	t[4] = *seq >> 24;
	t[5] = (u8)(*seq >> 16);
	t[6] = (u8)(*seq >> 8);
	t[7] = (u8)*seq;
	t[8] = ack >> 24;
	t[9] = (u8)(ack >> 16);
	t[10] = (u8)(ack >> 8);
	t[11] = (u8)ack;
	t[12] = 0x50;
	t[13] = 0x18;			/* PSH, ACK */
	t[14] = 0xff;
	t[15] = 0xff;
	memcpy(t + 20, msg, len);
	*seq += len;
	frame(f, off + 20 + len);
}

static void mapped(u8 *a, const u8 *v4)
{
	memset(a, 0, 16);
	a[10] = 0xff;
	a[11] = 0xff;
	memcpy(a + 12, v4, 4);
}

/* one dump record on the capture device, as it is */
static void raw_record(const struct smc_dump_info *i, const u8 *src,
		       const u8 *dst, const void *payload, u32 caplen,
		       bool malform)
{
	u8 f[2048];
	size_t off;
	u8 *u;
	int n;

	off = ip4(f, src, dst, 17, 8 + SMC_DUMP_HDR_LEN + caplen);
	u = f + off;
	memset(u, 0, 8);
	u[0] = udp_port >> 8;
	u[1] = (u8)udp_port;
	u[2] = udp_port >> 8;
	u[3] = (u8)udp_port;
	u[4] = (u8)((8 + SMC_DUMP_HDR_LEN + caplen) >> 8);
	u[5] = (u8)(8 + SMC_DUMP_HDR_LEN + caplen);
	n = smc_dump_encode(u + 8, sizeof(f) - off - 8, i, caplen);
	if (n != SMC_DUMP_HDR_LEN)
		die("smc_dump_encode");
	memcpy(u + 8 + n, payload, caplen);
	if (malform)
		u[8 + 9] ^= SMC_DUMP_F_TRUNC;	/* TRUNC lies */
	frame(f, off + 8 + n + caplen);
}

/* one dump record on the capture device */
static void record(struct smc_dump_info *i, const void *payload, u32 caplen)
{
	static const u32 cuts[] = { 0, 1, 3, 4, 27, 43, 71 };
	size_t k;

	static const u8 zero[4];
	const u8 *src = zero, *dst = zero;

	if (i->event != SMC_DUMP_EV_LLC) {
		mapped(i->laddr, ip_l);
		mapped(i->paddr, ip_p);
		i->lport = port_l;
		i->pport = port_p;
		i->token = TOKEN;
		src = i->dir == SMC_DUMP_DIR_TX ? ip_l : ip_p;
		dst = i->dir == SMC_DUMP_DIR_TX ? ip_p : ip_l;
	}
	i->mode = SMC_DUMP_MODE_SMCR;
	i->lgr_id = LGR_ID;
	i->link_id = 1;
	i->seq = rec_seq++;
	raw_record(i, src, dst, payload, caplen, false);
	if (!cut_mode)
		return;
	for (k = 0; k < ARRAY_SIZE(cuts); k++)
		if (cuts[k] < caplen)
			raw_record(i, src, dst, payload, cuts[k], false);
	raw_record(i, src, dst, payload, caplen, true);
}

static void llc(u8 dir, struct smc_llc_info *in)
{
	struct smc_dump_info i = { .dir = dir, .event = SMC_DUMP_EV_LLC };
	u8 buf[SMC_LLC_V2_MAX_LEN];
	int n = smc_llc_encode(buf, sizeof(buf), in);

	if (n < 0)
		die("smc_llc_encode");
	i.msg_type = buf[0];
	i.len = n;
	record(&i, buf, n);
}

static void cdc(u8 dir, u16 seq, u16 pw, u32 pc, u16 cw, u32 cc, u8 pf,
		u8 cs)
{
	struct smc_dump_info i = { .dir = dir, .event = SMC_DUMP_EV_CDC,
				   .msg_type = SMC_CDC_MSG_TYPE };
	struct smc_cdc_info c = {
		.seqno = seq,
		.token = dir == SMC_DUMP_DIR_TX ? PEER_TOKEN : TOKEN,
		.prod = { pw, pc }, .cons = { cw, cc },
		.prod_flags = pf, .conn_state_flags = cs,
	};
	u8 buf[SMC_CDC_MSG_LEN];

	if (smc_cdc_encode(buf, sizeof(buf), &c) != SMC_CDC_MSG_LEN)
		die("smc_cdc_encode");
	i.len = SMC_CDC_MSG_LEN;
	record(&i, buf, SMC_CDC_MSG_LEN);
}

static void data(u8 dir, u32 off, u32 len, u8 flags)
{
	struct smc_dump_info i = { .dir = dir, .event = SMC_DUMP_EV_DATA,
				   .rmb_off = off, .len = len, .flags = flags };
	u8 buf[RMBE_SIZE];
	u32 k;

	for (k = 0; k < len; k++)
		buf[k] = (u8)('a' + (off + k) % 26);
	record(&i, buf, smc_dump_caplen(len, SNAP));
}

static void clc_handshake(void)
{
	struct smc_clc_proposal_info p = { 0 };
	struct smc_clc_accept_info a = { 0 };
	u8 buf[SMC_CLC_MAX_MSG_LEN];
	int n;

	p.version = SMC_V1;
	p.typev1 = SMC_TYPE_R;
	p.typev2 = SMC_TYPE_N;
	memset(p.lcl.id_for_peer, 0x11, sizeof(p.lcl.id_for_peer));
	memset(p.lcl.gid, 0x22, sizeof(p.lcl.gid));
	memset(p.lcl.mac, 0x02, sizeof(p.lcl.mac));
	p.has_prefix = true;
	p.ipv4_subnet = htonl(0x0a000000);
	p.ipv4_prefix_len = 24;
	n = smc_clc_proposal_encode(buf, sizeof(buf), &p);
	if (n < 0)
		die("smc_clc_proposal_encode");
	tcp_clc(true, buf, n);

	a.type = SMC_CLC_ACCEPT;
	a.version = SMC_V1;
	a.typev1 = SMC_TYPE_R;
	a.first_contact = true;
	memset(a.lcl.id_for_peer, 0x33, sizeof(a.lcl.id_for_peer));
	memset(a.lcl.gid, 0x44, sizeof(a.lcl.gid));
	memset(a.lcl.mac, 0x04, sizeof(a.lcl.mac));
	a.qpn = 0x123;
	a.rmb_rkey = 0x1000;
	a.rmbe_idx = 1;
	a.rmbe_alert_token = PEER_TOKEN;
	a.rmbe_size = 1;
	a.qp_mtu = 3;
	a.rmb_vaddr = 0x7f0000000000ULL;
	a.psn = 0x456;
	n = smc_clc_accept_encode(buf, sizeof(buf), &a);
	if (n < 0)
		die("smc_clc_accept_encode accept");
	tcp_clc(false, buf, n);

	a.type = SMC_CLC_CONFIRM;
	a.first_contact = true;
	a.rmbe_alert_token = TOKEN;
	n = smc_clc_accept_encode(buf, sizeof(buf), &a);
	if (n < 0)
		die("smc_clc_accept_encode confirm");
	tcp_clc(true, buf, n);
}

static void llc_exchange(void)
{
	const struct smc_llc_rt rt[2] = {
		{ htonl(0x1000), htonl(0x2000), 0 },
		{ htonl(0x1001), htonl(0x2001), 0 },
	};
	const struct smc_llc_rtoken rtok[3] = {
		{ 2, htonl(0x2000), 0 }, { 3, htonl(0x3000), 0 },
		{ 2, htonl(0x2002), 0 },
	};
	const struct smc_llc_rkey rk[2] = { { htonl(0x1000) },
					    { htonl(0x1001) } };
	static const u8 gids[2][SMC_LLC_GID_LEN] = { { 0xfe, 0x80 },
						     { 0xfe, 0x80, 1 } };
	struct smc_llc_info m;

	/* CONFIRM LINK request (server) and response, v1 */
	memset(&m, 0, sizeof(m));
	m.type = SMC_LLC_CONFIRM_LINK;
	m.version = SMC_V1;
	m.confirm_link.sender_qpn = 0x123;
	m.confirm_link.link_num = 1;
	m.confirm_link.max_links = 3;
	memset(m.confirm_link.sender_gid, 0x44, SMC_LLC_GID_LEN);
	llc(SMC_DUMP_DIR_RX, &m);
	m.flags = SMC_LLC_FLAG_RESP;
	m.confirm_link.sender_qpn = 0x321;
	llc(SMC_DUMP_DIR_TX, &m);

	/* ADD LINK request and response, v1 */
	memset(&m, 0, sizeof(m));
	m.type = SMC_LLC_ADD_LINK;
	m.version = SMC_V1;
	m.add_link.sender_qpn = 0x124;
	m.add_link.link_num = 2;
	m.add_link.qp_mtu = 3;
	m.add_link.initial_psn = 0x777;
	llc(SMC_DUMP_DIR_RX, &m);
	m.flags = SMC_LLC_FLAG_RESP;
	llc(SMC_DUMP_DIR_TX, &m);

	/* ADD LINK CONT with two rkeys */
	memset(&m, 0, sizeof(m));
	m.type = SMC_LLC_ADD_LINK_CONT;
	m.version = SMC_V1;
	m.add_link_cont.link_num = 2;
	m.add_link_cont.num_rkeys = 2;
	m.add_link_cont.rt_cnt = 2;
	m.add_link_cont.rt = rt;
	llc(SMC_DUMP_DIR_RX, &m);

	/* CONFIRM RKEY with two further rtokens, its response */
	memset(&m, 0, sizeof(m));
	m.type = SMC_LLC_CONFIRM_RKEY;
	m.version = SMC_V1;
	m.confirm_rkey.num_rkeys = 2;
	m.confirm_rkey.rmb_key = 0x1002;
	m.confirm_rkey.rmb_vaddr = 0x7f0000100000ULL;
	m.confirm_rkey.rtoken_cnt = 2;
	m.confirm_rkey.rtoken = rtok;
	llc(SMC_DUMP_DIR_TX, &m);
	memset(&m.confirm_rkey, 0, sizeof(m.confirm_rkey));
	m.flags = SMC_LLC_FLAG_RESP;
	llc(SMC_DUMP_DIR_RX, &m);

	/* CONFIRM RKEY CONT with three */
	memset(&m, 0, sizeof(m));
	m.type = SMC_LLC_CONFIRM_RKEY_CONT;
	m.version = SMC_V1;
	m.confirm_rkey_cont.num_rkeys = 3;
	m.confirm_rkey_cont.rtoken_cnt = 3;
	m.confirm_rkey_cont.rtoken = rtok;
	llc(SMC_DUMP_DIR_TX, &m);

	/* TEST LINK request and response */
	memset(&m, 0, sizeof(m));
	m.type = SMC_LLC_TEST_LINK;
	m.version = SMC_V1;
	memcpy(m.test_link.user_data, "smcdump-testlink", SMC_LLC_USER_DATA_LEN);
	llc(SMC_DUMP_DIR_RX, &m);
	m.flags = SMC_LLC_FLAG_RESP;
	llc(SMC_DUMP_DIR_TX, &m);

	/* DELETE RKEY of two, response with the second refused */
	memset(&m, 0, sizeof(m));
	m.type = SMC_LLC_DELETE_RKEY;
	m.version = SMC_V1;
	m.delete_rkey.num_rkeys = 2;
	m.delete_rkey.rkey_cnt = 2;
	m.delete_rkey.rkey = rk;
	llc(SMC_DUMP_DIR_TX, &m);
	m.flags = SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_RKEY_NEG;
	m.delete_rkey.err_mask = 0x40;
	llc(SMC_DUMP_DIR_RX, &m);

	/* v2: REQUEST ADD LINK with two GIDs, ADD LINK with its extension,
	 * CONFIRM LINK, DELETE RKEY
	 */
	memset(&m, 0, sizeof(m));
	m.type = SMC_LLC_REQ_ADD_LINK;
	m.version = SMC_V2;
	m.req_add_link.gid_cnt = 2;
	m.req_add_link.gid = gids;
	llc(SMC_DUMP_DIR_TX, &m);

	memset(&m, 0, sizeof(m));
	m.type = SMC_LLC_ADD_LINK;
	m.version = SMC_V2;
	m.add_link.sender_qpn = 0x125;
	m.add_link.link_num = 3;
	m.add_link.qp_mtu = 3;
	m.add_link.initial_psn = 0x888;
	m.add_link.has_ext = true;
	m.add_link.v2_direct = true;
	m.add_link.num_rkeys = 2;
	m.add_link.rt_cnt = 2;
	m.add_link.rt = rt;
	llc(SMC_DUMP_DIR_RX, &m);

	memset(&m, 0, sizeof(m));
	m.type = SMC_LLC_CONFIRM_LINK;
	m.version = SMC_V2;
	m.confirm_link.sender_qpn = 0x125;
	m.confirm_link.link_num = 3;
	m.confirm_link.max_links = 3;
	m.confirm_link.max_conns = 255;
	llc(SMC_DUMP_DIR_RX, &m);

	memset(&m, 0, sizeof(m));
	m.type = SMC_LLC_DELETE_RKEY;
	m.version = SMC_V2;
	m.delete_rkey.num_rkeys = 1;
	m.delete_rkey.rkey_cnt = 1;
	m.delete_rkey.rkey = rk;
	llc(SMC_DUMP_DIR_TX, &m);
}

static void connection(void)
{
	/* 600 bytes, then 600 that wrap in the peer's 1000 byte RMBE */
	data(SMC_DUMP_DIR_TX, 0, 600, 0);
	cdc(SMC_DUMP_DIR_TX, 1, 0, 600, 0, 0, 0, 0);
	cdc(SMC_DUMP_DIR_RX, 1, 0, 0, 0, 600, 0, 0);
	data(SMC_DUMP_DIR_TX, 600, 400, 0);
	data(SMC_DUMP_DIR_TX, 0, 200, 0);
	cdc(SMC_DUMP_DIR_TX, 2, 1, 200, 0, 0, 0, 0);
	/* an urgent byte */
	data(SMC_DUMP_DIR_TX, 200, 1, SMC_DUMP_F_URG);
	cdc(SMC_DUMP_DIR_TX, 3, 1, 201, 0, 0,
	    SMC_CDC_PF_URG_DATA_PENDING | SMC_CDC_PF_URG_DATA_PRESENT, 0);
	cdc(SMC_DUMP_DIR_RX, 2, 0, 10, 1, 201, 0, 0);
	/* the peer's 10 bytes, read by the user */
	data(SMC_DUMP_DIR_RX, 0, 10, 0);
	/* close: done writing and closed, both ways */
	cdc(SMC_DUMP_DIR_TX, 4, 1, 201, 0, 10, 0,
	    SMC_CDC_CS_PEER_DONE_WRITING | SMC_CDC_CS_PEER_CONN_CLOSED);
	cdc(SMC_DUMP_DIR_RX, 3, 0, 10, 1, 201, 0,
	    SMC_CDC_CS_PEER_DONE_WRITING | SMC_CDC_CS_PEER_CONN_CLOSED);
}

/* the link group ends: DELETE LINK of all links, orderly */
static void lgr_end(void)
{
	struct smc_llc_info m = { 0 };

	m.type = SMC_LLC_DELETE_LINK;
	m.version = SMC_V1;
	m.flags = SMC_LLC_FLAG_DEL_LINK_ALL | SMC_LLC_FLAG_DEL_LINK_ORDERLY;
	m.delete_link.reason = SMC_LLC_DEL_PROG_INIT_TERM;
	llc(SMC_DUMP_DIR_TX, &m);
	m.flags |= SMC_LLC_FLAG_RESP;
	llc(SMC_DUMP_DIR_RX, &m);
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 4 || (argc == 4 && strcmp(argv[3], "cut"))) {
		fprintf(stderr, "usage: gen_dump_pcap FILE [PORT [cut]]\n");
		return 2;
	}
	if (argc >= 3)
		udp_port = (u16)atoi(argv[2]);
	cut_mode = argc == 4;
	out = fopen(argv[1], "wb");
	if (!out)
		die("cannot create the file");
	put32(0xa1b2c3d4);		/* pcap, microseconds, host order */
	put32(2 | 4 << 16);		/* version 2.4 */
	put32(0);
	put32(0);
	put32(65535);
	put32(1);			/* LINKTYPE_ETHERNET */
	clc_handshake();
	llc_exchange();
	connection();
	lgr_end();
	if (fclose(out))
		die("write");
	return 0;
}
