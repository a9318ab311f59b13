#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftest.sh [-v] - prove that the guest test bed works on this machine.
# Prints "PASS name" or "FAIL name" per check and "N passed, N failed" at the
# end; exits 0 only when every check passed. The guests' output and result
# directories are kept in build/vm/selftest/ (-v also streams them).

# Guest commands are single-quoted on purpose: they expand in the guest.
# shellcheck disable=SC2016
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/build/vm/selftest
VM_TIMEOUT=150

verbose=0
[ "${1:-}" = -v ] && verbose=1

passed=0
failed=0

# Seconds each check took go to $OUT/timings, to see where the time goes.
last_result_time=$SECONDS
note_time() {
	echo "$((SECONDS - last_result_time)) $1" >> "$OUT/timings"
	last_result_time=$SECONDS
}

pass() {
	echo "PASS $1"
	passed=$((passed + 1))
	note_time "$1"
}

# fail NAME REASON [LOG]
fail() {
	echo "FAIL $1: $2"
	failed=$((failed + 1))
	note_time "$1"
	if [ -n "${3:-}" ] && [ -f "$3" ]; then
		tail -n 20 "$3" | sed 's/^/    /'
	fi
}

# check NAME COMMAND... - a host-side check that passes when COMMAND does.
check() {
	local name=$1
	shift

	if "$@" > "$OUT/$name.log" 2>&1; then
		pass "$name"
	else
		fail "$name" "'$*' failed" "$OUT/$name.log"
	fi
}

# run_logged LOG COMMAND... - run COMMAND with its output in LOG (and on the
# terminal with -v); returns COMMAND's status.
run_logged() {
	local log=$1
	shift

	if [ $verbose = 1 ]; then
		"$@" 2>&1 | tee "$log"
		return "${PIPESTATUS[0]}"
	fi
	"$@" > "$log" 2>&1
}

# vm_check NAME EXPECTED_STATUS VMRUN_ARG... -- COMMAND
vm_check() {
	local name=$1 want=$2 got
	shift 2

	run_logged "$OUT/$name.log" "$HERE/vmrun.sh" -t "$VM_TIMEOUT" -o "$OUT/$name" "$@"
	got=$?
	if [ "$got" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "exit status $got, expected $want" "$OUT/$name.log"
	fi
}

# Guest commands below name the test bed scripts relative to the project.
cd "$ROOT" || exit 1
rm -rf "$OUT"
mkdir -p "$OUT"

# --- the kernel log scan itself ---------------------------------------------

cat > "$OUT/reports.txt" <<'EOF'
[   12.000001] WARNING: CPU: 1 PID: 170 at net/smc/af_smc.c:42 smc_connect+0x10/0x20 [smc]
[   12.000002] BUG: kernel NULL pointer dereference, address: 0000000000000008
[   12.000003] Oops: 0002 [#1] PREEMPT SMP NOPTI
[   12.000004] kernel BUG at net/smc/smc_core.c:100!
[   12.000005] general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1]
[   12.000006] BUG: KASAN: slab-use-after-free in smc_cdc_rx+0x1/0x2
[   12.000007] UBSAN: array-index-out-of-bounds in net/smc/smc_wr.c:10:3
[   12.000008] Kernel panic - not syncing: Fatal exception
[   12.000009] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [kworker/0:1:33]
[   12.000010] Watchdog detected hard LOCKUP on cpu 1
[   12.000011] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:
[   12.000012] rcu: INFO: rcu_sched self-detected stall on CPU
[   12.000013] INFO: task smcd:123 blocked for more than 30 seconds.
[   12.000014] BUG: scheduling while atomic: kworker/1:2/80/0x00000002
[   12.000015] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580
[   12.000016] list_add corruption. prev->next should be next (ffff888004a1c0b8), but was 0000000000000000.
[   12.000017] list_del corruption, ffff888004a1c0b8->next is LIST_POISON1 (dead000000000100)
[   12.000018] refcount_t: underflow; use-after-free.
[   12.000019] Unable to handle kernel paging request at virtual address dead000000000108
[   12.000020] Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: smc_rx+0x1/0x2
[   12.000021] kfree: double free detected
[   12.000022] KFENCE: use-after-free read in smc_buf_free+0x1/0x2
[   12.000023] WARNING: possible circular locking dependency detected
[   12.000024] WARNING: possible recursive locking detected
[   12.000025] WARNING: inconsistent lock state
[   12.000026] WARNING: suspicious RCU usage
[   12.000027] WARNING: CPU: 0 PID: 1 at lib/debugobjects.c:514 debug_print_object+0xb8/0x100
[   12.000028] kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)
unreferenced object 0xffff888004d2e400 (size 64):
EOF
reports_found() {
	local line

	# Every single report line must make the scan fail on its own.
	while IFS= read -r line; do
		printf '%s\n' "$line" > "$OUT/one-report.txt"
		if "$HERE/dmesg-check.sh" "$OUT/one-report.txt" > /dev/null; then
			echo "missed: $line"
			return 1
		fi
	done < "$OUT/reports.txt"
}
check dmesg-check-finds-reports reports_found

