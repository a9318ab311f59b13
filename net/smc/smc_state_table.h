/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one table of SMC socket states (sk_state of an AF_SMC socket, and
 * diag_state of its sock_diag message).
 *
 * The module takes the C names from here (SMC_<name>), smcss and the
 * selftests the printable names, so a state is added in exactly one place.
 * The values line up with the TCP states of the same meaning
 * (ESTABLISHED 1, SYN_SENT 2, CLOSE 7, LISTEN 10) so that generic code
 * that looks at sk_state, and sock_diag users, see sensible values.
 *
 * Define SMC_STATE(value, name) before including this file; it is
 * undefined again at the end.  No include guard on purpose.
 */

SMC_STATE(1, ACTIVE)			/* connection established */
SMC_STATE(2, INIT)			/* connect() in progress */
SMC_STATE(7, CLOSED)
SMC_STATE(10, LISTEN)
SMC_STATE(20, PEERCLOSEWAIT1)		/* we closed first, waiting */
SMC_STATE(21, PEERCLOSEWAIT2)
SMC_STATE(22, APPCLOSEWAIT1)		/* the peer closed first */
SMC_STATE(23, APPCLOSEWAIT2)
SMC_STATE(24, APPFINCLOSEWAIT)
SMC_STATE(25, PEERFINCLOSEWAIT)
SMC_STATE(26, PEERABORTWAIT)
SMC_STATE(27, PROCESSABORT)

#undef SMC_STATE
