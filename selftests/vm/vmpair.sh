#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot two guests, A and B, whose eth0 share one virtual Ethernet link, and run
# one command in each (through vmrun.sh). See README.md.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

RC_SETUP=125

usage() {
	cat >&2 <<EOF
usage: $0 [-k KVER_A] [-K KVER_B] [-o OUTDIR] [-t TIMEOUT] [-c CPUS] [-I] [-J]
          [-e VAR]... -- 'command in A' 'command in B'
  -k KVER_A   kernel of A (default: $HERE/kver.sh 6.12)
  -K KVER_B   kernel of B (default: A's)
  -o OUTDIR   keep A/ and B/ (console.log, dmesg, rc, tainted) there
  -t SECONDS  wall-clock limit of each guest (default 600)
  -c CPUS     CPUs of each guest (default vmrun.sh's, 2)
  -I / -J     allow Debian's in-tree smc modules in A / in B
  -e VAR      export host variable VAR into both commands (repeatable)
Each command sees TB_ROLE (A|B), TB_IP, TB_PEER_IP and TB_SYNC, a directory
both guests share read-write; selftests/vm/guest-net.sh brings up eth0.
exit: 0 when both passed with clean kernel logs, else A's failure, else B's
(vmrun.sh codes)
EOF
	exit $RC_SETUP
}

die() {
	echo "vmpair: $*" >&2
	exit $RC_SETUP
}

kver_a=
kver_b=
outdir=
timeout_s=600
vmrun_common=()
vmrun_a=()
vmrun_b=()
while getopts "k:K:o:t:c:IJe:h" opt; do
	case $opt in
	k) kver_a=$OPTARG ;;
	K) kver_b=$OPTARG ;;
	o) outdir=$OPTARG ;;
	t) timeout_s=$OPTARG ;;
	c) vmrun_common+=(-c "$OPTARG") ;;
	I) vmrun_a+=(-I) ;;
	J) vmrun_b+=(-I) ;;
	e) vmrun_common+=(-e "$OPTARG") ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 2 ] || usage

if [ -z "$kver_a" ]; then
	kver_a=$("$HERE/kver.sh" 6.12) || die "no Debian 6.12 kernel installed"
fi
kver_b=${kver_b:-$kver_a}

# A guest whose partner failed usually waits for a flag that never comes:
# stop it after this grace period rather than at its full timeout.
grace_s=${TB_PAIR_GRACE:-30}

udp_port_free() {
	[ -z "$(ss -Hlun "sport = :$1" 2>/dev/null)" ]
}

# Two adjacent UDP ports that nobody listens on, so that pairs can run at once.
pick_ports() {
	local port

	for _ in $(seq 50); do
		port=$((20000 + RANDOM % 40000))
		if udp_port_free "$port" && udp_port_free $((port + 1)); then
			echo "$port"
			return 0
		fi
	done
	return 1
}
port_a=$(pick_ports) || die "no free UDP ports on 127.0.0.1"
port_b=$((port_a + 1))

work=$(mktemp -d "${TMPDIR:-/tmp}/vmpair.XXXXXX") || die "mktemp failed"
sync_dir=$work/sync
mkdir "$sync_dir"
if [ -n "$outdir" ]; then
	mkdir -p "$outdir" || die "cannot create $outdir"
else
	outdir=$work/out
fi

declare -A pid=() status=() killed=()
prefixer_pids=()

# shellcheck disable=SC2317 # called through the trap
stop_guests() {
	local guest

	for guest in A B; do
		if [ -n "${pid[$guest]:-}" ] && [ -z "${status[$guest]:-}" ]; then
			kill -TERM "${pid[$guest]}" 2>/dev/null
		fi
	done
}

# shellcheck disable=SC2317
cleanup() {
	stop_guests
	[ -n "${timer_pid:-}" ] && kill "$timer_pid" 2>/dev/null
	wait
	rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "vmpair: interrupted" >&2; exit 130' INT
trap 'echo "vmpair: terminated" >&2; exit 143' TERM HUP

nic_args() { # nic_args LOCAL_PORT REMOTE_PORT MAC
	# romfile= : no iPXE option ROM, which we neither need nor install.
	# A link speed keeps ib_core from warning about it on every query.
	echo "-netdev dgram,id=link,local.type=inet,local.host=127.0.0.1,local.port=$1,remote.type=inet,remote.host=127.0.0.1,remote.port=$2" \
		"-device virtio-net-pci,netdev=link,mac=$3,romfile=,speed=10000,duplex=full"
}

start_guest() { # start_guest A|B KVER LOCAL_PORT REMOTE_PORT IP PEER_IP MAC COMMAND [VMRUN_ARG]...
	local guest=$1 kver=$2 local_port=$3 remote_port=$4 ip=$5 peer_ip=$6 mac=$7
	local command=$8 fifo=$work/$1.fifo
	shift 8

	mkfifo "$fifo"
	sed -u "s/^/$guest| /" < "$fifo" &
	prefixer_pids+=($!)
	TB_ROLE=$guest TB_IP=$ip TB_PEER_IP=$peer_ip TB_SYNC=$sync_dir \
		"$HERE/vmrun.sh" -k "$kver" -t "$timeout_s" -o "$outdir/$guest" -c 1 \
		-n "tb-${guest,,}" -s "$sync_dir" \
		-N "$(nic_args "$local_port" "$remote_port" "$mac")" \
		-e TB_ROLE -e TB_IP -e TB_PEER_IP -e TB_SYNC "$@" -- "$command" \
		> "$fifo" 2>&1 &
	pid[$guest]=$!
}

start_guest A "$kver_a" "$port_a" "$port_b" 10.0.1.1 10.0.1.2 52:54:00:5b:00:01 "$1" \
	"${vmrun_common[@]}" "${vmrun_a[@]}"
start_guest B "$kver_b" "$port_b" "$port_a" 10.0.1.2 10.0.1.1 52:54:00:5b:00:02 "$2" \
	"${vmrun_common[@]}" "${vmrun_b[@]}"

timer_pid=
while [ ${#status[@]} -lt 2 ]; do
	waiting=()
	for guest in A B; do
		[ -n "${status[$guest]:-}" ] || waiting+=("${pid[$guest]}")
	done
	finished=
	wait -n -p finished "${waiting[@]}" ${timer_pid:+"$timer_pid"}
	rc=$?

	if [ -n "$timer_pid" ] && [ "$finished" = "$timer_pid" ]; then
		timer_pid=
		for guest in A B; do
			[ -n "${status[$guest]:-}" ] && continue
			echo "vmpair: stopping $guest ${grace_s}s after its partner failed" >&2
			killed[$guest]=1
		done
		stop_guests
		continue
	fi

	for guest in A B; do
		[ "${pid[$guest]}" = "$finished" ] || continue
		status[$guest]=$rc
		# Lets the partner's command notice that this guest is gone.
		echo "$rc" > "$sync_dir/$guest.exit"
		if [ "$rc" != 0 ] && [ ${#status[@]} -lt 2 ] && [ -z "$timer_pid" ]; then
			sleep "$grace_s" &
			timer_pid=$!
		fi
	done
done
[ -n "$timer_pid" ] && kill "$timer_pid" 2>/dev/null
wait "${prefixer_pids[@]}"

echo "vmpair: A rc=${status[A]} B rc=${status[B]}" >&2
# A guest stopped because its partner failed says nothing about itself.
for guest in A B; do
	if [ "${status[$guest]}" != 0 ] && [ -z "${killed[$guest]:-}" ]; then
		exit "${status[$guest]}"
	fi
done
exit 0
