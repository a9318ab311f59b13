// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of smcr and smc_pnet: generic netlink messages built with
 * libnl, laid out as Linux's SMC module sends them, go through the decoders
 * and the printers; the stats reset cache is written and read back; and
 * the netlink I/O is exercised against the kernel's own "nlctrl" family, so
 * nothing here needs the SMC module.
 *
 *   test_smcr                run the tests
 *   test_smcr --sample       print every smcr view of the sample data
 *   test_smcr --json-sample  print "smcr stats json" of the sample
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/smc_ext.h>

#include "smcr.h"

#include "check.h"

/* --- capturing output ------------------------------------------------------ */

static char *cap_buf;
static size_t cap_len;

static FILE *cap_open(void)
{
	FILE *f;

	free(cap_buf);
	cap_buf = NULL;
	f = open_memstream(&cap_buf, &cap_len);
	if (!f)
		abort();
	return f;
}

static const char *cap_close(FILE *f)
{
	fclose(f);
	return cap_buf;
}

/* --- building messages ----------------------------------------------------- */

#define FAMILY	0x1d	/* any id: the decoders do not look at it */

static struct nl_msg *gmsg(uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	if (!m || !genlmsg_put(m, 0, 1, FAMILY, 0, NLM_F_MULTI, cmd, 1))
		abort();
	return m;
}

static const char *test_ifname(uint32_t ifindex, char *buf)
{
	switch (ifindex) {
	case 2:
		return strcpy(buf, "eth0");
	case 3:
		return strcpy(buf, "eth1");
	default:
		return NULL;
	}
}

static struct nl_msg *sample_sys_info(const char *host)
{
	struct nl_msg *m = gmsg(SMC_NETLINK_GET_SYS_INFO);
	struct nlattr *n = nla_nest_start(m, SMC_GEN_SYS_INFO);

	nla_put_u8(m, SMC_NLA_SYS_VER, 2);
	nla_put_u8(m, SMC_NLA_SYS_REL, 1);
	nla_put_u8(m, SMC_NLA_SYS_IS_ISM_V2, 0);
	nla_put_u8(m, SMC_NLA_SYS_IS_SMCR_V2, 1);
	nla_put_string(m, SMC_NLA_SYS_LOCAL_HOST, host);
	nla_nest_end(m, n);
	return m;
}

/* eRDMA on PCI 1ded:107f, port 1 on eth0 with a user PNET ID */
static struct nl_msg *sample_dev_erdma(void)
{
	struct nl_msg *m = gmsg(SMC_NETLINK_GET_DEV_SMCR);
	struct nlattr *n = nla_nest_start(m, SMC_GEN_DEV_SMCR), *p;

	nla_put_u8(m, SMC_NLA_DEV_IS_CRIT, 1);
	nla_put_u32(m, SMC_NLA_DEV_PCI_FID, 0);
	nla_put_u16(m, SMC_NLA_DEV_PCI_CHID, 0);
	nla_put_u16(m, SMC_NLA_DEV_PCI_VENDOR, 0x1ded);
	nla_put_u16(m, SMC_NLA_DEV_PCI_DEVICE, 0x107f);
	nla_put_string(m, SMC_NLA_DEV_PCI_ID, "0000:00:05.0");
	nla_put_string(m, SMC_NLA_DEV_IB_NAME, "erdma_0");
	p = nla_nest_start(m, SMC_NLA_DEV_PORT);
	nla_put_u8(m, SMC_NLA_DEV_PORT_PNET_USR, 1);
	nla_put_string(m, SMC_NLA_DEV_PORT_PNETID, "NET1");
	nla_put_u32(m, SMC_NLA_DEV_PORT_NETDEV, 2);
	nla_put_u8(m, SMC_NLA_DEV_PORT_VALID, 1);
	nla_put_u8(m, SMC_NLA_DEV_PORT_STATE, 1);
	nla_put_u32(m, SMC_NLA_DEV_PORT_LNK_CNT, 3);
	nla_nest_end(m, p);
	nla_nest_end(m, n);
	return m;
}

/* Soft-RoCE: no PCI parent, so Linux sends no PCI attributes */
static struct nl_msg *sample_dev_rxe(void)
{
	struct nl_msg *m = gmsg(SMC_NETLINK_GET_DEV_SMCR);
	struct nlattr *n = nla_nest_start(m, SMC_GEN_DEV_SMCR), *p;

	nla_put_u8(m, SMC_NLA_DEV_IS_CRIT, 0);
	nla_put_string(m, SMC_NLA_DEV_IB_NAME, "rxe0");
	p = nla_nest_start(m, SMC_NLA_DEV_PORT);
	nla_put_u8(m, SMC_NLA_DEV_PORT_PNET_USR, 0);
	nla_put_string(m, SMC_NLA_DEV_PORT_PNETID, "");
	nla_put_u32(m, SMC_NLA_DEV_PORT_NETDEV, 3);
	nla_put_u8(m, SMC_NLA_DEV_PORT_VALID, 1);
	nla_put_u8(m, SMC_NLA_DEV_PORT_STATE, 0);
	nla_put_u32(m, SMC_NLA_DEV_PORT_LNK_CNT, 0);
	nla_nest_end(m, p);
	nla_nest_end(m, n);
	return m;
}

/* a v2 link group as 6.12 reports it; v1 omits the V2 nests */
static struct nl_msg *sample_lgr(uint32_t id, bool v2)
{
	struct nl_msg *m = gmsg(SMC_NETLINK_GET_LGR_SMCR);
	struct nlattr *n = nla_nest_start(m, SMC_GEN_LGR_SMCR), *c;
	uint64_t rmb = 262144;

	nla_put_u32(m, SMC_NLA_LGR_R_ID, id);
	nla_put_u32(m, SMC_NLA_LGR_R_CONNS_NUM, 2);
	nla_put_u8(m, SMC_NLA_LGR_R_ROLE, 1);
	nla_put_u8(m, SMC_NLA_LGR_R_TYPE, 2);
	nla_put_u8(m, SMC_NLA_LGR_R_BUF_TYPE, 0);
	nla_put_u8(m, SMC_NLA_LGR_R_VLAN_ID, 0);
	nla_put_u64(m, SMC_NLA_LGR_R_NET_COOKIE, 4096);
	nla_put_string(m, SMC_NLA_LGR_R_PNETID, "NET1");
	/* NLA_UINT: 4 bytes here, 8 bytes for the RMBs */
	nla_put_u32(m, SMC_NLA_LGR_R_SNDBUF_ALLOC, 131072);
	nla_put(m, SMC_NLA_LGR_R_RMB_ALLOC, sizeof(rmb), &rmb);
	if (v2) {
		c = nla_nest_start(m, SMC_NLA_LGR_R_V2_COMMON);
		nla_put_u8(m, SMC_NLA_LGR_V2_VER, 2);
		nla_put_u8(m, SMC_NLA_LGR_V2_REL, 1);
		nla_put_u8(m, SMC_NLA_LGR_V2_OS, 2);
		nla_put_string(m, SMC_NLA_LGR_V2_PEER_HOST, "peerhost");
		nla_put_string(m, SMC_NLA_LGR_V2_NEG_EID,
			       "SMC-EID                         ");
		nla_nest_end(m, c);
		c = nla_nest_start(m, SMC_NLA_LGR_R_V2);
		nla_put_u8(m, SMC_NLA_LGR_R_V2_DIRECT, 1);
		nla_put_u8(m, SMC_NLA_LGR_R_V2_MAX_CONNS, 255);
		nla_put_u8(m, SMC_NLA_LGR_R_V2_MAX_LINKS, 2);
		nla_nest_end(m, c);
	}
	nla_nest_end(m, n);
	return m;
}

