#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot one of Debian's kernels under QEMU (TCG) on the host's own root file
# system and run a shell command in it. See README.md for the details.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$ROOT/build/vm

# Exit codes beyond the command's own 0..119.
RC_BIG_STATUS=120
RC_DIRTY=121
RC_TIMEOUT=124
RC_SETUP=125
RC_DIED=126

# Exit statuses of QEMU when the guest wrote code N to isa-debug-exit.
QEMU_GUEST_DONE=$(((1 << 1) | 1))
QEMU_GUEST_SETUP=$(((125 << 1) | 1))

# Modules the initramfs needs to reach the host's root file system.
INITRAMFS_MODULES=(virtio_pci 9pnet_virtio 9p overlay)

usage() {
	cat >&2 <<EOF
usage: $0 [-k KVER] [-t TIMEOUT_S] [-o OUTDIR] [-m MEM] [-c CPUS] [-n HOSTNAME]
          [-I] [-N 'extra qemu args'] [-e VAR]... [-s DIR]... -- 'shell command'
  -k KVER     Debian kernel ABI to boot (default: $HERE/kver.sh 6.12), or
              "debug" (or its release) for the test bed's debug kernel
              built by $HERE/debug-kernel/build.sh
  -t SECONDS  wall-clock limit for the whole VM (default 600)
  -o OUTDIR   keep console.log, dmesg, rc and tainted there
  -m MEM      guest memory (default 2G)       -c CPUS  guest CPUs (default 2)
  -n NAME     guest hostname (default tbvm)
  -I          allow Debian's in-tree smc/smc_diag modules in the guest
  -N ARGS     extra QEMU arguments (word-split)
  -e VAR      export host variable VAR into the guest command (repeatable)
  -s DIR      share DIR read-write at the same path (repeatable)
exit: command status 0..119, 120 status above 119, 121 passed but kernel log
dirty, 124 timeout, 125 setup error, 126 guest kernel died
EOF
	exit $RC_SETUP
}

die() {
	echo "vmrun: $*" >&2
	exit $RC_SETUP
}

kver=
timeout_s=600
outdir=
mem=2G
cpus=2
guest_hostname=tbvm
allow_intree_smc=0
extra_qemu_args=
env_vars=()
extra_shares=()
while getopts "k:t:o:m:c:n:IN:e:s:h" opt; do
	case $opt in
	k) kver=$OPTARG ;;
	t) timeout_s=$OPTARG ;;
	o) outdir=$OPTARG ;;
	m) mem=$OPTARG ;;
	c) cpus=$OPTARG ;;
	n) guest_hostname=$OPTARG ;;
	I) allow_intree_smc=1 ;;
	N) extra_qemu_args=$OPTARG ;;
	e) env_vars+=("$OPTARG") ;;
	s) extra_shares+=("$OPTARG") ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || usage
command_line=$*

