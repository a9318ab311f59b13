# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Part of suite_smcr.sh (sourced; uses its helpers and $CLNT $SRV $TESTS
# $TOOLS $XFER): the negotiation policy, "smcr policy".  A destination in
# the list gets no SMC option on the SYN: the connection is plain TCP with
# fallback reason 0x03010001 on the client, for AF_SMC sockets, sockets
# made AF_SMC by net.smc.tcp2smc and programs run by smc_run; other
# destinations (and other ports of a port entry) still get SMC-R.
# Documentation/networking/smc.rst ("Negotiation policy") describes it.

POL_DIR=/tmp/policy
POL_NS=policy_ns2

# pol_xfer NAME PORT EXPECT [CLIENT-ARGS...]: one verified smcxfer transfer
# to a fresh AF_SMC server on $SRV:PORT from $CLNT, the client expecting
# EXPECT ("SMCR", "TCP 0x03010001"); extra args replace the addresses when
# they contain -c/-B of their own (they come last and win)
pol_xfer() {
	local name=$1 port=$2 expect=$3 srv rc
	shift 3

	"$XFER" -s -f smc -B $SRV -p "$port" >/dev/null 2>&1 &
	srv=$!
	wait_listen "$port"
	"$XFER" -c $SRV -B $CLNT -p "$port" -f smc --bytes 64k --timeout 60 \
		--expect-client "$expect" "$@"
	rc=$?
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	check "$name" test $rc = 0
}

# pol_show: the list as smcr shows it, one entry a line
pol_show() { "$smcr" policy show 2>&1; }

