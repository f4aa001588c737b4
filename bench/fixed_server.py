"""A fixed-response server for exact shapes nginx does not make: chunked bodies with
1 KiB and 1-byte chunks. Each response is encoded once and sent with one sendall.

    python bench/fixed_server.py PORT
"""

from __future__ import annotations

import socket
import sys
import threading


def chunked(total: int, size: int) -> bytes:
    piece = b"%x\r\n" % size + b"z" * size + b"\r\n"
    return (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + piece * (total // size) + b"0\r\n\r\n")


RESPONSES = {
    b"/chunked-1k": chunked(10 << 20, 1024),
    b"/chunked-1b": chunked(64 << 10, 1),
}
NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


def serve(conn: socket.socket) -> None:
    buf = b""
    with conn:
        while True:
            while b"\r\n\r\n" not in buf:
                data = conn.recv(65536)
                if not data:
                    return
                buf += data
            head, _, buf = buf.partition(b"\r\n\r\n")
            path = head.split(b" ", 2)[1]
            conn.sendall(RESPONSES.get(path, NOT_FOUND))
            if b"connection: close" in head.lower():
                return


def main() -> None:
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", int(sys.argv[1])))
    srv.listen(64)
    while True:
        conn, _ = srv.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