cat > "$OUT/benign.txt" <<'EOF'
[    0.432528] NMI watchdog: Perf NMI watchdog permanently disabled
[    0.894330] PCI: Using host bridge windows from ACPI; if necessary, use "pci=nocrs" and report a bug
[    2.450180] RAS: Correctable Errors collector initialized.
[    4.673768] smc: loading out-of-tree module taints kernel.
[    5.100000] NET: Registered PF_SMC protocol family
[    5.200000] rdma_rxe: loaded
[    0.000000] KernelAddressSanitizer initialized (generic)
[    0.000001] Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar
[    0.100000] kfence: initialized - using 2097152 bytes for 255 objects at 0x(____ptrval____)-0x(____ptrval____)
[    0.200000] kmemleak: Kernel memory leak detector initialized (mem pool available: 38000)
EOF
check dmesg-check-ignores-benign "$HERE/dmesg-check.sh" "$OUT/benign.txt"

# --- kernels and helper modules ----------------------------------------------

kver_61=$("$HERE/kver.sh" 6.1 2> /dev/null)
kver_612=$("$HERE/kver.sh" 6.12 2> /dev/null)
if [ -n "$kver_61" ]; then pass kver-6.1; else fail kver-6.1 "no Debian 6.1 kernel (run deps.sh)"; fi
if [ -n "$kver_612" ]; then pass kver-6.12; else fail kver-6.12 "no Debian 6.12 kernel (run deps.sh)"; fi
if [ -z "$kver_61" ] || [ -z "$kver_612" ]; then
	echo "$passed passed, $failed failed"
	exit 1
fi

# The Soft-RoCE builds take a while: run them during the boot checks, one
# after the other and niced, so that the guests keep most of the CPU.
rxe_ko() {
	echo "$ROOT/build/vm/rxe/$1/rdma_rxe.ko"
}
build_rxe_modules() {
	local kver

	for kver in "$kver_61" "$kver_612"; do
		nice -n 15 "$HERE/rxe/build-rxe.sh" "$kver" "$(dirname "$(rxe_ko "$kver")")" \
			> "$OUT/build-rxe-$kver.log" 2>&1
		echo $? > "$OUT/build-rxe-$kver.status"
	done
}
build_rxe_modules &
rxe_build_pid=$!

warn_ko() {
	echo "$ROOT/build/vm/warn_test/$1/tb_warn.ko"
}
for kver in "$kver_61" "$kver_612"; do
	check "build-tb_warn-$kver" "$HERE/warn_test/build.sh" "$kver" \
		"$(dirname "$(warn_ko "$kver")")"
done

# --- one guest, both kernels -------------------------------------------------

output_dir_complete() { # output_dir_complete DIR
	local file

	for file in console.log dmesg rc tainted; do
		[ -s "$1/$file" ] || { echo "no $1/$file"; return 1; }
	done
	[ "$(cat "$1/rc")" = 0 ] || { echo "rc is $(cat "$1/rc")"; return 1; }
	[[ $(cat "$1/tainted") =~ ^[0-9]+$ ]] || { echo "bad tainted"; return 1; }
	grep -q '^tb-selftest: hello from' "$1/console.log" ||
		{ echo "command output missing from console.log"; return 1; }
}

smc_blocked='! modprobe smc && ! modprobe smc_diag &&
	! python3 -c "import socket; socket.socket(43, socket.SOCK_STREAM)" &&
	! grep -q "^smc" /proc/modules &&
	! ls /lib/modules/$(uname -r)/kernel/net/smc/smc.ko*'
smc_allowed='modprobe smc && modprobe smc_diag &&
	python3 -c "import socket; socket.socket(43, socket.SOCK_STREAM).close()" &&
	grep -q "^smc " /proc/modules'

for kver in "$kver_61" "$kver_612"; do
	series=$(echo "$kver" | cut -d. -f1,2)
	vm_check "exit-0-$series" 0 -k "$kver" -- 'echo "tb-selftest: hello from $(uname -r)"'
	check "output-dir-$series" output_dir_complete "$OUT/exit-0-$series"
	check "dmesg-clean-boot-$series" "$HERE/dmesg-check.sh" "$OUT/exit-0-$series/dmesg"
	vm_check "exit-7-$series" 7 -k "$kver" -- 'exit 7'
	vm_check "warn-is-121-$series" 121 -k "$kver" -- "insmod $(warn_ko "$kver")"
	vm_check "intree-smc-blocked-$series" 0 -k "$kver" -- "$smc_blocked"
	vm_check "intree-smc-allowed-I-$series" 0 -I -k "$kver" -- "$smc_allowed"
