#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the build.sh of each test-bed module directory (synsmc,
# warn_test): testmod_build KVER OUTDIR SRCDIR "MODULES" "SOURCES" builds
# the modules (names of .ko files) from the sources (files in SRCDIR, its
# Kbuild included) for Debian kernel KVER, or for the build tree in KDIR
# (debug-kernel/build.sh's), into OUTDIR; nothing is done when every
# module is newer than the sources, the kernel's .config and the calling
# script.  W=1 with warnings as errors and, when sparse is installed, C=2:
# any diagnostic fails the build (the log is OUTDIR/build.log).

testmod_build() {
	local kver=$1 srcdir=$3 outdir kdir m f fresh=1 objdir log
	local -a modules sources checker=()

	read -r -a modules <<<"$4"
	read -r -a sources <<<"$5"
	kdir=${KDIR:-/lib/modules/$kver/build}
	[ -d "$kdir" ] || { echo "build.sh: no kernel headers in $kdir" >&2; return 1; }
	mkdir -p "$2"
	outdir=$(cd "$2" && pwd)

	for m in "${modules[@]}"; do
		[ -f "$outdir/$m" ] || fresh=0
		for f in "${sources[@]/#/$srcdir/}" "$kdir/.config" \
			 "$srcdir/build.sh" "${BASH_SOURCE[0]}"; do
			[ "$fresh" = 1 ] && [ "$outdir/$m" -nt "$f" ] || fresh=0
		done
	done
	[ "$fresh" = 1 ] && return 0

	command -v sparse >/dev/null && checker=(C=2)
	# Kbuild writes its objects next to the sources: build from a copy
	objdir=$outdir/obj
	rm -rf "$objdir"
	mkdir -p "$objdir"
	cp "${sources[@]/#/$srcdir/}" "$objdir/"
	log=$outdir/build.log
	if ! make -s -C "$kdir" M="$objdir" W=1 KCFLAGS=-Werror "${checker[@]}" \
		modules >"$log" 2>&1; then
		cat "$log" >&2
		return 1
	fi
	if grep -Eq 'warning:|error:' "$log"; then
		cat "$log" >&2
		echo "build.sh: diagnostics above" >&2
		return 1
	fi
	for m in "${modules[@]}"; do
		cp "$objdir/$m" "$outdir/$m.tmp"
		mv "$outdir/$m.tmp" "$outdir/$m"
	done
}
