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
mtu=${MTU:-1500}

case ${1:-} in
up)
	ip link add veth3 type veth peer name veth4
	veth3_mac=$(< /sys/class/net/veth3/address)
	veth4_mac=$(< /sys/class/net/veth4/address)
	sysctl -qw net.ipv4.conf.{all,veth3,veth4}.{accept_local=1,rp_filter=0} \
		net.ipv4.conf.{all,veth1,veth2,veth3,veth4}.arp_ignore=1 \
		net.ipv4.conf.{all,veth1,veth2,veth3,veth4}.arp_announce=2
	ip -batch - <<IP
addr add 10.0.0.3/24 dev veth3
addr add 10.0.0.4/24 dev veth4
link set veth3 mtu $mtu up
link set veth4 mtu $mtu up
rule add pref 12 iif lo to 10.0.0.4 lookup 102
rule add pref 13 iif lo to 10.0.0.3 lookup 103
route add 10.0.0.4 dev veth3 src 10.0.0.3 table 102
route add 10.0.0.3 dev veth4 src 10.0.0.4 table 103
neigh replace 10.0.0.4 lladdr $veth4_mac dev veth3 nud permanent
neigh replace 10.0.0.3 lladdr $veth3_mac dev veth4 nud permanent
IP
	rdma link add rxe3 type rxe netdev veth3
	rdma link add rxe4 type rxe netdev veth4
	"$here/guest-rxe-wait.sh" rxe3 rxe4
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
