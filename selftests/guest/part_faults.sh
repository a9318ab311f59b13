# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Part "faults" of suite_smcr.sh (sourced; uses its helpers and settings),
# not in its default parts: it needs the debug kernel's fault injection
# (selftests/vm/debug-kernel, run_tests.sh -s debug).  failslab fails 1%
# of the allocations made with smc.ko's code on the stack (its stack-trace
# filter, over the module's text), fail_page_alloc every 7th of the page
# allocations made so, while connections churn and bulk transfers run;
# when one stalls, the sockets and blocked tasks are shown; fail_function
# fails the module's functions marked injectable.  Nothing may crash, hang or
# corrupt data; every connection ends verified over SMC-R, verified as a
# fallback to TCP with a cause code, or with an errno; afterwards SMC-R
# works, the module unloads and kmemleak finds nothing.  Before the
# injectors, one deterministic check (fault_epoll_enomem) fails the
# allocation of one epoll registration under smc_poll() in the server's
# and in the client's task: that connection must end with ENOMEM at once.

FAULT_TIMES=1000000
FAULT_PERCENT=${FAULT_PERCENT:-1}
# the load under each injector (smaller on a slow guest) and the injectors
FAULT_CONNS=${FAULT_CONNS:-200}
FAULT_BULK=${FAULT_BULK:-16m}
FAULT_INJECTORS=${FAULT_INJECTORS:-failslab fail_page_alloc fail_function}
# fail_function's helpers run a few times per connection or link group, not
# per allocation: at 1% a run may inject nothing at all
FAULT_FUNCTION_PERCENT=${FAULT_FUNCTION_PERCENT:-10}
# smc.ko allocates pages only per link or buffer (a few dozen times in a
# run): 1% of them left some runs without a single failure.  So
# fail_page_alloc fails every FAULT_PAGE_INTERVAL-th one instead, not at
# random: the queue pairs' and buffers' allocations then fail in every run,
# and "failures were injected" fails only when smc.ko's page allocations
# are no longer seen at all.
FAULT_PAGE_INTERVAL=${FAULT_PAGE_INTERVAL:-7}

# fault_text_range: "START END" around smc.ko's functions
fault_text_range() {
	awk '$4 == "[smc]" && ($2 == "t" || $2 == "T") { print $1 }' \
		/proc/kallsyms | sort | sed -n '1p;$p' | paste -sd ' '
}

# fault_arm DIR [PERCENT [INTERVAL]]: DIR (a fault_attr directory in
# debugfs) fails PERCENT% (default FAULT_PERCENT) of every INTERVAL-th
# (default 1) call with smc.ko's code on the stack, up to FAULT_TIMES
# times, silently
fault_arm() {
	local d=$1 percent=${2:-$FAULT_PERCENT} interval=${3:-1} range start end

	range=$(fault_text_range)
	read -r start end <<<"$range"
	[ -n "$end" ] && [ "$start" != 0000000000000000 ] || return 1
	echo 0 > "$d/probability" &&
		echo "0x$start" > "$d/require-start" &&
		printf '%#x\n' $((0x$end + 0x1000)) > "$d/require-end" &&
		echo 32 > "$d/stacktrace-depth" &&
		echo "$interval" > "$d/interval" &&
		echo 0 > "$d/space" &&
		echo 0 > "$d/verbose" &&
		echo N > "$d/task-filter" &&
		echo $FAULT_TIMES > "$d/times" || return 1
	# sleeping allocations too, and every order
	[ ! -e "$d/ignore-gfp-wait" ] || echo N > "$d/ignore-gfp-wait" || return 1
	[ ! -e "$d/min-order" ] || echo 0 > "$d/min-order" || return 1
	echo "$percent" > "$d/probability"
}

fault_disarm() {
	echo 0 > "$1/probability"
}

# fault_count DIR: failures injected since fault_arm
fault_count() {
	echo $((FAULT_TIMES - $(cat "$1/times")))
}

