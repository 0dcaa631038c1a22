"""Queue storages for the worker tests: SQLite (always) and a throw-away Redis.

Redis comes from Debian's redis-server package (scripts/test.sh installs it as root), on a
free loopback port in a temporary folder, with nothing saved. Skips only on a machine
without it; on CI (`CI` set) a missing redis-server is a failure.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_server() -> str:
    path = shutil.which("redis-server")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("CI: no redis-server (scripts/test.sh installs the redis-server package as root)")
    pytest.skip("no redis-server (apt-get install redis-server)")


@contextmanager
def running_redis(folder: Path, port: int | None = None):
    """A Redis on 127.0.0.1 (a free port unless given) until the block ends; yields its URL."""
    server = redis_server()
    port = port or free_port()
    folder.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder), "--daemonize", "no"],
        stdout=(folder / "redis.log").open("ab"), stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:  # ready when it accepts a PING
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"redis-server did not start: {(folder / 'redis.log').read_text()[-500:]}")
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait()
