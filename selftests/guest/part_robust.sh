# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by suite_smcr.sh: resources and error paths of link groups.
# - smcr_buf_type=1 (virtually contiguous) and =2 (mixed): send buffers
#   that are vmalloc'd have a memory region that must be registered before
#   RDMA WRITEs use its lkey, or the first write kills the link group;
# - smcr_max_send_wr / smcr_max_recv_wr cannot be raised above the defaults
#   in a namespace owned by an unprivileged user (each costs kernel memory
#   per link), only lowered; the initial namespace keeps Linux's range;
# - a queue pair that cannot be created (tb_failqp.ko makes the device
#   refuse it) is a fallback with a cause code and no warning;
# - link groups do not keep a deleted network namespace alive for their
#   linger time: its exit ends them (their links leave the devices).

# robust_buf_type TYPE NAME: a fresh link group of buffer type TYPE carries
# a verified transfer both ways and is still there afterwards
robust_buf_type() {
	local type=$1 name=$2 out
	check "buf_type $type: reload for fresh link groups" reload_smc
	sysctl -qw net.smc.smcr_buf_type="$type"
	xfer "buf_type $type ($name): 32 MiB each way over SMC-R" \
		--bytes 32m --down-bytes 32m
	out=$("$TOOLS/smcr" -dd linkgroup show 2>&1)
	echo "$out" | grep -E "Buf-Type|LG-ID" | sed 's/^/# smcr -dd: /'
	check "buf_type $type: the link groups are $name and still up" \
		test "$(grep -c "Buf-Type *: $name" <<<"$out")" = 2 \
		-a "$(lgr_lines CLNT | wc -l)" = 1
	sysctl -qw net.smc.smcr_buf_type=0
}

# robust_userns_write KNOB VALUE: write into a sysctl of a fresh network
# namespace of a fresh user namespace
robust_userns_write() {
	unshare -Urn sh -c "echo $2 > /proc/sys/net/smc/$1" 2>/dev/null
}
robust_userns_refused() { ! robust_userns_write "$@"; }

robust_wr_bounds() {
	check "userns: smcr_max_send_wr can be lowered (8)" \
		robust_userns_write smcr_max_send_wr 8
	check "userns: smcr_max_recv_wr can be lowered (16)" \
		robust_userns_write smcr_max_recv_wr 16
	check "userns: smcr_max_send_wr cannot be raised (17)" \
		robust_userns_refused smcr_max_send_wr 17
	check "userns: smcr_max_recv_wr cannot be raised (2048)" \
		robust_userns_refused smcr_max_recv_wr 2048
	check "init_net: smcr_max_recv_wr 2048 and back to 48" \
		sysctl -qw net.smc.smcr_max_recv_wr=2048 net.smc.smcr_max_recv_wr=48
}

robust_qp_fail() {
	local ko=$TOP/build/vm/synsmc/$K/tb_failqp.ko warns rc srv srv_rc
	if [ ! -f "$ko" ]; then
		skip "a failed QP creation" "no $ko: run selftests/vm/synsmc/build.sh"
		return
	fi
	check "qp fail: reload for fresh link groups" reload_smc
	warns=$(dmesg | grep -c "WARNING:")
	check "qp fail: load tb_failqp.ko fails=1" insmod "$ko" fails=1
	"$XFER" -s -f smc -B $SRV -p $PORT -N 1 --expect-server "TCP 0x09990000" \
		>/dev/null 2>&1 &
	srv=$!
	wait_listen $PORT 30
	"$XFER" -c $SRV -B $CLNT -p $PORT -f smc --bytes 1m --timeout 120 \
		--expect-client "TCP 0x05000000/0x09990000"
	rc=$?
	wait $srv
	srv_rc=$?
	check "qp fail: fallback, server 0x09990000, client 0x05000000/0x09990000" \
		test $rc = 0 -a $srv_rc = 0
	check "qp fail: the QP creation was failed" \
		test "$(cat /sys/module/tb_failqp/parameters/fails)" = 0
	check "qp fail: no warning in the kernel log" \
		test "$(dmesg | grep -c "WARNING:")" = "$warns"
	check "qp fail: unload tb_failqp.ko" rmmod tb_failqp
	xfer "qp fail: then SMC-R works again" --bytes 1m
}

