#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side, on a kernel with kmemleak (the debug kernel); does nothing
# and exits 0 elsewhere.
#
#   kmemleak.sh baseline   takes what is leaked now as known: only what
#                          leaks afterwards is reported later
#   kmemleak.sh report     prints the leaks found since the baseline
#                          (nothing when there are none)
#
# One scan is not enough: a scan treats every object whose contents
# changed since the previous scan as referenced (kmemleak's checksum), and
# a new object's first checksum always counts as a change. So an object
# is reported at the earliest by the second scan after its allocation,
# and only once it is 5 seconds old (kmemleak's minimum age).
set -u

ctl=/sys/kernel/debug/kmemleak

[ -w "$ctl" ] || exit 0

scan() {
	echo scan > "$ctl"
}

case ${1:-} in
baseline)
	scan && scan && echo clear > "$ctl"
	;;
report)
	scan || exit 1
	sleep 5
	scan || exit 1
	cat "$ctl"
	;;
*)
	echo "usage: $0 baseline|report" >&2
	exit 2
	;;
esac
