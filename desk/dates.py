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


def local(value: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """A stored time (naive, UTC) as the same instant in `tz`."""
    return (value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value).astimezone(tz)


def shown(value: dt.datetime, fmt: str, tz: dt.tzinfo) -> str:
    """A stored time (naive, UTC) in the desk's time zone, formatted, with the zone's abbreviation
    ('7 December 2026 at 09:30 EST')."""
    when = local(value, tz)
    return f"{when.strftime(fmt)} {when.tzname()}"


def iso(value: dt.datetime, tz: dt.tzinfo) -> str:
    """A stored time in ISO 8601 in `tz`, with its UTC offset ('2026-12-06T19:17-08:00'): a file
    read elsewhere must say which zone its times are in."""
    return local(value, tz).isoformat(timespec="minutes")


def desk_zone() -> dt.tzinfo:
    """The zone of the desk in context (DESK_TIMEZONE, checked when the desk started)."""
    from flask import current_app

    return zone(current_app.config["DESK_TIMEZONE"])


def local_date(value: dt.datetime, tz: dt.tzinfo | None = None) -> dt.date:
    """The day a stored time falls on in the desk's zone: the day the desk says something was
    received, and counts business days from (Sunday 19:17 in Los Angeles is Monday in UTC)."""
    return local(value, tz or desk_zone()).date()
