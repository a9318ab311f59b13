/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * sock_diag interface of AF_SMC sockets (NETLINK_SOCK_DIAG,
 * SOCK_DIAG_BY_FAMILY with family AF_SMC).
 *
 * The layouts are kernel ABI shared with Linux's own SMC module; tools such
 * as smcss decode them byte for byte.  Like <linux/smc.h> this header is
 * Linux's and nothing else: selftests/run_tests.sh (docs step) compares it
 * with a kernel's copy, and only comments and white space may differ.
 */
#ifndef _UAPI_SMC_DIAG_H_
#define _UAPI_SMC_DIAG_H_

#include <linux/types.h>
#include <linux/inet_diag.h>
#include <rdma/ib_user_verbs.h>

/* Dump request.  diag_ext holds 1 << (SMC_DIAG_x - 1) bits. */
struct smc_diag_req {
	__u8	diag_family;		/* AF_SMC */
	__u8	pad[2];
	__u8	diag_ext;		/* extensions wanted in the reply */
	struct inet_diag_sockid	id;	/* unused by dumps */
};

/*
 * One reply per socket.  The addresses and the cookie are those of the
 * internal TCP (CLC) socket; diag_state uses the SMC socket states.
 */
struct smc_diag_msg {
	__u8		diag_family;	/* AF_INET or AF_INET6 */
	__u8		diag_state;
	union {
		__u8	diag_mode;	/* SMC_DIAG_MODE_x */
		__u8	diag_fallback;	/* former name of diag_mode */
	};
	__u8		diag_shutdown;	/* RCV_SHUTDOWN 1 | SEND_SHUTDOWN 2 */
	struct inet_diag_sockid id;

	__u32		diag_uid;
	__aligned_u64	diag_inode;
};

/* Values of diag_mode */
enum {
	SMC_DIAG_MODE_SMCR,			/* data moves by RDMA */
	SMC_DIAG_MODE_FALLBACK_TCP,		/* plain TCP connection */
	SMC_DIAG_MODE_SMCD,			/* data moves through ISM */
};

/* Attributes that may follow struct smc_diag_msg */
enum {
	SMC_DIAG_NONE,
	SMC_DIAG_CONNINFO,		/* struct smc_diag_conninfo */
	SMC_DIAG_LGRINFO,		/* struct smc_diag_lgrinfo */
	SMC_DIAG_SHUTDOWN,		/* u8, always present */
	SMC_DIAG_DMBINFO,		/* struct smcd_diag_dmbinfo */
	SMC_DIAG_FALLBACK,		/* struct smc_diag_fallback */
	__SMC_DIAG_MAX,
};

#define SMC_DIAG_MAX (__SMC_DIAG_MAX - 1)

/* A position in a ring buffer: how often it wrapped, offset within it */
struct smc_diag_cursor {
	__u16	reserved;
	__u16	wrap;
	__u32	count;
};

struct smc_diag_conninfo {
	__u32			token;		/* alert token of the connection */
	__u32			sndbuf_size;	/* our send buffer */
	__u32			rmbe_size;	/* our receive buffer element */
	__u32			peer_rmbe_size;	/* the peer's receive element */
	/* where the peer writes into, and has consumed from, our RMBE */
	struct smc_diag_cursor	rx_prod;
	struct smc_diag_cursor	rx_cons;
	/* where we write into, and have consumed from, the peer's RMBE */
	struct smc_diag_cursor	tx_prod;
	struct smc_diag_cursor	tx_cons;
	__u8			rx_prod_flags;
	__u8			rx_conn_state_flags;
	__u8			tx_prod_flags;
	__u8			tx_conn_state_flags;
	/* progress through our send buffer: filled, written, completed */
	struct smc_diag_cursor	tx_prep;
	struct smc_diag_cursor	tx_sent;
	struct smc_diag_cursor	tx_fin;
};

struct smc_diag_linkinfo {
	__u8 link_id;
	__u8 ibname[IB_DEVICE_NAME_MAX];	/* RDMA device name */
	__u8 ibport;
	__u8 gid[40];				/* printable local GID */
	__u8 peer_gid[40];			/* printable peer GID */
};

struct smc_diag_lgrinfo {
	struct smc_diag_linkinfo	lnk[1];
	__u8				role;	/* 0 client, 1 server */
};

/* Why a connection uses TCP: our reason and the peer's, both CLC codes */
struct smc_diag_fallback {
	__u32 reason;
	__u32 peer_diagnosis;
};

struct smcd_diag_dmbinfo {
	__u32		linkid;
	__aligned_u64	peer_gid;
	__aligned_u64	my_gid;
	__aligned_u64	token;
	__aligned_u64	peer_token;
	__aligned_u64	peer_gid_ext;
	__aligned_u64	my_gid_ext;
};

#endif /* _UAPI_SMC_DIAG_H_ */
