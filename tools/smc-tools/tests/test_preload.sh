#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Tests of libsmc-preload.so and smc_run on whatever kernel runs them.
#
#   test_preload.sh OUTDIR TESTDIR
#
# OUTDIR holds smc_run and libsmc-preload.so, TESTDIR the helpers built by
# "make check".  Without AF_SMC in the kernel the fallback path is checked
# against the real kernel and the conversion itself against libfake-smc.so,
# which sits behind the library in LD_PRELOAD and answers AF_SMC requests.
# With AF_SMC the real conversion is checked as well.

out=$1
tdir=$2
run=$out/smc_run
socks=$tdir/sockets
fake=$tdir/libfake-smc.so
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
	if [ -n "$2" ] && [ -f "$2" ]; then
		sed 's/^/#   /' "$2"
	fi
}

# expect NAME FILE PATTERN: FILE has a line matching the grep PATTERN
expect() {
	if grep -q -- "$3" "$2"; then ok "$1"; else not_ok "$1" "$2"; fi
}

expect_not() {
	if grep -q -- "$3" "$2"; then not_ok "$1" "$2"; else ok "$1"; fi
}

# expect_count NAME FILE PATTERN N
expect_count() {
	_c=$(grep -c -- "$3" "$2")
	if [ "$_c" -eq "$4" ]; then ok "$1"; else not_ok "$1 ($_c, want $4)" "$2"; fi
}

same() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diff "$2" "$3" | sed 's/^/#   /'
	fi
}

# field FILE LABEL KEY: value of KEY= on the line of LABEL
field() {
	sed -n "s/^$2 .*$3=\([^ ]*\).*/\1/p" "$1"
}

# --- plain run: what the program gets without the library ------------------

"$socks" > "$tmp/base" 2> "$tmp/base.err"
expect "helper runs" "$tmp/base" '^inet-stream domain=2 '
smc=$("$socks" probe)

# --- the real kernel ---------------------------------------------------------

"$run" -d "$socks" > "$tmp/real" 2> "$tmp/real.err"
rc=$?
[ "$rc" -eq 0 ] && ok "smc_run exit status 0" || not_ok "smc_run exit status $rc" "$tmp/real.err"
expect "smc_run -d names the library" "$tmp/real.err" "^smc_run: preloading .*/libsmc-preload.so$"

if [ "$smc" = "smc=no" ]; then
	echo "# kernel without AF_SMC: checking the fallback to the original call"
	same "sockets unchanged without AF_SMC" "$tmp/base" "$tmp/real"
	expect_count "missing AF_SMC logged once" "$tmp/real.err" \
		"AF_SMC not supported by the kernel" 1
else
	echo "# kernel with AF_SMC: checking the real conversion"
	for l in inet-stream inet-stream-tcp inet6-stream-nb-cloexec \
		 inet-stream-via-__socket; do
		d=$(field "$tmp/real" "$l" domain)
		[ "$d" = 43 ] && ok "$l is AF_SMC" || not_ok "$l domain $d" "$tmp/real"
	done
	[ "$(field "$tmp/real" inet-stream proto)" = 0 ] &&
		ok "IPv4 uses SMCPROTO_SMC" || not_ok "IPv4 protocol" "$tmp/real"
	[ "$(field "$tmp/real" inet6-stream-nb-cloexec proto)" = 1 ] &&
		ok "IPv6 uses SMCPROTO_SMC6" || not_ok "IPv6 protocol" "$tmp/real"
	[ "$(field "$tmp/real" inet6-stream-nb-cloexec nonblock)" = 1 ] &&
	[ "$(field "$tmp/real" inet6-stream-nb-cloexec cloexec)" = 1 ] &&
		ok "flags kept on AF_SMC" || not_ok "flags lost" "$tmp/real"
	for l in inet-dgram unix-stream inet-stream-udp; do
		a=$(grep "^$l " "$tmp/base")
		b=$(grep "^$l " "$tmp/real")
		[ "$a" = "$b" ] && ok "$l untouched" || not_ok "$l changed: $b"
	done
	expect_count "one log line per converted socket" "$tmp/real.err" \
		"-> AF_SMC fd" 4

	SMC_SNDBUF=96k SMC_RCVBUF=48k "$run" "$socks" > "$tmp/bufs" 2>&1
	s=$(field "$tmp/bufs" inet-stream sndbuf)
	r=$(field "$tmp/bufs" inet-stream rcvbuf)
	# the kernel doubles what it accepts, capped by net.core.[rw]mem_max
	[ "${s:-0}" -ge 98304 ] && [ "${r:-0}" -ge 49152 ] &&
		ok "buffer sizes applied ($s/$r)" ||
		not_ok "buffer sizes $s/$r" "$tmp/bufs"
