#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build and test the Debian packages and the install targets, without
# touching the host's /lib/modules, /var/lib/dkms or dpkg database:
#
#   scripts/check-package.sh [-o OUTDIR] [-b] [-k KVER]...
#
#   -o OUTDIR  work directory (default: build/package); the .debs end up here
#   -b         only build the packages (make package)
#   -k KVER    DKMS for this kernel only (default: every kernel in
#              /lib/modules with headers); may be repeated
#
# Checks, one PASS/FAIL/SKIP line each:
#   - dpkg-buildpackage -us -uc -b builds smc-erdma-tools and smc-erdma-dkms
#     from a copy of the tree, and leaves nothing in the tree
#   - lintian reports no errors (its warnings are listed)
#   - smc-erdma-tools installs into a temporary root (dpkg --root) with the
#     files smc_run expects, and dpkg -r/-P leave no file behind
#   - smc-erdma-dkms holds the module sources and dkms.conf
#   - DKMS add/build/install from those sources for each kernel, into
#     temporary DKMS and install trees; smc.ko's vermagic names the kernel;
#     dkms remove empties the install tree again
#   - make install DESTDIR=... then make uninstall DESTDIR=... leave no file
#
# Needs root (apt-get for missing build tools, dpkg --root, dkms).
set -uo pipefail
shopt -s extglob

TOP=$(cd "$(dirname "$0")/.." && pwd)
OUT=$TOP/build/package
BUILD_ONLY=
KVERS=

while getopts "o:bk:h" opt; do
	case $opt in
	o) OUT=$OPTARG ;;
	b) BUILD_ONLY=1 ;;
	k) KVERS="$KVERS $OPTARG" ;;
	*) sed -n '4,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
	esac
done
mkdir -p "$OUT" || exit 1
OUT=$(cd "$OUT" && pwd)

failed=0
pass() { echo "PASS package: $*"; }
fail() { echo "FAIL package: $*"; failed=$((failed + 1)); }
skip() { echo "SKIP package: $*"; }
note() { echo "# $*"; }
# indent a log excerpt as comments
quote() { sed 's/^/#   /'; }

# --- build tools -------------------------------------------------------------
# Debian's own tools; installing them changes nothing in /lib/modules (the
# dkms package only adds hooks that act on modules registered in
# /var/lib/dkms, and we register none there).
NEEDED=(dpkg-dev debhelper dh-dkms dkms lintian fakeroot libnl-3-dev
	libnl-genl-3-dev pkg-config kmod)
missing_pkgs=()
for p in "${NEEDED[@]}"; do
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] ||
		missing_pkgs+=("$p")
done
if [ ${#missing_pkgs[@]} -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		fail "build tools missing (${missing_pkgs[*]}), not root to install them"
		exit 1
	fi
	note "installing ${missing_pkgs[*]}"
	if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing_pkgs[@]}" ||
	       { apt-get update -q &&
		 DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends "${missing_pkgs[@]}"; }; } \
		>"$OUT/apt.log" 2>&1; then
		fail "apt-get install ${missing_pkgs[*]} (log: $OUT/apt.log)"
		exit 1
	fi
fi

version=$(dpkg-parsechangelog -l "$TOP/debian/changelog" -S Version)
upstream=${version%-*}
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
tools_deb=$OUT/smc-erdma-tools_${version}_$arch.deb
dkms_deb=$OUT/smc-erdma-dkms_${version}_all.deb
changes=$OUT/smc-erdma_${version}_$arch.changes