static struct nl_msg *sample_link(uint8_t link_id, uint32_t ifindex,
				  const char *ibdev)
{
	struct nl_msg *m = gmsg(SMC_NETLINK_GET_LINK_SMCR);
	struct nlattr *n = nla_nest_start(m, SMC_GEN_LINK_SMCR);

	nla_put_u8(m, SMC_NLA_LINK_ID, link_id);
	nla_put_u32(m, SMC_NLA_LINK_STATE, 3);
	nla_put_u32(m, SMC_NLA_LINK_CONN_CNT, 2);
	nla_put_u8(m, SMC_NLA_LINK_IB_PORT, 1);
	nla_put_u32(m, SMC_NLA_LINK_NET_DEV, ifindex);
	nla_put_string(m, SMC_NLA_LINK_IB_DEV, ibdev);
	nla_put_u32(m, SMC_NLA_LINK_UID, 0x0a0b0c0d);
	nla_put_u32(m, SMC_NLA_LINK_PEER_UID, 0x01020304);
	nla_put_string(m, SMC_NLA_LINK_GID,
		       "0000:0000:0000:0000:0000:ffff:c0a8:0a01");
	nla_put_string(m, SMC_NLA_LINK_PEER_GID,
		       "0000:0000:0000:0000:0000:ffff:c0a8:0a02");
	nla_nest_end(m, n);
	return m;
}

static void put_hist(struct nl_msg *m, int type, const uint64_t *v)
{
	struct nlattr *n = nla_nest_start(m, type);
	int i;

	for (i = 0; i < SMCR_NBUCKETS; i++)
		nla_put_u64(m, SMC_NLA_STATS_PLOAD_8K + i, v[i]);
	nla_nest_end(m, n);
}

static void put_rmb(struct nl_msg *m, int type, uint64_t full,
		    uint64_t full_peer)
{
	struct nlattr *n = nla_nest_start(m, type);

	nla_put_u64(m, SMC_NLA_STATS_RMB_REUSE_CNT, 4);
	nla_put_u64(m, SMC_NLA_STATS_RMB_SIZE_SM_PEER_CNT, 0);
	nla_put_u64(m, SMC_NLA_STATS_RMB_SIZE_SM_CNT, 1);
	nla_put_u64(m, SMC_NLA_STATS_RMB_FULL_PEER_CNT, full_peer);
	nla_put_u64(m, SMC_NLA_STATS_RMB_FULL_CNT, full);
	nla_put_u64(m, SMC_NLA_STATS_RMB_ALLOC_CNT, 6);
	nla_put_u64(m, SMC_NLA_STATS_RMB_DGRADE_CNT, 0);
	nla_nest_end(m, n);
}

static void put_tech(struct nl_msg *m, int type, uint64_t scale)
{
	static const uint64_t bufs[SMCR_NBUCKETS] = { 0, 0, 0, 6, 0, 0, 0,
						      1, 1 };
	static const uint64_t reqs[SMCR_NBUCKETS] = { 90, 5, 0, 0, 0, 0, 3,
						      1, 1 };
	struct nlattr *n = nla_nest_start(m, type);

	/* the order of Linux's smc_nl_fill_stats_tech_data() */
	put_rmb(m, SMC_NLA_STATS_T_TX_RMB_STATS, 10 * scale, 2 * scale);
	put_rmb(m, SMC_NLA_STATS_T_RX_RMB_STATS, 5 * scale, 0);
	put_hist(m, SMC_NLA_STATS_T_TXPLOAD_SIZE, reqs);
	put_hist(m, SMC_NLA_STATS_T_RXPLOAD_SIZE, reqs);
	put_hist(m, SMC_NLA_STATS_T_TX_RMB_SIZE, bufs);
	put_hist(m, SMC_NLA_STATS_T_RX_RMB_SIZE, bufs);
	nla_put_u64(m, SMC_NLA_STATS_T_CLNT_V1_SUCC, 0);
	nla_put_u64(m, SMC_NLA_STATS_T_CLNT_V2_SUCC, 3 * scale);
	nla_put_u64(m, SMC_NLA_STATS_T_SRV_V1_SUCC, 1 * scale);
	nla_put_u64(m, SMC_NLA_STATS_T_SRV_V2_SUCC, 2 * scale);
	nla_put_u64(m, SMC_NLA_STATS_T_RX_BYTES, 5 * 1024 * 1024 * scale);
	nla_put_u64(m, SMC_NLA_STATS_T_TX_BYTES, 1536 * scale);
	nla_put_u32(m, SMC_NLA_STATS_T_RX_RMB_USAGE, 131072);
	nla_put_u32(m, SMC_NLA_STATS_T_TX_RMB_USAGE, 65536);
	nla_put_u64(m, SMC_NLA_STATS_T_RX_CNT, 100 * scale);
	nla_put_u64(m, SMC_NLA_STATS_T_TX_CNT, 50 * scale);
	nla_put_u64(m, SMC_NLA_STATS_T_SENDPAGE_CNT, 0);
	nla_put_u64(m, SMC_NLA_STATS_T_CORK_CNT, 7 * scale);
	nla_put_u64(m, SMC_NLA_STATS_T_NDLY_CNT, 1 * scale);
	nla_put_u64(m, SMC_NLA_STATS_T_SPLICE_CNT, 0);
	nla_put_u64(m, SMC_NLA_STATS_T_URG_DATA_CNT, 1);
	nla_nest_end(m, n);
}

static struct nl_msg *sample_stats(uint64_t scale)
{
	struct nl_msg *m = gmsg(SMC_NETLINK_GET_STATS);
	struct nlattr *n = nla_nest_start(m, SMC_GEN_STATS);

	put_tech(m, SMC_NLA_STATS_SMCD_TECH, 0);
	put_tech(m, SMC_NLA_STATS_SMCR_TECH, scale);
	nla_put_u64(m, SMC_NLA_STATS_CLNT_HS_ERR_CNT, 1 * scale);
	nla_put_u64(m, SMC_NLA_STATS_SRV_HS_ERR_CNT, 0);
	nla_nest_end(m, n);
	return m;
}

static struct nl_msg *sample_fback(bool server, bool totals, uint32_t code,
				   uint16_t cnt, uint64_t srv, uint64_t clnt)
{
	struct nl_msg *m = gmsg(SMC_NETLINK_GET_FBACK_STATS);
	struct nlattr *n = nla_nest_start(m, SMC_GEN_FBACK_STATS);

	nla_put_u8(m, SMC_NLA_FBACK_STATS_TYPE, server);
	if (totals) {
		nla_put_u64(m, SMC_NLA_FBACK_STATS_SRV_CNT, srv);
		nla_put_u64(m, SMC_NLA_FBACK_STATS_CLNT_CNT, clnt);
	}
	nla_put_u32(m, SMC_NLA_FBACK_STATS_RSN_CODE, code);
	nla_put_u16(m, SMC_NLA_FBACK_STATS_RSN_CNT, cnt);
	nla_nest_end(m, n);
	return m;
}

static void feed_stats(struct smcr_stats *st, uint64_t scale,
		       uint16_t peernosmc_srv)
{
	struct nl_msg *m[5];
	int i;

	memset(st, 0, sizeof(*st));
	/* in the kernel's order: per index the server, then the client */
	m[0] = sample_stats(scale);
	m[1] = sample_fback(true, true, 0x03010000, peernosmc_srv, 3 * scale,
			    4 * scale);
	m[2] = sample_fback(false, false, 0x03010000, 2 * scale, 0, 0);
	m[3] = sample_fback(false, false, 0x03030008, 1 * scale, 0, 0);
	m[4] = sample_fback(false, false, 0x0badc0de, 1, 0, 0);
	for (i = 0; i < 5; i++) {
		CHECK_INT(smcr_parse_stats(nlmsg_hdr(m[i]), st), 0);
		nlmsg_free(m[i]);
	}
}

/* --- tests ----------------------------------------------------------------- */

