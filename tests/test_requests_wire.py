"""Requests on the wire: byte for byte what the stdlib sends, for the fast path and
for subclasses that override the request sequence; refused input raises the
stdlib's exception before a single byte leaves."""

from __future__ import annotations

import io
from typing import Any, Callable

import pytest
from conftest import RS, STD
from servers import CLOSE, RECV, ScriptedServer

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


def sent_bytes(module: Any, action: Callable[[Any], None], host: str = "127.0.0.1",
               subclass: bool = False) -> list[bytes]:
    with ScriptedServer([[RECV, OK, CLOSE]]) as server:
        cls = module.HTTPConnection
        if subclass:
            class Traced(cls):  # type: ignore[valid-type, misc]
                calls: list[str] = []

                def putheader(self, header: Any, *values: Any) -> None:
                    self.calls.append("putheader")
                    super().putheader(header, *values)

                def send(self, data: Any) -> None:
                    self.calls.append("send")
                    super().send(data)
            cls = Traced
        conn = cls(host, server.port, timeout=5)
        if host != "127.0.0.1":
            conn._create_connection = lambda addr, *a: __import__("socket").create_connection(
                ("127.0.0.1", server.port), *a)
        action(conn)
        resp = conn.getresponse()
        assert resp.read() == b"ok"
        conn.close()
        port = b":%d" % server.port
        return [r.replace(port, b":PORT") for r in server.requests]


def body_iter() -> Any:
    yield b"abc"
    yield b""
    yield b"defgh"


REQUESTS: dict[str, Callable[[Any], None]] = {
    "get": lambda c: c.request("GET", "/"),
    "get-empty-url": lambda c: c.request("GET", ""),
    "get-query": lambda c: c.request("GET", "/a/b?x=1&y=%20"),
    "headers": lambda c: c.request("GET", "/", headers={"X-A": "1", "X-Int": 5, "X-Bytes": b"b"}),
    "host-override": lambda c: c.request("GET", "/", headers={"Host": "example.org"}),
    "accept-encoding-override": lambda c: c.request("GET", "/", headers={"Accept-Encoding": "gzip"}),
    "absolute-url": lambda c: c.request("GET", "http://other.example:8080/x"),
    "post-bytes": lambda c: c.request("POST", "/f", body=b"a=1&b=2"),
    "post-str": lambda c: c.request("POST", "/f", body="caf\xe9"),
    "post-empty": lambda c: c.request("POST", "/f", body=b""),
    "post-none": lambda c: c.request("POST", "/f"),
    "put-none": lambda c: c.request("PUT", "/f"),
    "get-none": lambda c: c.request("GET", "/f", body=None),
    "post-file": lambda c: c.request("POST", "/f", body=io.BytesIO(b"file body")),
    "post-textfile": lambda c: c.request("POST", "/f", body=io.StringIO("text body")),
    "post-iter": lambda c: c.request("POST", "/f", body=body_iter()),
    "post-list": lambda c: c.request("POST", "/f", body=[b"ab", b"cd"]),
    "encode-chunked": lambda c: c.request("POST", "/f", body=body_iter(),
                                          headers={"Transfer-Encoding": "chunked"},
                                          encode_chunked=True),
    "explicit-length": lambda c: c.request("POST", "/f", body=b"xyz", headers={"Content-Length": "3"}),
    "bytearray-body": lambda c: c.request("POST", "/f", body=bytearray(b"ba")),
    "memoryview-body": lambda c: c.request("POST", "/f", body=memoryview(b"mv")),
    "obs-fold-value": lambda c: c.request("GET", "/", headers={"X-Fold": "a\r\n b"}),
    "latin1-value": lambda c: c.request("GET", "/", headers={"X-L": "caf\xe9"}),
    "manual": lambda c: (c.putrequest("GET", "/m", skip_accept_encoding=True),
                         c.putheader("X-Multi", "a", b"b", 3), c.endheaders()),
    "manual-body": lambda c: (c.putrequest("POST", "/m"), c.putheader("Content-Length", 4),
                              c.endheaders(b"body")),
    "manual-skip-host": lambda c: (c.putrequest("GET", "/m", skip_host=True), c.endheaders()),
}


@pytest.mark.parametrize("name", sorted(REQUESTS))
@pytest.mark.parametrize("subclass", [False, True], ids=["fast", "overridden"])
def test_request_bytes_identical(name: str, subclass: bool) -> None:
    action = REQUESTS[name]
    assert sent_bytes(RS, action, subclass=subclass) == sent_bytes(STD, action)


@pytest.mark.parametrize("host,expected", [
    ("localhost", b"Host: localhost:"),
    ("[::1]", b"Host: [::1]:"),
    ("::1", b"Host: [::1]:"),
])
def test_host_header_forms(host: str, expected: bytes) -> None:
    action = REQUESTS["get"]
    got = sent_bytes(RS, action, host=host)
    assert expected in got[0]
    theirs = sent_bytes(STD, action, host=host)
    if b"[[::1]]" in b"".join(theirs):
        # Older CPythons (3.11, 3.12.1 here) kept the brackets of "[::1]" given with a
        # port and sent "Host: [[::1]]:port"; we send the fixed form everywhere.
        assert host == "[::1]" and got[0].startswith(b"GET / HTTP/1.1\r\nHost: [::1]:PORT\r\n")
    else:
        assert got == theirs


