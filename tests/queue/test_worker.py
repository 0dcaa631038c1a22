"""`a11y worker`: a worker of another a11y version (or another axe-core) refuses the scan's page jobs and says why,
the coordinator reports it, and the pages wait for a worker that can run them."""
from __future__ import annotations

import sys

import pytest

from tests.desk.queues import running_redis
from tests.scanner.siteserver import site
from tests.support import read_results

from .support import HeldPage, coordinator, finished, normalised, routes_with, wait_for

# `a11y` as a release that is not this one, and with another axe-core.
OTHER_VERSION = [sys.executable, "-c",
                 "import sys, a11y; a11y.__version__ = '0.0.1-other'; from a11y.cli import main; "
                 "sys.argv[0] = 'a11y'; main()"]
OTHER_AXE = [sys.executable, "-c",
             "import sys, a11y.engines.axe as axe; axe.AxeEngine.version = property(lambda self: '0.0.1-other'); "
             "from a11y.cli import main; sys.argv[0] = 'a11y'; main()"]


@pytest.mark.parametrize("python, worker_says, coordinator_says", [
    (OTHER_VERSION, "this worker a11y 0.0.1-other", "run the same a11y version on the coordinator and every worker"),
    (OTHER_AXE, "this worker's engines (axe-core 0.0.1-other) are not the scan's (axe-core 4.",
     "install the same versions on every machine"),
], ids=["a11y version", "axe-core version"])
def test_a_worker_of_another_version_is_refused_and_nothing_is_lost(tmp_path, procs, local_scan, python,
                                                                    worker_says, coordinator_says):
    held = HeldPage()
    held.release()
    with running_redis(tmp_path / "redis") as url, site(routes_with(held)) as base:
        other, other_log = procs.worker("other", url, python=python)
        proc, log = coordinator(procs, base, tmp_path / "out", url)
        wait_for(lambda: "refused this scan's page jobs" in log.read_text(), "the coordinator reports the refusal",
                 proc, log)
        assert procs.stop(other) == 0
        said = other_log.read_text()
        assert "refused page jobs of scan" in said and worker_says in said, said
        assert coordinator_says in log.read_text()
        procs.worker("same", url)  # a worker of this version takes the pages up
        code, err = finished(proc, log)
        assert code == 1, err
        assert normalised(read_results(tmp_path / "out"), base) == local_scan
