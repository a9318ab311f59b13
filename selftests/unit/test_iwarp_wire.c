// SPDX-License-Identifier: GPL-2.0
/*
 * The 4-tuple rule of out-of-band iWARP QP connections and the parameter
 * block of the driver (net/smc/smc_iwarp_wire.c).  The expected values are
 * the ones Alibaba's SMC computes on x86, so that the two mirror each other.
 */

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "tinytest.h"
#include "smc_iwarp_wire.h"

#define BASE	65500

static __be32 ip(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		abort();
	return (__force __be32)a.s_addr;
}

/* The tuples of both ends of a link mirror each other */
static int mirror(__be32 a, u32 qa, __be32 b, u32 qb, u16 base,
		  struct smc_iw_tuple *ta, struct smc_iw_tuple *tb)
{
	int ra = smc_iw_tuple(a, b, qa, qb, base, ta);
	int rb = smc_iw_tuple(b, a, qb, qa, base, tb);

	if (ra || rb)
		return 0;
	/* exactly one reserved end */
	if (smc_iw_rsvd_end(a, b, qa, qb) == smc_iw_rsvd_end(b, a, qb, qa))
		return 0;
	return ta->saddr == tb->daddr && ta->daddr == tb->saddr &&
	       ta->sport == tb->dport && ta->dport == tb->sport;
}

/* The worked example of the facts: A 192.168.0.10 QPN 0x12345, B
 * 192.168.0.20 QPN 0x1F00A; A is the reserved end.
 */
TEST(worked_example)
{
	__be32 a = ip("192.168.0.10"), b = ip("192.168.0.20");
	struct smc_iw_tuple ta, tb;

	CHECK(smc_iw_rsvd_end(a, b, 0x12345, 0x1f00a));
	CHECK(!smc_iw_rsvd_end(b, a, 0x1f00a, 0x12345));
	CHECK_EQ(smc_iw_tuple(a, b, 0x12345, 0x1f00a, BASE, &ta), 0);
	CHECK_EQ(ta.saddr, a);
	CHECK_EQ(ta.daddr, b);
	CHECK_EQ(ta.sport, 65501);
	CHECK_EQ(ta.dport, 61450);
	CHECK_EQ(smc_iw_tuple(b, a, 0x1f00a, 0x12345, BASE, &tb), 0);
	CHECK_EQ(tb.sport, 61450);
	CHECK_EQ(tb.dport, 65501);
	CHECK(mirror(a, 0x12345, b, 0x1f00a, BASE, &ta, &tb));
	/* A's own QPN does not enter the tuple */
	CHECK_EQ(smc_iw_tuple(a, b, 0x77, 0x1f00a, BASE, &ta), 0);
	CHECK_EQ(ta.sport, 65501);
	CHECK_EQ(ta.dport, 61450);
}

/* Equal addresses, from the facts: the smaller QPN is the reserved end */
TEST(equal_addresses)
{
	__be32 a = ip("10.0.0.1");
	struct smc_iw_tuple ta, tb;

	CHECK(smc_iw_rsvd_end(a, a, 0x10, 0x20005));
	CHECK(!smc_iw_rsvd_end(a, a, 0x20005, 0x10));
	CHECK_EQ(smc_iw_tuple(a, a, 0x10, 0x20005, BASE, &ta), 0);
	CHECK_EQ(ta.sport, 65502);
	CHECK_EQ(ta.dport, 5);
	CHECK_EQ(smc_iw_tuple(a, a, 0x20005, 0x10, BASE, &tb), 0);
	CHECK_EQ(tb.sport, 5);
	CHECK_EQ(tb.dport, 65502);
	CHECK(mirror(a, 0x10, a, 0x20005, BASE, &ta, &tb));
	/* the same QPN on both ends cannot mirror */
	CHECK_EQ(smc_iw_tuple(a, a, 0x33, 0x33, BASE, &ta), -EINVAL);
	/* the non-reserved port equal to the reserved one: a self connect */
	CHECK_EQ(smc_iw_tuple(a, a, 0x10, 65500, BASE, &ta), -EINVAL);
	CHECK_EQ(smc_iw_tuple(a, a, 65500, 0x10, BASE, &ta), -EINVAL);
	/* different addresses may use any ports */
	CHECK_EQ(smc_iw_tuple(a, ip("10.0.0.2"), 0x10, 65500, BASE, &ta), 0);
}

