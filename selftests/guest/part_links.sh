# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by suite_smcr.sh: link groups on a guest with two RDMA devices
# per end (selftests/vm/guest-veth-rxe-alt.sh adds rxe3/veth3 10.0.0.3 for
# the client and rxe4/veth4 10.0.0.4 for the server, and the PNET table
# that keeps each end to its own devices).
#
#   links         our module on both ends
#   links_intree  Linux's in-tree smc.ko on both ends (vmrun.sh -I; not in
#                 the default): proves that the test bed meets its rules
#                 for an alternate device, i.e. that its link groups reach
#                 two links here, one on each pair of devices

ALT=$TOP/selftests/vm/guest-veth-rxe-alt.sh

# links_of ROLE: "LINKS DEVS" of the first link group of ROLE, e.g.
# "2 rxe1,rxe3" (the devices sorted)
links_of() {
	local devs

	devs=$("$NL" lgr | awk -v role="$1" '
		/^lgr / { cur = ($4 == role && !seen); if (cur) seen = 1; next }
		/^link / && cur { print $8 }' | sort)
	# shellcheck disable=SC2086
	echo "$(grep -c . <<<"$devs") $(echo $devs | tr ' ' ,)"
}

links_pnet() {
	local line

	while read -r line; do
		# shellcheck disable=SC2086
		"$NL" pnet add $line >/dev/null || return 1
	done < <("$ALT" pnet)
}

# links_wait ROLE WANT [SECONDS]: until the link group of ROLE shows WANT
# ("N DEVS", as links_of prints), which may take a moment after the first
# connection: the second link is added after it
links_wait() {
	local i
	for ((i = 0; i < ${3:-10} * 10; i++)); do
		[ "$(links_of "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# links_xfer NAME PORT: 4 MiB each way, verified, over SMC-R
links_xfer() {
	local srv rc

	"$XFER" -s -f smc -B $SRV -p "$2" >/dev/null 2>&1 &
	srv=$!
	wait_listen "$2" 30
	"$XFER" -c $SRV -B $CLNT -p "$2" -f smc --timeout 120 \
		--bytes 4m --down-bytes 4m \
		--expect-client SMCR --expect-server SMCR >/dev/null
	rc=$?
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	check "$1" test $rc = 0
}

# links_setup LOAD-CMD: the second device pair, then the module with the
# PNET table (on both kernels: without it each end's alternate could be
# the other end's device, all four addresses sharing a subnet)
links_setup() {
	unload_smc 2>/dev/null
	check "links: a second pair of RDMA devices (rxe3, rxe4)" "$ALT" up ||
		return 1
	check "links: load the module" "$@" || return 1
	check "links: PNET IDs: NET1 rxe1 rxe3, NET2 rxe2 rxe4" links_pnet
	"$NL" ueid add "$UEID" >/dev/null
}

# our module again, configured as the suite had it
links_restore() {
	load_smc && configure
}

links_teardown() {
	"$ALT" down
	check "links: the second device pair removed" \
		test ! -e /sys/class/infiniband/rxe3 -a ! -e /sys/class/infiniband/rxe4
}

# links_type ROLE: the type of the first link group of ROLE (1 single,
# 2 symmetric, 3 asymmetric peer, 4 asymmetric local)
links_type() {
	"$NL" lgr | awk -v role="$1" '
		/^lgr / && $4 == role { print $8; exit }'
}

# links_xfer_losing PORT DEV NAME [RUNNING]: 32 MiB each way on PORT, and
# 1 s in (after the check RUNNING that the transfer still runs, if given)
# DEV deleted as check NAME; the transfer's status
links_xfer_losing() {
	local srv cli rc

	"$XFER" -s -f smc -B $SRV -p "$1" >/dev/null 2>&1 &
	srv=$!
	wait_listen "$1" 30
	"$XFER" -c $SRV -B $CLNT -p "$1" -f smc --timeout 120 \
		--bytes 32m --down-bytes 32m \
		--expect-client SMCR --expect-server SMCR >/dev/null &
	cli=$!
	sleep 1
	[ -n "${4:-}" ] && check "$4" kill -0 $cli
	check "$3" rdma link delete "$2"
	wait $cli
	rc=$?
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	return $rc
}

# links_lost_alone PORT: the second link's device goes while connections
# run on the first: that link goes alone (DELETE LINK to the peer), the
# link groups go on with one link each, no connection notices
links_lost_alone() {
	local rc

	links_xfer_losing "$1" rxe3 \
		"links: the client's second device (rxe3) deleted mid-transfer"
	rc=$?
	check "links: the transfer on the first link completes, verified" \
		test $rc = 0
	check "links: the client's link group goes on with rxe1 alone" \
		links_wait CLNT "1 rxe1"
	check "links: the server's, told by DELETE LINK, with rxe2 alone" \
		links_wait SERV "1 rxe2"
	check "links: both link groups are single again" \
		test "$(links_type CLNT)/$(links_type SERV)" = 1/1
	"$NL" lgr | sed 's/^/# links: /'
	links_xfer "links: 4 MiB each way on the link left" $(($1 + 1))
}

# links_failover PORT: from single link groups on rxe1 (links_lost_alone
# took rxe3), two links again (rxe3 back, the module reloaded); then the
# client's FIRST device, the one the connections use, goes mid-transfer:
# they move to the second link (failover) and the transfer completes,
# verified, without an error in the application; rxe1 comes back after
links_failover() {
	local rc

	unload_smc
	check "links failover: rxe3 back, the module reloaded" \
		bash -c "rdma link add rxe3 type rxe netdev veth3 &&
			 $TOP/selftests/vm/guest-rxe-wait.sh rxe3 >/dev/null" || return
	load_smc
	# SMCR_LINKS_FAILOVER=0 (a one-off run) turns the module's failover
	# off: the checks below must then fail
	if [ -n "${SMCR_LINKS_FAILOVER:-}" ]; then
		echo "$SMCR_LINKS_FAILOVER" >/sys/module/smc/parameters/failover
	fi
	links_pnet
	"$NL" ueid add "$UEID" >/dev/null
	links_xfer "links failover: 4 MiB each way to make the link groups" "$1"
	check "links failover: two links again, rxe1 and rxe3" \
		links_wait CLNT "2 rxe1,rxe3"
	check "links failover: two links again, rxe2 and rxe4" \
		links_wait SERV "2 rxe2,rxe4"
	# the transfer must still run when rxe1 goes, else this would not
	# test a failover
	links_xfer_losing $(($1 + 1)) rxe1 \
		"links failover: the client's first device (rxe1) deleted mid-transfer" \
		"links failover: the transfer still runs, on rxe1"
	rc=$?
	check "links failover: the transfer moves to the second link and completes, verified" \
		test $rc = 0
	check "links failover: the client's link group goes on with rxe3" \
		links_wait CLNT "1 rxe3"
	check "links failover: the server's, told by DELETE LINK, with rxe4" \
		links_wait SERV "1 rxe4"
	"$NL" lgr | sed 's/^/# links failover: /'
	links_xfer "links failover: 4 MiB each way on the link left" $(($1 + 2))
	check "links failover: rxe1 back" \
		bash -c "rdma link add rxe1 type rxe netdev veth1 &&
			 $TOP/selftests/vm/guest-rxe-wait.sh rxe1 >/dev/null"
}

part_links() {
	local port=$((PORT + 80)) t0=$SECONDS

	links_setup load_smc || return
	links_xfer "links: 4 MiB each way with two devices per end" $port
	"$NL" lgr | sed 's/^/# links: /'
	# the server adds a link on its alternate device (rxe4), the client
	# answers with its own (rxe3): a symmetric link group
	check "links: the client's link group reaches two links, rxe1 and rxe3" \
		links_wait CLNT "2 rxe1,rxe3"
	check "links: the server's link group reaches two links, rxe2 and rxe4" \
		links_wait SERV "2 rxe2,rxe4"
	links_xfer "links: 4 MiB each way over the link group of two links" \
		$((port + 1))
	check "links: still two links on each end" \
		test "$(links_of CLNT)" = "2 rxe1,rxe3" -a \
		"$(links_of SERV)" = "2 rxe2,rxe4"
	links_lost_alone $((port + 2))
	links_failover $((port + 6))
	check "links: unload" unload_smc
	links_teardown
	check "links: our module back, with the suite's configuration" \
		links_restore
	echo "# links: $((SECONDS - t0)) s"
}

# SMC-Rv1 (run by the v1 part, on rxe with RoCE v1 GIDs, no UEID): the
# second link's rkeys go in ADD LINK CONT messages
part_links_v1() {
	local port=$((PORT + 90))

	unload_smc
	check "links v1: a second pair of RDMA devices (rxe3, rxe4)" "$ALT" up ||
		return
	load_smc
	check "links v1: PNET IDs: NET1 rxe1 rxe3, NET2 rxe2 rxe4" links_pnet
	links_xfer "links v1: 4 MiB each way with two devices per end" $port
	check "links v1: the client's link group reaches two links, rxe1 and rxe3" \
		links_wait CLNT "2 rxe1,rxe3"
	check "links v1: the server's link group reaches two links, rxe2 and rxe4" \
		links_wait SERV "2 rxe2,rxe4"
	"$NL" lgr | sed 's/^/# links v1: /'
	check "links v1: the link groups are SMC-Rv1" \
		bash -c '! "$0" lgr | grep "^lgr" | grep -qv " ver 1$"' "$NL"
	links_xfer "links v1: 4 MiB each way over the link group of two links" \
		$((port + 1))
	check "links v1: unload" unload_smc
	links_teardown
	load_smc
}

load_intree() {
	modprobe smc && modprobe smc_diag
}

unload_intree() {
	rmmod smc_diag && rmmod smc
}

part_links_intree() {
	local port=$((PORT + 85))

	links_setup load_intree || return
	links_xfer "links in-tree: 4 MiB each way with two devices per end" \
		$port
	check "links in-tree: the client's link group reaches two links, rxe1 and rxe3" \
		links_wait CLNT "2 rxe1,rxe3" 20
	check "links in-tree: the server's, rxe2 and rxe4" \
		links_wait SERV "2 rxe2,rxe4" 20
	"$NL" lgr | sed 's/^/# links in-tree: /'
	"$TOOLS/smcr" linkgroup link-show 2>&1 | sed 's/^/# links in-tree: /'
	links_xfer "links in-tree: a second transfer on the two links" \
		$((port + 1))
	sleep 1
	check "links in-tree: unload" unload_intree
	links_teardown
	check "links in-tree: our module back" links_restore
}
