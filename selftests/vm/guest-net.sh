#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side, two-guest set-up (vmpair.sh): guest-net.sh [MTU]
# Brings eth0 (virtio-net) up with $TB_IP/24. There is no udev in the guest,
# so the driver is loaded here.
set -euo pipefail

: "${TB_IP:?TB_IP is not set: run this in a vmpair.sh guest}"
mtu=${1:-1500}

modprobe virtio_net
for _ in $(seq 50); do
	[ -e /sys/class/net/eth0 ] && break
	sleep 0.1
done
[ -e /sys/class/net/eth0 ] || { echo "guest-net: no eth0" >&2; exit 1; }

ip link set eth0 mtu "$mtu"
ip addr replace "$TB_IP/24" dev eth0
ip link set eth0 up
