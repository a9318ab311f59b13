#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make soak`: SOAK_MINUTES (default 30) of mixed SMC-R load on two guests
# (selftests/guest/pair_soak.sh: churn, bulk, urgent data, link flaps, a
# hostile local user), then the peer killed mid-transfer
# (selftests/vm/peer-kill.sh).  Both guests boot the debug kernel when it
# is in the cache (selftests/vm/debug-kernel), else Debian's 6.12; SOAK_KVER
# picks another.  Writes build/soak/summary.txt: the counts of each guest,
# the failed checks and the kernel logs' verdicts.  Not in the default run.
# Exit: 0 when every check passed and both kernel logs are clean.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
OUT=$TOP/build/soak
MINUTES=${SOAK_MINUTES:-30}

kdir=()
if [ -n "${SOAK_KVER:-}" ]; then
	kver=$SOAK_KVER
elif dk=$("$HERE/debug-kernel/build.sh" --locate 2>/dev/null); then
	kver=$(cat "$dk/kver")
	kdir=(KDIR="$dk/build")
else
	kver=$("$HERE/kver.sh" 6.12) || { echo "soak: no 6.12 kernel" >&2; exit 1; }
fi
mkdir -p "$TOP/build"
make -C "$TOP" modules-kver KVER="$kver" "${kdir[@]}" W=1 \
	>"$TOP/build/soak-build.log" 2>&1 ||
	{ echo "soak: building smc.ko for $kver failed (build/soak-build.log)" >&2; exit 1; }
make -C "$TOP/selftests/smc" >/dev/null && make -C "$TOP" tools >/dev/null ||
	{ echo "soak: building the programs failed" >&2; exit 1; }

rm -rf "$OUT"
mkdir -p "$OUT"
export SOAK_MINUTES=$MINUTES
env=(-e SOAK_MINUTES)
[ -z "${SOAK_FLAP_S:-}" ] || env+=(-e SOAK_FLAP_S)
[ -z "${SOAK_HOSTILE_CONNS:-}" ] || env+=(-e SOAK_HOSTILE_CONNS)
t0=$SECONDS
guest=$TOP/selftests/guest/pair_soak.sh
"$HERE/vmpair.sh" -k "$kver" -K "$kver" -t $((MINUTES * 60 + 1500)) \
	-o "$OUT/pair" "${env[@]}" -- "$guest" "$guest" 2>&1 |
	tee "$OUT/pair.log" | grep -E '^[AB]\| (PASS|FAIL|SKIP)'
pair_rc=${PIPESTATUS[0]}
"$HERE/peer-kill.sh" -k "$kver" -o "$OUT/peer-kill" >"$OUT/peer-kill.log" 2>&1
pk_rc=$?
grep -E '^(PASS|FAIL|SKIP)' "$OUT/peer-kill.log"

{
	echo "soak of $(date -u '+%Y-%m-%d %H:%M') UTC: $MINUTES minutes, kernel $kver, took $(((SECONDS - t0) / 60)) min"
	for g in A B; do
		echo
		sed 's/^/  /' "$OUT/$g.summary" 2>/dev/null ||
			echo "  guest $g wrote no summary"
		echo "  checks: $(grep -c "^$g| PASS" "$OUT/pair.log") passed, $(grep -c "^$g| FAIL" "$OUT/pair.log") failed"
		grep "^$g| FAIL" "$OUT/pair.log" | sed 's/^/  /'
		echo "  guest status: $(cat "$OUT/pair/$g/rc" 2>/dev/null || echo none)"
		if "$HERE/dmesg-check.sh" "$OUT/pair/$g/dmesg" >"$OUT/$g.dmesg-check" 2>&1; then
			echo "  kernel log: clean"
		else
			echo "  kernel log: DIRTY (build/soak/pair/$g/dmesg)"
			head -n 10 "$OUT/$g.dmesg-check" | sed 's/^/    /'
		fi
	done
	echo
	echo "peer killed mid-transfer: $(grep -c '^PASS' "$OUT/peer-kill.log") passed, $(grep -c '^FAIL' "$OUT/peer-kill.log") failed"
	grep '^FAIL' "$OUT/peer-kill.log" | sed 's/^/  /'
	echo
	echo "vmpair status $pair_rc, peer-kill status $pk_rc"
} >"$OUT/summary.txt"
cat "$OUT/summary.txt"

grep -q '^[AB]| FAIL' "$OUT/pair.log" && exit 1
[ "$pair_rc" = 0 ] && [ "$pk_rc" = 0 ]
