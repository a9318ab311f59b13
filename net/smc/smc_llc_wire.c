// SPDX-License-Identifier: GPL-2.0
/*
 * LLC messages: type check, decoder and encoder.
 *
 * Pure code, shared by smc.ko and the userspace tests and fuzzers.  The
 * input is what the peer's RDMA SEND put into our receive buffer; nothing
 * is read before the bytes have been shown to be part of the message.
 *
 * What is accepted is what Linux 6.1 and 6.12 send, no more:
 *
 *  - v1 messages are 44 bytes with 44 in byte 1; v2 messages have a
 *    16-bit length equal to the bytes received, fixed at 44 for the types
 *    without a variable part.  Linux itself only checks a lower bound.
 *  - Each type accepts only its own flags, and the flags of a response
 *    (reject, negative, retry) only together with the response flag.
 *  - Every byte Linux leaves zero must be zero: reserved fields, unused
 *    slots of fixed arrays, and the padding of short variable parts up to
 *    44 bytes.  All senders in Linux clear their buffers, and the messages
 *    it echoes are ours.  New fields have so far come with a new release
 *    negotiated in CLC, so a peer does not send them to us unasked.
 *    In exchange, encoding what was decoded gives back the same bytes.
 *  - Counts must fit the length exactly and stay within what Linux can
 *    send or take (255 rkeys, 8 GIDs, 8 v1 DELETE RKEY slots).  Values of
 *    fields (MTU, link numbers, reason codes) are the caller's business.
 *
 * Responses are built by Linux from the request it received: only the
 * first 44 bytes are kept, so responses of every type are 44 bytes long,
 * whatever the request carried.  CONFIRM RKEY and DELETE RKEY responses
 * keep the request's count; v2 DELETE RKEY responses clear the rkeys.
 */

#include "smc_llc_wire.h"

#define SMC_LLC_RT_LEN		sizeof(struct smc_llc_rt)
#define SMC_LLC_RTOKEN_LEN	sizeof(struct smc_llc_rtoken)
#define SMC_LLC_RKEY_LEN	sizeof(struct smc_llc_rkey)
#define SMC_LLC_U24_MAX		0xffffffU
#define SMC_LLC_MTU_MASK	0x0f
#define SMC_LLC_RSN_MASK	0x0f
#define SMC_LLC_V2_DIRECT	0x80
#define SMC_LLC_LEN_POS		offsetof(struct smc_llc_hdr, len)

/* where the repeated parts start */
#define SMC_LLC_GIDS_POS	sizeof(struct smc_llc_req_add_link)
#define SMC_LLC_CRKEY_POS	offsetof(struct smc_llc_confirm_rkey, rtoken[1])
#define SMC_LLC_CRKEY_CONT_POS	offsetof(struct smc_llc_confirm_rkey_cont, rtoken)
#define SMC_LLC_DRKEY_POS	offsetof(struct smc_llc_delete_rkey, rkey)

/* rkeys a v2 DELETE RKEY response has room for in its 44 bytes */
#define SMC_LLC_DEL_RKEY_RESP_V2					\
	((SMC_LLC_MSG_LEN - SMC_LLC_DRKEY_POS) / SMC_LLC_RKEY_LEN)

static_assert(SMC_LLC_GIDS_POS == 28);
static_assert(SMC_LLC_CRKEY_POS == 17);
static_assert(SMC_LLC_CRKEY_CONT_POS == 5);
static_assert(SMC_LLC_DRKEY_POS == 8);
static_assert(SMC_LLC_DEL_RKEY_RESP_V2 == 9);
static_assert(SMC_LLC_ADD_LINK_V2_MIN_LEN == 72);
/* the longest v2 messages still fit the receive buffer */
static_assert(SMC_LLC_ADD_LINK_V2_MIN_LEN +
	      SMC_LLC_RKEYS_MAX_V2 * SMC_LLC_RT_LEN <= SMC_LLC_V2_MAX_LEN);
static_assert(SMC_LLC_CRKEY_POS + 255 * SMC_LLC_RTOKEN_LEN <=
	      SMC_LLC_V2_MAX_LEN);
static_assert(SMC_LLC_DRKEY_POS + 255 * SMC_LLC_RKEY_LEN <=
	      SMC_LLC_V2_MAX_LEN);
static_assert(SMC_LLC_GIDS_POS + SMC_LLC_MAX_GIDS * SMC_LLC_GID_LEN <=
	      SMC_LLC_V2_MAX_LEN);

#define SMC_LLC_IN_V1		0x01
#define SMC_LLC_IN_V2		0x02

struct smc_llc_type_desc {
	u8	versions;	/* SMC_LLC_IN_* */
	u8	flags;		/* allowed */
	u8	resp_flags;	/* allowed only with SMC_LLC_FLAG_RESP */
};

