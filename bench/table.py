"""Prints bench/run.py's JSON as the one markdown table the README shows:

    .venv/bin/python bench/table.py results.json

A row per scenario, a column per client: throughput, then client CPU per operation in
brackets (µs per request, or ms per 100 MiB for transfers). "+rs" columns are urllib3
and requests over httplib_rs (``httplib_rs.install()`` before they are imported).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

COLUMNS = ["httplib_rs", "http.client", "pycurl", "pyreqwest", "urllib3", "urllib3+rs",
           "requests", "requests+rs", "floor"]


def cell(row: dict | None, kind: str) -> str:
    if not row or not row.get("rate"):
        return "—"
    unit = "µs" if kind == "rate" else "ms"
    return f"{row['rate']:,.0f} ({row['cpu']:,.0f} {unit})"


def table(data: dict) -> str:
    lines = ["| scenario | limit | " + " | ".join(COLUMNS) + " |",
             "|---|---:|" + "---:|" * len(COLUMNS)]
    for r in data["results"]:
        unit = "req/s" if r["kind"] == "rate" else "MB/s"
        limit = f"{r['limit']:,.0f}" if r.get("limit") else "—"
        cells = [cell(r["rows"].get(c), r["kind"]) for c in COLUMNS]
        lines.append(f"| {r['title']} ({unit}) | {limit} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(json.loads(Path(sys.argv[1]).read_text())))
