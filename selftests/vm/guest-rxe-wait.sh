#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side: guest-rxe-wait.sh DEV... - wait until port 1 of every named RDMA
# device is ACTIVE; it follows its netdev's carrier, which takes a moment.
set -euo pipefail

for dev; do
	state=/sys/class/infiniband/$dev/ports/1/state
	for _ in $(seq 100); do
		grep -q ACTIVE "$state" 2>/dev/null && continue 2
		sleep 0.1
	done
	echo "guest-rxe-wait: $dev port 1 not active: $(cat "$state" 2>/dev/null)" >&2
	exit 1
done
