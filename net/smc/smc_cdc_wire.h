/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CDC (Connection Data Control) messages and cursor arithmetic.
 *
 * A CDC message is a 44 byte RDMA SEND on the link a connection uses.  It
 * tells the peer how far we have written into its RMBE (producer cursor)
 * and how far we have read from ours (consumer cursor), plus flags for
 * urgent data, blocked writers and the closing of the connection (RFC
 * 7609).  Everything is big endian.
 *
 * A cursor is a position in a ring buffer of some size: count is the
 * offset (below the size) and wrap counts the laps, modulo 2^16.  Both
 * peers step cursors the same way: count grows, and on reaching the size
 * it drops by the size while wrap grows by one.  So a cursor stands for
 * the stream position wrap * size + count, modulo 2^16 * size.
 *
 * Pure, like smc_clc_wire.h: also built in userspace for tests and fuzzers.
 */
#ifndef SMC_CDC_WIRE_H
#define SMC_CDC_WIRE_H

#include "smc_pure.h"

#define SMC_CDC_MSG_TYPE	0xfe
#define SMC_CDC_MSG_LEN		44

/* producer flags */
#define SMC_CDC_PF_WRITE_BLOCKED	0x80	/* no room left in our RMBE */
#define SMC_CDC_PF_URG_DATA_PENDING	0x40
#define SMC_CDC_PF_URG_DATA_PRESENT	0x20
#define SMC_CDC_PF_CONS_CURS_UPD_REQ	0x10	/* please send your cursor */
#define SMC_CDC_PF_FAILOVER_VALIDATION	0x08	/* replay check, no cursors */
#define SMC_CDC_PF_MASK			0xf8

/* connection state flags */
#define SMC_CDC_CS_PEER_DONE_WRITING	0x80
#define SMC_CDC_CS_PEER_CONN_CLOSED	0x40
#define SMC_CDC_CS_PEER_CONN_ABORT	0x20
#define SMC_CDC_CS_MASK			0xe0

/* ---- wire structures ---------------------------------------------------- */

struct smc_cdc_cursor {
	u8	reserved[2];
	__be16	wrap;
	__be32	count;
} __packed;

struct smc_cdc_msg {
	u8	type;		/* SMC_CDC_MSG_TYPE */
	u8	len;		/* SMC_CDC_MSG_LEN */
	__be16	seqno;
	__be32	token;		/* the receiver's alert token */
	struct smc_cdc_cursor prod;
	struct smc_cdc_cursor cons;
	u8	prod_flags;
	u8	conn_state_flags;
	u8	reserved[18];
} __packed;

static_assert(sizeof(struct smc_cdc_cursor) == 8);
static_assert(sizeof(struct smc_cdc_msg) == SMC_CDC_MSG_LEN);

/* ---- decoded (host order) representation --------------------------------- */

struct smc_curs {
	u16	wrap;
	u32	count;
};

struct smc_cdc_info {
	u16	seqno;
	u32	token;
	struct smc_curs prod;
	struct smc_curs cons;
	u8	prod_flags;		/* SMC_CDC_PF_* */
	u8	conn_state_flags;	/* SMC_CDC_CS_* */
};

/**
 * smc_cdc_decode() - decode and check a received CDC message
 * @buf: the message, untrusted
 * @len: exactly the number of bytes received
 * @out: the decoded message, in host order
 *
 * Type, length and reserved bits are checked (Linux sends all reserved
 * bits zero); the cursors are not: that needs the buffer sizes, see
 * smc_curs_check().
 *
 * Return: 0, or -EPROTO for a malformed message.
 */
int smc_cdc_decode(const void *buf, size_t len, struct smc_cdc_info *out);

/**
 * smc_cdc_encode() - encode a CDC message
 * @buf: where the message goes
 * @cap: room in @buf, in bytes
 * @in: the message in host order
 *
 * Return: SMC_CDC_MSG_LEN; -EINVAL when @in has undefined flag bits set;
 * -EMSGSIZE when @cap is too small.
 */
int smc_cdc_encode(void *buf, size_t cap, const struct smc_cdc_info *in);

