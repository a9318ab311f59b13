#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the benchmark: run_bench.sh starts it in both guests of a
# pair (selftests/vm/vmpair.sh).  A serves, B measures.  BENCH_ROUNDS
# times, for each phase in BENCH_PHASES, in order, both guests:
#
#   rdma    the device's limit: perftest's ib_write_bw (64 KiB writes) and
#           ib_send_lat on rxe0, no SMC module
#   tcp     load nothing; smcbench -f tcp
#   ours    insmod build/kmod/$(uname -r)/net/smc/{smc,smc_diag}.ko
#   intree  modprobe Debian's smc and smc_diag (vmpair -I -J)
#
# then give the SMC module a UEID (and, with BENCH_PNET=1, a PNET ID for
# eth0 and rxe0), run the benchmark, and unload the SMC modules before the
# next phase, so the phases alternate round by round.  The guests move in
# step through flag files in $TB_SYNC: <role>.<phase>.<round>.loaded,
# .ready (A's server listens), .done (B finished) and .unloaded.
#
# Env: BENCH_OUT (a directory in the project tree: server-<phase>-<round>.txt,
# client-<phase>-<round>.txt and their .rc go there), BENCH_PHASES ("rdma
# tcp ours intree"), BENCH_ROUNDS (5), BENCH_CLIENT_ARGS (more smcbench
# client options), BENCH_RDMA_S (seconds of ib_write_bw, 3), BENCH_PNET (1:
# configure PNET IDs), BENCH_UEID, and RXE_KO / RXE_OPTS / MTU for
# selftests/vm/guest-rxe.sh.
#
# Exit: 0 when every phase ran in SMC-R (or TCP) and produced results.
set -euo pipefail

top=${TB_ROOT:?run me through selftests/vm/vmpair.sh}
role=${TB_ROLE:?}
sync=${TB_SYNC:?}
out=${BENCH_OUT:?}
read -r -a phases <<< "${BENCH_PHASES:-rdma tcp ours intree}"
rounds=${BENCH_ROUNDS:-5}
rdma_s=${BENCH_RDMA_S:-3}
read -r -a client_args <<< "${BENCH_CLIENT_ARGS:-}"
ueid=${BENCH_UEID:-BENCHUEID}

bench=$top/build/bench/smcbench
smc_nl=$top/build/selftests/smc/smc_nl
kmod=$top/build/kmod/$(uname -r)/net/smc
other=$([ "$role" = A ] && echo B || echo A)
failed=0

log() {
	echo "bench[$role]: $*"
}

# barrier NAME SECONDS: say we reached NAME, wait until the other guest has
barrier() {
	local name=$1 limit=$2 i status

	touch "$sync/$role.$name"
	for ((i = 0; i < limit * 10; i++)); do
		[ -e "$sync/$other.$name" ] && return 0
		if [ -e "$sync/$other.exit" ]; then
			status=$(cat "$sync/$other.exit")
			log "guest $other ended (status $status) before '$name'"
			return 1
		fi
		sleep 0.1
	done
	log "guest $other did not reach '$name' within ${limit}s"
	return 1
}

family_of() {
	[ "$1" = tcp ] && echo tcp || echo smc
}

# port_of PHASE ROUND: a port of its own for each server
port_of() {
	local base

	case $1 in
	tcp) base=7411 ;;
	ours) base=7412 ;;
	intree) base=7413 ;;
	esac
	echo $((base + 10 * $2))
}

load_ours() {
	local deps

	# insmod does not resolve dependencies: load what smc.ko names
	deps=$(modinfo -F depends "$kmod/smc.ko")
	# shellcheck disable=SC2086 # one module name per word
	[ -z "$deps" ] || modprobe -a ${deps//,/ }
	insmod "$kmod/smc.ko"
	insmod "$kmod/smc_diag.ko"
}

# Our smc.ko is out of tree (taint O), Debian's is not: make sure the
# phase measures what it claims to.
check_loaded() {
	local want=$1 taint

	if [ ! -d /sys/module/smc ] || [ ! -d /sys/module/smc_diag ]; then
		log "smc or smc_diag is not loaded"
		return 1
	fi
	taint=$(cat /sys/module/smc/taint)
	if [ "$want" = ours ] && [[ $taint != *O* ]]; then
		log "the loaded smc is not ours (taint '$taint')"
		return 1
	fi
	if [ "$want" = intree ] && [[ $taint == *O* ]]; then
		log "the loaded smc is out of tree (taint '$taint')"
		return 1
	fi
	log "smc loaded: $want (taint '$taint')"
}

configure_smc() {
	"$smc_nl" ueid add "$ueid"
	if [ "${BENCH_PNET:-0}" = 1 ]; then
		"$smc_nl" pnet add NET1 eth eth0 ib rxe0 1
	fi
}

load_phase() {
	case $1 in
	tcp | rdma)
		return 0
		;;
	ours)
		if [ -d /sys/module/smc ]; then
			log "an smc module is already loaded"
			return 1
		fi
		load_ours
		;;
	intree)
		if [ -d /sys/module/smc ]; then
			log "an smc module is still loaded"
			return 1
		fi
		modprobe smc
		modprobe smc_diag
		;;
	esac
	check_loaded "$1"
	configure_smc
}

# Closing connections keep the module busy for a moment; link groups
# linger much longer but go away with the module (ours and Linux's).
unload_smc() {
	local i

	if [ -d /sys/module/smc_diag ]; then
		rmmod smc_diag
	fi
	for ((i = 0; i < 60; i++)); do
		rmmod smc 2>/dev/null && break
		sleep 0.5
	done
	if [ -d /sys/module/smc ]; then
		log "rmmod smc failed for 30 s: refcnt $(cat /sys/module/smc/refcnt)"
		rmmod smc
	fi
	log "smc modules unloaded after ${i} retries"
}

