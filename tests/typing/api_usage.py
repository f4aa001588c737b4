"""Uses every public API of httplib_rs the way typeshed types http.client's; checked
with `mypy --strict` (make lint) and executed by tests/test_typing.py against a local
server, so the stubs and the runtime are both held to it."""

from __future__ import annotations

import io
import ssl
import sys
from typing import Optional

import httplib_rs
from httplib_rs import client


def exercise(host: str, port: int) -> list[object]:
    seen: list[object] = [client.HTTP_PORT, client.HTTPS_PORT, client.OK, client.NOT_FOUND,
                          client.responses[404], client.error]
    conn = client.HTTPConnection(host, port, timeout=5.0, source_address=None, blocksize=8192,
                                 strict=False)
    conn.set_debuglevel(0)
    conn.request("GET", "/", headers={"X-A": "1", "X-B": b"2", "X-C": 3})
    resp: client.HTTPResponse = conn.getresponse()
    status: int = resp.status
    reason: str = resp.reason
    version: int = resp.version
    length: Optional[int] = resp.length
    header: Optional[str] = resp.getheader("Content-Type")
    with_default: str | int = resp.getheader("Missing", 0)
    headers: list[tuple[str, str]] = resp.getheaders()
    msg: client.HTTPMessage = resp.msg
    values: list[str] = msg.getallmatchingheaders("content-type")
    first: bytes = resp.peek(1)
    line: bytes = resp.readline()
    part: bytes = resp.read1(2)
    buf = bytearray(4)
    n: int = resp.readinto(buf)
    rest: bytes = resp.read()
    seen += [status, reason, version, length, header, with_default, headers, values, first,
             line, part, n, rest, resp.isclosed(), resp.info(), resp.getcode(), resp.chunked,
             resp.will_close, resp.fileno() if not resp.isclosed() else -1]
    conn.putrequest("POST", "/", skip_host=False, skip_accept_encoding=True)
    conn.putheader("Content-Length", "4")
    conn.endheaders(b"body", encode_chunked=False)
    with conn.getresponse() as second:
        seen += [second.read(), list(iter(second))]
    conn.request("POST", "/", body=io.BytesIO(b"file"), encode_chunked=False)
    conn.getresponse().read()
    conn.request("POST", "/", body=[b"a", b"b"], encode_chunked=True)
    conn.getresponse().read()
    conn.request("PUT", "/", body="text")
    conn.getresponse().read()
    seen.append(conn.get_proxy_response_headers())
    conn.close()

    tunnel = client.HTTPConnection("127.0.0.1", 1)
    tunnel.set_tunnel("example.com", 443, headers={"Proxy-Authorization": "Basic x"})
    https = client.HTTPSConnection("localhost", 443, timeout=1.0,
                                   context=ssl.create_default_context(), strict=True)
    seen += [https.default_port, tunnel.host, https.host]

    raw = client.HTTPResponse(_Fake(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
                              method="GET", strict=True)
    raw.begin()
    parsed: client.HTTPMessage = client.parse_headers(io.BytesIO(b"A: b\r\n\r\n"))
    seen += [raw.status, parsed["A"]]

    errors: list[type[client.HTTPException]] = [
        client.HTTPException, client.NotConnected, client.InvalidURL, client.UnknownProtocol,
        client.UnknownTransferEncoding, client.UnimplementedFileMode, client.IncompleteRead,
        client.ImproperConnectionState, client.CannotSendRequest, client.CannotSendHeader,
        client.ResponseNotReady, client.BadStatusLine, client.LineTooLong,
        client.RemoteDisconnected, client.InvalidResponse]
    try:
        raise client.IncompleteRead(b"ab", 3)
    except client.IncompleteRead as exc:
        seen += [exc.partial, exc.expected, errors]

    httplib_rs.install()
    httplib_rs.uninstall()
    with httplib_rs.installed():
        seen.append(sys.modules["http.client"] is client)
    seen.append(httplib_rs.__version__)
    return seen


class _Fake:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def makefile(self, mode: str) -> io.BytesIO:
        return io.BytesIO(self.data)
