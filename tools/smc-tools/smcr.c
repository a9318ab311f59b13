// SPDX-License-Identifier: GPL-2.0
/*
 * smcr - show and configure SMC-R: kernel capabilities, link groups and
 * links, RDMA devices, statistics, user defined EIDs and the negotiation
 * policy, and attach the capture device of smcdump-ex.
 *
 * Talks to the SMC_GEN_NETLINK family, and for "policy" to this module's
 * SMC_POLICY family (smcr_nl.c); the decoding is in
 * smcr_parse.c, the output in smcr_print.c and smcr_stats.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "smcr.h"

#ifndef SMC_TOOLS_VERSION
#define SMC_TOOLS_VERSION "unknown"
#endif

static const char *prog = "smcr";

enum obj { OBJ_INFO, OBJ_LGR, OBJ_DEV, OBJ_STATS, OBJ_UEID, OBJ_POLICY,
	   OBJ_CAPTURE };
enum cmd { CMD_SHOW, CMD_LINK_SHOW, CMD_RESET, CMD_JSON, CMD_ADD, CMD_DEL,
	   CMD_FLUSH, CMD_ATTACH, CMD_DETACH };

/* arguments of capture attach and detach */
struct capture_args {
	uint32_t ifindex;	/* 0: detach whatever is attached */
	const char *ifname;
	uint32_t snaplen;
	uint32_t events;
	uint32_t modes;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTIONS] OBJECT {COMMAND | help}\n"
		"where  OBJECT := {info | linkgroup | device | stats | ueid | policy | capture}\n"
		"       OPTIONS := {-v[ersion] | -d[etails] | -dd | -a[bsolute] | -h[elp]}\n"
		"\n"
		"  info                                    kernel capabilities\n"
		"  linkgroup {show | link-show} [FILTER]   link groups, or their links\n"
		"  device show [FILTER]                    RoCE devices and ports\n"
		"  stats {show | reset | json}             SMC-R statistics\n"
		"  ueid {add UEID | del UEID | flush | show}  user defined EIDs\n"
		"  policy {add PREFIX [port PORT] | del PREFIX [port PORT] | flush | show}\n"
		"                                          destinations never offered SMC\n"
		"  capture {attach NETDEV [snaplen N] [events LIST] [modes LIST] | detach [NETDEV] | show}\n"
		"                                          capture device (smcdump-ex)\n"
		"\n"
		"FILTER := {all | type TYPE | ibdev IBDEV | netdev NETDEV}\n"
		"Objects and commands may be abbreviated.\n",
		prog);
}

static void obj_usage(FILE *f, enum obj obj)
{
	switch (obj) {
	case OBJ_INFO:
		fprintf(f, "Usage: %s info [show]\n", prog);
		break;
	case OBJ_LGR:
		fprintf(f, "Usage: %s [-d|-dd] linkgroup {show | link-show} [all | type TYPE | ibdev IBDEV | netdev NETDEV]\n",
			prog);
		break;
	case OBJ_DEV:
		fprintf(f, "Usage: %s [-d] device show [all | type TYPE | ibdev IBDEV | netdev NETDEV]\n",
			prog);
		break;
	case OBJ_STATS:
		fprintf(f, "Usage: %s [-d] [-a] stats {show | reset | json}\n",
			prog);
		break;
	case OBJ_UEID:
		fprintf(f, "Usage: %s ueid {add UEID | del UEID | flush | show}\n",
			prog);
		break;
	case OBJ_POLICY:
		fprintf(f, "Usage: %s policy {add PREFIX[/LEN] [port PORT] | del PREFIX[/LEN] [port PORT] | flush | show}\n",
			prog);
		break;
	case OBJ_CAPTURE:
		fprintf(f, "Usage: %s capture {attach NETDEV [snaplen N] [events {all | llc,cdc,data}] [modes {all | smcr,smcd}] | detach [NETDEV] | show}\n",
			prog);
		break;
	}
}

/* iproute2 style: any non-empty prefix of the word */
static bool matches(const char *arg, const char *word)
{
	size_t n = strlen(arg);

	return n && n <= strlen(word) && !strncmp(arg, word, n);
}

static const char *sys_ifname(uint32_t ifindex, char *buf)
{
	return if_indextoname(ifindex, buf);
}

static void warn_bad(const char *what, unsigned int bad)
{
	if (bad)
		fprintf(stderr, "%s: ignored %u malformed attribute(s) in the %s reply\n",
			prog, bad, what);
}

