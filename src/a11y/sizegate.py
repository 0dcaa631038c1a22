"""Large pages audited a few at a time: a bound on the elements under audit at once.

An audit's memory grows with the page: axe's tree of the page and its caches, the checks'
measures, the layouts they ask for. On a crawl of Python's documentation, large pages audited
together (35,000 and 17,000 elements with others beside them) took the scan's process tree
to 2 GB. So a page, once loaded and counted, waits before its engines until the pages under
audit hold at most `limit` elements with its own (ELEMENTS_PER_SLOT for each CPU slot); a
page larger than the limit waits until it is the only one. Pages are let in in the order
they asked, so a large page is not overtaken for ever by small ones. While the gate is full,
or a page waits at it, no other page starts loading (wait_to_load): loaded, it would hold
its memory while it waited, and an idle tab lets go of its last page first. Waiting is not
the page's fault: it is added to the page's budget, as a wait for a CPU slot is
(cpuslots.py). Small pages (the usual case) never wait.

The gate also keeps to a memory budget for the scan's whole process tree (treememory.py):
while what the scan holds, with what this page's audit is expected to add, is over it, a
page waits until another page's audit ends (at its end its garbage has been collected), or
goes in when no other page is under audit. Several mid-sized pages' audits at once, not
any one page, were the peaks of a crawl of Python's documentation (bench/memory.py).
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
import time
from collections import deque
from collections.abc import Callable

from .pagesize import paused

# Elements under audit at once, per CPU slot (scan.py): on 2 slots a page of 20,000 elements
# or more is audited alone, and pages of a few thousand (90% of Python's documentation has
# under 5,000) 4 at a time. At 20,000 per slot, pages of 17,000, 7,000, 3,600 and 3,400
# elements were audited together and their renderers held 1 GB (bench/memory.py).
ELEMENTS_PER_SLOT = 10_000

# The memory budget of the scan's process tree, per CPU slot (two slots: 1,280 MB), at most
# half the machine's memory. What is there before any page (Python with the language model,
# the driver, Chromium's browser, GPU and network processes) is about 700 MB. Audits overshoot
# the budget (what a page's audit adds is an estimate, and grows in bursts): at 700 MB a slot
# the 500-page crawl of Python's documentation peaked at 1,537-1,591 MB, 1 to 8 samples a run
# over 1.5 GB; at 640 MB, at 1,444 and 1,475 MB in two runs, none over, taking 29-31 minutes
# instead of 26 (bench/memory.py).
MEMORY_PER_SLOT = 640 * 1024 * 1024
# What a page's audit adds to its renderer while it runs, about: axe on pages of Python's
# documentation of 3,200, 4,100 and 5,400 elements took their renderers from about 95 MB
# to 222, 257 and 260 MB (the garbage is collected once each engine is done), which 64 MB and
# 20 KB an element meets; on 40 small ACT test pages (2-12 elements) it added 0-5 MB, one 12 MB.
# So the fixed part ramps from 16 MB up to 64 MB over a page's first 200 elements: with 64 MB
# for every page, small pages waited for memory they would not use (a tenth of the ACT scan's
# time); ramped over 1,000 elements, or with a lower line for all pages (16 MB and 32 KB), the
# 500-page crawl of Python's documentation went past 1.5 GB more often (renderers at 760 MB).
AUDIT_BASE = 64 * 1024 * 1024
SMALL_PAGE_BASE = 16 * 1024 * 1024
BASE_RAMP_ELEMENTS = 200
AUDIT_PER_ELEMENT = 20 * 1024


# How far off a cheap reading of the scan's memory can be (treememory.TreeMemory: up to about
# 170 MB on a crawl of Python's documentation, where Chromium's shared memory swells): within
# this of the budget, the exact reading decides.
NEAR_BUDGET = 200 * 1024 * 1024
# An audit's memory grows mostly in its first seconds (axe builds its tree of the page): for an
# audit let in less than this long ago, what it is expected to add is counted as still to come.
# Without it, audits let in one after another in quick succession each saw the memory before the
# others had grown (a crawl of Python's documentation peaked at 1,608 MB on a 1,400 MB budget).
GROWING_SECONDS = 2.0


def audit_bytes(elements: int) -> int:
    """What auditing a page of `elements` is expected to add to the scan's memory."""
    elements = max(0, elements)
    base = SMALL_PAGE_BASE + (AUDIT_BASE - SMALL_PAGE_BASE) * min(elements, BASE_RAMP_ELEMENTS) // BASE_RAMP_ELEMENTS
    return base + AUDIT_PER_ELEMENT * elements


# memory_budget()'s rule, as the --memory-budget help of `scan` and `worker` states it.
DEFAULT_BUDGET_HELP = (f"default: {MEMORY_PER_SLOT // 2**20} times --concurrency, at most half the machine's memory; "
                       "0: no budget")


