# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2016,SC2001
#
# Sourced by suite_smcr.sh: smc_chk end to end between $CLNT and $SRV.
#   - smc_chk -S on $SRV, smc_chk from $CLNT: SMC-R on both ends, exit 0
#   - smc_chk against a plain TCP listener: fallback 0x03010000 explained,
#     exit 1
#   - smc_chk --replay against a plain and an SMC listener: not replayed;
#     SMC offered only by the SMC listener
#   - smc_chk --replay as nobody: refused
# Needs the suite's helpers (check, pass, fail, skip, wait_listen) and
# $TOOLS, $CLNT, $SRV, $PORT.

# _smc_chk_log TAG TEXT: the output in the log, for the failure analysis
_smc_chk_log() {
	sed "s/^/# $1: /" <<<"$2"
}

part_smc_chk() {
	local chk=$TOOLS/smc_chk p1=$((PORT + 40)) p2=$((PORT + 41))
	local srv py out rc
	local tmp=/tmp/part_smc_chk

	if [ ! -x "$chk" ]; then
		skip "smc_chk" "$chk not built"
		return
	fi
	rm -rf "$tmp" && mkdir -p "$tmp"

	# --- smc_chk on both ends ---------------------------------------------
	"$chk" -S -B "$SRV" -p $p1 -c 1 >"$tmp/srv" 2>&1 &
	srv=$!
	if ! wait_listen $p1; then
		fail "smc_chk -S listens on $SRV:$p1"
		kill $srv 2>/dev/null
		wait $srv 2>/dev/null
		return
	fi

	# the listener is an SMC one: it answers the SMC option, echoes nothing
	out=$("$chk" --replay -B "$CLNT" "$SRV" $p1 2>&1)
	rc=$?
	_smc_chk_log "replay vs smc_chk -S" "$out"
	check "smc_chk --replay vs an SMC listener: not replayed, exit 0" \
		bash -c '[ "$1" = 0 ] && grep -q "): not replayed$" <<<"$2"' \
		_ "$rc" "$out"
	check "smc_chk --replay vs an SMC listener: SMC offered" \
		grep -q "^SMC option: present, the server offers SMC$" <<<"$out"

	out=$("$chk" -B "$CLNT" "$SRV" $p1 2>&1)
	rc=$?
	_smc_chk_log "smc_chk client" "$out"
	check "smc_chk client: exit 0" test "$rc" = 0
	check "smc_chk client: SMC-R over rxe1" \
		bash -c 'grep -qx "client (this host): SMC-R" <<<"$1" &&
			 grep -qx "    link: rxe1 port 1" <<<"$1"' _ "$out"
	check "smc_chk client: the server's view, SMC-R over rxe2" \
		bash -c 'grep -qx "server (reported by smc_chk -S): SMC-R" <<<"$1" &&
			 grep -qx "    link: rxe2 port 1" <<<"$1"' _ "$out"
	# -c 1: the server ends after this connection, with its status
	if timeout 20 tail --pid=$srv -f /dev/null; then
		wait $srv
		rc=$?
	else
		kill $srv 2>/dev/null
		wait $srv 2>/dev/null
		rc=timeout
	fi
	_smc_chk_log "smc_chk -S" "$(cat "$tmp/srv")"
	check "smc_chk -S: SMC-R reported, exit 0 after one connection" \
		bash -c '[ "$1" = 0 ] && grep -qx "server (this host): SMC-R" "$2" &&
			 ! grep -q "not from smc_chk" "$2"' _ "$rc" "$tmp/srv"

	# --- a plain TCP server -----------------------------------------------
	python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen(8)
s.settimeout(120)
while True:
    c, _ = s.accept()
    c.close()
' "$SRV" $p2 >/dev/null 2>&1 &
	py=$!
	if ! wait_listen $p2; then
		fail "a plain TCP listener on $SRV:$p2"
		kill $py 2>/dev/null
		wait $py 2>/dev/null
		return
	fi

	out=$("$chk" -B "$CLNT" -t 3 "$SRV" $p2 2>&1)
	rc=$?
	_smc_chk_log "smc_chk vs TCP" "$out"
	check "smc_chk vs a TCP server: exit 1" test "$rc" = 1
	check "smc_chk vs a TCP server: fallback 0x03010000 with cause and fix" \
		bash -c 'grep -qx "client (this host): TCP fallback" <<<"$1" &&
			 grep -qx "    reason 0x03010000: peer did not indicate SMC" <<<"$1" &&
			 grep -q "^        Cause: The SYN or SYN-ACK from the peer" <<<"$1" &&
			 grep -q "^        Fix:   Run the peer application with SMC" <<<"$1"' \
		_ "$out"
	check "smc_chk vs a TCP server: only the local view" \
		grep -q "^server: no answer from smc_chk -S" <<<"$out"

	out=$("$chk" --replay -B "$CLNT" "$SRV" $p2 2>&1)
	rc=$?
	_smc_chk_log "replay vs TCP" "$out"
	check "smc_chk --replay vs a TCP listener: not replayed, exit 0" \
		bash -c '[ "$1" = 0 ] && grep -q "): not replayed$" <<<"$2" &&
			 grep -qx "result: the server did not replay the TCP option" <<<"$2"' \
		_ "$rc" "$out"
	check "smc_chk --replay vs a TCP listener: no SMC offered" \
		grep -q "^SMC option: absent" <<<"$out"

	# --- unprivileged --replay --------------------------------------------
	# a copy nobody can surely reach, whatever the mount's permissions
	cp "$chk" "$tmp/smc_chk" && chmod 755 "$tmp" "$tmp/smc_chk"
	if command -v setpriv >/dev/null; then
		out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$tmp/smc_chk" --replay -B "$CLNT" "$SRV" $p2 2>&1)
	else
		out=$(su nobody -s /bin/sh -c \
			"$tmp/smc_chk --replay -B $CLNT $SRV $p2" 2>&1)
	fi
	rc=$?
	_smc_chk_log "replay as nobody" "$out"
	check "smc_chk --replay as nobody: refused, exit 2" \
		bash -c '[ "$1" = 2 ] && grep -q "^smc_chk: --replay must run as root" <<<"$2"' \
		_ "$rc" "$out"

	kill $py 2>/dev/null
	wait $py 2>/dev/null
	rm -rf "$tmp"
}
