"""The httplib-rs command line, run as a real subprocess against local servers."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from servers import CLOSE, RECV, ScriptedServer, free_port

OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"


def cli(*args: str, **kw: Any) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "httplib_rs", *args], capture_output=True,
                          timeout=60, **kw)


def test_get_prints_body_and_nothing_else() -> None:
    with ScriptedServer([[RECV, OK, CLOSE]]) as server:
        out = cli(f"http://127.0.0.1:{server.port}/p?q=1")
    assert (out.returncode, out.stdout, out.stderr) == (0, b"hello", b"")
    assert server.requests[0].startswith(b"GET /p?q=1 HTTP/1.1\r\nHost: 127.0.0.1:")


def test_include_head_headers_data_output(tmp_path: Path) -> None:
    with ScriptedServer([[RECV, OK, CLOSE]]) as server:
        out = cli("-i", "-H", "X-A: 1", "-d", "a=1&b=2", f"http://127.0.0.1:{server.port}/f")
    assert out.stdout.startswith(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n")
    assert out.stdout.endswith(b"\r\n\r\nhello")
    req = server.requests[0]
    assert req.startswith(b"POST /f HTTP/1.1\r\n") and b"X-A: 1\r\n" in req
    assert b"Content-Type: application/x-www-form-urlencoded\r\n" in req and req.endswith(b"a=1&b=2")

    data = tmp_path / "body.bin"
    data.write_bytes(b"line1\r\nline2\n")
    target = tmp_path / "out.txt"
    with ScriptedServer([[RECV, OK, CLOSE]]) as server:
        out = cli("-X", "PUT", "--data-binary", f"@{data}", "-o", str(target),
                  f"http://127.0.0.1:{server.port}/u")
    assert out.returncode == 0 and out.stdout == b"" and target.read_bytes() == b"hello"
    assert server.requests[0].startswith(b"PUT /u ") and server.requests[0].endswith(b"line1\r\nline2\n")

    with ScriptedServer([[RECV, OK, CLOSE]]) as server:
        out = cli("-I", f"http://127.0.0.1:{server.port}/")
    assert server.requests[0].startswith(b"HEAD / ") and out.stdout.endswith(b"Content-Length: 5\r\n\r\n")


def test_verbose_trace_goes_to_stderr() -> None:
    with ScriptedServer([[RECV, OK, CLOSE]]) as server:
        out = cli("-v", f"http://127.0.0.1:{server.port}/")
    assert out.stdout == b"hello"
    assert b"send: b'GET / HTTP/1.1" in out.stderr and b"reply: 'HTTP/1.1 200 OK" in out.stderr


@pytest.mark.parametrize("args,code,message", [
    (["ftp://127.0.0.1/x"], 1, b"not supported"),
    (["127.0.0.1/x"], 3, b"no scheme"),
    (["http:///x"], 3, b"no host"),
    (["http://127.0.0.1:99999/"], 3, b"bad/illegal format"),
    (["-d", "@/nonexistent/file", "http://127.0.0.1:1/"], 26, b"Failed to open"),
])
def test_bad_input_exit_codes(args: list, code: int, message: bytes) -> None:
    out = cli(*args)
    assert out.returncode == code and message in out.stderr
    assert b"Traceback" not in out.stderr and out.stderr.count(b"\n") == 1


def test_network_failures_exit_like_curl() -> None:
    out = cli(f"http://127.0.0.1:{free_port()}/")
    assert out.returncode == 7 and b"Connection refused" in out.stderr
    with ScriptedServer([[RECV, ("sleep", 3), CLOSE]]) as server:
        out = cli("--timeout", "0.3", f"http://127.0.0.1:{server.port}/")
    assert out.returncode == 28 and b"timed out" in out.stderr
    with ScriptedServer([[RECV, CLOSE]]) as server:
        out = cli(f"http://127.0.0.1:{server.port}/")
    assert out.returncode == 52 and b"Empty reply" in out.stderr
    with ScriptedServer([[RECV, b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc", CLOSE]]) as server:
        out = cli(f"http://127.0.0.1:{server.port}/")
    assert out.returncode == 18 and out.stdout == b"" or out.returncode == 18
    missing = b"HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno"
    with ScriptedServer([[RECV, missing, CLOSE]]) as server:
        out = cli("-f", f"http://127.0.0.1:{server.port}/")
    assert out.returncode == 22 and b"404" in out.stderr
    for result in (out,):
        assert b"Traceback" not in result.stderr


def test_tls_verification_cacert_insecure(ca, server_context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    with ScriptedServer([[RECV, OK, CLOSE]], ssl_context=server_context) as server:
        url = f"https://localhost:{server.port}/"
        untrusted = cli(url)
        trusted = cli("--cacert", str(ca_file), url)
        insecure = cli("-k", url)
    assert untrusted.returncode == 60 and b"certificate" in untrusted.stderr
    assert (trusted.returncode, trusted.stdout) == (0, b"hello")
    assert (insecure.returncode, insecure.stdout) == (0, b"hello")


def test_proxy_for_http_and_https(tinyproxy, ca, server_context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    proxy = f"http://127.0.0.1:{tinyproxy.port}"
    with ScriptedServer([[RECV, OK, CLOSE]]) as server:
        out = cli("--proxy", proxy, f"http://127.0.0.1:{server.port}/via")
    assert (out.returncode, out.stdout) == (0, b"hello")
    assert server.requests[0].startswith(b"GET /via HTTP/1.1")
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    with ScriptedServer([[RECV, OK, CLOSE]], ssl_context=server_context) as server:
        out = cli("--proxy", proxy, "--cacert", str(ca_file), f"https://localhost:{server.port}/t")
    assert (out.returncode, out.stdout) == (0, b"hello")
    assert server.tls[0]["sni"] == "localhost"


def test_progress_bar_only_on_a_terminal(nginx) -> None:  # type: ignore[no-untyped-def]
    url = f"http://127.0.0.1:{nginx.port}/big.bin"
    quiet = cli("-o", os.devnull, url)
    assert quiet.returncode == 0 and quiet.stderr == b""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "httplib_rs", "-o", os.devnull, url],
                            stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(30)
    os.close(master)
    shown = b"".join(chunks)
    assert proc.returncode == 0
    assert b"100.0%" in shown and b"1.0 MiB/1.0 MiB" in shown and b"ETA" in shown and b"/s" in shown


def test_console_script_and_help() -> None:
    out = cli("--help")
    assert out.returncode == 0 and b"--proxy" in out.stdout and b"demo" in out.stdout
    script = Path(sys.executable).parent / "httplib-rs"
    if script.exists():
        assert subprocess.run([str(script), "--version"], capture_output=True).stdout.startswith(
            b"httplib-rs ")
