/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * AF_SMC user interface: socket constants and the two generic netlink
 * families of the SMC module.
 *
 * Every number below is part of the kernel ABI.  Tools written for Linux's
 * own SMC module must keep working against this module and the other way
 * round, so the values are spelled out explicitly and must never change.
 * New attributes are only ever appended.
 */
#ifndef _UAPI_LINUX_SMC_H_
#define _UAPI_LINUX_SMC_H_

/* Socket family and protocols: socket(AF_SMC, SOCK_STREAM, SMCPROTO_SMC). */
#ifndef AF_SMC
#define AF_SMC			43
#endif
#ifndef PF_SMC
#define PF_SMC			AF_SMC
#endif
#define SMCPROTO_SMC		0	/* peer addresses are IPv4 */
#define SMCPROTO_SMC6		1	/* peer addresses are IPv6 */

/* Option level for SMC specific socket options */
#ifndef SOL_SMC
#define SOL_SMC			286
#endif

/* SOL_SMC options */
#define SMC_LIMIT_HS		1	/* int: limit handshakes when congested */

/* Sizes shared by the netlink interfaces */
#define SMC_PCI_ID_STR_LEN	16	/* PCI id string, e.g. "0000:00:04.0" */
#define SMC_MAX_HOSTNAME_LEN	32	/* host name sent in CLC messages */
#define SMC_MAX_UEID		4	/* user defined EIDs a host may hold */
#define SMC_MAX_EID_LEN		32	/* bytes in one EID */

/*
 * Family "SMC_PNETID": the table that ties network devices and RDMA ports
 * together by a physical network id (PNET ID).
 */
#define SMCR_GENL_FAMILY_NAME		"SMC_PNETID"
#define SMCR_GENL_FAMILY_VERSION	1

enum {					/* commands */
	SMC_PNETID_GET		= 1,	/* dump the table */
	SMC_PNETID_ADD		= 2,	/* needs CAP_NET_ADMIN */
	SMC_PNETID_DEL		= 3,	/* needs CAP_NET_ADMIN */
	SMC_PNETID_FLUSH	= 4,	/* needs CAP_NET_ADMIN */
};

enum {					/* attributes */
	SMC_PNETID_UNSPEC	= 0,
	SMC_PNETID_NAME		= 1,	/* string, at most 16 characters */
	SMC_PNETID_ETHNAME	= 2,	/* string, network device name */
	SMC_PNETID_IBNAME	= 3,	/* string, RDMA device name */
	SMC_PNETID_IBPORT	= 4,	/* u8, RDMA port, 1 or 2 */
	__SMC_PNETID_MAX,
	SMC_PNETID_MAX		= __SMC_PNETID_MAX - 1
};

/*
 * Family "SMC_GEN_NETLINK": everything else the module reports or lets an
 * administrator change that is not tied to a single socket.
 */
#define SMC_GENL_FAMILY_NAME		"SMC_GEN_NETLINK"
#define SMC_GENL_FAMILY_VERSION		1

enum {					/* commands; "admin" needs CAP_NET_ADMIN */
	SMC_NETLINK_GET_SYS_INFO		= 1,
	SMC_NETLINK_GET_LGR_SMCR		= 2,
	SMC_NETLINK_GET_LINK_SMCR		= 3,
	SMC_NETLINK_GET_LGR_SMCD		= 4,
	SMC_NETLINK_GET_DEV_SMCD		= 5,
	SMC_NETLINK_GET_DEV_SMCR		= 6,
	SMC_NETLINK_GET_STATS			= 7,
	SMC_NETLINK_GET_FBACK_STATS		= 8,
	SMC_NETLINK_DUMP_UEID			= 9,
	SMC_NETLINK_ADD_UEID			= 10,	/* admin */
	SMC_NETLINK_REMOVE_UEID			= 11,	/* admin */
	SMC_NETLINK_FLUSH_UEID			= 12,	/* admin */
	SMC_NETLINK_DUMP_SEID			= 13,
	SMC_NETLINK_ENABLE_SEID			= 14,	/* admin */
	SMC_NETLINK_DISABLE_SEID		= 15,	/* admin */
	SMC_NETLINK_DUMP_HS_LIMITATION		= 16,
	SMC_NETLINK_ENABLE_HS_LIMITATION	= 17,	/* admin */
	SMC_NETLINK_DISABLE_HS_LIMITATION	= 18,	/* admin */
	/* this module's own, not Linux's: see SMC_NLA_CAPTURE_* below */
	SMC_NETLINK_CAPTURE_ATTACH		= 32,	/* admin */
	SMC_NETLINK_CAPTURE_DETACH		= 33,	/* admin */
	SMC_NETLINK_CAPTURE_GET			= 34,
};

