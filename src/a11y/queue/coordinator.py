"""`a11y scan --queue redis://HOST`: a Scanner whose pages are scanned by workers.

Discovery, claims, de-duplication, depth and max-pages stay here: the loop of scan.py
runs as for a local scan, and only its page runner (_run_page) differs: it sends the
page job through Huey and waits for the record a worker sends back, then takes the
decisions scan_page would have asked of the loop (the claim of the final address, the
same bytes seen under another address, the links) in the same order, so the results
are those of a local scan.

A job is out until its record comes back. A worker holds a lease on it, renewed by its
heartbeat; a job whose lease is gone and which is not waiting in the queue any more
(its worker died, or Redis lost it in a restart) is sent again after a grace period.
A page whose workers died MAX_LOSSES times is recorded as an error. The first record of
a job wins; a late duplicate is ignored. Chromium runs here only at the start, to check
the rule ids.
"""
from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from redis.exceptions import RedisError

from ..browser import Chromium
from ..discovery import PageJob
from ..models import Page
from ..scan import Scanner, ScanOptions
from . import protocol
from .journal import Journal
from .link import QueueLink

QUEUE_WINDOW = 64  # page jobs out at once, over all workers
MAX_LOSSES = 3  # workers that may die on one page before it is recorded as an error
MAX_REFUSED_WAIT = 30.0  # seconds at most before a refused job is sent again
NO_WORKER_NOTICE = 30.0  # seconds without a worker at work before the coordinator says so


@dataclass
class _Out:
    """A page job sent to the queue, until its record comes back."""

    job: PageJob
    key: str
    future: asyncio.Future = field(repr=False)
    sent: bool = False
    leased: bool = False  # a worker took it (its lease was seen)
    missing_since: float | None = None  # neither queued nor leased since then
    losses: int = 0
    refusals: int = 0
    retry_at: float | None = None  # refused: sent again then


