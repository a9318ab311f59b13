#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh KVER OUTDIR - build tb_warn.ko for Debian kernel KVER into
# OUTDIR/tb_warn.ko; nothing is done when it is newer than its sources.
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
module=$outdir/tb_warn.ko

if [ -f "$module" ] && [ "$module" -nt "$here/tb_warn.c" ] &&
	[ "$module" -nt "$here/Kbuild" ] && [ "$module" -nt "$kdir/.config" ]; then
	exit 0
fi

# Kbuild writes its objects next to the sources, so build from a copy.
objdir=$outdir/obj
rm -rf "$objdir"
mkdir -p "$objdir"
cp "$here/tb_warn.c" "$here/Kbuild" "$objdir/"
make -s -C "$kdir" M="$objdir" modules
cp "$objdir/tb_warn.ko" "$module.tmp"
mv "$module.tmp" "$module"
