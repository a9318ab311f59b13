/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LLC and CDC messages byte for byte as Linux 6.1 / 6.12 send them, written
 * by hand from their send paths (smc_llc.c, smc_cdc.c) and not produced by
 * our encoder.  A few shapes that the protocol defines but Linux never
 * sends are marked as such.  Used by the unit tests and as fuzzing seeds.
 *
 * Linux stores the v2 length in host byte order: x86 peers send it little
 * endian ("x86" below), s390 peers big endian ("s390").
 */
#ifndef LLC_VECTORS_H
#define LLC_VECTORS_H

#include "smc_llc_wire.h"
#include "smc_cdc_wire.h"

#define LZ4	0, 0, 0, 0
#define LZ8	LZ4, LZ4
#define LZ16	LZ8, LZ8
#define LZ24	LZ16, LZ8
#define LZ32	LZ16, LZ16

/* server (S) and client (C) devices, each with a second one for link 2 */
#define LMAC_S	0x52, 0x54, 0x00, 0xab, 0xcd, 0xef
#define LMAC_S2	0x52, 0x54, 0x00, 0xab, 0xcd, 0xf0
#define LMAC_C	0x52, 0x54, 0x00, 0x12, 0x34, 0x56
#define LMAC_C2	0x52, 0x54, 0x00, 0x12, 0x34, 0x57
/* RoCE v1 GIDs (link local, from the MAC) */
#define LGID_S	0xfe, 0x80, 0, 0, 0, 0, 0, 0, \
		0x50, 0x54, 0x00, 0xff, 0xfe, 0xab, 0xcd, 0xef
#define LGID_S2	0xfe, 0x80, 0, 0, 0, 0, 0, 0, \
		0x50, 0x54, 0x00, 0xff, 0xfe, 0xab, 0xcd, 0xf0
#define LGID_C	0xfe, 0x80, 0, 0, 0, 0, 0, 0, \
		0x50, 0x54, 0x00, 0xff, 0xfe, 0x12, 0x34, 0x56
#define LGID_C2	0xfe, 0x80, 0, 0, 0, 0, 0, 0, \
		0x50, 0x54, 0x00, 0xff, 0xfe, 0x12, 0x34, 0x57
/* RoCE v2 GIDs ::ffff:10.1.2.4 (S), 10.1.3.4 (S2), 10.1.2.3 (C), 10.1.3.3 */
#define LGID2_S		LZ8, 0, 0, 0xff, 0xff, 0x0a, 0x01, 0x02, 0x04
#define LGID2_S2	LZ8, 0, 0, 0xff, 0xff, 0x0a, 0x01, 0x03, 0x04
#define LGID2_C		LZ8, 0, 0, 0xff, 0xff, 0x0a, 0x01, 0x02, 0x03
#define LGID2_C2	LZ8, 0, 0, 0xff, 0xff, 0x0a, 0x01, 0x03, 0x03
#define LQPN_S	0x00, 0x01, 0x07
#define LQPN_S2	0x00, 0x01, 0x08
#define LQPN_C	0x00, 0x02, 0x11
#define LQPN_C2	0x00, 0x02, 0x12
#define LPSN_S2	0x7a, 0x3b, 0x01
#define LPSN_C2	0x11, 0x22, 0x33
/* link user ids: link group id + link id */
#define LUID_S1	0x5a, 0x5b, 0x5c, 0x5e
#define LUID_C1	0x31, 0x32, 0x33, 0x35
/* rkey pairs: rkey on link 1, rkey and DMA address on link 2 */
#define LRT1	0x00, 0x00, 0x1a, 0x2b, 0x00, 0x00, 0x2c, 0x3d, \
		0x00, 0x00, 0x00, 0x01, 0x23, 0x45, 0x60, 0x00
#define LRT2	0x00, 0x00, 0x1a, 0x40, 0x00, 0x00, 0x2c, 0x51, \
		0x00, 0x00, 0x00, 0x01, 0x23, 0x4a, 0x00, 0x00
#define LRT3	0x00, 0x00, 0x1b, 0x01, 0x00, 0x00, 0x2d, 0x02, \
		0x00, 0x00, 0x00, 0x01, 0x24, 0x00, 0x00, 0x00