/* Raw words are compared: on little endian the last octet weighs most */
TEST(raw_address_order)
{
	__be32 a = ip("10.0.0.2"), b = ip("192.168.0.1");
	struct smc_iw_tuple ta, tb;
	int le = htonl(1) != 1;

	/* numerically a < b; the raw words 0x0200000a > 0x0100a8c0 on LE */
	CHECK_EQ(smc_iw_rsvd_end(a, b, 1, 2), !le);
	CHECK_EQ(smc_iw_rsvd_end(b, a, 2, 1), le);
	CHECK(mirror(a, 1, b, 2, BASE, &ta, &tb));
	/* the QPNs do not matter when the addresses differ */
	CHECK_EQ(smc_iw_rsvd_end(a, b, 2, 1), !le);
	CHECK_EQ(smc_iw_rsvd_end(ip("1.0.0.9"), ip("2.0.0.1"), 9, 1), !le);
}

/* Either order of the pair, many addresses and QPNs: always a mirror, and
 * the encoded QPN is the one of the non-reserved end
 */
TEST(mirror_both_orders)
{
	unsigned int i, bad = 0;
	unsigned int refused = 0;

	srand(12);
	for (i = 0; i < 200000; i++) {
		__be32 a = (__force __be32)(u32)rand(), b;
		u32 qa = (u32)rand() & 0xffffff, qb = (u32)rand() & 0xffffff;
		u16 base = 1024 + (u32)rand() % (65536 - 16 - 1024 + 1);
		struct smc_iw_tuple ta, tb;
		const struct smc_iw_tuple *other;
		u32 enc;

		/* every fourth pair has equal addresses */
		b = (i & 3) ? (__force __be32)(u32)rand() : a;
		/* the same QPN, or one differing above bit 19 only */
		if (i % 1000 == 0)
			qb = qa ^ ((i / 1000) & 1 ? 0x100000 : 0);
		if (a == b) {
			int ra = smc_iw_tuple(a, b, qa, qb, base, &ta);
			int rb = smc_iw_tuple(b, a, qb, qa, base, &tb);

			/* refused only when it cannot work, by both */
			CHECK_AT(ra == rb, "qpn %06x %06x", qa, qb);
			CHECK_AT(!ra == (qa != qb && ta.sport != ta.dport),
				 "qpn %06x %06x", qa, qb);
			if (ra) {
				refused++;
				continue;
			}
		}
		if (!mirror(a, qa, b, qb, base, &ta, &tb) ||
		    !mirror(b, qb, a, qa, base, &tb, &ta)) {
			CHECK_AT(0, "a %08x qpn %06x b %08x qpn %06x base %u",
				 (u32)a, qa, (u32)b, qb, base);
			if (++bad > 5)
				break;
			continue;
		}
		other = smc_iw_rsvd_end(a, b, qa, qb) ? &tb : &ta;
		enc = smc_iw_rsvd_end(a, b, qa, qb) ? qb : qa;
		CHECK_AT(other->sport == (enc & 0xffff) &&
			 other->dport == base + ((enc >> 16) & 0xf),
			 "encoded qpn %06x", enc);
	}
	/* the equal QPNs above were refused, the others mostly not */
	CHECK(refused >= 100 && refused < 1000);
}

/* QPNs above 20 bits: the upper bits are dropped, the ends still mirror */
TEST(qpn_above_20_bits)
{
	__be32 a = ip("192.168.0.10"), b = ip("192.168.0.20");
	struct smc_iw_tuple ta, tb, t2;

	CHECK(mirror(a, 0xabcdef, b, 0xf1f00a, BASE, &ta, &tb));
	CHECK_EQ(ta.sport, 65501);
	CHECK_EQ(ta.dport, 0xf00a);
	CHECK_EQ(smc_iw_tuple(a, b, 0, 0x01f00a, BASE, &t2), 0);
	CHECK(!memcmp(&ta, &t2, sizeof(t2)));
	/* bits 16..19 select the port: the last reserved one */
	CHECK(mirror(a, 1, b, 0xfffff, BASE, &ta, &tb));
	CHECK_EQ(ta.sport, BASE + 15);
	CHECK_EQ(ta.dport, 0xffff);
	CHECK(mirror(a, 1, b, 0x7fffffff, 65520, &ta, &tb));
	CHECK_EQ(ta.sport, 65535);
	/* equal addresses: the full QPNs break the tie */
	CHECK(mirror(a, 0x000005, a, 0x100005, BASE, &ta, &tb));
	CHECK(smc_iw_rsvd_end(a, a, 0x000005, 0x100005));
	CHECK_EQ(ta.sport, BASE);
	CHECK_EQ(ta.dport, 5);
}

