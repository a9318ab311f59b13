-- SPDX-License-Identifier: GPL-2.0
--
-- Wireshark dissector for SMC dump records: the UDP datagrams (port 7620)
-- in which smc.ko mirrors SMC-R LLC messages, CDC messages and data blocks
-- to a capture device (smcdump-ex).  The layout is described in
-- Documentation/networking/smc-dump.rst of the smc.ko tree.
--
-- Runs on Wireshark 4.0 with Lua 5.2 (Debian 12) and on later versions
-- with Lua 5.3/5.4: it uses no bit operators, no integer division and no
-- bit32 library, only arithmetic on numbers below 2^32.
--
-- The CLC handshake on TCP is left to Wireshark's own SMC dissector (its
-- TCP heuristic, enabled by default).
--
-- Use:  tshark -X lua_script:smc_dump.lua -r capture.pcap
-- or install it into Wireshark's plugin folder (make install does).

local PORT = 7620
local MAGIC = 0x534d4448 -- "SMDH"
local HDR_LEN_V1 = 72

local p = Proto("smcdump", "SMC Dump")

-- ---- value strings ----------------------------------------------------

local dir_names = { [1] = "tx", [2] = "rx" }
local event_names = { [1] = "LLC", [2] = "CDC", [3] = "data" }
local mode_names = { [1] = "SMC-R", [2] = "SMC-D" }
local llc_names = {
	[0x01] = "CONFIRM LINK",
	[0x02] = "ADD LINK",
	[0x03] = "ADD LINK CONT",
	[0x04] = "DELETE LINK",
	[0x05] = "REQUEST ADD LINK",
	[0x06] = "CONFIRM RKEY",
	[0x07] = "TEST LINK",
	[0x08] = "CONFIRM RKEY CONT",
	[0x09] = "DELETE RKEY",
}
local del_reasons = {
	[0x00010000] = "lost path",
	[0x00020000] = "operator initiated termination",
	[0x00030000] = "program initiated termination",
	[0x00040000] = "protocol violation",
	[0x00050000] = "no asymmetric link needed",
	[0x00100000] = "unknown link",
	[0x00200000] = "unknown link group",
}
local mtu_names = { [1] = "256", [2] = "512", [3] = "1024", [4] = "2048",
		    [5] = "4096" }

-- ---- fields -------------------------------------------------------------