/* rtoken: rkey and address of an RMB */
#define LRKEY1	0x00, 0x00, 0x1a, 0x2b
#define LVADDR1	0x00, 0x00, 0x00, 0x01, 0x23, 0x45, 0x60, 0x00
#define LRKEY2	0x00, 0x00, 0x2c, 0x3d

/* ---- CONFIRM LINK --------------------------------------------------------- */

/* server, first link, v1 or 6.1: NO_RMBE_EYEC, max_links 2 */
static const u8 l_conf_link_v1_req[] = {
	0x01, 0x2c, 0x00, 0x03,
	LMAC_S, LGID_S, LQPN_S, 0x01, LUID_S1,
	0x02, 0x00, LZ8,
};

/* client answer on the same link */
static const u8 l_conf_link_v1_resp[] = {
	0x01, 0x2c, 0x00, 0x83,
	LMAC_C, LGID_C, LQPN_C, 0x01, LUID_C1,
	0x02, 0x00, LZ8,
};

/* 6.1 server, SMC-Rv2 link group (x86) */
static const u8 l_conf_link_v2_req_61[] = {
	0x21, 0x2c, 0x00, 0x03,
	LMAC_S, LGID2_S, LQPN_S, 0x01, LUID_S1,
	0x02, 0x00, LZ8,
};

/* 6.12 server with a v2.1 peer: max_conns 64, max_links 1 (sysctls) */
static const u8 l_conf_link_v21_req[] = {
	0x21, 0x2c, 0x00, 0x03,
	LMAC_S, LGID2_S, LQPN_S, 0x01, LUID_S1,
	0x01, 0x40, LZ8,
};

/* ---- ADD LINK ------------------------------------------------------------- */

/* server offers link 2 on its second device, path MTU 1024 (3) */
static const u8 l_add_link_v1_req[] = {
	0x02, 0x2c, 0x00, 0x00,
	LMAC_S2, 0x00, 0x00, LGID_S2, LQPN_S2, 0x02, 0x03, LPSN_S2, LZ8,
};

/* client accepts with its second device */
static const u8 l_add_link_v1_resp[] = {
	0x02, 0x2c, 0x00, 0x80,
	LMAC_C2, 0x00, 0x00, LGID_C2, LQPN_C2, 0x02, 0x03, LPSN_C2, LZ8,
};

/* client invites the server to add a link: no new link yet */
static const u8 l_add_link_v1_invite[] = {
	0x02, 0x2c, 0x00, 0x00,
	LMAC_C2, 0x00, 0x00, LGID_C2, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, LZ8,
};

/* client rejects (no alternate path): the request echoed, reason 1 */
static const u8 l_add_link_v1_rej[] = {
	0x02, 0x2c, 0x01, 0xc0,
	LMAC_S2, 0x00, 0x00, LGID_S2, LQPN_S2, 0x02, 0x03, LPSN_S2, LZ8,
};

/* v2 server, 2 RMBs in use, direct (x86: length 104 and count LE) */
static const u8 l_add_link_v2_req[] = {
	0x22, 0x68, 0x00, 0x00,
	LMAC_S2, 0x00, 0x00, LGID2_S2, LQPN_S2, 0x02, 0x03, LPSN_S2, LZ8,
	0x80, 0x00, LGID2_S2, LZ8, 0x02, 0x00,
	LRT1, LRT2,
};

/* the same from an s390 server: both 16-bit fields big endian */
static const u8 l_add_link_v2_req_be[] = {
	0x22, 0x00, 0x68, 0x00,
	LMAC_S2, 0x00, 0x00, LGID2_S2, LQPN_S2, 0x02, 0x03, LPSN_S2, LZ8,
	0x80, 0x00, LGID2_S2, LZ8, 0x00, 0x02,
	LRT1, LRT2,
};

/* v2 client answer with its one RMB, via a gateway (not direct) */
static const u8 l_add_link_v2_resp[] = {
	0x22, 0x58, 0x00, 0x80,
	LMAC_C2, 0x00, 0x00, LGID2_C2, LQPN_C2, 0x02, 0x03, LPSN_C2, LZ8,
	0x00, 0x00, LGID2_C2, LZ8, 0x01, 0x00,
	LRT3,
};