/* The parameter block: offsets, sizes and the byte order of each field */
TEST(param_block_bytes)
{
	struct smc_iw_ext_conn_param p;
	struct smc_iw_tuple t;
	const u8 *raw = (const u8 *)&p;
	u16 host;

	memset(&p, 0xa5, sizeof(p));
	smc_iw_param_init(&p, ip("192.168.0.10"), ip("192.168.0.20"));
	/* daddr at 0, saddr at 16, network order, the rest zero */
	CHECK(!memcmp(raw + 0, "\xc0\xa8\x00\x14", 4));
	CHECK(!memcmp(raw + 4, "\0\0\0\0\0\0\0\0\0\0\0\0", 12));
	CHECK(!memcmp(raw + 16, "\xc0\xa8\x00\x0a", 4));
	CHECK(!memcmp(raw + 20, "\0\0\0\0\0\0\0\0\0\0\0\0", 12));
	CHECK(!memcmp(raw + 32, "\0\0\0\0", 4));
	memcpy(&host, raw + 36, 2);
	CHECK_EQ(host, 2);
	CHECK_EQ(p.sk_addr.family, AF_INET);
	CHECK(!memcmp(raw + 38, "\0\0", 2));

	CHECK_EQ(smc_iw_tuple(p.sk_addr.saddr_v4, p.sk_addr.daddr_v4, 0x12345,
			      0x1f00a, BASE, &t), 0);
	smc_iw_param_set_ports(&p, &t);
	/* dport 61450 = 0xf00a in network order */
	CHECK(!memcmp(raw + 32, "\xf0\x0a", 2));
	/* sport 65501 = 0xffdd in host order */
	memcpy(&host, raw + 34, 2);
	CHECK_EQ(host, 65501);
	CHECK_EQ(ntohs((__force u16)p.sk_addr.dport), 61450);
	CHECK_EQ(p.sk_addr.sport, 65501);
	/* the addresses are untouched */
	CHECK(!memcmp(raw + 0, "\xc0\xa8\x00\x14", 4));
	CHECK(!memcmp(raw + 16, "\xc0\xa8\x00\x0a", 4));
}

/* The same layout as with the in6_addr of the C library */
TEST(param_block_layout)
{
	struct ref {
		struct {
			union {
				__be32 daddr_v4;
				struct in6_addr daddr_v6;
			};
			union {
				__be32 saddr_v4;
				struct in6_addr saddr_v6;
			};
			__be16 dport;
			__u16 sport;
			unsigned short family;
		} sk_addr;
	};

	CHECK_EQ(sizeof(struct ref), sizeof(struct smc_iw_ext_conn_param));
	CHECK_EQ(_Alignof(struct ref), _Alignof(struct smc_iw_ext_conn_param));
	CHECK_EQ(offsetof(struct ref, sk_addr.saddr_v6), 16);
	CHECK_EQ(offsetof(struct ref, sk_addr.dport), 32);
	CHECK_EQ(offsetof(struct ref, sk_addr.sport), 34);
	CHECK_EQ(offsetof(struct ref, sk_addr.family), 36);
	CHECK_EQ(SMC_IW_FAMILY_INET, PF_INET);
	CHECK_EQ(SMC_IW_QP_CREATE_WITHOUT_CM, 0x08000000);
	CHECK_EQ(SMC_IW_QP_OOB_ATTR, 0x00200000);
}

static const struct tt_test tests[] = {
	TT(worked_example),
	TT(equal_addresses),
	TT(raw_address_order),
	TT(mirror_both_orders),
	TT(qpn_above_20_bits),
	TT(param_block_bytes),
	TT(param_block_layout),
};

int main(void)
{
	return tt_run(tests, TT_COUNT(tests));
}
