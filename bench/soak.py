"""Soak: many requests on kept-alive connections and many new connections against a
local nginx, checking that memory stays flat and no file descriptor is left open.

    .venv/bin/python bench/soak.py                 # 1,000,000 requests, 100,000 connections
    .venv/bin/python bench/soak.py --quick         # 20,000 and 2,000 (the test suite's run)
    .venv/bin/python bench/soak.py --json

RSS is read from /proc/self/statm after a warm-up and at the end; open fds from
/proc/self/fd. Exit status 1 when RSS grew by 10 MiB or more, or an fd leaked.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE / (1 << 20)


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=1_000_000)
    ap.add_argument("--connections", type=int, default=100_000)
    ap.add_argument("--quick", action="store_true", help="20,000 requests, 2,000 connections")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.quick:
        args.requests, args.connections = 20_000, 2_000
    from httplib_rs import client
    from servers import start_nginx

    nginx = start_nginx()
    try:
        port = nginx.port
        fds_start = open_fds()

        def kept_alive(n: int) -> None:
            conn = client.HTTPConnection("127.0.0.1", port, timeout=10)
            for i in range(n):
                conn.request("GET", "/small" if i % 16 else "/big.bin")
                resp = conn.getresponse()
                if i % 97 == 5:
                    resp.read(3)  # partly read, then closed: the connection is redone
                    resp.close()
                else:
                    resp.read()
            conn.close()

        def new_connections(n: int) -> None:
            for i in range(n):
                conn = client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", "/small", headers={"Connection": "close"})
                resp = conn.getresponse()
                if i % 100 == 7:
                    del resp, conn  # dropped unread and unclosed: garbage collection's job
                    continue
                resp.read()
                conn.close()

        warm = max(1000, args.requests // 50)
        kept_alive(warm)
        new_connections(max(200, args.connections // 50))
        gc.collect()
        rss_before = rss_mib()
        start = time.perf_counter()
        kept_alive(args.requests)
        mid = time.perf_counter()
        new_connections(args.connections)
        end = time.perf_counter()
        gc.collect()
        rss_after = rss_mib()
        fds_end = open_fds()
    finally:
        nginx.stop()
    result = {
        "requests": args.requests,
        "connections": args.connections,
        "kept_alive_req_per_s": round(args.requests / (mid - start)),
        "new_conn_per_s": round(args.connections / (end - mid)),
        "rss_before_mib": round(rss_before, 1),
        "rss_after_mib": round(rss_after, 1),
        "rss_growth_mib": round(rss_after - rss_before, 2),
        "fds_start": fds_start,
        "fds_end": fds_end,
    }
    ok = result["rss_growth_mib"] < 10 and fds_end <= fds_start
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:>22}: {v}")
        print("OK" if ok else "FAILED: RSS grew by 10 MiB or more, or an fd leaked")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
