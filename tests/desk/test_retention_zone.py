"""The records schedule counts days in the desk's zone (DESK_TIMEZONE), as every date it shows:
a request finished at 23:30 local time is destroyed on the day its pages name, not a day off
because that instant is already the next day in UTC (Honolulu is 10 hours behind)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from desk.extensions import db
from desk.models import HelpRequest
from desk.purge import purge

from .conftest import ADMIN, AuthActions, Public, make_app
from .test_coordinator import _act, _ref
from .test_public import _status_link

DAYS = 30


def _stored(local: dt.datetime) -> dt.datetime:
    """A local wall-clock time as the desk stores times (naive, UTC)."""
    return local.astimezone(dt.UTC).replace(tzinfo=None)


@pytest.mark.parametrize("zone, closed, destroyed, days", [
    # 23:30 on 10 March in Honolulu is 09:30 on 11 March in UTC.
    ("Pacific/Honolulu", dt.datetime(2026, 3, 10, 23, 30), dt.date(2026, 4, 10), DAYS),
    # 23:30 EST on 1 December is 04:30 on 2 December in UTC.
    ("America/New_York", dt.datetime(2026, 12, 1, 23, 30), dt.date(2027, 1, 1), DAYS),
    # Closed in summer time (EDT), destroyed in winter time (EST): midnight moves by an hour.
    ("America/New_York", dt.datetime(2026, 7, 15, 23, 30), dt.date(2026, 11, 13), 120),
    # Just after midnight local time is still the previous day in UTC (Tokyo is 9 hours ahead).
    ("Asia/Tokyo", dt.datetime(2026, 5, 20, 0, 30), dt.date(2026, 6, 20), DAYS),
])
def test_a_request_is_destroyed_on_the_local_day_its_pages_name(tmp_path, zone, closed, destroyed, days):
    tz = ZoneInfo(zone)
    app = make_app(tmp_path, DESK_TIMEZONE=zone, DESK_RETENTION_DAYS=days)
    client = app.test_client()
    status_link = _status_link(Public(client).submit().get_data(as_text=True))
    ref = _ref(app)
    AuthActions(client).login(email=ADMIN)
    assert _act(client, ref, "status", status="resolved").status_code == 302
    with app.app_context():
        req = HelpRequest.query.filter_by(reference=ref).one()
        req.closed_at = _stored(closed.replace(tzinfo=tz))
        db.session.commit()
        assert req.destroy_on(days) == destroyed

    said = f"{destroyed:%-d %B %Y}"
    detail = client.get(f"/coordinator/requests/{ref}").get_data(as_text=True)
    assert f"it will be destroyed on {said}, {days} days after it was resolved" in detail
    status = client.get(status_link).get_data(as_text=True)
    assert f"We will destroy it, with your contact details, on {said}." in status

    day_before_ends = _stored(dt.datetime.combine(destroyed - dt.timedelta(days=1), dt.time(23, 59), tzinfo=tz))
    that_day_starts = _stored(dt.datetime.combine(destroyed, dt.time(0, 1), tzinfo=tz))
    with app.app_context():
        assert purge(days, now=day_before_ends) == []
        assert purge(days, now=that_day_starts) == [ref]
        assert HelpRequest.query.count() == 0
        db.engine.dispose()
