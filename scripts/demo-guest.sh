#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of scripts/demo.sh: two Soft-RoCE devices on a veth pair in
# one guest (10.0.0.1 on veth1/rxe1, 10.0.0.2 on veth2/rxe2), our module,
# and SMC-R connections between the two addresses.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kmod=$top/build/kmod/$(uname -r)/net/smc
tools=$top/build/tools
tests=$top/build/selftests/smc
xfer=$tests/smcxfer
nl=$tests/smc_nl

step() { printf '\n== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

sysctl -qw net.ipv4.tcp_syncookies=0
case $(uname -r) in
6.1.*)
	# 6.1's own rxe lacks two fixes SMC-R needs: the test bed's build
	export RXE_KO=$top/build/vm/rxe/$(uname -r)/rdma_rxe.ko
	;;
esac

step "Soft-RoCE: rxe1 on veth1 (10.0.0.1), rxe2 on veth2 (10.0.0.2)"
"$top/selftests/vm/guest-veth-rxe.sh" >/dev/null || exit 1
run rdma link show

step "load our modules (after the RDMA core)"
run modprobe ib_core
run insmod "$kmod/smc.ko"
run insmod "$kmod/smc_diag.ko"
dmesg | grep 'smc:' | tail -n 3

step "SMC-Rv2 needs a UEID (the SMC_GEN_NETLINK family, as smc-tools' 'smcr ueid add')"
run "$nl" ueid add DEMO
run "$nl" ueid show

step "an AF_SMC server on 10.0.0.2, and an unmodified python3 made an AF_SMC client by smc_run"
"$xfer" -s -f smc -B 10.0.0.2 -p 5000 >/dev/null 2>&1 &
server=$!
sleep 0.5
"$tools/smc_run" python3 -c "
import socket, time
s = socket.create_connection(('10.0.0.2', 5000), source_address=('10.0.0.1', 0))
print('python3: connected from %s:%d' % s.getsockname())
time.sleep(6)
" &
client=$!
sleep 3

step "the connection as smcss sees it: mode SMCR on both ends"
run "$tools/smcss" -a
step "its link group and RDMA link (smcss -R)"
run "$tools/smcss" -R
step "the link groups over netlink (GET_LGR_SMCR / GET_LINK_SMCR)"
run "$nl" lgr

wait $client
kill $server
wait $server 2>/dev/null

step "64 MiB each way over SMC-R, verified by hash; both ends must be SMCR"
"$xfer" -s -f smc -B 10.0.0.2 -p 5001 -N 1 >/dev/null 2>&1 &
sleep 0.3
run "$xfer" -c 10.0.0.2 -B 10.0.0.1 -p 5001 -f smc --bytes 64m \
	--down-bytes 64m -v --expect-client SMCR --expect-server SMCR
wait

step "a peer without SMC (plain TCP server): the client silently stays TCP"
"$xfer" -s -f tcp -B 10.0.0.2 -p 5002 -N 1 >/dev/null 2>&1 &
sleep 0.3
run "$xfer" -c 10.0.0.2 -B 10.0.0.1 -p 5002 -f smc --bytes 1m -v \
	--expect-client 'TCP 0x03010000'
wait

step "unload"
sleep 1
run rmmod smc_diag smc
