/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The two generic netlink families of the SMC module, as Linux defines
 * them: "SMC_PNETID" and "SMC_GEN_NETLINK".
 *
 * This header is Linux's ABI and nothing else: the same names, values and
 * order as Linux's own UAPI header of this name, so that tools written for
 * Linux's SMC module work against this module and the other way round.
 * selftests/run_tests.sh (docs step) compares it with a kernel's copy;
 * only comments and white space may differ.  This module's own additions
 * live in <linux/smc_ext.h>.
 */

#ifndef _UAPI_LINUX_SMC_H_
#define _UAPI_LINUX_SMC_H_

/* Family "SMC_PNETID", attributes: the table that ties network devices
 * and RDMA ports together by a physical network id (PNET ID)
 */
enum {
	SMC_PNETID_UNSPEC,
	SMC_PNETID_NAME,		/* string, at most 16 characters */
	SMC_PNETID_ETHNAME,		/* string, network device name */
	SMC_PNETID_IBNAME,		/* string, RDMA device name */
	SMC_PNETID_IBPORT,		/* u8, RDMA port, 1 or 2 */
	__SMC_PNETID_MAX,
	SMC_PNETID_MAX = __SMC_PNETID_MAX - 1
};

enum {				/* "SMC_PNETID" commands */
	SMC_PNETID_GET = 1,		/* dump the table */
	SMC_PNETID_ADD,			/* needs CAP_NET_ADMIN */
	SMC_PNETID_DEL,			/* needs CAP_NET_ADMIN */
	SMC_PNETID_FLUSH		/* needs CAP_NET_ADMIN */
};

#define SMCR_GENL_FAMILY_NAME		"SMC_PNETID"
#define SMCR_GENL_FAMILY_VERSION	1

/* Family "SMC_GEN_NETLINK": everything else the module reports or lets an
 * administrator change that is not tied to a single socket
 */
#define SMC_GENL_FAMILY_NAME		"SMC_GEN_NETLINK"
#define SMC_GENL_FAMILY_VERSION		1

/* Sizes shared by the netlink interfaces */
#define SMC_PCI_ID_STR_LEN		16 /* PCI id, e.g. "0000:00:04.0" */
#define SMC_MAX_HOSTNAME_LEN		32 /* host name sent in CLC messages */
#define SMC_MAX_UEID			4  /* user defined EIDs a host holds */
#define SMC_MAX_EID_LEN			32 /* bytes in one EID */

/* "SMC_GEN_NETLINK" commands; "admin" needs CAP_NET_ADMIN */
enum {
	SMC_NETLINK_GET_SYS_INFO = 1,
	SMC_NETLINK_GET_LGR_SMCR,
	SMC_NETLINK_GET_LINK_SMCR,
	SMC_NETLINK_GET_LGR_SMCD,
	SMC_NETLINK_GET_DEV_SMCD,
	SMC_NETLINK_GET_DEV_SMCR,
	SMC_NETLINK_GET_STATS,
	SMC_NETLINK_GET_FBACK_STATS,
	SMC_NETLINK_DUMP_UEID,
	SMC_NETLINK_ADD_UEID,			/* admin */
	SMC_NETLINK_REMOVE_UEID,		/* admin */
	SMC_NETLINK_FLUSH_UEID,			/* admin */
	SMC_NETLINK_DUMP_SEID,
	SMC_NETLINK_ENABLE_SEID,		/* admin */
	SMC_NETLINK_DISABLE_SEID,		/* admin */
	SMC_NETLINK_DUMP_HS_LIMITATION,
	SMC_NETLINK_ENABLE_HS_LIMITATION,	/* admin */
	SMC_NETLINK_DISABLE_HS_LIMITATION,	/* admin */
};

enum {					/* top level nests of dump replies */
	SMC_GEN_UNSPEC,
	SMC_GEN_SYS_INFO,
	SMC_GEN_LGR_SMCR,
	SMC_GEN_LINK_SMCR,
	SMC_GEN_LGR_SMCD,
	SMC_GEN_DEV_SMCD,
	SMC_GEN_DEV_SMCR,
	SMC_GEN_STATS,
	SMC_GEN_FBACK_STATS,
	__SMC_GEN_MAX,
	SMC_GEN_MAX = __SMC_GEN_MAX - 1
};

