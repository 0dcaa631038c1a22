"""Concurrency that lowers itself: fewer pages in flight when pages time out or memory runs short.

A scan starts with as many pages in flight as Scanner.pages_in_flight says. On a machine
that is busier than that allows (other jobs, a heavy site), pages start to end as timeouts
("did not finish"), or the pages' renderers use up the memory. Both say the same thing:
too many pages at once. The Throttle is told of each page that finishes and of the memory
available, and decides: halve the number of pages in flight (never below 1), and say so;
raise it again by one after a long run of pages that went well, up to where it began.

A page that timed out while the scan was overloaded (one of the run of timeouts that made
it lower the number, or one started when more pages were in flight than now) is not the
page's fault: the scan tries it again at the lower number (at most MAX_RETRIES times)
instead of recording an error. So a timeout that may begin a run is held back until the
next page finishes: a page that went well says the timeout was the page's own (recorded),
another timeout says it was the overload's (tried again).

The decisions here are pure (no clock, no I/O): scan.py (a local scan) and queue/worker.py
(`a11y worker`, for the pages it holds at once) feed the events and read /proc/meminfo
(available_memory).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# A run of this many timeouts in a row (no page finishing well between them) lowers the number.
TIMEOUT_RUN = 2
# Below this much available memory (MemAvailable) the number is lowered; it is raised again
# only with twice as much. A large page's renderer can take several hundred MB.
MEMORY_FLOOR = 512 * 1024 * 1024
# Pages finished well in a row, all started at the current number, before it is raised by one.
RECOVER_AFTER = 25
# How many times one page is tried again because it timed out while the scan was overloaded.
MAX_RETRIES = 2

MB = 1024 * 1024


@dataclass
class Decision:
    limit: int  # pages in flight from now on
    retry: bool = False  # try this page again (it timed out while the scan was overloaded)
    hold: bool = False  # keep this page's record back: it may begin a run of timeouts
    held: str | None = None  # what becomes of the records held back: "record" them, or "retry" them
    warning: str | None = None  # to show once: what was seen, and the new number


class Throttle:
    def __init__(self, ceiling: int, memory_floor: int = MEMORY_FLOOR, timeout_run: int = TIMEOUT_RUN,
                 recover_after: int = RECOVER_AFTER):
        self.ceiling = max(1, ceiling)
        self.limit = self.ceiling  # pages in flight now
        self.lowest = self.ceiling  # the lowest number so far (tests, the summary)
        self.memory_floor, self.timeout_run, self.recover_after = memory_floor, timeout_run, recover_after
        self._timeouts = 0  # timeouts in a row
        self._good = 0  # pages finished well in a row at the current number
        self._warned_at = self.ceiling  # a warning is given for each new low, not again for the same one
        self._memory_short = False
        self._since_change = 0  # pages finished since the number last changed

    def started(self) -> int:
        """The number of pages in flight as a page starts; give it back to finished()."""
        return self.limit

    def finished(self, started_at: int, timed_out: bool, tries: int = 0) -> Decision:
        """A page that started when `started_at` pages were in flight has finished; `tries`:
        how many times it was tried again already for being overloaded."""
        self._since_change += 1
        if not timed_out:
            held = "record" if self._timeouts else None  # the timeouts before were the pages' own
            self._timeouts = 0
            if started_at == self.limit and not self._memory_short:
                self._good += 1
                if self._good >= self.recover_after and self.limit < self.ceiling:
                    self._set(self.limit + 1)  # slowly: one more, then another long run of good pages
            return Decision(self.limit, held=held)
        self._good = 0
        retry = tries < MAX_RETRIES
        if started_at > self.limit:  # it ran at the older, higher number: already lowered for it
            return Decision(self.limit, retry=retry)
        self._timeouts += 1
        if self.limit == 1:  # nothing left to lower: the timeouts are the pages' own
            held = "record" if self._timeouts > 1 else None
            self._timeouts = 0
            return Decision(self.limit, held=held)
        if self._timeouts < self.timeout_run:
            return Decision(self.limit, hold=retry)  # one more timeout would make a run
        self._timeouts = 0
        warning = self._lower(f"{self.timeout_run} pages in a row did not finish in time")
        return Decision(self.limit, retry=retry, held="retry", warning=warning)

    def page_done(self, started_at: int, timed_out: bool, tries: int, available: int | None,
                  warn: Callable[[str], None]) -> Decision:
        """finished(), then memory(available) as seen now; what either has to say goes to warn."""
        decision = self.finished(started_at, timed_out, tries)
        for warning in (decision.warning, self.memory(available).warning):
            if warning:
                warn(warning)
        decision.limit = self.limit
        return decision

    def memory(self, available: int | None) -> Decision:
        """Available memory (bytes; None: unknown, e.g. not on Linux) seen now."""
        if available is None:
            return Decision(self.limit)
        if available < self.memory_floor:
            self._good = 0
            # Lowered again while memory stays short, once as many pages as are now in flight
            # have finished since the last change (the lower number has had its effect).
            if self.limit > 1 and (not self._memory_short or self._since_change >= self.limit):
                self._memory_short = True
                warning = self._lower(
                    f"available memory is down to {available // MB} MB (below {self.memory_floor // MB} MB)")
                return Decision(self.limit, warning=warning)
            self._memory_short = True
        elif available >= 2 * self.memory_floor:
            self._memory_short = False
        return Decision(self.limit)

    def _lower(self, seen: str) -> str | None:
        was = self.limit
        self._set(max(1, self.limit // 2))
        if self.limit >= self._warned_at:
            return None
        self._warned_at = self.limit
        return (f"{seen}: the machine seems overloaded; {self.limit} page{'s' if self.limit > 1 else ''} "
                f"in flight from now on (was {was}); pages that timed out meanwhile are tried again")

    def _set(self, limit: int) -> None:
        self.limit = limit
        self.lowest = min(self.lowest, limit)
        self._good = 0
        self._since_change = 0


def timed_out(status: str, reason: str | None) -> bool:
    """Whether a page's record says it did not finish in time (what the throttle counts)."""
    return status == "error" and (reason or "").startswith("timeout")


def available_memory(path: str = "/proc/meminfo", field: str = "MemAvailable") -> int | None:
    """MemAvailable (or another field of /proc/meminfo, e.g. MemTotal) in bytes, or None where
    there is no /proc/meminfo."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None
