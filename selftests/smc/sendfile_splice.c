// SPDX-License-Identifier: GPL-2.0
/*
 * Zero-copy paths: sendfile() from a file and splice() between a socket and
 * a pipe in both directions, with the bytes checked at the other end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

#define FILE_SIZE (1024 * 1024 + 123)
#define FILE_SEED 5
#define SPLICE_SIZE (300 * 1024 + 7)

struct checker {
	int fd;
	size_t want;
	uint32_t seed;
	uint64_t offset;	/* pattern position of the first byte */
	size_t got;
	ssize_t bad;		/* first corrupt byte, -1 if none */
};

static void *receive_and_check(void *arg)
{
	struct checker *c = arg;
	char buf[65536];
	ssize_t n, bad;

	c->bad = -1;
	while (c->got < c->want) {
		n = recv(c->fd, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
		bad = smct_pattern_check(buf, n, c->seed, c->offset + c->got);
		if (bad >= 0 && c->bad < 0)
			c->bad = c->got + bad;
		c->got += n;
	}
	return NULL;
}

static int make_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[256], *buf;
	int fd;

	snprintf(path, sizeof(path), "%s/smctest-sendfile.XXXXXX",
		 dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	unlink(path);
	buf = malloc(FILE_SIZE);
	if (!buf) {
		close(fd);
		return -1;
	}
	smct_pattern_fill(buf, FILE_SIZE, FILE_SEED, 0);
	if (write(fd, buf, FILE_SIZE) != FILE_SIZE) {
		free(buf);
		close(fd);
		return -1;
	}
	free(buf);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void test_sendfile(int cfd, int sfd, int file)
{
	struct checker c = { .fd = sfd, .want = FILE_SIZE, .seed = FILE_SEED };
	pthread_t thread;
	off_t off = 0;
	size_t sent = 0;
	ssize_t n;

	smct_phase("sendfile of a whole file");
	pthread_create(&thread, NULL, receive_and_check, &c);
	while (sent < FILE_SIZE) {
		n = sendfile(cfd, file, &off, FILE_SIZE - sent);
		if (n <= 0)
			break;
		sent += n;
	}
	pthread_join(thread, NULL);
	smct_check(sent == FILE_SIZE && off == FILE_SIZE,
		   "sendfile sent the whole file (%zu of %d, offset %lld)",
		   sent, FILE_SIZE, (long long)off);
	smct_check(c.got == FILE_SIZE && c.bad < 0,
		   "the peer received it intact (%zu bytes, first bad %zd)",
		   c.got, c.bad);
	smct_check(lseek(file, 0, SEEK_CUR) == 0,
		   "sendfile with an offset leaves the file position alone");

	smct_phase("sendfile of a range");
	memset(&c, 0, sizeof(c));
	c.fd = sfd;
	c.want = 5000;
	c.seed = FILE_SEED;
	c.offset = 1000;
	off = 1000;
	pthread_create(&thread, NULL, receive_and_check, &c);
	n = sendfile(cfd, file, &off, 5000);
	pthread_join(thread, NULL);
	smct_check(n == 5000 && off == 6000,
		   "sendfile of bytes 1000..5999 (%zd, offset now %lld)", n,
		   (long long)off);
	smct_check(c.got == 5000 && c.bad < 0,
		   "the peer received exactly that range (%zu, first bad %zd)",
		   c.got, c.bad);

	smct_phase("sendfile at the file position");
	memset(&c, 0, sizeof(c));
	c.fd = sfd;
	c.want = 4096;
	c.seed = FILE_SEED;
	c.offset = 8192;
	lseek(file, 8192, SEEK_SET);
	pthread_create(&thread, NULL, receive_and_check, &c);
	n = sendfile(cfd, file, NULL, 4096);
	pthread_join(thread, NULL);
	smct_check(n == 4096 && lseek(file, 0, SEEK_CUR) == 8192 + 4096,
		   "sendfile without an offset uses and advances the file position (%zd)",
		   n);
	smct_check(c.got == 4096 && c.bad < 0,
		   "the peer received those bytes (%zu, first bad %zd)", c.got,
		   c.bad);
	lseek(file, 0, SEEK_SET);
}

struct pattern_sender {
	int fd;
	size_t len;
	uint32_t seed;
};

static void *send_pattern(void *arg)
{
	struct pattern_sender *s = arg;
	char buf[16384];
	size_t done = 0, n;

	while (done < s->len) {
		n = s->len - done < sizeof(buf) ? s->len - done : sizeof(buf);
		smct_pattern_fill(buf, n, s->seed, done);
		if (smct_write_all(s->fd, buf, n) != (ssize_t)n)
			break;
		done += n;
	}
	return NULL;
}

static void test_splice_from_socket(int cfd, int sfd)
{
	struct pattern_sender s = { .fd = cfd, .len = SPLICE_SIZE, .seed = 9 };
	char buf[65536];
	size_t got = 0;
	ssize_t n, in_pipe, bad = -1, r;
	pthread_t thread;
	int pipefd[2];

	smct_phase("splice socket -> pipe");
	if (pipe(pipefd)) {
		smct_fail("pipe: %s", strerror(errno));
		return;
	}
	/*
	 * For TCP the socket's O_NONBLOCK decides whether the read waits;
	 * SPLICE_F_NONBLOCK only concerns the pipe.
	 */
	smct_set_nonblock(sfd, true);
	smct_check_errno(splice(sfd, NULL, pipefd[1], NULL, 4096, 0),
			 EAGAIN, "splice from an empty non-blocking socket");
	smct_set_nonblock(sfd, false);
	pthread_create(&thread, NULL, send_pattern, &s);
	while (got < SPLICE_SIZE) {
		n = splice(sfd, NULL, pipefd[1], NULL, sizeof(buf), 0);
		if (n <= 0)
			break;
		for (in_pipe = n; in_pipe > 0; in_pipe -= r) {
			r = read(pipefd[0], buf, in_pipe);
			if (r <= 0)
				goto done;
			if (bad < 0 && smct_pattern_check(buf, r, 9, got) >= 0)
				bad = got + smct_pattern_check(buf, r, 9, got);
			got += r;
		}
	}
done:
	pthread_join(thread, NULL);
	smct_check(got == SPLICE_SIZE && bad < 0,
		   "splice moved %zu of %d bytes into a pipe intact (first bad %zd)",
		   got, SPLICE_SIZE, bad);

	shutdown(cfd, SHUT_WR);
	n = splice(sfd, NULL, pipefd[1], NULL, 4096, 0);
	smct_check(n == 0, "splice from a socket at EOF returns 0 (%zd)", n);
	close(pipefd[0]);
	close(pipefd[1]);
}

static void test_splice_to_socket(int cfd, int sfd)
{
	struct checker c = { .fd = sfd, .want = SPLICE_SIZE, .seed = 13 };
	char buf[32768];
	size_t put = 0, len;
	ssize_t n, in_pipe;
	pthread_t thread;
	int pipefd[2];

	smct_phase("splice pipe -> socket");
	if (pipe(pipefd)) {
		smct_fail("pipe: %s", strerror(errno));
		return;
	}
	pthread_create(&thread, NULL, receive_and_check, &c);
	while (put < SPLICE_SIZE) {
		len = SPLICE_SIZE - put < sizeof(buf) ? SPLICE_SIZE - put :
							sizeof(buf);
		smct_pattern_fill(buf, len, 13, put);
		if (write(pipefd[1], buf, len) != (ssize_t)len)
			break;
		for (in_pipe = len; in_pipe > 0; in_pipe -= n) {
			n = splice(pipefd[0], NULL, cfd, NULL, in_pipe, 0);
			if (n <= 0)
				goto done;
		}
		put += len;
	}
done:
	pthread_join(thread, NULL);
	smct_check(put == SPLICE_SIZE,
		   "splice moved %zu of %d bytes from a pipe into the socket",
		   put, SPLICE_SIZE);
	smct_check(c.got == SPLICE_SIZE && c.bad < 0,
		   "the peer received them intact (%zu, first bad %zd)", c.got,
		   c.bad);
	close(pipefd[0]);
	close(pipefd[1]);
}

int main(int argc, char **argv)
{
	int cfd, sfd, file;

	smct_init(argc, argv, "sendfile_splice", 60, NULL);
	file = make_file();
	if (file < 0)
		smct_bail("cannot create a temporary file: %s", strerror(errno));
	if (smct_pair(&cfd, &sfd) == 0) {
		test_sendfile(cfd, sfd, file);
		test_splice_to_socket(cfd, sfd);
		test_splice_from_socket(cfd, sfd);
		close(cfd);
		close(sfd);
	}
	close(file);
	return smct_finish();
}
