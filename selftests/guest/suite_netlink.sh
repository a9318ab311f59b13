#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side: the module's generic netlink families SMC_PNETID and
# SMC_GEN_NETLINK, through selftests/smc/smc_nl.  The PNET table, UEIDs,
# SEID, handshake limitation and system information; errors and that a
# refused request changes nothing; callers without CAP_NET_ADMIN; network
# namespaces; a fuzz run; unloading with entries left; auto-loading by the
# family name.
#
#   suite_netlink.sh            this suite, with our smc.ko
#   suite_netlink.sh compare    in a guest started with vmrun.sh -I: the
#                               same requests answered by Debian's smc.ko
#                               and by ours, answers compared
SUITE="netlink $(uname -r)"
. "$(dirname "$0")/lib.sh"
guest_setup
# smc.ko needs ib_core, which insmod does not load
modprobe -q ib_core

# smc_nl's exit status is the errno the kernel answered with
EPERM=1 ENOENT=2 EEXIST=17 EINVAL=22 ERANGE=34 EOPNOTSUPP=95
NO_FAMILY=201

# nobody must be able to run it: outside the shared tree
NL=/tmp/smc_nl
cp "$TESTS/smc_nl" "$NL" && chmod 755 "$NL"

nl() { "$NL" "$@" 2>/dev/null; }

# out [@] ARGS...: what smc_nl ARGS prints; "@": in the namespace nlns
out() {
	if [ "$1" = @ ]; then
		shift
		ip netns exec nlns "$NL" "$@" 2>/dev/null
	else
		"$NL" "$@" 2>/dev/null
	fi
}

# has LINE [@] ARGS...: the output holds LINE
has() {
	local line=$1
	shift
	out "$@" | grep -qxF -- "$line"
}

# lacks TEXT [@] ARGS...: no line of the output holds TEXT
lacks() {
	local text=$1
	shift
	! out "$@" | grep -qF -- "$text"
}

# lines N [@] ARGS...: the output has N lines
lines() {
	local n=$1
	shift
	[ "$(out "$@" | wc -l)" = "$n" ]
}

# expect NAME STATUS ARGS...: smc_nl ARGS answers with STATUS
expect() {
	local name=$1 want=$2 got
	shift 2
	"$NL" "$@" >/tmp/nl.out 2>/tmp/nl.err
	got=$?
	if [ "$got" = "$want" ]; then
		pass "$name"
	else
		fail "$name (status $got, expected $want)"
		sed 's/^/#   /' /tmp/nl.out /tmp/nl.err
	fi
}

# expect_as WHO NAME STATUS ARGS...: the same, run by WHO: nobody, userns
# (root of a new user namespace), userns-net (and a new netns as well)
expect_as() {
	local who=$1 name=$2 want=$3 got
	shift 3
	case $who in
	nobody) setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$NL" "$@" >/dev/null 2>&1 ;;
	userns) unshare -Ur "$NL" "$@" >/dev/null 2>&1 ;;
	userns-net) unshare -Urn "$NL" "$@" >/dev/null 2>&1 ;;
	esac
	got=$?
	check "$name (status $got, expected $want)" [ "$got" = "$want" ]
}

# state: everything a request could change, to prove it did not
state() {
	nl pnet show
	nl ueid show
	nl hslimit show
	ip netns exec nlns "$NL" pnet show 2>/dev/null
	ip netns exec nlns "$NL" hslimit show 2>/dev/null
}

# unchanged NAME: the state is still what "before" holds
unchanged() {
	check "$1 changed nothing" diff -q <(state) /tmp/nl.before
}

snapshot() {
	state >/tmp/nl.before
}

pad32() {
	printf '%-32s' "$1"
}

# ---------------------------------------------------------------------
# compare mode: Debian's module and ours, the same requests

