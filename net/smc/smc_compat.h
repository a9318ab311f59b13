/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels this module is built for (Debian
 * bookworm's 6.1 and 6.12), kept in one place so the protocol code reads
 * the same for both.  Feature tests come from the build (Kbuild greps the
 * headers) where a version number would lie about stable backports.
 */
#ifndef SMC_COMPAT_H
#define SMC_COMPAT_H

#include <linux/fs.h>
#include <linux/net.h>
#include <net/sock.h>

#ifdef SMC_HAVE_PROTO_ACCEPT_ARG
#define SMC_ACCEPT_ARGS \
	struct socket *sock, struct socket *new_sock, \
	struct proto_accept_arg *arg
#define SMC_ACCEPT_FLAGS	(arg->flags)
#else
#define SMC_ACCEPT_ARGS \
	struct socket *sock, struct socket *new_sock, int accept_flags, \
	bool kern
#define SMC_ACCEPT_FLAGS	(accept_flags)
#endif

/**
 * smc_sock_set_custom_sockopt() - pass SOL_SOCKET options to our setsockopt
 * @sock: the new SMC socket
 *
 * On 6.12 SOCK_CUSTOM_SOCKOPT makes SOL_SOCKET options reach the
 * protocol's setsockopt, which copies them to the clcsock; 6.1 has no
 * such flag.
 *
 * Context: process context (socket creation).
 */
static inline void smc_sock_set_custom_sockopt(struct socket *sock)
{
#ifdef SMC_HAVE_CUSTOM_SOCKOPT
	set_bit(SOCK_CUSTOM_SOCKOPT, &sock->flags);
#endif
}

/**
 * smc_compat_create_clcsock() - create a kernel TCP socket that holds @net
 * @net: the namespace of the SMC socket
 * @family: AF_INET or AF_INET6
 * @res: set to the new socket
 *
 * The CLC socket is a kernel socket, but TCP may keep it alive after we
 * let go of it (FIN_WAIT, TIME_WAIT timers), so it must hold a reference
 * on its network namespace like a user socket does.
 *
 * Context: process context; sleeps.
 * Return: 0, or the negative errno of the socket creation.
 */
static inline int smc_compat_create_clcsock(struct net *net, int family,
					    struct socket **res)
{
#ifdef SMC_HAVE_SK_NET_REFCNT_UPGRADE
	int rc = sock_create_kern(net, family, SOCK_STREAM, IPPROTO_TCP, res);

	if (!rc)
		sk_net_refcnt_upgrade((*res)->sk);
	return rc;
#else
	return __sock_create(net, family, SOCK_STREAM, IPPROTO_TCP, res, 0);
#endif
}

/**
 * smc_copy_splice_read() - splice() from a socket whose data is not in skbs
 * @in: the socket's file
 * @ppos: the file position (unused by sockets)
 * @pipe: the pipe to fill
 * @len: at most this many bytes
 * @flags: SPLICE_F_* flags
 *
 * Reads with ->read_iter() into the pipe: copy_splice_read() on 6.12,
 * generic_file_splice_read() on 6.1.
 *
 * Context: process context; may sleep.
 * Return: bytes spliced, 0 at the end of the stream, or a negative errno.
 */
static inline ssize_t smc_copy_splice_read(struct file *in, loff_t *ppos,
					   struct pipe_inode_info *pipe,
					   size_t len, unsigned int flags)
{
#ifdef SMC_HAVE_COPY_SPLICE_READ
	return copy_splice_read(in, ppos, pipe, len, flags);
#else
	return generic_file_splice_read(in, ppos, pipe, len, flags);
#endif
}

#endif /* SMC_COMPAT_H */