# --- build -------------------------------------------------------------------
# A copy of the tree: dpkg-buildpackage writes into debian/ and puts the
# results beside the source directory.
src=$OUT/smc-erdma-$upstream
rm -rf "$src" "$OUT"/*.deb "$OUT"/*.changes "$OUT"/*.buildinfo
mkdir -p "$src"
tree_state() {
	# what is in the tree apart from tracked files: must not change
	git -C "$TOP" status --porcelain --ignored -- debian 2>/dev/null
	ls -d "$TOP"/../smc-erdma* 2>/dev/null
}
before=$(tree_state)
if git -C "$TOP" rev-parse --git-dir >/dev/null 2>&1; then
	# tracked and new files, not ignored ones, not deleted ones
	existing() {
		local f
		while IFS= read -r -d '' f; do
			[ -e "$f" ] && printf '%s\0' "$f"
		done
	}
	(cd "$TOP" && git ls-files -z -co --exclude-standard | existing |
		grep -z -v -e '^build/' -e '^selftests/' |
		tar --null -T - -cf -) | tar -C "$src" -xf -
else
	tar -C "$TOP" --exclude=./build --exclude=./selftests --exclude=.git \
		-cf - . | tar -C "$src" -xf -
fi

t0=$SECONDS
if (cd "$src" && DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-nocheck}" \
	dpkg-buildpackage -us -uc -b) >"$OUT/build.log" 2>&1 &&
   [ -f "$tools_deb" ] && [ -f "$dkms_deb" ]; then
	pass "dpkg-buildpackage -us -uc -b: $(basename "$tools_deb"), $(basename "$dkms_deb") ($((SECONDS - t0)) s)"
else
	fail "dpkg-buildpackage (log: $OUT/build.log)"
	tail -n 20 "$OUT/build.log" | quote
	exit 1
fi
if [ "$(tree_state)" = "$before" ]; then
	pass "the build left nothing in the source tree"
else
	fail "the build left files in the source tree"
	diff <(echo "$before") <(tree_state) | quote
fi

if [ -n "$BUILD_ONLY" ]; then
	note "packages: $tools_deb $dkms_deb"
	[ "$failed" -eq 0 ]
	exit
fi

# --- lintian -------------------------------------------------------------------
t0=$SECONDS
lintian --no-cfg "$changes" >"$OUT/lintian.log" 2>&1
errors=$(grep -c '^E: ' "$OUT/lintian.log")
warnings=$(grep -c '^W: ' "$OUT/lintian.log")
if [ "$errors" -eq 0 ] && ! grep -q '^internal error' "$OUT/lintian.log"; then
	pass "lintian: no errors ($warnings warnings) ($((SECONDS - t0)) s)"
else
	fail "lintian: $errors errors (log: $OUT/lintian.log)"
fi
grep -E '^[EW]: ' "$OUT/lintian.log" | quote

# --- the tools package in a temporary root ----------------------------------------
root=$OUT/root
rm -rf "$root"
mkdir -p "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/info" \
	"$root/var/log"
: >"$root/var/lib/dpkg/status"
: >"$root/var/lib/dpkg/available"
listing() {
	(cd "$root" && find . ! -path './var/lib/dpkg*' ! -path './var/log*' |
		LC_ALL=C sort)
}
empty=$(listing)
# the host's Depends (libc6, libnl) are not in the empty database
dpkg_root() {
	dpkg --root="$root" --log="$OUT/dpkg.log" --force-depends \
		--force-script-chrootless "$@"
}
if dpkg_root -i "$tools_deb" >"$OUT/dpkg-i.log" 2>&1; then
	pass "dpkg --root -i smc-erdma-tools"
else
	fail "dpkg --root -i smc-erdma-tools (log: $OUT/dpkg-i.log)"
	quote <"$OUT/dpkg-i.log"
fi

preload_dir=/usr/lib/$multiarch/smc-erdma
missing=
for f in usr/bin/smcss usr/bin/smcr usr/bin/smc_pnet usr/bin/smc_run \
	 usr/bin/smcdump-ex usr/share/man/man8/smcdump-ex.8.gz \
	 usr/share/bash-completion/completions/smcdump-ex \
	 "${preload_dir#/}/libsmc-preload.so" \
	 usr/share/man/man8/smcss.8.gz usr/share/man/man8/smcr.8.gz \
	 usr/share/man/man8/smc_pnet.8.gz usr/share/man/man8/smc_run.8.gz \
	 usr/share/bash-completion/completions/smcss \
	 usr/share/bash-completion/completions/smcr \
	 usr/share/bash-completion/completions/smc_pnet \
	 usr/share/bash-completion/completions/smc_run \
	 "usr/lib/$multiarch/wireshark/plugins/smc_dump.lua" \
	 usr/share/doc/smc-erdma-tools/copyright; do
	[ -e "$root/$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then
	pass "smc-erdma-tools: commands, preload library, man pages, completion, Wireshark plugin"
else
	fail "smc-erdma-tools lacks:$missing"
fi
if grep -qx "LIBDIR='$preload_dir'" "$root/usr/bin/smc_run" 2>/dev/null &&
   "$root/usr/bin/smc_run" -v | grep -q "$upstream" &&
   "$root/usr/bin/smcss" --version 2>&1 | grep -q "$upstream"; then
	pass "smc_run looks for the library in $preload_dir; versions $upstream"
else
	fail "smc_run's library directory or the tools' versions"
fi
if bash -c '. "$1"; complete -p smcss smcr smc_pnet smc_run smcdump-ex' _ \
	"$root/usr/share/bash-completion/completions/smc_run" >/dev/null 2>&1; then
	pass "bash completion loads and completes smcss, smcr, smc_pnet, smc_run, smcdump-ex"
else
	fail "bash completion does not load"
fi

if dpkg_root -r smc-erdma-tools >"$OUT/dpkg-r.log" 2>&1 &&
   dpkg_root -P smc-erdma-tools >>"$OUT/dpkg-r.log" 2>&1; then
	left=$(diff <(echo "$empty") <(listing) | grep '^>')
	if [ -z "$left" ]; then
		pass "dpkg --root -r and -P smc-erdma-tools leave no file behind"
	else
		fail "dpkg -r/-P left files behind"
		echo "$left" | quote
	fi
else
	fail "dpkg --root -r/-P smc-erdma-tools (log: $OUT/dpkg-r.log)"
	quote <"$OUT/dpkg-r.log"
fi

# --- the DKMS package's contents ----------------------------------------------------
dkms_x=$OUT/dkms-deb
rm -rf "$dkms_x"
dpkg-deb -x "$dkms_deb" "$dkms_x"
dpkg-deb -e "$dkms_deb" "$dkms_x/DEBIAN"
usrc=$dkms_x/usr/src/smc-$upstream
conf_version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$usrc/dkms.conf" 2>/dev/null)
# from the copy that was built: other work may go on in the tree meanwhile
(cd "$src" && { echo Kbuild; echo dkms.conf;
	find net include -type f \( -name '*.[ch]' -o -name Kbuild \); } |
	LC_ALL=C sort) >"$OUT/dkms-expected.list"
(cd "$usrc" 2>/dev/null && find . -type f | sed 's|^\./||' | LC_ALL=C sort) \
	>"$OUT/dkms-packaged.list"
if [ "$conf_version" = "$upstream" ] &&
   cmp -s "$OUT/dkms-expected.list" "$OUT/dkms-packaged.list" &&
   grep -q 'dkms' "$dkms_x/DEBIAN/postinst" 2>/dev/null &&
   grep -q 'dkms' "$dkms_x/DEBIAN/prerm" 2>/dev/null &&
   [ -f "$dkms_x/etc/modprobe.d/smc-updates.conf" ]; then
	pass "smc-erdma-dkms: /usr/src/smc-$upstream/ holds dkms.conf and exactly the $(wc -l <"$OUT/dkms-packaged.list") module source files; postinst/prerm run dkms"
else
	fail "smc-erdma-dkms contents (dkms.conf version '$conf_version', changelog $upstream)"
	diff "$OUT/dkms-expected.list" "$OUT/dkms-packaged.list" | quote
fi
# make dkms-source stages the same files for "dkms add" from a work tree
if make -s -C "$src" dkms-source BUILD="$OUT/make" >/dev/null 2>&1 &&
   (cd "$OUT/make/dkms/smc-$upstream" && find . -type f | sed 's|^\./||' |
	LC_ALL=C sort) | cmp -s - "$OUT/dkms-packaged.list"; then
	pass "make dkms-source stages the packaged files"
else
	fail "make dkms-source differs from the package's /usr/src/smc-$upstream"
fi
if dpkg-deb -f "$dkms_deb" Depends | grep -q dkms; then
	pass "smc-erdma-dkms depends on dkms"
else
	fail "smc-erdma-dkms does not depend on dkms"
fi

# --- DKMS in temporary trees ---------------------------------------------------------
# The packaged sources, never the host's trees: --dkmstree/--sourcetree/
# --installtree, no depmod, and no module signing key in /var/lib/dkms
# (dkms takes these from the environment before its defaults).
if [ -z "$KVERS" ]; then
	for d in /lib/modules/*/build/Makefile; do
		[ -e "$d" ] || continue
		d=${d%/build/Makefile}
		KVERS="$KVERS ${d##*/}"
	done
