"""`a11y scan --queue` with `a11y worker` processes on a throw-away redis-server: the same
results as a local scan, with two workers, with one of them killed mid-page, with the
coordinator itself killed and started again, and with the queue gone for a while."""
from __future__ import annotations

import asyncio
import contextlib
import json

from a11y.discovery import PageJob
from a11y.queue.coordinator import Coordinator, _Out
from a11y.scan import ScanOptions
from tests.desk.queues import free_port, running_redis
from tests.scanner.siteserver import site
from tests.support import read_results

from .support import HeldPage, coordinator, finished, holder_of, normalised, routes_with, wait_for

JOURNAL = "queue-journal.jsonl"


def test_two_workers_give_the_pages_and_findings_of_a_local_scan(tmp_path, procs, local_scan):
    held = HeldPage()
    held.release()  # nothing held in this test
    with running_redis(tmp_path / "redis") as url, site(routes_with(held)) as base:
        for name in ("w1", "w2"):
            procs.worker(name, url)
        proc, log = coordinator(procs, base, tmp_path / "out", url)
        code, err = finished(proc, log)
        assert code == 1, err  # violations, as the local scan
        queued = read_results(tmp_path / "out")
        assert normalised(queued, base) == local_scan
    assert queued["complete"] and "refused" not in err and "does not answer" not in err
    assert not (tmp_path / "out" / JOURNAL).exists()  # a complete scan leaves nothing to resume


@contextlib.contextmanager
def a_worker_holding_a_page(tmp_path, procs):
    """Two workers and a coordinator, once one worker holds /held (the server keeps it open):
    (held, base, proc, log, the holding worker)."""
    held = HeldPage()
    with running_redis(tmp_path / "redis") as url, site(routes_with(held)) as base:
        workers = {p.pid: p for p, _ in (procs.worker(name, url) for name in ("w1", "w2"))}
        proc, log = coordinator(procs, base, tmp_path / "out", url)
        wait_for(held.arrived.is_set, "a worker's Chromium asks for /held", proc, log)
        pid = wait_for(lambda: holder_of(url, "/held"), "the lease on /held names its worker", proc, log)
        yield held, base, proc, log, workers[pid]


def test_a_worker_killed_mid_page_costs_a_retry_not_the_page(tmp_path, procs, local_scan):
    with a_worker_holding_a_page(tmp_path, procs) as (held, base, proc, log, worker):
        procs.kill(worker)
        held.release()
        code, err = finished(proc, log)
        assert code == 1, err
        queued = read_results(tmp_path / "out")
        assert f"{base}/held: its worker stopped answering" in err
        assert held.requests >= 2  # the page was loaded again by the other worker
        assert normalised(queued, base) == local_scan


def test_a_worker_stopped_mid_page_gives_it_back_at_once(tmp_path, procs, local_scan):
    with a_worker_holding_a_page(tmp_path, procs) as (held, base, proc, log, worker):
        assert procs.stop(worker) == 0  # SIGTERM, as a machine being drained
        wait_for(lambda: "was stopped and gave it back" in log.read_text(), "the page is given back", proc, log)
        held.release()
        code, err = finished(proc, log)
        assert code == 1, err
        assert normalised(read_results(tmp_path / "out"), base) == local_scan


def test_a_coordinator_started_again_resumes_from_its_partial_results(tmp_path, procs, local_scan):
    held = HeldPage()
    with running_redis(tmp_path / "redis") as url, site(routes_with(held)) as base:
        procs.worker("w1", url)
        proc, log = coordinator(procs, base, tmp_path / "out", url)
        wait_for(held.arrived.is_set, "a worker's Chromium asks for /held", proc, log)
        journal = tmp_path / "out" / JOURNAL
        # Every page but /held is back (the journal has their records) when the coordinator dies.
        wait_for(lambda: journal.is_file() and journal.read_text().count("\n") >= 2, "records in the journal",
                 proc, log)
        procs.kill(proc)
        kept = journal.read_text().count("\n") - 1
        held.release()
        again, log2 = coordinator(procs, base, tmp_path / "out", url, name="coordinator2")
        code, err = finished(again, log2)
        assert code == 1, err
        assert f"resuming the interrupted scan in {tmp_path / 'out'}: {kept} page record(s)" in err
        assert normalised(read_results(tmp_path / "out"), base) == local_scan
    assert not journal.exists()


