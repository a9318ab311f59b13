// SPDX-License-Identifier: GPL-2.0
/*
 * The net.smc.* sysctls.  Each network namespace gets its own copy of the
 * table pointing at the fields of its struct smc_net; init_net too, as its
 * struct smc_net is allocated at run time like any other (net_generic).
 * Writes outside a setting's range fail with EINVAL in the proc handlers.
 */

#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/sysctl.h>
#include <linux/user_namespace.h>
#include <net/net_namespace.h>

#include "smc_core.h"
#include "smc_netns.h"
#include "smc_sysctl.h"

/* the kernel's own limits (smcr_max_send_wr and _recv_wr: newest Linux) */
static const int smc_testlink_max = INT_MAX / HZ;	/* seconds * HZ fits */
static const int smc_buf_min = SMC_BUF_MIN_SIZE;
static const int smc_buf_max = INT_MAX / 2;		/* sk_*buf is twice */
static const int smc_links_min = SMC_LINKS_PER_LGR_MIN;
static const int smc_links_max = SMC_LINKS_PER_LGR_MAX;
static const int smc_conns_min = SMC_CONN_PER_LGR_MIN;
static const int smc_conns_max = SMC_CONN_PER_LGR_MAX;
static const int smc_wr_min = 2;
static const int smc_wr_max = 2048;
/* Each work request costs every link of the namespace kernel memory (its
 * slot buffer, QP and CQ entries): in a namespace that an unprivileged
 * user owns they may be lowered, not raised above the defaults.
 */
static const int smc_send_wr_max_userns = SMC_MAX_SEND_WR_DEFAULT;
static const int smc_recv_wr_max_userns = SMC_MAX_RECV_WR_DEFAULT;

/* In the template .data holds the offset of the field in struct smc_net;
 * smc_sysctl_net_init() turns it into the address in one namespace.  All
 * handlers used here read and write one int or unsigned int, which is what
 * the fields are (smc_netns.h).
 */
#define SMC_SYSCTL(_name, _field, _handler, _min, _max) {		\
	.procname	= _name,					\
	.data		= (void *)offsetof(struct smc_net, _field),	\
	.maxlen		= sizeof(int),					\
	.mode		= 0644,						\
	.proc_handler	= _handler,					\
	.extra1		= (void *)(_min),				\
	.extra2		= (void *)(_max),				\
}

static const struct ctl_table smc_sysctl_template[] = {
	SMC_SYSCTL("autocorking_size", sysctl_autocorking_size,
		   proc_douintvec, NULL, NULL),
	SMC_SYSCTL("smcr_buf_type", sysctl_smcr_buf_type,
		   proc_douintvec_minmax, SYSCTL_ZERO, SYSCTL_TWO),
	SMC_SYSCTL("smcr_testlink_time", sysctl_smcr_testlink_time,
		   proc_dointvec_minmax, SYSCTL_ZERO, &smc_testlink_max),
	SMC_SYSCTL("wmem", sysctl_wmem,
		   proc_dointvec_minmax, &smc_buf_min, &smc_buf_max),
	SMC_SYSCTL("rmem", sysctl_rmem,
		   proc_dointvec_minmax, &smc_buf_min, &smc_buf_max),
	SMC_SYSCTL("smcr_max_links_per_lgr", sysctl_max_links_per_lgr,
		   proc_dointvec_minmax, &smc_links_min, &smc_links_max),
	SMC_SYSCTL("smcr_max_conns_per_lgr", sysctl_max_conns_per_lgr,
		   proc_dointvec_minmax, &smc_conns_min, &smc_conns_max),
	SMC_SYSCTL("limit_smc_hs", limit_smc_hs,
		   proc_dointvec_minmax, SYSCTL_ZERO, SYSCTL_ONE),
	SMC_SYSCTL("smcr_max_send_wr", sysctl_max_send_wr,
		   proc_dointvec_minmax, &smc_wr_min, &smc_wr_max),
	SMC_SYSCTL("smcr_max_recv_wr", sysctl_max_recv_wr,
		   proc_dointvec_minmax, &smc_wr_min, &smc_wr_max),
	SMC_SYSCTL("tcp2smc", sysctl_tcp2smc,
		   proc_dointvec_minmax, SYSCTL_ZERO, SYSCTL_ONE),
	{ }	/* end of the table for kernels without table sizes */
};

#define SMC_SYSCTL_COUNT	(ARRAY_SIZE(smc_sysctl_template) - 1)

static struct ctl_table_header *
smc_sysctl_register(struct net *net, struct ctl_table *table)
{
#ifdef SMC_HAVE_REGISTER_NET_SYSCTL_SZ
	return register_net_sysctl_sz(net, "net/smc", table, SMC_SYSCTL_COUNT);
#else
	return register_net_sysctl(net, "net/smc", table);
#endif
}

int __net_init smc_sysctl_net_init(struct net *net)
{
	struct smc_net *sn = smc_net(net);
	struct ctl_table *table;
	size_t i;

	table = kmemdup(smc_sysctl_template, sizeof(smc_sysctl_template),
			GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	for (i = 0; i < SMC_SYSCTL_COUNT; i++) {
		uintptr_t off = (uintptr_t)table[i].data;

		if (net->user_ns != &init_user_ns &&
		    off == offsetof(struct smc_net, sysctl_max_send_wr))
			table[i].extra2 = (void *)&smc_send_wr_max_userns;
		if (net->user_ns != &init_user_ns &&
		    off == offsetof(struct smc_net, sysctl_max_recv_wr))
			table[i].extra2 = (void *)&smc_recv_wr_max_userns;
		table[i].data = (char *)sn + off;
	}

	sn->sysctl_hdr = smc_sysctl_register(net, table);
	if (!sn->sysctl_hdr) {
		kfree(table);
		return -ENOMEM;
	}
	sn->sysctl_table = table;
	return 0;
}

void __net_exit smc_sysctl_net_exit(struct net *net)
{
	struct smc_net *sn = smc_net(net);

	/* waits for handlers still running on the table */
	unregister_net_sysctl_table(sn->sysctl_hdr);
	kfree(sn->sysctl_table);
	sn->sysctl_hdr = NULL;
	sn->sysctl_table = NULL;
}