/* v2 server counting 3 connections while only 2 RMBs are in use yet */
static const u8 l_add_link_v2_req_short[] = {
	0x22, 0x68, 0x00, 0x00,
	LMAC_S2, 0x00, 0x00, LGID2_S2, LQPN_S2, 0x02, 0x03, LPSN_S2, LZ8,
	0x80, 0x00, LGID2_S2, LZ8, 0x03, 0x00,
	LRT1, LRT2,
};

/* v2 server without connections: extension without rkeys, length 72 */
static const u8 l_add_link_v2_req_empty[] = {
	0x22, 0x48, 0x00, 0x00,
	LMAC_S2, 0x00, 0x00, LGID2_S2, LQPN_S2, 0x02, 0x04, LPSN_S2, LZ8,
	0x80, 0x00, LGID2_S2, LZ8, 0x00, 0x00,
};

/* v2 client rejects: 44 bytes of the request echoed, the length rewritten
 * over the reason (x86)
 */
static const u8 l_add_link_v2_rej[] = {
	0x22, 0x2c, 0x00, 0xc0,
	LMAC_S2, 0x00, 0x00, LGID2_S2, LQPN_S2, 0x02, 0x03, LPSN_S2, LZ8,
};

/* ---- ADD LINK CONTINUATION (v1 only) -------------------------------------- */

/* server: 3 rkeys to go, 2 in this message */
static const u8 l_add_link_cont_srv[] = {
	0x03, 0x2c, 0x00, 0x00,
	0x02, 0x03, 0x00, 0x00, LRT1, LRT2, LZ4,
};

/* client (carries the response flag): its last rkey */
static const u8 l_add_link_cont_cli[] = {
	0x03, 0x2c, 0x00, 0x80,
	0x02, 0x01, 0x00, 0x00, LRT3, LZ16, LZ4,
};

/* client with nothing (left) to send */
static const u8 l_add_link_cont_none[] = {
	0x03, 0x2c, 0x00, 0x80,
	0x02, 0x00, 0x00, 0x00, LZ32, LZ4,
};

/* ---- DELETE LINK ---------------------------------------------------------- */

/* server removes the asymmetric link 3, orderly */
static const u8 l_del_link_v1_orderly[] = {
	0x04, 0x2c, 0x00, 0x20,
	0x03, 0x00, 0x05, 0x00, 0x00, LZ32, 0x00, 0x00, 0x00,
};

/* client answers: reason cleared, flags kept */
static const u8 l_del_link_v1_resp[] = {
	0x04, 0x2c, 0x00, 0xa0,
	0x03, 0x00, 0x00, 0x00, 0x00, LZ32, 0x00, 0x00, 0x00,
};

/* client does not know the link */
static const u8 l_del_link_v1_nolnk[] = {
	0x04, 0x2c, 0x00, 0xa0,
	0x07, 0x00, 0x10, 0x00, 0x00, LZ32, 0x00, 0x00, 0x00,
};

/* link group going away orderly (program initiated termination) */
static const u8 l_del_link_v1_all[] = {
	0x04, 0x2c, 0x00, 0x60,
	0x00, 0x00, 0x03, 0x00, 0x00, LZ32, 0x00, 0x00, 0x00,
};

/* v2 link group lost its path (x86) */
static const u8 l_del_link_v2_all[] = {
	0x24, 0x2c, 0x00, 0x40,
	0x00, 0x00, 0x01, 0x00, 0x00, LZ32, 0x00, 0x00, 0x00,
};

/* ---- REQUEST ADD LINK (v2) ------------------------------------------------ */

/* client offers its GID list (own GID first, 2 entries), length 60 */
static const u8 l_req_add_link_v2[] = {
	0x25, 0x3c, 0x00, 0x00,
	LZ16, LZ4, 0x02, 0x00, 0x00, 0x00,
	LGID2_C, LGID2_C2,
};

/* server answers when it could not add a link: all zero */
static const u8 l_req_add_link_v2_resp[] = {
	0x25, 0x2c, 0x00, 0x80,
	LZ32, LZ8,
};

