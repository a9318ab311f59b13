# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Part "outside" of suite_smcr.sh (sourced; uses its helpers and settings,
# and fault_verdicts of part_faults.sh): faults that come from outside the
# module, while connections run, with TEST LINK at 5 s:
# - OUTSIDE_FLAPS (default 2) link flaps in a loop: veth2 down/up and
#   rdma link delete/add of rxe2, each after an rmmod smc attempt (it
#   must fail while sockets exist);
# - ip netns del of a namespace with SMC-R traffic, whose processes are
#   then killed;
# - a hostile unprivileged user opening and closing OUTSIDE_HOSTILE_CONNS
#   connections (default 300; `make soak` runs 10000, on the debug
#   kernel 1000) with random values
#   of every socket option and a TCP_DEFER_ACCEPT listener
#   (selftests/smc/hostile_churn.c);
# - a network that drops every RDMA packet of a connection whose ends are
#   non-blocking (stuck_link.py), TEST LINK off: no call may wait for the
#   send slots that never free up, the stuck send queue must end the
#   connection by itself.
# OUTSIDE_STEPS (default "flaps netns hostile stuck") selects steps.
# Every connection must end verified, as a fallback with a cause code or
# with an errno, none may stall for OUTSIDE_STALL_S (smcxfer's no-progress
# timeout), no SMC socket may be left, SMC-R must work afterwards and the
# module must unload.  The load: a churning client (OUTSIDE_CHURN
# connections of 64 KiB per run, default 8) and a bulk one (2 x
# OUTSIDE_BULK each way per run, default 2m).  The default sizes keep the
# part at about a minute under TCG.  The peer killed mid-transfer needs two
# guests: selftests/vm/peer-kill.sh.

OUTSIDE_FLAPS=${OUTSIDE_FLAPS:-2}
OUTSIDE_HOSTILE_CONNS=${OUTSIDE_HOSTILE_CONNS:-300}
OUTSIDE_CHURN=${OUTSIDE_CHURN:-8}
OUTSIDE_BULK=${OUTSIDE_BULK:-2m}
OUTSIDE_STALL_S=${OUTSIDE_STALL_S:-30}
OUTSIDE_DIR=/tmp/outside

# outside_client_loop LOG [ARG]...: smcxfer clients one after the other
# (each ARGs) until $OUTSIDE_DIR/stop exists; each run's status goes to LOG
# as "rc N" after its output
outside_client_loop() {
	local log=$1
	shift
	while [ ! -e $OUTSIDE_DIR/stop ]; do
		"$XFER" -c $SRV -B $CLNT -p $PORT -f smc -v \
			--timeout "$OUTSIDE_STALL_S" "$@" >>"$log" 2>&1
		echo "rc $?" >>"$log"
	done
}

# outside_load_start NAME [NETNS]: a server, a churning client loop and a
# bulk loop; sets OUTSIDE_PIDS
outside_load_start() {
	local name=$1 pfx=$OUTSIDE_DIR/$1 run=()
	[ -z "${2:-}" ] || run=(ip netns exec "$2")
	rm -f $OUTSIDE_DIR/stop "$pfx"-*.log
	"${run[@]}" "$XFER" -s -f smc -B $SRV -p $PORT >"$pfx-server.log" 2>&1 &
	OUTSIDE_PIDS=$!
	if [ -n "${2:-}" ]; then
		sleep 1
	else
		wait_listen $PORT
	fi
	"${run[@]}" bash -c "$(declare -f outside_client_loop); $(declare -p XFER SRV CLNT PORT OUTSIDE_STALL_S OUTSIDE_DIR); outside_client_loop \"\$@\"" _ \
		"$pfx-churn.log" --conns "$OUTSIDE_CHURN" --parallel 4 --bytes 64k &
	OUTSIDE_PIDS="$OUTSIDE_PIDS $!"
	"${run[@]}" bash -c "$(declare -f outside_client_loop); $(declare -p XFER SRV CLNT PORT OUTSIDE_STALL_S OUTSIDE_DIR); outside_client_loop \"\$@\"" _ \
		"$pfx-bulk.log" --conns 2 --parallel 2 --bytes "$OUTSIDE_BULK" &
	OUTSIDE_PIDS="$OUTSIDE_PIDS $!"
}

# outside_load_stop: the client loops finish their current runs (bounded
# by their no-progress timeout), then the server goes
outside_load_stop() {
	local pids
	read -ra pids <<<"$OUTSIDE_PIDS"
	: >$OUTSIDE_DIR/stop
	wait "${pids[@]:1}"
	kill "${pids[0]}" 2>/dev/null
	wait "${pids[0]}" 2>/dev/null
}

