#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.pl --strict --no-tree over the project's kernel sources.  The
# script comes from Debian's linux-source package (unpacked once into
# build/), so no kernel tree is needed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=$top/build/checkpatch
tarball=$(ls /usr/src/linux-source-6.1*.tar.xz 2>/dev/null | head -n1 || true)
if [ -z "$tarball" ]; then
	echo "checkpatch: linux-source-6.1 is not installed" >&2
	exit 2
fi
if [ ! -x "$cache/scripts/checkpatch.pl" ]; then
	mkdir -p "$cache"
	tar -C "$cache" --strip-components=1 -xf "$tarball" \
		--wildcards '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
fi

cd "$top"
cp="$cache/scripts/checkpatch.pl --strict --no-tree --terse --show-types"
cp="$cp --ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG"
rc=0
for f in net/smc/*.[ch] include/uapi/linux/smc*.h; do
	extra=
	case $f in
	# data, not messages: long explanations are split on purpose
	*/smc_cause_table.h) extra=--ignore=SPLIT_STRING ;;
	# the X-macros that turn those tables into enums and name tables
	*/smc_cause.h | */smc_state.h) extra=--ignore=COMPLEX_MACRO ;;
	esac
	# shellcheck disable=SC2086
	$cp $extra -f "$f" | grep -v '^total: 0 errors, 0 warnings, 0 checks' || true
	# shellcheck disable=SC2086
	$cp $extra -q -f "$f" >/dev/null || rc=1
done
exit $rc
