/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CLC messages byte for byte as Linux 6.1 / 6.12 (and older v1-only
 * kernels) put them on the wire, written by hand from their send paths and
 * not produced by our encoder, so that the codec is checked against what
 * real peers send.  Used by the unit tests and as fuzzing seeds.
 */
#ifndef CLC_VECTORS_H
#define CLC_VECTORS_H

#include "smc_clc_wire.h"

#define EC_R	0xe2, 0xd4, 0xc3, 0xd9		/* "SMCR" */
#define EC_D	0xe2, 0xd4, 0xc3, 0xc4		/* "SMCD" */
#define Z4	0, 0, 0, 0
#define Z8	Z4, Z4
#define Z16	Z8, Z8
#define Z32	Z16, Z16
#define SP4	' ', ' ', ' ', ' '
#define SP20	SP4, SP4, SP4, SP4, SP4
#define SP24	SP20, SP4

/* client: 2 random bytes + MAC 52:54:00:12:34:56; server: ...:ab:cd:ef */
#define SYSID_A	0xa1, 0xb2, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56
#define SYSID_B	0xc1, 0xd2, 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef
#define MAC_A	0x52, 0x54, 0x00, 0x12, 0x34, 0x56
#define MAC_B	0x52, 0x54, 0x00, 0xab, 0xcd, 0xef
/* RoCE v1 GIDs (link local, from the MAC) */
#define GID1_A	0xfe, 0x80, 0, 0, 0, 0, 0, 0, \
		0x50, 0x54, 0x00, 0xff, 0xfe, 0x12, 0x34, 0x56
#define GID1_B	0xfe, 0x80, 0, 0, 0, 0, 0, 0, \
		0x50, 0x54, 0x00, 0xff, 0xfe, 0xab, 0xcd, 0xef
/* RoCE v2 GIDs ::ffff:10.1.2.3, ::ffff:10.1.2.4, ::ffff:10.1.3.3 */
#define GID2_A	Z8, 0, 0, 0xff, 0xff, 0x0a, 0x01, 0x02, 0x03
#define GID2_B	Z8, 0, 0, 0xff, 0xff, 0x0a, 0x01, 0x02, 0x04
#define GID2_C	Z8, 0, 0, 0xff, 0xff, 0x0a, 0x01, 0x03, 0x03
/* "SMC-EID-TEST", blank padded like smcr ueid add does */
#define UEID1	'S', 'M', 'C', '-', 'E', 'I', 'D', '-', \
		'T', 'E', 'S', 'T', SP20
/* smc_hostname: utsname nodename, blank padded */
#define HOST_S	's', 'r', 'v', '-', 'h', 'o', 's', 't', SP24
#define HOST_C	'c', 'l', 'i', '-', 'h', 'o', 's', 't', SP24
/* IP area for 10.1.2.0/24, no IPv6 prefix */
#define PRFX4	0x0a, 0x01, 0x02, 0x00, 0x18, 0x00, 0x00, 0x00
/* SMC-D area without ISM, v2 extension offset @hi @lo */
#define SMCD0(hi, lo)	Z8, 0x00, 0x00, hi, lo, Z4, Z4, Z16, Z4

/* any kernel, v1 decline: no SMC-R device (0x03030002), os type 0 */
static const u8 v_decline_v1[] = {
	EC_R, 0x04, 0x00, 0x1c, 0x10,
	SYSID_A,
	0x03, 0x03, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x00,
	EC_R,
};

/* 6.x v2 decline on a synchronisation error: first contact bit, Linux OS */
static const u8 v_decline_v2_sync[] = {
	EC_R, 0x04, 0x00, 0x2c, 0x28,
	SYSID_A,
	0x04, 0x00, 0x00, 0x00,
	0x20, 0x00, 0x00, 0x00,
	Z16,
	EC_R,
};

/*
 * 6.12 proposal from an IPv4 socket (10.1.2.3/24) with one UEID, RoCE
 * usable for v1 and v2: SMC-D area (v2 extension 36 bytes behind its
 * offset field), IP area, v2 extension release 1 with max_conns 255,
 * max_links 2, feature mask 1, the UEID.
 */