static void test_sys_info(void)
{
	struct smcr_sys_info si = { 0 };
	struct smcr_opts o = { 0 };
	struct nl_msg *m = sample_sys_info("host\x1b[2Jone");
	const char *out;
	FILE *f;

	CHECK_INT(smcr_parse_sys_info(nlmsg_hdr(m), &si), 0);
	nlmsg_free(m);
	CHECK(si.valid);
	CHECK_INT(si.bad_attrs, 0);
	f = cap_open();
	smcr_print_info(f, &o, &si);
	out = cap_close(f);
	CHECK_HAS(out, "SMC Version:      2.1\n");
	CHECK_HAS(out, "SMC-R Features:   v1 v2\n");
	/* an escape sequence in a host name must not reach the terminal */
	CHECK_HAS(out, "SMC Hostname:     host?[2Jone\n");
	CHECK_HAS(out, "ISMv2:            no\n");
}

static void test_devices(void)
{
	struct smcr_dev_list l = { 0 };
	struct smcr_opts o = { .ifname = test_ifname };
	struct nl_msg *m;
	char type[16];
	const char *out;
	FILE *f;

	m = sample_dev_erdma();
	CHECK_INT(smcr_parse_dev(nlmsg_hdr(m), &l), 0);
	nlmsg_free(m);
	m = sample_dev_rxe();
	CHECK_INT(smcr_parse_dev(nlmsg_hdr(m), &l), 0);
	nlmsg_free(m);
	CHECK_INT(l.n, 2);
	CHECK_INT(l.bad_attrs, 0);

	smcr_fmt_dev_type(type, sizeof(type), &l.devs[0]);
	CHECK_STR(type, "0x107f");
	smcr_fmt_dev_type(type, sizeof(type), &l.devs[1]);
	CHECK_STR(type, "-");

	f = cap_open();
	smcr_print_devs(f, &o, &l);
	out = cap_close(f);
	CHECK_HAS(out, "Net-Dev         IB-Dev           IB-P  IB-State  Type    Crit  #Links  PNET-ID\n");
	CHECK_HAS(out, "eth0            erdma_0             1  ACTIVE    0x107f  Yes        3  *NET1\n");
	CHECK_HAS(out, "eth1            rxe0                1  INACTIVE  -       No         0\n");
	CHECK_HASNT(out, "   2  ");	/* no second port */

	o.detail = 1;
	f = cap_open();
	smcr_print_devs(f, &o, &l);
	out = cap_close(f);
	CHECK_HAS(out, "Crit  PCI-ID        PCHID  #Links");
	CHECK_HAS(out, "0x107f  Yes   0000:00:05.0  0000        3  *NET1\n");
	CHECK_HAS(out, "-       No    -             -           0\n");

	o.detail = 0;
	o.filter = SMCR_F_IBDEV;
	o.filter_arg = "rxe0";
	f = cap_open();
	smcr_print_devs(f, &o, &l);
	out = cap_close(f);
	CHECK_HAS(out, "rxe0");
	CHECK_HASNT(out, "erdma_0");

	o.filter = SMCR_F_NETDEV;
	o.filter_arg = "eth0";
	f = cap_open();
	smcr_print_devs(f, &o, &l);
	out = cap_close(f);
	CHECK_HAS(out, "erdma_0");
	CHECK_HASNT(out, "rxe0");

	o.filter = SMCR_F_TYPE;
	o.filter_arg = "0x107F";
	f = cap_open();
	smcr_print_devs(f, &o, &l);
	out = cap_close(f);
	CHECK_HAS(out, "erdma_0");
	CHECK_HASNT(out, "rxe0");

	/* an unknown ifindex prints as a number */
	o.filter = SMCR_F_ALL;
	o.ifname = NULL;
	f = cap_open();
	smcr_print_devs(f, &o, &l);
	out = cap_close(f);
	CHECK_HAS(out, "\n2               erdma_0");
	smcr_dev_list_free(&l);
}

static void feed_lgrs(struct smcr_lgr_list *l)
{
	struct nl_msg *m[5];
	int i;

	memset(l, 0, sizeof(*l));
	/* GET_LINK_SMCR: every link group followed by its links */
	m[0] = sample_lgr(0x100, true);
	m[1] = sample_link(1, 2, "erdma_0");
	m[2] = sample_link(2, 3, "rxe0");
	m[3] = sample_lgr(0x200, false);
	m[4] = sample_link(1, 3, "rxe0");
	for (i = 0; i < 5; i++) {
		CHECK_INT(smcr_parse_lgr(nlmsg_hdr(m[i]), l), 0);
		nlmsg_free(m[i]);
	}
}

static void test_linkgroups(void)
{
	struct smcr_opts o = { .ifname = test_ifname };
	struct smcr_lgr_list l;
	struct nl_msg *m;
	const char *out;
	FILE *f;

	feed_lgrs(&l);
	CHECK_INT(l.n, 2);
	CHECK_INT(l.bad_attrs, 0);
	CHECK_INT(l.orphans, 0);
	CHECK_INT(l.lgrs[0].n_links, 2);
	CHECK_INT(l.lgrs[1].n_links, 1);
	/* SMC_NLA_LGR_V2_VER is attribute type 0 */
	CHECK_INT(l.lgrs[0].version, 2);
	CHECK_INT(l.lgrs[0].sndbuf_bytes, 131072);
	CHECK_INT(l.lgrs[0].rmb_bytes, 262144);

	f = cap_open();
	smcr_print_lgrs(f, &o, &l, false);
	out = cap_close(f);
	CHECK_HAS(out, "LG-ID    LG-Role  LG-Type  VLAN  #Conns  PNET-ID\n");
	CHECK_HAS(out, "00000100 SERV     SYM         0       2  NET1\n");
	CHECK_HAS(out, "00000200 SERV     SYM         0       2  NET1\n");

	f = cap_open();
	smcr_print_lgrs(f, &o, &l, true);
	out = cap_close(f);
	CHECK_HAS(out, "LG-ID    LG-Role  LG-Type  Net-Dev      Link-State  #Conns  Link-UID Peer-UID IB-Dev           IB-P  Local-GID                                Peer-GID\n");
	CHECK_HAS(out, "00000100 SERV     SYM      eth0         ACTIVE           2  0a0b0c0d 01020304 erdma_0             1  0000:0000:0000:0000:0000:ffff:c0a8:0a01  0000:0000:0000:0000:0000:ffff:c0a8:0a02\n");
	CHECK_HAS(out, "00000100 SERV     SYM      eth1         ACTIVE ");

	o.filter = SMCR_F_IBDEV;
	o.filter_arg = "erdma_0";
	f = cap_open();
	smcr_print_lgrs(f, &o, &l, true);
	out = cap_close(f);
	CHECK_HAS(out, "erdma_0");
	CHECK_HASNT(out, "rxe0");
	CHECK_HASNT(out, "00000200");

	o.filter = SMCR_F_NETDEV;
	o.filter_arg = "eth1";
	f = cap_open();
	smcr_print_lgrs(f, &o, &l, false);
	out = cap_close(f);
	CHECK_HAS(out, "00000100");
	CHECK_HAS(out, "00000200");

	o.filter = SMCR_F_TYPE;
	o.filter_arg = "single";
	f = cap_open();
	smcr_print_lgrs(f, &o, &l, false);
	out = cap_close(f);
	CHECK_HASNT(out, "00000100");

	o.filter = SMCR_F_ALL;
	o.detail = 1;
	f = cap_open();
	smcr_print_lgrs(f, &o, &l, true);
	out = cap_close(f);
	CHECK_HAS(out, "LG-ID       : 00000100\n");
	CHECK_HAS(out, "Version     : 2\n");
	CHECK_HAS(out, "Peer-Rel    : 1\n");
	CHECK_HAS(out, "Peer-Host   : peerhost\n");
	CHECK_HAS(out, "Peer-OS     : LINUX\n");
	CHECK_HAS(out, "EID         : SMC-EID\n");
	CHECK_HAS(out, "Direct      : Yes\n");
	CHECK_HAS(out, "Max-Conns   : 255\n");
	CHECK_HAS(out, "Sndbuf      : 131072 (128.00K)\n");
	CHECK_HAS(out, "RMB         : 262144 (256.00K)\n");
	CHECK_HAS(out, "  Link-ID Net-Dev");
	CHECK_HAS(out, "  2       eth1         ACTIVE");
	/* the v1 group has no v2 block */
	CHECK_HAS(out, "LG-ID       : 00000200\n");
	CHECK_HAS(out, "Version     : 1\n");
	CHECK_HASNT(out, "Net-Cookie");

	o.detail = 2;
	f = cap_open();
	smcr_print_lgrs(f, &o, &l, false);
	out = cap_close(f);
	CHECK_HAS(out, "Net-Cookie  : 4096\n");
	CHECK_HAS(out, "Buf-Type    : physically contiguous\n");
	smcr_lgr_list_free(&l);

	/* a link before any link group has nowhere to go */
	memset(&l, 0, sizeof(l));
	m = sample_link(1, 2, "erdma_0");
	CHECK_INT(smcr_parse_lgr(nlmsg_hdr(m), &l), 0);
	nlmsg_free(m);
	CHECK_INT(l.n, 0);
	CHECK_INT(l.orphans, 1);
	smcr_lgr_list_free(&l);
}