def test_the_coordinator_waits_for_a_queue_that_went_away(tmp_path, procs, local_scan):
    held = HeldPage()
    port = free_port()
    with site(routes_with(held)) as base:
        with running_redis(tmp_path / "redis", port) as url:
            procs.worker("w1", url)
            proc, log = coordinator(procs, base, tmp_path / "out", url)
            wait_for(held.arrived.is_set, "a worker's Chromium asks for /held", proc, log)
        # Redis is gone (with every job and record it held): the coordinator says so and waits.
        wait_for(lambda: "does not answer" in log.read_text(), "the coordinator says the queue is away", proc, log)
        held.release()
        with running_redis(tmp_path / "redis", port):
            code, err = finished(proc, log)
        assert code == 1, err
        assert "answers again: the scan goes on" in err
        assert normalised(read_results(tmp_path / "out"), base) == local_scan


def test_the_first_record_of_a_job_wins_and_a_late_duplicate_is_ignored(tmp_path):
    async def check():
        queued = Coordinator(["http://127.0.0.1:9/"], ScanOptions(checks=False), "redis://127.0.0.1:9", tmp_path)
        out = _Out(PageJob("http://127.0.0.1:9/a", 1, None), "1", asyncio.get_running_loop().create_future(),
                   sent=True)
        queued._out["1"] = out

        def record(**fields) -> bytes:
            return json.dumps({"scan": queued.scan_id, "key": "1", "worker": "w", **fields}).encode()

        queued._receive(record(refused="another version"))  # refused: sent again later, not settled
        assert not out.future.done() and out.retry_at is not None and not out.sent
        out.sent, out.retry_at = True, None
        queued._receive(json.dumps({"scan": "another scan", "key": "1", "page": {}}).encode())
        assert not out.future.done()
        queued._receive(record(page={"url": out.job.url, "status": "scanned"}, n=1))
        queued._receive(record(page={"url": out.job.url, "status": "error"}, n=2))  # the retry's, too late
        assert (await out.future)["n"] == 1

    asyncio.run(check())


def test_a_queued_scan_audits_the_page_within_depth_at_its_depth(tmp_path, procs):
    """The coordinator's frontier is told when each job starts and ends, as a local scan's is (it
    runs the same pool): the seed held at a worker, the sitemap's /a links /b at 2, and /b waits
    for the seed, which links it at 1; so /c (2 from the seed) is within --depth 2.
    (tests/scanner/test_discovery_depth.py: the same site, scanned locally.)"""
    from tests.scanner.test_discovery_depth import slow_seed_site

    from .support import LEASE

    out = tmp_path / "out"
    with running_redis(tmp_path / "redis") as url, slow_seed_site() as base:
        procs.worker("w1", url)
        proc, log = procs.start("coordinator", "scan", base + "/home", "--depth", "2", "--checks", "none",
                                "--timeout", "120", "--format", "json", "--out", out, "--queue", url,
                                "--queue-lease", LEASE, "-q")
        code, err = finished(proc, log)
    assert code == 0, err
    found = {p["url"].removeprefix(base): (p["status"], p["depth"], (p["found_on"] or "").removeprefix(base))
             for p in read_results(out)["pages"]}
    assert found == {
        "/home": ("scanned", 0, ""),
        "/a": ("scanned", 1, "/sitemap.xml"),
        "/a2": ("scanned", 1, "/sitemap.xml"),
        "/b": ("scanned", 1, "/home"),
        "/c": ("scanned", 2, "/b"),
    }
