"""Faults on real loopback sockets: timeouts, refused connections, servers that close,
Ctrl-C during a blocking read, and the GIL released while blocked."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time

import pytest
from conftest import RS, STD
from servers import CLOSE, RECV, ScriptedServer, free_port


def test_timeout_on_silent_server_raises_timeout_error() -> None:
    with ScriptedServer([[RECV, ("sleep", 3), CLOSE]]) as server:
        conn = RS.HTTPConnection("127.0.0.1", server.port, timeout=0.3)
        conn.request("GET", "/")
        start = time.monotonic()
        with pytest.raises(socket.timeout, match="timed out"):  # TimeoutError on 3.10+
            conn.getresponse()
        assert time.monotonic() - start < 2.5
        conn.close()


def test_timeout_applies_per_operation_while_body_dribbles() -> None:
    def dribble(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
        for b in b"hello":
            time.sleep(0.1)
            conn.sendall(bytes([b]))

    with ScriptedServer([[RECV, dribble, CLOSE]]) as server:
        conn = RS.HTTPConnection("127.0.0.1", server.port, timeout=0.5)
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"hello"  # 0.5 s total > timeout, each recv < it
        conn.close()


def test_refused_connection_is_connection_refused_error() -> None:
    port = free_port()  # nothing listens there now
    for module in (RS, STD):
        conn = module.HTTPConnection("127.0.0.1", port, timeout=2)
        with pytest.raises(ConnectionRefusedError):
            conn.request("GET", "/")


def test_close_before_status_line_is_remote_disconnected() -> None:
    for module in (RS, STD):
        with ScriptedServer([[RECV, CLOSE]]) as server:
            conn = module.HTTPConnection("127.0.0.1", server.port, timeout=5)
            conn.request("GET", "/")
            with pytest.raises(module.RemoteDisconnected) as info:
                conn.getresponse()
            assert isinstance(info.value, ConnectionResetError)
            assert conn.sock is None  # closed, ready to reopen
            conn.close()


def test_short_body_incomplete_read_partial_and_expected() -> None:
    raw = b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"
    for module in (RS, STD):
        with ScriptedServer([[RECV, raw, CLOSE]]) as server:
            conn = module.HTTPConnection("127.0.0.1", server.port, timeout=5)
            conn.request("GET", "/")
            with pytest.raises(module.IncompleteRead) as info:
                conn.getresponse().read()
            assert (info.value.partial, info.value.expected) == (b"abc", 7)
            conn.close()


def test_kept_alive_connection_closed_by_server_while_idle() -> None:
    ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
    results = {}
    for module in (RS, STD):
        with ScriptedServer([[RECV, ok, ("sleep", 0.2), CLOSE], [RECV, ok, CLOSE]]) as server:
            conn = module.HTTPConnection("127.0.0.1", server.port, timeout=5)
            conn.request("GET", "/")
            assert conn.getresponse().read() == b"ok"
            time.sleep(0.5)  # the server closed the idle connection meanwhile
            try:
                conn.request("GET", "/")
                conn.getresponse()
                outcome = "ok"
            except (ConnectionError, module.HTTPException) as exc:
                outcome = type(exc).__name__
            # After the error the connection reopens by itself on the next request.
            conn.request("GET", "/")
            assert conn.getresponse().read() == b"ok"
            results[module.__name__] = outcome
            conn.close()
    assert results["httplib_rs.client"] == results["http.client"]


def test_server_connection_close_reopens_next_request() -> None:
    raw = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"
    with ScriptedServer([[RECV, raw, CLOSE]]) as server:
        conn = RS.HTTPConnection("127.0.0.1", server.port, timeout=5)
        for _ in range(3):
            conn.request("GET", "/")
            resp = conn.getresponse()
            assert resp.will_close and conn.sock is None
            assert resp.read() == b"ok"  # still readable after the connection let go
        assert server.connections == 3
        conn.close()


def test_keyboard_interrupt_during_blocking_read() -> None:
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals are delivered to the main thread only")
    with ScriptedServer([[RECV, ("sleep", 5), CLOSE]]) as server:
        conn = RS.HTTPConnection("127.0.0.1", server.port)  # timeout=None: blocks
        conn.request("GET", "/")
        old = signal.signal(signal.SIGINT, signal.default_int_handler)
        timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
        start = time.monotonic()
        timer.start()
        try:
            with pytest.raises(KeyboardInterrupt):
                conn.getresponse()
        finally:
            timer.cancel()
            signal.signal(signal.SIGINT, old)
        assert time.monotonic() - start < 1.5
        conn.close()


def test_gil_is_released_while_blocked_on_read() -> None:
    with ScriptedServer([[RECV, ("sleep", 0.6), b"HTTP/1.1 204 No Content\r\n\r\n", CLOSE]]) as server:
        conn = RS.HTTPConnection("127.0.0.1", server.port, timeout=5)
        conn.request("GET", "/")
        counter = [0]
        stop = threading.Event()

        def spin() -> None:
            while not stop.is_set():
                counter[0] += 1

        t = threading.Thread(target=spin)
        t.start()
        try:
            time.sleep(0.05)
            before = counter[0]
            conn.getresponse()  # blocks ~0.55 s in recv with the GIL released
            during = counter[0] - before
        finally:
            stop.set()
            t.join()
        assert during > 10_000  # the other thread ran all along
        conn.close()
