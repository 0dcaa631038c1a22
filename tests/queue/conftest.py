from __future__ import annotations

import pytest

from .support import Processes


@pytest.fixture
def procs(tmp_path):
    """Start `a11y` processes with procs.start / procs.worker; whatever still runs is killed after the test."""
    started = Processes(tmp_path)
    yield started
    started.close()
