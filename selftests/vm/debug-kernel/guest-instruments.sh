#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side, on the debug kernel: guest-instruments.sh TB_WARN_KO REPORT...
# loads tb_warn.ko once per REPORT (see warn_test/tb_warn.c) and checks that
# the kernel reports it and that dmesg-check.sh fails the log for it; "none"
# is the control, whose log must stay clean. One result line per REPORT.
#
# Lockdep switches itself off after its first report (and after anything
# that taints the kernel as a KASAN report does), so a boot proves at most
# one lockdep report and it must come before KASAN's: the caller boots once
# per such group (run_tests.sh, step debug). The run as a whole ends with a
# dirty kernel log, which vmrun.sh turns into exit status 121.
# shellcheck disable=SC2034 # read by lib.sh
SUITE="debug instruments $(uname -r)"
# shellcheck source=../../guest/lib.sh
. "$(dirname "$0")/../../guest/lib.sh"

ko=$1
shift
check=$(dirname "$0")/../dmesg-check.sh
kmemleak=/sys/kernel/debug/kmemleak
scan=$(dirname "$0")/../kmemleak.sh

# what each report must leave in the log
expected() {
	case $1 in
	kasan) echo 'BUG: KASAN: slab-out-of-bounds' ;;
	ubsan) echo 'UBSAN: shift-out-of-bounds' ;;
	circular) echo 'WARNING: possible circular locking dependency detected' ;;
	recursive) echo 'WARNING: possible recursive locking detected' ;;
	atomic) echo 'BUG: sleeping function called from invalid context' ;;
	rcu) echo 'WARNING: suspicious RCU usage' ;;
	leak) echo 'unreferenced object' ;;
	esac
}

for report in "$@"; do
	log=/tmp/instruments-$report.log
	dmesg -C
	if ! insmod "$ko" report="$report"; then
		fail "report=$report: insmod tb_warn.ko"
		continue
	fi
	: > "$log"
	if [ "$report" = leak ]; then
		# what guest-stage2.sh does at the end of every guest run
		if [ ! -w "$kmemleak" ]; then
			fail "report=leak: kmemleak is off ($kmemleak)"
			rmmod tb_warn
			continue
		fi
		"$scan" report >> "$log"
	fi
	rmmod tb_warn
	dmesg >> "$log"
	"$check" "$log" > /dev/null
	rc=$?
	if [ "$report" = none ]; then
		check "report=none: the kernel log stays clean" test $rc = 0
		continue
	fi
	want=$(expected "$report")
	if [ $rc = 1 ] && grep -qF "$want" "$log"; then
		pass "report=$report: the kernel says \"$want\" and the log scan fails"
	else
		fail "report=$report: \"$want\" (log scan status $rc)"
		sed 's/^/# /' "$log" | head -n 20
	fi
done
exit 0
