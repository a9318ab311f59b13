#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The main demo, for a fresh Debian 12 machine (as root): installs what is
# missing, builds the module and the tools, boots Debian's kernel in a QEMU
# guest with two Soft-RoCE devices, loads our smc.ko and shows SMC-R
# connections and how the tools see them.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

echo "== installing what is missing (apt-get)"
selftests/vm/deps.sh
kver=$(selftests/vm/kver.sh 6.12)

echo "== building smc.ko / smc_diag.ko for $kver, the tools and the test programs"
make -s modules-all KVERS="$kver"
make -s tools
make -s -C selftests/smc >/dev/null

echo "== booting $kver in a guest"
selftests/vm/vmrun.sh -k "$kver" -t 600 -o build/demo -- "$top/scripts/demo-guest.sh"