# Requests whose answers are compared.  A leading "~" marks a documented
# difference (see the reply of the netlink work and smc_pnet.c/smc_eid.c):
# the answers are shown but do not count.
COMPARE_CMDS=(
	"~sysinfo"
	"family gen"
	"family pnet"
	"policy gen"
	"policy pnet"
	"pnet show"
	"pnet add net1 eth lo"
	"pnet add NET1 eth lo"
	"pnet add NET9 eth lo"
	"pnet add ' net2 ' eth nosuchdev0"
	"pnet add net3 ib mlx5_0 1"
	"pnet add net4 ib mlx5_0 1"
	"pnet add net5 ib mlx5_1 3"
	"pnet add net7 eth lo ib mlx5_2 2"
	"pnet add net7 eth eth7 ib mlx5_2 2"
	"pnet add 'bad name' eth eth8"
	"pnet add NET-8 eth eth8"
	"pnet add 0123456789ABCDEF0 eth eth8"
	"pnet add 0123456789abcdef eth eth8"
	"send pnet 2 1=raw:NETX 2=str:eth9"
	"send pnet 2 1=str:X 2=str:0123456789abcdef"
	"send pnet 2 1=str:X 3=long:64"
	"send pnet 2 1=str:X 3=str:mlx5_9 4=empty"
	"send pnet 2 2=str:eth9"
	"send pnet 2 1=str:NET8 2=str:eth8 9=u32:5"
	"pnet show"
	"pnet show NET3"
	"pnet show NOPE"
	"pnet del NET3"
	"pnet del NET3"
	"send pnet 3"
	"send pnet 1"
	"pnet show"
	"~pnet show net1"
	"~pnet del net1"
	"~pnet show"
	"pnet flush"
	"pnet flush"
	"pnet show"
	"~pnet add net3 ib mlx5_0 1"
	"~pnet add net3 ib mlx5_0 2"
	"~pnet show"
	"pnet flush"
	"~pnet add net6 eth eth7 ib mlx5_9 0"
	"~pnet show"
	"pnet flush"
	"~pnet add NOTHING"
	"~pnet add NET9 eth ''"
	"~pnet add NET8 eth a/b"
	"~send pnet 2 1=str:X 2=str:eth9 4=u32:1"
	"~pnet show"
	"pnet flush"
	"@pnet show"
	"@pnet add NET1 eth lo"
	"@pnet add NET4 ib mlx5_4 1"
	"@pnet add NET5 eth eth5 ib mlx5_5 1"
	"@pnet show"
	"pnet show"
	"@pnet flush"
	"!pnet show"
	"!pnet add X eth lo"
	"!pnet flush"
	"!ueid add X"
	"!hslimit on"
	"~!sysinfo"
	"ueid show"
	"ueid add abc.def-1"
	"ueid add ABC.DEF-1"
	"-r ueid add abc"
	"-r ueid add $(pad32 abc)"
	"ueid add AB_C"
	"ueid add 'A B'"
	"ueid add .ABC"
	"ueid add ''"
	"ueid add 0123456789ABCDEF0123456789ABCDEFX"
	"ueid add 0123456789ABCDEF0123456789ABCDEF"
	"ueid add U3"
	"ueid add U4"
	"ueid add U5"
	"ueid add U3"
	"ueid show"
	"ueid del nope"
	"ueid del u3"
	"-r ueid del U4"
	"ueid show"
	"@ueid show"
	"-r ueid add '$(printf 'TAB%29s' '' | tr ' ' '\t')'"
	"~ueid show"
	"~ueid del TAB"
	"~ueid show"
	"send gen 10"
	"send gen 10 1=u32:5"
	"send gen 10 2=str:X"
	"send gen 9 dump 1=str:X"
	"send gen 9"
	"send gen 10 dump"
	"send gen 12 1=u8:1"
	"ueid flush"
	"ueid show"
	"seid show"
	"seid enable"
	"seid disable"
	"hslimit show"
	"hslimit on"
	"hslimit show"
	"hslimit sock"
	"@hslimit show"
	"@hslimit on"
	"@hslimit sock"
	"hslimit off"
	"hslimit sock"
	"@hslimit off"
	"dump lgr_smcr"
	"dump link_smcr"
	"dump lgr_smcd"
	"dump dev_smcd"
	"dump dev_smcr"
	"~dump stats"
	"dump fback_stats"
	"send gen 19 dump"
	"send pnet 5"
	"send pnet 2 dump"
)

# The operator's tools against both modules: the same facts.  Run after a
# fallback connection (tools_fallback) so the statistics have moved.
TOOL_CMDS=(
	"smc_pnet -s"
	"smc_pnet -a NET1 -I lo"
	"smc_pnet -a NET2 -D mlx5_0 -P 1"
	"smc_pnet -a net1 -I lo"
	"smc_pnet"
	"smc_pnet -s NET2"
	"smc_pnet -d NET2"
	"smc_pnet -d NET2"
	"smc_pnet -s"
	"smc_pnet -f"
	"smc_pnet -s"
	"smcr ueid add SMCCMP"
	"smcr ueid add smccmp"
	"smcr ueid add 'BAD ONE'"
	"smcr ueid show"
	"smcr ueid del SMCCMP"
	"smcr ueid del SMCCMP"
	"smcr ueid show"
	"smcr ueid flush"
	"~smcr info"
	"smcr device show"
	"smcr linkgroup show"
	"smcr linkgroup link-show"
	"smcr stats show"
	"smcr -d stats show"
	"smcss -a"
	"smcss -l"
)

# tools_fallback: one AF_SMC client to a plain TCP listener, closed
tools_fallback() {
	python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 7900)); s.listen(1)
c = socket.socket(43, socket.SOCK_STREAM, 0)
c.connect(("127.0.0.1", 7900)); a, _ = s.accept()
c.sendall(b"x" * 1000); a.recv(1000); c.close(); a.close()'
}

