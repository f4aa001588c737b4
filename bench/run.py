"""Side-by-side benchmark of httplib_rs against http.client, urllib3, requests, pycurl,
pyreqwest, a bare Python socket loop (the floor) and the wrk/curl limits.

    .venv/bin/python bench/run.py            # every scenario, 3 interleaved rounds
    .venv/bin/python bench/run.py --quick    # a smoke run, under a minute
    .venv/bin/python bench/run.py --json results.json [--only get_small,read_100m]

Servers (a real nginx, and a fixed-response server for chunked shapes) run pinned to
core 0; each client runs in its own process pinned to core 1 (or core 0 for the
same-core scenario). Prints a markdown table per scenario: median throughput, ratio
to http.client, fraction of the limit, client CPU per operation. Nothing here asserts
a time: benchmarks are not tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from servers import free_port  # noqa: E402

CLIENTS = ["httplib_rs", "http.client", "urllib3", "urllib3+rs", "requests", "requests+rs",
           "pycurl", "pyreqwest", "floor"]
SERVER_CORE, CLIENT_CORE = "0", "1"
MIB = 1 << 20


@dataclass
class Scenario:
    name: str
    title: str
    path: str
    mode: str = "all"  # all | chunks | into
    kind: str = "rate"  # rate (requests/s) | transfer (MB/s)
    ops: int = 2000
    quick_ops: int = 200
    server: str = "nginx"  # nginx | tls | fixed
    upload: int = 0
    upload_file: bool = False  # the body is an open file (with Content-Length), not bytes
    threads: int = 1
    new_connection: bool = False
    same_core: bool = False
    clients: List[str] = field(default_factory=lambda: list(CLIENTS))


SCENARIOS = [
    Scenario("get_small", "GET 13-byte body, kept alive (nginx)", "/small", ops=10000, quick_ops=500),
    Scenario("get_small_samecore", "same, client and server on one core", "/small", ops=5000,
             quick_ops=300, same_core=True),
    Scenario("get_h40", "same with 40 extra response headers", "/h40", ops=5000, quick_ops=300),
    Scenario("get_h99", "99 response header lines", "/h99", ops=5000, quick_ops=300),
    Scenario("read_100m", "100 MiB download, read() whole", "/huge.bin", kind="transfer", ops=5,
             quick_ops=1, clients=[c for c in CLIENTS if c != "floor"]),
    Scenario("read_100m_64k", "100 MiB download, read(65536) loop", "/huge.bin", mode="chunks",
             kind="transfer", ops=5, quick_ops=1, clients=[c for c in CLIENTS if c != "floor"]),
    Scenario("readinto_100m", "100 MiB download, readinto() loop", "/huge.bin", mode="into",
             kind="transfer", ops=5, quick_ops=1, clients=["httplib_rs", "http.client"]),
    Scenario("chunked_1k", "10 MiB chunked in 1 KiB chunks", "/chunked-1k", server="fixed",
             kind="transfer", ops=50, quick_ops=2, clients=[c for c in CLIENTS if c != "floor"]),
    Scenario("chunked_1b", "64 KiB chunked in 1-byte chunks", "/chunked-1b", server="fixed",
             kind="transfer", ops=10, quick_ops=2, clients=[c for c in CLIENTS if c != "floor"]),
    Scenario("post_1m", "POST 1 MiB body", "/upload", upload=MIB, ops=300, quick_ops=20,
             clients=[c for c in CLIENTS if c != "floor"]),
    Scenario("upload_100m", "100 MiB upload from bytes", "/upload", upload=100 * MIB,
             kind="transfer", ops=5, quick_ops=1, clients=[c for c in CLIENTS if c != "floor"]),
    Scenario("upload_100m_file", "100 MiB upload from a file (Content-Length given)", "/upload",
             upload=100 * MIB, upload_file=True, kind="transfer", ops=5, quick_ops=1,
             clients=["httplib_rs", "http.client", "urllib3", "urllib3+rs", "requests",
                      "requests+rs"]),
    Scenario("new_conn", "new connection per request (Connection: close)", "/small",
             new_connection=True, ops=3000, quick_ops=200),
    Scenario("tls_small", "HTTPS GET 13 B kept alive", "/small", server="tls", ops=5000,
             quick_ops=300),
    Scenario("tls_100m_64k", "HTTPS 100 MiB read(65536) loop", "/huge.bin", mode="chunks",
             kind="transfer", server="tls", ops=3, quick_ops=1,
             clients=[c for c in CLIENTS if c != "floor"]),
    Scenario("threads8", "8 threads, one kept-alive connection each, small GETs", "/small",
             threads=8, ops=1500, quick_ops=100),
]

NGINX_CONF = """
{user}
worker_processes 1;
daemon off;
error_log {prefix}/error.log crit;
pid {prefix}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy; fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;
    keepalive_requests 10000000;
    keepalive_timeout 300s;
    sendfile on;
    default_type application/octet-stream;
    server {{
        listen 127.0.0.1:{port};
        listen 127.0.0.1:{tls_port} ssl;
        ssl_certificate {prefix}/cert.pem;
        ssl_certificate_key {prefix}/key.pem;
        ssl_protocols TLSv1.3;
        root {prefix}/www;
        client_max_body_size 200m;
        client_body_buffer_size 128m;
        location = /small {{ default_type text/plain; return 200 "Hello, World!"; }}
        # Uploads are answered only once the whole body has been read (in memory): the
        # mirror reads it before the content phase, where POST to a static file is a
        # 405 turned into 200 "ok". (`return 200` would answer at once and discard the
        # body, so a client that stops sending when the answer comes would look faster
        # than the wire.)
        location = /upload {{ mirror /sink; mirror_request_body on; error_page 405 =200 /ok; }}
        location = /sink {{ internal; return 204; }}
        location = /ok {{ internal; default_type text/plain; return 200 "ok"; }}
        location = /h40 {{ default_type text/plain; {h40} return 200 "Hello, World!"; }}
        location = /h99 {{ default_type text/plain; {h99} return 200 "Hello, World!"; }}
    }}
}}
"""


def pinned(core: str, cmd: List[str]) -> List[str]:
    return ["taskset", "-c", core] + cmd if shutil.which("taskset") else cmd


class Servers:
    def __init__(self) -> None:
        import trustme

        self.prefix = Path(tempfile.mkdtemp(prefix="httplib_rs_bench_"))
        (self.prefix / "www").mkdir()
        (self.prefix / "www" / "upload").write_bytes(b"ok")  # POST target: see /upload
        with open(self.prefix / "www" / "huge.bin", "wb") as f:
            f.write(os.urandom(MIB) * 100)  # 100 MiB, not sparse: real page-cache reads
        ca = trustme.CA()
        cert = ca.issue_cert("localhost", "127.0.0.1")
        cert.private_key_pem.write_to_path(str(self.prefix / "key.pem"))
        cert.cert_chain_pems[0].write_to_path(str(self.prefix / "cert.pem"))
        ca.cert_pem.write_to_path(str(self.prefix / "ca.pem"))
        self.ca = str(self.prefix / "ca.pem")
        self.port, self.tls_port, self.fixed_port = free_port(), free_port(), free_port()
        h40 = " ".join(f'add_header X-Extra-{i:02d} "value-{i:02d}-abcdefghij";' for i in range(40))
        # nginx adds Server, Date, Content-Type, Content-Length, Connection: 5 lines.
        h99 = " ".join(f'add_header X-Line-{i:02d} "v{i:02d}";' for i in range(94))
        user = "user root root;" if os.geteuid() == 0 else ""
        conf = self.prefix / "nginx.conf"
        conf.write_text(NGINX_CONF.format(prefix=self.prefix, port=self.port, tls_port=self.tls_port,
                                          h40=h40, h99=h99, user=user))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.procs = [
            subprocess.Popen(pinned(SERVER_CORE, [nginx, "-p", str(self.prefix), "-c", str(conf)])),
            subprocess.Popen(pinned(SERVER_CORE, [sys.executable, str(HERE / "fixed_server.py"),
                                                  str(self.fixed_port)])),
        ]
        self._wait(self.port)
        self._wait(self.tls_port)
        self._wait(self.fixed_port)

    def _wait(self, port: int) -> None:
        import socket

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"server on {port} did not start")

    def config(self, s: Scenario) -> Dict[str, Any]:
        port = {"nginx": self.port, "tls": self.tls_port, "fixed": self.fixed_port}[s.server]
        return {"port": port, "tls": s.server == "tls", "ca": self.ca}

    def url(self, s: Scenario) -> str:
        scheme, host = ("https", "localhost") if s.server == "tls" else ("http", "127.0.0.1")
        return f"{scheme}://{host}:{self.config(s)['port']}{s.path}"

    def stop(self) -> None:
        for p in self.procs:
            p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(self.prefix, ignore_errors=True)


def run_client(servers: Servers, s: Scenario, client: str, quick: bool) -> Optional[Dict[str, float]]:
    cfg = servers.config(s)
    cfg.update(path=s.path, mode=s.mode, ops=s.quick_ops if quick else s.ops, upload=s.upload,
               upload_file=s.upload_file, kind=s.kind,
               threads=s.threads, new_connection=s.new_connection,
               warmup=0 if s.kind == "transfer" else 50, seconds=10 if quick else 60)
    core = SERVER_CORE if s.same_core else CLIENT_CORE
    out = subprocess.run(pinned(core, [sys.executable, str(HERE / "clients.py"), client,
                                       json.dumps(cfg)]), capture_output=True, text=True,
                         timeout=600)
    if out.returncode != 0:
        print(f"  {client}: failed: {out.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return json.loads(out.stdout)


def run_limit(servers: Servers, s: Scenario, quick: bool) -> Optional[float]:
    """wrk -t1 -c1 for request rates, curl -o /dev/null for transfers."""
    url = servers.url(s)
    core = SERVER_CORE if s.same_core else CLIENT_CORE
    if s.kind == "transfer" and s.upload:
        body = Path(tempfile.mkstemp(prefix="httplib_rs_upload_")[1])
        body.write_bytes(b"x" * s.upload)
        cmd = ["curl", "-s", "-o", "/dev/null", "-w", "%{size_upload} %{time_total}",
               "--data-binary", f"@{body}", url]
        try:
            rates = []
            for _ in range(1 if quick else 3):
                out = subprocess.run(pinned(core, cmd), capture_output=True, text=True,
                                     timeout=300)
                size, secs = out.stdout.split()
                rates.append(float(size) / float(secs) / 1e6)
        finally:
            body.unlink()
        return max(rates)
    if s.kind == "transfer":
        cmd = ["curl", "-s", "-o", "/dev/null", "-w", "%{size_download} %{time_total}", url]
        if s.server == "tls":
            cmd[1:1] = ["--cacert", servers.ca]
        rates = []
        for _ in range(1 if quick else 3):
            out = subprocess.run(pinned(core, cmd), capture_output=True, text=True, timeout=300)
            size, secs = out.stdout.split()
            rates.append(float(size) / float(secs) / 1e6)
        return max(rates)
    if s.server == "tls" or not shutil.which("wrk"):
        return None  # wrk has no way to trust our CA; the floor stands in
    cmd = ["wrk", "-t2" if s.threads > 1 else "-t1", f"-c{s.threads}", "-d2s" if quick else "-d5s"]
    lua = None
    if s.new_connection:
        cmd += ["-H", "Connection: close"]
    if s.upload:
        lua = Path(tempfile.mkstemp(suffix=".lua")[1])
        lua.write_text(f'wrk.method = "POST"\nwrk.body = string.rep("x", {s.upload})\n')
        cmd += ["-s", str(lua)]
    out = subprocess.run(pinned(core, cmd + [url]), capture_output=True, text=True, timeout=120)
    if lua:
        lua.unlink()
    m = re.search(r"Requests/sec:\s+([\d.]+)", out.stdout)
    return float(m.group(1)) if m else None


def summarize(s: Scenario, runs: Dict[str, List[Dict[str, float]]], limit: Optional[float]) -> Dict[str, Any]:
    rows: Dict[str, Dict[str, float]] = {}
    for client, results in runs.items():
        if not results:
            continue
        if s.kind == "rate":
            rate = statistics.median(r["requests"] / r["seconds"] for r in results)
            per = statistics.median(r["cpu"] / max(r["requests"], 1) * 1e6 for r in results)
        else:
            rate = statistics.median(r["bytes"] / r["seconds"] / 1e6 for r in results)
            per = statistics.median(r["cpu"] / max(r["bytes"], 1) * 100 * MIB * 1e3 for r in results)
        rows[client] = {"rate": rate, "cpu": per}
    base = rows.get("http.client", {}).get("rate")
    for r in rows.values():
        r["vs_http_client"] = r["rate"] / base if base else float("nan")
        r["of_limit"] = r["rate"] / limit if limit else float("nan")
    return {"scenario": s.name, "title": s.title, "kind": s.kind, "limit": limit, "rows": rows}


def markdown(result: Dict[str, Any]) -> str:
    unit = "req/s" if result["kind"] == "rate" else "MB/s"
    cpu_unit = "µs CPU/req" if result["kind"] == "rate" else "ms CPU/100 MiB"
    limit = result["limit"]
    lines = [f"### {result['title']}", "",
             f"limit ({'wrk' if result['kind'] == 'rate' else 'curl'}): "
             + (f"{limit:,.0f} {unit}" if limit else "n/a"), "",
             f"| client | {unit} | vs http.client | of limit | {cpu_unit} |", "|---|---:|---:|---:|---:|"]
    for client, r in sorted(result["rows"].items(), key=lambda kv: -kv[1]["rate"]):
        of = f"{r['of_limit']:.0%}" if limit else "—"
        lines.append(f"| {client} | {r['rate']:,.0f} | {r['vs_http_client']:.2f}x | {of} | "
                     f"{r['cpu']:,.1f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one round, few operations (< 1 minute)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--only", help="comma-separated scenario names")
    ap.add_argument("--clients", help="comma-separated client names")
    args = ap.parse_args()
    rounds = 1 if args.quick else args.rounds
    scenarios = [s for s in SCENARIOS if not args.only or s.name in args.only.split(",")]
    wanted = args.clients.split(",") if args.clients else CLIENTS
    servers = Servers()
    results = []
    try:
        print(f"# httplib_rs benchmark ({'quick' if args.quick else f'{rounds} rounds'}, "
              f"{os.cpu_count()} cores, servers on core {SERVER_CORE}, clients on core {CLIENT_CORE})\n")
        for s in scenarios:
            clients = [c for c in s.clients if c in wanted]
            runs: Dict[str, List[Dict[str, float]]] = {c: [] for c in clients}
            for rnd in range(rounds):
                # Interleaved, every client once per round, each round starting one
                # client later: no client always runs first (or right after another).
                shift = rnd % len(clients) if clients else 0
                for c in clients[shift:] + clients[:shift]:
                    r = run_client(servers, s, c, args.quick)
                    if r:
                        runs[c].append(r)
            limit = run_limit(servers, s, args.quick)
            result = summarize(s, runs, limit)
            results.append(result)
            print(markdown(result), flush=True)
    finally:
        servers.stop()
    if args.json:
        Path(args.json).write_text(json.dumps({"rounds": rounds, "quick": args.quick,
                                               "results": results}, indent=1))


if __name__ == "__main__":
    main()
