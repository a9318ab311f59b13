#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# smcxfer end to end on this host: a server and clients over loopback (or
# SMCTEST_SERVER_ADDR[6]) in the hashed, echoed, sequential and parallel
# modes, plus a client that must fail.  Usage: smcxfer_loopback.sh
# [-f smc|tcp] [-6].  Exit status 0 pass, 1 fail, 4 skip.

set -u

here=$(cd "$(dirname "$0")" && pwd)
xfer=$here/smcxfer
family=${SMCTEST_FAMILY:-smc}
ipv6=0
case ${SMCTEST_IPV6:-0} in 0|"") ;; *) ipv6=1 ;; esac

while getopts "f:6h" opt; do
	case $opt in
	f) family=$OPTARG ;;
	6) ipv6=1 ;;
	*) echo "usage: $0 [-f smc|tcp] [-6]"; exit 1 ;;
	esac
done

if [ "$ipv6" = 1 ]; then
	addr=${SMCTEST_SERVER_ADDR6:-::1}
	six=-6
else
	addr=${SMCTEST_SERVER_ADDR:-127.0.0.1}
	six=
fi
scale=${SMCTEST_TIMEOUT_SCALE:-1}
limit=$(awk -v s="$scale" 'BEGIN { printf "%d", 60 * s + 0.5 }')

echo "# smcxfer_loopback: family $family, server $addr"
if [ ! -x "$xfer" ]; then
	echo "Bail out! $xfer is missing (run make first)"
	exit 1
fi

expect=()
if [ "$family" = smc ]; then
	[ -n "${SMCTEST_EXPECT_CLIENT:-}" ] &&
		expect+=(--expect-client "$SMCTEST_EXPECT_CLIENT")
	[ -n "${SMCTEST_EXPECT_SERVER:-}" ] &&
		expect+=(--expect-server "$SMCTEST_EXPECT_SERVER")
fi

work=$(mktemp -d)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

checks=0
failed=0
report() {	# report OK DESCRIPTION [LOG]
	checks=$((checks + 1))
	if [ "$1" = 0 ]; then
		echo "ok $checks - $2"
	else
		failed=$((failed + 1))
		echo "not ok $checks - $2"
		[ -n "${3:-}" ] && sed 's/^/#   /' "$3"
	fi
}

# connections the server must serve before it exits by itself
total=$((1 + 1 + 20 + 40 + 1))
timeout "$limit" "$xfer" -s -f "$family" $six -B "$addr" -N "$total" \
	>"$work/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 100); do
	port=$(sed -n 's/^smcxfer: listening on .* port \([0-9]*\).*/\1/p' \
		"$work/server.log")
	[ -n "$port" ] && break
	kill -0 "$server_pid" 2>/dev/null || break
	sleep 0.05
done
if [ -z "$port" ]; then
	echo "Bail out! the smcxfer server did not start:"
	sed 's/^/# /' "$work/server.log"
	exit 1
fi

client() {	# client DESCRIPTION ARGS...
	local what=$1
	shift
	timeout "$limit" "$xfer" -c "$addr" -p "$port" -f "$family" \
		"${expect[@]}" "$@" >"$work/client.log" 2>&1
	local rc=$?
	report "$rc" "$what" "$work/client.log"
	sed -n 's/^smcxfer: \([0-9]* connections.*\)/# \1/p' "$work/client.log"
}

client "4 MiB each way, hashed" --bytes 4m -v
client "2 MiB echoed back" --bytes 2m --echo
client "20 sequential connections of 64 KiB" --bytes 64k --conns 20
client "40 connections, 16 at a time, 256 KiB each" --bytes 256k \
	--conns 40 --parallel 16
client "1 MiB up, nothing down" --bytes 1m --down-bytes 0

wait "$server_pid"
rc=$?
server_pid=
grep -q "^smcxfer: served $total connections, 0 failed" "$work/server.log"
report $(( rc || $? )) "the server served all $total connections and exited" \
	"$work/server.log"

# port 1 (tcpmux) is not served on any test host
timeout "$limit" "$xfer" -c "$addr" -p 1 -f "$family" --timeout 5 \
	>"$work/refused.log" 2>&1
rc=$?
grep -q "FAILED" "$work/refused.log"
report $(( rc == 1 && $? == 0 ? 0 : 1 )) \
	"a client without a server fails with status 1" "$work/refused.log"

echo "1..$checks"
echo "# smcxfer_loopback: $((checks - failed)) passed, $failed failed, 0 skipped"
[ "$failed" = 0 ]
