#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-rxe.sh KVER OUTDIR - build OUTDIR/rdma_rxe.ko for Debian kernel KVER
# from Debian's linux-source package with the test bed's patches in
# rxe/SERIES/ applied (see the patches for what they change and why).
# Nothing is done when the module is newer than its inputs.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 KVER OUTDIR" >&2
	exit 2
fi
kver=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

series=$(echo "$kver" | cut -d. -f1,2)
tarball=/usr/src/linux-source-$series.tar.xz
# KDIR: a build tree not under /lib/modules (debug-kernel/build.sh's)
kdir=${KDIR:-/lib/modules/$kver/build}
[ -f "$tarball" ] || { echo "build-rxe: no $tarball (run deps.sh)" >&2; exit 1; }
[ -d "$kdir" ] || { echo "build-rxe: no kernel headers in $kdir" >&2; exit 1; }
shopt -s nullglob
patches=("$here/$series"/*.patch)
shopt -u nullglob

mkdir -p "$2"
outdir=$(cd "$2" && pwd)
module=$outdir/rdma_rxe.ko

exec 9> "$outdir/.lock"
flock 9

up_to_date() {
	local input

	[ -f "$module" ] || return 1
	for input in "$tarball" "$kdir/.config" "${BASH_SOURCE[0]}" "${patches[@]}"; do
		[ "$module" -nt "$input" ] || return 1
	done
}
up_to_date && exit 0

src=$outdir/src
rxe_dir=drivers/infiniband/sw/rxe
rm -rf "$src"
mkdir -p "$src"
tar -xJf "$tarball" -C "$src" --strip-components=1 "linux-source-$series/$rxe_dir"
for patch in "${patches[@]}"; do
	patch -d "$src" -p1 -s --no-backup-if-mismatch < "$patch"
done

make -s -C "$kdir" M="$src/$rxe_dir" -j "$(nproc)" modules
# Without debug info the module is 40 times smaller and loads much faster
# over 9p; the unstripped one stays in src/ for decoding oopses.
strip --strip-debug -o "$module.tmp" "$src/$rxe_dir/rdma_rxe.ko"
mv "$module.tmp" "$module"