enum {					/* top level nests of dump replies */
	SMC_GEN_UNSPEC		= 0,
	SMC_GEN_SYS_INFO	= 1,
	SMC_GEN_LGR_SMCR	= 2,
	SMC_GEN_LINK_SMCR	= 3,
	SMC_GEN_LGR_SMCD	= 4,
	SMC_GEN_DEV_SMCD	= 5,
	SMC_GEN_DEV_SMCR	= 6,
	SMC_GEN_STATS		= 7,
	SMC_GEN_FBACK_STATS	= 8,
	__SMC_GEN_MAX,
	SMC_GEN_MAX		= __SMC_GEN_MAX - 1
};

enum {					/* inside SMC_GEN_SYS_INFO */
	SMC_NLA_SYS_UNSPEC	= 0,
	SMC_NLA_SYS_VER		= 1,	/* u8, highest SMC version */
	SMC_NLA_SYS_REL		= 2,	/* u8, release within that version */
	SMC_NLA_SYS_IS_ISM_V2	= 3,	/* u8, SMC-Dv2 capable */
	SMC_NLA_SYS_LOCAL_HOST	= 4,	/* string, host name sent to peers */
	SMC_NLA_SYS_SEID	= 5,	/* string, system EID */
	SMC_NLA_SYS_IS_SMCR_V2	= 6,	/* u8, SMC-Rv2 capable */
	__SMC_NLA_SYS_MAX,
	SMC_NLA_SYS_MAX		= __SMC_NLA_SYS_MAX - 1
};

/*
 * Inside SMC_NLA_LGR_R_V2_COMMON and SMC_NLA_LGR_D_V2_COMMON.  Unlike the
 * other attribute sets this one starts at zero.
 */
enum {
	SMC_NLA_LGR_V2_VER	= 0,	/* u8 */
	SMC_NLA_LGR_V2_REL	= 1,	/* u8 */
	SMC_NLA_LGR_V2_OS	= 2,	/* u8, peer operating system */
	SMC_NLA_LGR_V2_NEG_EID	= 3,	/* string, negotiated EID */
	SMC_NLA_LGR_V2_PEER_HOST = 4,	/* string */
	__SMC_NLA_LGR_V2_MAX,
	SMC_NLA_LGR_V2_MAX	= __SMC_NLA_LGR_V2_MAX - 1
};

enum {					/* inside SMC_NLA_LGR_R_V2 */
	SMC_NLA_LGR_R_V2_UNSPEC		= 0,
	SMC_NLA_LGR_R_V2_DIRECT		= 1,	/* u8, peer on same subnet */
	SMC_NLA_LGR_R_V2_MAX_CONNS	= 2,	/* u8 */
	SMC_NLA_LGR_R_V2_MAX_LINKS	= 3,	/* u8 */
	__SMC_NLA_LGR_R_V2_MAX,
	SMC_NLA_LGR_R_V2_MAX		= __SMC_NLA_LGR_R_V2_MAX - 1
};

enum {					/* inside SMC_GEN_LGR_SMCR */
	SMC_NLA_LGR_R_UNSPEC		= 0,
	SMC_NLA_LGR_R_ID		= 1,	/* u32 */
	SMC_NLA_LGR_R_ROLE		= 2,	/* u8, 0 client, 1 server */
	SMC_NLA_LGR_R_TYPE		= 3,	/* u8 */
	SMC_NLA_LGR_R_PNETID		= 4,	/* string */
	SMC_NLA_LGR_R_VLAN_ID		= 5,	/* u8 */
	SMC_NLA_LGR_R_CONNS_NUM		= 6,	/* u32 */
	SMC_NLA_LGR_R_V2_COMMON		= 7,	/* nest */
	SMC_NLA_LGR_R_V2		= 8,	/* nest */
	SMC_NLA_LGR_R_NET_COOKIE	= 9,	/* u64 */
	SMC_NLA_LGR_R_PAD		= 10,	/* flag */
	SMC_NLA_LGR_R_BUF_TYPE		= 11,	/* u8 */
	SMC_NLA_LGR_R_SNDBUF_ALLOC	= 12,	/* uint */
	SMC_NLA_LGR_R_RMB_ALLOC		= 13,	/* uint */
	__SMC_NLA_LGR_R_MAX,
	SMC_NLA_LGR_R_MAX		= __SMC_NLA_LGR_R_MAX - 1
};

