/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CLC (Connection Layer Control) messages: wire layout, encoding, decoding.
 *
 * CLC messages travel over the TCP connection of an SMC socket before any
 * RDMA resource is used: PROPOSAL (client), ACCEPT (server), CONFIRM
 * (client) and DECLINE (either side).  Formats follow RFC 7609 and IBM's
 * SMC Version 2 specification (2nd and 3rd edition).  Everything on the wire
 * is big endian; the structures below are byte exact and packed, and their
 * sizes are asserted.  Bit fields are avoided: packed bytes are accessed
 * through the helpers so the layout does not depend on the compiler.
 *
 * This file is pure: no kernel dependency, also built in userspace for the
 * unit tests and the fuzzers.  Decoders treat their input as hostile; they
 * never read outside [buf, buf + len) and reject anything inconsistent.
 */
#ifndef SMC_CLC_WIRE_H
#define SMC_CLC_WIRE_H

#include "smc_pure.h"

#define SMC_CLC_PROPOSAL	0x01
#define SMC_CLC_ACCEPT		0x02
#define SMC_CLC_CONFIRM		0x03
#define SMC_CLC_DECLINE		0x04

/* values of typev1 / typev2: which SMC variants a message offers */
#define SMC_TYPE_R		0	/* SMC-R */
#define SMC_TYPE_D		1	/* SMC-D */
#define SMC_TYPE_N		2	/* none */
#define SMC_TYPE_B		3	/* both */

#define SMC_V1			1
#define SMC_V2			2
#define SMC_RELEASE_0		0	/* SMCv2.0 */
#define SMC_RELEASE_1		1	/* SMCv2.1: max conns/links, features */
#define SMC_RELEASE		SMC_RELEASE_1	/* highest we speak */

/* typev2 bit of ACCEPT/CONFIRM (and DECLINE): first contact of a link group */
#define SMC_CLC_FIRST_CONTACT	0x2

#define SMC_CLC_OS_ZOS		1
#define SMC_CLC_OS_LINUX	2
#define SMC_CLC_OS_AIX		3

#define SMC_CLC_SYSTEMID_LEN	8
#define SMC_CLC_GID_LEN		16
#define SMC_CLC_MAC_LEN		6
#define SMC_CLC_EID_LEN		32
#define SMC_CLC_HOSTNAME_LEN	32
#define SMC_CLC_MAX_V6_PREFIX	8
#define SMC_CLC_MAX_UEID	8	/* UEIDs a proposal may carry */
#define SMC_CLC_MAX_ISM_GIDS	8	/* SMC-Dv2 GID/CHID entries */
#define SMC_CLC_MAX_GIDS	8	/* GID list of a v2 CONFIRM we accept */

#define SMC_CLC_HDR_LEN			8
#define SMC_CLC_TRL_LEN			4
#define SMC_CLC_DECLINE_LEN_V1		28
#define SMC_CLC_DECLINE_LEN_V2		44
#define SMCR_CLC_ACCEPT_CONFIRM_LEN	68
#define SMCR_CLC_ACCEPT_CONFIRM_LEN_V2	108	/* without extensions */
#define SMCD_CLC_ACCEPT_CONFIRM_LEN	48
#define SMCD_CLC_ACCEPT_CONFIRM_LEN_V2	78	/* without extensions */
#define SMC_CLC_FCE_LEN_V20		36	/* first contact ext, v2.0 */
#define SMC_CLC_FCE_LEN_V21		52	/* first contact ext, v2.1 */
#define SMC_CLC_PROPOSAL_MIN_LEN	52	/* v1, SMC-R, IPv4 */

/* Largest well-formed message of any type; bounds every receive buffer. */
#define SMC_CLC_MAX_MSG_LEN		1024

extern const u8 smc_clc_eyecatcher_r[4];	/* "SMCR" in EBCDIC */
extern const u8 smc_clc_eyecatcher_d[4];	/* "SMCD" in EBCDIC */

/* ---- wire structures ---------------------------------------------------- */

struct smc_clc_hdr {
	u8	eyecatcher[4];
	u8	type;
	__be16	length;		/* whole message, trailer included */
	u8	verbits;	/* version:4 | typev2:2 | typev1:2 */
} __packed;

struct smc_clc_trl {
	u8	eyecatcher[4];
} __packed;

