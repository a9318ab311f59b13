// SPDX-License-Identifier: GPL-2.0
/*
 * Turn the datagrams of an AF_SMC sock_diag dump into struct smcss_sock.
 *
 * Nothing in a reply is trusted: every header and attribute is copied out
 * with memcpy (the buffer need not be aligned) only after its length was
 * checked against what is left of the buffer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>

#include <linux/smc_ext.h>

#include "smcss.h"

/*
 * Older kernels send the SMC-D attribute without the extended GIDs at its
 * end; anything from here on is optional.
 */
#define SMCSS_DMBINFO_MIN offsetof(struct smcd_diag_dmbinfo, peer_gid_ext)

static struct smcss_sock *list_add(struct smcss_list *list)
{
	struct smcss_sock *s;

	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 64;

		s = realloc(list->socks, cap * sizeof(*s));
		if (!s)
			return NULL;
		list->socks = s;
		list->cap = cap;
	}
	s = &list->socks[list->n++];
	memset(s, 0, sizeof(*s));
	return s;
}

void smcss_list_free(struct smcss_list *list)
{
	free(list->socks);
	memset(list, 0, sizeof(*list));
}

static bool words_zero(const __be32 *w, int from, int to)
{
	int i;

	for (i = from; i < to; i++)
		if (w[i])
			return false;
	return true;
}

static bool is_v4mapped(const uint8_t *a)
{
	static const uint8_t prefix[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};

	return !memcmp(a, prefix, sizeof(prefix));
}

static void decode_addrs(struct smcss_sock *s, const struct smc_diag_msg *m)
{
	const struct inet_diag_sockid *id = &m->id;
	int af = m->diag_family;

	/*
	 * Linux's own module puts AF_SMC here and leaves the caller to guess:
	 * an IPv4 peer only fills the first address word.
	 */
	if (af == AF_SMC)
		af = words_zero(id->idiag_src, 1, 4) &&
		     words_zero(id->idiag_dst, 1, 4) ? AF_INET : AF_INET6;

	s->lcl_port = ntohs(id->idiag_sport);
	s->rmt_port = ntohs(id->idiag_dport);
	s->ifindex = id->idiag_if;

	switch (af) {
	case AF_INET:
		s->af = AF_INET;
		memcpy(s->lcl_addr, &id->idiag_src[0], 4);
		memcpy(s->rmt_addr, &id->idiag_dst[0], 4);
		break;
	case AF_INET6:
		memcpy(s->lcl_addr, id->idiag_src, 16);
		memcpy(s->rmt_addr, id->idiag_dst, 16);
		if (is_v4mapped(s->lcl_addr) && is_v4mapped(s->rmt_addr)) {
			s->af = AF_INET;
			memmove(s->lcl_addr, s->lcl_addr + 12, 4);
			memmove(s->rmt_addr, s->rmt_addr + 12, 4);
			memset(s->lcl_addr + 4, 0, 12);
			memset(s->rmt_addr + 4, 0, 12);
		} else {
			s->af = AF_INET6;
		}
		break;
	default:
		s->af = 0;
		break;
	}
}

/* Copies a fixed-size attribute; short ones count as malformed. */
static bool take_attr(struct smcss_sock *s, void *dst, size_t size,
		      size_t min, const unsigned char *data, size_t len)
{
	if (len < min) {
		s->bad_attrs++;
		return false;
	}
	memset(dst, 0, size);
	memcpy(dst, data, len < size ? len : size);
	return true;
}