/* ADD LINK CONT and CONFIRM RKEY CONT have no v2 form: Linux registers no
 * receive handler for 0x23 and 0x28.  REQUEST ADD LINK was only defined
 * with SMCv2; Linux does not take 0x05 but it is harmless to decode.  The
 * CONFIRM RKEY CONT flags follow those of CONFIRM RKEY (Linux sends none).
 */
static const struct smc_llc_type_desc smc_llc_types[] = {
	[SMC_LLC_CONFIRM_LINK] = {
		SMC_LLC_IN_V1 | SMC_LLC_IN_V2,
		SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_NO_RMBE_EYEC, 0 },
	[SMC_LLC_ADD_LINK] = {
		SMC_LLC_IN_V1 | SMC_LLC_IN_V2,
		SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_ADD_LNK_REJ,
		SMC_LLC_FLAG_ADD_LNK_REJ },
	[SMC_LLC_ADD_LINK_CONT] = {
		SMC_LLC_IN_V1, SMC_LLC_FLAG_RESP, 0 },
	[SMC_LLC_DELETE_LINK] = {
		SMC_LLC_IN_V1 | SMC_LLC_IN_V2,
		SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_DEL_LINK_ALL |
		SMC_LLC_FLAG_DEL_LINK_ORDERLY, 0 },
	[SMC_LLC_REQ_ADD_LINK] = {
		SMC_LLC_IN_V1 | SMC_LLC_IN_V2, SMC_LLC_FLAG_RESP, 0 },
	[SMC_LLC_CONFIRM_RKEY] = {
		SMC_LLC_IN_V1 | SMC_LLC_IN_V2,
		SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_RKEY_NEG |
		SMC_LLC_FLAG_RKEY_RETRY,
		SMC_LLC_FLAG_RKEY_NEG | SMC_LLC_FLAG_RKEY_RETRY },
	[SMC_LLC_TEST_LINK] = {
		SMC_LLC_IN_V1 | SMC_LLC_IN_V2, SMC_LLC_FLAG_RESP, 0 },
	[SMC_LLC_CONFIRM_RKEY_CONT] = {
		SMC_LLC_IN_V1,
		SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_RKEY_NEG |
		SMC_LLC_FLAG_RKEY_RETRY,
		SMC_LLC_FLAG_RKEY_NEG | SMC_LLC_FLAG_RKEY_RETRY },
	[SMC_LLC_DELETE_RKEY] = {
		SMC_LLC_IN_V1 | SMC_LLC_IN_V2,
		SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_RKEY_NEG,
		SMC_LLC_FLAG_RKEY_NEG },
};

/* the version nibble is 0 for v1, which the info calls SMC_V1 */
static bool smc_llc_known(u8 version, u8 type)
{
	u8 bit;

	if (version == SMC_V1)
		bit = SMC_LLC_IN_V1;
	else if (version == SMC_V2)
		bit = SMC_LLC_IN_V2;
	else
		return false;
	return type < ARRAY_SIZE(smc_llc_types) &&
	       (smc_llc_types[type].versions & bit);
}

static bool smc_llc_split_type(u8 type_byte, u8 *version, u8 *type)
{
	u8 nibble = smc_llc_type_version(type_byte);

	if (nibble != 0 && nibble != SMC_V2)
		return false;
	*version = nibble ? nibble : SMC_V1;
	*type = type_byte & SMC_LLC_TYPE_MASK;
	return smc_llc_known(*version, *type);
}

static bool smc_llc_flags_ok(u8 type, u8 flags)
{
	const struct smc_llc_type_desc *d = &smc_llc_types[type];

	if (flags & ~d->flags)
		return false;
	return !(flags & d->resp_flags) || (flags & SMC_LLC_FLAG_RESP);
}

static bool smc_llc_zero(const void *buf, size_t n)
{
	const u8 *p = buf;

	while (n--)
		if (*p++)
			return false;
	return true;
}

static u16 smc_llc_get16(const u8 *p, bool be)
{
	return be ? (u16)(p[0] << 8 | p[1]) : (u16)(p[1] << 8 | p[0]);
}

static void smc_llc_put16(u8 *p, u16 v, bool be)
{
	p[be ? 0 : 1] = (u8)(v >> 8);
	p[be ? 1 : 0] = (u8)v;
}

static u16 smc_llc_min16(u16 a, u16 b)
{
	return a < b ? a : b;
}

static size_t smc_llc_at_least_msg(size_t len)
{
	return len < SMC_LLC_MSG_LEN ? SMC_LLC_MSG_LEN : len;
}

/* Carried entries of the rkey messages, see smc_llc_wire.h.  Only v2
 * requests of CONFIRM RKEY and DELETE RKEY grow with their count.
 */
