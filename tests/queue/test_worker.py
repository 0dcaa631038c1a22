"""`a11y worker`: a worker of another a11y version (or another axe-core) refuses the scan's page jobs and says why,
the coordinator reports it, and the pages wait for a worker that can run them. A worker whose pages time out
lowers the pages it holds at once, as a local scan does, and scans the pages that timed out again."""
from __future__ import annotations

import sys
import threading

import pytest

from a11y.queue.worker import PageWorker, WorkerScanner
from a11y.scan import ScanOptions
from tests.desk.queues import running_redis
from tests.scanner.siteserver import held, page, site
from tests.scanner.split_site import links
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


LOWERED = "in flight from now on"


def test_a_worker_whose_pages_hang_lowers_its_pages_at_once_warns_and_scans_every_page(tmp_path, procs):
    # Every page but the home page hangs (the server holds its answer) until the worker says it
    # lowered its pages at once; then the server answers at once. The pages that timed out
    # meanwhile are scanned again by the worker at the lower number, not recorded as errors.
    # The timeouts come from the server holding the pages, not the machine's speed: --timeout
    # is generous.
    release = threading.Event()
    routes = {"/": page("Home", links(*(f"/p{i}" for i in range(8))))}
    routes |= {f"/p{i}": held(release, page(f"P{i}", "<p>fine</p>")) for i in range(8)}
    try:
        with running_redis(tmp_path / "redis") as url, site(routes) as base:
            worker, worker_log = procs.worker("w", url, "--concurrency", "4")
            proc, log = coordinator(procs, base, tmp_path / "out", url, "--timeout", "15")
            wait_for(lambda: LOWERED in worker_log.read_text(), "the worker lowers its pages at once", proc, log)
            release.set()
            code, err = finished(proc, log)
            assert procs.stop(worker) == 0
    finally:
        release.set()  # no server thread left waiting
    assert code == 0, err
    statuses = {p["url"].removeprefix(base): (p["status"], p.get("reason")) for p in read_results(tmp_path / "out")["pages"]}
    assert statuses == {"/": ("scanned", None)} | {f"/p{i}": ("scanned", None) for i in range(8)}, statuses
    said = [line for line in worker_log.read_text().splitlines() if LOWERED in line]
    assert len(said) == 1, worker_log.read_text()
    assert "did not finish in time" in said[0] and "2 pages in flight from now on (was 4)" in said[0]


def _worker_with_one_scan(auto_concurrency: bool) -> PageWorker:
    """A worker (no Redis asked yet) that knows one scan's settings: 4 pages at once, no checks."""
    worker = PageWorker("redis://127.0.0.1:9/0", 4, None, print, print, auto_concurrency=auto_concurrency)
    worker._scanners["settings"] = WorkerScanner(["http://127.0.0.1:9/"], ScanOptions(concurrency=4, checks=False))
    worker._fit_throttle()
    return worker


def test_a_lowered_worker_takes_fewer_jobs_and_fixed_concurrency_keeps_the_number():
    worker = _worker_with_one_scan(auto_concurrency=True)
    assert worker._limit() == 4
    for _ in range(2):  # two pages in a row did not finish
        worker.throttle.finished(worker.throttle.started(), timed_out=True)
    assert worker._limit() == 2  # the run loop takes a job only while fewer pages than this are in hand
    fixed = _worker_with_one_scan(auto_concurrency=False)
    assert fixed.throttle is None and fixed._limit() == 4


def test_a_worker_scans_with_its_own_memory_budget_not_the_coordinators():
    import asyncio

    from a11y.queue import protocol

    settings = protocol.job_settings(["http://127.0.0.1:9/"], ScanOptions(checks=False, memory_budget=7), [])
    message = {"digest": protocol.digest(settings), "settings": settings}

    async def budget_of(worker: PageWorker) -> int | None:
        scanner, why = await worker._scanner_for(message)
        assert scanner is not None, why
        try:
            return scanner.sizes.memory_budget
        finally:
            await scanner.stop()

    given = PageWorker("redis://127.0.0.1:9/0", 2, None, print, print, memory_budget=300 * 1024 * 1024)
    assert asyncio.run(budget_of(given)) == 300 * 1024 * 1024
    off = PageWorker("redis://127.0.0.1:9/0", 2, None, print, print, memory_budget=0)
    assert asyncio.run(budget_of(off)) is None
    default = PageWorker("redis://127.0.0.1:9/0", 2, None, print, print)
    assert asyncio.run(budget_of(default)) not in (None, 7)  # the machine's default, never the scan's 7 bytes
