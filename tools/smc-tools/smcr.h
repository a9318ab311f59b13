/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smcr and smc_pnet internals.  The decoders take one generic netlink
 * message each and the printers take the decoded lists, so the unit tests
 * can drive both with messages they build themselves; smcr_nl.c is the only
 * part that talks to the kernel.
 */
#ifndef SMCR_H
#define SMCR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <linux/netlink.h>

#include <linux/smc_ext.h>

#define SMCR_PNETID_LEN		16	/* SMC_MAX_PNETID_LEN of the kernel */
#define SMCR_IBNAME_LEN		64	/* IB_DEVICE_NAME_MAX */
#define SMCR_IFNAME_LEN		16	/* IFNAMSIZ */
#define SMCR_GID_STR_LEN	40	/* "xxxx:" x 8 without the last colon */
#define SMCR_MAX_LINKS		8	/* the protocol's limit per link group */

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif

/* --- netlink I/O (smcr_nl.c) --------------------------------------------- */

struct nl_sock;
struct nl_msg;

struct smcr_nl {
	struct nl_sock *sk;
	int family;
	int err;		/* positive errno of the last refused request */
	char extack[256];	/* the kernel's explanation, if it sent one */
	bool interrupted;	/* a dump was flagged inconsistent */
	unsigned int foreign;	/* messages not sent by the kernel, dropped */
};

typedef int (*smcr_msg_fn)(const struct nlmsghdr *nlh, void *arg);
typedef int (*smcr_fill_fn)(struct nl_msg *msg, void *arg);

/* 0, -ENOENT when the family is not registered, or another -errno */
int smcr_nl_open(struct smcr_nl *nl, const char *family);
int smcr_nl_open_or_say(struct smcr_nl *nl, const char *family);
void smcr_nl_report(const struct smcr_nl *nl, const char *what, int rc);
void smcr_nl_close(struct smcr_nl *nl);
/* a dump; fn sees every message of it.  0 or -errno */
int smcr_nl_dump(struct smcr_nl *nl, uint8_t cmd, smcr_msg_fn fn, void *arg);
/* a request answered by an ack; fill may be NULL.  0 or -errno */
int smcr_nl_do(struct smcr_nl *nl, uint8_t cmd, smcr_fill_fn fill, void *arg);
/*
 * The NLMSGERR_ATTR_MSG text of an error message with extended ack, or ""
 * when there is none.  nlh is the whole NLMSG_ERROR message.
 */
void smcr_extack_msg(const struct nlmsghdr *nlh, char *buf, size_t size);

/* --- decoded objects (smcr_parse.c) -------------------------------------- */

struct smcr_sys_info {
	bool valid;
	uint8_t ver;
	uint8_t rel;
	bool has_rel;
	uint8_t ism_v2;
	uint8_t smcr_v2;
	bool has_smcr_v2;
	char host[SMC_MAX_HOSTNAME_LEN + 1];
	char seid[SMC_MAX_EID_LEN + 1];
	unsigned int bad_attrs;
};

struct smcr_link {
	uint8_t id;
	uint8_t ib_port;
	uint32_t state;
	uint32_t conn_cnt;
	uint32_t net_dev;	/* ifindex */
	uint32_t uid;
	uint32_t peer_uid;
	char ib_dev[SMCR_IBNAME_LEN + 1];
	char gid[SMCR_GID_STR_LEN + 1];
	char peer_gid[SMCR_GID_STR_LEN + 1];
	/* iWARP links of smc.ko: the out-of-band 4-tuple */
	bool have_iw;
	uint32_t iw_saddr;	/* network order */
	uint32_t iw_daddr;
	uint16_t iw_sport;
	uint16_t iw_dport;
};

/* struct smcr_lgr.have */
#define SMCR_LGR_V2		0x01	/* V2_COMMON present */
#define SMCR_LGR_V2R		0x02	/* V2 (direct, max) present */
#define SMCR_LGR_MAXES		0x04	/* max_conns/links (6.7+) */
#define SMCR_LGR_BUFS		0x08	/* sndbuf/rmb bytes (6.12) */
#define SMCR_LGR_BUF_TYPE	0x10
#define SMCR_LGR_COOKIE		0x20

