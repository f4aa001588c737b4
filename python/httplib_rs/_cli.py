"""The ``httplib-rs`` command: a small curl-like client on httplib_rs.client.

Exit codes follow curl's for the failures that matter: 1 unsupported protocol, 3 bad
URL, 6 host not resolved, 7 connection failed, 8 weird server reply, 18 partial body,
22 HTTP error with --fail, 23 output write error, 26 data file read error, 28
timeout, 35 TLS handshake error, 52 empty reply, 56 receive error, 60 certificate not
verified. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import ssl
import sys
import time
import urllib.parse
from typing import IO, Any, Dict, List, Optional, Sequence, Tuple

from . import __version__, client

CHUNK = 64 * 1024


class CliError(Exception):
    """A failure with curl's exit code and a one-line message."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="httplib-rs",
        description="Fetch a URL with httplib_rs (http.client on a Rust core). "
                    "'httplib-rs demo' runs the httplib documentation's example sessions "
                    "against an embedded local server.")
    p.add_argument("url", help="http:// or https:// URL")
    p.add_argument("-X", "--request", metavar="METHOD", help="request method")
    p.add_argument("-H", "--header", action="append", default=[], metavar="'Name: value'",
                   help="extra request header (repeatable)")
    p.add_argument("-d", "--data", metavar="DATA",
                   help="body; @FILE reads FILE (CR/LF removed, as curl does); implies POST")
    p.add_argument("--data-binary", metavar="DATA", help="body as is; @FILE reads FILE")
    p.add_argument("-o", "--output", metavar="FILE", help="write the body to FILE")
    p.add_argument("-I", "--head", action="store_true", help="HEAD request, print headers")
    p.add_argument("-i", "--include", action="store_true", help="print the response headers")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="print the set_debuglevel(1) trace to stderr")
    p.add_argument("-f", "--fail", action="store_true", help="exit 22 on HTTP status >= 400")
    p.add_argument("-s", "--silent", action="store_true", help="no progress bar, no errors")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="per-operation socket timeout (default 30)")
    p.add_argument("--proxy", metavar="http://HOST:PORT",
                   help="HTTP proxy (CONNECT tunnel for https URLs)")
    p.add_argument("-k", "--insecure", action="store_true", help="do not verify TLS certificates")
    p.add_argument("--cacert", metavar="FILE", help="CA certificates to verify the server with")
    p.add_argument("--strict", action="store_true", help="parse the response by RFC 9112 strictly")
    p.add_argument("-V", "--version", action="version", version="httplib-rs " + __version__)
    return p.parse_args(argv)


def read_data(value: str, strip_newlines: bool) -> bytes:
    if not value.startswith("@"):
        return value.encode("utf-8")
    try:
        with open(value[1:], "rb") as f:
            data = f.read()
    except OSError as exc:
        raise CliError(26, f"Failed to open/read local data from file {value[1:]!r}: "
                           f"{exc.strerror}") from None
    return data.replace(b"\r", b"").replace(b"\n", b"") if strip_newlines else data


def tls_context(args: argparse.Namespace) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=args.cacert)
    if args.insecure:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


def connection(args: argparse.Namespace, url: urllib.parse.SplitResult) -> Tuple[Any, str]:
    """The connection to open and the request target to send."""
    target = url.path or "/"
    if url.query:
        target += "?" + url.query
    try:
        port = url.port
    except ValueError:
        raise CliError(3, f"URL using bad/illegal format: {url.geturl()!r}") from None
    host = url.hostname or ""
    kw: Dict[str, Any] = {"timeout": args.timeout, "strict": args.strict}
    if args.proxy:
        proxy = urllib.parse.urlsplit(args.proxy if "://" in args.proxy else "http://" + args.proxy)
        if proxy.scheme != "http" or not proxy.hostname:
            raise CliError(5, f"Unsupported proxy {args.proxy!r}")
        if url.scheme == "https":
            conn = client.HTTPSConnection(proxy.hostname, proxy.port or 1080,
                                          context=tls_context(args), **kw)
            conn.set_tunnel(host, port or 443)
            return conn, target
        return client.HTTPConnection(proxy.hostname, proxy.port or 1080, **kw), url.geturl()
    if url.scheme == "https":
        return client.HTTPSConnection(host, port, context=tls_context(args), **kw), target
    return client.HTTPConnection(host, port, **kw), target


class Progress:
    """A one-line progress bar on a terminal: bytes, rate, ETA."""

    def __init__(self, stream: IO[str], total: Optional[int]) -> None:
        self.stream, self.total, self.done = stream, total, 0
        self.start = self.last = time.monotonic()

    def update(self, n: int, final: bool = False) -> None:
        self.done += n
        now = time.monotonic()
        if not final and now - self.last < 0.1:
            return
        self.last = now
        rate = self.done / max(now - self.start, 1e-6)
        if self.total:
            pct = 100.0 * self.done / self.total
            eta = (self.total - self.done) / rate if rate else 0.0
            line = (f"{pct:5.1f}% {human(self.done)}/{human(self.total)} "
                    f"{human(rate)}/s ETA {eta:4.0f}s")
        else:
            line = f"{human(self.done)} {human(rate)}/s"
        self.stream.write("\r" + line.ljust(60) + ("\n" if final else ""))
        self.stream.flush()


