#!/usr/bin/env bash
# Idempotent set-up on a fresh machine of this kind (Debian, Rust, CPython with pip):
# Debian packages the tests need, a virtualenv with the dev tools, and the extension
# built in release mode into it. Every README command runs this first.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: nginx (integration tests, benchmarks), tinyproxy (CONNECT tunnels).
missing=""
{ command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || missing="$missing nginx"
{ command -v tinyproxy >/dev/null 2>&1 || [ -x /usr/bin/tinyproxy ]; } || missing="$missing tinyproxy"
if [ -n "$missing" ]; then
    echo "setup: installing$missing (Debian packages) for the tests" >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

# cargo-fuzz for the fuzz targets (crates.io; built from source, a few minutes once).
if ! command -v cargo-fuzz >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/cargo-fuzz" ]; then
    echo "setup: installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked -q
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
# maturin develop needs VIRTUAL_ENV; --release: tests and the demo run the real thing.
VIRTUAL_ENV="$PWD/.venv" PATH="$PWD/.venv/bin:$PATH" \
    .venv/bin/maturin develop --release -q
