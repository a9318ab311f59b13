// SPDX-License-Identifier: GPL-2.0
/*
 * Test bed helper: lets a test mark one of its own TCP sockets the way
 * smc.ko marks its internal TCP socket (tcp_sock.syn_smc), so that the SYN
 * of a connect() or the SYN-ACKs of a listener carry the SMC experimental
 * option.  Userspace can then play a raw CLC peer of an AF_SMC socket over
 * a real kernel TCP connection, which is how the selftests feed smc.ko
 * malformed and unusual CLC messages.
 *
 * The option is only sent and parsed while the kernel's tcp_have_smc key is
 * on, which smc.ko switches on at load: load this module after smc.ko, and
 * only in test guests.  The interface is described in tb_synsmc.h.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/jump_label.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "tb_synsmc.h"

#if !IS_ENABLED(CONFIG_SMC)
#error "tb_synsmc needs a kernel with CONFIG_SMC: tcp_sock has no syn_smc otherwise"
#endif

static bool tb_synsmc_key_on(void)
{
	return static_key_enabled(&tcp_have_smc);
}

/* Only what socket(AF_INET or AF_INET6, SOCK_STREAM, IPPROTO_TCP) gives has
 * a struct tcp_sock behind sk; anything else must not be touched.
 */
static int tb_synsmc_check_tcp(const struct socket *sock)
{
	const struct sock *sk = sock->sk;

	/* only while the socket is being released, but then it is not ours */
	if (!sk)
		return -EBADF;
	if (sk->sk_family != AF_INET && sk->sk_family != AF_INET6)
		return -EAFNOSUPPORT;
	if (sock->type != SOCK_STREAM || sk->sk_type != SOCK_STREAM)
		return -EPROTOTYPE;
	if (sk->sk_protocol != IPPROTO_TCP)
		return -EPROTONOSUPPORT;
	/* the option changes what the socket says on the wire */
	if (!ns_capable(sock_net(sk)->user_ns, CAP_NET_ADMIN))
		return -EPERM;
	return 0;
}

static int tb_synsmc_set(struct sock *sk)
{
	int rc = 0;

	lock_sock(sk);
	/* a SYN already sent, or a connection made, cannot be changed */
	if ((1 << sk->sk_state) & ~(TCPF_CLOSE | TCPF_LISTEN))
		rc = -EISCONN;
	/* without the key the flag would be ignored: the test would pass
	 * for the wrong reason
	 */
	else if (!tb_synsmc_key_on())
		rc = -ENOPROTOOPT;
	else
		tcp_sk(sk)->syn_smc = 1;
	release_sock(sk);
	return rc;
}

static int tb_synsmc_get(struct sock *sk)
{
	int rc;

	/* the flag is cleared in softirq when the SYN-ACK lacks the option;
	 * owning the socket orders us after that
	 */
	lock_sock(sk);
	rc = tcp_sk(sk)->syn_smc ? 1 : 0;
	release_sock(sk);
	return rc;
}

static long tb_synsmc_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	struct socket *sock;
	int err, fd;

	if (cmd != TB_SYNSMC_SET && cmd != TB_SYNSMC_GET)
		return -ENOTTY;
	if (arg > INT_MAX)
		return -EBADF;
	fd = (int)arg;

	/* looks in the caller's own descriptor table and pins the file */
	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	err = tb_synsmc_check_tcp(sock);
	if (!err) {
		if (cmd == TB_SYNSMC_SET)
			err = tb_synsmc_set(sock->sk);
		else
			err = tb_synsmc_get(sock->sk);
	}
	sockfd_put(sock);
	return err;
}

static const struct file_operations tb_synsmc_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= tb_synsmc_ioctl,
	/* the argument is a plain number, the same in both ABIs */
	.compat_ioctl	= tb_synsmc_ioctl,
};

static struct miscdevice tb_synsmc_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= TB_SYNSMC_DEVNAME,
	.fops	= &tb_synsmc_fops,
	.mode	= 0600,
};

static int __init tb_synsmc_init(void)
{
	/* loaded before smc.ko, every SET would fail: say why at once */
	if (!tb_synsmc_key_on()) {
		pr_info("the kernel's SMC option handling is off: load smc.ko first\n");
		return -ENOPROTOOPT;
	}
	return misc_register(&tb_synsmc_dev);
}

static void __exit tb_synsmc_exit(void)
{
	misc_deregister(&tb_synsmc_dev);
}

module_init(tb_synsmc_init);
module_exit(tb_synsmc_exit);
MODULE_DESCRIPTION("Test bed only: SMC TCP option on a test's own TCP sockets");
MODULE_LICENSE("GPL");