static u16 smc_llc_rkeys_carried(const struct smc_llc_info *m, u8 num)
{
	bool grows = m->version == SMC_V2 && !(m->flags & SMC_LLC_FLAG_RESP);

	switch (m->type) {
	case SMC_LLC_ADD_LINK_CONT:
		return smc_llc_min16(num, SMC_LLC_RKEYS_PER_CONT_MSG);
	case SMC_LLC_CONFIRM_RKEY:
		return grows ? num :
		       smc_llc_min16(num, SMC_LLC_RTOKENS_PER_MSG - 1);
	case SMC_LLC_CONFIRM_RKEY_CONT:
		return smc_llc_min16(num, SMC_LLC_RTOKENS_PER_MSG);
	case SMC_LLC_DELETE_RKEY:
		if (m->version == SMC_V1 || grows)
			return num;
		return smc_llc_min16(num, SMC_LLC_DEL_RKEY_RESP_V2);
	}
	return 0;
}

/* v1 DELETE RKEY: error bits may only stand for rkeys that were sent */
static u8 smc_llc_err_bits(u8 num)
{
	return (u8)(0xff00 >> num);
}

/* ---- decoding ----------------------------------------------------------- */

/* A repeated part from @pos: the message must end exactly behind its
 * @cnt entries of @size bytes, or be 44 bytes with zeros behind them.
 */
static bool smc_llc_tail_ok(const u8 *p, size_t len, size_t pos, size_t cnt,
			    size_t size)
{
	size_t end = pos + cnt * size;

	return len == smc_llc_at_least_msg(end) &&
	       smc_llc_zero(p + end, len - end);
}

static bool smc_llc_dec_confirm_link(const u8 *p, size_t len,
				     struct smc_llc_confirm_link_info *i)
{
	const struct smc_llc_confirm_link *m = (const void *)p;

	if (len != SMC_LLC_MSG_LEN ||
	    !smc_llc_zero(m->reserved, sizeof(m->reserved)))
		return false;
	memcpy(i->sender_mac, m->sender_mac, sizeof(i->sender_mac));
	memcpy(i->sender_gid, m->sender_gid, sizeof(i->sender_gid));
	i->sender_qpn = smc_get_be24(m->sender_qpn);
	i->link_num = m->link_num;
	memcpy(i->link_uid, m->link_uid, sizeof(i->link_uid));
	i->max_links = m->max_links;
	i->max_conns = m->max_conns;
	return true;
}

static bool smc_llc_dec_add_link_ext(const u8 *p, size_t len, bool be,
				     struct smc_llc_add_link_info *i)
{
	const struct smc_llc_add_link_v2_ext *x =
		(const void *)(p + SMC_LLC_ADD_LINK_V2_EXT_POS);
	size_t cnt;
	u16 num;

	if (len < SMC_LLC_ADD_LINK_V2_MIN_LEN ||
	    (len - SMC_LLC_ADD_LINK_V2_MIN_LEN) % SMC_LLC_RT_LEN)
		return false;
	cnt = (len - SMC_LLC_ADD_LINK_V2_MIN_LEN) / SMC_LLC_RT_LEN;
	num = smc_llc_get16(x->num_rkeys, be);
	/* Linux may announce more than it carries: it counts connections
	 * but sends the RMBs in use, and a new connection's RMB can be late
	 */
	if ((x->direct & ~SMC_LLC_V2_DIRECT) || x->reserved1 ||
	    !smc_llc_zero(x->reserved2, sizeof(x->reserved2)) ||
	    num > SMC_LLC_RKEYS_MAX_V2 || cnt > num)
		return false;
	i->has_ext = true;
	i->v2_direct = x->direct & SMC_LLC_V2_DIRECT;
	memcpy(i->client_target_gid, x->client_target_gid,
	       sizeof(i->client_target_gid));
	i->num_rkeys = num;
	i->rt_cnt = (u16)cnt;
	i->rt = (const void *)(p + SMC_LLC_ADD_LINK_V2_MIN_LEN);
	return true;
}

static bool smc_llc_dec_add_link(const u8 *p, size_t len,
				 const struct smc_llc_info *m,
				 struct smc_llc_add_link_info *i)
{
	const struct smc_llc_add_link *a = (const void *)p;

	if (!smc_llc_zero(a->reserved1, sizeof(a->reserved1)) ||
	    (a->qp_mtu & ~SMC_LLC_MTU_MASK) ||
	    !smc_llc_zero(a->reserved2, sizeof(a->reserved2)))
		return false;
	if (m->version == SMC_V1) {
		/* the reason goes with a reject only */
		if ((a->hdr.rsn & ~SMC_LLC_RSN_MASK) ||
		    (a->hdr.rsn && !(m->flags & SMC_LLC_FLAG_ADD_LNK_REJ)))
			return false;
		i->rej_rsn = a->hdr.rsn;
	}
	memcpy(i->sender_mac, a->sender_mac, sizeof(i->sender_mac));
	memcpy(i->sender_gid, a->sender_gid, sizeof(i->sender_gid));
	i->sender_qpn = smc_get_be24(a->sender_qpn);
	i->link_num = a->link_num;
	i->qp_mtu = a->qp_mtu;
	i->initial_psn = smc_get_be24(a->initial_psn);
	if (len == SMC_LLC_MSG_LEN)
		return true;
	return m->version == SMC_V2 &&
	       smc_llc_dec_add_link_ext(p, len, m->v2_be, i);
}