# fault_verdicts < LOGS: prints the smcxfer connection lines of LOGS that
# are neither verified over SMC-R, nor a fallback with a cause code, nor an
# errno (nothing when all are acceptable)
fault_verdicts() {
	grep '^smcxfer: connection ' | grep -vE \
		-e ' ok, (client|mode) (SMCR|TCP 0x0*[1-9a-f][0-9a-f]*(/0x[0-9a-f]+)?)(,|$)' \
		-e ' ok, (client|mode) \(sock_diag: ' \
		-e 'FAILED.*: (socket|bind|send|recv|connect|epoll_ctl): ' \
		-e 'FAILED.*: recv after the end: ' \
		-e 'FAILED.*: the peer closed early' \
		-e 'FAILED.*: server mode: the server found no sock_diag entry \(' |
		head -n 10 | grep .
}

# fault_watch PID PFX: waits for the client PID; while it runs longer
# than a churn without faults takes, what is open and what waits is written
# to PFX-stall.log every 10 s, and once more after the client ended (the
# server's side of a connection that makes no progress): the sockets
# (smcss) and the kernel stacks of the tasks blocked in the kernel
fault_snapshot() {
	local t

	echo "# after $1 s:"
	"$TOOLS/smcss" -a -d 2>&1
	for t in /proc/[0-9]*; do
		grep -qs '^State:.*D (disk sleep)' "$t/status" || continue
		echo "# task ${t#/proc/} $(cat "$t/comm" 2>/dev/null)"
		cat "$t/stack" 2>/dev/null
	done
}

fault_watch() {
	local pid=$1 pfx=$2 t

	for ((t = 1; ; t++)); do
		sleep 1
		kill -0 "$pid" 2>/dev/null || break
		[ $((t % 10)) = 5 ] && [ "$t" -gt 10 ] &&
			fault_snapshot "$t" >> "$pfx-stall.log" 2>&1
	done
	[ -s "$pfx-stall.log" ] && fault_snapshot "$t (end)" >> "$pfx-stall.log" 2>&1
	wait "$pid"
}

# fault_load NAME: churn, then bulk transfers, against one server; their
# logs go to /tmp/faults-NAME-*.log
fault_load() {
	local name=$1 srv pfx=/tmp/faults-$1

	rm -f "$pfx-churn-stall.log"
	"$XFER" -s -f smc -B "$SRV" -p "$PORT" > "$pfx-server.log" 2>&1 &
	srv=$!
	wait_listen "$PORT"
	"$XFER" -c "$SRV" -B "$CLNT" -p "$PORT" -f smc --timeout 60 -v \
		--conns "$FAULT_CONNS" --parallel 10 --bytes 64k \
		> "$pfx-churn.log" 2>&1 &
	fault_watch $! "$pfx-churn"
	"$XFER" -c "$SRV" -B "$CLNT" -p "$PORT" -f smc --timeout 60 -v \
		--conns 4 --parallel 2 --bytes "$FAULT_BULK" > "$pfx-bulk.log" 2>&1
	kill "$srv" 2>/dev/null
	wait "$srv" 2>/dev/null
	sleep 1
}

# fault_check NAME INJECTED: the verdicts of fault_load NAME's logs
fault_check() {
	local name=$1 injected=$2 pfx=/tmp/faults-$1 log bad summary

	echo "# $name: $injected failures injected"
	echo "# $name: the server's sock_diag lookups: $(grep -c 'sock_diag dump of' "$pfx-server.log") took more than one message, $(grep -c 'sock_diag failed' "$pfx-server.log") failed and were tried again"
	for log in churn bulk; do
		summary=$(grep '^smcxfer: [0-9]* connections' "$pfx-$log.log")
		echo "# $name $log: ${summary#smcxfer: }"
		if [ -n "$summary" ]; then
			pass "faults: $name, $log: the client finished (no hang)"
		else
			# a client that died says why on its last lines
			fail "faults: $name, $log: the client finished (no hang)"
			tail -n 5 "$pfx-$log.log" | sed 's/^/#   /'
		fi
		check "faults: $name, $log: no connection timed out" \
			bash -c '! grep -q "no progress for" "$0"' "$pfx-$log.log"
	done
	bad=$(cat "$pfx-churn.log" "$pfx-bulk.log" "$pfx-server.log" |
	      fault_verdicts)
	if [ -z "$bad" ]; then
		pass "faults: $name: every connection verified, fell back with a cause code or got an errno"
	else
		fail "faults: $name: every connection verified, fell back with a cause code or got an errno"
		printf '%s\n' "$bad" | sed 's/^/#   /'
		# what the connections' peers saw, and what was open then
		grep -h 'FAILED' "$pfx-churn.log" "$pfx-server.log" |
			head -n 30 | sed 's/^/#   all: /'
		# how the server's sock_diag dumps missed its connections
		grep -hE 'no sock_diag entry for|sock_diag failed' "$pfx-server.log" |
			head -n 10 | sed 's/^/#   diag: /'
		[ ! -s "$pfx-churn-stall.log" ] ||
			head -n 300 "$pfx-churn-stall.log" | sed 's/^/#   stall: /'
	fi
	check "faults: $name: failures were injected ($injected)" \
		test "$injected" -gt 0
}