struct smc_clc_local {
	u8	id_for_peer[SMC_CLC_SYSTEMID_LEN];
	u8	gid[SMC_CLC_GID_LEN];
	u8	mac[SMC_CLC_MAC_LEN];
} __packed;

struct smc_clc_proposal_base {
	struct smc_clc_hdr	hdr;
	struct smc_clc_local	lcl;
	__be16			iparea_offset;	/* from end of this struct */
} __packed;

struct smc_clc_smcd_area {
	__be64	ism_gid;
	__be16	ism_chid;
	__be16	v2_ext_offset;		/* from end of this field */
	u8	vendor_oui[3];
	u8	vendor_exp_options[5];
	u8	reserved[20];
} __packed;

struct smc_clc_prefix_area {
	__be32	outgoing_subnet;
	u8	prefix_len;
	u8	reserved[2];
	u8	ipv6_prefixes_cnt;
} __packed;

struct smc_clc_ipv6_prefix {
	u8	prefix[16];
	u8	prefix_len;
} __packed;

struct smc_clc_v2_ext {
	u8	eid_cnt;
	u8	ism_gid_cnt;
	u8	reserved1;
	u8	flag;			/* release:4 | rsvd:3 | seid:1 */
	u8	reserved2[2];
	__be16	smcd_v2_ext_offset;	/* from end of this field */
	u8	roce_gid[SMC_CLC_GID_LEN];
	u8	max_conns;		/* v2.1 */
	u8	max_links;		/* v2.1 */
	__be16	feature_mask;		/* v2.1 */
	u8	reserved3[12];
	/* followed by eid_cnt UEIDs of SMC_CLC_EID_LEN bytes */
} __packed;

struct smc_clc_ism_gid_chid {
	__be64	gid;
	__be16	chid;
} __packed;

struct smc_clc_smcd_v2_ext {
	u8	system_eid[SMC_CLC_EID_LEN];
	u8	reserved[16];
	/* followed by ism_gid_cnt struct smc_clc_ism_gid_chid */
} __packed;

struct smcr_clc_accept_body {
	struct smc_clc_local	lcl;
	u8	qpn[3];
	__be32	rmb_rkey;
	u8	rmbe_idx;
	__be32	rmbe_alert_token;
	u8	size_mtu;		/* rmbe_size:4 | qp_mtu:4 */
	u8	reserved;
	__be64	rmb_vaddr;
	u8	reserved2;
	u8	psn[3];
} __packed;

struct smcd_clc_accept_body {
	__be64	gid;
	__be64	token;
	u8	dmbe_idx;
	u8	dmbe_size;		/* dmbe_size:4 | reserved:4 */
	u8	reserved[2];
	__be32	linkid;
} __packed;

struct smcr_clc_accept_v2_tail {
	u8	eid[SMC_CLC_EID_LEN];
	u8	reserved[8];
} __packed;

struct smcd_clc_accept_v2_tail {
	__be16	chid;
	u8	eid[SMC_CLC_EID_LEN];
	__be64	gid_ext;
} __packed;

struct smc_clc_fce {
	u8	direct;			/* v2_direct:1 | reserved:7 */
	u8	os_release;		/* os_type:4 | release:4 */
	u8	reserved[2];
	u8	hostname[SMC_CLC_HOSTNAME_LEN];
} __packed;

struct smc_clc_fce_v21 {		/* appended when release >= 1 */
	u8	max_conns;
	u8	max_links;
	__be16	feature_mask;
	__be32	vendor_exp_options;
	u8	reserved[8];
} __packed;

struct smc_clc_gid_ext {
	u8	gid_cnt;
	u8	reserved[3];
	/* followed by gid_cnt GIDs */
} __packed;

struct smc_clc_decline_v1 {
	struct smc_clc_hdr hdr;
	u8	id_for_peer[SMC_CLC_SYSTEMID_LEN];
	__be32	peer_diagnosis;
	u8	os_type;		/* os_type:4 | reserved:4 */
	u8	reserved[3];
	struct smc_clc_trl trl;
} __packed;

#define SMC_CLC_DECL_DIAG_V2	4

struct smc_clc_decline_v2 {
	struct smc_clc_hdr hdr;
	u8	id_for_peer[SMC_CLC_SYSTEMID_LEN];
	__be32	peer_diagnosis;
	u8	os_type;
	u8	reserved[3];
	__be32	peer_diagnosis_v2[SMC_CLC_DECL_DIAG_V2];
	struct smc_clc_trl trl;
} __packed;