def memory_budget(slots: int, total: int | None) -> int:
    """The default budget for `slots` CPU slots on a machine with `total` bytes (None: unknown)."""
    budget = MEMORY_PER_SLOT * max(1, slots)
    return min(budget, total // 2) if total else budget


class ElementGate:
    def __init__(self, limit: int, memory_budget: int | None = None,
                 memory: Callable[[], int | None] | None = None,
                 exact_memory: Callable[[], int | None] | None = None,
                 clock: Callable[[], float] = time.monotonic):
        """`memory_budget` (bytes; None: none) is checked against `memory()`, what the scan
        holds now (None: unknown, then the budget is not applied): a cheap reading, and
        `exact_memory()` a dearer, exact one for decisions within NEAR_BUDGET of the budget."""
        self.limit = max(1, limit)
        self.memory_budget, self.memory, self.exact_memory = memory_budget, memory, exact_memory
        self.clock = clock
        self._started: list[tuple[float, int]] = []  # (when, expected bytes) of each audit under way
        self.held_back = 0  # pages that waited for memory alone (tests)
        self.held = 0  # elements of the pages under audit now
        self.most_held = 0  # the most ever held at once (tests)
        self._waiting: deque[tuple[int, int, asyncio.Future]] = deque()  # weight, elements, admitted
        self._loaders: list[asyncio.Future] = []  # pages waiting for room to load (wait_to_load)
        self._alone = 0  # pages held or waiting that fill the room by themselves
        self.on_alone_change: Callable[[], None] | None = None  # told when auditing_alone() changes

    def auditing_alone(self) -> bool:
        """Whether a page too large to share the room is audited, or waits to be."""
        return self._alone > 0

    def crowded(self) -> bool:
        """Whether a page about to load would have to wait: the room is full, or a page
        waits already (a large one, say, waiting to be alone)."""
        return bool(self._waiting) or self.held >= self.limit

    async def wait_to_load(self, budget: asyncio.Timeout | None = None) -> None:
        """Wait, before loading a page, while the gate is crowded: a page loaded now would
        only hold its memory while it waited (its size is known only once it is loaded)."""
        while self.crowded():
            ready = asyncio.get_running_loop().create_future()
            self._loaders.append(ready)
            with paused(budget):
                await ready

    @contextlib.asynccontextmanager
    async def hold(self, elements: int, budget: asyncio.Timeout | None = None):
        """Hold room for a page of `elements` for the block; the wait moves `budget` on."""
        weight = min(max(1, elements), self.limit)
        alone = weight == self.limit
        self._count_alone(alone)
        try:
            await self._acquire(weight, budget, elements)
            self.most_held = max(self.most_held, self.held)
            started = (self.clock(), audit_bytes(elements))
            self._started.append(started)
            try:
                yield
            finally:
                self._started.remove(started)
                self.held -= weight
                self._admit()
        finally:
            self._count_alone(-alone)

    def _count_alone(self, change: int) -> None:
        was = self.auditing_alone()
        self._alone += change
        if was != self.auditing_alone() and self.on_alone_change is not None:
            self.on_alone_change()

    def _fits(self, weight: int, elements: int, reading: tuple[Callable, Callable], added: int = 0) -> bool:
        """Whether a page fits now: in the room, and in the memory budget unless it would be
        the only page under audit. `reading`: what the scan holds, cheaply and exactly (each
        read once for several pages let in together); `added`: what the pages just let in are
        expected to add; audits let in shortly before are counted as still growing."""
        if self.held + weight > self.limit:
            return False
        if self.held == 0 or self.memory_budget is None:
            return True
        cheap, exact = reading
        now = self.clock()
        growing = sum(expected for when, expected in self._started if now - when < GROWING_SECONDS)
        need = added + growing + audit_bytes(elements)
        used = cheap()
        if used is None or used + need <= self.memory_budget - NEAR_BUDGET:
            return True
        used = exact()
        return used is None or used + need <= self.memory_budget

    def _reading(self) -> tuple[Callable[[], int | None], Callable[[], int | None]]:
        """What the scan holds, cheaply and exactly, each read at most once through the
        functions returned."""
        cheap = functools.cache(self.memory) if self.memory is not None else lambda: None
        exact = functools.cache(self.exact_memory) if self.exact_memory is not None else cheap
        return cheap, exact

    async def _acquire(self, weight: int, budget: asyncio.Timeout | None, elements: int) -> None:
        if not self._waiting and self._fits(weight, elements, self._reading()):
            self.held += weight
            return
        if not self._waiting and self.held + weight <= self.limit:
            self.held_back += 1  # it would have gone in but for memory
        admitted = asyncio.get_running_loop().create_future()
        self._waiting.append((weight, elements, admitted))
        try:
            with paused(budget):
                await admitted
        except asyncio.CancelledError:
            if admitted.done() and not admitted.cancelled():
                self.held -= weight  # let in just as it was cancelled: give the room back
            self._admit()
            raise

    def _admit(self) -> None:
        """Let in waiting pages, first come first, while the next one fits."""
        added, memory = 0, self._reading()
        while self._waiting:
            weight, elements, admitted = self._waiting[0]
            if admitted.done():  # cancelled while waiting
                self._waiting.popleft()
                continue
            if not self._fits(weight, elements, memory, added):
                break
            self._waiting.popleft()
            self.held += weight
            added += audit_bytes(elements)
            admitted.set_result(None)
        if not self.crowded():
            loaders, self._loaders = self._loaders, []
            for ready in loaders:
                if not ready.done():
                    ready.set_result(None)


@contextlib.asynccontextmanager
async def hold(gate: ElementGate | None, elements: int, budget: asyncio.Timeout | None = None):
    """Hold room in the gate for the block, or run it as it is when the scan has no gate."""
    if gate is None:
        yield
        return
    async with gate.hold(elements, budget):
        yield
