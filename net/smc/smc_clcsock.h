/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CLC socket: the kernel TCP socket under every SMC socket.  It carries
 * the CLC handshake, and the whole connection when SMC falls back to TCP.
 */
#ifndef SMC_CLCSOCK_H
#define SMC_CLCSOCK_H

#include "smc.h"

/* What the replaced clcsock callbacks should do */
enum smc_clcsock_cb_mode {
	SMC_CLCSOCK_CB_ORIG,	/* TCP's own callbacks, nothing added */
	SMC_CLCSOCK_CB_FORWARD,	/* also wake up the SMC socket's waiters */
	SMC_CLCSOCK_CB_LISTEN,	/* new TCP children: run the listen work */
};

/**
 * smc_clcsock_create() - create the kernel TCP socket under an SMC socket
 * @smc: the socket; its family (IPv4 or IPv6) and namespace are used
 *
 * The clcsock holds a reference on the namespace like a user socket,
 * because TCP may keep it alive after it is released.
 *
 * Context: process context; may sleep.
 * Return: 0 with @smc->clcsock set, or a negative errno of socket creation.
 */
int smc_clcsock_create(struct smc_sock *smc);

/**
 * smc_clcsock_release() - restore TCP's callbacks and release the clcsock
 * @smc: the socket; @smc->clcsock is NULL afterwards (nothing happens when
 *       it is NULL already)
 *
 * Context: process context; the caller has made @smc unreachable for
 * sock_diag first.
 */
void smc_clcsock_release(struct smc_sock *smc);

/**
 * smc_clcsock_set_callbacks() - choose what the clcsock's callbacks do
 * @smc: the socket with a clcsock
 * @mode: &enum smc_clcsock_cb_mode; SMC_CLCSOCK_CB_ORIG restores TCP's
 *
 * TCP's own callbacks are saved the first time and always called.
 *
 * Context: any context except inside the clcsock's callbacks; takes its
 * sk_callback_lock for writing.
 */
void smc_clcsock_set_callbacks(struct smc_sock *smc,
			       enum smc_clcsock_cb_mode mode);

/**
 * smc_clcsock_adopt_child() - give a new TCP child TCP's own data_ready
 * @lsmc: the listener the child was accepted from
 * @child: the TCP child, which inherited the listener's callbacks
 *
 * Context: process context; takes the child's sk_callback_lock.
 */
void smc_clcsock_adopt_child(struct smc_sock *lsmc, struct socket *child);

/**
 * smc_clcsock_sync_opts() - pass the user's socket options on to the clcsock
 * @smc: the socket with a clcsock
 *
 * Copies the SOL_SOCKET settings TCP and IP act upon (flags, priority,
 * mark, locked buffer sizes...); cheap when nothing changed, so it runs
 * before every operation passed down to the clcsock.
 *
 * Context: process context; takes the clcsock's sock lock.
 */
void smc_clcsock_sync_opts(struct smc_sock *smc);

/**
 * smc_clcsock_inherit_opts() - a child socket starts with its listener's
 * settings
 * @nsk: the new child SMC socket
 * @osk: the listening SMC socket
 *
 * Context: process context.
 */
void smc_clcsock_inherit_opts(struct sock *nsk, const struct sock *osk);

/**
 * smc_clcsock_keepalive() - proto.keepalive: SO_KEEPALIVE on the clcsock
 * @sk: the SMC socket
 * @val: nonzero to arm TCP's keepalive timer, 0 to stop it
 *
 * Context: process context, sock lock of @sk held.
 */
void smc_clcsock_keepalive(struct sock *sk, int val);

extern struct workqueue_struct *smc_listen_wq;

#endif /* SMC_CLCSOCK_H */
