"""Draws the benchmark chart (PNG) from bench/run.py's JSON:

    .venv/bin/python bench/chart.py results.json docs/benchmark.png

One panel of horizontal bars per scenario: each client's throughput as a multiple of
http.client's (1.0 = http.client), the wrk/curl limit marked where there is one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ORDER = ["httplib_rs", "http.client", "urllib3", "urllib3+rs", "requests", "requests+rs",
         "pycurl", "pyreqwest", "floor"]
COLORS = {"httplib_rs": "#d1495b", "http.client": "#8d99ae", "urllib3": "#8d99ae",
          "urllib3+rs": "#e8a0a8", "requests": "#8d99ae", "requests+rs": "#e8a0a8",
          "pycurl": "#00798c", "pyreqwest": "#edae49", "floor": "#30638e"}


def main(src: str, dst: str) -> None:
    data = json.loads(Path(src).read_text())
    results = [r for r in data["results"] if r["rows"].get("http.client")]
    cols = 2
    rows = (len(results) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(12, 2.1 * rows), squeeze=False)
    for ax, r in zip(axes.flat, results):
        base = r["rows"]["http.client"]["rate"]
        names = [c for c in ORDER if c in r["rows"]]
        values = [r["rows"][c]["rate"] / base for c in names]
        ax.barh(names[::-1], values[::-1], color=[COLORS[c] for c in names[::-1]])
        if r.get("limit"):
            ax.axvline(r["limit"] / base, color="black", linestyle="--", linewidth=1)
        ax.axvline(1.0, color="grey", linewidth=0.8)
        unit = "req/s" if r["kind"] == "rate" else "MB/s"
        ax.set_title(f"{r['title']} (http.client = {base:,.0f} {unit})", fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(results):]:
        ax.axis("off")
    fig.suptitle("httplib_rs vs peers: throughput as a multiple of http.client "
                 "(dashed: wrk/curl limit)", fontsize=10)
    fig.tight_layout()
    Path(dst).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(dst, dpi=110)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
