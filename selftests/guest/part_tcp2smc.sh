# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Part of suite_smcr.sh (sourced; uses its helpers and $CLNT $SRV $TESTS
# $TOOLS): net.smc.tcp2smc and IPPROTO_SMC.  A statically linked program
# that asks for plain AF_INET stream sockets (tcp_static_echo) gets SMC-R
# with tcp2smc=1 and TCP with 0; another namespace keeps its own setting;
# the kernel's own sockets (our CLC sockets) stay TCP, and so do those that
# kernel code makes with sock_create() in the current task (tb_ksock.ko,
# as nvmet-tcp or siw do); io_uring's socket operation is a user request.
# Documentation/networking/smc-tcp2smc.rst describes the mechanism.

T2S_DIR=/tmp/tcp2smc
T2S_NS=tcp2smc_ns2
T2S_BYTES=262144
# selftests/vm/synsmc/build.sh builds it
T2S_KSOCK=$TOP/build/vm/synsmc/$(uname -r)/tb_ksock.ko

# t2s_pair NS SRV-ADDR CLNT-ADDR PORT [OPTION...]: one echo pair, the server
# on SRV-ADDR:PORT, the client bound to CLNT-ADDR, in namespace NS ("" for
# the suite's own).  While the client holds the verified connection open,
# smcss -a and ss -Htn of that namespace are kept in $T2S_SMCSS and $T2S_SS
# (the lines of PORT only); what the programs printed is in $T2S_OUT, and
# $T2S_RC is 0 when both ends succeeded.
t2s_pair() {
	local ns=$1 srv=$2 clnt=$3 port=$4 pfx=() spid cpid rc i
	shift 4

	[ -n "$ns" ] && pfx=(ip netns exec "$ns")
	rm -rf "$T2S_DIR" && mkdir -p "$T2S_DIR"
	T2S_SMCSS='' T2S_SS='' T2S_OUT='' T2S_RC=1
	"${pfx[@]}" "$TESTS/tcp_static_echo" server "$srv" "$port" \
		--bytes $T2S_BYTES --ready "$T2S_DIR/listening" "$@" \
		>"$T2S_DIR/server.out" 2>&1 &
	spid=$!
	for ((i = 0; i < 300; i++)); do
		[ -e "$T2S_DIR/listening" ] || ! kill -0 $spid 2>/dev/null &&
			break
		sleep 0.1
	done
	if [ ! -e "$T2S_DIR/listening" ]; then
		kill $spid 2>/dev/null
		wait $spid 2>/dev/null
		T2S_OUT=$(cat "$T2S_DIR/server.out")
		echo "$T2S_OUT" | sed 's/^/# tcp_static_echo: /'
		return 1
	fi
	"${pfx[@]}" "$TESTS/tcp_static_echo" client "$srv" "$port" \
		--bind "$clnt" --bytes $T2S_BYTES --ready "$T2S_DIR/up" \
		--hold "$T2S_DIR/go" "$@" >"$T2S_DIR/client.out" 2>&1 &
	cpid=$!
	if wait_for "$T2S_DIR/up" 60; then
		T2S_SMCSS=$("${pfx[@]}" "$TOOLS/smcss" -a 2>&1 | grep ":$port ")
		T2S_SS=$("${pfx[@]}" ss -Htn 2>&1 | grep -E ":$port( |$)")
	fi
	: >"$T2S_DIR/go"
	wait $cpid
	rc=$?
	# the server ends once it has seen the client close; one still
	# waiting after 30 s (the client never connected) is ended here
	for ((i = 0; i < 300; i++)); do
		kill -0 $spid 2>/dev/null || break
		sleep 0.1
	done
	kill $spid 2>/dev/null
	wait $spid && [ $rc = 0 ] && T2S_RC=0
	T2S_OUT=$(cat "$T2S_DIR/server.out" "$T2S_DIR/client.out")
	echo "$T2S_OUT" | sed 's/^/# tcp_static_echo: /'
	echo "${T2S_SMCSS:-(nothing)}" | sed 's/^/# smcss -a: /'
	echo "${T2S_SS:-(nothing)}" | sed 's/^/# ss -tn: /'
	return $T2S_RC
}

# t2s_count TEXT: its number of non-empty lines
t2s_count() { grep -c . <<<"$1"; }

# t2s_domain PYTHON-ARGS: "SO_DOMAIN SO_PROTOCOL" of a fresh socket made by
# a (dynamically linked, unmodified) python3 with socket.socket(ARGS)
t2s_domain() {
	python3 -c "import socket as s; k = s.socket($1); print(k.getsockopt(s.SOL_SOCKET, s.SO_DOMAIN), k.getsockopt(s.SOL_SOCKET, s.SO_PROTOCOL))" 2>&1
}

