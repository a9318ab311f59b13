#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of selftests/vm/soak.sh (`make soak`), run in both guests of a
# vmpair.sh pair: SOAK_MINUTES (default 30) of mixed load over SMC-R between
# A and B (rxe0 on eth0, TEST LINK every 5 s), each guest serving and
# running against the other:
# - churn: smcxfer runs of 50 connections of 64 KiB, 8 at a time;
# - bulk: smcxfer runs of 2 connections of 16 MiB each way;
# - urgent data: urgent_xfer.py runs (through smc_run) of 1.2 MiB with an
#   urgent byte every 12 KiB, the server toggling SO_OOBINLINE;
# - link flaps (B only, every SOAK_FLAP_S s, default 60): rdma link
#   delete/add rxe0 and eth0 down/up, in turn;
# - a hostile local user (A only, on rxe1/rxe2 of a veth pair): one run
#   of SOAK_HOSTILE_CONNS connections of hostile_churn (default 10000; 300
#   per minute for soaks shorter than 15 minutes; a tenth of that on the
#   debug kernel), then runs of 1000 (100) until the end.
# Every connection must end verified, as a fallback with a cause code or
# with an errno; none may stall for 60 s (smcxfer's no-progress timeout);
# afterwards a verified SMC-R transfer each way works, no SMC socket is
# left, and the module unloads.  Each guest writes its counts to
# $TB_ROOT/build/soak/$TB_ROLE.summary; soak.sh adds the kernel logs'
# verdicts and writes build/soak/summary.txt.
SUITE="soak $TB_ROLE $(uname -r)"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/part_faults.sh"
guest_setup

MINUTES=${SOAK_MINUTES:-30}
FLAP_S=${SOAK_FLAP_S:-60}
NL=$TESTS/smc_nl
XFER=$TESTS/smcxfer
PORT=5400
UPORT=5401
HPORT=5410
OUT=$TOP/build/soak
LOGS=/tmp/soak
SUMMARY=$OUT/$TB_ROLE.summary
other=$([ "$TB_ROLE" = A ] && echo B || echo A)
mkdir -p $LOGS "$OUT"
: >"$SUMMARY"

barrier() {
	touch "$TB_SYNC/$TB_ROLE.$1"
	if ! wait_for "$TB_SYNC/$other.$1" "${2:-600}"; then
		fail "guest $other got to '$1'"
		exit 1
	fi
}

# note LINE: a line of the summary (and of the output)
note() {
	echo "$*" >>"$SUMMARY"
	echo "# $*"
}

if ! "$TOP/selftests/vm/guest-rxe.sh"; then
	fail "Soft-RoCE rxe0 on eth0"
	exit 1
fi
if [ "$TB_ROLE" = A ] &&
   ! "$TOP/selftests/vm/guest-veth-rxe.sh" >/dev/null; then
	fail "Soft-RoCE rxe1/rxe2 on a veth pair"
	exit 1
fi
check "load smc.ko and smc_diag.ko" load_smc
"$NL" ueid add SOAK >/dev/null
sysctl -qw net.smc.smcr_testlink_time=5

"$XFER" -s -f smc -B "$TB_IP" -p $PORT >$LOGS/server.log 2>&1 &
srv=$!
"$TOOLS/smc_run" python3 "$TOP/selftests/guest/urgent_xfer.py" server \
	"$TB_IP" $UPORT >$LOGS/urgent-server.log 2>&1 &
usrv=$!
wait_listen $PORT
wait_listen $UPORT
barrier listening
end=$((SECONDS + MINUTES * 60))

# loop NAME COMMAND...: COMMAND again and again until the end, its output
# and "rc N" after each run in $LOGS/NAME.log
loop() {
	local name=$1
	shift
	while [ $SECONDS -lt $end ]; do
		"$@" >>"$LOGS/$name.log" 2>&1
		echo "rc $?" >>"$LOGS/$name.log"
	done
}

