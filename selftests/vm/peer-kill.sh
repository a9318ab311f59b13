#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The peer killed mid-transfer: two guests (vmpair.sh) run
# selftests/guest/pair_peer_kill.sh; once SMC-R transfers run both ways
# ($TB_SYNC/B.running) this script kills guest B's QEMU process (SIGKILL)
# from the host.  Guest A, the survivor, prints its checks; this script
# adds the verdict on A's kernel log.  Result lines as the guest suites'.
#
#   peer-kill.sh [-k KVER] [-o OUTDIR] [-t TIMEOUT]
#
# KVER: a kernel release, or "debug" (the cached debug kernel); default
# Debian's 6.12.  Exit: 0 when every check passed, 1 otherwise.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)

kver=
outdir=$TOP/build/peer-kill
timeout_s=900
while getopts "k:o:t:h" opt; do
	case $opt in
	k) kver=$OPTARG ;;
	o) outdir=$OPTARG ;;
	t) timeout_s=$OPTARG ;;
	*) echo "usage: $0 [-k KVER] [-o OUTDIR] [-t TIMEOUT]" >&2; exit 2 ;;
	esac
done
[ -n "$kver" ] || kver=$("$HERE/kver.sh" 6.12) || { echo "no 6.12 kernel" >&2; exit 2; }

rm -rf "$outdir"
mkdir -p "$outdir"
# vmpair.sh makes its shared directory under TMPDIR: ours, so that we find it
tmp=$(mktemp -d "${TMPDIR:-/tmp}/peer-kill.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

guest=$TOP/selftests/guest/pair_peer_kill.sh
# A must outlive B by far more than vmpair's default 30 s grace
TMPDIR=$tmp TB_PAIR_GRACE=$timeout_s "$HERE/vmpair.sh" -k "$kver" -K "$kver" \
	-t "$timeout_s" -o "$outdir" -- "$guest" "$guest" \
	>"$outdir/pair.log" 2>&1 &
pair=$!

# descendants PID: PID's process subtree
descendants() {
	local p
	for p in $(ps -o pid= --ppid "$1"); do
		echo "$p"
		descendants "$p"
	done
}

# B's QEMU: the descendant of our vmpair.sh that runs qemu-system-*
# (not the timeout(1) around it: killing that would orphan QEMU) with B's
# MAC address
qemu_of_b() {
	local p arg0
	for p in $(descendants $pair); do
		arg0=$(tr '\0' '\n' <"/proc/$p/cmdline" 2>/dev/null | head -n 1)
		case ${arg0##*/} in qemu-system-*) ;; *) continue ;; esac
		if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null |
		   grep -q 'mac=52:54:00:5b:00:02'; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

killed=
while kill -0 $pair 2>/dev/null; do
	if [ -z "$killed" ] && ls "$tmp"/vmpair.*/sync/B.running >/dev/null 2>&1; then
		if q=$(qemu_of_b); then
			echo "# killing guest B's QEMU (pid $q)"
			kill -KILL "$q"
			killed=1
		fi
	fi
	sleep 0.5
done
wait $pair
sed -e 's/^A| //' -e '/^B| /d' "$outdir/pair.log" | grep -E '^(PASS|FAIL|SKIP|#)'

failed=0
name="peer-kill $kver"
if [ -n "$killed" ]; then
	echo "PASS $name: guest B's QEMU killed mid-transfer"
else
	echo "FAIL $name: guest B's QEMU killed mid-transfer (never got there)"
	failed=1
fi
rc_a=$(cat "$outdir/A/rc" 2>/dev/null)
if [ "$rc_a" = 0 ] && "$HERE/dmesg-check.sh" "$outdir/A/dmesg" >"$outdir/A/dmesg-check" 2>&1; then
	echo "PASS $name: survivor A finished, kernel log clean"
else
	echo "FAIL $name: survivor A finished, kernel log clean (status ${rc_a:-none}, ${outdir#"$TOP"/}/A)"
	sed 's/^/#   /' "$outdir/A/dmesg-check" 2>/dev/null | head -n 20
	failed=1
fi
grep -q '^A| FAIL' "$outdir/pair.log" && failed=1
exit $failed
