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

int smc_clcsock_create(struct smc_sock *smc);
void smc_clcsock_release(struct smc_sock *smc);
void smc_clcsock_set_callbacks(struct smc_sock *smc,
			       enum smc_clcsock_cb_mode mode);
void smc_clcsock_adopt_child(struct smc_sock *lsmc, struct socket *child);
void smc_clcsock_sync_opts(struct smc_sock *smc);
void smc_clcsock_inherit_opts(struct sock *nsk, const struct sock *osk);
void smc_clcsock_keepalive(struct sock *sk, int val);

extern struct workqueue_struct *smc_listen_wq;

#endif /* SMC_CLCSOCK_H */