enum {					/* inside SMC_GEN_LINK_SMCR */
	SMC_NLA_LINK_UNSPEC	= 0,
	SMC_NLA_LINK_ID		= 1,	/* u8 */
	SMC_NLA_LINK_IB_DEV	= 2,	/* string */
	SMC_NLA_LINK_IB_PORT	= 3,	/* u8 */
	SMC_NLA_LINK_GID	= 4,	/* string */
	SMC_NLA_LINK_PEER_GID	= 5,	/* string */
	SMC_NLA_LINK_CONN_CNT	= 6,	/* u32 */
	SMC_NLA_LINK_NET_DEV	= 7,	/* u32, ifindex */
	SMC_NLA_LINK_UID	= 8,	/* u32 */
	SMC_NLA_LINK_PEER_UID	= 9,	/* u32 */
	SMC_NLA_LINK_STATE	= 10,	/* u32 */
	/* smc.ko (not in Linux): links on iWARP-class devices (eRDMA),
	 * the 4-tuple of the out-of-band QP connection
	 */
	SMC_NLA_LINK_IW_SADDR	= 11,	/* u32, IPv4 in network order */
	SMC_NLA_LINK_IW_DADDR	= 12,	/* u32, IPv4 in network order */
	SMC_NLA_LINK_IW_SPORT	= 13,	/* u16 */
	SMC_NLA_LINK_IW_DPORT	= 14,	/* u16 */
	__SMC_NLA_LINK_MAX,
	SMC_NLA_LINK_MAX	= __SMC_NLA_LINK_MAX - 1
};

enum {					/* inside SMC_GEN_LGR_SMCD */
	SMC_NLA_LGR_D_UNSPEC		= 0,
	SMC_NLA_LGR_D_ID		= 1,	/* u32 */
	SMC_NLA_LGR_D_GID		= 2,	/* u64 */
	SMC_NLA_LGR_D_PEER_GID		= 3,	/* u64 */
	SMC_NLA_LGR_D_VLAN_ID		= 4,	/* u8 */
	SMC_NLA_LGR_D_CONNS_NUM		= 5,	/* u32 */
	SMC_NLA_LGR_D_PNETID		= 6,	/* string */
	SMC_NLA_LGR_D_CHID		= 7,	/* u16 */
	SMC_NLA_LGR_D_PAD		= 8,	/* flag */
	SMC_NLA_LGR_D_V2_COMMON		= 9,	/* nest */
	SMC_NLA_LGR_D_EXT_GID		= 10,	/* u64 */
	SMC_NLA_LGR_D_PEER_EXT_GID	= 11,	/* u64 */
	SMC_NLA_LGR_D_SNDBUF_ALLOC	= 12,	/* uint */
	SMC_NLA_LGR_D_DMB_ALLOC		= 13,	/* uint */
	__SMC_NLA_LGR_D_MAX,
	SMC_NLA_LGR_D_MAX		= __SMC_NLA_LGR_D_MAX - 1
};

enum {					/* inside SMC_NLA_DEV_PORT[2] */
	SMC_NLA_DEV_PORT_UNSPEC		= 0,
	SMC_NLA_DEV_PORT_PNET_USR	= 1,	/* u8, PNET ID set by user */
	SMC_NLA_DEV_PORT_PNETID		= 2,	/* string */
	SMC_NLA_DEV_PORT_NETDEV		= 3,	/* u32, ifindex */
	SMC_NLA_DEV_PORT_STATE		= 4,	/* u8 */
	SMC_NLA_DEV_PORT_VALID		= 5,	/* u8 */
	SMC_NLA_DEV_PORT_LNK_CNT	= 6,	/* u32 */
	__SMC_NLA_DEV_PORT_MAX,
	SMC_NLA_DEV_PORT_MAX		= __SMC_NLA_DEV_PORT_MAX - 1
};