done

# --- failure modes and plumbing (6.12) ---------------------------------------

vm_check oops-is-126-6.12 126 -k "$kver_612" -- "insmod $(warn_ko "$kver_612") report=oops"
run_logged "$OUT/timeout-is-124-6.12.log" \
	"$HERE/vmrun.sh" -t 8 -o "$OUT/timeout-is-124-6.12" -k "$kver_612" -- 'sleep 60'
status=$?
if [ $status = 124 ]; then
	pass timeout-is-124-6.12
else
	fail timeout-is-124-6.12 "exit status $status, expected 124" "$OUT/timeout-is-124-6.12.log"
fi

export TB_SELFTEST_VALUE='two words, a $dollar and a "quote"'
probe=$OUT/share-probe
vm_check env-share-cwd-6.12 0 -k "$kver_612" -e TB_SELFTEST_VALUE -- \
	"[ \"\$PWD\" = $(printf %q "$PWD") ] && printf '%s' \"\$TB_SELFTEST_VALUE\" > $(printf %q "$probe")"
if [ "$(cat "$probe" 2> /dev/null)" = "$TB_SELFTEST_VALUE" ]; then
	pass env-share-written-back-6.12
else
	fail env-share-written-back-6.12 "guest did not write the variable to $probe"
fi

# --- two guests (6.12) -------------------------------------------------------

# B stays up until A is done: vmpair drops A.exit into the sync directory.
pair_a='selftests/vm/guest-net.sh &&
	for i in $(seq 30); do busybox ping -c 1 -W 1 "$TB_PEER_IP" && exit 0; done; exit 1'
pair_b='selftests/vm/guest-net.sh &&
	for i in $(seq 1200); do [ -e "$TB_SYNC/A.exit" ] && exit 0; sleep 0.1; done; exit 1'
run_logged "$OUT/pair-ping-6.12.log" "$HERE/vmpair.sh" -t "$VM_TIMEOUT" \
	-k "$kver_612" -o "$OUT/pair-ping-6.12" -- "$pair_a" "$pair_b"
status=$?
if [ $status = 0 ] && grep -q '^A| 64 bytes from 10.0.1.2' "$OUT/pair-ping-6.12.log" &&
	[ -s "$OUT/pair-ping-6.12/A/dmesg" ] && [ -s "$OUT/pair-ping-6.12/B/dmesg" ]; then
	pass pair-ping-6.12
else
	fail pair-ping-6.12 "exit status $status" "$OUT/pair-ping-6.12.log"
fi

# --- Soft-RoCE on the veth pair ----------------------------------------------

wait "$rxe_build_pid"
for kver in "$kver_61" "$kver_612"; do
	if [ "$(cat "$OUT/build-rxe-$kver.status")" = 0 ]; then
		pass "build-rxe-$kver"
	else
		fail "build-rxe-$kver" "build failed" "$OUT/build-rxe-$kver.log"
	fi
done

rxe_ok='selftests/vm/guest-veth-rxe.sh &&
	links=$(rdma link show) && echo "$links" &&
	grep -q "rxe1/1 state ACTIVE" <<< "$links" &&
	grep -q "rxe2/1 state ACTIVE" <<< "$links" &&
	ibv_devinfo -d rxe1 | grep -q PORT_ACTIVE &&
	ibv_devinfo -d rxe2 | grep -q PORT_ACTIVE'
gid_types='cat /sys/class/infiniband/rxe1/ports/1/gid_attrs/types/* 2>/dev/null | sort | uniq -c'
has_v1_gid="$gid_types; $gid_types | grep -q \"RoCE v1\""
has_no_v1_gid="$gid_types; ! $gid_types | grep -q \"RoCE v1\""

export RXE_KO RXE_OPTS
RXE_KO='' RXE_OPTS=''
vm_check rxe-stock-veth-6.12 0 -k "$kver_612" -e RXE_KO -- "$rxe_ok && $has_no_v1_gid"
RXE_KO=$(rxe_ko "$kver_61") RXE_OPTS=''
vm_check rxe-rebuilt-veth-6.1 0 -k "$kver_61" -e RXE_KO -e RXE_OPTS -- "$rxe_ok && $has_no_v1_gid"
RXE_OPTS=roce_v1=1
vm_check rxe-roce-v1-gid-6.1 0 -k "$kver_61" -e RXE_KO -e RXE_OPTS -- "$rxe_ok && $has_v1_gid"
RXE_KO=$(rxe_ko "$kver_612")
vm_check rxe-roce-v1-gid-6.12 0 -k "$kver_612" -e RXE_KO -e RXE_OPTS -- "$rxe_ok && $has_v1_gid"

echo "selftest took ${SECONDS}s; logs in $OUT"
echo "$passed passed, $failed failed"
[ $failed = 0 ]
