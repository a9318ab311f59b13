// SPDX-License-Identifier: GPL-2.0
/*
 * Decoders for the replies of the SMC_GEN_NETLINK and SMC_PNETID families,
 * and of this module's own SMC_POLICY family.
 *
 * The attribute layout is Linux's (include/uapi/linux/smc.h).  Nothing in a
 * reply is trusted: every attribute must have the size of its type or it is
 * dropped and counted, strings are cut to their buffers and stripped of
 * control characters (a peer's host name and EID travel in them), and the
 * lists grow only up to fixed limits.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>

#include "smcr.h"

#define SMCR_MAX_OBJS	65536	/* link groups, devices or PNET entries */

/* the attributes of one message or nest, indexed by type; type 0 included */
static void attr_table(const struct nlattr *head, int len,
		       const struct nlattr **tb, int max, unsigned int *bad)
{
	const struct nlattr *a;
	int rem = len;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	for (a = head; nla_ok(a, rem); a = nla_next(a, &rem)) {
		int type = nla_type(a);

		if (type <= max)
			tb[type] = a;
	}
	/* a few bytes of padding may remain, a header's worth may not */
	if (rem >= NLA_HDRLEN)
		(*bad)++;
}

static int genl_attrs(const struct nlmsghdr *nlh, const struct nlattr **head,
		      int *len)
{
	size_t hdr = NLMSG_HDRLEN + GENL_HDRLEN;

	if (nlh->nlmsg_len < hdr)
		return -EINVAL;
	*head = (const struct nlattr *)((const char *)nlh + hdr);
	*len = (int)(nlh->nlmsg_len - hdr);
	return 0;
}

static void nest_table(const struct nlattr *nest, const struct nlattr **tb,
		       int max, unsigned int *bad)
{
	attr_table(nla_data(nest), nla_len(nest), tb, max, bad);
}

static bool sized(const struct nlattr *a, int size, unsigned int *bad)
{
	if (!a)
		return false;
	if (nla_len(a) != size) {
		(*bad)++;
		return false;
	}
	return true;
}

static void get_u8(const struct nlattr *a, uint8_t *v, unsigned int *bad)
{
	if (sized(a, 1, bad))
		memcpy(v, nla_data(a), 1);
}

static bool get_u16(const struct nlattr *a, uint16_t *v, unsigned int *bad)
{
	if (!sized(a, 2, bad))
		return false;
	memcpy(v, nla_data(a), 2);
	return true;
}

static bool get_u32(const struct nlattr *a, uint32_t *v, unsigned int *bad)
{
	if (!sized(a, 4, bad))
		return false;
	memcpy(v, nla_data(a), 4);
	return true;
}

static bool get_u64(const struct nlattr *a, uint64_t *v, unsigned int *bad)
{
	if (!sized(a, 8, bad))
		return false;
	memcpy(v, nla_data(a), 8);
	return true;
}

/* NLA_UINT (6.8+): 4 bytes while the value fits, else 8 */
static bool get_uint(const struct nlattr *a, uint64_t *v, unsigned int *bad)
{
	uint32_t v32;

	if (!a)
		return false;
	if (nla_len(a) == 4) {
		memcpy(&v32, nla_data(a), 4);
		*v = v32;
		return true;
	}
	return get_u64(a, v, bad);
}

/* printable ASCII only: these strings end up on a terminal */
static void get_str(const struct nlattr *a, char *buf, size_t size)
{
	const char *s;
	size_t i, n;

	if (!a)
		return;
	s = nla_data(a);
	n = nla_len(a);
	for (i = 0; i < n && i + 1 < size && s[i]; i++)
		buf[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	buf[i] = '\0';
}

static void rstrip(char *s)
{
	size_t n = strlen(s);

	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
}

static void *grow(void *arr, size_t *cap, size_t n, size_t elem)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return arr;
	if (n >= SMCR_MAX_OBJS)
		return NULL;
	ncap = *cap ? *cap * 2 : 8;
	p = realloc(arr, ncap * elem);
	if (!p)
		return NULL;
	*cap = ncap;
	return p;
}

/* --- SMC_GEN_SYS_INFO ------------------------------------------------------ */