static void warn_nl(const struct smcr_nl *nl)
{
	if (nl->interrupted)
		fprintf(stderr, "%s: the kernel's data changed during the dump and may be inconsistent\n",
			prog);
	if (nl->foreign)
		fprintf(stderr, "%s: dropped %u netlink message(s) not sent by the kernel\n",
			prog, nl->foreign);
}

/* --- dump callbacks -------------------------------------------------------- */

static int on_sys_info(const struct nlmsghdr *nlh, void *arg)
{
	return smcr_parse_sys_info(nlh, arg);
}

static int on_lgr(const struct nlmsghdr *nlh, void *arg)
{
	return smcr_parse_lgr(nlh, arg);
}

static int on_dev(const struct nlmsghdr *nlh, void *arg)
{
	return smcr_parse_dev(nlh, arg);
}

static int on_stats(const struct nlmsghdr *nlh, void *arg)
{
	return smcr_parse_stats(nlh, arg);
}

static int on_ueid(const struct nlmsghdr *nlh, void *arg)
{
	return smcr_parse_ueid(nlh, arg);
}

/* --- commands -------------------------------------------------------------- */

static int do_info(struct smcr_nl *nl, const struct smcr_opts *o)
{
	struct smcr_sys_info si = { 0 };
	int rc;

	rc = smcr_nl_dump(nl, SMC_NETLINK_GET_SYS_INFO, on_sys_info, &si);
	if (rc) {
		smcr_nl_report(nl, "reading the system information failed", rc);
		return 1;
	}
	warn_bad("system information", si.bad_attrs);
	if (!si.valid) {
		fprintf(stderr, "Error: the kernel sent no system information\n");
		return 1;
	}
	smcr_print_info(stdout, o, &si);
	return 0;
}

static int do_lgr(struct smcr_nl *nl, const struct smcr_opts *o, bool links)
{
	struct smcr_lgr_list l = { 0 };
	int rc;

	/* the link dump has the link groups too, and the filters need links */
	rc = smcr_nl_dump(nl, SMC_NETLINK_GET_LINK_SMCR, on_lgr, &l);
	if (rc) {
		smcr_nl_report(nl, "reading the link groups failed", rc);
		smcr_lgr_list_free(&l);
		return 1;
	}
	warn_bad("link group", l.bad_attrs);
	smcr_print_lgrs(stdout, o, &l, links);
	smcr_lgr_list_free(&l);
	return 0;
}

static int do_dev(struct smcr_nl *nl, const struct smcr_opts *o)
{
	struct smcr_dev_list l = { 0 };
	int rc;

	rc = smcr_nl_dump(nl, SMC_NETLINK_GET_DEV_SMCR, on_dev, &l);
	if (rc) {
		smcr_nl_report(nl, "reading the SMC-R devices failed", rc);
		smcr_dev_list_free(&l);
		return 1;
	}
	warn_bad("device", l.bad_attrs);
	smcr_print_devs(stdout, o, &l);
	smcr_dev_list_free(&l);
	return 0;
}

static int do_stats(struct smcr_nl *nl, const struct smcr_opts *o,
		    enum cmd cmd)
{
	struct smcr_stats *st, *now, *base;
	char path[64], err[256];
	bool relative = false;
	int rc, ret = 1;

	st = calloc(3, sizeof(*st));
	if (!st) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return 1;
	}
	now = st + 1;
	base = st + 2;

	rc = smcr_nl_dump(nl, SMC_NETLINK_GET_STATS, on_stats, st);
	if (!rc)
		rc = smcr_nl_dump(nl, SMC_NETLINK_GET_FBACK_STATS, on_stats,
				  st);
	if (rc) {
		smcr_nl_report(nl, "reading the statistics failed", rc);
		goto out;
	}
	warn_bad("statistics", st->bad_attrs);
	if (!st->have_stats) {
		fprintf(stderr, "Error: the kernel sent no statistics\n");
		goto out;
	}
	*now = *st;

	smcr_stats_cache_path(path, sizeof(path), geteuid());
	if (!o->absolute) {
		rc = smcr_stats_load(path, base, err, sizeof(err));
		if (!rc) {
			if (smcr_stats_subtract(st, base) == SMCR_SUB_OK)
				relative = true;
			else
				fprintf(stderr, "%s: counters are lower than at the last reset (was the module reloaded?), showing absolute values\n",
					prog);
		} else if (rc != -ENOENT) {
			fprintf(stderr, "%s: %s\n", prog, err);
		}
	}

	if (cmd == CMD_JSON)
		smcr_print_stats_json(stdout, o, st, relative);
	else
		smcr_print_stats(stdout, o, st, relative);

	if (cmd == CMD_RESET) {
		/* the kernel keeps counting: remember where "zero" is now */
		if (smcr_stats_save(path, now, err, sizeof(err))) {
			fprintf(stderr, "Error: reset failed: %s\n", err);
			goto out;
		}
	}
	ret = 0;
