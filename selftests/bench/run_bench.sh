#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run_bench.sh - SMC-R benchmark: TCP, our smc.ko and Debian's in-tree smc,
# measured in the same pair of guests in one run ("make bench").
#
#   selftests/bench/run_bench.sh [-k 6.12|6.1|KVER] [-t SECS] [-n ROUNDS]
#                                [-C SECS] [-R ROUNDS] [-P PHASES]
#                                [-T TESTS] [-o DIR]
#
#   -k  kernel of both guests: a series (6.12 or 6.1) or a full ABI name;
#       without -k (and without BENCH_KERNEL) both 6.12 and 6.1, one after
#       the other ("BENCH_KERNEL=6.1 make bench": only 6.1)
#   -t  seconds per throughput test (default 3)
#   -n  round trips of the rr test (default 3000; at most 10 s)
#   -C  seconds of the connection-rate test (default 3)
#   -R  rounds: every phase this often, alternating (default 5)
#   -P  phases, comma separated, in this order: rdma,tcp,ours,intree
#       (default all; rdma is the device's limit measured with perftest)
#   -T  tests: stream64k,stream1m,rr,crr (default all)
#   -o  where the run's files go (default build/bench/<kver>)
#
# It builds our modules (make modules-all, for that kernel only), smc_nl,
# smcbench and, on 6.1, the test bed's fixed rdma_rxe.ko; boots two guests
# with selftests/vm/vmpair.sh (-I -J: the in-tree smc is allowed); both get
# eth0 and rxe0 (Soft-RoCE), and the SMC module a UEID (SMC-Rv2; on 6.1
# also PNET IDs).  Guest A serves, guest B measures, phase after phase and
# round after round: the device (ib_write_bw, ib_send_lat), TCP, ours,
# in-tree (selftests/bench/bench_guest.sh).
#
# Every AF_SMC connection is checked through sock_diag on both ends: a
# fallback to TCP anywhere fails the run.  The table (rows: tests and the
# CPU time both guests spent per MiB, round trip or connection; columns:
# device, TCP, ours, in-tree as medians over the rounds with min-max,
# ours/in-tree, ours/TCP, ours/device) is printed and written to
# build/bench/results-<kver>.txt and .md, and plotted (gnuplot, installed
# when missing) to build/bench/results-<kver>.png.  One kernel takes about
# 10 minutes on an idle machine with the defaults, plus the module build.
#
# Exit: 0 success; 1 a phase failed (fallback, error, missing result);
# 2 usage; otherwise vmpair.sh's status (121: dirty kernel log, 124:
# timeout, 126: a guest kernel died).
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VM=$TOP/selftests/vm
BENCH_DIR=$TOP/build/bench

kernel=${BENCH_KERNEL:-}
stream_s=3
rr_rounds=3000
crr_s=3
rounds=5
phases=rdma,tcp,ours,intree
tests=
outdir=
vm_timeout=${BENCH_VM_TIMEOUT:-480}

usage() {
	sed -n '4,/^#   -o/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
	exit 2
}
args=("$@")

log() {
	echo "bench: $*" >&2
}

die() {
	log "$*"
	exit 1
}

while getopts "k:t:n:C:R:P:T:o:h" opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	t) stream_s=$OPTARG ;;
	n) rr_rounds=$OPTARG ;;
	C) crr_s=$OPTARG ;;
	R) rounds=$OPTARG ;;
	P) phases=$OPTARG ;;
	T) tests=$OPTARG ;;
	o) outdir=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "bad number of rounds '$rounds'"

# both kernels, each a run of its own
if [ -z "$kernel" ]; then
	[ -z "$outdir" ] || die "-o needs -k"
	rc=0
	for k in 6.12 6.1; do
		BENCH_KERNEL=$k "${BASH_SOURCE[0]}" "${args[@]}" || rc=1
	done
	exit "$rc"
fi

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
	rdma | tcp | ours | intree) ;;
	*) die "unknown phase '$phase' (rdma, tcp, ours, intree)" ;;
	esac
done

outdir=${outdir:-$BENCH_DIR/$kver}
mkdir -p "$outdir" "$BENCH_DIR"
outdir=$(cd "$outdir" && pwd)
raw=$outdir/raw
results_txt=$BENCH_DIR/results-$kver.txt
results_md=$BENCH_DIR/results-$kver.md
results_png=$BENCH_DIR/results-$kver.png
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
BENCH_ROUNDS=$rounds
BENCH_RDMA_S=$stream_s
export RXE_KO BENCH_PNET BENCH_OUT BENCH_PHASES BENCH_CLIENT_ARGS BENCH_ROUNDS \
	BENCH_RDMA_S

# --- run ---------------------------------------------------------------------