static bool smc_llc_dec_add_link_cont(const u8 *p, size_t len,
				      const struct smc_llc_info *m,
				      struct smc_llc_add_link_cont_info *i)
{
	const struct smc_llc_add_link_cont *c = (const void *)p;
	u16 cnt = smc_llc_rkeys_carried(m, c->num_rkeys);

	if (len != SMC_LLC_MSG_LEN ||
	    !smc_llc_zero(c->reserved1, sizeof(c->reserved1)) ||
	    !smc_llc_zero(&c->rt[cnt],
			  (SMC_LLC_RKEYS_PER_CONT_MSG - cnt) * SMC_LLC_RT_LEN) ||
	    !smc_llc_zero(c->reserved2, sizeof(c->reserved2)))
		return false;
	i->link_num = c->link_num;
	i->num_rkeys = c->num_rkeys;
	i->rt_cnt = (u8)cnt;
	i->rt = c->rt;
	return true;
}

static bool smc_llc_dec_delete_link(const u8 *p, size_t len,
				    struct smc_llc_delete_link_info *i)
{
	const struct smc_llc_delete_link *d = (const void *)p;

	if (len != SMC_LLC_MSG_LEN ||
	    !smc_llc_zero(d->reserved, sizeof(d->reserved)))
		return false;
	i->link_num = d->link_num;
	i->reason = be32_to_cpu(d->reason);
	return true;
}

/* Linux sends its two GIDs (60 bytes) and answers with 44 zero bytes */
static bool smc_llc_dec_req_add_link(const u8 *p, size_t len,
				     struct smc_llc_req_add_link_info *i)
{
	const struct smc_llc_req_add_link *r = (const void *)p;

	if (r->gid_cnt > SMC_LLC_MAX_GIDS ||
	    !smc_llc_zero(r->reserved1, sizeof(r->reserved1)) ||
	    !smc_llc_zero(r->reserved2, sizeof(r->reserved2)) ||
	    !smc_llc_tail_ok(p, len, SMC_LLC_GIDS_POS, r->gid_cnt,
			     SMC_LLC_GID_LEN))
		return false;
	i->gid_cnt = r->gid_cnt;
	i->gid = (const void *)(p + SMC_LLC_GIDS_POS);
	return true;
}

static bool smc_llc_dec_confirm_rkey(const u8 *p, size_t len,
				     const struct smc_llc_info *m,
				     struct smc_llc_confirm_rkey_info *i)
{
	const struct smc_llc_confirm_rkey *c = (const void *)p;
	u8 num = c->rtoken[0].link_id;
	u16 cnt = smc_llc_rkeys_carried(m, num);

	if (!smc_llc_tail_ok(p, len, SMC_LLC_CRKEY_POS, cnt,
			     SMC_LLC_RTOKEN_LEN))
		return false;
	i->num_rkeys = num;
	i->rmb_key = be32_to_cpu(c->rtoken[0].rmb_key);
	i->rmb_vaddr = be64_to_cpu(c->rtoken[0].rmb_vaddr);
	i->rtoken_cnt = cnt;
	i->rtoken = (const void *)(p + SMC_LLC_CRKEY_POS);
	return true;
}

static bool smc_llc_dec_confirm_rkey_cont(const u8 *p, size_t len,
					  const struct smc_llc_info *m,
					  struct smc_llc_confirm_rkey_cont_info *i)
{
	const struct smc_llc_confirm_rkey_cont *c = (const void *)p;
	u16 cnt = smc_llc_rkeys_carried(m, c->num_rkeys);

	if (!smc_llc_tail_ok(p, len, SMC_LLC_CRKEY_CONT_POS, cnt,
			     SMC_LLC_RTOKEN_LEN))
		return false;
	i->num_rkeys = c->num_rkeys;
	i->rtoken_cnt = (u8)cnt;
	i->rtoken = c->rtoken;
	return true;
}

static bool smc_llc_dec_test_link(const u8 *p, size_t len,
				  struct smc_llc_test_link_info *i)
{
	const struct smc_llc_test_link *t = (const void *)p;

	if (len != SMC_LLC_MSG_LEN ||
	    !smc_llc_zero(t->reserved, sizeof(t->reserved)))
		return false;
	memcpy(i->user_data, t->user_data, sizeof(i->user_data));
	return true;
}

