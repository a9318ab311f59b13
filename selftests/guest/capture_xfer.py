#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""One small connection with urgent data for the capture test (run
through smc_run, so AF_INET is AF_SMC).

  capture_xfer.py server ADDR PORT REPLY
  capture_xfer.py client ADDR PORT BIND_ADDR BEFORE AFTER

The client sends BEFORE bytes, one urgent byte (MSG_OOB), AFTER bytes,
shuts down its sending side and reads the server's answer to the end.
The server reads with SO_OOBINLINE (so the urgent byte is stream data),
then sends REPLY bytes and closes.  Each prints what it sent and got:
"client sent N got M", "server got N sent M"; exit 1 on a short count.
"""
import socket
import sys


def read_all(s):
    got = 0
    while True:
        data = s.recv(65536)
        if not data:
            return got
        got += len(data)


def server(addr, port, reply):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(1)
    ls.settimeout(60)
    conn, _ = ls.accept()
    conn.settimeout(60)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_OOBINLINE, 1)
    got = read_all(conn)
    conn.sendall(b"r" * reply)
    conn.close()
    ls.close()
    print("server got %d sent %d" % (got, reply))
    return 0


def client(addr, port, bind, before, after):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(60)
    s.bind((bind, 0))
    s.connect((addr, port))
    s.sendall(b"a" * before)
    s.send(b"U", socket.MSG_OOB)
    s.sendall(b"b" * after)
    s.shutdown(socket.SHUT_WR)
    got = read_all(s)
    s.close()
    print("client sent %d got %d" % (before + 1 + after, got))
    return 0


def main():
    if sys.argv[1] == "server":
        return server(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    return client(sys.argv[2], int(sys.argv[3]), sys.argv[4],
                  int(sys.argv[5]), int(sys.argv[6]))


if __name__ == "__main__":
    sys.exit(main())
