"""Writes the committed seed corpus: realistic responses (servers, CDNs, chunked, 1xx,
many headers) for the response targets, and request parts for the serialiser.

    python fuzz/make_corpus.py
"""

from __future__ import annotations

import hashlib
from pathlib import Path

HERE = Path(__file__).resolve().parent

RESPONSES = [
    b"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Sun, 29 Nov 2026 22:30:00 GMT\r\n"
    b"Content-Type: text/html\r\nContent-Length: 13\r\nConnection: keep-alive\r\n"
    b"ETag: \"6565-d\"\r\nAccept-Ranges: bytes\r\n\r\nHello, World!",
    b"HTTP/1.1 200 OK\r\nDate: Sun, 29 Nov 2026 22:30:00 GMT\r\nServer: Apache/2.4.57 (Debian)\r\n"
    b"Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\nVary: Accept-Encoding\r\n"
    b"Transfer-Encoding: chunked\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
    b"7\r\nMozilla\r\n11;name=value\r\nDeveloper Network\r\n0\r\nExpires: never\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCF-RAY: 8d1f2c3b4a5e6f70-FRA\r\n"
    b"CF-Cache-Status: HIT\r\nAge: 42\r\nCache-Control: public, max-age=3600\r\n"
    b"Server: cloudflare\r\nalt-svc: h3=\":443\"; ma=86400\r\nContent-Length: 2\r\n\r\n{}",
    b"HTTP/1.1 304 Not Modified\r\nX-Cache: Hit from cloudfront\r\nVia: 1.1 abc.cloudfront.net "
    b"(CloudFront)\r\nX-Amz-Cf-Pop: FRA56-P1\r\nX-Amz-Cf-Id: Ab12Cd34==\r\nContent-Length: 500\r\n\r\n",
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nLocation: /items/1\r\n"
    b"Content-Length: 0\r\n\r\n",
    b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n\r\n"
    b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody",
    b"HTTP/1.0 200 OK\r\nServer: BaseHTTP/0.6 Python/3.11.7\r\nContent-type: text/html\r\n\r\n"
    b"until close",
    b"HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\n\r\n",
    b"HTTP/1.1 301 Moved Permanently\r\nLocation: https://example.com/\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 404 Not Found\r\nX-Akamai-Request-ID: 1a2b3c\r\nSet-Cookie: a=1; Path=/\r\n"
    b"Set-Cookie: b=2; HttpOnly\r\nContent-Length: 9\r\n\r\nnot found",
    b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-Header-%d: value-%d\r\n" % (i, i) for i in range(40))
    + b"Content-Length: 0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    + b"".join(b"1\r\n%c\r\n" % (97 + i % 26) for i in range(64)) + b"0\r\n\r\n",
    b"HTTP/1.1 200 OK\nContent-Length: 2\n\nok",
    b"HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    b"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
]

CHUNKED_BODIES = [
    b"5\r\nhello\r\n0\r\n\r\n",
    b"a;ext=1;other=\"q\"\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n",
    b"1\r\nx\r\n1\r\ny\r\n0\r\n\r\n",
    b"00000003\r\nabc\r\n0\r\n\r\n",
    b"7fffffffffffffff\r\nab",
]

REQUESTS = [
    b"GET\xff/\xffHost\xffexample.com\xffAccept-Encoding\xffidentity",
    b"POST\xff/form?a=1\xffContent-Type\xffapplication/x-www-form-urlencoded\xffContent-Length\xff7",
    b"PUT\xff/file\xffX-Folded\xffa\r\n b",
]


def write(target: str, items: list[bytes], prefix: bytes = b"") -> None:
    d = HERE / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    for item in items:
        data = prefix + item
        (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


if __name__ == "__main__":
    write("head_parser", RESPONSES)
    write("differential_httparse", RESPONSES)
    write("response_split", RESPONSES, prefix=b"\x03\x20\x80\xc0")
    write("chunked_decoder", CHUNKED_BODIES, prefix=b"\x05")
    write("request_head", REQUESTS)
