/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMC dump header: the record that describes one mirrored SMC event.
 *
 * SMC-R moves its data by RDMA, past every capture point of the network
 * stack.  For a capture, each LLC message, CDC message and data block is
 * copied (or pointed at) into a UDP datagram on a dummy network device,
 * where tcpdump sees it.  The UDP payload starts with this header; the
 * message or the data follows it, possibly cut to a snap length.  The
 * design, the outer headers and the events are described in
 * Documentation/networking/smc-dump.rst.
 *
 * Every field has a fixed size and offset, multi-byte fields are big
 * endian, and there is no padding.  A decoder takes any version >= 1
 * whose hdr_len covers the version 1 fields, and finds the payload at
 * hdr_len: later versions only append fields.
 *
 * Pure, like smc_cdc_wire.h: no kernel dependency, also built in
 * userspace (unit tests, fuzzer, the pcap generator of the tool tests).
 */
#ifndef SMC_DUMP_WIRE_H
#define SMC_DUMP_WIRE_H

#include "smc_pure.h"

#define SMC_DUMP_MAGIC		0x534d4448	/* "SMDH" */
#define SMC_DUMP_VERSION	1
#define SMC_DUMP_HDR_LEN	72		/* version 1 */
#define SMC_DUMP_UDP_PORT	7620		/* source and destination */

/* direction, seen from the host that captured */
#define SMC_DUMP_DIR_TX		1	/* sent, or written to the peer */
#define SMC_DUMP_DIR_RX		2	/* received, or read by the user */

/* what the record describes */
#define SMC_DUMP_EV_LLC		1	/* an LLC message (payload: it) */
#define SMC_DUMP_EV_CDC		2	/* a CDC message (payload: it) */
#define SMC_DUMP_EV_DATA	3	/* data: tx RDMA WRITE into the peer's
					 * RMBE, rx consumed from our RMBE
					 * (payload: the data)
					 */
#define SMC_DUMP_EV_MAX		SMC_DUMP_EV_DATA

/* transport */
#define SMC_DUMP_MODE_SMCR	1
#define SMC_DUMP_MODE_SMCD	2

/* flags */
#define SMC_DUMP_F_TRUNC	0x01	/* payload cut below len */
#define SMC_DUMP_F_URG		0x02	/* data: holds the urgent byte */
#define SMC_DUMP_F_MASK		0x03

/* Addresses are IPv6; IPv4 ones in the mapped form ::ffff:a.b.c.d.  For
 * LLC records, which belong to a link and not to a connection, they are
 * zero (and the token and ports too).
 */
#define SMC_DUMP_ADDR_LEN	16

struct smc_dump_hdr {
	__be32	magic;		/* SMC_DUMP_MAGIC */
	u8	version;	/* SMC_DUMP_VERSION */
	u8	hdr_len;	/* bytes from magic to the payload */
	u8	dir;		/* SMC_DUMP_DIR_* */
	u8	event;		/* SMC_DUMP_EV_* */
	u8	mode;		/* SMC_DUMP_MODE_* */
	u8	flags;		/* SMC_DUMP_F_* */
	u8	link_id;	/* the link's number in its link group */
	u8	msg_type;	/* LLC: its type byte; CDC: 0xfe; data: 0 */
	__be32	lgr_id;		/* link group id (as smcr linkgroup shows) */
	__be32	token;		/* the connection's local alert token */
	__be16	lport;		/* the connection's local TCP port */
	__be16	pport;		/* and the peer's */
	u8	laddr[SMC_DUMP_ADDR_LEN];
	u8	paddr[SMC_DUMP_ADDR_LEN];
	__be32	rmb_off;	/* data: offset in the RMBE written or read */
	__be32	len;		/* length of the message or data block */
	__be32	seq;		/* record number in this capture */
	__be32	drops;		/* records dropped in this capture so far */
} __packed;

static_assert(sizeof(struct smc_dump_hdr) == SMC_DUMP_HDR_LEN);

/* ---- decoded (host order) representation -------------------------------- */

struct smc_dump_info {
	u8	version;
	u8	hdr_len;
	u8	dir;
	u8	event;
	u8	mode;
	u8	flags;
	u8	link_id;
	u8	msg_type;
	u32	lgr_id;
	u32	token;
	u16	lport;
	u16	pport;
	u8	laddr[SMC_DUMP_ADDR_LEN];
	u8	paddr[SMC_DUMP_ADDR_LEN];
	u32	rmb_off;
	u32	len;
	u32	seq;
	u32	drops;
};

/**
 * smc_dump_caplen() - payload bytes a record carries under a snap length
 * @len: bytes of the message or data block
 * @snap: the capture's snap length, 0 for no limit
 *
 * Return: @len, or @snap when that is smaller.
 */
static inline u32 smc_dump_caplen(u32 len, u32 snap)
{
	return snap && snap < len ? snap : len;
}

/**
 * smc_dump_encode() - write a record's header
 * @buf: where the header goes
 * @cap: bytes available at @buf
 * @in: what the record says; its version and hdr_len are ignored (always
 *      version 1)
 * @caplen: payload bytes that will follow the header (SMC_DUMP_F_TRUNC is
 *          set when they are fewer than @in->len)
 *
 * Context: any (pure: no kernel dependency).
 * Return: SMC_DUMP_HDR_LEN; -EINVAL for an inconsistent @in (unknown
 * direction, event, mode or flags; @caplen above len); -EMSGSIZE when
 * @cap is too small.
 */
int smc_dump_encode(void *buf, size_t cap, const struct smc_dump_info *in,
		    u32 caplen);

/**
 * smc_dump_decode() - read a record from the UDP payload of a datagram
 * @buf: the UDP payload
 * @len: its length
 * @out: the record's header fields
 *
 * The record's payload is the @len - out->hdr_len bytes at out->hdr_len.
 *
 * Context: any (pure: no kernel dependency).
 * Return: 0; -EPROTO when @buf is no dump record or an inconsistent one
 * (*@out zeroed).
 */
int smc_dump_decode(const void *buf, size_t len, struct smc_dump_info *out);

#endif /* SMC_DUMP_WIRE_H */
