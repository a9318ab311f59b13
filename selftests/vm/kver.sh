#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kver.sh SERIES - print the ABI name of the newest installed Debian amd64
# kernel of SERIES ("6.1" or "6.12"), e.g. 6.1.0-56-amd64.
# Exit 1 when no such kernel (image and modules) is installed.
set -euo pipefail

if [ $# -ne 1 ] || ! [[ $1 =~ ^[0-9]+\.[0-9]+$ ]]; then
	echo "usage: $0 SERIES   (e.g. 6.1 or 6.12)" >&2
	exit 2
fi
series=${1//./\\.}

# Only the generic flavour: -cloud-amd64 and -rt-amd64 lack drivers we use.
abi_re="^${series}\.[0-9]+(-[0-9]+|\+deb[0-9]+)-amd64\$"

newest=$(
	for img in /boot/vmlinuz-*; do
		abi=${img#/boot/vmlinuz-}
		[[ $abi =~ $abi_re ]] || continue
		[ -f "/lib/modules/$abi/modules.dep" ] || continue
		echo "$abi"
	done | sort -V | tail -n 1
)

[ -n "$newest" ] || exit 1
echo "$newest"