local F = {
	magic = ProtoField.uint32("smcdump.magic", "Magic", base.HEX),
	version = ProtoField.uint8("smcdump.version", "Version"),
	hdr_len = ProtoField.uint8("smcdump.hdr_len", "Header length"),
	dir = ProtoField.uint8("smcdump.dir", "Direction", base.DEC, dir_names),
	event = ProtoField.uint8("smcdump.event", "Event", base.DEC,
				 event_names),
	mode = ProtoField.uint8("smcdump.mode", "Mode", base.DEC, mode_names),
	flags = ProtoField.uint8("smcdump.flags", "Flags", base.HEX),
	f_trunc = ProtoField.bool("smcdump.flags.trunc", "Payload cut", 8,
				  nil, 0x01),
	f_urg = ProtoField.bool("smcdump.flags.urg", "Urgent byte", 8, nil,
				0x02),
	link_id = ProtoField.uint8("smcdump.link_id", "Link id"),
	msg_type = ProtoField.uint8("smcdump.msg_type", "Message type",
				    base.HEX),
	lgr_id = ProtoField.uint32("smcdump.lgr_id", "Link group id",
				   base.HEX),
	token = ProtoField.uint32("smcdump.token", "Connection token",
				  base.HEX),
	lport = ProtoField.uint16("smcdump.lport", "Local port"),
	pport = ProtoField.uint16("smcdump.pport", "Peer port"),
	laddr = ProtoField.ipv6("smcdump.laddr", "Local address"),
	paddr = ProtoField.ipv6("smcdump.paddr", "Peer address"),
	rmb_off = ProtoField.uint32("smcdump.rmb_off", "RMBE offset"),
	len = ProtoField.uint32("smcdump.len", "Length"),
	seq = ProtoField.uint32("smcdump.seq", "Record number"),
	drops = ProtoField.uint32("smcdump.drops", "Records dropped"),
	caplen = ProtoField.uint32("smcdump.caplen", "Captured length"),
	summary = ProtoField.string("smcdump.msg", "Message"),
	data = ProtoField.bytes("smcdump.data", "Data"),

	-- LLC
	llc_type = ProtoField.uint8("smcdump.llc.type", "LLC type", base.HEX,
				    llc_names),
	llc_version = ProtoField.uint8("smcdump.llc.version", "LLC version"),
	llc_len = ProtoField.uint16("smcdump.llc.len", "LLC length"),
	llc_flags = ProtoField.uint8("smcdump.llc.flags", "LLC flags",
				     base.HEX),
	llc_resp = ProtoField.bool("smcdump.llc.resp", "Response", 8, nil,
				   0x80),
	llc_mac = ProtoField.ether("smcdump.llc.sender_mac", "Sender MAC"),
	llc_gid = ProtoField.ipv6("smcdump.llc.sender_gid", "Sender GID"),
	llc_qpn = ProtoField.uint24("smcdump.llc.qpn", "Sender QP number",
				    base.HEX),
	llc_link_num = ProtoField.uint8("smcdump.llc.link_num", "Link number"),
	llc_link_uid = ProtoField.bytes("smcdump.llc.link_uid", "Link user id"),
	llc_max_links = ProtoField.uint8("smcdump.llc.max_links", "Max links"),
	llc_max_conns = ProtoField.uint8("smcdump.llc.max_conns",
					 "Max connections"),
	llc_no_eyec = ProtoField.uint8("smcdump.llc.no_rmbe_eyec",
				       "No RMBE eyecatcher", base.HEX, nil,
				       0x03),
	llc_rej = ProtoField.bool("smcdump.llc.reject", "Rejected", 8, nil,
				  0x40),
	llc_rej_rsn = ProtoField.uint8("smcdump.llc.reject_reason",
				       "Reject reason", base.DEC, nil, 0x0f),
	llc_mtu = ProtoField.uint8("smcdump.llc.qp_mtu", "QP MTU", base.DEC,
				   mtu_names, 0x0f),
	llc_psn = ProtoField.uint24("smcdump.llc.psn", "Initial PSN", base.HEX),
	llc_direct = ProtoField.bool("smcdump.llc.v2_direct", "Direct", 8,
				     nil, 0x80),
	llc_target_gid = ProtoField.ipv6("smcdump.llc.client_target_gid",
					 "Client target GID"),
	llc_num_rkeys = ProtoField.uint16("smcdump.llc.num_rkeys",
					  "Number of rkeys"),
	llc_rkey = ProtoField.uint32("smcdump.llc.rkey", "rkey", base.HEX),
	llc_rkey_new = ProtoField.uint32("smcdump.llc.rkey_new", "New rkey",
					 base.HEX),
	llc_vaddr = ProtoField.uint64("smcdump.llc.vaddr", "Virtual address",
				      base.HEX),
	llc_rt_link = ProtoField.uint8("smcdump.llc.rtoken_link",
				       "rtoken link id"),
	llc_del_all = ProtoField.bool("smcdump.llc.del_all", "All links", 8,
				      nil, 0x40),
	llc_orderly = ProtoField.bool("smcdump.llc.orderly", "Orderly", 8, nil,
				      0x20),
	llc_reason = ProtoField.uint32("smcdump.llc.reason", "Reason",
				       base.HEX, del_reasons),
	llc_rkey_neg = ProtoField.bool("smcdump.llc.rkey_neg", "Negative", 8,
				       nil, 0x20),
	llc_rkey_retry = ProtoField.bool("smcdump.llc.rkey_retry", "Retry", 8,
					 nil, 0x10),
	llc_user_data = ProtoField.bytes("smcdump.llc.user_data", "User data"),
	llc_gid_cnt = ProtoField.uint8("smcdump.llc.gid_cnt", "GID count"),
	llc_gid_list = ProtoField.ipv6("smcdump.llc.gid", "GID"),
	llc_err_mask = ProtoField.uint8("smcdump.llc.err_mask", "Error mask",
					base.HEX),

	-- CDC
	cdc_seq = ProtoField.uint16("smcdump.cdc.seq", "Sequence number"),
	cdc_token = ProtoField.uint32("smcdump.cdc.token", "Alert token",
				      base.HEX),
	prod_wrap = ProtoField.uint16("smcdump.cdc.prod.wrap",
				      "Producer cursor wrap"),
	prod_count = ProtoField.uint32("smcdump.cdc.prod.count",
				       "Producer cursor count"),
	cons_wrap = ProtoField.uint16("smcdump.cdc.cons.wrap",
				      "Consumer cursor wrap"),
	cons_count = ProtoField.uint32("smcdump.cdc.cons.count",
				       "Consumer cursor count"),
	pflags = ProtoField.uint8("smcdump.cdc.prod_flags", "Producer flags",
				  base.HEX),
	pf_wblk = ProtoField.bool("smcdump.cdc.write_blocked", "Write blocked",
				  8, nil, 0x80),
	pf_urg_pend = ProtoField.bool("smcdump.cdc.urg_pending",
				      "Urgent data pending", 8, nil, 0x40),
	pf_urg_pres = ProtoField.bool("smcdump.cdc.urg_present",
				      "Urgent data present", 8, nil, 0x20),
	pf_cons_req = ProtoField.bool("smcdump.cdc.cons_upd_req",
				      "Consumer cursor update requested", 8,
				      nil, 0x10),
	pf_failover = ProtoField.bool("smcdump.cdc.failover",
				      "Failover validation", 8, nil, 0x08),
	csflags = ProtoField.uint8("smcdump.cdc.conn_state",
				   "Connection state flags", base.HEX),
	cs_done = ProtoField.bool("smcdump.cdc.done_writing",
				  "Peer done writing", 8, nil, 0x80),
	cs_closed = ProtoField.bool("smcdump.cdc.closed", "Peer connection closed",
				    8, nil, 0x40),
	cs_abort = ProtoField.bool("smcdump.cdc.abort", "Peer connection abort",
				   8, nil, 0x20),
}

