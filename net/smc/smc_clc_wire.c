// SPDX-License-Identifier: GPL-2.0
/*
 * CLC messages: header check, decoders and encoders.
 *
 * Pure code, shared by smc.ko and the userspace tests and fuzzers.  What
 * arrives here comes straight from the peer's TCP stream: nothing is read
 * before the bytes it lives in have been shown to be part of the message.
 *
 * The accepted shapes are those Linux 6.1 and 6.12 send and accept, with the
 * holes of their receive side closed (see the comments of each decoder):
 *
 *  - Linux checks lengths by adding up the sizes of the parts it expects
 *    and separately follows the offsets found in the message, trusting that
 *    both agree.  Here every part has to lie where its offset says, inside
 *    the message, after the part before it; together with the Linux length
 *    sum this leaves no room for gaps or overlaps.
 *  - Counts are bounded by the sizes Linux uses for its receive buffers, so
 *    everything we accept also fits into theirs.
 *  - Fields that are reserved in the version at hand are neither decoded
 *    nor sent; the info structures then hold zeros.
 */

#include "smc_clc_wire.h"

const u8 smc_clc_eyecatcher_r[4] = { 0xe2, 0xd4, 0xc3, 0xd9 };
const u8 smc_clc_eyecatcher_d[4] = { 0xe2, 0xd4, 0xc3, 0xc4 };

/* parts of a proposal */
#define SMC_CLC_PROP_BASE_LEN	sizeof(struct smc_clc_proposal_base)
#define SMC_CLC_SMCD_AREA_LEN	sizeof(struct smc_clc_smcd_area)
#define SMC_CLC_PREFIX_LEN	sizeof(struct smc_clc_prefix_area)
#define SMC_CLC_V6_PREFIX_LEN	sizeof(struct smc_clc_ipv6_prefix)
#define SMC_CLC_V2_EXT_LEN	sizeof(struct smc_clc_v2_ext)
#define SMC_CLC_SMCD_V2_EXT_LEN	sizeof(struct smc_clc_smcd_v2_ext)
#define SMC_CLC_GIDCHID_LEN	sizeof(struct smc_clc_ism_gid_chid)

/* the SMC-D area directly follows the base, in v2 always */
#define SMC_CLC_SMCD_AREA_POS	SMC_CLC_PROP_BASE_LEN
#define SMC_CLC_SMCD_AREA_END	(SMC_CLC_SMCD_AREA_POS + SMC_CLC_SMCD_AREA_LEN)

/* both extension offsets count from the end of the field holding them */
#define SMC_CLC_V2_EXT_ORIGIN						\
	(SMC_CLC_SMCD_AREA_POS +					\
	 offsetof(struct smc_clc_smcd_area, v2_ext_offset) + sizeof(__be16))
#define SMC_CLC_SMCD_V2_EXT_ORIGIN					\
	(offsetof(struct smc_clc_v2_ext, smcd_v2_ext_offset) + sizeof(__be16))

#define SMC_CLC_PREFIX_MAX_LEN						\
	(SMC_CLC_PREFIX_LEN + SMC_CLC_MAX_V6_PREFIX * SMC_CLC_V6_PREFIX_LEN)
#define SMC_CLC_V2_EXT_MAX_LEN						\
	(SMC_CLC_V2_EXT_LEN + SMC_CLC_MAX_UEID * SMC_CLC_EID_LEN)
#define SMC_CLC_SMCD_V2_EXT_MAX_LEN					\
	(SMC_CLC_SMCD_V2_EXT_LEN +					\
	 SMC_CLC_MAX_ISM_GIDS * SMC_CLC_GIDCHID_LEN)
#define SMC_CLC_PROP_MAX_LEN						\
	(SMC_CLC_SMCD_AREA_END + SMC_CLC_PREFIX_MAX_LEN +		\
	 SMC_CLC_V2_EXT_MAX_LEN + SMC_CLC_SMCD_V2_EXT_MAX_LEN +	\
	 SMC_CLC_TRL_LEN)

/* parts of an accept or confirm */
#define SMCR_CLC_BODY_END	(SMC_CLC_HDR_LEN + sizeof(struct smcr_clc_accept_body))
#define SMCD_CLC_BODY_END	(SMC_CLC_HDR_LEN + sizeof(struct smcd_clc_accept_body))
#define SMCR_CLC_V2_FIXED	(SMCR_CLC_ACCEPT_CONFIRM_LEN_V2 - SMC_CLC_TRL_LEN)
#define SMCD_CLC_V2_FIXED	(SMCD_CLC_ACCEPT_CONFIRM_LEN_V2 - SMC_CLC_TRL_LEN)
#define SMC_CLC_GID_EXT_LEN	sizeof(struct smc_clc_gid_ext)
#define SMCR_CLC_ACCEPT_FC_LEN	(SMCR_CLC_ACCEPT_CONFIRM_LEN_V2 + SMC_CLC_FCE_LEN_V21)
#define SMCR_CLC_CONFIRM_FC_MIN	(SMCR_CLC_ACCEPT_FC_LEN + SMC_CLC_GID_EXT_LEN)
#define SMCR_CLC_CONFIRM_FC_MAX						\
	(SMCR_CLC_CONFIRM_FC_MIN + SMC_CLC_MAX_GIDS * SMC_CLC_GID_LEN)
#define SMCD_CLC_FC_LEN_V20	(SMCD_CLC_ACCEPT_CONFIRM_LEN_V2 + SMC_CLC_FCE_LEN_V20)
#define SMCD_CLC_FC_LEN_V21	(SMCD_CLC_ACCEPT_CONFIRM_LEN_V2 + SMC_CLC_FCE_LEN_V21)

static_assert(SMC_CLC_V2_EXT_ORIGIN == 52);
static_assert(SMC_CLC_SMCD_V2_EXT_ORIGIN == 8);
static_assert(SMC_CLC_PROP_MAX_LEN == 652);
static_assert(SMC_CLC_PROPOSAL_MIN_LEN ==
	      SMC_CLC_PROP_BASE_LEN + SMC_CLC_PREFIX_LEN + SMC_CLC_TRL_LEN);
