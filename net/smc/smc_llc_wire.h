/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LLC (Link Layer Control) messages: wire layout, encoding, decoding.
 *
 * LLC messages are RDMA SENDs on the RC queue pair of a link.  They set up,
 * test and tear down the links of a link group and exchange the rkeys of
 * the RMBs (RFC 7609; IBM's SMC Version 2 specification for the v2 forms).
 *
 * Every SMC-Rv1 message is exactly SMC_LLC_MSG_LEN bytes.  The first byte
 * carries the version in its high nibble (0 for v1, 2 for v2) and the type
 * in its low nibble.  For v1, byte 1 is the length (44) and the low nibble
 * of byte 2 is the ADD LINK reject reason.  For v2, bytes 1-2 are a 16-bit
 * length of 44..SMC_LLC_V2_MAX_LEN, which lets ADD LINK, REQUEST ADD LINK,
 * CONFIRM RKEY and DELETE RKEY grow variable parts.  Byte 3 holds flags.
 *
 * The v2 length (and the rkey count of the ADD LINK v2 extension) are
 * stored by Linux in host byte order: Linux on x86 sends them little
 * endian, Linux on s390 and z/OS big endian.  Linux reads neither beyond
 * a lower bound, so mixed peers work.  Decoding accepts both orders and
 * reports the one found in smc_llc_info.v2_be (false when the two length
 * bytes are equal and nothing else tells: the bytes are the same either
 * way).  Encoding uses that order, little endian by default like Linux on
 * x86, so a zeroed info gives what an x86 peer sends.
 *
 * Like smc_clc_wire.h this is pure: no kernel dependency, also built in
 * userspace for the unit tests and the fuzzers.
 */
#ifndef SMC_LLC_WIRE_H
#define SMC_LLC_WIRE_H

#include "smc_pure.h"
#include "smc_clc_wire.h"	/* SMC_V1, SMC_V2, 24-bit helpers */

#define SMC_LLC_MSG_LEN		44	/* all v1 messages, shortest v2 ones */
#define SMC_LLC_V2_MAX_LEN	8192	/* receive buffer for v2 messages */

/* low nibble of the type byte; v2 messages carry 0x20 on top */
#define SMC_LLC_CONFIRM_LINK		0x01
#define SMC_LLC_ADD_LINK		0x02
#define SMC_LLC_ADD_LINK_CONT		0x03	/* v1 only */
#define SMC_LLC_DELETE_LINK		0x04
#define SMC_LLC_REQ_ADD_LINK		0x05
#define SMC_LLC_CONFIRM_RKEY		0x06
#define SMC_LLC_TEST_LINK		0x07
#define SMC_LLC_CONFIRM_RKEY_CONT	0x08	/* v1 only */
#define SMC_LLC_DELETE_RKEY		0x09

#define SMC_LLC_TYPE_MASK		0x0f
#define SMC_LLC_V2_TYPE			0x20

#define SMC_LLC_CONFIRM_LINK_V2		(SMC_LLC_V2_TYPE | SMC_LLC_CONFIRM_LINK)
#define SMC_LLC_ADD_LINK_V2		(SMC_LLC_V2_TYPE | SMC_LLC_ADD_LINK)
#define SMC_LLC_DELETE_LINK_V2		(SMC_LLC_V2_TYPE | SMC_LLC_DELETE_LINK)
#define SMC_LLC_REQ_ADD_LINK_V2		(SMC_LLC_V2_TYPE | SMC_LLC_REQ_ADD_LINK)
#define SMC_LLC_CONFIRM_RKEY_V2		(SMC_LLC_V2_TYPE | SMC_LLC_CONFIRM_RKEY)
#define SMC_LLC_TEST_LINK_V2		(SMC_LLC_V2_TYPE | SMC_LLC_TEST_LINK)
#define SMC_LLC_DELETE_RKEY_V2		(SMC_LLC_V2_TYPE | SMC_LLC_DELETE_RKEY)

/* flags byte; which ones a type may carry is checked by the codec */
#define SMC_LLC_FLAG_RESP		0x80	/* any type */
#define SMC_LLC_FLAG_NO_RMBE_EYEC	0x03	/* CONFIRM LINK, both bits */
#define SMC_LLC_FLAG_ADD_LNK_REJ	0x40	/* ADD LINK response */
#define SMC_LLC_FLAG_DEL_LINK_ALL	0x40	/* DELETE LINK */
#define SMC_LLC_FLAG_DEL_LINK_ORDERLY	0x20	/* DELETE LINK */
#define SMC_LLC_FLAG_RKEY_NEG		0x20	/* rkey responses */
#define SMC_LLC_FLAG_RKEY_RETRY		0x10	/* CONFIRM RKEY responses */

/* ADD LINK reject reason (v1 only: in v2 the length owns byte 2) */
#define SMC_LLC_REJ_RSN_NO_ALT_PATH	1

/* DELETE LINK reasons, requests and responses */
#define SMC_LLC_DEL_LOST_PATH		0x00010000
#define SMC_LLC_DEL_OP_INIT_TERM	0x00020000
#define SMC_LLC_DEL_PROG_INIT_TERM	0x00030000
#define SMC_LLC_DEL_PROT_VIOL		0x00040000
#define SMC_LLC_DEL_NO_ASYM_NEEDED	0x00050000
#define SMC_LLC_DEL_NOLNK		0x00100000
#define SMC_LLC_DEL_NOLGR		0x00200000

#define SMC_LLC_MAC_LEN			6
#define SMC_LLC_GID_LEN			16
#define SMC_LLC_UID_LEN			4	/* link user id */
#define SMC_LLC_USER_DATA_LEN		16	/* TEST LINK */

#define SMC_LLC_RKEYS_PER_CONT_MSG	2	/* ADD LINK CONT slots */
#define SMC_LLC_RTOKENS_PER_MSG		3	/* CONFIRM RKEY (+CONT) slots */
#define SMC_LLC_DEL_RKEY_MAX		8	/* DELETE RKEY v1 slots */
#define SMC_LLC_RKEYS_MAX_V2		255	/* RMBs per link group */
#define SMC_LLC_MAX_GIDS		8	/* REQ ADD LINK GID list */

/* ---- wire structures ---------------------------------------------------- */

struct smc_llc_hdr {
	u8	type;		/* version:4 | type:4 */
	u8	len;		/* v1: 44; v2: first byte of the length */
	u8	rsn;		/* v1: reserved:4 | reject reason:4; v2: length */
	u8	flags;
} __packed;

struct smc_llc_confirm_link {
	struct smc_llc_hdr hdr;
	u8	sender_mac[SMC_LLC_MAC_LEN];
	u8	sender_gid[SMC_LLC_GID_LEN];
	u8	sender_qpn[3];
	u8	link_num;
	u8	link_uid[SMC_LLC_UID_LEN];
	u8	max_links;
	u8	max_conns;	/* v2.1, reserved before */
	u8	reserved[8];
} __packed;

struct smc_llc_add_link {
	struct smc_llc_hdr hdr;
	u8	sender_mac[SMC_LLC_MAC_LEN];
	u8	reserved1[2];
	u8	sender_gid[SMC_LLC_GID_LEN];
	u8	sender_qpn[3];
	u8	link_num;
	u8	qp_mtu;		/* reserved:4 | qp_mtu:4 */
	u8	initial_psn[3];
	u8	reserved2[8];
} __packed;

/* rkey of an RMB on the existing link, and its rkey and address on the
 * new one: ADD LINK CONT, ADD LINK v2 extension
 */
struct smc_llc_rt {
	__be32	rmb_key;
	__be32	rmb_key_new;
	__be64	rmb_vaddr_new;
} __packed;

/* follows the 44 bytes of an ADD LINK v2 */
struct smc_llc_add_link_v2_ext {
	u8	direct;		/* v2_direct:1 | reserved:7 */
	u8	reserved1;
	u8	client_target_gid[SMC_LLC_GID_LEN];
	u8	reserved2[8];
	u8	num_rkeys[2];	/* byte order of the v2 length */
	/* followed by struct smc_llc_rt entries */
} __packed;

struct smc_llc_add_link_cont {
	struct smc_llc_hdr hdr;
	u8	link_num;
	u8	num_rkeys;	/* still to come, this message included */
	u8	reserved1[2];
	struct smc_llc_rt rt[SMC_LLC_RKEYS_PER_CONT_MSG];
	u8	reserved2[4];
} __packed;

struct smc_llc_delete_link {
	struct smc_llc_hdr hdr;
	u8	link_num;
	__be32	reason;
	u8	reserved[35];
} __packed;

struct smc_llc_req_add_link {
	struct smc_llc_hdr hdr;
	u8	reserved1[20];
	u8	gid_cnt;
	u8	reserved2[3];
	/* followed by gid_cnt GIDs */
} __packed;

/* rkey of an RMB for one link; in slot 0 of a CONFIRM RKEY, link_id is
 * the number of further rtokens and the rtoken is for the receiving link
 */
struct smc_llc_rtoken {
	u8	link_id;
	__be32	rmb_key;
	__be64	rmb_vaddr;
} __packed;

struct smc_llc_confirm_rkey {
	struct smc_llc_hdr hdr;
	struct smc_llc_rtoken rtoken[SMC_LLC_RTOKENS_PER_MSG];
	u8	reserved;	/* v2 requests with more rtokens go on here */
} __packed;

struct smc_llc_confirm_rkey_cont {
	struct smc_llc_hdr hdr;
	u8	num_rkeys;	/* still to come, this message included */
	struct smc_llc_rtoken rtoken[SMC_LLC_RTOKENS_PER_MSG];
} __packed;

struct smc_llc_test_link {
	struct smc_llc_hdr hdr;
	u8	user_data[SMC_LLC_USER_DATA_LEN];
	u8	reserved[24];
} __packed;

struct smc_llc_rkey {
	__be32	rkey;
} __packed;

struct smc_llc_delete_rkey {
	struct smc_llc_hdr hdr;
	u8	num_rkeys;
	u8	err_mask;	/* v1: bit 7-i for rkey i; v2: count */
	u8	reserved1[2];
	struct smc_llc_rkey rkey[SMC_LLC_DEL_RKEY_MAX];
	u8	reserved2[4];	/* v2: rkey 8 */
} __packed;

static_assert(sizeof(struct smc_llc_hdr) == 4);
static_assert(sizeof(struct smc_llc_confirm_link) == SMC_LLC_MSG_LEN);
static_assert(sizeof(struct smc_llc_add_link) == SMC_LLC_MSG_LEN);
static_assert(sizeof(struct smc_llc_rt) == 16);
static_assert(sizeof(struct smc_llc_add_link_v2_ext) == 28);
static_assert(sizeof(struct smc_llc_add_link_cont) == SMC_LLC_MSG_LEN);
static_assert(sizeof(struct smc_llc_delete_link) == SMC_LLC_MSG_LEN);
static_assert(sizeof(struct smc_llc_req_add_link) == 28);
static_assert(sizeof(struct smc_llc_rtoken) == 13);
static_assert(sizeof(struct smc_llc_confirm_rkey) == SMC_LLC_MSG_LEN);
static_assert(sizeof(struct smc_llc_confirm_rkey_cont) == SMC_LLC_MSG_LEN);
static_assert(sizeof(struct smc_llc_test_link) == SMC_LLC_MSG_LEN);
static_assert(sizeof(struct smc_llc_rkey) == 4);
static_assert(sizeof(struct smc_llc_delete_rkey) == SMC_LLC_MSG_LEN);

#define SMC_LLC_ADD_LINK_V2_EXT_POS	SMC_LLC_MSG_LEN
#define SMC_LLC_ADD_LINK_V2_MIN_LEN					\
	(SMC_LLC_ADD_LINK_V2_EXT_POS + sizeof(struct smc_llc_add_link_v2_ext))

/**
 * smc_llc_type_version() - the SMC-R version a type byte belongs to
 * @type_byte: the first byte of an LLC message
 *
 * Return: its upper nibble: 0 for SMC-Rv1 types, 2 for SMC-Rv2 types.
 */
static inline u8 smc_llc_type_version(u8 type_byte)
{
	return type_byte >> 4;
}

/* ---- decoded (host order) representations ------------------------------ */

/* Repeated parts are not copied: the decoder points into the message it
 * was given, so the pointers live as long as that buffer.  A decoded ADD
 * LINK v2 may carry 255 rkey pairs, and copies would make the info too big
 * for a kernel stack.  For encoding, point them at arrays in wire format
 * (big endian fields, any alignment); the encoder copies, so they must not
 * overlap the output buffer.
 */

struct smc_llc_confirm_link_info {
	u8	sender_mac[SMC_LLC_MAC_LEN];
	u8	sender_gid[SMC_LLC_GID_LEN];
	u32	sender_qpn;		/* 24 bits */
	u8	link_num;
	u8	link_uid[SMC_LLC_UID_LEN];
	u8	max_links;
	u8	max_conns;		/* 0 from 6.1 and v2.0 peers */
};

struct smc_llc_add_link_info {
	u8	rej_rsn;		/* v1 with SMC_LLC_FLAG_ADD_LNK_REJ */
	u8	sender_mac[SMC_LLC_MAC_LEN];
	u8	sender_gid[SMC_LLC_GID_LEN];
	u32	sender_qpn;		/* 24 bits */
	u8	link_num;
	u8	qp_mtu;			/* IB MTU enum, 4 bits */
	u32	initial_psn;		/* 24 bits */

	/* v2 only; rejects (and echoes) come without the extension */
	bool	has_ext;
	bool	v2_direct;
	u8	client_target_gid[SMC_LLC_GID_LEN];
	u16	num_rkeys;		/* announced, <= SMC_LLC_RKEYS_MAX_V2 */
	u16	rt_cnt;			/* carried, <= num_rkeys */
	const struct smc_llc_rt *rt;
};

/* Counts of the rkey messages: num_rkeys is the field as sent, the
 * matching rt_cnt/rtoken_cnt/rkey_cnt what this message carries of it:
 *  - ADD LINK CONT:	   min(num_rkeys, 2)
 *  - CONFIRM RKEY:	   further rtokens after the one of the receiving
 *			   link, min(num_rkeys, 2), except v2 requests which
 *			   carry all of them (longer than 44 bytes for 3+)
 *  - CONFIRM RKEY CONT:   min(num_rkeys, 3)
 *  - DELETE RKEY:	   v1 num_rkeys (<= 8), v2 requests num_rkeys, v2
 *			   responses min(num_rkeys, 9) (Linux zeroes them)
 * Decoding sets the carried count, encoding copies that many entries and
 * needs at least that many behind the pointer.
 */
struct smc_llc_add_link_cont_info {
	u8	link_num;
	u8	num_rkeys;
	u8	rt_cnt;
	const struct smc_llc_rt *rt;
};

struct smc_llc_delete_link_info {
	u8	link_num;		/* meaningless with ..._DEL_LINK_ALL */
	u32	reason;			/* SMC_LLC_DEL_* */
};

struct smc_llc_req_add_link_info {
	u8	gid_cnt;		/* <= SMC_LLC_MAX_GIDS, v1: <= 1 */
	const u8 (*gid)[SMC_LLC_GID_LEN];
};

struct smc_llc_confirm_rkey_info {
	u8	num_rkeys;
	u32	rmb_key;		/* for the link the message arrives on */
	u64	rmb_vaddr;
	u16	rtoken_cnt;
	const struct smc_llc_rtoken *rtoken;	/* the further rtokens */
};

struct smc_llc_confirm_rkey_cont_info {
	u8	num_rkeys;
	u8	rtoken_cnt;
	const struct smc_llc_rtoken *rtoken;
};

struct smc_llc_test_link_info {
	u8	user_data[SMC_LLC_USER_DATA_LEN];
};

struct smc_llc_delete_rkey_info {
	u8	num_rkeys;
	u8	err_mask;		/* v1: bit 7-i for rkey i; v2: count */
	u16	rkey_cnt;
	const struct smc_llc_rkey *rkey;
};

struct smc_llc_info {
	u8	type;			/* SMC_LLC_CONFIRM_LINK .. DELETE_RKEY */
	u8	version;		/* SMC_V1 or SMC_V2 */
	u8	flags;			/* SMC_LLC_FLAG_* allowed for type */
	bool	v2_be;			/* v2: 16-bit fields big endian */
	union {
		struct smc_llc_confirm_link_info	confirm_link;
		struct smc_llc_add_link_info		add_link;
		struct smc_llc_add_link_cont_info	add_link_cont;
		struct smc_llc_delete_link_info		delete_link;
		struct smc_llc_req_add_link_info	req_add_link;
		struct smc_llc_confirm_rkey_info	confirm_rkey;
		struct smc_llc_confirm_rkey_cont_info	confirm_rkey_cont;
		struct smc_llc_test_link_info		test_link;
		struct smc_llc_delete_rkey_info		delete_rkey;
	};
};

/* ---- interface ----------------------------------------------------------- */

/**
 * smc_llc_peek_type() - the type of a received message, before decoding
 * @buf: the message
 * @len: bytes received
 *
 * For dispatching.
 *
 * Context: any (pure: no kernel dependency).
 * Return: the type byte (e.g. SMC_LLC_CONFIRM_LINK_V2) if it is an LLC
 * type this codec knows; -EOPNOTSUPP for any other type byte
 * (SMC_CDC_MSG_TYPE included); -EPROTO if @len is too short for any LLC
 * message.
 */
int smc_llc_peek_type(const void *buf, size_t len);

/**
 * smc_llc_decode() - validate and decode a received LLC message
 * @buf: the message
 * @len: exactly what was received (the work completion's byte count)
 * @out: the decoded message; its pointers point into @buf
 *
 * Context: any (pure: no kernel dependency).
 * Return: 0 when @out describes the message; -EOPNOTSUPP for a type byte
 * no LLC message has, with only out->flags set (if @len reaches it):
 * Linux drops such messages unseen and never answers them, the caller
 * should do the same; -EPROTO for a known type that is malformed (length,
 * counts, flags or reserved bits), with @out zeroed.
 */
int smc_llc_decode(const void *buf, size_t len, struct smc_llc_info *out);

/**
 * smc_llc_encode() - write an LLC message
 * @buf: where the message goes
 * @cap: bytes available at @buf
 * @in: the message; the entries its counts name must be behind its
 *      pointers, which must not overlap @buf
 *
 * Reserved bytes are written as zero.
 *
 * Context: any (pure: no kernel dependency).
 * Return: the message length; -EINVAL for an inconsistent @in; -EMSGSIZE
 * if @cap is too small.
 */
int smc_llc_encode(void *buf, size_t cap, const struct smc_llc_info *in);

/* What an ADD LINK must fit beyond its syntax, for a link group whose
 * links are numbered @link_ids[0..link_cnt - 1]:
 *  - @resp false: the peer's request, a new link numbered neither 0 nor
 *    as an existing link;
 *  - @resp true: the peer's acceptance of our request for link @req_link:
 *    the same number.  Rejects carry no link (the caller takes them as
 *    they are).
 */
struct smc_llc_add_link_ctx {
	bool	resp;
	u8	req_link;
	u8	link_cnt;
	u8	link_ids[2];
};

/**
 * smc_llc_add_link_check() - whether a decoded ADD LINK can be brought up
 * @m: the decoded ADD LINK
 * @ctx: the link group's links and whether @m answers our request
 *
 * Beyond the syntax smc_llc_decode() checks: the link number as
 * &struct smc_llc_add_link_ctx says, a QP number, an IB MTU (256 .. 4096
 * bytes), a GID, and for SMC-Rv1 a unicast MAC (v2 peers route by GID);
 * SMC-Rv2 requests and acceptances carry the extension with the GID of the
 * new link and its rkey list, which names each RMB once.  Whether those
 * rkeys are the peer's RMBs on the existing link is the caller's check (it
 * knows them).
 *
 * Context: any (pure: no kernel dependency).
 * Return: 0, or -EPROTO.
 */
int smc_llc_add_link_check(const struct smc_llc_info *m,
			   const struct smc_llc_add_link_ctx *ctx);

#endif /* SMC_LLC_WIRE_H */
