/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state of the SMC module.
 */
#ifndef SMC_NETNS_H
#define SMC_NETNS_H

#include <net/net_namespace.h>
#include <net/netns/generic.h>

struct smc_net {
	bool	limit_smc_hs;	/* default of SMC_LIMIT_HS for new sockets */
};

extern unsigned int smc_net_id;

static inline struct smc_net *smc_net(const struct net *net)
{
	return net_generic(net, smc_net_id);
}

int smc_netns_init(void);
void smc_netns_exit(void);

#endif /* SMC_NETNS_H */
