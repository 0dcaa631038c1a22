"""`a11y worker --queue redis://HOST`: scan the pages coordinators send, in this machine's Chromium.

Each page goes through Scanner's own per-page path (_scan_with_retry: engines, the retry
in a fresh context, the budgets), so its record is the one a local scan would make. The
decisions that path asks of the scan loop (is the final address ours to audit, were these
bytes seen before, what links did the page have) are only noted here and sent back with
the record: the coordinator takes them. A job from another a11y version, or whose
engines differ from this machine's, is refused, with the reason, to the coordinator and
on stderr. A lease on each job in hand, renewed by a heartbeat thread, tells the
coordinator the worker is alive.

One Chromium per scan's settings, while that scan has pages here: the jobs of a new scan
that arrive together share the scanner the first of them starts; starting it stops the
scanners of earlier scans that have no page in hand; and a scanner whose scans have all
ended (their coordinators are gone) is stopped within SWEEP_EVERY seconds, so that a worker
waiting for the next scan holds no browser.

The pages in flight here lower themselves as a local scan's do (throttle.py): when pages
time out in a row or memory runs short, the worker scans fewer at once, and so takes fewer
jobs off the queue. A page that timed out in the overload is scanned again here at the
lower number (its lease still held), before any new job is taken; a first timeout's record
is held back until the next page says whether it was the page's own. --fixed-concurrency
turns this off.
"""
from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from redis.exceptions import RedisError

from ..discovery import PageJob
from ..scan import Scanner, ScanSetupError
from ..throttle import Throttle, available_memory, timed_out
from . import protocol
from .link import QueueLink

SWEEP_EVERY = 5.0  # seconds between looks for scanners whose scans have all ended

# The page being scanned by the current task: where the loop's decisions are noted.
_NOTES: contextvars.ContextVar[_Notes] = contextvars.ContextVar("a11y_queue_notes")


@dataclass
class _Notes:
    referrer: str | None = None  # the coordinator's word: the page of the crawl whose link led here
    claimed: str | None = None
    content: str | None = None
    links: list[str] | None = None
    links_at: str | None = None


class WorkerScanner(Scanner):
    """A Scanner for one scan's settings, used only for its per-page path."""

    def _claim(self, job, final_url):
        _NOTES.get().claimed = final_url
        return None  # the coordinator decides

    def _seen_content(self, digest, url):
        _NOTES.get().content = digest
        return url  # never a duplicate here: the coordinator decides

    def _links_found(self, job):
        def add(links, final_url):
            notes = _NOTES.get()
            notes.links, notes.links_at = list(links), final_url
        return add

    def _referrer(self, job):
        return _NOTES.get().referrer  # the coordinator knows which pages' links were read


class _Leases:
    """The leases this worker holds, renewed by a thread (so a busy event loop cannot let them lapse)."""

    def __init__(self, redis):
        self.redis = redis
        self._held: dict[str, tuple[str, int, str]] = {}  # key -> (value, milliseconds, its record on return)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name="a11y-worker-heartbeat", daemon=True)

    def take(self, key: str, value: str, lease: float, returned: str) -> bool:
        """Hold the lease `key`; `returned` is the record that gives the job back if the worker stops.
        False once the worker is stopping: a job taken then is not held (stop() would not give it back)."""
        ms = max(1000, int(lease * 1000))
        with self._lock:
            if self._stop.is_set():
                return False
            self._held[key] = (value, ms, returned)
        self.redis.set(key, value, px=ms)
        return True

    def drop(self, key: str) -> None:
        with self._lock:
            self._held.pop(key, None)
        with contextlib.suppress(RedisError):
            self.redis.delete(key)

    def _renew(self) -> None:
        while True:
            with self._lock:
                held = dict(self._held)
            every = min((ms for _, ms, _ in held.values()), default=3000) / 3000
            if self._stop.wait(every):
                return
            for key, (value, ms, _) in held.items():
                with self._lock:
                    if key not in self._held:
                        continue
                with contextlib.suppress(RedisError):  # Redis away: the coordinator waits for it too
                    self.redis.set(key, value, px=ms)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop renewing and give back the jobs in hand: their coordinators send them to another worker
        at once (a worker that cannot say so, killed, is found out when its leases lapse)."""
        with self._lock:
            self._stop.set()
            held = list(self._held.items())
        for key, (_, _, returned) in held:
            with contextlib.suppress(RedisError):
                scan = json.loads(returned)["scan"]
                self.redis.rpush(protocol.records_key(scan), returned)
            self.drop(key)


class PageWorker:
    def __init__(self, queue_url: str, concurrency: int, chromium: str | None,
                 say: Callable[[str], None], warn: Callable[[str], None], max_jobs: int | None = None,
                 auto_concurrency: bool = True, memory_budget: int | None = None):
        self.queue_url, self.concurrency, self.chromium = queue_url, concurrency, chromium
        self.memory_budget = memory_budget  # bytes, as ScanOptions.memory_budget (None: the default)
        self.say, self.warn = say, warn
        self.name = protocol.worker_name()
        self.redis = protocol.connect(queue_url)
        self.huey = protocol.make_huey(self.redis)
        self.link = QueueLink(queue_url, warn, what_waits="the worker")
        self.leases = _Leases(self.redis)
        self.max_jobs = max_jobs  # stop after this many jobs (tests, and draining a machine)
        self._scanners: dict[str, WorkerScanner] = {}  # settings digest -> its scanner
        self._busy: dict[str, int] = {}  # settings digest -> pages in hand
        self._tabs: dict[str, list] = {}  # settings digest -> idle tabs
        self._scans: dict[str, set[str]] = {}  # settings digest -> the scans whose pages it scanned
        self._unusable: dict[str, str] = {}  # settings digest -> why this worker cannot scan with them
        # One scanner made or stopped at a time: the jobs of a new scan that arrive together share
        # the one the first of them starts (each starting its own left all but one running unseen).
        self._making = asyncio.Lock()
        self._next_sweep = 0.0  # when to look again for scanners whose scans have all ended
        self._refused_said: set[str] = set()
        self.fatal: str | None = None  # why the worker cannot work at all (Chromium will not start)
        self.jobs = 0
        # Fewer pages at once when pages time out or memory runs short (throttle.py); None with
        # --fixed-concurrency, and until the first scan's engines say how many pages fly.
        self.auto_concurrency = auto_concurrency
        self.throttle: Throttle | None = None
        self._in_flight = 0  # pages in hand that are scanned or wait to be (not those held back)
        self._scanning = 0  # pages in a tab now
        self._held: list[asyncio.Future] = []  # timeouts that may begin a run: "record" or "retry" them
        self._wake = asyncio.Event()  # a page finished, was held back, or the number changed
        self._taking = True  # jobs are still taken off the queue (false once run() stops taking them)

    async def run(self) -> None:
        self.leases.start()
        tasks: set[asyncio.Task] = set()
        try:
            while self.fatal is None and (self.max_jobs is None or self.jobs < self.max_jobs):
                await self._close_ended_scans()
                if self._in_flight >= self._limit():
                    self._wake.clear()
                    await self._wake.wait()
                    continue
                message = await self.link.call(self._take)
                if message is None:
                    self._nothing_follows()
                    continue
                self.jobs += 1
                self._in_flight += 1  # counted now, not when the task first runs
                task = asyncio.create_task(self._handle(message))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            self._taking = False
            while tasks:  # the last pages; held records are the pages' own once nothing follows them
                self._nothing_follows()
                await asyncio.wait(set(tasks), return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await asyncio.to_thread(self.leases.stop)
            async with self._making:
                for digest in list(self._scanners):
                    await self._close(digest)
            self.redis.close()  # its connections, and Huey's (they share its pool)

    def _limit(self) -> int:
        """Pages in hand at once: as a local scan with --concurrency would have (checks wait more),
        lowered by the throttle."""
        if not self._scanners:
            return 1  # the first job tells which engines run
        return self._ceiling() if self.throttle is None else min(self._ceiling(), self.throttle.limit)

    def _ceiling(self) -> int:
        """The most pages the scanners in use would have in flight (a local scan's number)."""
        return max(s.pages_in_flight() for s in self._scanners.values())

    def _fit_throttle(self) -> None:
        """A throttle for the most pages the scanners in use would have in flight; remade when a
        scan of other engines changes that number, unless it has lowered itself already."""
        ceiling = self._ceiling()
        t = self.throttle
        if self.auto_concurrency and (t is None or (t.ceiling != ceiling and t.lowest == t.ceiling)):
            self.throttle = Throttle(ceiling)

    def _changed(self) -> None:
        self._wake.set()

    def _nothing_follows(self) -> None:
        """No page is in flight (and, at a take, the queue had none): the timeouts held back
        were the pages' own, as at the end of a local scan."""
        if self._in_flight == 0:
            self._settle_held("record")

    def _settle_held(self, what: str | None) -> None:
        if what:
            held, self._held = self._held, []
            for future in held:
                if not future.done():
                    future.set_result(what)

    def _take(self) -> dict | None:
        """The next job of a live scan, leased at once (in the thread that took it off the queue)."""
        task = self.huey.dequeue()
        if task is None:
            return None
        try:
            message = json.loads(task.args[0])
            scan, key = message["scan"], message["key"]
        except (ValueError, TypeError, IndexError, KeyError):
            self.warn("dropped a queue message that is not an a11y page job")
            return None
        if not self.redis.exists(protocol.alive_key(scan)):
            return None  # its coordinator is gone: nobody waits for this page
        if not self.leases.take(protocol.lease_key(scan, key), f"{self.name} {message.get('url')}",
                                float(message.get("lease") or protocol.DEFAULT_LEASE),
                                protocol.returned_record(message, self.name)):
            # Taken as the worker stops (this thread outlives the cancelled run loop): back to
            # the queue for another worker, not left to wait for a lease that was never held.
            self.huey.enqueue(task)
            return None
        return message

    async def _handle(self, message: dict) -> None:
        lease = protocol.lease_key(message["scan"], message["key"])
        try:
            record = await self._record_for(message)
        except asyncio.CancelledError:
            raise  # the worker is stopping: the lease stays held, and _Leases.stop() gives the job back
        except Exception as e:  # noqa: BLE001 - whatever went wrong here, the page is not lost
            why = f"this worker failed on the page ({type(e).__name__}: {str(e)[:200]})"
            self.warn(f"{message.get('url')}: {why}")
            record = protocol.refused_record(message, why, self.name)
        try:
            await self.link.call(self.redis.rpush, protocol.records_key(message["scan"]), record)
            await self.link.call(self.redis.expire, protocol.records_key(message["scan"]), protocol.RECORDS_TTL)
        finally:
            await asyncio.to_thread(self.leases.drop, lease)
            self._in_flight -= 1
            self._changed()

    async def _record_for(self, message: dict) -> str:
        """The page's record, or the refusal that says why this worker does not scan it."""
        why = protocol.refusal(message)
        scanner = None
        if not why:
            scanner, why = await self._scanner_for(message)
        if scanner is not None:
            try:  # the scanner is held (counted in _busy) from _scanner_for until the page is done
                why = protocol.engines_refusal(message["settings"]["engines"], scanner.results.engines)
                if not why:
                    return await self._scan(scanner, message)
            finally:
                self._busy[message["digest"]] -= 1
        if why not in self._refused_said:
            self._refused_said.add(why)
            self.warn(f"refused page jobs of scan {message.get('scan')}: {why}")
        return protocol.refused_record(message, why, self.name)

    async def _scan(self, scanner: WorkerScanner, message: dict) -> str:
        digest = message["digest"]
        job = PageJob(url=message["url"], depth=message["depth"], found_on=message["found_on"])
        tries = 0
        while True:
            notes = _Notes(referrer=message.get("referrer"))
            _NOTES.set(notes)  # this task's own copy of the context
            page, started_at = await self._scan_once(scanner, digest, job)
            if not await self._try_again(page, started_at, tries):
                break
            tries += 1
        self.say(f"{page.status} {page.url}" + (f" ({page.reason})" if page.reason else ""))
        return protocol.page_record(message, page, notes.claimed, notes.links, notes.links_at, notes.content,
                                    self.name)

    async def _scan_once(self, scanner: WorkerScanner, digest: str, job: PageJob):
        """One scan of the page in a tab, once fewer pages than the throttle's number are in one;
        the page, and the number in flight as it started."""
        while self._scanning >= self._limit():  # a page tried again waits for the lower number
            self._wake.clear()
            await self._wake.wait()
        idle = self._tabs.setdefault(digest, [])
        tab = idle.pop() if idle else None
        started_at = self.throttle.started() if self.throttle else 0
        self._scanning += 1
        try:
            page, tab = await scanner._scan_with_retry(job, tab)
        finally:
            self._scanning -= 1
            self._changed()
        if tab is not None:
            if sum(map(len, self._tabs.values())) + self._scanning < self._limit():
                idle.append(tab)
            else:  # fewer pages at once now: its renderer's memory goes back to the others
                await tab.close()
        return page, started_at

    async def _try_again(self, page, started_at: int, tries: int) -> bool:
        """Tell the throttle how the page went; True if it is to be scanned again (it timed out
        while this machine was overloaded). A record held back waits for the next page's word."""
        if self.throttle is None:
            return False
        decision = self.throttle.page_done(started_at, timed_out(page.status, page.reason), tries,
                                           available_memory(), self.warn)
        self._settle_held(decision.held)
        self._changed()
        if not decision.hold:
            return decision.retry
        future = asyncio.get_running_loop().create_future()
        self._held.append(future)
        self._in_flight -= 1  # not in flight while held back: another page may start and say which it was
        self._changed()
        if not self._taking:
            self._nothing_follows()
        try:
            what = await future
        finally:
            self._in_flight += 1
        return what == "retry"

    async def _scanner_for(self, message: dict) -> tuple[WorkerScanner | None, str | None]:
        """The scanner for this job's settings, held for the job (counted in _busy: the caller
        lets go of it), or None and why this worker cannot scan with them. Made on first use,
        once for all the jobs that wait for it; the scanners no page is in any more are
        stopped first, so that a worker that goes from scan to scan keeps one Chromium."""
        digest = message["digest"]
        async with self._making:
            if self.fatal or digest in self._unusable:
                return None, self.fatal or self._unusable[digest]
            scanner = self._scanners.get(digest)
            if scanner is None:
                for old in [d for d in self._scanners if not self._busy.get(d)]:
                    await self._close(old)
                scanner, why = await self._start_scanner(message["settings"])
                if scanner is None:
                    return None, why
                self._scanners[digest] = scanner
                self._fit_throttle()
                self._changed()  # the number of pages at once is known now
            self._busy[digest] = self._busy.get(digest, 0) + 1
            self._scans.setdefault(digest, set()).add(message.get("scan"))
            return scanner, None

    async def _start_scanner(self, settings: dict) -> tuple[WorkerScanner | None, str | None]:
        """A started scanner for these settings, or None and why not (which _unusable or fatal keeps)."""
        options = protocol.options_from(settings, self.concurrency, self.chromium, self.memory_budget)
        scanner = WorkerScanner(settings["seeds"], options)
        try:
            await scanner.start()
        except ScanSetupError as e:  # a rule id this machine's engines do not know: so for every job of theirs
            await scanner.stop()
            why = f"this worker cannot scan with the scan's settings: {e}"
            self._unusable[protocol.digest(settings)] = why
            return None, why
        except Exception as e:  # noqa: BLE001 - no Chromium here: this worker can do nothing
            with contextlib.suppress(Exception):
                await scanner.stop()
            self.fatal = f"could not start Chromium: {str(e).splitlines()[0] if str(e) else type(e).__name__}"
            return None, self.fatal
        except BaseException:  # the worker stops as it starts: no Chromium left running unseen
            with contextlib.suppress(Exception):
                await asyncio.shield(scanner.stop())
            raise
        return scanner, None

    async def _close(self, digest: str) -> None:
        """Stop the scanner of these settings (no page is in it) and forget its idle tabs."""
        scanner = self._scanners.pop(digest)
        self._tabs.pop(digest, None)
        self._busy.pop(digest, None)
        self._scans.pop(digest, None)
        with contextlib.suppress(Exception):
            await scanner.stop()

    async def _close_ended_scans(self) -> None:
        """Now and then, stop the scanners with no page in hand whose scans have all ended (their
        coordinators are gone): a worker waiting for the next scan holds no Chromium."""
        if time.monotonic() < self._next_sweep or self._making.locked():
            return
        self._next_sweep = time.monotonic() + SWEEP_EVERY
        idle = {d: set(self._scans.get(d, ())) for d in self._scanners if not self._busy.get(d)}
        if not idle:
            return
        live = await self.link.call(self._live_scans, set().union(*idle.values()))
        async with self._making:
            for digest, scans in idle.items():
                now_scans = self._scans.get(digest, set())  # a job of another scan may have come meanwhile
                if digest in self._scanners and not self._busy.get(digest) and now_scans <= scans - live:
                    await self._close(digest)

    def _live_scans(self, scans: set[str | None]) -> set[str]:
        """Those of these scans whose coordinator is still at work."""
        named = sorted(s for s in scans if s)
        if not named:
            return set()
        with self.redis.pipeline(transaction=False) as pipe:
            for scan in named:
                pipe.exists(protocol.alive_key(scan))
            return {scan for scan, alive in zip(named, pipe.execute(), strict=True) if alive}
