// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the SMC dump header (net/smc/smc_dump_wire.c): the exact
 * bytes of a record (the layout Documentation/networking/smc-dump.rst and
 * tools/smc-tools/smc_dump.lua rely on), round trips, snap lengths, and
 * refusal of everything that is not a consistent record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "tinytest.h"
#include "smc_dump_wire.h"

static void sample(struct smc_dump_info *i)
{
	static const u8 l[16] = { [10] = 0xff, [11] = 0xff, 10, 0, 0, 1 };
	static const u8 p[16] = { [10] = 0xff, [11] = 0xff, 10, 0, 0, 2 };

	memset(i, 0, sizeof(*i));
	i->dir = SMC_DUMP_DIR_TX;
	i->event = SMC_DUMP_EV_DATA;
	i->mode = SMC_DUMP_MODE_SMCR;
	i->link_id = 1;
	i->lgr_id = 0x01020304;
	i->token = 0x0a0b0c0d;
	i->lport = 40000;
	i->pport = 5201;
	memcpy(i->laddr, l, 16);
	memcpy(i->paddr, p, 16);
	i->rmb_off = 0x1000;
	i->len = 100;
	i->seq = 7;
	i->drops = 3;
}

/* decode a copy of exactly @len bytes, so ASan sees any overread */
static int decode_exact(const u8 *b, size_t len, struct smc_dump_info *out)
{
	u8 *copy = malloc(len ? len : 1);
	int rc;

	if (!copy)
		abort();
	memcpy(copy, b, len);
	rc = smc_dump_decode(copy, len, out);
	free(copy);
	return rc;
}

TEST(layout_bytes)
{
	static const u8 want[SMC_DUMP_HDR_LEN] = {
		'S', 'M', 'D', 'H', 1, 72, 1, 3, 1, 0, 1, 0,
		1, 2, 3, 4, 0x0a, 0x0b, 0x0c, 0x0d,
		0x9c, 0x40, 0x14, 0x51,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 2,
		0, 0, 0x10, 0, 0, 0, 0, 100, 0, 0, 0, 7, 0, 0, 0, 3,
	};
	struct smc_dump_info i;
	u8 buf[SMC_DUMP_HDR_LEN + 100];

	sample(&i);
	CHECK_EQ(smc_dump_encode(buf, sizeof(buf), &i, 100), SMC_DUMP_HDR_LEN);
	CHECK(!memcmp(buf, want, sizeof(want)));
	CHECK_EQ(offsetof(struct smc_dump_hdr, lgr_id), 12);
	CHECK_EQ(offsetof(struct smc_dump_hdr, laddr), 24);
	CHECK_EQ(offsetof(struct smc_dump_hdr, rmb_off), 56);
	CHECK_EQ(offsetof(struct smc_dump_hdr, drops), 68);
}

TEST(roundtrip_every_event)
{
	static const struct { u8 ev, type, flags; } c[] = {
		{ SMC_DUMP_EV_LLC, 0x01, 0 }, { SMC_DUMP_EV_LLC, 0x22, 0 },
		{ SMC_DUMP_EV_CDC, 0xfe, 0 }, { SMC_DUMP_EV_DATA, 0, 0 },
		{ SMC_DUMP_EV_DATA, 0, SMC_DUMP_F_URG },
	};
	u8 buf[SMC_DUMP_HDR_LEN + 100];
	struct smc_dump_info i, o;
	size_t k;

	for (k = 0; k < ARRAY_SIZE(c); k++) {
		sample(&i);
		i.event = c[k].ev;
		i.msg_type = c[k].type;
		i.flags = c[k].flags;
		i.dir = k & 1 ? SMC_DUMP_DIR_RX : SMC_DUMP_DIR_TX;
		CHECK_AT(smc_dump_encode(buf, sizeof(buf), &i, 100) ==
			 SMC_DUMP_HDR_LEN, "%zu", k);
		memset(buf + SMC_DUMP_HDR_LEN, 0x5a, 100);
		CHECK_AT(decode_exact(buf, sizeof(buf), &o) == 0, "%zu", k);
		i.version = SMC_DUMP_VERSION;
		i.hdr_len = SMC_DUMP_HDR_LEN;
		CHECK_AT(!memcmp(&i, &o, sizeof(i)), "%zu", k);
	}
}

TEST(snap_length)
{
	u8 buf[SMC_DUMP_HDR_LEN + 100];
	struct smc_dump_info i, o;

	CHECK_EQ(smc_dump_caplen(100, 0), 100);
	CHECK_EQ(smc_dump_caplen(100, 64), 64);
	CHECK_EQ(smc_dump_caplen(100, 100), 100);
	CHECK_EQ(smc_dump_caplen(10, 64), 10);
	sample(&i);
	CHECK_EQ(smc_dump_encode(buf, sizeof(buf), &i, 64), SMC_DUMP_HDR_LEN);
	CHECK_EQ(buf[9], SMC_DUMP_F_TRUNC);
	CHECK_EQ(decode_exact(buf, SMC_DUMP_HDR_LEN + 64, &o), 0);
	CHECK_EQ(o.flags, SMC_DUMP_F_TRUNC);
	CHECK_EQ(o.len, 100);
	/* the truncation flag must match what is there */
	CHECK_EQ(decode_exact(buf, SMC_DUMP_HDR_LEN + 100, &o), -EPROTO);
	CHECK_EQ(smc_dump_encode(buf, sizeof(buf), &i, 100), SMC_DUMP_HDR_LEN);
	CHECK_EQ(decode_exact(buf, SMC_DUMP_HDR_LEN + 99, &o), -EPROTO);
	/* an empty payload of a long block is a cut to 0 */
	CHECK_EQ(smc_dump_encode(buf, sizeof(buf), &i, 0), SMC_DUMP_HDR_LEN);
	CHECK_EQ(decode_exact(buf, SMC_DUMP_HDR_LEN, &o), 0);
	/* more payload than the block had */
	CHECK_EQ(smc_dump_encode(buf, sizeof(buf), &i, 101), -EINVAL);
}

