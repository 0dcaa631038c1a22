"""CPU slots: how many pages may load or run axe at once, apart from how many are in flight.

Loading a page and running axe keep a renderer busy; on 2 cores more than two at once
only slows each down. Some of our own checks wait on the page (text watched for change,
media played, a linked page loaded), so while one page's checks wait, another page can
load or run axe. The scan keeps more pages in flight than it has CPU
slots, and each page holds a slot only for its busy phases.

Time spent waiting for a slot is not the page's fault: it is added to the page's budget.
"""
from __future__ import annotations

import asyncio
import contextlib

from .pagesize import paused


class CpuSlots:
    def __init__(self, slots: int):
        self.slots = max(1, slots)
        self._free = asyncio.Semaphore(self.slots)
        self.busy = 0  # slots held now
        self.most_busy = 0  # the most ever held at once (tests and --verbose timing)

    def for_page(self, budget: asyncio.Timeout | None = None) -> PageSlots:
        """The slots as one page sees them: waiting for one extends that page's budget."""
        return PageSlots(self, budget)


class PageSlots:
    def __init__(self, slots: CpuSlots, budget: asyncio.Timeout | None):
        self._slots, self._budget = slots, budget

    @contextlib.asynccontextmanager
    async def hold(self):
        await self._acquire()
        self._slots.busy += 1
        self._slots.most_busy = max(self._slots.most_busy, self._slots.busy)
        try:
            yield
        finally:
            self._slots.busy -= 1
            self._slots._free.release()

    async def _acquire(self) -> None:
        """Take a slot with the page's budget stopped meanwhile: the deadline moves on by the wait."""
        with paused(self._budget):
            await self._slots._free.acquire()


@contextlib.asynccontextmanager
async def hold(slots: PageSlots | None):
    """Hold a CPU slot for the block, or run it as it is when the scan has no slots."""
    if slots is None:
        yield
        return
    async with slots.hold():
        yield
