#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side, two guests (vmpair.sh): eth0 up with $TB_IP/24 and a Soft-RoCE
# device rxe0 on it.
# Env: RXE_KO, RXE_OPTS (see guest-rxe-load.sh), MTU (default 1500).
# Loads no SMC module and configures no PNET ID or UEID: the tests do that.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

"$here/guest-net.sh" "${MTU:-1500}"
"$here/guest-rxe-load.sh"
rdma link add rxe0 type rxe netdev eth0
"$here/guest-rxe-wait.sh" rxe0
