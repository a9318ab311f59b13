// SPDX-License-Identifier: GPL-2.0
/*
 * smcr output for info, linkgroup, device and ueid, and the smc_pnet table.
 * Column names and value spellings follow IBM's smc-tools, so that people
 * and scripts used to those find their way.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "smcr.h"

const char *smcr_lgr_role_name(uint8_t role)
{
	return role ? "SERV" : "CLNT";
}

const char *smcr_lgr_type_name(uint8_t type)
{
	static const char *const names[] = {
		"NONE", "SINGLE", "SYM", "ASYMP", "ASYML",
	};

	return type < ARRAY_SIZE(names) ? names[type] : "?";
}

const char *smcr_link_state_name(uint32_t state)
{
	static const char *const names[] = {
		"UNUSED", "INACTIVE", "ACTIVATING", "ACTIVE",
	};

	return state < ARRAY_SIZE(names) ? names[state] : "?";
}

const char *smcr_peer_os_name(uint8_t os)
{
	switch (os) {
	case 1:
		return "ZOS";
	case 2:
		return "LINUX";
	case 3:
		return "AIX";
	default:
		return "unknown";
	}
}

static const char *buf_type_name(uint8_t type)
{
	switch (type) {
	case 0:
		return "physically contiguous";
	case 1:
		return "virtually contiguous";
	case 2:
		return "mixed";
	default:
		return "?";
	}
}

void smcr_fmt_dev_type(char *buf, size_t size, const struct smcr_dev *d)
{
	/* no names for PCI ids: e.g. 0x107f is Alibaba's eRDMA (1ded:107f) */
	if (d->has_pci)
		snprintf(buf, size, "0x%04x", d->pci_device);
	else
		snprintf(buf, size, "-");
}

void smcr_fmt_bytes(char *buf, size_t size, uint64_t n)
{
	static const char units[] = "KMGTPE";
	double v = (double)n;
	int u = -1;

	if (n < 1024) {
		snprintf(buf, size, "%" PRIu64 "B", n);
		return;
	}
	while (v >= 1024 && u < (int)sizeof(units) - 2) {
		v /= 1024;
		u++;
	}
	snprintf(buf, size, "%.2f%c", v, units[u]);
}

/* "-" for no device, the name, or the bare ifindex when it is unknown here */
static const char *netdev_name(const struct smcr_opts *o, uint32_t ifindex,
			       char *buf)
{
	const char *name;

	if (!ifindex)
		return "-";
	if (o->ifname) {
		name = o->ifname(ifindex, buf);
		if (name)
			return name;
	}
	snprintf(buf, SMCR_IFNAME_LEN + 1, "%u", ifindex);
	return buf;
}

/* --- info ------------------------------------------------------------------ */

void smcr_print_info(FILE *f, const struct smcr_opts *o,
		     const struct smcr_sys_info *si)
{
	(void)o;
	fprintf(f, "Kernel Capabilities\n");
	if (si->has_rel)
		fprintf(f, "SMC Version:      %u.%u\n", si->ver, si->rel);
	else
		fprintf(f, "SMC Version:      %u\n", si->ver);
	fprintf(f, "SMC Hostname:     %s\n", si->host[0] ? si->host : "n/a");
	/* every SMC-R kernel does v1; v2 needs the kernel's word */
	fprintf(f, "SMC-R Features:   v1%s\n",
		si->has_smcr_v2 && si->smcr_v2 ? " v2" : "");
	fprintf(f, "\nHardware Capabilities\n");
	fprintf(f, "SEID:             %s\n", si->seid[0] ? si->seid : "n/a");
	fprintf(f, "ISMv2:            %s\n", si->ism_v2 ? "yes" : "no");
}

/* --- linkgroup ------------------------------------------------------------- */

static bool link_selected(const struct smcr_opts *o, const struct smcr_link *k)
{
	char buf[SMCR_IFNAME_LEN + 1];

	switch (o->filter) {
	case SMCR_F_IBDEV:
		return !strcmp(k->ib_dev, o->filter_arg);
	case SMCR_F_NETDEV:
		return !strcmp(netdev_name(o, k->net_dev, buf), o->filter_arg);
	default:
		return true;
	}
}

static bool lgr_selected(const struct smcr_opts *o, const struct smcr_lgr *g)
{
	unsigned int i;

	switch (o->filter) {
	case SMCR_F_ALL:
		return true;
	case SMCR_F_TYPE:
		return !strcasecmp(smcr_lgr_type_name(g->type), o->filter_arg);
	default:
		for (i = 0; i < g->n_links; i++)
			if (link_selected(o, &g->links[i]))
				return true;
		return false;
	}
}

#define LINK_HDR "Net-Dev      Link-State  #Conns  Link-UID Peer-UID " \
		 "IB-Dev           IB-P  Local-GID                                Peer-GID\n"