/* the v1 form with one GID: defined, never sent by Linux */
static const u8 l_req_add_link_v1_one[] = {
	0x05, 0x2c, 0x00, 0x00,
	LZ16, LZ4, 0x01, 0x00, 0x00, 0x00,
	LGID_C2,
};

/* ---- CONFIRM RKEY --------------------------------------------------------- */

/* one link: only the rtoken of the receiving link */
static const u8 l_conf_rkey_v1_one[] = {
	0x06, 0x2c, 0x00, 0x00,
	0x00, LRKEY1, LVADDR1,
	LZ8, LZ4, 0x00, LZ8, LZ4, 0x00,
	0x00,
};

/* two links: the receiving link's rtoken and the one for link 2 */
static const u8 l_conf_rkey_v1_two[] = {
	0x06, 0x2c, 0x00, 0x00,
	0x01, LRKEY1, LVADDR1,
	0x02, LRKEY2, 0x00, 0x00, 0x00, 0x01, 0x23, 0x4a, 0x00, 0x00,
	LZ8, LZ4, 0x00,
	0x00,
};

/* the answer: the request echoed */
static const u8 l_conf_rkey_v1_resp[] = {
	0x06, 0x2c, 0x00, 0x80,
	0x01, LRKEY1, LVADDR1,
	0x02, LRKEY2, 0x00, 0x00, 0x00, 0x01, 0x23, 0x4a, 0x00, 0x00,
	LZ8, LZ4, 0x00,
	0x00,
};

/* negative answer: no free rtoken slot */
static const u8 l_conf_rkey_v1_neg[] = {
	0x06, 0x2c, 0x00, 0xb0,
	0x00, LRKEY1, LVADDR1,
	LZ8, LZ4, 0x00, LZ8, LZ4, 0x00,
	0x00,
};

/* v2 link group (x86) */
static const u8 l_conf_rkey_v2[] = {
	0x26, 0x2c, 0x00, 0x00,
	0x01, LRKEY1, LVADDR1,
	0x02, LRKEY2, 0x00, 0x00, 0x00, 0x01, 0x23, 0x4a, 0x00, 0x00,
	LZ8, LZ4, 0x00,
	0x00,
};

/* v2 with 3 further rtokens, length 56: defined, never sent by Linux */
static const u8 l_conf_rkey_v2_long[] = {
	0x26, 0x38, 0x00, 0x00,
	0x03, LRKEY1, LVADDR1,
	0x02, LRKEY2, LVADDR1,
	0x03, LRKEY2, LVADDR1,
	0x04, LRKEY2, LVADDR1,
};

/* v1 continuation with the last 2 of 5 rtokens: never sent by Linux */
static const u8 l_conf_rkey_cont_v1[] = {
	0x08, 0x2c, 0x00, 0x00,
	0x02,
	0x04, LRKEY2, LVADDR1,
	0x05, LRKEY1, LVADDR1,
	LZ8, LZ4, 0x00,
};

/* ---- TEST LINK ------------------------------------------------------------ */

static const u8 l_test_link_v1_req[] = {
	0x07, 0x2c, 0x00, 0x00, LZ32, LZ8,
};

static const u8 l_test_link_v1_resp[] = {
	0x07, 0x2c, 0x00, 0x80, LZ32, LZ8,
};

static const u8 l_test_link_v2_req[] = {
	0x27, 0x2c, 0x00, 0x00, LZ32, LZ8,
};

/* s390 peer answering; the user data is opaque and echoed */
static const u8 l_test_link_v2_resp_be[] = {
	0x27, 0x00, 0x2c, 0x80,
	0xde, 0xad, 0xbe, 0xef, LZ8, LZ4, LZ24,
};

/* ---- DELETE RKEY ---------------------------------------------------------- */

static const u8 l_del_rkey_v1_req[] = {
	0x09, 0x2c, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, LRKEY1, LZ24, LZ4, LZ4,
};

/* the rkey was unknown: bit 7 for rkey 0, rkeys echoed */
static const u8 l_del_rkey_v1_neg[] = {
	0x09, 0x2c, 0x00, 0xa0,
	0x01, 0x80, 0x00, 0x00, LRKEY1, LZ24, LZ4, LZ4,
};

/* v2 link group: the v1 layout with the v2 type (x86) */
static const u8 l_del_rkey_v2_req[] = {
	0x29, 0x2c, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, LRKEY1, LZ24, LZ4, LZ4,
};

