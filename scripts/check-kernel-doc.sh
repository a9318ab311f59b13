#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-doc of net/smc, with the kernel's own scripts/kernel-doc.  Run by
# scripts/check-docs.sh (step "docs" of selftests/run_tests.sh).
#
#   scripts/check-kernel-doc.sh [BUILD_DIR]     (default: <top>/build)
#
# - "kernel-doc -none -Wall" reports nothing for net/smc/*.c and *.h: every
#   kernel-doc comment names its function, describes each parameter and
#   says what a non-void function returns;
# - every function a header of net/smc declares (prototypes and static
#   inline helpers: the interface a layer exports to the others) has a
#   kernel-doc comment, which kernel-doc itself does not demand.  The
#   headers listed in PENDING below are not checked yet, each with its
#   reason: document one, then take it off the list.
#
# scripts/kernel-doc comes from Debian's linux-source-6.12 tarball, as the
# ynl tools of scripts/check_netlink_specs.py do, and is kept in
# BUILD_DIR/kernel-doc; without the tarball the check says SKIP.  One
# PASS/FAIL/SKIP line per check; exit status 1 when one failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${1:-$top/build}")
tarball=/usr/src/linux-source-6.12.tar.xz
src=linux-source-6.12
kdoc=$build/kernel-doc/$src/scripts/kernel-doc
failed=0

# Headers whose functions need no kernel-doc yet: "file: reason"
PENDING="
"

pass() { echo "PASS docs: $*"; }
fail() { echo "FAIL docs: $*"; failed=1; }
skip() { echo "SKIP docs: $*"; }

if [ ! -f "$kdoc" ] && [ -f "$tarball" ]; then
	mkdir -p "$build/kernel-doc"
	tar -xJf "$tarball" -C "$build/kernel-doc" "$src/scripts/kernel-doc" \
		>/dev/null 2>&1
fi

cd "$top" || exit 1

if [ ! -f "$kdoc" ]; then
	skip "kernel-doc of net/smc (no scripts/kernel-doc: install linux-source-6.12 for $tarball)"
elif ! command -v perl >/dev/null; then
	skip "kernel-doc of net/smc (no perl)"
else
	msgs=$(perl "$kdoc" -none -Wall net/smc/*.c net/smc/*.h 2>&1)
	if [ -z "$msgs" ]; then
		pass "kernel-doc -none -Wall reports nothing for net/smc"
	else
		fail "kernel-doc -none -Wall reports nothing for net/smc"
		printf '%s\n' "$msgs" | sed -n '1,40s/^/#   /p'
	fi
fi

# declared NAMEs of a header: identifiers followed by "(" at the start of a
# line (or after the return type there), outside comments, macros and
# typedefs; a function definition's body is skipped, and so are macro
# calls (upper-case names: SMC_CAUSE(), TRACE_EVENT()) and static_assert()
declared() {
	awk '
	/^\/\*/ { incomment = 1 }
	incomment { if ($0 ~ /\*\//) incomment = 0; next }
	/^#/ { macro = /\\$/; next }
	macro { macro = /\\$/; next }
	/^[ \t}]/ || /^typedef/ || /^extern/ || /^$/ { next }
	/^(struct|enum|union) [a-z0-9_]+ *\{/ { next }
	match($0, /[A-Za-z_][A-Za-z0-9_]*\(/) {
		print substr($0, RSTART, RLENGTH - 1)
	}' "$1" | grep -v -e '^[A-Z0-9_]*$' -e '^static_assert$' | sort -u
}

# documented NAMEs: "/**" followed by " * NAME() - ..."
documented() {
	awk '
	prev == "/**" && match($0, /^ \* [A-Za-z_][A-Za-z0-9_]*\(\) - /) {
		name = substr($0, 4, RLENGTH - 3)
		sub(/\(\) - $/, "", name)
		print name
	}
	{ prev = $0 }' "$1" | sort -u
}

for h in net/smc/*.h; do
	b=$(basename "$h")
	reason=$(printf '%s\n' "$PENDING" | sed -n "s/^$b: //p")
	if [ -n "$reason" ]; then
		skip "every function of $b has kernel-doc ($reason)"
		continue
	fi
	missing=$(comm -23 <(declared "$h") <(documented "$h"))
	if [ -z "$missing" ]; then
		pass "every function of $b has kernel-doc"
	else
		fail "every function of $b has kernel-doc"
		printf '%s\n' "$missing" | sed 's/^/#   missing: /'
	fi
done
exit $failed