struct smcr_lgr {
	uint32_t id;
	uint32_t conns;
	uint8_t role;
	uint8_t type;
	uint8_t vlan;
	uint8_t buf_type;
	uint64_t net_cookie;
	char pnetid[SMCR_PNETID_LEN + 1];
	unsigned int have;
	/* SMC_NLA_LGR_R_V2_COMMON */
	uint8_t version;
	uint8_t peer_rel;
	uint8_t peer_os;
	char peer_host[SMC_MAX_HOSTNAME_LEN + 1];
	char eid[SMC_MAX_EID_LEN + 1];
	/* SMC_NLA_LGR_R_V2 */
	uint8_t direct;
	uint8_t max_conns;
	uint8_t max_links;
	uint64_t sndbuf_bytes;
	uint64_t rmb_bytes;
	unsigned int n_links;
	struct smcr_link links[SMCR_MAX_LINKS];
};

struct smcr_lgr_list {
	struct smcr_lgr *lgrs;
	size_t n;
	size_t cap;
	unsigned int bad_attrs;
	unsigned int orphans;	/* link messages without a link group */
};

struct smcr_port {
	bool valid;
	uint8_t pnet_usr;
	uint8_t state;
	uint32_t netdev;
	uint32_t lnk_cnt;
	char pnetid[SMCR_PNETID_LEN + 1];
};

struct smcr_dev {
	char ib_name[SMCR_IBNAME_LEN + 1];
	uint8_t is_crit;
	uint32_t use_cnt;
	bool has_pci;		/* Soft-RoCE and friends have no PCI parent */
	uint32_t pci_fid;
	uint16_t pci_chid;
	uint16_t pci_vendor;
	uint16_t pci_device;
	char pci_id[SMC_PCI_ID_STR_LEN + 1];
	struct smcr_port port[2];
};

struct smcr_dev_list {
	struct smcr_dev *devs;
	size_t n;
	size_t cap;
	unsigned int bad_attrs;
};

#define SMCR_MAX_UEIDS	16	/* the kernel holds SMC_MAX_UEID */

struct smcr_ueid_list {
	char ueid[SMCR_MAX_UEIDS][SMC_MAX_EID_LEN + 1];
	size_t n;
	unsigned int bad_attrs;
};

struct smcr_pnet_entry {
	char pnetid[SMCR_PNETID_LEN + 1];
	char eth[SMCR_IFNAME_LEN + 1];
	char ib[SMCR_IBNAME_LEN + 1];
	uint8_t port;
};

struct smcr_pnet_list {
	struct smcr_pnet_entry *e;
	size_t n;
	size_t cap;
	unsigned int bad_attrs;
};

/* this module's SMC_POLICY family: destinations never offered SMC */
struct smcr_policy_entry {
	uint8_t family;		/* AF_INET or AF_INET6 */
	uint8_t plen;
	uint16_t port;		/* 0: any */
	uint8_t addr[16];	/* network order; IPv4 in the first 4 bytes */
};

struct smcr_policy_list {
	struct smcr_policy_entry *e;
	size_t n;
	size_t cap;
	unsigned int bad_attrs;
};

/* the namespace's capture device (SMC_NETLINK_CAPTURE_GET) */
struct smcr_capture {
	bool present;		/* a device is attached */
	uint32_t ifindex;
	uint32_t snaplen;	/* 0: whole payloads */
	uint32_t events;	/* SMC_CAPTURE_EV_* */
	uint32_t modes;		/* SMC_CAPTURE_MODE_* */
	uint64_t records;
	uint64_t drops;
	unsigned int bad_attrs;
};

/* --- statistics ------------------------------------------------------------ */

#define SMCR_NBUCKETS	9	/* SMC_NLA_STATS_PLOAD_8K .. _G_1024K */
#define SMCR_NRMB	7	/* SMC_NLA_STATS_RMB_SIZE_SM_PEER_CNT .. _DGRADE */
#define SMCR_NCNT	13	/* SMC_NLA_STATS_T_CLNT_V1_SUCC .. _TX_CNT */
#define SMCR_MAX_RSN	128

enum { SMCR_TECH_D, SMCR_TECH_R, SMCR_NTECH };
/* smcr_tech.hist: indexed by SMC_NLA_STATS_T_{TX,RX}_RMB_SIZE/..PLOAD - 1 */
enum {
	SMCR_H_TX_RMB,
	SMCR_H_RX_RMB,
	SMCR_H_TX_PLOAD,
	SMCR_H_RX_PLOAD,
	SMCR_NHIST
};

