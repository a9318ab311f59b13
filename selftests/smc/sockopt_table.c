// SPDX-License-Identifier: GPL-2.0
/*
 * The SOL_SOCKET and SOL_TCP option table of SMC, checked against TCP.
 *
 * Every option is set and read back on a socket of the family under test
 * and, in the same state, on a plain TCP socket that serves as reference:
 *   Y  must behave as on TCP: same result of set and get, same value
 *   M  set and get must succeed or fail as they do on TCP
 *   N  not supported by SMC: what happens is only recorded; if set before
 *      connect, the connection must still work and, on AF_SMC, fall back
 *      to TCP with reason 0x03060000
 * The table below is data: change a row's class to change its expectation.
 * SOL_SMC options are checked on AF_SMC sockets only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "smctest.h"

/* numbers from the kernel ABI that older libc headers may lack */
#ifndef SO_RCVTIMEO_OLD
#define SO_RCVTIMEO_OLD 20
#endif
#ifndef SO_SNDTIMEO_OLD
#define SO_SNDTIMEO_OLD 21
#endif
#ifndef SO_TIMESTAMP_OLD
#define SO_TIMESTAMP_OLD 29
#endif
#ifndef SO_TIMESTAMPNS_OLD
#define SO_TIMESTAMPNS_OLD 35
#endif
#ifndef SO_TIMESTAMPING_OLD
#define SO_TIMESTAMPING_OLD 37
#endif
#ifndef SO_TIMESTAMP_NEW
#define SO_TIMESTAMP_NEW 63
#endif
#ifndef SO_TIMESTAMPNS_NEW
#define SO_TIMESTAMPNS_NEW 64
#endif
#ifndef SO_TIMESTAMPING_NEW
#define SO_TIMESTAMPING_NEW 65
#endif
#ifndef SO_RCVTIMEO_NEW
#define SO_RCVTIMEO_NEW 66
#endif
#ifndef SO_SNDTIMEO_NEW
#define SO_SNDTIMEO_NEW 67
#endif
#ifndef SO_DETACH_REUSEPORT_BPF
#define SO_DETACH_REUSEPORT_BPF 68
#endif
#ifndef TCP_ZEROCOPY_RECEIVE
#define TCP_ZEROCOPY_RECEIVE 35
#endif
#ifndef TCP_INQ
#define TCP_INQ 36
#endif
#ifndef TCP_TX_DELAY
#define TCP_TX_DELAY 37
#endif
#ifndef TCP_MD5SIG_FLAG_PREFIX
#define TCP_MD5SIG_FLAG_PREFIX 0x1
#endif
#ifndef TCP_RECV_QUEUE
#define TCP_RECV_QUEUE 1
#endif

/* timestamps from software, the kind every device offers */
#define TIMESTAMPING_SOFTWARE ((1 << 3) | (1 << 4))

enum value_kind {
	V_NONE,			/* get only */
	V_INT,
	V_TIMEVAL_OLD,
	V_TIMEVAL_NEW,
	V_LINGER,
	V_STRING,
	V_CLASSIC_BPF,
	V_EBPF_FD,
	V_MD5SIG,
	V_MD5SIG_PREFIX,
	V_TXTIME,
	V_REPAIR_OPT,
	V_REPAIR_WINDOW,
	V_FASTOPEN_KEY,
	V_LOOPBACK_INDEX,
};

enum {	/* the states a row is tried in */
	UNCONN = 1 << 0,	/* fresh socket */
	CONN = 1 << 1,		/* connected client end */
	LISTEN = 1 << 2,	/* listening socket */
	ACCEPTED = 1 << 3,	/* accepted end, listener prepared first */
};

enum {	/* row flags */
	GET_ONLY = 1 << 0,
	SET_ONLY = 1 << 1,
	PRE_REUSEPORT = 1 << 2,		/* SO_REUSEPORT first */
	PRE_REUSEPORT_CBPF = 1 << 3,	/* and a reuseport program */
	PRE_FILTER = 1 << 4,		/* a socket filter first */
	PRE_REPAIR = 1 << 5,		/* TCP_REPAIR first */
	PRE_REPAIR_QUEUE = 1 << 6,	/* and TCP_REPAIR_QUEUE */
	PRE_LISTENER_SAVE_SYN = 1 << 7,	/* listener has TCP_SAVE_SYN */
	CMP_DOMAIN = 1 << 8,		/* value is the socket's domain */
	CMP_PROTOCOL = 1 << 9,		/* value is the socket's protocol */
	CMP_NONZERO = 1 << 10,		/* value differs per socket */
	CMP_PEERNAME = 1 << 11,		/* value is getpeername() */
	CMP_LENGTH = 1 << 12,		/* content differs per connection */
	LISTENER_OPTION = 1 << 13,	/* N: falls back the listener */
	NEEDS_LOOPBACK = 1 << 14,	/* binds to the loopback device */
	VALUE_FROM_GET = 1 << 15,	/* set what a get just returned */
};

struct opt_row {
	int level;
	int name;
	const char *label;
	char class;		/* 'Y', 'M' or 'N' */
	enum value_kind kind;
	long value;		/* V_INT; V_STRING points at the text */
	const char *text;
	unsigned int states;
	unsigned int flags;
};

