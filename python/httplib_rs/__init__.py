"""httplib_rs: Python's http.client (once httplib) on a Rust core.

``from httplib_rs import client`` is a drop-in for ``http.client``;
``httplib_rs.install()`` makes ``http.client`` itself resolve to it for the whole
process (urllib.request, urllib3 and requests then run on it), and
``httplib_rs.uninstall()`` puts the stdlib back.
"""

from __future__ import annotations

import contextlib
import sys
from types import ModuleType
from typing import Iterator

from . import client

__all__ = ["client", "install", "uninstall", "installed", "__version__"]
__version__ = "0.1.0"

_saved: dict[str, ModuleType] = {}


def install() -> None:
    """Make ``http.client`` resolve to ``httplib_rs.client`` process-wide.

    Modules that already did ``import http.client`` keep their reference; import
    httplib_rs and call this before urllib3, requests or urllib.request.
    """
    import http
    import http.client as std

    if sys.modules.get("http.client") is client:
        return
    _saved["module"] = std
    sys.modules["http.client"] = client
    http.client = client


def uninstall() -> None:
    """Restore the standard library's ``http.client``."""
    import http

    std = _saved.pop("module", None)
    if std is None:
        return
    sys.modules["http.client"] = std
    http.client = std


@contextlib.contextmanager
def installed() -> Iterator[None]:
    """``with httplib_rs.installed(): ...`` runs the block on httplib_rs."""
    install()
    try:
        yield
    finally:
        uninstall()
