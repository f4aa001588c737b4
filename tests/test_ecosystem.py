"""install() under urllib.request, urllib3 and requests: each scenario runs in a fresh
process on the stdlib and on httplib_rs (install() before the library is imported),
against real local servers (nginx, tinyproxy, scripted and TLS servers), and must
observe exactly the same thing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parent / "ecosystem" / "scenarios.py"
NAMES = ["urllib_urlopen", "urllib3_pool", "urllib3_retry_after_server_closed",
         "urllib3_chunked_upload_and_download", "urllib3_proxy", "requests_session",
         "requests_chunked_kept_alive"]


@pytest.fixture(scope="module")
def config(nginx, tinyproxy, ca, server_cert, tmp_path_factory) -> str:  # type: ignore[no-untyped-def]
    d = tmp_path_factory.mktemp("eco")
    ca.cert_pem.write_to_path(str(d / "ca.pem"))
    server_cert.cert_chain_pems[0].write_to_path(str(d / "cert.pem"))
    server_cert.private_key_pem.write_to_path(str(d / "key.pem"))
    return json.dumps({"nginx": nginx.port, "tinyproxy": tinyproxy.port,
                       "ca": str(d / "ca.pem"), "server_cert": str(d / "cert.pem"),
                       "server_key": str(d / "key.pem")})


def run(name: str, config: str, install: bool) -> dict:
    cmd = [sys.executable, str(SCRIPT)] + (["--install"] if install else []) + [name, config]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", NAMES)
def test_same_behaviour_through_install(name: str, config: str) -> None:
    stdlib = run(name, config, install=False)
    ours = run(name, config, install=True)
    assert ours.pop("_installed") == "httplib_rs.client"
    for module_key in ("_module",):
        if module_key in stdlib:
            assert stdlib.pop(module_key).startswith(("http.client", "urllib3"))
            assert ours.pop(module_key).startswith(("httplib_rs", "urllib3"))
    assert ours == stdlib
    assert ours  # the scenario observed something


def test_install_uninstall_and_context_manager() -> None:
    code = """
import http, http.client as std, sys, httplib_rs
httplib_rs.install()
import http.client as now
assert now is httplib_rs.client and http.client is httplib_rs.client
assert sys.modules["http.client"] is httplib_rs.client
httplib_rs.install()  # idempotent
httplib_rs.uninstall()
import http.client as back
assert back is std and http.client is std
with httplib_rs.installed():
    assert sys.modules["http.client"] is httplib_rs.client
assert sys.modules["http.client"] is std
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr
