/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Receiving over SMC-R: the peer writes into our RMBE; reading copies out
 * and gives the space back to the peer.
 */
#ifndef SMC_RX_H
#define SMC_RX_H

#include "smc.h"

/**
 * smc_rx_init() - start the receive state of a new connection
 * @smc: the socket whose handshake just succeeded
 *
 * Context: process context (the handshake), before the socket is marked as
 * using SMC and data may flow.
 */
void smc_rx_init(struct smc_sock *smc);

/**
 * smc_rx_recvmsg() - copy received data out of the RMB to the user
 * @smc: a connected socket using SMC (not fallen back)
 * @msg: the destination
 * @len: at most this many bytes
 * @flags: MSG_PEEK, MSG_WAITALL, MSG_DONTWAIT and MSG_OOB are honoured
 *
 * Consumed space is given back to the peer (smc_tx_consumer_update()).
 *
 * Context: process context, sock lock held; may sleep waiting for data
 * (the sock lock is released meanwhile).
 * Return: bytes copied, 0 at the end of the stream; otherwise the socket
 * error (e.g. -ECONNRESET after an abort), -EAGAIN when nothing waits and
 * the call must not block, -EINTR/-ERESTARTSYS on a signal, -EFAULT.
 */
int smc_rx_recvmsg(struct smc_sock *smc, struct msghdr *msg, size_t len,
		   int flags);

/**
 * smc_rx_wait_data() - wait until there is data, an end or an error to read
 * @smc: the socket
 * @timeo: the time left to wait, in jiffies; updated
 *
 * Context: process context, sock lock held (released while waiting).
 * Return: nonzero when the condition holds, 0 on timeout or a signal.
 */
int smc_rx_wait_data(struct smc_sock *smc, long *timeo);

/**
 * smc_rx_ioctl_atmark() - SIOCATMARK: is the next byte to read urgent?
 * @smc: the socket
 *
 * Context: process context, sock lock held.
 * Return: 1 when the read cursor is at the urgent byte, else 0.
 */
int smc_rx_ioctl_atmark(struct smc_sock *smc);

#endif /* SMC_RX_H */
