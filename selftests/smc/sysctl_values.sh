#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The net.smc.* sysctls of smc.ko: each exists, starts at Linux's default,
# takes both ends of its range, refuses a value just outside either end
# with EINVAL (keeping the old value), and is per network namespace: a new
# namespace starts with the defaults whatever init_net holds, and a change
# inside it leaves init_net alone.  Every value is put back at the end.
# Needs root and our smc.ko loaded.  Usage: sysctl_values.sh [-f smc|tcp]
# [-6] (the address family does not matter here; tcp skips the test).
# Exit status 0 pass, 1 fail, 4 skip.

set -u
export LC_ALL=C

family=${SMCTEST_FAMILY:-smc}
while getopts "f:6h" opt; do
	case $opt in
	f) family=$OPTARG ;;
	6) ;;
	*) echo "usage: $0 [-f smc|tcp] [-6]"; exit 1 ;;
	esac
done

echo "# sysctl_values: family $family"
if [ "$family" != smc ]; then
	echo "1..0 # SKIP net.smc sysctls are SMC only"
	exit 4
fi
if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP needs root"
	exit 4
fi
dir=/proc/sys/net/smc
if [ ! -d "$dir" ]; then
	echo "Bail out! $dir is missing: is our smc.ko loaded?"
	exit 1
fi
if ! command -v unshare >/dev/null; then
	echo "Bail out! unshare (util-linux) is needed for the netns checks"
	exit 1
fi

# smcr_testlink_time's maximum is INT_MAX / HZ seconds
hz=
kver=$(uname -r)
for cfg in "/boot/config-$kver" "/lib/modules/$kver/build/.config"; do
	[ -r "$cfg" ] && hz=$(sed -n 's/^CONFIG_HZ=//p' "$cfg")
	[ -n "$hz" ] && break
done
if [ -z "$hz" ] && [ -r /proc/config.gz ]; then
	hz=$(zcat /proc/config.gz 2>/dev/null | sed -n 's/^CONFIG_HZ=//p')
fi
testlink_max=
[ -n "$hz" ] && testlink_max=$((2147483647 / hz))

# name default min max below-min above-max
table="
autocorking_size	65536	0	4294967295	-1	4294967296
smcr_buf_type		0	0	2		-1	3
smcr_testlink_time	30	0	${testlink_max:--}	-1	${testlink_max:+$((testlink_max + 1))}
wmem			65536	16384	1073741823	16383	1073741824
rmem			65536	16384	1073741823	16383	1073741824
smcr_max_links_per_lgr	2	1	2		0	3
smcr_max_conns_per_lgr	255	16	255		15	256
limit_smc_hs		0	0	1		-1	2
smcr_max_send_wr	16	2	2048		1	2049
smcr_max_recv_wr	48	2	2048		1	2049
tcp2smc			0	0	1		-1	2
"

checks=0
failed=0
report() {	# report STATUS DESCRIPTION [DETAIL]
	checks=$((checks + 1))
	if [ "$1" = 0 ]; then
		echo "ok $checks - $2"
	else
		failed=$((failed + 1))
		echo "not ok $checks - $2"
		[ -n "${3:-}" ] && echo "#   $3"
	fi
}
skip() {	# skip DESCRIPTION REASON
	checks=$((checks + 1))
	echo "ok $checks - $1 # SKIP $2"
}

# what init_net held before the test, put back however the test ends
declare -A saved=()
restore() {
	local name

	for name in "${!saved[@]}"; do
		printf '%s\n' "${saved[$name]}" >"$dir/$name" 2>/dev/null ||
			echo "# could not restore net.smc.$name=${saved[$name]}"
	done
}
trap restore EXIT

get() {
	cat "$dir/$1" 2>/dev/null
}

# set NAME VALUE: "sysctl -w" when there is one, else the proc file;
# prints the error message, if any
set_value() {
	if command -v sysctl >/dev/null; then
		{ sysctl -q -w "net.smc.$1=$2" >/dev/null; } 2>&1
	else
		{ printf '%s\n' "$2" >"$dir/$1"; } 2>&1
	fi
}

accepts() {	# accepts NAME VALUE
	local err got rc

	err=$(set_value "$1" "$2")
	rc=$?
	got=$(get "$1")
	[ "$rc" = 0 ] && [ "$got" = "$2" ]
	report $? "$1: $2 accepted" "status $rc, reads '$got'${err:+, $err}"
}

rejects() {	# rejects NAME VALUE KEPT
	local err got rc

	err=$(set_value "$1" "$2")
	rc=$?
	got=$(get "$1")
	[ "$rc" != 0 ] && [[ $err == *"Invalid argument"* ]] &&
		[ "$got" = "$3" ]
	report $? "$1: $2 refused with EINVAL, still $3" \
		"status $rc, reads '$got'${err:+, $err}"
}

# runs a shell snippet in a new network namespace; $1.. are its arguments
in_new_netns() {
	local script=$1

	shift
	unshare -n bash -c "$script" _ "$@" 2>&1
}

while read -r name def min max below above; do
	[ -z "$name" ] && continue
	if [ ! -f "$dir/$name" ]; then
		report 1 "$name: exists" "$dir/$name is missing"
		continue
	fi
	saved[$name]=$(get "$name")
	report 0 "$name: exists"
	[ "${saved[$name]}" = "$def" ]
	report $? "$name: default $def in init_net" "reads '${saved[$name]}'"

	accepts "$name" "$min"
	if [ "$max" = - ]; then
		skip "$name: maximum accepted" "kernel HZ unknown"
	else
		accepts "$name" "$max"
	fi
	set_value "$name" "$def" >/dev/null
	rejects "$name" "$below" "$def"
	if [ -z "$above" ]; then
		skip "$name: above the maximum refused" "kernel HZ unknown"
	else
		rejects "$name" "$above" "$def"
	fi

	# per netns, with a value other than the default
	other=$min
	if [ "$min" = "$def" ]; then
		other=$((min + 1))
		[ "$max" != - ] && other=$max
	fi
	set_value "$name" "$other" >/dev/null
	# shellcheck disable=SC2016 # expanded by the shell in the netns
	fresh=$(in_new_netns 'cat "/proc/sys/net/smc/$1"' "$name")
	[ "$fresh" = "$def" ]
	report $? "$name: a new netns starts at $def while init_net has $other" \
		"the new netns reads '$fresh'"
	set_value "$name" "$def" >/dev/null
	# shellcheck disable=SC2016
	inside=$(in_new_netns 'f=/proc/sys/net/smc/$1
		printf "%s\n" "$2" >"$f" && cat "$f"' "$name" "$other")
	got=$(get "$name")
	[ "$inside" = "$other" ] && [ "$got" = "$def" ]
	report $? "$name: $other set in a new netns stays there" \
		"the new netns reads '$inside', init_net '$got'"
	set_value "$name" "${saved[$name]}" >/dev/null
done <<<"$table"

restore
trap - EXIT
for name in "${!saved[@]}"; do
	got=$(get "$name")
	[ "$got" = "${saved[$name]}" ]
	report $? "$name: restored to ${saved[$name]}" "reads '$got'"
done

echo "1..$checks"
echo "# sysctl_values: $((checks - failed)) passed, $failed failed"
[ "$failed" = 0 ]
