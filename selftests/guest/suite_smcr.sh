#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side, one guest: SMC-R between two Soft-RoCE devices of one guest
# (veth1/rxe1 10.0.0.1 and veth2/rxe2 10.0.0.2, policy-routed across the
# pair), our module on both ends.
#
#   suite_smcr.sh [part...]    parts: api data lgr close fail control
#                              smc_chk tcp2smc trace rsvd_ports siw_oob siw_smcr
#                              policy mapped robust capture outside links v1
#                              (default all), faults (debug kernel only, not
#                              in the default), links_intree (Linux's module
#                              on both ends, needs vmrun.sh -I; not in the
#                              default), links_more (the links part's last
#                              failovers alone; not in the default)
#
# SMCR_API_BULK_MB, SMCR_DATA_BYTES and SMCR_ECHO_BYTES (smcxfer sizes,
# e.g. 16m) shrink the api and data parts' transfers: the debug kernel
# (run_tests.sh -s debug) is many times slower.  SMCR_LINKS_FAILOVER=0
# turns the module's failover off for the links part's failover test, a
# one-off run that shows that test failing without it.
#
# The test bed's own rdma_rxe.ko (selftests/vm/rxe/build-rxe.sh, in
# build/vm/rxe/<kver>/) is used on 6.1, whose stock rxe lacks two fixes, and
# for the v1 part on both kernels: only it offers RoCE v1 GIDs.
SUITE="smcr $(uname -r)"
. "$(dirname "$0")/lib.sh"
for part in smc_chk tcp2smc trace rsvd_ports siw_oob siw_smcr policy mapped robust \
	    faults outside links capture; do
	. "$(dirname "$0")/part_$part.sh"
done
guest_setup

PARTS=${*:-api data lgr close fail control smc_chk tcp2smc trace rsvd_ports siw_oob siw_smcr policy mapped robust capture outside links v1}
NL=$TESTS/smc_nl
XFER=$TESTS/smcxfer
CLNT=10.0.0.1
SRV=10.0.0.2
PORT=5100
UEID=SMCRSUITE

want() { [[ " $PARTS " == *" $1 "* ]]; }

# part NAME: like want, and the time the previous selected part took is
# printed, so the run's slow parts are known
part_name= part_start=
part() {
	want "$1" || return 1
	part_end
	part_name=$1 part_start=$SECONDS
}
part_end() {
	[ -n "$part_name" ] &&
		echo "# part $part_name took $((SECONDS - part_start)) s"
	part_name=
}

# Configuration the module forgets when it is unloaded.  6.1's rxe does not
# report its netdev: PNET IDs tie each veth to its rxe; on 6.12 the GID
# table's netdevs do, without any.
configure() {
	"$NL" ueid add "$UEID" >/dev/null || return 1
	if [ -n "${NEED_PNET:-}" ]; then
		"$NL" pnet add NET1 eth veth1 ib rxe1 1 >/dev/null &&
			"$NL" pnet add NET2 eth veth2 ib rxe2 1 >/dev/null
	fi
}

reload_smc() {
	unload_smc && load_smc && configure
}

# lgr_lines ROLE: the link groups of one role
lgr_lines() { "$NL" lgr | grep "^lgr .* role $1 "; }

# xfer NAME CLIENT-ARGS...: one verified transfer to a fresh server
xfer() {
	local name=$1 srv rc
	shift
	"$XFER" -s -f smc -B $SRV -p $PORT >/dev/null 2>&1 &
	srv=$!
	wait_listen $PORT
	"$XFER" -c $SRV -B $CLNT -p $PORT -f smc --timeout 300 \
		--expect-client SMCR --expect-server SMCR "$@"
	rc=$?
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	check "$name" test $rc = 0
}

K=$(uname -r)
TB_RXE=$TOP/build/vm/rxe/$K/rdma_rxe.ko
[ -f "$TB_RXE" ] || TB_RXE=
case $K in
6.1.*)
	NEED_PNET=1
	if [ -z "$TB_RXE" ]; then
		skip "SMC-R on $K" "no test-bed rdma_rxe.ko in build/vm/rxe/$K"
		exit 0
	fi
	export RXE_KO=$TB_RXE
	;;
esac