/* smc.ko's iWARP links carry their out-of-band 4-tuple */
static void test_iwarp_link(void)
{
	struct smcr_opts o = { .ifname = test_ifname };
	struct smcr_lgr_list l;
	struct nl_msg *m[3];
	struct nlattr *n;
	const char *out;
	FILE *f;
	int i;

	memset(&l, 0, sizeof(l));
	m[0] = sample_lgr(0x300, true);
	m[1] = sample_link(1, 2, "siw1");
	/* the tuple's attributes follow the in-tree ones in the nest */
	n = genlmsg_data(nlmsg_data(nlmsg_hdr(m[1])));
	nla_put_u32(m[1], SMC_NLA_LINK_IW_SADDR, htonl(0x0a000001));
	nla_put_u32(m[1], SMC_NLA_LINK_IW_DADDR, htonl(0x0a000002));
	nla_put_u16(m[1], SMC_NLA_LINK_IW_SPORT, 65501);
	nla_put_u16(m[1], SMC_NLA_LINK_IW_DPORT, 61450);
	nla_nest_end(m[1], n);
	m[2] = sample_link(2, 3, "rxe0");
	for (i = 0; i < 3; i++) {
		CHECK_INT(smcr_parse_lgr(nlmsg_hdr(m[i]), &l), 0);
		nlmsg_free(m[i]);
	}
	CHECK_INT(l.bad_attrs, 0);
	CHECK_INT(l.lgrs[0].n_links, 2);
	CHECK_INT(l.lgrs[0].links[0].have_iw, 1);
	CHECK_INT(l.lgrs[0].links[1].have_iw, 0);
	f = cap_open();
	smcr_print_lgrs(f, &o, &l, true);
	out = cap_close(f);
	CHECK_HAS(out, "siw1                1  0000:0000:0000:0000:0000:ffff:c0a8:0a01  0000:0000:0000:0000:0000:ffff:c0a8:0a02  iWARP 10.0.0.1:65501 -> 10.0.0.2:61450\n");
	CHECK_HAS(out, "rxe0                1  0000:0000:0000:0000:0000:ffff:c0a8:0a01  0000:0000:0000:0000:0000:ffff:c0a8:0a02\n");
	smcr_lgr_list_free(&l);
}

static void test_stats_text(void)
{
	struct smcr_opts o = { 0 };
	struct smcr_stats st;
	const char *out;
	FILE *f;

	feed_stats(&st, 1, 3);
	CHECK(st.have_stats);
	CHECK_INT(st.bad_attrs, 0);
	CHECK_INT(st.n_rsn, 3);
	CHECK_INT(st.c.fback_srv, 3);
	CHECK_INT(st.c.fback_clnt, 4);
	CHECK(st.have_usage[SMCR_TECH_R]);

	f = cap_open();
	smcr_print_stats(f, &o, &st, false);
	out = cap_close(f);
	CHECK_HAS(out, "SMC-R Connections Summary\n");
	/* 6 SMC + 1 handshake error + 7 fallbacks */
	CHECK_HAS(out, "  Total connections handled            14\n");
	CHECK_HAS(out, "  SMC connections                       6 (client 3, server 3)\n");
	CHECK_HAS(out, "    v1                                  1\n");
	CHECK_HAS(out, "    v2                                  5\n");
	CHECK_HAS(out, "  Handshake errors                      1 (client 1, server 0)\n");
	CHECK_HAS(out, "  Avg requests per SMC conn          25.0\n");
	CHECK_HAS(out, "  TCP fallback                          7 (client 4, server 3)\n");
	CHECK_HAS(out, "RX Stats\n  Data received (Bytes)           5242880 (5.00M)\n");
	CHECK_HAS(out, "  Buffer usage (Bytes)             131072 (128.00K)\n");
	CHECK_HAS(out, "  Buffer full                           5 (5.00%)\n");
	CHECK_HAS(out, "TX Stats\n  Data transmitted (Bytes)           1536 (1.50K)\n");
	CHECK_HAS(out, "  Buffer full (remote)                  2 (4.00%)\n");
	CHECK_HAS(out, "  Buffer full                          10 (20.00%)\n");
	CHECK_HAS(out, "             8KB    16KB    32KB    64KB   128KB   256KB   512KB  >512KB\n");
	/* 1024K and >1024K end up in one column */
	CHECK_HAS(out, "  Bufs         0       0       0       6       0       0       0       2\n");
	CHECK_HAS(out, "  Reqs        90       5       0       0       0       0       3       2\n");
	CHECK_HAS(out, "  Special socket calls                  9\n");
	CHECK_HAS(out, "    cork                                7\n");
	CHECK_HAS(out, "    urgent data                         1\n");
	CHECK_HAS(out, "Fallback Reasons\n  Code        Server  Client  Reason\n");
	CHECK_HAS(out, "  0x03010000       3       2  peer did not indicate SMC\n");
	CHECK_HAS(out, "  0x03030008       0       1  no common UEID\n");
	CHECK_HAS(out, "  0x0badc0de       0       1  unknown reason\n");
	CHECK_HASNT(out, "Buffer allocations");
	/* most frequent first */
	CHECK(strstr(out, "0x03010000") < strstr(out, "0x03030008"));

	o.detail = 1;
	f = cap_open();
	smcr_print_stats(f, &o, &st, true);
	out = cap_close(f);
	CHECK_HAS(out, "SMC-R Connections Summary (since the last reset)\n");
	CHECK_HAS(out, "  Buffer allocations                    6\n");
}

static void test_stats_json(void)
{
	struct smcr_opts o = { 0 };
	struct smcr_stats st;
	const char *out;
	FILE *f;

	feed_stats(&st, 1, 3);
	f = cap_open();
	smcr_print_stats_json(f, &o, &st, false);
	out = cap_close(f);
	CHECK_HAS(out, "\"since_reset\": false");
	CHECK_HAS(out, "\"total\": 14");
	CHECK_HAS(out, "\"avg_requests_per_conn\": 25.0");
	CHECK_HAS(out, "\">512KB\": 2");
	CHECK_HAS(out, "{\"code\": \"0x03010000\", \"reason\": \"peer did not indicate SMC\", \"server\": 3, \"client\": 2}");
	CHECK(out[0] == '{' && out[strlen(out) - 2] == '}');

	f = cap_open();
	smcr_json_str(f, "a\"b\\c\n\x01");
	out = cap_close(f);
	CHECK_STR(out, "a\\\"b\\\\c\\u000a\\u0001");

	/* no fallbacks: an empty array */
	memset(&st, 0, sizeof(st));
	st.have_stats = true;
	f = cap_open();
	smcr_print_stats_json(f, &o, &st, true);
	out = cap_close(f);
	CHECK_HAS(out, "\"fallback_reasons\": []");
	CHECK_HAS(out, "\"since_reset\": true");
}

