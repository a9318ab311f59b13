/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smcss internals: the netlink decoder and the formatters are kept apart
 * from the socket I/O so that the unit tests can drive them with crafted
 * buffers.
 */
#ifndef SMCSS_H
#define SMCSS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/smc_diag.h>

/* struct smcss_sock.have */
#define SMCSS_HAVE_SHUTDOWN	(1u << 0)
#define SMCSS_HAVE_CONNINFO	(1u << 1)
#define SMCSS_HAVE_LGRINFO	(1u << 2)
#define SMCSS_HAVE_FALLBACK	(1u << 3)
#define SMCSS_HAVE_DMBINFO	(1u << 4)

/* One AF_SMC socket as reported by the kernel, already validated */
struct smcss_sock {
	uint8_t diag_family;	/* as sent, for --json */
	int af;			/* AF_INET, AF_INET6 or 0 if unknown */
	uint8_t state;
	uint8_t mode;
	uint8_t shutdown;
	uint8_t lcl_addr[16];	/* 4 bytes used for AF_INET */
	uint8_t rmt_addr[16];
	uint16_t lcl_port;	/* host order */
	uint16_t rmt_port;
	uint32_t ifindex;
	uint32_t uid;
	uint64_t inode;
	unsigned int have;	/* SMCSS_HAVE_x */
	unsigned int bad_attrs;	/* attributes dropped as malformed */
	struct smc_diag_conninfo conn;
	struct smc_diag_lgrinfo lgr;
	struct smc_diag_fallback fb;
	struct smcd_diag_dmbinfo dmb;
};

struct smcss_list {
	struct smcss_sock *socks;
	size_t n;
	size_t cap;
	unsigned int bad_msgs;	/* socket messages too short to use */
	unsigned int bad_attrs;	/* sum over all sockets */
	bool interrupted;	/* the kernel flagged the dump inconsistent */
};

enum smcss_dec {
	SMCSS_DEC_MORE,		/* buffer used up, the dump goes on */
	SMCSS_DEC_DONE,		/* NLMSG_DONE seen */
	SMCSS_DEC_ERROR,	/* the kernel answered with an error */
	SMCSS_DEC_MALFORMED,	/* a netlink header did not fit the buffer */
	SMCSS_DEC_NOMEM,
	SMCSS_DEC_IO,		/* smcss_dump(): the netlink socket failed */
};

/*
 * Decode one datagram of a sock_diag dump.  Messages whose sequence number
 * differs from seq are ignored.  On SMCSS_DEC_ERROR *err holds the positive
 * errno the kernel sent.
 */
enum smcss_dec smcss_decode(const void *buf, size_t len, uint32_t seq,
			    struct smcss_list *list, int *err);
void smcss_list_free(struct smcss_list *list);

/*
 * Dump the AF_SMC sockets with the sock_diag extensions diag_ext into
 * list.  Returns SMCSS_DEC_DONE, or SMCSS_DEC_ERROR with *err the kernel's
 * errno (for the caller to explain), or another outcome after printing
 * why, prefixed with prog.
 */
enum smcss_dec smcss_dump(const char *prog, uint8_t diag_ext,
			  struct smcss_list *list, int *err);

struct smcss_opts {
	bool all;
	bool listening;
	bool debug;
	bool wide;
	bool smcr;
	bool smcd;
	bool explain;
	bool json;
};

/* diag_ext bits to request for these options */
uint8_t smcss_diag_ext(const struct smcss_opts *opts);
bool smcss_selected(const struct smcss_opts *opts, const struct smcss_sock *s);

const char *smcss_state_name(uint8_t state);
/* "addr:port", IPv6 in brackets, IPv4-mapped IPv6 as IPv4 */
void smcss_fmt_addr(char *buf, size_t size, int af, const uint8_t *addr,
		    uint16_t port);
void smcss_fmt_mode(char *buf, size_t size, const struct smcss_sock *s);
void smcss_fmt_shutdown(char *buf, size_t size, uint8_t shutdown);

void smcss_print_table(FILE *f, const struct smcss_opts *opts,
		       const struct smcss_list *list);
/* the cause and fix of every distinct fallback code in the table */
void smcss_print_explain(FILE *f, const struct smcss_opts *opts,
			 const struct smcss_list *list);
void smcss_print_json(FILE *f, const struct smcss_opts *opts,
		      const struct smcss_list *list);

#endif /* SMCSS_H */