rm -rf "$raw" "$outdir/vm"
mkdir -p "$raw"
log "two guests, kernel $kver, phases: $BENCH_PHASES, $rounds rounds (log: $outdir/vmpair.log)"
vm_rc=0
"$VM/vmpair.sh" -k "$kver" -t "$((vm_timeout * rounds))" -o "$outdir/vm" -I -J \
	-e RXE_KO -e BENCH_PNET -e BENCH_OUT -e BENCH_PHASES \
	-e BENCH_CLIENT_ARGS -e BENCH_ROUNDS -e BENCH_RDMA_S -- \
	"$TOP/selftests/bench/bench_guest.sh" \
	"$TOP/selftests/bench/bench_guest.sh" 2>&1 |
	tee "$outdir/vmpair.log" || vm_rc=$?
elapsed=$(($(date +%s) - started))

# --- results -----------------------------------------------------------------

# value PHASE ROUND TEST: the client's RESULT value, or empty.  The rdma
# phase holds perftest's output: ib_write_bw's average (MiB/s, given as
# MB/s = 10^6 B/s) stands for the streams, twice ib_send_lat's one-way
# latencies (typical, average, 99th percentile) for the round trips.
value() {
	local file=$raw/client-$1-$2.txt

	[ -f "$file" ] || return 0
	if [ "$1" != rdma ]; then
		awk -v t="$3" '$1 == "RESULT" && $3 == "test=" t {
			sub(/^value=/, "", $4); print $4; exit }' "$file"
		return 0
	fi
	awk -v t="$3" '
		$1 == "TOOL" { tool = $2; next }
		tool == "ib_write_bw" && $1 == 65536 && NF >= 5 { bw = $4 }
		tool == "ib_send_lat" && $1 ~ /^[0-9]+$/ && NF >= 8 {
			typ = $5; avg = $6; p99 = $8 }
		END {
			if ((t == "stream64k" || t == "stream1m") && bw != "")
				printf "%.2f\n", bw * 1.048576
			else if (t == "rr_p50" && typ != "")
				printf "%.2f\n", 2 * typ
			else if (t == "rr_mean" && avg != "")
				printf "%.2f\n", 2 * avg
			else if (t == "rr_p99" && p99 != "")
				printf "%.2f\n", 2 * p99
		}' "$file"
}

# stats PHASE TEST: "median min max count" over the rounds, or empty
stats() {
	local r v vals=()

	for ((r = 1; r <= rounds; r++)); do
		v=$(value "$1" "$r" "$2")
		[ -z "$v" ] || vals+=("$v")
	done
	[ "${#vals[@]}" -gt 0 ] || return 0
	printf '%s\n' "${vals[@]}" | sort -g | awk '
		{ v[NR] = $1 }
		END {
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.2f %s %s %d\n", m, v[1], v[NR], NR
		}'
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

# cell STATS: "median (min-max)", or "-"
cell() {
	if [ -z "$1" ] || [ "$1" = - ]; then
		echo -
		return 0
	fi
	# shellcheck disable=SC2086 # the four fields of STATS
	set -- $1
	if [ "$4" = 1 ]; then
		echo "$1"
	else
		echo "$1 ($2-$3)"
	fi
}

# modes PHASE: "N/M SMCR" over the checked ends of the client's connections
modes() {
	cat "$raw"/client-"$1"-*.txt 2>/dev/null |
	awk '$1 == "MODE" { n++; if ($5 == "mode=SMCR" || $5 == "mode=TCP") ok++
			     else bad = bad " " $3 "/" $4 "/" $5 }
	     END { printf "%d/%d ends as expected%s", ok, n,
			  bad ? ";" bad : "" }'
}

rows="stream64k:MB/s stream1m:MB/s rr_mean:us rr_p50:us rr_p99:us crr:conn/s"
rows="$rows stream64k_cpu:ms/MiB stream1m_cpu:ms/MiB rr_cpu:us/rt crr_cpu:ms/conn"
failed=0
missing=0
for phase in $BENCH_PHASES; do
	for ((r = 1; r <= rounds; r++)); do
		rc=$(cat "$raw/client-$phase-$r.rc" 2>/dev/null || echo none)
		src=$(cat "$raw/server-$phase-$r.rc" 2>/dev/null || echo none)
		if [ "$rc" != 0 ] || [ "$src" != 0 ]; then
			log "phase $phase round $r failed: client status $rc, server status $src"
			failed=1
		fi
	done
done