static void test_stats_reset(void)
{
	char dir[] = "/tmp/test_smcr.XXXXXX", path[256], err[256];
	struct smcr_stats *st = calloc(3, sizeof(*st));
	struct smcr_stats *base = st + 1, *later = st + 2;
	struct smcr_opts o = { 0 };
	const char *out;
	FILE *f;
	int rc;

	if (!st || !mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/cache", dir);

	CHECK_INT(smcr_stats_load(path, base, err, sizeof(err)), -ENOENT);

	/* reset at scale 1, with the server's PEERNOSMC count about to wrap */
	feed_stats(st, 1, 65535);
	CHECK_INT(smcr_stats_save(path, st, err, sizeof(err)), 0);
	CHECK_INT(smcr_stats_load(path, base, err, sizeof(err)), 0);
	CHECK(!memcmp(&base->c, &st->c, sizeof(st->c)));
	CHECK_INT(base->n_rsn, 3);

	/* later: everything tripled, the 16-bit count wrapped to 2 */
	feed_stats(later, 3, 2);
	CHECK_INT(smcr_stats_subtract(later, base), SMCR_SUB_OK);
	CHECK_INT(SMCR_T_CNT(later, SMCR_TECH_R, SMC_NLA_STATS_T_RX_CNT), 200);
	CHECK_INT(SMCR_T_CNT(later, SMCR_TECH_R, SMC_NLA_STATS_T_CLNT_V2_SUCC),
		  6);
	CHECK_INT(later->c.fback_clnt, 8);
	CHECK_INT(later->c.tech[SMCR_TECH_R].rmb[SMCR_RMB_TX]
		  [SMC_NLA_STATS_RMB_FULL_CNT - 1], 20);
	CHECK_INT(later->rsn[0].srv, 3);	/* 2 - 65535 mod 2^16 */
	CHECK_INT(later->rsn[0].clnt, 4);
	CHECK_INT(later->rsn[2].clnt, 0);	/* unchanged: not shown */
	/* buffer usage is a level, not a counter */
	CHECK_INT(later->usage[SMCR_TECH_R][SMCR_RMB_RX], 131072);

	f = cap_open();
	smcr_print_stats(f, &o, later, true);
	out = cap_close(f);
	CHECK_HAS(out, "  Total connections handled            28\n");
	CHECK_HAS(out, "  0x03010000       3       4  peer did not indicate SMC\n");
	CHECK_HASNT(out, "0x0badc0de");

	/* counters below the saved ones: the module was reloaded */
	feed_stats(later, 0, 1);
	CHECK_INT(smcr_stats_subtract(later, base), SMCR_SUB_STALE);
	CHECK_INT(SMCR_T_CNT(later, SMCR_TECH_R, SMC_NLA_STATS_T_URG_DATA_CNT),
		  1);

	/* a cache others can write is not trusted */
	CHECK_INT(chmod(path, 0666), 0);
	CHECK_INT(smcr_stats_load(path, base, err, sizeof(err)), -EPERM);
	CHECK_HAS(err, "ignoring");
	CHECK_INT(chmod(path, 0600), 0);

	/* nor a symbolic link */
	snprintf(path, sizeof(path), "%s/link", dir);
	CHECK_INT(symlink("cache", path), 0);
	rc = smcr_stats_load(path, base, err, sizeof(err));
	CHECK(rc == -ELOOP || rc == -EMLINK);
	unlink(path);

	/* a file in another format (smc-tools', a truncated one) is ignored */
	snprintf(path, sizeof(path), "%s/cache", dir);
	f = fopen(path, "w");
	fputs("smcr-stats-cache 1 3\nc 0 1\n", f);
	fclose(f);
	CHECK_INT(smcr_stats_load(path, base, err, sizeof(err)), -EINVAL);
	CHECK_INT(base->c.tech[0].hist[0][0], 0);
	f = fopen(path, "w");
	fputs("\x01\x02garbage", f);
	fclose(f);
	CHECK_INT(smcr_stats_load(path, base, err, sizeof(err)), -EINVAL);

	/* the save replaces the file instead of writing into it */
	CHECK_INT(smcr_stats_save(path, st, err, sizeof(err)), 0);
	CHECK_INT(smcr_stats_load(path, base, err, sizeof(err)), 0);
	unlink(path);
	rmdir(dir);

	smcr_stats_cache_path(path, sizeof(path), 1000);
	CHECK_STR(path, "/tmp/.smcstats-smcr.u1000");
	free(st);
}

static struct nl_msg *sample_ueid(const char *padded)
{
	struct nl_msg *m = gmsg(SMC_NETLINK_DUMP_UEID);

	nla_put_string(m, SMC_NLA_EID_TABLE_ENTRY, padded);
	return m;
}

static void test_ueid(void)
{
	struct smcr_ueid_list l = { 0 };
	char out32[SMC_MAX_EID_LEN + 1];
	struct nl_msg *m;
	const char *out;
	FILE *f;

	CHECK(!smcr_ueid_prepare("smc-eid.1", out32));
	CHECK_STR(out32, "SMC-EID.1                       ");
	CHECK_INT(strlen(out32), SMC_MAX_EID_LEN);
	CHECK(!smcr_ueid_prepare("A2345678901234567890123456789012", out32));
	CHECK(smcr_ueid_prepare("A23456789012345678901234567890123", out32));
	CHECK(smcr_ueid_prepare("", out32));
	CHECK(smcr_ueid_prepare(".ABC", out32));
	CHECK(smcr_ueid_prepare("-ABC", out32));
	CHECK(smcr_ueid_prepare("A B", out32));
	CHECK(smcr_ueid_prepare("A_B", out32));
	CHECK(smcr_ueid_prepare("\xc3\x84", out32));

	m = sample_ueid("SMC-EID.1                       ");
	CHECK_INT(smcr_parse_ueid(nlmsg_hdr(m), &l), 0);
	nlmsg_free(m);
	m = sample_ueid("SECOND                          ");
	CHECK_INT(smcr_parse_ueid(nlmsg_hdr(m), &l), 0);
	nlmsg_free(m);
	f = cap_open();
	smcr_print_ueids(f, &l);
	out = cap_close(f);
	CHECK_STR(out, "SMC-EID.1\nSECOND\n");
}

static struct nl_msg *sample_pnet(const char *name, const char *eth,
				  const char *ib, uint8_t port)
{
	struct nl_msg *m = gmsg(SMC_PNETID_GET);

	if (name)
		nla_put_string(m, SMC_PNETID_NAME, name);
	nla_put_string(m, SMC_PNETID_ETHNAME, eth);
	nla_put_string(m, SMC_PNETID_IBNAME, ib);
	nla_put_u8(m, SMC_PNETID_IBPORT, port);
	return m;
}

static void test_pnet(void)
{
	struct smcr_pnet_list l = { 0 };
	struct nl_msg *m[3];
	char id[SMCR_PNETID_LEN + 1];
	const char *out;
	FILE *f;
	int i;

	CHECK(!smcr_pnetid_prepare("net1", id));
	CHECK_STR(id, "NET1");
	CHECK(!smcr_pnetid_prepare("ABCDEFGHIJKLMNOP", id));
	CHECK(smcr_pnetid_prepare("ABCDEFGHIJKLMNOPQ", id));
	CHECK(smcr_pnetid_prepare("NET 1", id));
	CHECK(smcr_pnetid_prepare("NET-1", id));
	CHECK(smcr_pnetid_prepare("", id));

	m[0] = sample_pnet("NET1", "eth0", "n/a", 0xff);
	m[1] = sample_pnet("NET2", "n/a", "mlx5_0", 2);
	m[2] = sample_pnet(NULL, "eth9", "n/a", 0xff);
	for (i = 0; i < 3; i++) {
		CHECK_INT(smcr_parse_pnet(nlmsg_hdr(m[i]), &l), 0);
		nlmsg_free(m[i]);
	}
	CHECK_INT(l.n, 2);
	CHECK_INT(l.bad_attrs, 1);
	f = cap_open();
	smcr_print_pnet(f, &l, NULL);
	out = cap_close(f);
	CHECK_STR(out, "NET1 eth0 n/a 255\nNET2 n/a mlx5_0 2\n");
	f = cap_open();
	smcr_print_pnet(f, &l, "NET2");
	out = cap_close(f);
	CHECK_STR(out, "NET2 n/a mlx5_0 2\n");
	smcr_pnet_list_free(&l);
}

static void test_bad_attrs(void)
{
	struct smcr_lgr_list l = { 0 };
	struct smcr_dev_list dl = { 0 };
	struct smcr_stats st = { 0 };
	struct nlmsghdr shorty = { .nlmsg_len = NLMSG_HDRLEN + 2 };
	struct nl_msg *m;
	struct nlattr *n;
	uint16_t two = 7;

	CHECK_INT(smcr_parse_lgr(&shorty, &l), -EINVAL);
	CHECK_INT(smcr_parse_stats(&shorty, &st), -EINVAL);

	/* a u32 sent as 2 bytes is dropped and counted */
	m = gmsg(SMC_NETLINK_GET_LGR_SMCR);
	n = nla_nest_start(m, SMC_GEN_LGR_SMCR);
	nla_put(m, SMC_NLA_LGR_R_ID, sizeof(two), &two);
	nla_put_u8(m, SMC_NLA_LGR_R_TYPE, 1);
	nla_put(m, SMC_NLA_LGR_R_SNDBUF_ALLOC, 3, "abc");
	nla_nest_end(m, n);
	CHECK_INT(smcr_parse_lgr(nlmsg_hdr(m), &l), 0);
	nlmsg_free(m);
	CHECK_INT(l.n, 1);
	CHECK_INT(l.lgrs[0].id, 0);
	CHECK_INT(l.lgrs[0].type, 1);
	CHECK(!(l.lgrs[0].have & SMCR_LGR_BUFS));
	CHECK_INT(l.bad_attrs, 2);
	smcr_lgr_list_free(&l);

	/* a nest whose last attribute claims more than there is */
	m = gmsg(SMC_NETLINK_GET_DEV_SMCR);
	n = nla_nest_start(m, SMC_GEN_DEV_SMCR);
	nla_put_string(m, SMC_NLA_DEV_IB_NAME, "mlx5_0");
	nla_put_u32(m, SMC_NLA_DEV_USE_CNT, 1);
	nla_nest_end(m, n);
	/* the u32's length field: header (16+4), nest (4), name (4+8) */
	{
		unsigned char *p = (unsigned char *)nlmsg_hdr(m);
		uint16_t big = 200;

		memcpy(p + NLMSG_HDRLEN + GENL_HDRLEN + 4 + 12, &big, 2);
	}
	CHECK_INT(smcr_parse_dev(nlmsg_hdr(m), &dl), 0);
	nlmsg_free(m);
	CHECK_INT(dl.n, 1);
	CHECK_STR(dl.devs[0].ib_name, "mlx5_0");
	CHECK_INT(dl.devs[0].use_cnt, 0);
	CHECK_INT(dl.bad_attrs, 1);
	smcr_dev_list_free(&dl);

	/* more links than a link group can have */
	memset(&l, 0, sizeof(l));
	m = sample_lgr(1, false);
	smcr_parse_lgr(nlmsg_hdr(m), &l);
	nlmsg_free(m);
	for (two = 0; two < SMCR_MAX_LINKS + 2; two++) {
		m = sample_link(two, 2, "x");
		smcr_parse_lgr(nlmsg_hdr(m), &l);
		nlmsg_free(m);
	}
	CHECK_INT(l.lgrs[0].n_links, SMCR_MAX_LINKS);
	CHECK_INT(l.bad_attrs, 2);
	smcr_lgr_list_free(&l);
}

/* random damage to valid messages must never crash a decoder (ASan) */
static void test_mutations(void)
{
	struct nl_msg *src[6];
	unsigned int seed = 12345;
	int i, k, j;

	src[0] = sample_stats(1);
	src[1] = sample_lgr(7, true);
	src[2] = sample_dev_erdma();
	src[3] = sample_fback(true, true, 0x03010000, 3, 1, 2);
	src[4] = sample_sys_info("h");
	src[5] = sample_pnet("NET1", "eth0", "n/a", 0xff);

	for (i = 0; i < 6; i++) {
		struct nlmsghdr *h = nlmsg_hdr(src[i]);
		size_t len = h->nlmsg_len;

		for (k = 0; k < 3000; k++) {
			struct nlmsghdr *c = malloc(len);
			struct smcr_stats st;
			struct smcr_lgr_list l = { 0 };
			struct smcr_dev_list d = { 0 };
			struct smcr_sys_info si = { 0 };
			struct smcr_pnet_list p = { 0 };
			size_t cut;

			memcpy(c, h, len);
			for (j = 0; j < 4; j++) {
				size_t off = NLMSG_HDRLEN +
					     rand_r(&seed) % (len - NLMSG_HDRLEN);

				((unsigned char *)c)[off] = rand_r(&seed);
			}
			/* sometimes also a shorter message */
			cut = k % 5 ? len : NLMSG_HDRLEN +
			      rand_r(&seed) % (len - NLMSG_HDRLEN + 1);
			c->nlmsg_len = cut;
			memset(&st, 0, sizeof(st));
			smcr_parse_stats(c, &st);
			smcr_parse_lgr(c, &l);
			smcr_parse_lgr(c, &l);
			smcr_parse_dev(c, &d);
			smcr_parse_sys_info(c, &si);
			smcr_parse_pnet(c, &p);
			smcr_lgr_list_free(&l);
			smcr_dev_list_free(&d);
			smcr_pnet_list_free(&p);
			free(c);
		}
		nlmsg_free(src[i]);
	}
	CHECK(1);
}

/* an NLMSG_ERROR with extended ack, in a buffer of its exact size */
static struct nlmsghdr *err_msg(int flags, uint32_t orig_len, const char *txt,
				size_t *size)
{
	size_t payload = sizeof(struct nlmsgerr);
	size_t tl = strlen(txt) + 1, off, len;
	struct nlmsgerr *e;
	struct nlmsghdr *h;
	struct nlattr *a;

	if (!(flags & NLM_F_CAPPED))
		payload += orig_len - NLMSG_HDRLEN;
	off = NLMSG_HDRLEN + NLMSG_ALIGN(payload);
	len = off + NLA_HDRLEN + NLA_ALIGN(tl);
	h = calloc(1, len);
	h->nlmsg_len = len;
	h->nlmsg_type = NLMSG_ERROR;
	h->nlmsg_flags = flags | NLM_F_ACK_TLVS;
	e = NLMSG_DATA(h);
	e->error = -ERANGE;
	e->msg.nlmsg_len = orig_len;
	a = (struct nlattr *)((char *)h + off);
	a->nla_type = NLMSGERR_ATTR_MSG;
	a->nla_len = NLA_HDRLEN + tl;
	memcpy((char *)a + NLA_HDRLEN, txt, tl);
	*size = len;
	return h;
}

static void test_extack(void)
{
	char buf[64];
	struct nlmsghdr *h;
	size_t len;

	h = err_msg(NLM_F_CAPPED, 56, "UEID table full (4 entries)", &len);
	smcr_extack_msg(h, buf, sizeof(buf));
	CHECK_STR(buf, "UEID table full (4 entries)");
	free(h);

	/* not capped: the request is echoed in front of the TLVs */
	h = err_msg(0, 56, "UEID already in the table", &len);
	smcr_extack_msg(h, buf, sizeof(buf));
	CHECK_STR(buf, "UEID already in the table");
	/* a lying echo length must not make us read past the message */
	((struct nlmsgerr *)NLMSG_DATA(h))->msg.nlmsg_len = 0xffff0000;
	smcr_extack_msg(h, buf, sizeof(buf));
	CHECK_STR(buf, "");
	((struct nlmsgerr *)NLMSG_DATA(h))->msg.nlmsg_len = 3;
	smcr_extack_msg(h, buf, sizeof(buf));
	CHECK_STR(buf, "");
	free(h);

	/* cut to the buffer, control characters replaced */
	h = err_msg(NLM_F_CAPPED, 0, "a\x1b[31mb", &len);
	smcr_extack_msg(h, buf, 5);
	CHECK_STR(buf, "a?[3");
	free(h);

	h = err_msg(NLM_F_CAPPED, 0, "x", &len);
	h->nlmsg_flags &= ~NLM_F_ACK_TLVS;
	smcr_extack_msg(h, buf, sizeof(buf));
	CHECK_STR(buf, "");
	free(h);
}

static void test_fmt(void)
{
	char b[32];

	smcr_fmt_bytes(b, sizeof(b), 0);
	CHECK_STR(b, "0B");
	smcr_fmt_bytes(b, sizeof(b), 1023);
	CHECK_STR(b, "1023B");
	smcr_fmt_bytes(b, sizeof(b), 1536);
	CHECK_STR(b, "1.50K");
	smcr_fmt_bytes(b, sizeof(b), 5ull << 30);
	CHECK_STR(b, "5.00G");
	smcr_fmt_bytes(b, sizeof(b), UINT64_MAX);
	CHECK_STR(b, "16.00E");
	CHECK_STR(smcr_lgr_type_name(4), "ASYML");
	CHECK_STR(smcr_lgr_type_name(9), "?");
	CHECK_STR(smcr_link_state_name(2), "ACTIVATING");
	CHECK_STR(smcr_lgr_role_name(0), "CLNT");
}

static int count_msg(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(*(int *)arg)++;
	return 0;
}

static int put_family_name(struct nl_msg *msg, void *arg)
{
	return nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, arg);
}