/* The error field is a bit per rkey in v1, a count in v2, and set by
 * Linux only together with the negative flag.
 */
static bool smc_llc_dec_delete_rkey(const u8 *p, size_t len,
				    const struct smc_llc_info *m,
				    struct smc_llc_delete_rkey_info *i)
{
	const struct smc_llc_delete_rkey *d = (const void *)p;
	u8 num = d->num_rkeys, err = d->err_mask;
	u16 cnt = smc_llc_rkeys_carried(m, num);

	if (!smc_llc_zero(d->reserved1, sizeof(d->reserved1)) ||
	    (err && !(m->flags & SMC_LLC_FLAG_RKEY_NEG)))
		return false;
	if (m->version == SMC_V1) {
		if (num > SMC_LLC_DEL_RKEY_MAX || (err & ~smc_llc_err_bits(num)))
			return false;
	} else if (err > num) {
		return false;
	}
	if (!smc_llc_tail_ok(p, len, SMC_LLC_DRKEY_POS, cnt, SMC_LLC_RKEY_LEN))
		return false;
	i->num_rkeys = num;
	i->err_mask = err;
	i->rkey_cnt = cnt;
	i->rkey = (const void *)(p + SMC_LLC_DRKEY_POS);
	return true;
}

static bool smc_llc_dec_body(const u8 *p, size_t len, struct smc_llc_info *m)
{
	switch (m->type) {
	case SMC_LLC_CONFIRM_LINK:
		return smc_llc_dec_confirm_link(p, len, &m->confirm_link);
	case SMC_LLC_ADD_LINK:
		return smc_llc_dec_add_link(p, len, m, &m->add_link);
	case SMC_LLC_ADD_LINK_CONT:
		return smc_llc_dec_add_link_cont(p, len, m, &m->add_link_cont);
	case SMC_LLC_DELETE_LINK:
		return smc_llc_dec_delete_link(p, len, &m->delete_link);
	case SMC_LLC_REQ_ADD_LINK:
		return smc_llc_dec_req_add_link(p, len, &m->req_add_link);
	case SMC_LLC_CONFIRM_RKEY:
		return smc_llc_dec_confirm_rkey(p, len, m, &m->confirm_rkey);
	case SMC_LLC_TEST_LINK:
		return smc_llc_dec_test_link(p, len, &m->test_link);
	case SMC_LLC_CONFIRM_RKEY_CONT:
		return smc_llc_dec_confirm_rkey_cont(p, len, m,
						     &m->confirm_rkey_cont);
	case SMC_LLC_DELETE_RKEY:
		return smc_llc_dec_delete_rkey(p, len, m, &m->delete_rkey);
	}
	return false;
}

static int smc_llc_dec_as(const u8 *p, size_t len, u8 version, u8 type,
			  bool be, struct smc_llc_info *out)
{
	memset(out, 0, sizeof(*out));
	out->type = type;
	out->version = version;
	out->flags = p[offsetof(struct smc_llc_hdr, flags)];
	out->v2_be = be;
	if (smc_llc_flags_ok(type, out->flags) && smc_llc_dec_body(p, len, out))
		return 0;
	memset(out, 0, sizeof(*out));
	return -EPROTO;
}

int smc_llc_peek_type(const void *buf, size_t len)
{
	const u8 *p = buf;
	u8 version, type;

	if (!len)
		return -EPROTO;
	if (!smc_llc_split_type(p[0], &version, &type))
		return -EOPNOTSUPP;
	if (len < SMC_LLC_MSG_LEN)
		return -EPROTO;
	return p[0];
}

/* A v2 length reads the same in both byte orders only when its two bytes
 * are equal, and then only the rkey count of an ADD LINK extension could
 * tell the orders apart: it is at most 255, so one of its bytes is zero
 * in the right order, and both are zero only for counts that do not fit
 * such a length (2056 or 6168 bytes).  Little endian is tried first.
 */
int smc_llc_decode(const void *buf, size_t len, struct smc_llc_info *out)
{
	const struct smc_llc_hdr *hdr = buf;
	const u8 *p = buf;
	u8 version, type;
	bool le_ok, be_ok;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!len)
		return -EPROTO;
	if (!smc_llc_split_type(hdr->type, &version, &type)) {
		if (len > offsetof(struct smc_llc_hdr, flags))
			out->flags = hdr->flags;
		return -EOPNOTSUPP;
	}
	if (len < SMC_LLC_MSG_LEN || len > SMC_LLC_V2_MAX_LEN)
		return -EPROTO;
	if (version == SMC_V1) {
		if (len != SMC_LLC_MSG_LEN || hdr->len != SMC_LLC_MSG_LEN ||
		    (hdr->rsn && type != SMC_LLC_ADD_LINK))
			return -EPROTO;
		return smc_llc_dec_as(p, len, version, type, false, out);
	}
	le_ok = smc_llc_get16(p + SMC_LLC_LEN_POS, false) == len;
	be_ok = smc_llc_get16(p + SMC_LLC_LEN_POS, true) == len;
	rc = -EPROTO;
	if (le_ok)
		rc = smc_llc_dec_as(p, len, version, type, false, out);
	if (rc && be_ok)
		rc = smc_llc_dec_as(p, len, version, type, true, out);
	return rc;
}

