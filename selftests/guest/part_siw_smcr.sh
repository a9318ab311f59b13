# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# part_siw_smcr: SMC-R over iWARP, our module on both ends.  The test bed's
# Soft-iWARP with the out-of-band QP connection of Alibaba's erdma driver
# (selftests/vm/siw/, 6.12 so far) replaces rxe1/rxe2 on the suite's veth
# pair: siw1 on veth1 (10.0.0.1), siw2 on veth2 (10.0.0.2).  Sourced by
# suite_smcr.sh, which also sources part_rsvd_ports.sh and part_mapped.sh
# (whose helpers it uses); puts rxe1/rxe2 back and reloads the module with
# the defaults at the end.
#
# The 4-tuple rule: 10.0.0.1 is the smaller address as both ends compare
# (the raw network order words on x86), so it is the reserved end; its
# QP's stream runs from a port in 65500..65515 to the server QPN's low 16
# bits, and the server's stream is the same connection seen from the other
# side.  siw runs the stream over the host's TCP, so ss(8) shows it.

# siw_streams: the established TCP connections between the two addresses
# with a reserved port on the client's side, as "LOCAL PEER" lines
siw_streams() {
	ss -Htn state established 2>/dev/null |
		awk '{ print $3, $4 }' |
		grep -E "^($CLNT:655(0[0-9]|1[0-5]) $SRV:[0-9]+|$SRV:[0-9]+ $CLNT:655(0[0-9]|1[0-5]))$"
}

# siw_tuples: the "A:P -> B:Q" 4-tuples of smcr or trace lines as sorted
# "A:P B:Q" lines
siw_tuples() {
	sed -n 's/.* \([0-9.]*:[0-9]*\) -> \([0-9.]*:[0-9]*\)$/\1 \2/p' | sort
}

siw_load_smc() {
	load_smc && configure && sysctl -qw net.smc.smcr_testlink_time=5
}

siw_restore_rxe() {
	rdma link delete siw1 2>/dev/null
	rdma link delete siw2 2>/dev/null
	unload_smc 2>/dev/null
	rmmod siw 2>/dev/null
	rdma link add rxe1 type rxe netdev veth1 2>/dev/null
	rdma link add rxe2 type rxe netdev veth2 2>/dev/null
	"$TOP/selftests/vm/guest-rxe-wait.sh" rxe1 rxe2 >/dev/null
	load_smc && configure
}