/* the real receive loop, against the kernel's own generic netlink family */
static void test_io(void)
{
	struct smcr_nl nl;
	int n = 0, rc, fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0) {
		printf("test_smcr: no generic netlink here (%s), I/O tests skipped\n",
		       strerror(errno));
		return;
	}
	close(fd);

	rc = smcr_nl_open(&nl, "SMC_NO_SUCH_FAMILY");
	CHECK_INT(rc, -ENOENT);

	rc = smcr_nl_open(&nl, "nlctrl");
	CHECK_INT(rc, 0);
	if (rc)
		return;
	CHECK_INT(smcr_nl_dump(&nl, CTRL_CMD_GETFAMILY, count_msg, &n), 0);
	CHECK(n >= 1);
	/* the dump was fully read: the socket is usable again */
	n = 0;
	CHECK_INT(smcr_nl_dump(&nl, CTRL_CMD_GETFAMILY, count_msg, &n), 0);
	CHECK(n >= 1);
	/* a command nlctrl does not have: refused with an errno */
	rc = smcr_nl_do(&nl, 0xee, NULL, NULL);
	CHECK(rc == -EOPNOTSUPP || rc == -EINVAL);
	CHECK_INT(nl.err, -rc);
	/* a request without its attribute is refused (EINVAL) */
	rc = smcr_nl_do(&nl, CTRL_CMD_GETFAMILY, NULL, NULL);
	CHECK(rc < 0);
	/* the kernel's explanation comes through (extended ack, 4.12+) */
	rc = smcr_nl_do(&nl, CTRL_CMD_GETFAMILY, put_family_name,
			"a-family-name-longer-than-GENL_NAMSIZ");
	CHECK_INT(rc, -EINVAL);
	CHECK_HAS(nl.extack, "policy");
	/* a request that succeeds: its reply is skipped, the ack ends it */
	rc = smcr_nl_do(&nl, CTRL_CMD_GETFAMILY, put_family_name, "nlctrl");
	CHECK_INT(rc, 0);
	CHECK_INT(nl.err, 0);
	n = 0;
	CHECK_INT(smcr_nl_dump(&nl, CTRL_CMD_GETFAMILY, count_msg, &n), 0);
	CHECK(n >= 1);
	CHECK_INT(nl.foreign, 0);
	smcr_nl_close(&nl);
}

