#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Urgent data load for the soak (run through smc_run, so AF_INET is AF_SMC).

  urgent_xfer.py server ADDR PORT
  urgent_xfer.py client ADDR PORT BIND_ADDR CHUNKS

The client sends CHUNKS chunks of 4 KiB of ordinary data, one urgent byte
(MSG_OOB) after every third chunk, then shuts down its sending side.  The
server reads each connection with SO_OOBINLINE switched on and off at
random between reads, takes urgent bytes out of band when it can, and
answers "done RECEIVED" with every byte it got (inline and out of band).
Ordinary data is never lost; an urgent byte may be lost (TCP's single
urgent byte gets overwritten) or, with SO_OOBINLINE switched on after it
was read out of band, read a second time inline (as on TCP), so the client
checks  ordinary <= RECEIVED <= ordinary + 2 * urgent.
Exit status 0 when it holds; 1 when not ("FAILED") or on an error or
timeout ("error: ...", e.g. a connection a link flap ended).
"""
import random
import select
import socket
import sys
import threading

CHUNK = 4096


def serve_one(conn):
    got = 0
    try:
        conn.settimeout(120)
        while True:
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_OOBINLINE,
                            random.randint(0, 1))
            _, _, exc = select.select([], [], [conn], 0)
            if exc:
                try:
                    got += len(conn.recv(1, socket.MSG_OOB))
                except OSError:
                    pass
            data = conn.recv(random.choice((1, 100, CHUNK, 65536)))
            if not data:
                break
            got += len(data)
        conn.sendall(b"done %d\n" % got)
    except OSError:
        pass
    finally:
        conn.close()


def server(addr, port):
    lsn = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsn.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsn.bind((addr, port))
    lsn.listen(64)
    while True:
        conn, _ = lsn.accept()
        threading.Thread(target=serve_one, args=(conn,), daemon=True).start()


def client(addr, port, bind, chunks):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(120)
    sock.bind((bind, 0))
    sock.connect((addr, port))
    payload = bytes(random.getrandbits(8) for _ in range(CHUNK))
    urgent = 0
    for i in range(chunks):
        sock.sendall(payload)
        if i % 3 == 2:
            sock.send(b"!", socket.MSG_OOB)
            urgent += 1
    sock.shutdown(socket.SHUT_WR)
    reply = b""
    while not reply.endswith(b"\n"):
        data = sock.recv(100)
        if not data:
            break
        reply += data
    sock.close()
    ordinary = chunks * CHUNK
    try:
        got = int(reply.split()[1])
    except (IndexError, ValueError):
        print("urgent_xfer: error: bad reply %r" % reply)
        return 1
    ok = ordinary <= got <= ordinary + 2 * urgent
    print("urgent_xfer: %s, sent %d + %d urgent, the server got %d"
          % ("ok" if ok else "FAILED", ordinary, urgent, got))
    return 0 if ok else 1


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "server":
        server(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 6 and sys.argv[1] == "client":
        try:
            return client(sys.argv[2], int(sys.argv[3]), sys.argv[4],
                          int(sys.argv[5]))
        except OSError as err:
            print("urgent_xfer: error: %s" % err)
            return 1
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
