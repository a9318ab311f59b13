#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side, one guest: a veth pair veth1 (10.0.0.1) - veth2 (10.0.0.2) with
# Soft-RoCE devices rxe1 and rxe2 on top.
#
# Both ends stay in the initial network namespace, because rdma_rxe does not
# work across namespaces (6.1 not at all; 6.12 still times out). Two local
# addresses would normally talk through lo, so policy routing sends traffic
# between them across the veth pair instead, and static neighbour entries
# replace ARP, which cannot resolve an address of the same host.
#
# Env: RXE_KO, RXE_OPTS (see guest-rxe-load.sh), MTU (default 1500).
# Loads no SMC module and configures no PNET ID or UEID: the tests do that.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mtu=${MTU:-1500}

modprobe veth
"$here/guest-rxe-load.sh"

ip link add veth1 type veth peer name veth2
veth1_mac=$(< /sys/class/net/veth1/address)
veth2_mac=$(< /sys/class/net/veth2/address)

# Packets arriving on a veth carry a source address of this very host.
sysctl -qw net.ipv4.conf.{all,default,veth1,veth2}.{accept_local=1,rp_filter=0}

# One ip process for everything: each program start costs ~0.1 s under TCG.
# Locally sent traffic for the other address leaves through the veth pair;
# the local table moves behind these rules, so it still delivers what arrives.
ip -batch - <<IP
addr add 10.0.0.1/24 dev veth1
addr add 10.0.0.2/24 dev veth2
link set veth1 mtu $mtu up
link set veth2 mtu $mtu up
rule add pref 10 iif lo to 10.0.0.2 lookup 100
rule add pref 11 iif lo to 10.0.0.1 lookup 101
route add 10.0.0.2 dev veth1 src 10.0.0.1 table 100
route add 10.0.0.1 dev veth2 src 10.0.0.2 table 101
rule add pref 100 lookup local
rule del pref 0 lookup local
neigh replace 10.0.0.2 lladdr $veth2_mac dev veth1 nud permanent
neigh replace 10.0.0.1 lladdr $veth1_mac dev veth2 nud permanent
IP

rdma link add rxe1 type rxe netdev veth1
rdma link add rxe2 type rxe netdev veth2
"$here/guest-rxe-wait.sh" rxe1 rxe2