# tools_transcript: every tool command with its output and status.  6.1's
# module has no buffer usage counters (Linux added them later); ours
# reports them as 6.12's does, and smcr prints what it is given: on 6.1
# those lines are left out of the comparison, the rest must agree.
tools_transcript() {
	local c drop='^$'
	case $(uname -r) in
	6.1.*) drop='Buffer usage' ;;
	esac
	for c in "${TOOL_CMDS[@]}"; do
		c=${c#\~}
		echo "\$ $c"
		eval "$TOOLS/$c" 2>&1 | sed -e 's|^[^ :]*/||' | grep -v "$drop"
		echo "status ${PIPESTATUS[0]}"
	done
}

# without_capture_ops: a family or policy answer without what this
# module adds to SMC_GEN_NETLINK: the capture commands 32..34
# (linux/smc_ext.h; "op 32 ...", and "9:" blocks of ops 32..34) and their
# attribute policy (the "8:" blocks of policy 2), so that the rest
# compares with Linux's family
without_capture_ops() {
	awk 'pend != "" {
		if ((pend == "9:" && $0 ~ /^  3[234]:$/) ||
		    (pend == "8:" && $0 == "  2:")) {
			pend = ""; skip = 1; next
		}
		print pend; pend = ""
	     }
	     skip && /^    / { next }
	     { skip = 0 }
	     /^op 3[234] / { next }
	     /^[0-9]+:$/ { pend = $0; next }
	     { print }
	     END { if (pend != "") print pend }'
}

# transcript: every request with its answer.  Extended ack messages are
# left out: ours are not Linux's words.  "@" runs a request in another
# network namespace, "!" as nobody.
transcript() {
	local c run
	for c in "${COMPARE_CMDS[@]}"; do
		c=${c#\~}
		echo "\$ $c"
		case $c in
		@*) run="ip netns exec nlcmp $NL"; c=${c#@} ;;
		!*) run="setpriv --reuid=65534 --regid=65534 --clear-groups $NL"
		    c=${c#!} ;;
		*) run=$NL ;;
		esac
		eval "$run $c" 2>&1 |
			sed -e '/: warning: /d' -e 's/\(([^)]*)\): .*/\1/' |
			without_capture_ops
		echo "status ${PIPESTATUS[0]}"
	done
}

# split_transcript FILE DIR: one file per request
split_transcript() {
	mkdir -p "$2"
	awk -v dir="$2" '/^\$ /{n++} {print > (dir "/" n)}' "$1"
}

# report_compare IDIR ODIR PREFIX CMD...: one result per command, from the
# in-tree module's answer (IDIR/N) and ours (ODIR/N)
report_compare() {
	local idir=$1 odir=$2 prefix=$3 i=0 c
	shift 3
	for c in "$@"; do
		i=$((i + 1))
		if cmp -s "$idir/$i" "$odir/$i"; then
			pass "${prefix}same answer: ${c#\~}"
			continue
		fi
		if [ "${c:0:1}" = "~" ]; then
			pass "${prefix}documented difference: ${c#\~}"
		else
			fail "${prefix}different answer: $c"
		fi
		diff "$idir/$i" "$odir/$i" | sed 's/^/#   /'
	done
}

if [ "${1:-}" = compare ]; then
	SUITE="netlink-compare $(uname -r)"
	ip netns add nlcmp
	if ! modprobe smc; then
		fail "load Debian's smc.ko (guest needs vmrun.sh -I)"
		exit 1
	fi
	transcript >/tmp/nl.intree
	# the tools need smc_diag too
	modprobe smc_diag
	tools_fallback
	tools_transcript >/tmp/tools.intree
	rmmod smc_diag
	rmmod smc
	if ! load_smc; then
		fail "load our smc.ko after Debian's"
		exit 1
	fi
	transcript >/tmp/nl.ours
	tools_fallback
	tools_transcript >/tmp/tools.ours
	unload_smc
	split_transcript /tmp/tools.intree /tmp/tools.i
	split_transcript /tmp/tools.ours /tmp/tools.o
	split_transcript /tmp/nl.intree /tmp/nl.i
	split_transcript /tmp/nl.ours /tmp/nl.o
	report_compare /tmp/nl.i /tmp/nl.o "" "${COMPARE_CMDS[@]}"
	report_compare /tmp/tools.i /tmp/tools.o "our tools: " "${TOOL_CMDS[@]}"
	echo "# in-tree transcript:"
	sed 's/^/#   /' /tmp/nl.intree
	echo "# our tools against Debian's module:"
	sed 's/^/#   /' /tmp/tools.intree
	ip netns del nlcmp
	exit 0
fi

# ---------------------------------------------------------------------
# the suite