# outside_load_check NAME [EXTRA]: the verdicts of outside_load NAME's
# logs; connection lines matching the extended regexp EXTRA are fine too
outside_load_check() {
	local name=$1 extra=${2:-^$} pfx=$OUTSIDE_DIR/$1 log runs sums bad

	for log in churn bulk; do
		runs=$(grep -c '^rc ' "$pfx-$log.log")
		sums=$(grep -c '^smcxfer: [0-9]* connections' "$pfx-$log.log")
		echo "# $name $log: $runs client runs; $(grep '^smcxfer: [0-9]* connections' "$pfx-$log.log" | tail -n 1)"
		check "outside: $name, $log: every client run finished ($sums of $runs)" \
			test "$runs" -gt 0 -a "$sums" = "$runs"
		check "outside: $name, $log: no connection stalled for ${OUTSIDE_STALL_S} s" \
			bash -c '! grep "no progress for" "$0"' "$pfx-$log.log"
	done
	check "outside: $name: connections were verified over SMC-R meanwhile" \
		grep -q ' ok, client SMCR' "$pfx-churn.log" "$pfx-bulk.log"
	bad=$(cat "$pfx-churn.log" "$pfx-bulk.log" "$pfx-server.log" |
	      grep -vE -e "$extra" | fault_verdicts)
	if [ -z "$bad" ]; then
		pass "outside: $name: every connection verified, fell back with a cause code or got an errno"
	else
		fail "outside: $name: every connection verified, fell back with a cause code or got an errno"
		printf '%s\n' "$bad" | sed 's/^/#   /'
	fi
}

# outside_no_sockets NAME [SECONDS]: no SMC socket of the part's ports is
# left within SECONDS (default 15)
outside_no_sockets() {
	no_smc_sockets "outside: $1" "($PORT|$((PORT + 1)))" "${2:-15}"
}

# no_smc_sockets LABEL PORTS SECONDS: no SMC socket whose port matches the
# extended regexp PORTS is left within SECONDS (check "LABEL: ...")
no_smc_sockets() {
	local i n
	for ((i = 0; i < $3 * 5; i++)); do
		n=$("$TOOLS/smcss" -a | grep -cE ":$2 ")
		[ "$n" = 0 ] && break
		sleep 0.2
	done
	check "$1: no SMC socket is left ($n after $((i / 5)) s)" \
		test "$n" = 0
}

outside_rxe_up() {
	"$TOP/selftests/vm/guest-rxe-wait.sh" rxe1 rxe2 >/dev/null 2>&1
}

# outside_flap N: flap N (odd: veth2 down and up again, restoring what
# the link takes with it, as the fail part does; even: rdma link
# delete/add rxe2), bounded so that a hang shows
outside_flap() {
	if [ $(($1 % 2)) = 1 ]; then
		ip link set veth2 down
		sleep 1
		ip link set veth2 up
		ip route replace 10.0.0.1 dev veth2 src 10.0.0.2 table 101
		ip neigh replace 10.0.0.1 lladdr "$(cat /sys/class/net/veth1/address)" \
			dev veth2 nud permanent
	else
		timeout 60 rdma link delete rxe2 || return 1
		sleep 1
		rdma link add rxe2 type rxe netdev veth2 || return 1
		[ -z "${NEED_PNET:-}" ] ||
			"$NL" pnet add NET2 ib rxe2 1 >/dev/null 2>&1
	fi
	outside_rxe_up
}

# outside_flaps: link flaps in a loop during transfers, before each an
# rmmod smc attempt (smc_diag unloaded, so that only the sockets hold smc)
outside_flaps() {
	local i ok=0 refused=0
	check "outside: reload with net.smc.smcr_testlink_time=5" reload_testlink
	outside_load_start flaps
	# SMC-R connections first (then the server loses its sock_diag view)
	for ((i = 0; i < 100; i++)); do
		grep -q ' ok, client SMCR' $OUTSIDE_DIR/flaps-churn.log && break
		sleep 0.2
	done
	rmmod smc_diag
	for ((i = 1; i <= OUTSIDE_FLAPS; i++)); do
		sleep 2
		rmmod smc 2>/dev/null || refused=$((refused + 1))
		outside_flap $i && ok=$((ok + 1))
	done
	sleep 1
	check "outside: flaps: $OUTSIDE_FLAPS link flaps during transfers (veth2 down/up, rdma link delete/add rxe2), none hung" \
		test $ok = "$OUTSIDE_FLAPS"
	check "outside: unload: $OUTSIDE_FLAPS rmmod smc attempts under load are refused" \
		test $refused = "$OUTSIDE_FLAPS"
	outside_load_stop
	# without smc_diag the server cannot say the connection's mode
	outside_load_check flaps ' ok, mode \(no sock_diag entry\)'
	outside_no_sockets flaps
	check "outside: unload: smc_diag loads again" \
		insmod "$KMOD/smc_diag.ko"
	xfer "outside: flaps: afterwards SMC-R works" --bytes 1m
	check "outside: unload: the module unloads once the load is over" \
		unload_smc_wait
	check "outside: unload: and loads again" load_smc
	configure && sysctl -qw net.smc.smcr_testlink_time=5
}

