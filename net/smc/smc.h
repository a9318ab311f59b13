/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shared interior of the SMC module: the SMC socket and what every
 * layer needs to know about it.  Each layer has its own small header for
 * the functions it offers; this one only holds the common state.
 */
#ifndef SMC_PRIV_H
#define SMC_PRIV_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/sock.h>
#include <linux/smc_ext.h>

#include "smc_cause.h"
#include "smc_state.h"
#include "smc_core.h"
#include "smc_dump.h"

/* Bounded waits for CLC messages, as the protocol prescribes */
#define SMC_CLC_WAIT_TIME	(6 * HZ)
#define SMC_CLC_WAIT_TIME_SHORT	HZ

/* Where a connection attempt stands (smc_sock.hs_state). */
enum smc_hs_state {
	SMC_HS_NONE,		/* no connect() yet */
	SMC_HS_RUNNING,		/* TCP connect and CLC handshake under way */
	SMC_HS_DONE,		/* decided: SMC, fallback, or failed */
};

struct smc_sock {
	struct sock		sk;		/* must be first */
	struct socket		*clcsock;	/* the TCP connection beneath */

	/* clcsock callbacks we replaced, restored on release */
	void			(*clcsk_state_change)(struct sock *sk);
	void			(*clcsk_data_ready)(struct sock *sk);
	void			(*clcsk_write_space)(struct sock *sk);
	void			(*clcsk_error_report)(struct sock *sk);
	bool			clcsk_cb_replaced;

	/* Once set, use_fallback never goes back: every operation is then
	 * passed to the clcsock.  Written under the sock lock, read without.
	 */
	bool			use_fallback;
	u32			fallback_rsn;	/* our SMC_CLC_DECL_ code */
	u32			peer_diagnosis;	/* code from the peer's DECLINE */

	/* SMC established: data moves through RDMA, not the clcsock */
	bool			uses_smc;
	/* smc_conn_create() ran: an attempt that failed after it is not
	 * retried by a second connect(), as in Linux
	 */
	bool			conn_tried;

	enum smc_hs_state	hs_state;
	struct work_struct	connect_work;	/* client handshake */

	/* listening socket */
	struct work_struct	tcp_listen_work; /* pulls TCP children */
	struct list_head	accept_q;	/* handshake done, not accepted */
	spinlock_t		accept_q_lock;
	unsigned int		backlog_held;	/* children counted in TCP's */
	int			defer_accept;	/* TCP_DEFER_ACCEPT seconds */
	bool			limit_smc_hs;	/* SMC_LIMIT_HS */

	/* child of a listening socket, until accept() */
	struct smc_sock		*listen_smc;
	bool			counted_in_backlog; /* in TCP's, see handshake */
	struct list_head	accept_node;
	struct work_struct	srv_hs_work;	/* server handshake */

	struct hlist_node	table_node;	/* in smc_sock_table */
	u64			table_seq;	/* its place there, see below */

	/* SMC-R: the connection, and its end after close() */
	struct smc_connection	conn;
	struct smc_dump_tuple	dump_tuple;	/* for the capture mirror */
	bool			close_ref;	/* released, waiting for peer */
	struct delayed_work	close_timeout_work;
};

/**
 * smc_sk() - the SMC socket of a struct sock
 * @sk: a socket of family AF_SMC
 *
 * Return: the &struct smc_sock it is the start of.
 */
static inline struct smc_sock *smc_sk(const struct sock *sk)
{
	return (struct smc_sock *)sk;
}

/**
 * smc_uses_fallback() - whether the socket fell back to TCP for good
 * @smc: the socket
 *
 * Context: any, lockless: once it returns true, smc->fallback_rsn is valid.
 * Return: true after smc_switch_to_fallback().
 */
static inline bool smc_uses_fallback(const struct smc_sock *smc)
{
	/* pairs with smc_switch_to_fallback(): fallback_rsn is valid */
	return smp_load_acquire(&smc->use_fallback);
}

/**
 * smc_tcp_mode() - whether the socket's operations go to its clcsock
 * @smc: the socket
 *
 * True before, without and instead of SMC: until a handshake succeeded,
 * and for good after a fallback.
 *
 * Context: any, lockless.
 * Return: true while the socket is TCP.
 */
static inline bool smc_tcp_mode(const struct smc_sock *smc)
{
	return !READ_ONCE(smc->uses_smc);
}

/**
 * smc_clcsock_family() - the address family of a socket's clcsock
 * @sk: an SMC socket
 *
 * Return: AF_INET6 for SMCPROTO_SMC6 sockets, AF_INET otherwise.
 */
static inline int smc_clcsock_family(const struct sock *sk)
{
	return sk->sk_protocol == SMCPROTO_SMC6 ? AF_INET6 : AF_INET;
}

extern struct workqueue_struct *smc_hs_wq;

/* af_smc.c */

/**
 * smc_switch_to_fallback() - make the connection plain TCP, for good
 * @smc: the socket
 * @reason: the cause code (SMC_CLC_DECL_*) that sock_diag, smcss and the
 *          fallback statistics report
 *
 * Only the first call counts.  A listener stops offering SMC to new
 * clients; a connection's clcsock callbacks start forwarding to the
 * application.
 *
 * Context: sock lock held, or before anyone else can see the socket.
 */
void smc_switch_to_fallback(struct smc_sock *smc, u32 reason);

/**
 * smc_sock_alloc() - allocate and initialise an SMC socket
 * @net: its namespace
 * @sock: the struct socket it belongs to, or NULL for a listener's child
 * @protocol: SMCPROTO_SMC or SMCPROTO_SMC6
 *
 * The socket starts in SMC_INIT with buffers sized by net.smc.wmem/rmem
 * and is added to the socket table (sock_diag).
 *
 * Context: process context, may sleep.
 * Return: the socket, or NULL when out of memory.
 */
struct sock *smc_sock_alloc(struct net *net, struct socket *sock,
			    int protocol);

/**
 * smc_sock_destroy_unaccepted() - end a listener's child never accepted
 * @smc: the child; the caller's reference is dropped
 *
 * Its connection is reset (an SMC-R connection aborted), as TCP resets
 * connections its listener never handed out.
 *
 * Context: process context, may sleep; the child's sock lock not held.
 */
void smc_sock_destroy_unaccepted(struct smc_sock *smc);

/**
 * smc_sock_finish_close() - free what is left of a closed connection
 * @smc: the socket
 *
 * Its place in the socket table, its SMC-R connection, its TCP connection.
 *
 * Context: process context, sock lock not held (the connection's work
 * items take it).
 */
void smc_sock_finish_close(struct smc_sock *smc);

/* All SMC sockets of one address family, for sock_diag.  Exported to
 * smc_diag.ko, which walks them under the read lock.  Each socket gets the
 * next sequence number (from 1) when it is added at the head, so the list
 * runs from the highest number down, whatever is removed meanwhile: a dump
 * that continues in a new message resumes below the last number it
 * reported, not at a position that removals have shifted.
 */
struct smc_sock_table {
	rwlock_t		lock;
	struct hlist_head	head;
	u64			last_seq;
};

extern struct smc_sock_table smc_sock_table_v4;
extern struct smc_sock_table smc_sock_table_v6;

#endif /* SMC_PRIV_H */