local flist = {}
for _, f in pairs(F) do
	flist[#flist + 1] = f
end
p.fields = flist

local E = {
	bad = ProtoExpert.new("smcdump.malformed", "Malformed SMC dump record",
			      expert.group.MALFORMED, expert.severity.ERROR),
	drops = ProtoExpert.new("smcdump.dropped", "Records were dropped",
				expert.group.SEQUENCE, expert.severity.WARN),
	cut = ProtoExpert.new("smcdump.cut", "Message cut by the snap length",
			      expert.group.UNDECODED, expert.severity.NOTE),
}
p.experts = { E.bad, E.drops, E.cut }

-- ---- helpers --------------------------------------------------------------

-- bit n (0 = lowest) of v, without bit operators
local function bit(v, n)
	return math.floor(v / 2 ^ n) % 2 == 1
end

-- a ::ffff:a.b.c.d address as a.b.c.d, others as IPv6
local function addr_str(tvb)
	for i = 0, 9 do
		if tvb(i, 1):uint() ~= 0 then
			return tostring(tvb:ipv6())
		end
	end
	if tvb(10, 2):uint() == 0xffff then
		return tostring(tvb(12, 4):ipv4())
	end
	return tostring(tvb:ipv6())
end

-- ---- LLC ------------------------------------------------------------------

local function llc_flags(t, tvb, bits)
	local ft = t:add(F.llc_flags, tvb(3, 1))
	ft:add(F.llc_resp, tvb(3, 1))
	for _, f in ipairs(bits) do
		ft:add(f, tvb(3, 1))
	end
end

local function rt_entry(t, tvb, off, label)
	local s = t:add(tvb(off, 16), label)
	s:add(F.llc_rkey, tvb(off, 4))
	s:add(F.llc_rkey_new, tvb(off + 4, 4))
	s:add(F.llc_vaddr, tvb(off + 8, 8))
end

local function rtoken(t, tvb, off, label)
	local s = t:add(tvb(off, 13), label)
	s:add(F.llc_rt_link, tvb(off, 1))
	s:add(F.llc_rkey, tvb(off + 1, 4))
	s:add(F.llc_vaddr, tvb(off + 5, 8))
end

-- @full: the message is all there (not cut); @len: its length
local function dissect_llc(tvb, pinfo, tree, full, len)
	local n = tvb:len()
	local t = tree:add(tvb(0, n), "LLC message")
	if n < 4 then
		t:add_proto_expert_info(E.cut)
		return "LLC (cut)"
	end
	local tb = tvb(0, 1):uint()
	local ver = math.floor(tb / 16)
	local typ = tb % 16
	local v2 = ver == 2
	local flags = tvb(3, 1):uint()
	local resp = bit(flags, 7)
	t:add(F.llc_type, tvb(0, 1), typ)
	t:add(F.llc_version, tvb(0, 1), ver)
	local mlen
	if v2 then
		-- the v2 length is in the sender's byte order: the one that
		-- gives the record's length is right
		local be, le = tvb(1, 2):uint(), tvb(1, 2):le_uint()
		mlen = (le == len and le) or be
		t:add(F.llc_len, tvb(1, 2), mlen)
	else
		mlen = tvb(1, 1):uint()
		t:add(F.llc_len, tvb(1, 1), mlen)
	end
	local name = (llc_names[typ] or string.format("type 0x%02x", typ)) ..
		     (v2 and " v2" or "") .. (resp and " response" or " request")
	t:append_text(": " .. name)
	if not full then
		t:add_proto_expert_info(E.cut)
	end

	local function need(k)
		return n >= k
	end

	if typ == 0x01 and need(44) then		-- CONFIRM LINK
		llc_flags(t, tvb, { F.llc_no_eyec })
		t:add(F.llc_mac, tvb(4, 6))
		t:add(F.llc_gid, tvb(10, 16))
		t:add(F.llc_qpn, tvb(26, 3))
		t:add(F.llc_link_num, tvb(29, 1))
		t:add(F.llc_link_uid, tvb(30, 4))
		t:add(F.llc_max_links, tvb(34, 1))
		t:add(F.llc_max_conns, tvb(35, 1))
	elseif typ == 0x02 and need(44) then		-- ADD LINK
		llc_flags(t, tvb, { F.llc_rej })
		if not v2 then
			t:add(F.llc_rej_rsn, tvb(2, 1))
		end
		t:add(F.llc_mac, tvb(4, 6))
		t:add(F.llc_gid, tvb(12, 16))
		t:add(F.llc_qpn, tvb(28, 3))
		t:add(F.llc_link_num, tvb(31, 1))
		t:add(F.llc_mtu, tvb(32, 1))
		t:add(F.llc_psn, tvb(33, 3))
		if v2 and need(72) then
			local x = t:add(tvb(44, 28), "ADD LINK v2 extension")
			x:add(F.llc_direct, tvb(44, 1))
			x:add(F.llc_target_gid, tvb(46, 16))
			-- the count is in the byte order of the length
			local be = tvb(1, 2):uint() == mlen
			local cnt = be and tvb(70, 2):uint() or tvb(70, 2):le_uint()
			x:add(F.llc_num_rkeys, tvb(70, 2), cnt)
			for i = 0, cnt - 1 do
				local off = 72 + 16 * i
				if not need(off + 16) then
					break
				end
				rt_entry(x, tvb, off, "rkey " .. i)
			end
		end
	elseif typ == 0x03 and need(44) then		-- ADD LINK CONT
		llc_flags(t, tvb, {})
		t:add(F.llc_link_num, tvb(4, 1))
		local cnt = tvb(5, 1):uint()
		t:add(F.llc_num_rkeys, tvb(5, 1))
		for i = 0, math.min(cnt, 2) - 1 do
			rt_entry(t, tvb, 8 + 16 * i, "rkey " .. i)
		end
	elseif typ == 0x04 and need(44) then		-- DELETE LINK
		llc_flags(t, tvb, { F.llc_del_all, F.llc_orderly })
		t:add(F.llc_link_num, tvb(4, 1))
		t:add(F.llc_reason, tvb(5, 4))
	elseif typ == 0x05 and need(28) then		-- REQUEST ADD LINK
		llc_flags(t, tvb, {})
		local cnt = tvb(24, 1):uint()
		t:add(F.llc_gid_cnt, tvb(24, 1))
		for i = 0, cnt - 1 do
			if not need(28 + 16 * (i + 1)) then
				break
			end
			t:add(F.llc_gid_list, tvb(28 + 16 * i, 16))
		end
	elseif typ == 0x06 and need(44) then		-- CONFIRM RKEY
		llc_flags(t, tvb, { F.llc_rkey_neg, F.llc_rkey_retry })
		local cnt = tvb(4, 1):uint()
		t:add(F.llc_num_rkeys, tvb(4, 1))
		local s = t:add(tvb(4, 13), "rtoken of the receiving link")
		s:add(F.llc_rkey, tvb(5, 4))
		s:add(F.llc_vaddr, tvb(9, 8))
		local carried = v2 and not resp and cnt or math.min(cnt, 2)
		for i = 1, carried do
			local off = 4 + 13 * i
			if not need(off + 13) then
				break
			end
			rtoken(t, tvb, off, "rtoken " .. i)
		end
	elseif typ == 0x07 and need(44) then		-- TEST LINK
		llc_flags(t, tvb, {})
		t:add(F.llc_user_data, tvb(4, 16))
	elseif typ == 0x08 and need(44) then		-- CONFIRM RKEY CONT
		llc_flags(t, tvb, { F.llc_rkey_neg })
		local cnt = tvb(4, 1):uint()
		t:add(F.llc_num_rkeys, tvb(4, 1))
		for i = 0, math.min(cnt, 3) - 1 do
			rtoken(t, tvb, 5 + 13 * i, "rtoken " .. i)
		end
	elseif typ == 0x09 and need(44) then		-- DELETE RKEY
		llc_flags(t, tvb, { F.llc_rkey_neg })
		local cnt = tvb(4, 1):uint()
		t:add(F.llc_num_rkeys, tvb(4, 1))
		t:add(F.llc_err_mask, tvb(5, 1))
		local max = v2 and (resp and 9 or cnt) or 8
		for i = 0, math.min(cnt, max) - 1 do
			if not need(8 + 4 * (i + 1)) then
				break
			end
			t:add(F.llc_rkey, tvb(8 + 4 * i, 4))
		end
	elseif full then
		t:add_proto_expert_info(E.bad, "unknown or short LLC message")
	end
	return "LLC " .. name
end

-- ---- CDC ------------------------------------------------------------------

local function dissect_cdc(tvb, pinfo, tree)
	local n = tvb:len()
	local t = tree:add(tvb(0, n), "CDC message")
	if n < 28 then
		t:add_proto_expert_info(E.cut)
		return "CDC (cut)"
	end
	t:add(F.cdc_seq, tvb(2, 2))
	t:add(F.cdc_token, tvb(4, 4))
	local pw, pc = tvb(10, 2):uint(), tvb(12, 4):uint()
	local cw, cc = tvb(18, 2):uint(), tvb(20, 4):uint()
	local pt = t:add(tvb(8, 8), string.format(
		"Producer cursor: wrap %d, count %d", pw, pc))
	pt:add(F.prod_wrap, tvb(10, 2))
	pt:add(F.prod_count, tvb(12, 4))
	local ct = t:add(tvb(16, 8), string.format(
		"Consumer cursor: wrap %d, count %d", cw, cc))
	ct:add(F.cons_wrap, tvb(18, 2))
	ct:add(F.cons_count, tvb(20, 4))
	local pf = t:add(F.pflags, tvb(24, 1))
	pf:add(F.pf_wblk, tvb(24, 1))
	pf:add(F.pf_urg_pend, tvb(24, 1))
	pf:add(F.pf_urg_pres, tvb(24, 1))
	pf:add(F.pf_cons_req, tvb(24, 1))
	pf:add(F.pf_failover, tvb(24, 1))
	local cs = t:add(F.csflags, tvb(25, 1))
	cs:add(F.cs_done, tvb(25, 1))
	cs:add(F.cs_closed, tvb(25, 1))
	cs:add(F.cs_abort, tvb(25, 1))

	local words = {}
	local p8, c8 = tvb(24, 1):uint(), tvb(25, 1):uint()
	if bit(p8, 6) then words[#words + 1] = "URG pending" end
	if bit(p8, 5) then words[#words + 1] = "URG present" end
	if bit(p8, 7) then words[#words + 1] = "write blocked" end
	if bit(c8, 7) then words[#words + 1] = "done writing" end
	if bit(c8, 6) then words[#words + 1] = "closed" end
	if bit(c8, 5) then words[#words + 1] = "abort" end
	local s = string.format("CDC seq %d prod %d:%d cons %d:%d",
				tvb(2, 2):uint(), pw, pc, cw, cc)
	if #words > 0 then
		s = s .. " [" .. table.concat(words, ", ") .. "]"
	end
	return s
end

-- ---- the record -------------------------------------------------------------

local function is_record(tvb)
	return tvb:len() >= HDR_LEN_V1 and tvb(0, 4):uint() == MAGIC and
	       tvb(4, 1):uint() >= 1 and tvb(5, 1):uint() >= HDR_LEN_V1 and
	       tvb(5, 1):uint() <= tvb:len()
end

function p.dissector(tvb, pinfo, tree)
	if not is_record(tvb) then
		return 0
	end
	pinfo.cols.protocol = "SMC-DUMP"
	local hl = tvb(5, 1):uint()
	local dir = tvb(6, 1):uint()
	local ev = tvb(7, 1):uint()
	local len = tvb(60, 4):uint()
	local cap = tvb:len() - hl
	local t = tree:add(p, tvb(), "SMC Dump")
	local h = t:add(tvb(0, hl), "Header")
	h:add(F.magic, tvb(0, 4))
	h:add(F.version, tvb(4, 1))
	h:add(F.hdr_len, tvb(5, 1))
	h:add(F.dir, tvb(6, 1))
	h:add(F.event, tvb(7, 1))
	h:add(F.mode, tvb(8, 1))
	local ft = h:add(F.flags, tvb(9, 1))
	ft:add(F.f_trunc, tvb(9, 1))
	ft:add(F.f_urg, tvb(9, 1))
	h:add(F.link_id, tvb(10, 1))
	h:add(F.msg_type, tvb(11, 1))
	h:add(F.lgr_id, tvb(12, 4))
	h:add(F.token, tvb(16, 4))
	h:add(F.lport, tvb(20, 2))
	h:add(F.pport, tvb(22, 2))
	h:add(F.laddr, tvb(24, 16))
	h:add(F.paddr, tvb(40, 16))
	h:add(F.rmb_off, tvb(56, 4))
	h:add(F.len, tvb(60, 4))
	h:add(F.seq, tvb(64, 4))
	local dt = h:add(F.drops, tvb(68, 4))
	if tvb(68, 4):uint() > 0 then
		dt:add_proto_expert_info(E.drops)
	end
	h:add(F.caplen, cap):set_generated()

	local trunc = bit(tvb(9, 1):uint(), 0)
	if cap > len or trunc ~= (cap < len) then
		h:add_proto_expert_info(E.bad,
			"captured length does not fit length and TRUNC flag")
	end

	local dname = dir_names[dir] or "?"
	local who = ""
	if ev ~= 1 then
		who = string.format("%s:%d %s %s:%d ",
			addr_str(tvb(24, 16)), tvb(20, 2):uint(),
			dir == 1 and "->" or "<-",
			addr_str(tvb(40, 16)), tvb(22, 2):uint())
	else
		who = string.format("lgr %08x link %d ", tvb(12, 4):uint(),
				    tvb(10, 1):uint())
	end

	local payload = cap > 0 and tvb(hl, cap) or nil
	local summary
	if ev == 1 and payload then
		summary = dissect_llc(payload:tvb(), pinfo, t, not trunc, len)
	elseif ev == 2 and payload then
		summary = dissect_cdc(payload:tvb(), pinfo, t)
	elseif ev == 3 then
		summary = string.format("data %d bytes at RMBE offset %d",
					len, tvb(56, 4):uint())
		if bit(tvb(9, 1):uint(), 1) then
			summary = summary .. " (urgent)"
		end
		if payload then
			t:add(F.data, payload)
		end
	else
		summary = (event_names[ev] or "unknown event") .. " (no payload)"
		if not event_names[ev] then
			h:add_proto_expert_info(E.bad, "unknown event")
		end
	end
	if trunc then
		summary = summary .. string.format(" [cut to %d of %d]", cap, len)
	end
	t:add(F.summary, summary):set_generated()
	t:append_text(", " .. dname .. " " .. summary)
	pinfo.cols.info = dname .. " " .. who .. summary
	return tvb:len()
end

local function heuristic(tvb, pinfo, tree)
	if not is_record(tvb) then
		return false
	end
	p.dissector(tvb, pinfo, tree)
	return true
end

DissectorTable.get("udp.port"):add(PORT, p)
p:register_heuristic("udp", heuristic)