static void print_link_cols(FILE *f, const struct smcr_opts *o,
			    const struct smcr_link *k)
{
	char buf[SMCR_IFNAME_LEN + 1];

	char sa[INET_ADDRSTRLEN], da[INET_ADDRSTRLEN];

	fprintf(f, "%-12s %-11s %6u  %08x %08x %-16s %4u  %-40s %s",
		netdev_name(o, k->net_dev, buf), smcr_link_state_name(k->state),
		k->conn_cnt, k->uid, k->peer_uid,
		k->ib_dev[0] ? k->ib_dev : "-", k->ib_port,
		k->gid[0] ? k->gid : "-", k->peer_gid[0] ? k->peer_gid : "-");
	/* iWARP (eRDMA) links: the QP's 4-tuple after the peer GID */
	if (k->have_iw) {
		inet_ntop(AF_INET, &k->iw_saddr, sa, sizeof(sa));
		inet_ntop(AF_INET, &k->iw_daddr, da, sizeof(da));
		fprintf(f, "  iWARP %s:%u -> %s:%u", sa, k->iw_sport, da,
			k->iw_dport);
	}
	fputc('\n', f);
}

static void print_lgr_detail(FILE *f, const struct smcr_opts *o,
			     const struct smcr_lgr *g, bool links)
{
	char h1[32], h2[32];
	bool v2 = g->have & SMCR_LGR_V2;
	unsigned int i;

	fprintf(f, "LG-ID       : %08x\n", g->id);
	fprintf(f, "LG-Role     : %s\n", smcr_lgr_role_name(g->role));
	fprintf(f, "LG-Type     : %s\n", smcr_lgr_type_name(g->type));
	fprintf(f, "VLAN        : %u\n", g->vlan);
	fprintf(f, "#Conns      : %u\n", g->conns);
	fprintf(f, "PNET-ID     : %s\n", g->pnetid[0] ? g->pnetid : "n/a");
	fprintf(f, "Version     : %u\n", v2 ? g->version : 1);
	if (v2) {
		fprintf(f, "Peer-Rel    : %u\n", g->peer_rel);
		fprintf(f, "Peer-Host   : %s\n",
			g->peer_host[0] ? g->peer_host : "n/a");
		fprintf(f, "Peer-OS     : %s\n", smcr_peer_os_name(g->peer_os));
		fprintf(f, "EID         : %s\n", g->eid[0] ? g->eid : "n/a");
	}
	if (g->have & SMCR_LGR_V2R)
		fprintf(f, "Direct      : %s\n", g->direct ? "Yes" : "No");
	if (g->have & SMCR_LGR_MAXES) {
		fprintf(f, "Max-Conns   : %u\n", g->max_conns);
		fprintf(f, "Max-Links   : %u\n", g->max_links);
	}
	if (g->have & SMCR_LGR_BUFS) {
		smcr_fmt_bytes(h1, sizeof(h1), g->sndbuf_bytes);
		smcr_fmt_bytes(h2, sizeof(h2), g->rmb_bytes);
		fprintf(f, "Sndbuf      : %" PRIu64 " (%s)\n", g->sndbuf_bytes,
			h1);
		fprintf(f, "RMB         : %" PRIu64 " (%s)\n", g->rmb_bytes, h2);
	}
	if (o->detail > 1) {
		if (g->have & SMCR_LGR_BUF_TYPE)
			fprintf(f, "Buf-Type    : %s\n",
				buf_type_name(g->buf_type));
		if (g->have & SMCR_LGR_COOKIE)
			fprintf(f, "Net-Cookie  : %" PRIu64 "\n", g->net_cookie);
	}
	if (links && g->n_links) {
		fprintf(f, "  Link-ID " LINK_HDR);
		for (i = 0; i < g->n_links; i++) {
			if (!link_selected(o, &g->links[i]))
				continue;
			fprintf(f, "  %-7u ", g->links[i].id);
			print_link_cols(f, o, &g->links[i]);
		}
	}
	fputc('\n', f);
}

void smcr_print_lgrs(FILE *f, const struct smcr_opts *o,
		     const struct smcr_lgr_list *l, bool links)
{
	size_t i;
	unsigned int j;

	if (!o->detail) {
		if (links)
			fprintf(f, "LG-ID    LG-Role  LG-Type  " LINK_HDR);
		else
			fprintf(f, "LG-ID    LG-Role  LG-Type  VLAN  #Conns  PNET-ID\n");
	}
	for (i = 0; i < l->n; i++) {
		const struct smcr_lgr *g = &l->lgrs[i];

		if (!lgr_selected(o, g))
			continue;
		if (o->detail) {
			print_lgr_detail(f, o, g, links);
			continue;
		}
		if (!links) {
			fprintf(f, "%08x %-8s %-8s %4u  %6u  %s\n", g->id,
				smcr_lgr_role_name(g->role),
				smcr_lgr_type_name(g->type), g->vlan, g->conns,
				g->pnetid);
			continue;
		}
		for (j = 0; j < g->n_links; j++) {
			if (!link_selected(o, &g->links[j]))
				continue;
			fprintf(f, "%08x %-8s %-8s ", g->id,
				smcr_lgr_role_name(g->role),
				smcr_lgr_type_name(g->type));
			print_link_cols(f, o, &g->links[j]);
		}
	}
}

