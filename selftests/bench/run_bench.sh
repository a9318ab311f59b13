#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run_bench.sh - SMC-R benchmark: TCP, our smc.ko and Debian's in-tree smc,
# measured in the same pair of guests in one run ("make bench").
#
#   selftests/bench/run_bench.sh [-k 6.12|6.1|KVER] [-t SECS] [-n ROUNDS]
#                                [-C SECS] [-P PHASES] [-T TESTS] [-o DIR]
#
#   -k  kernel of both guests: a series (6.12, the default, or 6.1) or a
#       full ABI name; BENCH_KERNEL sets the default ("BENCH_KERNEL=6.1
#       make bench")
#   -t  seconds per throughput test (default 3)
#   -n  round trips of the rr test (default 3000; at most 10 s)
#   -C  seconds of the connection-rate test (default 3)
#   -P  phases, comma separated, in this order: tcp,ours,intree (default all)
#   -T  tests: stream64k,stream1m,rr,crr (default all)
#   -o  where the run's files go (default build/bench/<kver>)
#
# It builds our modules (make modules-all, for that kernel only), smc_nl,
# smcbench and, on 6.1, the test bed's fixed rdma_rxe.ko; boots two guests
# with selftests/vm/vmpair.sh (-I -J: the in-tree smc is allowed); both get
# eth0 and rxe0 (Soft-RoCE), and the SMC module a UEID (SMC-Rv2; on 6.1
# also PNET IDs).  Guest A serves, guest B measures, one phase after the
# other: TCP, ours, in-tree (selftests/bench/bench_guest.sh).
#
# Every AF_SMC connection is checked through sock_diag on both ends: a
# fallback to TCP anywhere fails the run.  The table (rows: tests; columns:
# TCP, ours, in-tree, ours/in-tree, ours/TCP) is printed and written to
# build/bench/results-<kver>.txt and .md.  A full run takes about 2-3
# minutes on an idle machine, plus the module build.
#
# Exit: 0 success; 1 a phase failed (fallback, error, missing result);
# 2 usage; otherwise vmpair.sh's status (121: dirty kernel log, 124:
# timeout, 126: a guest kernel died).
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VM=$TOP/selftests/vm
BENCH_DIR=$TOP/build/bench

kernel=${BENCH_KERNEL:-6.12}
stream_s=3
rr_rounds=3000
crr_s=3
phases=tcp,ours,intree
tests=
outdir=
vm_timeout=${BENCH_VM_TIMEOUT:-480}

usage() {
	sed -n '4,/^#   -o/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

log() {
	echo "bench: $*" >&2
}

die() {
	log "$*"
	exit 1
}

while getopts "k:t:n:C:P:T:o:h" opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	t) stream_s=$OPTARG ;;
	n) rr_rounds=$OPTARG ;;
	C) crr_s=$OPTARG ;;
	P) phases=$OPTARG ;;
	T) tests=$OPTARG ;;
	o) outdir=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage

if [[ $kernel =~ ^[0-9]+\.[0-9]+$ ]]; then
	kver=$("$VM/kver.sh" "$kernel") ||
		die "no Debian $kernel kernel installed (selftests/vm/deps.sh)"
else
	kver=$kernel
	[ -d "/lib/modules/$kver" ] || die "no kernel $kver installed"
fi
series=$(echo "$kver" | cut -d. -f1,2)

for phase in ${phases//,/ }; do
	case $phase in
	tcp | ours | intree) ;;
	*) die "unknown phase '$phase' (tcp, ours, intree)" ;;
	esac
done

outdir=${outdir:-$BENCH_DIR/$kver}
mkdir -p "$outdir" "$BENCH_DIR"
outdir=$(cd "$outdir" && pwd)
raw=$outdir/raw
results_txt=$BENCH_DIR/results-$kver.txt
results_md=$BENCH_DIR/results-$kver.md
started=$(date +%s)

# --- build -------------------------------------------------------------------

log "building for $kver (log: $outdir/build.log)"
{
	make -C "$TOP" modules-all KVERS="$kver" &&
		make -C "$TOP/selftests/smc" "$TOP/build/selftests/smc/smc_nl" &&
		make -C "$TOP/selftests/bench" &&
		if [ "$series" = 6.1 ]; then
			"$VM/rxe/build-rxe.sh" "$kver" "$TOP/build/vm/rxe/$kver"
		fi
} > "$outdir/build.log" 2>&1 || {
	tail -n 30 "$outdir/build.log" >&2
	die "build failed (see $outdir/build.log)"
}

RXE_KO=
BENCH_PNET=0
if [ "$series" = 6.1 ]; then
	# 6.1's stock rxe hangs SMC-R and does not name its netdev
	RXE_KO=$TOP/build/vm/rxe/$kver/rdma_rxe.ko
	BENCH_PNET=1
