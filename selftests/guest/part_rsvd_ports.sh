# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# part_rsvd_ports: the eRDMA/iWARP port reservation ("reserve_mode").
# Sourced by suite_smcr.sh, which has loaded our module and set up rxe1 on
# veth1 and rxe2 on veth2 in the initial namespace.  Soft-iWARP (siw, built
# by selftests/vm/siw/build-siw.sh) plays the iWARP-class device: while one
# is bound to a network device of a namespace, the module holds TCP ports
# rsvd_ports_base..+15 there (default 65500..65515), so bind(2) on them fails
# with EADDRINUSE; elsewhere, and once the device or the module is gone,
# they are free.  iWARP devices are listed but never used for links.

RSVD_NS=rsvdtest
RSVD_HOLD_PORT=65507

# rsvd_binds BASE [NETNS]: the outcome of bind(2) on 0.0.0.0:BASE..BASE+15,
# one word per port ("ok" or the errno name)
rsvd_binds() {
	local base=$1 ns=${2:-}
	local py='
import errno, socket, sys
base = int(sys.argv[1])
out = []
for port in range(base, base + 16):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("0.0.0.0", port))
        out.append("ok")
    except OSError as e:
        out.append(errno.errorcode.get(e.errno, str(e.errno)))
    finally:
        s.close()
print(" ".join(out))
'
	if [ -n "$ns" ]; then
		ip netns exec "$ns" python3 -c "$py" "$base"
	else
		python3 -c "$py" "$base"
	fi
}

# rsvd_bind1 FAMILY PORT [v6only]: bind(2) outcome for one port
rsvd_bind1() {
	python3 -c '
import errno, socket, sys
fam = socket.AF_INET6 if sys.argv[1] == "6" else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM)
if len(sys.argv) > 3:
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
try:
    s.bind(("::" if fam == socket.AF_INET6 else "0.0.0.0", int(sys.argv[2])))
    print("ok")
except OSError as e:
    print(errno.errorcode.get(e.errno, str(e.errno)))
' "$@"
}

# rsvd_all WORD: WORD sixteen times
rsvd_all() {
	local i out=
	for i in {1..16}; do out+="$1 "; done
	echo "${out% }"
}

# rsvd_wait EXPECTED BASE [NETNS]: poll until the ports look as expected
# (the module follows devices in a work item); prints what it saw last
RSVD_SEEN=
rsvd_wait() {
	local i
	for ((i = 0; i < 150; i++)); do
		RSVD_SEEN=$(rsvd_binds "$2" "${3:-}")
		[ "$RSVD_SEEN" = "$1" ] && return 0
		sleep 0.1
	done
	echo "# ports from $2${3:+ in $3}: $RSVD_SEEN"
	return 1
}

# rsvd_count PATTERN: kernel log lines matching the extended regexp
rsvd_count() { dmesg | grep -cE "$1"; }