fi

# --- conversion, seen from a stand-in kernel ---------------------------------

LD_PRELOAD=$fake "$run" -d -t 64k -r 1m "$socks" > "$tmp/fake" 2> "$tmp/fake.err"
expect "IPv4 stream converted" "$tmp/fake.err" '^fake-smc: socket(43, 0x1, 0)$'
expect_count "IPv4 stream and IPPROTO_TCP converted" "$tmp/fake.err" \
	'^fake-smc: socket(43, 0x1, 0)$' 2
expect "IPv6 stream with flags converted" "$tmp/fake.err" \
	'^fake-smc: socket(43, 0x80801, 1)$'
expect "__socket converted" "$tmp/fake.err" '^fake-smc: __socket(43, 0x1, 0)$'
expect_count "nothing else converted" "$tmp/fake.err" '^fake-smc:' 4
[ "$(field "$tmp/fake" inet6-stream-nb-cloexec domain)" = 1 ] &&
	ok "converted socket handed to the program" ||
	not_ok "converted socket not used" "$tmp/fake"
[ "$(field "$tmp/fake" inet6-stream-nb-cloexec nonblock)" = 1 ] &&
[ "$(field "$tmp/fake" inet6-stream-nb-cloexec cloexec)" = 1 ] &&
	ok "flags passed on" || not_ok "flags lost" "$tmp/fake"
for l in inet-dgram unix-stream inet-stream-udp; do
	a=$(grep "^$l " "$tmp/base")
	b=$(grep "^$l " "$tmp/fake")
	[ "$a" = "$b" ] && ok "$l untouched" || not_ok "$l changed: $b"
done
expect "send buffer set" "$tmp/fake.err" 'SO_SNDBUF 65536 requested'
expect "receive buffer set" "$tmp/fake.err" 'SO_RCVBUF 1048576 requested'
expect "conversion logged" "$tmp/fake.err" \
	'^smc-preload\[[0-9]*\]: socket(AF_INET6, SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC, 0) -> AF_SMC fd [0-9]* (SMCPROTO_SMC6)$'
expect "__socket conversion logged" "$tmp/fake.err" \
	'^smc-preload\[[0-9]*\]: __socket(AF_INET, SOCK_STREAM, 0) -> AF_SMC fd [0-9]* (SMCPROTO_SMC)$'

# AF_SMC refused for another reason: every socket falls back, each is logged
LD_PRELOAD=$fake FAKE_SMC_ERRNO=93 SMC_DEBUG=1 \
	"$run" "$socks" > "$tmp/proto" 2> "$tmp/proto.err"
same "fallback after EPROTONOSUPPORT" "$tmp/base" "$tmp/proto"
expect_count "each failure logged" "$tmp/proto.err" "AF_SMC socket failed" 4

# AF_SMC missing: asked once, then left alone
LD_PRELOAD=$fake FAKE_SMC_ERRNO=97 "$run" "$socks" > "$tmp/afno" 2> "$tmp/afno.err"
same "fallback after EAFNOSUPPORT" "$tmp/base" "$tmp/afno"
expect_count "AF_SMC tried only once" "$tmp/afno.err" '^fake-smc:' 1
expect_not "silent without SMC_DEBUG" "$tmp/afno.err" 'smc-preload'

