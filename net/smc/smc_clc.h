/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sending and receiving CLC messages on the clcsock.  The message formats
 * themselves live in smc_clc_wire.h.
 */
#ifndef SMC_CLC_H
#define SMC_CLC_H

#include "smc.h"
#include "smc_clc_wire.h"

/**
 * smc_clc_recv() - receive one CLC message from the clcsock
 * @smc: the socket whose clcsock carries the handshake
 * @expected_type: the SMC_CLC_* type wanted; a DECLINE is always accepted
 * @buf: where the whole message goes, header included
 * @buflen: size of @buf
 * @timeo: how long to wait at most, in jiffies
 *
 * The message is only checked for its header here (smc_clc_hdr_check());
 * the caller decodes the rest with the smc_clc_wire.h codecs.  Only the
 * first three errors below leave the byte stream usable for a fallback to
 * TCP: smc_clc_recv_err_allows_fallback() tells them apart.
 *
 * Context: process context; sleeps up to @timeo.
 * Return: the message length, or
 * -ETIMEDOUT when nothing arrived in time (nothing consumed);
 * -ENOMSG when the peer sent something that is not CLC (nothing consumed);
 * -EPROTO for a CLC header with an impossible type or length, or a message
 * longer than @buflen (either nothing or exactly that message consumed);
 * -EBADMSG when a message arrived only in part (the stream is out of step);
 * -ECONNRESET when the peer closed or reset the connection;
 * another negative errno for socket errors.
 */
int smc_clc_recv(struct smc_sock *smc, u8 expected_type, void *buf,
		 size_t buflen, long timeo);

/**
 * smc_clc_send() - send one encoded CLC message on the clcsock
 * @smc: the socket whose clcsock carries the handshake
 * @buf: the message, as an smc_clc_*_encode() made it
 * @len: its length in bytes
 *
 * Context: process context; may sleep for room in the TCP send buffer.
 * Return: 0 when all of it was sent; -EPIPE when only part was; another
 * negative errno of kernel_sendmsg().
 */
int smc_clc_send(struct smc_sock *smc, const void *buf, size_t len);

/**
 * smc_clc_send_decline() - send a DECLINE with a cause code
 * @smc: the socket whose clcsock carries the handshake
 * @code: the SMC_CLC_DECL_* cause (smc_cause_table.h); SYNCERR also asks
 *        the peer to drop the link group
 * @version: SMC_V1 or SMC_V2; a v2 DECLINE carries our OS type
 *
 * Context: process context; may sleep.
 * Return: as smc_clc_send(), or the encoder's negative errno.
 */
int smc_clc_send_decline(struct smc_sock *smc, u32 code, u8 version);

/**
 * smc_clc_recv_err_to_code() - the cause code a receive error falls back with
 * @err: a negative errno of smc_clc_recv()
 *
 * Return: SMC_CLC_DECL_TIMEOUT_CL for -ETIMEDOUT, else SMC_CLC_DECL_SYNCERR.
 */
u32 smc_clc_recv_err_to_code(int err);

/**
 * smc_clc_recv_err_allows_fallback() - may the connection go on as TCP?
 * @err: a negative errno of smc_clc_recv()
 *
 * Return: true when the error left the TCP byte stream untouched or in
 * step (-ETIMEDOUT, -ENOMSG, -EPROTO).
 */
static inline bool smc_clc_recv_err_allows_fallback(int err)
{
	return err == -ETIMEDOUT || err == -ENOMSG || err == -EPROTO;
}

#endif /* SMC_CLC_H */