# rsvd_wait_log PATTERN BEFORE: until more lines match than BEFORE did
rsvd_wait_log() {
	local i
	for ((i = 0; i < 150; i++)); do
		[ "$(rsvd_count "$1")" -gt "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# the smc module with the given parameters, as load_smc does otherwise
rsvd_load_smc() {
	modprobe -q ib_core && insmod "$KMOD/smc.ko" "$@" &&
		insmod "$KMOD/smc_diag.ko" && configure
}

rsvd_cleanup() {
	[ -n "${rsvd_holder:-}" ] && kill "$rsvd_holder" 2>/dev/null &&
		wait "$rsvd_holder" 2>/dev/null
	rsvd_holder=
	rdma link delete siw0 2>/dev/null
	rdma link delete siwlo 2>/dev/null
	ip netns del $RSVD_NS 2>/dev/null
	ip link del rsvdv1 2>/dev/null
	rmmod siw 2>/dev/null
	# the rest of the suite runs with the defaults
	if grep -q '^smc ' /proc/modules; then
		unload_smc 2>/dev/null
	fi
	load_smc && configure
}

part_rsvd_ports() {
	local siw_ko free busy inum out n n2 d

	siw_ko=$TOP/build/vm/siw/$(uname -r)/siw.ko
	free=$(rsvd_all ok)
	busy=$(rsvd_all EADDRINUSE)
	inum=$(readlink /proc/self/ns/net | sed 's/[^0-9]//g')

	check "reserve_mode: 'load SMC module with reserve_mode' logged at load" \
		bash -c 'dmesg | grep -q "smc: load SMC module with reserve_mode"'
	check "reserve_mode: no iWARP device, ports 65500..65515 free" \
		rsvd_wait "$free" 65500

	if [ ! -f "$siw_ko" ]; then
		skip "reserve_mode with Soft-iWARP" "no test-bed siw.ko in ${siw_ko%/*} (selftests/vm/siw/build-siw.sh)"
		return 0
	fi
	# insmod resolves no dependencies (6.12's siw also needs ib_uverbs)
	modprobe -q libcrc32c
	modprobe -q ib_uverbs
	if ! insmod "$siw_ko"; then
		fail "reserve_mode: insmod siw.ko"
		return 0
	fi

	n=$(rsvd_count "smc: netns $inum reserved ports \[65500 ~ 65515\] for eRDMA OOB")
	check "reserve_mode: rdma link add siw0 type siw netdev veth1" \
		rdma link add siw0 type siw netdev veth1
	check "reserve_mode: with siw0 on veth1, bind(65500..65515) fails with EADDRINUSE in init_net" \
		rsvd_wait "$busy" 65500
	check "reserve_mode: the ports around them stay free (65499, 65516)" \
		test "$(rsvd_bind1 4 65499) $(rsvd_bind1 4 65516)" = "ok ok"
	if [ -e /proc/net/if_inet6 ]; then
		check "reserve_mode: an IPv6 dual-stack bind of 65500 fails too, an IPV6_V6ONLY one does not" \
			test "$(rsvd_bind1 6 65500) $(rsvd_bind1 6 65500 v6only)" = "EADDRINUSE ok"
	fi
	check "reserve_mode: dmesg 'smc: netns $inum reserved ports [65500 ~ 65515] for eRDMA OOB'" \
		rsvd_wait_log "smc: netns $inum reserved ports \[65500 ~ 65515\] for eRDMA OOB" "$n"

	# another namespace: free until a device of its own appears there;
	# deleting it with the ports held drops them
	ip netns add $RSVD_NS
	sleep 1
	check "reserve_mode: in a new namespace without a device the ports are free" \
		test "$(rsvd_binds 65500 $RSVD_NS)" = "$free"
	check "reserve_mode: while init_net still holds them" \
		test "$(rsvd_binds 65500)" = "$busy"
	ip link add rsvdv0 type veth peer name rsvdv1 &&
		ip link set rsvdv0 netns $RSVD_NS
	check "reserve_mode: siw on a veth inside that namespace" \
		ip netns exec $RSVD_NS rdma link add siwns type siw netdev rsvdv0
	check "reserve_mode: now the ports are taken there too" \
		rsvd_wait "$busy" 65500 $RSVD_NS
	check "reserve_mode: the namespace holding them is deleted" \
		ip netns del $RSVD_NS
	sleep 1
	check "reserve_mode: init_net keeps its ports" \
		test "$(rsvd_binds 65500)" = "$busy"

	xfer "reserve_mode: SMC-R over rxe works while siw0 exists" --bytes 1m

	out=$("$TOOLS/smcr" device show 2>&1)
	echo "$out" | sed 's/^/# smcr device: /'
	check "reserve_mode: smcr device show lists siw0 on veth1" \
		grep -qE "^veth1 +siw0 +1 " <<<"$out"

	# the only device on lo is iWARP: no SMC-R, the documented codes
	if rdma link add siwlo type siw netdev lo; then
		"$XFER" -s -f smc -B 127.0.0.1 -p $PORT >/dev/null 2>&1 &
		d=$!
		wait_listen $PORT
		"$XFER" -c 127.0.0.1 -B 127.0.0.1 -p $PORT -f smc --bytes 64k \
			--expect-client "TCP 0x03030000" \
			--expect-server "TCP 0x05000000/0x03030000"
		check "reserve_mode: over lo, whose only device is siw, SMC falls back with 0x03030000" \
			test $? = 0
		kill $d 2>/dev/null
		wait $d 2>/dev/null
		if ip -6 addr show dev lo 2>/dev/null | grep -q '::1'; then
			"$XFER" -s -6 -f smc -B ::1 -p $PORT >/dev/null 2>&1 &
			d=$!
			wait_listen $PORT
			"$XFER" -c ::1 -6 -B ::1 -p $PORT -f smc --bytes 64k \
				--expect-client "TCP 0x03030000" \
				--expect-server "TCP 0x05000000/0x03030000"
			check "reserve_mode: IPv6 over lo with siw: fallback 0x03030000" \
				test $? = 0
			kill $d 2>/dev/null
			wait $d 2>/dev/null
		fi
		rdma link delete siwlo
	else
		fail "reserve_mode: rdma link add siwlo type siw netdev lo"
	fi

	check "reserve_mode: rdma link delete siw0" rdma link delete siw0
	check "reserve_mode: without siw0 the ports are free again" \
		rsvd_wait "$free" 65500

	# a port that is taken: logged, the namespace gets none of them.  Once
	# (in a full suite run, not reproduced alone) the holder's first bind
	# still found the port in use right after the check above: it tries for
	# a while and says who holds the port if it never gets it.
	python3 -c '
import socket, subprocess, sys, time
port = int(sys.argv[1])
for i in range(150):
    s = socket.socket()
    try:
        s.bind(("0.0.0.0", port))
        break
    except OSError:
        s.close()
        if i == 0:
            print("# port %d busy at first:" % port, flush=True)
            subprocess.run(["ss", "-tanpe", "sport = :%d" % port])
        time.sleep(0.1)
else:
    sys.exit("# port %d stayed busy" % port)
s.listen(1)
time.sleep(600)
' $RSVD_HOLD_PORT &
	rsvd_holder=$!
	for ((d = 0; d < 100; d++)); do
		[ "$(rsvd_bind1 4 $RSVD_HOLD_PORT)" = EADDRINUSE ] && break
		sleep 0.1
	done
	n=$(rsvd_count "smc: netns $inum port $RSVD_HOLD_PORT is already in use")
	n2=$(rsvd_count "smc: netns $inum reserved ports \[65500 ~ 65515\]")
	check "reserve_mode: siw0 added again while a listener holds $RSVD_HOLD_PORT" \
		rdma link add siw0 type siw netdev veth1
	check "reserve_mode: dmesg says port $RSVD_HOLD_PORT is taken and eRDMA devices are not used" \
		rsvd_wait_log "smc: netns $inum port $RSVD_HOLD_PORT is already in use: .* eRDMA devices are not used in this netns" "$n"
	check "reserve_mode: the other 15 ports are left free" \
		rsvd_wait "ok ok ok ok ok ok ok EADDRINUSE ok ok ok ok ok ok ok ok" 65500
	check "reserve_mode: and no reservation was logged" \
		test "$(rsvd_count "smc: netns $inum reserved ports \[65500 ~ 65515\]")" = "$n2"
	xfer "reserve_mode: SMC-R over rxe still works" --bytes 1m
	kill $rsvd_holder 2>/dev/null
	wait $rsvd_holder 2>/dev/null
	rsvd_holder=
	# the next device change tries again
	rdma link delete siw0
	rdma link add siw0 type siw netdev veth1
	check "reserve_mode: once the port is free, siw0 added again gets all 16" \
		rsvd_wait "$busy" 65500

	# unloading releases everything; another base, above the ephemeral
	# range (32768..60999): an earlier connection's port in TIME_WAIT
	# there once made the reservation fail
	check "reserve_mode: smc unloads with siw0 present" unload_smc
	check "reserve_mode: after unload the ports are free" \
		rsvd_wait "$free" 65500
	check "reserve_mode: smc loads with rsvd_ports_base=61000" \
		rsvd_load_smc rsvd_ports_base=61000
	check "reserve_mode: rsvd_ports_base=61000: 61000..61015 taken in init_net" \
		rsvd_wait "$(rsvd_all EADDRINUSE)" 61000
	check "reserve_mode: rsvd_ports_base=61000: 65500..65515 free" \
		rsvd_wait "$free" 65500
	check "reserve_mode: dmesg 'reserved ports [61000 ~ 61015]'" \
		rsvd_wait_log "smc: netns $inum reserved ports \[61000 ~ 61015\] for eRDMA OOB" 0
	unload_smc
	check "reserve_mode: after unload 61000..61015 are free" \
		rsvd_wait "$free" 61000

	n=$(rsvd_count "smc: load SMC module with reserve_mode")
	check "reserve_mode: smc loads with reserve_mode=0" \
		rsvd_load_smc reserve_mode=0
	sleep 1
	check "reserve_mode=0: siw0 present, ports 65500..65515 free" \
		test "$(rsvd_binds 65500)" = "$free"
	check "reserve_mode=0: no 'load SMC module with reserve_mode' logged" \
		test "$(rsvd_count "smc: load SMC module with reserve_mode")" = "$n"
	check "reserve_mode=0: siw0 is still listed by smcr device show" \
		bash -c '"$1" device show | grep -qE "^veth1 +siw0 +1 "' _ "$TOOLS/smcr"
	unload_smc

	n=$(rsvd_count "rsvd_ports_base 65530 out of range")
	if insmod "$KMOD/smc.ko" rsvd_ports_base=65530 2>/tmp/rsvd_insmod.err; then
		fail "reserve_mode: insmod with rsvd_ports_base=65530 is refused"
		unload_smc
	else
		sed 's/^/# insmod: /' /tmp/rsvd_insmod.err
		check "reserve_mode: insmod with rsvd_ports_base=65530 is refused (EINVAL) with a message" \
			bash -c 'grep -qi "invalid" /tmp/rsvd_insmod.err &&
				 [ "$(dmesg | grep -c "rsvd_ports_base 65530 out of range")" -gt "$1" ]' _ "$n"
	fi
	rm -f /tmp/rsvd_insmod.err

	rsvd_cleanup
	check "reserve_mode: cleaned up: siw unloaded, smc loaded with defaults" \
		bash -c '! grep -q "^siw " /proc/modules && grep -q "^smc " /proc/modules'
}
