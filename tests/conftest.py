"""Shared fixtures: fixture sites served on loopback, and the Chromium path."""
from __future__ import annotations

from pathlib import Path

import pytest

from a11y.serve import serve_directory

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


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
