// SPDX-License-Identifier: GPL-2.0
/*
 * SMC_LIMIT_HS: a listener with the option stops offering SMC in its
 * SYN-ACKs while the module's handshake queue is congested, so new clients
 * fall back to TCP at once ("peer has no SMC", 0x03010000) without any CLC
 * instead of waiting for a handshake worker; once the queue has drained,
 * SMC is negotiated again.  On loopback without RDMA devices, where a
 * negotiated connection ends as "TCP 0x03030000" (no SMC device) after a
 * real CLC exchange:
 *   0  SMC_LIMIT_HS reads back what was set; a socket made while
 *      net.smc.limit_smc_hs is 1 (0) has it set (clear) by default, and
 *      the sysctl is put back at once
 *   a  limit on, idle queue: the SYN-ACK offers SMC, an AF_SMC client gets
 *      0x03030000 and the server end 0x05000000/0x03030000
 *   b  limit on, congested queue: no SMC in the SYN-ACK (nor from a
 *      listener limited by the sysctl), the AF_SMC client and the server
 *      end fall back with 0x03010000 and data flows both ways
 *   c  the congestion gone: SMC is offered again, the client gets 0x03030000
 *   d  limit off, congested queue: SMC is still offered and the client gets
 *      0x03030000, while a client of the limited listener at the same
 *      moment gets 0x03010000
 *
 * The congestion: smc.ko runs every handshake as a work item on smc_hs_wq,
 * an unbound workqueue allocated with max_active 0, i.e. WQ_DFL_ACTIVE (256)
 * on Linux 6.1 and 6.12.  Work queued beyond that is "inactive" until an
 * active item ends, and workqueue_congested(), which the module answers
 * TCP's smc_hs_congested() hook with, is true while the pool workqueue of
 * the current CPU holds inactive work.  A plain TCP client that offers SMC
 * (marked by tb_synsmc.ko) and then sends nothing keeps its server
 * handshake waiting for a proposal for the CLC wait (6 s); closing the
 * client ends that wait at once.  STUCK_CLIENTS says how many it takes.
 *
 * The test runs on one CPU: on loopback a SYN is processed, and the
 * handshake of the connection queued, on the CPU that sent it, and on 6.12
 * every CPU (pod) can have a pool workqueue of its own, so SYNs from
 * another CPU could see another, idle one.
 *
 * The AF_SMC clients under test connect without blocking: the SYN, and with
 * it the listener's decision, is sent at once, while our module, unlike
 * Linux for a blocking connect(), also runs the client's part of the
 * handshake on smc_hs_wq, where it waits behind the silent clients on this
 * single host.  The codes are read once the silent clients are gone.
 *
 * Needs root (sysctls), smc.ko, smc_diag.ko, then tb_synsmc.ko
 * (selftests/vm/synsmc) and a host without RDMA devices.  AF_SMC only.  It
 * holds up the handshakes of the whole host for seconds, so a guest suite
 * runs it on its own (selftests/guest/suite_api.sh), not run.sh.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "smctest.h"
#include "clc_peer.h"

/* smc_hs_wq's max_active: alloc_workqueue(..., WQ_UNBOUND, 0) */
#define HS_WQ_MAX_ACTIVE	256
/*
 * Silent clients that jam the queue.  The first HS_WQ_MAX_ACTIVE handshakes
 * run at once, each waiting the 6 s CLC wait, the others stay inactive, and
 * the queue congested, until as many have ended as there are inactive ones.
 * One round above max_active would keep it congested for 6 s after the
 * first silent client only; two full rounds and a margin keep it so for
 * about 12 s: time for a slow emulated guest to connect them all and to
 * measure.  Each handshake counts in the listen backlog until accept(),
 * which the test never calls for them: BACKLOG has room for all.
 */
#define STUCK_CLIENTS		(2 * HS_WQ_MAX_ACTIVE + 88)
#define BACKLOG			1024

#define SYSCTL_LIMIT_HS		"/proc/sys/net/smc/limit_smc_hs"
#define SYSCTL_SOMAXCONN	"/proc/sys/net/core/somaxconn"

#define PEER_NO_SMC		"TCP 0x03010000"
#define CLIENT_NO_DEVICE	"TCP 0x03030000"
#define SERVER_PEER_DECLINED	"TCP 0x05000000/0x03030000"

