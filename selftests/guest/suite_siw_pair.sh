#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of SMC-R over iWARP between two guests, run in both guests of
# a pair (selftests/vm/vmpair.sh): suite_siw_pair.sh
#
# Each guest has one RDMA device, siw0 on eth0: the test bed's Soft-iWARP
# with the out-of-band QP connection of Alibaba's erdma driver
# (selftests/vm/siw/), and our module.  Each guest serves, then runs its
# client against the other one, A's first:
#
#   - SIW_PAIR_BYTES (default 16m) each way on one connection, hashes
#     verified, mode SMCR on both ends (256m took 134 s with the 6.12
#     guest as client and 115 s the other way under TCG, too long for the
#     default run: SIW_PAIR_BYTES=256m selftests/run_tests.sh -s siw-pair);
#   - while a connection is held: smcss shows it as SMCR on this end, and
#     the iWARP 4-tuple of `smcr linkgroup link-show` here is the other
#     guest's one mirrored, with one of its ports in the reserved block
#     65500..65515;
#   - SIW_PAIR_SEQ (default 500) sequential connections, all verified.
#
# The pair may run different kernels (run_tests.sh boots a 6.12 guest
# with a 6.1 one: both kernels' siw and module in one boot).
SUITE="siw-pair $TB_ROLE $(uname -r)"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/part_siw_smcr.sh"	# siw_tuples
guest_setup

NL=$TESTS/smc_nl
XFER=$TESTS/smcxfer
UEID=SMCRSIWPAIR
PORT=5300
HOLD_PORT=5301
BYTES=${SIW_PAIR_BYTES:-16m}
SEQ=${SIW_PAIR_SEQ:-500}
K=$(uname -r)
SIW=$TOP/build/vm/siw/$K/siw.ko
other=$([ "$TB_ROLE" = A ] && echo B || echo A)

# barrier NAME: both guests have got to NAME
barrier() {
	touch "$TB_SYNC/$TB_ROLE.$1"
	if ! wait_for "$TB_SYNC/$other.$1" 900; then
		fail "guest $other got to '$1'"
		exit 1
	fi
}

siw_setup() {
	modprobe -q libcrc32c && modprobe -q ib_uverbs &&
		insmod "$SIW" &&
		rdma link add siw0 type siw netdev eth0 &&
		"$TOP/selftests/vm/guest-rxe-wait.sh" siw0 >/dev/null
}

