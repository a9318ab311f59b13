/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smc_chk internals without I/O: the check protocol between smc_chk and
 * smc_chk -S, the TCP segments of --replay and the report texts.  The unit
 * tests drive these directly; smc_chk.c does the sockets.
 */
#ifndef SMC_CHK_H
#define SMC_CHK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/smc_diag.h>

#include "smcss.h"

/* --- the check protocol ---------------------------------------------------
 *
 * One line each way.  The client sends SMC_CHK_HELLO; smc_chk -S answers
 *
 *   SMCCHK1 mode=N reason=0xXXXXXXXX peer=0xXXXXXXXX dev=D port=P gid=G pgid=G
 *
 * with its own sock_diag view of the accepted socket (dev, gid and pgid are
 * "-" when there is no link).  Lines end with '\n' and never exceed
 * SMC_CHK_LINE_MAX bytes.
 */
#define SMC_CHK_PROTO		"SMCCHK1"
#define SMC_CHK_HELLO		SMC_CHK_PROTO " HELLO\n"
#define SMC_CHK_LINE_MAX	256

/* How one end sees its connection, from SMC sock_diag */
struct smc_chk_view {
	uint8_t mode;			/* SMC_DIAG_MODE_x */
	uint32_t reason;		/* fallback reason of this end */
	uint32_t peer_diag;		/* code the peer declined with */
	bool have_link;
	char ibdev[IB_DEVICE_NAME_MAX];	/* RDMA device of the first link */
	uint8_t ibport;
	char gid[40];			/* printable local GID */
	char peer_gid[40];		/* printable peer GID */
};

void smc_chk_view_from_sock(struct smc_chk_view *v,
			    const struct smcss_sock *s);
/* bytes written (without the NUL), or -1 if buf is too small */
int smc_chk_encode_reply(char *buf, size_t size, const struct smc_chk_view *v);
/* 0 on success, -1 if the line is not a valid reply */
int smc_chk_decode_reply(const char *line, size_t len,
			 struct smc_chk_view *v);
/* true when line (len bytes, '\n' included or not) is the client's hello */
bool smc_chk_is_hello(const char *line, size_t len);

/* exit status for a view: 0 SMC (R or D), 1 TCP fallback */
int smc_chk_view_status(const struct smc_chk_view *v);

/* --- report texts --------------------------------------------------------- */

/* "<who>: SMC-R" or "<who>: TCP fallback" and the details indented below */
void smc_chk_print_view(FILE *f, const char *who,
			const struct smc_chk_view *v);
/* one cause code: "<label> 0x...: summary" then Cause / Fix from the table */
void smc_chk_print_code(FILE *f, const char *label, uint32_t code);

/* --- --replay: TCP segments --------------------------------------------- */

#define SMC_CHK_TCPOPT_EXP	254		/* RFC 4727 experiment 2 */
#define SMC_CHK_SMC_MAGIC	0xe2d4c3d9u	/* "SMCR" in EBCDIC */
/* magic of the probe option: not SMC's, not known to any TCP stack */
#define SMC_CHK_PROBE_MAGIC	0x73636b21u	/* "sck!" */

#define SMC_CHK_TCP_FIN		0x01
#define SMC_CHK_TCP_SYN		0x02
#define SMC_CHK_TCP_RST		0x04
#define SMC_CHK_TCP_ACK		0x10

#define SMC_CHK_TCP_HDR		20
#define SMC_CHK_TCP_OPT_MAX	40

/* One TCP segment to build; addresses in network order, the rest host */
struct smc_chk_tcp {
	uint32_t saddr;
	uint32_t daddr;
	uint16_t sport;
	uint16_t dport;
	uint32_t seq;
	uint32_t ack;
	uint8_t flags;
	uint16_t window;
};

/*
 * The options of the probe SYN: MSS 1460, the probe option and the SMC
 * option, both experimental kind 254 with length 6.  Returns the length
 * (a multiple of 4), or 0 if size is too small.
 */
size_t smc_chk_syn_options(uint8_t *buf, size_t size);

/*
 * A TCP header with the given options and a correct checksum over the
 * IPv4 pseudo header.  optlen must be a multiple of 4 and at most 40.
 * Returns the segment length, or 0 on bad arguments.
 */
size_t smc_chk_build_tcp(uint8_t *buf, size_t size,
			 const struct smc_chk_tcp *t, const uint8_t *opt,
			 size_t optlen);

/* Ones' complement sum of data, folded, not inverted; for checksums */
uint32_t smc_chk_csum_add(uint32_t sum, const uint8_t *data, size_t len);
uint16_t smc_chk_csum_fold(uint32_t sum);

struct smc_chk_optscan {
	bool probe;		/* the probe option, magic and length intact */
	bool smc;		/* the SMC option */
	bool mss;
	bool malformed;		/* the option list did not parse to its end */
};

void smc_chk_scan_options(const uint8_t *opt, size_t len,
			  struct smc_chk_optscan *r);

/* A received IPv4 TCP segment */
struct smc_chk_seg {
	uint32_t saddr;		/* network order */
	uint32_t daddr;
	uint16_t sport;		/* host order */
	uint16_t dport;
	uint32_t seq;
	uint32_t ack;
	uint8_t flags;
	struct smc_chk_optscan opts;
};

/* 0 if pkt holds an unfragmented IPv4 TCP segment, else -1 */
int smc_chk_parse_ipv4_tcp(const uint8_t *pkt, size_t len,
			   struct smc_chk_seg *s);

enum smc_chk_answer {
	SMC_CHK_ANS_NONE,	/* not an answer to this SYN */
	SMC_CHK_ANS_SYNACK,
	SMC_CHK_ANS_RST,
};

/* classifies s as the target's answer to the SYN t, or not */
enum smc_chk_answer smc_chk_match(const struct smc_chk_seg *s,
				  const struct smc_chk_tcp *syn);

/* the --replay result for a SYN-ACK; returns 0 not replayed, 1 replayed */
int smc_chk_print_replay(FILE *f, const struct smc_chk_seg *synack);

#endif /* SMC_CHK_H */
