"""Hostile and broken responses and request inputs, drawn from published CVEs and
advisories for http.client, urllib3, llhttp/node, hyper/httparse, h11, netty, waitress
and curl. Each case names its source, asserts the exact outcome, runs against a real
socket server on 127.0.0.1 under a timeout (no hang), and the reuse cases check that
nothing smuggled reaches the next request.

Where http.client behaves differently (it accepted the input), `STDLIB` records what it
did; test_stdlib_behaviour_is_as_recorded keeps those notes true.
"""

from __future__ import annotations

import resource
import socket
import time
from dataclasses import dataclass
from typing import Any, Optional, Union

import pytest
from conftest import RS, STD
from servers import CLOSE, RECV, ScriptedServer
from test_differential import WrappedSocket

H = b"HTTP/1.1 200 OK\r\n"
CHUNKED = b"Transfer-Encoding: chunked\r\n"


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    raw: Union[bytes, Any]  # bytes, or a callable step for the scripted server
    expect: str  # "body:<repr>" or the exception class name
    strict: bool = False
    method: str = "GET"
    stdlib: Optional[str] = None  # what http.client does, when it differs


def body(b: bytes) -> str:
    return "body:" + repr(b)


CASES = [
    # --- Framing headers: refused in both modes ---------------------------------------
    Case("te-with-cl", "RFC 9112 6.3 p3 / 11.2 (CL.TE response smuggling)",
         H + CHUNKED + b"Content-Length: 5\r\n\r\n0\r\n\r\n", "InvalidResponse", stdlib=body(b"")),
    Case("cl-with-te", "RFC 9112 6.3 p3 (order reversed)",
         H + b"Content-Length: 3\r\n" + CHUNKED + b"\r\n3\r\nabc\r\n0\r\n\r\n", "InvalidResponse",
         stdlib=body(b"abc")),
    Case("te-with-cl-zero", "RFC 9112 6.3 p3",
         H + CHUNKED + b"Content-Length: 0\r\n\r\n0\r\n\r\n", "InvalidResponse", stdlib=body(b"")),
    Case("te-gzip-chunked", "CVE-2019-16786 (waitress: TE other than a lone 'chunked' fell back to CL)",
         H + b"Transfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
         "UnknownTransferEncoding", stdlib=body(b"3\r\nabc\r\n0\r\n\r\n")),
    Case("te-chunked-gzip", "RFC 9112 6.3 p4 (final coding not chunked)",
         H + b"Transfer-Encoding: chunked, gzip\r\n\r\n3\r\nabc\r\n0\r\n\r\n", "UnknownTransferEncoding"),
    Case("te-identity", "RFC 9112 (identity coding removed), CVE-2019-16786",
         H + b"Transfer-Encoding: identity\r\nContent-Length: 3\r\n\r\nabc", "InvalidResponse"),
    Case("te-identity-alone", "RFC 9112 6.3", H + b"Transfer-Encoding: identity\r\n\r\nabc",
         "UnknownTransferEncoding"),
    Case("te-twice", "CVE-2020-8287 (llhttp: duplicate Transfer-Encoding), CVE-2021-21299 (hyper)",
         H + CHUNKED + CHUNKED + b"\r\n3\r\nabc\r\n0\r\n\r\n", "UnknownTransferEncoding"),
    Case("te-chunked-chunked", "CVE-2021-21299 (hyper: multiple codings read as chunked)",
         H + b"Transfer-Encoding: chunked, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", "UnknownTransferEncoding"),
    Case("te-then-identity", "CVE-2022-32213 (llhttp: Transfer-Encoding parsing flaws)",
         H + CHUNKED + b"Transfer-Encoding: identity\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
         "UnknownTransferEncoding"),
    Case("te-vertical-tab", "CVE-2020-7238 (netty trimmed non-OWS whitespace around 'chunked')",
         H + b"Transfer-Encoding: \x0bchunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", "UnknownTransferEncoding"),
    Case("te-form-feed", "CVE-2020-7238", H + b"Transfer-Encoding: chunked\x0c\r\n\r\n0\r\n\r\n",
         "UnknownTransferEncoding"),
    Case("te-ows-ok", "RFC 9110 5.6.1 (OWS around list elements is fine)",
         H + b"Transfer-Encoding:  chunked \t\r\n\r\n3\r\nabc\r\n0\r\n\r\n", body(b"abc"),
         stdlib=body(b"3\r\nabc\r\n0\r\n\r\n")),
    Case("te-upper-ok", "RFC 9112 7 (codings are case-insensitive)",
         H + b"Transfer-Encoding: CHUNKED\r\n\r\n3\r\nabc\r\n0\r\n\r\n", body(b"abc")),
    Case("te-suffix", "CVE-2019-15605 (node: malformed Transfer-Encoding)",
         H + b"Transfer-Encoding: chunkedx\r\n\r\n0\r\n\r\n", "UnknownTransferEncoding"),
    Case("te-prefix", "CVE-2019-15605", H + b"Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
         "UnknownTransferEncoding"),
    Case("cl-plus", "CVE-2021-32715 (hyper accepted a '+' in Content-Length)",
         H + b"Content-Length: +3\r\n\r\nabc", "InvalidResponse", stdlib=body(b"abc")),
    Case("cl-hex", "CVE-2021-32715 (lenient Content-Length parsing)",
         H + b"Content-Length: 0x3\r\n\r\nabc", "InvalidResponse", stdlib=body(b"abc")),
    Case("cl-underscore", "Python int() accepts '1_0'", H + b"Content-Length: 0_3\r\n\r\nabc",
         "InvalidResponse", stdlib=body(b"abc")),
    Case("cl-negative", "RFC 9110 8.6 (1*DIGIT)", H + b"Content-Length: -1\r\n\r\nabc",
         "InvalidResponse", stdlib=body(b"abc")),
    Case("cl-inner-space", "CVE-2018-7159 (node ignored spaces inside Content-Length)",
         H + b"Content-Length: 1 2\r\n\r\nabc", "InvalidResponse", stdlib=body(b"abc")),
    Case("cl-over-63-bits", "CVE-2021-32714 class (length overflow)",
         H + b"Content-Length: 9223372036854775808\r\n\r\nabc", "InvalidResponse"),
    Case("cl-20-digits", "length overflow", H + b"Content-Length: 99999999999999999999\r\n\r\nabc",
         "InvalidResponse"),
    Case("cl-two-different", "CVE-2019-16792 (waitress: two Content-Length fields)",
         H + b"Content-Length: 3\r\nContent-Length: 5\r\n\r\nabcde", "InvalidResponse",
         stdlib=body(b"abc")),
    Case("cl-list-different", "RFC 9110 8.6 (differing list values are unrecoverable)",
         H + b"Content-Length: 3, 5\r\n\r\nabcde", "InvalidResponse", stdlib=body(b"abcde")),
    Case("cl-list-same-ok", "RFC 9110 8.6 (identical values may be collapsed)",
         H + b"Content-Length: 3, 3\r\n\r\nabc", body(b"abc"), stdlib=body(b"abc")),
    Case("cl-twice-same-ok", "RFC 9110 8.6", H + b"Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
         body(b"abc")),
    Case("cl-empty", "RFC 9110 8.6", H + b"Content-Length:\r\n\r\nabc", "InvalidResponse",
         stdlib=body(b"abc")),
    Case("cl-vertical-tab", "CVE-2020-7238 class (non-OWS whitespace)",
         H + b"Content-Length: 3\x0b\r\n\r\nabc", "InvalidResponse", stdlib=body(b"abc")),
    # --- Chunked bodies ----------------------------------------------------------------
    Case("chunk-0x-prefix", "CVE-2022-24761 (waitress parsed chunk sizes with int(x, 16))",
         H + CHUNKED + b"\r\n0x3\r\nabc\r\n0\r\n\r\n", "IncompleteRead", stdlib=body(b"abc")),
    Case("chunk-plus", "CVE-2022-24761", H + CHUNKED + b"\r\n+3\r\nabc\r\n0\r\n\r\n", "IncompleteRead",
         stdlib=body(b"abc")),
    Case("chunk-negative", "CVE-2022-24761", H + CHUNKED + b"\r\n-1\r\nabc\r\n0\r\n\r\n",
         "IncompleteRead"),
    Case("chunk-underscore", "CVE-2022-24761", H + CHUNKED + b"\r\n1_0\r\n" + b"a" * 16 + b"\r\n0\r\n\r\n",
         "IncompleteRead", stdlib=body(b"a" * 16)),
    Case("chunk-overflow", "CVE-2021-32714 (hyper: chunk size integer overflow)",
         H + CHUNKED + b"\r\n10000000000000003\r\nabc\r\n0\r\n\r\n", "IncompleteRead"),
    Case("chunk-over-63-bits", "CVE-2021-32714", H + CHUNKED + b"\r\nffffffffffffffff\r\nabc\r\n",
         "IncompleteRead"),
    Case("chunk-empty-size", "RFC 9112 7.1", H + CHUNKED + b"\r\n\r\nabc\r\n0\r\n\r\n", "IncompleteRead"),
    Case("chunk-size-garbage", "RFC 9112 7.1", H + CHUNKED + b"\r\n3z\r\nabc\r\n0\r\n\r\n",
         "IncompleteRead"),
    Case("chunk-no-crlf-after-data", "CVE-2025-43859 (h11: chunk data not followed by CRLF)",
         H + CHUNKED + b"\r\n3\r\nabcXX0\r\n\r\n", "IncompleteRead", stdlib=body(b"abc")),
    Case("chunk-smuggled-after-data", "CVE-2025-43859 (two bytes after data were discarded)",
         H + CHUNKED + b"\r\n3\r\nabcXX5\r\nhello\r\n0\r\n\r\n", "IncompleteRead",
         stdlib=body(b"abchello")),
    Case("chunk-cr-then-junk", "CVE-2025-43859", H + CHUNKED + b"\r\n3\r\nabc\rX0\r\n\r\n",
         "IncompleteRead"),
    Case("chunk-bare-cr-in-size", "CVE-2023-30589 class (bare CR)",
         H + CHUNKED + b"\r\n3\r\r\nabc\r\n0\r\n\r\n", "IncompleteRead"),
    Case("chunk-extensions-flood", "RFC 9112 7.1.1 (limit chunk extensions)",
         H + CHUNKED + b"\r\n" + (b"1;" + b"e" * 1000 + b"\r\nx\r\n") * 20 + b"0\r\n\r\n",
         "HTTPException"),
    Case("chunk-ext-nul", "NUL in chunk extension", H + CHUNKED + b"\r\n3;a=\x00\r\nabc\r\n0\r\n\r\n",
         "IncompleteRead"),
    Case("trailer-flood", "CVE-2023-38039 (curl: unbounded header memory)",
         H + CHUNKED + b"\r\n0\r\n" + b"T: v\r\n" * 150 + b"\r\n", "HTTPException", stdlib=body(b"")),
    Case("trailer-bytes", "CVE-2023-38039", H + CHUNKED + b"\r\n0\r\n"
         + b"".join(b"T%d: %s\r\n" % (i, b"v" * 1000) for i in range(70)) + b"\r\n", "HTTPException"),
    Case("trailer-line-too-long", "http.client _MAXLINE", H + CHUNKED + b"\r\n0\r\nT: " + b"v" * 70000
         + b"\r\n\r\n", "LineTooLong", stdlib="LineTooLong"),
    Case("chunk-size-line-too-long", "http.client _MAXLINE", H + CHUNKED + b"\r\n3;" + b"e" * 70000
         + b"\r\nabc\r\n0\r\n\r\n", "LineTooLong", stdlib="LineTooLong"),
    Case("chunk-eof-mid-data", "truncated body", H + CHUNKED + b"\r\n5\r\nab", "IncompleteRead",
         stdlib="IncompleteRead"),
    Case("chunk-lf-only-lenient", "lenient like llhttp's default", H + CHUNKED + b"\r\n3\nabc\n0\n\n",
         body(b"abc")),
    Case("chunk-lf-only-strict", "CVE-2022-32214 (llhttp: bare LF accepted as line end)",
         H + CHUNKED + b"\r\n3\nabc\n0\n\n", "IncompleteRead", strict=True),
    # --- Header lines ------------------------------------------------------------------
    Case("bare-cr-splits-header", "CVE-2023-30589 (llhttp: CR alone as header delimiter)",
         H + b"X-A: a\rContent-Length: 0\r\n\r\n", "InvalidResponse"),
    Case("bare-cr-smuggles-te", "CVE-2023-30589", H + b"X-A: a\rTransfer-Encoding: chunked\r\n"
         b"Content-Length: 3\r\n\r\nabc", "InvalidResponse"),
    Case("cr-cr-lf", "CVE-2022-35256 (llhttp: fields not terminated by CRLF)",
         H + b"X-A: a\r\r\nContent-Length: 0\r\n\r\n", "InvalidResponse"),
    Case("cr-then-end", "CVE-2025-23167 (llhttp: \\r\\n\\rX ended the head)",
         H + b"X-A: a\r\n\rX\r\nContent-Length: 0\r\n\r\n", "InvalidResponse"),
    Case("nul-in-value", "NUL truncation in C consumers", H + b"X-A: a\x00b\r\nContent-Length: 0\r\n\r\n",
         "InvalidResponse", stdlib=body(b"")),
    Case("nul-in-name", "NUL truncation", H + b"X\x00A: a\r\nContent-Length: 0\r\n\r\n",
         "InvalidResponse"),
    Case("header-line-too-long", "http.client _MAXLINE", H + b"X: " + b"a" * 70000 + b"\r\n\r\n",
         "LineTooLong", stdlib="LineTooLong"),
    Case("status-line-too-long", "http.client _MAXLINE", b"HTTP/1.1 200 " + b"a" * 70000 + b"\r\n\r\n",
         "LineTooLong", stdlib="LineTooLong"),
    Case("too-many-headers", "CVE-2023-38039, http.client _MAXHEADERS",
         H + b"X: v\r\n" * 100 + b"\r\n", "HTTPException", stdlib="HTTPException"),
    Case("obs-fold-te-lenient", "CVE-2022-32215 (llhttp: multi-line Transfer-Encoding)",
         H + b"Transfer-Encoding: x\r\n chunked\r\n\r\n0\r\n\r\n", "UnknownTransferEncoding"),
    Case("obs-fold-strict", "CVE-2022-32215, RFC 9112 5.2", H + b"X: a\r\n b\r\nContent-Length: 0\r\n\r\n",
         "InvalidResponse", strict=True),
    Case("bare-lf-strict", "CVE-2022-32214 (llhttp: strict mode requires CRLF)",
         b"HTTP/1.1 200 OK\nContent-Length: 0\n\n", "BadStatusLine", strict=True),
    Case("bare-lf-header-strict", "CVE-2022-32214", H + b"Content-Length: 0\n\r\n", "InvalidResponse",
         strict=True),
    Case("bare-lf-lenient-ok", "http.client leniency kept", b"HTTP/1.1 200 OK\nContent-Length: 2\n\nok",
         body(b"ok"), stdlib=body(b"ok")),
    Case("space-before-colon-strict", "CVE-2024-27982 (node), CVE-2019-16869 (netty)",
         H + b"Content-Length : 0\r\n\r\n", "InvalidResponse", strict=True),
    Case("space-before-colon-lenient", "CVE-2019-16869: the field is dropped and the body is read "
         "until close, so this client cannot desync", b"HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok",
         body(b"ok"), stdlib=body(b"ok")),
    Case("bad-name-strict", "RFC 9110 5.1 (field names are tokens)", H + b"X(a): 1\r\nContent-Length: 0\r\n\r\n",
         "InvalidResponse", strict=True),
    Case("ctl-in-value-strict", "RFC 9110 5.5", H + b"X: a\x01b\r\nContent-Length: 0\r\n\r\n",
         "InvalidResponse", strict=True),
    Case("no-blank-line-strict", "RFC 9112 2.1", H + b"Content-Length: 0\r\n", "InvalidResponse",
         strict=True),
    Case("status-600-strict", "RFC 9110 15 (status codes 100-599)", b"HTTP/1.1 600 X\r\nContent-Length: 0\r\n\r\n",
         "BadStatusLine", strict=True),
    Case("status-600-lenient", "http.client accepts 100-999", b"HTTP/1.1 600 X\r\nContent-Length: 0\r\n\r\n",
         body(b""), stdlib=body(b"")),
    Case("version-1.2-strict", "RFC 9112 2.3", b"HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n",
         "BadStatusLine", strict=True),
    Case("version-2-lenient", "http.client", b"HTTP/2.0 200 OK\r\n\r\n", "UnknownProtocol",
         stdlib="UnknownProtocol"),
    Case("status-plus-strict", "RFC 9112 4 (3DIGIT)", b"HTTP/1.1 +200 OK\r\nContent-Length: 0\r\n\r\n",
         "BadStatusLine", strict=True),
    Case("empty-response", "http.client", b"", "RemoteDisconnected", stdlib="RemoteDisconnected"),
    Case("garbage-status", "http.client", b"garbage\r\n\r\n", "BadStatusLine", stdlib="BadStatusLine"),
    # --- Interim responses -------------------------------------------------------------
    Case("early-hints-skipped", "RFC 8297 (103 Early Hints); http.client returned the 103",
         b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n" + H + b"Content-Length: 2\r\n\r\nok",
         body(b"ok"), stdlib=body(b"")),
    Case("continue-then-hints", "RFC 9110 15.2", b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 EH\r\n\r\n"
         + H + b"Content-Length: 2\r\n\r\nok", body(b"ok")),
    Case("too-many-continues", "CVE-2021-3737 (http.client: endless 100 Continue)",
         b"HTTP/1.1 100 Continue\r\n\r\n" * 40 + H + b"Content-Length: 0\r\n\r\n", "HTTPException",
         stdlib=body(b"")),
    Case("interim-with-body-length", "RFC 9110 15.2 (1xx has no content)",
         b"HTTP/1.1 102 Processing\r\nContent-Length: 5\r\n\r\n" + H + b"Content-Length: 2\r\n\r\nok",
         body(b"ok")),
    Case("interim-bare-cr", "CVE-2023-30589 in an interim head",
         b"HTTP/1.1 103 EH\r\nLink: a\rX: b\r\n\r\n" + H + b"Content-Length: 0\r\n\r\n", "InvalidResponse"),
    Case("switching-protocols-final", "RFC 9110 15.2.2", b"HTTP/1.1 101 Switching Protocols\r\n\r\n",
         body(b""), stdlib=body(b"")),
    # --- Bodyless responses ------------------------------------------------------------
    Case("204-with-chunked", "RFC 9112 6.3 p1 (204 has no body)", b"HTTP/1.1 204 No Content\r\n"
         + CHUNKED + b"\r\n", body(b""), stdlib="IncompleteRead"),
    Case("304-with-length", "RFC 9112 6.3 p1", b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n",
         body(b""), stdlib=body(b"")),
    Case("head-with-chunked", "RFC 9112 6.3 p1 (HEAD)", H + CHUNKED + b"\r\n", body(b""), method="HEAD",
         stdlib=body(b"")),
    Case("head-with-te-and-cl", "RFC 9112 6.3 (no body, so no framing to disagree on)",
         H + CHUNKED + b"Content-Length: 5\r\n\r\n", body(b""), method="HEAD"),
]


