"""Ecosystem scenarios, each run in a fresh process, on the stdlib or (with --install)
on httplib_rs through httplib_rs.install() called before the library is imported.

    python scenarios.py [--install] NAME CONFIG_JSON

Prints one JSON object: what the scenario observed. Keys starting with "_" are
implementation details (which module served it) and are not compared.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

INSTALL = "--install" in sys.argv
if INSTALL:
    import httplib_rs

    httplib_rs.install()

from servers import CLOSE, RECV, ScriptedServer  # noqa: E402

SCENARIOS: dict[str, Callable[[dict], dict]] = {}
OK_KEEP = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
CHUNKED = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
           + b"".join(b"%x\r\n%s\r\n" % (n, bytes([65 + n % 26]) * n) for n in range(1, 60))
           + b"0\r\n\r\n")


def scenario(fn: Callable[[dict], dict]) -> Callable[[dict], dict]:
    SCENARIOS[fn.__name__] = fn
    return fn


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def module_of(obj: Any) -> str:
    return type(obj).__module__


# --- urllib.request -----------------------------------------------------------------

@scenario
def urllib_urlopen(cfg: dict) -> dict:
    import urllib.error
    import urllib.request

    base = "http://127.0.0.1:%d" % cfg["nginx"]
    out: dict[str, Any] = {}
    with urllib.request.urlopen(base + "/index.html", timeout=5) as r:
        out["index"] = (r.status, r.reason, r.headers["Content-Type"], digest(r.read()))
        out["_module"] = module_of(r)
    with urllib.request.urlopen(base + "/redirect", timeout=5) as r:
        out["redirect"] = (r.status, r.geturl().replace(str(cfg["nginx"]), "P"), digest(r.read()))
    try:
        urllib.request.urlopen(base + "/missing", timeout=5)
    except urllib.error.HTTPError as e:
        out["error"] = (e.code, e.reason, len(e.read()) > 0)
    req = urllib.request.Request(base + "/form", data=b"a=1", method="POST")
    try:
        urllib.request.urlopen(req, timeout=5)
    except urllib.error.HTTPError as e:  # the 302 is followed as a GET, to a 404
        out["post_redirect"] = (e.code, e.headers["Location"] is not None)
    return out


# --- urllib3 ------------------------------------------------------------------------

@scenario
def urllib3_pool(cfg: dict) -> dict:
    import urllib3

    base = "http://127.0.0.1:%d" % cfg["nginx"]
    http = urllib3.PoolManager()
    bodies = [http.request("GET", base + "/small").data for _ in range(5)]
    pool = http.connection_from_url(base)
    out = {"bodies": [b.decode() for b in bodies], "connections": pool.num_connections,
           "requests": pool.num_requests}
    r = http.request("GET", base + "/big.bin", preload_content=False)
    h = hashlib.sha256()
    for chunk in r.stream(65536):
        h.update(chunk)
    r.release_conn()
    out["stream"] = h.hexdigest()[:16]
    r = http.request("GET", base + "/missing")
    out["missing"] = (r.status, len(r.data) > 0)
    out["_module"] = module_of(pool._get_conn())
    return out


@scenario
def urllib3_retry_after_server_closed(cfg: dict) -> dict:
    import urllib3

    script1 = [RECV, OK_KEEP, ("sleep", 0.3), CLOSE]
    with ScriptedServer([script1, [RECV, OK_KEEP, CLOSE]]) as server:
        url = "http://127.0.0.1:%d/" % server.port
        http = urllib3.PoolManager(retries=urllib3.Retry(total=2))
        first = http.request("GET", url).data
        import time

        time.sleep(0.6)  # the server closed the kept-alive connection meanwhile
        second = http.request("GET", url).data
        return {"bodies": [first.decode(), second.decode()], "connections": server.connections}


@scenario
def urllib3_chunked_upload_and_download(cfg: dict) -> dict:
    import urllib3

    with ScriptedServer([[RECV, CHUNKED, CLOSE]]) as server:
        url = "http://127.0.0.1:%d/up" % server.port

        def gen() -> Any:
            yield b"first,"
            yield b"second,"
            yield b"third"

        http = urllib3.PoolManager()
        r = http.request("POST", url, body=gen(), chunked=True, preload_content=False)
        parts = list(r.read_chunked(7))
        r.release_conn()
        request = server.requests[0].replace(b"%d" % server.port, b"P")
        return {"request": request.decode("latin-1"), "chunked": r.chunked,
                "parts": len(parts), "body": digest(b"".join(parts))}


@scenario
def urllib3_proxy(cfg: dict) -> dict:
    import urllib3

    proxy = "http://127.0.0.1:%d" % cfg["tinyproxy"]
    out: dict[str, Any] = {}
    with ScriptedServer([[RECV, OK_KEEP, CLOSE]]) as server:
        pm = urllib3.ProxyManager(proxy)
        r = pm.request("GET", "http://127.0.0.1:%d/via-proxy" % server.port)
        out["http"] = (r.status, r.data.decode(), server.requests[0].split(b"\r\n")[0].decode())
    import ssl

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cfg["server_cert"], cfg["server_key"])
    with ScriptedServer([[RECV, OK_KEEP, CLOSE]], ssl_context=ctx) as server:
        pm = urllib3.ProxyManager(proxy, ca_certs=cfg["ca"])
        r = pm.request("GET", "https://localhost:%d/tunnelled" % server.port)
        out["https"] = (r.status, r.data.decode(), server.tls[0]["sni"],
                        server.requests[0].split(b"\r\n")[0].decode())
    return out


# --- requests -----------------------------------------------------------------------

@scenario
def requests_session(cfg: dict) -> dict:
    import requests

    base = "http://127.0.0.1:%d" % cfg["nginx"]
    out: dict[str, Any] = {}
    with requests.Session() as s:
        out["small"] = [s.get(base + "/small", timeout=5).text for _ in range(3)]
        r = s.get(base + "/big.bin", stream=True, timeout=5)
        h = hashlib.sha256()
        sizes = set()
        for chunk in r.iter_content(chunk_size=10_000):
            sizes.add(len(chunk))
            h.update(chunk)
        out["stream"] = (h.hexdigest()[:16], max(sizes))
        r = s.post(base + "/form", data={"a": "1"}, allow_redirects=False, timeout=5)
        out["post"] = (r.status_code, r.headers.get("Location") is not None)
        out["_module"] = module_of(r.raw._original_response)
    with ScriptedServer([[RECV, ("sleep", 3), CLOSE]]) as server:
        try:
            requests.get("http://127.0.0.1:%d/slow" % server.port, timeout=0.3)
            out["timeout"] = "no timeout"
        except requests.exceptions.RequestException as exc:
            out["timeout"] = type(exc).__name__
    with ScriptedServer([[RECV, CHUNKED, CLOSE]]) as server:
        r = requests.get("http://127.0.0.1:%d/c" % server.port, stream=True, timeout=5)
        out["chunked_lines"] = len(list(r.iter_lines()))
    return out


@scenario
def requests_chunked_kept_alive(cfg: dict) -> dict:
    """Chunked responses read whole (.content) on one kept-alive connection; the next
    request must find the connection ready (urllib3's close() resets its request state,
    so httplib_rs must never call it from inside putrequest())."""
    import requests

    keep = [RECV, CHUNKED] * 3 + [CLOSE]
    with ScriptedServer([keep, keep, keep]) as server, requests.Session() as s:
        url = "http://127.0.0.1:%d/c" % server.port
        bodies = [digest(s.get(url, timeout=5).content) for _ in range(3)]
        # Not compared: urllib3 reads chunked bodies through fp itself and then closes
        # the response with fp open, so httplib_rs cannot tell the end was reached and
        # takes a new connection (safe; the stdlib reuses it, trusting the caller).
        assert 1 <= server.connections <= 3
        return {"bodies": bodies}


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--install"]
    result = SCENARIOS[args[0]](json.loads(args[1]))
    if INSTALL:
        import http.client

        result["_installed"] = http.client.__name__
    print(json.dumps(result))
