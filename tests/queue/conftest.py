from __future__ import annotations

import pytest

from tests.scanner.siteserver import site
from tests.scanner.split_support import scan_to

from .support import HeldPage, Processes, normalised, routes_with


@pytest.fixture
def procs(tmp_path):
    """Start `a11y` processes with procs.start / procs.worker; whatever still runs is killed after the test."""
    started = Processes(tmp_path)
    yield started
    started.close()


@pytest.fixture(scope="session")
def local_scan(tmp_path_factory) -> dict:
    """A local scan of the tests' site (nothing held), as normalised() gives it: what every
    queued scan must give."""
    held = HeldPage()
    held.release()
    with site(routes_with(held)) as base:
        return normalised(scan_to(tmp_path_factory.mktemp("local"), base + "/", expect=1), base)
