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

/**
 * smc_llc_lgr_init() - give a new link group its LLC flow
 * @lgr: the link group, before any of its links is set up
 *
 * Context: process context, may sleep.
 * Return: 0, or -ENOMEM.
 */
int smc_llc_lgr_init(struct smc_link_group *lgr);

/**
 * smc_llc_lgr_stop() - stop the LLC of a link group for good
 * @lgr: the link group; nothing happens without an LLC flow
 *
 * No message is taken in any more, waiting local requests give up, and
 * the receive work and the client's ADD LINK work are waited for (an
 * ADD LINK that work has not handled is dropped).  Before the links'
 * resources go: the receive work answers the peer over the links and may
 * wait for its sends.
 *
 * Context: process context, may sleep; not in the link group's LLC work
 * items, nor under its LLC local flow.
 */
void smc_llc_lgr_stop(struct smc_link_group *lgr);

/**
 * smc_llc_lgr_clear() - free the LLC flow of a link group
 * @lgr: the link group; nothing happens without an LLC flow
 *
 * After the links' QPs are drained, so that no completion hands in a
 * message any more: stops the flow (smc_llc_lgr_stop()), frees the
 * messages still queued or kept and the flow itself.
 *
 * Context: process context, may sleep; as smc_llc_lgr_stop().
 */
void smc_llc_lgr_clear(struct smc_link_group *lgr);

/**
 * smc_llc_link_init() - prepare a link's TEST LINK work
 * @lnk: a link being set up
 *
 * Before anything of the link that can fail: smc_llc_link_clear() cancels
 * the work on every error path.
 *
 * Context: any.
 */
void smc_llc_link_init(struct smc_link *lnk);

/**
 * smc_llc_link_clear() - cancel a link's TEST LINK work and wait for it
 * @lnk: a link whose resources go
 *
 * Context: process context, may sleep; not under the LLC local flow of the
 * link group once the link was active, since the TEST LINK work takes it.
 */
void smc_llc_link_clear(struct smc_link *lnk);

/**
 * smc_llc_link_active() - a link is confirmed: it carries traffic now
 * @lnk: the link, its QP able to send
 *
 * The link becomes SMC_LNK_ACTIVE and, when the namespace's TEST LINK
 * time is not 0, its TEST LINK work starts: a link the peer has not been
 * heard on for that time is tested, and goes down when the peer does not
 * answer within SMC_LLC_WAIT_TIME.
 *
 * Context: process context (the handshake, LLC flows); does not sleep.
 */
void smc_llc_link_active(struct smc_link *lnk);

/**
 * smc_llc_link_stop() - the LLC of a link's group stops taking messages
 * @lnk: a link that stops
 *
 * The link group's whole LLC flow is marked stopped, not only @lnk's:
 * every link stops with its group.  Waiting local requests give up and
 * @lnk's TEST LINK work is cancelled (not waited for).
 *
 * Context: any; does not sleep.
 */
void smc_llc_link_stop(struct smc_link *lnk);

/**
 * smc_llc_rx() - an LLC message arrived on a link
 * @lnk: the link
 * @buf: the message, untrusted; only valid until the call returns
 * @len: its length in bytes
 *
 * A copy is queued for the link group's receive work, which hands a
 * response to the local request waiting for it and answers the peer's
 * requests, in arrival order.  Dropped: messages of an unknown type or
 * too short for any LLC message, those after the flow stopped, and those
 * no memory is left for.  When the peer has SMC_LLC_RX_QUEUE_MAX messages
 * queued already, a well-behaved peer's bound, the link goes down instead.
 *
 * Context: the link's receive completion (softirq); does not sleep.
 */
void smc_llc_rx(struct smc_link *lnk, const u8 *buf, u32 len);

/**
 * smc_llc_srv_confirm_link() - server, first contact: confirm the link
 * @lnk: the first link, its QP able to send
 *
 * Sends the CONFIRM LINK request over the link itself and waits up to
 * SMC_LLC_WAIT_TIME for the client's response, whose link UID is kept.
 *
 * Context: process context, may sleep; takes the LLC local flow.
 * Return: 0; SMC_CLC_DECL_TIMEOUT_CL when the request could not be sent
 * or no response came (also when the flow stopped);
 * SMC_CLC_DECL_RMBE_EC when the response is malformed or the client
 * expects an eyecatcher in our RMBEs, which this module does not write.
 */
int smc_llc_srv_confirm_link(struct smc_link *lnk);

