#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-siw.sh KVER OUTDIR - build OUTDIR/siw.ko, Soft-iWARP, for Debian
# kernel KVER from Debian's linux-source package.  Debian does not enable
# CONFIG_RDMA_SIW, but everything the driver needs is there: INET,
# INFINIBAND (m), INFINIBAND_VIRT_DMA (y), LIBCRC32C and CRYPTO_CRC32C (m),
# and every ib_core symbol it uses is exported.  The guest tests use it as
# an iWARP-class RDMA device.  Nothing is done when the module is newer than
# its inputs.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 KVER OUTDIR" >&2
	exit 2
fi
kver=$1

series=$(echo "$kver" | cut -d. -f1,2)
tarball=/usr/src/linux-source-$series.tar.xz
# KDIR: a build tree not under /lib/modules (debug-kernel/build.sh's)
kdir=${KDIR:-/lib/modules/$kver/build}
[ -f "$tarball" ] || { echo "build-siw: no $tarball (run deps.sh)" >&2; exit 1; }
[ -d "$kdir" ] || { echo "build-siw: no kernel headers in $kdir" >&2; exit 1; }
# y or m: the debug kernel (KDIR=..., see debug-kernel/build.sh) builds
# some of them in.
for sym in CONFIG_INET=y CONFIG_INFINIBAND=m CONFIG_INFINIBAND_VIRT_DMA=y \
	   CONFIG_LIBCRC32C=m CONFIG_CRYPTO_CRC32C=m; do
	if ! grep -qxE "${sym%=*}=[ym]" "$kdir/.config"; then
		echo "build-siw: $kver's config lacks $sym, which siw needs" >&2
		exit 1
	fi
done

mkdir -p "$2"
outdir=$(cd "$2" && pwd)
module=$outdir/siw.ko

exec 9> "$outdir/.lock"
flock 9

up_to_date() {
	local input

	[ -f "$module" ] || return 1
	for input in "$tarball" "$kdir/.config" "${BASH_SOURCE[0]}"; do
		[ "$module" -nt "$input" ] || return 1
	done
}
up_to_date && exit 0

src=$outdir/src
siw_dir=drivers/infiniband/sw/siw
rm -rf "$src"
mkdir -p "$src"
tar -xJf "$tarball" -C "$src" --strip-components=1 "linux-source-$series/$siw_dir"

# The driver's Makefile builds it only when its config symbol is set.
make -s -C "$kdir" M="$src/$siw_dir" CONFIG_RDMA_SIW=m -j "$(nproc)" modules
# Without debug info the module is much smaller and loads faster over 9p;
# the unstripped one stays in src/ for decoding oopses.
strip --strip-debug -o "$module.tmp" "$src/$siw_dir/siw.ko"
mv "$module.tmp" "$module"
