"""CONNECT tunnels through a real local proxy (tinyproxy) and a scripted one."""

from __future__ import annotations

import ssl
import sys

import pytest
from conftest import RS, STD
from servers import CLOSE, RECV, ScriptedServer

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


def test_plain_http_target_through_tinyproxy(tinyproxy) -> None:  # type: ignore[no-untyped-def]
    results = {}
    for module in (RS, STD):
        with ScriptedServer([[RECV, OK, RECV, OK, CLOSE]]) as target:
            conn = module.HTTPConnection("127.0.0.1", tinyproxy.port, timeout=5)
            conn.set_tunnel("127.0.0.1", target.port, headers={"X-Proxy-Note": "hi"})
            conn.request("GET", "/a")
            first = conn.getresponse().read()
            conn.request("GET", "/b")
            second = conn.getresponse().read()
            conn.close()
            host_lines = [r.split(b"\r\n")[1] for r in target.requests]
            results[module.__name__] = (first, second, [h.replace(b"%d" % target.port, b"P") for h in host_lines])
    assert results["httplib_rs.client"] == results["http.client"]
    assert results["http.client"][:2] == (b"ok", b"ok")


def test_https_target_through_tinyproxy(tinyproxy, ca, server_context) -> None:  # type: ignore[no-untyped-def]
    ctx = ssl.create_default_context()
    ca.configure_trust(ctx)
    with ScriptedServer([[RECV, OK, CLOSE]], ssl_context=server_context) as target:
        conn = RS.HTTPSConnection("127.0.0.1", tinyproxy.port, timeout=5, context=ctx)
        conn.set_tunnel("localhost", target.port)
        conn.request("GET", "/secure")
        assert conn.getresponse().read() == b"ok"
        conn.close()
        assert target.tls[0]["sni"] == "localhost"  # the tunnel host, not the proxy
        assert target.requests[0].startswith(b"GET /secure HTTP/1.1\r\nHost: localhost:")


def test_connect_request_bytes_match_stdlib() -> None:
    sent = {}
    for module in (RS, STD):
        proxy_script = [RECV, b"HTTP/1.1 200 Connection established\r\nX-P: 1\r\n\r\n",
                        RECV, OK, CLOSE]
        with ScriptedServer([proxy_script]) as proxy:
            conn = module.HTTPConnection("127.0.0.1", proxy.port, timeout=5)
            conn.set_tunnel("example.com", 8080, headers={"Proxy-Authorization": "Basic dTpw"})
            conn.request("GET", "/")
            assert conn.getresponse().read() == b"ok"
            if hasattr(module.HTTPConnection, "get_proxy_response_headers"):  # 3.12+
                assert conn.get_proxy_response_headers()["X-P"] == "1"
            conn.close()
            sent[module.__name__] = [r.replace(b"%d" % proxy.port, b"P") for r in proxy.requests]
    # The running interpreter's CONNECT: HTTP/1.1 with Host from 3.12, HTTP/1.0 before.
    assert sent["httplib_rs.client"] == sent["http.client"]
    version = b"HTTP/1.1" if sys.version_info >= (3, 12) else b"HTTP/1.0"
    assert sent["http.client"][0].startswith(b"CONNECT example.com:8080 " + version)
    assert b"Proxy-Authorization: Basic dTpw\r\n" in sent["http.client"][0]


def test_refused_connect_raises_stdlib_oserror() -> None:
    messages = {}
    for module in (RS, STD):
        reply = b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"
        with ScriptedServer([[RECV, reply, CLOSE]]) as proxy:
            conn = module.HTTPConnection("127.0.0.1", proxy.port, timeout=5)
            conn.set_tunnel("example.com", 443)
            with pytest.raises(OSError) as info:
                conn.request("GET", "/")
            messages[module.__name__] = str(info.value)
            assert conn.sock is None
    assert messages["httplib_rs.client"] == messages["http.client"]
    assert messages["http.client"] == "Tunnel connection failed: 407 Proxy Authentication Required"


@pytest.mark.parametrize("host,headers,exc", [
    ("evil.example\r\nX-Injected: 1", None, "InvalidURL"),
    ("evil.example x", None, "InvalidURL"),
    ("ok.example", {"X-A": "v\r\nX-Injected: 1"}, "ValueError"),
    ("ok.example", {"X-A\r\nX-Injected": "v"}, "ValueError"),
    ("ok.example", {"X:A": "v"}, "ValueError"),
])
def test_tunnel_injection_is_refused_before_sending(host: str, headers: object, exc: str) -> None:
    with ScriptedServer([[RECV, b"HTTP/1.1 200 OK\r\n\r\n", RECV, OK, CLOSE]]) as proxy:
        conn = RS.HTTPConnection("127.0.0.1", proxy.port, timeout=5)
        with pytest.raises(Exception) as info:
            conn.set_tunnel(host, 80, headers=headers)  # type: ignore[arg-type]
            conn.request("GET", "/")
        assert type(info.value).__name__ == exc or isinstance(info.value, ValueError)
        assert proxy.requests == []
        conn.close()
