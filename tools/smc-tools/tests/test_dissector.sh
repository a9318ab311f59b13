#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Wireshark dissector smc_dump.lua in Debian's tshark, on capture files
# that gen_dump_pcap writes with the module's own encoders: every frame of
# the scenario decoded in order (Wireshark's SMC dissector for the CLC
# handshake, ours for LLC, CDC and data records), the fields of each LLC
# type, cursors that add up to the bytes written, the heuristic on another
# port, and records cut to snap lengths or malformed without a Lua error.
#
#   test_dissector.sh GEN_DUMP_PCAP [LUA_SCRIPT]
#
# Fails (does not skip) when tshark is missing: selftests/vm/deps.sh
# installs it.

gen=$1
lua=${2:-$(dirname "$0")/../smc_dump.lua}
. "$(dirname "$0")/cli_lib.sh"

if ! command -v tshark >/dev/null; then
	not_ok "tshark installed (apt-get install tshark)"
	echo "dissector: $pass passed, $fail failed"
	exit 1
fi
ver=$(tshark -v 2>/dev/null | head -n1 | sed -n 's/.*(Wireshark) \([0-9.]*\).*/\1/p')
luaver=$(tshark -v 2>/dev/null | tr '\n' ' ' | grep -o 'with Lua [0-9.]*' |
	 sed 's/with //')
echo "# tshark $ver, $luaver"

ts() {	# ts FILE ARGS...: tshark with our dissector, stderr apart
	local f=$1
	shift
	tshark -X lua_script:"$lua" -r "$f" "$@" 2>"$tmp/ts.err" |
		sed 's/\r$//'
}

"$gen" "$tmp/f.pcap" && "$gen" "$tmp/h.pcap" 9999 &&
	"$gen" "$tmp/cut.pcap" 7620 cut
rc=$?
if [ $rc -eq 0 ]; then ok "gen_dump_pcap: capture files"; else not_ok "gen_dump_pcap (exit $rc)"; fi

# -- every frame in order ------------------------------------------------------
# (as Documentation/networking/smc-dump.rst shows it)
tshark -X lua_script:"$lua" -r "$tmp/f.pcap" -T fields -E "separator=|" \
	-e frame.number -e smc.clc_msg -e smcdump.dir -e smcdump.msg \
	2>"$tmp/ts.err" > "$tmp/out"
cat > "$tmp/want" <<'EOF'
1|1||
2|2||
3|3||
4||2|LLC CONFIRM LINK request
5||1|LLC CONFIRM LINK response
6||2|LLC ADD LINK request
7||1|LLC ADD LINK response
8||2|LLC ADD LINK CONT request
9||1|LLC CONFIRM RKEY request
10||2|LLC CONFIRM RKEY response
11||1|LLC CONFIRM RKEY CONT request
12||2|LLC TEST LINK request
13||1|LLC TEST LINK response
14||1|LLC DELETE RKEY request
15||2|LLC DELETE RKEY response
16||1|LLC REQUEST ADD LINK v2 request
17||2|LLC ADD LINK v2 request
18||2|LLC CONFIRM LINK v2 request
19||1|LLC DELETE RKEY v2 request
20||1|data 600 bytes at RMBE offset 0 [cut to 64 of 600]
21||1|CDC seq 1 prod 0:600 cons 0:0
22||2|CDC seq 1 prod 0:0 cons 0:600
23||1|data 400 bytes at RMBE offset 600 [cut to 64 of 400]
24||1|data 200 bytes at RMBE offset 0 [cut to 64 of 200]
25||1|CDC seq 2 prod 1:200 cons 0:0
26||1|data 1 bytes at RMBE offset 200 (urgent)
27||1|CDC seq 3 prod 1:201 cons 0:0 [URG pending, URG present]
28||2|CDC seq 2 prod 0:10 cons 1:201
29||2|data 10 bytes at RMBE offset 0
30||1|CDC seq 4 prod 1:201 cons 0:10 [done writing, closed]
31||2|CDC seq 3 prod 0:10 cons 1:201 [done writing, closed]
32||1|LLC DELETE LINK request
33||2|LLC DELETE LINK response
EOF
if diff -u "$tmp/want" "$tmp/out" > "$tmp/err"; then
	ok "dissector: CLC by Wireshark's SMC dissector, every LLC and CDC record in order"
else
	not_ok "dissector: CLC by Wireshark's SMC dissector, every LLC and CDC record in order"
fi
if grep -qi 'lua' "$tmp/ts.err"; then
	cp "$tmp/ts.err" "$tmp/err"
	not_ok "dissector: loads without a Lua error"
else
	ok "dissector: loads without a Lua error"
fi

# field FRAME FIELD EXPECTED NAME: one field of one frame
field() {
	ts "$tmp/f.pcap" -Y "frame.number == $1" -T fields -e "$2" > "$tmp/out"
	echo "$3" > "$tmp/want"
	if diff -u "$tmp/want" "$tmp/out" > "$tmp/err"; then
		ok "dissector: $4"
	else
		not_ok "dissector: $4"
	fi
}

