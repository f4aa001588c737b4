#!/usr/bin/env bash
# Release wheels for every CPython >= 3.9 of the machine, manylinux2014 (glibc 2.17, the
# floor of Rust's std) through maturin --zig, plus the sdist, into dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist && mkdir -p dist
export VIRTUAL_ENV="$PWD/.venv" PATH="$PWD/.venv/bin:$PATH"
while read -r ver py; do
    echo "wheels: CPython $ver"
    maturin build --release --zig --compatibility manylinux2014 -i "$py" -o dist -q
done < <(./scripts/pythons.sh)
maturin sdist -o dist >/dev/null
ls dist
