"""Every example in README.md runs: each ```python block in a fresh process, each
`$ httplib-rs ...` line of the ```console blocks as a command, against a local server
(the README's 127.0.0.1:8080 is replaced by the server's port)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from httplib_rs import _demo

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)
COMMANDS = [line[2:] for block in re.findall(r"```console\n(.*?)```", README, re.S)
            for line in block.splitlines() if line.startswith("$ ")]


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    server = _demo.start_server()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_readme_has_examples() -> None:
    assert len(PYTHON_BLOCKS) >= 3 and len(COMMANDS) >= 4


@pytest.mark.parametrize("code", PYTHON_BLOCKS, ids=[f"python-{i}" for i in range(len(PYTHON_BLOCKS))])
def test_python_example_runs(code: str, port: int) -> None:
    code = code.replace("8080", str(port))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    if "print(" in code:
        assert "200" in out.stdout
    if "type(page).__module__" in code:
        assert "httplib_rs.client" in out.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=[f"console-{i}" for i in range(len(COMMANDS))])
def test_console_example_runs(command: str, port: int) -> None:
    argv = shlex.split(command.replace("8080", str(port)))
    assert argv[0] == "httplib-rs"
    out = subprocess.run([sys.executable, "-m", "httplib_rs", *argv[1:]], capture_output=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout or "-o" in argv