static_assert(SMCD_CLC_BODY_END + 12 + SMC_CLC_TRL_LEN ==
	      SMCD_CLC_ACCEPT_CONFIRM_LEN);
static_assert(SMCD_CLC_BODY_END + sizeof(struct smcd_clc_accept_v2_tail) +
	      SMC_CLC_TRL_LEN == SMCD_CLC_ACCEPT_CONFIRM_LEN_V2);
static_assert(SMCR_CLC_CONFIRM_FC_MAX == 292);
static_assert(SMC_CLC_PROP_MAX_LEN <= SMC_CLC_MAX_MSG_LEN);
static_assert(SMCR_CLC_CONFIRM_FC_MAX <= SMC_CLC_MAX_MSG_LEN);
static_assert(SMC_CLC_MAX_GIDS <= 255 && SMC_CLC_MAX_UEID <= 255);

#define SMC_CLC_V2_FLAG_SEID	0x01
#define SMC_CLC_FCE_DIRECT	0x80
#define SMC_CLC_U24_MAX		0xffffffU

static bool smc_clc_eyecatcher_ok(const u8 *p)
{
	return !memcmp(p, smc_clc_eyecatcher_r, sizeof(smc_clc_eyecatcher_r)) ||
	       !memcmp(p, smc_clc_eyecatcher_d, sizeof(smc_clc_eyecatcher_d));
}

/* ---- lengths a header may announce ------------------------------------- */

/* Proposal: v1 has an optional SMC-D area (iparea_offset 0..40) and always
 * an IP area.  v2 always has the SMC-D area; the IP area comes with a v1
 * type, the v2 extension with a v2 type, the SMC-Dv2 extension with SMC-D
 * in the v2 type.  Offering nothing at all is not a proposal.
 */
static bool smc_clc_prop_bounds(bool v1, u8 typev1, u8 typev2,
				size_t *lo, size_t *hi)
{
	if (v1) {
		if (typev1 == SMC_TYPE_N)
			return false;
		*lo = SMC_CLC_PROP_BASE_LEN + SMC_CLC_PREFIX_LEN +
		      SMC_CLC_TRL_LEN;
		*hi = SMC_CLC_SMCD_AREA_END + SMC_CLC_PREFIX_MAX_LEN +
		      SMC_CLC_TRL_LEN;
		return true;
	}
	if (typev1 == SMC_TYPE_N && typev2 == SMC_TYPE_N)
		return false;
	*lo = SMC_CLC_SMCD_AREA_END + SMC_CLC_TRL_LEN;
	*hi = *lo;
	if (typev1 != SMC_TYPE_N) {
		*lo += SMC_CLC_PREFIX_LEN;
		*hi += SMC_CLC_PREFIX_MAX_LEN;
	}
	if (typev2 != SMC_TYPE_N) {
		*lo += SMC_CLC_V2_EXT_LEN;
		*hi += SMC_CLC_V2_EXT_MAX_LEN;
	}
	if (smcd_indicated(typev2)) {
		*lo += SMC_CLC_SMCD_V2_EXT_LEN;
		*hi += SMC_CLC_SMCD_V2_EXT_MAX_LEN;
	}
	return true;
}

/* Accept and confirm.  The valid lengths, and why:
 *  - v1: fixed, 68 for SMC-R and 48 for SMC-D (RFC 7609 and Linux).
 *  - v2 without first contact: fixed, 108 (SMC-R) or 78 (SMC-D).
 *  - v2 SMC-R first contact: the 36 byte first contact extension is always
 *    followed by 16 more bytes.  Linux 6.1 sends them as reserved bytes
 *    (the head of its GID list extension, in accept and confirm alike),
 *    Linux 6.12 as the v2.1 fields whatever the release.  So an accept is
 *    exactly 160, a confirm 164 plus 16 per GID of its GID list (at most
 *    SMC_CLC_MAX_GIDS, the size of Linux's GID list).  Accepts carry no GID
 *    list.
 *  - v2 SMC-D first contact: Linux 6.12 appends the 16 v2.1 bytes only for
 *    release >= 1, 6.1 never (it is release 0); so 114 or 130, which one
 *    being decided by the release (checked by the decoder).
 * A header announcing v3 or higher is read as v2, as Linux does.
 */
static bool smc_clc_acc_bounds(u8 type, bool v1, u8 typev1, bool fc,
			       size_t *lo, size_t *hi)
{
	bool smcr = typev1 == SMC_TYPE_R;

	if (typev1 != SMC_TYPE_R && typev1 != SMC_TYPE_D)
		return false;
	if (v1) {
		*lo = smcr ? SMCR_CLC_ACCEPT_CONFIRM_LEN :
			     SMCD_CLC_ACCEPT_CONFIRM_LEN;
		*hi = *lo;
	} else if (!fc) {
		*lo = smcr ? SMCR_CLC_ACCEPT_CONFIRM_LEN_V2 :
			     SMCD_CLC_ACCEPT_CONFIRM_LEN_V2;
		*hi = *lo;
	} else if (!smcr) {
		*lo = SMCD_CLC_FC_LEN_V20;
		*hi = SMCD_CLC_FC_LEN_V21;
	} else if (type == SMC_CLC_CONFIRM) {
		*lo = SMCR_CLC_CONFIRM_FC_MIN;
		*hi = SMCR_CLC_CONFIRM_FC_MAX;
	} else {
		*lo = SMCR_CLC_ACCEPT_FC_LEN;
		*hi = *lo;
	}
	return true;
}

static bool smc_clc_len_bounds(const struct smc_clc_hdr *hdr,
			       size_t *lo, size_t *hi)
{
	bool v1 = smc_clc_hdr_version(hdr) == SMC_V1;
	u8 typev1 = smc_clc_hdr_typev1(hdr);
	u8 typev2 = smc_clc_hdr_typev2(hdr);

	switch (hdr->type) {
	case SMC_CLC_DECLINE:
		*lo = v1 ? SMC_CLC_DECLINE_LEN_V1 : SMC_CLC_DECLINE_LEN_V2;
		*hi = *lo;
		return true;
	case SMC_CLC_PROPOSAL:
		return smc_clc_prop_bounds(v1, typev1, typev2, lo, hi);
	case SMC_CLC_ACCEPT:
	case SMC_CLC_CONFIRM:
		return smc_clc_acc_bounds(hdr->type, v1, typev1,
					  typev2 & SMC_CLC_FIRST_CONTACT,
					  lo, hi);
	}
	return false;
}

