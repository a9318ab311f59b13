// SPDX-License-Identifier: GPL-2.0
/*
 * Bulk transfer: random data both ways at once (256 MiB each by default,
 * SMCTEST_BULK_MB or -n MiB), written in random sized pieces, with a hash
 * of each direction compared between sender and receiver.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smctest.h"

#define MAX_PIECE (256 * 1024)

struct direction {
	const char *name;
	int send_fd, recv_fd;
	uint64_t total;
	uint64_t seed;
	/* sender's view */
	uint64_t sent;
	uint64_t sent_hash;
	int send_err;
	/* receiver's view */
	uint64_t received;
	uint64_t received_hash;
	int recv_err;
	int64_t started, finished;
};

static void *sender(void *arg)
{
	struct direction *d = arg;
	struct smct_rng data, sizes;
	struct smct_hash hash;
	char *buf = malloc(MAX_PIECE);
	size_t piece;
	ssize_t n;

	if (!buf) {
		d->send_err = ENOMEM;
		return NULL;
	}
	smct_rng_seed(&data, d->seed);
	smct_rng_seed(&sizes, ~d->seed);
	smct_hash_init(&hash);
	while (d->sent < d->total) {
		piece = 1 + smct_rng_next(&sizes) % MAX_PIECE;
		if (piece > d->total - d->sent)
			piece = d->total - d->sent;
		smct_rng_fill(&data, buf, piece);
		n = smct_write_all(d->send_fd, buf, piece);
		if (n != (ssize_t)piece) {
			d->send_err = errno;
			break;
		}
		smct_hash_update(&hash, buf, piece);
		d->sent += piece;
	}
	d->sent_hash = smct_hash_final(&hash);
	shutdown(d->send_fd, SHUT_WR);
	free(buf);
	return NULL;
}

static void *receiver(void *arg)
{
	struct direction *d = arg;
	struct smct_hash hash;
	char *buf = malloc(MAX_PIECE);
	ssize_t n;

	if (!buf) {
		d->recv_err = ENOMEM;
		return NULL;
	}
	smct_hash_init(&hash);
	d->started = smct_now_us();
	for (;;) {
		n = recv(d->recv_fd, buf, MAX_PIECE, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			d->recv_err = errno;
			break;
		}
		if (n == 0)
			break;
		smct_hash_update(&hash, buf, n);
		d->received += n;
	}
	d->finished = smct_now_us();
	d->received_hash = smct_hash_final(&hash);
	free(buf);
	return NULL;
}

static void report(const struct direction *d)
{
	double secs = (d->finished - d->started) / 1e6;

	smct_info("%s: %llu bytes in %.2f s, %.1f MiB/s", d->name,
		  (unsigned long long)d->received, secs,
		  secs > 0 ? d->received / secs / (1 << 20) : 0.0);
	smct_check(d->sent == d->total && !d->send_err,
		   "%s: sender wrote all %llu bytes (%llu, %s)", d->name,
		   (unsigned long long)d->total, (unsigned long long)d->sent,
		   smct_errno_name(d->send_err));
	smct_check(d->received == d->total && !d->recv_err,
		   "%s: receiver got %llu bytes then EOF (%s)", d->name,
		   (unsigned long long)d->received,
		   smct_errno_name(d->recv_err));
	smct_check(d->received_hash == d->sent_hash,
		   "%s: hash of the received data matches (%016llx, sent %016llx)",
		   d->name, (unsigned long long)d->received_hash,
		   (unsigned long long)d->sent_hash);
}

int main(int argc, char **argv)
{
	struct direction up = { .name = "client to server" };
	struct direction down = { .name = "server to client" };
	pthread_t threads[4];
	const char *env;
	long mib;
	int cfd, sfd;

	env = getenv("SMCTEST_BULK_MB");
	mib = env && *env ? atol(env) : 256;
	smct_init(argc, argv, "bulk_transfer", 120,
		  "MiB to send each way (default 256, env SMCTEST_BULK_MB)");
	mib = smct_count(mib);
	/* allow for slow links: about a second per MiB on top */
	smct_watchdog(120 + (int)mib);
	if (smct_pair(&cfd, &sfd))
		return smct_finish();

	smct_phase("transfer %ld MiB each way", mib);
	up.total = down.total = (uint64_t)mib << 20;
	up.seed = smct_random_seed();
	down.seed = smct_random_seed();
	smct_info("seeds %016llx %016llx", (unsigned long long)up.seed,
		  (unsigned long long)down.seed);
	up.send_fd = cfd;
	up.recv_fd = sfd;
	down.send_fd = sfd;
	down.recv_fd = cfd;
	pthread_create(&threads[0], NULL, receiver, &up);
	pthread_create(&threads[1], NULL, receiver, &down);
	pthread_create(&threads[2], NULL, sender, &up);
	pthread_create(&threads[3], NULL, sender, &down);
	pthread_join(threads[2], NULL);
	pthread_join(threads[3], NULL);
	pthread_join(threads[0], NULL);
	pthread_join(threads[1], NULL);
	report(&up);
	report(&down);
	smct_check_mode(cfd, "client");
	smct_check_mode(sfd, "server");
	close(cfd);
	close(sfd);
	return smct_finish();
}
