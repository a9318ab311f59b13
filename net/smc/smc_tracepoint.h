/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of the SMC module (trace system "smc"), for ftrace and
 * perf: a connection falling back to TCP, SMC-R links coming up and going
 * down, and the bytes each sendmsg()/recvmsg() moved through SMC-R.
 * Documentation/networking/smc-tracepoints.rst describes them.
 *
 * The IB device name is a fixed array, not a __string(): __assign_str()
 * takes two arguments on 6.1 and one on 6.12, and link events are rare
 * enough for the 64 bytes not to matter.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM smc

#if !defined(SMC_TRACEPOINT_H) || defined(TRACE_HEADER_MULTI_READ)
#define SMC_TRACEPOINT_H

#include <linux/tracepoint.h>
#include <net/inet_sock.h>

#include "smc.h"
#include "smc_core.h"

/* Defined once: define_trace.h reads this header again */
#ifndef SMC_TRACEPOINT_HELPERS
#define SMC_TRACEPOINT_HELPERS
/**
 * smc_trace_clcsk() - the clcsock's sock of an SMC socket, for a trace event
 * @smc: the socket
 *
 * Return: the sock, or NULL when the socket has no clcsock (any more).
 */
static inline const struct sock *smc_trace_clcsk(const struct smc_sock *smc)
{
	return smc->clcsock ? smc->clcsock->sk : NULL;
}

/**
 * smc_trace_port() - a port of the TCP connection, for a trace event
 * @smc: the socket
 * @local: the local port (else the remote one)
 *
 * Return: the port in host order, 0 before the connection has one.
 */
static inline u16 smc_trace_port(const struct smc_sock *smc, bool local)
{
	const struct sock *clcsk = smc_trace_clcsk(smc);

	if (!clcsk)
		return 0;
	return ntohs(local ? inet_sk(clcsk)->inet_sport :
			     inet_sk(clcsk)->inet_dport);
}

/**
 * smc_trace_lgr_id() - a link group's id, for a trace event
 * @lgr: the link group
 *
 * Return: the id's bytes read as a u32, as the netlink dump and smcr show
 * it.
 */
static inline u32 smc_trace_lgr_id(const struct smc_link_group *lgr)
{
	u32 id;

	memcpy(&id, lgr->id, sizeof(id));
	return id;
}
#endif

TRACE_EVENT(smc_switch_to_fallback,
	    TP_PROTO(const struct smc_sock *smc, u32 reason),
	    TP_ARGS(smc, reason),
	    TP_STRUCT__entry(__field(const void *, sk)
			     __field(const void *, clcsk)
			     __field(u32, reason)
			     __field(u32, peer_diagnosis)
			     __field(u16, sport)
			     __field(u16, dport)
			     __field(bool, server)),
	    TP_fast_assign(__entry->sk = &smc->sk;
			   __entry->clcsk = smc_trace_clcsk(smc);
			   __entry->reason = reason;
			   __entry->peer_diagnosis = smc->peer_diagnosis;
			   __entry->sport = smc_trace_port(smc, true);
			   __entry->dport = smc_trace_port(smc, false);
			   __entry->server = smc->listen_smc ||
					     smc->sk.sk_state == SMC_LISTEN;),
	    TP_printk("sk=%p clcsk=%p reason=0x%08x peer_diagnosis=0x%08x sport=%u dport=%u server=%d",
		      __entry->sk, __entry->clcsk, __entry->reason,
		      __entry->peer_diagnosis, __entry->sport,
		      __entry->dport, __entry->server));