/* v2 answers: count of unknown rkeys, the rkeys cleared */
static const u8 l_del_rkey_v2_resp[] = {
	0x29, 0x2c, 0x00, 0x80,
	0x01, 0x00, 0x00, 0x00, LZ32, LZ4,
};

static const u8 l_del_rkey_v2_neg[] = {
	0x29, 0x2c, 0x00, 0xa0,
	0x01, 0x01, 0x00, 0x00, LZ32, LZ4,
};

/* v2 with 10 rkeys, length 48: defined, never sent by Linux */
static const u8 l_del_rkey_v2_long[] = {
	0x29, 0x30, 0x00, 0x00,
	0x0a, 0x00, 0x00, 0x00,
	LRKEY1, LRKEY2, LRKEY1, LRKEY2, LRKEY1,
	LRKEY2, LRKEY1, LRKEY2, LRKEY1, LRKEY2,
};

struct llc_vector {
	const char	*name;
	const u8	*buf;
	size_t		len;
	u8		type;		/* base type */
	u8		version;
	bool		v2_be;
	bool		linux_sends;	/* false: defined shape only */
};

#define LLC_VEC(v, t, ver, be, lx)	{ #v, v, sizeof(v), t, ver, be, lx }

static const struct llc_vector llc_vectors[] = {
	LLC_VEC(l_conf_link_v1_req, SMC_LLC_CONFIRM_LINK, SMC_V1, 0, 1),
	LLC_VEC(l_conf_link_v1_resp, SMC_LLC_CONFIRM_LINK, SMC_V1, 0, 1),
	LLC_VEC(l_conf_link_v2_req_61, SMC_LLC_CONFIRM_LINK, SMC_V2, 0, 1),
	LLC_VEC(l_conf_link_v21_req, SMC_LLC_CONFIRM_LINK, SMC_V2, 0, 1),
	LLC_VEC(l_add_link_v1_req, SMC_LLC_ADD_LINK, SMC_V1, 0, 1),
	LLC_VEC(l_add_link_v1_resp, SMC_LLC_ADD_LINK, SMC_V1, 0, 1),
	LLC_VEC(l_add_link_v1_invite, SMC_LLC_ADD_LINK, SMC_V1, 0, 1),
	LLC_VEC(l_add_link_v1_rej, SMC_LLC_ADD_LINK, SMC_V1, 0, 1),
	LLC_VEC(l_add_link_v2_req, SMC_LLC_ADD_LINK, SMC_V2, 0, 1),
	LLC_VEC(l_add_link_v2_req_be, SMC_LLC_ADD_LINK, SMC_V2, 1, 1),
	LLC_VEC(l_add_link_v2_resp, SMC_LLC_ADD_LINK, SMC_V2, 0, 1),
	LLC_VEC(l_add_link_v2_req_short, SMC_LLC_ADD_LINK, SMC_V2, 0, 1),
	LLC_VEC(l_add_link_v2_req_empty, SMC_LLC_ADD_LINK, SMC_V2, 0, 1),
	LLC_VEC(l_add_link_v2_rej, SMC_LLC_ADD_LINK, SMC_V2, 0, 1),
	LLC_VEC(l_add_link_cont_srv, SMC_LLC_ADD_LINK_CONT, SMC_V1, 0, 1),
	LLC_VEC(l_add_link_cont_cli, SMC_LLC_ADD_LINK_CONT, SMC_V1, 0, 1),
	LLC_VEC(l_add_link_cont_none, SMC_LLC_ADD_LINK_CONT, SMC_V1, 0, 1),
	LLC_VEC(l_del_link_v1_orderly, SMC_LLC_DELETE_LINK, SMC_V1, 0, 1),
	LLC_VEC(l_del_link_v1_resp, SMC_LLC_DELETE_LINK, SMC_V1, 0, 1),
	LLC_VEC(l_del_link_v1_nolnk, SMC_LLC_DELETE_LINK, SMC_V1, 0, 1),
	LLC_VEC(l_del_link_v1_all, SMC_LLC_DELETE_LINK, SMC_V1, 0, 1),
	LLC_VEC(l_del_link_v2_all, SMC_LLC_DELETE_LINK, SMC_V2, 0, 1),
	LLC_VEC(l_req_add_link_v2, SMC_LLC_REQ_ADD_LINK, SMC_V2, 0, 1),
	LLC_VEC(l_req_add_link_v2_resp, SMC_LLC_REQ_ADD_LINK, SMC_V2, 0, 1),
	LLC_VEC(l_req_add_link_v1_one, SMC_LLC_REQ_ADD_LINK, SMC_V1, 0, 0),
	LLC_VEC(l_conf_rkey_v1_one, SMC_LLC_CONFIRM_RKEY, SMC_V1, 0, 1),
	LLC_VEC(l_conf_rkey_v1_two, SMC_LLC_CONFIRM_RKEY, SMC_V1, 0, 1),
	LLC_VEC(l_conf_rkey_v1_resp, SMC_LLC_CONFIRM_RKEY, SMC_V1, 0, 1),
	LLC_VEC(l_conf_rkey_v1_neg, SMC_LLC_CONFIRM_RKEY, SMC_V1, 0, 1),
	LLC_VEC(l_conf_rkey_v2, SMC_LLC_CONFIRM_RKEY, SMC_V2, 0, 1),
	LLC_VEC(l_conf_rkey_v2_long, SMC_LLC_CONFIRM_RKEY, SMC_V2, 0, 0),
	LLC_VEC(l_conf_rkey_cont_v1, SMC_LLC_CONFIRM_RKEY_CONT, SMC_V1, 0, 0),
	LLC_VEC(l_test_link_v1_req, SMC_LLC_TEST_LINK, SMC_V1, 0, 1),
	LLC_VEC(l_test_link_v1_resp, SMC_LLC_TEST_LINK, SMC_V1, 0, 1),
	LLC_VEC(l_test_link_v2_req, SMC_LLC_TEST_LINK, SMC_V2, 0, 1),
	LLC_VEC(l_test_link_v2_resp_be, SMC_LLC_TEST_LINK, SMC_V2, 1, 1),
	LLC_VEC(l_del_rkey_v1_req, SMC_LLC_DELETE_RKEY, SMC_V1, 0, 1),
	LLC_VEC(l_del_rkey_v1_neg, SMC_LLC_DELETE_RKEY, SMC_V1, 0, 1),
	LLC_VEC(l_del_rkey_v2_req, SMC_LLC_DELETE_RKEY, SMC_V2, 0, 1),
	LLC_VEC(l_del_rkey_v2_resp, SMC_LLC_DELETE_RKEY, SMC_V2, 0, 1),
	LLC_VEC(l_del_rkey_v2_neg, SMC_LLC_DELETE_RKEY, SMC_V2, 0, 1),
	LLC_VEC(l_del_rkey_v2_long, SMC_LLC_DELETE_RKEY, SMC_V2, 0, 0),
};

