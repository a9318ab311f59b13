// SPDX-License-Identifier: GPL-2.0
/*
 * smc_chk - check end to end whether a connection uses SMC-R, and why not
 *
 *   smc_chk [-4|-6] [-B ADDR] HOST PORT     connect over AF_SMC and report
 *   smc_chk -S [-p PORT] [-B ADDR] [-c N]   the server end of the check
 *   smc_chk --replay [-B ADDR] HOST PORT    does HOST:PORT echo TCP options?
 *
 * Each end finds its own socket in the AF_SMC sock_diag dump by its inode;
 * the decoding is smcss's.  Protocol, segments and texts are in
 * smc_chk_logic.c.
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include <linux/smc_ext.h>
#include <linux/smc_diag.h>

#include "smc_chk.h"
#include "smcss.h"

#ifndef SMC_TOOLS_VERSION
#define SMC_TOOLS_VERSION "unknown"
#endif

#define DEFAULT_PORT		37373
#define DEFAULT_TIMEOUT		3	/* s: reply wait, --replay wait */
#define CONNECT_TIMEOUT		30	/* s: TCP plus SMC handshake */
#define SERVER_READ_TIMEOUT	5	/* s: for the client's hello */

enum { EXIT_SMC = 0, EXIT_FALLBACK = 1, EXIT_ERROR = 2 };

static const char *prog = "smc_chk";

struct opts {
	bool server;
	bool replay;
	int family;		/* AF_UNSPEC, AF_INET or AF_INET6 */
	const char *bind_addr;
	const char *port;
	unsigned long count;	/* server: stop after this many, 0 never */
	unsigned int timeout;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [-4|-6] [-B ADDR] [-t SECS] HOST PORT\n"
		"       %s -S [-4|-6] [-B ADDR] [-p PORT] [-c COUNT]\n"
		"       %s --replay [-B ADDR] [-t SECS] HOST PORT\n"
		"Check whether a connection uses SMC-R and, if not, why.\n"
		"\n"
		"  -S, --server      answer checks on PORT and report each connection\n"
		"  -p, --port PORT   server port (default %d)\n"
		"  -c, --count N     server: exit after N connections\n"
		"  -B, --bind ADDR   local address to bind to\n"
		"  -4, -6            use IPv4 or IPv6 only\n"
		"  -t, --timeout S   wait S seconds for answers (default %d)\n"
		"      --replay      send a SYN with an unknown TCP option (root,\n"
		"                    IPv4) and report whether the server echoes it\n"
		"  -v, --version     print the version\n"
		"  -h, --help        print this help\n"
		"\n"
		"Exit status: 0 SMC, 1 TCP fallback (--replay: option replayed),\n"
		"2 error.\n",
		prog, prog, prog, DEFAULT_PORT, DEFAULT_TIMEOUT);
}

static void fmt_sockaddr(char *buf, size_t size, const struct sockaddr *sa,
			 socklen_t len)
{
	char host[INET6_ADDRSTRLEN + 20], serv[8];

	if (getnameinfo(sa, len, host, sizeof(host), serv, sizeof(serv),
			NI_NUMERICHOST | NI_NUMERICSERV)) {
		snprintf(buf, size, "?");
		return;
	}
	if (sa->sa_family == AF_INET6)
		snprintf(buf, size, "[%s]:%s", host, serv);
	else
		snprintf(buf, size, "%s:%s", host, serv);
}

static struct addrinfo *resolve(const char *host, const char *port,
				int family, bool passive)
{
	struct addrinfo hints = {
		.ai_family = family,
		.ai_socktype = SOCK_STREAM,
		.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0),
	};
	struct addrinfo *res;
	int rc;

	rc = getaddrinfo(host, port, &hints, &res);
	if (rc) {
		fprintf(stderr, "%s: %s%s%s: %s\n", prog, host ? host : "*",
			port ? " port " : "", port ? port : "",
			gai_strerror(rc));
		return NULL;
	}
	return res;
}

/* --- sock_diag ---------------------------------------------------------- */

/*
 * Finds the AF_SMC socket with inode ino in the sock_diag dump.  Returns 0
 * with *out filled, or -1 after printing why not.
 */
