# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the tools' command line tests: a scratch directory, counters,
# and results in TAP-like lines.  A test runs a program with its output in
# $tmp/out and $tmp/err (its own run function), then checks with has/ok/
# not_ok; a failed check shows that output.

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

pass=0
fail=0

ok() {
	pass=$((pass + 1))
	echo "ok - $1"
}

not_ok() {
	fail=$((fail + 1))
	echo "not ok - $1"
	for f in "$tmp/out" "$tmp/err"; do
		[ -s "$f" ] && sed "s|^|#   ${f##*/}: |" "$f"
	done
}

# has NAME out|err PATTERN: that output has a line matching PATTERN
has() {
	if grep -q -- "$3" "$tmp/$2"; then ok "$1"; else not_ok "$1"; fi
}
