// SPDX-License-Identifier: GPL-2.0
/*
 * SMC dump header: encoder and decoder.
 *
 * Pure code, shared by smc.ko and the userspace tests, the fuzzer and the
 * pcap generator of the Wireshark dissector's tests.
 */

#include "smc_dump_wire.h"

#define SMC_DUMP_CDC_TYPE	0xfe	/* SMC_CDC_MSG_TYPE */

/* direction, event, mode, flags and message type fit together */
static bool smc_dump_consistent(const struct smc_dump_info *i, u32 caplen)
{
	if (i->dir != SMC_DUMP_DIR_TX && i->dir != SMC_DUMP_DIR_RX)
		return false;
	if (i->mode != SMC_DUMP_MODE_SMCR && i->mode != SMC_DUMP_MODE_SMCD)
		return false;
	if (caplen > i->len)
		return false;
	switch (i->event) {
	case SMC_DUMP_EV_LLC:
		if (i->msg_type == SMC_DUMP_CDC_TYPE ||
		    (i->flags & SMC_DUMP_F_URG))
			return false;
		break;
	case SMC_DUMP_EV_CDC:
		if (i->msg_type != SMC_DUMP_CDC_TYPE ||
		    (i->flags & SMC_DUMP_F_URG))
			return false;
		break;
	case SMC_DUMP_EV_DATA:
		if (i->msg_type)
			return false;
		break;
	default:
		return false;
	}
	return true;
}

int smc_dump_encode(void *buf, size_t cap, const struct smc_dump_info *in,
		    u32 caplen)
{
	struct smc_dump_hdr *h = buf;
	u8 flags = in->flags & ~SMC_DUMP_F_TRUNC;

	if ((in->flags & ~SMC_DUMP_F_MASK) || !smc_dump_consistent(in, caplen))
		return -EINVAL;
	if (cap < SMC_DUMP_HDR_LEN)
		return -EMSGSIZE;
	if (caplen < in->len)
		flags |= SMC_DUMP_F_TRUNC;
	memset(h, 0, sizeof(*h));
	h->magic = cpu_to_be32(SMC_DUMP_MAGIC);
	h->version = SMC_DUMP_VERSION;
	h->hdr_len = SMC_DUMP_HDR_LEN;
	h->dir = in->dir;
	h->event = in->event;
	h->mode = in->mode;
	h->flags = flags;
	h->link_id = in->link_id;
	h->msg_type = in->msg_type;
	h->lgr_id = cpu_to_be32(in->lgr_id);
	h->token = cpu_to_be32(in->token);
	h->lport = cpu_to_be16(in->lport);
	h->pport = cpu_to_be16(in->pport);
	memcpy(h->laddr, in->laddr, SMC_DUMP_ADDR_LEN);
	memcpy(h->paddr, in->paddr, SMC_DUMP_ADDR_LEN);
	h->rmb_off = cpu_to_be32(in->rmb_off);
	h->len = cpu_to_be32(in->len);
	h->seq = cpu_to_be32(in->seq);
	h->drops = cpu_to_be32(in->drops);
	return SMC_DUMP_HDR_LEN;
}

int smc_dump_decode(const void *buf, size_t len, struct smc_dump_info *out)
{
	const struct smc_dump_hdr *h = buf;
	struct smc_dump_info i;
	bool trunc, short_payload;
	u32 caplen;

	memset(out, 0, sizeof(*out));
	if (len < SMC_DUMP_HDR_LEN ||
	    be32_to_cpu(h->magic) != SMC_DUMP_MAGIC ||
	    h->version < SMC_DUMP_VERSION || h->hdr_len < SMC_DUMP_HDR_LEN ||
	    h->hdr_len > len)
		return -EPROTO;
	/* version 1 is exactly this; later ones may append fields and
	 * define further flags
	 */
	if (h->version == SMC_DUMP_VERSION &&
	    (h->hdr_len != SMC_DUMP_HDR_LEN || (h->flags & ~SMC_DUMP_F_MASK)))
		return -EPROTO;
	memset(&i, 0, sizeof(i));
	i.version = h->version;
	i.hdr_len = h->hdr_len;
	i.dir = h->dir;
	i.event = h->event;
	i.mode = h->mode;
	i.flags = h->flags;
	i.link_id = h->link_id;
	i.msg_type = h->msg_type;
	i.lgr_id = be32_to_cpu(h->lgr_id);
	i.token = be32_to_cpu(h->token);
	i.lport = be16_to_cpu(h->lport);
	i.pport = be16_to_cpu(h->pport);
	memcpy(i.laddr, h->laddr, SMC_DUMP_ADDR_LEN);
	memcpy(i.paddr, h->paddr, SMC_DUMP_ADDR_LEN);
	i.rmb_off = be32_to_cpu(h->rmb_off);
	i.len = be32_to_cpu(h->len);
	i.seq = be32_to_cpu(h->seq);
	i.drops = be32_to_cpu(h->drops);
	if (len - h->hdr_len > i.len)
		return -EPROTO;
	caplen = len - h->hdr_len;
	/* TRUNC exactly when the payload is shorter than the block */
	trunc = i.flags & SMC_DUMP_F_TRUNC;
	short_payload = caplen < i.len;
	if (!smc_dump_consistent(&i, caplen) || trunc != short_payload)
		return -EPROTO;
	*out = i;
	return 0;
}
