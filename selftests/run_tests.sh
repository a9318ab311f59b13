#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# All of the project's tests (what `make check` and .ci/run run):
#
#   selftests/run_tests.sh [-k "6.12 6.1"] [-s step]... [-l]
#
# Steps, in order: deps unit fuzz tools docs build package sparse checkpatch
# testbed api module netlink smcr interop smcr-interop siw-pair debug.  -s
# picks some of them, -l lists them; -s smcr-baseline (not run by default)
# runs the in-tree SMC-R pair, and Linux's module on both ends of the
# one-guest test bed with two device pairs (its link groups reach two
# links); -s peer-kill (neither) kills a guest mid-transfer.  package
# (about 4 minutes) builds and tests the Debian packages, DKMS and make
# install (scripts/check-package.sh).
# debug runs the suites on the debug kernel (KASAN, lockdep, kmemleak, fault
# injection) when selftests/vm/debug-kernel/build.sh has built it, and says
# SKIP otherwise: it never builds the kernel (DEBUG_FULL=1 runs more of the
# suites there, see debug_step).  Every check prints one line, PASS/FAIL/SKIP
# and its name (a skip says why); the last line is "N passed, N failed"
# (", N skipped" when there are any).  Guest logs are kept under
# build/check/.
set -uo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
OUT=$TOP/build/check
VM=$TOP/selftests/vm
ALL_STEPS="deps unit fuzz tools docs build package sparse checkpatch testbed api module netlink smcr interop smcr-interop siw-pair debug"
SERIES="6.12 6.1"
STEPS=

usage() {
	sed -n '4,22p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}

while getopts "k:s:lh" opt; do
	case $opt in
	k) SERIES=$OPTARG ;;
	s) STEPS="$STEPS $OPTARG" ;;
	l) echo "$ALL_STEPS"; exit 0 ;;
	*) usage ;;
	esac
done
STEPS=${STEPS:-$ALL_STEPS}

passed=0
failed=0
skipped=0
start=$SECONDS

# The time since the previous result line goes to the step of this one:
# the step named by the line's first word (its longest step-name prefix),
# or debug for the debug kernel's lines.
declare -A step_secs=()
step_order=
step_t=$SECONDS
step_account() {
	local word=${1%%[ :]*} rest=${1#* } st='' s

	for s in $ALL_STEPS smcr-baseline; do
		case $word in
		"$s" | "$s"-*) [ ${#s} -gt ${#st} ] && st=$s ;;
		esac
	done
	case ${rest%%[ :]*} in *-smcdebug) st=debug ;; esac
	[ -n "$st" ] || st=other
	[ -n "${step_secs[$st]+set}" ] || step_order="$step_order $st"
	step_secs[$st]=$((${step_secs[$st]:-0} + SECONDS - step_t))
	step_t=$SECONDS
}

result() {	# result PASS|FAIL|SKIP text
	case $1 in
	PASS) passed=$((passed + 1)) ;;
	FAIL) failed=$((failed + 1)) ;;
	SKIP) skipped=$((skipped + 1)) ;;
	esac
	step_account "$2"
	echo "$1 $2"
}

# run_counted COMMAND...: run a step whose output holds result lines; they
# are counted (here, not in a subshell), everything else is passed through
# as comments, and the step's exit status is left in $last_status.
last_status=0
run_counted() {
	local line
	while IFS= read -r line; do
		case $line in
		"PASS "*) result PASS "${line#PASS }" ;;
		"FAIL "*) result FAIL "${line#FAIL }" ;;
		"SKIP "*) result SKIP "${line#SKIP }" ;;
		"@@status "*) last_status=${line#@@status } ;;
		*) echo "# $line" ;;
		esac
	done < <("$@" 2>&1; echo "@@status $?")
}

# run_logged NAME LOG COMMAND...: one result from a command's status
run_logged() {
	local name=$1 log=$2
	shift 2
	if "$@" >"$log" 2>&1; then
		result PASS "$name"
	else
		result FAIL "$name (log: ${log#"$TOP"/})"
		tail -n 20 "$log" | sed 's/^/#   /'
	fi
}

