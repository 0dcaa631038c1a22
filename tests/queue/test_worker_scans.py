"""A worker going from scan to scan: one Chromium at a time (the jobs of a new scan that arrive
together share the one the first starts; the last scan's is stopped), none once its scans have
ended; and a job taken as it stops goes back to the queue."""
from __future__ import annotations

import json
from pathlib import Path

import redis

from a11y.discovery import PageJob
from a11y.queue import protocol
from a11y.queue.worker import PageWorker
from a11y.scan import ScanOptions
from tests.desk.queues import running_redis
from tests.scanner.processes import descendants
from tests.scanner.siteserver import page, site
from tests.scanner.split_site import links

from .support import LEASE, HeldPage, finished, wait_for


def browsers_under(pid: int) -> list[int]:
    """The Chromiums started under the process pid: their main processes (renderers and helpers
    have a --type), each counted once when a wrapper script (Debian's) started it with the same
    arguments."""
    main = {p for p, cmdline in descendants(pid) if b"--remote-debugging-pipe" in cmdline and b"--type=" not in cmdline}
    return sorted(p for p in main if parent_of(p) not in main)


def parent_of(pid: int) -> int | None:
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])  # after "pid (name) state"


def queued_scan(procs, name: str, url: str, out, *args):
    return procs.start(name, "scan", *args, "--no-sitemap", "--out", out, "--queue", url, "--queue-lease", LEASE)


def test_a_worker_keeps_one_chromium_from_scan_to_scan_and_none_once_they_end(tmp_path, procs):
    held = HeldPage()
    routes = {"/": page("Home", links("/a")), "/a": page("A", links("/")), "/b": page("B", links("/")),
              "/held": held}
    try:
        with running_redis(tmp_path / "redis") as url, site(routes) as base:
            worker, worker_log = procs.worker("w", url)
            proc, log = queued_scan(procs, "first", url, tmp_path / "first", base + "/", "--checks", "none")
            code, err = finished(proc, log)
            assert code == 0, err
            # Other settings, and three seeds sent at once: the worker, which has a scanner
            # already, takes two of them together, and both want the new scan's scanner.
            proc, log = queued_scan(procs, "second", url, tmp_path / "second", base + "/held", base + "/a",
                                    base + "/b", "--best-practice")
            wait_for(held.arrived.is_set, "the worker's Chromium asks for /held", proc, log)
            wait_for(lambda: all(f"scanned {base}{p}" in worker_log.read_text() for p in ("/a", "/b")),
                     "the worker scans /a and /b beside /held", proc, log)
            assert len(browsers_under(worker.pid)) == 1, worker_log.read_text()
            held.release()
            code, err = finished(proc, log)
            assert code in (0, 1), err
            # Its coordinator gone, the worker stops the scan's Chromium (it looks every few seconds).
            wait_for(lambda: not browsers_under(worker.pid), "the worker closes the ended scan's Chromium",
                     worker, worker_log)
            assert procs.stop(worker) == 0
    finally:
        held.release()
    assert "failed on the page" not in worker_log.read_text()


def test_a_job_taken_as_the_worker_stops_goes_back_to_the_queue(tmp_path):
    # The worker's take runs in a thread that outlives the run loop cancelled by Ctrl-C: a job it
    # takes after the leases were given back would wait for a lease nobody holds.
    with running_redis(tmp_path / "redis") as url:
        worker = PageWorker(url, 2, None, print, print)
        settings = protocol.job_settings(["http://127.0.0.1:9/"], ScanOptions(checks=False), [])
        job = protocol.job_message("s1", "1", PageJob("http://127.0.0.1:9/", 0, None), 30.0, settings,
                                   protocol.digest(settings))
        client = redis.Redis.from_url(url)
        client.set(protocol.alive_key("s1"), "1")
        worker.huey.enqueue(worker.huey.page_job.s(job))
        worker.leases.stop()  # as run() does when it is stopped
        assert worker._take() is None
        assert [json.loads(t.args[0])["key"] for t in worker.huey.pending()] == ["1"]
        assert not list(client.scan_iter("a11y:scan:s1:lease:*"))
        client.close()
        worker.redis.close()
