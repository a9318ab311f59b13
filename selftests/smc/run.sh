#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the AF_SMC selftests and report in TAP.
#
#   run.sh [-f smc|tcp] [-6] [-q] [-l] [FILTER...]
#
#   -f   family under test (default smc); tcp runs the same checks against
#        TCP sockets, the behaviour AF_SMC must match
#   -6   IPv6
#   -q   show the output of failed tests only
#   -l   list the tests and exit
#   FILTER  run only tests whose name contains one of these words
#
# The programs come from the directory of this script when they are there
# (a copied build directory), else from build/selftests/smc of the tree,
# else from SMCTEST_BIN_DIR.  Logs go to SMCTEST_LOG_DIR (default: logs/
# beside the programs).  Environment understood by the tests: see
# lib/smctest.h (SMCTEST_SERVER_ADDR, SMCTEST_EXPECT_CLIENT, ...,
# SMCTEST_TIMEOUT_SCALE, SMCTEST_BULK_MB).  Exit status 1 if anything failed.

set -u

here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${SMCTEST_BIN_DIR:-}" ]; then
	bin=$SMCTEST_BIN_DIR
elif [ -f "$here/tests.list" ]; then
	bin=$here
else
	bin=$(cd "$here/../.." && pwd)/build/selftests/smc
fi
if [ ! -f "$bin/tests.list" ]; then
	echo "Bail out! no tests.list in $bin: run 'make -C selftests/smc' first"
	exit 1
fi

family=${SMCTEST_FAMILY:-smc}
six=()
quiet=0
list_only=0
while getopts "f:6qlh" opt; do
	case $opt in
	f) family=$OPTARG ;;
	6) six=(-6) ;;
	q) quiet=1 ;;
	l) list_only=1 ;;
	*) sed -n '4,19s/^# \{0,1\}//p' "$0"; exit 1 ;;
	esac
done
shift $((OPTIND - 1))
case $family in smc|tcp) ;; *) echo "Bail out! -f wants smc or tcp"; exit 1 ;; esac
export SMCTEST_FAMILY=$family
[ ${#six[@]} -gt 0 ] && export SMCTEST_IPV6=1

selected=()
while read -r name; do
	[ -z "$name" ] && continue
	if [ $# -gt 0 ]; then
		match=0
		for f in "$@"; do
			[[ $name == *"$f"* ]] && match=1
		done
		[ $match = 1 ] || continue
	fi
	selected+=("$name")
done <"$bin/tests.list"

if [ $list_only = 1 ]; then
	printf '%s\n' "${selected[@]}"
	exit 0
fi

logs=${SMCTEST_LOG_DIR:-$bin/logs}
mkdir -p "$logs"
scale=${SMCTEST_TIMEOUT_SCALE:-1}
# a last resort only: every test has a watchdog of its own
limit() {
	local base=300
	[ "$1" = bulk_transfer ] && base=$((600 + ${SMCTEST_BULK_MB:-256} * 2))
	awk -v b="$base" -v s="$scale" 'BEGIN { printf "%d", b * s + 0.5 }'
}

echo "TAP version 13"
echo "# family $family${six:+, IPv6}, programs in $bin, logs in $logs"
echo "1..${#selected[@]}"
passed=0
failed=0
skipped=0
n=0
start=$(date +%s)
for name in "${selected[@]}"; do
	n=$((n + 1))
	log=$logs/$name.log
	prog=$bin/$name
	if [ ! -x "$prog" ]; then
		echo "not ok $n - $name # missing program"
		failed=$((failed + 1))
		continue
	fi
	t0=$(date +%s.%N)
	timeout --kill-after=10 "$(limit "$name")" "$prog" -f "$family" \
		"${six[@]}" >"$log" 2>&1
	rc=$?
	took=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	if [ $rc = 0 ]; then
		result="ok $n - $name"
		passed=$((passed + 1))
	elif [ $rc = 4 ]; then
		why=$(sed -n 's/^1\.\.0 # SKIP //p' "$log" | head -n 1)
		result="ok $n - $name # SKIP ${why:-no reason given}"
		skipped=$((skipped + 1))
	else
		case $rc in
		124|137) why="killed after $(limit "$name") s" ;;
		*) why=$(sed -n 's/^Bail out! //p' "$log" | head -n 1) ;;
		esac
		result="not ok $n - $name # exit status $rc${why:+: $why}"
		failed=$((failed + 1))
	fi
	if [ $quiet = 0 ] || { [ $rc != 0 ] && [ $rc != 4 ]; }; then
		sed 's/^/# /' "$log"
	fi
	echo "# $name took $took s"
	echo "$result"
done
echo "# $family${six:+ IPv6}: ran ${#selected[@]} tests in $(( $(date +%s) - start )) s"
echo "summary: $passed passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