int smc_clc_hdr_check(const void *hdr8, u8 expected_type, u16 *msg_len)
{
	const struct smc_clc_hdr *hdr = hdr8;
	size_t len = be16_to_cpu(hdr->length);
	size_t lo, hi;

	if (!smc_clc_eyecatcher_ok(hdr->eyecatcher))
		return -ENOMSG;
	if (smc_clc_hdr_version(hdr) < SMC_V1)
		return -EPROTO;
	if (hdr->type != expected_type && hdr->type != SMC_CLC_DECLINE)
		return -EPROTO;
	if (!smc_clc_len_bounds(hdr, &lo, &hi) || len < lo || len > hi)
		return -EPROTO;
	*msg_len = (u16)len;
	return 0;
}

/* What every decoder checks first: eyecatchers at both ends, the type, a
 * version, a length field telling exactly what was received, and a length
 * the header check would have let through.
 */
static bool smc_clc_frame_ok(const u8 *p, size_t len, u8 type)
{
	const struct smc_clc_hdr *hdr = (const struct smc_clc_hdr *)p;
	size_t lo, hi;

	if (len < SMC_CLC_HDR_LEN + SMC_CLC_TRL_LEN ||
	    len > SMC_CLC_MAX_MSG_LEN)
		return false;
	if (!smc_clc_eyecatcher_ok(hdr->eyecatcher) ||
	    !smc_clc_eyecatcher_ok(p + len - SMC_CLC_TRL_LEN))
		return false;
	if (hdr->type != type || smc_clc_hdr_version(hdr) < SMC_V1 ||
	    be16_to_cpu(hdr->length) != len)
		return false;
	return smc_clc_len_bounds(hdr, &lo, &hi) && len >= lo && len <= hi;
}

static void smc_clc_put_frame(u8 *p, size_t len, u8 type, u8 verbits,
			      const u8 *eyecatcher)
{
	struct smc_clc_hdr *hdr = (struct smc_clc_hdr *)p;

	memcpy(hdr->eyecatcher, eyecatcher, sizeof(hdr->eyecatcher));
	hdr->type = type;
	hdr->length = cpu_to_be16((u16)len);
	hdr->verbits = verbits;
	memcpy(p + len - SMC_CLC_TRL_LEN, eyecatcher, SMC_CLC_TRL_LEN);
}

/* ---- decline ------------------------------------------------------------ */

/* Linux does not look at the trailer of a decline: it receives declines
 * into a v1 sized buffer, which a v2 decline's trailer does not reach.
 * Here the whole message is at hand and its trailer is checked like any
 * other; every Linux version sends a proper one.
 */
int smc_clc_decline_decode(const void *buf, size_t len,
			   struct smc_clc_decline_info *out)
{
	/* v1 is the leading part of v2; no field past 28 is read for v1 */
	const struct smc_clc_decline_v2 *d = buf;
	u8 ver;
	int i;

	memset(out, 0, sizeof(*out));
	if (!smc_clc_frame_ok(buf, len, SMC_CLC_DECLINE))
		return -EPROTO;
	ver = smc_clc_hdr_version(&d->hdr);
	out->version = ver;
	out->sync_err = smc_clc_hdr_typev2(&d->hdr) & SMC_CLC_FIRST_CONTACT;
	memcpy(out->sender_id, d->id_for_peer, sizeof(out->sender_id));
	out->diagnosis = be32_to_cpu(d->peer_diagnosis);
	/* RFC 7609 has the OS type byte reserved; SMCv2 defined it */
	if (ver == SMC_V1)
		return 0;
	out->os_type = d->os_type >> 4;
	for (i = 0; i < SMC_CLC_DECL_DIAG_V2; i++)
		out->diagnosis_v2[i] = be32_to_cpu(d->peer_diagnosis_v2[i]);
	return 0;
}

/* Like Linux: "SMCR" at both ends; the first contact bit only to have the
 * peer drop its link group (sync error); the OS type only in v2, where the
 * caller passes SMC_CLC_OS_LINUX to look like Linux.
 */
int smc_clc_decline_encode(void *buf, size_t cap,
			   const struct smc_clc_decline_info *in)
{
	struct smc_clc_decline_v2 *d = buf;
	size_t len;
	int i;

	if (in->version < SMC_V1 || in->version > 0xf || in->os_type > 0xf)
		return -EINVAL;
	len = in->version == SMC_V1 ? SMC_CLC_DECLINE_LEN_V1 :
				      SMC_CLC_DECLINE_LEN_V2;
	if (cap < len)
		return -EMSGSIZE;
	memset(buf, 0, len);
	smc_clc_put_frame(buf, len, SMC_CLC_DECLINE,
			  smc_clc_verbits(in->version,
					  in->sync_err ? SMC_CLC_FIRST_CONTACT : 0,
					  0),
			  smc_clc_eyecatcher_r);
	memcpy(d->id_for_peer, in->sender_id, sizeof(d->id_for_peer));
	d->peer_diagnosis = cpu_to_be32(in->diagnosis);
	if (in->version == SMC_V1)
		return (int)len;
	d->os_type = (u8)(in->os_type << 4);
	for (i = 0; i < SMC_CLC_DECL_DIAG_V2; i++)
		d->peer_diagnosis_v2[i] = cpu_to_be32(in->diagnosis_v2[i]);
	return (int)len;
}

/* ---- proposal ----------------------------------------------------------- */

static void smc_clc_get_smcd_area(const u8 *p,
				  struct smc_clc_proposal_info *out)
{
	const struct smc_clc_smcd_area *a =
		(const struct smc_clc_smcd_area *)(p + SMC_CLC_SMCD_AREA_POS);

