"""The coordinator's "today" is the date at the desk (DESK_TIMEZONE), not the server's: a due date
of today there is accepted, yesterday there is refused, and Overdue turns at the desk's midnight."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from desk.extensions import db
from desk.models import HelpRequest

from .conftest import AuthActions, Public, make_app


def _zone_whose_date_is_not_the_server_s() -> str:
    """Los Angeles when its date differs from this machine's now; else a zone 14 hours ahead of UTC or
    12 behind: any local day lasts 24 hours, so at any instant one of those two is on another date."""
    for name in ("America/Los_Angeles", "Pacific/Kiritimati", "Etc/GMT+12"):
        if dt.datetime.now(ZoneInfo(name)).date() != dt.date.today():
            return name
    raise AssertionError("no zone on another date than the server's")


@pytest.fixture
def desk(tmp_path):
    name = _zone_whose_date_is_not_the_server_s()
    app = make_app(tmp_path, DESK_TIMEZONE=name)
    client = app.test_client()
    Public(client).submit()
    auth = AuthActions(client)
    auth.login()
    with app.app_context():
        ref = HelpRequest.query.one().reference
    return app, client, auth, ref, ZoneInfo(name)


def _set_due(client, auth, ref, value: dt.date):
    token = auth.csrf(f"/coordinator/requests/{ref}")
    return client.post(f"/coordinator/requests/{ref}/due", data={"due_date": value.isoformat(), "csrf_token": token})


def test_a_due_date_of_today_at_the_desk_is_taken_and_yesterday_is_not(desk):
    app, client, auth, ref, zone = desk
    today = dt.datetime.now(zone).date()
    assert today != dt.date.today()  # the server's own date would give another answer
    refused = _set_due(client, auth, ref, today - dt.timedelta(days=1))
    assert refused.status_code == 400
    assert f"The due date must be today ({today:%-d %B %Y}) or later" in refused.get_data(as_text=True)
    assert _set_due(client, auth, ref, today).status_code == 302
    with app.app_context():
        assert HelpRequest.query.one().due_date == today


def test_overdue_turns_at_the_desk_s_midnight(desk):
    app, client, auth, ref, zone = desk
    today = dt.datetime.now(zone).date()
    for due, overdue in ((today, False), (today - dt.timedelta(days=1), True)):
        with app.app_context():
            req = HelpRequest.query.one()
            req.due_date, req.status = due, "in_progress"
            db.session.commit()
        page = client.get(f"/coordinator/requests/{ref}").get_data(as_text=True)
        assert ('class="tag tag--overdue">Overdue<' in page) is overdue, due
        queue = client.get("/coordinator/?overdue=1").get_data(as_text=True)
        assert (ref in queue) is overdue, due
