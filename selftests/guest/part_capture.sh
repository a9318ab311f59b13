# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# part_capture: the kernel's capture mirror (net/smc/smc_dump.c) seen
# through smcdump-ex, tcpdump, tshark and our dissector smc_dump.lua.
# smcdump-ex captures a fresh link group's first SMC-R connection (veth1
# 10.0.0.1 -> veth2 10.0.0.2): the client sends CAP_BEFORE bytes, an
# urgent byte and CAP_AFTER bytes and closes its side, the server answers
# CAP_REPLY bytes and closes.  Both ends are in this namespace, so every
# message is in the capture twice: sent by one end, received by the other.
# Then smcr capture on two dummy devices: one capture per namespace,
# deleting the device or unloading the module ends it.
# Sourced by suite_smcr.sh (reload_smc gives a fresh link group).  The
# connection stays inside one RMBE (64 KiB by default), so the final
# producer cursors are byte counts.

CAP_PORT=5170
CAP_BEFORE=20000
CAP_AFTER=10000
CAP_REPLY=5000

# cap_fields PCAP: one line per record, in capture order:
# seq,dir,event,lport,pport,llc.type,cdc.token,cdc.seq,prod.wrap,
# prod.count,len,urg
cap_fields() {
	tshark -X lua_script:"$TOP/tools/smc-tools/smc_dump.lua" -r "$1" \
		-Y smcdump -T fields -E separator=, -E occurrence=f \
		-e smcdump.seq -e smcdump.dir -e smcdump.event \
		-e smcdump.lport -e smcdump.pport -e smcdump.llc.type \
		-e smcdump.cdc.token -e smcdump.cdc.seq \
		-e smcdump.cdc.prod.wrap -e smcdump.cdc.prod.count \
		-e smcdump.len -e smcdump.flags.urg 2>/dev/null | sed 's/\r$//'
}

# cap_check FIELDS WHAT: the checks of the awk program WHAT on FIELDS
cap_awk() {
	awk -F, -v port=$CAP_PORT -v sent=$((CAP_BEFORE + 1 + CAP_AFTER)) \
		-v reply=$CAP_REPLY "$2" "$1"
}