field 4 smcdump.llc.qpn 0x000123 "CONFIRM LINK sender QP number"
field 18 smcdump.llc.max_conns 255 "CONFIRM LINK v2 max connections"
field 6 smcdump.llc.psn 0x000777 "ADD LINK initial PSN"
field 6 smcdump.llc.qp_mtu 3 "ADD LINK QP MTU"
field 8 smcdump.llc.rkey_new 0x00002000,0x00002001 "ADD LINK CONT rkeys"
field 9 smcdump.llc.rkey 0x00001002,0x00002000,0x00003000 "CONFIRM RKEY rtokens"
field 11 smcdump.llc.rtoken_link 2,3,2 "CONFIRM RKEY CONT rtokens"
field 12 smcdump.llc.user_data 736d6364756d702d746573746c696e6b "TEST LINK user data"
field 15 smcdump.llc.err_mask 0x40 "DELETE RKEY response error mask"
field 16 smcdump.llc.gid fe80::,fe80:100:: "REQUEST ADD LINK v2 GID list"
field 17 smcdump.llc.rkey_new 0x00002000,0x00002001 "ADD LINK v2 extension rkeys"
field 17 smcdump.llc.v2_direct 1 "ADD LINK v2 extension direct flag"
field 19 smcdump.llc.rkey 0x00001000 "DELETE RKEY v2 rkey"
field 32 smcdump.llc.reason 0x00030000 "DELETE LINK reason"
field 32 smcdump.llc.del_all 1 "DELETE LINK all links"
field 21 smcdump.cdc.token 0x00000022 "CDC token of the receiver"
field 26 smcdump.flags.urg 1 "urgent data record"
field 20 smcdump.laddr ::ffff:10.0.0.1 "connection address in the header"

# -- cursors against data ---------------------------------------------------
# the peer's RMBE has 1000 bytes: the producer cursor of the last tx CDC
# message is the bytes written, the consumer cursor of the last rx one what
# the peer consumed, and both must be the sum of the tx data records
ts "$tmp/f.pcap" -Y 'smcdump.dir == 1' -T fields -e smcdump.event -e smcdump.len \
	-e smcdump.cdc.prod.wrap -e smcdump.cdc.prod.count > "$tmp/tx"
ts "$tmp/f.pcap" -Y 'smcdump.dir == 2 && smcdump.event == 2' -T fields \
	-e smcdump.cdc.cons.wrap -e smcdump.cdc.cons.count > "$tmp/rx"
written=$(awk '$1 == 3 { s += $2 } END { print s + 0 }' "$tmp/tx")
prod=$(awk '$1 == 2 { p = $3 * 1000 + $4 } END { print p + 0 }' "$tmp/tx")
cons=$(awk '{ c = $1 * 1000 + $2 } END { print c + 0 }' "$tmp/rx")
echo "written $written, producer cursor $prod, peer's consumer cursor $cons" > "$tmp/out"
if [ "$written" = 1201 ] && [ "$prod" = 1201 ] && [ "$cons" = 1201 ]; then
	ok "dissector: cursors add up to the bytes written (1201)"
else
	not_ok "dissector: cursors add up to the bytes written (1201)"
fi

# -- heuristic: the same records on another port --------------------------------
ts "$tmp/f.pcap" -T fields -e smcdump.msg > "$tmp/p7620"
ts "$tmp/h.pcap" -T fields -e udp.port -e smcdump.msg > "$tmp/p9999"
if grep -q '^9999,9999' "$tmp/p9999" &&
   diff <(cut -f2 "$tmp/p9999") "$tmp/p7620" > "$tmp/err"; then
	ok "dissector: heuristic finds the records on another UDP port"
else
	not_ok "dissector: heuristic finds the records on another UDP port"
fi

# -- cut and malformed records ---------------------------------------------------
records=$(grep -c . <(ts "$tmp/f.pcap" -Y smcdump -T fields -e frame.number))
ts "$tmp/cut.pcap" -V > "$tmp/out"
if ! grep -q 'Lua Error' "$tmp/out" && ! grep -qi 'lua' "$tmp/ts.err"; then
	ok "dissector: records cut at 0..71 bytes decode without a Lua error"
else
	not_ok "dissector: records cut at 0..71 bytes decode without a Lua error"
fi
bad=$(grep -c . <(ts "$tmp/cut.pcap" -Y smcdump.malformed -T fields -e frame.number))
cut=$(grep -c . <(ts "$tmp/cut.pcap" -Y 'smcdump.flags.trunc == 1 && !smcdump.malformed' \
	-T fields -e frame.number))
echo "records $records, malformed $bad, cut $cut" > "$tmp/out"
# one malformed copy per record; 144 cuts of the scenario, plus the 3 cut
# data records with their 3 (x3 for the copies) that stay cut
if [ "$bad" = "$records" ] && [ "$cut" -gt 100 ]; then
	ok "dissector: exactly the malformed records are marked ($bad)"
else
	not_ok "dissector: exactly the malformed records are marked"
fi

echo "dissector: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