if ! load_smc; then
	fail "load smc.ko and smc_diag.ko"
	exit 1
fi
pass "load smc.ko and smc_diag.ko"
ip netns add nlns
ip -n nlns link set lo up

aliases=$(modinfo -F alias "$KMOD/smc.ko")
check "the module carries the alias that auto-loads SMC_GEN_NETLINK" \
	grep -qx net-pf-16-proto-16-family-SMC_GEN_NETLINK <<<"$aliases"
check "modinfo has no alias for SMC_PNETID (Linux has none)" \
	bash -c '! grep -q SMC_PNETID <<<"$1"' _ "$aliases"

# The command tables as the genl controller reports them: version,
# maxattr, every command with do/dump and admin (GENL_ADMIN_PERM)
expect "family gen" 0 family gen
# (and this module's capture commands 32..34, linux/smc_ext.h, which
# the comparison with Linux's module leaves out)
check "SMC_GEN_NETLINK: version 1, maxattr 1, Linux's 18 commands and flags, and the capture commands 32-34" \
	diff /tmp/nl.out - <<-EOF
	version 1
	hdrsize 0
	maxattr 1
	op 1 dump haspol
	op 2 dump haspol
	op 3 dump haspol
	op 4 dump haspol
	op 5 dump haspol
	op 6 dump haspol
	op 7 dump haspol
	op 8 dump haspol
	op 9 dump haspol
	op 10 admin do haspol
	op 11 admin do haspol
	op 12 admin do haspol
	op 13 dump haspol
	op 14 admin do haspol
	op 15 admin do haspol
	op 16 dump haspol
	op 17 admin do haspol
	op 18 admin do haspol
	op 32 admin do haspol
	op 33 admin do haspol
	op 34 dump haspol
	EOF
expect "family pnet" 0 family pnet
check "SMC_PNETID: version 1, maxattr 4, Linux's 4 commands and flags" \
	diff /tmp/nl.out - <<-EOF
	version 1
	hdrsize 0
	maxattr 4
	op 1 do dump haspol
	op 2 admin do haspol
	op 3 admin do haspol
	op 4 admin do haspol
	EOF
expect "policy gen" 0 policy gen
expect "policy pnet" 0 policy pnet

# system information
expect "sysinfo answers" 0 sysinfo
host=$(printf '%-32.32s' "$(hostname)")
check "sysinfo: version 2, release 1, no ISMv2, SMC-Rv2, no SEID" \
	bash -c 'diff <(grep -v ^host /tmp/nl.out) <(printf "%s\n" "version 2" \
		 "release 1" "is_ism_v2 0" "is_smcr_v2 1")'
check "sysinfo: the host name, blank padded to 32" \
	grep -qx "host \"$host\"" /tmp/nl.out

# no link group, device or fallback yet: empty dumps, as Linux's
for d in lgr_smcr link_smcr lgr_smcd dev_smcd dev_smcr fback_stats; do
	expect "dump $d answers" 0 dump "$d"
	check "dump $d is empty" grep -qx "$d 0 messages" /tmp/nl.out
done
# statistics are one message of counters, zero or not
expect "dump stats answers" 0 dump stats
check "dump stats is one message" grep -qx "stats 1 messages" /tmp/nl.out

# --- PNET table
expect "pnet show of the empty table" 0 pnet show
check "the table starts empty" [ ! -s /tmp/nl.out ]
expect "pnet add: network device" 0 pnet add net1 eth lo
expect "pnet add: a device that does not exist (yet)" \
	0 pnet add ' net2 ' eth nosuchdev0
expect "pnet add: RDMA device port 1" 0 pnet add net3 ib mlx5_0 1
expect "pnet add: the other port of that device" 0 pnet add net3 ib mlx5_0 2
expect "pnet add: RDMA device, port defaults to 1" 0 pnet add net4 ib rxe0
expect "pnet add: network device and RDMA port at once" 0 \
	pnet add net5 eth eth5 ib mlx5_1 2
nl pnet show >/tmp/nl.table
check "pnet show: names upper-cased, blanks dropped, Linux's n/a and 255" \
	diff /tmp/nl.table - <<-EOF
	NET1 lo n/a 255
	NET2 nosuchdev0 n/a 255
	NET3 n/a mlx5_0 1
	NET3 n/a mlx5_0 2
	NET4 n/a rxe0 1
	NET5 eth5 n/a 255
	NET5 n/a mlx5_1 2
	EOF

snapshot
expect "pnet add: network device already has a PNET ID: EEXIST" \
	$EEXIST pnet add NET9 eth lo
expect "pnet add: same entry again: EEXIST" $EEXIST pnet add NET1 eth lo
expect "pnet add: RDMA port already has a PNET ID: EEXIST" \
	$EEXIST pnet add NET9 ib mlx5_0 1