pids=()
loop churn "$XFER" -c "$TB_PEER_IP" -B "$TB_IP" -p $PORT -f smc -v \
	--timeout 60 --conns 50 --parallel 8 --bytes 64k &
pids+=($!)
loop bulk "$XFER" -c "$TB_PEER_IP" -B "$TB_IP" -p $PORT -f smc -v \
	--timeout 60 --conns 2 --parallel 2 --bytes 16m &
pids+=($!)
loop urgent "$TOOLS/smc_run" python3 "$TOP/selftests/guest/urgent_xfer.py" \
	client "$TB_PEER_IP" $UPORT "$TB_IP" 300 &
pids+=($!)

# The debug kernel (KASAN, lockdep, kmemleak under TCG) is about ten
# times slower: a tenth of the connections there, and a limit of 1 s per
# connection instead of 0.2 s (the first soak's 900 connections did not
# end within 240 s there).
hostile() {
	local n=${SOAK_HOSTILE_CONNS:-10000} per=5 next=1000
	[ -n "${SOAK_HOSTILE_CONNS:-}" ] || [ "$MINUTES" -ge 15 ] ||
		n=$((MINUTES * 300))
	case $(uname -r) in
	*smcdebug*)
		per=1 next=100
		[ -n "${SOAK_HOSTILE_CONNS:-}" ] || n=$((n / 10))
		;;
	esac
	while [ $SECONDS -lt $end ]; do
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$TESTS/hostile_churn" -c 10.0.0.1 -s 10.0.0.2 \
			-p $HPORT -n $n -P 32 -S $RANDOM -t $((120 + n / per))
		echo "rc $?"
		n=$next
	done >>$LOGS/hostile.log 2>&1
}

flaps() {
	local i=0 rc
	while [ $((SECONDS + FLAP_S)) -lt $end ]; do
		sleep "$FLAP_S"
		i=$((i + 1))
		if [ $((i % 2)) = 1 ]; then
			timeout 60 rdma link delete rxe0 &&
				sleep 2 &&
				rdma link add rxe0 type rxe netdev eth0
			rc=$?
		else
			ip link set eth0 down && sleep 2 && ip link set eth0 up
			rc=$?
		fi
		"$TOP/selftests/vm/guest-rxe-wait.sh" rxe0 >/dev/null 2>&1 ||
			rc=1
		echo "flap $i rc $rc"
	done >>$LOGS/flaps.log 2>&1
}

if [ "$TB_ROLE" = A ]; then
	hostile &
else
	flaps &
fi
pids+=($!)
wait "${pids[@]}"
barrier loads-done 900

# count NAME: "runs R (status 0: Z), connections C (ok O, failed F)"
count() {
	local log=$LOGS/$1.log
	[ -f "$log" ] || return
	awk '/^rc /{r++; if ($2 == 0) z++}
	     /^smcxfer: [0-9]+ connections/{c += $2; o += $4; f += $6}
	     END {printf "runs %d (status 0: %d), connections %d (ok %d, failed %d)\n", r, z, c, o, f}' "$log"
}

note "guest $TB_ROLE, kernel $(uname -r), $MINUTES minutes"
for l in churn bulk; do
	note "$l: $(count $l)"
done
note "urgent: runs $(grep -c '^rc ' $LOGS/urgent.log), ok $(grep -c '^urgent_xfer: ok' $LOGS/urgent.log), errors $(grep -c '^urgent_xfer: error' $LOGS/urgent.log), FAILED $(grep -c '^urgent_xfer: FAILED' $LOGS/urgent.log)"
if [ "$TB_ROLE" = A ]; then
	note "hostile: runs $(grep -c '^rc ' $LOGS/hostile.log), status 0: $(grep -c '^rc 0$' $LOGS/hostile.log), connections $(awk '/^hostile_churn: [0-9]+ connections in/{c += $2} END {print c + 0}' $LOGS/hostile.log)"
	grep '^hostile_churn: [0-9]* connections in' $LOGS/hostile.log |
		head -n 1 | sed 's/^/# first: /'
