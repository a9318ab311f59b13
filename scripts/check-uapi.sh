#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# include/uapi/linux/smc.h and smc_diag.h are Linux's ABI and nothing else
# (this module's additions are in smc_ext.h): compared with a Linux 6.12
# copy, only comments and white space may differ.  Run by
# scripts/check-docs.sh (step "docs" of selftests/run_tests.sh).
#
#   scripts/check-uapi.sh [KERNEL_UAPI_LINUX_DIR]
#
# The kernel's copy comes from the argument, else from the installed
# linux-headers-6.12.*-common, else from /usr/src/linux-source-6.12.tar.xz;
# with none of them the check says SKIP.  One PASS/FAIL/SKIP line per
# header; exit status 1 when one failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
headers="smc.h smc_diag.h"
failed=0
tmp=

cleanup() { [ -z "$tmp" ] || rm -rf "$tmp"; }
trap cleanup EXIT

kdir=${1:-}
if [ -z "$kdir" ]; then
	for d in $(ls -d /usr/src/linux-headers-6.12.*-common 2>/dev/null |
		   sort -V -r); do
		if [ -f "$d/include/uapi/linux/smc.h" ]; then
			kdir=$d/include/uapi/linux
			break
		fi
	done
fi
if [ -z "$kdir" ] && [ -f /usr/src/linux-source-6.12.tar.xz ]; then
	tmp=$(mktemp -d)
	members=
	for h in $headers; do
		members="$members linux-source-6.12/include/uapi/linux/$h"
	done
	# shellcheck disable=SC2086
	if tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$tmp" $members \
		2>/dev/null; then
		kdir=$tmp/linux-source-6.12/include/uapi/linux
	fi
fi
if [ -z "$kdir" ]; then
	for h in $headers; do
		echo "SKIP docs: include/uapi/linux/$h is Linux 6.12's (no kernel copy: install linux-headers-6.12 or linux-source-6.12)"
	done
	exit 0
fi

# The C tokens of a header, comments and white space removed
tokens() {
	gcc -fpreprocessed -dD -E -P -x c "$1" | tr -d ' \t\n'
}

# One declaration per line, for a readable difference
lines() {
	sed 's/[;,{}]/&\n/g'
}

for h in $headers; do
	name="docs: include/uapi/linux/$h is Linux 6.12's (${kdir%/include/uapi/linux}), comments and white space aside"
	if ! ours=$(tokens "$top/include/uapi/linux/$h") ||
	   ! theirs=$(tokens "$kdir/$h"); then
		echo "FAIL $name (cannot read the headers)"
		failed=1
	elif [ "$ours" = "$theirs" ]; then
		echo "PASS $name"
	else
		echo "FAIL $name"
		diff <(echo "$theirs" | lines) <(echo "$ours" | lines) |
			sed -n '1,20s/^/#   /p'
		failed=1
	fi
done
exit $failed