# outside_netns: load in a namespace (part_robust.sh's), ip netns del,
# then its processes are killed: the namespace goes with its link groups
outside_netns() {
	local ns=smcoutside ref pids p t=$SECONDS
	# (fresh link groups: outside_flaps reloaded the module)
	if ! robust_netns_setup $ns; then
		fail "outside: netns: set up namespace $ns"
		return
	fi
	# a process that stays in the namespace, to find the others by
	# (test -ef, a builtin: a stat(1) per process takes a minute here)
	ip netns exec $ns sleep 600 &
	ref=$!
	outside_load_start netns $ns
	sleep 4
	echo "# netns: load running after $((SECONDS - t)) s"
	check "outside: netns: ip netns del under load" ip netns del $ns
	sleep 2
	pids=
	for p in /proc/[0-9]*; do
		[ "$p/ns/net" -ef "/proc/$ref/ns/net" ] && pids="$pids ${p#/proc/}"
	done
	echo "# processes left in the deleted namespace:$pids"
	check "outside: netns: its SMC-R traffic was running" \
		test "$(cat $OUTSIDE_DIR/netns-churn.log | grep -c ' ok, client SMCR')" -gt 0
	# shellcheck disable=SC2086
	[ -z "$pids" ] || kill -9 $pids
	# shellcheck disable=SC2086
	wait $OUTSIDE_PIDS $ref 2>/dev/null
	echo "# netns: its processes killed after $((SECONDS - t)) s"
	check "outside: netns: its link groups end within 15 s" robust_links_zero
	echo "# netns: link groups checked after $((SECONDS - t)) s"
	outside_no_sockets netns
	xfer "outside: netns: afterwards SMC-R works in the initial namespace" \
		--bytes 1m
}

outside_hostile() {
	local log=$OUTSIDE_DIR/hostile.log rc start
	start=$SECONDS
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$TESTS/hostile_churn" -c $CLNT -s $SRV -p $PORT \
		-n "$OUTSIDE_HOSTILE_CONNS" -P 32 -S "$RANDOM" \
		-t $((60 + OUTSIDE_HOSTILE_CONNS / 5)) >"$log" 2>&1
	rc=$?
	sed 's/^/# /' "$log" | tail -n 5
	check "outside: hostile user (uid 65534): $OUTSIDE_HOSTILE_CONNS connections (make soak: 10000, 1000 on the debug kernel) with random socket options and TCP_DEFER_ACCEPT, no call hangs ($((SECONDS - start)) s)" \
		test $rc = 0
	outside_no_sockets hostile 30
	xfer "outside: hostile user: afterwards SMC-R works" --bytes 1m
}

# outside_blackhole add|del: every packet leaving the veth pair dropped,
# without any error the RDMA devices could see
outside_blackhole() {
	local dev
	for dev in veth1 veth2; do
		if [ "$1" = add ]; then
			tc qdisc add dev $dev clsact &&
				tc filter add dev $dev ingress matchall action drop ||
				return 1
		else
			tc qdisc del dev $dev clsact || return 1
		fi
	done
}

outside_reload_no_testlink() {
	reload_smc && sysctl -qw net.smc.smcr_testlink_time=0
}

# outside_stuck: sends that never complete.  Before, a non-blocking
# send() or recv() slept up to 10 s for a send slot (or behind the tx work
# that did, holding the socket lock), and an event loop with it.
outside_stuck() {
	local dir=$OUTSIDE_DIR/stuck pid rc out
	# a fresh link group, whose TEST LINK would end it first
	check "outside: stuck: reload with TEST LINK off" \
		outside_reload_no_testlink
	mkdir -p $dir
	"$TOOLS/smc_run" python3 "$TOP/selftests/guest/stuck_link.py" \
		$SRV $CLNT $PORT $dir >$dir/out 2>&1 &
	pid=$!
	if wait_for $dir/up 60; then
		out=$("$TOOLS/smcss" -a)
		check "outside: stuck: the connection is SMC-R" \
			grep -qE "$CLNT:[0-9]+ .* SMCR" <<<"$out"
		check "outside: stuck: RDMA packets dropped (tc matchall drop on veth1/veth2 ingress)" \
			outside_blackhole add
		: >$dir/go
	fi
	wait $pid
	rc=$?
	outside_blackhole del
	sed 's/^/# stuck: /' $dir/out
	check "outside: stuck: the connection was set up" test $rc != 3
	check "outside: stuck: no non-blocking send() or recv() took 2 s (waiting for a send slot)" \
		awk '/^max_call_s / { ok = $2 < 2 } END { exit !ok }' $dir/out
	check "outside: stuck: the stuck send queue ended the connection on both ends within 45 s" \
		test "$(grep -cE '^ended_s [a-z]+ [0-9.]+ ' $dir/out)" = 2
	check "outside: stuck: close() returned at once (under 2 s)" \
		awk '/^close_s / { ok = $2 < 2 } END { exit !ok }' $dir/out
	outside_no_sockets stuck
	sysctl -qw net.smc.smcr_testlink_time=5
	xfer "outside: stuck: afterwards SMC-R works" --bytes 1m
}

part_outside() {
	local step t
	rm -rf $OUTSIDE_DIR && mkdir -p $OUTSIDE_DIR
	for step in ${OUTSIDE_STEPS:-flaps netns hostile stuck}; do
		t=$SECONDS
		outside_$step
		echo "# outside: $step took $((SECONDS - t)) s"
	done
	check "outside: the module unloads afterwards" unload_smc_wait
	check "outside: the module loads again" load_smc
	configure
}