# fault_run NAME DIR [PERCENT [INTERVAL]]: one injector during fault_load
fault_run() {
	local name=$1 d=$2 injected

	if [ ! -d "$d" ]; then
		skip "faults: $name" "no $d (not the debug kernel)"
		return
	fi
	if ! fault_arm "$d" "${@:3}"; then
		fault_disarm "$d"
		fail "faults: $name: arm $d for smc.ko's code"
		return
	fi
	fault_load "$name"
	fault_disarm "$d"
	injected=$(fault_count "$d")
	fault_check "$name" "$injected"
}

# fail_function: the module's functions marked ALLOW_ERROR_INJECTION
fault_functions() {
	local ff=/sys/kernel/debug/fail_function fn fns injected

	if [ ! -d $ff ]; then
		skip "faults: fail_function" "no $ff (not the debug kernel)"
		return
	fi
	fns=$(awk '$2 == "[smc]" { print $1 }' $ff/injectable)
	if [ -z "$fns" ]; then
		skip "faults: fail_function" "smc.ko marks no function with ALLOW_ERROR_INJECTION"
		return
	fi
	echo > $ff/inject
	for fn in $fns; do
		echo "$fn" > $ff/inject
	done
	# ERRNO-type functions fail with -ENOMEM (NULL-type ones take only 0)
	for fn in $(awk '$2 == "[smc]" && $3 == "ERRNO" { print $1 }' \
			$ff/injectable); do
		printf '%#x\n' -12 > "$ff/$fn/retval"
	done
	if ! fault_arm $ff "$FAULT_FUNCTION_PERCENT"; then
		fault_disarm $ff
		echo > $ff/inject
		fail "faults: fail_function: arm it for $(echo "$fns" | wc -w) functions"
		return
	fi
	fault_load fail_function
	fault_disarm $ff
	injected=$(fault_count $ff)
	echo > $ff/inject
	fault_check fail_function "$injected"
}

# fault_func_range FUNC: "START END" of one of smc.ko's functions (up to
# the next symbol)
fault_func_range() {
	awk '$4 == "[smc]" && ($2 == "t" || $2 == "T") { print $1, $3 }' \
		/proc/kallsyms | sort | awk -v f="$1" '
		found { print start, $1; exit }
		$2 == f { start = $1; found = 1 }'
}

