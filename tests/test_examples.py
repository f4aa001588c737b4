"""The original httplib documentation's four example sessions, against a local
server: the embedded demo server and a real nginx. httplib_rs prints exactly what
the stdlib prints."""

from __future__ import annotations

import subprocess
import sys

from conftest import RS, STD
from httplib_rs import _demo
from servers import Nginx

NGINX_PATHS = {"index": "/", "missing": "/parrot.spam", "form": "/form", "put": "/dav/file"}


def test_doc_sessions_against_embedded_server() -> None:
    server = _demo.start_server()
    try:
        port = server.server_address[1]
        ours = _demo.transcript(RS, port)
        theirs = _demo.transcript(STD, port)
    finally:
        server.shutdown()
        server.server_close()
    assert ours == theirs
    lines = ours.splitlines()
    assert "200 OK" in lines and "404 Not Found" in lines and "302 Found" in lines
    assert lines[lines.index(">>> HEAD") + 2:lines.index(">>> HEAD") + 4] == ["0", "True"]


def test_doc_sessions_against_nginx(nginx: Nginx) -> None:
    put_file = nginx.prefix / "www" / "dav" / "file"
    put_file.unlink(missing_ok=True)  # each run's PUT creates it (201)
    ours = _demo.transcript(RS, nginx.port, NGINX_PATHS)
    put_file.unlink()
    theirs = _demo.transcript(STD, nginx.port, NGINX_PATHS)
    assert ours == theirs
    assert "200 OK" in ours and "404 Not Found" in ours
    assert "302 Moved Temporarily" in ours  # nginx's reason phrase
    assert (nginx.prefix / "www" / "dav" / "file").read_bytes() == b"***filecontents***"


def test_demo_command_runs() -> None:
    out = subprocess.run([sys.executable, "-m", "httplib_rs", "demo"], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "http.client prints exactly the same transcript" in out.stdout


def test_many_requests_on_one_kept_alive_connection(nginx: Nginx) -> None:
    conn = RS.HTTPConnection("127.0.0.1", nginx.port, timeout=10)
    conn.request("GET", "/small")
    first_sock = conn.sock
    for _ in range(300):
        resp = conn.getresponse()
        assert (resp.status, resp.read()) == (200, b"Hello, World!")
        assert not resp.will_close
        conn.request("GET", "/small")
    assert conn.sock is first_sock
    assert conn.getresponse().read() == b"Hello, World!"
    conn.close()


def test_large_file_every_read_style(nginx: Nginx) -> None:
    expected = (nginx.prefix / "www" / "big.bin").read_bytes()
    conn = RS.HTTPConnection("127.0.0.1", nginx.port, timeout=10)
    conn.request("GET", "/big.bin")
    assert conn.getresponse().read() == expected
    conn.request("GET", "/big.bin")
    resp = conn.getresponse()
    parts = []
    while chunk := resp.read(65536):
        parts.append(chunk)
    assert b"".join(parts) == expected
    conn.request("GET", "/big.bin")
    resp = conn.getresponse()
    buf = bytearray(len(expected) + 10)
    view = memoryview(buf)
    n = 0
    while True:
        got = resp.readinto(view[n:n + 100_000])
        if not got:
            break
        n += got
    assert bytes(buf[:n]) == expected
    conn.request("GET", "/big.bin")
    resp = conn.getresponse()
    assert b"".join(iter(lambda: resp.read1(5000), b"")) == expected
    conn.close()
