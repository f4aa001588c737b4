#!/usr/bin/env bash
# The whole pytest suite again, against a debug build of the extension (Rust debug
# assertions and overflow checks on), in its own virtualenv (.venvs/debug).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=".venvs/debug"
[ -x "$venv/bin/python" ] || .venv/bin/python -m venv --system-site-packages "$venv" 2>/dev/null \
    || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r requirements-test.txt
VIRTUAL_ENV="$PWD/$venv" CARGO_TARGET_DIR="$PWD/target/debug-ext" .venv/bin/maturin develop -q
"$venv/bin/python" -c 'import httplib_rs._core as c, sys; print("debug-build suite:", c.__file__, file=sys.stderr)'
"$venv/bin/python" -m pytest -q -p no:cacheprovider