want() {
	case " $STEPS " in *" $1 "*) return 0 ;; esac
	return 1
}

kver() {
	"$VM/kver.sh" "$1" 2>/dev/null
}

mkdir -p "$OUT"
echo "# smc tests, steps:$STEPS; kernels: $SERIES"

if want deps; then
	run_logged "deps: test bed packages installed" "$OUT/deps.log" \
		"$VM/deps.sh"
fi

if want unit; then
	echo "# unit tests of the pure code (ASan/UBSan)"
	unit_tests() {
		make -s -C "$TOP/selftests/unit" check 2>&1 |
			sed -e 's/^ok - /PASS unit: /' -e 's/^FAIL - /FAIL unit: /'
		return "${PIPESTATUS[0]}"
	}
	run_counted unit_tests
	[ "$last_status" = 0 ] || result FAIL "unit: make check"
fi

if want fuzz; then
	echo "# fuzzers, a short run each (make fuzz-long for 10 million)"
	run_logged "fuzz: CLC decoders, 100000 inputs each" "$OUT/fuzz.log" \
		make -s -C "$TOP/selftests/fuzz" run RUNS=100000
fi

if want tools; then
	run_logged "tools: build" "$OUT/tools-build.log" make -C "$TOP" tools
	if make -s -C "$TOP/tools/smc-tools" O="$TOP/build/tools" check \
		>"$OUT/tools-check.log" 2>&1; then
		result PASS "tools: make check ($(grep -E '^[a-z_-]+: [0-9]+ passed' \
			"$OUT/tools-check.log" | paste -sd ';'))"
	else
		result FAIL "tools: make check (log: build/check/tools-check.log)"
	fi
	# the test bed's and the suites' shell scripts parse: a guest suite
	# that sources a broken part stops at the error, and only the checks
	# it no longer reaches are missing
	bad=$(for f in "$TOP"/selftests/guest/*.sh "$TOP"/selftests/vm/*.sh \
			"$TOP"/selftests/*.sh "$TOP"/scripts/*.sh; do
		bash -n "$f" 2>&1 >/dev/null | head -n 1
	done)
	if [ -z "$bad" ]; then
		result PASS "tools: every shell script of the tests parses (bash -n)"
	else
		result FAIL "tools: every shell script of the tests parses (bash -n)"
		printf '%s\n' "$bad" | sed 's/^/#   /'
	fi
	# smc_dump.lua in Debian's tshark (the deps step installs it)
	if make -s -C "$TOP/tools/smc-tools" O="$TOP/build/tools" \
		dissector-check >"$OUT/tools-dissector.log" 2>&1; then
		result PASS "tools: Wireshark dissector smc_dump.lua ($(grep -E \
			'^# tshark|^dissector: [0-9]+ passed' \
			"$OUT/tools-dissector.log" | sed 's/^# //' | paste -sd ';'))"
	else
		result FAIL "tools: Wireshark dissector smc_dump.lua (log: build/check/tools-dissector.log)"
		grep -E '^not ok' "$OUT/tools-dissector.log" | head -n 10 |
			sed 's/^/#   /'
	fi
fi

if want docs; then
	echo "# documentation: rst, man pages, generated cause codes, commands"
	docs_failed=$failed
	run_counted "$TOP/scripts/check-docs.sh" "$TOP/build"
	# a failure without a FAIL line of its own still counts
	[ "$last_status" = 0 ] || [ "$failed" -gt "$docs_failed" ] ||
		result FAIL "docs: scripts/check-docs.sh exit status $last_status"
fi

if want build; then
	for s in $SERIES; do
		k=$(kver "$s") || { result SKIP "build $s (kernel not installed)"; continue; }
		run_logged "build: smc.ko and smc_diag.ko for $k, W=1, no warnings" \
			"$OUT/build-$k.log" make -C "$TOP" modules-all KVERS="$k"
	done
	run_logged "build: selftest programs" "$OUT/build-selftests.log" \
		make -C "$TOP/selftests/smc"
fi

# The .debs, lintian, dpkg in a temporary root, DKMS in temporary trees
# for every kernel with headers, make install/uninstall with DESTDIR
if want package; then
	pkg_failed=$failed
	run_counted "$TOP/scripts/check-package.sh" -o "$TOP/build/package"
	[ "$last_status" = 0 ] || [ "$failed" -gt "$pkg_failed" ] ||
		result FAIL "package: scripts/check-package.sh exit status $last_status"
fi

# Test-bed modules the guest suites load: the raw CLC peer's tb_synsmc.ko,
# tb_failqp.ko (a QP the device refuses), tcp2smc's kernel user of
# sock_create() tb_ksock.ko and the Soft-RoCE driver with the fixes 6.1
# needs and RoCE v1 GIDs.
if want build || want api || want smcr || want smcr-interop ||
   want smcr-baseline || want siw-pair; then
	for s in $SERIES; do
		k=$(kver "$s") || continue
		run_logged "build: test-bed tb_synsmc.ko, tb_failqp.ko, tb_ksock.ko for $k" \
			"$OUT/synsmc-$k.log" \
			"$VM/synsmc/build.sh" "$k" "$TOP/build/vm/synsmc/$k"
		run_logged "build: test-bed rdma_rxe.ko for $k" \
			"$OUT/rxe-$k.log" \
			"$VM/rxe/build-rxe.sh" "$k" "$TOP/build/vm/rxe/$k"
		run_logged "build: test-bed siw.ko (Soft-iWARP) for $k" \
			"$OUT/siw-$k.log" \
			"$VM/siw/build-siw.sh" "$k" "$TOP/build/vm/siw/$k"
	done
fi

if want sparse; then
	for s in $SERIES; do
		k=$(kver "$s") || continue
		run_logged "sparse: module sources for $k" "$OUT/sparse-$k.log" \
			make -C "$TOP" sparse KVER="$k"
	done
fi

if want checkpatch; then
	run_logged "checkpatch --strict: module sources" "$OUT/checkpatch.log" \
		"$TOP/scripts/checkpatch.sh"
fi

# guest_log_result NAME STATUS DIR: the kernel log of a finished guest
guest_log_result() {
	local name=$1 rc=$2 dir=$3
	case $rc in
	124) result FAIL "$name: timeout (${dir#"$TOP"/})" ;;
	125) result FAIL "$name: the guest could not be set up" ;;
	126) result FAIL "$name: guest kernel died (${dir#"$TOP"/}/console.log)" ;;
	*)
		if "$VM/dmesg-check.sh" "$dir/dmesg" >"$dir/dmesg-check" 2>&1; then
			result PASS "$name: guest kernel log clean"
		else
			result FAIL "$name: guest kernel log dirty (${dir#"$TOP"/}/dmesg)"
			sed 's/^/#   /' "$dir/dmesg-check" | head -n 20
		fi
		;;
	esac
}

# tb_eflags_impossible FILE: a register dump in FILE shows EFLAGS with a
# reserved bit (22-31) set, which no x86 CPU can produce: the emulator
# corrupted the flags (the test bed's known TCG fault)
tb_eflags_impossible() {
	local f
	for f in $(sed -n 's/.* EFLAGS: \([0-9a-f]\{8\}\).*/\1/p' "$1" 2>/dev/null); do
		(( (16#$f & 16#ffc00000) != 0 )) && return 0
	done
	return 1
}

# tb_known_fault DIR: a guest of the pair in DIR died of the known fault
tb_known_fault() {
	local g
	for g in A B; do
		tb_eflags_impossible "$1/$g/console.log" && return 0
	done
	return 1
}

# vmrun_suite NAME KVER SCRIPT [TIMEOUT]: a guest-side suite; its result
# lines count, and so does the guest's kernel log.  A guest lost to the
# test bed's known TCG fault (above) runs the suite once more, said so;
# the first run's logs stay beside.
vmrun_suite() {
	local name=$1 k=$2 script=$3 timeout=${4:-1500}
	local log=$OUT/$name-$k.log rc try
	for try in 1 2; do
		"$VM/vmrun.sh" -k "$k" -t "$timeout" -o "$OUT/$name-$k" -- \
			"$script" >"$log" 2>&1
		rc=$?
		if [ $try != 1 ] || [ $rc != 126 ] ||
		   ! tb_eflags_impossible "$OUT/$name-$k/console.log"; then
			break
		fi
		echo "# $name $k: the guest died of the test bed's known fault (a register dump with EFLAGS reserved bits set): the suite runs again; logs of the first run in ${OUT#"$TOP"/}/$name-$k.fault"
		rm -rf "$OUT/$name-$k.fault"
		mv "$OUT/$name-$k" "$OUT/$name-$k.fault"
		mv "$log" "$OUT/$name-$k.fault/suite.log"
	done
	replay() { cat "$log"; return "$rc"; }
	run_counted replay
	guest_log_result "$name $k" "$last_status" "$OUT/$name-$k"
}

if want testbed; then
	k=$(kver 6.12) || k=$(kver 6.1)
	"$VM/warn_test/build.sh" "$k" "$TOP/build/vm/warn-$k" >"$OUT/warn-build.log" 2>&1
	"$VM/vmrun.sh" -k "$k" -t 300 -o "$OUT/warn-$k" -- \
		"insmod $TOP/build/vm/warn-$k/tb_warn.ko" >/dev/null 2>&1
	rc=$?
	if [ $rc = 121 ]; then
		result PASS "testbed: an injected WARN fails the guest run (121)"
	else
		result FAIL "testbed: an injected WARN fails the guest run (got $rc)"
	fi
	# a hung task: its stack must reach the console (the watcher in
	# guest-stage2.sh), or a guest killed for a hang leaves no evidence
	"$VM/vmrun.sh" -k "$k" -t 300 -o "$OUT/hang-$k" -- \
		"echo 5 > /proc/sys/kernel/hung_task_timeout_secs &&
		 insmod $TOP/build/vm/warn-$k/tb_warn.ko report=hang hang_secs=15" \
		>/dev/null 2>&1
	rc=$?
	if [ $rc = 121 ] &&
	   grep -q 'the hung task detector fired' "$OUT/hang-$k/console.log" &&
	   grep -q 'tb_warn_init' "$OUT/hang-$k/console.log"; then
		result PASS "testbed: a hung task fails the guest run and its stack reaches the console"
	else
		result FAIL "testbed: a hung task fails the guest run and its stack reaches the console (rc $rc, ${OUT#"$TOP"/}/hang-$k/console.log)"
	fi
fi

for s in $SERIES; do
	k=$(kver "$s") || { want api && result SKIP "guest suites on $s (kernel not installed)"; continue; }
	want api && vmrun_suite api "$k" "$TOP/selftests/guest/suite_api.sh"
	want module && vmrun_suite module "$k" "$TOP/selftests/guest/suite_module.sh"
	want smcr && vmrun_suite smcr "$k" "$TOP/selftests/guest/suite_smcr.sh"
	if want netlink; then
		vmrun_suite netlink "$k" "$TOP/selftests/guest/suite_netlink.sh"
		# the same requests against Debian's smc.ko, which needs -I
		run_counted "$VM/vmrun.sh" -I -k "$k" -t 900 \
			-o "$OUT/netlink-intree-$k" -- \
			"$TOP/selftests/guest/suite_netlink.sh compare"
		guest_log_result "netlink-intree $k" "$last_status" \
			"$OUT/netlink-intree-$k"
	fi
done

# vmpair_suite NAME KVER SCRIPT IMPL-A IMPL-B: a two-guest suite, guest A
# running SCRIPT IMPL-A and guest B SCRIPT IMPL-B; "intree" means Debian's
# own smc.ko, which the guest must be allowed to load
vmpair_suite() {
	local name=$1 k=$2 script=$3 a=$4 b=$5 flags= g
	[ "$a" = intree ] && flags="$flags -I"
	[ "$b" = intree ] && flags="$flags -J"
	[ -n "${SMCR_INTEROP_BYTES:-}" ] && flags="$flags -e SMCR_INTEROP_BYTES"
	[ -n "${SMCR_INTEROP_V1_BYTES:-}" ] &&
		flags="$flags -e SMCR_INTEROP_V1_BYTES"
	[ -n "${PAIR_CPUS:-}" ] && flags="$flags -c $PAIR_CPUS"
	pair() {
		# shellcheck disable=SC2086
		"$VM/vmpair.sh" -k "$k" -K "$k" -t 1200 -o "$OUT/$name-$k" \
			$flags -- "$script $a" "$script $b" 2>&1 |
			sed -u -e 's/^[AB]| //'
		return "${PIPESTATUS[0]}"
	}
	# a guest lost to the test bed's known TCG/rxe fault (a spurious
	# debug trap in rxe's send path, seen with Debian's modules alone,
	# selftests/vm/README.md) costs the pair one more run, said so, and
	# the first run's logs stay beside
	local log=$OUT/$name-$k.log rc try
	for try in 1 2; do
		pair >"$log" 2>&1
		rc=$?
		if [ $try != 1 ] || ! tb_known_fault "$OUT/$name-$k"; then
			break
		fi
		echo "# $name $k: a guest died of the test bed's known fault (a register dump with EFLAGS reserved bits set): the pair runs again; logs of the first run in ${OUT#"$TOP"/}/$name-$k.fault"
		rm -rf "$OUT/$name-$k.fault"
		mv "$OUT/$name-$k" "$OUT/$name-$k.fault"
	done
	replay() { cat "$log"; return "$rc"; }
	run_counted replay
	for g in A B; do
		guest_log_result "$name $k A=$a B=$b, guest $g" \
			"$(cat "$OUT/$name-$k/$g/rc" 2>/dev/null ||
			   echo "$last_status")" "$OUT/$name-$k/$g"
	done
}

# TCP fallback between two guests without RDMA devices, ours and Linux's
if want interop; then
	k=$(kver 6.12) || k=$(kver 6.1)
	for p in "ours intree" "intree ours" "intree intree"; do
		set -- $p
		vmpair_suite "interop-$1-$2" "$k" \
			"$TOP/selftests/guest/suite_interop.sh" "$1" "$2"
	done
fi

# SMC-R between two guests: ours with Linux's in-tree module, both ways.
# 256 MiB each way over SMC-Rv2 on 6.12 and over SMC-Rv1 on 6.1, 64 MiB for
# the rest of 6.1 (time) and 16 MiB for v1 on 6.12.  On 6.12 each guest of
# the pair has one CPU: guests of 6.12 pairs with two (four vCPUs on the
# build machine's two cores) have died now and then in rxe's send path,
# also with nothing but Debian's modules loaded (selftests/vm/README.md).
if want smcr-interop; then
	for s in $SERIES; do
		k=$(kver "$s") || continue
		for p in ours-intree intree-ours; do
			set -- ${p/-/ }
			if [ "$s" = 6.12 ]; then
				unset SMCR_INTEROP_BYTES SMCR_INTEROP_V1_BYTES
				export PAIR_CPUS=1
			else
				export SMCR_INTEROP_BYTES=64m
				export SMCR_INTEROP_V1_BYTES=256m
				unset PAIR_CPUS
			fi
			vmpair_suite "smcr-interop-$1-$2" "$k" \
				"$TOP/selftests/guest/suite_smcr_interop.sh" "$1" "$2"
		done
	done
	unset SMCR_INTEROP_BYTES SMCR_INTEROP_V1_BYTES PAIR_CPUS
fi

# SMC-R over iWARP between two guests, ours on both ends, siw (the test
# bed's stand-in for erdma's out-of-band QP connection) their only RDMA
# device: one boot of a 6.12 guest (A) with a 6.1 guest (B), so both
# kernels' siw and module take part, each end as client and as server.
# SIW_PAIR_BYTES (default 16m; 256m take about 4 minutes more) each way and
# SIW_PAIR_SEQ (default 500) sequential connections per direction;
# SIW_PAIR_KERNELS="6.12 6.12" or "6.1 6.1" picks the kernels of A and B.
if want siw-pair; then
	# shellcheck disable=SC2086
	set -- ${SIW_PAIR_KERNELS:-$SERIES}
	# with one of the two kernels installed, both guests run it
	ka=$(kver "$1") || ka=
	kb=$(kver "${2:-$1}") || kb=$ka
	ka=${ka:-$kb}
	if [ -z "$ka" ]; then
		result SKIP "siw-pair (kernels ${SIW_PAIR_KERNELS:-$SERIES} not installed)"
	else
		flags=
		[ -n "${SIW_PAIR_BYTES:-}" ] && flags="$flags -e SIW_PAIR_BYTES"
		[ -n "${SIW_PAIR_SEQ:-}" ] && flags="$flags -e SIW_PAIR_SEQ"
		siw_pair() {
			# shellcheck disable=SC2086
			"$VM/vmpair.sh" -k "$ka" -K "$kb" -t 1500 \
				-o "$OUT/siw-pair" $flags -- \
				"$TOP/selftests/guest/suite_siw_pair.sh" \
				"$TOP/selftests/guest/suite_siw_pair.sh" 2>&1 |
				sed -u -e 's/^[AB]| //'
			return "${PIPESTATUS[0]}"
		}
		run_counted siw_pair
		for g in A B; do
			guest_log_result "siw-pair $ka/$kb, guest $g" \
				"$(cat "$OUT/siw-pair/$g/rc" 2>/dev/null ||
				   echo "$last_status")" "$OUT/siw-pair/$g"
		done
	fi
fi

# The in-tree pair the expected decline codes of smcr-interop were taken
# from: not in the default run (it tests Linux, not us); run it after a
# Debian kernel update with -s smcr-baseline.
if want smcr-baseline; then
	for s in $SERIES; do
		k=$(kver "$s") || continue
		vmpair_suite "smcr-interop-intree-intree" "$k" \
			"$TOP/selftests/guest/suite_smcr_interop.sh" intree intree
		# its link groups reach two links on the one-guest test bed
		# with two device pairs (part_links.sh)
		run_counted "$VM/vmrun.sh" -I -k "$k" -t 600 \
			-o "$OUT/smcr-links-intree-$k" -- \
			"$TOP/selftests/guest/suite_smcr.sh links_intree"
		guest_log_result "smcr-links-intree $k" "$last_status" \
			"$OUT/smcr-links-intree-$k"
	done
fi

# The peer guest's QEMU killed mid-transfer (selftests/vm/peer-kill.sh):
# on request only (-s peer-kill: two more guest boots); make soak runs it.
want peer-kill && run_counted "$VM/peer-kill.sh" -o "$OUT/peer-kill"

# The debug kernel (selftests/vm/debug-kernel): the module built against
# it (W=1); one boot proving that the instruments' reports fail a guest run
# (KASAN, UBSAN, lockdep's circular locking, sleeping in atomic context, a
# kmemleak leak); one boot with the SMC-R suite's fault-injection part
# (failslab fails 1% of smc.ko's allocations, fail_page_alloc every 7th of
# its page allocations, fail_function 10% of its allocation helpers, during
# churn and transfers; afterwards a kmemleak scan).
# Everything runs many times slower there (KASAN, lockdep and kmemleak
# under TCG), so this is what fits the default run (README: its time).
# DEBUG_FULL=1 adds the boots for lockdep's recursive locking and RCU
# proofs, the API suite and the SMC-R suite's api, data and fail parts
# (more than an hour on the 2-core machine).  Building the kernel takes far
# longer than CI's budget: never done here.
debug_step() {
	local dk k kd ko reports i=0 t0=$SECONDS
	local groups="none circular atomic ubsan leak kasan"
	local -a env=()

	if ! dk=$("$VM/debug-kernel/build.sh" --locate); then
		result SKIP "debug: no debug kernel in the cache (build it with selftests/vm/debug-kernel/build.sh, see selftests/vm/README.md)"
		return
	fi
	k=$(cat "$dk/kver")
	kd=$dk/build
	echo "# debug kernel $k in $dk"
	run_logged "debug: smc.ko and smc_diag.ko for $k, W=1, no warnings" \
		"$OUT/build-$k.log" \
		make -C "$TOP" modules-kver KVER="$k" KDIR="$kd" W=1 KCFLAGS=-Werror
	run_logged "debug: selftest programs and tools" "$OUT/debug-progs.log" \
		bash -c 'make -C "$0/selftests/smc" && make -C "$0" tools' "$TOP"
	KDIR=$kd run_logged "debug: test-bed tb_synsmc.ko for $k" \
		"$OUT/synsmc-$k.log" \
		"$VM/synsmc/build.sh" "$k" "$TOP/build/vm/synsmc/$k"
	ko=$TOP/build/vm/warn-$k/tb_warn.ko
	KDIR=$kd run_logged "debug: test-bed tb_warn.ko for $k" \
		"$OUT/warn-build-$k.log" \
		"$VM/warn_test/build.sh" "$k" "$(dirname "$ko")"

	# Lockdep reports once per boot: one boot per lockdep report, KASAN's
	# last (its taint switches lockdep off).
	[ -z "${DEBUG_FULL:-}" ] || groups="$groups/recursive/rcu"
	while IFS= read -r -d / reports; do
		i=$((i + 1))
		run_counted "$VM/vmrun.sh" -k "$k" -t 360 \
			-o "$OUT/debug-instruments$i-$k" -- \
			"$VM/debug-kernel/guest-instruments.sh $ko $reports"
		if [ "$last_status" = 121 ]; then
			result PASS "debug: instruments ($reports): the guest run counts as dirty (121)"
		else
			result FAIL "debug: instruments ($reports): the guest run counts as dirty (got $last_status)"
		fi
	done <<<"$groups/"

	export SMCR_API_BULK_MB=${SMCR_API_BULK_MB:-16}
	export SMCR_DATA_BYTES=${SMCR_DATA_BYTES:-64m}
	export SMCR_ECHO_BYTES=${SMCR_ECHO_BYTES:-16m}
	export FAULT_CONNS=${FAULT_CONNS:-60}
	export FAULT_BULK=${FAULT_BULK:-4m}
	for v in SMCR_API_BULK_MB SMCR_DATA_BYTES SMCR_ECHO_BYTES FAULT_PERCENT \
		 FAULT_CONNS FAULT_BULK FAULT_INJECTORS; do
		env+=(-e "$v")
	done
	run_counted "$VM/vmrun.sh" -k "$k" -t 900 "${env[@]}" \
		-o "$OUT/debug-faults-$k" -- \
		"$TOP/selftests/guest/suite_smcr.sh faults"
	guest_log_result "debug-faults $k" "$last_status" "$OUT/debug-faults-$k"
	if [ -n "${DEBUG_FULL:-}" ]; then
		vmrun_suite debug-api "$k" "$TOP/selftests/guest/suite_api.sh" 2400
		run_counted "$VM/vmrun.sh" -k "$k" -t 3600 "${env[@]}" \
			-o "$OUT/debug-smcr-$k" -- \
			"$TOP/selftests/guest/suite_smcr.sh api data fail"
		guest_log_result "debug-smcr $k" "$last_status" "$OUT/debug-smcr-$k"
	fi
	echo "# debug step took $((SECONDS - t0)) s"
}
if want debug; then
	debug_step
fi

echo "# time per step:$(for st in $step_order; do
	printf ' %s %d s,' "$st" "${step_secs[$st]}"; done | sed 's/,$//')"
echo "# took $((SECONDS - start)) s"
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
