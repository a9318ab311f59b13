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
. "$here/veth-rxe-pair.sh"

modprobe veth
"$here/guest-rxe-load.sh"

# the local table moves behind the pairs' policy rules, so it still
# delivers what arrives
sysctl -qw net.ipv4.conf.default.{accept_local=1,rp_filter=0}
ip -batch - <<IP
rule add pref 100 lookup local
rule del pref 0 lookup local
IP
veth_rxe_pair 1 2
