#!/usr/bin/env bash
# Prints "X.Y path" for one CPython >= 3.9 of each minor version on this machine:
# pyenv's versions and python3.X on PATH.
set -euo pipefail
candidates=$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/*/bin/python3 2>/dev/null || true)
for v in 9 10 11 12 13 14; do
    p=$(command -v "python3.$v" 2>/dev/null || true)
    [ -n "$p" ] && candidates="$candidates $p"
done
seen=" "
for py in $candidates; do
    ver=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || continue
    case "$seen" in *" $ver "*) continue ;; esac
    "$py" -c 'import sys; sys.exit(sys.version_info < (3, 9))' || continue
    seen="$seen$ver "
    echo "$ver $py"
done