	out->has_smcd_area = true;
	out->ism_gid = be64_to_cpu(a->ism_gid);
	out->ism_chid = be16_to_cpu(a->ism_chid);
}

/* IP area at @pos, to end before @end; returns where it ends, 0 if it does
 * not fit or is malformed.  Prefix lengths beyond the address size cannot
 * match anything and would only mislead whoever compares them.
 */
static size_t smc_clc_get_prefix(const u8 *p, size_t pos, size_t end,
				 struct smc_clc_proposal_info *out)
{
	const struct smc_clc_prefix_area *pa;
	const struct smc_clc_ipv6_prefix *v6;
	int i;

	if (pos + SMC_CLC_PREFIX_LEN > end)
		return 0;
	pa = (const struct smc_clc_prefix_area *)(p + pos);
	pos += SMC_CLC_PREFIX_LEN;
	if (pa->prefix_len > 32 ||
	    pa->ipv6_prefixes_cnt > SMC_CLC_MAX_V6_PREFIX ||
	    pos + pa->ipv6_prefixes_cnt * SMC_CLC_V6_PREFIX_LEN > end)
		return 0;
	out->has_prefix = true;
	out->ipv4_subnet = pa->outgoing_subnet;
	out->ipv4_prefix_len = pa->prefix_len;
	out->ipv6_prefix_cnt = pa->ipv6_prefixes_cnt;
	v6 = (const struct smc_clc_ipv6_prefix *)(p + pos);
	for (i = 0; i < out->ipv6_prefix_cnt; i++) {
		if (v6[i].prefix_len > 128)
			return 0;
		out->ipv6_prefix[i] = v6[i];
	}
	return pos + out->ipv6_prefix_cnt * SMC_CLC_V6_PREFIX_LEN;
}

/* v2 extension at @pos; returns its end or 0 */
static size_t smc_clc_get_v2_ext(const u8 *p, size_t pos, size_t end,
				 struct smc_clc_proposal_info *out)
{
	const struct smc_clc_v2_ext *x;
	size_t eids;

	if (pos + SMC_CLC_V2_EXT_LEN > end)
		return 0;
	x = (const struct smc_clc_v2_ext *)(p + pos);
	eids = pos + SMC_CLC_V2_EXT_LEN;
	if (x->eid_cnt > SMC_CLC_MAX_UEID ||
	    eids + x->eid_cnt * SMC_CLC_EID_LEN > end)
		return 0;
	out->has_v2_ext = true;
	out->eid_cnt = x->eid_cnt;
	out->release = x->flag >> 4;
	out->seid = x->flag & SMC_CLC_V2_FLAG_SEID;
	memcpy(out->roce_gid, x->roce_gid, sizeof(out->roce_gid));
	/* reserved bytes in release 0 (Linux 6.1 sends zeros) */
	if (out->release >= SMC_RELEASE_1) {
		out->max_conns = x->max_conns;
		out->max_links = x->max_links;
		out->feature_mask = be16_to_cpu(x->feature_mask);
	}
	memcpy(out->ueid, p + eids, out->eid_cnt * SMC_CLC_EID_LEN);
	return eids + out->eid_cnt * SMC_CLC_EID_LEN;
}

/* SMC-Dv2 extension at @pos with the GID count of the v2 extension */
static size_t smc_clc_get_smcd_v2_ext(const u8 *p, size_t pos, size_t end,
				      u8 cnt,
				      struct smc_clc_proposal_info *out)
{
	const struct smc_clc_smcd_v2_ext *x;
	const struct smc_clc_ism_gid_chid *gc;
	int i;

	if (cnt > SMC_CLC_MAX_ISM_GIDS ||
	    pos + SMC_CLC_SMCD_V2_EXT_LEN + cnt * SMC_CLC_GIDCHID_LEN > end)
		return 0;
	x = (const struct smc_clc_smcd_v2_ext *)(p + pos);
	gc = (const struct smc_clc_ism_gid_chid *)
		(p + pos + SMC_CLC_SMCD_V2_EXT_LEN);
	out->has_smcd_v2_ext = true;
	memcpy(out->system_eid, x->system_eid, sizeof(out->system_eid));
	out->ism_gid_cnt = cnt;
	for (i = 0; i < cnt; i++) {
		out->ism_v2[i].gid = be64_to_cpu(gc[i].gid);
		out->ism_v2[i].chid = be16_to_cpu(gc[i].chid);
	}
	return pos + SMC_CLC_SMCD_V2_EXT_LEN + cnt * SMC_CLC_GIDCHID_LEN;
}

/* v1 (RFC 7609): the IP area starts iparea_offset bytes after the base.
 * Linux accepts any offset up to the size of the SMC-D area and only sees
 * an SMC-D area when the offset is exactly that size; bytes skipped by a
 * smaller offset are left alone.  Nothing may follow the IPv6 prefixes.
 */
static int smc_clc_prop_decode_v1(const u8 *p, size_t trl, size_t iparea,
				  struct smc_clc_proposal_info *out)
{
	size_t end;

	end = smc_clc_get_prefix(p, SMC_CLC_PROP_BASE_LEN + iparea, trl, out);
	if (!end || end != trl)
		return -EPROTO;
	if (iparea == SMC_CLC_SMCD_AREA_LEN)
		smc_clc_get_smcd_area(p, out);
	return 0;
}

/* v2: Linux requires the length to be exactly base + SMC-D area + the parts
 * the types announce + trailer, but locates the parts through the offsets.
 * Each part is taken where its offset puts it and must start at or after
 * the end of the part before it (so none overlaps another, nor the SMC-D
 * area) and end before the trailer; with the length equal to the sum of
 * the sizes no gap remains either, which is exactly how Linux lays them
 * out.  Offsets that belong to a part the types do not announce are
 * ignored, as Linux does (it sends them as zero).
 */
static int smc_clc_prop_decode_v2(const u8 *p, size_t trl, size_t iparea,
				  struct smc_clc_proposal_info *out)
{
	const struct smc_clc_smcd_area *a;
	const struct smc_clc_v2_ext *x;
	size_t pos = SMC_CLC_SMCD_AREA_END;
	size_t sum = SMC_CLC_SMCD_AREA_END;
	size_t at, end;