out:
	free(st);
	return ret;
}

static int put_ueid(struct nl_msg *msg, void *arg)
{
	/* Linux wants exactly 32 characters and the NUL */
	return nla_put(msg, SMC_NLA_EID_TABLE_ENTRY, SMC_MAX_EID_LEN + 1, arg);
}

static int do_ueid(struct smcr_nl *nl, enum cmd cmd, char *ueid)
{
	struct smcr_ueid_list l = { 0 };
	char shown[SMC_MAX_EID_LEN + 1];
	char *end;
	int rc;

	/* the UEID as the user will see it in "ueid show" */
	snprintf(shown, sizeof(shown), "%s", ueid ? ueid : "");
	end = shown + strlen(shown);
	while (end > shown && end[-1] == ' ')
		*--end = '\0';

	switch (cmd) {
	case CMD_ADD:
		rc = smcr_nl_do(nl, SMC_NETLINK_ADD_UEID, put_ueid, ueid);
		if (rc == -EEXIST)
			fprintf(stderr, "Error: UEID %s is already defined\n",
				shown);
		else if (rc == -ERANGE || rc == -ENOSPC)
			fprintf(stderr, "Error: the UEID table is full (at most %d UEIDs)\n",
				SMC_MAX_UEID);
		else if (rc)
			smcr_nl_report(nl, "adding the UEID failed", rc);
		return rc ? 1 : 0;
	case CMD_DEL:
		rc = smcr_nl_do(nl, SMC_NETLINK_REMOVE_UEID, put_ueid, ueid);
		/* Linux on s390 says EAGAIN: removed, and the SEID is back */
		if (rc == -EAGAIN)
			rc = 0;
		if (rc == -ENOENT)
			fprintf(stderr, "Error: UEID %s is not defined\n",
				shown);
		else if (rc)
			smcr_nl_report(nl, "removing the UEID failed", rc);
		return rc ? 1 : 0;
	case CMD_FLUSH:
		rc = smcr_nl_do(nl, SMC_NETLINK_FLUSH_UEID, NULL, NULL);
		if (rc)
			smcr_nl_report(nl, "flushing the UEID table failed", rc);
		return rc ? 1 : 0;
	default:
		rc = smcr_nl_dump(nl, SMC_NETLINK_DUMP_UEID, on_ueid, &l);
		if (rc) {
			smcr_nl_report(nl, "reading the UEID table failed", rc);
			return 1;
		}
		warn_bad("UEID", l.bad_attrs);
		smcr_print_ueids(stdout, &l);
		return 0;
	}
}

static int on_policy(const struct nlmsghdr *nlh, void *arg)
{
	return smcr_parse_policy(nlh, arg);
}

static int put_policy(struct nl_msg *msg, void *arg)
{
	const struct smcr_policy_entry *e = arg;

	if (nla_put_u8(msg, SMC_POLICY_A_FAMILY, e->family) ||
	    nla_put(msg, SMC_POLICY_A_ADDR, e->family == AF_INET ? 4 : 16,
		    e->addr) ||
	    nla_put_u8(msg, SMC_POLICY_A_PREFIXLEN, e->plen))
		return -1;
	if (e->port && nla_put_u16(msg, SMC_POLICY_A_PORT, e->port))
		return -1;
	return 0;
}

static int do_policy(struct smcr_nl *nl, enum cmd cmd,
		     struct smcr_policy_entry *e)
{
	struct smcr_policy_list l = { 0 };
	char shown[INET6_ADDRSTRLEN + 16];
	int rc;