# the table, one line per row: test unit device tcp ours intree (stats
# fields joined by ':', "-" when missing)
table=$outdir/table.txt
: > "$table"
for row in $rows; do
	t=${row%%:*}
	u=${row#*:}
	line="$t $u"
	for p in rdma tcp ours intree; do
		st=
		[[ " $BENCH_PHASES " != *" $p "* ]] || st=$(stats "$p" "$t")
		line="$line ${st// /:}"
		[ -n "$st" ] || line="$line-"
		# every measured round of a selected test and phase counts
		if [ "$p" != rdma ] && [[ " $BENCH_PHASES " == *" $p "* ]] &&
		   { [ -z "$tests" ] || [[ ,$tests, == *,${t%%_*},* ]]; } &&
		   [ "$(echo "$st" | awk '{ print $4 }')" != "$rounds" ]; then
			missing=1
		fi
	done
	echo "$line" >> "$table"
done
if [[ " $BENCH_PHASES " == *" rdma "* ]] &&
   [ "$(awk '$1 == "stream64k" { print $3 }' "$table")" = - ]; then
	log "no device limit (ib_write_bw) measured"
	missing=1
fi

# med FIELD: the median of a table field, or empty
med() {
	[ "$1" = - ] || echo "${1%%:*}"
}

{
	echo "SMC-R benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), kernel $kver"
	echo "two QEMU/TCG guests (-smp 1), Soft-RoCE, SMC-Rv2 (UEID)," \
		"stream ${stream_s}s, rr ${rr_rounds} rounds, crr ${crr_s}s;" \
		"median (min-max) of $rounds rounds"
	echo
	printf '%-14s %-8s %-24s %-24s %-24s %-24s %8s %8s %8s\n' \
		test unit device TCP ours in-tree ours/in ours/TCP ours/dev
	while read -r t u dev tcp ours intree; do
		printf '%-14s %-8s %-24s %-24s %-24s %-24s %8s %8s %8s\n' \
			"$t" "$u" "$(cell "${dev//:/ }")" "$(cell "${tcp//:/ }")" \
			"$(cell "${ours//:/ }")" "$(cell "${intree//:/ }")" \
			"$(ratio "$(med "$ours")" "$(med "$intree")")" \
			"$(ratio "$(med "$ours")" "$(med "$tcp")")" \
			"$(ratio "$(med "$ours")" "$(med "$dev")")"
	done < "$table"
	echo
	echo "MB/s and conn/s: higher is better; us and CPU time (both guests"
	echo "together): lower is better.  device: perftest on the same rxe0"
	echo "(ib_write_bw 64 KiB; round trip = twice ib_send_lat's latency)."
	for phase in $BENCH_PHASES; do
		[ "$phase" = rdma ] || echo "modes $phase: $(modes "$phase")"
	done
	echo "run time ${elapsed}s; raw output: $raw"
} > "$results_txt"

{
	echo "Kernel $kver, $(date -u '+%Y-%m-%d'): two QEMU/TCG guests" \
		"(-smp 1), Soft-RoCE, SMC-Rv2; stream ${stream_s} s," \
		"rr ${rr_rounds} round trips, crr ${crr_s} s; median (min-max)" \
		"of $rounds alternating rounds; CPU: both guests together."
	echo
	echo "| test | unit | device | TCP | ours | in-tree | ours/in-tree | ours/TCP | ours/device |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
	while read -r t u dev tcp ours intree; do
		echo "| $t | $u | $(cell "${dev//:/ }") | $(cell "${tcp//:/ }") |" \
			"$(cell "${ours//:/ }") | $(cell "${intree//:/ }") |" \
			"$(ratio "$(med "$ours")" "$(med "$intree")") |" \
			"$(ratio "$(med "$ours")" "$(med "$tcp")") |" \
			"$(ratio "$(med "$ours")" "$(med "$dev")") |"
	done < "$table"
} > "$results_md"

# plot: one panel a row, a bar a phase (median) with its min-max
plot() {
	local data=$outdir/plot.dat i=0 t u rest

	command -v gnuplot >/dev/null ||
		apt-get install -y -q gnuplot-nox >/dev/null 2>&1 ||
		{ log "no gnuplot (apt-get install gnuplot-nox): no plot"; return 0; }
	: > "$data"
	while read -r t u rest; do
		echo "# $t $u" >> "$data"
		# shellcheck disable=SC2086 # one field a phase
		set -- $rest
		for p in device TCP ours in-tree; do
			if [ "$1" != - ]; then
				echo "$p ${1//:/ }" >> "$data"
			fi
			shift
		done
		printf '\n\n' >> "$data"
	done < "$table"
	{
		echo "set terminal pngcairo size 1400,1800 font ',9'"
		echo "set output '$results_png'"
		echo "set multiplot layout 5,2 title 'SMC-R benchmark, kernel $kver, $(date -u +%Y-%m-%d) (median, min-max of $rounds rounds)'"
		echo "set style fill solid 0.5 border -1"
		echo "set boxwidth 0.6 absolute"
		echo "set xrange [-0.6:3.6]"
		echo "set yrange [0:*]"
		echo "unset key"
		while read -r t u rest; do
			echo "set title '$t ($u)' noenhanced"
			echo "plot '$data' index $i using 0:2:xtic(1) with boxes, '' index $i using 0:2:3:4 with yerrorbars lc rgb 'black' pt 0"
			i=$((i + 1))
		done < "$table"
		echo "unset multiplot"
	} | gnuplot 2> "$outdir/plot.log" ||
		log "gnuplot failed (see $outdir/plot.log)"
}
plot

echo
cat "$results_txt"
echo "(also $results_md${results_png:+ and $results_png})"

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
