// SPDX-License-Identifier: GPL-2.0
/*
 * uring_socket: create one socket with io_uring's IORING_OP_SOCKET (raw
 * system calls, no liburing) and print what it is, for the
 * net.smc.tcp2smc tests: io_uring's socket operation is a user program's
 * request like socket(2) and is to be turned into AF_SMC the same way.
 *
 *   uring_socket [--async] [--ipv6] [--protocol N]
 *
 * --async sets IOSQE_ASYNC, so that one of io_uring's worker threads
 * creates the socket rather than the io_uring_enter() call itself.  Prints
 * "domain D protocol P" (SO_DOMAIN, SO_PROTOCOL of the new socket).  Exit
 * status 0 on success, 1 on failure, 4 when the kernel has no io_uring or
 * no IORING_OP_SOCKET (the caller may skip).
 */
#include <errno.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define EXIT_NO_URING	4

static int uring_setup(unsigned int entries, struct io_uring_params *p)
{
	return (int)syscall(__NR_io_uring_setup, entries, p);
}

static int uring_enter(int fd, unsigned int to_submit,
		       unsigned int min_complete, unsigned int flags)
{
	return (int)syscall(__NR_io_uring_enter, fd, to_submit, min_complete,
			    flags, NULL, 0);
}

int main(int argc, char **argv)
{
	int family = AF_INET, protocol = 0, async = 0, fd, sfd, i, val;
	size_t sq_len, cq_len, sqe_len;
	struct io_uring_params p;
	unsigned int *sq_tail, *sq_array, *cq_head, *cq_tail, *cq_mask;
	struct io_uring_cqe *cqes, *cqe;
	struct io_uring_sqe *sqes;
	socklen_t len;
	char *sq, *cq;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--async")) {
			async = 1;
		} else if (!strcmp(argv[i], "--ipv6")) {
			family = AF_INET6;
		} else if (!strcmp(argv[i], "--protocol") && i + 1 < argc) {
			protocol = atoi(argv[++i]);
		} else {
			fprintf(stderr, "usage: %s [--async] [--ipv6] [--protocol N]\n",
				argv[0]);
			return 2;
		}
	}

	memset(&p, 0, sizeof(p));
	fd = uring_setup(4, &p);
	if (fd < 0) {
		fprintf(stderr, "io_uring_setup: %s\n", strerror(errno));
		return errno == ENOSYS || errno == EPERM ? EXIT_NO_URING : 1;
	}
	sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned int);
	cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	sqe_len = p.sq_entries * sizeof(struct io_uring_sqe);
	sq = mmap(NULL, sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
		  fd, IORING_OFF_SQ_RING);
	cq = mmap(NULL, cq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
		  fd, IORING_OFF_CQ_RING);
	sqes = mmap(NULL, sqe_len, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED) {
		fprintf(stderr, "mmap of the rings: %s\n", strerror(errno));
		return 1;
	}
	sq_tail = (unsigned int *)(sq + p.sq_off.tail);
	sq_array = (unsigned int *)(sq + p.sq_off.array);
	cq_head = (unsigned int *)(cq + p.cq_off.head);
	cq_tail = (unsigned int *)(cq + p.cq_off.tail);
	cq_mask = (unsigned int *)(cq + p.cq_off.ring_mask);
	cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);

	memset(&sqes[0], 0, sizeof(sqes[0]));
	sqes[0].opcode = IORING_OP_SOCKET;
	sqes[0].fd = family;
	sqes[0].off = SOCK_STREAM;
	sqes[0].len = protocol;
	sqes[0].flags = async ? IOSQE_ASYNC : 0;
	sq_array[0] = 0;
	__atomic_store_n(sq_tail, 1, __ATOMIC_RELEASE);

	if (uring_enter(fd, 1, 1, IORING_ENTER_GETEVENTS) < 0) {
		fprintf(stderr, "io_uring_enter: %s\n", strerror(errno));
		return 1;
	}
	if (__atomic_load_n(cq_tail, __ATOMIC_ACQUIRE) == *cq_head) {
		fprintf(stderr, "no completion\n");
		return 1;
	}
	cqe = &cqes[*cq_head & *cq_mask];
	sfd = cqe->res;
	if (sfd == -EINVAL) {
		/* kernels before 5.19 know no IORING_OP_SOCKET */
		fprintf(stderr, "IORING_OP_SOCKET: %s\n", strerror(-sfd));
		return EXIT_NO_URING;
	}
	if (sfd < 0) {
		fprintf(stderr, "IORING_OP_SOCKET: %s\n", strerror(-sfd));
		return 1;
	}
	len = sizeof(val);
	if (getsockopt(sfd, SOL_SOCKET, SO_DOMAIN, &val, &len)) {
		perror("SO_DOMAIN");
		return 1;
	}
	printf("domain %d", val);
	len = sizeof(val);
	if (getsockopt(sfd, SOL_SOCKET, SO_PROTOCOL, &val, &len)) {
		perror("SO_PROTOCOL");
		return 1;
	}
	printf(" protocol %d\n", val);
	close(sfd);
	close(fd);
	return 0;
}
