"""The benchmark runs (a smoke run: it checks nothing about speed), and the chart is
drawn from its JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_benchmark_and_chart_run(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    proc = subprocess.run([sys.executable, str(BENCH / "run.py"), "--quick", "--only",
                           "get_small,chunked_1k", "--clients", "httplib_rs,http.client,requests+rs",
                           "--json", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "| httplib_rs |" in proc.stdout and "| http.client |" in proc.stdout
    data = json.loads(out.read_text())
    assert {r["scenario"] for r in data["results"]} == {"get_small", "chunked_1k"}
    # requests over install() ran and moved bytes in both scenarios.
    assert all(r["rows"]["requests+rs"]["rate"] > 0 for r in data["results"])
    table = subprocess.run([sys.executable, str(BENCH / "table.py"), str(out)], check=True,
                           capture_output=True, text=True, timeout=60).stdout
    lines = table.splitlines()
    assert len(lines) == 4 and "| requests+rs |" in lines[0] and "(req/s)" in lines[2]
    png = tmp_path / "chart.png"
    subprocess.run([sys.executable, str(BENCH / "chart.py"), str(out), str(png)], check=True,
                   timeout=120)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
