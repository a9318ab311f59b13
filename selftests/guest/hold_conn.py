#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# hold_conn.py SERVER-ADDR CLIENT-ADDR PORT BYTES FLAGDIR
#
# One connection that stays open while a test looks at it: a server and a
# client in one process (run it under smc_run for AF_SMC); the client sends
# BYTES, creates FLAGDIR/up, and closes once FLAGDIR/go exists (at most
# 120 s).  Exit status 0 when the server received all BYTES.
import os
import socket
import sys
import threading
import time

srv_addr, cli_addr, port, size, flags = sys.argv[1], sys.argv[2], \
    int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
received = 0

ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind((srv_addr, port))
ls.listen(4)


def serve():
    global received
    conn, _ = ls.accept()
    while True:
        data = conn.recv(65536)
        if not data:
            break
        received += len(data)
    conn.close()


server = threading.Thread(target=serve)
server.start()
cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
cli.bind((cli_addr, 0))
cli.connect((srv_addr, port))
cli.sendall(b'x' * size)
open(os.path.join(flags, 'up'), 'w').close()
for _ in range(1200):
    if os.path.exists(os.path.join(flags, 'go')):
        break
    time.sleep(0.1)
cli.close()
server.join()
ls.close()
sys.exit(0 if received == size else 1)