static void print_sample(bool json)
{
	struct smcr_opts o = { .ifname = test_ifname };
	struct smcr_stats st;
	struct smcr_lgr_list l;
	struct smcr_dev_list d = { 0 };
	struct nl_msg *m;

	feed_stats(&st, 1, 3);
	if (json) {
		smcr_print_stats_json(stdout, &o, &st, false);
		return;
	}
	feed_lgrs(&l);
	m = sample_dev_erdma();
	smcr_parse_dev(nlmsg_hdr(m), &d);
	nlmsg_free(m);
	m = sample_dev_rxe();
	smcr_parse_dev(nlmsg_hdr(m), &d);
	nlmsg_free(m);
	printf("$ smcr device show\n");
	smcr_print_devs(stdout, &o, &d);
	printf("\n$ smcr linkgroup show\n");
	smcr_print_lgrs(stdout, &o, &l, false);
	printf("\n$ smcr linkgroup link-show\n");
	smcr_print_lgrs(stdout, &o, &l, true);
	printf("\n$ smcr -d linkgroup show\n");
	o.detail = 1;
	smcr_print_lgrs(stdout, &o, &l, false);
	o.detail = 0;
	printf("$ smcr stats show\n");
	smcr_print_stats(stdout, &o, &st, false);
	smcr_lgr_list_free(&l);
	smcr_dev_list_free(&d);
}

static struct nl_msg *sample_policy(uint8_t family, const void *addr,
				    int alen, uint8_t plen, uint16_t port)
{
	struct nl_msg *m = gmsg(SMC_POLICY_CMD_GET);

	nla_put_u8(m, SMC_POLICY_A_FAMILY, family);
	nla_put(m, SMC_POLICY_A_ADDR, alen, addr);
	nla_put_u8(m, SMC_POLICY_A_PREFIXLEN, plen);
	nla_put_u16(m, SMC_POLICY_A_PORT, port);
	return m;
}

