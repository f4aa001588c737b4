"""``python -m httplib_rs``: the ``httplib-rs`` command (see ``httplib_rs._cli``)."""

from __future__ import annotations

import sys

from ._cli import main

if __name__ == "__main__":
    sys.exit(main())
