// SPDX-License-Identifier: GPL-2.0
/*
 * CLC messages over the clcsock.
 *
 * The TCP byte stream is shared between the handshake and, after a
 * fallback, the application.  So a message is never consumed before its
 * header says it is a CLC message of sensible length: the header is peeked
 * first, and exactly that many bytes are read.  Every wait is bounded.
 */

#include <linux/net.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <net/sock.h>

#include "smc.h"
#include "smc_clc.h"
#include "smc_ib.h"

static int smc_clc_recv_bytes(struct socket *clcsock, void *buf, size_t len,
			      int flags, long timeo)
{
	struct sock *clcsk = clcsock->sk;
	struct kvec vec = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = {};
	long saved_timeo = READ_ONCE(clcsk->sk_rcvtimeo);
	int rc;

	WRITE_ONCE(clcsk->sk_rcvtimeo, timeo);
	rc = kernel_recvmsg(clcsock, &msg, &vec, 1, len, flags | MSG_WAITALL);
	WRITE_ONCE(clcsk->sk_rcvtimeo, saved_timeo);
	return rc;
}

static bool smc_clc_peer_closed(struct socket *clcsock)
{
	return READ_ONCE(clcsock->sk->sk_shutdown) & RCV_SHUTDOWN;
}

/* Could @len leading bytes be the start of a CLC eyecatcher? */
static bool smc_clc_maybe_eyecatcher(const u8 *p, size_t len)
{
	len = min_t(size_t, len, sizeof(smc_clc_eyecatcher_r));
	return !memcmp(p, smc_clc_eyecatcher_r, len) ||
	       !memcmp(p, smc_clc_eyecatcher_d, len);
}

/* Read and drop a message we cannot use, to keep the stream in step. */
static int smc_clc_skip(struct socket *clcsock, size_t len, long timeo)
{
	u8 *junk = kmalloc(len, GFP_KERNEL);
	int rc;

	if (!junk)
		return -ENOMEM;
	rc = smc_clc_recv_bytes(clcsock, junk, len, 0, timeo);
	kfree(junk);
	return rc == len ? 0 : -EBADMSG;
}

int smc_clc_recv(struct smc_sock *smc, u8 expected_type, void *buf,
		 size_t buflen, long timeo)
{
	struct socket *clcsock = smc->clcsock;
	u8 hdr[SMC_CLC_HDR_LEN];
	u16 msg_len, raw_len;
	int rc;

	rc = smc_clc_recv_bytes(clcsock, hdr, sizeof(hdr), MSG_PEEK, timeo);
	if (rc < 0)
		return rc == -EAGAIN ? -ETIMEDOUT : rc;
	if (rc < sizeof(hdr)) {
		if (rc > 0 && !smc_clc_maybe_eyecatcher(hdr, rc))
			return -ENOMSG;
		return smc_clc_peer_closed(clcsock) ? -ECONNRESET : -ETIMEDOUT;
	}

	rc = smc_clc_hdr_check(hdr, expected_type, &msg_len);
	if (rc == -EPROTO) {
		raw_len = be16_to_cpu(((struct smc_clc_hdr *)hdr)->length);
		if (raw_len >= SMC_CLC_HDR_LEN &&
		    raw_len <= SMC_CLC_MAX_MSG_LEN &&
		    smc_clc_skip(clcsock, raw_len, timeo))
			return -EBADMSG;
		return -EPROTO;
	}
	if (rc)
		return rc;
	if (msg_len > buflen)
		return -EPROTO;

	rc = smc_clc_recv_bytes(clcsock, buf, msg_len, 0, timeo);
	if (rc == msg_len)
		return msg_len;
	if (rc < 0 && rc != -EAGAIN)
		return rc;
	return smc_clc_peer_closed(clcsock) ? -ECONNRESET : -EBADMSG;
}

u32 smc_clc_recv_err_to_code(int err)
{
	if (err == -ETIMEDOUT)
		return SMC_CLC_DECL_TIMEOUT_CL;
	return SMC_CLC_DECL_SYNCERR;
}

int smc_clc_send(struct smc_sock *smc, const void *buf, size_t len)
{
	struct kvec vec = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	int rc;

	rc = kernel_sendmsg(smc->clcsock, &msg, &vec, 1, len);
	if (rc < 0)
		return rc;
	return rc == len ? 0 : -EPIPE;
}

int smc_clc_send_decline(struct smc_sock *smc, u32 code, u8 version)
{
	/* as Linux: v2 declines say which OS, and a sync error asks the
	 * peer to drop the link group (first contact bit)
	 */
	struct smc_clc_decline_info info = {
		.version = version,
		.diagnosis = code,
		.os_type = version >= SMC_V2 ? SMC_CLC_OS_LINUX : 0,
		.sync_err = code == SMC_CLC_DECL_SYNCERR,
	};
	u8 buf[SMC_CLC_DECLINE_LEN_V2];
	int len;

	smc_systemid_get(info.sender_id);
	len = smc_clc_decline_encode(buf, sizeof(buf), &info);
	if (len < 0)
		return len;
	return smc_clc_send(smc, buf, len);
}