static void decode_attrs(struct smcss_sock *s, const unsigned char *p,
			 size_t len)
{
	while (len >= sizeof(struct rtattr)) {
		struct rtattr rta;
		const unsigned char *data;
		size_t dlen, step;

		memcpy(&rta, p, sizeof(rta));
		if (rta.rta_len < sizeof(rta) || rta.rta_len > len) {
			/* the rest cannot be framed any more */
			s->bad_attrs++;
			return;
		}
		data = p + RTA_LENGTH(0);
		dlen = rta.rta_len - RTA_LENGTH(0);

		switch (rta.rta_type) {
		case SMC_DIAG_CONNINFO:
			if (take_attr(s, &s->conn, sizeof(s->conn),
				      sizeof(s->conn), data, dlen))
				s->have |= SMCSS_HAVE_CONNINFO;
			break;
		case SMC_DIAG_LGRINFO:
			if (take_attr(s, &s->lgr, sizeof(s->lgr),
				      sizeof(s->lgr), data, dlen))
				s->have |= SMCSS_HAVE_LGRINFO;
			break;
		case SMC_DIAG_SHUTDOWN:
			if (take_attr(s, &s->shutdown, sizeof(s->shutdown),
				      sizeof(s->shutdown), data, dlen))
				s->have |= SMCSS_HAVE_SHUTDOWN;
			break;
		case SMC_DIAG_DMBINFO:
			if (take_attr(s, &s->dmb, sizeof(s->dmb),
				      SMCSS_DMBINFO_MIN, data, dlen))
				s->have |= SMCSS_HAVE_DMBINFO;
			break;
		case SMC_DIAG_FALLBACK:
			if (take_attr(s, &s->fb, sizeof(s->fb),
				      sizeof(s->fb), data, dlen))
				s->have |= SMCSS_HAVE_FALLBACK;
			break;
		default:
			/* newer kernels may add attributes */
			break;
		}

		step = RTA_ALIGN(rta.rta_len);
		if (step >= len)
			return;
		p += step;
		len -= step;
	}
}

static int decode_sock(struct smcss_list *list, const unsigned char *p,
		       size_t len)
{
	struct smc_diag_msg m;
	struct smcss_sock *s;
	size_t off;

	if (len < sizeof(m)) {
		list->bad_msgs++;
		return 0;
	}
	memcpy(&m, p, sizeof(m));

	s = list_add(list);
	if (!s)
		return -ENOMEM;
	s->diag_family = m.diag_family;
	s->state = m.diag_state;
	s->mode = m.diag_mode;
	/* the attribute, when present, overrides this */
	s->shutdown = m.diag_shutdown;
	s->uid = m.diag_uid;
	s->inode = m.diag_inode;
	decode_addrs(s, &m);

	off = NLMSG_ALIGN(sizeof(m));
	if (off < len)
		decode_attrs(s, p + off, len - off);
	list->bad_attrs += s->bad_attrs;
	return 0;
}

enum smcss_dec smcss_decode(const void *buf, size_t len, uint32_t seq,
			    struct smcss_list *list, int *err)
{
	const unsigned char *p = buf;

	*err = 0;
	while (len > 0) {
		struct nlmsghdr h;
		const unsigned char *pl;
		size_t plen, step;
		int e;

		if (len < sizeof(h))
			return SMCSS_DEC_MALFORMED;
		memcpy(&h, p, sizeof(h));
		if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > len)
			return SMCSS_DEC_MALFORMED;
		pl = p + NLMSG_HDRLEN;
		plen = h.nlmsg_len > NLMSG_HDRLEN ?
		       h.nlmsg_len - NLMSG_HDRLEN : 0;

		if (h.nlmsg_seq == seq) {
			if (h.nlmsg_flags & NLM_F_DUMP_INTR)
				list->interrupted = true;

			switch (h.nlmsg_type) {
			case NLMSG_DONE:
				/* a dump may end with its error code */
				if (plen >= sizeof(e)) {
					memcpy(&e, pl, sizeof(e));
					if (e < 0) {
						*err = -e;
						return SMCSS_DEC_ERROR;
					}
				}
				return SMCSS_DEC_DONE;
			case NLMSG_ERROR:
				if (plen < sizeof(e))
					return SMCSS_DEC_MALFORMED;
				memcpy(&e, pl, sizeof(e));
				if (!e)
					return SMCSS_DEC_DONE;
				*err = e < 0 ? -e : e;
				return SMCSS_DEC_ERROR;
			case SOCK_DIAG_BY_FAMILY:
				if (decode_sock(list, pl, plen))
					return SMCSS_DEC_NOMEM;
				break;
			default:
				break;
			}
		}

		step = NLMSG_ALIGN(h.nlmsg_len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return SMCSS_DEC_MORE;
}