part_capture() {
	local pcap=/tmp/smc-capture.pcap out dump srv cli dev f t0 t

	out=$TOP/build/vm/capture/$(uname -r)

	for t in tcpdump tshark ip; do
		if ! command -v $t >/dev/null; then
			fail "capture: $t installed (selftests/vm/deps.sh)"
			return 0
		fi
	done
	mkdir -p "$out"
	rm -f "$pcap" "$out"/*
	modprobe -q dummy
	check "capture: reload the module for a fresh link group" reload_smc
	t0=$(date +%s)
	# -Z root: tcpdump keeps the right to write the file it opens late;
	# a background job starts with SIGINT ignored, which a shell cannot
	# trap: env gives smcdump-ex its default back
	PATH=$TOOLS:$PATH env --default-signal=INT,TERM \
		"$TOP/tools/smc-tools/smcdump-ex" \
		--param "-Z root -U -w $pcap" 2>"$out/smcdump-ex.err" &
	dump=$!
	for _ in $(seq 100); do
		grep -q 'listening on' "$out/smcdump-ex.err" && break
		sleep 0.1
	done
	dev=$("$TOOLS/smcr" capture show 2>/dev/null |
	      sed -n 's/^device \([^ ]*\) .*/\1/p')
	check "capture: smcdump-ex attached its device ($dev)" \
		bash -c '[[ $0 == smc-dummy* ]] && ip link show "$0" >/dev/null' "$dev"

	"$TOOLS/smc_run" python3 "$TOP/selftests/guest/capture_xfer.py" \
		server $SRV $CAP_PORT $CAP_REPLY >"$out/server.out" 2>&1 &
	srv=$!
	wait_listen $CAP_PORT
	"$TOOLS/smc_run" python3 "$TOP/selftests/guest/capture_xfer.py" \
		client $SRV $CAP_PORT $CLNT $CAP_BEFORE $CAP_AFTER \
		>"$out/client.out" 2>&1
	cli=$?
	wait $srv
	check "capture: the connection transfers its data" \
		bash -c '[ "$0" = 0 ] && grep -q "client sent $1 got $2" "$3"' \
		"$cli" $((CAP_BEFORE + 1 + CAP_AFTER)) $CAP_REPLY "$out/client.out"
	# the records of the close may trail the sockets' end a little
	sleep 1
	kill -INT $dump
	wait $dump
	check "capture: smcdump-ex ends cleanly on SIGINT" test $? = 0
	check "capture: the device is gone after SIGINT" \
		bash -c '! ip link show "$0" >/dev/null 2>&1' "$dev"
	check "capture: no capture device left attached" \
		bash -c '[ "$("$0" capture show 2>&1)" = "no capture device" ]' \
		"$TOOLS/smcr"
	check "capture: smcdump-ex reports no drops" \
		grep -q 'records mirrored, 0 dropped' "$out/smcdump-ex.err"
	cp "$pcap" "$out/smc.pcap" 2>/dev/null
	cap_fields "$pcap" >"$out/fields.csv"
	f=$out/fields.csv
	echo "# capture: $(wc -l <"$f") records in $(($(date +%s) - t0)) s"

	check "capture: records numbered 0.. without a gap" cap_awk "$f" '
		$1 != NR - 1 { bad = 1 } END { exit bad || NR < 10 }'
	# LLC: the first one is sent (CONFIRM LINK by the server), each sent
	# one is received later with the same type, and both sides sent some
	check "capture: LLC messages sent and received in order" cap_awk "$f" '
		$3 == 1 { n++; if (n == 1 && $2 != 1) bad = 1
			  if ($2 == 1) { tx++; pend[$6]++ }
			  else if (pend[$6]-- <= 0) bad = 1; else rx++ }
		END { exit bad || tx < 2 || rx < 2 }'
	# CDC: every sent message (receiver token, sequence) is received
	# after it, and every received one was sent before; both ends sent
	check "capture: LLC records go from 0.0.0.0 to 0.0.0.0" bash -c '
		n=$(tshark -r "$0" -Y "udp.port == 7620 && ip.src == 0.0.0.0 &&
					ip.dst == 0.0.0.0" 2>/dev/null | wc -l)
		[ "$n" -gt 0 ] && [ "$n" = "$(awk -F, "\$3 == 1" "$1" | wc -l)" ]' \
		"$pcap" "$f"
	check "capture: CDC messages of both ends sent and received in order" \
		cap_awk "$f" '
		$3 == 2 { k = $7 "/" $8
			  if ($2 == 1) { if (k in tx) bad = 1; tx[k] = 1
					 if ($5 == port) c++; else s++ }
			  else { if (!(k in tx) || (k in got)) bad = 1
				 got[k] = 1 } }
		END { for (k in tx) if (!(k in got)) bad = 1
		      exit bad || !c || !s }'
	check "capture: the client's producer cursor ends at the bytes sent" \
		cap_awk "$f" '
		$3 == 2 && $2 == 1 && $5 == port { w = $9; p = $10 }
		END { exit !(w == 0 && p == sent) }'
	check "capture: the server's producer cursor ends at the bytes sent" \
		cap_awk "$f" '
		$3 == 2 && $2 == 1 && $4 == port { w = $9; p = $10 }
		END { exit !(w == 0 && p == reply) }'
	check "capture: the data written adds up, the urgent byte flagged" \
		cap_awk "$f" '
		$3 == 3 && $2 == 1 && $5 == port { n += $11
			if ($12 == 1 || $12 == "True") u++ }
		$3 == 3 && $2 == 1 && $4 == port { r += $11 }
		END { exit !(n == sent && r == reply && u == 1) }'
	check "capture: the data consumed adds up" cap_awk "$f" '
		$3 == 3 && $2 == 2 && $4 == port { n += $11 }
		$3 == 3 && $2 == 2 && $5 == port { r += $11 }
		END { exit !(n == sent && r == reply) }'

	# one capture per namespace; deleting the device ends it (notifier)
	ip link add smc-cap1 type dummy && ip link add smc-cap2 type dummy
	check "capture: smcr capture attach" \
		"$TOOLS/smcr" capture attach smc-cap1 snaplen 64 events cdc
	check "capture: a second device in the namespace is refused" \
		bash -c '! "$0" capture attach smc-cap2 2>/dev/null' "$TOOLS/smcr"
	check "capture: smcr capture show tells the device and settings" \
		bash -c '"$0" capture show |
			 grep -q "^device smc-cap1 snaplen 64 events cdc "' \
		"$TOOLS/smcr"
	ip link del smc-cap1
	check "capture: deleting the device ends the capture" \
		bash -c '[ "$("$0" capture show 2>&1)" = "no capture device" ]' \
		"$TOOLS/smcr"
	# unloading the module ends a capture and lets go of the device
	"$TOOLS/smcr" capture attach smc-cap2 >/dev/null
	check "capture: the module reloads with a capture attached" reload_smc
	check "capture: a fresh module has no capture device" \
		bash -c '[ "$("$0" capture show 2>&1)" = "no capture device" ]' \
		"$TOOLS/smcr"
	check "capture: the device deletes after the module let it go" \
		timeout 20 ip link del smc-cap2
}