enum {					/* inside SMC_GEN_SYS_INFO */
	SMC_NLA_SYS_UNSPEC,
	SMC_NLA_SYS_VER,		/* u8, highest SMC version */
	SMC_NLA_SYS_REL,		/* u8, release within that version */
	SMC_NLA_SYS_IS_ISM_V2,		/* u8, SMC-Dv2 capable */
	SMC_NLA_SYS_LOCAL_HOST,		/* string, host name sent to peers */
	SMC_NLA_SYS_SEID,		/* string, system EID */
	SMC_NLA_SYS_IS_SMCR_V2,		/* u8, SMC-Rv2 capable */
	__SMC_NLA_SYS_MAX,
	SMC_NLA_SYS_MAX = __SMC_NLA_SYS_MAX - 1
};

/*
 * Inside SMC_NLA_LGR_R_V2_COMMON and SMC_NLA_LGR_D_V2_COMMON.  Unlike the
 * other attribute sets this one starts at zero.
 */
enum {
	SMC_NLA_LGR_V2_VER,		/* u8 */
	SMC_NLA_LGR_V2_REL,		/* u8 */
	SMC_NLA_LGR_V2_OS,		/* u8, peer operating system */
	SMC_NLA_LGR_V2_NEG_EID,		/* string, negotiated EID */
	SMC_NLA_LGR_V2_PEER_HOST,	/* string */
	__SMC_NLA_LGR_V2_MAX,
	SMC_NLA_LGR_V2_MAX = __SMC_NLA_LGR_V2_MAX - 1
};

enum {					/* inside SMC_NLA_LGR_R_V2 */
	SMC_NLA_LGR_R_V2_UNSPEC,
	SMC_NLA_LGR_R_V2_DIRECT,	/* u8, peer on same subnet */
	SMC_NLA_LGR_R_V2_MAX_CONNS,	/* u8 */
	SMC_NLA_LGR_R_V2_MAX_LINKS,	/* u8 */
	__SMC_NLA_LGR_R_V2_MAX,
	SMC_NLA_LGR_R_V2_MAX = __SMC_NLA_LGR_R_V2_MAX - 1
};

enum {					/* inside SMC_GEN_LGR_SMCR */
	SMC_NLA_LGR_R_UNSPEC,
	SMC_NLA_LGR_R_ID,		/* u32 */
	SMC_NLA_LGR_R_ROLE,		/* u8, 0 client, 1 server */
	SMC_NLA_LGR_R_TYPE,		/* u8 */
	SMC_NLA_LGR_R_PNETID,		/* string */
	SMC_NLA_LGR_R_VLAN_ID,		/* u8 */
	SMC_NLA_LGR_R_CONNS_NUM,	/* u32 */
	SMC_NLA_LGR_R_V2_COMMON,	/* nest */
	SMC_NLA_LGR_R_V2,		/* nest */
	SMC_NLA_LGR_R_NET_COOKIE,	/* u64 */
	SMC_NLA_LGR_R_PAD,		/* flag */
	SMC_NLA_LGR_R_BUF_TYPE,		/* u8 */
	SMC_NLA_LGR_R_SNDBUF_ALLOC,	/* uint */
	SMC_NLA_LGR_R_RMB_ALLOC,	/* uint */
	__SMC_NLA_LGR_R_MAX,
	SMC_NLA_LGR_R_MAX = __SMC_NLA_LGR_R_MAX - 1
};

enum {					/* inside SMC_GEN_LINK_SMCR */
	SMC_NLA_LINK_UNSPEC,
	SMC_NLA_LINK_ID,		/* u8 */
	SMC_NLA_LINK_IB_DEV,		/* string */
	SMC_NLA_LINK_IB_PORT,		/* u8 */
	SMC_NLA_LINK_GID,		/* string */
	SMC_NLA_LINK_PEER_GID,		/* string */
	SMC_NLA_LINK_CONN_CNT,		/* u32 */
	SMC_NLA_LINK_NET_DEV,		/* u32, ifindex */
	SMC_NLA_LINK_UID,		/* u32 */
	SMC_NLA_LINK_PEER_UID,		/* u32 */
	SMC_NLA_LINK_STATE,		/* u32 */
	__SMC_NLA_LINK_MAX,
	SMC_NLA_LINK_MAX = __SMC_NLA_LINK_MAX - 1
};

