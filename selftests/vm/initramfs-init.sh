#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# /init of the test bed's initramfs (built by vmrun.sh). It only makes the
# host's root file system usable - read-only 9p with a tmpfs overlay, so the
# guest may write anywhere without touching the host - and hands over to
# guest-stage2.sh. Stage 2 is read from the host at boot, so changing it does
# not require rebuilding the initramfs.

/bin/busybox --install -s /bin
export PATH=/bin

# QEMU's isa-debug-exit turns code 125 into exit status 251, which vmrun.sh
# reports as a setup error instead of a dead kernel.
setup_failed() {
	echo "tb-init: $*"
	printf '\175' | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
	poweroff -f
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

while read -r mod; do
	insmod "/modules/$mod" || setup_failed "cannot load $mod"
done < /modules/order

stage2=
read -r cmdline < /proc/cmdline
for word in $cmdline; do
	case $word in
	tb.stage2=*) stage2=${word#tb.stage2=} ;;
	esac
done
[ -n "$stage2" ] || setup_failed "tb.stage2= missing from the kernel command line"

# The host root never changes under a running guest, so caching is safe and
# makes program start-up much cheaper under TCG.
mount -t 9p -o ro,trans=virtio,version=9p2000.L,msize=262144,cache=loose \
	hostroot /lower || setup_failed "cannot mount the host root"
mount -t tmpfs -o mode=0755 tmpfs /upper
mkdir /upper/data /upper/work
mount -t overlay -o lowerdir=/lower,upperdir=/upper/data,workdir=/upper/work \
	overlay /newroot || setup_failed "cannot stack the tmpfs overlay"
[ -f "/newroot$stage2" ] || setup_failed "$stage2 is not visible in the guest"

mount --move /proc /newroot/proc
mount --move /sys /newroot/sys
mount --move /dev /newroot/dev
exec switch_root /newroot /bin/bash "$stage2"
