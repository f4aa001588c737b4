#!/usr/bin/env bash
# Builds httplib_rs into one virtualenv per CPython >= 3.9 found on this machine
# (pyenv's versions and python3.X on PATH), under .venvs/<version>, so the test suite
# can run CPython's own test_httplib on each interpreter against our build. A debug
# build: it is for behaviour, and it compiles in a fraction of a release build's time.
set -euo pipefail
cd "$(dirname "$0")/.."
MATURIN="$PWD/.venv/bin/maturin"
mkdir -p .venvs
candidates=$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/*/bin/python3 2>/dev/null || true)
for v in 9 10 11 12 13 14; do
    p=$(command -v "python3.$v" 2>/dev/null || true)
    [ -n "$p" ] && candidates="$candidates $p"
done
declare -A seen
for py in $candidates; do
    ver=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || continue
    [ -n "${seen[$ver]:-}" ] && continue
    "$py" -c 'import sys; sys.exit(sys.version_info < (3, 9))' || continue
    "$py" -c 'import test.test_httplib' 2>/dev/null || { echo "skip $py: no test package"; continue; }
    seen[$ver]=1
    venv=".venvs/$ver"
    [ -x "$venv/bin/python" ] || "$py" -m venv "$venv"
    echo "multi_python: building for $ver ($py)"
    VIRTUAL_ENV="$PWD/$venv" CARGO_TARGET_DIR="$PWD/target/py$ver" "$MATURIN" develop -q
done