# An epoll registration of an SMC socket allocates its wait queue entry
# under smc_poll(); failslab fails it (fail-nth, in that task only).
# epoll_ctl() then says ENOMEM and the socket is not polled: smcxfer must
# fail that connection with the errno instead of waiting for it forever
# (the failslab stall of issue 14: one accepted connection whose reader
# never woke).  fail-nth counts only calls that pass failslab's stack
# filter, here smc_poll() alone; fail_page_alloc's filter matches nothing
# meanwhile, so the slab's page allocations count for nothing.
fault_epoll_enomem() {
	local fs=/sys/kernel/debug/failslab fp=/sys/kernel/debug/fail_page_alloc
	local range start end srv pfx=/tmp/faults-epoll t0 left

	if [ ! -d $fs ] || [ ! -d $fp ]; then
		skip "faults: epoll registration without memory" "no $fs (not the debug kernel)"
		return
	fi
	range=$(fault_func_range smc_poll)
	read -r start end <<<"$range"
	if [ -z "$end" ] ||
	   ! { echo 0 > $fs/probability && echo 0 > $fp/probability &&
	       echo "0x$start" > $fs/require-start &&
	       echo "0x$end" > $fs/require-end &&
	       echo 32 > $fs/stacktrace-depth && echo N > $fs/ignore-gfp-wait &&
	       echo 0 > $fs/verbose &&
	       echo 0x1 > $fp/require-start && echo 0x2 > $fp/require-end &&
	       echo 32 > $fp/stacktrace-depth; }; then
		fail "faults: epoll registration without memory: set up failslab for smc_poll ($range)"
		return
	fi
	"$XFER" -s -f smc -B "$SRV" -p "$PORT" > "$pfx-server.log" 2>&1 &
	srv=$!
	wait_listen "$PORT"
	# the listener is registered before smcxfer says "listening"
	for ((t0 = 0; t0 < 50; t0++)); do
		grep -q listening "$pfx-server.log" && break
		sleep 0.1
	done
	echo 1 > "/proc/$srv/fail-nth"
	t0=$SECONDS
	"$XFER" -c "$SRV" -B "$CLNT" -p "$PORT" -f smc --timeout 30 \
		--bytes 64k > "$pfx-client1.log" 2>&1
	left=$(cat "/proc/$srv/fail-nth" 2>/dev/null)
	check "faults: epoll registration without memory: injected into the server's (fail-nth ${left:-?} left)" \
		test "${left:-1}" = 0
	check "faults: epoll registration without memory: the server fails that connection with ENOMEM" \
		grep -q 'connection 1 FAILED.*epoll_ctl: Cannot allocate memory' \
		"$pfx-server.log"
	check "faults: epoll registration without memory: its client ends at once ($((SECONDS - t0)) s), no stall" \
		bash -c '[ $0 -lt 15 ] && ! grep -q "no progress" "$1"' \
		$((SECONDS - t0)) "$pfx-client1.log"
	# the client's own registration of its connecting socket
	t0=$SECONDS
	bash -c 'echo 1 > /proc/self/fail-nth && exec "$0" "$@"' \
		"$XFER" -c "$SRV" -B "$CLNT" -p "$PORT" -f smc --timeout 30 \
		--bytes 64k > "$pfx-client2.log" 2>&1
	check "faults: epoll registration without memory: the client fails its connection with ENOMEM ($((SECONDS - t0)) s)" \
		grep -q 'connection 1 FAILED.*epoll_ctl: Cannot allocate memory' \
		"$pfx-client2.log"
	check "faults: epoll registration without memory: the next connection works" \
		"$XFER" -c "$SRV" -B "$CLNT" -p "$PORT" -f smc --timeout 30 \
		--bytes 64k --expect-client SMCR
	kill "$srv" 2>/dev/null
	wait "$srv" 2>/dev/null
	if grep -q FAILED "$pfx-client1.log" "$pfx-client2.log" "$pfx-server.log"; then
		grep -h FAILED "$pfx-client1.log" "$pfx-client2.log" \
			"$pfx-server.log" | head -n 6 | sed 's/^/#   /'
	fi
}

# unload_smc_wait: closing connections may hold the module a little longer
unload_smc_wait() {
	local i

	for ((i = 0; i < 60; i++)); do
		unload_smc 2>/dev/null && return 0
		sleep 1
	done
	return 1
}

part_faults() {
	local ctl=/sys/kernel/debug/kmemleak leaks inj

	check "faults: reload the module" reload_smc
	fault_epoll_enomem
	for inj in $FAULT_INJECTORS; do
		case $inj in
		fail_function) fault_functions ;;
		fail_page_alloc)
			fault_run "$inj" "/sys/kernel/debug/$inj" 100 \
				"$FAULT_PAGE_INTERVAL" ;;
		*) fault_run "$inj" "/sys/kernel/debug/$inj" ;;
		esac
	done
	"$TOP/selftests/vm/guest-rxe-wait.sh" rxe1 rxe2 >/dev/null 2>&1
	xfer "faults: afterwards SMC-R works again" --bytes 1m
	check "faults: the module unloads afterwards" unload_smc_wait
	if [ -w $ctl ]; then
		leaks=$("$TOP/selftests/vm/kmemleak.sh" report)
		if [ -z "$leaks" ]; then
			pass "faults: kmemleak finds nothing after the unload"
		else
			fail "faults: kmemleak finds nothing after the unload"
			printf '%s\n' "$leaks" | head -n 30 | sed 's/^/#   /'
		fi
	else
		skip "faults: kmemleak after the unload" "no $ctl"
	fi
	check "faults: the module loads again" load_smc
	configure
}
