#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh KVER OUTDIR - build tb_ksock.ko for Debian kernel KVER into
# OUTDIR/tb_ksock.ko; nothing is done when it is newer than its sources.
# The build uses W=1 with warnings as errors and, when sparse is installed,
# C=2: any diagnostic fails it (the log is OUTDIR/build.log).
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 KVER OUTDIR" >&2
	exit 2
fi
kver=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kdir=/lib/modules/$kver/build
[ -d "$kdir" ] || { echo "build.sh: no kernel headers in $kdir" >&2; exit 1; }
mkdir -p "$2"
outdir=$(cd "$2" && pwd)
module=$outdir/tb_ksock.ko
sources=(tb_ksock.c Kbuild)

fresh=1
[ -f "$module" ] || fresh=0
for f in "${sources[@]/#/$here/}" "$kdir/.config" "$here/build.sh"; do
	[ "$fresh" = 1 ] && [ "$module" -nt "$f" ] || fresh=0
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
cp "$objdir/tb_ksock.ko" "$module.tmp"
mv "$module.tmp" "$module"
