"""CPython's own test/test_httplib.py, run against httplib_rs.client by a module swap.
`make test` runs the whole suite on the installed wheel of every CPython >= 3.9 of the
machine (scripts/test_wheels.sh), so this runs on each of them.

Every failure must be one of the documented differences (README, "Differences from
http.client"), and at least 97% of the tests that ran must pass.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "compat" / "run_test_httplib.py"

def documented(version: tuple[int, int]) -> set[str]:
    """The deliberate differences, per interpreter version (README explains each)."""
    known = {
        # Our classes live in httplib_rs.client (pickling must find them there), so the
        # test's "__module__ == 'http.client'" scan finds no public name.
        "test.test_httplib.OfflineTest.test_all",
    }
    known |= {
        # Field names must be tokens: the test sends 'Key Space' and 'KeySpace '.
        "test.test_httplib.HeaderTests.test_putheader",
        # 'Content-Length: -1' is refused (InvalidResponse), not read until close.
        "test.test_httplib.BasicTest.test_negative_content_length",
    }
    return known


def run_suite(python: Path) -> dict:
    proc = subprocess.run([str(python), str(RUNNER), "--report"], capture_output=True,
                          text=True, timeout=600, cwd=ROOT)
    assert proc.stdout.strip(), proc.stderr[-4000:]
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    summary["stderr"] = proc.stderr
    return summary


def check(summary: dict) -> None:
    version = tuple(int(x) for x in summary["python"].split(".")[:2])
    unexpected = sorted(set(summary["failures"]) - documented(version))  # type: ignore[arg-type]
    assert unexpected == [], summary["stderr"][-4000:]
    executed = summary["run"] - summary["skipped"]
    assert executed > 100 and summary["passed"] / executed >= 0.97, summary


def test_this_interpreter() -> None:
    try:
        import test.test_httplib  # noqa: F401
    except ImportError:
        pytest.skip("this interpreter was installed without its test package")
    check(run_suite(Path(sys.executable)))