	if (trl < SMC_CLC_SMCD_AREA_END)
		return -EPROTO;
	a = (const struct smc_clc_smcd_area *)(p + SMC_CLC_SMCD_AREA_POS);
	smc_clc_get_smcd_area(p, out);

	if (out->typev1 != SMC_TYPE_N) {
		/* the only offset that does not overlap the SMC-D area */
		if (iparea != SMC_CLC_SMCD_AREA_LEN)
			return -EPROTO;
		end = smc_clc_get_prefix(p, pos, trl, out);
		if (!end)
			return -EPROTO;
		sum += end - pos;
		pos = end;
	}

	if (out->typev2 != SMC_TYPE_N) {
		at = SMC_CLC_V2_EXT_ORIGIN + be16_to_cpu(a->v2_ext_offset);
		if (at < pos)
			return -EPROTO;
		end = smc_clc_get_v2_ext(p, at, trl, out);
		if (!end)
			return -EPROTO;
		sum += end - at;
		pos = end;
		x = (const struct smc_clc_v2_ext *)(p + at);

		if (smcd_indicated(out->typev2)) {
			at += SMC_CLC_SMCD_V2_EXT_ORIGIN +
			      be16_to_cpu(x->smcd_v2_ext_offset);
			if (at < pos)
				return -EPROTO;
			end = smc_clc_get_smcd_v2_ext(p, at, trl,
						      x->ism_gid_cnt, out);
			if (!end)
				return -EPROTO;
			sum += end - at;
		}
	}
	return sum == trl ? 0 : -EPROTO;
}

int smc_clc_proposal_decode(const void *buf, size_t len,
			    struct smc_clc_proposal_info *out)
{
	const struct smc_clc_proposal_base *base = buf;
	size_t iparea;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!smc_clc_frame_ok(buf, len, SMC_CLC_PROPOSAL))
		return -EPROTO;
	out->version = smc_clc_hdr_version(&base->hdr);
	out->typev1 = smc_clc_hdr_typev1(&base->hdr);
	/* kept as sent; only meaningful from v2 on (old v1 peers send 0) */
	out->typev2 = smc_clc_hdr_typev2(&base->hdr);
	memcpy(out->lcl.id_for_peer, base->lcl.id_for_peer,
	       sizeof(out->lcl.id_for_peer));
	memcpy(out->lcl.gid, base->lcl.gid, sizeof(out->lcl.gid));
	memcpy(out->lcl.mac, base->lcl.mac, sizeof(out->lcl.mac));

	/* Linux finds no IP area beyond the SMC-D area, in any version */
	iparea = be16_to_cpu(base->iparea_offset);
	if (iparea > SMC_CLC_SMCD_AREA_LEN)
		rc = -EPROTO;
	else if (out->version == SMC_V1)
		rc = smc_clc_prop_decode_v1(buf, len - SMC_CLC_TRL_LEN,
					    iparea, out);
	else
		rc = smc_clc_prop_decode_v2(buf, len - SMC_CLC_TRL_LEN,
					    iparea, out);
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

/* which optional parts @in asks for, and whether that is self-consistent */
static bool smc_clc_prop_info_ok(const struct smc_clc_proposal_info *in)
{
	bool want_prefix = in->typev1 != SMC_TYPE_N;
	bool want_v2_ext = in->typev2 != SMC_TYPE_N;
	bool v1 = in->version == SMC_V1;
	int i;

	if (in->version < SMC_V1 || in->version > 0xf ||
	    in->typev1 > SMC_TYPE_B || in->typev2 > SMC_TYPE_B)
		return false;
	if (v1) {
		if (in->typev1 == SMC_TYPE_N || !in->has_prefix ||
		    in->has_v2_ext || in->has_smcd_v2_ext)
			return false;
	} else {
		if (!want_prefix && !want_v2_ext)
			return false;
		if (!in->has_smcd_area ||
		    in->has_prefix != want_prefix ||
		    in->has_v2_ext != want_v2_ext ||
		    in->has_smcd_v2_ext != smcd_indicated(in->typev2))
			return false;
	}
	/* counts of absent parts would be silently lost */
	if ((!in->has_prefix && in->ipv6_prefix_cnt) ||
	    (!in->has_v2_ext && in->eid_cnt) ||
	    (!in->has_smcd_v2_ext && in->ism_gid_cnt))
		return false;
	if (in->has_prefix) {
		if (in->ipv4_prefix_len > 32 ||
		    in->ipv6_prefix_cnt > SMC_CLC_MAX_V6_PREFIX)
			return false;
		for (i = 0; i < in->ipv6_prefix_cnt; i++)
			if (in->ipv6_prefix[i].prefix_len > 128)
				return false;
	}
	if (in->has_v2_ext) {
		if (in->eid_cnt > SMC_CLC_MAX_UEID || in->release > 0xf)
			return false;
		if (in->release < SMC_RELEASE_1 &&
		    (in->max_conns || in->max_links || in->feature_mask))
			return false;
	}
	if (in->has_smcd_v2_ext && in->ism_gid_cnt > SMC_CLC_MAX_ISM_GIDS)
		return false;
	return true;
}

/* Lays the message out as Linux 6.12 does: the SMC-D area in every v2
 * message, iparea_offset 40 when there is an IP area and 0 otherwise, the
 * extensions back to back.
 *
 * Linux fills the SMC-D GID and CHID only when SMC-D is offered for v1, and
 * callers should do the same: a Linux receiver reads the IPv6 prefix count
 * at iparea_offset + 7 behind the base even when typev1 is N, which with
 * offset 0 is the last byte of the SMC-D GID, and refuses the proposal when
 * that byte is above 8.
 */
