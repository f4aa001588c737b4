"""Python-level fuzzing with hypothesis: HTTPResponse over arbitrary bytes, on the fd
path (a socketpair: a plain socket.socket) and on the makefile() path.

The rule (h11's): any input gives a response whose body reads to its end, or an
exception of the http.client family (HTTPException, or OSError for I/O) - nothing
else, no hang. And where the stdlib handles an input safely, both agree.
"""

from __future__ import annotations

import io
import socket
from typing import Any

from conftest import RS, STD
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SETTINGS = settings(max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

TOKENS = st.sampled_from([b"Content-Length", b"Transfer-Encoding", b"Connection", b"X-A",
                          b"Set-Cookie", b"Content-Type", b"Keep-Alive", b"From", b"X A"])
VALUES = st.one_of(st.sampled_from([b"chunked", b"close", b"keep-alive", b"5", b"0", b"-1",
                                    b"+3", b"gzip, chunked", b"text/plain", b""]),
                   st.binary(max_size=12))
EOLS = st.sampled_from([b"\r\n", b"\n", b"\r", b"\r\r\n", b""])


@st.composite
def responses(draw: Any) -> bytes:
    version = draw(st.sampled_from([b"HTTP/1.1", b"HTTP/1.0", b"HTTP/1.2", b"HTTP/2", b"ICY", b""]))
    status = draw(st.sampled_from([b"200", b"100", b"103", b"101", b"204", b"304", b"404", b"99",
                                   b"1000", b"+200", b"abc"]))
    out = version + b" " + status + draw(st.sampled_from([b" OK", b"", b"  x "])) + draw(EOLS)
    for _ in range(draw(st.integers(0, 6))):
        out += draw(TOKENS) + draw(st.sampled_from([b": ", b":", b" : "])) + draw(VALUES) + draw(EOLS)
    out += draw(EOLS)
    if draw(st.booleans()):
        for size in draw(st.lists(st.integers(0, 20), max_size=4)):
            out += b"%x" % size + draw(st.sampled_from([b"", b";e=1"])) + b"\r\n" + b"z" * size + b"\r\n"
        out += draw(st.sampled_from([b"0\r\n\r\n", b"0\r\nT: 1\r\n\r\n", b"", b"x"]))
    return out + draw(st.binary(max_size=40))


@st.composite
def plausible_responses(draw: Any) -> bytes:
    """Mostly well-formed responses, so that the comparison with the stdlib has
    something to compare."""
    eol = draw(st.sampled_from([b"\r\n", b"\n"]))
    status = draw(st.sampled_from([b"200 OK", b"404 Not Found", b"201", b"204 No Content",
                                   b"301 Moved", b"500 Oops  "]))
    out = draw(st.sampled_from([b"HTTP/1.1 ", b"HTTP/1.0 "])) + status + eol
    names = st.text("abcdefghijklmnopqrstuvwxyz-ABC", min_size=1, max_size=10)
    values = st.text(" !#$%&()*+,-./0123456789:;<=>?@[]^_`{|}~abcXYZ\t\xe9", max_size=20)
    for _ in range(draw(st.integers(0, 8))):
        out += draw(names).encode() + b":" + draw(values).encode("latin-1") + eol
    body = draw(st.binary(max_size=64))
    framing = draw(st.sampled_from(["length", "chunked", "close"]))
    if framing == "length":
        out += b"Content-Length: %d" % len(body) + eol + eol + body
    elif framing == "chunked":
        out += b"Transfer-Encoding: chunked" + eol + eol
        cut = draw(st.integers(0, len(body)))
        for piece in (body[:cut], body[cut:]):
            if piece:
                out += b"%x\r\n" % len(piece) + piece + b"\r\n"
        out += b"0\r\n\r\n"
    else:
        out += eol + body
    return out


def read_all(module: Any, data: bytes, fd_path: bool) -> tuple:
    """('ok', status, reason, version, headers, body) or ('exc', class name)."""
    if fd_path:
        a, b = socket.socketpair()
        a.sendall(data)
        a.close()
        b.settimeout(5)
        sock: Any = b
    else:
        class Fake:
            def makefile(self, mode: str) -> io.BytesIO:
                return io.BytesIO(data)
        sock = Fake()
    try:
        resp = module.HTTPResponse(sock, method="GET")
        resp.begin()
        body = resp.read()
        return ("ok", resp.status, resp.reason, resp.version, resp.getheaders(), body)
    except (module.HTTPException, OSError) as exc:
        return ("exc", type(exc).__name__)
    finally:
        if fd_path:
            sock.close()


@SETTINGS
@given(st.one_of(responses(), st.binary(max_size=300)))
def test_fuzzing_rule_fd_path(data: bytes) -> None:
    result = read_all(RS, data, fd_path=True)
    assert result[0] in ("ok", "exc")  # anything else escaped read_all and fails the test
    assert result == read_all(RS, data, fd_path=False)  # both paths agree


def stdlib_handles_safely(data: bytes, result: tuple) -> bool:
    """Inputs where the stdlib's answer is the one we keep: a final response, framing
    headers that mean one thing (one plain Content-Length, or a lone 'chunked'), and
    no bare CR or NUL in the head."""
    if result[0] != "ok" or 100 <= result[1] < 200 or result[1] in (204, 304):
        return False  # 1xx are skipped, 204/304 never read a body (README)
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    if b"\r" in head.replace(b"\r\n", b"") or b"\x00" in head:
        return False
    te = [v for k, v in result[4] if k.lower() == "transfer-encoding"]
    cl = [v for k, v in result[4] if k.lower() == "content-length"]
    if te:
        return te == ["chunked"] and not cl
    return not cl or (len(cl) == 1 and cl[0].isdigit() and cl[0].isascii())


@SETTINGS
@given(st.one_of(plausible_responses(), responses()))
def test_same_as_stdlib_where_it_is_safe(data: bytes) -> None:
    theirs = read_all(STD, data, fd_path=False)
    if stdlib_handles_safely(data, theirs):
        assert read_all(RS, data, fd_path=True) == theirs
