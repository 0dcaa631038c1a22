"""Running a queued scan in tests: a throw-away Redis, `a11y worker` processes, a coordinator,
and a site whose page /held is held open until the test lets it go."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.scanner.siteserver import page
from tests.scanner.split_site import links
from tests.scanner.split_site import routes as split_routes
from tests.scanner.split_support import comparable

A11Y = [sys.executable, "-m", "a11y"]
SAFETY = 600  # seconds: only against a hang; every wait below ends on an event long before
LEASE = "4"  # --queue-lease in the tests: a killed worker's page goes out again within seconds


class HeldPage:
    """The route /held: Chromium's first request for it waits until release() (its worker
    is then killed, or the queue stopped, meanwhile); every later one is answered at once."""

    def __init__(self):
        self.arrived = threading.Event()
        self.released = threading.Event()
        self.requests = 0
        self._lock = threading.Lock()

    def __call__(self, h):
        if "Chrome" in (h.headers.get("User-Agent") or ""):
            with self._lock:
                self.requests += 1
                first = self.requests == 1
            if first:
                self.arrived.set()
                self.released.wait(SAFETY)
        page("Held", '<img src="/logo.png" width="10" height="10">')(h)

    def release(self) -> None:
        self.released.set()


def routes_with(held: HeldPage) -> dict:
    """The split scans' site (tests/scanner/split_site.py), whose page /j links to /held."""
    routes = split_routes()
    routes["/j"] = page("J", links("/held"))
    routes["/held"] = held
    return routes


def wait_for(condition, what: str, proc: subprocess.Popen | None = None, log: Path | None = None):
    """Wait until condition() is true (the event itself, looked at often), failing at once if
    proc ends first; SAFETY is only a net for a hang."""
    deadline = time.monotonic() + SAFETY
    while True:
        value = condition()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"{what}: the process ended first (exit {proc.returncode}):\n"
                                 f"{log.read_text() if log else ''}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {SAFETY} s:\n{log.read_text() if log else ''}")
        time.sleep(0.05)


class Processes:
    """`a11y` processes started by a test, each in its own session (so that a kill takes its
    Chromium with it, as when a machine dies), ended when the test ends."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.started: list[tuple[subprocess.Popen, Path]] = []

    def start(self, name: str, *args, python: list[str] | None = None) -> tuple[subprocess.Popen, Path]:
        log = self.folder / f"{name}.log"
        proc = subprocess.Popen([*(python or A11Y), *map(str, args)], stdout=subprocess.DEVNULL,
                                stderr=log.open("w"), start_new_session=True)
        self.started.append((proc, log))
        return proc, log

    def worker(self, name: str, url: str, *args, python: list[str] | None = None):
        return self.start(name, "worker", "--queue", url, "--concurrency", "2", *args, python=python)

    @staticmethod
    def kill(proc: subprocess.Popen) -> None:
        """SIGKILL to the process and its Chromium: no goodbye, no lease given back."""
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    @staticmethod
    def stop(proc: subprocess.Popen) -> int:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        return proc.wait(SAFETY)

    def close(self) -> None:
        for proc, _ in self.started:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def coordinator(procs: Processes, base: str, out: Path, url: str, *args, name: str = "coordinator"):
    """`a11y scan BASE/ --queue URL [ARGS]` (our checks off, to be quick), in the background."""
    return procs.start(name, "scan", base + "/", "--checks", "none", "--no-sitemap", "--out", out,
                       "--queue", url, "--queue-lease", LEASE, *args)


def finished(proc: subprocess.Popen, log: Path) -> tuple[int, str]:
    code = proc.wait(SAFETY)
    return code, log.read_text()


def holder_of(url: str, path: str) -> int | None:
    """The pid of the worker whose lease is on the page `path` (the lease names the worker and the page)."""
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter("a11y:scan:*:lease:*"):
        value = (client.get(key) or b"").decode()
        worker, _, page_url = value.partition(" ")
        if page_url.endswith(path):
            return int(worker.rsplit(":", 1)[1])
    return None


def normalised(results: dict, base: str) -> dict:
    """comparable(results) with the site's address (its port changes every run) as BASE."""
    return json.loads(json.dumps(comparable(results)).replace(base, "BASE"))