static_assert(sizeof(struct smc_clc_hdr) == SMC_CLC_HDR_LEN);
static_assert(sizeof(struct smc_clc_trl) == SMC_CLC_TRL_LEN);
static_assert(sizeof(struct smc_clc_local) == 30);
static_assert(sizeof(struct smc_clc_proposal_base) == 40);
static_assert(sizeof(struct smc_clc_smcd_area) == 40);
static_assert(sizeof(struct smc_clc_prefix_area) == 8);
static_assert(sizeof(struct smc_clc_ipv6_prefix) == 17);
static_assert(sizeof(struct smc_clc_v2_ext) == 40);
static_assert(sizeof(struct smc_clc_ism_gid_chid) == 10);
static_assert(sizeof(struct smc_clc_smcd_v2_ext) == 48);
static_assert(sizeof(struct smcr_clc_accept_body) == 56);
static_assert(sizeof(struct smcd_clc_accept_body) == 24);
static_assert(sizeof(struct smcr_clc_accept_v2_tail) == 40);
static_assert(sizeof(struct smcd_clc_accept_v2_tail) == 42);
static_assert(sizeof(struct smc_clc_fce) == SMC_CLC_FCE_LEN_V20);
static_assert(sizeof(struct smc_clc_fce) + sizeof(struct smc_clc_fce_v21) ==
	      SMC_CLC_FCE_LEN_V21);
static_assert(sizeof(struct smc_clc_gid_ext) == 4);
static_assert(sizeof(struct smc_clc_decline_v1) == SMC_CLC_DECLINE_LEN_V1);
static_assert(sizeof(struct smc_clc_decline_v2) == SMC_CLC_DECLINE_LEN_V2);
static_assert(SMC_CLC_HDR_LEN + sizeof(struct smcr_clc_accept_body) +
	      SMC_CLC_TRL_LEN == SMCR_CLC_ACCEPT_CONFIRM_LEN);
static_assert(SMC_CLC_HDR_LEN + sizeof(struct smcr_clc_accept_body) +
	      sizeof(struct smcr_clc_accept_v2_tail) + SMC_CLC_TRL_LEN ==
	      SMCR_CLC_ACCEPT_CONFIRM_LEN_V2);

/**
 * smc_clc_hdr_version() - the SMC version a CLC header announces
 * @hdr: the header
 *
 * Return: the version, 0..15 (the high nibble of verbits).
 */
static inline u8 smc_clc_hdr_version(const struct smc_clc_hdr *hdr)
{
	return hdr->verbits >> 4;
}

/**
 * smc_clc_hdr_typev2() - the SMCv2 variants a proposal header offers
 * @hdr: the header
 *
 * Return: an SMC_TYPE_* value (N, D, R or B).
 */
static inline u8 smc_clc_hdr_typev2(const struct smc_clc_hdr *hdr)
{
	return (hdr->verbits >> 2) & 0x3;
}

/**
 * smc_clc_hdr_typev1() - the SMCv1 variants a header offers or uses
 * @hdr: the header
 *
 * Return: an SMC_TYPE_* value (N, D, R or B).
 */
static inline u8 smc_clc_hdr_typev1(const struct smc_clc_hdr *hdr)
{
	return hdr->verbits & 0x3;
}

/**
 * smc_clc_verbits() - the verbits byte of a CLC header
 * @version: the SMC version, 0..15
 * @typev2: SMC_TYPE_* for v2; only its low two bits are used
 * @typev1: SMC_TYPE_* for v1; only its low two bits are used
 *
 * Return: the byte as it travels.
 */
static inline u8 smc_clc_verbits(u8 version, u8 typev2, u8 typev1)
{
	return (u8)((version << 4) | ((typev2 & 0x3) << 2) | (typev1 & 0x3));
}

/**
 * smcr_indicated() - does an SMC type include SMC-R?
 * @smc_type: an SMC_TYPE_* value
 *
 * Return: true for SMC_TYPE_R and SMC_TYPE_B.
 */
static inline bool smcr_indicated(u8 smc_type)
{
	return smc_type == SMC_TYPE_R || smc_type == SMC_TYPE_B;
}

/**
 * smcd_indicated() - does an SMC type include SMC-D?
 * @smc_type: an SMC_TYPE_* value
 *
 * Return: true for SMC_TYPE_D and SMC_TYPE_B.
 */