#define S SOL_SOCKET
#define T IPPROTO_TCP
#define ROW(lvl, opt, cls, kind, val, txt, st, fl) \
	{ lvl, opt, #opt, cls, kind, val, txt, st, fl }

static const struct opt_row table[] = {
	/* SOL_SOCKET */
	ROW(S, SO_DEBUG, 'Y', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_REUSEADDR, 'Y', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_TYPE, 'Y', V_NONE, 0, NULL, UNCONN | CONN, GET_ONLY),
	ROW(S, SO_ERROR, 'Y', V_NONE, 0, NULL, UNCONN | CONN, GET_ONLY),
	ROW(S, SO_DONTROUTE, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_BROADCAST, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_SNDBUF, 'Y', V_INT, 65536, NULL, UNCONN | CONN, 0),
	ROW(S, SO_RCVBUF, 'Y', V_INT, 65536, NULL, UNCONN | CONN, 0),
	ROW(S, SO_SNDBUFFORCE, 'Y', V_INT, 65536, NULL, UNCONN | CONN, 0),
	ROW(S, SO_RCVBUFFORCE, 'Y', V_INT, 65536, NULL, UNCONN | CONN, 0),
	ROW(S, SO_KEEPALIVE, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_OOBINLINE, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_NO_CHECK, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_PRIORITY, 'M', V_INT, 3, NULL, UNCONN | CONN, 0),
	ROW(S, SO_LINGER, 'Y', V_LINGER, 5, NULL, UNCONN | CONN, 0),
	ROW(S, SO_BSDCOMPAT, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_REUSEPORT, 'Y', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_PASSCRED, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_PEERCRED, 'M', V_NONE, 0, NULL, UNCONN | CONN, GET_ONLY),
	ROW(S, SO_RCVLOWAT, 'M', V_INT, 16, NULL, UNCONN | CONN, 0),
	ROW(S, SO_SNDLOWAT, 'M', V_INT, 16, NULL, UNCONN | CONN, 0),
	ROW(S, SO_RCVTIMEO_OLD, 'Y', V_TIMEVAL_OLD, 0, NULL, UNCONN | CONN, 0),
	ROW(S, SO_SNDTIMEO_OLD, 'Y', V_TIMEVAL_OLD, 0, NULL, UNCONN | CONN, 0),
	ROW(S, SO_SECURITY_AUTHENTICATION, 'N', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_SECURITY_ENCRYPTION_TRANSPORT, 'N', V_INT, 1, NULL,
	    UNCONN | CONN, 0),
	ROW(S, SO_SECURITY_ENCRYPTION_NETWORK, 'N', V_INT, 1, NULL,
	    UNCONN | CONN, 0),
	ROW(S, SO_BINDTODEVICE, 'N', V_STRING, 0, "lo", UNCONN | CONN,
	    NEEDS_LOOPBACK),
	ROW(S, SO_ATTACH_FILTER, 'M', V_CLASSIC_BPF, 0, NULL, UNCONN | CONN,
	    SET_ONLY),
	ROW(S, SO_DETACH_FILTER, 'M', V_INT, 0, NULL, UNCONN | CONN,
	    SET_ONLY | PRE_FILTER),
	ROW(S, SO_PEERNAME, 'Y', V_NONE, 0, NULL, UNCONN | CONN,
	    GET_ONLY | CMP_PEERNAME),
	ROW(S, SO_ACCEPTCONN, 'M', V_NONE, 0, NULL, UNCONN | CONN | LISTEN,
	    GET_ONLY),
	ROW(S, SO_PEERSEC, 'N', V_NONE, 0, NULL, UNCONN | CONN, GET_ONLY),
	ROW(S, SO_PASSSEC, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_MARK, 'M', V_INT, 7, NULL, UNCONN | CONN, 0),
	ROW(S, SO_PROTOCOL, 'Y', V_NONE, 0, NULL, UNCONN | CONN,
	    GET_ONLY | CMP_PROTOCOL),
	ROW(S, SO_DOMAIN, 'Y', V_NONE, 0, NULL, UNCONN | CONN,
	    GET_ONLY | CMP_DOMAIN),
	ROW(S, SO_RXQ_OVFL, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_WIFI_STATUS, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_PEEK_OFF, 'N', V_INT, 0, NULL, UNCONN | CONN, 0),
	ROW(S, SO_NOFCS, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_LOCK_FILTER, 'Y', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_SELECT_ERR_QUEUE, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_BUSY_POLL, 'M', V_INT, 10, NULL, UNCONN | CONN, 0),
	ROW(S, SO_MAX_PACING_RATE, 'M', V_INT, 1000000, NULL, UNCONN | CONN, 0),
	ROW(S, SO_BPF_EXTENSIONS, 'Y', V_NONE, 0, NULL, UNCONN | CONN,
	    GET_ONLY),
	ROW(S, SO_INCOMING_CPU, 'M', V_INT, 0, NULL, UNCONN | CONN, 0),
	ROW(S, SO_ATTACH_BPF, 'M', V_EBPF_FD, 0, NULL, UNCONN | CONN, SET_ONLY),
	ROW(S, SO_ATTACH_REUSEPORT_CBPF, 'M', V_CLASSIC_BPF, 0, NULL,
	    UNCONN | CONN, SET_ONLY | PRE_REUSEPORT),
	ROW(S, SO_ATTACH_REUSEPORT_EBPF, 'N', V_EBPF_FD, 0, NULL,
	    UNCONN | CONN, SET_ONLY | PRE_REUSEPORT),
	ROW(S, SO_CNX_ADVICE, 'M', V_INT, 1, NULL, UNCONN | CONN, SET_ONLY),
	ROW(S, SO_MEMINFO, 'M', V_NONE, 0, NULL, UNCONN | CONN, GET_ONLY),
	ROW(S, SO_INCOMING_NAPI_ID, 'M', V_NONE, 0, NULL, UNCONN | CONN,
	    GET_ONLY),
	ROW(S, SO_COOKIE, 'Y', V_NONE, 0, NULL, UNCONN | CONN,
	    GET_ONLY | CMP_NONZERO),
	ROW(S, SO_PEERGROUPS, 'N', V_NONE, 0, NULL, UNCONN | CONN, GET_ONLY),
	ROW(S, SO_ZEROCOPY, 'N', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_TXTIME, 'M', V_TXTIME, 0, NULL, UNCONN | CONN, 0),
	ROW(S, SO_BINDTOIFINDEX, 'N', V_LOOPBACK_INDEX, 0, NULL, UNCONN | CONN,
	    NEEDS_LOOPBACK),
	ROW(S, SO_TIMESTAMP_OLD, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_TIMESTAMPNS_OLD, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_TIMESTAMPING_OLD, 'M', V_INT, TIMESTAMPING_SOFTWARE, NULL,
	    UNCONN | CONN, 0),
	ROW(S, SO_TIMESTAMP_NEW, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_TIMESTAMPNS_NEW, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(S, SO_TIMESTAMPING_NEW, 'M', V_INT, TIMESTAMPING_SOFTWARE, NULL,
	    UNCONN | CONN, 0),
	ROW(S, SO_RCVTIMEO_NEW, 'Y', V_TIMEVAL_NEW, 0, NULL, UNCONN | CONN, 0),
	ROW(S, SO_SNDTIMEO_NEW, 'Y', V_TIMEVAL_NEW, 0, NULL, UNCONN | CONN, 0),
	/* a connected socket cannot get a reuseport program to detach */
	ROW(S, SO_DETACH_REUSEPORT_BPF, 'N', V_INT, 0, NULL, UNCONN,
	    SET_ONLY | PRE_REUSEPORT | PRE_REUSEPORT_CBPF),

	/* SOL_TCP */
	ROW(T, TCP_NODELAY, 'Y', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_MAXSEG, 'M', V_INT, 1000, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_CORK, 'Y', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_KEEPIDLE, 'M', V_INT, 30, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_KEEPINTVL, 'M', V_INT, 10, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_KEEPCNT, 'M', V_INT, 5, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_SYNCNT, 'M', V_INT, 3, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_LINGER2, 'M', V_INT, 10, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_DEFER_ACCEPT, 'Y', V_INT, 5, NULL, UNCONN | CONN | LISTEN,
	    0),
	ROW(T, TCP_WINDOW_CLAMP, 'M', V_INT, 65536, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_INFO, 'M', V_NONE, 0, NULL, UNCONN | CONN, GET_ONLY),
	ROW(T, TCP_QUICKACK, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_CONGESTION, 'M', V_STRING, 0, "reno", UNCONN | CONN, 0),
	ROW(T, TCP_MD5SIG, 'Y', V_MD5SIG, 0, NULL, UNCONN, 0),
	ROW(T, TCP_THIN_LINEAR_TIMEOUTS, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_THIN_DUPACK, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_USER_TIMEOUT, 'M', V_INT, 5000, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_REPAIR, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_REPAIR_QUEUE, 'M', V_INT, TCP_RECV_QUEUE, NULL,
	    UNCONN | CONN, PRE_REPAIR),
	ROW(T, TCP_QUEUE_SEQ, 'M', V_INT, 1000, NULL, UNCONN | CONN,
	    PRE_REPAIR | PRE_REPAIR_QUEUE),
	/* TCP takes repair options on a connection only before its first
	 * byte went out, and an SMC connection sent its CLC messages: try
	 * them on fresh sockets only
	 */
	ROW(T, TCP_REPAIR_OPTIONS, 'M', V_REPAIR_OPT, 0, NULL, UNCONN,
	    SET_ONLY | PRE_REPAIR),
	ROW(T, TCP_FASTOPEN, 'N', V_INT, 5, NULL, UNCONN | CONN | LISTEN,
	    LISTENER_OPTION),
	ROW(T, TCP_TIMESTAMP, 'M', V_INT, 1000, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_NOTSENT_LOWAT, 'M', V_INT, 16384, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_CC_INFO, 'M', V_NONE, 0, NULL, UNCONN | CONN, GET_ONLY),
	ROW(T, TCP_SAVE_SYN, 'Y', V_INT, 1, NULL, UNCONN | LISTEN, 0),
	ROW(T, TCP_SAVED_SYN, 'Y', V_NONE, 0, NULL, UNCONN | ACCEPTED,
	    GET_ONLY | CMP_LENGTH | PRE_LISTENER_SAVE_SYN),
	ROW(T, TCP_REPAIR_WINDOW, 'M', V_REPAIR_WINDOW, 0, NULL, UNCONN | CONN,
	    PRE_REPAIR | VALUE_FROM_GET),
	ROW(T, TCP_FASTOPEN_CONNECT, 'N', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_ULP, 'N', V_STRING, 0, "tls", UNCONN | CONN, 0),
	ROW(T, TCP_MD5SIG_EXT, 'Y', V_MD5SIG_PREFIX, 0, NULL, UNCONN, 0),
	ROW(T, TCP_FASTOPEN_KEY, 'N', V_FASTOPEN_KEY, 0, NULL, UNCONN | CONN,
	    0),
	ROW(T, TCP_FASTOPEN_NO_COOKIE, 'N', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_ZEROCOPY_RECEIVE, 'N', V_NONE, 0, NULL, UNCONN | CONN,
	    GET_ONLY),
	ROW(T, TCP_INQ, 'M', V_INT, 1, NULL, UNCONN | CONN, 0),
	ROW(T, TCP_TX_DELAY, 'M', V_INT, 1000, NULL, UNCONN | CONN, 0),
};

#undef S
#undef T

/* --- option values ------------------------------------------------------ */

struct kernel_sock_timeval {
	int64_t tv_sec;
	int64_t tv_usec;
};

struct sock_txtime_value {
	clockid_t clockid;
	uint32_t flags;
};

struct tcp_repair_window_value {
	uint32_t snd_wl1, snd_wnd, max_window, rcv_wnd, rcv_wup;
};

/* accepts every packet (and, as reuseport program, picks no socket) */
static struct sock_filter accept_all_insns[] = {
	{ BPF_RET | BPF_K, 0, 0, 0xffff },
};

static const struct sock_fprog accept_all = {
	.len = 1,
	.filter = accept_all_insns,
};

static int ebpf_prog_fd = -1;
static char ebpf_why[96];

static int load_ebpf_prog(void)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0,
		  .imm = 0xffff },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insn_cnt = 2;
	attr.insns = (uintptr_t)insns;
	attr.license = (uintptr_t)"GPL";
	return syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
}

