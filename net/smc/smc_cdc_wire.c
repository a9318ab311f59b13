// SPDX-License-Identifier: GPL-2.0
/*
 * CDC messages: decoder, encoder, cursor arithmetic.
 *
 * Pure code, shared by smc.ko and the userspace tests and fuzzers.
 *
 * Linux takes any CDC message of at least 26 bytes whose length byte says
 * 44, and ignores reserved bits.  It only ever sends 44 bytes from a
 * cleared buffer, so here the message must be exactly that: 44 bytes,
 * reserved bytes and flag bits zero.
 *
 * Linux's cursor helpers assume cursors at most one lap apart and compare
 * wrap counters without their roll over (its receive path works around
 * that for wrap 0 only).  The helpers here compute in the modular cursor
 * space described in smc_cdc_wire.h instead, which gives the same answers
 * wherever Linux's assumptions hold.
 */

#include "smc_cdc_wire.h"

#define SMC_CURS_WRAPS		0x10000ULL	/* values of the wrap counter */

/* ---- messages ----------------------------------------------------------- */

static bool smc_cdc_zero(const u8 *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static void smc_cdc_get_curs(const struct smc_cdc_cursor *w,
			     struct smc_curs *c)
{
	c->wrap = be16_to_cpu(w->wrap);
	c->count = be32_to_cpu(w->count);
}

static void smc_cdc_put_curs(struct smc_cdc_cursor *w,
			     const struct smc_curs *c)
{
	w->wrap = cpu_to_be16(c->wrap);
	w->count = cpu_to_be32(c->count);
}

int smc_cdc_decode(const void *buf, size_t len, struct smc_cdc_info *out)
{
	const struct smc_cdc_msg *m = buf;

	memset(out, 0, sizeof(*out));
	if (len != SMC_CDC_MSG_LEN || m->type != SMC_CDC_MSG_TYPE ||
	    m->len != SMC_CDC_MSG_LEN)
		return -EPROTO;
	if (!smc_cdc_zero(m->prod.reserved, sizeof(m->prod.reserved)) ||
	    !smc_cdc_zero(m->cons.reserved, sizeof(m->cons.reserved)) ||
	    (m->prod_flags & ~SMC_CDC_PF_MASK) ||
	    (m->conn_state_flags & ~SMC_CDC_CS_MASK) ||
	    !smc_cdc_zero(m->reserved, sizeof(m->reserved)))
		return -EPROTO;
	out->seqno = be16_to_cpu(m->seqno);
	out->token = be32_to_cpu(m->token);
	smc_cdc_get_curs(&m->prod, &out->prod);
	smc_cdc_get_curs(&m->cons, &out->cons);
	out->prod_flags = m->prod_flags;
	out->conn_state_flags = m->conn_state_flags;
	return 0;
}

int smc_cdc_encode(void *buf, size_t cap, const struct smc_cdc_info *in)
{
	struct smc_cdc_msg *m = buf;

	if ((in->prod_flags & ~SMC_CDC_PF_MASK) ||
	    (in->conn_state_flags & ~SMC_CDC_CS_MASK))
		return -EINVAL;
	if (cap < SMC_CDC_MSG_LEN)
		return -EMSGSIZE;
	memset(m, 0, sizeof(*m));
	m->type = SMC_CDC_MSG_TYPE;
	m->len = SMC_CDC_MSG_LEN;
	m->seqno = cpu_to_be16(in->seqno);
	m->token = cpu_to_be32(in->token);
	smc_cdc_put_curs(&m->prod, &in->prod);
	smc_cdc_put_curs(&m->cons, &in->cons);
	m->prod_flags = in->prod_flags;
	m->conn_state_flags = in->conn_state_flags;
	return SMC_CDC_MSG_LEN;
}

/* ---- cursors ------------------------------------------------------------- */

bool smc_curs_valid(u32 size, const struct smc_curs *c)
{
	return size && size <= SMC_CURS_SIZE_MAX && c->count < size;
}

int smc_curs_add(u32 size, struct smc_curs *c, u32 n)
{
	if (!smc_curs_valid(size, c) || n > size)
		return -EINVAL;
	/* both below 2^30 + 1, so no overflow, and at most one lap */
	if (n >= size - c->count) {
		c->count -= size - n;
		c->wrap++;
	} else {
		c->count += n;
	}
	return 0;
}

/* distance from @old to @new, 0 .. 2^16 * size - 1 (both valid) */
static u64 smc_curs_fwd(u32 size, const struct smc_curs *old,
			const struct smc_curs *new)
{
	u64 laps = (u16)(new->wrap - old->wrap);
	u64 d = laps * size + new->count;

	if (d < old->count)
		return d + SMC_CURS_WRAPS * size - old->count;
	return d - old->count;
}

static bool smc_curs_pair_valid(u32 size, const struct smc_curs *old,
				const struct smc_curs *new)
{
	return smc_curs_valid(size, old) && smc_curs_valid(size, new);
}

u32 smc_curs_diff(u32 size, const struct smc_curs *old,
		  const struct smc_curs *new)
{
	u64 d;

	if (!smc_curs_pair_valid(size, old, new))
		return 0;
	d = smc_curs_fwd(size, old, new);
	return d <= size ? (u32)d : 0;
}

int smc_curs_comp(u32 size, const struct smc_curs *old,
		  const struct smc_curs *new)
{
	u64 half = SMC_CURS_WRAPS / 2 * size;
	u64 d;

	if (!smc_curs_pair_valid(size, old, new))
		return 0;
	d = smc_curs_fwd(size, old, new);
	if (d <= half)
		return d < size ? (int)d : (int)size;
	d = SMC_CURS_WRAPS * size - d;
	return d < size ? -(int)d : -(int)size;
}

int smc_curs_check(u32 size, const struct smc_curs *last,
		   const struct smc_curs *peer)
{
	u64 d;

	if (!smc_curs_valid(size, last))
		return -EINVAL;
	if (peer->count >= size)
		return -EPROTO;
	d = smc_curs_fwd(size, last, peer);
	if (d <= size)
		return (int)d;
	return d > SMC_CURS_WRAPS / 2 * size ? -ESTALE : -EPROTO;
}
