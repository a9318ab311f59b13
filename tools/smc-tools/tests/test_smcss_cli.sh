#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs the smcss binary against libfake-diag.so, which plays the kernel's
# sock_diag, to cover the request smcss sends and its netlink I/O.
#
#   test_smcss_cli.sh OUTDIR TESTDIR

smcss=$1/smcss
fake=$2/libfake-diag.so
. "$(dirname "$0")/cli_lib.sh"

# run SCENARIO ARGS...: smcss under the fake, status in $rc
run() {
	sc=$1
	shift
	FAKE_DIAG=$sc LD_PRELOAD=$fake "$smcss" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
}

hasnt() {
	if grep -q -- "$3" "$tmp/$2"; then not_ok "$1"; else ok "$1"; fi
}

status() {
	if [ "$rc" -eq "$2" ]; then ok "$1"; else not_ok "$1 (exit $rc)"; fi
}

run sample
status "default: exit 0" 0
has "request: a dump of AF_SMC to the kernel" err \
	'^fake-diag: request len=68 type=20 flags=0x301 family=43 ext=0x0 to=kernel$'
has "header" out '^State          UID   Inode   Local Address           Peer Address            Intf Mode$'
has "fallback row" out \
	'^ACTIVE         00000 0156721 192.168.99.21:60188     192.168.99.22:8090      0000 TCP 0x05000000/0x03030008$'
has "SMC-R row" out \
	'^ACTIVE         00000 1202539 172.16.4.189:44780      172.16.4.190:1811       0000 SMCR$'
hasnt "listener hidden" out 'LISTEN'
hasnt "nothing on stderr but the request" err '^smcss'

run split -a
status "split replies: exit 0" 0
has "split: listener shown with -a" out '^LISTEN         00000 0000011 0.0.0.0:8090'
has "split: rows from all datagrams" out '0000 SMCR$'

run sample -d
has "-d asks for CONNINFO" err 'ext=0x1 '
has "-d shows cursors" out '00001234 .*0000:00000005'
has "-d shows shutdown" out 'TCP 0x05000000/0x03030008 <-W'
run sample -R
has "-R asks for LGRINFO" err 'ext=0x2 '
run sample -D
has "-D asks for DMBINFO" err 'ext=0x8 '
run sample -l
has "-l: listener" out '^LISTEN'
hasnt "-l: nothing else" out '^ACTIVE'

run sample --explain
has "--explain: peer code" out '^0x03030008 no common UEID (reported by peer, 1 socket)$'
has "--explain: fix text" out 'smcr ueid add'
run sample --json
has "--json: array" out '^\[$'
has "--json: asks for everything" err 'ext=0xb '
if command -v python3 > /dev/null 2>&1; then
	if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d) == 2' \
		"$tmp/out"; then ok "--json parses"; else not_ok "--json parses"; fi
fi

run empty -a
status "no sockets: exit 0" 0
has "no sockets: header only" out '^State'

run enoent
status "ENOENT: exit 1" 1
has "ENOENT: explained" err 'AF_SMC'
run eperm
status "EPERM: exit 1" 1
has "EPERM: reported" err 'refused the AF_SMC socket dump: Operation not permitted'
run garbage
status "malformed reply: exit 1" 1
has "malformed reply: reported" err 'malformed netlink message'
run huge
status "oversized reply: exit 1" 1
has "oversized reply: reported" err 'larger than'
run foreign -a
status "replies from other ports ignored" 0
has "real replies still read" out '^LISTEN'

echo "smcss-cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