enum {					/* inside SMC_GEN_DEV_SMCD/_SMCR */
	SMC_NLA_DEV_UNSPEC	= 0,
	SMC_NLA_DEV_USE_CNT	= 1,	/* u32 */
	SMC_NLA_DEV_IS_CRIT	= 2,	/* u8 */
	SMC_NLA_DEV_PCI_FID	= 3,	/* u32 */
	SMC_NLA_DEV_PCI_CHID	= 4,	/* u16 */
	SMC_NLA_DEV_PCI_VENDOR	= 5,	/* u16 */
	SMC_NLA_DEV_PCI_DEVICE	= 6,	/* u16 */
	SMC_NLA_DEV_PCI_ID	= 7,	/* string */
	SMC_NLA_DEV_PORT	= 8,	/* nest */
	SMC_NLA_DEV_PORT2	= 9,	/* nest */
	SMC_NLA_DEV_IB_NAME	= 10,	/* string */
	__SMC_NLA_DEV_MAX,
	SMC_NLA_DEV_MAX		= __SMC_NLA_DEV_MAX - 1
};

/* Histogram buckets of buffer and payload sizes (all u64 counters) */
enum {
	SMC_NLA_STATS_PLOAD_PAD		= 0,
	SMC_NLA_STATS_PLOAD_8K		= 1,
	SMC_NLA_STATS_PLOAD_16K		= 2,
	SMC_NLA_STATS_PLOAD_32K		= 3,
	SMC_NLA_STATS_PLOAD_64K		= 4,
	SMC_NLA_STATS_PLOAD_128K	= 5,
	SMC_NLA_STATS_PLOAD_256K	= 6,
	SMC_NLA_STATS_PLOAD_512K	= 7,
	SMC_NLA_STATS_PLOAD_1024K	= 8,
	SMC_NLA_STATS_PLOAD_G_1024K	= 9,
	__SMC_NLA_STATS_PLOAD_MAX,
	SMC_NLA_STATS_PLOAD_MAX		= __SMC_NLA_STATS_PLOAD_MAX - 1
};

/* Buffer events: too small, full, reused, allocated, downgraded (u64) */
enum {
	SMC_NLA_STATS_RMB_PAD			= 0,
	SMC_NLA_STATS_RMB_SIZE_SM_PEER_CNT	= 1,
	SMC_NLA_STATS_RMB_SIZE_SM_CNT		= 2,
	SMC_NLA_STATS_RMB_FULL_PEER_CNT		= 3,
	SMC_NLA_STATS_RMB_FULL_CNT		= 4,
	SMC_NLA_STATS_RMB_REUSE_CNT		= 5,
	SMC_NLA_STATS_RMB_ALLOC_CNT		= 6,
	SMC_NLA_STATS_RMB_DGRADE_CNT		= 7,
	__SMC_NLA_STATS_RMB_MAX,
	SMC_NLA_STATS_RMB_MAX			= __SMC_NLA_STATS_RMB_MAX - 1
};

enum {					/* per technology: SMC-D or SMC-R */
	SMC_NLA_STATS_T_PAD		= 0,
	SMC_NLA_STATS_T_TX_RMB_SIZE	= 1,	/* nest */
	SMC_NLA_STATS_T_RX_RMB_SIZE	= 2,	/* nest */
	SMC_NLA_STATS_T_TXPLOAD_SIZE	= 3,	/* nest */
	SMC_NLA_STATS_T_RXPLOAD_SIZE	= 4,	/* nest */
	SMC_NLA_STATS_T_TX_RMB_STATS	= 5,	/* nest */
	SMC_NLA_STATS_T_RX_RMB_STATS	= 6,	/* nest */
	SMC_NLA_STATS_T_CLNT_V1_SUCC	= 7,	/* u64 */
	SMC_NLA_STATS_T_CLNT_V2_SUCC	= 8,	/* u64 */
	SMC_NLA_STATS_T_SRV_V1_SUCC	= 9,	/* u64 */
	SMC_NLA_STATS_T_SRV_V2_SUCC	= 10,	/* u64 */
	SMC_NLA_STATS_T_SENDPAGE_CNT	= 11,	/* u64 */
	SMC_NLA_STATS_T_SPLICE_CNT	= 12,	/* u64 */
	SMC_NLA_STATS_T_CORK_CNT	= 13,	/* u64 */
	SMC_NLA_STATS_T_NDLY_CNT	= 14,	/* u64 */
	SMC_NLA_STATS_T_URG_DATA_CNT	= 15,	/* u64 */
	SMC_NLA_STATS_T_RX_BYTES	= 16,	/* u64 */
	SMC_NLA_STATS_T_TX_BYTES	= 17,	/* u64 */
	SMC_NLA_STATS_T_RX_CNT		= 18,	/* u64 */
	SMC_NLA_STATS_T_TX_CNT		= 19,	/* u64 */
	SMC_NLA_STATS_T_RX_RMB_USAGE	= 20,	/* uint */
	SMC_NLA_STATS_T_TX_RMB_USAGE	= 21,	/* uint */
	__SMC_NLA_STATS_T_MAX,
	SMC_NLA_STATS_T_MAX		= __SMC_NLA_STATS_T_MAX - 1
};

