#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dmesg-check.sh FILE - exit 0 when the kernel log in FILE shows no sign of a
# kernel problem, 1 (printing the offending lines) when it does, 2 when FILE
# cannot be read. FILE may also be a raw console log.
set -uo pipefail

# Each entry is the stable part of one kind of kernel report.
PATTERNS=(
	'\bOops\b'
	'BUG:'
	'kernel BUG'
	'WARNING:'
	'general protection fault'
	'KASAN'
	'UBSAN'
	'Kernel panic'
	'soft lockup'
	'hard LOCKUP'
	'rcu.*detected (expedited )?stalls?'
	'blocked for more than'
	'scheduling while atomic'
	'sleeping function called from invalid context'
	'list_(add|del) corruption'
	'refcount_t:'
	'Unable to handle kernel'
	'stack-protector'
	'double free'
	'use-after-free'
	# the debug kernel's instruments (selftests/vm/debug-kernel): KFENCE
	# and ODEBUG report on BUG: and WARNING: lines, and so does lockdep,
	# whose stable parts are named here anyway
	'possible circular locking'
	'possible recursive locking'
	'inconsistent lock state'
	'suspicious RCU usage'
	# kmemleak, after the scan guest-stage2.sh makes at the end
	'unreferenced object'
	'suspected memory leaks?'
)
MAX_LINES=40

if [ $# -ne 1 ]; then
	echo "usage: $0 FILE" >&2
	exit 2
fi
if [ ! -r "$1" ]; then
	echo "dmesg-check: cannot read $1" >&2
	exit 2
fi

grep_args=()
for pattern in "${PATTERNS[@]}"; do
	grep_args+=(-e "$pattern")
done

# -a: a console log may carry stray control bytes.
findings=$(grep -a -E "${grep_args[@]}" "$1")
[ -z "$findings" ] && exit 0

count=$(printf '%s\n' "$findings" | wc -l)
printf '%s\n' "$findings" | head -n "$MAX_LINES"
[ "$count" -gt "$MAX_LINES" ] && echo "... $((count - MAX_LINES)) more"
exit 1
