// SPDX-License-Identifier: GPL-2.0
/*
 * A raw CLC peer over a kernel TCP socket: the library behind clc_peer.h,
 * and with CLC_PEER_TOOL defined a command line tool that scripts one
 * connection (see usage() below), handy to poke at smc.ko by hand in a
 * test guest.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "clc_peer.h"
#include "tb_synsmc.h"
#ifndef CLC_PEER_TOOL
#include "smctest.h"
#endif

/* --- time ------------------------------------------------------------------- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int ms_left(int64_t deadline)
{
	int64_t left = deadline - now_ms();

	return left > 0 ? (int)left : 0;
}

/* poll one fd until deadline: revents, 0 on timeout, or -errno */
static int wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int rc;

	for (;;) {
		rc = poll(&pfd, 1, ms_left(deadline));
		if (rc > 0)
			return pfd.revents;
		if (rc == 0)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}

static void nap_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* --- tb_synsmc ---------------------------------------------------------------- */

static int synsmc_dev = -1;

static int synsmc_open(void)
{
	int fd;

	if (synsmc_dev >= 0)
		return synsmc_dev;
	fd = open(TB_SYNSMC_DEVPATH, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	synsmc_dev = fd;
	return fd;
}

int clcp_synsmc_available(void)
{
	int rc = synsmc_open();

	return rc < 0 ? rc : 0;
}

#ifndef CLC_PEER_TOOL
void clcp_require_synsmc(void)
{
	int rc = clcp_synsmc_available();

	if (rc == -ENOENT || rc == -ENODEV || rc == -ENXIO)
		smct_skip_all("no %s: load selftests/vm/synsmc's tb_synsmc.ko after smc.ko (test guests only)",
			      "/dev/tb_synsmc");
	if (rc)
		smct_bail("/dev/tb_synsmc: %s", strerror(-rc));
}

void clcp_require_smcr_client(void)
{
	if (smct.kind != SMCT_KIND_SMC)
		smct_skip_all("CLC exists only for AF_SMC sockets (run with -f smc)");
	if (smct.ipv6)
		smct_skip_all("IPv4 only: the raw peer speaks SMC-R over IPv4");
	clcp_require_synsmc();
	if (!smct_have_rdma_devices())
		smct_skip_all("no RDMA device: the client would not propose SMC-R");
}

static void fake_server_init(struct clcp_fake_server *srv)
{
	srv->lfd = -1;
	srv->cfd = -1;
	srv->fake = -1;
	srv->connect_errno = 0;
	srv->port = 0;
	srv->t0 = 0;
}

void clcp_fake_server_close(struct clcp_fake_server *srv)
{
	if (srv->fake >= 0)
		close(srv->fake);
	if (srv->cfd >= 0)
		close(srv->cfd);
	if (srv->lfd >= 0)
		close(srv->lfd);
	fake_server_init(srv);
}

int clcp_fake_server_proposal(struct clcp_fake_server *srv,
			      struct clcp_msg *msg)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int rc;

	fake_server_init(srv);
	smct_server_sockaddr(&ss, &len, 0);
	rc = clcp_listen((struct sockaddr *)&ss, len, true, 8, &srv->port);
	if (rc < 0)
		return rc;
	srv->lfd = rc;
	srv->cfd = smct_socket(SOCK_NONBLOCK);
	if (srv->cfd < 0 || smct_bind_client(srv->cfd)) {
		rc = -errno;
		goto fail;
	}
	smct_server_sockaddr(&ss, &len, srv->port);
	srv->t0 = smct_now_us();
	if (connect(srv->cfd, (struct sockaddr *)&ss, len)) {
		srv->connect_errno = errno;
		if (errno != EINPROGRESS) {
			rc = -errno;
			goto fail;
		}
	}
	rc = clcp_accept(srv->lfd, smct_ms(3000));
	if (rc < 0)
		goto fail;
	srv->fake = rc;
	rc = clcp_recv_msg(srv->fake, smct_ms(3000), msg);
	if (!rc && (msg->type != SMC_CLC_PROPOSAL || msg->decode_rc))
		rc = -EPROTO;
	if (!rc)
		return 0;
fail:
	clcp_fake_server_close(srv);
	return rc;
}
#endif

