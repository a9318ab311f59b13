# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034
#
# Shared by the guest-side suites (sourced).  Results are single lines the
# host runner counts: "PASS name", "FAIL name", "SKIP name (reason)".

TOP=${TB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
KMOD=$TOP/build/kmod/$(uname -r)/net/smc
TESTS=$TOP/build/selftests/smc
TOOLS=$TOP/build/tools
SUITE=${SUITE:-guest}

pass() { echo "PASS $SUITE: $*"; }
fail() { echo "FAIL $SUITE: $*"; }
skip() { local name=$1; shift; echo "SKIP $SUITE: $name ($*)"; }

# check NAME COMMAND...: one result line from a command's exit status
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}

load_smc() {
	# insmod does not load what smc.ko needs: the RDMA core
	modprobe -q ib_core &&
		insmod "$KMOD/smc.ko" && insmod "$KMOD/smc_diag.ko"
}

unload_smc() {
	rmmod smc_diag 2>/dev/null
	rmmod smc
}

# Settings every suite runs with.  Syncookies are off: their first use
# patches kernel text, which QEMU's TCG can get wrong on another vCPU (seen
# as an "int3" oops); a full backlog then simply drops SYNs, as TCP does
# without cookies.
guest_setup() {
	sysctl -qw net.ipv4.tcp_syncookies=0
	export SMCTEST_TIMEOUT_SCALE=${SMCTEST_TIMEOUT_SCALE:-10}
}

# Turn the TAP output of selftests/smc/run.sh into result lines.
tap_to_results() {
	local prefix=$1 line name
	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP"*)
			name=${line#ok * - }
			echo "SKIP $SUITE: $prefix${name%% # SKIP*} (${name#* # SKIP })"
			;;
		"ok "*)
			echo "PASS $SUITE: $prefix${line#ok * - }"
			;;
		"not ok "*)
			name=${line#not ok * - }
			echo "FAIL $SUITE: $prefix${name%% # *}"
			;;
		esac
	done
}

# run_tap NAME COMMAND...: a TAP program of selftests/smc run on its own;
# its checks become result lines prefixed "NAME: ", its output comments, and
# its exit status a SKIP (4) or a FAIL (other than 0)
run_tap() {
	local name=$1 log=/tmp/$1.log rc
	shift
	"$@" >"$log" 2>&1
	rc=$?
	sed 's/^/# /' "$log"
	tap_to_results "$name: " <"$log"
	case $rc in
	0) ;;
	4) skip "$name" "$(sed -n 's/^1\.\.0 # SKIP //p' "$log")" ;;
	*) fail "$name exit status $rc: $(sed -n 's/^Bail out! //p' "$log")" ;;
	esac
}

# wait_for FILE SECONDS: a flag file of the other guest
wait_for() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# wait_listen PORT [SECONDS]: until something listens on TCP PORT (an
# AF_SMC listener's TCP socket counts); a busy guest starts programs slowly
wait_listen() {
	local i
	for ((i = 0; i < ${2:-30} * 10; i++)); do
		[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ] && return 0
		sleep 0.1
	done
	return 1
}
