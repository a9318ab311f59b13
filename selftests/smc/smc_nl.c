// SPDX-License-Identifier: GPL-2.0
/*
 * smc_nl: a client of the SMC module's generic netlink families
 * (SMC_PNETID and SMC_GEN_NETLINK), for tests.  Raw netlink, no library,
 * so that it can also send what no library would.
 *
 *   smc_nl [-r] pnet add NAME [eth DEV] [ib DEV [PORT]]
 *   smc_nl pnet show [NAME] | pnet del NAME | pnet flush
 *   smc_nl [-r] ueid add|del EID | ueid show | ueid flush
 *   smc_nl seid show|enable|disable
 *   smc_nl hslimit show|on|off
 *   smc_nl hslimit sock            SMC_LIMIT_HS of a new AF_SMC socket
 *   smc_nl sysinfo
 *   smc_nl lgr                     SMC-R link groups and links, a line each
 *   smc_nl dev                     SMC-R (RDMA) devices and their ports:
 *     dev NAME crit C pci ID vendor V device D fid F chid H usecnt U
 *     port NAME N valid V state S netdev IFINDEX IFNAME links L
 *          pnetid PNETID user U
 *     a "dev" line per device, then a "port" line per port (N 1 or 2)
 *     repeating the device name; "-" for what the kernel did not send
 *     (pci..chid: no PCI parent, e.g. rxe; usecnt: Linux sends none for
 *     RDMA devices), IFNAME "-" when the index is 0 or not in this
 *     namespace, PNETID "-" when empty.  vendor and device in hex.
 *   smc_nl dump CMD                the other dumps: lgr_smcr link_smcr
 *                                  lgr_smcd dev_smcd dev_smcr stats
 *                                  fback_stats
 *   smc_nl family pnet|gen         version, maxattr, commands and their
 *                                  flags, as the genl controller has them
 *   smc_nl policy pnet|gen         the attribute policies, as a tree
 *   smc_nl send pnet|gen CMD [dump] [TYPE=KIND[:VALUE]]...
 *          KIND: str (with NUL), raw (without), long:N (N x 'A' + NUL),
 *                u8, u16, u32, u64, hex:BYTES, empty
 *   smc_nl fuzz N SEED             N malformed requests, then checks
 *
 * A UEID is upper-cased and padded with blanks to 32 characters first, as
 * smcr does; -r sends it as given.  PNET IDs are always sent as given (the
 * kernel upper-cases them).
 *
 * Output: one line per entry.  Errors go to stderr as
 * "smc_nl: <what>: <ENAME> (<text>)[: <kernel's extended ack message>]".
 *
 * Exit status: 0 success, the errno the kernel answered with (1..133),
 * 200 usage, 201 local failure (e.g. the family is not registered), 202
 * the module misbehaved after the fuzz run.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/smc_ext.h>

#define UNUSED		__attribute__((unused))

#define EXIT_USAGE	200
#define EXIT_LOCAL	201
#define EXIT_FUZZ	202

#define MSG_MAX		8192
#define RCV_MAX		65536
#define FUZZ_MSG_MAX	4096

static bool raw_mode;
static bool quiet;	/* no output of answers (fuzz checks) */

/* errno names: tests compare them, and they read better than numbers */
static const char *const err_names[] = {
	[EPERM] = "EPERM", [ENOENT] = "ENOENT", [EINTR] = "EINTR",
	[E2BIG] = "E2BIG", [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM",
	[EACCES] = "EACCES", [EFAULT] = "EFAULT", [EBUSY] = "EBUSY",
	[EEXIST] = "EEXIST", [ENODEV] = "ENODEV", [EINVAL] = "EINVAL",
	[ENOSPC] = "ENOSPC", [ERANGE] = "ERANGE", [ENOSYS] = "ENOSYS",
	[ENODATA] = "ENODATA", [EPROTO] = "EPROTO",
	[EBADMSG] = "EBADMSG", [EMSGSIZE] = "EMSGSIZE",
	[EPROTONOSUPPORT] = "EPROTONOSUPPORT",
	[EOPNOTSUPP] = "EOPNOTSUPP", [EAFNOSUPPORT] = "EAFNOSUPPORT",
	[ENOBUFS] = "ENOBUFS",
};

static const char *err_name(int err)
{
	static char buf[16];

	if (err > 0 && err < (int)(sizeof(err_names) / sizeof(err_names[0])) &&
	    err_names[err])
		return err_names[err];
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}

static void die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("smc_nl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(status);
}

static void usage(void)
{
	fputs("usage: smc_nl [-r] pnet|ueid|seid|hslimit|sysinfo|lgr|dev|dump|\n"
	      "              family|policy|send|fuzz ...\n"
	      "       (see the head of selftests/smc/smc_nl.c)\n", stderr);
	exit(EXIT_USAGE);
}

/* netlink plumbing */

struct nl {
	int fd;
	uint32_t seq;
	uint16_t pnet_id;	/* family ids, 0 until resolved */
	uint16_t gen_id;
	char extack[256];	/* message of the last answer */
};

struct msg {
	size_t len;
	union {
		struct nlmsghdr nlh;
		char buf[MSG_MAX];
	};
};

static void nl_open(struct nl *nl)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, rcvbuf = 1 << 20;

	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl->fd < 0)
		die(EXIT_LOCAL, "netlink socket: %s", strerror(errno));
	if (bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa)))
		die(EXIT_LOCAL, "bind: %s", strerror(errno));
	/* best effort: old kernels lack them, the answers still work */
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(nl->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	nl->seq = (uint32_t)time(NULL);
	nl->pnet_id = 0;
	nl->gen_id = 0;
}