int smc_clc_proposal_encode(void *buf, size_t cap,
			    const struct smc_clc_proposal_info *in)
{
	struct smc_clc_proposal_base *base = buf;
	struct smc_clc_smcd_area *a;
	struct smc_clc_prefix_area *pa;
	struct smc_clc_smcd_v2_ext *dx;
	struct smc_clc_ism_gid_chid *gc;
	struct smc_clc_v2_ext *x;
	size_t prefix_len = 0, v2_len = 0, smcd_v2_len = 0;
	size_t len, pos;
	bool smcd_area;
	u8 *p = buf;
	int i;

	if (!smc_clc_prop_info_ok(in))
		return -EINVAL;
	smcd_area = in->has_smcd_area;
	if (in->has_prefix)
		prefix_len = SMC_CLC_PREFIX_LEN +
			     in->ipv6_prefix_cnt * SMC_CLC_V6_PREFIX_LEN;
	if (in->has_v2_ext)
		v2_len = SMC_CLC_V2_EXT_LEN + in->eid_cnt * SMC_CLC_EID_LEN;
	if (in->has_smcd_v2_ext)
		smcd_v2_len = SMC_CLC_SMCD_V2_EXT_LEN +
			      in->ism_gid_cnt * SMC_CLC_GIDCHID_LEN;
	len = SMC_CLC_PROP_BASE_LEN + (smcd_area ? SMC_CLC_SMCD_AREA_LEN : 0) +
	      prefix_len + v2_len + smcd_v2_len + SMC_CLC_TRL_LEN;
	if (cap < len)
		return -EMSGSIZE;

	memset(buf, 0, len);
	smc_clc_put_frame(buf, len, SMC_CLC_PROPOSAL,
			  smc_clc_verbits(in->version, in->typev2, in->typev1),
			  smc_clc_eyecatcher_r);
	memcpy(base->lcl.id_for_peer, in->lcl.id_for_peer,
	       sizeof(base->lcl.id_for_peer));
	memcpy(base->lcl.gid, in->lcl.gid, sizeof(base->lcl.gid));
	memcpy(base->lcl.mac, in->lcl.mac, sizeof(base->lcl.mac));
	pos = SMC_CLC_PROP_BASE_LEN;

	if (smcd_area) {
		a = (struct smc_clc_smcd_area *)(p + pos);
		a->ism_gid = cpu_to_be64(in->ism_gid);
		a->ism_chid = cpu_to_be16(in->ism_chid);
		if (in->has_v2_ext)
			a->v2_ext_offset =
				cpu_to_be16((u16)(SMC_CLC_SMCD_AREA_END +
						  prefix_len -
						  SMC_CLC_V2_EXT_ORIGIN));
		pos += SMC_CLC_SMCD_AREA_LEN;
	}

	if (in->has_prefix) {
		if (smcd_area)
			base->iparea_offset =
				cpu_to_be16(SMC_CLC_SMCD_AREA_LEN);
		pa = (struct smc_clc_prefix_area *)(p + pos);
		pa->outgoing_subnet = in->ipv4_subnet;
		pa->prefix_len = in->ipv4_prefix_len;
		pa->ipv6_prefixes_cnt = in->ipv6_prefix_cnt;
		memcpy(p + pos + SMC_CLC_PREFIX_LEN, in->ipv6_prefix,
		       in->ipv6_prefix_cnt * SMC_CLC_V6_PREFIX_LEN);
		pos += prefix_len;
	}

	if (in->has_v2_ext) {
		x = (struct smc_clc_v2_ext *)(p + pos);
		x->eid_cnt = in->eid_cnt;
		x->flag = (u8)((in->release << 4) |
			       (in->seid ? SMC_CLC_V2_FLAG_SEID : 0));
		memcpy(x->roce_gid, in->roce_gid, sizeof(x->roce_gid));
		x->max_conns = in->max_conns;
		x->max_links = in->max_links;
		x->feature_mask = cpu_to_be16(in->feature_mask);
		memcpy(p + pos + SMC_CLC_V2_EXT_LEN, in->ueid,
		       in->eid_cnt * SMC_CLC_EID_LEN);
		if (in->has_smcd_v2_ext) {
			x->ism_gid_cnt = in->ism_gid_cnt;
			x->smcd_v2_ext_offset =
				cpu_to_be16((u16)(v2_len -
						  SMC_CLC_SMCD_V2_EXT_ORIGIN));
		}
		pos += v2_len;
	}

	if (in->has_smcd_v2_ext) {
		dx = (struct smc_clc_smcd_v2_ext *)(p + pos);
		memcpy(dx->system_eid, in->system_eid, sizeof(dx->system_eid));
		gc = (struct smc_clc_ism_gid_chid *)
			(p + pos + SMC_CLC_SMCD_V2_EXT_LEN);
		for (i = 0; i < in->ism_gid_cnt; i++) {
			gc[i].gid = cpu_to_be64(in->ism_v2[i].gid);
			gc[i].chid = cpu_to_be16(in->ism_v2[i].chid);
		}
	}
	return (int)len;
}

/* ---- accept and confirm ------------------------------------------------- */

static void smc_clc_get_fce(const u8 *p, size_t fce_len,
			    struct smc_clc_accept_info *out)
{
	const struct smc_clc_fce *f = (const struct smc_clc_fce *)p;
	const struct smc_clc_fce_v21 *f21 =
		(const struct smc_clc_fce_v21 *)(p + sizeof(*f));

	out->has_fce = true;
	out->v2_direct = f->direct & SMC_CLC_FCE_DIRECT;
	out->os_type = f->os_release >> 4;
	out->release = f->os_release & 0xf;
	memcpy(out->hostname, f->hostname, sizeof(out->hostname));
	if (fce_len < SMC_CLC_FCE_LEN_V21)
		return;
	out->has_fce_v21 = true;
	/* release 0 (Linux 6.1, or 6.12 talking to it): reserved zeros */
	if (out->release < SMC_RELEASE_1)
		return;
	out->max_conns = f21->max_conns;
	out->max_links = f21->max_links;
	out->feature_mask = be16_to_cpu(f21->feature_mask);
	out->vendor_exp_options = be32_to_cpu(f21->vendor_exp_options);
}

