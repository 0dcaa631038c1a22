"""Workers that take page jobs from one frontier until the work is over: the scan's tabs
(scan.py) and the plain-HTTP fetchers of `a11y crawl` (crawl.py).

A worker with no job waits while others are at work (the pages they are on may add
links); the work is over once nothing is queued and nobody is at work. The pool tells
a job's frontier when the job is at work and when it is done (a worker calls done() from
the task that took the job), so that the frontier knows which pages may still add links.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from .frontier import PageJob


class JobPool:
    def __init__(self, next_job: Callable[[], PageJob | None]):
        self.next_job = next_job
        self.busy = 0  # workers on a job now
        self._wake = asyncio.Event()
        self._jobs: dict[asyncio.Task | None, PageJob] = {}  # the job each worker's task is on

    async def run(self, workers: int, worker: Callable[[], Awaitable[None]]) -> None:
        """Run `workers` copies of worker() until each has returned."""
        tasks = [asyncio.create_task(worker()) for _ in range(workers)]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()

    async def take(self, go_on: Callable[[], bool] = lambda: True, room: Callable[[], bool] = lambda: True,
                   sit_out: Callable[[], Awaitable[None]] | None = None) -> PageJob | None:
        """The next job for one worker, or None once the work is over or go_on() says stop.
        While room() says no (fewer workers at once), it waits, after sit_out()."""
        while go_on():
            if not room():
                if sit_out is not None:
                    await sit_out()
                if not room():  # looked at again: a wake while sit_out() awaited is not lost
                    await self._wait()
                continue
            job = self.next_job()
            if job is not None:
                self.busy += 1
                self._started(job)
                return job
            if self.busy == 0:
                self._wake.set()  # nothing queued and nobody working: the work is over
                return None
            await self._wait()
        return None

    def done(self) -> None:
        """The worker's job is done (call it once for each job taken, from the task that took it)."""
        self.busy -= 1
        self._finished(self._jobs.pop(_current_task(), None))
        if self.busy <= 0:
            while self._jobs:  # every job is done, whichever task said so
                self._finished(self._jobs.popitem()[1])
        self._wake.set()

    def wake(self) -> None:
        """There may be work now (links added), or a reason to stop: the waiting workers look again."""
        self._wake.set()

    def _started(self, job: PageJob) -> None:
        self._jobs[_current_task()] = job
        if job.frontier is not None:
            job.frontier.job_started(job)

    @staticmethod
    def _finished(job: PageJob | None) -> None:
        if job is not None and job.frontier is not None:
            job.frontier.job_done(job)

    async def _wait(self) -> None:
        self._wake.clear()
        await self._wake.wait()


def _current_task() -> asyncio.Task | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # called outside the event loop
        return None
