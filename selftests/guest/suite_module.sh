#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side: the module's life cycle.  Loading and unloading over and over,
# unloading refused while sockets exist, network namespaces that go away
# while they still hold SMC sockets.
SUITE="module $(uname -r)"
. "$(dirname "$0")/lib.sh"
guest_setup

# one short fallback connection through the module, then nothing left open
one_connection() {
	"$TESTS/smcxfer" -s -f smc -p 7500 -N 1 >/dev/null 2>&1 &
	local srv=$!
	sleep 0.2
	"$TESTS/smcxfer" -c 127.0.0.1 -p 7500 -f smc --bytes 64k \
		--timeout 60 >/dev/null 2>&1
	local rc=$?
	wait $srv
	return $rc
}

cycle_ok=0
for i in $(seq 20); do
	load_smc || break
	one_connection || break
	unload_smc || break
	cycle_ok=$i
done
check "load, use and unload 20 times ($cycle_ok done)" [ "$cycle_ok" = 20 ]
lsmod | grep -q '^smc ' && unload_smc

# smc_diag depends on smc: without it, only sockets can hold smc
load_smc
rmmod smc_diag
"$TESTS/smcxfer" -s -f smc -p 7501 >/dev/null 2>&1 &
srv=$!
wait_listen 7501
check "unloading is refused while a listening socket exists" \
	bash -c '! rmmod smc 2>/dev/null'
# a connection kept open by an unmodified program through smc_run
# (python starts slowly in a busy guest: it says when it is connected, and
# holds the connection until told to let go)
rm -f /tmp/cli.up /tmp/cli.go
"$TOOLS/smc_run" python3 -c "
import os, socket, time
s = socket.create_connection(('127.0.0.1', 7501))
open('/tmp/cli.up', 'w').close()
for i in range(600):
    if os.path.exists('/tmp/cli.go'):
        break
    time.sleep(0.1)
" &
cli=$!
wait_for /tmp/cli.up 60
kill $srv
wait $srv 2>/dev/null
check "unloading is refused while a connection exists" \
	bash -c '! rmmod smc 2>/dev/null'
: > /tmp/cli.go
wait $cli
check "unloading succeeds once the sockets are closed" unload_smc

# A namespace deleted while its processes still hold SMC sockets: the
# sockets keep it alive; when they close, its exit must be clean.
load_smc
netns_ok=0
for i in $(seq 5); do
	ns=smcns$i
	ip netns add $ns || break
	ip -n $ns link set lo up
	ip netns exec $ns "$TESTS/smcxfer" -s -f smc -p 7600 >/dev/null 2>&1 &
	srv=$!
	sleep 0.3
	ip netns exec $ns "$TESTS/smcxfer" -c 127.0.0.1 -p 7600 -f smc \
		--bytes 256k --parallel 4 --timeout 60 >/dev/null 2>&1 || break
	ip netns del $ns
	# the server still runs in the deleted namespace
	kill -0 $srv 2>/dev/null || break
	kill $srv
	wait $srv 2>/dev/null
	netns_ok=$i
done
check "namespaces deleted while holding SMC sockets ($netns_ok of 5)" \
	[ "$netns_ok" = 5 ]

# sock_diag answers per namespace
ip netns add smcdiag
ip -n smcdiag link set lo up
ip netns exec smcdiag "$TESTS/smcxfer" -s -f smc -p 7700 >/dev/null 2>&1 &
srv=$!
sleep 0.3
check "smcss in another namespace does not list the listener" \
	bash -c '! "$1" -l | grep -q ":7700 "' _ "$TOOLS/smcss"
check "smcss inside the namespace lists it" \
	bash -c 'ip netns exec smcdiag "$1" -l | grep -q ":7700 "' _ "$TOOLS/smcss"
kill $srv
wait $srv 2>/dev/null
ip netns del smcdiag
sleep 1
check "unload after the namespaces are gone" unload_smc

# make install / make uninstall on this guest's (throw-away) root, with
# Debian 12's default kernel: each depmod over 6.12's compressed module
# tree takes more than a minute in an emulated guest (DKMS and a staged
# make install for 6.12 are in the package step on the host)
. "$(dirname "$0")/part_install.sh"
case $(uname -r) in
6.1.*) part_install ;;
*) skip "install: make install, modprobe, make uninstall" \
	"run in the 6.1 guest (Debian 12's default kernel)" ;;
esac
