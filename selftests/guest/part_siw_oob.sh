# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# part_siw_oob: the test bed's Soft-iWARP as a stand-in for Alibaba's
# erdma driver, out-of-band QP connection (selftests/vm/siw/, see
# selftests/vm/README.md), tested on its own by tb_siw_oob.ko on a siw
# device on veth1 (10.0.0.1).  Sourced by suite_smcr.sh; our module is
# loaded and, with reserve_mode, holds port 65500 that one check uses.

part_siw_oob() {
	local dir t0 line name n=0

	dir=$TOP/build/vm/siw/$(uname -r)
	if [ ! -f "$dir/siw.ko" ] || [ ! -f "$dir/tb_siw_oob.ko" ]; then
		skip "siw OOB stand-in" "no test-bed siw.ko/tb_siw_oob.ko in $dir (selftests/vm/siw/build-siw.sh)"
		return 0
	fi
	# the patches are per kernel series (siw/6.12/, siw/6.1/)
	if ! modinfo -F parm "$dir/siw.ko" | grep -q '^oob_timeout_ms:'; then
		skip "siw OOB stand-in" "the test-bed siw.ko of $(uname -r) has no OOB patch"
		return 0
	fi
	modprobe -q libcrc32c
	modprobe -q ib_uverbs
	if ! insmod "$dir/siw.ko" oob_timeout_ms=2000; then
		fail "siw OOB: insmod siw.ko oob_timeout_ms=2000"
		return 0
	fi
	if ! rdma link add siwoob type siw netdev veth1; then
		fail "siw OOB: rdma link add siwoob type siw netdev veth1"
		rmmod siw
		return 0
	fi
	t0=$(dmesg | wc -l)
	check "siw OOB: tb_siw_oob.ko loads (every check passed)" \
		insmod "$dir/tb_siw_oob.ko" dev=siwoob ip=10.0.0.1
	while read -r line; do
		name=${line#*tb_siw_oob: }
		case $name in
		"PASS "*) pass "siw OOB: ${name#PASS }"; n=$((n + 1)) ;;
		"FAIL "*) fail "siw OOB: ${name#FAIL }"; n=$((n + 1)) ;;
		esac
	done < <(dmesg | tail -n +"$((t0 + 1))" | grep 'tb_siw_oob: ')
	check "siw OOB: 38 checks reported" test "$n" -eq 38
	rmmod tb_siw_oob 2>/dev/null
	rdma link delete siwoob
	check "siw OOB: siw unloads" rmmod siw
}
