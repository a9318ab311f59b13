#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs smc_chk client and server against each other on this host, with
# libfake-chk.so playing AF_SMC (as TCP) and its sock_diag, to cover the
# check protocol on real sockets, the reports and the exit codes.
#
#   test_smc_chk_cli.sh OUTDIR TESTDIR

chk=$1/smc_chk
fake=$2/libfake-chk.so
. "$(dirname "$0")/cli_lib.sh"

# a port from the pid, away from the usual ephemeral range
port=$((20000 + $$ % 10000))

# run ARGS...: the client under the fake, status in $rc
run() {
	LD_PRELOAD=$fake "$chk" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
}

status() {
	if [ "$rc" -eq "$2" ]; then ok "$1"; else not_ok "$1 (exit $rc)"; fi
}

hasnt() {
	if grep -q -- "$3" "$tmp/$2"; then not_ok "$1"; else ok "$1"; fi
}

# server MODE: smc_chk -S for one connection on $port, output in $tmp/srv
server() {
	port=$((port + 1))
	: > "$tmp/srv"
	FAKE_CHK_MODE=$1 LD_PRELOAD=$fake "$chk" -S -B 127.0.0.1 -p $port \
		-c 1 > "$tmp/srv" 2> "$tmp/srv.err" &
	srv=$!
	i=0
	while ! grep -q '^listening on' "$tmp/srv" && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

server_done() {
	wait $srv
	src=$?
	cat "$tmp/srv" >> "$tmp/out"
}

# both ends on SMC-R
server smcr
FAKE_CHK_MODE=smcr run 127.0.0.1 $port
server_done
status "SMC-R: client exit 0" 0
has "request: an AF_SMC dump asking for link details" err \
	'^fake-chk: request family=43 ext=0x2 flags=0x301$'
has "client view: SMC-R" out '^client (this host): SMC-R$'
has "client link" out '^    link: fakerxe port 1$'
has "client GID" out '^    GID:      fe80:0000:0000:0000:0000:0000:0000:0001$'
has "client peer GID" out '^    peer GID: fe80:0000:0000:0000:0000:0000:0000:0002$'
has "server view relayed" out '^server (reported by smc_chk -S): SMC-R$'
has "connection line" out "^connection 127.0.0.1:[0-9]* -> 127.0.0.1:$port\$"
has "server reports its side" out '^server (this host): SMC-R$'
hasnt "server saw smc_chk" out 'not from smc_chk'
if [ "$src" -eq 0 ]; then ok "SMC-R: server exit 0"; else not_ok "SMC-R: server exit 0 ($src)"; fi

# both ends fell back, each with its own reason
server fb:03030000:03010000
FAKE_CHK_MODE=fb:03010000:03030000 run 127.0.0.1 $port
server_done
status "fallback: client exit 1" 1
has "client reason" out '^    reason 0x03010000: peer did not indicate SMC$'
has "client peer diagnosis" out '^    peer diagnosis 0x03030000: no SMC device$'
has "cause text" out '^        Cause: The SYN or SYN-ACK'
has "fix text" out '^        Fix:   Run the peer application with SMC'
has "server view relayed" out '^server (reported by smc_chk -S): TCP fallback$'
has "server reason relayed" out '^    reason 0x03030000: no SMC device$'
if [ "$src" -eq 1 ]; then ok "fallback: server exit 1"; else not_ok "fallback: server exit 1 ($src)"; fi

# a server that is not smc_chk: it closes at once
if command -v python3 >/dev/null 2>&1; then
	port=$((port + 1))
	python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(1)
s.settimeout(10)
print("up", flush=True)
c, _ = s.accept()
c.close()
' $port > "$tmp/py" &
	py=$!
	i=0
	while ! grep -q up "$tmp/py" && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	FAKE_CHK_MODE=fb:03010000:0 run -t 2 127.0.0.1 $port
	wait $py
	status "plain server: client exit 1" 1
	has "plain server: only the local view" out '^server: no answer from smc_chk -S'
	has "plain server: no peer code" out '^    peer diagnosis: none'
else
	echo "ok - plain server # SKIP no python3"
fi

# what goes wrong
FAKE_CHK_ERRNO=97 run 127.0.0.1 1
status "no AF_SMC: exit 2" 2
has "no AF_SMC: says to load smc" err 'modprobe smc'

server smcr
FAKE_CHK_DIAG=enoent run 127.0.0.1 $port
server_done
status "no smc_diag: exit 2" 2
has "no smc_diag: says so" err 'is smc_diag loaded?'

run 127.0.0.1 1
status "connection refused: exit 2" 2
has "connection refused: says so" err 'connect to 127.0.0.1:1: Connection refused'

run
status "no arguments: exit 2" 2
run -S 127.0.0.1 5
status "-S with HOST: exit 2" 2
run 127.0.0.1 70000
status "bad port: exit 2" 2
has "bad port named" err "bad port '70000'"
run -S --replay
status "-S and --replay: exit 2" 2
run -6 --replay 127.0.0.1 80
if [ "$(id -u)" -eq 0 ]; then
	status "--replay -6: exit 2" 2
	has "--replay -6: IPv4 only" err 'IPv4 only'
fi

# --replay needs root; as root, try it as nobody
nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}
if [ "$(id -u)" -ne 0 ]; then
	run --replay 127.0.0.1 80
	unpriv=yes
elif command -v setpriv >/dev/null 2>&1 &&
     nobody "$chk" --version >/dev/null 2>&1; then
	nobody "$chk" --replay 127.0.0.1 80 > "$tmp/out" 2> "$tmp/err"
	rc=$?
	unpriv=yes
else
	echo "ok - --replay unprivileged # SKIP no setpriv, or nobody cannot run $chk"
	unpriv=
fi
if [ -n "$unpriv" ]; then
	status "--replay unprivileged: exit 2" 2
	has "--replay unprivileged: clear message" err '^smc_chk: --replay must run as root'
fi

echo "test_smc_chk_cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