/* smcr_tech.rmb */
enum { SMCR_RMB_TX, SMCR_RMB_RX };

/* Only counters: the reset cache saves and subtracts every one of them. */
struct smcr_tech {
	uint64_t hist[SMCR_NHIST][SMCR_NBUCKETS];
	uint64_t rmb[2][SMCR_NRMB];	/* [x][SMC_NLA_STATS_RMB_* - 1] */
	uint64_t cnt[SMCR_NCNT];	/* [SMC_NLA_STATS_T_* - 7] */
};

struct smcr_counters {
	struct smcr_tech tech[SMCR_NTECH];
	uint64_t hs_err_clnt;
	uint64_t hs_err_srv;
	uint64_t fback_srv;
	uint64_t fback_clnt;
};

#define SMCR_NCOUNTERS	(sizeof(struct smcr_counters) / sizeof(uint64_t))

#define SMCR_T_CNT(st, t, attr) \
	((st)->c.tech[t].cnt[(attr) - SMC_NLA_STATS_T_CLNT_V1_SUCC])

struct smcr_fback {
	uint32_t code;
	uint16_t srv;		/* the kernel counts reasons in 16 bits */
	uint16_t clnt;
};

struct smcr_stats {
	bool have_stats;	/* a GET_STATS reply was seen */
	struct smcr_counters c;
	/* bytes in use right now: levels, not counters, never reset */
	uint64_t usage[SMCR_NTECH][2];	/* [tech][SMCR_RMB_TX/RX] */
	bool have_usage[SMCR_NTECH];
	struct smcr_fback rsn[SMCR_MAX_RSN];
	size_t n_rsn;
	unsigned int bad_attrs;
};

/* --- decoders ---------------------------------------------------------------
 * Each takes one message of the matching dump and returns 0, or -EINVAL when
 * the message is too short to hold a generic netlink header.  Malformed
 * attributes are skipped and counted in bad_attrs.
 */
int smcr_parse_sys_info(const struct nlmsghdr *nlh, struct smcr_sys_info *si);
/* GET_LGR_SMCR and GET_LINK_SMCR: a link belongs to the last link group */
int smcr_parse_lgr(const struct nlmsghdr *nlh, struct smcr_lgr_list *l);
int smcr_parse_dev(const struct nlmsghdr *nlh, struct smcr_dev_list *l);
/* GET_STATS and GET_FBACK_STATS into the same struct */
int smcr_parse_stats(const struct nlmsghdr *nlh, struct smcr_stats *st);
int smcr_parse_ueid(const struct nlmsghdr *nlh, struct smcr_ueid_list *l);
int smcr_parse_pnet(const struct nlmsghdr *nlh, struct smcr_pnet_list *l);
int smcr_parse_policy(const struct nlmsghdr *nlh, struct smcr_policy_list *l);
/* the one message of SMC_NETLINK_CAPTURE_GET; 0 or -errno */
int smcr_parse_capture(const struct nlmsghdr *nlh, struct smcr_capture *c);

void smcr_lgr_list_free(struct smcr_lgr_list *l);
void smcr_dev_list_free(struct smcr_dev_list *l);
void smcr_pnet_list_free(struct smcr_pnet_list *l);
void smcr_policy_list_free(struct smcr_policy_list *l);

/* --- input checks ---------------------------------------------------------- */

/*
 * The kernel's form of a UEID: upper case, blank padded to 32 characters,
 * NUL terminated (out has SMC_MAX_EID_LEN + 1 bytes).  Returns NULL or a
 * reason why the input cannot be a UEID.
 */
const char *smcr_ueid_prepare(const char *in, char *out);
/* upper-cased PNET ID of 1..16 letters and digits, or a reason */
const char *smcr_pnetid_prepare(const char *in, char *out);
/*
 * "ADDR[/LEN]" (IPv4 or IPv6; no LEN: the host alone) into family, addr
 * and plen of e; an IPv4-mapped IPv6 prefix of length 96 or more becomes
 * the IPv4 prefix it stands for.  The port is left alone.  NULL or a reason.
 */