/* connect, accept, drain and settle waits (scaled) */
#define CONNECT_MS		5000
#define DRAIN_MS		10000
#define PROBE_EVERY_MS		100
#define SETTLE_MS		5000

struct listener {
	int fd;
	uint16_t port;
};

static struct listener lim_on;	/* SMC_LIMIT_HS set by setsockopt() */
static struct listener lim_sys;	/* SMC_LIMIT_HS from the sysctl */
static struct listener lim_off;	/* SMC_LIMIT_HS cleared */

static struct {
	struct listener l;	/* SMC_LIMIT_HS cleared */
	int n;
	int fds[STUCK_CLIENTS];
	int64_t t0;		/* when the first one connected */
} jam;

/* > 0: net.core.somaxconn is below BACKLOG, raised around listen() only */
static int somaxconn_saved = -1;

static double secs_since(int64_t t0)
{
	return (smct_now_us() - t0) / 1e6;
}

/* --- host setup ------------------------------------------------------------ */

static int read_int(const char *path, int *val)
{
	FILE *f = fopen(path, "re");
	int rc;

	if (!f)
		return -errno;
	rc = fscanf(f, "%d", val) == 1 ? 0 : -EINVAL;
	fclose(f);
	return rc;
}

static int write_int(const char *path, int val)
{
	char buf[16];
	int fd, len, rc = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%d\n", val);
	if (write(fd, buf, len) != len)
		rc = errno ? -errno : -EIO;
	close(fd);
	return rc;
}

static void pin_to_one_cpu(void)
{
	cpu_set_t set;
	int cpu;

	if (sched_getaffinity(0, sizeof(set), &set))
		smct_bail("sched_getaffinity: %s", strerror(errno));
	for (cpu = 0; cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &set); cpu++)
		;
	if (cpu == CPU_SETSIZE)
		smct_bail("no CPU in the affinity mask");
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		smct_bail("sched_setaffinity(CPU %d): %s", cpu, strerror(errno));
	smct_info("running on CPU %d only", cpu);
}

static void raise_nofile(void)
{
	rlim_t need = STUCK_CLIENTS + 64;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		smct_bail("getrlimit: %s", strerror(errno));
	if (rl.rlim_cur >= need)
		return;
	rl.rlim_cur = need;
	if (rl.rlim_max < need)
		rl.rlim_max = need;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		smct_skip_all("RLIMIT_NOFILE cannot be raised to %lu: %s",
			      (unsigned long)need, strerror(errno));
}

static void check_somaxconn(void)
{
	int val, rc;

	rc = read_int(SYSCTL_SOMAXCONN, &val);
	if (rc)
		smct_bail("%s: %s", SYSCTL_SOMAXCONN, strerror(-rc));
	if (val >= BACKLOG)
		return;
	/* try it now, so that a failure is a clear skip */
	rc = write_int(SYSCTL_SOMAXCONN, BACKLOG);
	if (rc)
		smct_skip_all("net.core.somaxconn is %d < %d and cannot be raised: %s",
			      val, BACKLOG, strerror(-rc));
	write_int(SYSCTL_SOMAXCONN, val);
	somaxconn_saved = val;
	smct_info("net.core.somaxconn %d: raised to %d around listen() only",
		  val, BACKLOG);
}

/* listen(fd, BACKLOG): listen() caps the backlog at somaxconn */
static int listen_big(int fd)
{
	int rc, err;

	if (somaxconn_saved >= 0 && write_int(SYSCTL_SOMAXCONN, BACKLOG))
		return -1;
	rc = listen(fd, BACKLOG);
	err = errno;
	if (somaxconn_saved >= 0)
		write_int(SYSCTL_SOMAXCONN, somaxconn_saved);
	errno = err;
	return rc;
}

/* --- sockets ----------------------------------------------------------------- */

static int limit_of(int fd)
{
	int val = -1;

	if (smct_get_int_opt(fd, SOL_SMC, SMC_LIMIT_HS, &val))
		return -errno;
	return val;
}

/* bind and listen an AF_SMC socket; false after reporting a failure */
static bool start_listener(int fd, struct listener *l, const char *label)
{
	struct sockaddr_storage ss;
	socklen_t len;

	smct_server_sockaddr(&ss, &len, 0);
	if (bind(fd, (struct sockaddr *)&ss, len) || listen_big(fd)) {
		smct_fail("%s: bind/listen: %s", label, strerror(errno));
		close(fd);
		l->fd = -1;
		return false;
	}
	l->fd = fd;
	l->port = smct_local_port(fd);
	return true;
}