struct value {
	unsigned char buf[256];
	socklen_t len;
};

/* the bytes to set for a row; false (with why) if none can be made */
static bool make_value(const struct opt_row *row, struct value *v,
		       char *why, size_t why_len)
{
	memset(v, 0, sizeof(*v));
	switch (row->kind) {
	case V_NONE:
		return true;
	case V_INT: {
		int val = (int)row->value;

		memcpy(v->buf, &val, sizeof(val));
		v->len = sizeof(val);
		return true;
	}
	case V_TIMEVAL_OLD: {
		struct timeval tv = { 1, 500000 };

		memcpy(v->buf, &tv, sizeof(tv));
		v->len = sizeof(tv);
		return true;
	}
	case V_TIMEVAL_NEW: {
		struct kernel_sock_timeval tv = { 1, 500000 };

		memcpy(v->buf, &tv, sizeof(tv));
		v->len = sizeof(tv);
		return true;
	}
	case V_LINGER: {
		struct linger lin = { 1, (int)row->value };

		memcpy(v->buf, &lin, sizeof(lin));
		v->len = sizeof(lin);
		return true;
	}
	case V_STRING:
		v->len = strlen(row->text);
		memcpy(v->buf, row->text, v->len);
		return true;
	case V_CLASSIC_BPF:
		memcpy(v->buf, &accept_all, sizeof(accept_all));
		v->len = sizeof(accept_all);
		return true;
	case V_EBPF_FD:
		if (ebpf_prog_fd < 0) {
			snprintf(why, why_len, "%s", ebpf_why);
			return false;
		}
		memcpy(v->buf, &ebpf_prog_fd, sizeof(int));
		v->len = sizeof(int);
		return true;
	case V_MD5SIG:
	case V_MD5SIG_PREFIX: {
		struct tcp_md5sig md5;
		socklen_t len;

		memset(&md5, 0, sizeof(md5));
		smct_server_sockaddr(&md5.tcpm_addr, &len, 0);
		md5.tcpm_keylen = 4;
		memcpy(md5.tcpm_key, "test", 4);
		if (row->kind == V_MD5SIG_PREFIX) {
			md5.tcpm_flags = TCP_MD5SIG_FLAG_PREFIX;
			md5.tcpm_prefixlen = smct.ipv6 ? 128 : 32;
		}
		memcpy(v->buf, &md5, sizeof(md5));
		v->len = sizeof(md5);
		return true;
	}
	case V_TXTIME: {
		struct sock_txtime_value txt = { CLOCK_MONOTONIC, 0 };

		memcpy(v->buf, &txt, sizeof(txt));
		v->len = sizeof(txt);
		return true;
	}
	case V_REPAIR_OPT: {
		struct tcp_repair_opt opt = { 2 /* MSS */, 1400 };

		memcpy(v->buf, &opt, sizeof(opt));
		v->len = sizeof(opt);
		return true;
	}
	case V_REPAIR_WINDOW:
		v->len = sizeof(struct tcp_repair_window_value);
		return true;
	case V_FASTOPEN_KEY:
		memcpy(v->buf, "0123456789abcdef", 16);
		v->len = 16;
		return true;
	case V_LOOPBACK_INDEX: {
		int index = if_nametoindex("lo");

		if (!index) {
			snprintf(why, why_len, "no loopback device");
			return false;
		}
		memcpy(v->buf, &index, sizeof(index));
		v->len = sizeof(index);
		return true;
	}
	}
	return false;
}

