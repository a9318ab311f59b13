#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of scripts/demo.sh.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kmod=$top/build/kmod/$(uname -r)/net/smc
tools=$top/build/tools
xfer=$top/build/selftests/smc/smcxfer

step() { printf '\n== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

step "load our modules"
run insmod "$kmod/smc.ko"
run insmod "$kmod/smc_diag.ko"
dmesg | grep -i 'smc' | tail -n 2

step "an AF_SMC server, and an unmodified program (python3) made an AF_SMC client by smc_run"
"$xfer" -s -f smc -p 5000 >/dev/null 2>&1 &
server=$!
sleep 0.5
"$tools/smc_run" python3 -c "
import socket, time
s = socket.create_connection(('127.0.0.1', 5000))
print('python3: connected from %s:%d' % s.getsockname())
time.sleep(6)
" &
client=$!
sleep 2

step "the connection as smcss sees it: no RDMA device here, so SMC fell back to TCP"
run "$tools/smcss" -a
step "why, in the words of the cause table"
run "$tools/smcss" --explain | sed -n '/^0x/,$p'

wait $client
kill $server
wait $server 2>/dev/null

step "data across AF_SMC sockets, verified by hash"
"$xfer" -s -f smc -p 5001 -N 1 >/dev/null 2>&1 &
sleep 0.3
run "$xfer" -c 127.0.0.1 -p 5001 -f smc --bytes 64m --down-bytes 64m -v \
	--expect-client 'TCP 0x03030000' \
	--expect-server 'TCP 0x05000000/0x03030000'
wait

step "unload"
run rmmod smc_diag smc
