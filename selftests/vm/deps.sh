#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the guest test bed and the project build need.
# Cheap when everything is there already: only dpkg's database is consulted,
# and the package lists are refreshed only when something has to be installed.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

PACKAGES=(
	qemu-system-x86 linux-image-amd64 linux-headers-amd64
	busybox-static kmod iproute2 rdma-core ibverbs-utils perftest
	libibverbs-dev libnl-3-dev libnl-genl-3-dev
	build-essential pkg-config cpio xz-utils zstd sparse
	flex bison bc libelf-dev
	clang libclang-rt-14-dev python3-docutils
	tshark tcpdump
	linux-source-6.1 linux-source-6.12
)

is_installed() {
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

# The 6.12 packages carry the kernel ABI in their names and every update
# renames them: search for them, never hardcode a patch level.
installed_612() {
	dpkg-query -W -f='${db:Status-Status} ${Package}\n' \
		'linux-image-6.12.*+deb12-amd64-unsigned' 2>/dev/null |
		awk '$1 == "installed" { print $2 }' |
		sed -e 's/^linux-image-//' -e 's/-unsigned$//' |
		while read -r abi; do
			if is_installed "linux-headers-$abi"; then
				echo "$abi"
			fi
		done
}

newest_available_612() {
	local abi

	apt-cache search --names-only \
		'^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' |
		awk '{ print $1 }' |
		sed -e 's/^linux-image-//' -e 's/-unsigned$//' |
		sort -rV |
		while read -r abi; do
			if apt-cache show "linux-headers-$abi" >/dev/null 2>&1; then
				echo "$abi"
				break
			fi
		done
}

if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: must run as root (apt-get install)" >&2
	exit 1
fi

# One dpkg-query for the whole list keeps the all-present case fast.
mapfile -t missing < <(
	dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PACKAGES[@]}" 2>/dev/null |
		awk '$2 == "installed" { print $1 }' |
		sort | comm -13 - <(printf '%s\n' "${PACKAGES[@]}" | sort)
)

need_612=0
[ -n "$(installed_612)" ] || need_612=1

if [ ${#missing[@]} -eq 0 ] && [ $need_612 = 0 ]; then
	exit 0
fi

apt-get update -q

if [ $need_612 = 1 ]; then
	abi=$(newest_available_612)
	if [ -z "$abi" ]; then
		echo "deps.sh: no linux-image-6.12.*+deb12-amd64-unsigned with headers available" >&2
		exit 1
	fi
	missing+=("linux-image-$abi-unsigned" "linux-headers-$abi")
fi

echo "deps.sh: installing ${missing[*]}"
# Recommends would pull in firmware, GUI bits and friends the guests never use.
apt-get install -y -q --no-install-recommends "${missing[@]}"