expect "pnet add: both taken: EEXIST" $EEXIST pnet add NET9 eth lo ib mlx5_0 2
unchanged "refused additions (EEXIST)"
expect "pnet add: RDMA port 3: EINVAL" $EINVAL pnet add NET9 ib mlx5_9 3
expect "pnet add: RDMA port 0: EINVAL" $EINVAL pnet add NET9 ib mlx5_9 0
expect "pnet add: new netdev with bad port adds nothing: EINVAL" $EINVAL \
	pnet add NET9 eth eth9 ib mlx5_9 3
expect "pnet add: blank inside the PNET ID: EINVAL" \
	$EINVAL pnet add 'NET 9' eth eth9
expect "pnet add: '-' in the PNET ID: EINVAL" $EINVAL pnet add NET-9 eth eth9
expect "pnet add: empty PNET ID: EINVAL" $EINVAL pnet add '' eth eth9
expect "pnet add: blank PNET ID: EINVAL" $EINVAL pnet add '   ' eth eth9
expect "pnet add: 17 character PNET ID: EINVAL (policy: no NUL in 17 bytes)" \
	$EINVAL pnet add 0123456789ABCDEF0 eth eth9
expect "pnet add: no device at all: EINVAL" $EINVAL pnet add NET9
expect "pnet add: PNET ID missing: EINVAL" $EINVAL send pnet 2 2=str:eth9
expect "pnet add: PNET ID without NUL: EINVAL (policy)" $EINVAL \
	send pnet 2 1=raw:NET9 2=str:eth9
expect "pnet add: IBPORT as u32: EINVAL" $EINVAL \
	send pnet 2 1=str:NET9 3=str:mlx5_9 4=u32:1
expect "pnet add: IBPORT empty: ERANGE (policy)" $ERANGE \
	send pnet 2 1=str:NET9 3=str:mlx5_9 4=empty
expect "pnet add: 16 character netdev name: EINVAL (policy)" $EINVAL \
	pnet add NET9 eth 0123456789abcdef
expect "pnet add: 64 character RDMA device name: EINVAL (policy)" $EINVAL \
	send pnet 2 1=str:NET9 3=long:64
expect "pnet add: netdev name with '/': EINVAL" $EINVAL pnet add NET9 eth a/b
expect "pnet add: empty netdev name: EINVAL" $EINVAL pnet add NET9 eth ''
expect "pnet add: blank RDMA device name: EINVAL" $EINVAL pnet add NET9 ib '  '
expect "pnet add: RDMA device name with a blank inside: EINVAL" $EINVAL \
	pnet add NET9 ib 'mlx 5'
expect "pnet add: NAME as u32: EINVAL (not a PNET ID)" $EINVAL \
	send pnet 2 1=u32:1 2=str:eth9
unchanged "refused additions (EINVAL, ERANGE)"
expect "pnet add: an unknown attribute is ignored, as in Linux" 0 \
	send pnet 2 1=str:NET8 2=str:eth8 9=u32:5
expect "pnet add: the name in upper case is the same PNET ID" \
	0 pnet add NET8 eth eth88

expect "pnet show NAME (GET without dump)" 0 pnet show net3
check "pnet show NAME lists both ports" diff /tmp/nl.out - <<-EOF
	NET3 n/a mlx5_0 1
	NET3 n/a mlx5_0 2
	EOF
expect "pnet show of an unknown PNET ID" 0 pnet show nope
check "pnet show of an unknown PNET ID lists nothing" [ ! -s /tmp/nl.out ]
expect "pnet show of a malformed PNET ID: EINVAL" $EINVAL pnet show 'a b'
expect "pnet show without a PNET ID (GET without dump): EINVAL" \
	$EINVAL send pnet 1
expect "pnet del: case does not matter" 0 pnet del net3
expect "pnet del: gone: ENOENT" $ENOENT pnet del NET3
expect "pnet del: malformed PNET ID: EINVAL" $EINVAL pnet del 'a b'
expect "pnet del: PNET ID missing: EINVAL" $EINVAL send pnet 3
check "pnet del removed both ports of NET3" lacks NET3 pnet show
check "... and nothing else" lines 7 pnet show
expect "pnet del: both entries of NET5" 0 pnet del NET5
expect "unknown command of SMC_PNETID: EOPNOTSUPP" $EOPNOTSUPP send pnet 5
expect "ADD as a dump: EOPNOTSUPP" $EOPNOTSUPP send pnet 2 dump

# a table larger than one dump message buffer
ok=1
for i in $(seq 0 299); do
	nl pnet add "BIG$i" eth "big$i" || { ok=0; break; }
done
check "pnet add 300 entries" [ $ok = 1 ]
out pnet show | grep ^BIG | cut -d" " -f1 >/tmp/nl.big
check "pnet show lists all of them (dump continued over several buffers)" \
	[ "$(wc -l </tmp/nl.big)" = 300 ]