/**
 * smc_cdc_seq_before() - is one CDC sequence number older than another?
 * @a: a sequence number
 * @b: another
 *
 * Sequence numbers are compared in a half range, like Linux.
 *
 * Return: true when @a lies 1 to 2^15 behind @b (modulo 2^16).
 */
static inline bool smc_cdc_seq_before(u16 a, u16 b)
{
	return (u16)(a - b) >= 0x8000;
}

/* ---- cursor arithmetic ---------------------------------------------------- */

/* Buffer sizes: 1 .. SMC_CURS_SIZE_MAX.  Linux's largest buffer is 512 MiB
 * (16 KiB << 15); this bound keeps every distance within an int.
 */
#define SMC_CURS_SIZE_MAX	0x40000000U	/* 1 GiB */

/* Throughout, "the distance from old to new" is
 *   d = (new.wrap * size + new.count - old.wrap * size - old.count)
 *       modulo 2^16 * size,
 * the number of bytes to add to old to reach new.  new is ahead of old
 * when 0 < d <= 2^15 * size and behind it when d is larger: one half of
 * the cursor space each, so the 16-bit wrap counter may roll over freely.
 */

/**
 * smc_curs_valid() - is a cursor usable with a buffer size?
 * @size: the buffer size in bytes
 * @c: the cursor
 *
 * Return: true when @size is 1 .. SMC_CURS_SIZE_MAX and @c->count is below
 * it.
 */
bool smc_curs_valid(u32 size, const struct smc_curs *c);

/**
 * smc_curs_add() - move a cursor on
 * @size: the buffer size in bytes
 * @c: the cursor, moved on by @n
 * @n: bytes, 0 <= @n <= @size
 *
 * Return: 0, or -EINVAL (leaving @c alone) if @c or @size is not valid or
 * @n is too big.
 */
int smc_curs_add(u32 size, struct smc_curs *c, u32 n);

/**
 * smc_curs_diff() - bytes from one cursor to a later one
 * @size: the buffer size in bytes
 * @old: the earlier cursor
 * @new: the later cursor
 *
 * For cursors of one buffer with @new known not to be behind @old, this is
 * the number of bytes in between, like Linux's smc_curs_diff() but also
 * right when the wrap counter rolls over.
 *
 * Return: the distance from @old to @new if it is at most @size, otherwise
 * 0 (@new behind @old, or further ahead than a buffer can hold); 0 for
 * invalid arguments.
 */
u32 smc_curs_diff(u32 size, const struct smc_curs *old,
		  const struct smc_curs *new);

/**
 * smc_curs_comp() - signed distance between two cursors
 * @size: the buffer size in bytes
 * @old: one cursor
 * @new: the other
 *
 * Linux's smc_curs_comp(), and smc_curs_diff_large() for the positive
 * side.
 *
 * Return: > 0 if @new is ahead of @old, < 0 if behind, 0 if equal; the
 * magnitude is exact up to @size and clamped to @size beyond.  0 for
 * invalid arguments.
 */
int smc_curs_comp(u32 size, const struct smc_curs *old,
		  const struct smc_curs *new);

/**
 * smc_curs_check() - check a cursor from a CDC message
 * @size: the size of the buffer the cursor points into: our RMBE for the
 *        peer's producer cursor, the peer's RMBE for its consumer cursor
 * @last: the last cursor known
 * @peer: the cursor from the message, untrusted
 *
 * The data in flight is bounded the same way: the peer cannot have written
 * more than a buffer past what we consumed, nor consumed more than we
 * wrote, so (size, our consumer cursor, its producer cursor) and (size,
 * its consumer cursor, our producer cursor) must check >= 0 as well.
 *
 * Return: >= 0 when plausible: @peer lies that many bytes (0 .. @size)
 * ahead of @last;
 * -ESTALE when @peer is behind @last (Linux keeps its old cursor then, in
 * smc_cdc_cursor_to_host(); cursors of a Linux peer never go back, so the
 * caller may as well treat it as an error);
 * -EPROTO when impossible: count not below @size, or further ahead than a
 * whole buffer;
 * -EINVAL when @size or @last is not valid (a bug of the caller).
 */
int smc_curs_check(u32 size, const struct smc_curs *last,
		   const struct smc_curs *peer);

#endif /* SMC_CDC_WIRE_H */