# the library is usable without smc_run, and bad sizes are not applied
LD_PRELOAD="$out/libsmc-preload.so $fake" SMC_DEBUG=1 SMC_SNDBUF=12x \
	SMC_RCVBUF=99999999999 "$socks" > /dev/null 2> "$tmp/env.err"
expect "bad SMC_SNDBUF reported" "$tmp/env.err" 'ignoring SMC_SNDBUF=12x'
expect "oversized SMC_RCVBUF reported" "$tmp/env.err" 'ignoring SMC_RCVBUF=99999999999'
expect_not "bad sizes not applied" "$tmp/env.err" 'requested'
LD_PRELOAD="$out/libsmc-preload.so $fake" SMC_DEBUG=0 "$socks" > /dev/null 2> "$tmp/dbg0.err"
expect_not "SMC_DEBUG=0 is silent" "$tmp/dbg0.err" 'smc-preload'

# --- smc_run itself -------------------------------------------------------

"$run" -h > "$tmp/help" 2>&1 && expect "-h prints usage" "$tmp/help" '^Usage: smc_run'
"$run" -v > "$tmp/ver" 2>&1 && expect "-v prints version" "$tmp/ver" '^smc_run (smc-tools) '
"$run" > "$tmp/noargs" 2>&1
[ $? -eq 2 ] && ok "no command: exit 2" || not_ok "no command" "$tmp/noargs"
"$run" -t 12x true > "$tmp/badsize" 2>&1
[ $? -eq 2 ] && ok "bad size: exit 2" || not_ok "bad size accepted" "$tmp/badsize"
expect "bad size named" "$tmp/badsize" "invalid size '12x' for -t"
"$run" -r 3000m true > "$tmp/huge" 2>&1
[ $? -eq 2 ] && ok "size beyond int: exit 2" || not_ok "huge size accepted" "$tmp/huge"
"$run" sh -c 'exit 7'
[ $? -eq 7 ] && ok "exit status passed through" || not_ok "exit status lost"
"$run" sh -c 'echo "$LD_PRELOAD"' > "$tmp/env"
expect "library first in LD_PRELOAD" "$tmp/env" "^$out/libsmc-preload.so$"
LD_PRELOAD=/nonexistent/other.so "$run" sh -c 'echo "$LD_PRELOAD"' \
	> "$tmp/env2" 2> /dev/null
expect "existing LD_PRELOAD kept after it" "$tmp/env2" \
	"^$out/libsmc-preload.so /nonexistent/other.so$"
"$run" -d -t 256k -r 1m sh -c 'echo "$SMC_DEBUG $SMC_SNDBUF $SMC_RCVBUF"' \
	> "$tmp/env3" 2> /dev/null
expect "options passed in the environment" "$tmp/env3" '^1 262144 1048576$'
"$run" -- sh -c 'echo dashdash' > "$tmp/dd" 2>&1
expect "-- ends the options" "$tmp/dd" '^dashdash$'

max=$(cat /proc/sys/net/core/rmem_max 2>/dev/null)
if [ -n "$max" ] && [ "$max" -lt 2147483647 ]; then
	big=$(( (max / 1048576 + 1) ))m
	"$run" -r "$big" true 2> "$tmp/max"
	expect "size above rmem_max noted" "$tmp/max" 'above net.core.rmem_max'
fi

# found through a symlink from elsewhere
mkdir "$tmp/bin"
ln -s "$run" "$tmp/bin/smc_run"
"$tmp/bin/smc_run" sh -c 'echo "$LD_PRELOAD"' > "$tmp/link" 2>&1
expect "library found through a symlink" "$tmp/link" "^$out/libsmc-preload.so$"
(cd "$tmp/bin" && PATH="$tmp/bin:$PATH" smc_run sh -c 'echo "$LD_PRELOAD"') \
	> "$tmp/path" 2>&1
expect "library found through PATH" "$tmp/path" "^$out/libsmc-preload.so$"

# --- static programs ----------------------------------------------------------

