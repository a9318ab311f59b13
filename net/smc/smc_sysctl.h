/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The net.smc.* settings, per network namespace, as the rest of the module
 * reads them.
 */
#ifndef SMC_SYSCTL_H
#define SMC_SYSCTL_H

#include <net/net_namespace.h>

#define SMC_AUTOCORKING_DEFAULT		(64 * 1024)
#define SMC_WMEM_DEFAULT		(64 * 1024)
#define SMC_RMEM_DEFAULT		(64 * 1024)
#define SMC_TESTLINK_TIME_DEFAULT	30	/* seconds */
#define SMC_MAX_SEND_WR_DEFAULT		16
#define SMC_MAX_RECV_WR_DEFAULT		48

static inline int smc_sysctl_max_send_wr(struct net *net)
{
	return SMC_MAX_SEND_WR_DEFAULT;
}

static inline int smc_sysctl_max_recv_wr(struct net *net)
{
	return SMC_MAX_RECV_WR_DEFAULT;
}

static inline int smc_sysctl_smcr_buf_type(struct net *net)
{
	return 0;
}

static inline int smc_sysctl_smcr_testlink_time(struct net *net)
{
	return SMC_TESTLINK_TIME_DEFAULT;
}

static inline int smc_sysctl_autocorking_size(struct net *net)
{
	return SMC_AUTOCORKING_DEFAULT;
}

static inline int smc_sysctl_wmem(struct net *net)
{
	return SMC_WMEM_DEFAULT;
}

static inline int smc_sysctl_rmem(struct net *net)
{
	return SMC_RMEM_DEFAULT;
}

static inline int smc_sysctl_max_conns_per_lgr(struct net *net)
{
	return 255;
}

static inline int smc_sysctl_max_links_per_lgr(struct net *net)
{
	return 2;
}

#endif /* SMC_SYSCTL_H */