fi
BENCH_OUT=$raw
BENCH_PHASES=${phases//,/ }
BENCH_CLIENT_ARGS="-t $stream_s -n $rr_rounds -C $crr_s${tests:+ -T $tests}"
export RXE_KO BENCH_PNET BENCH_OUT BENCH_PHASES BENCH_CLIENT_ARGS

# --- run ---------------------------------------------------------------------

rm -rf "$raw" "$outdir/vm"
mkdir -p "$raw"
log "two guests, kernel $kver, phases: $BENCH_PHASES (log: $outdir/vmpair.log)"
vm_rc=0
"$VM/vmpair.sh" -k "$kver" -t "$vm_timeout" -o "$outdir/vm" -I -J \
	-e RXE_KO -e BENCH_PNET -e BENCH_OUT -e BENCH_PHASES \
	-e BENCH_CLIENT_ARGS -- \
	"$TOP/selftests/bench/bench_guest.sh" \
	"$TOP/selftests/bench/bench_guest.sh" 2>&1 |
	tee "$outdir/vmpair.log" || vm_rc=$?
elapsed=$(($(date +%s) - started))

# --- results -----------------------------------------------------------------

# value PHASE TEST: the client's RESULT value, or empty
value() {
	local file=$raw/client-$1.txt

	[ -f "$file" ] || return 0
	awk -v t="$2" '$1 == "RESULT" && $3 == "test=" t {
		sub(/^value=/, "", $4); print $4; exit }' "$file"
}

# ratio A B: A/B with two decimals, or "-"
ratio() {
	if [ -n "$1" ] && [ -n "$2" ]; then
		awk -v a="$1" -v b="$2" 'BEGIN {
			if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'
	else
		echo -
	fi
}

# modes PHASE: "N/M SMCR" over the checked ends of the client's connections
modes() {
	local file=$raw/client-$1.txt

	[ -f "$file" ] || { echo "no output"; return 0; }
	awk '$1 == "MODE" { n++; if ($5 == "mode=SMCR" || $5 == "mode=TCP") ok++
			     else bad = bad " " $3 "/" $4 "/" $5 }
	     END { printf "%d/%d ends as expected%s", ok, n,
			  bad ? ";" bad : "" }' "$file"
}

rows="stream64k:MB/s stream1m:MB/s rr_mean:us rr_p50:us rr_p99:us crr:conn/s"
failed=0
missing=0
for phase in $BENCH_PHASES; do
	rc=$(cat "$raw/client-$phase.rc" 2>/dev/null || echo none)
	src=$(cat "$raw/server-$phase.rc" 2>/dev/null || echo none)
	if [ "$rc" != 0 ] || [ "$src" != 0 ]; then
		log "phase $phase failed: client status $rc, server status $src"
		failed=1
	fi
done

{
	echo "SMC-R benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), kernel $kver"
	echo "two QEMU/TCG guests (-smp 1), Soft-RoCE, SMC-Rv2 (UEID)," \
		"stream ${stream_s}s, rr ${rr_rounds} rounds, crr ${crr_s}s"
	echo
	printf '%-10s %-7s %10s %10s %10s %13s %9s\n' \
		test unit TCP ours in-tree ours/in-tree ours/TCP
	for row in $rows; do
		t=${row%%:*}
		u=${row#*:}
		v_tcp=$(value tcp "$t")
		v_ours=$(value ours "$t")
		v_in=$(value intree "$t")
		if [ -z "$tests" ] || [[ ,$tests, == *,${t%%_*},* ]]; then
			for p in $BENCH_PHASES; do
				[ -n "$(value "$p" "$t")" ] || missing=1
			done
		fi
		printf '%-10s %-7s %10s %10s %10s %13s %9s\n' "$t" "$u" \
			"${v_tcp:--}" "${v_ours:--}" "${v_in:--}" \
			"$(ratio "$v_ours" "$v_in")" "$(ratio "$v_ours" "$v_tcp")"
	done
	echo
	echo "MB/s and conn/s: higher is better; us: lower is better."
	for phase in $BENCH_PHASES; do
		echo "modes $phase: $(modes "$phase")"
	done
	echo "run time ${elapsed}s; raw output: $raw"
} > "$results_txt"

{
	echo "Kernel $kver, $(date -u '+%Y-%m-%d'): two QEMU/TCG guests" \
		"(-smp 1), Soft-RoCE, SMC-Rv2; stream ${stream_s} s," \
		"rr ${rr_rounds} round trips, crr ${crr_s} s."
	echo
	echo "| test | unit | TCP | ours | in-tree | ours/in-tree | ours/TCP |"
	echo "|---|---|---:|---:|---:|---:|---:|"
	for row in $rows; do
		t=${row%%:*}
		u=${row#*:}
		v_tcp=$(value tcp "$t")
		v_ours=$(value ours "$t")
		v_in=$(value intree "$t")
		echo "| $t | $u | ${v_tcp:--} | ${v_ours:--} | ${v_in:--} |" \
			"$(ratio "$v_ours" "$v_in") | $(ratio "$v_ours" "$v_tcp") |"
	done
} > "$results_md"

echo
cat "$results_txt"
echo "(also $results_md)"

if [ "$vm_rc" != 0 ]; then
	log "vmpair.sh failed with status $vm_rc (guest logs: $outdir/vm/A, $outdir/vm/B)"
	exit "$vm_rc"
fi
if [ "$failed" != 0 ] || [ "$missing" != 0 ]; then
	[ "$missing" = 0 ] || log "results are missing"
	log "benchmark FAILED (raw output: $raw)"
	exit 1
fi
log "done in ${elapsed}s"