TEST(encoder_refuses)
{
	u8 buf[SMC_DUMP_HDR_LEN];
	struct smc_dump_info i;

	sample(&i);
	CHECK_EQ(smc_dump_encode(buf, SMC_DUMP_HDR_LEN - 1, &i, 100), -EMSGSIZE);
	i.dir = 3;
	CHECK_EQ(smc_dump_encode(buf, sizeof(buf), &i, 100), -EINVAL);
	sample(&i);
	i.event = 0;
	CHECK_EQ(smc_dump_encode(buf, sizeof(buf), &i, 100), -EINVAL);
	i.event = SMC_DUMP_EV_MAX + 1;
	CHECK_EQ(smc_dump_encode(buf, sizeof(buf), &i, 100), -EINVAL);
	sample(&i);
	i.mode = 0;
	CHECK_EQ(smc_dump_encode(buf, sizeof(buf), &i, 100), -EINVAL);
	sample(&i);
	i.flags = 0x80;
	CHECK_EQ(smc_dump_encode(buf, sizeof(buf), &i, 100), -EINVAL);
	sample(&i);
	i.event = SMC_DUMP_EV_CDC;	/* needs msg_type 0xfe */
	CHECK_EQ(smc_dump_encode(buf, sizeof(buf), &i, 100), -EINVAL);
	i.msg_type = 0xfe;
	i.flags = SMC_DUMP_F_URG;	/* only data holds urgent bytes */
	CHECK_EQ(smc_dump_encode(buf, sizeof(buf), &i, 100), -EINVAL);
	sample(&i);
	i.msg_type = 1;			/* data has no message type */
	CHECK_EQ(smc_dump_encode(buf, sizeof(buf), &i, 100), -EINVAL);
}

TEST(decoder_refuses)
{
	u8 buf[SMC_DUMP_HDR_LEN + 100], bad[SMC_DUMP_HDR_LEN + 100];
	struct smc_dump_info i, o;
	size_t n;

	sample(&i);
	CHECK_EQ(smc_dump_encode(buf, sizeof(buf), &i, 100), SMC_DUMP_HDR_LEN);
	memset(buf + SMC_DUMP_HDR_LEN, 0, 100);
	/* every shorter datagram: too short, or the length does not match */
	for (n = 0; n < sizeof(buf); n++)
		CHECK_AT(decode_exact(buf, n, &o) == -EPROTO, "len %zu", n);
	/* each header byte whose values are restricted */
	static const struct { size_t off; u8 val; } c[] = {
		{ 0, 'X' }, { 3, 'X' }, { 4, 0 }, { 5, 71 }, { 5, 76 },
		{ 6, 0 }, { 6, 3 }, { 7, 0 }, { 7, 4 }, { 8, 0 }, { 8, 3 },
		{ 9, 0x04 }, { 9, 0x80 }, { 11, 0xfe },
	};
	for (n = 0; n < ARRAY_SIZE(c); n++) {
		memcpy(bad, buf, sizeof(buf));
		bad[c[n].off] = c[n].val;
		CHECK_AT(decode_exact(bad, sizeof(bad), &o) == -EPROTO,
			 "byte %zu = %u", c[n].off, c[n].val);
		CHECK_AT(o.len == 0 && o.dir == 0, "byte %zu zeroed", c[n].off);
	}
	/* a hdr_len beyond the datagram */
	memcpy(bad, buf, sizeof(buf));
	bad[4] = 2;
	bad[5] = 255;
	CHECK_EQ(decode_exact(bad, sizeof(bad), &o), -EPROTO);
}

/* a later version appends fields: the payload starts at its hdr_len */
TEST(later_version_longer_header)
{
	u8 buf[SMC_DUMP_HDR_LEN + 8 + 100];
	struct smc_dump_info i, o;

	sample(&i);
	CHECK_EQ(smc_dump_encode(buf, sizeof(buf), &i, 100), SMC_DUMP_HDR_LEN);
	memset(buf + SMC_DUMP_HDR_LEN, 0xee, 8 + 100);
	buf[4] = 2;
	buf[5] = SMC_DUMP_HDR_LEN + 8;
	buf[9] |= 0x40;			/* a flag of version 2 */
	CHECK_EQ(decode_exact(buf, sizeof(buf), &o), 0);
	CHECK_EQ(o.version, 2);
	CHECK_EQ(o.hdr_len, SMC_DUMP_HDR_LEN + 8);
	CHECK_EQ(o.len, 100);
	/* but version 1 has exactly 72 bytes */
	buf[4] = 1;
	buf[9] &= ~0x40;
	CHECK_EQ(decode_exact(buf, sizeof(buf), &o), -EPROTO);
}

static const struct tt_test tests[] = {
	TT(layout_bytes),
	TT(roundtrip_every_event),
	TT(snap_length),
	TT(encoder_refuses),
	TT(decoder_refuses),
	TT(later_version_longer_header),
};

int main(void)
{
	return tt_run(tests, TT_COUNT(tests));
}
