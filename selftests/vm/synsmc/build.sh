#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh KVER OUTDIR - build the test-bed modules tb_synsmc.ko,
# tb_failqp.ko and tb_ksock.ko for Debian kernel KVER (or the build tree in
# KDIR) into OUTDIR (selftests/vm/testmod-build.sh: W=1, sparse, only when
# the sources changed).
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 KVER OUTDIR" >&2
	exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../testmod-build.sh"
testmod_build "$1" "$2" "$here" "tb_synsmc.ko tb_failqp.ko tb_ksock.ko" \
	"tb_synsmc.c tb_synsmc.h tb_failqp.c tb_ksock.c Kbuild"
