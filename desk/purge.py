"""Destroy requests past the records schedule, so nothing of them can be read back.

SQLite keeps deleted rows in free pages; with PRAGMA secure_delete=ON (set on
every connection, see create_app) deleted content is overwritten with zeros,
and VACUUM then rebuilds the file without the free pages. The database runs in
WAL mode, whose file keeps old copies of pages: a TRUNCATE checkpoint empties it.
The request's messages in the outbox folder go too.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import text

from . import audit, outbox
from .dates import desk_zone, local_date
from .extensions import db
from .models import PURGEABLE, HelpRequest, utcnow


def cutoff(older_than_days: int, now: dt.datetime | None = None, tz: dt.tzinfo | None = None) -> dt.datetime:
    """The start of the day `older_than_days` before today, both days in the desk's zone
    (DESK_TIMEZONE), as a stored time (naive, UTC): requests finished before it are expired.
    In the desk's zone, as HelpRequest.destroy_on counts: a request closed at 23:30 in Honolulu
    (09:30 the next day in UTC) is destroyed on the day its pages said, not a day off."""
    tz = tz or desk_zone()
    today = local_date(now or utcnow(), tz)
    start = dt.datetime.combine(today - dt.timedelta(days=older_than_days), dt.time.min, tzinfo=tz)
    return start.astimezone(dt.UTC).replace(tzinfo=None)


def expired(older_than_days: int, now: dt.datetime | None = None):
    """Finished before the start of the day `older_than_days` ago: HelpRequest.destroy_on
    names the day, whatever the time of day the purge runs."""
    return HelpRequest.query.filter(
        HelpRequest.status.in_(PURGEABLE),
        HelpRequest.closed_at.isnot(None),
        HelpRequest.closed_at < cutoff(older_than_days, now),
        HelpRequest.legal_hold.is_(False),
    )


def purge(older_than_days: int, actor: str = "system", now: dt.datetime | None = None) -> list[str]:
    """Delete expired requests (with their notes, replies and mail); return their references."""
    victims = expired(older_than_days, now).all()
    references = [r.reference for r in victims]
    for req in victims:
        db.session.delete(req)  # messages go with it (cascade)
    # References and a count only: no words or contact details in the audit trail.
    audit.record("purge", actor=actor, count=len(references), references=references,
                 older_than_days=older_than_days)
    db.session.commit()
    _scrub_free_space()
    for reference in references:
        outbox.destroy(current_app.config["DESK_OUTBOX"], reference)
    return references


def _scrub_free_space() -> None:
    engine = db.engine
    if engine.dialect.name == "sqlite":
        # VACUUM cannot run inside a transaction: use a connection in autocommit mode.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("PRAGMA secure_delete=ON"))
            conn.execute(text("VACUUM"))
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    elif engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM help_request"))
            conn.execute(text("VACUUM message"))
            conn.execute(text("VACUUM scan"))  # scan results and reports
            conn.execute(text("VACUUM job"))