static void msg_init(struct msg *m, uint16_t type, uint16_t flags,
		     uint8_t cmd, uint8_t version)
{
	struct genlmsghdr *g;

	memset(m->buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	m->nlh.nlmsg_type = type;
	m->nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	g = (struct genlmsghdr *)(m->buf + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = version;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
	m->nlh.nlmsg_len = m->len;
}

static void msg_attr(struct msg *m, uint16_t type, const void *data,
		     size_t len)
{
	struct nlattr *nla = (struct nlattr *)(m->buf + m->len);

	if (m->len + NLA_HDRLEN + NLA_ALIGN(len) > sizeof(m->buf))
		die(EXIT_USAGE, "request too long");
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)nla + NLA_HDRLEN, data, len);
	memset((char *)nla + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	m->len += NLA_HDRLEN + NLA_ALIGN(len);
	m->nlh.nlmsg_len = m->len;
}

static void msg_str(struct msg *m, uint16_t type, const char *s)
{
	msg_attr(m, type, s, strlen(s) + 1);
}

static void msg_u8(struct msg *m, uint16_t type, uint8_t v)
{
	msg_attr(m, type, &v, 1);
}

/* Extended ack TLVs of an NLMSG_ERROR or NLMSG_DONE */
static void parse_extack(struct nl *nl, const struct nlattr *nla, int len)
{
	while (len >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN &&
	       nla->nla_len <= len) {
		if ((nla->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			int n = nla->nla_len - NLA_HDRLEN;

			if (n >= (int)sizeof(nl->extack))
				n = sizeof(nl->extack) - 1;
			memcpy(nl->extack, (const char *)nla + NLA_HDRLEN, n);
			nl->extack[n] = '\0';
		}
		len -= NLA_ALIGN(nla->nla_len);
		nla = (const struct nlattr *)((const char *)nla +
					      NLA_ALIGN(nla->nla_len));
	}
}

typedef void (*reply_fn)(const struct nlmsghdr *nlh, void *arg);

/* One message of an answer; true when it ends the answer, with the
 * kernel's result in *rc.
 */
static bool nl_answer(struct nl *nl, const struct nlmsghdr *h, bool dump,
		      reply_fn fn, void *arg, int *rc)
{
	const char *tlv;
	int off, len;

	if (h->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(h);

		off = sizeof(*e);
		if (!(h->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - NLMSG_HDRLEN;
		*rc = e->error;
	} else if (h->nlmsg_type == NLMSG_DONE) {
		off = sizeof(int);
		*rc = 0;
		if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
			memcpy(rc, NLMSG_DATA(h), sizeof(int));
		/* a request that is no dump gets its ack after the DONE */
		if (!dump)
			return false;
	} else {
		if (fn)
			fn(h, arg);
		return false;
	}
	tlv = (const char *)NLMSG_DATA(h) + off;
	len = (int)h->nlmsg_len - NLMSG_HDRLEN - off;
	if (h->nlmsg_flags & NLM_F_ACK_TLVS)
		parse_extack(nl, (const struct nlattr *)tlv, len);
	return true;
}

/* Send @m and read the answer: data messages go to @fn, the result is 0
 * or the kernel's negative errno.  A dump ends with NLMSG_DONE, anything
 * else with the acknowledgement (requested here) in NLMSG_ERROR.
 */
static int nl_talk(struct nl *nl, struct msg *m, reply_fn fn, void *arg)
{
	bool dump = (m->nlh.nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	static char rbuf[RCV_MAX];
	uint32_t seq = ++nl->seq;
	int rc;

	if (!dump)
		m->nlh.nlmsg_flags |= NLM_F_ACK;
	m->nlh.nlmsg_seq = seq;
	nl->extack[0] = '\0';
	if (send(nl->fd, m->buf, m->len, 0) < 0)
		die(EXIT_LOCAL, "send: %s", strerror(errno));
	for (;;) {
		ssize_t n = recv(nl->fd, rbuf, sizeof(rbuf), 0);
		struct nlmsghdr *h;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			die(EXIT_LOCAL, "recv: %s", strerror(errno));
		}
		for (h = (struct nlmsghdr *)rbuf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n))
			if (h->nlmsg_seq == seq &&
			    nl_answer(nl, h, dump, fn, arg, &rc))
				return rc;
	}
}

static const struct nlattr *attr_next(const struct nlattr *nla, int *rem)
{
	*rem -= NLA_ALIGN(nla->nla_len);
	return (const struct nlattr *)((const char *)nla +
				       NLA_ALIGN(nla->nla_len));
}

static bool attr_ok(const struct nlattr *nla, int rem)
{
	return rem >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN &&
	       nla->nla_len <= rem;
}

#define for_each_attr(nla, head, len, rem) \
	for ((nla) = (head), (rem) = (len); attr_ok((nla), (rem)); \
	     (nla) = attr_next((nla), &(rem)))

static const void *attr_data(const struct nlattr *nla)
{
	return (const char *)nla + NLA_HDRLEN;
}

static int attr_len(const struct nlattr *nla)
{
	return nla->nla_len - NLA_HDRLEN;
}

static const struct nlattr *genl_attrs(const struct nlmsghdr *h, int *len)
{
	*len = (int)h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	return (const struct nlattr *)((const char *)NLMSG_DATA(h) +
				       GENL_HDRLEN);
}

/* Attribute @type as a string; "" when missing or not terminated */
static const char *attr_str(const struct nlattr *head, int len, int type)
{
	const struct nlattr *nla;
	int rem;

	for_each_attr(nla, head, len, rem)
		if ((nla->nla_type & NLA_TYPE_MASK) == type) {
			const char *s = attr_data(nla);

			if (attr_len(nla) && !s[attr_len(nla) - 1])
				return s;
			return "";
		}
	return NULL;
}

static int attr_u8(const struct nlattr *head, int len, int type)
{
	const struct nlattr *nla;
	int rem;

	for_each_attr(nla, head, len, rem)
		if ((nla->nla_type & NLA_TYPE_MASK) == type &&
		    attr_len(nla) >= 1)
			return *(const uint8_t *)attr_data(nla);
	return -1;
}

static const struct nlattr *attr_find(const struct nlattr *head, int len,
				      int type)
{
	const struct nlattr *nla;
	int rem;

	for_each_attr(nla, head, len, rem)
		if ((nla->nla_type & NLA_TYPE_MASK) == type)
			return nla;
	return NULL;
}

static int resolve_family(struct nl *nl, const char *name, uint16_t *id)
{
	static char rbuf[RCV_MAX];
	struct msg m;
	uint32_t seq = ++nl->seq;
	ssize_t n;

	msg_init(&m, GENL_ID_CTRL, NLM_F_ACK, CTRL_CMD_GETFAMILY, 1);
	msg_str(&m, CTRL_ATTR_FAMILY_NAME, name);
	m.nlh.nlmsg_seq = seq;
	if (send(nl->fd, m.buf, m.len, 0) < 0)
		die(EXIT_LOCAL, "send: %s", strerror(errno));
	*id = 0;
	for (;;) {
		struct nlmsghdr *h;

		n = recv(nl->fd, rbuf, sizeof(rbuf), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die(EXIT_LOCAL, "recv: %s", strerror(errno));
		}
		for (h = (struct nlmsghdr *)rbuf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n)) {
			const struct nlattr *head, *nla;
			int len;

			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				if (e->error)
					return e->error;
				return *id ? 0 : -ENOENT;
			}
			head = genl_attrs(h, &len);
			nla = attr_find(head, len, CTRL_ATTR_FAMILY_ID);
			if (nla && attr_len(nla) >= 2)
				memcpy(id, attr_data(nla), sizeof(*id));
		}
	}
}

static uint16_t family(struct nl *nl, bool pnet)
{
	const char *name = pnet ? SMCR_GENL_FAMILY_NAME : SMC_GENL_FAMILY_NAME;
	uint16_t *id = pnet ? &nl->pnet_id : &nl->gen_id;
	int rc;

	if (*id)
		return *id;
	rc = resolve_family(nl, name, id);
	if (rc)
		die(EXIT_LOCAL, "generic netlink family %s: %s (smc loaded?)",
		    name, strerror(-rc));
	return *id;
}

/* Report the kernel's answer to a request; returns the exit status */
static int report(struct nl *nl, const char *what, int rc)
{
	if (rc) {
		fprintf(stderr, "smc_nl: %s: %s (%s)%s%s\n", what,
			err_name(-rc), strerror(-rc),
			nl->extack[0] ? ": " : "", nl->extack);
		return -rc;
	}
	if (nl->extack[0])
		fprintf(stderr, "smc_nl: %s: warning: %s\n", what, nl->extack);
	return 0;
}

static int request(struct nl *nl, bool pnet, uint8_t cmd, bool dump,
		   struct msg *m, reply_fn fn, void *arg)
{
	uint8_t version = pnet ? SMCR_GENL_FAMILY_VERSION :
				 SMC_GENL_FAMILY_VERSION;
	struct msg local;

	if (!m) {
		m = &local;
		msg_init(m, family(nl, pnet), dump ? NLM_F_DUMP : 0, cmd,
			 version);
	}
	return nl_talk(nl, m, fn, arg);
}

/* pnet */

static void print_pnet(const struct nlmsghdr *h, void *arg)
{
	const char *name, *eth, *ib;
	const struct nlattr *head;
	int len;

	head = genl_attrs(h, &len);
	name = attr_str(head, len, SMC_PNETID_NAME);
	eth = attr_str(head, len, SMC_PNETID_ETHNAME);
	ib = attr_str(head, len, SMC_PNETID_IBNAME);
	if (!quiet)
		printf("%s %s %s %d\n", name ? name : "-", eth ? eth : "-",
		       ib ? ib : "-", attr_u8(head, len, SMC_PNETID_IBPORT));
	if (arg)
		(*(int *)arg)++;
}

static void pnet_msg(struct nl *nl, struct msg *m, uint8_t cmd, bool dump)
{
	msg_init(m, family(nl, true), dump ? NLM_F_DUMP : 0, cmd,
		 SMCR_GENL_FAMILY_VERSION);
}

static int cmd_pnet(struct nl *nl, int argc, char **argv)
{
	struct msg m;
	int i;

	if (argc < 1)
		usage();
	if (!strcmp(argv[0], "add") && argc >= 2) {
		pnet_msg(nl, &m, SMC_PNETID_ADD, false);
		msg_str(&m, SMC_PNETID_NAME, argv[1]);
		for (i = 2; i < argc; i++) {
			if (!strcmp(argv[i], "eth") && i + 1 < argc) {
				msg_str(&m, SMC_PNETID_ETHNAME, argv[++i]);
			} else if (!strcmp(argv[i], "ib") && i + 1 < argc) {
				msg_str(&m, SMC_PNETID_IBNAME, argv[++i]);
				if (i + 1 < argc && isdigit(argv[i + 1][0]))
					msg_u8(&m, SMC_PNETID_IBPORT,
					       atoi(argv[++i]));
			} else {
				usage();
			}
		}
		return report(nl, "pnet add",
			      request(nl, true, 0, false, &m, NULL, NULL));
	}
	if (!strcmp(argv[0], "show") && argc <= 2) {
		pnet_msg(nl, &m, SMC_PNETID_GET, argc == 1);
		if (argc == 2)
			msg_str(&m, SMC_PNETID_NAME, argv[1]);
		return report(nl, "pnet show",
			      request(nl, true, 0, false, &m, print_pnet,
				      NULL));
	}
	if (!strcmp(argv[0], "del") && argc == 2) {
		pnet_msg(nl, &m, SMC_PNETID_DEL, false);
		msg_str(&m, SMC_PNETID_NAME, argv[1]);
		return report(nl, "pnet del",
			      request(nl, true, 0, false, &m, NULL, NULL));
	}
	if (!strcmp(argv[0], "flush") && argc == 1)
		return report(nl, "pnet flush",
			      request(nl, true, SMC_PNETID_FLUSH, false, NULL,
				      NULL, NULL));
	usage();
	return EXIT_USAGE;
}

/* ueid, seid, hslimit, sysinfo */

static void print_ueid(const struct nlmsghdr *h, void *arg)
{
	const struct nlattr *head;
	const char *s;
	int len;

	head = genl_attrs(h, &len);
	s = attr_str(head, len, SMC_NLA_EID_TABLE_ENTRY);
	if (!quiet)
		printf("%s\n", s ? s : "-");
	if (arg)
		(*(int *)arg)++;
}

static int cmd_ueid(struct nl *nl, int argc, char **argv)
{
	char eid[SMC_MAX_EID_LEN + 1];
	bool add;
	struct msg m;
	size_t i;

	if (argc < 1)
		usage();
	add = !strcmp(argv[0], "add");
	if ((add || !strcmp(argv[0], "del")) && argc == 2) {
		const char *arg = argv[1];

		msg_init(&m, family(nl, false), 0,
			 add ? SMC_NETLINK_ADD_UEID : SMC_NETLINK_REMOVE_UEID,
			 SMC_GENL_FAMILY_VERSION);
		if (raw_mode || strlen(arg) > SMC_MAX_EID_LEN) {
			msg_str(&m, SMC_NLA_EID_TABLE_ENTRY, arg);
		} else {
			memset(eid, ' ', SMC_MAX_EID_LEN);
			eid[SMC_MAX_EID_LEN] = '\0';
			for (i = 0; arg[i]; i++)
				eid[i] = toupper((unsigned char)arg[i]);
			msg_str(&m, SMC_NLA_EID_TABLE_ENTRY, eid);
		}
		return report(nl, add ? "ueid add" : "ueid del",
			      request(nl, false, 0, false, &m, NULL, NULL));
	}
	if (!strcmp(argv[0], "flush") && argc == 1)
		return report(nl, "ueid flush",
			      request(nl, false, SMC_NETLINK_FLUSH_UEID, false,
				      NULL, NULL, NULL));
	if (!strcmp(argv[0], "show") && argc == 1)
		return report(nl, "ueid show",
			      request(nl, false, SMC_NETLINK_DUMP_UEID, true,
				      NULL, print_ueid, NULL));
	usage();
	return EXIT_USAGE;
}

static void print_seid(const struct nlmsghdr *h, void *arg UNUSED)
{
	const struct nlattr *head;
	const char *s;
	int len;

	head = genl_attrs(h, &len);
	s = attr_str(head, len, SMC_NLA_SEID_ENTRY);
	if (s)
		printf("seid %s enabled %d\n", s,
		       attr_u8(head, len, SMC_NLA_SEID_ENABLED));
	else
		printf("seid none\n");
}

static int cmd_seid(struct nl *nl, int argc, char **argv)
{
	if (argc != 1)
		usage();
	if (!strcmp(argv[0], "show"))
		return report(nl, "seid show",
			      request(nl, false, SMC_NETLINK_DUMP_SEID, true,
				      NULL, print_seid, NULL));
	if (!strcmp(argv[0], "enable"))
		return report(nl, "seid enable",
			      request(nl, false, SMC_NETLINK_ENABLE_SEID,
				      false, NULL, NULL, NULL));
	if (!strcmp(argv[0], "disable"))
		return report(nl, "seid disable",
			      request(nl, false, SMC_NETLINK_DISABLE_SEID,
				      false, NULL, NULL, NULL));
	usage();
	return EXIT_USAGE;
}

static void print_hslimit(const struct nlmsghdr *h, void *arg)
{
	const struct nlattr *head;
	int len, v;

	head = genl_attrs(h, &len);
	v = attr_u8(head, len, SMC_NLA_HS_LIMITATION_ENABLED);
	if (!quiet)
		printf("hslimit %s\n", v < 0 ? "-" : v ? "on" : "off");
	if (arg)
		*(int *)arg = v;
}

static int cmd_hslimit(struct nl *nl, int argc, char **argv)
{
	if (argc != 1)
		usage();
	if (!strcmp(argv[0], "show"))
		return report(nl, "hslimit show",
			      request(nl, false,
				      SMC_NETLINK_DUMP_HS_LIMITATION, true,
				      NULL, print_hslimit, NULL));
	if (!strcmp(argv[0], "on"))
		return report(nl, "hslimit on",
			      request(nl, false,
				      SMC_NETLINK_ENABLE_HS_LIMITATION, false,
				      NULL, NULL, NULL));
	if (!strcmp(argv[0], "off"))
		return report(nl, "hslimit off",
			      request(nl, false,
				      SMC_NETLINK_DISABLE_HS_LIMITATION,
				      false, NULL, NULL, NULL));
	if (!strcmp(argv[0], "sock")) {
		socklen_t vlen = sizeof(int);
		int fd, v = -1;

		fd = socket(AF_SMC, SOCK_STREAM, SMCPROTO_SMC);
		if (fd < 0)
			die(EXIT_LOCAL, "AF_SMC socket: %s", strerror(errno));
		if (getsockopt(fd, SOL_SMC, SMC_LIMIT_HS, &v, &vlen))
			die(EXIT_LOCAL, "getsockopt SMC_LIMIT_HS: %s",
			    strerror(errno));
		close(fd);
		printf("SMC_LIMIT_HS %d\n", v);
		return 0;
	}
	usage();
	return EXIT_USAGE;
}

static void print_sysinfo(const struct nlmsghdr *h, void *arg)
{
	static const char *const names[] = {
		[SMC_NLA_SYS_VER] = "version",
		[SMC_NLA_SYS_REL] = "release",
		[SMC_NLA_SYS_IS_ISM_V2] = "is_ism_v2",
		[SMC_NLA_SYS_LOCAL_HOST] = "host",
		[SMC_NLA_SYS_SEID] = "seid",
		[SMC_NLA_SYS_IS_SMCR_V2] = "is_smcr_v2",
	};
	const struct nlattr *head, *nest, *nla;
	int len, rem, type;

	head = genl_attrs(h, &len);
	nest = attr_find(head, len, SMC_GEN_SYS_INFO);
	if (!nest) {
		printf("no SMC_GEN_SYS_INFO\n");
		return;
	}
	for_each_attr(nla, (const struct nlattr *)attr_data(nest),
		      attr_len(nest), rem) {
		if (quiet)
			break;
		type = nla->nla_type & NLA_TYPE_MASK;
		if (type == SMC_NLA_SYS_LOCAL_HOST || type == SMC_NLA_SYS_SEID)
			printf("%s \"%.*s\"\n", names[type],
			       attr_len(nla) ? attr_len(nla) - 1 : 0,
			       (const char *)attr_data(nla));
		else if (type <= SMC_NLA_SYS_MAX && names[type])
			printf("%s %u\n", names[type],
			       *(const uint8_t *)attr_data(nla));
		else
			printf("attr%d len %d\n", type, attr_len(nla));
	}
	if (arg)
		*(int *)arg = attr_u8((const struct nlattr *)attr_data(nest),
				      attr_len(nest), SMC_NLA_SYS_VER);
}

static void count_msg(const struct nlmsghdr *h UNUSED,
		      void *arg)
{
	(*(int *)arg)++;
}

static uint32_t attr_u32(const struct nlattr *head, int len, int type)
{
	const struct nlattr *nla = attr_find(head, len, type);
	uint32_t v = 0;

	if (nla && attr_len(nla) >= 4)
		memcpy(&v, attr_data(nla), sizeof(v));
	return v;
}

/* dump lgrs: a line per link group and per link, for tests to count */
static void print_lgr(const struct nlmsghdr *h, void *arg UNUSED)
{
	const struct genlmsghdr *g = NLMSG_DATA(h);
	const struct nlattr *head, *nest;
	int len, nlen;

	head = genl_attrs(h, &len);
	if (g->cmd == SMC_NETLINK_GET_LGR_SMCR) {
		nest = attr_find(head, len, SMC_GEN_LGR_SMCR);
		if (!nest)
			return;
		nlen = attr_len(nest);
		head = attr_data(nest);
		printf("lgr %08x role %s conns %u type %d ver %d\n",
		       attr_u32(head, nlen, SMC_NLA_LGR_R_ID),
		       attr_u8(head, nlen, SMC_NLA_LGR_R_ROLE) ? "SERV" : "CLNT",
		       attr_u32(head, nlen, SMC_NLA_LGR_R_CONNS_NUM),
		       attr_u8(head, nlen, SMC_NLA_LGR_R_TYPE),
		       attr_find(head, nlen, SMC_NLA_LGR_R_V2_COMMON) ? 2 : 1);
	} else if (g->cmd == SMC_NETLINK_GET_LINK_SMCR) {
		nest = attr_find(head, len, SMC_GEN_LINK_SMCR);
		if (!nest)
			return;
		nlen = attr_len(nest);
		head = attr_data(nest);
		printf("link %d state %u conns %u dev %s port %d\n",
		       attr_u8(head, nlen, SMC_NLA_LINK_ID),
		       attr_u32(head, nlen, SMC_NLA_LINK_STATE),
		       attr_u32(head, nlen, SMC_NLA_LINK_CONN_CNT),
		       attr_str(head, nlen, SMC_NLA_LINK_IB_DEV) ?: "?",
		       attr_u8(head, nlen, SMC_NLA_LINK_IB_PORT));
	}
}

/* An unsigned attribute of 1, 2, 4 or 8 bytes as text; "-" if missing */
static const char *attr_num(const struct nlattr *head, int len, int type,
			    bool hex, char *buf, size_t size)
{
	const struct nlattr *nla = attr_find(head, len, type);
	uint64_t v;

	if (!nla)
		return "-";
	switch (attr_len(nla)) {
	case 1:
		v = *(const uint8_t *)attr_data(nla);
		break;
	case 2: {
		uint16_t v16;

		memcpy(&v16, attr_data(nla), sizeof(v16));
		v = v16;
		break;
	}
	case 4: {
		uint32_t v32;

		memcpy(&v32, attr_data(nla), sizeof(v32));
		v = v32;
		break;
	}
	case 8:
		memcpy(&v, attr_data(nla), sizeof(v));
		break;
	default:
		return "?";
	}
	snprintf(buf, size, hex ? "0x%04llx" : "%llu", (unsigned long long)v);
	return buf;
}

static const char *str_or_dash(const char *s)
{
	return s && s[0] ? s : "-";
}

/* dump devices: the format is described at the head of this file */
static void print_dev(const struct nlmsghdr *h, void *arg UNUSED)
{
	char b[6][24], ifname[IF_NAMESIZE];
	const struct nlattr *head, *nest, *port;
	const char *name;
	int len, nlen, plen, i;
	uint32_t ifindex;

	head = genl_attrs(h, &len);
	nest = attr_find(head, len, SMC_GEN_DEV_SMCR);
	if (!nest) {
		printf("no SMC_GEN_DEV_SMCR\n");
		return;
	}
	nlen = attr_len(nest);
	head = attr_data(nest);
	name = str_or_dash(attr_str(head, nlen, SMC_NLA_DEV_IB_NAME));
	printf("dev %s crit %s pci %s vendor %s device %s fid %s chid %s "
	       "usecnt %s\n", name,
	       attr_num(head, nlen, SMC_NLA_DEV_IS_CRIT, false, b[0], 24),
	       str_or_dash(attr_str(head, nlen, SMC_NLA_DEV_PCI_ID)),
	       attr_num(head, nlen, SMC_NLA_DEV_PCI_VENDOR, true, b[1], 24),
	       attr_num(head, nlen, SMC_NLA_DEV_PCI_DEVICE, true, b[2], 24),
	       attr_num(head, nlen, SMC_NLA_DEV_PCI_FID, false, b[3], 24),
	       attr_num(head, nlen, SMC_NLA_DEV_PCI_CHID, false, b[4], 24),
	       attr_num(head, nlen, SMC_NLA_DEV_USE_CNT, false, b[5], 24));
	for (i = 0; i < 2; i++) {
		port = attr_find(head, nlen, SMC_NLA_DEV_PORT + i);
		if (!port)
			continue;
		plen = attr_len(port);
		ifindex = attr_u32(attr_data(port), plen,
				   SMC_NLA_DEV_PORT_NETDEV);
		if (!ifindex || !if_indextoname(ifindex, ifname))
			strcpy(ifname, "-");
		printf("port %s %d valid %s state %s netdev %u %s links %s "
		       "pnetid %s user %s\n", name, i + 1,
		       attr_num(attr_data(port), plen, SMC_NLA_DEV_PORT_VALID,
				false, b[0], 24),
		       attr_num(attr_data(port), plen, SMC_NLA_DEV_PORT_STATE,
				false, b[1], 24),
		       ifindex, ifname,
		       attr_num(attr_data(port), plen,
				SMC_NLA_DEV_PORT_LNK_CNT, false, b[2], 24),
		       str_or_dash(attr_str(attr_data(port), plen,
					    SMC_NLA_DEV_PORT_PNETID)),
		       attr_num(attr_data(port), plen,
				SMC_NLA_DEV_PORT_PNET_USR, false, b[3], 24));
	}
}

static int cmd_dump(struct nl *nl, int argc, char **argv)
{
	static const struct { const char *name; uint8_t cmd; } dumps[] = {
		{ "lgr_smcr", SMC_NETLINK_GET_LGR_SMCR },
		{ "link_smcr", SMC_NETLINK_GET_LINK_SMCR },
		{ "lgr_smcd", SMC_NETLINK_GET_LGR_SMCD },
		{ "dev_smcd", SMC_NETLINK_GET_DEV_SMCD },
		{ "dev_smcr", SMC_NETLINK_GET_DEV_SMCR },
		{ "stats", SMC_NETLINK_GET_STATS },
		{ "fback_stats", SMC_NETLINK_GET_FBACK_STATS },
	};
	size_t i;
	int n = 0, rc;

	if (argc != 1)
		usage();
	for (i = 0; i < sizeof(dumps) / sizeof(dumps[0]); i++) {
		if (strcmp(argv[0], dumps[i].name))
			continue;
		rc = request(nl, false, dumps[i].cmd, true, NULL, count_msg,
			     &n);
		if (!rc)
			printf("%s %d messages\n", dumps[i].name, n);
		return report(nl, argv[0], rc);
	}
	usage();
	return EXIT_USAGE;
}

/* family, policy: what the generic netlink controller tells about a family */

static void print_family(const struct nlmsghdr *h, void *arg UNUSED)
{
	static const char *const caps[] = { "admin", "do", "dump", "haspol",
					    "uns-admin" };
	const struct nlattr *head, *nla, *op, *a;
	int len, rem, orem, arem;
	uint32_t v;
	size_t i;

	head = genl_attrs(h, &len);
	for_each_attr(nla, head, len, rem) {
		switch (nla->nla_type & NLA_TYPE_MASK) {
		case CTRL_ATTR_VERSION:
		case CTRL_ATTR_HDRSIZE:
		case CTRL_ATTR_MAXATTR:
			memcpy(&v, attr_data(nla), sizeof(v));
			printf("%s %u\n",
			       (nla->nla_type & NLA_TYPE_MASK) ==
			       CTRL_ATTR_VERSION ? "version" :
			       (nla->nla_type & NLA_TYPE_MASK) ==
			       CTRL_ATTR_HDRSIZE ? "hdrsize" : "maxattr", v);
			break;
		case CTRL_ATTR_OPS:
			for_each_attr(op, attr_data(nla), attr_len(nla), orem) {
				uint32_t id = 0, flags = 0;

				for_each_attr(a, attr_data(op), attr_len(op),
					      arem) {
					if (attr_len(a) < 4)
						continue;
					if (a->nla_type == CTRL_ATTR_OP_ID)
						memcpy(&id, attr_data(a), 4);
					else if (a->nla_type ==
						 CTRL_ATTR_OP_FLAGS)
						memcpy(&flags, attr_data(a), 4);
				}
				printf("op %u", id);
				for (i = 0; i < sizeof(caps) / sizeof(caps[0]);
				     i++)
					if (flags & (1u << i))
						printf(" %s", caps[i]);
				printf("\n");
			}
			break;
		}
	}
}

/* A policy dump as a tree: nests by their type, leaves as numbers */
static void print_tree(const struct nlattr *head, int len, int depth)
{
	const struct nlattr *nla;
	uint64_t v;
	int rem, n;

	for_each_attr(nla, head, len, rem) {
		n = attr_len(nla);
		printf("%*s%u", depth * 2, "", nla->nla_type & NLA_TYPE_MASK);
		if (nla->nla_type & NLA_F_NESTED) {
			printf(":\n");
			print_tree(attr_data(nla), n, depth + 1);
			continue;
		}
		v = 0;
		if (n == 1 || n == 2 || n == 4 || n == 8)
			memcpy(&v, attr_data(nla), n);
		printf(" = %llu\n", (unsigned long long)v);
	}
}

static void print_policy(const struct nlmsghdr *h, void *arg UNUSED)
{
	const struct nlattr *head, *nla;
	int len, rem;

	head = genl_attrs(h, &len);
	for_each_attr(nla, head, len, rem)
		if ((nla->nla_type & NLA_TYPE_MASK) != CTRL_ATTR_FAMILY_ID)
			print_tree(nla, NLA_ALIGN(nla->nla_len), 0);
}

static int cmd_ctrl(struct nl *nl, bool policy, int argc, char **argv)
{
	struct msg m;
	bool pnet;

	if (argc != 1 || (strcmp(argv[0], "pnet") && strcmp(argv[0], "gen")))
		usage();
	pnet = !strcmp(argv[0], "pnet");
	msg_init(&m, GENL_ID_CTRL, policy ? NLM_F_DUMP : 0,
		 policy ? CTRL_CMD_GETPOLICY : CTRL_CMD_GETFAMILY, 1);
	msg_str(&m, CTRL_ATTR_FAMILY_NAME,
		pnet ? SMCR_GENL_FAMILY_NAME : SMC_GENL_FAMILY_NAME);
	return report(nl, policy ? "policy" : "family",
		      nl_talk(nl, &m, policy ? print_policy : print_family,
			      NULL));
}

/* send: hand-made requests */

static void print_any(const struct nlmsghdr *h, void *arg UNUSED)
{
	const struct genlmsghdr *g = NLMSG_DATA(h);
	const struct nlattr *head, *nla;
	int len, rem, i;

	head = genl_attrs(h, &len);
	printf("cmd %u:", g->cmd);
	for_each_attr(nla, head, len, rem) {
		const unsigned char *d = attr_data(nla);
		int n = attr_len(nla);
		bool text = n > 1 && !d[n - 1];

		for (i = 0; text && i < n - 1; i++)
			text = isprint(d[i]);
		printf(" %u=", nla->nla_type);
		if (text) {
			printf("\"%s\"", d);
			continue;
		}
		for (i = 0; i < n; i++)
			printf("%02x", d[i]);
		if (!n)
			printf("empty");
	}
	printf("\n");
}

static int hexval(int c)
{
	if (isdigit(c))
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void send_attr(struct msg *m, const char *spec)
{
	unsigned long long v;
	char kind[16], *eq, *colon, *end;
	const char *val = "";
	unsigned char buf[MSG_MAX / 2];
	size_t n = 0;
	long type;

	type = strtol(spec, &eq, 0);
	if (eq == spec || *eq != '=' || type < 0 || type > 0xffff)
		usage();
	colon = strchr(eq + 1, ':');
	n = colon ? (size_t)(colon - eq - 1) : strlen(eq + 1);
	if (n >= sizeof(kind))
		usage();
	memcpy(kind, eq + 1, n);
	kind[n] = '\0';
	if (colon)
		val = colon + 1;
	v = strtoull(val, &end, 0);

	if (!strcmp(kind, "str")) {
		msg_str(m, type, val);
	} else if (!strcmp(kind, "raw")) {
		msg_attr(m, type, val, strlen(val));
	} else if (!strcmp(kind, "long")) {
		if (v >= sizeof(buf))
			usage();
		memset(buf, 'A', v);
		buf[v] = '\0';
		msg_attr(m, type, buf, v + 1);
	} else if (!strcmp(kind, "u8")) {
		uint8_t x = v;

		msg_attr(m, type, &x, sizeof(x));
	} else if (!strcmp(kind, "u16")) {
		uint16_t x = v;

		msg_attr(m, type, &x, sizeof(x));
	} else if (!strcmp(kind, "u32")) {
		uint32_t x = v;

		msg_attr(m, type, &x, sizeof(x));
	} else if (!strcmp(kind, "u64")) {
		uint64_t x = v;

		msg_attr(m, type, &x, sizeof(x));
	} else if (!strcmp(kind, "hex")) {
		for (n = 0; val[0] && val[1] && n < sizeof(buf); val += 2) {
			if (hexval(val[0]) < 0 || hexval(val[1]) < 0)
				usage();
			buf[n++] = hexval(val[0]) << 4 | hexval(val[1]);
		}
		msg_attr(m, type, buf, n);
	} else if (!strcmp(kind, "empty")) {
		msg_attr(m, type, NULL, 0);
	} else {
		usage();
	}
}

static int cmd_send(struct nl *nl, int argc, char **argv)
{
	bool pnet, dump = false;
	struct msg m;
	long cmd;
	int i = 2;

	if (argc < 2)
		usage();
	pnet = !strcmp(argv[0], "pnet");
	if (!pnet && strcmp(argv[0], "gen"))
		usage();
	cmd = strtol(argv[1], NULL, 0);
	if (cmd < 0 || cmd > 255)
		usage();
	if (argc > 2 && !strcmp(argv[2], "dump")) {
		dump = true;
		i++;
	}
	msg_init(&m, family(nl, pnet), dump ? NLM_F_DUMP : 0, cmd,
		 pnet ? SMCR_GENL_FAMILY_VERSION : SMC_GENL_FAMILY_VERSION);
	for (; i < argc; i++)
		send_attr(&m, argv[i]);
	return report(nl, "send", request(nl, pnet, 0, dump, &m, print_any,
					  NULL));
}

/* fuzz */

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static const char *const fuzz_words[] = {
	"NET1", "net2", "eth0", "lo", "dummy0", "mlx5_0", "rxe0",
	"0000:00:04.0",
	"ABC.DEF-1", " PAD ", "a b", "", "-X", "UEID.ONE", "\xe9\xe8", "n/a",
	"0123456789abcdef", "0123456789ABCDEFG", "veth1@if2",
};

/* Append one random attribute to @m, at most @room bytes of it */
static void fuzz_attr(struct msg *m, size_t room, int depth)
{
	unsigned char data[600];
	uint16_t type;
	size_t n = 0, i, k;
	uint32_t r = below(100);

	if (room < NLA_HDRLEN + 8)
		return;
	if (r < 60)
		type = below(8);
	else if (r < 90)
		type = below(32);
	else
		type = rnd();
	switch (below(11)) {
	case 0:	/* a plausible string */
		n = snprintf((char *)data, sizeof(data), "%s",
			     fuzz_words[below(sizeof(fuzz_words) /
					      sizeof(fuzz_words[0]))]) + 1;
		break;
	case 1:	/* no NUL */
		n = 1 + below(40);
		for (i = 0; i < n; i++)
			data[i] = 'A' + below(26);
		break;
	case 2:	/* too long */
		n = 17 + below(400);
		memset(data, 'a' + below(26), n);
		data[n - 1] = below(2) ? 0 : 'Z';
		break;
	case 3:
		n = 1;
		data[0] = below(4) ? below(4) : rnd();
		break;
	case 4:
	case 5:
	case 6:	/* u16, u32, u64 shaped */
		n = 2 << below(3);
		for (i = 0; i < n; i++)
			data[i] = below(2) ? rnd() : 0;
		break;
	case 7:	/* empty */
		n = 0;
		break;
	case 8:	/* noise */
		n = 1 + below(64);
		for (i = 0; i < n; i++)
			data[i] = rnd();
		break;
	case 9:	/* a UEID shaped entry, valid more often than not */
		n = SMC_MAX_EID_LEN + 1;
		memset(data, ' ', SMC_MAX_EID_LEN);
		k = 1 + below(12);
		for (i = 0; i < k; i++)
			data[i] = "ABCDEFGHIJ0123.-a "[below(below(3) ? 14 :
								18)];
		data[SMC_MAX_EID_LEN] = below(10) ? 0 : 'X';
		break;
	default:	/* nested */
		if (depth < 2 && room > 64) {
			size_t start = m->len;
			struct nlattr *nest;
			int cnt = below(4);

			msg_attr(m, type | (below(2) ? NLA_F_NESTED : 0), NULL,
				 0);
			while (cnt-- > 0 && m->len + 64 < start + room)
				fuzz_attr(m, room - (m->len - start),
					  depth + 1);
			nest = (struct nlattr *)(m->buf + start);
			nest->nla_len = m->len - start;
			return;
		}
		n = 0;
	}
	if (NLA_HDRLEN + NLA_ALIGN(n) > room)
		n = room - NLA_HDRLEN - 3;
	msg_attr(m, type, data, n);
}

static void fuzz_name(char *buf, size_t size, const char *set, size_t max)
{
	size_t n = 1 + below(max), i, setlen = strlen(set);

	if (n >= size)
		n = size - 1;
	for (i = 0; i < n; i++)
		buf[i] = set[below(setlen)];
	buf[n] = '\0';
}

/* The attributes the command wants, mostly well-formed, so that requests
 * get past the policies into the tables (conflicts, full tables).
 */
static void fuzz_good_attrs(struct msg *m, bool pnet, uint8_t cmd)
{
	char buf[SMC_MAX_EID_LEN + 1];

	if (pnet && cmd >= SMC_PNETID_GET && cmd <= SMC_PNETID_DEL) {
		fuzz_name(buf, sizeof(buf), "abcNET0123 ", 17);
		msg_str(m, SMC_PNETID_NAME, buf);
		if (cmd != SMC_PNETID_ADD)
			return;
		if (below(3)) {
			fuzz_name(buf, sizeof(buf), "eth0123lo.:/", 16);
			msg_str(m, SMC_PNETID_ETHNAME, buf);
		}
		if (below(2)) {
			fuzz_name(buf, sizeof(buf), "mlx5_01rxe ", 20);
			msg_str(m, SMC_PNETID_IBNAME, buf);
		}
		if (below(2))
			msg_u8(m, SMC_PNETID_IBPORT, below(4));
	} else if (!pnet && (cmd == SMC_NETLINK_ADD_UEID ||
			     cmd == SMC_NETLINK_REMOVE_UEID)) {
		memset(buf, ' ', SMC_MAX_EID_LEN);
		buf[SMC_MAX_EID_LEN] = '\0';
		fuzz_name(buf, sizeof(buf), "ABC012.-", 3);
		buf[strlen(buf)] = below(8) ? ' ' : 'x';
		msg_str(m, SMC_NLA_EID_TABLE_ENTRY, buf);
	}
}

static bool fuzz_gen_is_dump(uint8_t cmd)
{
	switch (cmd) {
	case SMC_NETLINK_ADD_UEID:
	case SMC_NETLINK_REMOVE_UEID:
	case SMC_NETLINK_FLUSH_UEID:
	case SMC_NETLINK_ENABLE_SEID:
	case SMC_NETLINK_DISABLE_SEID:
	case SMC_NETLINK_ENABLE_HS_LIMITATION:
	case SMC_NETLINK_DISABLE_HS_LIMITATION:
		return false;
	}
	return true;
}

/* One random request for one of the two families, maybe malformed */
static size_t fuzz_msg(struct nl *nl, struct msg *m, size_t room)
{
	bool pnet = below(2);
	uint16_t flags = 0;
	struct genlmsghdr *g;
	uint32_t r;
	uint8_t cmd;
	int k;

	r = below(10);
	if (r < 8)
		cmd = pnet ? 1 + below(4) : 1 + below(18);
	else if (r < 9)
		cmd = pnet ? below(7) : below(22);
	else
		cmd = rnd();
	/* mostly the kind of request the command takes, to get past genl */
	if (below(100) < 85) {
		if (pnet ? cmd == SMC_PNETID_GET && below(2) :
			   fuzz_gen_is_dump(cmd))
			flags |= NLM_F_DUMP;
	} else if (below(2)) {
		flags |= NLM_F_DUMP;
	}
	if (below(2))
		flags |= NLM_F_ACK;
	if (below(10) == 0)
		flags |= rnd();
	msg_init(m, pnet ? nl->pnet_id : nl->gen_id, flags, cmd,
		 below(10) ? 1 : rnd());
	if (below(20) == 0)
		m->nlh.nlmsg_flags &= ~NLM_F_REQUEST;
	g = (struct genlmsghdr *)(m->buf + NLMSG_HDRLEN);
	if (below(20) == 0)
		g->reserved = rnd();
	if (below(4)) {
		for (k = below(7); k > 0 && m->len + 16 < room; k--)
			fuzz_attr(m, room - m->len, 0);
	} else {
		fuzz_good_attrs(m, pnet, cmd);
	}
	m->nlh.nlmsg_seq = ++nl->seq;

	switch (below(12)) {
	case 0:	/* last attribute claims more than there is */
		if (m->len > NLMSG_HDRLEN + GENL_HDRLEN) {
			struct nlattr *nla = (struct nlattr *)
				(m->buf + NLMSG_HDRLEN + GENL_HDRLEN);

			nla->nla_len += 4 + below(200);
		}
		break;
	case 1:	/* attribute shorter than its header */
		if (m->len > NLMSG_HDRLEN + GENL_HDRLEN) {
			struct nlattr *nla = (struct nlattr *)
				(m->buf + NLMSG_HDRLEN + GENL_HDRLEN);

			nla->nla_len = below(NLA_HDRLEN);
		}
		break;
	case 2:	/* message cut short, even inside its headers */
		m->nlh.nlmsg_len = below(m->len + 1);
		if (m->nlh.nlmsg_len < NLMSG_HDRLEN)
			m->len = NLMSG_HDRLEN;
		else
			m->len = m->nlh.nlmsg_len;
		break;
	case 3:	/* header claims more than was sent */
		m->nlh.nlmsg_len += 1 + below(64);
		break;
	case 4:	/* unaligned tail */
		if (m->len + 3 < room) {
			m->len += 1 + below(3);
			m->nlh.nlmsg_len = m->len;
		}
		break;
	}
	return m->len;
}

struct fuzz_stats {
	unsigned long sent, acks, errs[256], dumps;
};

static void fuzz_drain(struct nl *nl, struct fuzz_stats *st)
{
	static char rbuf[RCV_MAX];

	for (;;) {
		ssize_t n = recv(nl->fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
		struct nlmsghdr *h;

		if (n < 0) {
			if (errno == EINTR || errno == ENOBUFS)
				continue;
			return;		/* EAGAIN: nothing left */
		}
		for (h = (struct nlmsghdr *)rbuf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *err = NLMSG_DATA(h);
				int e = -err->error;

				if (!e)
					st->acks++;
				else
					st->errs[e > 0 && e < 255 ? e : 255]++;
			} else if (h->nlmsg_type == NLMSG_DONE) {
				st->dumps++;
			}
		}
	}
}

static int fuzz_fail(const char *what, int rc)
{
	fprintf(stderr, "smc_nl: fuzz: check failed: %s: %s\n", what,
		rc ? err_name(-rc) : "wrong answer");
	return EXIT_FUZZ;
}

/* After the storm: the families answer normal requests correctly */
static int fuzz_check(struct nl *nl)
{
	bool admin = geteuid() == 0;
	int rc, n = 0, ver = -1, hs = -1;
	struct msg m;

	quiet = true;
	rc = request(nl, false, SMC_NETLINK_GET_SYS_INFO, true, NULL,
		     print_sysinfo, &ver);
	if (rc || ver < 1)
		return fuzz_fail("sysinfo", rc);
	rc = request(nl, true, SMC_PNETID_GET, true, NULL, NULL, NULL);
	if (rc)
		return fuzz_fail("pnet show", rc);
	rc = request(nl, false, SMC_NETLINK_DUMP_UEID, true, NULL, NULL,
		     NULL);
	if (rc)
		return fuzz_fail("ueid show", rc);
	rc = request(nl, false, SMC_NETLINK_DUMP_SEID, true, NULL, NULL,
		     NULL);
	if (rc)
		return fuzz_fail("seid show", rc);
	if (!admin)
		return 0;

	/* as root: a round trip through each table, which ends empty */
	if ((rc = request(nl, true, SMC_PNETID_FLUSH, false, NULL, NULL,
			  NULL)))
		return fuzz_fail("pnet flush", rc);
	pnet_msg(nl, &m, SMC_PNETID_ADD, false);
	msg_str(&m, SMC_PNETID_NAME, "fuzzcheck");
	msg_str(&m, SMC_PNETID_ETHNAME, "lo");
	if ((rc = request(nl, true, 0, false, &m, NULL, NULL)))
		return fuzz_fail("pnet add", rc);
	pnet_msg(nl, &m, SMC_PNETID_GET, true);
	if ((rc = request(nl, true, 0, true, &m, print_pnet, &n)) || n != 1)
		return fuzz_fail("pnet show after add", rc);
	pnet_msg(nl, &m, SMC_PNETID_DEL, false);
	msg_str(&m, SMC_PNETID_NAME, "FUZZCHECK");
	if ((rc = request(nl, true, 0, false, &m, NULL, NULL)))
		return fuzz_fail("pnet del", rc);
	pnet_msg(nl, &m, SMC_PNETID_DEL, false);
	msg_str(&m, SMC_PNETID_NAME, "FUZZCHECK");
	if (request(nl, true, 0, false, &m, NULL, NULL) != -ENOENT)
		return fuzz_fail("pnet del twice", 0);

	if ((rc = request(nl, false, SMC_NETLINK_FLUSH_UEID, false, NULL,
			  NULL, NULL)))
		return fuzz_fail("ueid flush", rc);
	msg_init(&m, family(nl, false), 0, SMC_NETLINK_ADD_UEID,
		 SMC_GENL_FAMILY_VERSION);
	msg_str(&m, SMC_NLA_EID_TABLE_ENTRY,
		"FUZZ-CHECK                      ");
	if ((rc = request(nl, false, 0, false, &m, NULL, NULL)))
		return fuzz_fail("ueid add", rc);
	n = 0;
	if ((rc = request(nl, false, SMC_NETLINK_DUMP_UEID, true, NULL,
			  print_ueid, &n)) || n != 1)
		return fuzz_fail("ueid show after add", rc);
	if ((rc = request(nl, false, SMC_NETLINK_FLUSH_UEID, false, NULL,
			  NULL, NULL)))
		return fuzz_fail("ueid flush", rc);

	if ((rc = request(nl, false, SMC_NETLINK_DISABLE_HS_LIMITATION, false,
			  NULL, NULL, NULL)))
		return fuzz_fail("hslimit off", rc);
	if ((rc = request(nl, false, SMC_NETLINK_DUMP_HS_LIMITATION, true,
			  NULL, print_hslimit, &hs)) || hs != 0)
		return fuzz_fail("hslimit show", rc);
	return 0;
}

static int cmd_fuzz(struct nl *nl, int argc, char **argv)
{
	struct fuzz_stats st = { 0 };
	static struct msg batch;
	unsigned long count, i;
	struct msg m;
	int e, rc;

	if (argc != 2)
		usage();
	count = strtoul(argv[0], NULL, 0);
	rng = strtoull(argv[1], NULL, 0) * 0x9E3779B97F4A7C15ULL + 1;
	family(nl, true);
	family(nl, false);

	for (i = 0; i < count; i++) {
		size_t len;
		int k = below(8) ? 1 : 2 + below(2);

		/* sometimes several requests in one datagram */
		batch.len = 0;
		while (k-- > 0) {
			len = fuzz_msg(nl, &m, FUZZ_MSG_MAX / 4);
			if (batch.len + NLMSG_ALIGN(len) > FUZZ_MSG_MAX)
				break;
			memcpy(batch.buf + batch.len, m.buf, len);
			batch.len += NLMSG_ALIGN(len);
		}
		if (send(nl->fd, batch.buf, batch.len, 0) < 0 &&
		    errno != ENOBUFS && errno != EINVAL && errno != EBUSY)
			die(EXIT_LOCAL, "fuzz send: %s", strerror(errno));
		st.sent++;
		fuzz_drain(nl, &st);
	}
	printf("fuzz: %lu datagrams, %lu acks, %lu dumps done, errors:",
	       st.sent, st.acks, st.dumps);
	for (e = 1; e < 256; e++)
		if (st.errs[e])
			printf(" %s %lu", e < 255 ? err_name(e) : "other",
			       st.errs[e]);
	printf("\n");
	fflush(stdout);

	/* a fresh socket: nothing of the storm left in its queue */
	close(nl->fd);
	nl_open(nl);
	rc = fuzz_check(nl);
	if (!rc)
		printf("fuzz: the module answers normal requests correctly\n");
	return rc;
}

int main(int argc, char **argv)
{
	struct nl nl;
	int rc;

	while (argc > 1 && argv[1][0] == '-' && argv[1][1]) {
		if (!strcmp(argv[1], "-r"))
			raw_mode = true;
		else
			usage();
		argc--;
		argv++;
	}
	if (argc < 2)
		usage();
	nl_open(&nl);
	argc -= 2;
	argv += 2;
	if (!strcmp(argv[-1], "pnet"))
		rc = cmd_pnet(&nl, argc, argv);
	else if (!strcmp(argv[-1], "ueid"))
		rc = cmd_ueid(&nl, argc, argv);
	else if (!strcmp(argv[-1], "seid"))
		rc = cmd_seid(&nl, argc, argv);
	else if (!strcmp(argv[-1], "hslimit"))
		rc = cmd_hslimit(&nl, argc, argv);
	else if (!strcmp(argv[-1], "sysinfo") && !argc)
		rc = report(&nl, "sysinfo",
			    request(&nl, false, SMC_NETLINK_GET_SYS_INFO, true,
				    NULL, print_sysinfo, NULL));
	else if (!strcmp(argv[-1], "dump"))
		rc = cmd_dump(&nl, argc, argv);
	else if (!strcmp(argv[-1], "lgr"))
		rc = report(&nl, "lgr",
			    request(&nl, false, SMC_NETLINK_GET_LINK_SMCR, true,
				    NULL, print_lgr, NULL));
	else if (!strcmp(argv[-1], "dev") && !argc)
		rc = report(&nl, "dev",
			    request(&nl, false, SMC_NETLINK_GET_DEV_SMCR, true,
				    NULL, print_dev, NULL));
	else if (!strcmp(argv[-1], "family"))
		rc = cmd_ctrl(&nl, false, argc, argv);
	else if (!strcmp(argv[-1], "policy"))
		rc = cmd_ctrl(&nl, true, argc, argv);
	else if (!strcmp(argv[-1], "send"))
		rc = cmd_send(&nl, argc, argv);
	else if (!strcmp(argv[-1], "fuzz"))
		rc = cmd_fuzz(&nl, argc, argv);
	else
		usage();
	close(nl.fd);
	return rc;
}