enum {					/* inside SMC_GEN_LGR_SMCD */
	SMC_NLA_LGR_D_UNSPEC,
	SMC_NLA_LGR_D_ID,		/* u32 */
	SMC_NLA_LGR_D_GID,		/* u64 */
	SMC_NLA_LGR_D_PEER_GID,		/* u64 */
	SMC_NLA_LGR_D_VLAN_ID,		/* u8 */
	SMC_NLA_LGR_D_CONNS_NUM,	/* u32 */
	SMC_NLA_LGR_D_PNETID,		/* string */
	SMC_NLA_LGR_D_CHID,		/* u16 */
	SMC_NLA_LGR_D_PAD,		/* flag */
	SMC_NLA_LGR_D_V2_COMMON,	/* nest */
	SMC_NLA_LGR_D_EXT_GID,		/* u64 */
	SMC_NLA_LGR_D_PEER_EXT_GID,	/* u64 */
	SMC_NLA_LGR_D_SNDBUF_ALLOC,	/* uint */
	SMC_NLA_LGR_D_DMB_ALLOC,	/* uint */
	__SMC_NLA_LGR_D_MAX,
	SMC_NLA_LGR_D_MAX = __SMC_NLA_LGR_D_MAX - 1
};

enum {					/* inside SMC_NLA_DEV_PORT[2] */
	SMC_NLA_DEV_PORT_UNSPEC,
	SMC_NLA_DEV_PORT_PNET_USR,	/* u8, PNET ID set by user */
	SMC_NLA_DEV_PORT_PNETID,	/* string */
	SMC_NLA_DEV_PORT_NETDEV,	/* u32, ifindex */
	SMC_NLA_DEV_PORT_STATE,		/* u8 */
	SMC_NLA_DEV_PORT_VALID,		/* u8 */
	SMC_NLA_DEV_PORT_LNK_CNT,	/* u32 */
	__SMC_NLA_DEV_PORT_MAX,
	SMC_NLA_DEV_PORT_MAX = __SMC_NLA_DEV_PORT_MAX - 1
};

enum {					/* inside SMC_GEN_DEV_SMCD/_SMCR */
	SMC_NLA_DEV_UNSPEC,
	SMC_NLA_DEV_USE_CNT,		/* u32 */
	SMC_NLA_DEV_IS_CRIT,		/* u8 */
	SMC_NLA_DEV_PCI_FID,		/* u32 */
	SMC_NLA_DEV_PCI_CHID,		/* u16 */
	SMC_NLA_DEV_PCI_VENDOR,		/* u16 */
	SMC_NLA_DEV_PCI_DEVICE,		/* u16 */
	SMC_NLA_DEV_PCI_ID,		/* string */
	SMC_NLA_DEV_PORT,		/* nest */
	SMC_NLA_DEV_PORT2,		/* nest */
	SMC_NLA_DEV_IB_NAME,		/* string */
	__SMC_NLA_DEV_MAX,
	SMC_NLA_DEV_MAX = __SMC_NLA_DEV_MAX - 1
};

/* Histogram buckets of buffer and payload sizes (all u64 counters) */
enum {
	SMC_NLA_STATS_PLOAD_PAD,
	SMC_NLA_STATS_PLOAD_8K,
	SMC_NLA_STATS_PLOAD_16K,
	SMC_NLA_STATS_PLOAD_32K,
	SMC_NLA_STATS_PLOAD_64K,
	SMC_NLA_STATS_PLOAD_128K,
	SMC_NLA_STATS_PLOAD_256K,
	SMC_NLA_STATS_PLOAD_512K,
	SMC_NLA_STATS_PLOAD_1024K,
	SMC_NLA_STATS_PLOAD_G_1024K,
	__SMC_NLA_STATS_PLOAD_MAX,
	SMC_NLA_STATS_PLOAD_MAX = __SMC_NLA_STATS_PLOAD_MAX - 1
};

/* Buffer events: too small, full, reused, allocated, downgraded (u64) */
enum {
	SMC_NLA_STATS_RMB_PAD,
	SMC_NLA_STATS_RMB_SIZE_SM_PEER_CNT,
	SMC_NLA_STATS_RMB_SIZE_SM_CNT,
	SMC_NLA_STATS_RMB_FULL_PEER_CNT,
	SMC_NLA_STATS_RMB_FULL_CNT,
	SMC_NLA_STATS_RMB_REUSE_CNT,
	SMC_NLA_STATS_RMB_ALLOC_CNT,
	SMC_NLA_STATS_RMB_DGRADE_CNT,
	__SMC_NLA_STATS_RMB_MAX,
	SMC_NLA_STATS_RMB_MAX = __SMC_NLA_STATS_RMB_MAX - 1
};