static int diag_lookup(ino_t ino, struct smcss_sock *out)
{
	struct smcss_list list = { 0 };
	int err = 0, rc = -1;
	size_t i;

	switch (smcss_dump(prog, 1 << (SMC_DIAG_LGRINFO - 1), &list, &err)) {
	case SMCSS_DEC_DONE:
		break;
	case SMCSS_DEC_ERROR:
		fprintf(stderr, "%s: the kernel refused the AF_SMC socket dump: %s%s\n",
			prog, strerror(err),
			err == ENOENT ? " (is smc_diag loaded?)" : "");
		goto out;
	default:
		goto out;
	}
	for (i = 0; i < list.n; i++) {
		if (list.socks[i].inode == (uint64_t)ino) {
			*out = list.socks[i];
			rc = 0;
			break;
		}
	}
	if (rc)
		fprintf(stderr, "%s: the socket is not in the AF_SMC sock_diag dump%s\n",
			prog, list.n ? "" : " (is smc_diag loaded?)");
out:
	smcss_list_free(&list);
	return rc;
}

static int own_view(int fd, struct smc_chk_view *v)
{
	struct smcss_sock s;
	struct stat st;

	if (fstat(fd, &st)) {
		fprintf(stderr, "%s: fstat: %s\n", prog, strerror(errno));
		return -1;
	}
	if (diag_lookup(st.st_ino, &s))
		return -1;
	smc_chk_view_from_sock(v, &s);
	return 0;
}

/* --- the check protocol over the connection ----------------------------- */