/**
 * smc_llc_clnt_wait_confirm_link() - client, first contact: the request
 * @lnk: the first link, its QP able to receive (not yet to send)
 *
 * Waits up to twice the server's wait for the server's CONFIRM LINK
 * request, so that the two sides' declines do not cross; a request that
 * arrived before this call is kept for it.  The caller then makes the QP
 * able to send and responds (smc_llc_clnt_confirm_link_resp()).
 *
 * Context: process context, may sleep; takes the LLC local flow.
 * Return: 0; SMC_CLC_DECL_TIMEOUT_CL when no request came (also when the
 * flow stopped); SMC_CLC_DECL_RMBE_EC when it is malformed or the server
 * expects an eyecatcher in our RMBEs.
 */
int smc_llc_clnt_wait_confirm_link(struct smc_link *lnk);

/**
 * smc_llc_clnt_confirm_link_resp() - client, first contact: the response
 * @lnk: the first link, its QP able to send
 *
 * Context: process context, may sleep (for a send slot).
 * Return: 0, or SMC_CLC_DECL_TIMEOUT_CL when it could not be sent.
 */
int smc_llc_clnt_confirm_link_resp(struct smc_link *lnk);

/**
 * smc_llc_srv_add_link_first() - server, first contact: the second link
 * @lnk: the first link, just active
 *
 * Linux's clients wait for an ADD LINK after the first link (SMC-Rv1 and
 * v2.0 always, v2.1 when both sides allow two links) and go on with one
 * link only seconds later.  So when the link group and the namespace
 * allow two links, a second link is set up on an alternate device if
 * there is one; when there is none, or that failed before its ADD LINK
 * went out, a link is offered anyway: the client rejects it when it has
 * no other device, else the offer is withdrawn.  A second link that does
 * not come up leaves the first one as it was.
 *
 * Context: process context, may sleep (several LLC round trips); takes
 * the LLC local flow.
 */
void smc_llc_srv_add_link_first(struct smc_link *lnk);

/**
 * smc_llc_add_link_later() - try for a second link, in a work item
 * @lgr: the link group
 *
 * For a link group left with one link when a device or port comes up (or
 * a client invites the server to): when two links are allowed and an
 * alternate device is there, a server adds the link (ADD LINK flow), a
 * client invites the server to (an ADD LINK naming its device).  Nothing
 * happens once the LLC flow is stopped.
 *
 * Context: any; takes a reference on @lgr while the work is queued.
 */
void smc_llc_add_link_later(struct smc_link_group *lgr);

/**
 * smc_llc_confirm_rkey() - tell the peer the rkey of a new RMB
 * @lnk: the link to send on, the connection's
 * @rmb: the RMB, new on an existing link group, registered on @lnk and on
 *       every other active link of the group
 *
 * The CONFIRM RKEY carries the RMB's rkey and address over @lnk and over
 * every other active link, and the peer's response is waited for up to
 * SMC_LLC_WAIT_TIME.
 *
 * Context: process context, may sleep; takes the LLC local flow.
 * Return: 0; -ETIMEDOUT when the request could not be sent or no response
 * came (also when the flow stopped); -EINVAL when the peer rejected it.
 */
int smc_llc_confirm_rkey(struct smc_link *lnk, struct smc_buf_desc *rmb);

/**
 * smc_llc_link_lost() - a link went down: end it alone if the group goes on
 * @lnk: the link, whose QP no longer sends (smcr_link_down())
 *
 * When another link of the group is active, the connections that use
 * @lnk move to it (smcr_link_switch_conns(); unless the module parameter
 * failover is off), the peer is told with DELETE LINK (unless it asked
 * for the end) and @lnk is torn down; the link group stays.
 *
 * Context: the link's down work only.
 * Return: 0 when the link group goes on without @lnk (also when a flow
 * has removed @lnk already); -EBUSY when an LLC flow runs (try again
 * later: that flow may itself remove @lnk and wait for the down work);
 * -ENOLINK when the link group must end: no other link is active,
 * connections use @lnk and cannot move, or the link group or its LLC
 * ends already.
 */
int smc_llc_link_lost(struct smc_link *lnk);

/**
 * smc_llc_send_delete_link_all() - tell the peer the link group ends
 * @lnk: the link to send on; nothing is sent when it cannot send
 * @orderly: an orderly end (the ORDERLY flag), not an abort
 * @reason: the SMC_LLC_DEL_* reason code for the peer
 *
 * A DELETE LINK request for all links; no answer is waited for, the peer
 * ends its side.  Waits up to SMC_LLC_WAIT_TIME for the send to complete,
 * so that the message is out before the caller stops the link.
 *
 * Context: process context, may sleep.
 */
void smc_llc_send_delete_link_all(struct smc_link *lnk, bool orderly,
				  u32 reason);

#endif /* SMC_LLC_H */
