// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state.  Every SMC socket holds a reference on its
 * namespace (and so does its clcsock), so by the time a namespace exits no
 * socket of ours can be left in it.  Link groups hold none, so that the
 * ten minutes they linger for reuse do not keep a deleted namespace: its
 * exit ends them.
 */

#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "smc_core.h"
#include "smc_netns.h"
#include "smc_sysctl.h"

unsigned int smc_net_id __read_mostly;

static int __net_init smc_net_init(struct net *net)
{
	struct smc_net *sn = smc_net(net);

	/* a new namespace starts from the defaults, not from its parent's
	 * settings; they are in place before the sysctls show them
	 */
	sn->limit_smc_hs = SMC_LIMIT_HS_DEFAULT;
	sn->sysctl_autocorking_size = SMC_AUTOCORKING_DEFAULT;
	sn->sysctl_smcr_buf_type = SMC_BUF_TYPE_DEFAULT;
	sn->sysctl_smcr_testlink_time = SMC_TESTLINK_TIME_DEFAULT;
	sn->sysctl_wmem = SMC_WMEM_DEFAULT;
	sn->sysctl_rmem = SMC_RMEM_DEFAULT;
	sn->sysctl_max_links_per_lgr = SMC_MAX_LINKS_DEFAULT;
	sn->sysctl_max_conns_per_lgr = SMC_MAX_CONNS_DEFAULT;
	sn->sysctl_max_send_wr = SMC_MAX_SEND_WR_DEFAULT;
	sn->sysctl_max_recv_wr = SMC_MAX_RECV_WR_DEFAULT;
	sn->sysctl_tcp2smc = SMC_TCP2SMC_DEFAULT;
	atomic_set(&sn->lgr_cnt, 0);

	return smc_sysctl_net_init(net);
}

static void __net_exit smc_net_exit(struct net *net)
{
	smc_lgr_terminate_net(net);
	smc_sysctl_net_exit(net);
}

static struct pernet_operations smc_net_ops = {
	.init	= smc_net_init,
	.exit	= smc_net_exit,
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