/* lengths the comments promise, so that a typo in a vector shows */
static_assert(sizeof(l_conf_link_v1_req) == 44);
static_assert(sizeof(l_conf_link_v1_resp) == 44);
static_assert(sizeof(l_conf_link_v2_req_61) == 44);
static_assert(sizeof(l_conf_link_v21_req) == 44);
static_assert(sizeof(l_add_link_v1_req) == 44);
static_assert(sizeof(l_add_link_v1_resp) == 44);
static_assert(sizeof(l_add_link_v1_invite) == 44);
static_assert(sizeof(l_add_link_v1_rej) == 44);
static_assert(sizeof(l_add_link_v2_req) == 104);
static_assert(sizeof(l_add_link_v2_req_be) == 104);
static_assert(sizeof(l_add_link_v2_resp) == 88);
static_assert(sizeof(l_add_link_v2_req_short) == 104);
static_assert(sizeof(l_add_link_v2_req_empty) == 72);
static_assert(sizeof(l_add_link_v2_rej) == 44);
static_assert(sizeof(l_add_link_cont_srv) == 44);
static_assert(sizeof(l_add_link_cont_cli) == 44);
static_assert(sizeof(l_add_link_cont_none) == 44);
static_assert(sizeof(l_del_link_v1_orderly) == 44);
static_assert(sizeof(l_del_link_v1_resp) == 44);
static_assert(sizeof(l_del_link_v1_nolnk) == 44);
static_assert(sizeof(l_del_link_v1_all) == 44);
static_assert(sizeof(l_del_link_v2_all) == 44);
static_assert(sizeof(l_req_add_link_v2) == 60);
static_assert(sizeof(l_req_add_link_v2_resp) == 44);
static_assert(sizeof(l_req_add_link_v1_one) == 44);
static_assert(sizeof(l_conf_rkey_v1_one) == 44);
static_assert(sizeof(l_conf_rkey_v1_two) == 44);
static_assert(sizeof(l_conf_rkey_v1_resp) == 44);
static_assert(sizeof(l_conf_rkey_v1_neg) == 44);
static_assert(sizeof(l_conf_rkey_v2) == 44);
static_assert(sizeof(l_conf_rkey_v2_long) == 56);
static_assert(sizeof(l_conf_rkey_cont_v1) == 44);
static_assert(sizeof(l_test_link_v1_req) == 44);
static_assert(sizeof(l_test_link_v1_resp) == 44);
static_assert(sizeof(l_test_link_v2_req) == 44);
static_assert(sizeof(l_test_link_v2_resp_be) == 44);
static_assert(sizeof(l_del_rkey_v1_req) == 44);
static_assert(sizeof(l_del_rkey_v1_neg) == 44);
static_assert(sizeof(l_del_rkey_v2_req) == 44);
static_assert(sizeof(l_del_rkey_v2_resp) == 44);
static_assert(sizeof(l_del_rkey_v2_neg) == 44);
static_assert(sizeof(l_del_rkey_v2_long) == 48);

