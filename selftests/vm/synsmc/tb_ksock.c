// SPDX-License-Identifier: GPL-2.0
/*
 * Test bed module: a kernel user of sock_create().
 *
 * In-kernel users such as nvmet-tcp, the iSCSI target, ocfs2, Soft-iWARP's
 * connection manager and xen pvcalls create their TCP sockets with
 * sock_create() (kern == 0, the current task's namespace) and then use TCP
 * helpers on them.  Loading this module does the same in the insmod task:
 * for AF_INET and AF_INET6 it asks for a SOCK_STREAM/IPPROTO_TCP socket,
 * checks that it really is a TCP socket of that family and only then calls
 * tcp_sock_set_nodelay() on it.  The load fails with EPROTOTYPE when a
 * socket is anything else (an AF_SMC socket made by net.smc.tcp2smc would
 * take TCP's helper writing into a struct it is not), so the caller sees
 * the result in insmod's status; the kernel log says which socket it was.
 */

#define pr_fmt(fmt) "tb_ksock: " fmt

#include <linux/in.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/tcp.h>
#include <net/sock.h>

static int tb_ksock_one(int family)
{
	struct socket *sock;
	struct sock *sk;
	int rc;

	rc = sock_create(family, SOCK_STREAM, IPPROTO_TCP, &sock);
	if (rc) {
		pr_err("sock_create(%d, SOCK_STREAM, IPPROTO_TCP): %d\n",
		       family, rc);
		return rc;
	}
	sk = sock->sk;
	if (sock->ops->family != family || sk->sk_family != family ||
	    sk->sk_type != SOCK_STREAM || sk->sk_protocol != IPPROTO_TCP) {
		pr_err("family %d: got ops family %d, sk family %d type %d protocol %d: not TCP\n",
		       family, sock->ops->family, sk->sk_family, sk->sk_type,
		       sk->sk_protocol);
		sock_release(sock);
		return -EPROTOTYPE;
	}
	/* what nvmet-tcp and siw do next: TCP's own helper */
	tcp_sock_set_nodelay(sk);
	pr_info("family %d: a TCP socket, TCP_NODELAY set\n", family);
	sock_release(sock);
	return 0;
}

static int __init tb_ksock_init(void)
{
	int rc;

	rc = tb_ksock_one(AF_INET);
	if (!rc && IS_ENABLED(CONFIG_IPV6))
		rc = tb_ksock_one(AF_INET6);
	return rc;
}

static void __exit tb_ksock_exit(void)
{
}

module_init(tb_ksock_init);
module_exit(tb_ksock_exit);
MODULE_DESCRIPTION("Test bed: a kernel user of sock_create() for TCP");
MODULE_LICENSE("GPL");