int smcr_parse_sys_info(const struct nlmsghdr *nlh, struct smcr_sys_info *si)
{
	const struct nlattr *top[SMC_GEN_MAX + 1];
	const struct nlattr *tb[SMC_NLA_SYS_MAX + 1];
	const struct nlattr *head;
	int len;

	if (genl_attrs(nlh, &head, &len))
		return -EINVAL;
	attr_table(head, len, top, SMC_GEN_MAX, &si->bad_attrs);
	if (!top[SMC_GEN_SYS_INFO])
		return 0;
	nest_table(top[SMC_GEN_SYS_INFO], tb, SMC_NLA_SYS_MAX, &si->bad_attrs);

	if (sized(tb[SMC_NLA_SYS_VER], 1, &si->bad_attrs)) {
		get_u8(tb[SMC_NLA_SYS_VER], &si->ver, &si->bad_attrs);
		si->valid = true;
	}
	if (sized(tb[SMC_NLA_SYS_REL], 1, &si->bad_attrs)) {
		get_u8(tb[SMC_NLA_SYS_REL], &si->rel, &si->bad_attrs);
		si->has_rel = true;
	}
	get_u8(tb[SMC_NLA_SYS_IS_ISM_V2], &si->ism_v2, &si->bad_attrs);
	if (sized(tb[SMC_NLA_SYS_IS_SMCR_V2], 1, &si->bad_attrs)) {
		get_u8(tb[SMC_NLA_SYS_IS_SMCR_V2], &si->smcr_v2,
		       &si->bad_attrs);
		si->has_smcr_v2 = true;
	}
	get_str(tb[SMC_NLA_SYS_LOCAL_HOST], si->host, sizeof(si->host));
	get_str(tb[SMC_NLA_SYS_SEID], si->seid, sizeof(si->seid));
	rstrip(si->host);
	rstrip(si->seid);
	return 0;
}

/* --- SMC_GEN_LGR_SMCR / SMC_GEN_LINK_SMCR ---------------------------------- */

static void parse_lgr_v2(const struct nlattr *common, const struct nlattr *v2,
			 struct smcr_lgr *g, unsigned int *bad)
{
	const struct nlattr *tb[SMC_NLA_LGR_R_V2_MAX + 1];
	const struct nlattr *cm[SMC_NLA_LGR_V2_MAX + 1];

	if (common) {
		/* the one attribute set of SMC that starts at type 0 */
		nest_table(common, cm, SMC_NLA_LGR_V2_MAX, bad);
		g->have |= SMCR_LGR_V2;
		get_u8(cm[SMC_NLA_LGR_V2_VER], &g->version, bad);
		get_u8(cm[SMC_NLA_LGR_V2_REL], &g->peer_rel, bad);
		get_u8(cm[SMC_NLA_LGR_V2_OS], &g->peer_os, bad);
		get_str(cm[SMC_NLA_LGR_V2_NEG_EID], g->eid, sizeof(g->eid));
		get_str(cm[SMC_NLA_LGR_V2_PEER_HOST], g->peer_host,
			sizeof(g->peer_host));
		rstrip(g->eid);
		rstrip(g->peer_host);
	}
	if (v2) {
		nest_table(v2, tb, SMC_NLA_LGR_R_V2_MAX, bad);
		g->have |= SMCR_LGR_V2R;
		get_u8(tb[SMC_NLA_LGR_R_V2_DIRECT], &g->direct, bad);
		if (tb[SMC_NLA_LGR_R_V2_MAX_CONNS] &&
		    tb[SMC_NLA_LGR_R_V2_MAX_LINKS]) {
			unsigned int before = *bad;

			get_u8(tb[SMC_NLA_LGR_R_V2_MAX_CONNS], &g->max_conns,
			       bad);
			get_u8(tb[SMC_NLA_LGR_R_V2_MAX_LINKS], &g->max_links,
			       bad);
			if (*bad == before)
				g->have |= SMCR_LGR_MAXES;
		}
	}
}

