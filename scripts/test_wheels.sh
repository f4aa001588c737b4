#!/usr/bin/env bash
# Installs each wheel in dist/ with plain pip into a fresh virtualenv outside the
# source tree (no Rust toolchain involved) and runs the whole pytest suite against the
# installed package, on every interpreter; then checks that the sdist builds and
# installs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d /tmp/httplib_rs_wheeltest.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r tests bench README.md "$work/"
while read -r ver py; do
    tag="cp${ver/./}"
    wheel=$(ls "$root"/dist/httplib_rs-*-"$tag"-"$tag"-*.whl)
    echo "test_wheels: CPython $ver: $(basename "$wheel")"
    "$py" -m venv "$work/venv-$ver"
    vpy="$work/venv-$ver/bin/python"
    "$vpy" -m pip install -q --disable-pip-version-check "$wheel"
    "$vpy" -m pip install -q --disable-pip-version-check -r "$root/requirements-test.txt"
    (cd "$work" && "$vpy" -c 'import httplib_rs, sys; assert "site-packages" in httplib_rs.__file__, httplib_rs.__file__' \
        && "$vpy" -m pytest -q -p no:cacheprovider --rootdir "$work" -c /dev/null \
               -o timeout=120 tests)
done < <(./scripts/pythons.sh)
# The sdist builds (with the Rust toolchain) and installs.
"$(./scripts/pythons.sh | tail -1 | cut -d' ' -f2)" -m venv "$work/venv-sdist"
"$work/venv-sdist/bin/python" -m pip install -q --disable-pip-version-check "$root"/dist/httplib_rs-*.tar.gz
(cd "$work" && "$work/venv-sdist/bin/python" -c 'import httplib_rs.client as c; print("sdist OK:", c.HTTPConnection, c.responses[404])')
