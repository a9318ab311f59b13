#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the interoperability suite, run in both guests of a pair
# (selftests/vm/vmpair.sh): suite_interop.sh ours|intree
#
# Each guest serves on two ports, an AF_SMC and a plain TCP one, then runs
# its clients against the other guest.  Neither guest has an RDMA device, so
# SMC must end in the same fallback codes whichever implementation runs on
# either side: with both running Linux's module (the baseline pair) the
# very same expectations hold.
impl=$1
SUITE="interop $TB_ROLE=$impl"
. "$(dirname "$0")/lib.sh"
guest_setup

SMC_PORT=8001
TCP_PORT=8002
XFER=$TESTS/smcxfer

"$TOP/selftests/vm/guest-net.sh" || { fail "network"; exit 1; }
if [ "$impl" = ours ]; then
	check "load our smc.ko and smc_diag.ko" load_smc
else
	check "load Linux's smc and smc_diag" \
		bash -c 'modprobe smc && modprobe smc_diag'
fi

"$XFER" -s -f smc -B "$TB_IP" -p $SMC_PORT >/dev/null 2>&1 &
smc_srv=$!
"$XFER" -s -f tcp -B "$TB_IP" -p $TCP_PORT >/dev/null 2>&1 &
tcp_srv=$!
sleep 0.5
touch "$TB_SYNC/$TB_ROLE.ready"
other=$([ "$TB_ROLE" = A ] && echo B || echo A)
if ! wait_for "$TB_SYNC/$other.ready" 120; then
	fail "the other guest came up"
	exit 1
fi

# xfer NAME ARGS...: one client run against the other guest
xfer() {
	local name=$1
	shift
	check "$name" "$XFER" -c "$TB_PEER_IP" --timeout 60 "$@"
}

xfer "AF_SMC client to AF_SMC server: client TCP 0x03030000, server TCP 0x05000000/0x03030000, 16 MiB each way" \
	-p $SMC_PORT -f smc --bytes 16m --down-bytes 16m \
	--expect-client 'TCP 0x03030000' \
	--expect-server 'TCP 0x05000000/0x03030000'
xfer "AF_SMC client to TCP server: client TCP 0x03010000" \
	-p $TCP_PORT -f smc --bytes 1m --expect-client 'TCP 0x03010000'
xfer "TCP client to AF_SMC server: server TCP 0x03010000" \
	-p $SMC_PORT -f tcp --bytes 1m --expect-server 'TCP 0x03010000'
xfer "20 AF_SMC connections, 5 at a time" \
	-p $SMC_PORT -f smc --bytes 64k --conns 20 --parallel 5 \
	--expect-client 'TCP 0x03030000' \
	--expect-server 'TCP 0x05000000/0x03030000'

touch "$TB_SYNC/$TB_ROLE.done"
wait_for "$TB_SYNC/$other.done" 300 || fail "the other guest finished"
kill $smc_srv $tcp_srv 2>/dev/null
wait 2>/dev/null
if [ "$impl" = ours ]; then
	sleep 0.5
	check "unload our modules" unload_smc
fi
