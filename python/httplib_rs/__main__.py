"""``python -m httplib_rs``: ``demo`` runs the README's main job; ``URL`` fetches it.

A first, small command line; the full curl-like client is tracked separately.
"""

from __future__ import annotations

import argparse
import sys
import urllib.parse
from typing import Optional, Sequence


def fetch(args: argparse.Namespace) -> int:
    from . import client

    url = urllib.parse.urlsplit(args.url)
    if url.scheme not in ("http", "https") or not url.hostname:
        print(f"httplib-rs: unsupported or malformed URL: {args.url!r}", file=sys.stderr)
        return 3
    cls = client.HTTPSConnection if url.scheme == "https" else client.HTTPConnection
    headers = dict(h.split(":", 1) for h in args.header)
    headers = {k.strip(): v.strip() for k, v in headers.items()}
    method = "HEAD" if args.head else (args.request or ("POST" if args.data else "GET"))
    target = url.path or "/"
    if url.query:
        target += "?" + url.query
    try:
        conn = cls(url.netloc, timeout=args.timeout)
        conn.set_debuglevel(1 if args.verbose else 0)
        conn.request(method, target, body=args.data, headers=headers)
        resp = conn.getresponse()
        if args.include or args.head:
            print(f"HTTP/{resp.version / 10:.1f} {resp.status} {resp.reason}")
            for k, v in resp.getheaders():
                print(f"{k}: {v}")
            print()
        sys.stdout.flush()
        while chunk := resp.read(65536):
            sys.stdout.buffer.write(chunk)
        conn.close()
    except (OSError, client.HTTPException) as exc:
        print(f"httplib-rs: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 7 if isinstance(exc, ConnectionRefusedError) else 28 if isinstance(exc, TimeoutError) else 1
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["demo"]:
        from ._demo import main as demo

        return demo()
    parser = argparse.ArgumentParser(prog="httplib-rs", description=__doc__)
    parser.add_argument("url", help="http:// or https:// URL, or 'demo'")
    parser.add_argument("-X", "--request", help="method")
    parser.add_argument("-H", "--header", action="append", default=[], help="'Name: value'")
    parser.add_argument("-d", "--data", help="request body")
    parser.add_argument("-i", "--include", action="store_true", help="print response headers")
    parser.add_argument("-I", "--head", action="store_true", help="HEAD request")
    parser.add_argument("-v", "--verbose", action="store_true", help="set_debuglevel(1) trace")
    parser.add_argument("--timeout", type=float, default=30.0)
    return fetch(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