static inline bool smcd_indicated(u8 smc_type)
{
	return smc_type == SMC_TYPE_D || smc_type == SMC_TYPE_B;
}

/**
 * smc_get_be24() - read a 24-bit big endian field (QP numbers, PSNs)
 * @p: its three bytes
 *
 * Return: the value, 0..0xffffff.
 */
static inline u32 smc_get_be24(const u8 *p)
{
	return ((u32)p[0] << 16) | ((u32)p[1] << 8) | p[2];
}

/**
 * smc_put_be24() - write a 24-bit big endian field
 * @p: its three bytes
 * @v: the value; bits above the low 24 are dropped
 */
static inline void smc_put_be24(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 16);
	p[1] = (u8)(v >> 8);
	p[2] = (u8)v;
}

/* ---- decoded (host order) representations ------------------------------ */

struct smc_clc_decline_info {
	u8	version;		/* SMC_V1: 28 bytes, otherwise 44 */
	bool	sync_err;		/* first contact bit: drop link group */
	u8	sender_id[SMC_CLC_SYSTEMID_LEN];
	u32	diagnosis;
	u8	os_type;
	u32	diagnosis_v2[SMC_CLC_DECL_DIAG_V2];
};

struct smc_clc_proposal_info {
	u8	version;		/* header version, 1 or 2 (higher kept) */
	u8	typev1;			/* SMC_TYPE_x offered for v1 */
	u8	typev2;			/* SMC_TYPE_x offered for v2 */
	struct smc_clc_local_info {
		u8 id_for_peer[SMC_CLC_SYSTEMID_LEN];
		u8 gid[SMC_CLC_GID_LEN];
		u8 mac[SMC_CLC_MAC_LEN];
	} lcl;

	bool	has_smcd_area;
	u64	ism_gid;
	u16	ism_chid;

	bool	has_prefix;		/* IP area present (typev1 != N) */
	__be32	ipv4_subnet;
	u8	ipv4_prefix_len;
	u8	ipv6_prefix_cnt;
	struct smc_clc_ipv6_prefix ipv6_prefix[SMC_CLC_MAX_V6_PREFIX];

	bool	has_v2_ext;
	u8	release;
	bool	seid;			/* SMC-D system EID present */
	u8	roce_gid[SMC_CLC_GID_LEN];
	u8	max_conns;		/* 0 when release 0 */
	u8	max_links;
	u16	feature_mask;
	u8	eid_cnt;
	u8	ueid[SMC_CLC_MAX_UEID][SMC_CLC_EID_LEN];

	bool	has_smcd_v2_ext;
	u8	system_eid[SMC_CLC_EID_LEN];
	u8	ism_gid_cnt;
	struct {
		u64 gid;
		u16 chid;
	} ism_v2[SMC_CLC_MAX_ISM_GIDS];
};

/* ACCEPT and CONFIRM share one layout */
struct smc_clc_accept_info {
	u8	type;			/* SMC_CLC_ACCEPT or SMC_CLC_CONFIRM */
	u8	version;		/* SMC_V1 or SMC_V2 */
	u8	typev1;			/* SMC_TYPE_R or SMC_TYPE_D */
	bool	first_contact;

	/* SMC-R */
	struct smc_clc_local_info lcl;
	u32	qpn;			/* 24 bits */
	u32	rmb_rkey;
	u8	rmbe_idx;
	u32	rmbe_alert_token;
	u8	rmbe_size;		/* compressed, 4 bits */
	u8	qp_mtu;			/* IB MTU enum, 4 bits */
	u64	rmb_vaddr;
	u32	psn;			/* 24 bits */

	/* SMC-D, decoded only so that it can be declined properly */
	u64	d_gid;
	u64	d_token;
	u8	d_dmbe_idx;
	u8	d_dmbe_size;
	u32	d_linkid;
	u16	d_chid;
	u64	d_gid_ext;		/* v2: second GID of an emulated ISM */

	/* v2 */
	u8	eid[SMC_CLC_EID_LEN];
	bool	has_fce;		/* v2 and first contact */
	bool	v2_direct;
	u8	os_type;
	u8	release;
	u8	hostname[SMC_CLC_HOSTNAME_LEN];
	bool	has_fce_v21;		/* the 16 v2.1 bytes are present */
	u8	max_conns;
	u8	max_links;
	u16	feature_mask;
	u32	vendor_exp_options;
	u8	gid_cnt;		/* GID list (SMC-R v2 CONFIRM) */
	u8	gid[SMC_CLC_MAX_GIDS][SMC_CLC_GID_LEN];
};

