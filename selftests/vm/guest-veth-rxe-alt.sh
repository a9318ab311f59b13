#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side, one guest, after guest-veth-rxe.sh: a second pair of RDMA
# devices for link groups with two links.
#
#   guest-veth-rxe-alt.sh up     veth3 (10.0.0.3) - veth4 (10.0.0.4), rxe3
#                                and rxe4 on top
#   guest-veth-rxe-alt.sh down   removes them again
#   guest-veth-rxe-alt.sh pnet   prints the PNET table (below), one entry a
#                                line in smc_nl's "pnet add" arguments
#
# rxe3 is the alternate of the client's rxe1 (10.0.0.1), rxe4 that of the
# server's rxe2 (10.0.0.2).  Linux's SMC takes as the alternate device of a
# link group only a device with the same PNET ID (and VLAN) as the first
# link's, and for SMC-Rv2 one whose netdev has an IPv4 address in the
# subnet of the link group's source address: hence one /24 for all four
# addresses.  Since every netdev of the guest is then in that subnet, only
# PNET IDs keep each end to its own devices (without them rxe2 is an
# alternate of rxe1 too), with this table:
#
#   NET1  veth1 rxe1  veth3 rxe3     (client, 10.0.0.1 and 10.0.0.3)
#   NET2  veth2 rxe2  veth4 rxe4     (server, 10.0.0.2 and 10.0.0.4)
#
# Traffic between the new addresses crosses the new pair, as in
# guest-veth-rxe.sh (policy routing, static neighbours); ARP answers stay
# per interface (arp_ignore=1, arp_announce=2) for anything not static.
# Env: MTU (default 1500).  Uses the rdma_rxe module already loaded.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/veth-rxe-pair.sh"

case ${1:-} in
up)
	sysctl -qw net.ipv4.conf.{all,veth1,veth2}.arp_ignore=1 \
		net.ipv4.conf.{all,veth1,veth2}.arp_announce=2
	veth_rxe_pair 3 4
	sysctl -qw net.ipv4.conf.{veth3,veth4}.arp_ignore=1 \
		net.ipv4.conf.{veth3,veth4}.arp_announce=2
	;;
down)
	rdma link delete rxe3 2>/dev/null || true
	rdma link delete rxe4 2>/dev/null || true
	ip link delete veth3 2>/dev/null || true
	ip -batch - <<IP 2>/dev/null || true
rule del pref 12
rule del pref 13
route flush table 102
route flush table 103
IP
	;;
pnet)
	# the PNET table (smc_nl pnet add arguments), one entry a line
	cat <<PNET
NET1 eth veth1 ib rxe1 1
NET2 eth veth2 ib rxe2 1
NET1 eth veth3 ib rxe3 1
NET2 eth veth4 ib rxe4 1
PNET
	;;
*)
	echo "usage: $0 up|down|pnet" >&2
	exit 2
	;;
esac
