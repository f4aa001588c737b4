"""The public surface and the connection state machine, against the stdlib's."""

from __future__ import annotations

import http
import http.client as std_client
import sys

import pytest
from conftest import RS, STD
from servers import CLOSE, RECV, ScriptedServer

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


def test_import_line_from_the_issue() -> None:
    assert RS.HTTPConnection.__name__ == "HTTPConnection"
    assert RS.responses[404] == "Not Found"


def test_all_and_constants_match_stdlib() -> None:
    assert sorted(RS.__all__) == sorted(STD.__all__)
    assert RS.responses == STD.responses
    assert (RS.HTTP_PORT, RS.HTTPS_PORT) == (80, 443)
    for status in http.HTTPStatus:
        assert getattr(RS, status.name) == getattr(STD, status.name) == status
    for name in ("_MAXLINE", "_MAXHEADERS", "_UNKNOWN", "_CS_IDLE", "_CS_REQ_STARTED",
                 "_CS_REQ_SENT"):
        assert getattr(RS, name) == getattr(STD, name)


EXCEPTIONS = ["HTTPException", "NotConnected", "InvalidURL", "UnknownProtocol",
              "UnknownTransferEncoding", "UnimplementedFileMode", "IncompleteRead",
              "ImproperConnectionState", "CannotSendRequest", "CannotSendHeader",
              "ResponseNotReady", "BadStatusLine", "LineTooLong", "RemoteDisconnected"]


@pytest.mark.parametrize("name", EXCEPTIONS)
def test_exceptions_are_caught_as_stdlib_classes(name: str) -> None:
    ours = getattr(RS, name)
    assert issubclass(ours, getattr(std_client, name))
    assert issubclass(ours, RS.HTTPException)
    args = {"IncompleteRead": (b"ab", 3), "UnknownProtocol": ("HTTP/9",),
            "BadStatusLine": ("x",), "LineTooLong": ("header line",)}.get(name, ())
    mine, theirs = ours(*args), getattr(std_client, name)(*args)
    assert (str(mine), mine.args) == (str(theirs), theirs.args)
    assert repr(mine).replace(name, "") == repr(theirs).replace(name, "")
    try:
        raise mine
    except getattr(std_client, name):
        pass
    assert RS.error is RS.HTTPException


def test_remote_disconnected_is_connection_reset() -> None:
    err = RS.RemoteDisconnected("gone")
    assert isinstance(err, ConnectionResetError) and isinstance(err, std_client.BadStatusLine)
    assert RS.IncompleteRead(b"abc", 2).partial == b"abc"
    assert RS.IncompleteRead(b"abc", 2).expected == 2


@pytest.mark.parametrize("host,port,expected", [
    ("example.com", None, ("example.com", 80)),
    ("example.com:8080", None, ("example.com", 8080)),
    ("example.com:", None, ("example.com", 80)),
    ("[::1]:81", None, ("::1", 81)),
    ("[::1]", None, ("::1", 80)),
    ("::1", 8000, ("::1", 8000)),
    ("example.com", 443, ("example.com", 443)),
])
def test_host_port_parsing(host: str, port: object, expected: tuple) -> None:
    for module in (RS, STD):
        conn = module.HTTPConnection(host, port)
        assert (conn.host, conn.port) == expected


@pytest.mark.parametrize("host", ["example.com:abc", "example.com:80a", "[::1]:x"])
def test_bad_ports(host: str) -> None:
    for module in (RS, STD):
        with pytest.raises(module.InvalidURL, match="nonnumeric port"):
            module.HTTPConnection(host)


def test_state_machine_errors_match_stdlib() -> None:
    for module in (RS, STD):
        with ScriptedServer([[RECV, OK, RECV, OK, CLOSE]]) as server:
            conn = module.HTTPConnection("127.0.0.1", server.port, timeout=5)
            with pytest.raises(module.ResponseNotReady):
                conn.getresponse()
            conn.putrequest("GET", "/")
            with pytest.raises(module.CannotSendRequest):
                conn.putrequest("GET", "/")
            conn.endheaders()
            with pytest.raises(module.CannotSendHeader):
                conn.putheader("X", "y")
            with pytest.raises(module.CannotSendHeader):
                conn.endheaders()
            with pytest.raises(module.CannotSendRequest):
                conn.request("GET", "/")
            resp = conn.getresponse()
            with pytest.raises(module.ResponseNotReady):
                conn.getresponse()
            # An unread response does not block the next request, only its response.
            conn.request("GET", "/")
            with pytest.raises(module.ResponseNotReady):
                conn.getresponse()
            assert resp.read() == b"ok"
            assert conn.getresponse().read() == b"ok"
            conn.close()


def test_not_connected_without_auto_open() -> None:
    for module in (RS, STD):
        conn = module.HTTPConnection("127.0.0.1", 9)
        conn.auto_open = 0
        with pytest.raises(module.NotConnected):
            conn.request("GET", "/")