static void parse_lgr_attrs(const struct nlattr *nest, struct smcr_lgr *g,
			    unsigned int *bad)
{
	const struct nlattr *tb[SMC_NLA_LGR_R_MAX + 1];

	nest_table(nest, tb, SMC_NLA_LGR_R_MAX, bad);
	get_u32(tb[SMC_NLA_LGR_R_ID], &g->id, bad);
	get_u32(tb[SMC_NLA_LGR_R_CONNS_NUM], &g->conns, bad);
	get_u8(tb[SMC_NLA_LGR_R_ROLE], &g->role, bad);
	get_u8(tb[SMC_NLA_LGR_R_TYPE], &g->type, bad);
	get_u8(tb[SMC_NLA_LGR_R_VLAN_ID], &g->vlan, bad);
	if (sized(tb[SMC_NLA_LGR_R_BUF_TYPE], 1, bad)) {
		get_u8(tb[SMC_NLA_LGR_R_BUF_TYPE], &g->buf_type, bad);
		g->have |= SMCR_LGR_BUF_TYPE;
	}
	if (get_u64(tb[SMC_NLA_LGR_R_NET_COOKIE], &g->net_cookie, bad))
		g->have |= SMCR_LGR_COOKIE;
	get_str(tb[SMC_NLA_LGR_R_PNETID], g->pnetid, sizeof(g->pnetid));
	rstrip(g->pnetid);
	if (get_uint(tb[SMC_NLA_LGR_R_SNDBUF_ALLOC], &g->sndbuf_bytes, bad) &&
	    get_uint(tb[SMC_NLA_LGR_R_RMB_ALLOC], &g->rmb_bytes, bad))
		g->have |= SMCR_LGR_BUFS;
	parse_lgr_v2(tb[SMC_NLA_LGR_R_V2_COMMON], tb[SMC_NLA_LGR_R_V2], g,
		     bad);
}

static void parse_link_attrs(const struct nlattr *nest, struct smcr_link *k,
			     unsigned int *bad)
{
	const struct nlattr *tb[SMC_NLA_LINK_EXT_MAX + 1];

	nest_table(nest, tb, SMC_NLA_LINK_EXT_MAX, bad);
	get_u8(tb[SMC_NLA_LINK_ID], &k->id, bad);
	get_u8(tb[SMC_NLA_LINK_IB_PORT], &k->ib_port, bad);
	get_u32(tb[SMC_NLA_LINK_STATE], &k->state, bad);
	get_u32(tb[SMC_NLA_LINK_CONN_CNT], &k->conn_cnt, bad);
	get_u32(tb[SMC_NLA_LINK_NET_DEV], &k->net_dev, bad);
	get_u32(tb[SMC_NLA_LINK_UID], &k->uid, bad);
	get_u32(tb[SMC_NLA_LINK_PEER_UID], &k->peer_uid, bad);
	get_str(tb[SMC_NLA_LINK_IB_DEV], k->ib_dev, sizeof(k->ib_dev));
	get_str(tb[SMC_NLA_LINK_GID], k->gid, sizeof(k->gid));
	get_str(tb[SMC_NLA_LINK_PEER_GID], k->peer_gid, sizeof(k->peer_gid));
	k->have_iw = get_u32(tb[SMC_NLA_LINK_IW_SADDR], &k->iw_saddr, bad) &&
		     get_u32(tb[SMC_NLA_LINK_IW_DADDR], &k->iw_daddr, bad) &&
		     get_u16(tb[SMC_NLA_LINK_IW_SPORT], &k->iw_sport, bad) &&
		     get_u16(tb[SMC_NLA_LINK_IW_DPORT], &k->iw_dport, bad);
}

int smcr_parse_lgr(const struct nlmsghdr *nlh, struct smcr_lgr_list *l)
{
	const struct nlattr *top[SMC_GEN_MAX + 1];
	const struct nlattr *head;
	int len;

	if (genl_attrs(nlh, &head, &len))
		return -EINVAL;
	attr_table(head, len, top, SMC_GEN_MAX, &l->bad_attrs);

	if (top[SMC_GEN_LGR_SMCR]) {
		struct smcr_lgr *p;

		p = grow(l->lgrs, &l->cap, l->n, sizeof(*p));
		if (!p)
			return -ENOMEM;
		l->lgrs = p;
		p = &l->lgrs[l->n++];
		memset(p, 0, sizeof(*p));
		parse_lgr_attrs(top[SMC_GEN_LGR_SMCR], p, &l->bad_attrs);
	}
	if (top[SMC_GEN_LINK_SMCR]) {
		struct smcr_lgr *g;

		/* the kernel sends a link right after its link group */
		if (!l->n) {
			l->orphans++;
			return 0;
		}
		g = &l->lgrs[l->n - 1];
		if (g->n_links >= SMCR_MAX_LINKS) {
			l->bad_attrs++;
			return 0;
		}
		memset(&g->links[g->n_links], 0, sizeof(g->links[0]));
		parse_link_attrs(top[SMC_GEN_LINK_SMCR],
				 &g->links[g->n_links], &l->bad_attrs);
		g->n_links++;
	}
	return 0;
}