static const u8 v_prop_v2_r[] = {
	EC_R, 0x01, 0x00, 0xa4, 0x20,
	SYSID_A, GID1_A, MAC_A,
	0x00, 0x28,
	SMCD0(0x00, 0x24),
	PRFX4,
	0x01, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00,
	GID2_A,
	0xff, 0x02, 0x00, 0x01, Z8, Z4,
	UEID1,
	EC_R,
};

/* the same from 6.1: release 0, the v2.1 bytes reserved */
static const u8 v_prop_v2_r_61[] = {
	EC_R, 0x01, 0x00, 0xa4, 0x20,
	SYSID_A, GID1_A, MAC_A,
	0x00, 0x28,
	SMCD0(0x00, 0x24),
	PRFX4,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	GID2_A,
	Z16,
	UEID1,
	EC_R,
};

/*
 * 6.12 over a RoCEv2-only device (rxe): nothing for v1, so no IP area,
 * iparea_offset 0, empty local part, v2 extension right behind the SMC-D
 * area (offset 28).
 */
static const u8 v_prop_v2_only[] = {
	EC_R, 0x01, 0x00, 0x9c, 0x22,
	Z8, Z16, 0, 0, 0, 0, 0, 0,
	0x00, 0x00,
	SMCD0(0x00, 0x1c),
	0x01, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00,
	GID2_A,
	0xff, 0x02, 0x00, 0x01, Z8, Z4,
	UEID1,
	EC_R,
};

/* 6.12 with no way to do v2 (no UEID): still a v2 header, typev2 N */
static const u8 v_prop_v2_v1only[] = {
	EC_R, 0x01, 0x00, 0x5c, 0x28,
	SYSID_A, GID1_A, MAC_A,
	0x00, 0x28,
	SMCD0(0x00, 0x00),
	PRFX4,
	EC_R,
};

/*
 * 6.12, SMC-R for v1 and v2 plus SMC-Dv2 over loopback-ism: the emulated
 * ISM takes two GID/CHID entries with CHID 0xffff; SEID off (not s390);
 * SMC-Dv2 extension 64 bytes behind its offset field.
 */
static const u8 v_prop_v2_b_lo[] = {
	EC_R, 0x01, 0x00, 0xe8, 0x2c,
	SYSID_A, GID1_A, MAC_A,
	0x00, 0x28,
	SMCD0(0x00, 0x24),
	PRFX4,
	0x01, 0x02, 0x00, 0x10, 0x00, 0x00, 0x00, 0x40,
	GID2_A,
	0xff, 0x02, 0x00, 0x01, Z8, Z4,
	UEID1,
	Z32, Z16,
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0xff, 0xff,
	0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01, 0xff, 0xff,
	EC_R,
};

/* v1-only kernel (before 5.11), SMC-R, IPv4: no SMC-D area */
static const u8 v_prop_v1[] = {
	EC_R, 0x01, 0x00, 0x34, 0x10,
	SYSID_A, GID1_A, MAC_A,
	0x00, 0x00,
	PRFX4,
	EC_R,
};

/* v1-only kernel, SMC-R, IPv6 socket with two /64 prefixes */
static const u8 v_prop_v1_v6[] = {
	EC_R, 0x01, 0x00, 0x56, 0x10,
	SYSID_A, GID1_A, MAC_A,
	0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, Z8, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x02, 0x00, 0x00, Z8, 0x40,
	EC_R,
};

/* v1-only kernel offering both: SMC-D area with the ISM GID */
static const u8 v_prop_v1_b[] = {
	EC_R, 0x01, 0x00, 0x5c, 0x13,
	SYSID_A, GID1_A, MAC_A,
	0x00, 0x28,
	0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78, Z32,
	PRFX4,
	EC_R,
};