/* --- sockets in a state ---------------------------------------------------- */

struct endpoint {
	int fd;		/* the socket options are applied to */
	int peer;	/* the other end of a connection */
	int listener;
};

static void close_endpoint(struct endpoint *ep)
{
	if (ep->fd >= 0)
		close(ep->fd);
	if (ep->peer >= 0)
		close(ep->peer);
	if (ep->listener >= 0)
		close(ep->listener);
	ep->fd = ep->peer = ep->listener = -1;
}

static int apply_prerequisites(int fd, unsigned int flags)
{
	int one = 1, queue = TCP_RECV_QUEUE;

	if ((flags & PRE_REUSEPORT) &&
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)))
		return -1;
	if ((flags & PRE_REUSEPORT_CBPF) &&
	    setsockopt(fd, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &accept_all,
		       sizeof(accept_all)))
		return -1;
	if ((flags & PRE_FILTER) &&
	    setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &accept_all,
		       sizeof(accept_all)))
		return -1;
	if ((flags & PRE_REPAIR) &&
	    setsockopt(fd, IPPROTO_TCP, TCP_REPAIR, &one, sizeof(one)))
		return -1;
	if ((flags & PRE_REPAIR_QUEUE) &&
	    setsockopt(fd, IPPROTO_TCP, TCP_REPAIR_QUEUE, &queue,
		       sizeof(queue)))
		return -1;
	return 0;
}

