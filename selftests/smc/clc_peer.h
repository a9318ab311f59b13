/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A raw CLC peer: userspace plays the other end of an AF_SMC connection
 * over an ordinary kernel TCP socket, byte by byte.
 *
 * The kernel sends the SMC TCP option only for sockets marked syn_smc, which
 * smc.ko does for its own internal socket; tb_synsmc.ko (selftests/vm/synsmc,
 * test guests only, loaded after smc.ko) does it for ours.  Messages are
 * built and decoded with the module's own codec (net/smc/smc_clc_wire.c,
 * compiled for userspace), and anything else can be sent raw, so a test
 * decides exactly which bytes the module sees and checks exactly which
 * bytes it answers with.
 *
 * Every function returns 0 (or a count) on success and a negative errno
 * value on failure; errno itself is not used.  Every wait is bounded by a
 * timeout in milliseconds.
 */
#ifndef CLC_PEER_H
#define CLC_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "smc_clc_wire.h"

/* --- the SMC option on our own TCP sockets (tb_synsmc.ko) ----------------- */

/* 0 when /dev/tb_synsmc can be used, else why not (-ENOENT: not loaded) */
int clcp_synsmc_available(void);
/* in the tests (smctest.h): skip all when it cannot be used, bail on errors */
void clcp_require_synsmc(void);
/*
 * in the tests: skip all unless an AF_SMC client of this run proposes
 * SMC-R over IPv4 to a raw peer (-f smc, IPv4, an RDMA device, tb_synsmc)
 */
void clcp_require_smcr_client(void);
/* ask for SMC in the SYN or SYN-ACKs; fd closed or listening */
int clcp_synsmc_set(int fd);
/* 1 when the socket asks for SMC (after connect: the peer agreed), 0 not */
int clcp_synsmc_get(int fd);

/* --- connections ----------------------------------------------------------- */

/*
 * A TCP listener on addr (port included, 0 for any), asking clients for
 * SMC when syn_smc is set.  Returns the fd; *port gets the bound port.
 */
int clcp_listen(const struct sockaddr *addr, socklen_t len, bool syn_smc,
		int backlog, uint16_t *port);
/* accept one connection within timeout_ms */
int clcp_accept(int listen_fd, int timeout_ms);
/* a TCP connection to addr, offering SMC when syn_smc is set */
int clcp_connect(const struct sockaddr *addr, socklen_t len, bool syn_smc,
		 int timeout_ms);

/* --- bytes ------------------------------------------------------------------ */

/* all of buf, or an error */
int clcp_send_raw(int fd, const void *buf, size_t len);
/* exactly len bytes within timeout_ms; the count read so far otherwise
 * (short only at EOF or timeout), or an error before anything arrived
 */
ssize_t clcp_recv_bytes(int fd, void *buf, size_t len, int timeout_ms);
/* bytes queued for reading now, seen by MSG_PEEK (nothing consumed) */
ssize_t clcp_peek_bytes(int fd, void *buf, size_t len);
/*
 * Wait up to timeout_ms for the peer to end the connection, dropping what
 * it still sends (counted in *discarded if not NULL).  0 for an orderly
 * close (EOF), -ECONNRESET (or another socket error) for an abort,
 * -ETIMEDOUT if it stayed open.
 */
int clcp_wait_closed(int fd, int timeout_ms, size_t *discarded);
/* true when nothing arrives on fd for quiet_ms (EOF counts as arrival) */
bool clcp_quiet(int fd, int quiet_ms);

/* --- CLC messages ------------------------------------------------------------ */

/* a received message: the raw bytes and what the codec makes of them */
struct clcp_msg {
	uint8_t raw[SMC_CLC_MAX_MSG_LEN];
	size_t len;
	uint8_t type;		/* from the header */
	uint8_t version;	/* from the header */
	int decode_rc;		/* of the codec's decoder for the type */
	union {
		struct smc_clc_decline_info decline;
		struct smc_clc_proposal_info proposal;
		struct smc_clc_accept_info accept;
	} u;
};

/*
 * Receive one CLC message: peek at the header, then read exactly the length
 * it announces, and decode it.  Errors:
 *   -ETIMEDOUT   no complete header within timeout_ms (nothing consumed)
 *   -ENOMSG      the bytes do not start with an eyecatcher (nothing
 *                consumed)
 *   -EPROTO      a header with a length below header plus trailer or above
 *                SMC_CLC_MAX_MSG_LEN (nothing consumed)
 *   -EBADMSG     only part of the message arrived (that part consumed)
 *   -ECONNRESET  the connection ended first (EOF; a reset gives its errno)
 * A message the codec rejects is still returned, with decode_rc set.
 */
int clcp_recv_msg(int fd, int timeout_ms, struct clcp_msg *msg);
/* one line about a message: type, version, length and the main fields */
const char *clcp_msg_text(const struct clcp_msg *msg, char *buf, size_t len);
const char *clcp_type_name(uint8_t type);

/* encode and send: the length sent, or an error */
int clcp_send_decline(int fd, const struct smc_clc_decline_info *info);
int clcp_send_proposal(int fd, const struct smc_clc_proposal_info *info);
int clcp_send_accept(int fd, const struct smc_clc_accept_info *info);

/* a DECLINE in the given version (1: 28 bytes, 2: 44 bytes) with code */
void clcp_decline_info(struct smc_clc_decline_info *info, uint8_t version,
		       uint32_t code);
/*
 * Proposals as Linux lays them out.  v1 SMC-R with an IPv4 subnet (network
 * byte order) or, when v6 is not NULL, with one IPv6 prefix (the IPv4 part
 * then 0.0.0.0/0, as Linux sends it on IPv6 connections):
 */
void clcp_proposal_v1(struct smc_clc_proposal_info *info, uint32_t subnet_be,
		      uint8_t prefix_len, const uint8_t *v6, uint8_t v6_len);
/* v2 offering SMC-Rv2 only, with ueid_cnt UEIDs named by ueids */
void clcp_proposal_v2_r(struct smc_clc_proposal_info *info,
			const char *const *ueids, uint8_t ueid_cnt);

/* --- a raw CLC server for the test's own client --------------------------- */

/*
 * In the tests (smctest.h): the test's AF_SMC client (non-blocking, bound
 * to the client address) connected to a raw CLC server on the server
 * address, which accepted it and read its first CLC message into *msg.
 * -EPROTO when that is no valid proposal.  On error nothing stays open;
 * otherwise clcp_fake_server_close() ends it.
 */
struct clcp_fake_server {
	int lfd;		/* the raw server's listener */
	int cfd;		/* the AF_SMC client */
	int fake;		/* the raw server's end of the connection */
	uint16_t port;		/* the raw server's */
	int connect_errno;	/* of the client's connect(): EINPROGRESS */
	int64_t t0;		/* smct_now_us() at the connect() */
};

int clcp_fake_server_proposal(struct clcp_fake_server *srv,
			      struct clcp_msg *msg);
void clcp_fake_server_close(struct clcp_fake_server *srv);

/* hex dump of up to len bytes into buf ("e2 d4 c3 d9 ...") */
const char *clcp_hex(const void *data, size_t len, char *buf, size_t buflen);

#endif /* CLC_PEER_H */
