#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# smcdump-ex against stand-ins for ip, tcpdump and smcr that log their
# arguments: the options and what they turn into, the device's life
# (created, attached, detached, deleted) when tcpdump ends, on SIGINT and
# on SIGTERM, and a second capture refused clearly.  The real programs
# and the module are exercised in the guests.
#
#   test_smcdump_cli.sh SMCDUMP_EX

smcdump=$1
. "$(dirname "$0")/cli_lib.sh"

fake=$tmp/bin
log=$tmp/log
mkdir -p "$fake"
cat > "$fake/ip" <<'EOF'
#!/bin/sh
echo "ip $*" >> "$FAKE_LOG"
exit 0
EOF
cat > "$fake/smcr" <<'EOF'
#!/bin/sh
echo "smcr $*" >> "$FAKE_LOG"
case "$1 $2" in
"capture attach")
	if [ -n "$FAKE_BUSY" ]; then
		echo "Error: this network namespace has a capture device already (smc-dummyzzzz): one capture at a time" >&2
		exit 1
	fi ;;
"capture show")
	dev=$(sed -n 's/^smcr capture attach \([^ ]*\).*/\1/p' "$FAKE_LOG")
	echo "device $dev snaplen 0 events llc,cdc,data modes smcr,smcd records 42 drops 3" ;;
esac
exit 0
EOF
# stays until a signal unless FAKE_TCPDUMP_EXIT is set
cat > "$fake/tcpdump" <<'EOF'
#!/bin/bash
echo "tcpdump $*" >> "$FAKE_LOG"
echo $$ > "$FAKE_LOG.pid"
[ -n "$FAKE_TCPDUMP_EXIT" ] && exit "$FAKE_TCPDUMP_EXIT"
trap 'echo "tcpdump got TERM" >> "$FAKE_LOG"; exit 0' TERM
trap 'echo "tcpdump got INT" >> "$FAKE_LOG"; exit 0' INT
while :; do sleep 0.1; done
EOF
chmod +x "$fake"/*
export FAKE_LOG=$log

# run ARGS...: smcdump-ex with the stand-ins, tcpdump ending at once
run() {
	: > "$log"
	PATH=$fake:$PATH FAKE_TCPDUMP_EXIT=${FAKE_TCPDUMP_EXIT:-0} \
		"$smcdump" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	cat "$log" >> "$tmp/out"
}

status() {
	if [ "$rc" -eq "$2" ]; then ok "$1"; else not_ok "$1 (exit $rc)"; fi
}

run -h
status "smcdump-ex -h: exit 0" 0
has "smcdump-ex -h: usage" out 'usage: smcdump-ex \[-h\] \[-m {all,smc,smcd,smcr}\] \[-t {all,raw,cdc}\]'
run -m bogus
status "invalid mode: exit 2" 2
has "invalid mode: named" err 'invalid mode "bogus"'
run -t bogus
status "invalid type: exit 2" 2
run --snaplen x
status "invalid snap length: exit 2" 2
run --bogus
status "unknown option: exit 2" 2
run -m
status "option without value: exit 2" 2

# the default: smc mode, all records, whole payloads
run --param '-w f.pcap -c 10'
status "default capture: tcpdump's exit status" 0
dev=$(sed -n 's/^ip link add \(smc-dummy[a-z0-9]\{4\}\) type dummy$/\1/p' "$log")
if [ -n "$dev" ]; then ok "device smc-dummyXXXX created"; else not_ok "device smc-dummyXXXX created"; fi
cat > "$tmp/want" <<EOF
ip link add $dev type dummy
ip link set $dev up
smcr capture attach $dev snaplen 0 events llc,cdc,data modes smcr,smcd
tcpdump -i $dev -w f.pcap -c 10
smcr capture show
smcr capture detach $dev
ip link del $dev
EOF
if diff -u "$tmp/want" "$log" >> "$tmp/err"; then
	ok "default: attach, tcpdump on the device with --param, detach, delete"
else
	not_ok "default: attach, tcpdump on the device with --param, detach, delete"
fi
has "counters reported at the end" err '^smcdump-ex: 42 records mirrored, 3 dropped'

run -m smcr -t raw --snaplen 128
has "-m smcr -t raw --snaplen 128: attach arguments" out "^smcr capture attach smc-dummy.... snaplen 128 events data modes smcr$"
run -m smcd -t cdc
has "-m smcd -t cdc: attach arguments" out "^smcr capture attach smc-dummy.... snaplen 0 events llc,cdc modes smcd$"
run -m all --filter 'host 10.0.0.2 and port 5201'
has "-m all: tcpdump on any, records or the filter" out "^tcpdump -i any udp port 7620 or (host 10.0.0.2 and port 5201)$"
run -m smc --filter 'host 10.0.0.2'
has "-m smc --filter: the filter as it is" out "^tcpdump -i smc-dummy.... host 10.0.0.2$"
run --legacy
status "--legacy: accepted" 0
has "--legacy: says it changes nothing" err 'nothing to change'

FAKE_TCPDUMP_EXIT=3 run
status "tcpdump's failure is the exit status" 3
has "device deleted after tcpdump failed" out '^ip link del smc-dummy'

# a second capture in the namespace: refused, no tcpdump, device gone
FAKE_BUSY=1 run
status "second capture: exit 1" 1
has "second capture: says why" err 'capture device already'
if ! grep -q '^tcpdump' "$log" && grep -q '^ip link del smc-dummy' "$log"; then
	ok "second capture: no tcpdump, its device deleted"
else
	not_ok "second capture: no tcpdump, its device deleted"
fi

# SIGINT and SIGTERM while tcpdump runs
for sig in INT TERM; do
	: > "$log"
	# a background job starts with SIGINT ignored, which a shell
	# cannot trap: give it the default, as in a terminal
	PATH=$fake:$PATH env --default-signal=INT,TERM "$smcdump" -m all \
		> "$tmp/out" 2> "$tmp/err" &
	pid=$!
	for _ in $(seq 100); do
		grep -q '^tcpdump' "$log" && break
		sleep 0.1
	done
	kill -s "$sig" "$pid"
	gone=
	for _ in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || { gone=1; break; }
		sleep 0.1
	done
	[ -n "$gone" ] || kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rc=$?
	# a stand-in left behind by a broken smcdump-ex
	kill -KILL "$(cat "$log.pid")" 2>/dev/null
	cat "$log" >> "$tmp/out"
	if [ -n "$gone" ] && [ "$rc" = 0 ] &&
	   grep -q '^tcpdump got TERM' "$log" &&
	   grep -q '^smcr capture detach smc-dummy' "$log" &&
	   grep -q '^ip link del smc-dummy' "$log"; then
		ok "SIG$sig: tcpdump stopped, capture detached, device deleted"
	else
		not_ok "SIG$sig: tcpdump stopped, capture detached, device deleted"
	fi
done

echo "smcdump-ex: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