/* one line, '\n' included; returns its length, 0 on EOF, -1 on error */
static ssize_t read_line(int fd, char *buf, size_t size)
{
	size_t len = 0;

	while (len < size) {
		ssize_t n = recv(fd, buf + len, size - len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return len ? (ssize_t)len : -1;
		if (n == 0)
			break;
		len += n;
		if (memchr(buf + len - n, '\n', n))
			break;
	}
	return len;
}

static void set_rcvtimeo(int fd, unsigned int secs)
{
	struct timeval tv = { .tv_sec = secs };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

static int smc_socket(int family)
{
	int fd = socket(AF_SMC, SOCK_STREAM | SOCK_CLOEXEC,
			family == AF_INET6 ? SMCPROTO_SMC6 : SMCPROTO_SMC);

	if (fd < 0)
		fprintf(stderr, "%s: cannot create an AF_SMC socket: %s%s\n",
			prog, strerror(errno),
			errno == EAFNOSUPPORT ?
			" (the smc module is not loaded: modprobe smc)" : "");
	return fd;
}

static int bind_local(int fd, const char *addr, const char *port, int family)
{
	struct addrinfo *ai = resolve(addr, port, family, true);
	int rc;

	if (!ai)
		return -1;
	rc = bind(fd, ai->ai_addr, ai->ai_addrlen);
	if (rc)
		fprintf(stderr, "%s: bind %s: %s\n", prog, addr ? addr : "*",
			strerror(errno));
	freeaddrinfo(ai);
	return rc;
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int run_client(const struct opts *o, const char *host,
		      const char *port)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct sockaddr_storage la, ra;
	socklen_t llen = sizeof(la), rlen = sizeof(ra);
	struct smc_chk_view mine, theirs;
	char lbuf[128], rbuf[128], line[SMC_CHK_LINE_MAX + 1];
	bool have_theirs = false;
	struct addrinfo *ai;
	ssize_t n;
	int fd, rc;

	ai = resolve(host, port, o->family, false);
	if (!ai)
		return EXIT_ERROR;
	fd = smc_socket(ai->ai_family);
	if (fd < 0)
		goto err_ai;
	if (o->bind_addr && bind_local(fd, o->bind_addr, NULL, ai->ai_family))
		goto err_fd;

	/* no SA_RESTART: the alarm ends a connect that hangs */
	sigaction(SIGALRM, &sa, NULL);
	alarm(CONNECT_TIMEOUT);
	rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
	alarm(0);
	fmt_sockaddr(rbuf, sizeof(rbuf), ai->ai_addr, ai->ai_addrlen);
	if (rc) {
		fprintf(stderr, "%s: connect to %s: %s\n", prog, rbuf,
			errno == EINTR ? "timed out" : strerror(errno));
		goto err_fd;
	}
	if (!getsockname(fd, (struct sockaddr *)&la, &llen))
		fmt_sockaddr(lbuf, sizeof(lbuf), (struct sockaddr *)&la, llen);
	else
		strcpy(lbuf, "?");
	if (!getpeername(fd, (struct sockaddr *)&ra, &rlen))
		fmt_sockaddr(rbuf, sizeof(rbuf), (struct sockaddr *)&ra, rlen);

	/* first, while the connection surely still has its link group */
	if (own_view(fd, &mine))
		goto err_fd;

	/* ask; any server but smc_chk -S stays silent or says other things */
	set_rcvtimeo(fd, o->timeout);
	if (send(fd, SMC_CHK_HELLO, strlen(SMC_CHK_HELLO), MSG_NOSIGNAL) ==
	    (ssize_t)strlen(SMC_CHK_HELLO)) {
		n = read_line(fd, line, sizeof(line) - 1);
		if (n > 0 && !smc_chk_decode_reply(line, n, &theirs))
			have_theirs = true;
	}
	close(fd);
	freeaddrinfo(ai);

	printf("connection %s -> %s\n", lbuf, rbuf);
	smc_chk_print_view(stdout, "client (this host)", &mine);
	if (have_theirs)
		smc_chk_print_view(stdout, "server (reported by smc_chk -S)",
				   &theirs);
	else
		printf("server: no answer from smc_chk -S, only this host's view is known\n");
	if (fflush(stdout) || ferror(stdout))
		return EXIT_ERROR;
	return smc_chk_view_status(&mine);

err_fd:
	close(fd);
err_ai:
	freeaddrinfo(ai);
	return EXIT_ERROR;
}

/* one accepted connection; returns its exit status */
static int serve_one(int fd)
{
	struct sockaddr_storage la, ra;
	socklen_t llen = sizeof(la), rlen = sizeof(ra);
	char lbuf[128] = "?", rbuf[128] = "?";
	char line[SMC_CHK_LINE_MAX + 1];
	struct smc_chk_view v;
	bool hello;
	ssize_t n;
	int len;

	if (!getsockname(fd, (struct sockaddr *)&la, &llen))
		fmt_sockaddr(lbuf, sizeof(lbuf), (struct sockaddr *)&la, llen);
	if (!getpeername(fd, (struct sockaddr *)&ra, &rlen))
		fmt_sockaddr(rbuf, sizeof(rbuf), (struct sockaddr *)&ra, rlen);

	if (own_view(fd, &v)) {
		printf("connection %s -> %s: no sock_diag view\n", rbuf, lbuf);
		fflush(stdout);
		return EXIT_ERROR;
	}

	set_rcvtimeo(fd, SERVER_READ_TIMEOUT);
	n = read_line(fd, line, sizeof(line) - 1);
	hello = n > 0 && smc_chk_is_hello(line, n);
	if (hello) {
		len = smc_chk_encode_reply(line, sizeof(line), &v);
		if (len > 0)
			send(fd, line, len, MSG_NOSIGNAL);
	}
	printf("connection %s -> %s%s\n", rbuf, lbuf,
	       hello ? "" : " (not from smc_chk)");
	smc_chk_print_view(stdout, "server (this host)", &v);
	fflush(stdout);
	return smc_chk_view_status(&v);
}

static int run_server(const struct opts *o)
{
	int family = o->family == AF_INET6 ? AF_INET6 : AF_INET;
	unsigned long done = 0;
	int lfd, one = 1, worst = EXIT_SMC;
	struct sockaddr_storage la;
	socklen_t llen = sizeof(la);
	char lbuf[128];

	if (o->bind_addr && o->family == AF_UNSPEC) {
		struct addrinfo *ai = resolve(o->bind_addr, NULL, AF_UNSPEC,
					      true);

		if (!ai)
			return EXIT_ERROR;
		family = ai->ai_family;
		freeaddrinfo(ai);
	}
	lfd = smc_socket(family);
	if (lfd < 0)
		return EXIT_ERROR;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind_local(lfd, o->bind_addr, o->port, family))
		goto err;
	if (listen(lfd, 16)) {
		fprintf(stderr, "%s: listen: %s\n", prog, strerror(errno));
		goto err;
	}
	if (!getsockname(lfd, (struct sockaddr *)&la, &llen))
		fmt_sockaddr(lbuf, sizeof(lbuf), (struct sockaddr *)&la, llen);
	else
		snprintf(lbuf, sizeof(lbuf), "port %s", o->port);
	printf("listening on %s\n", lbuf);
	fflush(stdout);

	while (!o->count || done < o->count) {
		int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC), rc;

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			fprintf(stderr, "%s: accept: %s\n", prog,
				strerror(errno));
			goto err;
		}
		rc = serve_one(fd);
		close(fd);
		if (rc > worst)
			worst = rc;
		done++;
	}
	close(lfd);
	return worst;

err:
	close(lfd);
	return EXIT_ERROR;
}

