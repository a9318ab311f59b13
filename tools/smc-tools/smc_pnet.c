// SPDX-License-Identifier: GPL-2.0
/*
 * smc_pnet - show and change the PNET ID table of SMC
 *
 * A PNET ID (physical network id) tells SMC which RDMA port reaches the same
 * physical network as a network device.  The table lives in the kernel and
 * is reached over the "SMC_PNETID" generic netlink family.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "smcr.h"

#ifndef SMC_TOOLS_VERSION
#define SMC_TOOLS_VERSION "unknown"
#endif

static const char *prog = "smc_pnet";

struct entry {
	char pnetid[SMCR_PNETID_LEN + 1];
	const char *eth;
	const char *ib;
	uint8_t port;
	bool has_port;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTIONS] [PNET_ID]\n"
		"Show or change the PNET ID table of SMC.\n"
		"\n"
		"  -a, --add              add PNET_ID for the devices given with -I and -D\n"
		"  -d, --delete           delete PNET_ID with all its devices\n"
		"  -s, --show             show the table, or the entries of PNET_ID\n"
		"  -f, --flush            delete all entries\n"
		"  -I, --interface=DEV    network device (with -a)\n"
		"  -D, --ibdevice=DEV     RDMA or ISM device (with -a)\n"
		"  -P, --ibport=PORT      port of the RDMA device, 1 or 2 (default 1)\n"
		"  -v, --version          print the version\n"
		"  -h, --help             print this help\n"
		"\n"
		"Without an option the table is shown, one entry a line:\n"
		"PNET_ID NETDEV IBDEV IBPORT (n/a and 255 for an unused half).\n",
		prog);
}

static int put_entry(struct nl_msg *msg, void *arg)
{
	const struct entry *e = arg;

	if (nla_put_string(msg, SMC_PNETID_NAME, e->pnetid))
		return -1;
	if (e->eth && nla_put_string(msg, SMC_PNETID_ETHNAME, e->eth))
		return -1;
	if (e->ib && nla_put_string(msg, SMC_PNETID_IBNAME, e->ib))
		return -1;
	if (e->has_port && nla_put_u8(msg, SMC_PNETID_IBPORT, e->port))
		return -1;
	return 0;
}

static int on_pnet(const struct nlmsghdr *nlh, void *arg)
{
	return smcr_parse_pnet(nlh, arg);
}

static int show(struct smcr_nl *nl, const char *pnetid)
{
	struct smcr_pnet_list l = { 0 };
	int rc;

	/* a dump and a filter here work on every kernel */
	rc = smcr_nl_dump(nl, SMC_PNETID_GET, on_pnet, &l);
	if (rc) {
		smcr_nl_report(nl, "reading the PNET ID table failed", rc);
		smcr_pnet_list_free(&l);
		return 1;
	}
	if (l.bad_attrs)
		fprintf(stderr, "%s: ignored %u malformed attribute(s)\n",
			prog, l.bad_attrs);
	smcr_print_pnet(stdout, &l, pnetid);
	smcr_pnet_list_free(&l);
	return 0;
}

