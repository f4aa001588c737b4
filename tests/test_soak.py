"""The soak script's quick run: 20,000 kept-alive requests (some responses closed
half-read) and 2,000 new connections (some dropped unclosed), against nginx; RSS
growth under 10 MiB after warm-up and no file descriptor left open."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SOAK = Path(__file__).resolve().parent.parent / "bench" / "soak.py"


def test_quick_soak_keeps_memory_and_fds_flat() -> None:
    proc = subprocess.run([sys.executable, str(SOAK), "--quick", "--json"], capture_output=True,
                          text=True, timeout=300)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert proc.returncode == 0, result
    assert result["requests"] == 20_000 and result["connections"] == 2_000
    assert result["rss_growth_mib"] < 10
    assert result["fds_end"] <= result["fds_start"]


def test_fds_released_after_close_and_gc(nginx) -> None:  # type: ignore[no-untyped-def]
    import gc
    import os

    from httplib_rs import client

    def fds() -> int:
        return len(os.listdir("/proc/self/fd"))

    gc.collect()
    before = fds()
    for i in range(50):
        conn = client.HTTPConnection("127.0.0.1", nginx.port, timeout=5)
        conn.request("GET", "/big.bin")
        resp = conn.getresponse()
        if i % 3 == 0:
            resp.read(10)  # half-read response, then the connection closes
            conn.close()
        elif i % 3 == 1:
            del resp  # response dropped unread: its io reference goes with it
            conn.close()
        else:
            resp.read()
            del conn  # connection dropped without close(): garbage collection
    gc.collect()
    assert fds() == before