check "... each exactly once, in the order they were added" \
	diff /tmp/nl.big <(seq 0 299 | sed s/^/BIG/)
expect "pnet flush" 0 pnet flush
expect "pnet flush of the empty table" 0 pnet flush
check "the table is empty after flush" lines 0 pnet show

# --- UEIDs
expect "ueid show of the empty table" 0 ueid show
check "no UEID at first" [ ! -s /tmp/nl.out ]
expect "ueid add (smc_nl upper-cases and pads, as smcr does)" \
	0 ueid add abc.def-1
expect "ueid show" 0 ueid show
check "ueid show: upper case, blank padded to 32" \
	grep -qx "$(pad32 ABC.DEF-1)" /tmp/nl.out
expect "ueid add: duplicate: EEXIST" $EEXIST ueid add ABC.DEF-1
expect "ueid add: not 32 characters: EINVAL" $EINVAL -r ueid add ABC
expect "ueid add: lower case (the kernel does not convert): EINVAL" $EINVAL \
	-r ueid add "$(pad32 abc)"
expect "ueid add: '_': EINVAL" $EINVAL ueid add AB_C
expect "ueid add: blank inside: EINVAL" $EINVAL ueid add 'A B'
expect "ueid add: first character '.': EINVAL" $EINVAL ueid add .ABC
expect "ueid add: first character '-': EINVAL" $EINVAL ueid add -ABC
expect "ueid add: all blanks: EINVAL" $EINVAL ueid add ''
expect "ueid add: 33 characters: ERANGE (policy)" $ERANGE \
	ueid add 0123456789ABCDEF0123456789ABCDEFX
expect "ueid add: missing entry: EINVAL" $EINVAL send gen 10
expect "ueid add: entry as u32: EINVAL" $EINVAL send gen 10 1=u32:5
expect "ueid add: unknown attribute: EINVAL (strict, as Linux)" $EINVAL \
	send gen 10 1=str:"$(pad32 X)" 2=str:X
expect "ueid add: exactly 32 characters" \
	0 ueid add 0123456789ABCDEF0123456789ABCDEF
expect "ueid add: tab padded" \
	0 -r ueid add "$(printf 'TAB%29s' '' | tr ' ' '\t')"
check "ueid show: the tab padding is stored as blanks" \
	has "$(pad32 TAB)" ueid show
expect "ueid add: the 4th" 0 ueid add U4
snapshot
expect "ueid add: a 5th: ERANGE" $ERANGE ueid add U5
expect "ueid add: a duplicate when full: ERANGE (Linux checks the count first)" \
	$ERANGE ueid add U4
unchanged "refused UEIDs"
expect "ueid del: not there: ENOENT" $ENOENT ueid del nope
expect "ueid del: not 32 characters: EINVAL" $EINVAL -r ueid del U4
expect "ueid del (smc_nl upper-cases)" 0 ueid del u4
expect "ueid del: tab padded finds the blank padded" 0 \
	-r ueid del "$(printf 'TAB%29s' '' | tr ' ' '\t')"
check "ueid show: two left, in the order they were added" \
	diff <(out ueid show) <(printf "%-32s\n" ABC.DEF-1 \
				 0123456789ABCDEF0123456789ABCDEF)
expect "a dump with an attribute: EINVAL" $EINVAL send gen 9 dump 1=str:X
expect "a dump sent without NLM_F_DUMP: EOPNOTSUPP" $EOPNOTSUPP send gen 9
expect "a change sent as dump: EOPNOTSUPP" $EOPNOTSUPP send gen 10 dump
expect "flush with an attribute: EINVAL" $EINVAL send gen 12 1=u8:1
expect "unknown command of SMC_GEN_NETLINK: EOPNOTSUPP" \
	$EOPNOTSUPP send gen 19 dump
expect "ueid flush" 0 ueid flush
check "no UEID after flush" lines 0 ueid show

# --- SEID: no ISMv2 device
expect "seid show" 0 seid show
check "seid show: no SEID (an empty message, as Linux without ISMv2)" \
	grep -qx "seid none" /tmp/nl.out
expect "seid enable: EOPNOTSUPP" $EOPNOTSUPP seid enable
expect "seid disable: EOPNOTSUPP" $EOPNOTSUPP seid disable

# --- handshake limitation
expect "hslimit show" 0 hslimit show
check "hslimit is off at first" grep -qx "hslimit off" /tmp/nl.out
expect "a new socket: SMC_LIMIT_HS 0" 0 hslimit sock
check "SMC_LIMIT_HS 0" grep -qx "SMC_LIMIT_HS 0" /tmp/nl.out
expect "hslimit on" 0 hslimit on
check "hslimit show: on" has "hslimit on" hslimit show
expect "a new socket after hslimit on" 0 hslimit sock
check "SMC_LIMIT_HS 1" grep -qx "SMC_LIMIT_HS 1" /tmp/nl.out
expect "hslimit off" 0 hslimit off
check "a new socket after hslimit off: SMC_LIMIT_HS 0" \
	has "SMC_LIMIT_HS 0" hslimit sock

