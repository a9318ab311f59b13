#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Command line checks of the smcr and smc_pnet binaries that need no SMC
# module: options, abbreviations, and every argument error that must be
# caught before anything is sent to the kernel.
#
#   test_smcr_cli.sh OUTDIR TESTDIR

smcr=$1/smcr
pnet=$1/smc_pnet
. "$(dirname "$0")/cli_lib.sh"

# run PROGRAM ARGS...: status in $rc, output in $tmp/out and $tmp/err
run() {
	"$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
}

status() {
	if [ "$rc" -eq "$2" ]; then ok "$1"; else not_ok "$1 (exit $rc)"; fi
}

run "$smcr" -v
status "smcr -v: exit 0" 0
has "smcr -v: version" out '^smcr (smc-tools) '
run "$smcr"
status "smcr without object: exit 2" 2
has "smcr without object: usage" err '^Usage: smcr'
run "$smcr" help
status "smcr help: exit 0" 0
has "smcr help: objects" out 'OBJECT := {info | linkgroup | device | stats | ueid | policy | capture}'
run "$smcr" bogus
status "unknown object: exit 2" 2
has "unknown object: named" err 'unknown object "bogus"'
run "$smcr" l help
status "abbreviated object help: exit 0" 0
has "abbreviated object: linkgroup" out 'linkgroup {show | link-show}'
run "$smcr" dev help
has "abbreviated object: device" out 'device show'
run "$smcr" st bogus
status "unknown command: exit 2" 2
has "unknown command: stats usage" err 'stats {show | reset | json}'
run "$smcr" linkgroup show ibdev
status "filter without value: exit 2" 2
run "$smcr" device show netdev a b
status "filter with extra words: exit 2" 2
run "$smcr" info extra
status "info with arguments: exit 2" 2
run "$smcr" ueid add
status "ueid add without UEID: exit 2" 2
run "$smcr" ueid add "bad eid"
status "invalid UEID: exit 1" 1
has "invalid UEID: explained" err 'invalid UEID "bad eid"'
run "$smcr" ueid add A2345678901234567890123456789012X
status "UEID too long: exit 1" 1
has "UEID too long: explained" err 'at most 32 characters'
run "$smcr" policy add
status "policy add without prefix: exit 2" 2
run "$smcr" policy add 10.0.0.0/24 port
status "policy add with port but no number: exit 2" 2
run "$smcr" policy add 10.0.0.0/33
status "policy prefix length 33: exit 1" 1
has "policy prefix length 33: explained" err 'invalid prefix "10.0.0.0/33": the prefix length of an IPv4 prefix is 0..32'
run "$smcr" policy add garbage
status "policy garbage prefix: exit 1" 1
has "policy garbage prefix: explained" err 'not an IPv4 or IPv6 address'
run "$smcr" policy del 2001:db8::/32 port 70000
status "policy port 70000: exit 1" 1
has "policy port 70000: explained" err 'invalid port "70000"'
run "$smcr" capture attach
status "capture attach without device: exit 2" 2
has "capture attach without device: usage" err 'capture {attach NETDEV'
run "$smcr" capture attach lo snaplen
status "capture attach option without value: exit 2" 2
run "$smcr" capture attach lo bogus 1
status "capture attach unknown option: exit 2" 2
run "$smcr" capture attach lo snaplen 70000
status "capture snaplen 70000: exit 1" 1
has "capture snaplen 70000: explained" err 'invalid snaplen "70000": must be 0..65535'
run "$smcr" capture attach lo events llc,raw
status "capture unknown event: exit 1" 1
has "capture unknown event: explained" err 'invalid events "llc,raw"'
run "$smcr" capture attach lo modes smcx
status "capture unknown mode: exit 1" 1
run "$smcr" capture attach no-such-dev0
status "capture attach unknown device: exit 1" 1
has "capture attach unknown device: explained" err 'no network device "no-such-dev0"'
run "$smcr" capture detach a b
status "capture detach with two devices: exit 2" 2
run "$smcr" capture show extra
status "capture show with arguments: exit 2" 2
run "$smcr" policy help
status "policy help: exit 0" 0
has "policy help: usage" out 'policy {add PREFIX\[/LEN\] \[port PORT\]'
run "$smcr" -x info
status "unknown option: exit 2" 2

run "$pnet" -v
status "smc_pnet -v: exit 0" 0
run "$pnet" -h
has "smc_pnet -h: usage" out '^Usage: smc_pnet'
run "$pnet" -a NET1
status "add without device: exit 2" 2
has "add without device: explained" err 'needs a device'
run "$pnet" -a -I eth0
status "add without PNET ID: exit 2" 2
run "$pnet" -a NET1 -D mlx5_0 -P 3
status "port 3: exit 2" 2
has "port 3: explained" err 'invalid port "3"'
run "$pnet" -a NET1 -I eth0 -P 1
status "port without ibdev: exit 2" 2
run "$pnet" -a "NET 1" -I eth0
status "invalid PNET ID: exit 1" 1
has "invalid PNET ID: explained" err 'letters and digits'
run "$pnet" -a NET1 -I eth0123456789abcdef
status "interface name too long: exit 1" 1
run "$pnet" -I eth0
status "device without -a: exit 2" 2
run "$pnet" -f NET1
status "flush with PNET ID: exit 2" 2
run "$pnet" -a -d NET1
status "two actions: exit 2" 2
run "$pnet" -d
status "delete without PNET ID: exit 2" 2
run "$pnet" NET1 NET2
status "two PNET IDs: exit 2" 2

# Without the families both tools must say that SMC is not loaded.  Asking
# the kernel for a family may load a module of that name, so only do it
# where no smc module exists to be loaded.
kmods=/lib/modules/$(uname -r)
if [ -e /sys/module/smc ] || { [ -d "$kmods" ] && \
	[ -n "$(find "$kmods" -name 'smc.ko*' -print -quit 2>/dev/null)" ]; }
then
	echo "ok - # SKIP missing-module checks: an smc module is loaded or loadable"
else
	run "$smcr" info
	status "no module: smcr exit 1" 1
	has "no module: smcr says so" err '^Error: SMC module not loaded$'
	run "$smcr" stats
	has "no module: smcr stats says so" err '^Error: SMC module not loaded$'
	run "$pnet"
	status "no module: smc_pnet exit 1" 1
	has "no module: smc_pnet says so" err '^Error: SMC module not loaded$'
fi

echo "smcr-cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
