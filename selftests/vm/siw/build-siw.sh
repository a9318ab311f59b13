#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-siw.sh KVER OUTDIR - build OUTDIR/siw.ko, Soft-iWARP, for Debian
# kernel KVER from Debian's linux-source package.  Debian does not enable
# CONFIG_RDMA_SIW, but everything the driver needs is there: INET,
# INFINIBAND (m), INFINIBAND_VIRT_DMA (y), LIBCRC32C and CRYPTO_CRC32C (m),
# and every ib_core symbol it uses is exported.  The guest tests use it as
# an iWARP-class RDMA device.  The patches in siw/SERIES/ are applied (the
# out-of-band QP connection of Alibaba's erdma, see the patch).  Also builds
# OUTDIR/tb_siw_oob.ko, the test of that interface (oob_test/).  Nothing is
# done when the modules are newer than their inputs.
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

shopt -s nullglob
patches=("$here/$series"/*.patch)
shopt -u nullglob

mkdir -p "$2"
outdir=$(cd "$2" && pwd)
module=$outdir/siw.ko
test_module=$outdir/tb_siw_oob.ko

exec 9> "$outdir/.lock"
flock 9

up_to_date() {
	local input

	[ -f "$module" ] && [ -f "$test_module" ] || return 1
	for input in "$tarball" "$kdir/.config" "${BASH_SOURCE[0]}" \
		"${patches[@]}" "$here/oob_test/tb_siw_oob.c" "$here/oob_test/Kbuild"; do
		[ "$module" -nt "$input" ] && [ "$test_module" -nt "$input" ] ||
			return 1
	done
}
up_to_date && exit 0

src=$outdir/src
siw_dir=drivers/infiniband/sw/siw
rm -rf "$src"
mkdir -p "$src"
tar -xJf "$tarball" -C "$src" --strip-components=1 "linux-source-$series/$siw_dir"
for patch in "${patches[@]}"; do
	patch -d "$src" -p1 -s --no-backup-if-mismatch < "$patch"
done

# The driver's Makefile builds it only when its config symbol is set.
make -s -C "$kdir" M="$src/$siw_dir" CONFIG_RDMA_SIW=m -j "$(nproc)" modules
# Without debug info the module is much smaller and loads faster over 9p;
# the unstripped one stays in src/ for decoding oopses.
strip --strip-debug -o "$module.tmp" "$src/$siw_dir/siw.ko"

# Kbuild writes its objects next to the sources, so build from a copy.
test_src=$src/oob_test
mkdir -p "$test_src"
cp "$here/oob_test/tb_siw_oob.c" "$here/oob_test/Kbuild" "$test_src/"
make -s -C "$kdir" M="$test_src" modules
strip --strip-debug -o "$test_module.tmp" "$test_src/tb_siw_oob.ko"
mv "$test_module.tmp" "$test_module"
mv "$module.tmp" "$module"
