# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by guest-veth-rxe.sh and guest-veth-rxe-alt.sh (guest side).
#
# veth_rxe_pair A B: a veth pair vethA (10.0.0.A) - vethB (10.0.0.B) with
# the Soft-RoCE devices rxeA and rxeB on top, in the initial namespace.
# Two local addresses would normally talk through lo: policy rules (pref
# 9+A and 9+B, tables 99+A and 99+B) send traffic between them across the
# pair, and static neighbour entries replace ARP, which cannot resolve an
# address of the same host.  The local table must already sit behind
# those rules (guest-veth-rxe.sh moves it).  Env: MTU (default 1500).
veth_rxe_pair() {
	local a=$1 b=$2 mac_a mac_b here
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	ip link add "veth$a" type veth peer name "veth$b"
	mac_a=$(< "/sys/class/net/veth$a/address")
	mac_b=$(< "/sys/class/net/veth$b/address")
	# packets arriving on a veth carry a source address of this very host
	sysctl -qw net.ipv4.conf.{all,"veth$a","veth$b"}.{accept_local=1,rp_filter=0}
	# one ip process for everything: each start costs ~0.1 s under TCG
	ip -batch - <<IP
addr add 10.0.0.$a/24 dev veth$a
addr add 10.0.0.$b/24 dev veth$b
link set veth$a mtu ${MTU:-1500} up
link set veth$b mtu ${MTU:-1500} up
rule add pref $((9 + a)) iif lo to 10.0.0.$b lookup $((99 + a))
rule add pref $((9 + b)) iif lo to 10.0.0.$a lookup $((99 + b))
route add 10.0.0.$b dev veth$a src 10.0.0.$a table $((99 + a))
route add 10.0.0.$a dev veth$b src 10.0.0.$b table $((99 + b))
neigh replace 10.0.0.$b lladdr $mac_b dev veth$a nud permanent
neigh replace 10.0.0.$a lladdr $mac_a dev veth$b nud permanent
IP
	rdma link add "rxe$a" type rxe netdev "veth$a"
	rdma link add "rxe$b" type rxe netdev "veth$b"
	"$here/guest-rxe-wait.sh" "rxe$a" "rxe$b"
}
