"""Due dates counted in business days (weekends and configured holidays skipped)."""
from __future__ import annotations

import datetime as dt


def parse_holidays(raw: str) -> set[dt.date]:
    out = set()
    for part in raw.split(","):
        part = part.strip()
        if part:
            out.add(dt.date.fromisoformat(part))
    return out


def add_business_days(start: dt.date, days: int, holidays: set[dt.date] = frozenset()) -> dt.date:
    """The date `days` business days after `start` (a request on Friday with 2 -> Tuesday)."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            remaining -= 1
    return current
