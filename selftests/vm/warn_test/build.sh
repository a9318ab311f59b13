#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh KVER OUTDIR - build tb_warn.ko for Debian kernel KVER (or the
# build tree in KDIR) into OUTDIR/tb_warn.ko (selftests/vm/testmod-build.sh:
# W=1, sparse, only when the sources changed).
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 KVER OUTDIR" >&2
	exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../testmod-build.sh"
testmod_build "$1" "$2" "$here" tb_warn.ko "tb_warn.c Kbuild"
