"""One benchmark measurement in its own process: `python clients.py CLIENT SCENARIO JSON`.

Prints one JSON object: ops (requests or bytes), seconds, cpu (user+sys of this
process, all threads). The orchestrator (bench/run.py) pins this process to a core.
"""

from __future__ import annotations

import json
import os
import resource
import socket
import sys
import tempfile
import threading
import time
from typing import Any, Callable, Dict

CHUNK = 65536


class UploadFile:
    """A file body: each request opens the file anew and gives its length as
    Content-Length (so no client falls back to chunked encoding)."""

    def __init__(self, path: str, size: int) -> None:
        self.path, self.size = path, size

    def __len__(self) -> int:
        return self.size


def body_and_headers(body: Any, headers: Dict[str, str] | None) -> tuple:
    if isinstance(body, UploadFile):
        return open(body.path, "rb"), dict(headers or {}, **{"Content-Length": str(body.size)})
    return body, headers


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


# --- per-client operations --------------------------------------------------------------
# Each factory returns fetch(path, mode, body) -> bytes count, reusing one connection.

def http_client_factory(module: Any, cfg: Dict[str, Any]) -> Callable[..., int]:
    tls = cfg.get("tls")
    if tls:
        import ssl

        ctx = ssl.create_default_context(cafile=cfg["ca"])
        ctx.set_alpn_protocols(["http/1.1"])
    state: Dict[str, Any] = {}

    def connect() -> Any:
        if tls:
            return module.HTTPSConnection("localhost", cfg["port"], context=ctx, timeout=30)
        return module.HTTPConnection("127.0.0.1", cfg["port"], timeout=30)

    def fetch(path: str, mode: str, body: bytes | None = None) -> int:
        new = cfg.get("new_connection")
        conn = connect() if new else state.get("conn") or state.setdefault("conn", connect())
        headers = {"Connection": "close"} if new else {}
        body, headers = body_and_headers(body, headers)
        conn.request("POST" if body is not None else "GET", path, body=body, headers=headers)
        if hasattr(body, "close"):
            body.close()
        resp = conn.getresponse()
        if mode == "all":
            n = len(resp.read())
        elif mode == "into":
            buf = state.get("buf") or state.setdefault("buf", bytearray(CHUNK))
            n = 0
            while (got := resp.readinto(buf)):
                n += got
        else:
            n = 0
            while (chunk := resp.read(CHUNK)):
                n += len(chunk)
        if new:
            conn.close()
        return n
    return fetch


def urllib3_factory(cfg: Dict[str, Any]) -> Callable[..., int]:
    import urllib3

    kw = {"ca_certs": cfg["ca"]} if cfg.get("tls") else {}
    pool = urllib3.PoolManager(retries=False, **kw)
    base = ("https://localhost:%d" if cfg.get("tls") else "http://127.0.0.1:%d") % cfg["port"]

    def fetch(path: str, mode: str, body: bytes | None = None) -> int:
        headers = {"Connection": "close"} if cfg.get("new_connection") else None
        method = "POST" if body is not None else "GET"
        body, headers = body_and_headers(body, headers)
        if mode == "all":
            n = len(pool.request(method, base + path, body=body, headers=headers).data)
            if hasattr(body, "close"):
                body.close()
            return n
        r = pool.request(method, base + path, body=body, headers=headers, preload_content=False)
        n = sum(len(c) for c in r.stream(CHUNK))
        r.release_conn()
        return n
    return fetch


def requests_factory(cfg: Dict[str, Any]) -> Callable[..., int]:
    import requests

    s = requests.Session()
    verify = cfg["ca"] if cfg.get("tls") else True
    base = ("https://localhost:%d" if cfg.get("tls") else "http://127.0.0.1:%d") % cfg["port"]

    def fetch(path: str, mode: str, body: bytes | None = None) -> int:
        headers = {"Connection": "close"} if cfg.get("new_connection") else None
        if body is not None:
            body, headers = body_and_headers(body, headers)
            n = len(s.post(base + path, data=body, headers=headers, verify=verify).content)
            if hasattr(body, "close"):
                body.close()
            return n
        if mode == "all":
            return len(s.get(base + path, headers=headers, verify=verify).content)
        r = s.get(base + path, headers=headers, verify=verify, stream=True)
        return sum(len(c) for c in r.iter_content(CHUNK))
    return fetch


def pycurl_factory(cfg: Dict[str, Any]) -> Callable[..., int]:
    import pycurl

    c = pycurl.Curl()
    base = ("https://localhost:%d" if cfg.get("tls") else "http://127.0.0.1:%d") % cfg["port"]
    if cfg.get("tls"):
        c.setopt(pycurl.CAINFO, cfg["ca"])
    c.setopt(pycurl.HTTP_VERSION, pycurl.CURL_HTTP_VERSION_1_1)
    count = [0]
    chunks: list = []

    def write_all(data: bytes) -> None:
        chunks.append(data)

    def write_count(data: bytes) -> None:
        count[0] += len(data)

    def fetch(path: str, mode: str, body: bytes | None = None) -> int:
        c.setopt(pycurl.URL, base + path)
        if cfg.get("new_connection"):
            c.setopt(pycurl.FORBID_REUSE, 1)
        if body is not None:
            c.setopt(pycurl.POSTFIELDS, body)
        else:
            c.setopt(pycurl.HTTPGET, 1)
        count[0] = 0
        chunks.clear()
        c.setopt(pycurl.WRITEFUNCTION, write_all if mode == "all" else write_count)
        c.perform()
        return len(b"".join(chunks)) if mode == "all" else count[0]
    return fetch