part_siw_smcr() {
	local dir out n rc busy streams on='' tr=/sys/kernel/tracing

	dir=$TOP/build/vm/siw/$(uname -r)
	if [ ! -f "$dir/siw.ko" ] ||
	   ! modinfo -F parm "$dir/siw.ko" | grep -q '^oob_timeout_ms:'; then
		skip "SMC-R over siw (OOB)" "no test-bed siw.ko with the OOB patch in $dir"
		return 0
	fi
	# rxe on the same network devices would be chosen first
	unload_smc 2>/dev/null
	rdma link delete rxe1
	rdma link delete rxe2
	busy=$(rsvd_all EADDRINUSE)
	modprobe -q libcrc32c
	modprobe -q ib_uverbs
	if ! insmod "$dir/siw.ko" oob_timeout_ms=3000 ||
	   ! rdma link add siw1 type siw netdev veth1 ||
	   ! rdma link add siw2 type siw netdev veth2; then
		fail "SMC-R over siw: siw1 on veth1 and siw2 on veth2"
		siw_restore_rxe
		return 0
	fi
	"$TOP/selftests/vm/guest-rxe-wait.sh" siw1 siw2 >/dev/null
	check "SMC-R over siw: smc loads (smcr_testlink_time=5)" siw_load_smc
	check "SMC-R over siw: ports 65500..65515 reserved" \
		rsvd_wait "$busy" 65500
	# the link-up event with the tuple, for the link made next
	[ -e $tr/trace ] || mount -t tracefs nodev $tr 2>/dev/null
	if [ -e $tr/events/smc/smcr_link_iw_up/enable ]; then
		on=$(cat $tr/tracing_on)
		echo 1 > $tr/tracing_on
		: > $tr/trace
		echo 1 > $tr/events/smc/smcr_link_iw_up/enable
	fi

	xfer "SMC-R over siw (OOB): 64 MiB each way, verified by hash" \
		--bytes 64m --down-bytes 64m

	hold_start
	out=$("$TOOLS/smcss" -a 2>&1)
	echo "$out" | sed 's/^/# smcss: /'
	n=$(grep -F "$SRV:$PORT" <<<"$out" | grep -F "$CLNT:" | grep -c SMCR)
	check "SMC-R over siw: smcss shows mode SMCR on both ends ($n)" \
		test "$n" = 2
	out=$(siw_streams)
	echo "$out" | sed 's/^/# iWARP stream: /'
	check "SMC-R over siw: the link's iWARP stream runs from a reserved port of $CLNT, seen from both ends" \
		bash -c 'a=$(grep "^$1:" <<<"$3"); b=$(grep "^$2:" <<<"$3");
			 [ "$(wc -l <<<"$a")" = 1 ] && [ "$(wc -l <<<"$b")" = 1 ] &&
			 [ "$a" = "$(awk "{ print \$2, \$1 }" <<<"$b")" ]' \
		_ "$CLNT" "$SRV" "$out"
	streams=$(sort <<<"$out")
	out=$("$TOOLS/smcr" linkgroup link-show 2>&1)
	echo "$out" | sed 's/^/# smcr linkgroup link-show: /'
	check "SMC-R over siw: smcr linkgroup link-show gives both ends' 4-tuples, the streams' ones" \
		test "$(siw_tuples <<<"$out")" = "$streams"
	if [ -n "${on:-}" ]; then
		out=$(grep ' smcr_link_iw_up: ' $tr/trace)
		echo 0 > $tr/events/smc/smcr_link_iw_up/enable
		echo "$on" > $tr/tracing_on
		echo "$out" | sed 's/^/# trace: /'
		check "SMC-R over siw: the smcr_link_iw_up events give the same 4-tuples" \
			test "$(siw_tuples <<<"$out")" = "$streams"
	else
		fail "SMC-R over siw: no smcr_link_iw_up trace event"
	fi
	hold_end

	"$XFER" -s -f smc -B $SRV -p $PORT -N 600 >/dev/null 2>&1 &
	srv=$!
	sleep 0.3
	conc_100
	check "SMC-R over siw: 100 concurrent connections, all verified" \
		test "$CONC_RC" = 0
	check "SMC-R over siw: they share one link group (client groups seen: $CONC_GROUPS, at most $CONC_MAX conns at once)" \
		test "$CONC_GROUPS" = 1 -a "$CONC_MAX" -ge 20
	check "SMC-R over siw: one link group per role" \
		test "$(lgr_lines CLNT | wc -l) $(lgr_lines SERV | wc -l)" = "1 1"
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null

	kill_during "SMC-R over siw: rdma link delete siw2 during a transfer" \
		"rdma link delete siw2" \
		"rdma link add siw2 type siw netdev veth2" "siw1 siw2"

	# an IPv4-mapped IPv6 client is an IPv4 one (part_mapped's helper)
	mapped_xfer "SMC-R over siw: SMC6 client to ::ffff:$SRV: SMC-R, 1 MiB verified" \
		$((PORT + 90)) -B $SRV -- -6 -c ::ffff:$SRV -B ::ffff:$CLNT

	# without the reserved ports iWARP devices are not offered
	unload_smc
	check "SMC-R over siw: smc loads with reserve_mode=0" \
		rsvd_load_smc reserve_mode=0
	"$XFER" -s -f smc -B $SRV -p $PORT >/dev/null 2>&1 &
	srv=$!
	wait_listen $PORT
	"$XFER" -c $SRV -B $CLNT -p $PORT -f smc --bytes 4m \
		--expect-client "TCP 0x03030000" \
		--expect-server "TCP 0x05000000/0x03030000"
	rc=$?
	check "SMC-R over siw: reserve_mode=0: fallback 0x03030000, 4 MiB verified" \
		test $rc = 0
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null

	siw_restore_rxe
	check "SMC-R over siw: rxe1/rxe2 back, smc loaded with the defaults" \
		bash -c '! grep -q "^siw " /proc/modules && grep -q "^smc " /proc/modules'
}
