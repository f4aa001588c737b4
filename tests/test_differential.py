"""Differential tests: the same response bytes, served by a real socket server on
127.0.0.1, through the stdlib's http.client and through httplib_rs (both the fd fast
path and the general path over a socket wrapper) give the same status, reason,
version, headers, defects and body, or the same exception class."""

from __future__ import annotations

import socket

import pytest
from conftest import RS, STD
from servers import CLOSE, RECV, ScriptedServer

# Only inputs on which httplib_rs keeps the stdlib's behaviour; those it refuses
# for safety are in test_adversarial.py, with the stdlib's behaviour beside ours.
CASES: dict[str, bytes] = {
    "content-length": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
    "no-reason": b"HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok",
    "reason-spaces": b"HTTP/1.1 404   Not   Found  \r\nContent-Length: 0\r\n\r\n",
    "http10-close": b"HTTP/1.0 200 OK\r\nServer: x\r\n\r\nuntil close",
    "http09-version": b"HTTP/0.9 200 OK\r\nContent-Length: 1\r\n\r\nx",
    "http12-version": b"HTTP/1.2 200 OK\r\nContent-Length: 1\r\n\r\nx",
    "bare-lf": b"HTTP/1.1 200 OK\nContent-Length: 3\nX-A: b\n\nabc",
    "chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
               b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
    "chunked-upper": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: CHUNKED\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n",
    "chunked-eof-mid": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nwo",
    "chunked-bad-size": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
    "chunked-no-trailer-eof": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n",
    "short-body": b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
    "continue": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    "continue-headers": b"HTTP/1.1 100 Continue\r\nX: y\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
    "switching": b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
    "no-content": b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n",
    "not-modified": b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n",
    "empty": b"",
    "garbage": b"garbage\r\n\r\n",
    "icy": b"ICY 200 OK\r\n\r\n",
    "status-99": b"HTTP/1.1 99 Low\r\n\r\n",
    "status-1000": b"HTTP/1.1 1000 High\r\n\r\n",
    "status-999": b"HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n",
    "status-plus": b"HTTP/1.1 +200 OK\r\nContent-Length: 0\r\n\r\n",
    "status-underscore": b"HTTP/1.1 2_00 OK\r\nContent-Length: 0\r\n\r\n",
    "http2-version": b"HTTP/2.0 200 OK\r\n\r\n",
    "only-status": b"HTTP/1.1 200 OK\r\n",
    "eof-in-headers": b"HTTP/1.1 200 OK\r\nA: b",
    "folded": b"HTTP/1.1 200 OK\r\nX-Long: a\r\n  b\r\nContent-Length: 0\r\n\r\n",
    "bad-header-line": b"HTTP/1.1 200 OK\r\nBad Header: x\r\nContent-Length: 2\r\n\r\nok",
    "space-before-colon": b"HTTP/1.1 200 OK\r\nContent-Length : 2\r\nA: b\r\n\r\nok",
    "missing-name": b"HTTP/1.1 200 OK\r\n: v\r\nContent-Length: 0\r\n\r\n",
    "from-line": b"HTTP/1.1 200 OK\r\nFrom me\r\nContent-Length: 0\r\n\r\n",
    "first-line-continuation": b"HTTP/1.1 200 OK\r\n cont\r\nContent-Length: 0\r\n\r\n",
    "latin1-value": b"HTTP/1.1 200 OK\r\nX-Name: caf\xe9\r\nContent-Length: 0\r\n\r\n",
    "duplicate-headers": b"HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n",
    "empty-value": b"HTTP/1.1 200 OK\r\nX-Empty:\r\nX-Spaces:   \r\nContent-Length: 0\r\n\r\n",
    "multipart": b"HTTP/1.1 200 OK\r\nContent-Type: multipart/byteranges; boundary=xx\r\nContent-Length: 0\r\n\r\n",
    "message-type": b"HTTP/1.1 200 OK\r\nContent-Type: message/http\r\nContent-Length: 0\r\n\r\n",
    "connection-close": b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok",
    "keep-alive-10": b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok",
    "proxy-connection": b"HTTP/1.0 200 OK\r\nProxy-Connection: keep-alive\r\nContent-Length: 2\r\n\r\nok",
    "keep-alive-header": b"HTTP/1.0 200 OK\r\nKeep-Alive: timeout=5\r\nContent-Length: 2\r\n\r\nok",
    "many-headers-99": b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(99))
                       + b"Content-Length: 0\r\n\r\n"[:0] + b"\r\n",
    "too-many-headers": b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(100)) + b"\r\n",
    "long-header": b"HTTP/1.1 200 OK\r\nX: " + b"a" * 70000 + b"\r\n\r\n",
    "long-status": b"HTTP/1.1 200 " + b"a" * 70000 + b"\r\n\r\n",
}


