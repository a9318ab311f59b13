/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interface of tb_synsmc.ko, a test-only helper of the guest test bed (see
 * tb_synsmc.c).  Shared by the module and the userspace tests.
 *
 * Both ioctls take the descriptor of one of the caller's own TCP sockets as
 * their argument, by value:
 *
 *   ioctl(dev, TB_SYNSMC_SET, fd)  the socket's SYN (connect) or SYN-ACKs
 *                                  (listen) carry the SMC TCP option; fd
 *                                  must be closed (not yet connected) or
 *                                  listening.  0 or -1 with errno.
 *   ioctl(dev, TB_SYNSMC_GET, fd)  1 when the socket still asks for SMC, 0
 *                                  otherwise; in any state.  After connect()
 *                                  it tells whether the peer echoed the
 *                                  option, on an accepted socket whether the
 *                                  client sent it (and the listener asked).
 *
 * errno: EBADF or ENOTSOCK (fd), EAFNOSUPPORT (not AF_INET/AF_INET6),
 * EPROTOTYPE (not SOCK_STREAM), EPROTONOSUPPORT (not TCP), EISCONN (SET on
 * a socket that is neither closed nor listening), ENOPROTOOPT (SET while no
 * SMC module has the kernel's SMC option handling on), EPERM (no
 * CAP_NET_ADMIN in the socket's network namespace), ENOTTY (other ioctls).
 */
#ifndef TB_SYNSMC_H
#define TB_SYNSMC_H

#include <linux/ioctl.h>

#define TB_SYNSMC_DEVNAME	"tb_synsmc"
#define TB_SYNSMC_DEVPATH	"/dev/" TB_SYNSMC_DEVNAME

/* 0xe2: EBCDIC 'S', the first byte of the SMC eyecatchers */
#define TB_SYNSMC_IOC_MAGIC	0xe2
#define TB_SYNSMC_SET		_IO(TB_SYNSMC_IOC_MAGIC, 1)
#define TB_SYNSMC_GET		_IO(TB_SYNSMC_IOC_MAGIC, 2)

#endif /* TB_SYNSMC_H */