def run_case(module: Any, case: Case, general: bool = False) -> tuple[str, float]:
    with ScriptedServer([[RECV, case.raw, CLOSE]]) as server:
        kwargs = {"strict": True} if case.strict else {}
        conn = module.HTTPConnection("127.0.0.1", server.port, timeout=3, **kwargs)
        if general:  # the path TLS sockets take: read through makefile()
            conn.sock = WrappedSocket(socket.create_connection(("127.0.0.1", server.port), 3))
        start = time.monotonic()
        try:
            conn.request(case.method, "/")
            outcome = body(conn.getresponse().read())
        except Exception as exc:  # noqa: BLE001 - the class is the outcome
            outcome = type(exc).__name__
        finally:
            conn.close()
        return outcome, time.monotonic() - start


def test_at_least_80_cases_with_sources() -> None:
    assert len(CASES) + len(REQUEST_CASES) >= 80
    assert len({c.id for c in CASES}) == len(CASES)
    assert all(c.source for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_response(case: Case) -> None:
    outcome, elapsed = run_case(RS, case)
    assert outcome == case.expect, case.source
    assert elapsed < 2.5  # refused on the bytes, never by waiting for the timeout


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_response_on_the_general_path(case: Case) -> None:
    """The same outcome when the socket is read through makefile() (TLS, doubles)."""
    outcome, elapsed = run_case(RS, case, general=True)
    assert outcome == case.expect, case.source
    assert elapsed < 2.5


@pytest.mark.parametrize("case", [c for c in CASES if c.stdlib and not c.strict],
                         ids=[c.id for c in CASES if c.stdlib and not c.strict])
def test_stdlib_behaviour_is_as_recorded(case: Case) -> None:
    """The notes on what http.client does are checked against the stdlib itself."""
    outcome, _ = run_case(STD, case)
    assert outcome == case.stdlib


# --- Reuse: nothing smuggled reaches the next request --------------------------------

SECOND = b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond"
SMUGGLED = b"HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled"


@pytest.mark.parametrize("first", [
    # Response splitting: bytes past the framed end (CVE-2023-30589 class, RFC 9112 11.1).
    H + b"Content-Length: 2\r\n\r\nok" + SMUGGLED,
    H + CHUNKED + b"\r\n2\r\nok\r\n0\r\n\r\n" + SMUGGLED,
    # A 204 whose "body" is a smuggled response (RFC 9112 6.3 p1).
    b"HTTP/1.1 204 No Content\r\nContent-Length: 47\r\n\r\n" + SMUGGLED,
], ids=["after-length", "after-chunked", "after-204"])
def test_smuggled_bytes_never_become_the_next_response(first: bytes) -> None:
    script1 = [RECV, first, RECV, SECOND, CLOSE]
    with ScriptedServer([script1, [RECV, SECOND, CLOSE]]) as server:
        conn = RS.HTTPConnection("127.0.0.1", server.port, timeout=3)
        conn.request("GET", "/1")
        conn.getresponse().read()
        conn.request("GET", "/2")
        assert conn.getresponse().read() == b"second"
        conn.close()


@pytest.mark.parametrize("module", [RS, STD], ids=["httplib_rs", "stdlib"])
def test_smuggled_bytes_arriving_after_the_response(module: Any) -> None:
    """Bytes that arrive after a complete response, before the next request: the
    stdlib reads them as the next response; httplib_rs sees them waiting and opens a
    new connection."""
    first = H + b"Content-Length: 2\r\n\r\nok"
    script1 = [RECV, first, ("sleep", 0.2), SMUGGLED, RECV, SECOND, CLOSE]
    with ScriptedServer([script1, [RECV, SECOND, CLOSE]]) as server:
        conn = module.HTTPConnection("127.0.0.1", server.port, timeout=3)
        conn.request("GET", "/1")
        assert conn.getresponse().read() == b"ok"
        time.sleep(0.5)
        conn.request("GET", "/2")
        got = conn.getresponse().read()
        conn.close()
    assert got == (b"second" if module is RS else b"smuggled")


@pytest.mark.parametrize("read", ["close-early", "chunked-exact-then-close"])
def test_response_closed_before_its_end_does_not_poison_the_connection(read: str) -> None:
    big = H + b"Content-Length: 10\r\n\r\n0123456789"
    chunked = H + CHUNKED + b"\r\n4\r\nabcd\r\n0\r\n\r\n"
    first = big if read == "close-early" else chunked
    with ScriptedServer([[RECV, first, RECV, SECOND, CLOSE], [RECV, SECOND, CLOSE]]) as server:
        conn = RS.HTTPConnection("127.0.0.1", server.port, timeout=3)
        conn.request("GET", "/1")
        resp = conn.getresponse()
        resp.read(4)  # all of the chunk data, but not the last chunk
        resp.close()
        conn.request("GET", "/2")
        assert conn.getresponse().read() == b"second"
        assert server.connections == 2  # a fresh connection, not the leftovers
        conn.close()


# --- Memory follows what is sent, not what is declared; nothing waits forever ---------

def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("raw", [
    H + b"Content-Length: 9223372036854775807\r\n\r\n" + b"x" * 100,
    H + CHUNKED + b"\r\n7fffffffffffffff\r\n" + b"x" * 100,
], ids=["declared-8-EiB-length", "declared-8-EiB-chunk"])
def test_declared_huge_lengths_allocate_only_what_arrives(raw: bytes) -> None:
    before = peak_rss_mib()
    with ScriptedServer([[RECV, raw, CLOSE]]) as server:
        conn = RS.HTTPConnection("127.0.0.1", server.port, timeout=3)
        conn.request("GET", "/")
        resp = conn.getresponse()
        with pytest.raises(RS.IncompleteRead) as info:
            resp.read()
        conn.close()
    # http.client 3.11 tries to allocate the declared size in one go (gh-119451).
    assert peak_rss_mib() - before < 64
    assert len(info.value.partial) <= 100


def endless(chunk: bytes, seconds: float = 2.0) -> Any:
    def send(conn: socket.socket) -> None:
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                conn.sendall(chunk)
        except OSError:
            pass
    return send


@pytest.mark.parametrize("stream,expect", [
    (endless(b"HTTP/1.1 100 Continue\r\n\r\n"), "HTTPException"),  # CVE-2021-3737
    (endless(b"a" * 4096), "BadStatusLine"),  # a status line that never ends
    ([H, endless(b"X: y\r\n")], "HTTPException"),  # header lines that never end
    ([H, endless(b"y" * 4096)], "LineTooLong"),  # one header line that never ends
    ([H + CHUNKED + b"\r\n", endless(b"1\r\nx\r\n")], "timeout-or-body"),
], ids=["endless-100", "endless-status", "endless-headers", "endless-line", "endless-chunks"])
def test_endless_streams_end_in_an_exception(stream: Any, expect: str) -> None:
    steps = stream if isinstance(stream, list) else [stream]
    with ScriptedServer([[RECV, *steps, CLOSE]]) as server:
        conn = RS.HTTPConnection("127.0.0.1", server.port, timeout=3)
        conn.request("GET", "/")
        start = time.monotonic()
        try:
            resp = conn.getresponse()
            got = resp.read(1 << 20)
            outcome = "timeout-or-body" if got else "empty"
        except Exception as exc:  # noqa: BLE001
            outcome = type(exc).__name__
        conn.close()
    if expect == "BadStatusLine":
        assert outcome in ("LineTooLong", "BadStatusLine")
    elif expect == "timeout-or-body":  # 1-byte chunks until the server gives up
        assert outcome in ("timeout-or-body", "IncompleteRead")
    else:
        assert outcome == expect
    assert time.monotonic() - start < 5


# --- Request side: refused before a single byte is sent --------------------------------

REQUEST_CASES: list[tuple[str, str, Any, str, Optional[str]]] = [
    # (id, source, action(conn), our exception, what http.client did if different)
    ("method-space", "method must be a token (request-line rewrite)",
     lambda c: c.request("GET /admin", "/"), "ValueError", "sent"),
    ("method-crlf", "CVE-2020-26116 (http.client: CRLF in method)",
     lambda c: c.request("GET\r\nX: y", "/"), "ValueError", None),
    ("method-empty", "RFC 9110 9.1", lambda c: c.request("", "/"), "ValueError", "sent"),
    ("method-tab", "RFC 9110 9.1", lambda c: c.request("GET\t", "/"), "ValueError", None),
    ("method-urllib3", "CVE-2020-26137 (urllib3: CRLF in method)",
     lambda c: (c.putrequest("GET\r\nInjected: 1", "/")), "ValueError", None),
    ("url-crlf", "CVE-2019-9740 (CRLF in URL)", lambda c: c.request("GET", "/?a=1\r\nX: y"),
     "InvalidURL", None),
    ("url-space", "CVE-2019-9947 (CRLF/space in path)", lambda c: c.request("GET", "/a b"),
     "InvalidURL", None),
    ("url-nul", "CVE-2019-9740", lambda c: c.request("GET", "/\x00"), "InvalidURL", None),
    ("url-urllib3", "CVE-2019-11236 (urllib3: CRLF in request path)",
     lambda c: c.putrequest("GET", "/\r\nHost: evil"), "InvalidURL", None),
    ("host-crlf", "CVE-2019-18348 (CRLF in host)",
     lambda c: RS.HTTPConnection("h\r\nX: y"), "InvalidURL", None),
    ("header-value-crlf", "CVE-2016-5699 (putheader CRLF injection)",
     lambda c: c.request("GET", "/", headers={"X": "a\r\nEvil: 1"}), "ValueError", None),
    ("header-value-lf", "CVE-2016-5699", lambda c: c.request("GET", "/", headers={"X": "a\nEvil: 1"}),
     "ValueError", None),
    ("header-value-cr", "CVE-2016-5699", lambda c: c.request("GET", "/", headers={"X": "a\rEvil: 1"}),
     "ValueError", None),
    ("header-value-nul", "NUL truncation", lambda c: c.request("GET", "/", headers={"X": "a\x00b"}),
     "ValueError", "sent"),
    ("header-name-space", "RFC 9110 5.1 (names are tokens)",
     lambda c: c.request("GET", "/", headers={"X Y": "1"}), "ValueError", "sent"),
    ("header-name-trailing-space", "CVE-2024-27982 ('Content-Length ' read differently)",
     lambda c: c.request("GET", "/", headers={"Content-Length ": "0"}), "ValueError", "sent"),
    ("header-name-colon", "RFC 9110 5.1", lambda c: c.request("GET", "/", headers={"X:Y": "1"}),
     "ValueError", None),
    ("header-name-paren", "RFC 9110 5.1", lambda c: c.request("GET", "/", headers={"X(Y)": "1"}),
     "ValueError", "sent"),
    ("header-name-crlf", "CVE-2016-5699", lambda c: c.request("GET", "/", headers={"X\r\nY": "1"}),
     "ValueError", None),
    ("putheader-list-crlf", "CVE-2016-5699",
     lambda c: (c.putrequest("GET", "/"), c.putheader("X", "ok", "b\r\nc")), "ValueError", None),
    ("tunnel-host-crlf", "CVE-2019-18348 class (tunnel host)",
     lambda c: c.set_tunnel("h\r\nX: y", 80), "InvalidURL", "sent"),
    ("tunnel-header-crlf", "CVE-2016-5699 class (tunnel headers)",
     lambda c: c.set_tunnel("h", 80, headers={"X": "a\r\nEvil: 1"}), "ValueError", "sent"),
    ("tunnel-header-name", "RFC 9110 5.1", lambda c: c.set_tunnel("h", 80, headers={"X Y": "1"}),
     "ValueError", "sent"),
]


@pytest.mark.parametrize("case", REQUEST_CASES, ids=[c[0] for c in REQUEST_CASES])
def test_hostile_request_input(case: tuple) -> None:
    _, source, action, expect, _stdlib = case
    with ScriptedServer([[RECV, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", CLOSE]]) as server:
        conn = RS.HTTPConnection("127.0.0.1", server.port, timeout=3)
        with pytest.raises(Exception) as info:
            action(conn)
            conn.request("GET", "/")  # for set_tunnel: the CONNECT would go out here
        assert type(info.value).__name__ == expect, source
        assert server.requests == []
        conn.close()