[[ $timeout_s =~ ^[1-9][0-9]*$ ]] || die "bad timeout '$timeout_s'"
[[ $cpus =~ ^[1-9][0-9]*$ ]] || die "bad CPU count '$cpus'"
[[ $guest_hostname =~ ^[A-Za-z0-9][A-Za-z0-9.-]*$ ]] || die "bad hostname '$guest_hostname'"
for var in "${env_vars[@]}"; do
	[[ $var =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "bad variable name '$var'"
done
for dir in "${extra_shares[@]}"; do
	[ -d "$dir" ] || die "cannot share $dir: not a directory"
done
# The stage 2 path travels on the kernel command line, which splits at blanks.
[[ $HERE =~ [[:space:]] ]] && die "the test bed path must not contain blanks: $HERE"

if [ -z "$kver" ]; then
	kver=$("$HERE/kver.sh" 6.12) || die "no Debian 6.12 kernel installed (run $HERE/deps.sh)"
fi
# The debug kernel lives in its cache (see debug-kernel/build.sh): an ELF
# vmlinux to boot as it is and a module tree the guest sees at
# /lib/modules/<kver> (a bind mount set up by guest-stage2.sh).
debug_dir=
mod_root=
if [ "$kver" = debug ] || [[ $kver == *-smcdebug ]]; then
	debug_dir=$("$HERE/debug-kernel/build.sh" --locate) ||
		die "the debug kernel is not built (run $HERE/debug-kernel/build.sh)"
	[ "$kver" = debug ] || [ "$kver" = "$(cat "$debug_dir/kver")" ] ||
		die "the cached debug kernel is $(cat "$debug_dir/kver"), not $kver"
	kver=$(cat "$debug_dir/kver")
	kernel_image=$debug_dir/vmlinux
	mod_root=$debug_dir/modules
else
	kernel_image=/boot/vmlinuz-$kver
fi
[ -f "$kernel_image" ] || die "no $kernel_image"
[ -f "$mod_root/lib/modules/$kver/modules.dep" ] || die "no modules for $kver"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (run $HERE/deps.sh)"
[ -x /bin/busybox ] || die "/bin/busybox missing (run $HERE/deps.sh)"

# --- cached boot artefacts ---------------------------------------------------

le_uint() { # le_uint FILE OFFSET BYTES
	od -An -tu"$3" -j "$2" -N "$3" "$1" | tr -d ' '
}

# Booting the ELF vmlinux through PVH skips the in-guest decompression, which
# costs seconds under TCG. The bzImage header says where the payload lies.
extract_vmlinux() { # extract_vmlinux BZIMAGE OUT
	local image=$1 out=$2 setup_sects payload_offset payload_length start magic
	local -a decompress

	[ "$(head -c 518 "$image" | tail -c 4)" = HdrS ] || return 1
	setup_sects=$(le_uint "$image" 497 1)
	[ "$setup_sects" = 0 ] && setup_sects=4
	payload_offset=$(le_uint "$image" 584 4)
	payload_length=$(le_uint "$image" 588 4)
	start=$(((setup_sects + 1) * 512 + payload_offset))
	magic=$(od -An -tx1 -j "$start" -N 4 "$image" | tr -d ' ')
	# xz and zstd payloads end with the 4-byte uncompressed size.
	case $magic in
	fd377a58) decompress=(xz -dc) ;;
	28b52ffd) decompress=(zstd -dcq) ;;
	*) echo "vmrun: unknown kernel compression ($magic)" >&2; return 1 ;;
	esac
	if ! head -c $((start + payload_length - 4)) "$image" |
		tail -c $((payload_length - 4)) | "${decompress[@]}" > "$out.tmp" ||
		[ "$(od -An -tx1 -N 4 "$out.tmp" | tr -d ' ')" != 7f454c46 ]; then
		rm -f "$out.tmp"
		return 1
	fi
	mv "$out.tmp" "$out"
}

initramfs_module_files() {
	local mod

	for mod in "${INITRAMFS_MODULES[@]}"; do
		modprobe ${mod_root:+-d "$mod_root"} -S "$kver" --show-depends "$mod" || return 1
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }'
}

build_initramfs() { # build_initramfs OUT MODULE_FILE...
	local out=$1 tree file name
	shift

	tree=$(mktemp -d "$BUILD/initramfs.XXXXXX") || return 1
	mkdir -p "$tree"/{bin,dev,proc,sys,lower,upper,newroot,modules}
	cp /bin/busybox "$tree/bin/busybox"
	cp "$HERE/initramfs-init.sh" "$tree/init"
	chmod 755 "$tree/init"
	: > "$tree/modules/order"
	for file; do
		name=$(basename "$file")
		# busybox insmod only takes plain modules.
		case $name in
		*.ko.xz) name=${name%.xz}; xz -dc "$file" > "$tree/modules/$name" ;;
		*.ko.zst) name=${name%.zst}; zstd -dcq "$file" > "$tree/modules/$name" ;;
		*) cp "$file" "$tree/modules/$name" ;;
		esac || { rm -rf "$tree"; return 1; }
		echo "$name" >> "$tree/modules/order"
	done
	# Left uncompressed: unpacking is then nearly free under TCG.
	(cd "$tree" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --quiet) > "$out.tmp"
	local status=$?
	rm -rf "$tree"
	[ $status = 0 ] && mv "$out.tmp" "$out"
}

prepare_boot_files() {
	local module_files key

	mkdir -p "$BUILD" || return 1
	vmlinux=$BUILD/vmlinux-$kver
	initramfs=$BUILD/initramfs-$kver.cpio
	# Guests of a pair start together: build each artefact once.
	exec 9> "$BUILD/.lock"
	flock 9

	if [ -n "$debug_dir" ]; then
		vmlinux=$kernel_image
	elif [ ! -s "$vmlinux" ] || [ "$kernel_image" -nt "$vmlinux" ]; then
		extract_vmlinux "$kernel_image" "$vmlinux" ||
			{ echo "vmrun: cannot extract vmlinux from $kernel_image" >&2; return 1; }
	fi

	module_files=$(initramfs_module_files) ||
		{ echo "vmrun: initramfs modules missing for $kver" >&2; return 1; }
	key=$({
		cat "$HERE/initramfs-init.sh"
		# shellcheck disable=SC2086 # one file name per word
		stat -L -c '%n %s %Y' /bin/busybox $module_files
	} | sha256sum)
	if [ ! -s "$initramfs" ] || [ "$(cat "$initramfs.key" 2>/dev/null)" != "$key" ]; then
		# shellcheck disable=SC2086
		build_initramfs "$initramfs" $module_files ||
			{ echo "vmrun: cannot build the initramfs" >&2; return 1; }
		echo "$key" > "$initramfs.key"
	fi
	exec 9>&-
}

