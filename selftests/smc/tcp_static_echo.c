// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_static_echo: a plain TCP echo pair, linked statically, for the
 * net.smc.tcp2smc tests.  It asks for AF_INET stream sockets only and
 * knows nothing of SMC (except that --ipproto-smc passes protocol 256):
 * whether its sockets are SMC sockets is up to the kernel.
 *
 *   tcp_static_echo server ADDR PORT [options]
 *       accept one connection on ADDR:PORT, echo BYTES bytes back, then
 *       wait for the peer to close
 *   tcp_static_echo client ADDR PORT [options]
 *       connect to ADDR:PORT, send BYTES bytes, check their echo
 *
 * Options:
 *   --bytes N          bytes to send and echo (default 1048576)
 *   --bind ADDR        client: local address to bind before connecting
 *   --ipproto-smc      create the socket with protocol IPPROTO_SMC (256)
 *   --ready FILE       create FILE once listening (server) or once the echo
 *                      was verified (client)
 *   --hold FILE        client: after the echo, keep the connection open
 *                      until FILE exists
 *   --timeout SEC      give up after SEC seconds (default 120)
 *
 * Each side prints one line "ROLE: domain D protocol P" with what
 * getsockopt(SO_DOMAIN / SO_PROTOCOL) says of its socket (the accepted one
 * for the server).  Exit status 0 on success, 1 on failure, 2 on usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK		16384
#define PROTO_SMC	256	/* IPPROTO_SMC; older libc headers lack it */

static const char *role = "tcp_static_echo";

static void die(const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	fprintf(stderr, "%s: ", role);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
	exit(1);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: tcp_static_echo server|client ADDR PORT [--bytes N] [--bind ADDR]\n"
		"       [--ipproto-smc] [--ready FILE] [--hold FILE] [--timeout SEC]\n");
	exit(2);
}

static void parse_addr(const char *s, unsigned int port,
		       struct sockaddr_in *sin)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	if (inet_pton(AF_INET, s, &sin->sin_addr) != 1) {
		errno = 0;
		fprintf(stderr, "%s: not an IPv4 address: %s\n", role, s);
		exit(2);
	}
}

static void touch(const char *path)
{
	FILE *f;

	if (!path)
		return;
	f = fopen(path, "w");
	if (!f || fclose(f))
		die("cannot create %s", path);
}

static void wait_file(const char *path)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	struct stat st;

	while (stat(path, &st))
		nanosleep(&ts, NULL);
}

static void report(int fd)
{
	socklen_t len;
	int domain, proto;

	len = sizeof(domain);
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len))
		die("getsockopt(SO_DOMAIN)");
	len = sizeof(proto);
	if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len))
		die("getsockopt(SO_PROTOCOL)");
	printf("%s: domain %d protocol %d\n", role, domain, proto);
	fflush(stdout);
}

static void write_all(int fd, const unsigned char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("write");
		buf += n;
		len -= n;
	}
}

static void read_all(int fd, unsigned char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = read(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("read");
		if (n == 0) {
			errno = 0;
			die("early end of stream, %zu bytes missing", len);
		}
		buf += n;
		len -= n;
	}
}

static unsigned char pattern(unsigned long long off)
{
	return (unsigned char)(off * 7 + (off >> 9));
}

static int new_socket(bool ipproto_smc)
{
	int fd = socket(AF_INET, SOCK_STREAM, ipproto_smc ? PROTO_SMC : 0);

	if (fd < 0)
		die("socket(AF_INET, SOCK_STREAM, %d)",
		    ipproto_smc ? PROTO_SMC : 0);
	return fd;
}

static void server(const struct sockaddr_in *addr, unsigned long long bytes,
		   bool ipproto_smc, const char *ready)
{
	unsigned char buf[CHUNK];
	unsigned long long done = 0;
	int one = 1, lfd, fd;
	ssize_t n;

	lfd = new_socket(ipproto_smc);
	if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		die("setsockopt(SO_REUSEADDR)");
	if (bind(lfd, (const struct sockaddr *)addr, sizeof(*addr)))
		die("bind");
	if (listen(lfd, 4))
		die("listen");
	touch(ready);
	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		die("accept");
	close(lfd);
	report(fd);
	while (done < bytes) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("read");
		if (n == 0) {
			errno = 0;
			die("peer closed after %llu of %llu bytes", done, bytes);
		}
		write_all(fd, buf, n);
		done += n;
	}
	/* the peer closes first; anything more from it is an error */
	n = read(fd, buf, sizeof(buf));
	if (n != 0)
		die("no clean end of stream after the echo (%zd)", n);
	close(fd);
}

static void client(const struct sockaddr_in *addr,
		   const struct sockaddr_in *local, unsigned long long bytes,
		   bool ipproto_smc, const char *ready, const char *hold)
{
	unsigned char out[CHUNK], in[CHUNK];
	unsigned long long off = 0;
	size_t len, i;
	int fd;

	fd = new_socket(ipproto_smc);
	if (local && bind(fd, (const struct sockaddr *)local, sizeof(*local)))
		die("bind");
	if (connect(fd, (const struct sockaddr *)addr, sizeof(*addr)))
		die("connect");
	report(fd);
	while (off < bytes) {
		len = bytes - off < CHUNK ? bytes - off : CHUNK;
		for (i = 0; i < len; i++)
			out[i] = pattern(off + i);
		write_all(fd, out, len);
		read_all(fd, in, len);
		if (memcmp(in, out, len)) {
			errno = 0;
			die("echo differs in the %zu bytes at offset %llu", len,
			    off);
		}
		off += len;
	}
	touch(ready);
	if (hold)
		wait_file(hold);
	close(fd);
}

int main(int argc, char **argv)
{
	const char *ready = NULL, *hold = NULL, *bind_addr = NULL;
	unsigned long long bytes = 1 << 20;
	struct sockaddr_in addr, local;
	unsigned int timeout = 120;
	bool ipproto_smc = false;
	bool is_server;
	char *end;
	long port;
	int i;

	if (argc < 4)
		usage();
	if (!strcmp(argv[1], "server"))
		is_server = true;
	else if (!strcmp(argv[1], "client"))
		is_server = false;
	else
		usage();
	role = argv[1];
	port = strtol(argv[3], &end, 10);
	if (*end || port <= 0 || port > 65535)
		usage();
	parse_addr(argv[2], port, &addr);

	for (i = 4; i < argc; i++) {
		const char *opt = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(opt, "--ipproto-smc")) {
			ipproto_smc = true;
			continue;
		}
		if (!val)
			usage();
		i++;
		if (!strcmp(opt, "--bytes")) {
			bytes = strtoull(val, &end, 0);
			if (*end || !bytes)
				usage();
		} else if (!strcmp(opt, "--bind")) {
			bind_addr = val;
		} else if (!strcmp(opt, "--ready")) {
			ready = val;
		} else if (!strcmp(opt, "--hold")) {
			hold = val;
		} else if (!strcmp(opt, "--timeout")) {
			timeout = strtoul(val, &end, 10);
			if (*end || !timeout)
				usage();
		} else {
			usage();
		}
	}
	if (bind_addr)
		parse_addr(bind_addr, 0, &local);

	/* SIGALRM's default action ends a run that hangs */
	alarm(timeout);
	if (is_server)
		server(&addr, bytes, ipproto_smc, ready);
	else
		client(&addr, bind_addr ? &local : NULL, bytes, ipproto_smc,
		       ready, hold);
	return 0;
}