enum {					/* inside SMC_GEN_STATS */
	SMC_NLA_STATS_PAD		= 0,
	SMC_NLA_STATS_SMCD_TECH		= 1,	/* nest */
	SMC_NLA_STATS_SMCR_TECH		= 2,	/* nest */
	SMC_NLA_STATS_CLNT_HS_ERR_CNT	= 3,	/* u64 */
	SMC_NLA_STATS_SRV_HS_ERR_CNT	= 4,	/* u64 */
	__SMC_NLA_STATS_MAX,
	SMC_NLA_STATS_MAX		= __SMC_NLA_STATS_MAX - 1
};

enum {					/* inside SMC_GEN_FBACK_STATS */
	SMC_NLA_FBACK_STATS_PAD		= 0,
	SMC_NLA_FBACK_STATS_TYPE	= 1,	/* u8, 1 server, 0 client */
	SMC_NLA_FBACK_STATS_SRV_CNT	= 2,	/* u64 */
	SMC_NLA_FBACK_STATS_CLNT_CNT	= 3,	/* u64 */
	SMC_NLA_FBACK_STATS_RSN_CODE	= 4,	/* u32 */
	SMC_NLA_FBACK_STATS_RSN_CNT	= 5,	/* u16 */
	__SMC_NLA_FBACK_STATS_MAX,
	SMC_NLA_FBACK_STATS_MAX		= __SMC_NLA_FBACK_STATS_MAX - 1
};

enum {					/* UEID commands */
	SMC_NLA_EID_TABLE_UNSPEC	= 0,
	SMC_NLA_EID_TABLE_ENTRY		= 1,	/* string */
	__SMC_NLA_EID_TABLE_MAX,
	SMC_NLA_EID_TABLE_MAX		= __SMC_NLA_EID_TABLE_MAX - 1
};

enum {					/* SEID commands */
	SMC_NLA_SEID_UNSPEC		= 0,
	SMC_NLA_SEID_ENTRY		= 1,	/* string */
	SMC_NLA_SEID_ENABLED		= 2,	/* u8 */
	__SMC_NLA_SEID_TABLE_MAX,
	SMC_NLA_SEID_TABLE_MAX		= __SMC_NLA_SEID_TABLE_MAX - 1
};

enum {					/* handshake limitation commands */
	SMC_NLA_HS_LIMITATION_UNSPEC	= 0,
	SMC_NLA_HS_LIMITATION_ENABLED	= 1,	/* u8 */
	__SMC_NLA_HS_LIMITATION_MAX,
	SMC_NLA_HS_LIMITATION_MAX	= __SMC_NLA_HS_LIMITATION_MAX - 1
};

/*
 * ======================================================================
 * Extension of this module, NOT part of Linux's UAPI.  Linux has no such
 * family; its numbers are this module's own and do not take any command
 * or attribute number of the families above.
 *
 * Family "SMC_POLICY": a per network namespace list of destinations
 * (address prefix, optionally one port) to which a connecting AF_SMC
 * socket never offers SMC.  Such a connection is plain TCP from its SYN
 * on, with fallback reason 0x03010001 (SMC_CLC_DECL_ACTIVE), for peers
 * or middleboxes that cannot cope with the SMC TCP option.
 * GET is a dump and unprivileged; ADD, DEL and FLUSH need CAP_NET_ADMIN.
 * ADD and DEL take FAMILY, ADDR and PREFIXLEN, and PORT if not "any".
 * ======================================================================
 */
