// SPDX-License-Identifier: GPL-2.0
/*
 * A sock_diag dump of AF_SMC sockets that takes several messages must
 * report every socket that exists throughout it exactly once, however
 * many other sockets close in between, or end with an error.
 *
 * The kernel fills a message (about 32 KiB, a few hundred sockets), and
 * the next one when the reader has taken the previous one: the second
 * during the first recv(), the third during the second.  SOCKETS
 * unconnected AF_SMC sockets make at least three messages.  After the
 * first recv(), CLOSED of the sockets the first message reported are
 * closed: a dump that resumed at a count of sockets already reported,
 * rather than after the last socket reported, then skipped as many
 * sockets that were open all along (issue 14: under fail_page_alloc
 * smcxfer found no sock_diag entry for some of its connections).
 *
 *   a  every socket that stayed open is reported once, none twice, and the
 *      closed ones at most once (before they closed)
 *   b  a dump without changes reports each open socket once
 *
 * AF_SMC only; needs smc_diag.ko.  run.sh runs it with -f smc and -6.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/smc_diag.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smctest.h"

#define SOCKETS		1000
#define CLOSED		150

static int fds[SOCKETS];
static unsigned long long inodes[SOCKETS];
static int seen[SOCKETS];
static bool closed[SOCKETS];

static int sock_index(unsigned long long inode)
{
	int i;

	for (i = 0; i < SOCKETS; i++)
		if (inodes[i] == inode)
			return i;
	return -1;
}

static int diag_open(void)
{
	struct {
		struct nlmsghdr nlh;
		struct smc_diag_req req;
	} request = {
		.nlh = {
			.nlmsg_len = sizeof(request),
			.nlmsg_type = SOCK_DIAG_BY_FAMILY,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = 1,
		},
		.req = { .diag_family = AF_SMC },
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int nl;

	nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (nl < 0)
		smct_bail("netlink socket: %s", strerror(errno));
	if (sendto(nl, &request, sizeof(request), 0,
		   (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		smct_bail("sock_diag request: %s", strerror(errno));
	return nl;
}

/* One message of the dump: 1 more to come, 0 done, -errno */
static int diag_part(int nl, int *entries)
{
	static char buf[65536];
	struct nlmsghdr *nlh;
	ssize_t n;
	int i;

	do {
		n = recv(nl, buf, sizeof(buf), 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ENODATA;
	for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n);
	     nlh = NLMSG_NEXT(nlh, n)) {
		const struct smc_diag_msg *msg = NLMSG_DATA(nlh);

		if (nlh->nlmsg_type == NLMSG_DONE) {
			int err = 0;

			if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(err)))
				memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
			return err < 0 ? err : 0;
		}
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = NLMSG_DATA(nlh);

			return e->error ? e->error : -EPROTO;
		}
		if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*msg)))
			continue;
		(*entries)++;
		i = sock_index(msg->diag_inode);
		if (i >= 0)
			seen[i]++;
	}
	return 1;
}

static void open_sockets(void)
{
	struct rlimit rl;
	struct stat st;
	int i;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		smct_bail("getrlimit: %s", strerror(errno));
	if (rl.rlim_cur < SOCKETS + 64) {
		rl.rlim_cur = SOCKETS + 64;
		if (rl.rlim_max < rl.rlim_cur)
			rl.rlim_max = rl.rlim_cur;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			smct_skip_all("cannot raise RLIMIT_NOFILE to %d: %s",
				      SOCKETS + 64, strerror(errno));
	}
	for (i = 0; i < SOCKETS; i++) {
		fds[i] = smct_socket(0);
		if (fds[i] < 0)
			smct_bail("socket %d: %s", i, strerror(errno));
		if (fstat(fds[i], &st))
			smct_bail("fstat: %s", strerror(errno));
		inodes[i] = st.st_ino;
	}
}

static void dump_with_closes(void)
{
	int nl, rc, i, parts = 0, entries = 0, missing = 0, twice = 0;
	int closed_twice = 0, first = -1;

	smct_phase("a: %d sockets, %d of the first message's closed meanwhile",
		   SOCKETS, CLOSED);
	memset(seen, 0, sizeof(seen));
	nl = diag_open();
	do {
		rc = diag_part(nl, &entries);
		if (rc >= 0)
			parts++;
		if (parts != 1 || rc != 1)
			continue;
		/* the second message is built already, the third is not */
		for (i = 0, rc = 0; i < SOCKETS && rc < CLOSED; i++) {
			if (!seen[i])
				continue;
			close(fds[i]);
			fds[i] = -1;
			closed[i] = true;
			rc++;
		}
		if (rc < CLOSED)
			smct_info("only %d sockets in the first message", rc);
		rc = 1;
	} while (rc == 1);
	close(nl);
	if (!smct_check(rc == 0, "the dump ends without an error (%s)",
			rc ? strerror(-rc) : "none"))
		return;
	for (i = 0; i < SOCKETS; i++) {
		if (closed[i]) {
			closed_twice += seen[i] > 1;
			continue;
		}
		if (!seen[i] && first < 0)
			first = i;
		missing += !seen[i];
		twice += seen[i] > 1;
	}
	smct_info("%d entries in %d messages", entries, parts);
	smct_check(parts >= 3, "the dump took %d messages (at least 3 wanted)",
		   parts);
	smct_check(!missing, "every socket open throughout was reported (%d of %d missing)",
		   missing, SOCKETS - CLOSED);
	if (first >= 0)
		smct_info("first missing: socket %d of %d (inode %llu)", first,
			  SOCKETS, inodes[first]);
	smct_check(!twice && !closed_twice,
		   "no socket was reported twice (%d open, %d closed ones)",
		   twice, closed_twice);
}

static void dump_unchanged(void)
{
	int nl, rc, i, entries = 0, bad = 0;

	smct_phase("b: a dump without changes");
	memset(seen, 0, sizeof(seen));
	nl = diag_open();
	do {
		rc = diag_part(nl, &entries);
	} while (rc == 1);
	close(nl);
	for (i = 0; i < SOCKETS; i++)
		if (!closed[i])
			bad += seen[i] != 1;
	smct_check(rc == 0 && !bad,
		   "each open socket reported once (%d not, %s)", bad,
		   rc ? strerror(-rc) : "no error");
}

int main(int argc, char **argv)
{
	int i;

	smct_init(argc, argv, "diag_dump_resume", 120, NULL);
	if (smct.kind != SMCT_KIND_SMC)
		smct_skip_all("sock_diag of AF_SMC sockets (run with -f smc)");
	open_sockets();
	dump_with_closes();
	dump_unchanged();
	for (i = 0; i < SOCKETS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return smct_finish();
}