def test_default_port_is_omitted_from_host() -> None:
    for module in (RS, STD):
        conn = module.HTTPConnection("example.com")
        assert conn._host_header("/") if module is RS else True
    conn = RS.HTTPConnection("example.com")
    assert conn._host_header("/") == b"example.com"
    conn = RS.HTTPConnection("example.com:8080")
    assert conn._host_header("/") == "example.com:8080"


def test_subclass_sees_stdlib_call_order() -> None:
    calls: dict[str, list[str]] = {}
    for module in (RS, STD):
        class Traced(module.HTTPConnection):  # type: ignore[name-defined, misc]
            log: list[str] = []

            def putrequest(self, *a: Any, **k: Any) -> None:
                self.log.append("putrequest")
                super().putrequest(*a, **k)

            def putheader(self, h: Any, *v: Any) -> None:
                self.log.append("putheader:%s" % h)
                super().putheader(h, *v)

            def endheaders(self, *a: Any, **k: Any) -> None:
                self.log.append("endheaders")
                super().endheaders(*a, **k)

            def send(self, data: Any) -> None:
                self.log.append("send")
                super().send(data)

        log = Traced.log = []
        with ScriptedServer([[RECV, OK, CLOSE]]) as server:
            conn = Traced("127.0.0.1", server.port, timeout=5)
            conn.request("POST", "/", body=b"x", headers={"X-A": "1"})
            conn.getresponse().read()
            conn.close()
        calls[module.__name__] = log
    assert calls["httplib_rs.client"] == calls["http.client"]
    assert calls["http.client"][0] == "putrequest"


INJECTIONS: dict[str, Callable[[Any], None]] = {
    "url-space": lambda c: c.request("GET", "/a b"),
    "url-crlf": lambda c: c.request("GET", "/a\r\nX-Evil: 1"),
    "url-nul": lambda c: c.request("GET", "/\x00"),
    "url-del": lambda c: c.request("GET", "/\x7f"),
    "method-crlf": lambda c: c.request("GET\r\nX: y", "/"),
    "method-nul": lambda c: c.request("G\x00T", "/"),
    "header-name-colon": lambda c: c.request("GET", "/", headers={"X:Y": "v"}),
    "header-name-space": lambda c: c.request("GET", "/", headers={" X": "v"}),
    "header-name-crlf": lambda c: c.request("GET", "/", headers={"X\r\nEvil": "v"}),
    "header-name-empty": lambda c: c.request("GET", "/", headers={"": "v"}),
    "header-value-crlf": lambda c: c.request("GET", "/", headers={"X": "v\r\nEvil: 1"}),
    "header-value-lf": lambda c: c.request("GET", "/", headers={"X": "v\nEvil: 1"}),
    "header-value-cr": lambda c: c.request("GET", "/", headers={"X": "v\rEvil: 1"}),
    "header-value-trailing-crlf": lambda c: c.request("GET", "/", headers={"X": "v\r\n"}),
    "header-value-bytes-crlf": lambda c: c.request("GET", "/", headers={"X": b"v\r\nEvil: 1"}),
    "putheader-value-crlf": lambda c: (c.putrequest("GET", "/"), c.putheader("X", "a", "b\r\nc")),
    "non-ascii-url": lambda c: c.request("GET", "/caf\xe9"),
    "non-latin1-value": lambda c: c.request("GET", "/", headers={"X": "\u20ac"}),
    "non-latin1-body": lambda c: c.request("POST", "/", body="\u20ac"),
    "non-ascii-header-name": lambda c: c.request("GET", "/", headers={"X\xe9": "v"}),
}


@pytest.mark.parametrize("name", sorted(INJECTIONS))
def test_refused_before_sending(name: str) -> None:
    results = {}
    for module in (RS, STD):
        with ScriptedServer([[RECV, OK, CLOSE]]) as server:
            conn = module.HTTPConnection("127.0.0.1", server.port, timeout=5)
            with pytest.raises(Exception) as info:
                INJECTIONS[name](conn)
            conn.close()
            results[module.__name__] = (type(info.value).__name__, str(info.value))
            if "body" not in name:
                # Nothing at all reached the server (the connection may not even open).
                assert server.requests == [] or server.requests == [b""]
    assert results["httplib_rs.client"] == results["http.client"]


def test_host_with_control_characters_is_refused() -> None:
    for module in (RS, STD):
        with pytest.raises(module.InvalidURL):
            module.HTTPConnection("exa mple.com")
        with pytest.raises(module.InvalidURL):
            module.HTTPConnection("example.com\r\nX: y")
