#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh KVER OUTDIR - build the test-bed modules tb_synsmc.ko,
# tb_failqp.ko and tb_ksock.ko for Debian kernel KVER into OUTDIR; nothing
# is done when they are newer than their sources.
# The build uses W=1 with warnings as errors and, when sparse is installed,
# C=2: any diagnostic fails it (the log is OUTDIR/build.log).
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 KVER OUTDIR" >&2
	exit 2
fi
kver=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# KDIR: a build tree not under /lib/modules (debug-kernel/build.sh's)
kdir=${KDIR:-/lib/modules/$kver/build}
[ -d "$kdir" ] || { echo "build.sh: no kernel headers in $kdir" >&2; exit 1; }
mkdir -p "$2"
outdir=$(cd "$2" && pwd)
modules=(tb_synsmc.ko tb_failqp.ko tb_ksock.ko)
sources=(tb_synsmc.c tb_synsmc.h tb_failqp.c tb_ksock.c Kbuild)

fresh=1
for m in "${modules[@]}"; do
	[ -f "$outdir/$m" ] || fresh=0
	for f in "${sources[@]/#/$here/}" "$kdir/.config" "$here/build.sh"; do
		[ "$fresh" = 1 ] && [ "$outdir/$m" -nt "$f" ] || fresh=0
	done
done
[ "$fresh" = 1 ] && exit 0

checker=()
command -v sparse >/dev/null && checker=(C=2)

# Kbuild writes its objects next to the sources, so build from a copy.
objdir=$outdir/obj
rm -rf "$objdir"
mkdir -p "$objdir"
cp "${sources[@]/#/$here/}" "$objdir/"
log=$outdir/build.log
if ! make -s -C "$kdir" M="$objdir" W=1 KCFLAGS=-Werror "${checker[@]}" \
	modules >"$log" 2>&1; then
	cat "$log" >&2
	exit 1
fi
if grep -Eq 'warning:|error:' "$log"; then
	cat "$log" >&2
	echo "build.sh: diagnostics above" >&2
	exit 1
fi
for m in "${modules[@]}"; do
	cp "$objdir/$m" "$outdir/$m.tmp"
	mv "$outdir/$m.tmp" "$outdir/$m"
done
