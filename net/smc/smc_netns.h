/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state of the SMC module.
 */
#ifndef SMC_NETNS_H
#define SMC_NETNS_H

#include <net/net_namespace.h>
#include <net/netns/generic.h>

struct ctl_table;
struct smc_dump_cap;
struct ctl_table_header;

/* The sysctl fields are written by the proc handlers behind net.smc.*
 * while sockets read them: readers use READ_ONCE (see smc_sysctl.h).
 * Their types match the handlers (int for proc_dointvec*, unsigned int for
 * proc_douintvec*).
 */
struct smc_net {
	int		limit_smc_hs;	/* default of SMC_LIMIT_HS, 0 or 1 */
	unsigned int	sysctl_autocorking_size;	/* bytes, 0 = off */
	unsigned int	sysctl_smcr_buf_type;		/* enum smcr_buf_type */
	int		sysctl_smcr_testlink_time;	/* seconds, 0 = off */
	int		sysctl_wmem;			/* bytes */
	int		sysctl_rmem;			/* bytes */
	int		sysctl_max_links_per_lgr;
	int		sysctl_max_conns_per_lgr;
	int		sysctl_max_send_wr;
	int		sysctl_max_recv_wr;
	int		sysctl_tcp2smc;			/* 0 or 1 */

	atomic_t		lgr_cnt;	/* link groups not yet freed */
	struct smc_dump_cap __rcu *dump;	/* capture device (smc_dump.c) */

	struct ctl_table	*sysctl_table;	/* this namespace's copy */
	struct ctl_table_header	*sysctl_hdr;
};

extern unsigned int smc_net_id;

/**
 * smc_net() - this module's state of a network namespace
 * @net: the namespace
 *
 * Context: any; the namespace must be alive.
 * Return: the state, created with the namespace (or at module load).
 */
static inline struct smc_net *smc_net(const struct net *net)
{
	return net_generic(net, smc_net_id);
}

/**
 * smc_netns_init() - register the per-namespace state and its sysctls
 *
 * Context: module init.
 * Return: 0 or the error of register_pernet_subsys().
 */
int smc_netns_init(void);

/**
 * smc_netns_exit() - unregister them; every namespace's state goes
 *
 * Context: module exit, after everything that reads the state.
 */
void smc_netns_exit(void);

#endif /* SMC_NETNS_H */
