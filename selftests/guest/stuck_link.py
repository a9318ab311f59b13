#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# stuck_link.py SERVER-ADDR CLIENT-ADDR PORT FLAGDIR
#
# One connection (run it under smc_run for AF_SMC) whose RDMA traffic the
# caller blackholes: the script creates FLAGDIR/up once the connection
# carries data and 32 KiB wait unread in the server's receive buffer, and
# goes on once FLAGDIR/go exists.  From then on both ends, non-blocking,
# send 64 bytes and read what there is every 20 ms: while every send of
# the link hangs, a send needs a send slot that never frees up, and so does
# the consumer cursor update of a read.  No call may block: every call's
# time is measured.  The stuck link must end the connection (an error on
# both sockets) within LIMIT seconds, then close() is timed too.
#
# Prints "max_call_s", "ended_s" and "close_s"; exit status 0 when no call
# took 2 s or more and both ends saw an error within the limit, 1 when a
# call blocked, 2 when the connection did not end, 3 on a setup failure.
import errno
import os
import socket
import sys
import threading
import time

srv_addr, cli_addr, port, flags = sys.argv[1], sys.argv[2], \
    int(sys.argv[3]), sys.argv[4]
LIMIT = 45
BLOCKED = 2.0
max_call = 0.0


def timed(fn, *args):
    """fn(*args), its time counted; returns (result, errno or 0)"""
    global max_call
    t = time.monotonic()
    try:
        res, err = fn(*args), 0
    except BlockingIOError:
        res, err = None, errno.EAGAIN
    except OSError as e:
        res, err = None, e.errno or errno.EIO
    max_call = max(max_call, time.monotonic() - t)
    return res, err


def wait_file(name, secs):
    for _ in range(secs * 10):
        if os.path.exists(os.path.join(flags, name)):
            return True
        time.sleep(0.1)
    return False


ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind((srv_addr, port))
ls.listen(1)
accepted = []
acceptor = threading.Thread(target=lambda: accepted.append(ls.accept()[0]))
acceptor.start()
cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
cli.bind((cli_addr, 0))
cli.connect((srv_addr, port))
acceptor.join(10)
if not accepted:
    print("no connection accepted")
    sys.exit(3)
srv = accepted[0]
# the link carries data both ways
cli.sendall(b'p' * 1000)
got = 0
while got < 1000:
    got += len(srv.recv(1000 - got))
srv.sendall(b'q' * 1000)
got = 0
while got < 1000:
    got += len(cli.recv(1000 - got))
# unread data: reading it later wants a consumer cursor update
cli.sendall(b'u' * 32768)
time.sleep(0.5)
cli.setblocking(False)
srv.setblocking(False)
open(os.path.join(flags, 'up'), 'w').close()
if not wait_file('go', 60):
    print("no go")
    sys.exit(3)

start = time.monotonic()
ended = {}
socks = {'client': cli, 'server': srv}
while len(ended) < 2 and time.monotonic() - start < LIMIT:
    for name, s in socks.items():
        if name in ended:
            continue
        for op in (lambda: s.send(b'd' * 64), lambda: s.recv(4096)):
            res, err = timed(op)
            if err and err != errno.EAGAIN:
                ended[name] = (time.monotonic() - start, errno.errorcode.get(err, err))
                break
            if res == b'':
                ended[name] = (time.monotonic() - start, 'eof')
                break
    time.sleep(0.02)

t = time.monotonic()
cli.close()
srv.close()
close_s = time.monotonic() - t
ls.close()
print("max_call_s %.2f" % max_call)
for name in socks:
    if name in ended:
        print("ended_s %s %.1f %s" % (name, ended[name][0], ended[name][1]))
    else:
        print("ended_s %s none" % name)
print("close_s %.2f" % close_s)
if max_call >= BLOCKED or close_s >= BLOCKED:
    sys.exit(1)
if len(ended) < 2:
    sys.exit(2)
sys.exit(0)
