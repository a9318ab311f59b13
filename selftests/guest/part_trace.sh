# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Part "trace" of suite_smcr.sh (sourced; uses its helpers and settings):
# the smc trace events seen through tracefs.  A fresh module (so the link
# groups are new), one SMC-R transfer, one fallback on each side, and the
# removal of rxe2, which takes the server's link down.  Events are switched
# off and the buffer cleared at the end; rxe2 is put back.

# trace_sum EVENT FILE: "TOKENS SUM" of the len fields of EVENT in FILE
trace_sum() {
	sed -n "s/.* $1: .* token=\([0-9a-f]*\) len=\([0-9]*\)\$/\1 \2/p" "$2" |
		awk '{ sum += $2; if (!($1 in t)) { t[$1] = 1; n++ } }
		     END { printf "%d %d\n", n, sum }'
}

# trace_lgr ROLE: the id of ROLE's link group, as the netlink dump shows it
trace_lgr() {
	"$NL" lgr | sed -n "s/^lgr \([0-9a-f]*\) role $1 .*/\1/p"
}

part_trace() {
	local tr=/sys/kernel/tracing out=/tmp/trace.out on srv rc
	local clnt_lgr serv_lgr tx rx ntx i

	# a fresh module: no link group lingers from earlier parts
	check "trace: reload the module for new link groups" reload_smc
	[ -e $tr/trace ] || mount -t tracefs nodev $tr 2>/dev/null
	if [ ! -d $tr/events/smc ]; then
		skip "trace: smc trace events" "no $tr/events/smc"
		return
	fi
	check "trace: the five smc events exist" bash -c '
		for e in smc_switch_to_fallback smcr_link_up smcr_link_down \
			 smc_tx_sendmsg smc_rx_recvmsg; do
			[ -e "$1/events/smc/$e/format" ] || exit 1
		done' _ $tr
	on=$(cat $tr/tracing_on)
	echo 1 > $tr/tracing_on
	: > $tr/trace
	echo 1 > $tr/events/smc/enable

	# SMC-R: link up on both sides, every byte sent and received traced
	xfer "trace: an SMC-R transfer with the events on" \
		--bytes 256k --down-bytes 256k
	cat $tr/trace > $out
	grep ' smc[r_]' $out | head -n 6 | sed 's/^/# trace: /'
	clnt_lgr=$(trace_lgr CLNT)
	serv_lgr=$(trace_lgr SERV)
	echo "# trace: link groups CLNT ${clnt_lgr:-none} SERV ${serv_lgr:-none}"
	check "trace: smcr_link_up for the client's new link group on rxe1 port 1" \
		grep -qE " smcr_link_up: .* lgr_id=${clnt_lgr:-none} link_id=[0-9]+ dev=rxe1 port=1 role=CLNT location=." $out
	check "trace: smcr_link_up for the server's new link group on rxe2 port 1" \
		grep -qE " smcr_link_up: .* lgr_id=${serv_lgr:-none} link_id=[0-9]+ dev=rxe2 port=1 role=SERV location=." $out
	check "trace: one smcr_link_up per side, no smcr_link_down" \
		test "$(grep -c ' smcr_link_up: ' $out)" = 2 -a \
		"$(grep -c ' smcr_link_down: ' $out)" = 0
	tx=$(trace_sum smc_tx_sendmsg $out)
	rx=$(trace_sum smc_rx_recvmsg $out)
	echo "# trace: connections and bytes: sendmsg $tx, recvmsg $rx"
	# 256 KiB each way and, on each side, a hello and a trailer of 32 bytes
	check "trace: smc_tx_sendmsg: two connections, 2 x (256 KiB + 64) bytes" \
		test "$tx" = "2 524416"
	check "trace: smc_rx_recvmsg: the same two connections and bytes" \
		test "$rx" = "$tx"
	check "trace: no smc_switch_to_fallback for SMC-R" \
		test "$(grep -c ' smc_switch_to_fallback: ' $out)" = 0
	ntx=$(grep -c ' smc_tx_sendmsg: ' $out)

	# fallback of the client: AF_SMC to a plain TCP server
	"$XFER" -s -f tcp -B $SRV -p $PORT >/dev/null 2>&1 &
	srv=$!
	wait_listen $PORT
	"$XFER" -c $SRV -B $CLNT -p $PORT -f smc --bytes 4k \
		--expect-client "TCP 0x03010000" >/dev/null 2>&1
	rc=$?
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	check "trace: AF_SMC client to TCP server falls back" test $rc = 0
	# fallback of the server: plain TCP client to an AF_SMC server
	"$XFER" -s -f smc -B $SRV -p $PORT >/dev/null 2>&1 &
	srv=$!
	wait_listen $PORT
	"$XFER" -c $SRV -B $CLNT -p $PORT -f tcp --bytes 4k \
		--expect-server "TCP 0x03010000" >/dev/null 2>&1
	rc=$?
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	check "trace: TCP client to AF_SMC server falls back" test $rc = 0
	cat $tr/trace > $out
	grep ' smc_switch_to_fallback: ' $out | sed 's/^/# trace: /'
	check "trace: smc_switch_to_fallback of the client: 0x03010000 to port $PORT" \
		grep -qE " smc_switch_to_fallback: sk=[^ ]+ clcsk=[^ ]+ reason=0x03010000 peer_diagnosis=0x00000000 sport=[1-9][0-9]* dport=$PORT server=0\$" $out
	check "trace: smc_switch_to_fallback of the server: 0x03010000 on port $PORT" \
		grep -qE " smc_switch_to_fallback: sk=[^ ]+ clcsk=[^ ]+ reason=0x03010000 peer_diagnosis=0x00000000 sport=$PORT dport=[1-9][0-9]* server=1\$" $out
	check "trace: exactly those two fallbacks, their data not traced as SMC-R" \
		test "$(grep -c ' smc_switch_to_fallback: ' $out)" = 2 -a \
		"$(grep -c ' smc_tx_sendmsg: ' $out)" = "$ntx"

	# the device of the server's link goes away: its link goes down
	rdma link delete rxe2
	for ((i = 0; i < 100; i++)); do
		grep -q ' smcr_link_down: .* role=SERV ' $tr/trace && break
		sleep 0.1
	done
	cat $tr/trace > $out
	grep ' smcr_link_down: ' $out | sed 's/^/# trace: /'
	check "trace: rxe2 removed: smcr_link_down of the server's link group on rxe2" \
		grep -qE " smcr_link_down: .* lgr_id=${serv_lgr:-none} link_id=[0-9]+ dev=rxe2 port=1 role=SERV location=." $out
	rdma link add rxe2 type rxe netdev veth2
	if [ -n "${NEED_PNET:-}" ]; then
		"$NL" pnet add NET2 ib rxe2 1 >/dev/null 2>&1
	fi
	"$TOP/selftests/vm/guest-rxe-wait.sh" rxe1 rxe2 >/dev/null 2>&1

	echo 0 > $tr/events/smc/enable
	: > $tr/trace
	echo "$on" > $tr/tracing_on
	rm -f $out
	xfer "trace: rxe2 back, SMC-R works again" --bytes 1m
}
