#!/usr/bin/env bash
# The whole pytest suite again, against a debug build (Rust debug assertions and
# overflow checks on) of this interpreter's extension: the .venvs/<version> build that
# scripts/multi_python.sh made.
set -euo pipefail
cd "$(dirname "$0")/.."
ver=$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
venv=".venvs/$ver"
[ -x "$venv/bin/python" ] || ./scripts/multi_python.sh
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r requirements-dev.txt
"$venv/bin/python" - <<'PY'
import httplib_rs._core as core, sys
# A debug build is unoptimised: its file is far larger than the release one's.
print("debug-build suite:", core.__file__, file=sys.stderr)
PY
"$venv/bin/python" -m pytest -q -p no:cacheprovider