enum {					/* per technology: SMC-D or SMC-R */
	SMC_NLA_STATS_T_PAD,
	SMC_NLA_STATS_T_TX_RMB_SIZE,	/* nest */
	SMC_NLA_STATS_T_RX_RMB_SIZE,	/* nest */
	SMC_NLA_STATS_T_TXPLOAD_SIZE,	/* nest */
	SMC_NLA_STATS_T_RXPLOAD_SIZE,	/* nest */
	SMC_NLA_STATS_T_TX_RMB_STATS,	/* nest */
	SMC_NLA_STATS_T_RX_RMB_STATS,	/* nest */
	SMC_NLA_STATS_T_CLNT_V1_SUCC,	/* u64 */
	SMC_NLA_STATS_T_CLNT_V2_SUCC,	/* u64 */
	SMC_NLA_STATS_T_SRV_V1_SUCC,	/* u64 */
	SMC_NLA_STATS_T_SRV_V2_SUCC,	/* u64 */
	SMC_NLA_STATS_T_SENDPAGE_CNT,	/* u64 */
	SMC_NLA_STATS_T_SPLICE_CNT,	/* u64 */
	SMC_NLA_STATS_T_CORK_CNT,	/* u64 */
	SMC_NLA_STATS_T_NDLY_CNT,	/* u64 */
	SMC_NLA_STATS_T_URG_DATA_CNT,	/* u64 */
	SMC_NLA_STATS_T_RX_BYTES,	/* u64 */
	SMC_NLA_STATS_T_TX_BYTES,	/* u64 */
	SMC_NLA_STATS_T_RX_CNT,		/* u64 */
	SMC_NLA_STATS_T_TX_CNT,		/* u64 */
	SMC_NLA_STATS_T_RX_RMB_USAGE,	/* uint */
	SMC_NLA_STATS_T_TX_RMB_USAGE,	/* uint */
	__SMC_NLA_STATS_T_MAX,
	SMC_NLA_STATS_T_MAX = __SMC_NLA_STATS_T_MAX - 1
};

enum {					/* inside SMC_GEN_STATS */
	SMC_NLA_STATS_PAD,
	SMC_NLA_STATS_SMCD_TECH,	/* nest */
	SMC_NLA_STATS_SMCR_TECH,	/* nest */
	SMC_NLA_STATS_CLNT_HS_ERR_CNT,	/* u64 */
	SMC_NLA_STATS_SRV_HS_ERR_CNT,	/* u64 */
	__SMC_NLA_STATS_MAX,
	SMC_NLA_STATS_MAX = __SMC_NLA_STATS_MAX - 1
};

enum {					/* inside SMC_GEN_FBACK_STATS */
	SMC_NLA_FBACK_STATS_PAD,
	SMC_NLA_FBACK_STATS_TYPE,	/* u8, 1 server, 0 client */
	SMC_NLA_FBACK_STATS_SRV_CNT,	/* u64 */
	SMC_NLA_FBACK_STATS_CLNT_CNT,	/* u64 */
	SMC_NLA_FBACK_STATS_RSN_CODE,	/* u32 */
	SMC_NLA_FBACK_STATS_RSN_CNT,	/* u16 */
	__SMC_NLA_FBACK_STATS_MAX,
	SMC_NLA_FBACK_STATS_MAX = __SMC_NLA_FBACK_STATS_MAX - 1
};

enum {					/* UEID commands */
	SMC_NLA_EID_TABLE_UNSPEC,
	SMC_NLA_EID_TABLE_ENTRY,	/* string */
	__SMC_NLA_EID_TABLE_MAX,
	SMC_NLA_EID_TABLE_MAX = __SMC_NLA_EID_TABLE_MAX - 1
};

enum {					/* SEID commands */
	SMC_NLA_SEID_UNSPEC,
	SMC_NLA_SEID_ENTRY,		/* string */
	SMC_NLA_SEID_ENABLED,		/* u8 */
	__SMC_NLA_SEID_TABLE_MAX,
	SMC_NLA_SEID_TABLE_MAX = __SMC_NLA_SEID_TABLE_MAX - 1
};

enum {					/* handshake limitation commands */
	SMC_NLA_HS_LIMITATION_UNSPEC,
	SMC_NLA_HS_LIMITATION_ENABLED,	/* u8 */
	__SMC_NLA_HS_LIMITATION_MAX,
	SMC_NLA_HS_LIMITATION_MAX = __SMC_NLA_HS_LIMITATION_MAX - 1
};

/* SOL_SMC socket options */
#define SMC_LIMIT_HS 1	/* int: limit handshakes when congested */

#endif /* _UAPI_LINUX_SMC_H_ */
