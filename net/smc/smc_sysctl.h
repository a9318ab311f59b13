/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The net.smc.* settings, per network namespace, as the rest of the module
 * reads them.  Documentation/networking/smc-sysctl.rst describes each one.
 */
#ifndef SMC_SYSCTL_H
#define SMC_SYSCTL_H

#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <net/net_namespace.h>

#include "smc_netns.h"

/* What a new namespace starts with (Linux's defaults) */
#define SMC_AUTOCORKING_DEFAULT		(64 * 1024)
#define SMC_BUF_TYPE_DEFAULT		0	/* SMCR_PHYS_CONT_BUFS */
#define SMC_TESTLINK_TIME_DEFAULT	30	/* seconds */
#define SMC_WMEM_DEFAULT		(64 * 1024)
#define SMC_RMEM_DEFAULT		(64 * 1024)
#define SMC_MAX_LINKS_DEFAULT		2
#define SMC_MAX_CONNS_DEFAULT		255
#define SMC_LIMIT_HS_DEFAULT		0
#define SMC_MAX_SEND_WR_DEFAULT		16
#define SMC_MAX_RECV_WR_DEFAULT		48
#define SMC_TCP2SMC_DEFAULT		0

int smc_sysctl_net_init(struct net *net);
void smc_sysctl_net_exit(struct net *net);

static inline int smc_sysctl_max_send_wr(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_max_send_wr);
}

static inline int smc_sysctl_max_recv_wr(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_max_recv_wr);
}

static inline int smc_sysctl_smcr_buf_type(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_smcr_buf_type);
}

/* seconds; the range keeps "seconds * HZ" within an int */
static inline int smc_sysctl_smcr_testlink_time(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_smcr_testlink_time);
}

/* Linux takes any unsigned int here; callers compare with int sizes, so a
 * huge setting reads as "larger than any buffer" rather than going negative.
 */
static inline int smc_sysctl_autocorking_size(struct net *net)
{
	return min_t(unsigned int,
		     READ_ONCE(smc_net(net)->sysctl_autocorking_size), INT_MAX);
}

/* Initial send buffer size of a new socket; like Linux, sk_sndbuf gets
 * twice this (the range keeps that within an int).
 */
static inline int smc_sysctl_wmem(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_wmem);
}

/* Initial receive buffer (RMB) size, sk_rcvbuf gets twice this */
static inline int smc_sysctl_rmem(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_rmem);
}

static inline int smc_sysctl_max_conns_per_lgr(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_max_conns_per_lgr);
}

static inline int smc_sysctl_max_links_per_lgr(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_max_links_per_lgr);
}

static inline int smc_sysctl_limit_smc_hs(struct net *net)
{
	return READ_ONCE(smc_net(net)->limit_smc_hs);
}

/* net.smc.tcp2smc: 0 or 1 */
static inline int smc_sysctl_tcp2smc(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_tcp2smc);
}

#endif /* SMC_SYSCTL_H */
