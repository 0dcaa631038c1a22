"""Servers that ask the scan to slow down: 429 Too Many Requests and 503 Service Unavailable.

A server that answers 429 (or 503, e.g. a rate limiter in front of the site) is asked again
after the time its Retry-After header names (seconds, or an HTTP date), or after a back-off
that doubles (2, 4 s) where it names none. Meanwhile no request of the scan goes to that origin:
the pause is the origin's, not the page's, so the pages in flight beside it wait too. A page
whose server still refuses after MAX_TRIES answers, or asks for more than MAX_WAIT seconds, is
given up with the reason: a rate-limit page is not the page, and auditing it would report the
limiter's markup as the site's.

One Politeness per scan (or `a11y crawl`), made by the Scanner (or the frontier) and shared by
every request of it: the seeds' first requests, robots.txt, sitemaps and `a11y crawl`'s pages
(discovery), the browser's page loads (pagework.py), --cache's revalidation requests
(cache/revalidate.py) and the copies of pages our checks open (browser.open_copy), so that a
pause one of them meets holds back all the others. Not one per process: scans that share a
process (the desk's, tests') have nothing to do with each other's servers; it is handed to
each of them (discovery's through its Frontier). Waiting here is the server's request, not the
scan's own work: the page's time budget is paused meanwhile.

robots.txt's Crawl-delay is such a request too: discovery hands it on (``space``) for the seeds'
origins, and from then on each request above to the origin waits its turn, that many seconds
after the one before (at most MAX_CRAWL_DELAY). What a page loads itself (images, styles,
scripts) is the page's, not a request of ours, and is not spaced.
"""
from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .pagesize import paused

SLOW_DOWN = (429, 503)
MAX_TRIES = 3  # answers of 429/503 to one request before the page is given up
MAX_WAIT = 60.0  # seconds: a longer Retry-After is not waited for (the page is given up at once)
FIRST_BACK_OFF = 2.0  # seconds, doubled at each refusal, where the server names no time
MAX_CRAWL_DELAY = 30.0  # seconds: a longer robots.txt Crawl-delay is taken as this (with a warning)


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds a Retry-After header value asks for (a number of seconds, or an HTTP date);
    None when it is absent or not understood."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _origin(url: str) -> str:
    """What a pause applies to: the URL's origin as discovery normalises it."""
    # Imported here: discovery's fetches import this module, and discovery's package imports them.
    from .discovery.urls import origin_of

    return origin_of(url) or url


class GiveUp(Exception):
    """The server keeps refusing, or asks for longer than a scan waits: the message says which."""


def refusal(status: int) -> str:
    return "429 Too Many Requests" if status == 429 else f"{status} Service Unavailable"


@dataclass
class Politeness:
    """The scan's pauses per origin (scheme, host and port), shared by every page and request."""

    max_tries: int = MAX_TRIES
    max_wait: float = MAX_WAIT
    first_back_off: float = FIRST_BACK_OFF
    max_crawl_delay: float = MAX_CRAWL_DELAY
    _until: dict[str, float] = field(default_factory=dict)  # origin -> monotonic time it may be asked again
    _spacing: dict[str, float] = field(default_factory=dict)  # origin -> seconds between requests (Crawl-delay)
    _turn: dict[str, float] = field(default_factory=dict)  # origin -> monotonic time of the next request's turn

    def pause_left(self, url: str) -> float:
        """Seconds until url's origin may be asked again (0 when it is neither paused nor spaced)."""
        origin, now = _origin(url), time.monotonic()
        return max(0.0, self._until.get(origin, 0.0) - now, self._turn.get(origin, 0.0) - now)

    def space(self, url: str, seconds: float) -> float:
        """From now on, requests to url's origin go `seconds` apart (robots.txt's Crawl-delay), at
        most max_crawl_delay: the spacing applied is returned."""
        spacing = min(float(seconds), self.max_crawl_delay)
        if spacing > 0:
            self._spacing[_origin(url)] = spacing
        return spacing

    async def wait(self, url: str, budget: asyncio.Timeout | None = None) -> None:
        """Before a request to url: wait out its origin's pause, if any, and its turn when its
        requests are spaced (the page's budget paused meanwhile)."""
        origin = _origin(url)
        await self._wait_until(lambda: self._until.get(origin, 0.0), budget)
        spacing = self._spacing.get(origin)
        if spacing:
            turn = max(time.monotonic(), self._turn.get(origin, 0.0))
            self._turn[origin] = turn + spacing  # taken now: requests waiting beside it go after it
            await self._wait_until(lambda: turn, budget)
            await self._wait_until(lambda: self._until.get(origin, 0.0), budget)  # refused meanwhile

    @staticmethod
    async def _wait_until(when: Callable[[], float], budget: asyncio.Timeout | None) -> None:
        while (left := when() - time.monotonic()) > 0:
            with paused(budget):
                await asyncio.sleep(left)

    def refused(self, url: str, status: int, header: str | None, tries: int) -> None:
        """The server answered `status` (429/503) to the `tries`-th request for url: pause its
        origin for as long as it asks (or the back-off), or raise GiveUp."""
        asked = retry_after(header)
        if tries >= self.max_tries:
            raise GiveUp(f"rate-limited: the server answered {refusal(status)} {tries} times"
                         + (f" (Retry-After: {header.strip()})" if header else ""))
        if asked is not None and asked > self.max_wait:
            raise GiveUp(f"rate-limited: the server answered {refusal(status)} and asks to wait {asked:.0f} s "
                         f"(Retry-After), longer than the {self.max_wait:.0f} s a scan waits")
        delay = asked if asked is not None else self.first_back_off * 2 ** (tries - 1)
        origin = _origin(url)
        self._until[origin] = max(self._until.get(origin, 0.0), time.monotonic() + delay)