/* SMC-R v1 accept, first contact: QP 0x12a, 64KiB RMB, MTU 1024 */
#define ACC_R_BODY_B(gid)						\
	SYSID_B, gid, MAC_B,						\
	0x00, 0x01, 0x2a,						\
	0x00, 0x00, 0x12, 0x34,						\
	0x01,								\
	0x00, 0x00, 0x00, 0x05,						\
	0x23,								\
	0x00,								\
	0x00, 0x00, 0x00, 0x01, 0x23, 0x45, 0x60, 0x00,			\
	0x00,								\
	0x00, 0xab, 0xcd

#define CONF_R_BODY_A(gid)						\
	SYSID_A, gid, MAC_A,						\
	0x00, 0x01, 0x2b,						\
	0x00, 0x00, 0x56, 0x78,						\
	0x01,								\
	0x00, 0x00, 0x00, 0x07,						\
	0x23,								\
	0x00,								\
	0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,			\
	0x00,								\
	0x00, 0x12, 0x34

static const u8 v_acc_v1_r[] = {
	EC_R, 0x02, 0x00, 0x44, 0x18,
	ACC_R_BODY_B(GID1_B),
	EC_R,
};

static const u8 v_conf_v1_r[] = {
	EC_R, 0x03, 0x00, 0x44, 0x18,
	CONF_R_BODY_A(GID1_A),
	EC_R,
};

/* 6.12 SMC-Rv2 accept, first contact, direct, release 1 */
static const u8 v_acc_v2_r_fc[] = {
	EC_R, 0x02, 0x00, 0xa0, 0x28,
	ACC_R_BODY_B(GID2_B),
	UEID1, Z8,
	0x80, 0x21, 0x00, 0x00, HOST_S,
	0xff, 0x02, 0x00, 0x01, Z4, Z8,
	EC_R,
};

/* 6.12 SMC-Rv2 confirm, first contact, GID list of two */
static const u8 v_conf_v2_r_fc[] = {
	EC_R, 0x03, 0x00, 0xc4, 0x28,
	CONF_R_BODY_A(GID2_A),
	UEID1, Z8,
	0x80, 0x21, 0x00, 0x00, HOST_C,
	0xff, 0x02, 0x00, 0x01, Z4, Z8,
	0x02, 0x00, 0x00, 0x00,
	GID2_A,
	GID2_C,
	EC_R,
};

/* 6.1: release 0 extension plus the 16 reserved bytes */
static const u8 v_acc_v2_r_fc_61[] = {
	EC_R, 0x02, 0x00, 0xa0, 0x28,
	ACC_R_BODY_B(GID2_B),
	UEID1, Z8,
	0x80, 0x20, 0x00, 0x00, HOST_S,
	Z16,
	EC_R,
};

static const u8 v_conf_v2_r_fc_61[] = {
	EC_R, 0x03, 0x00, 0xb4, 0x28,
	CONF_R_BODY_A(GID2_A),
	UEID1, Z8,
	0x80, 0x20, 0x00, 0x00, HOST_C,
	Z16,
	0x01, 0x00, 0x00, 0x00,
	GID2_A,
	EC_R,
};

/* SMC-Rv2 confirm into an existing link group */
static const u8 v_conf_v2_r[] = {
	EC_R, 0x03, 0x00, 0x6c, 0x20,
	CONF_R_BODY_A(GID2_A),
	UEID1, Z8,
	EC_R,
};

/* SMC-D v1 accept, first contact */
static const u8 v_acc_v1_d[] = {
	EC_D, 0x02, 0x00, 0x30, 0x19,
	0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x01,
	0x00, 0x10, 0x00, 0x00,
	0x00, 0x01, 0x02, 0x00,
	Z8, Z4,
	EC_D,
};

/* 6.12 SMC-Dv2 accept over loopback-ism, first contact, release 1 */
static const u8 v_acc_v2_d_fc[] = {
	EC_D, 0x02, 0x00, 0x82, 0x29,
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x02,
	0x00, 0x10, 0x00, 0x00,
	0x00, 0x01, 0x02, 0x01,
	0xff, 0xff,
	UEID1,
	0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01,
	0x00, 0x21, 0x00, 0x00, HOST_S,
	0x00, 0x00, 0x00, 0x01, Z4, Z8,
	EC_D,
};