/* --- --replay ----------------------------------------------------------- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int send_seg(int fd, const struct smc_chk_tcp *t, const uint8_t *opt,
		    size_t optlen)
{
	uint8_t seg[SMC_CHK_TCP_HDR + SMC_CHK_TCP_OPT_MAX];
	size_t len = smc_chk_build_tcp(seg, sizeof(seg), t, opt, optlen);

	if (!len || send(fd, seg, len, 0) != (ssize_t)len) {
		fprintf(stderr, "%s: sending the %s failed: %s\n", prog,
			t->flags & SMC_CHK_TCP_SYN ? "SYN" : "RST",
			len ? strerror(errno) : "bad segment");
		return -1;
	}
	return 0;
}

static int run_replay(const struct opts *o, const char *host,
		      const char *port)
{
	uint8_t opt[SMC_CHK_TCP_OPT_MAX], pkt[4096];
	struct sockaddr_in src, dst;
	socklen_t slen = sizeof(src);
	struct smc_chk_tcp syn = { .flags = SMC_CHK_TCP_SYN,
				   .window = 64240 };
	struct smc_chk_seg seg;
	char sbuf[64], dbuf[64];
	double deadline, next_syn;
	struct addrinfo *ai;
	uint32_t rnd[2];
	size_t optlen;
	int ufd, fd, rc = EXIT_ERROR;

	if (geteuid() != 0) {
		fprintf(stderr, "%s: --replay must run as root: it sends a hand-made SYN through a raw socket\n",
			prog);
		return EXIT_ERROR;
	}
	if (o->family == AF_INET6) {
		fprintf(stderr, "%s: --replay supports IPv4 only\n", prog);
		return EXIT_ERROR;
	}
	ai = resolve(host, port, AF_INET, false);
	if (!ai)
		return EXIT_ERROR;
	memcpy(&dst, ai->ai_addr, sizeof(dst));
	freeaddrinfo(ai);

	/* the route picks the source address, as it would for a connection */
	ufd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (ufd < 0) {
		fprintf(stderr, "%s: socket: %s\n", prog, strerror(errno));
		return EXIT_ERROR;
	}
	if (o->bind_addr && bind_local(ufd, o->bind_addr, NULL, AF_INET)) {
		close(ufd);
		return EXIT_ERROR;
	}
	if (connect(ufd, (struct sockaddr *)&dst, sizeof(dst)) ||
	    getsockname(ufd, (struct sockaddr *)&src, &slen)) {
		fprintf(stderr, "%s: no route to %s: %s\n", prog, host,
			strerror(errno));
		close(ufd);
		return EXIT_ERROR;
	}
	close(ufd);

	fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_TCP);
	if (fd < 0) {
		fprintf(stderr, "%s: cannot open a raw socket: %s\n", prog,
			strerror(errno));
		return EXIT_ERROR;
	}
	src.sin_port = 0;
	dst.sin_port = 0;
	/* bound and connected: the kernel only hands us the target's packets */
	if (bind(fd, (struct sockaddr *)&src, sizeof(src)) ||
	    connect(fd, (struct sockaddr *)&dst, sizeof(dst))) {
		fprintf(stderr, "%s: raw socket setup: %s\n", prog,
			strerror(errno));
		goto out;
	}

	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd)) {
		fprintf(stderr, "%s: getrandom: %s\n", prog, strerror(errno));
		goto out;
	}
	syn.saddr = src.sin_addr.s_addr;
	syn.daddr = dst.sin_addr.s_addr;
	syn.sport = 32768 + rnd[0] % 28232;	/* Linux's ephemeral range */
	syn.dport = (uint16_t)strtoul(port, NULL, 10);
	syn.seq = rnd[1];
	optlen = smc_chk_syn_options(opt, sizeof(opt));

	inet_ntop(AF_INET, &src.sin_addr, sbuf, sizeof(sbuf));
	inet_ntop(AF_INET, &dst.sin_addr, dbuf, sizeof(dbuf));
	printf("replay check of %s:%u from %s:%u (IPv4)\n", dbuf, syn.dport,
	       sbuf, syn.sport);
	fflush(stdout);

	deadline = now() + o->timeout;
	next_syn = 0;
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		double t = now();
		ssize_t n;
		int wait_ms;

		if (t >= deadline) {
			fprintf(stderr, "%s: no answer from %s:%u within %u s: the host is down, or a firewall drops the SYN\n",
				prog, dbuf, syn.dport, o->timeout);
			goto out;
		}
		if (t >= next_syn) {
			/* the same SYN again in case one got lost */
			if (send_seg(fd, &syn, opt, optlen))
				goto out;
			next_syn = t + 1;
		}
		wait_ms = (int)(((next_syn < deadline ? next_syn : deadline) -
				 t) * 1000) + 1;
		if (poll(&pfd, 1, wait_ms) <= 0)
			continue;
		n = recv(fd, pkt, sizeof(pkt), 0);
		if (n <= 0 || smc_chk_parse_ipv4_tcp(pkt, n, &seg))
			continue;
		switch (smc_chk_match(&seg, &syn)) {
		case SMC_CHK_ANS_SYNACK:
			rc = smc_chk_print_replay(stdout, &seg) ?
			     EXIT_FALLBACK : EXIT_SMC;
			goto reset;
		case SMC_CHK_ANS_RST:
			fprintf(stderr, "%s: %s:%u answered with RST: nothing listens there\n",
				prog, dbuf, syn.dport);
			goto out;
		default:
			break;
		}
	}