def test_response_api() -> None:
    raw = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nSet-Cookie: a\r\n"
           b"Set-Cookie: b\r\nContent-Length: 12\r\n\r\nline1\nline2\n")
    with ScriptedServer([[RECV, raw, CLOSE]]) as server:
        conn = RS.HTTPConnection("127.0.0.1", server.port, timeout=5)
        conn.request("GET", "/path")
        with conn.getresponse() as resp:
            assert isinstance(resp, RS.HTTPResponse)
            assert (resp.status, resp.code, resp.getcode(), resp.reason) == (200, 200, 200, "OK")
            assert resp.version == 11 and resp.length == 12 and resp.chunked is False
            assert resp.getheader("content-type") == "text/plain"
            assert resp.getheader("set-cookie") == "a, b"
            assert resp.getheader("missing", "dflt") == "dflt"
            assert resp.msg is resp.headers and resp.info() is resp.headers
            assert isinstance(resp.msg, RS.HTTPMessage)
            assert isinstance(resp.msg, std_client.HTTPMessage.__mro__[1])  # email Message
            assert resp.msg.get_all("Set-Cookie") == ["a", "b"]
            assert resp.msg.getallmatchingheaders("set-cookie") == ["Set-Cookie", "Set-Cookie"] \
                or resp.msg.getallmatchingheaders("set-cookie") == \
                STD.HTTPMessage.getallmatchingheaders(resp.msg, "set-cookie")
            assert resp.fileno() >= 0
            assert resp.peek(1)[:1] == b"l"
            assert resp.readline() == b"line1\n"
            assert list(resp) == [b"line2\n"]
            assert resp.isclosed() and resp.closed is False
        assert resp.closed
        conn.close()


def test_debug_output_is_the_stdlib_s(capsys: pytest.CaptureFixture[str]) -> None:
    raw = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nX-A: b\r\nContent-Length: 2\r\n\r\nok"
    printed = {}
    for module in (RS, STD):
        with ScriptedServer([[RECV, raw, CLOSE]]) as server:
            conn = module.HTTPConnection("127.0.0.1", server.port, timeout=5)
            conn.set_debuglevel(1)
            conn.request("POST", "/", body=b"data", headers={"X-Req": "1"})
            assert conn.getresponse().read() == b"ok"
            conn.close()
            printed[module.__name__] = capsys.readouterr().out.replace(str(server.port), "PORT")
    assert printed["httplib_rs.client"] == printed["http.client"]
    assert "send: b'POST / HTTP/1.1" in printed["http.client"]
    assert "reply: 'HTTP/1.1 200 OK\\r\\n'" in printed["http.client"]
    assert "header: X-A: b" in printed["http.client"]


_AUDIT: list[tuple[str, tuple]] = []
_AUDITING = [False]


def _audit_hook(event: str, args: tuple) -> None:
    if _AUDITING[0] and event.startswith("http.client."):
        _AUDIT.append((event, args))


def test_audit_events_match_stdlib() -> None:
    sys.addaudithook(_audit_hook)
    seen = {}
    for module in (RS, STD):
        with ScriptedServer([[RECV, OK, CLOSE]]) as server:
            conn = module.HTTPConnection("127.0.0.1", server.port, timeout=5)
            _AUDIT.clear()
            _AUDITING[0] = True
            try:
                conn.request("POST", "/", body=b"payload")
                conn.getresponse().read()
            finally:
                _AUDITING[0] = False
            conn.close()
            seen[module.__name__] = [
                (e, tuple(a if not isinstance(a, bytes) else a.replace(b"%d" % server.port, b"P")
                          for a in args if a is not conn and a != server.port))
                for e, args in _AUDIT]
    expected = ["http.client.connect", "http.client.send", "http.client.send"]
    if sys.version_info < (3, 10):
        # CPython 3.9's http.client raised no audit events; we raise 3.10+'s.
        assert seen["http.client"] == []
    else:
        assert seen["httplib_rs.client"] == seen["http.client"]
    assert [e for e, _ in seen["httplib_rs.client"]] == expected


def test_parse_headers_same_message_on_every_path() -> None:
    import io

    blocks = [b"A: b\r\nC:  d \r\n\r\nbody", b"X: 1\nY: 2\n\n", b"Folded: a\r\n b\r\n\r\n",
              b"Bad Line\r\nA: b\r\n\r\n", b"Content-Type: multipart/mixed; boundary=z\r\n\r\n",
              b"", b"A: b"]
    for raw in blocks:
        want = STD.parse_headers(io.BytesIO(raw))
        for fp in (io.BytesIO(raw), RS._SocketReader(io.BytesIO(raw))):
            got = RS.parse_headers(fp)
            assert isinstance(got, RS.HTTPMessage)
            assert got.items() == want.items()
            assert [type(d) for d in got.defects] == [type(d) for d in want.defects]
            assert got.get_payload() == want.get_payload() or got.is_multipart()
            assert fp.read() == (b"body" if raw.endswith(b"body") else b"")