static int synsmc_ioctl(unsigned long cmd, int fd)
{
	int dev = synsmc_open(), rc;

	if (dev < 0)
		return dev;
	rc = ioctl(dev, cmd, (unsigned long)fd);
	return rc < 0 ? -errno : rc;
}

int clcp_synsmc_set(int fd)
{
	return synsmc_ioctl(TB_SYNSMC_SET, fd);
}

int clcp_synsmc_get(int fd)
{
	return synsmc_ioctl(TB_SYNSMC_GET, fd);
}

/* --- connections ------------------------------------------------------------ */

static int close_keep(int fd, int err)
{
	close(fd);
	return err;
}

int clcp_listen(const struct sockaddr *addr, socklen_t len, bool syn_smc,
		int backlog, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof(ss);
	int fd, rc;

	fd = socket(addr->sa_family, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	if (fd < 0)
		return -errno;
	/* before listen(): no SYN may be answered without the option */
	if (syn_smc) {
		rc = clcp_synsmc_set(fd);
		if (rc)
			return close_keep(fd, rc);
	}
	if (bind(fd, addr, len) || listen(fd, backlog) ||
	    getsockname(fd, (struct sockaddr *)&ss, &sslen))
		return close_keep(fd, -errno);
	if (port)
		*port = ntohs(ss.ss_family == AF_INET6 ?
			      ((struct sockaddr_in6 *)&ss)->sin6_port :
			      ((struct sockaddr_in *)&ss)->sin_port);
	return fd;
}

int clcp_accept(int listen_fd, int timeout_ms)
{
	int rc = wait_fd(listen_fd, POLLIN, now_ms() + timeout_ms);

	if (rc < 0)
		return rc;
	if (!rc)
		return -ETIMEDOUT;
	rc = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
	return rc < 0 ? -errno : rc;
}

int clcp_connect(const struct sockaddr *addr, socklen_t len, bool syn_smc,
		 int timeout_ms)
{
	int fd, rc, err = 0;
	socklen_t errlen = sizeof(err);

	fd = socket(addr->sa_family,
		    SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_TCP);
	if (fd < 0)
		return -errno;
	if (syn_smc) {
		rc = clcp_synsmc_set(fd);
		if (rc)
			return close_keep(fd, rc);
	}
	if (connect(fd, addr, len)) {
		if (errno != EINPROGRESS)
			return close_keep(fd, -errno);
		rc = wait_fd(fd, POLLOUT, now_ms() + timeout_ms);
		if (rc < 0)
			return close_keep(fd, rc);
		if (!rc)
			return close_keep(fd, -ETIMEDOUT);
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen))
			return close_keep(fd, -errno);
		if (err)
			return close_keep(fd, -err);
	}
	/* the callers' reads and writes bound themselves */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK))
		return close_keep(fd, -errno);
	return fd;
}

/* --- bytes ------------------------------------------------------------------- */

int clcp_send_raw(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = send(fd, p + done, len - done, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		done += n;
	}
	return 0;
}

