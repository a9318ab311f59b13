// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state.  Every SMC socket holds a reference on its
 * namespace (and so does its clcsock), so by the time a namespace exits no
 * socket of ours can be left in it.
 */

#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "smc_netns.h"

unsigned int smc_net_id __read_mostly;

static int __net_init smc_net_init(struct net *net)
{
	struct smc_net *sn = smc_net(net);

	sn->limit_smc_hs = false;
	return 0;
}

static struct pernet_operations smc_net_ops = {
	.init	= smc_net_init,
	.id	= &smc_net_id,
	.size	= sizeof(struct smc_net),
};

int smc_netns_init(void)
{
	return register_pernet_subsys(&smc_net_ops);
}

void smc_netns_exit(void)
{
	unregister_pernet_subsys(&smc_net_ops);
}