if ! "$TOP/selftests/vm/guest-veth-rxe.sh"; then
	fail "Soft-RoCE on a veth pair"
	exit 1
fi
check "load smc.ko and smc_diag.ko" load_smc
check "a UEID${NEED_PNET:+ and PNET IDs} configured" configure
check "both RDMA devices are known to smc" \
	bash -c 'dmesg | grep -q "smc: adding ib device rxe1" &&
		 dmesg | grep -q "smc: adding ib device rxe2"'

export SMCTEST_SERVER_ADDR=$SRV SMCTEST_CLIENT_ADDR=$CLNT

if part api; then
	# the socket API suite, every connection over SMC-R this time (its bulk
	# transfer with 64 MiB: the data part below moves the large amounts)
	SMCTEST_EXPECT_CLIENT=SMCR SMCTEST_EXPECT_SERVER=SMCR \
		SMCTEST_BULK_MB=${SMCR_API_BULK_MB:-64} \
		"$TESTS/run.sh" -q -f smc | tap_to_results "SMC-R "

	# connect() again after an SMC-R attempt that a raw CLC peer reset
	# after its ACCEPT (clc_reconnect: tb_synsmc.ko gives the peer's TCP
	# socket the SMC option); an out-of-sync DECLINE (clc_out_of_sync)
	SYNSMC=$TOP/build/vm/synsmc/$K/tb_synsmc.ko
	if [ ! -f "$SYNSMC" ]; then
		skip "clc_reconnect" "no $SYNSMC: run selftests/vm/synsmc/build.sh"
	elif ! insmod "$SYNSMC"; then
		fail "load tb_synsmc.ko"
	else
		run_tap clc_reconnect "$TESTS/clc_reconnect" -f smc
		# a DECLINE with the out-of-sync flag ends the link group
		# that the declined connection was put in
		run_tap clc_out_of_sync "$TESTS/clc_out_of_sync" -f smc
		# a CLC answer after the client's wait must not become data
		run_tap clc_late_accept "$TESTS/clc_late_accept" -f smc
		sleep 0.5
		check "unload tb_synsmc.ko" rmmod tb_synsmc
	fi
fi

if part data; then
	# 1 GiB on the main kernel; 256 MiB on 6.1 keeps the run in CI's time
	case $(uname -r) in
	6.1.*) big=256m what="256 MiB" ;;
	*) big=1g what="1 GiB" ;;
	esac
	if [ -n "${SMCR_DATA_BYTES:-}" ]; then
		big=$SMCR_DATA_BYTES what=$SMCR_DATA_BYTES
	fi
	echo_bytes=${SMCR_ECHO_BYTES:-64m}
	echo_what=${SMCR_ECHO_BYTES:-64 MiB}
	xfer "$what each way over SMC-Rv2, verified by hash" \
		--bytes $big --down-bytes $big
	xfer "echo: $echo_what sent back by the server, verified" \
		--bytes "$echo_bytes" --echo
fi

# conc_100: 100 concurrent verified SMC-R connections of 1 MiB to a
# running server, sampling the client's link groups meanwhile; sets CONC_RC
# (the client's status), CONC_MAX (most connections seen in one link group)
# and CONC_GROUPS (most link groups seen)
conc_100() {
	local cli n g

	"$XFER" -c $SRV -B $CLNT -p $PORT -f smc --timeout 300 \
		--conns 100 --parallel 100 --bytes 1m \
		--expect-client SMCR --expect-server SMCR >/tmp/conc_100.out &
	cli=$!
	CONC_MAX=0 CONC_GROUPS=0
	while kill -0 $cli 2>/dev/null; do
		n=$(lgr_lines CLNT | sed -n 's/.* conns \([0-9]*\) .*/\1/p' |
		    sort -n | tail -1)
		[ -n "$n" ] && [ "$n" -gt $CONC_MAX ] && CONC_MAX=$n
		g=$(lgr_lines CLNT | wc -l)
		[ "$g" -gt $CONC_GROUPS ] && CONC_GROUPS=$g
		sleep 0.2
	done
	wait $cli
	CONC_RC=$?
	echo "# most connections seen in the client's link group at once: $CONC_MAX"
	# what went wrong, if anything (each connection's line tells)
	[ "$CONC_RC" = 0 ] ||
		grep -E 'FAILED|connections,' /tmp/conc_100.out | head -n 20 |
			sed 's/^/# /'
}