/* ---- CDC -------------------------------------------------------------------- */

/* 4 KiB written into the peer's RMBE, nothing consumed yet */
static const u8 c_data[] = {
	0xfe, 0x2c, 0x00, 0x01, 0x00, 0x00, 0x01, 0x05,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, LZ16, 0x00, 0x00,
};

/* long-running: producer wrapped around 2^16 times, writer blocked and
 * asking for a cursor update
 */
static const u8 c_wrapped[] = {
	0xfe, 0x2c, 0xff, 0xfe, 0x00, 0x00, 0x01, 0x05,
	0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x3f, 0xff,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x20, 0x00,
	0x90, 0x00, LZ16, 0x00, 0x00,
};

/* urgent data sent: pending and present */
static const u8 c_urgent[] = {
	0xfe, 0x2c, 0x00, 0x07, 0x00, 0x00, 0x01, 0x05,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x60, 0x00, LZ16, 0x00, 0x00,
};

/* shutdown(SHUT_WR), then close */
static const u8 c_done_closed[] = {
	0xfe, 0x2c, 0x00, 0x08, 0x00, 0x00, 0x01, 0x05,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
	0x00, 0xc0, LZ16, 0x00, 0x00,
};

static const u8 c_abort[] = {
	0xfe, 0x2c, 0x00, 0x09, 0x00, 0x00, 0x01, 0x05,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
	0x00, 0x20, LZ16, 0x00, 0x00,
};

/* after a link failover: last completed sequence number, no cursors */
static const u8 c_failover[] = {
	0xfe, 0x2c, 0x00, 0x06, 0x00, 0x00, 0x01, 0x05,
	LZ16,
	0x08, 0x00, LZ16, 0x00, 0x00,
};

struct cdc_vector {
	const char	*name;
	const u8	*buf;
	size_t		len;
};

#define CDC_VEC(v)	{ #v, v, sizeof(v) }

static const struct cdc_vector cdc_vectors[] = {
	CDC_VEC(c_data),
	CDC_VEC(c_wrapped),
	CDC_VEC(c_urgent),
	CDC_VEC(c_done_closed),
	CDC_VEC(c_abort),
	CDC_VEC(c_failover),
};

static_assert(sizeof(c_data) == 44);
static_assert(sizeof(c_wrapped) == 44);
static_assert(sizeof(c_urgent) == 44);
static_assert(sizeof(c_done_closed) == 44);
static_assert(sizeof(c_abort) == 44);
static_assert(sizeof(c_failover) == 44);

#endif /* LLC_VECTORS_H */