void smcr_lgr_list_free(struct smcr_lgr_list *l)
{
	free(l->lgrs);
	memset(l, 0, sizeof(*l));
}

/* --- SMC_GEN_DEV_SMCR ------------------------------------------------------ */

static void parse_port(const struct nlattr *nest, struct smcr_port *p,
		       unsigned int *bad)
{
	const struct nlattr *tb[SMC_NLA_DEV_PORT_MAX + 1];
	uint8_t valid = 0;

	nest_table(nest, tb, SMC_NLA_DEV_PORT_MAX, bad);
	get_u8(tb[SMC_NLA_DEV_PORT_VALID], &valid, bad);
	p->valid = valid;
	get_u8(tb[SMC_NLA_DEV_PORT_PNET_USR], &p->pnet_usr, bad);
	get_u8(tb[SMC_NLA_DEV_PORT_STATE], &p->state, bad);
	get_u32(tb[SMC_NLA_DEV_PORT_NETDEV], &p->netdev, bad);
	get_u32(tb[SMC_NLA_DEV_PORT_LNK_CNT], &p->lnk_cnt, bad);
	get_str(tb[SMC_NLA_DEV_PORT_PNETID], p->pnetid, sizeof(p->pnetid));
	rstrip(p->pnetid);
}

int smcr_parse_dev(const struct nlmsghdr *nlh, struct smcr_dev_list *l)
{
	const struct nlattr *top[SMC_GEN_MAX + 1];
	const struct nlattr *tb[SMC_NLA_DEV_MAX + 1];
	unsigned int *bad = &l->bad_attrs;
	const struct nlattr *head;
	struct smcr_dev *d;
	int len;

	if (genl_attrs(nlh, &head, &len))
		return -EINVAL;
	attr_table(head, len, top, SMC_GEN_MAX, bad);
	if (!top[SMC_GEN_DEV_SMCR])
		return 0;

	d = grow(l->devs, &l->cap, l->n, sizeof(*d));
	if (!d)
		return -ENOMEM;
	l->devs = d;
	d = &l->devs[l->n++];
	memset(d, 0, sizeof(*d));

	nest_table(top[SMC_GEN_DEV_SMCR], tb, SMC_NLA_DEV_MAX, bad);
	get_u8(tb[SMC_NLA_DEV_IS_CRIT], &d->is_crit, bad);
	get_u32(tb[SMC_NLA_DEV_USE_CNT], &d->use_cnt, bad);
	get_u32(tb[SMC_NLA_DEV_PCI_FID], &d->pci_fid, bad);
	get_u16(tb[SMC_NLA_DEV_PCI_CHID], &d->pci_chid, bad);
	get_u16(tb[SMC_NLA_DEV_PCI_VENDOR], &d->pci_vendor, bad);
	/* Linux leaves the PCI attributes out without a parent device */
	if (get_u16(tb[SMC_NLA_DEV_PCI_DEVICE], &d->pci_device, bad))
		d->has_pci = d->pci_vendor || d->pci_device;
	get_str(tb[SMC_NLA_DEV_PCI_ID], d->pci_id, sizeof(d->pci_id));
	get_str(tb[SMC_NLA_DEV_IB_NAME], d->ib_name, sizeof(d->ib_name));
	if (tb[SMC_NLA_DEV_PORT])
		parse_port(tb[SMC_NLA_DEV_PORT], &d->port[0], bad);
	if (tb[SMC_NLA_DEV_PORT2])
		parse_port(tb[SMC_NLA_DEV_PORT2], &d->port[1], bad);
	return 0;
}