if part lgr; then
	check "reload the module for a fresh link group count" reload_smc
	"$XFER" -s -f smc -B $SRV -p $PORT -N 600 >/dev/null 2>&1 &
	srv=$!
	wait_listen $PORT
	conc_100
	check "100 concurrent connections over SMC-R, all verified" \
		test "$CONC_RC" = 0
	check "they share one link group (client groups seen: $CONC_GROUPS, at most $CONC_MAX conns at once)" \
		test "$CONC_GROUPS" = 1 -a "$CONC_MAX" -ge 20
	before=$(lgr_lines CLNT)
	"$XFER" -c $SRV -B $CLNT -p $PORT -f smc --timeout 600 \
		--conns 500 --parallel 1 --bytes 4k \
		--expect-client SMCR --expect-server SMCR >/dev/null
	check "500 sequential connections over SMC-R, all verified" test $? = 0
	after=$(lgr_lines CLNT)
	echo "# link groups: $before / $after"
	check "they reuse the same link group" \
		test "$(wc -l <<<"$after")" = 1 -a \
		"${before%% role*}" = "${after%% role*}"
	check "one link group per role in all (client and server)" \
		test "$(lgr_lines SERV | wc -l)" = 1
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
fi

if part close; then
	SMCTEST_EXPECT_CLIENT=SMCR SMCTEST_EXPECT_SERVER=SMCR \
		"$TESTS/run.sh" -q -f smc close_orders shutdown_modes \
		linger_close | tap_to_results "SMC-R "
fi

# kill_during NAME CMD RESTORE [DEVS]: a 1 GiB transfer is cut by CMD; it
# must end in an error within 25 s, and SMC-R must work again after RESTORE
# once the RDMA devices DEVS (default rxe1 rxe2) are active
kill_during() {
	local name=$1 cmd=$2 restore=$3 devs=${4:-rxe1 rxe2} srv cli rc start
	"$XFER" -s -f smc -B $SRV -p $PORT >/dev/null 2>&1 &
	srv=$!
	wait_listen $PORT
	"$XFER" -c $SRV -B $CLNT -p $PORT -f smc --timeout 120 \
		--bytes 1g --down-bytes 1g >/dev/null 2>&1 &
	cli=$!
	sleep 3
	start=$SECONDS
	eval "$cmd"
	wait $cli
	rc=$?
	check "$name: the transfer ends with an error ($((SECONDS - start)) s)" \
		test $rc != 0 -a $((SECONDS - start)) -lt 25
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	sleep 1
	check "$name: no SMC socket is left" \
		test "$("$TOOLS/smcss" -a | grep -c ":$PORT ")" = 0
	eval "$restore"
	# shellcheck disable=SC2086
	"$TOP/selftests/vm/guest-rxe-wait.sh" $devs >/dev/null 2>&1
	xfer "$name: afterwards new connections use SMC-R again" --bytes 1m
}

# The end whose device stays learns of the loss only from TEST LINK (its
# data waits for window, nothing is in flight): 5 s instead of the default
# 30 for the link groups of this part keeps it well inside kill_during's
# limit, which the default would exceed.
reload_testlink() {
	reload_smc && sysctl -qw net.smc.smcr_testlink_time=5
}

if part fail; then
	check "reload with net.smc.smcr_testlink_time=5" reload_testlink
	kill_during "rdma link delete rxe2 during a transfer" \
		"rdma link delete rxe2" \
		"rdma link add rxe2 type rxe netdev veth2; [ -z \"\${NEED_PNET:-}\" ] || $NL pnet add NET2 ib rxe2 1 >/dev/null 2>&1"
	# a link going down also drops its routes and neighbours
	kill_during "veth2 down during a transfer" \
		"ip link set veth2 down" \
		"ip link set veth2 up;
		 ip route replace 10.0.0.1 dev veth2 src 10.0.0.2 table 101;
		 ip neigh replace 10.0.0.1 lladdr \$(cat /sys/class/net/veth1/address) dev veth2 nud permanent;
		 sleep 2"
	check "the module unloads after the failures" unload_smc
	check "and loads again" load_smc
	configure