reset:
	{
		/* the kernel resets too, having no socket; be explicit */
		struct smc_chk_tcp rst = syn;

		rst.seq = syn.seq + 1;
		rst.flags = SMC_CHK_TCP_RST;
		rst.window = 0;
		send_seg(fd, &rst, NULL, 0);
	}
out:
	close(fd);
	if (fflush(stdout) || ferror(stdout))
		rc = EXIT_ERROR;
	return rc;
}

/* --- main --------------------------------------------------------------- */

static bool parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return *s >= '0' && *s <= '9' && !*end && !errno && *out <= max;
}

int main(int argc, char **argv)
{
	enum { OPT_REPLAY = 256 };
	static const struct option longopts[] = {
		{ "server",	no_argument,	   NULL, 'S' },
		{ "port",	required_argument, NULL, 'p' },
		{ "count",	required_argument, NULL, 'c' },
		{ "bind",	required_argument, NULL, 'B' },
		{ "timeout",	required_argument, NULL, 't' },
		{ "replay",	no_argument,	   NULL, OPT_REPLAY },
		{ "version",	no_argument,	   NULL, 'v' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static char defport[8];
	struct opts o = {
		.family = AF_UNSPEC,
		.timeout = DEFAULT_TIMEOUT,
	};
	unsigned long v;
	int c;

	snprintf(defport, sizeof(defport), "%d", DEFAULT_PORT);
	o.port = defport;
	while ((c = getopt_long(argc, argv, "Sp:c:B:t:46vh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'S':
			o.server = true;
			break;
		case 'p':
			if (!parse_ulong(optarg, 65535, &v) || !v) {
				fprintf(stderr, "%s: bad port '%s'\n", prog,
					optarg);
				return EXIT_ERROR;
			}
			o.port = optarg;
			break;
		case 'c':
			if (!parse_ulong(optarg, 1000000000, &o.count)) {
				fprintf(stderr, "%s: bad count '%s'\n", prog,
					optarg);
				return EXIT_ERROR;
			}
			break;
		case 'B':
			o.bind_addr = optarg;
			break;
		case 't':
			if (!parse_ulong(optarg, 3600, &v) || !v) {
				fprintf(stderr, "%s: bad timeout '%s'\n", prog,
					optarg);
				return EXIT_ERROR;
			}
			o.timeout = v;
			break;
		case '4':
			o.family = AF_INET;
			break;
		case '6':
			o.family = AF_INET6;
			break;
		case OPT_REPLAY:
			o.replay = true;
			break;
		case 'v':
			printf("smc_chk (smc-tools) %s\n", SMC_TOOLS_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_ERROR;
		}
	}

	if (o.server && o.replay) {
		fprintf(stderr, "%s: -S and --replay exclude each other\n",
			prog);
		return EXIT_ERROR;
	}
	if (o.server) {
		if (optind != argc) {
			fprintf(stderr, "%s: -S takes no HOST or PORT (use -B and -p)\n",
				prog);
			return EXIT_ERROR;
		}
		return run_server(&o);
	}
	if (argc - optind != 2) {
		usage(stderr);
		return EXIT_ERROR;
	}
	if (!parse_ulong(argv[optind + 1], 65535, &v) || !v) {
		fprintf(stderr, "%s: bad port '%s'\n", prog, argv[optind + 1]);
		return EXIT_ERROR;
	}
	if (o.replay)
		return run_replay(&o, argv[optind], argv[optind + 1]);
	return run_client(&o, argv[optind], argv[optind + 1]);
}