/*
 * A plain TCP client that offers SMC: 1 when the listener's SYN-ACK
 * carried the SMC option, 0 when not, or a negative errno.  It is closed at
 * once, which ends its handshake on the server as soon as that runs.
 */
static int probe(uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, rc;

	smct_server_sockaddr(&ss, &len, port);
	fd = clcp_connect((struct sockaddr *)&ss, len, true,
			  smct_ms(CONNECT_MS));
	if (fd < 0)
		return fd;
	rc = clcp_synsmc_get(fd);
	close(fd);
	return rc;
}

static const char *probe_text(int rc)
{
	return rc == 1 ? "offered" : rc == 0 ? "not offered" : strerror(-rc);
}

/* until a probe of the limited listener gets SMC again, or timeout_ms */
static bool wait_uncongested(int timeout_ms, double *took)
{
	int64_t t0 = smct_now_us();
	int64_t end = t0 + (int64_t)timeout_ms * 1000;

	for (;;) {
		if (probe(lim_on.port) == 1) {
			*took = secs_since(t0);
			return true;
		}
		if (smct_now_us() >= end)
			break;
		smct_sleep_ms(smct_ms(PROBE_EVERY_MS));
	}
	*took = secs_since(t0);
	return false;
}

/* an AF_SMC client connecting without blocking; -1 after a failure */
static int smc_connect_nb(uint16_t port, const char *label)
{
	int fd = smct_socket_kind(SMCT_KIND_SMC, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0) {
		smct_fail("%s: AF_SMC socket: %s", label, strerror(errno));
		return -1;
	}
	if (!smct_connect_fd(fd, port) || errno == EINPROGRESS)
		return fd;
	smct_fail("%s: AF_SMC connect: %s", label, strerror(errno));
	close(fd);
	return -1;
}

/* wait for the connect of smc_connect_nb(), then make fd blocking */
static int connect_done(int fd, int timeout_ms)
{
	socklen_t len = sizeof(int);
	int err = 0, rc;

	rc = smct_poll1(fd, POLLOUT, timeout_ms);
	if (rc < 0)
		return -errno;
	if (!rc)
		return -ETIMEDOUT;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
		return -errno;
	if (err)
		return -err;
	if (smct_set_nonblock(fd, false))
		return -errno;
	return 0;
}

/* Accept the server end of client cfd; other connections are closed. */
static int accept_peer(int lfd, int cfd, int timeout_ms)
{
	int64_t end = smct_now_us() + (int64_t)timeout_ms * 1000;
	uint16_t want = smct_local_port(cfd);
	int64_t left;
	int fd;

	for (;;) {
		left = (end - smct_now_us()) / 1000;
		fd = smct_accept(lfd, SOCK_CLOEXEC, left > 0 ? (int)left : 0);
		if (fd < 0)
			return -1;
		if (smct_peer_port(fd) == want)
			return fd;
		close(fd);
	}
}

