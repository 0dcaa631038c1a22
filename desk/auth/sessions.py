"""Coordinator sessions kept on the server, so that they can really end.

The signed cookie alone cannot be taken back: a copy saved before sign-out would
stay valid. So sign-in creates a row (holding a hash of a random id that the
cookie carries), every request checks it, and sign-out, a password reset, a
disabled account or a long idle time delete it.
"""
from __future__ import annotations

import datetime as dt
import math
import secrets

from flask import current_app, g, session

from ..extensions import db
from ..models import CoordinatorSession, User, utcnow
from ..tokens import digest

_KEY = "sid"
# Write last_seen_at at most this often: a page load need not always write to the database.
_TOUCH_EVERY = dt.timedelta(minutes=1)


def start(user: User) -> None:
    """Called at sign-in, after session.clear(): a fresh row and a fresh id in the cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(CoordinatorSession(token_hash=digest(token), user_id=user.id))
    session[_KEY] = token


def _idle_limit() -> dt.timedelta:
    return dt.timedelta(minutes=current_app.config["DESK_SESSION_IDLE_MINUTES"])


def _touch_every() -> dt.timedelta:
    # A tenth of a short idle time (a test's, a strict deployment's), so the clock stays close.
    return min(_TOUCH_EVERY, _idle_limit() / 10)


def idle_words(minutes: float | None = None) -> str:
    """The idle time as a person says it: "1 minute", "90 minutes", "8 hours", "30 seconds"."""
    if minutes is None:
        minutes = current_app.config["DESK_SESSION_IDLE_MINUTES"]
    seconds = round(minutes * 60)
    if seconds % 3600 == 0 and seconds >= 3600:
        n, unit = seconds // 3600, "hour"
    elif seconds % 60 == 0 and seconds >= 60:
        n, unit = seconds // 60, "minute"
    else:
        n, unit = max(1, seconds), "second"
    return f"{n} {unit}{'' if n == 1 else 's'}"


def warning_seconds() -> int:
    """How long before the idle sign-out the page warns: 2 minutes, or a fifth of the idle time
    when that is shorter, but never less than 20 seconds (nor more than the idle time)."""
    idle = _idle_limit().total_seconds()
    return int(min(idle, max(20, min(120, idle / 5))))


def seconds_left() -> int:
    """Until this browser's session ends for want of activity, as the server counts it; 0 when it
    has no open session. Reads only: asking does not count as activity."""
    token = session.get(_KEY)
    if not token or not isinstance(token, str):
        return 0
    seen = g.get("session_seen_at")
    if seen is None:
        row = CoordinatorSession.query.filter_by(token_hash=digest(token)).first()
        if row is None:
            return 0
        seen = row.last_seen_at
    # Rounded up: the page must never say the session has ended while the server still takes it.
    return max(0, math.ceil((seen + _idle_limit() - utcnow()).total_seconds()))


def extend() -> int:
    """Activity without a page: restart the idle clock of this browser's session (the warning's
    "Stay signed in"). The seconds left, 0 when there is no session to extend."""
    token = session.get(_KEY)
    if not token or not isinstance(token, str):
        return 0
    row = CoordinatorSession.query.filter_by(token_hash=digest(token)).first()
    if row is None:
        return 0
    row.last_seen_at = g.session_seen_at = utcnow()
    db.session.commit()
    return int(_idle_limit().total_seconds())


def check(user: User) -> bool:
    """Is the cookie's session still open on the server? Ends it when it has been idle too long.

    Sets g.session_ended = "idle" when it ended for that reason (the sign-in page says so).
    """
    token = session.get(_KEY)
    if not token or not isinstance(token, str):
        return False
    row = CoordinatorSession.query.filter_by(token_hash=digest(token), user_id=user.id).first()
    if row is None:
        return False
    now = utcnow()
    if now - row.last_seen_at > _idle_limit():
        db.session.delete(row)
        db.session.commit()
        g.session_ended = "idle"
        return False
    if now - row.last_seen_at > _touch_every():
        row.last_seen_at = now
        db.session.commit()
    g.session_seen_at = row.last_seen_at  # the idle clock the page's warning counts from
    return True


def end_current() -> None:
    token = session.get(_KEY)
    if token and isinstance(token, str):
        CoordinatorSession.query.filter_by(token_hash=digest(token)).delete()


def end_all(user: User) -> int:
    """Every session of this account (password reset, account disabled); the number ended."""
    return CoordinatorSession.query.filter_by(user_id=user.id).delete()


def end_idle() -> int:
    """Sessions idle past the limit whose cookie never came back (a closed browser): the
    daily purge deletes their rows, so the table holds only sessions that could be used."""
    cutoff = utcnow() - _idle_limit()
    return CoordinatorSession.query.filter(CoordinatorSession.last_seen_at < cutoff).delete()
