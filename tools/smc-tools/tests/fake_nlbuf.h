/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test libraries that play the kernel (fake_diag.c, fake_chk.c) build
 * their netlink answers in one buffer: messages of 4-byte aligned pieces,
 * each message's length filled in when it ends.
 */
#ifndef SMC_TOOLS_FAKE_NLBUF_H
#define SMC_TOOLS_FAKE_NLBUF_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

struct buf {
	unsigned char b[128 * 1024];
	size_t len;
	size_t msg;	/* where the current message starts */
};

static inline void put(struct buf *b, const void *d, size_t n)
{
	if (b->len + n > sizeof(b->b))
		abort();
	memcpy(b->b + b->len, d, n);
	b->len += n;
	while (b->len % 4)
		b->b[b->len++] = 0;
}

static inline void begin(struct buf *b, uint16_t type, uint32_t seq)
{
	struct nlmsghdr h = { .nlmsg_type = type, .nlmsg_seq = seq,
			      .nlmsg_flags = NLM_F_MULTI };

	b->msg = b->len;
	put(b, &h, sizeof(h));
}

static inline void end(struct buf *b)
{
	uint32_t len = b->len - b->msg;

	memcpy(b->b + b->msg, &len, sizeof(len));
}

static inline void attr(struct buf *b, uint16_t type, const void *d, size_t n)
{
	struct rtattr rta = { .rta_len = RTA_LENGTH(n), .rta_type = type };

	put(b, &rta, sizeof(rta));
	put(b, d, n);
}

#endif
