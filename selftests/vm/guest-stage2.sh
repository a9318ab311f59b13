#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of a test bed guest once initramfs-init.sh has switched to the
# overlaid host root. Sets the guest up as vmrun.sh asked through the run
# directory (/run/tb, shared with the host), runs the command, leaves its
# status, the kernel log and the taint flags there and ends the VM.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb

RUN=/run/tb

# QEMU's isa-debug-exit exits with (code << 1) | 1: 1 means "finished, read
# the run directory", 125 means the guest could not set itself up.
qemu_exit() {
	printf '%b' "\\0$(printf %03o "$1")" | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
	# Only reached without the exit device: an orderly power-off still ends QEMU.
	echo o > /proc/sysrq-trigger
	sleep 10
}

setup_failed() {
	echo "tb-stage2: $*" >&2
	qemu_exit 125
}

# With kmemleak (the debug kernel), the leaks since the start of the
# command go into the log the host checks (dmesg-check.sh knows
# "unreferenced object"): see kmemleak.sh.
kmemleak_report() {
	"$(dirname "$0")/kmemleak.sh" report 2>&1
}

# The status file goes last: its presence tells the host the rest is complete.
finish() {
	{ dmesg; kmemleak_report; } > "$RUN/dmesg" 2>&1
	cat /proc/sys/kernel/tainted > "$RUN/tainted"
	echo "$1" > "$RUN/rc.tmp"
	mv "$RUN/rc.tmp" "$RUN/rc"
	sync
	qemu_exit 1
}

mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p "$RUN"
mount -t 9p -o trans=virtio,version=9p2000.L tbrun "$RUN" ||
	setup_failed "cannot mount the run directory"
# shellcheck source=/dev/null
. "$RUN/config" || setup_failed "no $RUN/config"

mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=1777 tmpfs /var/tmp
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=0620,ptmxmode=0666 devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
# devtmpfs has no /dev/fd; bash process substitution needs it.
ln -sfn /proc/self/fd /dev/fd
ln -sfn /proc/self/fd/0 /dev/stdin
ln -sfn /proc/self/fd/1 /dev/stdout
ln -sfn /proc/self/fd/2 /dev/stderr

for ((i = 0; i < ${#TB_SHARES[@]}; i += 2)); do
	tag=${TB_SHARES[i]}
	dir=${TB_SHARES[i + 1]}
	mkdir -p "$dir"
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 "$tag" "$dir" ||
		setup_failed "cannot mount $dir read-write"
done

# A kernel whose modules are not installed on the host (the debug kernel):
# its module tree appears where modprobe and the suites look for it.
if [ -n "${TB_MODULES_DIR:-}" ]; then
	if ! mkdir -p "/lib/modules/$(uname -r)" ||
	   ! mount --bind "$TB_MODULES_DIR" "/lib/modules/$(uname -r)"; then
		setup_failed "cannot bind $TB_MODULES_DIR to /lib/modules"
	fi
fi

hostname "$TB_HOSTNAME"
ip link set lo up

# Tests of our own smc.ko must never silently run Debian's in-tree module:
# block it for modprobe and for the kernel's net-pf-43 auto-load, and hide
# the files so that a stray insmod by path fails too.
if [ "$TB_ALLOW_INTREE_SMC" != 1 ]; then
	printf 'install %s /bin/false\n' smc smc_diag > /etc/modprobe.d/tb-no-intree-smc.conf
	# kept aside (in the guest's throw-away overlay) for the install test,
	# which needs a root that looks like a clean Debian system
	mkdir -p /var/lib/tb-intree-smc
	mv "/lib/modules/$(uname -r)/kernel/net/smc/"smc*.ko* \
		/var/lib/tb-intree-smc/ 2>/dev/null
fi

# The hung task detector's "blocked for more than" is an error, but the
# stack it prints comes at KERN_INFO, below the console level set below: a
# guest killed before finish() writes its log loses it (a soak's hang on
# 2026-12-07 left only the lock lists).  On the first report the stacks of
# all blocked (D state) tasks go to the console once: sysrq w, with the
# console level raised for that moment.  Without a hang this is a cat
# asleep in read() on /dev/kmsg (grep cannot read it: its reads fail with
# EINVAL; and cat may sleep on after grep's match, so it is no pipeline
# member to wait for); a read error (records overwritten before cat read
# them) makes it start again from the oldest record, 100 times at most.
hung_task_watch() {
	local level rc tries=0

	while :; do
		grep -q 'blocked for more than' < <(exec cat /dev/kmsg 2>/dev/null)
		rc=$?
		kill $! 2>/dev/null
		[ "$rc" = 0 ] && break
		tries=$((tries + 1))
		[ "$tries" -lt 100 ] || return
		sleep 1
	done
	read -r level _ < /proc/sys/kernel/printk
	echo 7 > /proc/sys/kernel/printk
	echo "tb-stage2: the hung task detector fired: the blocked tasks' stacks follow" > /dev/kmsg
	echo w > /proc/sysrq-trigger
	# the console prints on its own time: keep the level until it has
	sleep 10
	echo "$level" > /proc/sys/kernel/printk
}

# A hang in the code under test should show up in the log well before the
# host-side timeout; the soft-lockup detector is on by default in both kernels.
if [ -w /proc/sys/kernel/hung_task_timeout_secs ]; then
	echo 30 > /proc/sys/kernel/hung_task_timeout_secs
	echo -1 > /proc/sys/kernel/hung_task_warnings
	hung_task_watch < /dev/null > /dev/null 2>&1 &
	# Keep bash from announcing the watcher's end on the console.
	disown $!
fi
echo 0 > /proc/sys/kernel/printk_ratelimit
# The boot stays quiet, but from here on warnings and worse reach the console
# the moment they happen, in line with the command's own output.
read -r console_level _ < /proc/sys/kernel/printk
[ "$console_level" -lt 5 ] && dmesg -n warn

# Leaks kmemleak would find now are the boot's, not the command's: mark
# them as seen, so the report in finish() has only new ones.
"$(dirname "$0")/kmemleak.sh" baseline

cd "$TB_CWD" 2>/dev/null || setup_failed "working directory $TB_CWD does not exist in the guest"

# Tells the host the boot is over: a kernel that dies before this line never
# ran the command (see vmrun.sh, boot retry).
: > "$RUN/started"

(
	# shellcheck source=/dev/null
	. "$RUN/env"
	# Own session, so a timeout can kill everything the command started.
	exec setsid bash -c "$(cat "$RUN/cmd")" tb-cmd
) < /dev/null &
cmd_pid=$!

# Stop the command in time for the kernel log to reach the host even if the
# command hangs; the host keeps a hard timeout for a wedged kernel.
uptime_s=$(cut -d. -f1 /proc/uptime)
budget=$((TB_TIMEOUT - uptime_s - 10))
watchdog_pid=
if [ "$budget" -gt 0 ]; then
	(
		sleep "$budget"
		: > "$RUN/timed_out"
		echo "tb-stage2: command still running after ${budget}s, killing it" >&2
		kill -KILL -- "-$cmd_pid" 2>/dev/null
		sleep 1
		finish timeout
	) &
	watchdog_pid=$!
	# Keep bash from announcing the watchdog's death on the console.
	disown "$watchdog_pid"
fi

# stderr off: bash would report a killed command as a job on the console.
wait "$cmd_pid" 2>/dev/null
rc=$?
[ -n "$watchdog_pid" ] && kill -KILL "$watchdog_pid" 2>/dev/null
[ -e "$RUN/timed_out" ] && rc=timeout
finish "$rc"