	smcr_fmt_policy(shown, sizeof(shown), e);
	switch (cmd) {
	case CMD_ADD:
		rc = smcr_nl_do(nl, SMC_POLICY_CMD_ADD, put_policy, e);
		if (rc == -EEXIST)
			fprintf(stderr, "Error: %s is already in the policy list\n",
				shown);
		else if (rc == -ENOSPC)
			fprintf(stderr, "Error: the policy list is full (at most %d entries)\n",
				SMC_POLICY_MAX_ENTRIES);
		else if (rc)
			smcr_nl_report(nl, "adding the policy entry failed",
				       rc);
		return rc ? 1 : 0;
	case CMD_DEL:
		rc = smcr_nl_do(nl, SMC_POLICY_CMD_DEL, put_policy, e);
		if (rc == -ENOENT)
			fprintf(stderr, "Error: %s is not in the policy list\n",
				shown);
		else if (rc)
			smcr_nl_report(nl, "deleting the policy entry failed",
				       rc);
		return rc ? 1 : 0;
	case CMD_FLUSH:
		rc = smcr_nl_do(nl, SMC_POLICY_CMD_FLUSH, NULL, NULL);
		if (rc)
			smcr_nl_report(nl, "flushing the policy list failed",
				       rc);
		return rc ? 1 : 0;
	default:
		rc = smcr_nl_dump(nl, SMC_POLICY_CMD_GET, on_policy, &l);
		if (rc) {
			smcr_nl_report(nl, "reading the policy list failed",
				       rc);
			smcr_policy_list_free(&l);
			return 1;
		}
		warn_bad("policy", l.bad_attrs);
		smcr_print_policy(stdout, &l);
		smcr_policy_list_free(&l);
		return 0;
	}
}

/* PREFIX [port PORT] of policy add and del; 0, or an exit code */
static int parse_policy_args(int argc, char **argv,
			     struct smcr_policy_entry *e)
{
	const char *why;

	if (argc != 1 && !(argc == 3 && matches(argv[1], "port"))) {
		obj_usage(stderr, OBJ_POLICY);
		return 2;
	}
	why = smcr_policy_prefix_prepare(argv[0], e);
	if (why) {
		fprintf(stderr, "Error: invalid prefix \"%s\": %s\n", argv[0],
			why);
		return 1;
	}
	if (argc == 3) {
		why = smcr_policy_port_prepare(argv[2], &e->port);
		if (why) {
			fprintf(stderr, "Error: invalid port \"%s\": %s\n",
				argv[2], why);
			return 1;
		}
	}
	return 0;
}

static int on_capture(const struct nlmsghdr *nlh, void *arg)
{
	return smcr_parse_capture(nlh, arg);
}

static int put_capture(struct nl_msg *msg, void *arg)
{
	const struct capture_args *a = arg;

	if (a->ifindex && nla_put_u32(msg, SMC_NLA_CAPTURE_IFINDEX, a->ifindex))
		return -1;
	return 0;
}

static int put_attach(struct nl_msg *msg, void *arg)
{
	const struct capture_args *a = arg;

	if (put_capture(msg, arg) ||
	    nla_put_u32(msg, SMC_NLA_CAPTURE_SNAPLEN, a->snaplen) ||
	    nla_put_u32(msg, SMC_NLA_CAPTURE_EVENTS, a->events) ||
	    nla_put_u32(msg, SMC_NLA_CAPTURE_MODES, a->modes))
		return -1;
	return 0;
}

/* the module answers an unknown command with EOPNOTSUPP */
static bool capture_unsupported(int rc)
{
	if (rc != -EOPNOTSUPP)
		return false;
	fprintf(stderr, "Error: this SMC module cannot capture (it has no SMC_NETLINK_CAPTURE commands)\n");
	return true;
}

static int do_capture(struct smcr_nl *nl, const struct smcr_opts *o,
		      enum cmd cmd, struct capture_args *a)
{
	struct smcr_capture c = { 0 };
	int rc;

	switch (cmd) {
	case CMD_ATTACH:
		rc = smcr_nl_do(nl, SMC_NETLINK_CAPTURE_ATTACH, put_attach, a);
		if (rc == -EBUSY) {
			char name[SMCR_IFNAME_LEN + 1] = "?";

			if (!smcr_nl_dump(nl, SMC_NETLINK_CAPTURE_GET,
					  on_capture, &c) && c.present &&
			    !if_indextoname(c.ifindex, name))
				snprintf(name, sizeof(name), "if%u", c.ifindex);
			fprintf(stderr, "Error: this network namespace has a capture device already (%s): one capture at a time\n",
				name);
		} else if (rc && !capture_unsupported(rc)) {
			smcr_nl_report(nl, "attaching the capture device failed",
				       rc);
		}
		return rc ? 1 : 0;
	case CMD_DETACH:
		rc = smcr_nl_do(nl, SMC_NETLINK_CAPTURE_DETACH, put_capture, a);
		if (rc == -ENOENT)
			fprintf(stderr, "Error: %s is not the capture device\n",
				a->ifname ? a->ifname : "there");
		else if (rc && !capture_unsupported(rc))
			smcr_nl_report(nl, "detaching the capture device failed",
				       rc);
		return rc ? 1 : 0;
	default:
		rc = smcr_nl_dump(nl, SMC_NETLINK_CAPTURE_GET, on_capture, &c);
		if (rc) {
			if (!capture_unsupported(rc))
				smcr_nl_report(nl, "reading the capture device failed",
					       rc);
			return 1;
		}
		warn_bad("capture", c.bad_attrs);
		smcr_print_capture(stdout, o, &c);
		return 0;
	}
}

