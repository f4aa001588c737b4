"""The typed API program runs against a real server (mypy --strict checks it in make lint)."""

from __future__ import annotations

import sys
from pathlib import Path

from servers import RECV, ScriptedServer

sys.path.insert(0, str(Path(__file__).parent / "typing"))

import api_usage  # noqa: E402

OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nline\nresto!"


def test_every_public_api_runs() -> None:
    with ScriptedServer([[RECV, OK] * 5]) as server:
        seen = api_usage.exercise("127.0.0.1", server.port)
    assert 200 in seen and "OK" in seen and b"line\n" in seen and True in seen
    assert seen[-1] == "0.1.0"