class Coordinator(Scanner):
    local_pages = False  # workers elsewhere run the pages: this machine's load says nothing of theirs

    def __init__(self, seeds: list[str], options: ScanOptions, queue_url: str, out_dir: Path,
                 lease: float = protocol.DEFAULT_LEASE,
                 on_page: Callable | None = None, on_warning: Callable[[str], None] | None = None,
                 on_queue_warning: Callable[[str], None] | None = None):
        super().__init__(seeds, options, on_page=on_page, on_warning=on_warning)
        self.queue_url, self.lease, self.out_dir = queue_url, lease, Path(out_dir)
        self.queue_warning = on_queue_warning or self.on_warning
        self.scan_id = secrets.token_hex(8)
        self.redis = protocol.connect(queue_url)
        self.huey = protocol.make_huey(self.redis)
        self.link = QueueLink(queue_url, self.queue_warning)
        self.journal: Journal | None = None
        self._out: dict[str, _Out] = {}
        self._keys = itertools.count(1)
        self._refusals_said: set[tuple] = set()
        self.resumed = 0  # records replayed from an earlier run's journal
        self.sent_again = 0  # jobs sent again after their worker stopped
        self._last_progress = time.monotonic()  # a record came back, or a worker was seen at work
        self._idle_said = False

    # --- the scan ---------------------------------------------------------------------
    async def start(self) -> None:
        """As a local scan (Chromium tells the engines' rule ids, so bad ones are refused
        here); then Chromium is closed: this process scans no page."""
        await super().start()
        await self.chromium.stop()
        self.chromium = Chromium(self.options.chromium, on_warning=self.on_warning)  # never started

    async def run(self):
        self._settings = protocol.job_settings(self.seeds, self.options, self.results.engines)
        self._digest = protocol.digest(self._settings)
        recorded = {k: v for k, v in self.results.options.items() if k != "concurrency"}
        self.journal = Journal(self.out_dir, protocol.digest({"job": self._digest, "options": recorded}),
                               self.queue_warning)
        self.resumed = self.journal.open()
        if self.resumed:
            self.queue_warning(f"resuming the interrupted scan in {self.out_dir}: {self.resumed} page record(s) "
                               "kept from it are not scanned again")
        complete = False
        self._last_progress = time.monotonic()
        await self.link.call(self._set_alive)
        pump = asyncio.create_task(self._pump())
        try:
            results = await super().run()
            complete = True
            return results
        finally:
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pump
            self.journal.close(complete)
            await asyncio.to_thread(self._end)

    def pages_in_flight(self) -> int:
        return QUEUE_WINDOW

    async def _run_page(self, job: PageJob, tab) -> tuple[Page, Any]:
        record = self.journal.replay(job.url)
        if record is None:
            record = await self._remote(job)
            self.journal.add(job.url, record)
        return self._settle(job, record), tab

    def _settle(self, job: PageJob, record: dict) -> Page:
        """The page, after the decisions that scan_page asks of the loop, in its order: the claim
        of the address the page ended at, then the same bytes seen elsewhere, then its links."""
        page = protocol.read_page(record)
        claimed = record.get("claimed")
        if claimed:
            refused = self._claim(job, claimed)
            if refused is not None:
                return Page(url=job.url, final_url=claimed, status="skipped", depth=job.depth, found_on=job.found_on,
                            reason=refused, duration_ms=page.duration_ms)
        content = record.get("content")
        if content and claimed and self.page_settings.dedupe_content:
            first = self._seen_content(content, claimed)
            if first != claimed and job.depth > 0:  # as pagework: a seed asked for by name is scanned
                return Page(url=job.url, final_url=claimed, status="skipped", http_status=page.http_status,
                            content_type=page.content_type, depth=job.depth, found_on=job.found_on,
                            reason=f"duplicate: same content as {first}", duration_ms=page.duration_ms)
        if record.get("links") is not None:
            self._links_found(job)(record["links"], record.get("links_at") or claimed)
        page.url, page.depth, page.found_on = job.url, job.depth, job.found_on
        return page

    # --- jobs out on the queue ------------------------------------------------------------
    async def _remote(self, job: PageJob) -> dict:
        out = _Out(job, str(next(self._keys)), asyncio.get_running_loop().create_future())
        self._out[out.key] = out
        try:
            await self._send(out)
            return await out.future
        finally:
            del self._out[out.key]

    async def _send(self, out: _Out) -> None:
        message = protocol.job_message(self.scan_id, out.key, out.job, self.lease, self._settings, self._digest,
                                       referrer=self._referrer(out.job))
        out.sent, out.leased, out.missing_since, out.retry_at = False, False, None, None
        await self.link.call(self.huey.enqueue, self.huey.page_job.s(message))
        out.sent = True

    async def _pump(self) -> None:
        """Hand each record to its job; now and then, look for jobs whose worker stopped."""
        every = max(0.5, min(2.0, self.lease / 4))
        next_sweep = time.monotonic() + every
        while True:
            for raw in await self.link.call(self._take_records):
                self._receive(raw)
            if time.monotonic() >= next_sweep:
                await self._sweep(time.monotonic())
                next_sweep = time.monotonic() + every

    def _take_records(self) -> list[bytes]:
        key = protocol.records_key(self.scan_id)
        first = self.redis.blpop([key], timeout=1)
        if first is None:
            return []
        return [first[1], *(self.redis.lpop(key, 100) or [])]

    def _receive(self, raw: bytes) -> None:
        try:
            record = json.loads(raw)
        except ValueError:
            return
        out = self._out.get(record.get("key")) if record.get("scan") == self.scan_id else None
        if out is None or out.future.done():
            return  # a late duplicate: the job's first record was taken
        if record.get("returned"):  # its worker was stopped before it was done
            if out.sent:
                self.queue_warning(f"{out.job.url}: its worker {record.get('worker')} was stopped and gave it back: "
                                   "sending it again for another worker")
                out.sent, out.retry_at = False, time.monotonic()
            return
        if "refused" in record:
            said = (record.get("worker"), record["refused"])
            if said not in self._refusals_said:
                self._refusals_said.add(said)
                self.queue_warning(f"worker {record.get('worker')} refused this scan's page jobs: {record['refused']}")
            out.refusals += 1
            out.sent = False
            out.retry_at = time.monotonic() + min(MAX_REFUSED_WAIT, 2.0 ** min(out.refusals, 5))
            return
        self._last_progress = time.monotonic()
        out.future.set_result(record)

    async def _sweep(self, now: float) -> None:
        await self.link.call(self._set_alive)
        for out in [o for o in self._out.values() if o.retry_at is not None and now >= o.retry_at]:
            if not out.future.done():
                await self._send(out)
        waiting = [o for o in self._out.values() if o.sent and not o.future.done()]
        if not waiting:
            return
        self._say_if_no_worker(now, len(waiting))
        leases = await self.link.call(self.redis.mget, [protocol.lease_key(self.scan_id, o.key) for o in waiting])
        missing = []
        for out, lease in zip(waiting, leases, strict=True):
            if lease is None:
                missing.append(out)
            else:
                out.leased, out.missing_since = True, None
                self._last_progress = now
        if not missing:
            return
        queued = await self.link.call(self._queued_keys)
        grace = max(2.0, self.lease / 2)  # a worker sets its lease as it takes the job: allow for the moment between
        for out in missing:
            if out.key in queued:
                out.missing_since = None
            elif out.missing_since is None:
                out.missing_since = now
            elif now - out.missing_since >= grace and not out.future.done():
                await self._lost(out)

    def _say_if_no_worker(self, now: float, waiting: int) -> None:
        if now - self._last_progress < NO_WORKER_NOTICE:
            self._idle_said = False
        elif not self._idle_said:
            self._idle_said = True
            self.queue_warning(f"{waiting} page job(s) wait on {protocol.redact(self.queue_url)} and no worker has "
                               f"scanned a page for {NO_WORKER_NOTICE:g} s: start `a11y worker --queue URL` on "
                               "machines that can reach Redis and the site")

    def _queued_keys(self) -> set[str]:
        keys = set()
        for task in self.huey.pending():
            with contextlib.suppress(ValueError, TypeError, IndexError, AttributeError):
                message = json.loads(task.args[0])
                if message.get("scan") == self.scan_id:
                    keys.add(message.get("key"))
        return keys

    async def _lost(self, out: _Out) -> None:
        """Its worker stopped (its lease ran out), or the queue lost it: send it again."""
        if out.leased:
            out.losses += 1
        if out.losses >= MAX_LOSSES:
            page = Page(url=out.job.url, status="error", depth=out.job.depth, found_on=out.job.found_on,
                        reason=f"error: the workers scanning it stopped {out.losses} times before it was done "
                               f"(no heartbeat for {self.lease:g} s)")
            out.future.set_result({"page": asdict(page), "claimed": None, "links": None, "content": None})
            return
        self.sent_again += 1
        why = ("its worker stopped answering (no heartbeat for "
               f"{self.lease:g} s)" if out.leased else "the queue lost it")
        self.queue_warning(f"{out.job.url}: {why}: sending it again for another worker")
        await self._send(out)

    # --- the scan's keys ---------------------------------------------------------------
    def _set_alive(self) -> None:
        """Workers drop the jobs of a scan whose coordinator is gone (this key lapsed)."""
        self.redis.set(protocol.alive_key(self.scan_id), "1", ex=max(60, int(self.lease * 4)))

    def _end(self) -> None:
        with contextlib.suppress(RedisError):
            self.redis.delete(protocol.alive_key(self.scan_id), protocol.records_key(self.scan_id))