# --- network namespaces
nl pnet add NET1 eth lo
nl pnet add NET3 ib mlx5_0 1
nl ueid add GLOBAL
ns() { ip netns exec nlns "$NL" "$@" 2>/dev/null; }
check "another namespace has its own empty PNET table" lines 0 @ pnet show
check "the same netdev name gets its own entry in another namespace" \
	ns pnet add NET2 eth lo
check "... listed there" has "NET2 lo n/a 255" @ pnet show
check "... and not in the initial namespace" lacks NET2 pnet show
ns pnet add NET4 ib mlx5_4 1
rc=$?
check "RDMA entries outside the initial namespace: EEXIST, as Linux ($rc)" \
	[ $rc = $EEXIST ]
check "netdev and RDMA port outside the initial namespace: netdev added" \
	ns pnet add NET5 eth eth5 ib mlx5_5 1
check "... the RDMA port not" \
	diff <(out @ pnet show | grep NET5) - <<<"NET5 eth5 n/a 255"
check "RDMA entries of the initial namespace are not listed in another" \
	lacks mlx5_0 @ pnet show
check "flush in another namespace" ns pnet flush
check "... leaves the initial namespace's table alone" lines 2 pnet show
check "UEIDs are global: visible in another namespace" \
	has "$(pad32 GLOBAL)" @ ueid show
check "hslimit on in another namespace" ns hslimit on
check "... not in the initial namespace" has "hslimit off" hslimit show
check "... new sockets there get SMC_LIMIT_HS 1" \
	has "SMC_LIMIT_HS 1" @ hslimit sock
check "... new sockets here get SMC_LIMIT_HS 0" \
	has "SMC_LIMIT_HS 0" hslimit sock
ns hslimit off
ip netns add nlgone
ip netns exec nlgone "$NL" pnet add GONE eth lo >/dev/null 2>&1
ip netns exec nlgone "$NL" hslimit on >/dev/null 2>&1
ip netns del nlgone
check "a namespace deleted with entries in its table" true

# --- callers without CAP_NET_ADMIN
ns pnet add NSX eth lo
snapshot
for who in nobody userns userns-net; do
	expect_as $who "$who: pnet show works" 0 pnet show
	expect_as $who "$who: pnet add: EPERM" $EPERM pnet add NETP eth lo2
	expect_as $who "$who: pnet del: EPERM" $EPERM pnet del NET1
	expect_as $who "$who: pnet flush: EPERM" $EPERM pnet flush
	expect_as $who "$who: ueid show works" 0 ueid show
	expect_as $who "$who: ueid add: EPERM" $EPERM ueid add PERM
	expect_as $who "$who: ueid del: EPERM" $EPERM ueid del GLOBAL
	expect_as $who "$who: ueid flush: EPERM" $EPERM ueid flush
	expect_as $who "$who: seid show works" 0 seid show
	expect_as $who "$who: seid enable: EPERM" $EPERM seid enable
	expect_as $who "$who: seid disable: EPERM" $EPERM seid disable
	expect_as $who "$who: hslimit show works" 0 hslimit show
	expect_as $who "$who: hslimit on: EPERM" $EPERM hslimit on
	expect_as $who "$who: hslimit off: EPERM" $EPERM hslimit off
	expect_as $who "$who: sysinfo works" 0 sysinfo
done
ip netns exec nlns setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$NL" pnet flush 2>/dev/null
rc=$?
check "nobody in another namespace: pnet flush: EPERM ($rc)" [ $rc = $EPERM ]
unchanged "requests of unprivileged callers"

# --- concurrent changes and dumps, namespaces coming and going
churn() {	# churn [PREFIX...]: changes and dumps, run through PREFIX
	local i
	for i in $(seq 25); do
		"$@" "$NL" pnet add "C$((i % 7))" eth "c$((i % 11))"
		"$@" "$NL" pnet show
		"$@" "$NL" pnet del "C$((i % 5))"
		"$@" "$NL" ueid add "C$((i % 6))"
		"$@" "$NL" ueid del "C$((i % 4))"
		"$@" "$NL" hslimit on
		[ $((i % 20)) = 0 ] && "$@" "$NL" pnet flush
	done >/dev/null 2>&1
}
nschurn() {
	local i
	for i in $(seq 8); do
		ip netns add "nlc$i"
		ip netns exec "nlc$i" "$NL" pnet add CH eth lo
		ip netns exec "nlc$i" "$NL" hslimit on
		ip netns del "nlc$i"
	done >/dev/null 2>&1
}
churn &
p1=$!
churn &
p2=$!
churn ip netns exec nlns &
p3=$!
nschurn &
p4=$!
wait $p1 $p2 $p3 $p4
check "after concurrent changes and dumps: the module answers" nl sysinfo
nl pnet flush
nl ueid flush
nl hslimit off
ns pnet flush
ns hslimit off
empty_tables() {
	[ -z "$(out pnet show; out @ pnet show; out ueid show)" ]
}
check "... its tables can be emptied" empty_tables
check "... no namespace left behind" bash -c '! ip netns list | grep -q nlc'

