/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sending and receiving CLC messages on the clcsock.  The message formats
 * themselves live in smc_clc_wire.h.
 */
#ifndef SMC_CLC_H
#define SMC_CLC_H

#include "smc.h"
#include "smc_clc_wire.h"

/* Receive one CLC message of @expected_type, or a DECLINE, waiting at most
 * @timeo.  Returns the message length, or:
 *   -ETIMEDOUT   nothing arrived in time; nothing consumed
 *   -ENOMSG      the peer sent something that is not CLC; nothing consumed
 *   -EPROTO      a CLC header with an impossible type or length; either
 *                nothing or exactly that message was consumed
 *   -EBADMSG     a message arrived only in part: the stream is out of step
 *   -ECONNRESET  the peer closed or reset the connection
 *   other        socket errors
 * Only the first three leave the byte stream usable for a fallback.
 */
int smc_clc_recv(struct smc_sock *smc, u8 expected_type, void *buf,
		 size_t buflen, long timeo);
int smc_clc_send(struct smc_sock *smc, const void *buf, size_t len);
int smc_clc_send_decline(struct smc_sock *smc, u32 code, u8 version);

/* The CLC code a receive error is reported with when we fall back */
u32 smc_clc_recv_err_to_code(int err);
static inline bool smc_clc_recv_err_allows_fallback(int err)
{
	return err == -ETIMEDOUT || err == -ENOMSG || err == -EPROTO;
}

#endif /* SMC_CLC_H */