static int open_endpoint(enum smct_kind kind, unsigned int state,
			 const struct opt_row *row, struct endpoint *ep)
{
	uint16_t port;
	int one = 1;

	ep->fd = ep->peer = ep->listener = -1;
	switch (state) {
	case UNCONN:
		ep->fd = smct_socket_kind(kind, 0);
		break;
	case LISTEN:
		ep->fd = smct_listen_kind(kind, 4, &port);
		break;
	case CONN:
	case ACCEPTED:
		ep->listener = smct_listen_kind(kind, 4, &port);
		if (ep->listener < 0)
			break;
		if ((row->flags & PRE_LISTENER_SAVE_SYN) &&
		    setsockopt(ep->listener, IPPROTO_TCP, TCP_SAVE_SYN, &one,
			       sizeof(one)))
			break;
		ep->peer = smct_connect_kind(kind, port);
		if (ep->peer < 0)
			break;
		ep->fd = smct_accept(ep->listener, 0, smct_ms(5000));
		if (state == CONN) {
			/* options go on the client end */
			int client = ep->peer;

			ep->peer = ep->fd;
			ep->fd = client;
		}
		break;
	}
	if (ep->fd < 0 || (ep->peer < 0 && (state & (CONN | ACCEPTED)))) {
		close_endpoint(ep);
		return -1;
	}
	if (apply_prerequisites(ep->fd, row->flags)) {
		close_endpoint(ep);
		return -2;
	}
	return 0;
}

static const char *state_name(unsigned int state)
{
	switch (state) {
	case UNCONN: return "unconnected";
	case CONN: return "connected";
	case LISTEN: return "listening";
	case ACCEPTED: return "accepted";
	}
	return "?";
}

/* --- one try ---------------------------------------------------------------- */

struct outcome {
	bool set_tried, get_tried;
	int set_rc, set_err;
	int get_rc, get_err;
	socklen_t get_len;
	unsigned char get_buf[512];
};

/*
 * Most options take any buffer that is large enough; a few insist on their
 * exact size (TCP_REPAIR_WINDOW) or on at most the address size
 * (SO_PEERNAME).
 */
static socklen_t get_length(const struct opt_row *row, const struct value *v)
{
	if (row->flags & CMP_PEERNAME)
		return smct.ipv6 ? sizeof(struct sockaddr_in6) :
				   sizeof(struct sockaddr_in);
	if (row->kind == V_REPAIR_WINDOW)
		return v->len;
	return sizeof(((struct outcome *)NULL)->get_buf);
}

static void try_option(int fd, const struct opt_row *row,
		       const struct value *given, struct outcome *o)
{
	struct value from_get, *v = (struct value *)given;

	memset(o, 0, sizeof(*o));
	if (row->flags & VALUE_FROM_GET) {
		from_get = *given;
		getsockopt(fd, row->level, row->name, from_get.buf,
			   &from_get.len);
		from_get.len = given->len;
		v = &from_get;
	}
	if (!(row->flags & GET_ONLY)) {
		o->set_tried = true;
		o->set_rc = setsockopt(fd, row->level, row->name, v->buf, v->len);
		o->set_err = o->set_rc ? errno : 0;
	}
	if (!(row->flags & SET_ONLY)) {
		o->get_tried = true;
		o->get_len = get_length(row, v);
		o->get_rc = getsockopt(fd, row->level, row->name, o->get_buf,
				       &o->get_len);
		o->get_err = o->get_rc ? errno : 0;
	}
}

static void describe(const struct outcome *o, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	if (o->set_tried)
		used += snprintf(buf + used, len - used, "set %s",
				 o->set_rc ? smct_errno_name(o->set_err) : "0");
	if (!o->get_tried)
		return;
	if (o->get_rc) {
		snprintf(buf + used, len - used, "%sget %s", used ? ", " : "",
			 smct_errno_name(o->get_err));
	} else if (o->get_len == sizeof(int)) {
		int val;

		memcpy(&val, o->get_buf, sizeof(val));
		snprintf(buf + used, len - used, "%sget %d", used ? ", " : "",
			 val);
	} else if (o->get_len == sizeof(uint64_t)) {
		uint64_t val;

		memcpy(&val, o->get_buf, sizeof(val));
		snprintf(buf + used, len - used, "%sget 0x%llx",
			 used ? ", " : "", (unsigned long long)val);
	} else {
		snprintf(buf + used, len - used, "%sget %u bytes",
			 used ? ", " : "", o->get_len);
	}
}

