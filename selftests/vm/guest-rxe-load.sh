#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side: load Soft-RoCE. RXE_KO names an rdma_rxe.ko to insmod (the test
# bed's own build, see rxe/build-rxe.sh); empty or unset means Debian's stock
# module. RXE_OPTS are its module parameters, e.g. roce_v1=1.
set -euo pipefail

if [ -d /sys/module/rdma_rxe ]; then
	exit 0
fi

read -r -a rxe_opts <<< "${RXE_OPTS:-}"
if [ -n "${RXE_KO:-}" ]; then
	# insmod does not resolve dependencies: load what the module names.
	deps=$(modinfo -F depends "$RXE_KO")
	# shellcheck disable=SC2086 # one module name per word
	[ -z "$deps" ] || modprobe -a ${deps//,/ }
	insmod "$RXE_KO" "${rxe_opts[@]}"
else
	modprobe rdma_rxe "${rxe_opts[@]}"
fi
# The verbs tools (ibv_devinfo, perftest) need the user-space verbs device.
modprobe ib_uverbs