fi
dk=$OUT/dkms
rm -rf "$dk"
mkdir -p "$dk/tree" "$dk/install"
export sign_file=$dk/no-sign-file
export mok_signing_key=$dk/mok.key mok_certificate=$dk/mok.pub
dkms_t() {
	dkms "$@" -m smc -v "$upstream" --dkmstree "$dk/tree" \
		--sourcetree "$dkms_x/usr/src" --installtree "$dk/install" \
		--no-depmod
}
if [ -z "$KVERS" ]; then
	skip "DKMS: no kernel with headers in /lib/modules"
elif dkms_t add >"$dk/add.log" 2>&1; then
	pass "dkms add (temporary trees)"
	for k in $KVERS; do
		mkdir -p "$dk/install/$k"
		t0=$SECONDS
		if ! dkms_t build -k "$k" >"$dk/build-$k.log" 2>&1; then
			fail "dkms build for $k (log: $dk/build-$k.log)"
			tail -n 20 "$dk/build-$k.log" | quote
			find "$dk/tree" -name make.log -path "*$k*" \
				-exec tail -n 20 {} \; | quote
			continue
		fi
		if ! dkms_t install -k "$k" >"$dk/install-$k.log" 2>&1; then
			fail "dkms install for $k (log: $dk/install-$k.log)"
			tail -n 20 "$dk/install-$k.log" | quote
			continue
		fi
		ko=$(find "$dk/install/$k" -name 'smc.ko*' | head -n 1)
		diag=$(find "$dk/install/$k" -name 'smc_diag.ko*' | head -n 1)
		vm=$(modinfo -F vermagic "$ko" 2>/dev/null)
		# 6.12 compresses its modules, and so dkms ours
		if [[ ${ko#"$dk/install/$k"} == /updates/dkms/smc.ko?(.xz|.gz|.zst) ]] &&
		   [ -n "$diag" ] && [ "${vm%% *}" = "$k" ]; then
			pass "dkms build+install for $k: updates/dkms/smc.ko, smc_diag.ko, vermagic '$vm' ($((SECONDS - t0)) s)"
		else
			fail "dkms install for $k: smc.ko at '${ko#"$dk/install/"}', vermagic '$vm'"
		fi
		if dkms_t status -k "$k" 2>/dev/null | grep -q installed; then
			pass "dkms status for $k: installed"
		else
			fail "dkms status for $k: $(dkms_t status -k "$k" 2>&1)"
		fi
	done
	if dkms_t remove --all >"$dk/remove.log" 2>&1 &&
	   [ -z "$(find "$dk/install" -type f)" ] &&
	   [ ! -e "$dk/tree/smc" ]; then
		pass "dkms remove --all: no module left in the install tree"
	else
		fail "dkms remove --all (log: $dk/remove.log)"
		find "$dk/install" -type f | quote
	fi
else
	fail "dkms add (log: $dk/add.log)"
	quote <"$dk/add.log"
fi
unset sign_file mok_signing_key mok_certificate
if [ -e "$dk/mok.key" ]; then
	note "dkms generated a signing key in the temporary tree"
fi

# --- make install / make uninstall with DESTDIR ----------------------------------------
# one kernel is enough here: the newest with headers
k=$(for x in $KVERS; do echo "$x"; done | sort -V | tail -n 1)
dest=$OUT/destdir
rm -rf "$dest"
mkdir -p "$dest"
if [ -z "$k" ]; then
	skip "make install DESTDIR: no kernel with headers"
elif t0=$SECONDS; make -C "$TOP" install DESTDIR="$dest" KVER="$k" BUILD="$OUT/make" \
	>"$OUT/make-install.log" 2>&1; then
	files=$(cd "$dest" && find . ! -type d | LC_ALL=C sort)
	want="./etc/modprobe.d/smc-updates.conf
./lib/modules/$k/updates/smc/smc.ko
./lib/modules/$k/updates/smc/smc_diag.ko
./usr/lib/$multiarch/wireshark/plugins/smc_dump.lua
./usr/local/bin/smc_pnet
./usr/local/bin/smc_run
./usr/local/bin/smcdump-ex
./usr/local/bin/smcr
./usr/local/bin/smcss
./usr/local/lib/libsmc-preload.so
./usr/local/share/bash-completion/completions/smc_pnet
./usr/local/share/bash-completion/completions/smc_run
./usr/local/share/bash-completion/completions/smcdump-ex
./usr/local/share/bash-completion/completions/smcr
./usr/local/share/bash-completion/completions/smcss
./usr/local/share/man/man8/smc_pnet.8
./usr/local/share/man/man8/smc_run.8
./usr/local/share/man/man8/smcdump-ex.8
./usr/local/share/man/man8/smcr.8
./usr/local/share/man/man8/smcss.8"
	extra=$(comm -13 <(echo "$want") <(echo "$files"))
	lacking=$(comm -23 <(echo "$want") <(echo "$files"))
	if [ -z "$lacking" ]; then
		pass "make install DESTDIR=... KVER=$k: modules in updates/, tools, man pages, completion, modprobe.d note${extra:+ (and $(echo "$extra" | wc -l) more)} ($((SECONDS - t0)) s)"
	else
		fail "make install DESTDIR=... lacks files"
		echo "$lacking" | quote
	fi
	[ -n "$extra" ] && note "also installed: $(echo "$extra" | paste -sd ' ')"
	if make -C "$TOP" uninstall DESTDIR="$dest" KVER="$k" BUILD="$OUT/make" \
		>"$OUT/make-uninstall.log" 2>&1; then
		left=$(cd "$dest" && find . ! -type d)
		if [ -z "$left" ]; then
			pass "make uninstall DESTDIR=... removes every installed file"
		else
			fail "make uninstall left files behind"
			echo "$left" | quote
		fi
	else
		fail "make uninstall DESTDIR=... (log: $OUT/make-uninstall.log)"
		tail -n 20 "$OUT/make-uninstall.log" | quote
	fi
else
	fail "make install DESTDIR=... (log: $OUT/make-install.log)"
	tail -n 20 "$OUT/make-install.log" | quote
fi

[ "$failed" -eq 0 ]