/* ---- encoding ----------------------------------------------------------- */

/* Parts of an info that its message cannot carry must be empty, or they
 * would be lost without notice.
 */
static size_t smc_llc_add_link_len(const struct smc_llc_info *in)
{
	const struct smc_llc_add_link_info *i = &in->add_link;

	if (i->sender_qpn > SMC_LLC_U24_MAX ||
	    i->initial_psn > SMC_LLC_U24_MAX || i->qp_mtu > SMC_LLC_MTU_MASK)
		return 0;
	if (in->version == SMC_V1) {
		if (i->rej_rsn > SMC_LLC_RSN_MASK ||
		    (i->rej_rsn && !(in->flags & SMC_LLC_FLAG_ADD_LNK_REJ)))
			return 0;
	} else if (i->rej_rsn) {
		return 0;
	}
	if (!i->has_ext) {
		if (i->v2_direct || i->num_rkeys || i->rt_cnt ||
		    !smc_llc_zero(i->client_target_gid,
				  sizeof(i->client_target_gid)))
			return 0;
		return SMC_LLC_MSG_LEN;
	}
	if (in->version != SMC_V2 || i->num_rkeys > SMC_LLC_RKEYS_MAX_V2 ||
	    i->rt_cnt > i->num_rkeys || (i->rt_cnt && !i->rt))
		return 0;
	return SMC_LLC_ADD_LINK_V2_MIN_LEN + i->rt_cnt * SMC_LLC_RT_LEN;
}

/* length of a message with @have of @need entries of @size from @pos */
static size_t smc_llc_rep_len(size_t pos, u16 need, u16 have,
			      const void *ptr, size_t size)
{
	if (have < need || (need && !ptr))
		return 0;
	return smc_llc_at_least_msg(pos + need * size);
}

static size_t smc_llc_delete_rkey_len(const struct smc_llc_info *in)
{
	const struct smc_llc_delete_rkey_info *i = &in->delete_rkey;
	u8 num = i->num_rkeys, err = i->err_mask;

	if (err && !(in->flags & SMC_LLC_FLAG_RKEY_NEG))
		return 0;
	if (in->version == SMC_V1) {
		if (num > SMC_LLC_DEL_RKEY_MAX || (err & ~smc_llc_err_bits(num)))
			return 0;
	} else if (err > num) {
		return 0;
	}
	return smc_llc_rep_len(SMC_LLC_DRKEY_POS,
			       smc_llc_rkeys_carried(in, num), i->rkey_cnt,
			       i->rkey, SMC_LLC_RKEY_LEN);
}

/* 0 if @in cannot be sent, otherwise the length of its message */
static size_t smc_llc_enc_len(const struct smc_llc_info *in)
{
	const struct smc_llc_req_add_link_info *r = &in->req_add_link;
	const struct smc_llc_confirm_rkey_info *c = &in->confirm_rkey;
	const struct smc_llc_confirm_rkey_cont_info *cc =
		&in->confirm_rkey_cont;
	const struct smc_llc_add_link_cont_info *ac = &in->add_link_cont;

	if (!smc_llc_known(in->version, in->type) ||
	    !smc_llc_flags_ok(in->type, in->flags) ||
	    (in->v2_be && in->version != SMC_V2))
		return 0;
	switch (in->type) {
	case SMC_LLC_CONFIRM_LINK:
		if (in->confirm_link.sender_qpn > SMC_LLC_U24_MAX)
			return 0;
		return SMC_LLC_MSG_LEN;
	case SMC_LLC_ADD_LINK:
		return smc_llc_add_link_len(in);
	case SMC_LLC_ADD_LINK_CONT:
		return smc_llc_rep_len(offsetof(struct smc_llc_add_link_cont,
						rt),
				       smc_llc_rkeys_carried(in, ac->num_rkeys),
				       ac->rt_cnt, ac->rt, SMC_LLC_RT_LEN);
	case SMC_LLC_DELETE_LINK:
	case SMC_LLC_TEST_LINK:
		return SMC_LLC_MSG_LEN;
	case SMC_LLC_REQ_ADD_LINK:
		if (r->gid_cnt > SMC_LLC_MAX_GIDS ||
		    (in->version == SMC_V1 && r->gid_cnt > 1))
			return 0;
		return smc_llc_rep_len(SMC_LLC_GIDS_POS, r->gid_cnt, r->gid_cnt,
				       r->gid, SMC_LLC_GID_LEN);
	case SMC_LLC_CONFIRM_RKEY:
		return smc_llc_rep_len(SMC_LLC_CRKEY_POS,
				       smc_llc_rkeys_carried(in, c->num_rkeys),
				       c->rtoken_cnt, c->rtoken,
				       SMC_LLC_RTOKEN_LEN);
	case SMC_LLC_CONFIRM_RKEY_CONT:
		return smc_llc_rep_len(SMC_LLC_CRKEY_CONT_POS,
				       smc_llc_rkeys_carried(in, cc->num_rkeys),
				       cc->rtoken_cnt, cc->rtoken,
				       SMC_LLC_RTOKEN_LEN);
	case SMC_LLC_DELETE_RKEY:
		return smc_llc_delete_rkey_len(in);
	}
	return 0;
}