static void test_policy(void)
{
	static const uint8_t a4[4] = { 203, 0, 113, 0 };
	static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	struct smcr_policy_list l = { 0 };
	struct smcr_policy_entry e;
	struct nl_msg *m[4];
	char buf[64];
	const char *out;
	FILE *f;
	int i;

	/* IPv4 with and without a length */
	memset(&e, 0, sizeof(e));
	CHECK(!smcr_policy_prefix_prepare("203.0.113.0/24", &e));
	CHECK_INT(e.family, AF_INET);
	CHECK_INT(e.plen, 24);
	CHECK(!memcmp(e.addr, a4, 4));
	CHECK(!smcr_policy_prefix_prepare("10.0.0.2", &e));
	CHECK_INT(e.family, AF_INET);
	CHECK_INT(e.plen, 32);
	CHECK(!smcr_policy_prefix_prepare("0.0.0.0/0", &e));
	CHECK_INT(e.plen, 0);
	/* IPv6 */
	CHECK(!smcr_policy_prefix_prepare("2001:db8::/32", &e));
	CHECK_INT(e.family, AF_INET6);
	CHECK_INT(e.plen, 32);
	CHECK(!memcmp(e.addr, a6, 16));
	CHECK(!smcr_policy_prefix_prepare("2001:db8::1", &e));
	CHECK_INT(e.plen, 128);
	CHECK(!smcr_policy_prefix_prepare("::/128", &e));
	/* IPv4-mapped IPv6 becomes IPv4 */
	CHECK(!smcr_policy_prefix_prepare("::ffff:10.0.0.2", &e));
	CHECK_INT(e.family, AF_INET);
	CHECK_INT(e.plen, 32);
	CHECK(!memcmp(e.addr, "\x0a\x00\x00\x02", 4));
	CHECK(!smcr_policy_prefix_prepare("::ffff:10.0.0.0/104", &e));
	CHECK_INT(e.family, AF_INET);
	CHECK_INT(e.plen, 8);
	CHECK(!smcr_policy_prefix_prepare("::ffff:0:0/95", &e));
	CHECK_INT(e.family, AF_INET6);
	/* bad input */
	CHECK(smcr_policy_prefix_prepare("10.0.0.0/33", &e));
	CHECK(smcr_policy_prefix_prepare("2001:db8::/129", &e));
	CHECK(smcr_policy_prefix_prepare("10.0.0.0/", &e));
	CHECK(smcr_policy_prefix_prepare("10.0.0.0/-1", &e));
	CHECK(smcr_policy_prefix_prepare("10.0.0.0/2x", &e));
	CHECK(smcr_policy_prefix_prepare("10.0.0.0/24/1", &e));
	CHECK(smcr_policy_prefix_prepare("10.0.0.0/000024", &e));
	CHECK(smcr_policy_prefix_prepare("/24", &e));
	CHECK(smcr_policy_prefix_prepare("", &e));
	CHECK(smcr_policy_prefix_prepare("10.0.0", &e));
	CHECK(smcr_policy_prefix_prepare("10.0.0.256", &e));
	CHECK(smcr_policy_prefix_prepare("garbage", &e));
	CHECK(smcr_policy_prefix_prepare("host.example", &e));
	CHECK(smcr_policy_prefix_prepare(
		"0000:0000:0000:0000:0000:0000:0000:0000:0000/1", &e));

	/* ports */
	e.port = 7;
	CHECK(!smcr_policy_port_prepare("443", &e.port));
	CHECK_INT(e.port, 443);
	CHECK(!smcr_policy_port_prepare("65535", &e.port));
	CHECK_INT(e.port, 65535);
	CHECK(smcr_policy_port_prepare("0", &e.port));
	CHECK(smcr_policy_port_prepare("65536", &e.port));
	CHECK(smcr_policy_port_prepare("http", &e.port));
	CHECK(smcr_policy_port_prepare("", &e.port));
	CHECK_INT(e.port, 65535);

	/* the dump and its printout, which reads like the add command */
	m[0] = sample_policy(AF_INET, a4, 4, 24, 0);
	m[1] = sample_policy(AF_INET6, a6, 16, 32, 443);
	m[2] = sample_policy(AF_INET, a6, 16, 24, 0);	/* wrong length */
	m[3] = sample_policy(AF_INET, a4, 4, 33, 0);	/* bad prefix */
	for (i = 0; i < 4; i++) {
		CHECK_INT(smcr_parse_policy(nlmsg_hdr(m[i]), &l), 0);
		nlmsg_free(m[i]);
	}
	CHECK_INT(l.n, 2);
	CHECK(l.bad_attrs >= 2);
	f = cap_open();
	smcr_print_policy(f, &l);
	out = cap_close(f);
	CHECK_STR(out, "203.0.113.0/24\n2001:db8::/32 port 443\n");
	smcr_fmt_policy(buf, sizeof(buf), &l.e[1]);
	CHECK_STR(buf, "2001:db8::/32 port 443");
	smcr_policy_list_free(&l);
	CHECK_INT(l.n, 0);
}

static void test_capture(void)
{
	struct smcr_opts o = { .ifname = test_ifname };
	struct smcr_capture c = { 0 };
	struct nl_msg *m;
	const char *out;
	uint32_t v = 7;
	FILE *f;

	/* options of capture attach */
	CHECK(!smcr_capture_events_prepare("all", &v));
	CHECK_INT(v, SMC_CAPTURE_EV_ALL);
	CHECK(!smcr_capture_events_prepare("cdc,llc", &v));
	CHECK_INT(v, SMC_CAPTURE_EV_LLC | SMC_CAPTURE_EV_CDC);
	CHECK(!smcr_capture_events_prepare("data", &v));
	CHECK_INT(v, SMC_CAPTURE_EV_DATA);
	CHECK(smcr_capture_events_prepare("", &v));
	CHECK(smcr_capture_events_prepare("llc,", &v));
	CHECK(smcr_capture_events_prepare(",llc", &v));
	CHECK(smcr_capture_events_prepare("raw", &v));
	CHECK(smcr_capture_events_prepare("llcx", &v));
	CHECK_INT(v, SMC_CAPTURE_EV_DATA);
	CHECK(!smcr_capture_modes_prepare("smcd", &v));
	CHECK_INT(v, SMC_CAPTURE_MODE_SMCD);
	CHECK(!smcr_capture_modes_prepare("all", &v));
	CHECK_INT(v, SMC_CAPTURE_MODE_ALL);
	CHECK(smcr_capture_modes_prepare("smc", &v));
	CHECK(!smcr_capture_snaplen_prepare("0", &v));
	CHECK_INT(v, 0);
	CHECK(!smcr_capture_snaplen_prepare("65535", &v));
	CHECK_INT(v, 65535);
	CHECK(smcr_capture_snaplen_prepare("65536", &v));
	CHECK(smcr_capture_snaplen_prepare("-1", &v));
	CHECK(smcr_capture_snaplen_prepare("12k", &v));
	CHECK(smcr_capture_snaplen_prepare("", &v));

	/* nothing attached: an empty dump */
	f = cap_open();
	smcr_print_capture(f, &o, &c);
	out = cap_close(f);
	CHECK_STR(out, "no capture device\n");

	m = gmsg(SMC_NETLINK_CAPTURE_GET);
	nla_put_u32(m, SMC_NLA_CAPTURE_IFINDEX, 3);
	nla_put_u32(m, SMC_NLA_CAPTURE_SNAPLEN, 128);
	nla_put_u32(m, SMC_NLA_CAPTURE_EVENTS,
		    SMC_CAPTURE_EV_LLC | SMC_CAPTURE_EV_CDC);
	nla_put_u32(m, SMC_NLA_CAPTURE_MODES, SMC_CAPTURE_MODE_SMCR);
	nla_put_u64(m, SMC_NLA_CAPTURE_RECORDS, 12345678901ULL);
	nla_put_u64(m, SMC_NLA_CAPTURE_DROPS, 7);
	CHECK_INT(smcr_parse_capture(nlmsg_hdr(m), &c), 0);
	nlmsg_free(m);
	CHECK(c.present);
	CHECK_INT(c.bad_attrs, 0);
	f = cap_open();
	smcr_print_capture(f, &o, &c);
	out = cap_close(f);
	CHECK_STR(out, "device eth1 snaplen 128 events llc,cdc modes smcr records 12345678901 drops 7\n");

	/* a reply without a device is not one */
	memset(&c, 0, sizeof(c));
	m = gmsg(SMC_NETLINK_CAPTURE_GET);
	nla_put_u32(m, SMC_NLA_CAPTURE_SNAPLEN, 128);
	CHECK_INT(smcr_parse_capture(nlmsg_hdr(m), &c), 0);
	nlmsg_free(m);
	CHECK(!c.present);
	CHECK(c.bad_attrs >= 1);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--sample")) {
		print_sample(false);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--json-sample")) {
		print_sample(true);
		return 0;
	}

	test_sys_info();
	test_devices();
	test_linkgroups();
	test_iwarp_link();
	test_stats_text();
	test_stats_json();
	test_stats_reset();
	test_ueid();
	test_pnet();
	test_policy();
	test_capture();
	test_bad_attrs();
	test_mutations();
	test_extack();
	test_fmt();
	test_io();
	free(cap_buf);

	printf("test_smcr: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
