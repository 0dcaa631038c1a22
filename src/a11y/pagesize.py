"""How long a page's audit may take: --timeout for an ordinary page, more for a large one.

axe's work grows with the number of elements (color-contrast looks at every text element's
stack of backgrounds): Python's os.html, 16,000 elements, needs minutes of axe on a busy
2-core machine where a typical page needs seconds. A fixed budget made such pages errors
("the page did not finish within 30 s") although nothing hung. So each engine may take
--timeout (times its own budget_factor) for every ELEMENTS_PER_TIMEOUT elements of the
document, never less than --timeout; the page's overall deadline moves on by the same
extra time. A page that truly hangs still ends as an error, after that budget, with the
phase and the page's size in its reason (PhaseTimeout).
"""
from __future__ import annotations

import asyncio
import contextlib
import time

ELEMENTS_PER_TIMEOUT = 1500

_ELEMENTS_JS = "() => document.getElementsByTagName('*').length"


class PhaseTimeout(TimeoutError):
    """A phase of the page's work (loading, an engine) used up its budget; `reason` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def budget_scale(elements: int) -> float:
    """How many times --timeout a page of this many elements may take (1 at least)."""
    return max(1.0, elements / ELEMENTS_PER_TIMEOUT)


async def element_count(page) -> int:
    """Elements in the page's top document (frames are usually small beside it)."""
    return int(await page.evaluate(_ELEMENTS_JS))


def extend(budget: asyncio.Timeout | None, seconds: float) -> None:
    """Move the page's overall deadline on by the extra time one phase was granted."""
    if budget is None or seconds <= 0:
        return
    deadline = budget.when()
    if deadline is not None:
        budget.reschedule(deadline + seconds)


@contextlib.contextmanager
def paused(budget: asyncio.Timeout | None):
    """The page's deadline stopped for the block (a wait for a shared resource, not the
    page's own work): afterwards it lies as far ahead as before the wait."""
    deadline = budget.when() if budget is not None else None
    if deadline is None:
        yield
        return
    started = time.monotonic()
    budget.reschedule(None)
    try:
        yield
    finally:
        budget.reschedule(deadline + (time.monotonic() - started))