static bool same_results(const struct outcome *a, const struct outcome *b)
{
	return a->set_rc == b->set_rc && a->set_err == b->set_err &&
	       a->get_rc == b->get_rc && a->get_err == b->get_err;
}

static bool have_net_admin;

/* CAP_NET_ADMIN and CAP_NET_RAW, which several options check */
static bool network_capable(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	unsigned long long caps = 0;
	char line[256];

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &caps) == 1)
			break;
	fclose(f);
	return (caps & (1ULL << 12)) && (caps & (1ULL << 13));
}

/* without the capabilities, TCP's EPERM says nothing about the option */
static bool privileged_failure(const struct outcome *ref)
{
	if (have_net_admin)
		return false;
	return (ref->set_rc && (ref->set_err == EPERM || ref->set_err == EACCES)) ||
	       (ref->get_rc && (ref->get_err == EPERM || ref->get_err == EACCES));
}

/* the value a Y option must show, compared by the row's rule */
static bool value_matches(const struct opt_row *row, int fd,
			  const struct outcome *test, const struct outcome *ref,
			  char *why, size_t len)
{
	int val;

	if (test->get_rc || !test->get_tried)
		return true;
	memcpy(&val, test->get_buf, sizeof(val));
	if (row->flags & CMP_DOMAIN) {
		int want = smct.kind == SMCT_KIND_SMC ? AF_SMC :
			   smct.ipv6 ? AF_INET6 : AF_INET;

		snprintf(why, len, "domain %d, want %d", val, want);
		return val == want;
	}
	if (row->flags & CMP_PROTOCOL) {
		int want = smct.kind == SMCT_KIND_SMC ? (smct.ipv6 ? 1 : 0) :
			   IPPROTO_TCP;

		snprintf(why, len, "protocol %d, want %d", val, want);
		return val == want;
	}
	if (row->flags & CMP_NONZERO) {
		uint64_t cookie = 0;

		memcpy(&cookie, test->get_buf,
		       test->get_len < sizeof(cookie) ? test->get_len :
							sizeof(cookie));
		snprintf(why, len, "length %u (TCP %u), value %s", test->get_len,
			 ref->get_len, cookie ? "nonzero" : "zero");
		return test->get_len == ref->get_len && cookie;
	}
	if (row->flags & CMP_PEERNAME) {
		struct sockaddr_storage peer;
		socklen_t peer_len = sizeof(peer);

		getpeername(fd, (struct sockaddr *)&peer, &peer_len);
		snprintf(why, len, "length %u, getpeername %u", test->get_len,
			 peer_len);
		return test->get_len == peer_len &&
		       !memcmp(test->get_buf, &peer, peer_len);
	}
	if (row->flags & CMP_LENGTH) {
		snprintf(why, len, "%u bytes (TCP %u)", test->get_len,
			 ref->get_len);
		return !test->get_len == !ref->get_len;
	}
	snprintf(why, len, "value differs from TCP's");
	return test->get_len == ref->get_len &&
	       !memcmp(test->get_buf, ref->get_buf, test->get_len);
}

static bool smc_reuseport_refused_by_kernel(const struct opt_row *row)
{
	if (!((row->flags & PRE_REUSEPORT) ||
	      (row->level == SOL_SOCKET &&
	       (row->name == SO_REUSEPORT ||
		row->name == SO_ATTACH_REUSEPORT_CBPF ||
		row->name == SO_ATTACH_REUSEPORT_EBPF ||
		row->name == SO_DETACH_REUSEPORT_BPF))))
		return false;
	return smct_reuseport_refused_by_kernel();
}