static void smc_llc_put_confirm_link(u8 *p,
				     const struct smc_llc_confirm_link_info *i)
{
	struct smc_llc_confirm_link *m = (void *)p;

	memcpy(m->sender_mac, i->sender_mac, sizeof(m->sender_mac));
	memcpy(m->sender_gid, i->sender_gid, sizeof(m->sender_gid));
	smc_put_be24(m->sender_qpn, i->sender_qpn);
	m->link_num = i->link_num;
	memcpy(m->link_uid, i->link_uid, sizeof(m->link_uid));
	m->max_links = i->max_links;
	m->max_conns = i->max_conns;
}

static void smc_llc_put_add_link(u8 *p, const struct smc_llc_info *in)
{
	const struct smc_llc_add_link_info *i = &in->add_link;
	struct smc_llc_add_link_v2_ext *x =
		(void *)(p + SMC_LLC_ADD_LINK_V2_EXT_POS);
	struct smc_llc_add_link *a = (void *)p;

	if (in->version == SMC_V1)
		a->hdr.rsn = i->rej_rsn;
	memcpy(a->sender_mac, i->sender_mac, sizeof(a->sender_mac));
	memcpy(a->sender_gid, i->sender_gid, sizeof(a->sender_gid));
	smc_put_be24(a->sender_qpn, i->sender_qpn);
	a->link_num = i->link_num;
	a->qp_mtu = i->qp_mtu;
	smc_put_be24(a->initial_psn, i->initial_psn);
	if (!i->has_ext)
		return;
	x->direct = i->v2_direct ? SMC_LLC_V2_DIRECT : 0;
	memcpy(x->client_target_gid, i->client_target_gid,
	       sizeof(x->client_target_gid));
	smc_llc_put16(x->num_rkeys, i->num_rkeys, in->v2_be);
	if (i->rt_cnt)
		memcpy(p + SMC_LLC_ADD_LINK_V2_MIN_LEN, i->rt,
		       i->rt_cnt * SMC_LLC_RT_LEN);
}

static void smc_llc_put_rep(u8 *p, size_t pos, const void *src, u16 cnt,
			    size_t size)
{
	if (cnt)
		memcpy(p + pos, src, cnt * size);
}

