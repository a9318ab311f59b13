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

/**
 * smc_sysctl_net_init() - register net.smc.* for a new namespace
 * @net: the namespace, whose smc_net holds the values
 *
 * In a namespace not owned by the initial user namespace the WR counts
 * have a lower upper limit.
 *
 * Context: process context (pernet init); sleeps.
 * Return: 0, or -ENOMEM.
 */
int smc_sysctl_net_init(struct net *net);

/**
 * smc_sysctl_net_exit() - unregister net.smc.* of a namespace going away
 * @net: the namespace
 *
 * Waits for handlers still running on the table.
 *
 * Context: process context (pernet exit); sleeps.
 */
void smc_sysctl_net_exit(struct net *net);

/* The readers below may be called in any context: each value is read once
 * with READ_ONCE(), and a writer may change it at any time.
 */

/**
 * smc_sysctl_max_send_wr() - net.smc.smcr_max_send_wr
 * @net: the namespace
 *
 * Return: send work requests (and message buffers) for a new link.
 */
static inline int smc_sysctl_max_send_wr(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_max_send_wr);
}

/**
 * smc_sysctl_max_recv_wr() - net.smc.smcr_max_recv_wr
 * @net: the namespace
 *
 * Return: receive work requests (with buffers) to post on a new link.
 */
static inline int smc_sysctl_max_recv_wr(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_max_recv_wr);
}

/**
 * smc_sysctl_smcr_buf_type() - net.smc.smcr_buf_type
 * @net: the namespace
 *
 * Return: the memory of new link groups' buffers: 0 physically contiguous,
 * 1 virtually contiguous, 2 physically contiguous when available.
 */
static inline int smc_sysctl_smcr_buf_type(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_smcr_buf_type);
}

/**
 * smc_sysctl_smcr_testlink_time() - net.smc.smcr_testlink_time
 * @net: the namespace
 *
 * Return: seconds without traffic before a TEST LINK, 0 for never; the
 * range keeps "seconds * HZ" within an int.
 */
static inline int smc_sysctl_smcr_testlink_time(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_smcr_testlink_time);
}

/**
 * smc_sysctl_autocorking_size() - net.smc.autocorking_size
 * @net: the namespace
 *
 * Linux takes any unsigned int here; callers compare with int sizes, so a
 * huge setting reads as "larger than any buffer" rather than going
 * negative.
 *
 * Return: the bytes a connection may hold back, capped at INT_MAX; 0 turns
 * autocorking off.
 */
static inline int smc_sysctl_autocorking_size(struct net *net)
{
	return min_t(unsigned int,
		     READ_ONCE(smc_net(net)->sysctl_autocorking_size), INT_MAX);
}

/**
 * smc_sysctl_wmem() - net.smc.wmem
 * @net: the namespace
 *
 * Like Linux, sk_sndbuf of a new socket gets twice this (the range keeps
 * that within an int).
 *
 * Return: the initial send buffer size of a new socket, in bytes.
 */
static inline int smc_sysctl_wmem(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_wmem);
}

/**
 * smc_sysctl_rmem() - net.smc.rmem
 * @net: the namespace
 *
 * sk_rcvbuf of a new socket gets twice this.
 *
 * Return: the initial receive buffer (RMB) size of a new socket, in bytes.
 */
static inline int smc_sysctl_rmem(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_rmem);
}

/**
 * smc_sysctl_max_conns_per_lgr() - net.smc.smcr_max_conns_per_lgr
 * @net: the namespace
 *
 * Return: the most connections a link group carries (v2.1 negotiation).
 */
static inline int smc_sysctl_max_conns_per_lgr(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_max_conns_per_lgr);
}

/**
 * smc_sysctl_max_links_per_lgr() - net.smc.smcr_max_links_per_lgr
 * @net: the namespace
 *
 * Return: the most links per link group offered to v2.1 peers (the module
 * runs one whatever this says).
 */
static inline int smc_sysctl_max_links_per_lgr(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_max_links_per_lgr);
}

/**
 * smc_sysctl_limit_smc_hs() - net.smc.limit_smc_hs
 * @net: the namespace
 *
 * Return: the initial SMC_LIMIT_HS of new sockets, 0 or 1.
 */
static inline int smc_sysctl_limit_smc_hs(struct net *net)
{
	return READ_ONCE(smc_net(net)->limit_smc_hs);
}

/**
 * smc_sysctl_tcp2smc() - net.smc.tcp2smc
 * @net: the namespace
 *
 * Return: 1 when new TCP stream sockets of user programs become AF_SMC
 * ones, else 0.
 */
static inline int smc_sysctl_tcp2smc(struct net *net)
{
	return READ_ONCE(smc_net(net)->sysctl_tcp2smc);
}

#endif /* SMC_SYSCTL_H */