# robust_links: the links the two RDMA devices carry, e.g. "1 1"
robust_links() {
	"$NL" dev | sed -n 's/^port rxe[12] 1 .* links \([0-9]*\) .*/\1/p' |
		tr '\n' ' '
}

# robust_links_zero: wait up to 15 s for both devices to carry no link
robust_links_zero() {
	local i
	for ((i = 0; i < 75; i++)); do
		[ "$(robust_links)" = "0 0 " ] && return 0
		sleep 0.2
	done
	return 1
}

# SMC-R from a network namespace of its own: its TCP runs over a veth pair
# nv1/nv2 there (the addresses and policy routing of guest-veth-rxe.sh),
# PNET IDs tie nv1 to rxe1 and nv2 to rxe2, whose RoCE traffic runs in the
# initial namespace (rdma_rxe is not namespace-aware; RDMA devices are
# shared by all namespaces).
# robust_netns_setup NS: a fresh namespace NS with nv1 (10.0.0.1) and nv2
# (10.0.0.2) routed across the pair, and PNET IDs tying nv1 to rxe1 and nv2
# to rxe2
robust_netns_setup() {
	local ns=$1 m1 m2
	ip netns add $ns || return 1
	ip -n $ns link add nv1 type veth peer name nv2
	m1=$(ip netns exec $ns cat /sys/class/net/nv1/address)
	m2=$(ip netns exec $ns cat /sys/class/net/nv2/address)
	ip netns exec $ns sysctl -qw \
		net.ipv4.conf.{all,default,nv1,nv2}.{accept_local=1,rp_filter=0}
	ip -n $ns -batch - <<IP
link set lo up
addr add 10.0.0.1/24 dev nv1
addr add 10.0.0.2/24 dev nv2
link set nv1 up
link set nv2 up
rule add pref 10 iif lo to 10.0.0.2 lookup 100
rule add pref 11 iif lo to 10.0.0.1 lookup 101
route add 10.0.0.2 dev nv1 src 10.0.0.1 table 100
route add 10.0.0.1 dev nv2 src 10.0.0.2 table 101
rule add pref 100 lookup local
rule del pref 0 lookup local
neigh replace 10.0.0.2 lladdr $m2 dev nv1 nud permanent
neigh replace 10.0.0.1 lladdr $m1 dev nv2 nud permanent
IP
	# RDMA ports get PNET IDs in the initial namespace only
	[ -n "${NEED_PNET:-}" ] ||
		{ "$NL" pnet add NET1 ib rxe1 1 &&
		  "$NL" pnet add NET2 ib rxe2 1; } >/dev/null
	ip netns exec $ns "$NL" pnet add NET1 eth nv1 >/dev/null
	ip netns exec $ns "$NL" pnet add NET2 eth nv2 >/dev/null
}

robust_netns() {
	local ns=smcrobust srv rc
	check "netns: reload for fresh link groups" reload_smc
	robust_netns_setup $ns || return
	ip netns exec $ns "$XFER" -s -f smc -B $SRV -p $PORT -N 1 \
		>/dev/null 2>&1 &
	srv=$!
	sleep 0.5
	ip netns exec $ns "$XFER" -c $SRV -B $CLNT -p $PORT -f smc \
		--bytes 1m --timeout 120 --expect-client SMCR --expect-server SMCR
	rc=$?
	wait $srv
	check "netns: SMC-R in a namespace of its own" test $rc = 0
	echo "# links of rxe1 and rxe2 after the connection: $(robust_links)"
	check "netns: its link groups linger after the connection" \
		test "$(robust_links)" = "1 1 "
	ip netns del $ns
	check "netns: ip netns del ends them within 15 s" robust_links_zero
	check "netns: reload afterwards" reload_smc
}

part_robust() {
	robust_buf_type 1 "virtually contiguous"
	robust_buf_type 2 "mixed"
	robust_wr_bounds
	robust_qp_fail
	robust_netns
}