else
	note "flaps: $(grep -c '^flap ' $LOGS/flaps.log), failed $(grep -c '^flap .* rc [^0]' $LOGS/flaps.log)"
fi

# the guest's logs, for the summary's reader
mkdir -p "$OUT/$TB_ROLE-logs" && cp $LOGS/*.log "$OUT/$TB_ROLE-logs/"
tail -n 3 $LOGS/hostile.log 2>/dev/null | sed 's/^/# hostile: /'
stalls=$(cat $LOGS/churn.log $LOGS/bulk.log | grep -c 'no progress for')
bad=$(cat $LOGS/churn.log $LOGS/bulk.log $LOGS/server.log | fault_verdicts)
note "stalled connections: $stalls; connections with an unacceptable end: $(printf '%s' "$bad" | grep -c .)"
# a non-blocking call that blocked stalls every connection of its process
note "calls that held up an smcxfer event loop for 2 s or more: $(cat $LOGS/*.log | awk '/^smcxfer: note: / { n++; s = $(NF - 1); if (s > m) m = s } END { printf "%d (longest %.1f s)", n, m }')"
check "soak: every churn and bulk run finished" \
	test "$(cat $LOGS/churn.log $LOGS/bulk.log | grep -c '^rc ')" = \
	"$(cat $LOGS/churn.log $LOGS/bulk.log | grep -c '^smcxfer: [0-9]* connections')"
check "soak: connections were verified over SMC-R" \
	grep -q ' ok, client SMCR' $LOGS/churn.log $LOGS/bulk.log
check "soak: no connection stalled for 60 s" test "$stalls" = 0
if [ -z "$bad" ]; then
	pass "soak: every connection verified, fell back with a cause code or got an errno"
else
	fail "soak: every connection verified, fell back with a cause code or got an errno"
	printf '%s\n' "$bad" | sed 's/^/#   /'
fi
check "soak: urgent data: no run broke ordinary <= received <= ordinary + 2 x urgent" \
	bash -c '! grep -q "^urgent_xfer: FAILED" "$0"' $LOGS/urgent.log
check "soak: urgent data: some runs completed" \
	grep -q '^urgent_xfer: ok' $LOGS/urgent.log
if [ "$TB_ROLE" = A ]; then
	check "soak: hostile user: every run ended in time with its final connection through TCP_DEFER_ACCEPT" \
		bash -c '! grep -q "^rc [^0]" "$0" && grep -q "^rc 0" "$0"' $LOGS/hostile.log
else
	check "soak: every link flap came back" \
		bash -c '! grep -q "^flap .* rc [^0]" "$0"' $LOGS/flaps.log
fi

# afterwards: a verified SMC-R transfer each way, A's first
"$TOP/selftests/vm/guest-rxe-wait.sh" rxe0 >/dev/null 2>&1
final() {
	"$XFER" -c "$TB_PEER_IP" -B "$TB_IP" -p $PORT -f smc --timeout 60 \
		--bytes 16m --down-bytes 16m --expect-client SMCR \
		--expect-server SMCR >/dev/null
}
[ "$TB_ROLE" = A ] || barrier final-a
final
rc=$?
check "soak: afterwards 16 MiB each way over SMC-R, verified" test $rc = 0
note "final SMC-R transfer to $other: status $rc"
[ "$TB_ROLE" = B ] || barrier final-a
barrier final-b
kill $srv $usrv 2>/dev/null
wait $srv $usrv 2>/dev/null
sleep 2
n=$("$TOOLS/smcss" -a | grep -cE ":($PORT|$UPORT|$HPORT) ")
check "soak: no SMC socket is left ($n)" test "$n" = 0
check "soak: the module unloads afterwards" unload_smc_wait
note "module unloaded: $([ -d /sys/module/smc ] && echo no || echo yes)"