/* --- device ---------------------------------------------------------------- */

static bool port_selected(const struct smcr_opts *o, const struct smcr_dev *d,
			  const struct smcr_port *p)
{
	char buf[SMCR_IFNAME_LEN + 1];
	char type[16];

	switch (o->filter) {
	case SMCR_F_IBDEV:
		return !strcmp(d->ib_name, o->filter_arg);
	case SMCR_F_NETDEV:
		return !strcmp(netdev_name(o, p->netdev, buf), o->filter_arg);
	case SMCR_F_TYPE:
		smcr_fmt_dev_type(type, sizeof(type), d);
		return !strcasecmp(type, o->filter_arg);
	default:
		return true;
	}
}

void smcr_print_devs(FILE *f, const struct smcr_opts *o,
		     const struct smcr_dev_list *l)
{
	char buf[SMCR_IFNAME_LEN + 1];
	char type[16], pchid[8];
	size_t i;
	int p;

	fprintf(f, "Net-Dev         IB-Dev           IB-P  IB-State  Type    Crit  %s#Links  PNET-ID\n",
		o->detail ? "PCI-ID        PCHID  " : "");
	for (i = 0; i < l->n; i++) {
		const struct smcr_dev *d = &l->devs[i];

		smcr_fmt_dev_type(type, sizeof(type), d);
		for (p = 0; p < 2; p++) {
			const struct smcr_port *pt = &d->port[p];

			if (!pt->valid || !port_selected(o, d, pt))
				continue;
			fprintf(f, "%-15s %-16s %4d  %-8s  %-6s  %-4s  ",
				netdev_name(o, pt->netdev, buf),
				d->ib_name[0] ? d->ib_name : "-", p + 1,
				pt->state ? "ACTIVE" : "INACTIVE", type,
				d->is_crit ? "Yes" : "No");
			if (o->detail) {
				if (d->has_pci)
					snprintf(pchid, sizeof(pchid), "%04x",
						 d->pci_chid);
				else
					snprintf(pchid, sizeof(pchid), "-");
				fprintf(f, "%-12s  %-5s  ",
					d->pci_id[0] ? d->pci_id : "-", pchid);
			}
			fprintf(f, "%6u", pt->lnk_cnt);
			/* '*': set by the administrator, not the hardware */
			if (pt->pnetid[0])
				fprintf(f, "  %s%s", pt->pnet_usr ? "*" : "",
					pt->pnetid);
			fputc('\n', f);
		}
	}
}

/* --- ueid, pnet ------------------------------------------------------------ */

void smcr_print_ueids(FILE *f, const struct smcr_ueid_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		fprintf(f, "%s\n", l->ueid[i]);
}

void smcr_print_pnet(FILE *f, const struct smcr_pnet_list *l,
		     const char *pnetid)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct smcr_pnet_entry *e = &l->e[i];

		if (pnetid && strcasecmp(e->pnetid, pnetid))
			continue;
		fprintf(f, "%s %s %s %u\n", e->pnetid, e->eth, e->ib, e->port);
	}
}

void smcr_fmt_policy(char *buf, size_t size,
		     const struct smcr_policy_entry *e)
{
	char addr[INET6_ADDRSTRLEN] = "?";

	inet_ntop(e->family, e->addr, addr, sizeof(addr));
	if (e->port)
		snprintf(buf, size, "%s/%u port %u", addr, e->plen, e->port);
	else
		snprintf(buf, size, "%s/%u", addr, e->plen);
}

void smcr_print_policy(FILE *f, const struct smcr_policy_list *l)
{
	char buf[INET6_ADDRSTRLEN + 16];
	size_t i;

	for (i = 0; i < l->n; i++) {
		smcr_fmt_policy(buf, sizeof(buf), &l->e[i]);
		fprintf(f, "%s\n", buf);
	}
}

static void print_bits(FILE *f, uint32_t v, const char *const *names,
		       size_t n)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < n; i++) {
		if (v & (1U << i)) {
			fprintf(f, "%s%s", sep, names[i]);
			sep = ",";
		}
	}
	if (!*sep)
		fputs("none", f);
}

void smcr_print_capture(FILE *f, const struct smcr_opts *o,
			const struct smcr_capture *c)
{
	static const char *const ev[] = { "llc", "cdc", "data" };
	static const char *const modes[] = { "smcr", "smcd" };
	char name[SMCR_IFNAME_LEN + 1];

	if (!c->present) {
		fprintf(f, "no capture device\n");
		return;
	}
	if (!o->ifname || !o->ifname(c->ifindex, name))
		snprintf(name, sizeof(name), "if%u", c->ifindex);
	fprintf(f, "device %s snaplen %u events ", name, c->snaplen);
	print_bits(f, c->events, ev, ARRAY_SIZE(ev));
	fputs(" modes ", f);
	print_bits(f, c->modes, modes, ARRAY_SIZE(modes));
	fprintf(f, " records %llu drops %llu\n",
		(unsigned long long)c->records, (unsigned long long)c->drops);
}