static void smcr_clc_get_body(const u8 *p, bool v2,
			      struct smc_clc_accept_info *out)
{
	const struct smcr_clc_accept_body *b =
		(const struct smcr_clc_accept_body *)(p + SMC_CLC_HDR_LEN);
	const struct smcr_clc_accept_v2_tail *t =
		(const struct smcr_clc_accept_v2_tail *)(p + SMCR_CLC_BODY_END);

	memcpy(out->lcl.id_for_peer, b->lcl.id_for_peer,
	       sizeof(out->lcl.id_for_peer));
	memcpy(out->lcl.gid, b->lcl.gid, sizeof(out->lcl.gid));
	memcpy(out->lcl.mac, b->lcl.mac, sizeof(out->lcl.mac));
	out->qpn = smc_get_be24(b->qpn);
	out->rmb_rkey = be32_to_cpu(b->rmb_rkey);
	out->rmbe_idx = b->rmbe_idx;
	out->rmbe_alert_token = be32_to_cpu(b->rmbe_alert_token);
	out->rmbe_size = b->size_mtu >> 4;
	out->qp_mtu = b->size_mtu & 0xf;
	out->rmb_vaddr = be64_to_cpu(b->rmb_vaddr);
	out->psn = smc_get_be24(b->psn);
	if (v2)
		memcpy(out->eid, t->eid, sizeof(out->eid));
}

static void smcd_clc_get_body(const u8 *p, bool v2,
			      struct smc_clc_accept_info *out)
{
	const struct smcd_clc_accept_body *b =
		(const struct smcd_clc_accept_body *)(p + SMC_CLC_HDR_LEN);
	const struct smcd_clc_accept_v2_tail *t =
		(const struct smcd_clc_accept_v2_tail *)(p + SMCD_CLC_BODY_END);

	out->d_gid = be64_to_cpu(b->gid);
	out->d_token = be64_to_cpu(b->token);
	out->d_dmbe_idx = b->dmbe_idx;
	out->d_dmbe_size = b->dmbe_size >> 4;
	out->d_linkid = be32_to_cpu(b->linkid);
	if (!v2)
		return;
	out->d_chid = be16_to_cpu(t->chid);
	memcpy(out->eid, t->eid, sizeof(out->eid));
	out->d_gid_ext = be64_to_cpu(t->gid_ext);
}

/* Lengths as explained at smc_clc_acc_bounds(); here the parts behind the
 * fixed v2 part are walked and must end exactly at the trailer.  Values of
 * the fields (MTU, buffer size, ...) are the caller's business.
 */
int smc_clc_accept_decode(const void *buf, size_t len, u8 expected_type,
			  struct smc_clc_accept_info *out)
{
	const struct smc_clc_hdr *hdr = buf;
	const struct smc_clc_gid_ext *gle;
	const u8 *p = buf;
	size_t pos, trl, fce_len;
	bool smcr, v2;
	u8 release;

	memset(out, 0, sizeof(*out));
	if ((expected_type != SMC_CLC_ACCEPT &&
	     expected_type != SMC_CLC_CONFIRM) ||
	    !smc_clc_frame_ok(p, len, expected_type))
		return -EPROTO;
	/* frame_ok() made sure of typev1 and of the bounds of the length */
	trl = len - SMC_CLC_TRL_LEN;
	smcr = smc_clc_hdr_typev1(hdr) == SMC_TYPE_R;
	v2 = smc_clc_hdr_version(hdr) >= SMC_V2;
	out->type = hdr->type;
	out->version = v2 ? SMC_V2 : SMC_V1;
	out->typev1 = smc_clc_hdr_typev1(hdr);
	out->first_contact = smc_clc_hdr_typev2(hdr) & SMC_CLC_FIRST_CONTACT;

	if (v2 && out->first_contact) {
		pos = smcr ? SMCR_CLC_V2_FIXED : SMCD_CLC_V2_FIXED;
		if (pos + SMC_CLC_FCE_LEN_V20 > trl)
			goto err;
		release = p[pos + offsetof(struct smc_clc_fce, os_release)] &
			  0xf;
		fce_len = smcr || release >= SMC_RELEASE_1 ?
			  SMC_CLC_FCE_LEN_V21 : SMC_CLC_FCE_LEN_V20;
		if (pos + fce_len > trl)
			goto err;
		smc_clc_get_fce(p + pos, fce_len, out);
		pos += fce_len;
		if (smcr && out->type == SMC_CLC_CONFIRM) {
			if (pos + SMC_CLC_GID_EXT_LEN > trl)
				goto err;
			gle = (const struct smc_clc_gid_ext *)(p + pos);
			pos += SMC_CLC_GID_EXT_LEN;
			if (gle->gid_cnt > SMC_CLC_MAX_GIDS ||
			    pos + gle->gid_cnt * SMC_CLC_GID_LEN > trl)
				goto err;
			out->gid_cnt = gle->gid_cnt;
			memcpy(out->gid, p + pos,
			       out->gid_cnt * SMC_CLC_GID_LEN);
			pos += out->gid_cnt * SMC_CLC_GID_LEN;
		}
		if (pos != trl)
			goto err;
	}
	/* lengths without first contact extension are exact in the bounds */
	if (smcr)
		smcr_clc_get_body(p, v2, out);
	else
		smcd_clc_get_body(p, v2, out);
	return 0;
err:
	memset(out, 0, sizeof(*out));
	return -EPROTO;
}

static bool smc_clc_acc_info_ok(const struct smc_clc_accept_info *in)
{
	bool smcr = in->typev1 == SMC_TYPE_R;
	bool v2 = in->version == SMC_V2;
	bool fce = v2 && in->first_contact;

	if ((in->type != SMC_CLC_ACCEPT && in->type != SMC_CLC_CONFIRM) ||
	    (in->version != SMC_V1 && !v2) ||
	    (in->typev1 != SMC_TYPE_R && in->typev1 != SMC_TYPE_D))
		return false;
	if (smcr && (in->qpn > SMC_CLC_U24_MAX || in->psn > SMC_CLC_U24_MAX ||
		     in->rmbe_size > 0xf || in->qp_mtu > 0xf))
		return false;
	if (!smcr && in->d_dmbe_size > 0xf)
		return false;
	if (in->has_fce != fce)
		return false;
	if (!fce)
		return !in->has_fce_v21 && !in->gid_cnt;
	if (in->os_type > 0xf || in->release > 0xf ||
	    in->has_fce_v21 != (smcr || in->release >= SMC_RELEASE_1))
		return false;
	if (in->release < SMC_RELEASE_1 &&
	    (in->max_conns || in->max_links || in->feature_mask ||
	     in->vendor_exp_options))
		return false;
	if (in->gid_cnt && (!smcr || in->type != SMC_CLC_CONFIRM))
		return false;
	return in->gid_cnt <= SMC_CLC_MAX_GIDS;
}

