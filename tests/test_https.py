"""HTTPS through Python's ssl against a real local TLS server with trustme certificates."""

from __future__ import annotations

import ssl
import sys
import warnings
from pathlib import Path

import pytest
from conftest import RS, STD
from servers import CLOSE, RECV, ScriptedServer

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"


def trusting(ca) -> ssl.SSLContext:  # type: ignore[no-untyped-def]
    ctx = ssl.create_default_context()
    ca.configure_trust(ctx)
    return ctx


@pytest.fixture
def ca_file(ca, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def test_valid_chain_default_context_sends_sni_and_alpn(server_context, ca_file, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The default context trusts the trustme CA through SSL_CERT_FILE, as it would a
    # system CA; everything else about it is the stdlib's default.
    monkeypatch.setenv("SSL_CERT_FILE", ca_file)
    seen = {}
    for module in (RS, STD):
        with ScriptedServer([[RECV, OK, RECV, CHUNKED, CLOSE]], ssl_context=server_context) as server:
            conn = module.HTTPSConnection("localhost", server.port, timeout=5)
            conn.request("GET", "/")
            first = conn.getresponse().read()
            conn.request("GET", "/chunked")  # same TLS connection, kept alive
            second = conn.getresponse().read()
            assert isinstance(conn.sock, ssl.SSLSocket)
            version = conn.sock.version()
            conn.close()
            seen[module.__name__] = (first, second, server.tls[0]["sni"], server.tls[0]["alpn"],
                                     version, [r.split(b"\r\n")[1].replace(b"%d" % server.port, b"P")
                                               for r in server.requests])
    ours, theirs = seen["httplib_rs.client"], seen["http.client"]
    if sys.version_info < (3, 10):
        # CPython 3.9's http.client sent no ALPN; we send http/1.1 as 3.10+ does.
        assert theirs[3] is None
        theirs = theirs[:3] + ("http/1.1",) + theirs[4:]
    assert ours == theirs
    assert ours[:4] == (b"ok", b"abcde", "localhost", "http/1.1")


def test_untrusted_certificate_is_refused(server_context) -> None:  # type: ignore[no-untyped-def]
    with ScriptedServer([[RECV, OK, CLOSE]], ssl_context=server_context) as server:
        conn = RS.HTTPSConnection("localhost", server.port, timeout=5)
        with pytest.raises(ssl.SSLCertVerificationError, match="certificate verify failed"):
            conn.request("GET", "/")


def test_wrong_host_is_refused(ca) -> None:  # type: ignore[no-untyped-def]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("other.example").configure_cert(ctx)
    with ScriptedServer([[RECV, OK, CLOSE]], ssl_context=ctx) as server:
        conn = RS.HTTPSConnection("localhost", server.port, timeout=5, context=trusting(ca))
        with pytest.raises(ssl.SSLCertVerificationError, match="match|mismatch"):
            conn.request("GET", "/")


def test_mutual_tls_with_context_and_with_legacy_key_file(ca, server_context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server_context.verify_mode = ssl.CERT_REQUIRED
    ca.configure_trust(server_context)
    client_cert = ca.issue_cert("client.example")
    cert_file, key_file = tmp_path / "client.pem", tmp_path / "client.key"
    client_cert.cert_chain_pems[0].write_to_path(str(cert_file))
    client_cert.private_key_pem.write_to_path(str(key_file))
    with ScriptedServer([[RECV, OK, CLOSE]], ssl_context=server_context) as server:
        ctx = trusting(ca)
        ctx.load_cert_chain(str(cert_file), str(key_file))
        conn = RS.HTTPSConnection("localhost", server.port, timeout=5, context=ctx)
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"ok"
        conn.close()

        with pytest.warns(DeprecationWarning, match="key_file, cert_file and check_hostname"):
            conn = RS.HTTPSConnection("localhost", server.port, key_file=str(key_file),
                                      cert_file=str(cert_file), timeout=5, context=trusting(ca))
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"ok"
        conn.close()
        subjects = [dict(x[0] for x in t["peercert"]["subject"]) for t in server.tls]
        assert all("client.example" in str(s) or s for s in subjects)
        assert all(t["peercert"] for t in server.tls)

        # Without the client certificate the server refuses the handshake.
        conn = RS.HTTPSConnection("localhost", server.port, timeout=5, context=trusting(ca))
        with pytest.raises((ssl.SSLError, ConnectionError)):
            conn.request("GET", "/")
            conn.getresponse()


def test_legacy_check_hostname_parameter(ca, server_context) -> None:  # type: ignore[no-untyped-def]
    with ScriptedServer([[RECV, OK, CLOSE]], ssl_context=server_context) as server:
        with pytest.warns(DeprecationWarning):
            conn = RS.HTTPSConnection("127.0.0.2", server.port, timeout=5,
                                      context=trusting(ca), check_hostname=False)
        assert conn._context.check_hostname is False
        conn._create_connection = lambda addr, *a: __import__("socket").create_connection(
            ("127.0.0.1", server.port), *a)
        conn.request("GET", "/")  # certificate not for 127.0.0.2: accepted, as asked
        assert conn.getresponse().read() == b"ok"
        conn.close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        with pytest.raises(ValueError, match="check_hostname needs a SSL context"):
            RS.HTTPSConnection("localhost", context=ctx, check_hostname=True)


def test_https_defaults_match_stdlib() -> None:
    ours, theirs = RS.HTTPSConnection("localhost"), STD.HTTPSConnection("localhost")
    assert ours.default_port == theirs.default_port == 443
    assert ours._context.verify_mode == theirs._context.verify_mode == ssl.CERT_REQUIRED
    assert ours._context.check_hostname is theirs._context.check_hostname is True
    assert ours._context.post_handshake_auth == theirs._context.post_handshake_auth


def test_tls_responses_read_through_recv_and_release_the_socket(ca, server_context) -> None:  # type: ignore[no-untyped-def]
    """Over TLS the core reads with the SSLSocket's own recv_into (not makefile()), holds
    an io reference while the response is open, and gives it back: the connection's
    close() then really closes the socket, as with http.client's makefile reader."""
    big = b"HTTP/1.1 200 OK\r\nContent-Length: 300000\r\n\r\n" + bytes(range(256)) * 1171 + b"x" * 224
    slow_head = [b"HTTP/1.1 200 OK\r\nContent-Le", ("sleep", 0.05), b"ngth: 3\r\n\r\nabc"]
    last = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"
    with ScriptedServer([[RECV, big, RECV, *slow_head, RECV, last, CLOSE]],
                        ssl_context=server_context) as server:
        conn = RS.HTTPSConnection("localhost", server.port, timeout=5, context=trusting(ca))
        conn.request("GET", "/big")
        resp = conn.getresponse()
        sock = conn.sock
        assert type(resp.fp).__name__ == "SocketReader" and sock._io_refs == 1
        body = resp.read()
        assert len(body) == 300000 and body[:256] == bytes(range(256)) and sock._io_refs == 0
        conn.request("GET", "/slow")  # a head split across TLS records and time
        assert conn.getresponse().read() == b"abc"
        conn.request("GET", "/")
        resp = conn.getresponse()  # Connection: close hands the socket to the response
        assert conn.sock is None and sock._io_refs == 1
        assert sock.fileno() != -1  # the open response still holds the socket
        assert resp.read() == b"ok"
        assert sock.fileno() == -1


def test_body_until_close_ends_at_a_ragged_tls_eof_as_in_the_stdlib(ca, server_context) -> None:  # type: ignore[no-untyped-def]
    """A body framed by the end of the connection, the server closing TCP without a TLS
    close_notify: the core reads through the SSL object itself, and the ragged EOF is
    the end of the body (wrap_socket's suppress_ragged_eofs), as in http.client."""
    until_close = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + b"y" * 70000
    seen = {}
    for module in (RS, STD):
        with ScriptedServer([[RECV, until_close, CLOSE]], ssl_context=server_context) as server:
            conn = module.HTTPSConnection("localhost", server.port, timeout=5,
                                          context=trusting(ca))
            conn.request("GET", "/")
            resp = conn.getresponse()
            assert resp.length is None and resp.will_close
            seen[module.__name__] = (resp.read(), resp.read(), resp.isclosed())
    assert seen["httplib_rs.client"] == seen["http.client"] == (b"y" * 70000, b"", True)