static bool name_ok(const char *name, size_t max)
{
	size_t n = strlen(name);

	return n && n <= max && !strpbrk(name, " \t\n/");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "add",	no_argument, NULL, 'a' },
		{ "delete",	no_argument, NULL, 'd' },
		{ "show",	no_argument, NULL, 's' },
		{ "flush",	no_argument, NULL, 'f' },
		{ "interface",	required_argument, NULL, 'I' },
		{ "ibdevice",	required_argument, NULL, 'D' },
		{ "ibport",	required_argument, NULL, 'P' },
		{ "version",	no_argument, NULL, 'v' },
		{ "help",	no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct entry e = { .port = 1 };
	const char *pnetid = NULL, *why;
	int action = 's', actions = 0;
	struct smcr_nl nl;
	char *end;
	long port;
	int c, rc;

	while ((c = getopt_long(argc, argv, "adsfI:D:P:vh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'a':
		case 'd':
		case 's':
		case 'f':
			action = c;
			actions++;
			break;
		case 'I':
			e.eth = optarg;
			break;
		case 'D':
			e.ib = optarg;
			break;
		case 'P':
			errno = 0;
			port = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || port < 1 ||
			    port > 2) {
				fprintf(stderr, "Error: invalid port \"%s\": 1 or 2\n",
					optarg);
				return 2;
			}
			e.port = (uint8_t)port;
			e.has_port = true;
			break;
		case 'v':
			printf("%s (smc-tools) %s\n", prog, SMC_TOOLS_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc)
		pnetid = argv[optind++];
	if (optind < argc || actions > 1) {
		usage(stderr);
		return 2;
	}

	/* check everything before the kernel sees any of it */
	if (pnetid) {
		why = smcr_pnetid_prepare(pnetid, e.pnetid);
		if (why) {
			fprintf(stderr, "Error: invalid PNET ID \"%s\": %s\n",
				pnetid, why);
			return 1;
		}
	}
	if (action != 'a' && (e.eth || e.ib || e.has_port)) {
		fprintf(stderr, "Error: -I, -D and -P go with -a\n");
		return 2;
	}
	if ((action == 'a' || action == 'd') && !pnetid) {
		fprintf(stderr, "Error: a PNET ID is needed\n");
		return 2;
	}
	if (action == 'f' && pnetid) {
		fprintf(stderr, "Error: -f takes no PNET ID\n");
		return 2;
	}
	if (action == 'a') {
		if (!e.eth && !e.ib) {
			fprintf(stderr, "Error: -a needs a device: -I and/or -D\n");
			return 2;
		}
		if (e.has_port && !e.ib) {
			fprintf(stderr, "Error: -P goes with -D\n");
			return 2;
		}
		if (e.eth && !name_ok(e.eth, SMCR_IFNAME_LEN - 1)) {
			fprintf(stderr, "Error: invalid network device name \"%s\"\n",
				e.eth);
			return 1;
		}
		if (e.ib && !name_ok(e.ib, SMCR_IBNAME_LEN - 1)) {
			fprintf(stderr, "Error: invalid RDMA device name \"%s\"\n",
				e.ib);
			return 1;
		}
		/* Linux takes port 1 when none is given; say it anyway */
		if (e.ib)
			e.has_port = true;
	}

	if (smcr_nl_open_or_say(&nl, SMCR_GENL_FAMILY_NAME))
		return 1;

	switch (action) {
	case 'a':
		rc = smcr_nl_do(&nl, SMC_PNETID_ADD, put_entry, &e);
		if (rc == -EEXIST)
			fprintf(stderr, "Error: nothing added: the device%s already ha%s a PNET ID (from this table or from the hardware)\n",
				e.eth && e.ib ? "s" : "",
				e.eth && e.ib ? "ve" : "s");
		else if (rc)
			smcr_nl_report(&nl, "adding the PNET ID failed", rc);
		rc = rc ? 1 : 0;
		break;
	case 'd':
		rc = smcr_nl_do(&nl, SMC_PNETID_DEL, put_entry, &e);
		if (rc == -ENOENT)
			fprintf(stderr, "Error: PNET ID %s is not defined\n",
				e.pnetid);
		else if (rc)
			smcr_nl_report(&nl, "deleting the PNET ID failed", rc);
		rc = rc ? 1 : 0;
		break;
	case 'f':
		rc = smcr_nl_do(&nl, SMC_PNETID_FLUSH, NULL, NULL);
		if (rc)
			smcr_nl_report(&nl, "flushing the PNET ID table failed", rc);
		rc = rc ? 1 : 0;
		break;
	default:
		rc = show(&nl, pnetid ? e.pnetid : NULL);
		break;
	}
	if (nl.foreign)
		fprintf(stderr, "%s: dropped %u netlink message(s) not sent by the kernel\n",
			prog, nl.foreign);
	smcr_nl_close(&nl);

	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: write error\n", prog);
		return 1;
	}
	return rc;
}
