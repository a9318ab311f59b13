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

/* 0 or -EPROTO.  @len is exactly what was received; type, length and
 * reserved bits are checked (Linux sends all reserved bits zero), the
 * cursors are not: that needs the buffer sizes, see smc_curs_check().
 */
int smc_cdc_decode(const void *buf, size_t len, struct smc_cdc_info *out);

/* SMC_CDC_MSG_LEN, -EINVAL (undefined flag bits) or -EMSGSIZE */
int smc_cdc_encode(void *buf, size_t cap, const struct smc_cdc_info *in);

/* Sequence numbers are compared in a half range, like Linux: @a is
 * older than @b if it lies 1 to 2^15 behind it.
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

/* A cursor usable with @size: the size in range and count below it. */
bool smc_curs_valid(u32 size, const struct smc_curs *c);

/* Move @c on by @n bytes, 0 <= @n <= @size: 0, or -EINVAL (leaving @c
 * alone) if @c or @size is not valid or @n is too big.
 */
int smc_curs_add(u32 size, struct smc_curs *c, u32 n);

/* The distance from @old to @new if it is at most @size, otherwise 0 (new
 * behind old, or further ahead than a buffer can hold).  For cursors of
 * one buffer with @new known not to be behind @old, this is the number
 * of bytes in between, like Linux's smc_curs_diff() but also right when
 * the wrap counter rolls over.  0 for invalid arguments.
 */
u32 smc_curs_diff(u32 size, const struct smc_curs *old,
		  const struct smc_curs *new);

/* Signed distance: > 0 if @new is ahead of @old, < 0 if behind, 0 if
 * equal; the magnitude is exact up to @size and clamped to @size beyond
 * (Linux's smc_curs_comp(), and smc_curs_diff_large() for the positive
 * side).  0 for invalid arguments.
 */
int smc_curs_comp(u32 size, const struct smc_curs *old,
		  const struct smc_curs *new);

/* Check a cursor from a CDC message against the last one known:
 *   >= 0     plausible: @peer lies 0..@size bytes ahead of @last; the
 *            value is that distance
 *   -ESTALE  @peer is behind @last.  Linux keeps its old cursor then
 *            (smc_cdc_cursor_to_host()); cursors of a Linux peer never
 *            go back, so the caller may as well treat it as an error.
 *   -EPROTO  impossible: count not below @size, or further ahead than
 *            a whole buffer
 *   -EINVAL  @size or @last is not valid (a bug of the caller)
 * Use the size of the buffer the cursor points into: our RMBE for the
 * peer's producer cursor, the peer's RMBE for its consumer cursor.  The
 * data in flight is bounded the same way: the peer cannot have written
 * more than a buffer past what we consumed, nor consumed more than we
 * wrote, so (size, our consumer cursor, its producer cursor) and (size,
 * its consumer cursor, our producer cursor) must check >= 0 as well.
 */
int smc_curs_check(u32 size, const struct smc_curs *last,
		   const struct smc_curs *peer);

#endif /* SMC_CDC_WIRE_H */
