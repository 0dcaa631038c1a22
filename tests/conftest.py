"""Shared fixtures: fixture sites served on loopback, and the Chromium path."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from a11y.serve import serve_directory

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent

# Tests talk to loopback only. Chromium looks up update hosts on its own (Debian's build
# resolves clients2.google.com and update.googleapis.com at start, whatever the switches), and a
# fixture page may name an outside address: every request that is not for a loopback address,
# from Chromium and from Python (httpx, urllib), goes to a proxy on a closed loopback port and
# fails there, without a DNS lookup.
_DEAD_PROXY = "http://127.0.0.1:9"
os.environ.setdefault("A11Y_CHROMIUM_ARGS", f"--proxy-server={_DEAD_PROXY}")
for _name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
    os.environ.setdefault(_name, _DEAD_PROXY)
# httpx reads addresses here, not networks: name each loopback address the tests use.
for _name in ("NO_PROXY", "no_proxy"):
    os.environ.setdefault(_name, "127.0.0.1,127.0.0.2,127.0.0.3,localhost,::1")
# What the scanner keeps between runs (the language model's unpacked copy, checks/_language.py)
# goes to a folder of this test run's own, not the user's cache, and goes with it.
if "A11Y_CACHE_DIR" not in os.environ:
    os.environ["A11Y_CACHE_DIR"] = tempfile.mkdtemp(prefix="a11y-test-cache-")
    atexit.register(shutil.rmtree, os.environ["A11Y_CACHE_DIR"], True)


@pytest.fixture
def serve():
    """serve(path) -> base URL of a static server for that folder (closed after the test)."""
    with_stack = []

    def _serve(path: str | Path) -> str:
        cm = serve_directory(path)
        url = cm.__enter__()
        with_stack.append(cm)
        return url

    yield _serve
    for cm in reversed(with_stack):
        cm.__exit__(None, None, None)


@pytest.fixture(scope="session")
def browser_loop():
    """A real Chromium shared by the tests of this worker (see tests/browser_loop.py)."""
    from tests.browser_loop import BrowserLoop

    loop = BrowserLoop()
    yield loop
    loop.close()