void smcr_dev_list_free(struct smcr_dev_list *l)
{
	free(l->devs);
	memset(l, 0, sizeof(*l));
}

/* --- SMC_GEN_STATS / SMC_GEN_FBACK_STATS ----------------------------------- */

static void parse_u64_array(const struct nlattr *nest, uint64_t *arr,
			    int n, unsigned int *bad)
{
	const struct nlattr *a;
	int rem = nla_len(nest);

	/* types 1..n land in arr[0..n-1]; 0 is the padding attribute */
	for (a = nla_data(nest); nla_ok(a, rem); a = nla_next(a, &rem)) {
		int type = nla_type(a);

		if (type >= 1 && type <= n)
			get_u64(a, &arr[type - 1], bad);
	}
	if (rem >= NLA_HDRLEN)
		(*bad)++;
}

static void parse_tech(const struct nlattr *nest, struct smcr_stats *st,
		       int tech)
{
	struct smcr_tech *t = &st->c.tech[tech];
	unsigned int *bad = &st->bad_attrs;
	const struct nlattr *a;
	int rem = nla_len(nest);

	for (a = nla_data(nest); nla_ok(a, rem); a = nla_next(a, &rem)) {
		int type = nla_type(a);

		switch (type) {
		case SMC_NLA_STATS_T_TX_RMB_SIZE:
		case SMC_NLA_STATS_T_RX_RMB_SIZE:
		case SMC_NLA_STATS_T_TXPLOAD_SIZE:
		case SMC_NLA_STATS_T_RXPLOAD_SIZE:
			parse_u64_array(a, t->hist[type - 1], SMCR_NBUCKETS,
					bad);
			break;
		case SMC_NLA_STATS_T_TX_RMB_STATS:
			parse_u64_array(a, t->rmb[SMCR_RMB_TX], SMCR_NRMB, bad);
			break;
		case SMC_NLA_STATS_T_RX_RMB_STATS:
			parse_u64_array(a, t->rmb[SMCR_RMB_RX], SMCR_NRMB, bad);
			break;
		case SMC_NLA_STATS_T_RX_RMB_USAGE:
			if (get_uint(a, &st->usage[tech][SMCR_RMB_RX], bad))
				st->have_usage[tech] = true;
			break;
		case SMC_NLA_STATS_T_TX_RMB_USAGE:
			if (get_uint(a, &st->usage[tech][SMCR_RMB_TX], bad))
				st->have_usage[tech] = true;
			break;
		default:
			if (type >= SMC_NLA_STATS_T_CLNT_V1_SUCC &&
			    type < SMC_NLA_STATS_T_CLNT_V1_SUCC + SMCR_NCNT)
				get_u64(a, &t->cnt[type -
					SMC_NLA_STATS_T_CLNT_V1_SUCC], bad);
			break;
		}
	}
	if (rem >= NLA_HDRLEN)
		(*bad)++;
}

static void parse_fback(const struct nlattr *nest, struct smcr_stats *st)
{
	const struct nlattr *tb[SMC_NLA_FBACK_STATS_MAX + 1];
	unsigned int *bad = &st->bad_attrs;
	uint8_t server = 0;
	uint32_t code;
	uint16_t cnt;
	size_t i;

	nest_table(nest, tb, SMC_NLA_FBACK_STATS_MAX, bad);
	/* only the first message carries the totals */
	get_u64(tb[SMC_NLA_FBACK_STATS_SRV_CNT], &st->c.fback_srv, bad);
	get_u64(tb[SMC_NLA_FBACK_STATS_CLNT_CNT], &st->c.fback_clnt, bad);
	get_u8(tb[SMC_NLA_FBACK_STATS_TYPE], &server, bad);
	if (!get_u32(tb[SMC_NLA_FBACK_STATS_RSN_CODE], &code, bad) ||
	    !get_u16(tb[SMC_NLA_FBACK_STATS_RSN_CNT], &cnt, bad))
		return;

	for (i = 0; i < st->n_rsn; i++)
		if (st->rsn[i].code == code)
			break;
	if (i == st->n_rsn) {
		if (st->n_rsn >= SMCR_MAX_RSN) {
			(*bad)++;
			return;
		}
		memset(&st->rsn[i], 0, sizeof(st->rsn[i]));
		st->rsn[i].code = code;
		st->n_rsn++;
	}
	if (server)
		st->rsn[i].srv = cnt;
	else
		st->rsn[i].clnt = cnt;
}