/* ---- interface ----------------------------------------------------------- */

/**
 * smc_clc_hdr_check() - check the header of the next CLC message
 * @hdr8: the first SMC_CLC_HDR_LEN bytes of what the peer sent (peeked,
 *        not yet consumed), untrusted
 * @expected_type: the SMC_CLC_* type wanted; a DECLINE is always
 *                 acceptable
 * @msg_len: set to the full length to read on success
 *
 * Return: 0 when a message of @expected_type (or a DECLINE) follows, with
 * *@msg_len within the bounds of its type and version;
 * -ENOMSG when there is no CLC eyecatcher: the peer does not speak CLC;
 * -EPROTO for a CLC header of the wrong type or with a length that is
 * impossible for its type and version.
 */
int smc_clc_hdr_check(const void *hdr8, u8 expected_type, u16 *msg_len);

/* The decoders take a whole message as received, untrusted: eyecatchers,
 * type, version, length fields and the layout of every part are checked
 * before anything is read from it.  Fields reserved in the version at hand
 * are not decoded (they read as zero in the info structure).
 */

/**
 * smc_clc_decline_decode() - decode a DECLINE
 * @buf: the message
 * @len: exactly the bytes received
 * @out: the decoded message, host order
 *
 * Return: 0, or -EPROTO for a malformed message.
 */
int smc_clc_decline_decode(const void *buf, size_t len,
			   struct smc_clc_decline_info *out);

/**
 * smc_clc_proposal_decode() - decode a PROPOSAL
 * @buf: the message
 * @len: exactly the bytes received
 * @out: the decoded message, host order
 *
 * Every part must lie where its offset says, inside the message, after the
 * part before it; counts are bounded by the sizes Linux's receive buffers
 * allow.
 *
 * Return: 0, or -EPROTO for a malformed message.
 */
int smc_clc_proposal_decode(const void *buf, size_t len,
			    struct smc_clc_proposal_info *out);

/**
 * smc_clc_accept_decode() - decode an ACCEPT or a CONFIRM
 * @buf: the message
 * @len: exactly the bytes received
 * @expected_type: SMC_CLC_ACCEPT or SMC_CLC_CONFIRM
 * @out: the decoded message, host order
 *
 * Only the layout is checked; the values of the fields (MTU, buffer
 * size, ...) are the caller's business.
 *
 * Return: 0, or -EPROTO for a malformed message or one of another type.
 */
int smc_clc_accept_decode(const void *buf, size_t len, u8 expected_type,
			  struct smc_clc_accept_info *out);

/* The encoders lay messages out as Linux 6.12 does, so a Linux peer
 * accepts them; fields of the other SMC variant and v2 fields of a v1
 * message are not sent.
 */

/**
 * smc_clc_decline_encode() - encode a DECLINE
 * @buf: where the message goes
 * @cap: room in @buf, in bytes
 * @in: the message; the first contact bit only for a sync error, the OS
 *      type only in v2
 *
 * Return: the message length, -EINVAL for an impossible @in, -EMSGSIZE
 * when @cap is too small.
 */
int smc_clc_decline_encode(void *buf, size_t cap,
			   const struct smc_clc_decline_info *in);

/**
 * smc_clc_proposal_encode() - encode a PROPOSAL
 * @buf: where the message goes
 * @cap: room in @buf, in bytes
 * @in: the proposal; fill the SMC-D GID and CHID only when SMC-D is offered
 *      for v1, as Linux does (a Linux receiver misreads them otherwise)
 *
 * Return: the message length, -EINVAL when the parts @in asks for do not
 * fit together, -EMSGSIZE when @cap is too small.
 */
int smc_clc_proposal_encode(void *buf, size_t cap,
			    const struct smc_clc_proposal_info *in);

/**
 * smc_clc_accept_encode() - encode an ACCEPT or a CONFIRM
 * @buf: where the message goes
 * @cap: room in @buf, in bytes
 * @in: the message; its type field says which of the two
 *
 * Return: the message length, -EINVAL for an impossible @in, -EMSGSIZE
 * when @cap is too small.
 */
int smc_clc_accept_encode(void *buf, size_t cap,
			  const struct smc_clc_accept_info *in);

#endif /* SMC_CLC_WIRE_H */
