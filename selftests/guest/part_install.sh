# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by suite_module.sh: `make install` and `make uninstall` as an
# administrator runs them, on this guest's root (a tmpfs overlay over the
# host's, so nothing reaches the host).  The guest set-up hides Debian's
# smc.ko and blocks it for modprobe; for this part Debian's files come back,
# so the guest looks like a clean Debian 12 system, and
# `modprobe smc` must then reach ours because of `make install` alone.
# Our smc must not be loaded when this runs.

INSTALL_PORT=7800

# install_debian_smc: Debian's module files back where Debian put them
# (guest-stage2.sh moved them aside without touching the module index, so
# the index needs no depmod, which takes minutes in an emulated guest)
install_debian_smc() {
	local k=$1

	ls /var/lib/tb-intree-smc/smc.ko* >/dev/null 2>&1 &&
		cp -a /var/lib/tb-intree-smc/. /lib/modules/"$k"/kernel/net/smc/
}

# installed_fallback_seen: an unmodified python3 client under the installed
# smc_run connects to a plain TCP listener; the installed smcss shows its
# AF_SMC socket in fallback with 0x03010000 while it is open
installed_fallback_seen() {
	local srv cli ok=1

	python3 -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
c, _ = s.accept(); time.sleep(10)' "$INSTALL_PORT" &
	srv=$!
	wait_listen "$INSTALL_PORT" 20 || { kill $srv; return 1; }
	/usr/local/bin/smc_run python3 -c '
import socket, sys, time
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
time.sleep(8)' "$INSTALL_PORT" &
	cli=$!
	for _ in $(seq 40); do
		if /usr/local/bin/smcss -a 2>/dev/null |
			grep ":$INSTALL_PORT " | grep -q "0x03010000"; then
			ok=0
			break
		fi
		sleep 0.2
	done
	[ $ok = 0 ] || /usr/local/bin/smcss -a | sed 's/^/# smcss: /'
	kill $cli $srv 2>/dev/null
	wait $cli $srv 2>/dev/null
	return $ok
}

part_install() {
	local k blocker=/etc/modprobe.d/tb-no-intree-smc.conf
	local log=/tmp/make-install.log

	k=$(uname -r)
	if ! install_debian_smc "$k"; then
		fail "install: Debian's smc.ko put back in place"
		return
	fi
	check "install: before, modprobe would load Debian's smc.ko" \
		bash -c 'modinfo -n smc | grep -q "/kernel/net/smc/smc.ko"'
	mv "$blocker" /tmp/ 2>/dev/null

	if (cd "$TOP" && make install KVER="$k") >"$log" 2>&1; then
		pass "install: make install"
	else
		fail "install: make install"
		sed 's/^/# /' "$log" | tail -20
	fi
	check "install: modinfo finds ours under updates/" \
		bash -c 'modinfo -n smc | grep -q "/updates/smc/smc.ko$" &&
			 modinfo -n smc_diag | grep -q "/updates/smc/smc_diag.ko$"'
	check "install: the modprobe.d note is in place" \
		test -f /etc/modprobe.d/smc-updates.conf
	if modprobe smc && modprobe smc_diag; then
		pass "install: modprobe smc && modprobe smc_diag"
	else
		fail "install: modprobe smc && modprobe smc_diag"
	fi
	# Debian's smc has no rsvd_ports_base and is not out of tree ("O")
	check "install: the loaded smc is ours (out-of-tree, has rsvd_ports_base)" \
		bash -c 'grep -q O /sys/module/smc/taint &&
			 test -e /sys/module/smc/parameters/rsvd_ports_base'
	check "install: the installed smc.ko is the one this tree built" \
		cmp -s "$(modinfo -n smc)" "$KMOD/smc.ko"
	check "install: smc_diag is loaded and is ours" \
		bash -c 'grep -q O /sys/module/smc_diag/taint'
	check "install: installed smc_run + smcss show a fallback 0x03010000" \
		installed_fallback_seen
	check "install: the installed man pages are there" \
		test -f /usr/local/share/man/man8/smcss.8
	rmmod smc_diag smc 2>/dev/null

	if (cd "$TOP" && make uninstall KVER="$k") >"$log" 2>&1; then
		pass "install: make uninstall"
	else
		fail "install: make uninstall"
		sed 's/^/# /' "$log" | tail -20
	fi
	check "install: after uninstall modprobe would load Debian's smc.ko again" \
		bash -c 'modinfo -n smc | grep -q "/kernel/net/smc/smc.ko"'
	check "install: nothing of ours left (modules, note, tools, man pages)" \
		bash -c '! ls /lib/modules/'"$k"'/updates/smc \
			/etc/modprobe.d/smc-updates.conf /usr/local/bin/smcss \
			/usr/local/bin/smc_run /usr/local/share/man/man8/smcss.8 \
			2>/dev/null | grep -q .'

	# back to the test bed's guarantees: Debian's module hidden and blocked
	# (uninstall's depmod left Debian's index, as guest-stage2.sh found it)
	rm -f /lib/modules/"$k"/kernel/net/smc/smc*.ko*
	mv /tmp/"${blocker##*/}" "$blocker" 2>/dev/null
}
