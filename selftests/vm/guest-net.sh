#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side, two-guest set-up (vmpair.sh): guest-net.sh [MTU]
# Brings eth0 (virtio-net) up with $TB_IP/24. There is no udev in the guest,
# so the driver is loaded here.
set -euo pipefail

: "${TB_IP:?TB_IP is not set: run this in a vmpair.sh guest}"
mtu=${1:-1500}

# 6.1 (TCG guests): with TX NAPI, virtio_net sometimes stops its TX queue
# for good under Soft-RoCE load ("NETDEV WATCHDOG ... transmit queue 0 timed
# out"); freeing sent buffers on the next transmit avoids that
case $(uname -r) in
6.1.*) modprobe virtio_net napi_tx=0 ;;
*) modprobe virtio_net ;;
esac
for _ in $(seq 50); do
	[ -e /sys/class/net/eth0 ] && break
	sleep 0.1
done
[ -e /sys/class/net/eth0 ] || { echo "guest-net: no eth0" >&2; exit 1; }

ip link set eth0 mtu "$mtu"
ip addr replace "$TB_IP/24" dev eth0
ip link set eth0 up