# --- fuzzing, then normal operation
out=$("$NL" fuzz 20000 1 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
check "fuzz: 20000 random requests as root (seed 1), module still answers" \
	[ $rc = 0 ]
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$NL" fuzz 5000 2 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
check "fuzz: 5000 as nobody (seed 2)" [ $rc = 0 ]
out=$(ip netns exec nlns "$NL" fuzz 5000 3 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
check "fuzz: 5000 in another namespace (seed 3)" [ $rc = 0 ]
nl pnet flush
nl ueid flush
nl hslimit off
expect "after fuzzing: pnet add" 0 pnet add after eth lo
expect "after fuzzing: pnet show" 0 pnet show
check "after fuzzing: the table holds just that entry" \
	grep -qx "AFTER lo n/a 255" /tmp/nl.out
expect "after fuzzing: ueid add" 0 ueid add after
expect "after fuzzing: sysinfo" 0 sysinfo
check "after fuzzing: a socket" has "SMC_LIMIT_HS 0" hslimit sock

# --- unload with entries left in tables, namespaces still there
nl pnet add LEFT ib mlx5_0 2
ns pnet add LEFT eth lo
ns hslimit on
check "unload with PNET entries, UEIDs and a namespace left" unload_smc
check "load again" load_smc
check "... the PNET table starts empty again" lines 0 pnet show
check "... also in the other namespace" lines 0 @ pnet show
check "... no UEIDs" lines 0 ueid show
check "... hslimit off in the other namespace" has "hslimit off" @ hslimit show
ip netns del nlns
check "unload" unload_smc

# --- auto-load: asking for SMC_GEN_NETLINK loads the module, as in Linux.
# The kernel runs the usermode modprobe of /proc/sys/kernel/modprobe with
# the family's alias; here that is modprobe over a module tree of our
# modules and what they depend on, indexed by depmod from their modinfo
# (depmod over the whole of 6.12's tree takes minutes in an emulated guest).
# modtree_add ROOT MODULE-FILE: MODULE-FILE and its dependencies into ROOT
modtree_add() {
	local root=$1 file=$2 dep path

	for dep in $(modinfo -F depends "$file" | tr , ' '); do
		path=$(modinfo -n "$dep") || return 1
		[ -e "$root$path" ] && continue
		install -D -m 644 "$path" "$root$path" &&
			modtree_add "$root" "$path" || return 1
	done
}
k=$(uname -r)
root=/tmp/tb-modroot
rm -rf "$root"
mkdir -p "$root/lib/modules/$k/extra" &&
	cp "$KMOD/smc.ko" "$KMOD/smc_diag.ko" "$root/lib/modules/$k/extra/" &&
	cp /lib/modules/"$k"/modules.builtin* "$root/lib/modules/$k/" &&
	modtree_add "$root" "$KMOD/smc.ko" && depmod -b "$root" "$k" &&
	printf '#!/bin/sh\nexec /sbin/modprobe -d %s "$@"\n' "$root" \
		>/tmp/tb-modprobe && chmod 755 /tmp/tb-modprobe
check "a module tree for on-demand loading: ours and $(find "$root" -name '*.ko*' | wc -l) modules in all" \
	grep -q "alias net-pf-16-proto-16-family-SMC_GEN_NETLINK smc" \
		"$root/lib/modules/$k/modules.alias"
old_modprobe=$(cat /proc/sys/kernel/modprobe)
echo /tmp/tb-modprobe >/proc/sys/kernel/modprobe
rm -f /etc/modprobe.d/tb-no-intree-smc.conf
"$NL" pnet show >/dev/null 2>&1
rc=$?
check "SMC_PNETID does not auto-load the module (no alias in Linux either)" \
	bash -c '[ $1 = $2 ] && ! grep -q "^smc " /proc/modules' _ $rc $NO_FAMILY
expect "SMC_GEN_NETLINK loads the module on demand" 0 sysinfo
check "... our module (out of tree)" grep -q O /sys/module/smc/taint
rmmod smc
echo "$old_modprobe" >/proc/sys/kernel/modprobe

dmesg >/tmp/nl.dmesg
check "kernel log clean" "$TOP/selftests/vm/dmesg-check.sh" /tmp/nl.dmesg