int smcr_parse_stats(const struct nlmsghdr *nlh, struct smcr_stats *st)
{
	const struct nlattr *top[SMC_GEN_MAX + 1];
	const struct nlattr *tb[SMC_NLA_STATS_MAX + 1];
	unsigned int *bad = &st->bad_attrs;
	const struct nlattr *head;
	int len;

	if (genl_attrs(nlh, &head, &len))
		return -EINVAL;
	attr_table(head, len, top, SMC_GEN_MAX, bad);
	if (top[SMC_GEN_FBACK_STATS])
		parse_fback(top[SMC_GEN_FBACK_STATS], st);
	if (!top[SMC_GEN_STATS])
		return 0;

	st->have_stats = true;
	nest_table(top[SMC_GEN_STATS], tb, SMC_NLA_STATS_MAX, bad);
	if (tb[SMC_NLA_STATS_SMCD_TECH])
		parse_tech(tb[SMC_NLA_STATS_SMCD_TECH], st, SMCR_TECH_D);
	if (tb[SMC_NLA_STATS_SMCR_TECH])
		parse_tech(tb[SMC_NLA_STATS_SMCR_TECH], st, SMCR_TECH_R);
	get_u64(tb[SMC_NLA_STATS_CLNT_HS_ERR_CNT], &st->c.hs_err_clnt, bad);
	get_u64(tb[SMC_NLA_STATS_SRV_HS_ERR_CNT], &st->c.hs_err_srv, bad);
	return 0;
}

/* --- UEID table ------------------------------------------------------------ */

int smcr_parse_ueid(const struct nlmsghdr *nlh, struct smcr_ueid_list *l)
{
	const struct nlattr *tb[SMC_NLA_EID_TABLE_MAX + 1];
	const struct nlattr *head;
	int len;

	if (genl_attrs(nlh, &head, &len))
		return -EINVAL;
	attr_table(head, len, tb, SMC_NLA_EID_TABLE_MAX, &l->bad_attrs);
	if (!tb[SMC_NLA_EID_TABLE_ENTRY])
		return 0;
	if (l->n >= SMCR_MAX_UEIDS) {
		l->bad_attrs++;
		return 0;
	}
	get_str(tb[SMC_NLA_EID_TABLE_ENTRY], l->ueid[l->n],
		sizeof(l->ueid[0]));
	/* the kernel keeps the blank padding of the wire format */
	rstrip(l->ueid[l->n]);
	l->n++;
	return 0;
}

/* --- SMC_PNETID ------------------------------------------------------------ */

int smcr_parse_pnet(const struct nlmsghdr *nlh, struct smcr_pnet_list *l)
{
	const struct nlattr *tb[SMC_PNETID_MAX + 1];
	struct smcr_pnet_entry *e;
	const struct nlattr *head;
	int len;

	if (genl_attrs(nlh, &head, &len))
		return -EINVAL;
	attr_table(head, len, tb, SMC_PNETID_MAX, &l->bad_attrs);
	if (!tb[SMC_PNETID_NAME]) {
		l->bad_attrs++;
		return 0;
	}
	e = grow(l->e, &l->cap, l->n, sizeof(*e));
	if (!e)
		return -ENOMEM;
	l->e = e;
	e = &l->e[l->n++];
	memset(e, 0, sizeof(*e));
	/* what Linux puts into an entry's unused half */
	strcpy(e->eth, "n/a");
	strcpy(e->ib, "n/a");
	e->port = 0xff;
	get_str(tb[SMC_PNETID_NAME], e->pnetid, sizeof(e->pnetid));
	get_str(tb[SMC_PNETID_ETHNAME], e->eth, sizeof(e->eth));
	get_str(tb[SMC_PNETID_IBNAME], e->ib, sizeof(e->ib));
	get_u8(tb[SMC_PNETID_IBPORT], &e->port, &l->bad_attrs);
	return 0;
}

