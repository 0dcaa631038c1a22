"""Limits counted only for what the desk decides counts (a stored request, a failed sign-in),
kept in flask-limiter's storage so that they follow DESK_RATELIMIT_STORAGE_URI.

A route decorator counts every request before the view runs; these are asked first
and counted after the outcome is known.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from limits import parse_many

from .extensions import limiter


def _limits(setting: str):
    return parse_many(current_app.config[setting])


def _enabled() -> bool:
    return current_app.config.get("RATELIMIT_ENABLED", True)


def retry_after(setting: str, key: str) -> dt.datetime | None:
    """When `key` may try again (UTC, naive), or None if it is within every limit."""
    if not _enabled():
        return None
    strategy = limiter.limiter
    latest = None
    for item in _limits(setting):
        if not strategy.test(item, setting, key):
            reset = dt.datetime.fromtimestamp(strategy.get_window_stats(item, setting, key).reset_time,
                                              dt.UTC).replace(tzinfo=None, microsecond=0)
            latest = max(latest, reset) if latest else reset
    return latest


def count(setting: str, key: str) -> None:
    if _enabled():
        for item in _limits(setting):
            limiter.limiter.hit(item, setting, key)


def seconds_until(when: dt.datetime, now: dt.datetime) -> int:
    return max(1, int((when - now).total_seconds()) + 1)
