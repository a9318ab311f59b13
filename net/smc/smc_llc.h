/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LLC (Link Layer Control): the messages that confirm, test and end the
 * link of a link group and announce the rkeys of new RMBs.
 */
#ifndef SMC_LLC_H
#define SMC_LLC_H

#include "smc_core.h"
#include "smc_llc_wire.h"

#define SMC_LLC_WAIT_TIME	(2 * HZ)	/* for a response */

int smc_llc_lgr_init(struct smc_link_group *lgr);
void smc_llc_lgr_stop(struct smc_link_group *lgr);
void smc_llc_lgr_clear(struct smc_link_group *lgr);
void smc_llc_link_init(struct smc_link *lnk);
void smc_llc_link_clear(struct smc_link *lnk);
void smc_llc_link_active(struct smc_link *lnk);	/* starts TEST LINK */
void smc_llc_link_stop(struct smc_link *lnk);

void smc_llc_rx(struct smc_link *lnk, const u8 *buf, u32 len);

/* First contact.  Server: request, wait for the response.  Client: wait
 * for the request (the caller then readies the link) and respond.
 */
int smc_llc_srv_confirm_link(struct smc_link *lnk);
int smc_llc_clnt_wait_confirm_link(struct smc_link *lnk);
int smc_llc_clnt_confirm_link_resp(struct smc_link *lnk);
/* Server, first contact: offer the second link that peers wait for. */
void smc_llc_srv_add_link_first(struct smc_link *lnk);

/* A new RMB on an existing link group: tell the peer its rkey. */
int smc_llc_confirm_rkey(struct smc_link *lnk, struct smc_buf_desc *rmb);

/**
 * smc_llc_link_lost() - a link went down: end it alone if the group goes on
 * @lnk: the link, whose QP no longer sends (smcr_link_down())
 *
 * When another link of the group is active and no connection uses @lnk,
 * the peer is told with DELETE LINK (unless it asked for the end) and
 * @lnk is torn down; the link group stays.
 *
 * Context: the link's down work only.
 * Return: 0 when the link group goes on without @lnk, -EBUSY when an LLC
 * flow runs (try again later: that flow may itself remove @lnk and wait
 * for the down work), another error when the link group must end.
 */
int smc_llc_link_lost(struct smc_link *lnk);

void smc_llc_send_delete_link_all(struct smc_link *lnk, bool orderly,
				  u32 reason);

#endif /* SMC_LLC_H */