class WrappedSocket:
    """A socket-like object that is not a socket.socket: forces the general path."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def makefile(self, mode: str, *args: object) -> object:
        return self._sock.makefile(mode)

    def sendall(self, data: bytes) -> None:
        self._sock.sendall(data)

    def close(self) -> None:
        self._sock.close()

    def setsockopt(self, *args: object) -> None:
        self._sock.setsockopt(*args)


def payload(msg) -> object:  # type: ignore[no-untyped-def]
    """The message payload, with sub-messages compared by their headers."""
    p = msg.get_payload()
    if isinstance(p, list):
        return [(type(m).__name__, m.items(), [type(d).__name__ for d in m.defects]) for m in p]
    return p


def outcome(module, raw: bytes, wrap: bool = False, method: str = "GET") -> tuple:  # type: ignore[no-untyped-def]
    with ScriptedServer([[RECV, raw, CLOSE]]) as server:
        conn = module.HTTPConnection("127.0.0.1", server.port, timeout=5)
        if wrap:
            conn.sock = WrappedSocket(socket.create_connection(("127.0.0.1", server.port), 5))
        try:
            conn.request(method, "/")
            resp = conn.getresponse()
            head = (resp.status, resp.reason, resp.version, resp.getheaders(),
                    [type(d).__name__ for d in resp.msg.defects],
                    payload(resp.msg), resp.msg.is_multipart(), resp.will_close)
            try:
                body: object = resp.read()
            except Exception as exc:  # noqa: BLE001 - the class is the result
                body = ("exc", type(exc).__name__, getattr(exc, "partial", None),
                        getattr(exc, "expected", None))
            return ("ok",) + head + (body, resp.isclosed())
        except Exception as exc:  # noqa: BLE001
            return ("exc", type(exc).__name__, str(exc))
        finally:
            conn.close()


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("wrap", [False, True], ids=["fd", "general"])
def test_same_as_stdlib(name: str, wrap: bool) -> None:
    raw = CASES[name]
    expected = outcome(STD, raw)
    got = outcome(RS, raw, wrap=wrap)
    assert got == expected


@pytest.mark.parametrize("name", ["content-length", "chunked", "http10-close", "continue"])
def test_head_requests_read_no_body(name: str) -> None:
    assert outcome(RS, CASES[name], method="HEAD") == outcome(STD, CASES[name], method="HEAD")


def test_every_case_ran_on_the_fast_path() -> None:
    """The fd path is the one taken for a plain socket: its fp is the Rust reader."""
    with ScriptedServer([[RECV, CASES["content-length"], CLOSE]]) as server:
        conn = RS.HTTPConnection("127.0.0.1", server.port, timeout=5)
        conn.request("GET", "/")
        resp = conn.getresponse()
        assert type(resp.fp).__name__ == "SocketReader"
        assert resp.fp.fileno() == conn.sock.fileno() if conn.sock else True
        assert resp.read() == b"hello"
        conn.close()