def human(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"


def fetch(args: argparse.Namespace) -> int:
    url = urllib.parse.urlsplit(args.url)
    if url.scheme not in ("http", "https"):
        if not url.scheme:
            raise CliError(3, f"URL rejected: no scheme in {args.url!r}")
        raise CliError(1, f"Protocol {url.scheme!r} not supported")
    if not url.hostname:
        raise CliError(3, f"URL rejected: no host in {args.url!r}")
    headers: List[Tuple[str, str]] = []
    for h in args.header:
        name, sep, value = h.partition(":")
        if not sep or not name.strip():
            raise CliError(2, f"Bad header {h!r}: expected 'Name: value'")
        headers.append((name.strip(), value.strip()))
    body: Optional[bytes] = None
    if args.data is not None:
        body = read_data(args.data, strip_newlines=True)
        if not any(k.lower() == "content-type" for k, _ in headers):
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
    if args.data_binary is not None:
        body = read_data(args.data_binary, strip_newlines=False)
    method = args.request or ("HEAD" if args.head else "POST" if body is not None else "GET")

    conn, target = connection(args, url)
    stdout = sys.stdout.buffer
    out: IO[bytes] = stdout
    try:
        trace = contextlib.redirect_stdout(sys.stderr) if args.verbose else contextlib.nullcontext()
        with trace:
            conn.set_debuglevel(1 if args.verbose else 0)
            conn.request(method, target, body=body, headers=dict(headers))
            resp = conn.getresponse()
        if args.include or args.head:
            stdout.write(b"HTTP/%.1f %d %s\r\n" % (resp.version / 10, resp.status,
                                                   resp.reason.encode("latin-1")))
            for k, v in resp.getheaders():
                stdout.write(f"{k}: {v}\r\n".encode("latin-1"))
            stdout.write(b"\r\n")
            stdout.flush()
        if args.output:
            try:
                out = open(args.output, "wb")
            except OSError as exc:
                raise CliError(23, f"Failed creating file {args.output!r}: {exc.strerror}") from None
        show = sys.stderr.isatty() and not args.silent and method != "HEAD"
        progress = Progress(sys.stderr, resp.length) if show else None
        while True:
            chunk = resp.read(CHUNK)
            if not chunk:
                break
            try:
                out.write(chunk)
            except OSError as exc:
                raise CliError(23, f"Failure writing output: {exc.strerror}") from None
            if progress:
                progress.update(len(chunk))
        if progress:
            progress.update(0, final=True)
        out.flush()
        if resp.length:  # read(n) returns short at EOF; curl calls that a partial file
            raise CliError(18, f"Transferred a partial file: {resp.length} bytes missing")
        if args.fail and resp.status >= 400:
            raise CliError(22, f"The requested URL returned error: {resp.status}")
        return 0
    finally:
        if out is not stdout:
            out.close()
        conn.close()


def describe(exc: BaseException, args: argparse.Namespace) -> CliError:
    """curl's exit code and a one-line message for an exception."""
    url = urllib.parse.urlsplit(args.url)
    try:
        port = url.port or (443 if url.scheme == "https" else 80)
    except ValueError:
        port = 0
    where = f"{url.hostname} port {port}"
    if isinstance(exc, CliError):
        return exc
    if isinstance(exc, socket.gaierror):
        return CliError(6, f"Could not resolve host: {url.hostname}")
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return CliError(28, f"Operation timed out after {args.timeout:g} s")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return CliError(60, f"SSL certificate problem: {exc.verify_message or exc.reason}")
    if isinstance(exc, ssl.SSLError):
        return CliError(35, f"TLS connect error: {exc.reason or exc}")
    if isinstance(exc, client.RemoteDisconnected):
        return CliError(52, "Empty reply from server")
    if isinstance(exc, client.IncompleteRead):
        return CliError(18, f"Transferred a partial file: {exc!r}")
    if isinstance(exc, client.InvalidURL):
        return CliError(3, f"URL rejected: {exc}")
    if isinstance(exc, client.HTTPException):
        return CliError(8, f"Weird server reply: {type(exc).__name__}: {exc}")
    if isinstance(exc, ConnectionRefusedError):
        return CliError(7, f"Failed to connect to {where}: Connection refused")
    if isinstance(exc, ConnectionError):
        return CliError(56, f"Failure when receiving data from the peer: {exc.strerror or exc}")
    if isinstance(exc, OSError) and "Tunnel connection failed" in str(exc):
        return CliError(56, f"CONNECT tunnel failed: {exc}")
    if isinstance(exc, OSError):
        return CliError(7, f"Failed to connect to {where}: {exc.strerror or exc}")
    if isinstance(exc, (ValueError, UnicodeError)):
        return CliError(3, f"Bad input: {exc}")
    return CliError(1, f"{type(exc).__name__}: {exc}")


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["demo"]:
        from ._demo import main as demo

        return demo()
    args = parse_args(argv)
    try:
        return fetch(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 23
    except Exception as exc:  # noqa: BLE001 - every failure becomes one line and a code
        err = describe(exc, args)
        if not args.silent:
            print(f"httplib-rs: ({err.code}) {err}", file=sys.stderr)
        return err.code
