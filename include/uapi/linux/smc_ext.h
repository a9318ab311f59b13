/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * What this SMC module (smc.ko of this project) offers beyond Linux's own
 * SMC user interface.  None of it is in Linux's <linux/smc.h>, which this
 * project keeps exactly as Linux has it; tools that only speak Linux's
 * interface never need this header.
 *
 * - the socket constants a program needs to open an AF_SMC socket (Linux
 *   keeps them in headers that are not UAPI, or in the C library);
 * - family "SMC_POLICY": destinations to which SMC is never offered;
 * - attributes of "SMC_GEN_NETLINK" link dumps for iWARP-class devices;
 * - commands and attributes of "SMC_GEN_NETLINK" for packet capture.
 *
 * The numbers are ABI of this module and never change.  Those that extend
 * Linux's families (SMC_NLA_LINK_IW_*, SMC_NETLINK_CAPTURE_*) are chosen
 * above what Linux 6.12 uses; Documentation/netlink/specs/ describes all
 * three families.
 */
#ifndef _UAPI_LINUX_SMC_EXT_H_
#define _UAPI_LINUX_SMC_EXT_H_

#include <linux/smc.h>

/* Socket family and protocols: socket(AF_SMC, SOCK_STREAM, SMCPROTO_SMC) */
#ifndef AF_SMC
#define AF_SMC			43
#endif
#ifndef PF_SMC
#define PF_SMC			AF_SMC
#endif
#define SMCPROTO_SMC		0	/* peer addresses are IPv4 */
#define SMCPROTO_SMC6		1	/* peer addresses are IPv6 */

/* Option level of the SMC socket options (SMC_LIMIT_HS) */
#ifndef SOL_SMC
#define SOL_SMC			286
#endif

/*
 * Family "SMC_POLICY": a per network namespace list of destinations
 * (address prefix, optionally one port) to which a connecting AF_SMC
 * socket never offers SMC.  Such a connection is plain TCP from its SYN
 * on, with fallback reason 0x03010001 (SMC_CLC_DECL_ACTIVE), for peers
 * or middleboxes that cannot cope with the SMC TCP option.
 * GET is a dump and unprivileged; ADD, DEL and FLUSH need CAP_NET_ADMIN.
 * ADD and DEL take FAMILY, ADDR and PREFIXLEN, and PORT if not "any".
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
 * More attributes inside SMC_GEN_LINK_SMCR: links on iWARP-class devices
 * (eRDMA) report the 4-tuple of their out-of-band QP connection.  They
 * follow Linux's SMC_NLA_LINK_STATE (10); a parser that wants them sizes
 * its table by SMC_NLA_LINK_EXT_MAX instead of SMC_NLA_LINK_MAX.
 */
enum {
	SMC_NLA_LINK_IW_SADDR	= 11,	/* u32, IPv4 in network order */
	SMC_NLA_LINK_IW_DADDR	= 12,	/* u32, IPv4 in network order */
	SMC_NLA_LINK_IW_SPORT	= 13,	/* u16 */
	SMC_NLA_LINK_IW_DPORT	= 14,	/* u16 */
	__SMC_NLA_LINK_EXT_MAX,
	SMC_NLA_LINK_EXT_MAX	= __SMC_NLA_LINK_EXT_MAX - 1
};

/*
 * Packet capture of SMC traffic (Documentation/networking/smc-dump.rst):
 * commands 32-34 of "SMC_GEN_NETLINK", leaving 19-31 free for commands
 * Linux may add.
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
 * ATTACH and DETACH need CAP_NET_ADMIN.
 */
enum {
	SMC_NETLINK_CAPTURE_ATTACH	= 32,
	SMC_NETLINK_CAPTURE_DETACH	= 33,
	SMC_NETLINK_CAPTURE_GET		= 34,
};

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

#endif /* _UAPI_LINUX_SMC_EXT_H_ */