void smcr_pnet_list_free(struct smcr_pnet_list *l)
{
	free(l->e);
	memset(l, 0, sizeof(*l));
}

/* --- SMC_POLICY (this module's own family) ------------------------------- */

int smcr_parse_policy(const struct nlmsghdr *nlh, struct smcr_policy_list *l)
{
	const struct nlattr *tb[SMC_POLICY_A_MAX + 1];
	struct smcr_policy_entry *e, n = { 0 };
	const struct nlattr *head;
	int len, alen;

	if (genl_attrs(nlh, &head, &len))
		return -EINVAL;
	attr_table(head, len, tb, SMC_POLICY_A_MAX, &l->bad_attrs);
	get_u8(tb[SMC_POLICY_A_FAMILY], &n.family, &l->bad_attrs);
	get_u8(tb[SMC_POLICY_A_PREFIXLEN], &n.plen, &l->bad_attrs);
	get_u16(tb[SMC_POLICY_A_PORT], &n.port, &l->bad_attrs);
	alen = n.family == AF_INET ? 4 : n.family == AF_INET6 ? 16 : 0;
	/* an entry that cannot be shown correctly is not shown at all */
	if (!alen || !sized(tb[SMC_POLICY_A_ADDR], alen, &l->bad_attrs) ||
	    n.plen > alen * 8) {
		l->bad_attrs++;
		return 0;
	}
	memcpy(n.addr, nla_data(tb[SMC_POLICY_A_ADDR]), alen);
	e = grow(l->e, &l->cap, l->n, sizeof(*e));
	if (!e)
		return -ENOMEM;
	l->e = e;
	l->e[l->n++] = n;
	return 0;
}

void smcr_policy_list_free(struct smcr_policy_list *l)
{
	free(l->e);
	memset(l, 0, sizeof(*l));
}

int smcr_parse_capture(const struct nlmsghdr *nlh, struct smcr_capture *c)
{
	const struct nlattr *tb[SMC_NLA_CAPTURE_MAX + 1];
	const struct nlattr *head;
	int len;

	if (genl_attrs(nlh, &head, &len))
		return -EINVAL;
	attr_table(head, len, tb, SMC_NLA_CAPTURE_MAX, &c->bad_attrs);
	if (!get_u32(tb[SMC_NLA_CAPTURE_IFINDEX], &c->ifindex, &c->bad_attrs)) {
		c->bad_attrs++;
		return 0;
	}
	c->present = true;
	get_u32(tb[SMC_NLA_CAPTURE_SNAPLEN], &c->snaplen, &c->bad_attrs);
	get_u32(tb[SMC_NLA_CAPTURE_EVENTS], &c->events, &c->bad_attrs);
	get_u32(tb[SMC_NLA_CAPTURE_MODES], &c->modes, &c->bad_attrs);
	get_u64(tb[SMC_NLA_CAPTURE_RECORDS], &c->records, &c->bad_attrs);
	get_u64(tb[SMC_NLA_CAPTURE_DROPS], &c->drops, &c->bad_attrs);
	return 0;
}

/* --- user input ------------------------------------------------------------ */

/* a comma separated list of the words in @names (bit i for names[i]), or
 * "all" for @all
 */
static const char *word_mask(const char *in, const char *const *names,
			     size_t n, uint32_t all, uint32_t *mask)
{
	const char *p = in;
	uint32_t m = 0;
	size_t i, l;

	if (!strcmp(in, "all")) {
		*mask = all;
		return NULL;
	}
	while (*p) {
		l = strcspn(p, ",");
		for (i = 0; i < n; i++)
			if (l == strlen(names[i]) && !strncmp(p, names[i], l))
				break;
		if (i == n)
			return "unknown word in the list";
		m |= 1U << i;
		p += l;
		if (*p == ',' && !*++p)
			return "empty word in the list";
	}
	if (!m)
		return "empty list";
	*mask = m;
	return NULL;
}

const char *smcr_capture_events_prepare(const char *in, uint32_t *events)
{
	static const char *const names[] = { "llc", "cdc", "data" };

	return word_mask(in, names, ARRAY_SIZE(names), SMC_CAPTURE_EV_ALL,
			 events);
}