static void check_row_state(const struct opt_row *row, unsigned int state)
{
	struct endpoint test_ep, ref_ep;
	struct outcome test, ref;
	struct value v;
	char why[160], a[96], b[96];
	const char *level = row->level == SOL_SOCKET ? "SOL_SOCKET" : "SOL_TCP";
	int rc;

	smct_phase("%s %s %s", level, row->label, state_name(state));
	if (smc_reuseport_refused_by_kernel(row)) {
		smct_skip("Linux 6.1 refuses reuseport options on AF_SMC sockets",
			  "%c %s %s", row->class, row->label, state_name(state));
		return;
	}
	if ((row->flags & NEEDS_LOOPBACK) && !smct.loopback) {
		smct_skip("binds to the loopback device, but the test runs over another link",
			  "%c %s %s", row->class, row->label, state_name(state));
		return;
	}
	if (!make_value(row, &v, why, sizeof(why))) {
		smct_skip(why, "%c %s %s", row->class, row->label,
			  state_name(state));
		return;
	}
	rc = open_endpoint(SMCT_KIND_TCP, state, row, &ref_ep);
	if (rc == -2) {
		smct_skip("TCP refuses the preparation in this state",
			  "%c %s %s", row->class, row->label, state_name(state));
		return;
	}
	if (rc) {
		smct_fail("%c %s %s: TCP reference socket: %s", row->class,
			  row->label, state_name(state), strerror(errno));
		return;
	}
	rc = open_endpoint(smct.kind, state, row, &test_ep);
	if (rc) {
		smct_fail("%c %s %s: %s socket%s: %s", row->class, row->label,
			  state_name(state), smct_kind_name(smct.kind),
			  rc == -2 ? " preparation" : "", strerror(errno));
		close_endpoint(&ref_ep);
		return;
	}
	try_option(ref_ep.fd, row, &v, &ref);
	try_option(test_ep.fd, row, &v, &test);
	describe(&test, a, sizeof(a));
	describe(&ref, b, sizeof(b));

	if (privileged_failure(&ref)) {
		smct_skip("needs privileges TCP does not grant here",
			  "%c %s %s (TCP: %s)", row->class, row->label,
			  state_name(state), b);
	} else if (row->class == 'N') {
		smct_info("N %s %s %s: %s (TCP: %s)", level, row->label,
			  state_name(state), a, b);
	} else if (!same_results(&test, &ref)) {
		smct_fail("%c %s %s: %s, TCP: %s", row->class, row->label,
			  state_name(state), a, b);
	} else if (row->class == 'Y' &&
		   !value_matches(row, test_ep.fd, &test, &ref, why,
				  sizeof(why))) {
		smct_fail("%c %s %s: %s (%s), TCP: %s", row->class, row->label,
			  state_name(state), a, why, b);
	} else {
		smct_pass("%c %s %s: %s (TCP: %s)", row->class, row->label,
			  state_name(state), a, b);
	}
	close_endpoint(&test_ep);
	close_endpoint(&ref_ep);
}

/* --- N options before connect ------------------------------------------------ */

#define OPTUNSUPP "TCP 0x03060000"

static void check_fallback_mode(int fd, const char *who)
{
	if (smct.kind == SMCT_KIND_SMC)
		smct_check_mode_spec(fd, who, OPTUNSUPP);
}

/* an N option on a client socket before connect() */
static void check_client_fallback(const struct opt_row *row)
{
	struct value v;
	char why[160], who[96];
	int lfd, cfd, sfd = -1, rc, err;
	uint16_t port;

	snprintf(who, sizeof(who), "N %s set before connect", row->label);
	smct_phase("%s", who);
	if ((row->flags & NEEDS_LOOPBACK) && !smct.loopback) {
		smct_skip("needs the loopback device", "%s", who);
		return;
	}
	if (!make_value(row, &v, why, sizeof(why))) {
		smct_skip(why, "%s", who);
		return;
	}
	lfd = smct_listen(4, &port);
	cfd = smct_socket(0);
	if (lfd < 0 || cfd < 0) {
		smct_fail("%s: sockets: %s", who, strerror(errno));
		goto out;
	}
	if (apply_prerequisites(cfd, row->flags)) {
		smct_skip("preparation refused", "%s", who);
		goto out;
	}
	rc = setsockopt(cfd, row->level, row->name, v.buf, v.len);
	if (rc) {
		err = errno;
		snprintf(why, sizeof(why), "the option is refused (%s)",
			 smct_errno_name(err));
		smct_skip(why, "%s", who);
		goto out;
	}
	if (!smct_check_ok(smct_connect_fd(cfd, port), "%s: connect", who))
		goto out;
	sfd = smct_accept(lfd, 0, smct_ms(5000));
	if (!smct_check_ok(sfd, "%s: accept", who))
		goto out;
	smct_check(smct_exchange(cfd, sfd, row->label),
		   "%s: data flows", who);
	check_fallback_mode(cfd, who);
out:
	if (sfd >= 0)
		close(sfd);
	if (cfd >= 0)
		close(cfd);
	if (lfd >= 0)
		close(lfd);
}

/* an N option on a listener before listen() */
static void check_listener_fallback(const struct opt_row *row)
{
	struct sockaddr_storage ss;
	struct value v;
	char why[160], who[96];
	int lfd, cfd = -1, sfd = -1;
	socklen_t len;
	uint16_t port;

	snprintf(who, sizeof(who), "N %s set on a listener before listen",
		 row->label);
	smct_phase("%s", who);
	make_value(row, &v, why, sizeof(why));
	lfd = smct_socket(0);
	if (setsockopt(lfd, row->level, row->name, v.buf, v.len)) {
		snprintf(why, sizeof(why), "the option is refused (%s)",
			 smct_errno_name(errno));
		smct_skip(why, "%s", who);
		goto out;
	}
	smct_server_sockaddr(&ss, &len, 0);
	if (!smct_check_ok(bind(lfd, (struct sockaddr *)&ss, len) ?:
			   listen(lfd, 4), "%s: bind and listen", who))
		goto out;
	check_fallback_mode(lfd, who);
	port = smct_local_port(lfd);
	cfd = smct_connect(port);
	sfd = cfd < 0 ? -1 : smct_accept(lfd, 0, smct_ms(5000));
	if (!smct_check_ok(sfd, "%s: a client connects", who))
		goto out;
	smct_check(smct_exchange(cfd, sfd, row->label), "%s: data flows", who);
	if (smct.kind == SMCT_KIND_SMC) {
		struct smct_diag d;
		char mode[64];

		smct_diag_lookup(sfd, &d);
		smct_info("%s: the accepted socket is %s", who,
			  smct_diag_mode_text(&d, mode, sizeof(mode)));
	}
out:
	if (sfd >= 0)
		close(sfd);
	if (cfd >= 0)
		close(cfd);
	close(lfd);
}

