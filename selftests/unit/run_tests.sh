#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run test programs that each end with "N passed, N failed"; print their
# output without that line, then one total line of the same form.  A
# program that dies before its summary (sanitizer report, signal) counts
# as one failed test.

passed=0
failed=0
status=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	summary=$(printf '%s\n' "$out" | tail -n 1)
	printf '%s\n' "$out" | sed '$d'
	case "$summary" in
	*" passed, "*" failed")
		p=${summary%% passed*}
		f=${summary#*passed, }
		f=${f%% failed}
		passed=$((passed + p))
		failed=$((failed + f))
		;;
	*)
		printf '%s\n' "$summary"
		echo "FAIL - $(basename "$t") (died, exit $rc)"
		failed=$((failed + 1))
		;;
	esac
	[ "$rc" -eq 0 ] || status=1
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