ssize_t clcp_recv_bytes(int fd, void *buf, size_t len, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;
	uint8_t *p = buf;
	size_t done = 0;
	ssize_t n;
	int rc;

	while (done < len) {
		n = recv(fd, p + done, len - done, MSG_DONTWAIT);
		if (n > 0) {
			done += n;
			continue;
		}
		if (n == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return done ? (ssize_t)done : -errno;
		rc = wait_fd(fd, POLLIN, deadline);
		if (rc < 0)
			return done ? (ssize_t)done : rc;
		if (!rc)
			break;
	}
	return done;
}

ssize_t clcp_peek_bytes(int fd, void *buf, size_t len)
{
	ssize_t n = recv(fd, buf, len, MSG_PEEK | MSG_DONTWAIT);

	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	return n;
}

int clcp_wait_closed(int fd, int timeout_ms, size_t *discarded)
{
	int64_t deadline = now_ms() + timeout_ms;
	uint8_t scratch[4096];
	ssize_t n;
	int rc;

	if (discarded)
		*discarded = 0;
	for (;;) {
		n = recv(fd, scratch, sizeof(scratch), MSG_DONTWAIT);
		if (n == 0)
			return 0;
		if (n > 0) {
			if (discarded)
				*discarded += n;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		rc = wait_fd(fd, POLLIN, deadline);
		if (rc < 0)
			return rc;
		if (!rc)
			return -ETIMEDOUT;
	}
}

bool clcp_quiet(int fd, int quiet_ms)
{
	return wait_fd(fd, POLLIN, now_ms() + quiet_ms) == 0;
}

/* --- CLC messages ------------------------------------------------------------- */

const char *clcp_type_name(uint8_t type)
{
	switch (type) {
	case SMC_CLC_PROPOSAL:
		return "PROPOSAL";
	case SMC_CLC_ACCEPT:
		return "ACCEPT";
	case SMC_CLC_CONFIRM:
		return "CONFIRM";
	case SMC_CLC_DECLINE:
		return "DECLINE";
	}
	return "type?";
}

static bool eyecatcher_prefix(const uint8_t *p, size_t len)
{
	if (len > sizeof(smc_clc_eyecatcher_r))
		len = sizeof(smc_clc_eyecatcher_r);
	return !memcmp(p, smc_clc_eyecatcher_r, len) ||
	       !memcmp(p, smc_clc_eyecatcher_d, len);
}

static int decode_msg(struct clcp_msg *msg)
{
	switch (msg->type) {
	case SMC_CLC_DECLINE:
		return smc_clc_decline_decode(msg->raw, msg->len,
					      &msg->u.decline);
	case SMC_CLC_PROPOSAL:
		return smc_clc_proposal_decode(msg->raw, msg->len,
					       &msg->u.proposal);
	case SMC_CLC_ACCEPT:
	case SMC_CLC_CONFIRM:
		return smc_clc_accept_decode(msg->raw, msg->len, msg->type,
					     &msg->u.accept);
	}
	return -EPROTO;
}

int clcp_recv_msg(int fd, int timeout_ms, struct clcp_msg *msg)
{
	int64_t deadline = now_ms() + timeout_ms;
	const struct smc_clc_hdr *hdr = (const void *)msg->raw;
	size_t want;
	ssize_t n;
	int rc;

	memset(msg, 0, sizeof(*msg));
	/* the header is only looked at, so a test can still read what is not
	 * CLC as plain data
	 */
	for (;;) {
		n = recv(fd, msg->raw, SMC_CLC_HDR_LEN, MSG_PEEK | MSG_DONTWAIT);
		if (n == SMC_CLC_HDR_LEN)
			break;
		if (n == 0)
			return -ECONNRESET;
		if (n > 0 && !eyecatcher_prefix(msg->raw, n))
			return -ENOMSG;
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -errno;
		if (now_ms() >= deadline)
			return -ETIMEDOUT;
		if (n > 0) {
			/* readable already: poll would not wait for the rest */
			nap_ms(2);
			continue;
		}
		rc = wait_fd(fd, POLLIN, deadline);
		if (rc < 0)
			return rc;
	}
	if (!eyecatcher_prefix(msg->raw, SMC_CLC_HDR_LEN))
		return -ENOMSG;
	want = be16toh(hdr->length);
	if (want < SMC_CLC_HDR_LEN + SMC_CLC_TRL_LEN ||
	    want > SMC_CLC_MAX_MSG_LEN)
		return -EPROTO;
	n = clcp_recv_bytes(fd, msg->raw, want, ms_left(deadline));
	if (n < 0)
		return (int)n;
	msg->len = n;
	if ((size_t)n < want)
		return -EBADMSG;
	msg->type = hdr->type;
	msg->version = smc_clc_hdr_version(hdr);
	msg->decode_rc = decode_msg(msg);
	return 0;
}

const char *clcp_msg_text(const struct clcp_msg *msg, char *buf, size_t len)
{
	const struct smc_clc_hdr *hdr = (const void *)msg->raw;
	int off;

	off = snprintf(buf, len, "%s v%u len %zu verbits 0x%02x",
		       clcp_type_name(msg->type), msg->version, msg->len,
		       msg->len >= SMC_CLC_HDR_LEN ? hdr->verbits : 0);
	if (off < 0 || (size_t)off >= len)
		return buf;
	if (msg->decode_rc) {
		snprintf(buf + off, len - off, " (codec: %s)",
			 strerror(-msg->decode_rc));
		return buf;
	}
	switch (msg->type) {
	case SMC_CLC_DECLINE:
		snprintf(buf + off, len - off,
			 " diagnosis 0x%08x os %u%s",
			 msg->u.decline.diagnosis, msg->u.decline.os_type,
			 msg->u.decline.sync_err ? " sync-error" : "");
		break;
	case SMC_CLC_PROPOSAL:
		snprintf(buf + off, len - off, " typev1 %u typev2 %u eids %u",
			 msg->u.proposal.typev1, msg->u.proposal.typev2,
			 msg->u.proposal.eid_cnt);
		break;
	case SMC_CLC_ACCEPT:
	case SMC_CLC_CONFIRM:
		snprintf(buf + off, len - off, " typev1 %u%s",
			 msg->u.accept.typev1,
			 msg->u.accept.first_contact ? " first-contact" : "");
		break;
	}
	return buf;
}

int clcp_send_decline(int fd, const struct smc_clc_decline_info *info)
{
	uint8_t buf[SMC_CLC_DECLINE_LEN_V2];
	int len = smc_clc_decline_encode(buf, sizeof(buf), info);

	if (len < 0)
		return len;
	return clcp_send_raw(fd, buf, len) ?: len;
}

int clcp_send_proposal(int fd, const struct smc_clc_proposal_info *info)
{
	uint8_t buf[SMC_CLC_MAX_MSG_LEN];
	int len = smc_clc_proposal_encode(buf, sizeof(buf), info);

	if (len < 0)
		return len;
	return clcp_send_raw(fd, buf, len) ?: len;
}

int clcp_send_accept(int fd, const struct smc_clc_accept_info *info)
{
	uint8_t buf[SMC_CLC_MAX_MSG_LEN];
	int len = smc_clc_accept_encode(buf, sizeof(buf), info);

	if (len < 0)
		return len;
	return clcp_send_raw(fd, buf, len) ?: len;
}

/* A sender id as Linux makes one (two random bytes, then a MAC), fixed so
 * that a capture of a test run is recognisable.
 */
static const uint8_t fake_peer_id[SMC_CLC_SYSTEMID_LEN] = {
	0x5e, 0x11, 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01
};

void clcp_decline_info(struct smc_clc_decline_info *info, uint8_t version,
		       uint32_t code)
{
	memset(info, 0, sizeof(*info));
	info->version = version;
	info->diagnosis = code;
	memcpy(info->sender_id, fake_peer_id, sizeof(info->sender_id));
	if (version >= SMC_V2)
		info->os_type = SMC_CLC_OS_LINUX;
}

static void fake_local(struct smc_clc_proposal_info *info)
{
	static const uint8_t mac[SMC_CLC_MAC_LEN] = {
		0x02, 0x00, 0x5e, 0x00, 0x53, 0x01
	};
	int i;

	memcpy(info->lcl.id_for_peer, fake_peer_id,
	       sizeof(info->lcl.id_for_peer));
	/* a RoCE v1 style GID: fe80::, then the MAC as EUI-64 */
	info->lcl.gid[0] = 0xfe;
	info->lcl.gid[1] = 0x80;
	for (i = 0; i < 3; i++)
		info->lcl.gid[8 + i] = mac[i];
	info->lcl.gid[8] ^= 0x02;
	info->lcl.gid[11] = 0xff;
	info->lcl.gid[12] = 0xfe;
	for (i = 3; i < 6; i++)
		info->lcl.gid[10 + i] = mac[i];
	memcpy(info->lcl.mac, mac, sizeof(info->lcl.mac));
}

void clcp_proposal_v1(struct smc_clc_proposal_info *info, uint32_t subnet_be,
		      uint8_t prefix_len, const uint8_t *v6, uint8_t v6_len)
{
	memset(info, 0, sizeof(*info));
	info->version = SMC_V1;
	info->typev1 = SMC_TYPE_R;
	/* reserved in v1: peers that predate SMCv2 send zero */
	info->typev2 = 0;
	fake_local(info);
	info->has_prefix = true;
	if (v6) {
		info->ipv6_prefix_cnt = 1;
		memcpy(info->ipv6_prefix[0].prefix, v6,
		       sizeof(info->ipv6_prefix[0].prefix));
		info->ipv6_prefix[0].prefix_len = v6_len;
	} else {
		info->ipv4_subnet = (__be32)subnet_be;
		info->ipv4_prefix_len = prefix_len;
	}
}

void clcp_proposal_v2_r(struct smc_clc_proposal_info *info,
			const char *const *ueids, uint8_t ueid_cnt)
{
	size_t n;
	int i;

	memset(info, 0, sizeof(*info));
	info->version = SMC_V2;
	info->typev1 = SMC_TYPE_N;
	info->typev2 = SMC_TYPE_R;
	fake_local(info);
	info->has_smcd_area = true;
	info->has_v2_ext = true;
	info->release = SMC_RELEASE_1;
	memcpy(info->roce_gid, info->lcl.gid, sizeof(info->roce_gid));
	info->max_conns = 255;
	info->max_links = 2;
	if (ueid_cnt > SMC_CLC_MAX_UEID)
		ueid_cnt = SMC_CLC_MAX_UEID;
	info->eid_cnt = ueid_cnt;
	for (i = 0; i < ueid_cnt; i++) {
		/* EIDs are blank padded */
		memset(info->ueid[i], ' ', SMC_CLC_EID_LEN);
		n = strlen(ueids[i]);
		memcpy(info->ueid[i], ueids[i],
		       n < SMC_CLC_EID_LEN ? n : SMC_CLC_EID_LEN);
	}
}

const char *clcp_hex(const void *data, size_t len, char *buf, size_t buflen)
{
	const uint8_t *p = data;
	size_t i, off = 0;

	if (!buflen)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < len && off + 4 <= buflen; i++)
		off += snprintf(buf + off, buflen - off, "%s%02x",
				i ? " " : "", p[i]);
	if (i < len && off + 4 <= buflen)
		snprintf(buf + off, buflen - off, " ...");
	return buf;
}

#ifdef CLC_PEER_TOOL

/* --- the tool ----------------------------------------------------------------- */

static void usage(int status)
{
	printf("usage: clc_peer [-6] [-a ADDR] [-P] [-t MS] -l PORT|-c PORT STEP...\n"
	       "Play a raw CLC peer of an AF_SMC socket over one TCP connection.\n"
	       "  -l PORT  listen on ADDR:PORT (0: any, printed) and accept one\n"
	       "  -c PORT  connect to ADDR:PORT\n"
	       "  -a ADDR  address (default 127.0.0.1, with -6 ::1)\n"
	       "  -P       plain TCP: no SMC option (needs no tb_synsmc.ko)\n"
	       "  -t MS    default timeout of the steps (default 10000)\n"
	       "steps, run in order; the first failing one ends the run:\n"
	       "  hex:HEX             send bytes, e.g. hex:e2d4c3d9\n"
	       "  text:STRING         send a string; \\r \\n \\\\ \\xHH understood\n"
	       "  decline:CODE[:VER]  send a DECLINE (VER 1 or 2, default 1)\n"
	       "  propose:v1[:SUBNET/LEN]  v1 SMC-R proposal (default: the\n"
	       "                      connection's address /8, IPv6 /128)\n"
	       "  propose:v2[:UEID]   v2 SMC-Rv2-only proposal, optional UEID\n"
	       "  recv[:MS]           receive one CLC message and print it\n"
	       "  read:N[:MS]         read N bytes and print them in hex\n"
	       "  expect-quiet:MS     fail if anything arrives within MS\n"
	       "  wait-close[:MS]     wait for EOF or reset\n"
	       "  sleep:MS            pause\n"
	       "  shut                shutdown(SHUT_WR)\n"
	       "  syn                 print whether the SMC option was agreed\n"
	       "The tb_synsmc module must be loaded after smc.ko (see\n"
	       "selftests/vm/synsmc) unless -P is given.\n");
	exit(status);
}

static int parse_hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned int v;

	while (*s) {
		if (*s == ' ' || *s == ':' || *s == '.') {
			s++;
			continue;
		}
		if (n == cap || sscanf(s, "%2x", &v) != 1 ||
		    !s[1] || s[1] == ' ')
			return -1;
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return (int)n;
}

static int parse_text(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned int v;

	for (; *s; s++) {
		if (n == cap)
			return -1;
		if (*s != '\\') {
			out[n++] = (uint8_t)*s;
			continue;
		}
		s++;
		switch (*s) {
		case 'r':
			out[n++] = '\r';
			break;
		case 'n':
			out[n++] = '\n';
			break;
		case '\\':
			out[n++] = '\\';
			break;
		case 'x':
			if (sscanf(s + 1, "%2x", &v) != 1 || !s[1] || !s[2])
				return -1;
			out[n++] = (uint8_t)v;
			s += 2;
			break;
		default:
			return -1;
		}
	}
	return (int)n;
}

/* the argument after the first colon of a step, or NULL */
static const char *step_arg(const char *step)
{
	const char *c = strchr(step, ':');

	return c ? c + 1 : NULL;
}

static int step_timeout(const char *arg, int fallback)
{
	return arg && *arg ? atoi(arg) : fallback;
}

static int propose(int fd, const char *arg, bool ipv6)
{
	struct smc_clc_proposal_info info;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char addr[INET6_ADDRSTRLEN] = "";
	const char *ueid[1];
	unsigned int plen;
	uint8_t v6[16];
	uint32_t v4;
	int rc;

	if (!strncmp(arg, "v2", 2)) {
		ueid[0] = arg[2] == ':' ? arg + 3 : NULL;
		clcp_proposal_v2_r(&info, ueid, ueid[0] ? 1 : 0);
		rc = clcp_send_proposal(fd, &info);
		return rc < 0 ? rc : 0;
	}
	if (strncmp(arg, "v1", 2))
		return -EINVAL;
	if (arg[2] == ':') {
		if (sscanf(arg + 3, "%45[^/]/%u", addr, &plen) != 2)
			return -EINVAL;
	} else {
		if (getsockname(fd, (struct sockaddr *)&ss, &len))
			return -errno;
		if (ipv6)
			inet_ntop(AF_INET6,
				  &((struct sockaddr_in6 *)&ss)->sin6_addr,
				  addr, sizeof(addr));
		else
			inet_ntop(AF_INET,
				  &((struct sockaddr_in *)&ss)->sin_addr,
				  addr, sizeof(addr));
		plen = ipv6 ? 128 : 8;
	}
	if (inet_pton(AF_INET6, addr, v6) == 1) {
		clcp_proposal_v1(&info, 0, 0, v6, (uint8_t)plen);
	} else if (inet_pton(AF_INET, addr, &v4) == 1 && plen <= 32) {
		/* the subnet, not the address */
		if (plen < 32)
			v4 &= htonl(~0U << (32 - plen));
		clcp_proposal_v1(&info, v4, (uint8_t)plen, NULL, 0);
	} else {
		return -EINVAL;
	}
	rc = clcp_send_proposal(fd, &info);
	return rc < 0 ? rc : 0;
}

static int run_step(int fd, const char *step, int timeout_ms, bool ipv6)
{
	const char *arg = step_arg(step);
	struct smc_clc_decline_info dinfo;
	static uint8_t buf[65536];
	static struct clcp_msg msg;
	char text[3 * 256 + 8];
	unsigned long code;
	unsigned int ver;
	ssize_t got;
	size_t dropped;
	int n, rc;

	if (!strncmp(step, "hex:", 4) || !strncmp(step, "text:", 5)) {
		n = step[0] == 'h' ? parse_hex(arg, buf, sizeof(buf)) :
				     parse_text(arg, buf, sizeof(buf));
		if (n < 0)
			return -EINVAL;
		return clcp_send_raw(fd, buf, n);
	}
	if (!strncmp(step, "decline:", 8)) {
		ver = 1;
		code = strtoul(arg, NULL, 0);
		if (strchr(arg, ':'))
			ver = (unsigned int)atoi(strchr(arg, ':') + 1);
		clcp_decline_info(&dinfo, (uint8_t)ver, (uint32_t)code);
		rc = clcp_send_decline(fd, &dinfo);
		return rc < 0 ? rc : 0;
	}
	if (!strncmp(step, "propose:", 8))
		return propose(fd, arg, ipv6);
	if (!strcmp(step, "recv") || !strncmp(step, "recv:", 5)) {
		rc = clcp_recv_msg(fd, step_timeout(arg, timeout_ms), &msg);
		if (rc) {
			if (msg.len)
				printf("partial: %s\n",
				       clcp_hex(msg.raw, msg.len, text,
						sizeof(text)));
			return rc;
		}
		printf("%s\n", clcp_msg_text(&msg, text, sizeof(text)));
		printf("  %s\n", clcp_hex(msg.raw, msg.len, text,
					  sizeof(text)));
		return 0;
	}
	if (!strncmp(step, "read:", 5)) {
		n = atoi(arg);
		if (n < 0 || n > (int)sizeof(buf))
			return -EINVAL;
		got = clcp_recv_bytes(fd, buf, n,
				      step_timeout(step_arg(arg), timeout_ms));
		if (got < 0)
			return (int)got;
		printf("read %zd: %s\n", got,
		       clcp_hex(buf, got, text, sizeof(text)));
		return got == n ? 0 : -ETIMEDOUT;
	}
	if (!strncmp(step, "expect-quiet:", 13)) {
		if (clcp_quiet(fd, atoi(arg)))
			return 0;
		got = clcp_peek_bytes(fd, buf, 256);
		printf("not quiet: %s\n", got > 0 ?
		       clcp_hex(buf, got, text, sizeof(text)) : "EOF or error");
		return -EEXIST;
	}
	if (!strcmp(step, "wait-close") || !strncmp(step, "wait-close:", 11)) {
		rc = clcp_wait_closed(fd, step_timeout(arg, timeout_ms),
				      &dropped);
		printf("%s after %zu more bytes\n",
		       rc == 0 ? "closed" : strerror(-rc), dropped);
		return rc == -ETIMEDOUT ? rc : 0;
	}
	if (!strncmp(step, "sleep:", 6)) {
		nap_ms(atoi(arg));
		return 0;
	}
	if (!strcmp(step, "shut"))
		return shutdown(fd, SHUT_WR) ? -errno : 0;
	if (!strcmp(step, "syn")) {
		rc = clcp_synsmc_get(fd);
		if (rc >= 0)
			printf("SMC option %s\n", rc ? "agreed" : "not agreed");
		return rc < 0 ? rc : 0;
	}
	return -EINVAL;
}

int main(int argc, char **argv)
{
	struct sockaddr_storage ss = {};
	const char *addr = NULL;
	bool ipv6 = false, plain = false, server = false;
	int opt, timeout_ms = 10000, port = -1, lfd = -1, fd, rc, i;
	uint16_t bound;
	socklen_t len;

	while ((opt = getopt(argc, argv, "6a:Pt:l:c:h")) != -1) {
		switch (opt) {
		case '6':
			ipv6 = true;
			break;
		case 'a':
			addr = optarg;
			break;
		case 'P':
			plain = true;
			break;
		case 't':
			timeout_ms = atoi(optarg);
			break;
		case 'l':
		case 'c':
			server = opt == 'l';
			port = atoi(optarg);
			break;
		case 'h':
			usage(0);
			break;
		default:
			usage(2);
		}
	}
	if (port < 0 || port > 65535)
		usage(2);
	if (!addr)
		addr = ipv6 ? "::1" : "127.0.0.1";
	if (ipv6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		rc = inet_pton(AF_INET6, addr, &s6->sin6_addr);
		len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		rc = inet_pton(AF_INET, addr, &s4->sin_addr);
		len = sizeof(*s4);
	}
	if (rc != 1) {
		fprintf(stderr, "clc_peer: bad address %s\n", addr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (server) {
		lfd = clcp_listen((struct sockaddr *)&ss, len, !plain, 1,
				  &bound);
		if (lfd < 0) {
			fprintf(stderr, "clc_peer: listen: %s\n",
				strerror(-lfd));
			return 1;
		}
		printf("listening on port %u\n", bound);
		fd = clcp_accept(lfd, timeout_ms);
	} else {
		fd = clcp_connect((struct sockaddr *)&ss, len, !plain,
				  timeout_ms);
	}
	if (fd < 0) {
		fprintf(stderr, "clc_peer: %s: %s\n",
			server ? "accept" : "connect", strerror(-fd));
		return 1;
	}
	for (i = optind; i < argc; i++) {
		rc = run_step(fd, argv[i], timeout_ms, ipv6);
		if (rc) {
			fprintf(stderr, "clc_peer: step '%s': %s\n", argv[i],
				strerror(-rc));
			return 1;
		}
	}
	close(fd);
	if (lfd >= 0)
		close(lfd);
	return 0;
}

#endif /* CLC_PEER_TOOL */