DECLARE_EVENT_CLASS(smcr_link_event,
		    TP_PROTO(const struct smc_link *lnk,
			     unsigned long location),
		    TP_ARGS(lnk, location),
		    TP_STRUCT__entry(__field(const void *, lnk)
				     __field(u32, lgr_id)
				     __field(u8, link_id)
				     __field(u8, ibport)
				     __field(bool, server)
				     __array(char, ibname, IB_DEVICE_NAME_MAX)
				     __field(unsigned long, location)),
		    TP_fast_assign(__entry->lnk = lnk;
				   /* as the netlink dump and smcr show it */
				   __entry->lgr_id = smc_trace_lgr_id(lnk->lgr);
				   __entry->link_id = lnk->link_id;
				   __entry->ibport = lnk->ibport;
				   __entry->server = lnk->lgr->role == SMC_SERV;
				   strscpy(__entry->ibname, lnk->ibname,
					   sizeof(__entry->ibname));
				   __entry->location = location;),
		    TP_printk("lnk=%p lgr_id=%08x link_id=%u dev=%s port=%u role=%s location=%pS",
			      __entry->lnk, __entry->lgr_id, __entry->link_id,
			      __entry->ibname, __entry->ibport,
			      __entry->server ? "SERV" : "CLNT",
			      (void *)__entry->location));

/* The link confirmed and usable; location: the handshake that made it */
DEFINE_EVENT(smcr_link_event, smcr_link_up,
	     TP_PROTO(const struct smc_link *lnk, unsigned long location),
	     TP_ARGS(lnk, location));

/* A link on an iWARP-class device is up (after smcr_link_up): its
 * out-of-band 4-tuple, ports in host order
 */
TRACE_EVENT(smcr_link_iw_up,
	    TP_PROTO(const struct smc_link *lnk),
	    TP_ARGS(lnk),
	    TP_STRUCT__entry(__field(const void *, lnk)
			     __field(u32, lgr_id)
			     /* network order, for %pI4 */
			     __field(u32, saddr)
			     __field(u32, daddr)
			     __field(u16, sport)
			     __field(u16, dport)),
	    TP_fast_assign(__entry->lnk = lnk;
			   __entry->lgr_id = smc_trace_lgr_id(lnk->lgr);
			   __entry->saddr = (__force u32)lnk->iw_tuple.saddr;
			   __entry->daddr = (__force u32)lnk->iw_tuple.daddr;
			   __entry->sport = lnk->iw_tuple.sport;
			   __entry->dport = lnk->iw_tuple.dport;),
	    TP_printk("lnk=%p lgr_id=%08x %pI4:%u -> %pI4:%u",
		      __entry->lnk, __entry->lgr_id, &__entry->saddr,
		      __entry->sport, &__entry->daddr, __entry->dport));

/* A link that was up can carry no more traffic; location: the code that
 * saw the error, or that ended the link group (linger time over, device
 * or port gone, peer's DELETE LINK)
 */
DEFINE_EVENT(smcr_link_event, smcr_link_down,
	     TP_PROTO(const struct smc_link *lnk, unsigned long location),
	     TP_ARGS(lnk, location));

DECLARE_EVENT_CLASS(smc_msg_event,
		    TP_PROTO(const struct smc_sock *smc, size_t len),
		    TP_ARGS(smc, len),
		    TP_STRUCT__entry(__field(const void *, sk)
				     __field(u32, token)
				     __field(size_t, len)),
		    TP_fast_assign(__entry->sk = &smc->sk;
				   __entry->token =
					smc->conn.alert_token_local;
				   __entry->len = len;),
		    TP_printk("sk=%p token=%08x len=%zu",
			      __entry->sk, __entry->token, __entry->len));

/* Bytes one sendmsg() put into the send buffer */
DEFINE_EVENT(smc_msg_event, smc_tx_sendmsg,
	     TP_PROTO(const struct smc_sock *smc, size_t len),
	     TP_ARGS(smc, len));

/* Bytes one recvmsg() took from the RMB (or peeked at) */
DEFINE_EVENT(smc_msg_event, smc_rx_recvmsg,
	     TP_PROTO(const struct smc_sock *smc, size_t len),
	     TP_ARGS(smc, len));

#endif /* SMC_TRACEPOINT_H */

/* Out of tree: define_trace.h finds this file through -I$(src) */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE smc_tracepoint

#include <trace/define_trace.h>