static void smc_clc_put_fce(u8 *p, const struct smc_clc_accept_info *in)
{
	struct smc_clc_fce *f = (struct smc_clc_fce *)p;
	struct smc_clc_fce_v21 *f21 = (struct smc_clc_fce_v21 *)(f + 1);

	f->direct = in->v2_direct ? SMC_CLC_FCE_DIRECT : 0;
	f->os_release = (u8)((in->os_type << 4) | in->release);
	memcpy(f->hostname, in->hostname, sizeof(f->hostname));
	if (!in->has_fce_v21)
		return;
	f21->max_conns = in->max_conns;
	f21->max_links = in->max_links;
	f21->feature_mask = cpu_to_be16(in->feature_mask);
	f21->vendor_exp_options = cpu_to_be32(in->vendor_exp_options);
}

static void smcr_clc_put_body(u8 *p, const struct smc_clc_accept_info *in)
{
	struct smcr_clc_accept_body *b =
		(struct smcr_clc_accept_body *)(p + SMC_CLC_HDR_LEN);
	struct smcr_clc_accept_v2_tail *t =
		(struct smcr_clc_accept_v2_tail *)(p + SMCR_CLC_BODY_END);

	memcpy(b->lcl.id_for_peer, in->lcl.id_for_peer,
	       sizeof(b->lcl.id_for_peer));
	memcpy(b->lcl.gid, in->lcl.gid, sizeof(b->lcl.gid));
	memcpy(b->lcl.mac, in->lcl.mac, sizeof(b->lcl.mac));
	smc_put_be24(b->qpn, in->qpn);
	b->rmb_rkey = cpu_to_be32(in->rmb_rkey);
	b->rmbe_idx = in->rmbe_idx;
	b->rmbe_alert_token = cpu_to_be32(in->rmbe_alert_token);
	b->size_mtu = (u8)((in->rmbe_size << 4) | in->qp_mtu);
	b->rmb_vaddr = cpu_to_be64(in->rmb_vaddr);
	smc_put_be24(b->psn, in->psn);
	if (in->version == SMC_V2)
		memcpy(t->eid, in->eid, sizeof(t->eid));
}

static void smcd_clc_put_body(u8 *p, const struct smc_clc_accept_info *in)
{
	struct smcd_clc_accept_body *b =
		(struct smcd_clc_accept_body *)(p + SMC_CLC_HDR_LEN);
	struct smcd_clc_accept_v2_tail *t =
		(struct smcd_clc_accept_v2_tail *)(p + SMCD_CLC_BODY_END);

	b->gid = cpu_to_be64(in->d_gid);
	b->token = cpu_to_be64(in->d_token);
	b->dmbe_idx = in->d_dmbe_idx;
	b->dmbe_size = (u8)(in->d_dmbe_size << 4);
	b->linkid = cpu_to_be32(in->d_linkid);
	if (in->version != SMC_V2)
		return;
	t->chid = cpu_to_be16(in->d_chid);
	memcpy(t->eid, in->eid, sizeof(t->eid));
	t->gid_ext = cpu_to_be64(in->d_gid_ext);
}

/* Fields of the other SMC variant, and v2 fields in a v1 message, are not
 * sent.  The eyecatcher follows the variant, like Linux.
 */
int smc_clc_accept_encode(void *buf, size_t cap,
			  const struct smc_clc_accept_info *in)
{
	struct smc_clc_gid_ext *gle;
	size_t len, fce_len = 0;
	bool smcr, gids;
	u8 *p = buf;

	if (!smc_clc_acc_info_ok(in))
		return -EINVAL;
	smcr = in->typev1 == SMC_TYPE_R;
	gids = in->has_fce && smcr && in->type == SMC_CLC_CONFIRM;
	if (in->version == SMC_V1) {
		len = smcr ? SMCR_CLC_ACCEPT_CONFIRM_LEN :
			     SMCD_CLC_ACCEPT_CONFIRM_LEN;
	} else {
		len = smcr ? SMCR_CLC_ACCEPT_CONFIRM_LEN_V2 :
			     SMCD_CLC_ACCEPT_CONFIRM_LEN_V2;
		if (in->has_fce)
			fce_len = in->has_fce_v21 ? SMC_CLC_FCE_LEN_V21 :
						    SMC_CLC_FCE_LEN_V20;
		len += fce_len;
		if (gids)
			len += SMC_CLC_GID_EXT_LEN +
			       in->gid_cnt * SMC_CLC_GID_LEN;
	}
	if (cap < len)
		return -EMSGSIZE;

	memset(buf, 0, len);
	smc_clc_put_frame(p, len, in->type,
			  smc_clc_verbits(in->version,
					  in->first_contact ?
					  SMC_CLC_FIRST_CONTACT : 0,
					  in->typev1),
			  smcr ? smc_clc_eyecatcher_r : smc_clc_eyecatcher_d);
	if (smcr)
		smcr_clc_put_body(p, in);
	else
		smcd_clc_put_body(p, in);
	if (!in->has_fce)
		return (int)len;
	p += smcr ? SMCR_CLC_V2_FIXED : SMCD_CLC_V2_FIXED;
	smc_clc_put_fce(p, in);
	if (gids) {
		gle = (struct smc_clc_gid_ext *)(p + fce_len);
		gle->gid_cnt = in->gid_cnt;
		memcpy(gle + 1, in->gid, in->gid_cnt * SMC_CLC_GID_LEN);
	}
	return (int)len;
}
