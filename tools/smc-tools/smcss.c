// SPDX-License-Identifier: GPL-2.0
/*
 * smcss - list AF_SMC sockets and why connections did not use SMC
 *
 * Asks the kernel for a sock_diag dump of family AF_SMC over a raw
 * NETLINK_SOCK_DIAG socket; decoding and printing live in smcss_decode.c and
 * smcss_print.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include <linux/smc_ext.h>
#include <linux/smc_diag.h>

#include "smcss.h"

#ifndef SMC_TOOLS_VERSION
#define SMC_TOOLS_VERSION "unknown"
#endif


static const char *prog = "smcss";

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTION]...\n"
		"List AF_SMC sockets and, for connections that use TCP, why.\n"
		"\n"
		"  -a, --all        all sockets, listening ones included\n"
		"  -l, --listening  listening sockets only\n"
		"  -d, --debug      add connection details (buffers, cursors)\n"
		"  -W, --wide       do not truncate addresses and device names\n"
		"  -R, --smcr       add SMC-R link details\n"
		"  -D, --smcd       add SMC-D details\n"
		"  -e, --explain    explain the fallback codes that are shown\n"
		"      --json       print the sockets as JSON\n"
		"  -v, --version    print the version\n"
		"  -h, --help       print this help\n"
		"\n"
		"Without -a or -l, listening sockets are left out.\n",
		prog);
}

/* The kernel answers "no such family" in several ways over the years. */
static bool no_smc_diag(int err)
{
	return err == ENOENT || err == EINVAL || err == EAFNOSUPPORT ||
	       err == EOPNOTSUPP || err == EPROTONOSUPPORT;
}

static void report_no_smc_diag(void)
{
	int fd, err;

	/*
	 * Tell a missing AF_SMC from missing diagnostics: only the socket
	 * family itself says which, whether SMC is a module or built in.
	 */
	fd = socket(AF_SMC, SOCK_STREAM | SOCK_CLOEXEC, SMCPROTO_SMC);
	err = errno;
	if (fd >= 0) {
		close(fd);
		fprintf(stderr,
			"%s: AF_SMC is available, but the kernel offers no socket diagnostics for it (load smc_diag if it is a separate module)\n",
			prog);
	} else if (err == EAFNOSUPPORT) {
		fprintf(stderr,
			"%s: the kernel has no AF_SMC support: the smc module is not loaded (try: modprobe smc)\n",
			prog);
	} else {
		fprintf(stderr,
			"%s: the kernel offers no socket diagnostics for AF_SMC (creating an AF_SMC socket fails too: %s)\n",
			prog, strerror(err));
	}
}

static int dump(const struct smcss_opts *opts, struct smcss_list *list)
{
	int err = 0;

	switch (smcss_dump(prog, smcss_diag_ext(opts), list, &err)) {
	case SMCSS_DEC_DONE:
		return 0;
	case SMCSS_DEC_ERROR:
		if (no_smc_diag(err))
			report_no_smc_diag();
		else
			fprintf(stderr, "%s: the kernel refused the AF_SMC socket dump: %s\n",
				prog, strerror(err));
		return -1;
	default:
		return -1;
	}
}

int main(int argc, char **argv)
{
	enum { OPT_JSON = 256 };
	static const struct option longopts[] = {
		{ "all",	no_argument, NULL, 'a' },
		{ "listening",	no_argument, NULL, 'l' },
		{ "debug",	no_argument, NULL, 'd' },
		{ "wide",	no_argument, NULL, 'W' },
		{ "smcr",	no_argument, NULL, 'R' },
		{ "smcd",	no_argument, NULL, 'D' },
		{ "explain",	no_argument, NULL, 'e' },
		{ "json",	no_argument, NULL, OPT_JSON },
		{ "version",	no_argument, NULL, 'v' },
		{ "help",	no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct smcss_opts opts = { 0 };
	struct smcss_list list = { 0 };
	int c;

	while ((c = getopt_long(argc, argv, "aldWRDevh", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			opts.all = true;
			break;
		case 'l':
			opts.listening = true;
			break;
		case 'd':
			opts.debug = true;
			break;
		case 'W':
			opts.wide = true;
			break;
		case 'R':
			opts.smcr = true;
			break;
		case 'D':
			opts.smcd = true;
			break;
		case 'e':
			opts.explain = true;
			break;
		case OPT_JSON:
			opts.json = true;
			break;
		case 'v':
			printf("smcss (smc-tools) %s\n", SMC_TOOLS_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", prog,
			argv[optind]);
		usage(stderr);
		return 2;
	}

	if (dump(&opts, &list)) {
		smcss_list_free(&list);
		return 1;
	}

	if (opts.json) {
		smcss_print_json(stdout, &opts, &list);
	} else {
		smcss_print_table(stdout, &opts, &list);
		if (opts.explain)
			smcss_print_explain(stdout, &opts, &list);
	}

	if (list.interrupted)
		fprintf(stderr, "%s: the socket list changed during the dump and may be inconsistent\n",
			prog);
	if (list.bad_msgs || list.bad_attrs)
		fprintf(stderr, "%s: ignored %u malformed socket message(s) and %u malformed attribute(s)\n",
			prog, list.bad_msgs, list.bad_attrs);

	smcss_list_free(&list);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: write error\n", prog);
		return 1;
	}
	return 0;
}
