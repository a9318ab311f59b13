#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh [--locate] - the test bed's debug kernel (KASAN, KFENCE, UBSAN,
# lockdep, DEBUG_OBJECTS, kmemleak, fault injection; see config.fragment),
# built from Debian's linux-source-6.12 into a cache outside the tree:
#
#   $SMC_DEBUG_KERNEL_CACHE (default /var/cache/smc-testbed/debug-kernel)
#     <key>/                 key: hash of the fragment, the source package
#                            version, the compiler and this script's layout
#       src/                 the extracted source
#       build/               the kbuild output: `make -C <key>/build M=...`
#                            builds out-of-tree modules against it
#       vmlinux              the ELF kernel (qboot boots it through PVH)
#       modules/lib/modules/<kver>/   installed modules, depmod'ed; its
#                            build link points at build/
#       kver                 the kernel release, e.g. 6.12.118-smcdebug
#       build.log, build-time
#       complete             written last: the entry is usable
#
# Without arguments the kernel is built unless the cache has it already, and
# the entry's directory is printed. --locate only prints it (exit 1 when the
# kernel has not been built). The build is slow (see README.md): set NICE
# to change its niceness (default 15) and JOBS its parallelism (default
# nproc).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${SMC_DEBUG_KERNEL_CACHE:-/var/cache/smc-testbed/debug-kernel}
tarball=/usr/src/linux-source-6.12.tar.xz
fragment=$here/config.fragment
# Bump when the layout of a cache entry or the way it is built changes.
layout=1

die() {
	echo "debug-kernel: $*" >&2
	exit 1
}

locate_only=0
case ${1:-} in
--locate) locate_only=1 ;;
"") ;;
*) echo "usage: $0 [--locate]" >&2; exit 2 ;;
esac

src_version=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null) ||
	die "linux-source-6.12 is not installed (run selftests/vm/deps.sh)"
[ -f "$tarball" ] || die "no $tarball (run selftests/vm/deps.sh)"
key=$({
	echo "layout $layout"
	echo "source $src_version"
	gcc --version | head -n 1
	cat "$fragment"
} | sha256sum | cut -c1-16)
dir=$cache/$key

if [ -f "$dir/complete" ]; then
	echo "$dir"
	exit 0
fi
[ $locate_only = 1 ] && exit 1

for tool in flex bison bc pahole; do
	command -v $tool >/dev/null || die "$tool missing (run selftests/vm/deps.sh)"
done
[ -f /usr/include/libelf.h ] || die "libelf-dev missing (run selftests/vm/deps.sh)"

mkdir -p "$cache"
exec 9> "$cache/.lock"
flock 9
# Someone else may have built it while we waited for the lock.
if [ -f "$dir/complete" ]; then
	echo "$dir"
	exit 0
fi

# An interrupted build resumes: the extracted source and the checked
# configuration are kept (marked by .extracted and .configured), and kbuild
# rebuilds only what is missing.
mkdir -p "$dir"
log=$dir/build.log
echo "debug-kernel: building in $dir (log: $log); this takes long" >&2
[ -f "$dir/build-start" ] || date +%s > "$dir/build-start"
run_make() {
	nice -n "${NICE:-15}" make -C "$dir/src" O="$dir/build" \
		-j "${JOBS:-$(nproc)}" "$@"
}

# Every option of the fragment must have survived: Kconfig drops what a
# dependency rules out, silently.
check_config() {
	local line sym bad=0

	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			if ! grep -qxF "$line" "$dir/build/.config"; then
				echo "debug-kernel: $line did not survive olddefconfig"
				bad=1
			fi ;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			if grep -q "^$sym=" "$dir/build/.config"; then
				echo "debug-kernel: $sym is set despite the fragment"
				bad=1
			fi ;;
		esac
	done < "$fragment"
	return $bad
}

# set -e does not act inside a function called before ||: every step says
# it explicitly.
build() {
	if [ ! -f "$dir/src/.extracted" ]; then
		rm -rf "$dir/src" "$dir/build" &&
		mkdir "$dir/src" &&
		tar -xJf "$tarball" -C "$dir/src" --strip-components=1 &&
		: > "$dir/src/.extracted" || return 1
	fi
	if [ ! -f "$dir/build/.configured" ]; then
		run_make defconfig &&
		"$dir/src/scripts/kconfig/merge_config.sh" -m -O "$dir/build" \
			"$dir/build/.config" "$fragment" &&
		run_make olddefconfig &&
		check_config &&
		: > "$dir/build/.configured" || return 1
	fi
	run_make all &&
	run_make INSTALL_MOD_PATH="$dir/modules" INSTALL_MOD_STRIP=1 \
		modules_install
}
build >> "$log" 2>&1 || die "the build failed, see $log"

kver=$(cat "$dir/build/include/config/kernel.release")
ln -sfn ../../../../build "$dir/modules/lib/modules/$kver/build"
ln -sfn ../../../../src "$dir/modules/lib/modules/$kver/source"
ln -f "$dir/build/vmlinux" "$dir/vmlinux"
echo "$kver" > "$dir/kver"
start=$(cat "$dir/build-start")
end=$(date +%s)
# wall time from the first start, interruptions included
echo "$((end - start)) s wall, $(nproc) CPUs, nice ${NICE:-15}, jobs ${JOBS:-$(nproc)}, $(date -u +%F)" \
	> "$dir/build-time"
: > "$dir/complete"
echo "debug-kernel: built $kver in $((end - start)) s" >&2
echo "$dir"