part_policy() {
	local smcr=$TOOLS/smcr pport=5400 out before t2s_sysctl rc

	if ! "$smcr" policy show >/dev/null 2>&1; then
		fail "policy: smcr policy show works (SMC_POLICY family)"
		return 0
	fi
	"$smcr" policy flush
	check "policy: the list starts empty" test -z "$(pol_show)"

	# empty list: SMC-R as always
	pol_xfer "policy: empty list, a transfer to $SRV is SMC-R" \
		$pport SMCR

	# the server's address as a host entry
	check "policy: smcr policy add $SRV/32" "$smcr" policy add "$SRV/32"
	out=$(pol_show)
	echo "$out" | sed 's/^/# smcr policy show: /'
	check "policy: smcr policy show lists $SRV/32" \
		test "$out" = "$SRV/32"
	check "policy: adding it again fails (already in the list)" \
		bash -c 'out=$("$1" policy add "$2" 2>&1); rc=$?; echo "# $out"
			 [ $rc != 0 ] && grep -q "already in the policy list" \
			 <<<"$out"' _ "$smcr" "$SRV/32"
	pol_xfer "policy: $SRV/32 listed: AF_SMC client falls back with 0x03010001" \
		$((pport + 1)) "TCP 0x03010001"
	# the same through the IPv4-mapped address of an AF_INET6 SMC socket
	pol_xfer "policy: ::ffff:$SRV from an SMCPROTO_SMC6 socket matches the IPv4 entry" \
		$((pport + 2)) "TCP 0x03010001" -6 \
		-c "::ffff:$SRV" -B "::ffff:$CLNT"

	# an unmodified dynamically linked program under smc_run; smcss shows
	# the reason on the client while the connection is open
	rm -rf "$POL_DIR" && mkdir -p "$POL_DIR"
	"$TOOLS/smc_run" python3 "$TOP/selftests/guest/hold_conn.py" \
		$SRV $CLNT $((pport + 3)) 65536 "$POL_DIR" &
	local hpid=$!
	if wait_for "$POL_DIR/up" 60; then
		out=$("$TOOLS/smcss" -a 2>&1 | grep ":$((pport + 3)) ")
	else
		out=''
	fi
	echo "${out:-(nothing)}" | sed 's/^/# smcss -a: /'
	: >"$POL_DIR/go"
	wait $hpid
	rc=$?
	check "policy: smc_run python3: the connection works (TCP)" test $rc = 0
	check "policy: smc_run python3: smcss -a shows the client with TCP 0x03010001" \
		grep -qE "$CLNT:[0-9]+ +$SRV:$((pport + 3)) .*TCP 0x03010001" \
		<<<"$out"

	# net.smc.tcp2smc=1 with a statically linked program
	if declare -F t2s_pair >/dev/null && [ -x "$TESTS/tcp_static_echo" ]; then
		t2s_sysctl=$(sysctl -n net.smc.tcp2smc)
		sysctl -qw net.smc.tcp2smc=1
		t2s_pair "" "$SRV" "$CLNT" $((pport + 4))
		rc=$?
		sysctl -qw net.smc.tcp2smc="$t2s_sysctl"
		check "policy: tcp2smc=1: the static echo pair succeeds" \
			test $rc = 0
		check "policy: tcp2smc=1: smcss shows the client with TCP 0x03010001" \
			grep -qE "$CLNT:[0-9]+ +$SRV:$((pport + 4)) .*TCP 0x03010001" \
			<<<"$T2S_SMCSS"
		rm -rf "$T2S_DIR"
	else
		skip "policy: tcp2smc" "t2s_pair (part_tcp2smc.sh) or tcp_static_echo missing"
	fi

	# a non-root user may look but not change
	before=$(pol_show)
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all "$smcr" policy add 198.51.100.0/24 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# non-root smcr policy add: /'
	check "policy: non-root smcr policy add fails with a clear error" \
		bash -c '[ "$1" != 0 ] && grep -q "CAP_NET_ADMIN" <<<"$2"' \
		_ $rc "$out"
	check "policy: non-root smcr policy show lists the entry" \
		test "$(setpriv --reuid=65534 --regid=65534 --clear-groups \
			--inh-caps=-all "$smcr" policy show 2>&1)" = "$before"
	check "policy: the list is unchanged after the refused add" \
		test "$(pol_show)" = "$before"

	# bad input changes nothing
	check "policy: smcr policy add 10.0.0.0/33 is refused" \
		bash -c '! "$1" policy add 10.0.0.0/33' _ "$smcr"
	check "policy: smcr policy add garbage is refused" \
		bash -c '! "$1" policy add garbage' _ "$smcr"
	check "policy: smcr policy add with port 0 is refused" \
		bash -c '! "$1" policy add 10.9.0.0/16 port 0' _ "$smcr"
	check "policy: smcr policy del of a missing entry fails" \
		bash -c '! "$1" policy del 10.9.0.0/16' _ "$smcr"
	check "policy: the list is unchanged after bad input" \
		test "$(pol_show)" = "$before"

	# another namespace has its own list
	ip netns del $POL_NS 2>/dev/null
	if ip netns add $POL_NS; then
		check "policy: a new namespace starts with an empty list" \
			test -z "$(ip netns exec $POL_NS "$smcr" policy show 2>&1)"
		ip netns exec $POL_NS "$smcr" policy add 192.0.2.0/24 port 80
		check "policy: an entry there is not seen here" \
			test "$(pol_show)" = "$before"
		ip netns del $POL_NS
	else
		fail "policy: a second network namespace"
	fi

	# a port entry: only that port falls back
	check "policy: smcr policy del $SRV/32" "$smcr" policy del "$SRV/32"
	check "policy: smcr policy add $SRV port $((pport + 6))" \
		"$smcr" policy add "$SRV" port $((pport + 6))
	check "policy: smcr policy show lists the port entry" \
		test "$(pol_show)" = "$SRV/32 port $((pport + 6))"
	pol_xfer "policy: port entry: another port is SMC-R" \
		$((pport + 5)) SMCR
	pol_xfer "policy: port entry: its port falls back with 0x03010001" \
		$((pport + 6)) "TCP 0x03010001"
	check "policy: smcr policy add 10.0.0.0/24 port 443" \
		"$smcr" policy add 10.0.0.0/24 port 443
	check "policy: smcr policy del 10.0.0.0/24 port 443" \
		"$smcr" policy del 10.0.0.0/24 port 443

	# flush: SMC-R again
	check "policy: smcr policy flush" "$smcr" policy flush
	check "policy: the list is empty after the flush" test -z "$(pol_show)"
	pol_xfer "policy: after the flush a transfer to port $((pport + 6)) is SMC-R" \
		$((pport + 6)) SMCR

	"$smcr" policy flush
	rm -rf "$POL_DIR"
}