# run_server PHASE ROUND: A's part of a phase
run_server() {
	local phase=$1 r=$2 family port srv i rc=0
	local file=$out/server-$phase-$r.txt

	family=$(family_of "$phase")
	port=$(port_of "$phase" "$r")
	"$bench" -s -f "$family" -p "$port" -B "$TB_IP" -R > "$file" 2>&1 &
	srv=$!
	for ((i = 0; i < 100; i++)); do
		grep -q '^LISTEN' "$file" && break
		if ! kill -0 "$srv" 2>/dev/null; then
			break
		fi
		sleep 0.1
	done
	if ! grep -q '^LISTEN' "$file"; then
		log "$phase: the server did not start"
		sed 's/^/  /' "$file"
		kill "$srv" 2>/dev/null || true
		return 1
	fi

	barrier "$phase.$r.ready" 120 || rc=1
	[ "$rc" != 0 ] || barrier "$phase.$r.done" 300 || rc=1

	kill -TERM "$srv" 2>/dev/null || true
	for ((i = 0; i < 100; i++)); do
		kill -0 "$srv" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$srv" 2>/dev/null || true
	wait "$srv" || rc=$?
	echo "$rc" > "$out/server-$phase-$r.rc"
	sed "s/^/  server $phase $r: /" "$file"
	return "$rc"
}

# run_client PHASE ROUND: B's part of a phase
run_client() {
	local phase=$1 r=$2 family port rc=0
	local file=$out/client-$phase-$r.txt

	family=$(family_of "$phase")
	port=$(port_of "$phase" "$r")
	barrier "$phase.$r.ready" 120 || return 1
	"$bench" -c "$TB_PEER_IP" -f "$family" -p "$port" -R \
		"${client_args[@]}" > "$file" 2>&1 || rc=$?
	echo "$rc" > "$out/client-$phase-$r.rc"
	sed "s/^/  client $phase $r: /" "$file"
	if [ "$rc" != 0 ] && [ "$family" = smc ]; then
		log "$phase: smcbench failed ($rc); fallback statistics:"
		"$smc_nl" dump fback_stats 2>&1 | sed 's/^/  /' || true
	fi
	barrier "$phase.$r.done" 300 || return 1
	return "$rc"
}

# The index of rxe0's IPv4-mapped (RoCE v2) GID, for perftest's -x
ipv4_gid_index() {
	local g

	for g in /sys/class/infiniband/rxe0/ports/1/gids/*; do
		if grep -q '^0000:0000:0000:0000:0000:ffff:' "$g" 2>/dev/null; then
			basename "$g"
			return 0
		fi
	done
	return 1
}

# perftest TOOL ROUND ARGS...: one perftest program, A serving, B
# connecting; B's output is the result (client-rdma-<round>.txt)
perftest() {
	local tool=$1 r=$2 gid srv rc=0 i side=client file

	[ "$role" = B ] || side=server
	file=$out/$side-rdma-$r.txt

	shift 2
	gid=$(ipv4_gid_index) || { log "rxe0 has no IPv4 GID"; return 1; }
	if [ "$role" = A ]; then
		timeout 120 "$tool" -d rxe0 -x "$gid" "$@" >> "$file" 2>&1 &
		srv=$!
		barrier "rdma.$r.$tool.ready" 120 || rc=1
		wait "$srv" || rc=$?
		barrier "rdma.$r.$tool.done" 120 || rc=1
		return "$rc"
	fi
	barrier "rdma.$r.$tool.ready" 120 || return 1
	# the server may not listen yet: perftest gives up at once
	for ((i = 0; i < 10; i++)); do
		echo "TOOL $tool" >> "$file"
		timeout 120 "$tool" -d rxe0 -x "$gid" "$@" "$TB_PEER_IP" \
			>> "$file" 2>&1 && break
		sleep 1
	done
	[ "$i" -lt 10 ] || rc=1
	barrier "rdma.$r.$tool.done" 120 || rc=1
	return "$rc"
}

# run_rdma ROUND: the device's limit, both guests
run_rdma() {
	local r=$1 rc=0

	perftest ib_write_bw "$r" -s 65536 -D "$rdma_s" -F || rc=1
	perftest ib_send_lat "$r" -n 3000 -F || rc=1
	echo "$rc" > "$out/$([ "$role" = A ] && echo server || echo client)-rdma-$r.rc"
	[ "$role" = A ] || sed "s/^/  client rdma $r: /" "$out/client-rdma-$r.txt"
	return "$rc"
}

sysctl -qw net.ipv4.tcp_syncookies=0
mkdir -p "$out"
"$top/selftests/vm/guest-rxe.sh"
rdma link show | sed 's/^/  /'
barrier rxe 120

for ((r = 1; r <= rounds; r++)); do
	for phase in "${phases[@]}"; do
		log "=== round $r, phase $phase"
		load_phase "$phase"
		barrier "$phase.$r.loaded" 120
		if [ "$phase" = rdma ]; then
			run_rdma "$r" || failed=1
		elif [ "$role" = A ]; then
			run_server "$phase" "$r" || failed=1
		else
			run_client "$phase" "$r" || failed=1
		fi
		case $phase in
		ours | intree) unload_smc ;;
		esac
		barrier "$phase.$r.unloaded" 120
	done
done
log "finished, status $failed"
exit "$failed"