/* NETDEV [snaplen N] [events LIST] [modes LIST] of capture attach, or
 * [NETDEV] of detach; 0, or an exit code
 */
static int parse_capture_args(int argc, char **argv, enum cmd cmd,
			      struct capture_args *a)
{
	const char *why = NULL;
	int i;

	a->events = SMC_CAPTURE_EV_ALL;
	a->modes = SMC_CAPTURE_MODE_ALL;
	if (cmd == CMD_SHOW) {
		if (argc) {
			obj_usage(stderr, OBJ_CAPTURE);
			return 2;
		}
		return 0;
	}
	if ((cmd == CMD_ATTACH && (argc < 1 || !(argc % 2))) ||
	    (cmd == CMD_DETACH && argc > 1)) {
		obj_usage(stderr, OBJ_CAPTURE);
		return 2;
	}
	for (i = 1; i < argc; i += 2) {
		if (matches(argv[i], "snaplen"))
			why = smcr_capture_snaplen_prepare(argv[i + 1],
							   &a->snaplen);
		else if (matches(argv[i], "events"))
			why = smcr_capture_events_prepare(argv[i + 1],
							  &a->events);
		else if (matches(argv[i], "modes"))
			why = smcr_capture_modes_prepare(argv[i + 1], &a->modes);
		else {
			obj_usage(stderr, OBJ_CAPTURE);
			return 2;
		}
		if (why) {
			fprintf(stderr, "Error: invalid %s \"%s\": %s\n",
				argv[i], argv[i + 1], why);
			return 1;
		}
	}
	if (argc) {
		a->ifname = argv[0];
		a->ifindex = if_nametoindex(argv[0]);
		if (!a->ifindex) {
			fprintf(stderr, "Error: no network device \"%s\"\n",
				argv[0]);
			return 1;
		}
	}
	return 0;
}

/* --- command line ---------------------------------------------------------- */

static int parse_obj(const char *arg, enum obj *obj)
{
	static const struct { const char *word; enum obj obj; } objs[] = {
		{ "info", OBJ_INFO },
		{ "linkgroup", OBJ_LGR },
		{ "device", OBJ_DEV },
		{ "stats", OBJ_STATS },
		{ "ueid", OBJ_UEID },
		{ "policy", OBJ_POLICY },
		{ "capture", OBJ_CAPTURE },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		if (matches(arg, objs[i].word)) {
			*obj = objs[i].obj;
			return 0;
		}
	}
	return -1;
}

static int parse_cmd(enum obj obj, const char *arg, enum cmd *cmd)
{
	if (matches(arg, "show")) {
		*cmd = CMD_SHOW;
		return 0;
	}
	switch (obj) {
	case OBJ_LGR:
		if (matches(arg, "link-show")) {
			*cmd = CMD_LINK_SHOW;
			return 0;
		}
		break;
	case OBJ_STATS:
		if (matches(arg, "reset")) {
			*cmd = CMD_RESET;
			return 0;
		}
		if (matches(arg, "json")) {
			*cmd = CMD_JSON;
			return 0;
		}
		break;
	case OBJ_UEID:
	case OBJ_POLICY:
		if (matches(arg, "add")) {
			*cmd = CMD_ADD;
			return 0;
		}
		if (matches(arg, "delete")) {
			*cmd = CMD_DEL;
			return 0;
		}
		if (matches(arg, "flush")) {
			*cmd = CMD_FLUSH;
			return 0;
		}
		break;
	case OBJ_CAPTURE:
		if (matches(arg, "attach")) {
			*cmd = CMD_ATTACH;
			return 0;
		}
		if (matches(arg, "detach")) {
			*cmd = CMD_DETACH;
			return 0;
		}
		break;
	default:
		break;
	}
	return -1;
}

