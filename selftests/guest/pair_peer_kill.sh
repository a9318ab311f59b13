#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of selftests/vm/peer-kill.sh, run in both guests of a
# vmpair.sh pair: the host kills guest B's QEMU while SMC-R transfers run
# both ways between A and B (each guest serves and sends, 1 GiB each way,
# over rxe0 on eth0, TEST LINK every PEERKILL_TESTLINK s, default 5).
#
# B sets up, serves, sends, and once its transfer is under way writes
# $TB_SYNC/B.running and waits to be killed.  A, the survivor, checks that
# after B is gone ($TB_SYNC/B.exit, written by vmpair.sh):
# - its client transfer to B ends with an error within PEERKILL_LIMIT s
#   (default 30; smcxfer's no-progress timeout is 60 s);
# - no SMC connection and no link group to B is left within that time;
# - SMC-R still works: rxe1/rxe2 on a veth pair (guest-veth-rxe.sh) carry a
#   verified transfer with the same module instance;
# - the module unloads.
# The kernel log of A is checked by vmrun.sh/peer-kill.sh.
SUITE="peer-kill $TB_ROLE $(uname -r)"
. "$(dirname "$0")/lib.sh"
guest_setup

NL=$TESTS/smc_nl
XFER=$TESTS/smcxfer
PORT=5300
TESTLINK=${PEERKILL_TESTLINK:-5}
LIMIT=${PEERKILL_LIMIT:-30}
other=$([ "$TB_ROLE" = A ] && echo B || echo A)

if ! "$TOP/selftests/vm/guest-rxe.sh"; then
	fail "Soft-RoCE rxe0 on eth0"
	exit 1
fi
check "load smc.ko and smc_diag.ko" load_smc
"$NL" ueid add PEERKILL >/dev/null
sysctl -qw net.smc.smcr_testlink_time="$TESTLINK"

"$XFER" -s -f smc -B "$TB_IP" -p $PORT -v >/tmp/server.log 2>&1 &
srv=$!
wait_listen $PORT
touch "$TB_SYNC/$TB_ROLE.listening"
if ! wait_for "$TB_SYNC/$other.listening" 300; then
	fail "guest $other is listening"
	exit 1
fi
"$XFER" -c "$TB_PEER_IP" -B "$TB_IP" -p $PORT -f smc --timeout 60 -v \
	--bytes 1g --down-bytes 1g --expect-client SMCR --expect-server SMCR \
	>/tmp/client.log 2>&1 &
cli=$!

# smcr_conns: this guest's SMC-R connections on PORT (smcss shows the
# listener as SMCR too)
smcr_conns() {
	"$TOOLS/smcss" -a | grep -E ":$PORT " | grep -v LISTEN | grep -c SMCR
}

# both transfers under way: two SMC-R connections with data moving
running() {
	local i
	for ((i = 0; i < 600; i++)); do
		[ "$(smcr_conns)" -ge 2 ] && return 0
		sleep 0.2
	done
	return 1
}

if [ "$TB_ROLE" = B ]; then
	running
	sleep 2
	touch "$TB_SYNC/B.running"
	# the host kills this guest now; should it not, the pair fails here
	sleep 300
	fail "the host killed guest B"
	exit 1
fi

check "A: SMC-R connections both ways with B" running
touch "$TB_SYNC/A.running"
if ! wait_for "$TB_SYNC/B.exit" 300; then
	fail "A: guest B was killed"
	exit 1
fi
start=$SECONDS
echo "# B is gone (vmrun status $(cat "$TB_SYNC/B.exit"))"
wait $cli
rc=$?
took=$((SECONDS - start))
tail -n 3 /tmp/client.log | sed 's/^/# client: /'
check "A: its transfer to the killed peer ends with an error within $LIMIT s ($took s)" \
	test $rc != 0 -a $took -lt "$LIMIT"
check "A: no connection stalled until smcxfer's 60 s no-progress timeout" \
	bash -c '! grep -q "no progress for" /tmp/client.log'
while :; do
	n=$(smcr_conns)
	g=$("$NL" lgr | grep -c '^lgr ')
	[ "$n" = 0 ] && [ "$g" = 0 ] && break
	[ $((SECONDS - start)) -lt "$LIMIT" ] || break
	sleep 0.5
done
echo "# $((SECONDS - start)) s after B died: $n SMC-R connections, $g link groups"
"$NL" lgr | sed 's/^/# lgr: /'
"$TOOLS/smcss" -a | sed 's/^/# smcss: /'
grep -E '^smcxfer: (connection|served)' /tmp/server.log | tail -n 3 |
	sed 's/^/# server: /'
check "A: no SMC-R connection is left within $LIMIT s" test "$n" = 0
check "A: no link group to B is left within $LIMIT s" test "$g" = 0
kill $srv 2>/dev/null
wait $srv 2>/dev/null

if "$TOP/selftests/vm/guest-veth-rxe.sh" >/dev/null; then
	"$XFER" -s -f smc -B 10.0.0.2 -p $PORT -N 1 >/dev/null 2>&1 &
	srv=$!
	wait_listen $PORT
	"$XFER" -c 10.0.0.2 -B 10.0.0.1 -p $PORT -f smc --timeout 60 \
		--bytes 8m --expect-client SMCR --expect-server SMCR
	check "A: afterwards SMC-R works (rxe1/rxe2 on a veth pair, 8 MiB verified)" \
		test $? = 0
	wait $srv
else
	fail "A: Soft-RoCE on a veth pair afterwards"
fi

for ((i = 0; i < 60; i++)); do
	unload_smc 2>/dev/null && break
	sleep 1
done
check "A: the module unloads afterwards" test ! -d /sys/module/smc