"$run" "$socks" > /dev/null 2> "$tmp/dyn.err"
expect_not "no warning for a dynamic program" "$tmp/dyn.err" 'statically linked'
printf '#!/usr/bin/env sh\necho script ran\n' > "$tmp/dynscript"
chmod +x "$tmp/dynscript"
"$run" "$tmp/dynscript" > "$tmp/ds" 2> "$tmp/ds.err"
expect "script runs" "$tmp/ds" '^script ran$'
expect_not "no warning for a script under a dynamic shell" "$tmp/ds.err" 'statically'

if [ -s "$tdir/static_prog" ]; then
	"$run" "$tdir/static_prog" > "$tmp/st" 2> "$tmp/st.err"
	rc=$?
	expect "static: warned" "$tmp/st.err" 'is statically linked'
	expect "static: points to tcp2smc" "$tmp/st.err" 'sysctl -w net.smc.tcp2smc=1'
	expect "static: still run" "$tmp/st" '^static program ran$'
	[ "$rc" -eq 3 ] && ok "static: exit status kept" || not_ok "static: exit $rc"

	printf '#!%s\n' "$tdir/static_prog" > "$tmp/stscript"
	chmod +x "$tmp/stscript"
	"$run" "$tmp/stscript" > /dev/null 2> "$tmp/ss.err"
	expect "script under a static interpreter: warned" "$tmp/ss.err" \
		"runs under $tdir/static_prog, which is statically linked"
else
	echo "# no libc.a: static program checks skipped"
fi

bb=$(command -v busybox)
if [ -n "$bb" ] && file -L "$bb" 2>/dev/null | grep -q 'statically linked'; then
	"$run" busybox true 2> "$tmp/bb.err"
	rc=$?
	expect "busybox: warned" "$tmp/bb.err" 'busybox is statically linked'
	[ "$rc" -eq 0 ] && ok "busybox: still run" || not_ok "busybox exit $rc"
else
	echo "# no static busybox: skipped"
fi

# mkbin FILE COUNT_OF_ZEROS_AFTER BYTE...: writes the decimal bytes, then zeros
mkbin() {
	_f=$1
	_z=$2
	shift 2
	# shellcheck disable=SC2059 # the format is the data here
	printf "$(printf '\\%03o' "$@")" > "$_f"
	head -c "$_z" /dev/zero >> "$_f"
	chmod +x "$_f"
}

# ELF32 little endian, two program headers at 52: LOAD, then TYPE
elf32() {
	mkbin "$1" 28 \
		127 69 76 70 1 1 1 0  0 0 0 0 0 0 0 0 \
		2 0 3 0 1 0 0 0  0 0 0 0 52 0 0 0 \
		0 0 0 0 0 0 0 0  52 0 32 0 2 0 0 0 \
		0 0 0 0 \
		1 0 0 0  0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 \
		"$2" 0 0 0
}

# ELF64 big endian, one program header of TYPE at 64
elf64be() {
	mkbin "$1" 52 \
		127 69 76 70 2 2 1 0  0 0 0 0 0 0 0 0 \
		0 2 0 62 0 0 0 1  0 0 0 0 0 0 0 0 \
		0 0 0 0 0 0 0 64  0 0 0 0 0 0 0 0 \
		0 0 0 0 0 64 0 56  0 1 0 0 0 0 0 0 \
		0 0 0 "$2"
}

elf32 "$tmp/e32dyn" 3
elf32 "$tmp/e32st" 4
elf64be "$tmp/e64dyn" 3
elf64be "$tmp/e64st" 1
for f in e32dyn e64dyn; do
	"$run" "$tmp/$f" 2> "$tmp/$f.err"
	expect_not "$f: no warning" "$tmp/$f.err" 'statically'
done
for f in e32st e64st; do
	"$run" "$tmp/$f" 2> "$tmp/$f.err"
	expect "$f: warned" "$tmp/$f.err" 'is statically linked'
done

# the ELF check must not be fooled by files that are not programs
printf 'not an elf' > "$tmp/text"
chmod +x "$tmp/text"
head -c 40 "$socks" > "$tmp/short"
chmod +x "$tmp/short"
"$run" "$tmp/short" > /dev/null 2> "$tmp/short.err"
expect_not "truncated ELF: no warning" "$tmp/short.err" 'statically'

echo "preload: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
