"""`a11y worker`: a worker of another a11y version refuses the scan's page jobs and says why,
the coordinator reports it, and the pages wait for a worker that can run them."""
from __future__ import annotations

import sys

from tests.desk.queues import running_redis
from tests.scanner.siteserver import site
from tests.support import read_results

from .support import HeldPage, coordinator, finished, normalised, routes_with, wait_for

# `a11y` as a release that is not this one.
OTHER_VERSION = [sys.executable, "-c",
                 "import sys, a11y; a11y.__version__ = '0.0.1-other'; from a11y.cli import main; "
                 "sys.argv[0] = 'a11y'; main()"]


def test_a_worker_of_another_version_is_refused_and_nothing_is_lost(tmp_path, procs, local_scan):
    held = HeldPage()
    held.release()
    with running_redis(tmp_path / "redis") as url, site(routes_with(held)) as base:
        other, other_log = procs.worker("other", url, python=OTHER_VERSION)
        proc, log = coordinator(procs, base, tmp_path / "out", url)
        wait_for(lambda: "refused this scan's page jobs" in log.read_text(), "the coordinator reports the refusal",
                 proc, log)
        assert procs.stop(other) == 0
        said = other_log.read_text()
        assert "refused page jobs of scan" in said and "this worker a11y 0.0.1-other" in said, said
        assert "run the same a11y version on the coordinator and every worker" in log.read_text()
        procs.worker("same", url)  # a worker of this version takes the pages up
        code, err = finished(proc, log)
        assert code == 1, err
        assert normalised(read_results(tmp_path / "out"), base) == local_scan