static int parse_filter(int argc, char **argv, struct smcr_opts *o)
{
	static const struct { const char *word; enum smcr_filter f; } fs[] = {
		{ "type", SMCR_F_TYPE },
		{ "ibdev", SMCR_F_IBDEV },
		{ "netdev", SMCR_F_NETDEV },
	};
	size_t i;

	if (!argc)
		return 0;
	if (argc == 1 && matches(argv[0], "all"))
		return 0;
	if (argc != 2)
		return -1;
	for (i = 0; i < ARRAY_SIZE(fs); i++) {
		if (matches(argv[0], fs[i].word)) {
			o->filter = fs[i].f;
			o->filter_arg = argv[1];
			return 0;
		}
	}
	return -1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "version",	no_argument, NULL, 'v' },
		{ "details",	no_argument, NULL, 'd' },
		{ "absolute",	no_argument, NULL, 'a' },
		{ "help",	no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct smcr_opts o = { .ifname = sys_ifname };
	char ueid[SMC_MAX_EID_LEN + 1] = "";
	struct smcr_policy_entry pol = { 0 };
	struct capture_args cap = { 0 };
	enum cmd cmd = CMD_SHOW;
	struct smcr_nl nl;
	enum obj obj;
	int c, rc;

	/* options come before the object, as in smc-tools and ip(8) */
	while ((c = getopt_long(argc, argv, "+vdah", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			printf("%s (smc-tools) %s\n", prog, SMC_TOOLS_VERSION);
			return 0;
		case 'd':
			o.detail++;
			break;
		case 'a':
			o.absolute = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[optind], "help")) {
		usage(stdout);
		return 0;
	}
	if (parse_obj(argv[optind], &obj)) {
		fprintf(stderr, "Error: unknown object \"%s\"\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	optind++;
	if (optind < argc) {
		if (!strcmp(argv[optind], "help")) {
			obj_usage(stdout, obj);
			return 0;
		}
		if (parse_cmd(obj, argv[optind], &cmd)) {
			fprintf(stderr, "Error: unknown command \"%s\"\n",
				argv[optind]);
			obj_usage(stderr, obj);
			return 2;
		}
		optind++;
	}

	/* check all arguments before anything is sent to the kernel */
	argc -= optind;
	argv += optind;
	if (obj == OBJ_UEID && (cmd == CMD_ADD || cmd == CMD_DEL)) {
		const char *why;

		if (argc != 1) {
			obj_usage(stderr, obj);
			return 2;
		}
		why = smcr_ueid_prepare(argv[0], ueid);
		if (why) {
			fprintf(stderr, "Error: invalid UEID \"%s\": %s\n",
				argv[0], why);
			return 1;
		}
	} else if (obj == OBJ_POLICY && (cmd == CMD_ADD || cmd == CMD_DEL)) {
		rc = parse_policy_args(argc, argv, &pol);
		if (rc)
			return rc;
	} else if (obj == OBJ_CAPTURE) {
		rc = parse_capture_args(argc, argv, cmd, &cap);
		if (rc)
			return rc;
	} else if (obj == OBJ_LGR || obj == OBJ_DEV) {
		if (parse_filter(argc, argv, &o)) {
			obj_usage(stderr, obj);
			return 2;
		}
	} else if (argc) {
		obj_usage(stderr, obj);
		return 2;
	}

	if (smcr_nl_open_or_say(&nl, obj == OBJ_POLICY ?
				SMC_POLICY_GENL_FAMILY_NAME :
				SMC_GENL_FAMILY_NAME))
		return 1;
	rc = 2;		/* each object sets it; the switch covers them all */

	switch (obj) {
	case OBJ_INFO:
		rc = do_info(&nl, &o);
		break;
	case OBJ_LGR:
		rc = do_lgr(&nl, &o, cmd == CMD_LINK_SHOW);
		break;
	case OBJ_DEV:
		rc = do_dev(&nl, &o);
		break;
	case OBJ_STATS:
		rc = do_stats(&nl, &o, cmd);
		break;
	case OBJ_UEID:
		rc = do_ueid(&nl, cmd, ueid);
		break;
	case OBJ_POLICY:
		rc = do_policy(&nl, cmd, &pol);
		break;
	case OBJ_CAPTURE:
		rc = do_capture(&nl, &o, cmd, &cap);
		break;
	}
	warn_nl(&nl);
	smcr_nl_close(&nl);

	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: write error\n", prog);
		return 1;
	}
	return rc;
}
