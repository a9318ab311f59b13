# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by suite_smcr.sh: IPv4-mapped IPv6.  An SMCPROTO_SMC6 socket
# whose TCP runs over IPv4 (a ::ffff:a.b.c.d peer) is an IPv4 connection:
# it proposes SMC-Rv2 and the IPv4 subnet, as an AF_INET one does (the
# suite has configured a UEID, which SMC-Rv2 needs).

# mapped_v2_only: every link group is an SMC-Rv2 one
mapped_v2_only() {
	local out
	out=$("$NL" lgr | grep "^lgr")
	echo "$out" | sed 's/^/# mapped: /'
	[ -n "$out" ] && ! grep -qv " ver 2$" <<<"$out"
}

# mapped_xfer NAME PORT SERVER-ARGS -- CLIENT-ARGS
mapped_xfer() {
	local name=$1 port=$2 srv sargs=() rc
	shift 2
	while [ "$1" != -- ]; do
		sargs+=("$1")
		shift
	done
	shift
	"$XFER" -s -f smc -p "$port" "${sargs[@]}" >/dev/null 2>&1 &
	srv=$!
	wait_listen "$port" 30
	"$XFER" -p "$port" -f smc --bytes 1m --timeout 120 \
		--expect-client SMCR --expect-server SMCR "$@"
	rc=$?
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	check "$name" test $rc = 0
}

part_mapped() {
	local port=$((PORT + 70))

	check "mapped: reload for fresh link groups" reload_smc
	mapped_xfer "mapped: SMC6 client to ::ffff:$SRV, IPv4 server: SMC-R" \
		$port -B $SRV -- -6 -c ::ffff:$SRV -B ::ffff:$CLNT
	check "mapped: the link groups it made are SMC-Rv2" mapped_v2_only
	check "mapped: reload again" reload_smc
	mapped_xfer "mapped: IPv4 client to a dual-stack SMC6 server: SMC-R" \
		$((port + 1)) -6 -- -c $SRV -B $CLNT
	check "mapped: those link groups are SMC-Rv2 too" mapped_v2_only
}