fi

part faults && part_faults
# faults from outside take 1-2 minutes: on the primary kernel only, to keep
# the default run in its time (OUTSIDE_ALL_KERNELS=1 runs them on 6.1 too)
if part outside; then
	case $K in
	6.12.*) part_outside ;;
	*)	if [ -n "${OUTSIDE_ALL_KERNELS:-}" ]; then
			part_outside
		else
			skip "outside: faults from outside the module" \
			     "run on 6.12 only in the default run (time); OUTSIDE_ALL_KERNELS=1 runs them here"
		fi ;;
	esac
fi

# jget EXPR: a value of the JSON document on stdin, EXPR in Python over d
jget() {
	python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"
}

# hold_start / hold_end: one SMC-R connection (1 MiB sent) kept open
# in between, made by an unmodified Python program through smc_run
hold_start() {
	rm -rf /tmp/hold && mkdir /tmp/hold
	"$TOOLS/smc_run" python3 "$TOP/selftests/guest/hold_conn.py" \
		$SRV $CLNT $PORT 1048576 /tmp/hold &
	hold_pid=$!
	wait_for /tmp/hold/up 60
}
hold_end() {
	: > /tmp/hold/go
	wait $hold_pid
	check "the held connection delivered its 1 MiB" test $? = 0
}

if part control; then
	SMCR=$TOOLS/smcr
	# net.smc.*: defaults, bounds, refusals, per namespace
	"$TESTS/sysctl_values.sh" | tap_to_results "control: "
	# a sysctl that acts: SMC buffers follow net.smc.wmem / rmem
	sysctl -qw net.smc.wmem=32768 net.smc.rmem=131072
	hold_start
	out=$("$TOOLS/smcss" -a -d 2>&1)
	echo "$out" | sed 's/^/# smcss -d: /'
	check "net.smc.wmem=32768 / rmem=131072: SMC-R sndbuf 32 KiB, RMB 128 KiB" \
		grep -qE "$CLNT:[0-9]+ .* SMCR .* 32768 +131072 " <<<"$out"
	hold_end
	sysctl -qw net.smc.wmem=65536 net.smc.rmem=65536

	out=$("$SMCR" info 2>&1)
	echo "$out" | sed 's/^/# smcr info: /'
	check "smcr info: SMC-R v1 and v2" grep -qE "SMC-R Features: +v1 v2" <<<"$out"
	out=$("$SMCR" ueid show 2>&1)
	check "smcr ueid show lists the UEID the suite set" grep -qx " *$UEID *" <<<"$out"
	check "smcr ueid add of an existing UEID fails" \
		bash -c '! "$1" ueid add "$2" >/dev/null 2>&1' _ "$SMCR" "$UEID"

	out=$("$SMCR" device show 2>&1)
	echo "$out" | sed 's/^/# smcr device: /'
	check "smcr device show: rxe1 on veth1 and rxe2 on veth2" \
		bash -c 'grep -qE "^veth1 +rxe1 +1 " <<<"$1" && grep -qE "^veth2 +rxe2 +1 " <<<"$1"' _ "$out"

	"$SMCR" stats reset >/dev/null
	check "smcr stats after reset: no SMC connection counted" \
		test "$("$SMCR" stats json | jget 'd["smcr"]["connections"]["smc"]["total"]')" = 0
	hold_start
	out=$("$NL" dev 2>&1)
	echo "$out" | sed 's/^/# smc_nl dev: /'
	check "device dump during a connection: rxe1 is critical, its port has a link" \
		bash -c 'grep -qE "^dev rxe1 crit 1 " <<<"$1" &&
			 grep -qE "^port rxe1 1 valid 1 state 1 netdev [0-9]+ veth1 links [1-9]" <<<"$1"' _ "$out"
	out=$("$SMCR" linkgroup link-show 2>&1)
	echo "$out" | sed 's/^/# smcr linkgroup link-show: /'
	check "smcr linkgroup link-show: the links on rxe1 and rxe2" \
		bash -c 'grep -q rxe1 <<<"$1" && grep -q rxe2 <<<"$1"' _ "$out"
	out=$("$TOOLS/smcss" -R 2>&1)
	check "smcss -R: the connection's link on rxe1" \
		grep -qE "$CLNT:[0-9]+ .*rxe1" <<<"$out"
	hold_end
	# a fallback: AF_SMC client, plain TCP server
	"$XFER" -s -f tcp -B $SRV -p $PORT >/dev/null 2>&1 &
	srv=$!
	wait_listen $PORT
	"$XFER" -c $SRV -B $CLNT -p $PORT -f smc --bytes 4k \
		--expect-client "TCP 0x03010000" >/dev/null 2>&1
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	json=$("$SMCR" stats json)
	echo "$json" | tr -d '\n' | cut -c1-600 | sed 's/^/# smcr stats json: /'
	check "stats: one SMC-Rv2 client and one server connection" \
		test "$(jget 'd["smcr"]["connections"]["smc"]["client"], d["smcr"]["connections"]["smc"]["server"], d["smcr"]["connections"]["smc"]["v2"]' <<<"$json")" = "(1, 1, 2)"
	check "stats: the 1 MiB counted as sent and as received" \
		test "$(jget 'd["smcr"]["tx"]["bytes"] >= 1 << 20 and d["smcr"]["rx"]["bytes"] >= 1 << 20' <<<"$json")" = True
	check "stats: the fallback 0x03010000, one client" \
		test "$(jget '[(r["client"], r["server"]) for r in d["fallback_reasons"] if r["code"] == "0x03010000"]' <<<"$json")" = "[(1, 0)]"
	out=$("$SMCR" stats 2>&1)
	echo "$out" | head -n 12 | sed 's/^/# smcr stats: /'
	check "smcr stats names the fallback reason" \
		grep -q "0x03010000" <<<"$out"

	# the PNET table through smc_pnet
	check "smc_pnet -a TESTNET -I lo" "$TOOLS/smc_pnet" -a TESTNET -I lo
	check "smc_pnet shows it" \
		bash -c '"$1" | grep -qx "TESTNET lo n/a 255"' _ "$TOOLS/smc_pnet"
	check "smc_pnet -d TESTNET" "$TOOLS/smc_pnet" -d TESTNET
	check "and it is gone" bash -c '! "$1" | grep -q TESTNET' _ "$TOOLS/smc_pnet"