def pyreqwest_factory(cfg: Dict[str, Any]) -> Callable[..., int]:
    from pyreqwest.client import SyncClientBuilder

    b = SyncClientBuilder().http1_only()
    if cfg.get("tls"):
        with open(cfg["ca"], "rb") as f:
            b = b.add_root_certificate_pem(f.read())
    client = b.build()
    base = ("https://localhost:%d" if cfg.get("tls") else "http://127.0.0.1:%d") % cfg["port"]

    def fetch(path: str, mode: str, body: bytes | None = None) -> int:
        if body is not None:
            req = client.post(base + path).body_bytes(body)
        else:
            req = client.get(base + path)
        if cfg.get("new_connection"):
            req = req.header("Connection", "close")
        resp = req.build().send()
        if mode == "all":
            return len(resp.bytes())
        reader = resp.body_reader
        n = 0
        while True:
            chunk = reader.read(CHUNK)
            if not chunk:
                return n
            n += len(chunk)
    return fetch


def floor_factory(cfg: Dict[str, Any]) -> Callable[..., int]:
    """The least a Python client can do: send a canned request, read a response of known
    size (learned from the first reply), no parsing."""
    state: Dict[str, Any] = {}

    def connect() -> socket.socket:
        s = socket.create_connection(("127.0.0.1", cfg["port"]))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if cfg.get("tls"):
            import ssl

            ctx = ssl.create_default_context(cafile=cfg["ca"])
            s = ctx.wrap_socket(s, server_hostname="localhost")
        return s

    def fetch(path: str, mode: str, body: bytes | None = None) -> int:
        new = cfg.get("new_connection")
        s = connect() if new else state.get("sock") or state.setdefault("sock", connect())
        req = b"GET %s HTTP/1.1\r\nHost: x\r\n%s\r\n" % (
            path.encode(), b"Connection: close\r\n" if new else b"")
        s.sendall(req)
        size = state.get(path)
        if size is None or new:
            data = b""
            while b"\r\n\r\n" not in data:
                data += s.recv(65536)
            head, _, rest = data.partition(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            total = len(head) + 4 + length
            got = len(data)
            while got < total:
                got += len(s.recv(65536))
            state[path] = total
        else:
            buf = state.get("buf") or state.setdefault("buf", bytearray(65536))
            got = 0
            while got < size:
                got += s.recv_into(buf)
        if new:
            s.close()
        return got
    return fetch


FACTORIES: Dict[str, Callable[[Dict[str, Any]], Callable[..., int]]] = {
    "httplib_rs": lambda cfg: http_client_factory(__import__("httplib_rs.client").client, cfg),
    "http.client": lambda cfg: http_client_factory(__import__("http.client").client, cfg),
    "urllib3": urllib3_factory,
    "requests": requests_factory,
    "pycurl": pycurl_factory,
    "pyreqwest": pyreqwest_factory,
    "floor": floor_factory,
    # urllib3 and requests over httplib_rs: install() before they import http.client.
    "urllib3+rs": lambda cfg: (__import__("httplib_rs").install(), urllib3_factory(cfg))[1],
    "requests+rs": lambda cfg: (__import__("httplib_rs").install(), requests_factory(cfg))[1],
}


def main() -> None:
    name, cfg_json = sys.argv[1], sys.argv[2]
    cfg = json.loads(cfg_json)
    threads = cfg.get("threads", 1)
    body: Any = b"x" * cfg["upload"] if cfg.get("upload") else None
    upload_path = None
    if cfg.get("upload_file"):
        fd, upload_path = tempfile.mkstemp(prefix="httplib_rs_upload_")
        with os.fdopen(fd, "wb") as f:
            f.write(body)
        body = UploadFile(upload_path, len(body))
    # Transfers of an upload count the bytes sent, not the response's.
    sent = len(body) if body is not None and cfg.get("kind") == "transfer" else None
    ops, seconds_budget = cfg["ops"], cfg.get("seconds", 1e9)

    def worker(results: list) -> None:
        fetch = FACTORIES[name](cfg)
        for _ in range(cfg.get("warmup", 0)):
            fetch(cfg["path"], cfg["mode"], body)
        barrier.wait()
        n = total = 0
        deadline = time.perf_counter() + seconds_budget
        while n < ops and time.perf_counter() < deadline:
            got = fetch(cfg["path"], cfg["mode"], body)
            total += got if sent is None else sent
            n += 1
        results.append((n, total))

    barrier = threading.Barrier(threads + 1)
    results: list = []
    pool = [threading.Thread(target=worker, args=(results,)) for _ in range(threads)]
    for t in pool:
        t.start()
    barrier.wait()
    c0, t0 = cpu(), time.perf_counter()
    for t in pool:
        t.join()
    t1, c1 = time.perf_counter(), cpu()
    if upload_path:
        os.unlink(upload_path)
    print(json.dumps({"requests": sum(r[0] for r in results), "bytes": sum(r[1] for r in results),
                      "seconds": t1 - t0, "cpu": c1 - c0}))


if __name__ == "__main__":
    main()
