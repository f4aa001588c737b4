"""Run CPython's own test/test_httplib.py against httplib_rs.client.

The module swap is httplib_rs.install(): ``from http import client`` in the test
file then imports ours. Prints the unittest summary and exits non-zero on failure
unless --report is given (then it prints a JSON line with the counts and the ids
of the failing tests).
"""

from __future__ import annotations

import json
import sys
import unittest


def main(argv: list[str]) -> int:
    report = "--report" in argv
    import httplib_rs

    httplib_rs.install()
    import test.test_httplib as t  # noqa: E402  (after the swap on purpose)

    assert t.client is httplib_rs.client, "module swap failed"
    suite = unittest.defaultTestLoader.loadTestsFromModule(t)
    runner = unittest.TextTestRunner(stream=sys.stderr, verbosity=1 if report else 2)
    result = runner.run(suite)
    failed = [tc.id() for tc, _ in result.failures + result.errors]
    summary = {
        "python": sys.version.split()[0],
        "run": result.testsRun,
        "skipped": len(result.skipped),
        "failed": len(failed),
        "passed": result.testsRun - len(failed) - len(result.skipped),
        "failures": failed,
    }
    print(json.dumps(summary))
    return 0 if report or result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
