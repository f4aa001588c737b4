"""Fixtures: real servers on 127.0.0.1 (never any other address)."""

from __future__ import annotations

import http.client as std_client
import sys
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from httplib_rs import client as rs_client  # noqa: E402
from servers import Nginx, Tinyproxy, start_nginx, start_tinyproxy  # noqa: E402

# The stdlib module object, captured before any test calls install().
STD = std_client
RS = rs_client


@pytest.fixture(scope="session")
def nginx() -> Iterator[Nginx]:
    server = start_nginx()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["httplib_rs", "stdlib"])
def both(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Runs a test once on each implementation (the test asserts the same result)."""
    return RS if request.param == "httplib_rs" else STD


@pytest.fixture(scope="session")
def tinyproxy() -> Iterator[Tinyproxy]:
    proxy = start_tinyproxy()
    try:
        yield proxy
    finally:
        proxy.stop()


@pytest.fixture(scope="session")
def ca():  # type: ignore[no-untyped-def]
    """A trustme certificate authority, with a certificate for localhost/127.0.0.1."""
    import trustme

    return trustme.CA()


@pytest.fixture(scope="session")
def server_cert(ca):  # type: ignore[no-untyped-def]
    return ca.issue_cert("localhost", "127.0.0.1")


@pytest.fixture
def server_context(server_cert):  # type: ignore[no-untyped-def]
    import ssl

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_cert.configure_cert(ctx)
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx
