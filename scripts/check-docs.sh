#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The documentation checks (make docs-check, step "docs" of
# selftests/run_tests.sh):
#
#   scripts/check-docs.sh [BUILD_DIR]     (default: <top>/build)
#
# - every Documentation/**/*.rst parses with docutils without warnings
#   (Sphinx's toctree and :doc: are understood, see check_docs.py);
# - every manual page of tools/smc-tools formats without groff warnings;
# - the cause code section of smc-troubleshooting.rst is what the generator
#   makes of net/smc/smc_cause_table.h ("make -C tools/smc-tools docs"
#   rewrites it);
# - every command shown in a console example ("# cmd" or "$ cmd" lines of a
#   literal block) is run by a test under selftests/ or
#   tools/smc-tools/tests/;
# - every net.smc sysctl is in smc-sysctl.rst, every module parameter is
#   named in Documentation/networking;
# - include/uapi/linux/smc.h and smc_diag.h are Linux 6.12's, comments and
#   white space aside (scripts/check-uapi.sh);
# - the kernel's scripts/kernel-doc finds nothing to warn about in net/smc,
#   and every function of a net/smc header has a kernel-doc comment
#   (scripts/check-kernel-doc.sh);
# - the netlink specs of Documentation/netlink/specs pass the kernel's ynl
#   tools and match include/uapi (scripts/check_netlink_specs.py).
# One PASS or FAIL line per check; exit status 1 when one failed.
# python3-docutils is installed with apt-get when missing and run as root.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${1:-$top/build}")
tools=$build/tools
failed=0

pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failed=1; }

# find_python_with MODULES: a python3 that imports MODULES (a comma list)
find_python_with() {
	local p
	for p in python3 /usr/bin/python3; do
		if command -v "$p" >/dev/null && "$p" -c "import $1" 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# python_with MODULES PACKAGES: the same, after installing the Debian
# PACKAGES when they are missing and we run as root with apt-get
python_with() {
	find_python_with "$1" && return 0
	[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
	echo "# installing $2" >&2
	# shellcheck disable=SC2086 # PACKAGES is a word list
	{ apt-get update -q &&
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends $2; } >/dev/null 2>&1
	find_python_with "$1"
}

py=$(python_with docutils python3-docutils)

cd "$top" || exit 1
mkdir -p "$build"
mapfile -t rst < <(find Documentation -name '*.rst' | sort)

if [ -z "$py" ]; then
	fail "docs: docutils for python3 (apt-get install python3-docutils)"
else
	"$py" scripts/check_docs.py rst "${rst[@]}" || failed=1
fi

# The generated section, and the manual pages as the build makes them.
if make -s -C tools/smc-tools O="$tools" docs-check \
	>"$build/docs-check.log" 2>&1; then
	pass "docs: the cause codes of smc-troubleshooting.rst match net/smc/smc_cause_table.h"
else
	fail "docs: the cause codes of smc-troubleshooting.rst match net/smc/smc_cause_table.h (run make -C tools/smc-tools docs)"
	sed -n '1,30s/^/#   /p' "$build/docs-check.log"
fi

if ! command -v man >/dev/null; then
	fail "docs: man (apt-get install man-db) to check the manual pages"
else
	for src in tools/smc-tools/man/*.8 tools/smc-tools/man/*.8.in; do
		[ -e "$src" ] || continue
		page=$(basename "$src" .in)
		f=$tools/man/$page
		[ "$src" = "${src%.in}" ] && [ ! -e "$f" ] && f=$src
		if [ ! -e "$f" ]; then
			fail "docs: man page $page (not built: $f)"
			continue
		fi
		msgs=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 \
			-l "$f" 2>&1 >/dev/null)
		if [ -z "$msgs" ]; then
			pass "docs: man page $page formats without warnings"
		else
			fail "docs: man page $page formats without warnings"
			printf '%s\n' "$msgs" | sed -n '1,20s/^/#   /p'
		fi
	done
fi

# Settings of the module that users can change must be documented: every
# net.smc sysctl in smc-sysctl.rst (and nothing more), every module
# parameter somewhere in Documentation/networking.
sysctls=$(sed -n 's/.*SMC_SYSCTL("\([a-z0-9_]*\)".*/\1/p' net/smc/smc_sysctl.c |
	sort)
documented=$(sed -n 's/^\([a-z0-9_]*\) - [A-Z ]*$/\1/p' \
	Documentation/networking/smc-sysctl.rst | sort)
if [ -n "$sysctls" ] && [ "$sysctls" = "$documented" ]; then
	pass "docs: smc-sysctl.rst describes every net.smc sysctl, no other"
else
	fail "docs: smc-sysctl.rst describes every net.smc sysctl, no other"
	diff <(echo "$sysctls") <(echo "$documented") |
		sed -n 's/^</#   missing: /p; s/^>/#   not in smc_sysctl.c: /p'
fi
params=$(sed -n 's/^module_param[a-z_]*(\([a-z0-9_]*\),.*/\1/p' \
	net/smc/*.c | sort -u)
for p in $params; do
	if grep -qw -- "$p" Documentation/networking/*.rst; then
		pass "docs: module parameter $p is documented"
	else
		fail "docs: module parameter $p is documented (Documentation/networking)"
	fi
done

if [ -n "$py" ]; then
	"$py" scripts/check_docs.py commands "$top" "${rst[@]}" || failed=1
fi

# Linux's UAPI headers stay Linux's
scripts/check-uapi.sh || failed=1

# kernel-doc of net/smc, with the kernel's scripts/kernel-doc
scripts/check-kernel-doc.sh "$build" || failed=1

# The netlink specs, with the kernel's ynl tools (python3-jsonschema and
# python3-yaml are installed with apt-get when missing and run as root)
ynl_py=$(python_with "jsonschema, yaml" "python3-jsonschema python3-yaml")
"${ynl_py:-python3}" scripts/check_netlink_specs.py "$top" "$build" || failed=1
exit $failed
