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


def zone(name: str) -> dt.tzinfo:
    """The time zone the desk shows times in (DESK_TIMEZONE, an IANA name such as
    America/New_York); ValueError naming the problem when it is not one this machine knows."""
    name = (name or "").strip()
    if name.upper() in ("", "UTC", "Z"):
        return dt.UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"DESK_TIMEZONE {name!r} is not a time zone this machine knows: use an IANA name such as "
                         "America/New_York (the tz database: Debian's tzdata package, or pip install tzdata)") from None


def shown(value: dt.datetime, fmt: str, tz: dt.tzinfo) -> str:
    """A stored time (naive, UTC) in the desk's time zone, formatted, with the zone's abbreviation
    ('7 December 2026 at 09:30 EST')."""
    local = (value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value).astimezone(tz)
    return f"{local.strftime(fmt)} {local.tzname()}"