prepare_boot_files || exit $RC_SETUP

# --- run directory and shares ------------------------------------------------

work=$(mktemp -d "${TMPDIR:-/tmp}/vmrun.XXXXXX") || die "mktemp failed"
run=$work/run
mkdir "$run"
qemu_pid=
streamer_pid=

# shellcheck disable=SC2317 # called through the trap
cleanup() {
	if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
		kill -TERM "$qemu_pid" 2>/dev/null
		wait "$qemu_pid" 2>/dev/null
	fi
	[ -n "$streamer_pid" ] && wait "$streamer_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "vmrun: interrupted" >&2; exit 130' INT
trap 'echo "vmrun: terminated" >&2; exit 143' TERM HUP

if [ -n "$outdir" ]; then
	mkdir -p "$outdir" || die "cannot create $outdir"
	rm -f "$outdir"/{console.log,console-boot-crash.log,dmesg,rc,tainted}
else
	outdir=$work/out
	mkdir "$outdir"
fi

# Read-write shares: the project, the git work tree the command runs in (a
# second clone, say) and whatever the caller asked for; a directory inside
# another share is already covered by it.
share_candidates=("$ROOT")
if git_top=$(git rev-parse --show-toplevel 2>/dev/null); then
	share_candidates+=("$git_top")
fi
share_candidates+=("${extra_shares[@]}")
shares=()
while IFS= read -r dir; do
	covered=0
	for parent in "${shares[@]}"; do
		case $dir/ in "$parent"/*) covered=1 ;; esac
	done
	[ $covered = 1 ] || shares+=("$dir")
done < <(realpath -e "${share_candidates[@]}" | LC_ALL=C sort -u)

virtfs_args=()
guest_shares=()
for i in "${!shares[@]}"; do
	dir=${shares[i]}
	# QEMU option values escape commas by doubling them.
	virtfs_args+=(-virtfs "local,path=${dir//,/,,},mount_tag=tbshare$i,security_model=none,multidevs=remap")
	guest_shares+=("tbshare$i" "$dir")
done

{
	printf 'TB_HOSTNAME=%q\n' "$guest_hostname"
	printf 'TB_CWD=%q\n' "$PWD"
	printf 'TB_ALLOW_INTREE_SMC=%q\n' "$allow_intree_smc"
	printf 'TB_TIMEOUT=%q\n' "$timeout_s"
	printf 'TB_MODULES_DIR=%q\n' "${mod_root:+$mod_root/lib/modules/$kver}"
	printf 'TB_SHARES=('
	printf ' %q' "${guest_shares[@]}"
	printf ' )\n'
} > "$run/config"
{
	printf 'export TB_ROOT=%q\n' "$ROOT"
	for var in "${env_vars[@]}"; do
		[ -n "${!var+set}" ] && printf 'export %s=%q\n' "$var" "${!var}"
	done
} > "$run/env"
printf '%s\n' "$command_line" > "$run/cmd"

# --- boot --------------------------------------------------------------------

if [ "${TB_VERBOSE:-0}" = 1 ]; then
	console_level=loglevel=7
else
	console_level="quiet loglevel=3"
fi
# panic=-1 oops=panic: a crash ends the run at once instead of limping on.
# nokaslr keeps oops addresses comparable between runs; tsc=reliable and
# no_timer_check stop TCG's jittery timing from being mistaken for broken
# clocks; a big log buffer keeps early warnings of long tests.
kernel_args="console=ttyS0 $console_level panic=-1 oops=panic nokaslr"
kernel_args+=" mitigations=off tsc=reliable no_timer_check log_buf_len=4M"
kernel_args+=" tb.stage2=$HERE/guest-stage2.sh"
# The debug kernel's ACPI interpreter is so slow under TCG that evaluating
# the PCI interrupt routing (_PRT) runs into ACPI's 30 s loop timeout for
# each virtio device ("AE_AML_LOOP_TIMEOUT"): 139 s to reach the command,
# 58 s with the routing taken from the firmware's tables instead.
[ -z "$debug_dir" ] || kernel_args+=" pci=noacpi"
kernel_args+="${TB_EXTRA_KARGS:+ $TB_EXTRA_KARGS}"

# SC2054: commas inside QEMU option values are meant.
# SC2206: the caller's extra arguments are word-split on purpose.
# shellcheck disable=SC2054,SC2206
qemu_cmd=(
	qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot
	-accel tcg -cpu max -smp "$cpus" -m "$mem"
	-bios /usr/share/qemu/qboot.rom
	-kernel "$vmlinux" -initrd "$initramfs" -append "$kernel_args"
	-serial stdio
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
	-virtfs "local,path=${run//,/,,},mount_tag=tbrun,security_model=none"
	"${virtfs_args[@]}"
	$extra_qemu_args
)

console_fifo=$work/console.fifo
mkfifo "$console_fifo"
boot() {
	sed -u 's/\r$//' < "$console_fifo" | tee -p "$outdir/console.log" &
	streamer_pid=$!
	timeout -k 5 "$timeout_s" "${qemu_cmd[@]}" < /dev/null > "$console_fifo" 2>&1 &
	qemu_pid=$!
	wait "$qemu_pid"
	qemu_status=$?
	qemu_pid=
	wait "$streamer_pid"
	streamer_pid=
	# A dying kernel rarely ends its last line: keep our messages off it.
	[ -n "$(tail -c 1 "$outdir/console.log" 2>/dev/null)" ] && echo
}
boot
# Debian's kernel under multi-threaded TCG very rarely dies while booting
# (an int3 oops in code the kernel was patching, or a double fault, before
# any module of ours is loaded: QEMU's cross-vCPU code modification).  A
# crash before the guest reached the command (no "started" mark) says
# nothing about the code under test: keep that log and boot once more.  A
# crash after it always counts.
if [ ! -e "$run/started" ] && [ ! -e "$run/rc" ] &&
   [ "$qemu_status" != 124 ] && [ "$qemu_status" != 137 ] &&
   [ "$qemu_status" != "$QEMU_GUEST_SETUP" ] && [ "$qemu_status" != 1 ]; then
	mv "$outdir/console.log" "$outdir/console-boot-crash.log"
	echo "vmrun: the guest kernel died while booting, before the command ran" \
	     "(log kept in console-boot-crash.log): booting once more" >&2
	boot
fi

for file in rc dmesg tainted; do
	[ -f "$run/$file" ] && cp "$run/$file" "$outdir/$file"
done

# --- verdict -----------------------------------------------------------------

guest_rc=$(cat "$run/rc" 2>/dev/null)
status=
if [ "$qemu_status" = 124 ] || [ "$qemu_status" = 137 ]; then
	echo "vmrun: timeout: guest killed after ${timeout_s}s" >&2
	status=$RC_TIMEOUT
elif [ "$guest_rc" = timeout ]; then
	echo "vmrun: timeout: the command did not finish within ${timeout_s}s" >&2
	status=$RC_TIMEOUT
elif [[ $guest_rc =~ ^[0-9]+$ ]]; then
	status=$guest_rc
	if [ "$status" -gt 119 ]; then
		echo "vmrun: command exited with $guest_rc" >&2
		status=$RC_BIG_STATUS
	fi
elif [ "$qemu_status" = "$QEMU_GUEST_SETUP" ] || [ "$qemu_status" = 1 ]; then
	echo "vmrun: setup error (qemu status $qemu_status)" >&2
	status=$RC_SETUP
else
	echo "vmrun: the guest kernel died (qemu status $qemu_status)" >&2
	status=$RC_DIED
fi
[ "$qemu_status" = "$QEMU_GUEST_DONE" ] || [ -z "$guest_rc" ] ||
	echo "vmrun: note: qemu exited with $qemu_status" >&2

# Taint flags that only a kernel problem sets: B bad page, D died, W warning,
# L soft lockup. They catch reports the log buffer may have lost.
bad_taint() {
	local taint names="" bit

	taint=$(cat "$outdir/tainted" 2>/dev/null) || return 1
	[[ $taint =~ ^[0-9]+$ ]] || return 1
	for bit in 5:B 7:D 9:W 14:L; do
		if ((taint >> ${bit%:*} & 1)); then
			names+=${bit#*:}
		fi
	done
	[ -n "$names" ] && echo "$names"
}

if [ "${TB_NO_DMESG_CHECK:-0}" = 1 ]; then
	:
elif [ -f "$outdir/dmesg" ]; then
	dirty=0
	if ! findings=$("$HERE/dmesg-check.sh" "$outdir/dmesg"); then
		dirty=1
		echo "vmrun: the guest kernel log is dirty:" >&2
		printf '%s\n' "$findings" | sed 's/^/vmrun:   /' >&2
	fi
	if taint_names=$(bad_taint); then
		dirty=1
		echo "vmrun: the guest kernel is tainted: $taint_names" >&2
	fi
	[ $dirty = 1 ] && [ "$status" = 0 ] && status=$RC_DIRTY
elif [ "$status" = "$RC_DIED" ] || [ "$status" = "$RC_TIMEOUT" ]; then
	# No saved log: the console is all there is.
	if ! findings=$("$HERE/dmesg-check.sh" "$outdir/console.log"); then
		echo "vmrun: kernel problems on the console:" >&2
		printf '%s\n' "$findings" | sed 's/^/vmrun:   /' >&2
	fi
fi

exit "$status"