/* 6.1 SMC-Dv2 accept (native ISM, CHID 0x0123), release 0: no v2.1 part */
static const u8 v_acc_v2_d_fc_61[] = {
	EC_D, 0x02, 0x00, 0x72, 0x29,
	0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x01,
	0x00, 0x10, 0x00, 0x00,
	0x00, 0x01, 0x02, 0x00,
	0x01, 0x23,
	UEID1,
	Z8,
	0x00, 0x20, 0x00, 0x00, HOST_S,
	EC_D,
};

struct clc_vector {
	const char	*name;
	const u8	*buf;
	size_t		len;
	u8		type;
};

#define CLC_VEC(v, t)	{ #v, v, sizeof(v), t }

static const struct clc_vector clc_vectors[] = {
	CLC_VEC(v_decline_v1, SMC_CLC_DECLINE),
	CLC_VEC(v_decline_v2_sync, SMC_CLC_DECLINE),
	CLC_VEC(v_prop_v2_r, SMC_CLC_PROPOSAL),
	CLC_VEC(v_prop_v2_r_61, SMC_CLC_PROPOSAL),
	CLC_VEC(v_prop_v2_only, SMC_CLC_PROPOSAL),
	CLC_VEC(v_prop_v2_v1only, SMC_CLC_PROPOSAL),
	CLC_VEC(v_prop_v2_b_lo, SMC_CLC_PROPOSAL),
	CLC_VEC(v_prop_v1, SMC_CLC_PROPOSAL),
	CLC_VEC(v_prop_v1_v6, SMC_CLC_PROPOSAL),
	CLC_VEC(v_prop_v1_b, SMC_CLC_PROPOSAL),
	CLC_VEC(v_acc_v1_r, SMC_CLC_ACCEPT),
	CLC_VEC(v_conf_v1_r, SMC_CLC_CONFIRM),
	CLC_VEC(v_acc_v2_r_fc, SMC_CLC_ACCEPT),
	CLC_VEC(v_conf_v2_r_fc, SMC_CLC_CONFIRM),
	CLC_VEC(v_acc_v2_r_fc_61, SMC_CLC_ACCEPT),
	CLC_VEC(v_conf_v2_r_fc_61, SMC_CLC_CONFIRM),
	CLC_VEC(v_conf_v2_r, SMC_CLC_CONFIRM),
	CLC_VEC(v_acc_v1_d, SMC_CLC_ACCEPT),
	CLC_VEC(v_acc_v2_d_fc, SMC_CLC_ACCEPT),
	CLC_VEC(v_acc_v2_d_fc_61, SMC_CLC_ACCEPT),
};

/* lengths the comments above promise, so a typo in a vector shows */
static_assert(sizeof(v_decline_v1) == 28);
static_assert(sizeof(v_decline_v2_sync) == 44);
static_assert(sizeof(v_prop_v2_r) == 164);
static_assert(sizeof(v_prop_v2_r_61) == 164);
static_assert(sizeof(v_prop_v2_only) == 156);
static_assert(sizeof(v_prop_v2_v1only) == 92);
static_assert(sizeof(v_prop_v2_b_lo) == 232);
static_assert(sizeof(v_prop_v1) == 52);
static_assert(sizeof(v_prop_v1_v6) == 86);
static_assert(sizeof(v_prop_v1_b) == 92);
static_assert(sizeof(v_acc_v1_r) == 68);
static_assert(sizeof(v_conf_v1_r) == 68);
static_assert(sizeof(v_acc_v2_r_fc) == 160);
static_assert(sizeof(v_conf_v2_r_fc) == 196);
static_assert(sizeof(v_acc_v2_r_fc_61) == 160);
static_assert(sizeof(v_conf_v2_r_fc_61) == 180);
static_assert(sizeof(v_conf_v2_r) == 108);
static_assert(sizeof(v_acc_v1_d) == 48);
static_assert(sizeof(v_acc_v2_d_fc) == 130);
static_assert(sizeof(v_acc_v2_d_fc_61) == 114);

#endif /* CLC_VECTORS_H */