static void bound_io(int fd)
{
	struct timeval tv = {
		.tv_sec = smct_ms(CONNECT_MS) / 1000,
		.tv_usec = (smct_ms(CONNECT_MS) % 1000) * 1000,
	};

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/*
 * Both ends' fallback codes, then data both ways.  The data is the first
 * thing on the connection and compared byte for byte, so it also shows
 * that no stray CLC message went either way.
 */
static void check_conn(const char *label, int cfd, int sfd,
		       const char *client_spec, const char *server_spec)
{
	char who[160];

	snprintf(who, sizeof(who), "%s: client", label);
	smct_check_mode_spec(cfd, who, client_spec);
	snprintf(who, sizeof(who), "%s: server end", label);
	smct_check_mode_spec(sfd, who, server_spec);
	bound_io(cfd);
	bound_io(sfd);
	if (smct_exchange(cfd, sfd, label))
		smct_pass("%s: data flows both ways", label);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Let the AF_SMC client @cfd (closed here) finish connecting to @lfd, take
 * the server's end and check both ends' modes.  With @released_us, the
 * connect check also says how long after that moment it completed.
 */
static void finish_conn(const char *label, int cfd, int lfd, int timeout_ms,
			int64_t released_us, const char *client_spec,
			const char *server_spec)
{
	char note[64] = "";
	int sfd = -1, rc;

	rc = connect_done(cfd, smct_ms(timeout_ms));
	if (released_us)
		snprintf(note, sizeof(note),
			 ", %.1f s after the silent clients left",
			 secs_since(released_us));
	if (!smct_check(!rc, "%s: AF_SMC connect (%s%s)", label,
			rc ? strerror(-rc) : "done", note))
		goto out;
	sfd = accept_peer(lfd, cfd, smct_ms(timeout_ms));
	if (!smct_check(sfd >= 0, "%s: accepted", label))
		goto out;
	check_conn(label, cfd, sfd, client_spec, server_spec);
out:
	close_fd(&cfd);
	close_fd(&sfd);
}

/* --- the jam ------------------------------------------------------------------- */

/*
 * STUCK_CLIENTS silent clients offering SMC to a listener without the
 * limit: it must have offered SMC to every one, also to those beyond what
 * the queue runs at once.  False when not all could connect.
 */
static bool jam_start(const char *label)
{
	int offered = 0, queued, fd, rc;
	struct sockaddr_storage ss;
	socklen_t len;
	int64_t end;

	jam.n = 0;
	fd = smct_socket_kind(SMCT_KIND_SMC, SOCK_CLOEXEC);
	if (fd < 0 || smct_set_int_opt(fd, SOL_SMC, SMC_LIMIT_HS, 0)) {
		smct_fail("%s: jam listener: %s", label, strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	if (!start_listener(fd, &jam.l, label))
		return false;
	smct_server_sockaddr(&ss, &len, jam.l.port);
	jam.t0 = smct_now_us();
	while (jam.n < STUCK_CLIENTS) {
		fd = clcp_connect((struct sockaddr *)&ss, len, true,
				  smct_ms(CONNECT_MS));
		if (fd < 0) {
			smct_fail("%s: silent client %d: %s", label, jam.n,
				  strerror(-fd));
			break;
		}
		jam.fds[jam.n++] = fd;
		if (clcp_synsmc_get(fd) == 1)
			offered++;
	}
	smct_info("%s: %d silent clients connected in %.2f s", label, jam.n,
		  secs_since(jam.t0));
	/*
	 * Settle: the module's listen worker takes each connection from TCP
	 * and creates its AF_SMC child (listed by sock_diag with the
	 * listener's port) right before queueing its handshake.
	 */
	end = smct_now_us() + (int64_t)smct_ms(SETTLE_MS) * 1000;
	for (;;) {
		rc = smct_diag_count_port(jam.l.port);
		queued = rc - 1;
		if (rc < 0 || queued >= jam.n || smct_now_us() >= end)
			break;
		smct_sleep_ms(20);
	}
	if (rc < 0)
		smct_info("%s: sock_diag: %s", label, strerror(-rc));
	else
		smct_info("%s: %d handshakes queued %.2f s after the first silent client",
			  label, queued, secs_since(jam.t0));
	smct_check(offered == jam.n && jam.n == STUCK_CLIENTS,
		   "%s: a listener without the limit offered SMC to all %d silent clients, beyond the %d handshakes run at once too (%d offered)",
		   label, STUCK_CLIENTS, HS_WQ_MAX_ACTIVE, offered);
	return jam.n == STUCK_CLIENTS;
}

/* their handshakes end at once (EOF, or the listener gone) */
static void jam_release(void)
{
	int i;

	for (i = 0; i < jam.n; i++)
		close(jam.fds[i]);
	jam.n = 0;
	close_fd(&jam.l.fd);
}

/* --- the cases ------------------------------------------------------------------- */

static void case_options(void)
{
	const char *label = "0 SMC_LIMIT_HS";
	int old, rc, fd, fd0 = -1, fd1 = -1, v0, v1;

	smct_phase("%s", label);
	rc = read_int(SYSCTL_LIMIT_HS, &old);
	if (rc)
		smct_bail("%s: %s", SYSCTL_LIMIT_HS, strerror(-rc));

	/* the sysctl is the default of sockets created while it is set */
	if (!write_int(SYSCTL_LIMIT_HS, 0))
		fd0 = smct_socket_kind(SMCT_KIND_SMC, SOCK_CLOEXEC);
	if (!write_int(SYSCTL_LIMIT_HS, 1))
		fd1 = smct_socket_kind(SMCT_KIND_SMC, SOCK_CLOEXEC);
	rc = write_int(SYSCTL_LIMIT_HS, old);
	if (rc)
		smct_bail("put net.smc.limit_smc_hs back to %d: %s", old,
			  strerror(-rc));
	rc = read_int(SYSCTL_LIMIT_HS, &v0);
	smct_check(!rc && v0 == old,
		   "%s: net.smc.limit_smc_hs is put back to %d (%d)",
		   label, old, rc ? rc : v0);
	v0 = fd0 < 0 ? -1 : limit_of(fd0);
	v1 = fd1 < 0 ? -1 : limit_of(fd1);
	smct_check(v1 == 1,
		   "%s: a socket made while net.smc.limit_smc_hs=1 has it set (%d)",
		   label, v1);
	smct_check(v0 == 0,
		   "%s: a socket made while net.smc.limit_smc_hs=0 has it clear (%d)",
		   label, v0);
	if (fd0 >= 0)
		close(fd0);
	lim_sys.fd = -1;
	if (fd1 >= 0)
		start_listener(fd1, &lim_sys, label);

	/* setsockopt() on a socket made with the sysctl at 0 */
	lim_on.fd = -1;
	lim_off.fd = -1;
	rc = write_int(SYSCTL_LIMIT_HS, 0);
	fd = smct_socket_kind(SMCT_KIND_SMC, SOCK_CLOEXEC);
	write_int(SYSCTL_LIMIT_HS, old);
	if (rc || fd < 0)
		smct_bail("AF_SMC socket: %s", strerror(rc ? -rc : errno));
	rc = smct_set_int_opt(fd, SOL_SMC, SMC_LIMIT_HS, 1) ? -errno : 0;
	v1 = limit_of(fd);
	smct_check(!rc && v1 == 1, "%s: setsockopt 1 (%s) reads back 1 (%d)",
		   label, rc ? strerror(-rc) : "ok", v1);
	if (start_listener(fd, &lim_on, label)) {
		v1 = limit_of(fd);
		smct_check(v1 == 1, "%s: ... also after listen() (%d)", label,
			   v1);
	}

	fd = smct_socket_kind(SMCT_KIND_SMC, SOCK_CLOEXEC);
	if (fd < 0)
		smct_bail("AF_SMC socket: %s", strerror(errno));
	rc = smct_set_int_opt(fd, SOL_SMC, SMC_LIMIT_HS, 1) ||
	     smct_set_int_opt(fd, SOL_SMC, SMC_LIMIT_HS, 0) ? -errno : 0;
	v0 = limit_of(fd);
	smct_check(!rc && v0 == 0,
		   "%s: setsockopt 0 after 1 (%s) reads back 0 (%d)", label,
		   rc ? strerror(-rc) : "ok", v0);
	start_listener(fd, &lim_off, label);
	if (lim_on.fd < 0 || lim_off.fd < 0 || lim_sys.fd < 0)
		smct_bail("the listeners of the test could not be set up");
}

static void case_idle(void)
{
	const char *label = "a limit on, idle queue";
	int cfd, rc;

	smct_phase("%s", label);
	smct_watchdog(40);
	rc = probe(lim_on.port);
	smct_check(rc == 1, "%s: the SYN-ACK offers SMC (%s)", label,
		   probe_text(rc));
	cfd = smc_connect_nb(lim_on.port, label);
	if (cfd >= 0)
		finish_conn(label, cfd, lim_on.fd, CONNECT_MS, 0,
			    CLIENT_NO_DEVICE, SERVER_PEER_DECLINED);
}

static void case_congested(void)
{
	const char *label = "b limit on, congested queue";
	int cfd = -1, rc;
	int64_t t_rel;

	smct_phase("%s: jam", label);
	smct_watchdog(40);
	jam_start(label);
	smct_phase("%s: measure", label);
	rc = probe(lim_on.port);
	smct_check(rc == 0, "%s: the SYN-ACK offers no SMC (%s)", label,
		   probe_text(rc));
	rc = probe(lim_sys.port);
	smct_check(rc == 0,
		   "%s: nor that of a listener limited by net.smc.limit_smc_hs (%s)",
		   label, probe_text(rc));
	rc = probe(lim_off.port);
	smct_check(rc == 1,
		   "%s: that of a listener without the limit still does (%s)",
		   label, probe_text(rc));
	cfd = smc_connect_nb(lim_on.port, label);
	smct_info("%s: measured %.2f s after the first silent client; the AF_SMC client %s",
		  label, secs_since(jam.t0),
		  cfd >= 0 && smct_poll1(cfd, POLLOUT, 0) == 0 ?
		  "waits for a handshake worker" : "did not wait");

	smct_phase("%s: release", label);
	jam_release();
	t_rel = smct_now_us();
	if (cfd < 0)
		return;
	finish_conn(label, cfd, lim_on.fd, DRAIN_MS, t_rel, PEER_NO_SMC,
		    PEER_NO_SMC);
}

static void case_drained(void)
{
	const char *label = "c limit on, congestion gone";
	int cfd;
	double took;
	bool ok;

	smct_phase("%s", label);
	smct_watchdog(40);
	ok = wait_uncongested(smct_ms(DRAIN_MS), &took);
	smct_check(ok, "%s: the SYN-ACK offers SMC again (after %.1f s)",
		   label, took);
	cfd = smc_connect_nb(lim_on.port, label);
	if (cfd >= 0)
		finish_conn(label, cfd, lim_on.fd, DRAIN_MS, 0,
			    CLIENT_NO_DEVICE, SERVER_PEER_DECLINED);
}

static void case_unlimited(void)
{
	const char *label = "d limit off, congested queue";
	int cfd = -1, ctl = -1, rc;
	char who[160];
	double took;
	bool ok;

	smct_phase("%s: jam", label);
	smct_watchdog(40);
	jam_start(label);
	smct_phase("%s: measure", label);
	rc = probe(lim_on.port);
	smct_check(rc == 0,
		   "%s: congested indeed: a limited listener offers no SMC (%s)",
		   label, probe_text(rc));
	rc = probe(lim_off.port);
	smct_check(rc == 1, "%s: the SYN-ACK offers SMC (%s)", label,
		   probe_text(rc));
	cfd = smc_connect_nb(lim_off.port, label);
	ctl = smc_connect_nb(lim_on.port, label);
	smct_info("%s: measured %.2f s after the first silent client", label,
		  secs_since(jam.t0));

	smct_phase("%s: release", label);
	jam_release();
	if (ctl >= 0) {
		rc = connect_done(ctl, smct_ms(DRAIN_MS));
		snprintf(who, sizeof(who),
			 "%s: a client of the limited listener at the same time",
			 label);
		if (smct_check(!rc, "%s: connects (%s)", who,
			       rc ? strerror(-rc) : "done"))
			smct_check_mode_spec(ctl, who, PEER_NO_SMC);
	}
	/* the CLC-level code, not 0x03010000 */
	if (cfd >= 0)
		finish_conn(label, cfd, lim_off.fd, DRAIN_MS, 0,
			    CLIENT_NO_DEVICE, SERVER_PEER_DECLINED);
	close_fd(&ctl);
	/* leave an idle queue to whatever runs next */
	smct_phase("%s: drain", label);
	ok = wait_uncongested(smct_ms(DRAIN_MS), &took);
	smct_check(ok, "%s: the queue drains afterwards (%.1f s)", label,
		   took);
}

int main(int argc, char **argv)
{
	smct_init(argc, argv, "limit_smc_hs", 60, NULL);
	if (smct.kind != SMCT_KIND_SMC)
		smct_skip_all("SMC_LIMIT_HS exists only for AF_SMC sockets (run with -f smc)");
	if (geteuid())
		smct_skip_all("needs root: it changes net.smc.limit_smc_hs for a moment");
	clcp_require_synsmc();
	if (smct_have_rdma_devices())
		smct_skip_all("RDMA devices present: the codes expected need a host without any");
	pin_to_one_cpu();
	raise_nofile();
	check_somaxconn();
	jam.l.fd = -1;

	case_options();
	case_idle();
	case_congested();
	case_drained();
	case_unlimited();

	close_fd(&lim_on.fd);
	close_fd(&lim_sys.fd);
	close_fd(&lim_off.fd);
	return smct_finish();
}