static void check_msg_fastopen(void)
{
	const char *who = "N MSG_FASTOPEN on a client";
	struct sockaddr_storage ss;
	char buf[16];
	socklen_t len;
	int lfd, cfd, sfd = -1, err;
	uint16_t port;
	ssize_t n;

	smct_phase("%s", who);
	lfd = smct_listen(4, &port);
	cfd = smct_socket(0);
	smct_server_sockaddr(&ss, &len, port);
	smct_bind_client(cfd);
	n = sendto(cfd, "fastopen", 8, MSG_FASTOPEN | MSG_NOSIGNAL,
		   (struct sockaddr *)&ss, len);
	err = errno;
	if (n < 0 && (err == EOPNOTSUPP || err == EPIPE)) {
		smct_skip("client fast open is disabled (net.ipv4.tcp_fastopen)",
			  "%s", who);
		goto out;
	}
	if (!smct_check(n == 8, "%s: sendto(MSG_FASTOPEN) connects and sends (%zd%s%s)",
			who, n, n < 0 ? " " : "",
			n < 0 ? smct_errno_name(err) : ""))
		goto out;
	sfd = smct_accept(lfd, 0, smct_ms(5000));
	if (!smct_check_ok(sfd, "%s: accept", who))
		goto out;
	n = smct_read_full(sfd, buf, 8);
	smct_check(n == 8 && !memcmp(buf, "fastopen", 8),
		   "%s: the server receives the data (%zd)", who, n);
	check_fallback_mode(cfd, who);
out:
	if (sfd >= 0)
		close(sfd);
	close(cfd);
	close(lfd);
}

/* --- SOL_SMC --------------------------------------------------------------------- */

static void check_limit_hs_on(int fd, const char *where)
{
	int val = -1;
	short small = 1;

	smct_check_ok(smct_get_int_opt(fd, SOL_SMC, SMC_LIMIT_HS, &val),
		      "SOL_SMC SMC_LIMIT_HS get on %s (%d)", where, val);
	smct_check_ok(smct_set_int_opt(fd, SOL_SMC, SMC_LIMIT_HS, 1),
		      "SOL_SMC SMC_LIMIT_HS set 1 on %s", where);
	val = -1;
	smct_get_int_opt(fd, SOL_SMC, SMC_LIMIT_HS, &val);
	smct_check(val == 1, "SOL_SMC SMC_LIMIT_HS reads back 1 on %s (%d)",
		   where, val);
	smct_check_ok(smct_set_int_opt(fd, SOL_SMC, SMC_LIMIT_HS, 0),
		      "SOL_SMC SMC_LIMIT_HS set 0 on %s", where);
	val = -1;
	smct_get_int_opt(fd, SOL_SMC, SMC_LIMIT_HS, &val);
	smct_check(val == 0, "SOL_SMC SMC_LIMIT_HS reads back 0 on %s (%d)",
		   where, val);
	smct_check_errno(setsockopt(fd, SOL_SMC, SMC_LIMIT_HS, &small,
				    sizeof(small)),
			 EINVAL, "SOL_SMC SMC_LIMIT_HS with a 2-byte value on %s",
			 where);
}

static void check_sol_smc(void)
{
	int fd, cfd, sfd, val = 0, rc, err;

	smct_phase("SOL_SMC");
	if (smct.kind != SMCT_KIND_SMC) {
		smct_skip("AF_SMC only", "SOL_SMC SMC_LIMIT_HS");
		return;
	}
	fd = smct_socket(0);
	check_limit_hs_on(fd, "an unconnected socket");
	rc = smct_get_int_opt(fd, SOL_SMC, 99, &val);
	err = errno;
	smct_info("SOL_SMC option 99 (unknown): get %s", rc ? smct_errno_name(err) : "0");
	close(fd);
	if (smct_pair(&cfd, &sfd) == 0) {
		check_limit_hs_on(cfd, "a connected socket");
		close(cfd);
		close(sfd);
	}
}

int main(int argc, char **argv)
{
	static const unsigned int states[] = { UNCONN, LISTEN, CONN, ACCEPTED };
	size_t i, s;

	smct_init(argc, argv, "sockopt_table", 180, NULL);
	have_net_admin = network_capable();
	if (!have_net_admin)
		smct_info("no CAP_NET_ADMIN/CAP_NET_RAW: options TCP refuses with EPERM are skipped");
	ebpf_prog_fd = load_ebpf_prog();
	if (ebpf_prog_fd < 0)
		snprintf(ebpf_why, sizeof(ebpf_why),
			 "cannot load a BPF program (%s)",
			 smct_errno_name(errno));

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		for (s = 0; s < sizeof(states) / sizeof(states[0]); s++)
			if (table[i].states & states[s])
				check_row_state(&table[i], states[s]);

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (table[i].class != 'N' || (table[i].flags & GET_ONLY))
			continue;
		if (table[i].flags & LISTENER_OPTION)
			check_listener_fallback(&table[i]);
		check_client_fallback(&table[i]);
	}
	check_msg_fastopen();
	check_sol_smc();
	if (ebpf_prog_fd >= 0)
		close(ebpf_prog_fd);
	return smct_finish();
}
