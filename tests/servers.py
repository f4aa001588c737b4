"""Real servers on 127.0.0.1 for the tests: a scripted raw-socket server that plays
exact bytes, and a real nginx (Debian package) started from a private config."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Union

# One scripted connection: a list of steps. bytes: send them. RECV: read one
# request (head and Content-Length/chunked body). CLOSE: close. ("sleep", s): pause.
# A callable step gets the connection socket.
RECV = "recv"
CLOSE = "close"
Step = Union[bytes, str, tuple, Callable[[socket.socket], None]]


def read_request(conn: socket.socket) -> bytes:
    """Reads one HTTP request (head plus Content-Length or chunked body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lower = head.lower()
    length = 0
    for line in lower.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip() == b"content-length":
            length = int(value.strip())
    if b"transfer-encoding: chunked" in lower:
        while not rest.endswith(b"0\r\n\r\n"):
            chunk = conn.recv(65536)
            if not chunk:
                break
            rest += chunk
        return head + b"\r\n\r\n" + rest
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        rest += chunk
    return head + b"\r\n\r\n" + rest


@dataclass
class ScriptedServer:
    """Accepts connections on 127.0.0.1 and runs one script per connection, in
    order (the last script repeats). Records every request it read."""

    scripts: list[list[Step]]
    requests: list[bytes] = field(default_factory=list)
    connections: int = 0
    # With a server-side SSLContext every connection is TLS; the SNI name and the
    # ALPN protocol each client chose, and its certificate, are recorded.
    ssl_context: Optional[ssl.SSLContext] = None
    tls: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self._stop = False
        self._threads: list[threading.Thread] = []
        self._accept = threading.Thread(target=self._serve, daemon=True)
        self._accept.start()

    def _serve(self) -> None:
        self.sock.settimeout(0.1)
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            script = self.scripts[min(self.connections, len(self.scripts) - 1)]
            self.connections += 1
            t = threading.Thread(target=self._run, args=(conn, script), daemon=True)
            t.start()
            self._threads.append(t)

    def _run(self, conn: socket.socket, script: list[Step]) -> None:
        conn.settimeout(10)
        if self.ssl_context is not None:
            sni: list[Optional[str]] = []
            self.ssl_context.sni_callback = lambda s, name, c: sni.append(name)
            try:
                conn = self.ssl_context.wrap_socket(conn, server_side=True)
            except (ssl.SSLError, OSError) as exc:
                self.tls.append({"error": repr(exc)})
                conn.close()
                return
            self.tls.append({"sni": sni[0] if sni else None,
                             "alpn": conn.selected_alpn_protocol(),
                             "peercert": conn.getpeercert()})
        try:
            for step in script:
                if step == RECV:
                    self.requests.append(read_request(conn))
                elif step == CLOSE:
                    break
                elif isinstance(step, tuple) and step[0] == "sleep":
                    time.sleep(step[1])
                elif isinstance(step, bytes):
                    conn.sendall(step)
                elif callable(step):
                    step(conn)
            else:
                # Script done without CLOSE: wait for the client to go away.
                try:
                    while conn.recv(65536):
                        pass
                except OSError:
                    pass
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self._stop = True
        self._accept.join(2)
        self.sock.close()

    def __enter__(self) -> "ScriptedServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def rst(conn: socket.socket) -> None:
    """A scripted step: abort the connection with a TCP RST (SO_LINGER 0, close)."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def serve_once(response: bytes, close: bool = True) -> ScriptedServer:
    """A server that reads one request and answers `response` on each connection."""
    script: list[Step] = [RECV, response]
    if close:
        script.append(CLOSE)
    return ScriptedServer([script])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NGINX_CONF = """
{user}
worker_processes 1;
daemon off;
error_log {prefix}/error.log warn;
pid {prefix}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
    default_type application/octet-stream;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {prefix}/www;
        client_max_body_size 200m;
        location = /small {{ default_type text/plain; return 200 "Hello, World!"; }}
        location = /form {{ default_type text/plain; return 302 "Redirecting to /issue12524"; }}
        location = /redirect {{ return 301 /index.html; }}
        location = /chunked {{ default_type text/plain; chunked_transfer_encoding on;
                              return 200 "chunked by nginx?"; }}
        location /dav/ {{
            dav_methods PUT DELETE;
            create_full_put_path on;
            dav_access user:rw group:r all:r;
        }}
    }}
}}
"""


@dataclass
class Nginx:
    """A real nginx on 127.0.0.1, serving files from a private directory."""

    prefix: Path
    port: int
    proc: subprocess.Popen

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGQUIT)
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.prefix, ignore_errors=True)


def nginx_binary() -> Optional[str]:
    for cand in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if cand and os.access(cand, os.X_OK):
            return cand
    return None


def start_nginx() -> Nginx:
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is not installed (apt-get install nginx)")
    prefix = Path(tempfile.mkdtemp(prefix="httplib_rs_nginx_"))
    www = prefix / "www"
    (www / "dav").mkdir(parents=True)
    (www / "index.html").write_bytes(b"<html><body>httplib_rs test page</body></html>\n")
    (www / "big.bin").write_bytes(os.urandom(1 << 20))
    with open(www / "huge.bin", "wb") as f:  # 100 MiB of zeros, sparse on disk
        f.truncate(100 << 20)
    port = free_port()
    conf = prefix / "nginx.conf"
    user = "user root root;" if os.geteuid() == 0 else ""
    conf.write_text(NGINX_CONF.format(prefix=prefix, port=port, user=user))
    proc = subprocess.Popen([binary, "-p", str(prefix), "-c", str(conf)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_listening(proc, port, "nginx")
    return Nginx(prefix, port, proc)


def wait_listening(proc: subprocess.Popen, port: int, name: str) -> None:
    """Waits until `proc` accepts connections on 127.0.0.1:`port` (10 s at most)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if proc.poll() is not None:
                err = proc.stderr.read().decode() if proc.stderr else ""
                raise RuntimeError(f"{name} failed to start: {err}") from None
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"{name} did not start listening")


@dataclass
class Tinyproxy:
    """A real tinyproxy (Debian package) on 127.0.0.1 that allows CONNECT to any port."""

    prefix: Path
    port: int
    proc: subprocess.Popen

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.prefix, ignore_errors=True)


def start_tinyproxy() -> Tinyproxy:
    binary = shutil.which("tinyproxy") or "/usr/bin/tinyproxy"
    if not os.access(binary, os.X_OK):
        raise RuntimeError("tinyproxy is not installed (apt-get install tinyproxy)")
    prefix = Path(tempfile.mkdtemp(prefix="httplib_rs_tinyproxy_"))
    port = free_port()
    conf = prefix / "tinyproxy.conf"
    user = "User root\nGroup root\n" if os.geteuid() == 0 else ""
    # No ConnectPort line: CONNECT is allowed to every port (our targets are ephemeral).
    conf.write_text(f"{user}Port {port}\nListen 127.0.0.1\nTimeout 30\n"
                    f"LogLevel Error\nMaxClients 20\nAllow 127.0.0.1\n"
                    f"DisableViaHeader Yes\n")
    proc = subprocess.Popen([binary, "-d", "-c", str(conf)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    wait_listening(proc, port, "tinyproxy")
    return Tinyproxy(prefix, port, proc)