static void smc_llc_put_body(u8 *p, const struct smc_llc_info *in)
{
	const struct smc_llc_confirm_rkey_info *c = &in->confirm_rkey;
	struct smc_llc_confirm_rkey *cm = (void *)p;
	struct smc_llc_delete_link *dl = (void *)p;
	struct smc_llc_test_link *tl = (void *)p;
	u16 cnt;

	switch (in->type) {
	case SMC_LLC_CONFIRM_LINK:
		smc_llc_put_confirm_link(p, &in->confirm_link);
		break;
	case SMC_LLC_ADD_LINK:
		smc_llc_put_add_link(p, in);
		break;
	case SMC_LLC_ADD_LINK_CONT:
		p[offsetof(struct smc_llc_add_link_cont, link_num)] =
			in->add_link_cont.link_num;
		p[offsetof(struct smc_llc_add_link_cont, num_rkeys)] =
			in->add_link_cont.num_rkeys;
		cnt = smc_llc_rkeys_carried(in, in->add_link_cont.num_rkeys);
		smc_llc_put_rep(p, offsetof(struct smc_llc_add_link_cont, rt),
				in->add_link_cont.rt, cnt, SMC_LLC_RT_LEN);
		break;
	case SMC_LLC_DELETE_LINK:
		dl->link_num = in->delete_link.link_num;
		dl->reason = cpu_to_be32(in->delete_link.reason);
		break;
	case SMC_LLC_REQ_ADD_LINK:
		p[offsetof(struct smc_llc_req_add_link, gid_cnt)] =
			in->req_add_link.gid_cnt;
		smc_llc_put_rep(p, SMC_LLC_GIDS_POS, in->req_add_link.gid,
				in->req_add_link.gid_cnt, SMC_LLC_GID_LEN);
		break;
	case SMC_LLC_CONFIRM_RKEY:
		cm->rtoken[0].link_id = c->num_rkeys;
		cm->rtoken[0].rmb_key = cpu_to_be32(c->rmb_key);
		cm->rtoken[0].rmb_vaddr = cpu_to_be64(c->rmb_vaddr);
		smc_llc_put_rep(p, SMC_LLC_CRKEY_POS, c->rtoken,
				smc_llc_rkeys_carried(in, c->num_rkeys),
				SMC_LLC_RTOKEN_LEN);
		break;
	case SMC_LLC_TEST_LINK:
		memcpy(tl->user_data, in->test_link.user_data,
		       sizeof(tl->user_data));
		break;
	case SMC_LLC_CONFIRM_RKEY_CONT:
		p[offsetof(struct smc_llc_confirm_rkey_cont, num_rkeys)] =
			in->confirm_rkey_cont.num_rkeys;
		cnt = smc_llc_rkeys_carried(in,
					    in->confirm_rkey_cont.num_rkeys);
		smc_llc_put_rep(p, SMC_LLC_CRKEY_CONT_POS,
				in->confirm_rkey_cont.rtoken, cnt,
				SMC_LLC_RTOKEN_LEN);
		break;
	case SMC_LLC_DELETE_RKEY:
		p[offsetof(struct smc_llc_delete_rkey, num_rkeys)] =
			in->delete_rkey.num_rkeys;
		p[offsetof(struct smc_llc_delete_rkey, err_mask)] =
			in->delete_rkey.err_mask;
		cnt = smc_llc_rkeys_carried(in, in->delete_rkey.num_rkeys);
		smc_llc_put_rep(p, SMC_LLC_DRKEY_POS, in->delete_rkey.rkey, cnt,
				SMC_LLC_RKEY_LEN);
		break;
	}
}

int smc_llc_encode(void *buf, size_t cap, const struct smc_llc_info *in)
{
	struct smc_llc_hdr *hdr = buf;
	size_t len = smc_llc_enc_len(in);

	if (!len)
		return -EINVAL;
	if (cap < len)
		return -EMSGSIZE;
	memset(buf, 0, len);
	hdr->type = in->type;
	if (in->version == SMC_V1) {
		hdr->len = SMC_LLC_MSG_LEN;
	} else {
		hdr->type |= SMC_LLC_V2_TYPE;
		smc_llc_put16((u8 *)buf + SMC_LLC_LEN_POS, (u16)len,
			      in->v2_be);
	}
	hdr->flags = in->flags;
	smc_llc_put_body(buf, in);
	return (int)len;
}

/* IB MTU enumeration: IB_MTU_256 (1) .. IB_MTU_4096 (5) */
#define SMC_LLC_MTU_MIN		1
#define SMC_LLC_MTU_MAX		5

int smc_llc_add_link_check(const struct smc_llc_info *m,
			   const struct smc_llc_add_link_ctx *ctx)
{
	const struct smc_llc_add_link_info *a = &m->add_link;
	u16 i, k;
	u8 j;

	if (m->type != SMC_LLC_ADD_LINK ||
	    !(m->flags & SMC_LLC_FLAG_RESP) != !ctx->resp ||
	    (m->flags & SMC_LLC_FLAG_ADD_LNK_REJ) ||
	    ctx->link_cnt > ARRAY_SIZE(ctx->link_ids))
		return -EPROTO;
	if (ctx->resp) {
		if (a->link_num != ctx->req_link)
			return -EPROTO;
	} else {
		if (!a->link_num)
			return -EPROTO;
		for (j = 0; j < ctx->link_cnt; j++)
			if (a->link_num == ctx->link_ids[j])
				return -EPROTO;
	}
	if (!a->sender_qpn || a->qp_mtu < SMC_LLC_MTU_MIN ||
	    a->qp_mtu > SMC_LLC_MTU_MAX ||
	    smc_llc_zero(a->sender_gid, sizeof(a->sender_gid)))
		return -EPROTO;
	if (m->version == SMC_V1) {
		if (smc_llc_zero(a->sender_mac, sizeof(a->sender_mac)) ||
		    (a->sender_mac[0] & 0x01))
			return -EPROTO;
		return 0;
	}
	if (!a->has_ext ||
	    smc_llc_zero(a->client_target_gid, sizeof(a->client_target_gid)))
		return -EPROTO;
	/* each RMB once: the list maps every rkey to its new one */
	for (i = 1; i < a->rt_cnt; i++)
		for (k = 0; k < i; k++)
			if (a->rt[i].rmb_key == a->rt[k].rmb_key)
				return -EPROTO;
	return 0;
}