# reserved_ports: the outcome of bind(2) on 65500..65515 is EADDRINUSE for
# every one of them (the module holds them; it does so in a work item)
reserved_ports() {
	local i want

	want=$(printf 'EADDRINUSE %.0s' {1..16})
	for ((i = 0; i < 150; i++)); do
		[ "$(python3 -c '
import errno, socket
out = []
for port in range(65500, 65516):
    s = socket.socket()
    try:
        s.bind(("0.0.0.0", port))
        out.append("ok")
    except OSError as e:
        out.append(errno.errorcode.get(e.errno, "?"))
    s.close()
print(" ".join(out), end=" ")
')" = "$want" ] && return 0
		sleep 0.1
	done
	return 1
}

# hold_serve: a plain server (AF_SMC through smc_run) that reads each
# connection to EOF
hold_serve() {
	"$TOOLS/smc_run" python3 -c '
import socket, sys
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind((sys.argv[1], int(sys.argv[2])))
ls.listen(4)
while True:
    c, _ = ls.accept()
    while c.recv(65536):
        pass
    c.close()
' "$TB_IP" $HOLD_PORT >/dev/null 2>&1 &
	hold_srv=$!
}

# hold_client FLAG: one connection to the other guest's hold_serve that
# sends 1 MiB and stays open until FLAG exists (at most 300 s)
hold_client() {
	"$TOOLS/smc_run" python3 -c '
import os, socket, sys, time
c = socket.socket()
c.bind((sys.argv[1], 0))
c.connect((sys.argv[2], int(sys.argv[3])))
c.sendall(b"x" * 1048576)
open(sys.argv[4] + ".up", "w").close()
for _ in range(3000):
    if os.path.exists(sys.argv[4]):
        break
    time.sleep(0.1)
c.close()
' "$TB_IP" "$TB_PEER_IP" $HOLD_PORT "$1" &
	hold_pid=$!
	wait_for "$1.up" 120
}

# held_checks CLIENT-GUEST: while that guest's client holds a connection,
# smcss shows it as SMCR here, and the iWARP 4-tuples of `smcr linkgroup
# link-show` here are the other guest's ones mirrored, each with one port
# in the reserved block; the tuples of both ends meet in TB_SYNC
held_checks() {
	local c=$1 out mine theirs

	out=$("$TOOLS/smcss" -a 2>&1)
	echo "$out" | sed 's/^/# smcss: /'
	check "client $c, held connection: smcss here shows it in mode SMCR" \
		bash -c 'grep -F "$1:" <<<"$4" | grep -F "$2:" |
			 grep -F ":$3 " | grep -q "^ACTIVE .* SMCR *$"' _ \
		"$TB_IP" "$TB_PEER_IP" $HOLD_PORT "$out"
	out=$("$TOOLS/smcr" linkgroup link-show 2>&1)
	echo "$out" | sed 's/^/# smcr linkgroup link-show: /'
	mine=$(siw_tuples <<<"$out")
	echo "$mine" > "$TB_SYNC/$TB_ROLE.$c.tuplelist"
	check "client $c, held connection: link-show gives iWARP 4-tuples, each with one port in 65500..65515 ($(paste -sd, <<<"$mine"))" \
		bash -c '[ -n "$1" ] && ! grep -vE ":655(0[0-9]|1[0-5])( |$)" <<<"$1"' \
		_ "$mine"
	barrier "$c.tuples"
	theirs=$(awk '{ print $2, $1 }' "$TB_SYNC/$other.$c.tuplelist" | sort)
	check "client $c, held connection: the other guest's 4-tuples mirror these" \
		test -n "$mine" -a "$mine" = "$theirs"
}

"$TOP/selftests/vm/guest-net.sh" || { fail "network"; exit 1; }
if [ ! -f "$SIW" ] ||
   ! modinfo -F parm "$SIW" | grep -q '^oob_timeout_ms:'; then
	skip "SMC-R over siw between two guests" "no test-bed siw.ko with the OOB patch for $K"
	barrier skip
	exit 0
fi
check "siw0 on eth0, the only RDMA device" siw_setup
check "load our module" load_smc
check "UEID $UEID" "$NL" ueid add $UEID
check "ports 65500..65515 reserved" reserved_ports
"$XFER" -s -f smc -B "$TB_IP" -p $PORT >/dev/null 2>&1 &
srv=$!
hold_serve
wait_listen $PORT
barrier serving

for c in A B; do
	if [ "$c" = "$TB_ROLE" ]; then
		t0=$SECONDS
		check "client $c: $BYTES each way on one connection, SMCR on both ends, hashes verified" \
			"$XFER" -c "$TB_PEER_IP" -B "$TB_IP" -p $PORT -f smc \
			--timeout 600 --bytes "$BYTES" --down-bytes "$BYTES" \
			--expect-client SMCR --expect-server SMCR
		echo "# client $c: $BYTES each way took $((SECONDS - t0)) s"
	fi
	barrier "$c.bulk"
	[ "$c" = "$TB_ROLE" ] && hold_client "$TB_SYNC/$c.hold"
	barrier "$c.held"
	held_checks "$c"
	if [ "$c" = "$TB_ROLE" ]; then
		: > "$TB_SYNC/$c.hold"
		wait $hold_pid
		check "client $c, held connection: its 1 MiB sent, closed" \
			test $? = 0
		t0=$SECONDS
		check "client $c: $SEQ sequential connections, all SMCR and verified" \
			"$XFER" -c "$TB_PEER_IP" -B "$TB_IP" -p $PORT -f smc \
			--timeout 600 --conns "$SEQ" --parallel 1 --bytes 4k \
			--expect-client SMCR --expect-server SMCR
		echo "# client $c: $SEQ sequential connections took $((SECONDS - t0)) s"
	fi
	barrier "$c.seq"
done

kill $srv $hold_srv 2>/dev/null
wait $srv $hold_srv 2>/dev/null
barrier end
sleep 1
check "unload our module" unload_smc
rdma link delete siw0
check "siw unloads" rmmod siw
