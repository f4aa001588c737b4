"""First rough speed ratio: N small GETs on one kept-alive connection to a local nginx,
http.client against httplib_rs, each client in its own process, rounds interleaved.

    .venv/bin/python bench/keepalive_ratio.py [--requests 10000] [--rounds 3]

Prints requests per second and client CPU (user+sys) per request, as medians over the
rounds, and the ratios. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

CLIENT = r"""
import json, resource, sys, time
mod = sys.argv[1]; port = int(sys.argv[2]); n = int(sys.argv[3])
if mod == "httplib_rs":
    from httplib_rs import client
else:
    import http.client as client
conn = client.HTTPConnection("127.0.0.1", port)
for _ in range(200):  # warm-up
    conn.request("GET", "/small"); conn.getresponse().read()
r0 = resource.getrusage(resource.RUSAGE_SELF); t0 = time.perf_counter()
for _ in range(n):
    conn.request("GET", "/small")
    r = conn.getresponse()
    assert r.read() == b"Hello, World!"
t1 = time.perf_counter(); r1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
print(json.dumps({"rps": n / (t1 - t0), "cpu_us": cpu / n * 1e6}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    from servers import start_nginx

    nginx = start_nginx()
    results: dict[str, list[dict[str, float]]] = {"http.client": [], "httplib_rs": []}
    try:
        for _ in range(args.rounds):
            for name in results:
                out = subprocess.run([sys.executable, "-c", CLIENT, name, str(nginx.port),
                                      str(args.requests)], capture_output=True, text=True,
                                     check=True)
                results[name].append(json.loads(out.stdout))
    finally:
        nginx.stop()
    med = {k: {m: statistics.median(r[m] for r in v) for m in ("rps", "cpu_us")}
           for k, v in results.items()}
    print(f"{args.requests} small GETs on one kept-alive connection to nginx, "
          f"median of {args.rounds} interleaved rounds")
    print("| client | req/s | client CPU per request |")
    print("|---|---:|---:|")
    for k, v in med.items():
        print(f"| {k} | {v['rps']:,.0f} | {v['cpu_us']:.1f} µs |")
    std, ours = med["http.client"], med["httplib_rs"]
    print(f"\nhttplib_rs / http.client: {ours['rps'] / std['rps']:.2f}x requests per second, "
          f"{std['cpu_us'] / ours['cpu_us']:.2f}x less CPU per request")


if __name__ == "__main__":
    main()
