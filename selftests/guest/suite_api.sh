#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side: the socket API suite over loopback, IPv4 and IPv6, with our
# modules and no RDMA device: every connection must fall back with the codes
# Linux's module gives (client 0x03030000, server 0x05000000/0x03030000),
# and behave like TCP.  Then the tools' view of such connections.
SUITE="api $(uname -r)"
. "$(dirname "$0")/lib.sh"
guest_setup

if ! load_smc; then
	fail "load smc.ko and smc_diag.ko"
	exit 1
fi
pass "load smc.ko and smc_diag.ko"

# malformed CLC from a raw peer (clc_malformed): tb_synsmc.ko lets a plain
# TCP socket carry the SMC option; selftests/vm/synsmc/build.sh builds it
SYNSMC=$TOP/build/vm/synsmc/$(uname -r)/tb_synsmc.ko
if [ ! -f "$SYNSMC" ]; then
	skip "malformed CLC messages" "no $SYNSMC: run selftests/vm/synsmc/build.sh"
	SYNSMC=
elif ! insmod "$SYNSMC"; then
	fail "load tb_synsmc.ko"
	SYNSMC=
fi

export SMCTEST_EXPECT_CLIENT='TCP 0x03030000'
export SMCTEST_EXPECT_SERVER='TCP 0x05000000/0x03030000'
"$TESTS/run.sh" -q -f smc | tap_to_results "ipv4 "
# IPv6 on the primary kernel only, to keep the default run in its time
# (API_IPV6_ALL_KERNELS=1 runs it on 6.1 too)
case $(uname -r) in
6.12.*) "$TESTS/run.sh" -q -f smc -6 | tap_to_results "ipv6 " ;;
*)	if [ -n "${API_IPV6_ALL_KERNELS:-}" ]; then
		"$TESTS/run.sh" -q -f smc -6 | tap_to_results "ipv6 "
	else
		skip "ipv6: the API suite over IPv6" \
		     "run on 6.12 only in the default run (time); API_IPV6_ALL_KERNELS=1 runs it here"
	fi ;;
esac
unset SMCTEST_EXPECT_CLIENT SMCTEST_EXPECT_SERVER

# SMC_LIMIT_HS against a congested handshake queue (limit_smc_hs, also
# needs tb_synsmc.ko; on its own, it holds up every handshake for a while),
# and the netlink view of net.smc.limit_smc_hs
if [ -n "$SYNSMC" ]; then
	run_tap limit_smc_hs "$TESTS/limit_smc_hs"
fi
# a listener with TCP_DEFER_ACCEPT 3600 and 300 silent clients must not
# hold up other handshakes (the shared handshake workqueue)
run_tap defer_accept_hs "$TESTS/defer_accept_hs"

old_hs=$(sysctl -n net.smc.limit_smc_hs)
for v in 1 0; do
	sysctl -qw net.smc.limit_smc_hs=$v
	want=$([ $v = 1 ] && echo on || echo off)
	check "netlink DUMP_HS_LIMITATION shows net.smc.limit_smc_hs=$v as $want" \
		grep -qx "hslimit $want" <<<"$("$TESTS/smc_nl" hslimit show 2>&1)"
done
sysctl -qw net.smc.limit_smc_hs="$old_hs"

# smcss and smc_run: an unmodified (dynamically linked) program made to use
# AF_SMC by the preload library, seen by smcss with its cause codes
port=7400
"$TESTS/smcxfer" -s -f smc -p $port >/dev/null 2>&1 &
server=$!
wait_listen $port
# (python starts slowly in a busy guest: it says when it is connected)
rm -f /tmp/cli.up /tmp/cli.go
"$TOOLS/smc_run" python3 -c "
import os, socket, time
s = socket.create_connection(('127.0.0.1', $port))
open('/tmp/cli.up', 'w').close()
for i in range(600):
    if os.path.exists('/tmp/cli.go'):
        break
    time.sleep(0.1)
" &
client=$!
wait_for /tmp/cli.up 60
out=$("$TOOLS/smcss" -a 2>&1)
echo "$out" | sed 's/^/# smcss: /'
check "smc_run makes python use AF_SMC, smcss shows the client as TCP 0x03030000" \
	grep -qE "ACTIVE .*:$port +[0-9]+ TCP 0x03030000\$" <<<"$out"
check "smcss shows the server end as TCP 0x05000000/0x03030000" \
	grep -qE "ACTIVE .*:$port .*TCP 0x05000000/0x03030000\$" <<<"$out"
check "smcss -l shows the listener" \
	grep -qE "^LISTEN .*:$port " <<<"$("$TOOLS/smcss" -l)"
explain=$("$TOOLS/smcss" -a --explain 2>&1)
check "smcss --explain explains 0x03030000 and 0x05000000" \
	bash -c 'grep -q "0x03030000" <<<"$1" && grep -q "0x05000000" <<<"$1" &&
		 [ "$(wc -l <<<"$1")" -gt 8 ]' _ "$explain"
: > /tmp/cli.go
wait $client
kill $server 2>/dev/null
wait $server 2>/dev/null

sleep 0.5
[ -z "$SYNSMC" ] || check "unload tb_synsmc.ko" rmmod tb_synsmc
check "unload smc_diag and smc" unload_smc