const char *smcr_capture_modes_prepare(const char *in, uint32_t *modes)
{
	static const char *const names[] = { "smcr", "smcd" };

	return word_mask(in, names, ARRAY_SIZE(names), SMC_CAPTURE_MODE_ALL,
			 modes);
}

const char *smcr_capture_snaplen_prepare(const char *in, uint32_t *snaplen)
{
	unsigned long v;
	char *end;

	if (!*in || *in < '0' || *in > '9')
		return "not a number";
	errno = 0;
	v = strtoul(in, &end, 10);
	if (errno || *end || v > 65535)
		return "must be 0..65535";
	*snaplen = (uint32_t)v;
	return NULL;
}

static bool ascii_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z');
}

static char ascii_upper(char c)
{
	return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c;
}

const char *smcr_ueid_prepare(const char *in, char *out)
{
	size_t i, n = strlen(in);

	if (!n)
		return "a UEID cannot be empty";
	if (n > SMC_MAX_EID_LEN)
		return "a UEID has at most 32 characters";
	for (i = 0; i < n; i++) {
		char c = ascii_upper(in[i]);

		if (!ascii_alnum(c) && (!i || (c != '.' && c != '-')))
			return "use letters, digits, '.' and '-' only, and a letter or digit first";
		out[i] = c;
	}
	memset(out + n, ' ', SMC_MAX_EID_LEN - n);
	out[SMC_MAX_EID_LEN] = '\0';
	return NULL;
}

const char *smcr_pnetid_prepare(const char *in, char *out)
{
	size_t i, n = strlen(in);

	if (!n)
		return "a PNET ID cannot be empty";
	if (n > SMCR_PNETID_LEN)
		return "a PNET ID has at most 16 characters";
	for (i = 0; i < n; i++) {
		if (!ascii_alnum(in[i]))
			return "a PNET ID consists of letters and digits only";
		out[i] = ascii_upper(in[i]);
	}
	out[n] = '\0';
	return NULL;
}

/* decimal digits only, at most max */
static bool parse_dec(const char *s, unsigned long max, unsigned long *v)
{
	unsigned long n = 0;

	if (!*s || strlen(s) > 5)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		n = n * 10 + (unsigned long)(*s - '0');
	}
	if (n > max)
		return false;
	*v = n;
	return true;
}

const char *smcr_policy_prefix_prepare(const char *in,
				       struct smcr_policy_entry *e)
{
	static const uint8_t v4mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(in, '/');
	unsigned long plen;
	size_t n = slash ? (size_t)(slash - in) : strlen(in);
	unsigned int max;

	if (!n)
		return "an address is missing";
	if (n >= sizeof(addr))
		return "not an IPv4 or IPv6 address";
	memcpy(addr, in, n);
	addr[n] = '\0';
	memset(e->addr, 0, sizeof(e->addr));
	if (inet_pton(AF_INET, addr, e->addr) == 1)
		e->family = AF_INET;
	else if (inet_pton(AF_INET6, addr, e->addr) == 1)
		e->family = AF_INET6;
	else
		return "not an IPv4 or IPv6 address";
	max = e->family == AF_INET ? 32 : 128;
	plen = max;
	if (slash && !parse_dec(slash + 1, max, &plen))
		return e->family == AF_INET ?
		       "the prefix length of an IPv4 prefix is 0..32" :
		       "the prefix length of an IPv6 prefix is 0..128";
	e->plen = (uint8_t)plen;
	/* the kernel compares IPv4-mapped destinations with IPv4 entries */
	if (e->family == AF_INET6 && e->plen >= 96 &&
	    !memcmp(e->addr, v4mapped, sizeof(v4mapped))) {
		memmove(e->addr, e->addr + 12, 4);
		memset(e->addr + 4, 0, 12);
		e->family = AF_INET;
		e->plen -= 96;
	}
	return NULL;
}

const char *smcr_policy_port_prepare(const char *in, uint16_t *port)
{
	unsigned long v;

	if (!parse_dec(in, 65535, &v) || !v)
		return "a port is a number 1..65535";
	*port = (uint16_t)v;
	return NULL;
}