fi

part smc_chk && part_smc_chk
part tcp2smc && part_tcp2smc
part trace && part_trace
part rsvd_ports && part_rsvd_ports
part siw_oob && part_siw_oob
part siw_smcr && part_siw_smcr
part policy && part_policy
part mapped && part_mapped
part robust && part_robust
part capture && part_capture
part links && part_links
part links_intree && part_links_intree
part links_more && part_links_more

if part v1; then
	# SMC-Rv1 needs RoCE v1 GIDs, which only the test bed's rxe offers
	if [ -z "$TB_RXE" ]; then
		skip "SMC-Rv1 over RoCE v1 GIDs" "no test-bed rdma_rxe.ko"
	else
		unload_smc
		rdma link delete rxe1
		rdma link delete rxe2
		rmmod rdma_rxe
		insmod "$TB_RXE" roce_v1=1 &&
			rdma link add rxe1 type rxe netdev veth1 &&
			rdma link add rxe2 type rxe netdev veth2 &&
			"$TOP/selftests/vm/guest-rxe-wait.sh" rxe1 rxe2 >/dev/null
		load_smc
		# no UEID: only SMC-Rv1 can be proposed
		[ -z "${NEED_PNET:-}" ] ||
			{ "$NL" pnet add NET1 eth veth1 ib rxe1 1 &&
			  "$NL" pnet add NET2 eth veth2 ib rxe2 1; } >/dev/null
		xfer "SMC-Rv1 (RoCE v1 GIDs, no UEID): 64 MiB each way" \
			--bytes 64m --down-bytes 64m
		check "the link groups are SMC-Rv1" \
			bash -c '"$0" lgr | grep "^lgr" | grep -qv " ver 1$" && exit 1;
				 "$0" lgr | grep -q "^lgr .* ver 1$"' "$NL"
		want links && part_links_v1
	fi
fi

part_end
sleep 0.5
check "unload smc_diag and smc" unload_smc