#define SMC_POLICY_GENL_FAMILY_NAME	"SMC_POLICY"
#define SMC_POLICY_GENL_FAMILY_VERSION	1
#define SMC_POLICY_MAX_ENTRIES		64	/* per network namespace */

enum {					/* commands */
	SMC_POLICY_CMD_UNSPEC	= 0,
	SMC_POLICY_CMD_GET	= 1,	/* dump the list */
	SMC_POLICY_CMD_ADD	= 2,	/* EEXIST, ENOSPC when full */
	SMC_POLICY_CMD_DEL	= 3,	/* ENOENT when not listed */
	SMC_POLICY_CMD_FLUSH	= 4,
	__SMC_POLICY_CMD_MAX,
	SMC_POLICY_CMD_MAX	= __SMC_POLICY_CMD_MAX - 1
};

enum {					/* attributes */
	SMC_POLICY_A_UNSPEC	= 0,
	SMC_POLICY_A_FAMILY	= 1,	/* u8, AF_INET or AF_INET6 */
	SMC_POLICY_A_ADDR	= 2,	/* binary, 4 or 16 bytes, network order */
	SMC_POLICY_A_PREFIXLEN	= 3,	/* u8, 0..32 or 0..128 */
	SMC_POLICY_A_PORT	= 4,	/* u16, host order; 0 or absent: any */
	__SMC_POLICY_A_MAX,
	SMC_POLICY_A_MAX	= __SMC_POLICY_A_MAX - 1
};

/*
 * ======================================================================
 * Extension of this module, NOT part of Linux's UAPI: packet capture of
 * SMC traffic (Documentation/networking/smc-dump.rst).  Commands 32-34 of
 * "SMC_GEN_NETLINK" leave 19-31 free for commands Linux may add.
 *
 * CAPTURE_ATTACH makes the network device IFINDEX (of the caller's
 * namespace) the capture device of that namespace: the namespace's SMC
 * events named by EVENTS and MODES are mirrored to it as UDP datagrams
 * with an SMC dump header, payloads cut to SNAPLEN bytes (0: whole).
 * EBUSY if the namespace has a capture device already (one capture per
 * namespace).  CAPTURE_DETACH ends it; with IFINDEX only if that device
 * is the one attached (ENOENT otherwise).  Deleting the device detaches
 * it too.  CAPTURE_GET (a dump) answers one message with the attached
 * device and its counters, or nothing when none is attached.
 * ======================================================================
 */
enum {					/* capture attributes */
	SMC_NLA_CAPTURE_UNSPEC		= 0,
	SMC_NLA_CAPTURE_IFINDEX		= 1,	/* u32 */
	SMC_NLA_CAPTURE_SNAPLEN		= 2,	/* u32, 0: whole payloads */
	SMC_NLA_CAPTURE_EVENTS		= 3,	/* u32, SMC_CAPTURE_EV_* */
	SMC_NLA_CAPTURE_MODES		= 4,	/* u32, SMC_CAPTURE_MODE_* */
	SMC_NLA_CAPTURE_RECORDS		= 5,	/* u64, records mirrored */
	SMC_NLA_CAPTURE_DROPS		= 6,	/* u64, records dropped */
	SMC_NLA_CAPTURE_PAD		= 7,
	__SMC_NLA_CAPTURE_MAX,
	SMC_NLA_CAPTURE_MAX		= __SMC_NLA_CAPTURE_MAX - 1
};

/* SMC_NLA_CAPTURE_EVENTS bits; absent: all */
#define SMC_CAPTURE_EV_LLC		0x1	/* LLC messages */
#define SMC_CAPTURE_EV_CDC		0x2	/* CDC messages */
#define SMC_CAPTURE_EV_DATA		0x4	/* data blocks */
#define SMC_CAPTURE_EV_ALL		0x7

/* SMC_NLA_CAPTURE_MODES bits; absent: all */
#define SMC_CAPTURE_MODE_SMCR		0x1
#define SMC_CAPTURE_MODE_SMCD		0x2
#define SMC_CAPTURE_MODE_ALL		0x3

#endif /* _UAPI_LINUX_SMC_H_ */