const char *smcr_policy_prefix_prepare(const char *in,
				       struct smcr_policy_entry *e);
/* a port number 1..65535, or a reason */
const char *smcr_policy_port_prepare(const char *in, uint16_t *port);
/*
 * Capture options: "llc,cdc,data" or "all" into SMC_CAPTURE_EV_* bits,
 * "smcr,smcd" or "all" into SMC_CAPTURE_MODE_* bits, a snap length
 * 0..65535 (0: whole).  NULL or a reason.
 */
const char *smcr_capture_events_prepare(const char *in, uint32_t *events);
const char *smcr_capture_modes_prepare(const char *in, uint32_t *modes);
const char *smcr_capture_snaplen_prepare(const char *in, uint32_t *snaplen);

/* --- output (smcr_print.c) ------------------------------------------------- */

enum smcr_filter { SMCR_F_ALL, SMCR_F_IBDEV, SMCR_F_NETDEV, SMCR_F_TYPE };

struct smcr_opts {
	int detail;		/* -d: 1, -dd: 2 */
	bool absolute;		/* -a: statistics without the reset */
	enum smcr_filter filter;
	const char *filter_arg;
	/* ifindex to name; NULL or a failing lookup prints the number */
	const char *(*ifname)(uint32_t ifindex, char *buf);
};

const char *smcr_lgr_role_name(uint8_t role);
const char *smcr_lgr_type_name(uint8_t type);
const char *smcr_link_state_name(uint32_t state);
const char *smcr_peer_os_name(uint8_t os);
/* e.g. "0x107f", or "-" when the device has no PCI parent */
void smcr_fmt_dev_type(char *buf, size_t size, const struct smcr_dev *d);
/* human form: 1536 -> "1.50K" */
void smcr_fmt_bytes(char *buf, size_t size, uint64_t n);

void smcr_print_info(FILE *f, const struct smcr_opts *o,
		     const struct smcr_sys_info *si);
void smcr_print_lgrs(FILE *f, const struct smcr_opts *o,
		     const struct smcr_lgr_list *l, bool links);
void smcr_print_devs(FILE *f, const struct smcr_opts *o,
		     const struct smcr_dev_list *l);
void smcr_print_ueids(FILE *f, const struct smcr_ueid_list *l);
/* "<pnetid> <eth> <ibdev> <port>" lines; pnetid NULL for all */
void smcr_print_pnet(FILE *f, const struct smcr_pnet_list *l,
		     const char *pnetid);

/* "PREFIX/LEN" or "PREFIX/LEN port PORT", as smcr policy add takes it */
void smcr_fmt_policy(char *buf, size_t size,
		     const struct smcr_policy_entry *e);
void smcr_print_policy(FILE *f, const struct smcr_policy_list *l);
/* "device NAME snaplen N events LIST modes LIST records N drops N", or
 * "no capture device"
 */
void smcr_print_capture(FILE *f, const struct smcr_opts *o,
			const struct smcr_capture *c);

/* --- statistics (smcr_stats.c) --------------------------------------------- */

/* relative: the values are counted since the last "stats reset" */
void smcr_print_stats(FILE *f, const struct smcr_opts *o,
		      const struct smcr_stats *st, bool relative);
void smcr_print_stats_json(FILE *f, const struct smcr_opts *o,
			   const struct smcr_stats *st, bool relative);

/* /tmp/.smcstats-smcr.u<uid> */
void smcr_stats_cache_path(char *buf, size_t size, uid_t uid);
/* 0, or -errno with a message in err */
int smcr_stats_save(const char *path, const struct smcr_stats *st,
		    char *err, size_t errsize);
/*
 * 0 and the saved counters in base; -ENOENT when there is no cache; other
 * -errno with a message in err when the cache is unusable.
 */
int smcr_stats_load(const char *path, struct smcr_stats *base,
		    char *err, size_t errsize);

enum smcr_sub {
	SMCR_SUB_OK,
	SMCR_SUB_STALE,		/* a counter went down: the module was reloaded */
};

/* st -= base; on SMCR_SUB_STALE st is left alone */
enum smcr_sub smcr_stats_subtract(struct smcr_stats *st,
				  const struct smcr_stats *base);

/* JSON string body with the escapes JSON needs */
void smcr_json_str(FILE *f, const char *s);

#endif /* SMCR_H */
