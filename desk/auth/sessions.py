"""Coordinator sessions kept on the server, so that they can really end.

The signed cookie alone cannot be taken back: a copy saved before sign-out would
stay valid. So sign-in creates a row (holding a hash of a random id that the
cookie carries), every request checks it, and sign-out, a password reset, a
disabled account or a long idle time delete it.
"""
from __future__ import annotations

import datetime as dt
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
    if now - row.last_seen_at > _TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()
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
