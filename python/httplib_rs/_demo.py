"""The original httplib documentation's example sessions, against a local server.

``python -m httplib_rs demo`` starts an embedded HTTP/1.1 server on 127.0.0.1, runs
the four sessions (two GETs on one kept-alive connection, HEAD, a form POST, a PUT)
through ``httplib_rs.client``, prints what they print, then runs them again through
the stdlib's ``http.client`` and says whether the transcripts are identical.
"""

from __future__ import annotations

import io
import threading
import urllib.parse
from contextlib import redirect_stdout
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType
from typing import Mapping

DEFAULT_PATHS = {"index": "/", "missing": "/parrot.spam", "form": "", "put": "/file"}


def run_sessions(client: ModuleType, host: str, port: int,
                 paths: Mapping[str, str] = DEFAULT_PATHS) -> None:
    """The doc's four sessions, printing what the doc shows (bodies abridged)."""
    print(">>> conn = http.client.HTTPConnection(%r, %d)" % (host, port))
    conn = client.HTTPConnection(host, port, timeout=10)
    conn.request("GET", paths["index"])
    r1 = conn.getresponse()
    print(r1.status, r1.reason)
    data1 = r1.read()  # the entire content
    print("read()", len(data1), "bytes")
    conn.request("GET", paths["index"])  # same kept-alive connection
    r1 = conn.getresponse()
    chunks = 0
    while chunk := r1.read(200):
        chunks += 1
        print(repr(chunk[:40]) + ("..." if len(chunk) > 40 else ""))
    print("read(200) returned", chunks, "chunks")
    conn.request("GET", paths["missing"])
    r2 = conn.getresponse()
    print(r2.status, r2.reason)
    data2 = r2.read()
    print("404 body", len(data2), "bytes")
    conn.close()

    print(">>> HEAD")
    conn = client.HTTPConnection(host, port, timeout=10)
    conn.request("HEAD", paths["index"])
    res = conn.getresponse()
    print(res.status, res.reason)
    data = res.read()
    print(len(data))
    print(data == b"")
    conn.close()

    print(">>> POST")
    params = urllib.parse.urlencode({"@number": 12524, "@type": "issue", "@action": "show"})
    headers = {"Content-type": "application/x-www-form-urlencoded", "Accept": "text/plain"}
    conn = client.HTTPConnection(host, port, timeout=10)
    conn.request("POST", paths["form"], params, headers)
    response = conn.getresponse()
    print(response.status, response.reason)
    print(response.read())
    conn.close()

    print(">>> PUT")
    body = "***filecontents***"
    conn = client.HTTPConnection(host, port, timeout=10)
    conn.request("PUT", paths["put"], body)
    response = conn.getresponse()
    print(response.status, response.reason)
    response.read()
    conn.close()


class DemoHandler(BaseHTTPRequestHandler):
    """Plays the servers of the doc's sessions (python.org, bugs.python.org, a PUT)."""

    protocol_version = "HTTP/1.1"
    server_version = "httplib_rs-demo"
    page = b"<!doctype html>\n<html><head><title>Welcome</title></head>" \
           b"<body>" + b"<p>The demo page of httplib_rs.</p>\n" * 20 + b"</body></html>\n"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _reply(self, code: int, body: bytes, extra: Mapping[str, str] = {}) -> None:
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_GET(self) -> None:
        if self.path == "/":
            self._reply(200, self.page)
        else:
            self._reply(404, b"<h1>Not Found</h1>\n")

    do_HEAD = do_GET

    def do_POST(self) -> None:
        form = urllib.parse.parse_qs(self._body().decode())
        number = form.get("@number", ["0"])[0]
        url = "https://bugs.python.org/issue%s" % number
        body = ('Redirecting to <a href="%s">%s</a>' % (url, url)).encode()
        self._reply(302, body, {"Location": url})

    def do_PUT(self) -> None:
        self._body()
        self._reply(200, b"")


def start_server() -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), DemoHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def transcript(client: ModuleType, port: int, paths: Mapping[str, str] = DEFAULT_PATHS) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        run_sessions(client, "127.0.0.1", port, paths)
    return out.getvalue()


def main() -> int:
    import http.client as std

    from . import client

    server = start_server()
    port = server.server_address[1]
    try:
        print("# httplib_rs demo: the httplib documentation's sessions against "
              "an embedded server on 127.0.0.1:%d\n" % port)
        ours = transcript(client, port)
        print(ours)
        theirs = transcript(std, port)
    finally:
        server.shutdown()
        server.server_close()
    if ours == theirs:
        print("# http.client prints exactly the same transcript.")
        return 0
    print("# DIFFERENT from http.client, which prints:\n" + theirs)
    return 1