# t2s_ksock WHAT: loading tb_ksock.ko, which makes TCP sockets with
# sock_create() (kern == 0, this namespace) and fails unless they are TCP
t2s_ksock() {
	if [ ! -f "$T2S_KSOCK" ]; then
		skip "$1: a kernel user of sock_create() gets TCP" \
			"no $T2S_KSOCK: run selftests/vm/synsmc/build.sh"
		return 0
	fi
	check "$1: a kernel user of sock_create() gets TCP (tb_ksock.ko)" \
		insmod "$T2S_KSOCK"
	rmmod tb_ksock 2>/dev/null
	dmesg | grep "tb_ksock:" | tail -n 2 | sed 's/^/# dmesg: /'
}

# t2s_uring WHAT EXPECTED ARGS...: a socket made by io_uring's
# IORING_OP_SOCKET prints EXPECTED ("domain D protocol P")
t2s_uring() {
	local what=$1 want=$2 out rc
	shift 2
	out=$("$TESTS/uring_socket" "$@" 2>&1)
	rc=$?
	if [ $rc = 4 ]; then
		skip "$what" "$out"
		return 0
	fi
	check "$what ($out)" test $rc = 0 -a "$out" = "$want"
}

part_tcp2smc() {
	local t2s_port=5300 prog=$TESTS/tcp_static_echo what smcr_re out

	if [ ! -x "$prog" ]; then
		skip "tcp2smc" "$prog not built (make -C selftests/smc)"
		return 0
	fi
	if [ ! -e /proc/sys/net/smc/tcp2smc ]; then
		fail "tcp2smc: net.smc.tcp2smc exists"
		return 0
	fi
	check "tcp2smc: net.smc.tcp2smc is 0 by default" \
		test "$(sysctl -n net.smc.tcp2smc)" = 0
	if command -v file >/dev/null; then
		what=$(file -L "$prog")
		echo "# file: $what"
		check "tcp2smc: tcp_static_echo is statically linked (file)" \
			grep -q "statically linked" <<<"$what"
	else
		check "tcp2smc: tcp_static_echo is statically linked (no ELF interpreter)" \
			bash -c '! readelf -l "$1" | grep -q INTERP' _ "$prog"
	fi
	dmesg | grep "smc: tcp2smc" | sed 's/^/# dmesg: /'

	# tcp2smc=1: SMC-R between the two Soft-RoCE devices
	sysctl -qw net.smc.tcp2smc=1
	t2s_pair "" "$SRV" "$CLNT" $t2s_port
	check "tcp2smc=1: the static echo pair succeeds" test $? = 0
	smcr_re="$CLNT:[0-9]+ +$SRV:$t2s_port .*SMCR"
	check "tcp2smc=1: smcss shows the client's connection as SMCR" \
		grep -qE "$smcr_re" <<<"$T2S_SMCSS"
	check "tcp2smc=1: smcss shows the server's connection as SMCR" \
		grep -qE "$SRV:$t2s_port +$CLNT:[0-9]+ .*SMCR" <<<"$T2S_SMCSS"
	check "tcp2smc=1: both programs hold AF_SMC sockets (SO_DOMAIN 43)" \
		test "$(grep -c "domain 43 protocol 0" <<<"$T2S_OUT")" = 2
	# the two AF_SMC sockets the programs hold, and under them two TCP
	# sockets (the CLC sockets, made by the kernel): none of those became
	# an SMC socket in turn
	check "tcp2smc=1: exactly the programs' 2 sockets are AF_SMC" \
		test "$(t2s_count "$T2S_SMCSS")" = 2
	check "tcp2smc=1: the CLC sockets under them are TCP (2 in ss -t)" \
		test "$(t2s_count "$T2S_SS")" = 2

	out=$(t2s_domain "s.AF_INET6, s.SOCK_STREAM")
	check "tcp2smc=1: an AF_INET6 stream socket is AF_SMC, SMCPROTO_SMC6 ($out)" \
		test "$out" = "43 1"
	out=$(t2s_domain "s.AF_INET, s.SOCK_STREAM, s.IPPROTO_TCP")
	check "tcp2smc=1: AF_INET with IPPROTO_TCP is AF_SMC too ($out)" \
		test "$out" = "43 0"
	out=$(t2s_domain "s.AF_INET, s.SOCK_DGRAM")
	check "tcp2smc=1: a UDP socket stays AF_INET ($out)" test "$out" = "2 17"
	t2s_ksock "tcp2smc=1"
	t2s_uring "tcp2smc=1: io_uring's IORING_OP_SOCKET gives AF_SMC" \
		"domain 43 protocol 0"
	t2s_uring "tcp2smc=1: the same from an io_uring worker (IOSQE_ASYNC)" \
		"domain 43 protocol 0" --async
	t2s_uring "tcp2smc=1: io_uring, AF_INET6: AF_SMC, SMCPROTO_SMC6" \
		"domain 43 protocol 1" --ipv6

	# tcp2smc=0: new sockets are TCP again
	sysctl -qw net.smc.tcp2smc=0
	t2s_port=5301
	t2s_pair "" "$SRV" "$CLNT" $t2s_port
	check "tcp2smc=0: the static echo pair succeeds" test $? = 0
	check "tcp2smc=0: smcss shows nothing of the connection" \
		test -z "$T2S_SMCSS"
	check "tcp2smc=0: ss -t shows both of its ends" \
		test "$(t2s_count "$T2S_SS")" = 2
	check "tcp2smc=0: both programs hold AF_INET TCP sockets" \
		test "$(grep -c "domain 2 protocol 6" <<<"$T2S_OUT")" = 2
	t2s_uring "tcp2smc=0: io_uring's IORING_OP_SOCKET gives TCP" \
		"domain 2 protocol 6"

	# another namespace: its own setting, starting at 0
	ip netns del $T2S_NS 2>/dev/null
	if ip netns add $T2S_NS && ip -n $T2S_NS link set lo up; then
		check "tcp2smc: a new namespace starts with tcp2smc=0" \
			test "$(ip netns exec $T2S_NS sysctl -n net.smc.tcp2smc)" = 0
		sysctl -qw net.smc.tcp2smc=1
		t2s_port=5302
		t2s_pair $T2S_NS 127.0.0.1 127.0.0.1 $t2s_port
		check "tcp2smc=1 here, 0 there: the pair there succeeds" \
			test $? = 0
		check "tcp2smc=1 here, 0 there: its sockets are TCP" \
			bash -c '[ -z "$1" ] && [ "$(grep -c . <<<"$2")" = 2 ] &&
				 [ "$(grep -c "domain 2 protocol 6" <<<"$3")" = 2 ]' \
			_ "$T2S_SMCSS" "$T2S_SS" "$T2S_OUT"
		sysctl -qw net.smc.tcp2smc=0
		ip netns exec $T2S_NS sysctl -qw net.smc.tcp2smc=1
		t2s_port=5303
		t2s_pair $T2S_NS 127.0.0.1 127.0.0.1 $t2s_port
		check "tcp2smc=0 here, 1 there: the pair there succeeds" \
			test $? = 0
		# loopback has no RDMA device: AF_SMC sockets that fell back
		check "tcp2smc=0 here, 1 there: its 2 sockets are AF_SMC there" \
			bash -c '[ "$(grep -c . <<<"$1")" = 2 ] &&
				 [ "$(grep -c "domain 43 protocol 0" <<<"$2")" = 2 ]' \
			_ "$T2S_SMCSS" "$T2S_OUT"
		out=$(t2s_domain "s.AF_INET, s.SOCK_STREAM")
		check "tcp2smc=0 here, 1 there: a socket made here is AF_INET ($out)" \
			test "$out" = "2 6"
		ip netns exec $T2S_NS sysctl -qw net.smc.tcp2smc=0
		ip netns del $T2S_NS
	else
		fail "tcp2smc: a second network namespace with loopback up"
		ip netns del $T2S_NS 2>/dev/null
	fi

	# IPPROTO_SMC (256), with tcp2smc=0: an SMC socket on request
	t2s_port=5304
	t2s_pair "" "$SRV" "$CLNT" $t2s_port --ipproto-smc
	check "IPPROTO_SMC: the static echo pair succeeds ($(uname -r))" \
		test $? = 0
	check "IPPROTO_SMC: smcss shows both ends as SMCR" \
		bash -c 'grep -qE "$1" <<<"$3" && grep -qE "$2" <<<"$3"' _ \
		"$CLNT:[0-9]+ +$SRV:$t2s_port .*SMCR" \
		"$SRV:$t2s_port +$CLNT:[0-9]+ .*SMCR" "$T2S_SMCSS"
	check "IPPROTO_SMC: exactly the programs' 2 sockets are AF_SMC" \
		test "$(t2s_count "$T2S_SMCSS")" = 2
	out=$(t2s_domain "s.AF_INET6, s.SOCK_STREAM, 256")
	check "IPPROTO_SMC: an AF_INET6 one is AF_SMC, SMCPROTO_SMC6 ($out)" \
		test "$out" = "43 1"

	sysctl -qw net.smc.tcp2smc=0
	rm -rf "$T2S_DIR"
}
