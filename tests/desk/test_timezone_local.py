"""Every date and time the desk shows or promises is in its time zone (DESK_TIMEZONE), not UTC's.

A request received on Sunday evening in Los Angeles is Monday 03:17 in UTC: the desk says it was
received on Sunday, lists and exports it as Sunday's, and counts the acknowledgement's business
days from Sunday. The instant is set on the request (or passed in), never read from today's clock.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from desk.auth.views import _throttled
from desk.csvsafe import to_csv
from desk.dates import add_business_days, local_date, zone
from desk.extensions import db, limiter
from desk.forms import LoginForm
from desk.models import HelpRequest
from desk.public.submit import acknowledge_by

from .conftest import AuthActions, Public, hidden, make_app

LA = "America/Los_Angeles"
# Monday 7 December 2026 at 03:17 UTC is Sunday 6 December at 19:17 PST.
RECEIVED = dt.datetime(2026, 12, 7, 3, 17)
# Business days from Sunday: Monday 7, Tuesday 8 (from UTC's Monday it would be Wednesday 9).
DUE = dt.date(2026, 12, 8)
NATURE = "=SUM(1) my résumé 日本語 form cannot be read"


@pytest.fixture
def la(tmp_path):
    app = make_app(tmp_path, DESK_TIMEZONE=LA)
    yield app
    with app.app_context():
        db.engine.dispose()


def _received_sunday_evening(app, client) -> tuple[str, str]:
    """Send a request, then date it RECEIVED as store() would have: (reference, status page path)."""
    html = Public(client).submit(nature=NATURE).get_data(as_text=True)
    status_path = re.search(r'href="http://localhost(/request/[^"]+)"', html).group(1)
    with app.app_context():
        req = HelpRequest.query.one()
        req.created_at = RECEIVED
        req.ack_due = acknowledge_by(RECEIVED)
        db.session.commit()
        return req.reference, status_path.replace("&amp;", "&")


def test_the_acknowledgement_is_counted_from_the_local_day(la, tmp_path):
    with la.app_context():
        assert local_date(RECEIVED) == dt.date(2026, 12, 6)
        assert acknowledge_by(RECEIVED) == DUE
    (tmp_path / "utc").mkdir()
    (tmp_path / "holiday").mkdir()
    utc = make_app(tmp_path / "utc")
    with utc.app_context():  # the same instant where the desk keeps UTC: Monday, so Wednesday
        assert acknowledge_by(RECEIVED) == dt.date(2026, 12, 9)
        db.engine.dispose()
    holiday = make_app(tmp_path / "holiday", DESK_TIMEZONE=LA, DESK_HOLIDAYS="2026-12-07")
    with holiday.app_context():  # Monday a holiday: Tuesday, Wednesday
        assert acknowledge_by(RECEIVED) == dt.date(2026, 12, 9)
        db.engine.dispose()


def test_a_stored_request_s_acknowledgement_is_counted_from_its_local_day(la):
    Public(la.test_client()).submit()
    with la.app_context():
        req = HelpRequest.query.one()
        sent_on = req.created_at.replace(tzinfo=dt.UTC).astimezone(zone(LA)).date()
        assert req.ack_due == add_business_days(sent_on, la.config["DESK_ACK_BUSINESS_DAYS"])


def test_the_queue_the_status_page_and_the_request_page_give_the_local_day(la):
    client = la.test_client()
    ref, status_path = _received_sunday_evening(la, client)
    status = client.get(status_path)
    assert status.status_code == 200
    html = status.get_data(as_text=True)
    assert "<dt>Received</dt><dd>6 December 2026</dd>" in html
    assert "<dt>Acknowledgement due by</dt><dd>8 December 2026</dd>" in html
    AuthActions(client).login()
    queue = client.get("/coordinator/").get_data(as_text=True)
    row = re.search(rf"<tr[^>]*>\s*<th[^>]*><a[^>]*>{ref}</a></th>.*?</tr>", queue, re.S).group(0)
    assert '<td class="nowrap">2026-12-06</td>' in row
    assert "2026-12-08" in row and "2026-12-07" not in row
    detail = client.get(f"/coordinator/requests/{ref}").get_data(as_text=True)
    assert "<dd>2026-12-06 19:17 PST</dd>" in detail


def test_the_csv_export_is_utf8_with_a_bom_and_its_times_say_their_offset(la):
    client = la.test_client()
    ref, _ = _received_sunday_evening(la, client)
    AuthActions(client).login()
    token = hidden(client.get("/coordinator/").get_data(as_text=True), "csrf_token")
    resp = client.post("/coordinator/export.csv", data={"csrf_token": token})
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert resp.data.startswith(b"\xef\xbb\xbf")  # Excel then reads UTF-8, not the ANSI code page
    rows = list(csv.reader(io.StringIO(resp.data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[0] == "reference"
    row = dict(zip(header, body[0], strict=True))
    assert row["reference"] == ref
    assert row["submitted"] == "2026-12-06T19:17-08:00"
    assert dt.datetime.fromisoformat(row["submitted"]) == RECEIVED.replace(tzinfo=dt.UTC)
    assert row["acknowledge_by"] == "2026-12-08"
    assert row["nature"] == "'" + NATURE  # still no formula, and the accents and kanji intact


def test_to_csv_writes_a_time_in_the_zone_with_its_offset():
    out = to_csv(["submitted", "note"], [[RECEIVED, "-1"]], tz=zone("Asia/Kolkata"))
    assert out == "\ufeffsubmitted,note\r\n2026-12-07T08:47+05:30,'-1\r\n"


def test_the_sign_in_limit_says_when_on_the_desk_s_clock(la):
    with la.test_request_context("/coordinator/login"):
        body, status, headers = _throttled(LoginForm(meta={"csrf": False}), RECEIVED)
    assert status == 429
    assert "Try again after 19:17 PST" in body and "UTC" not in body


@pytest.fixture
def kolkata(tmp_path):
    """No daylight saving (always IST, +05:30): what the page says does not depend on today's date."""
    app = make_app(tmp_path, DESK_TIMEZONE="Asia/Kolkata", RATELIMIT_ENABLED=True,
                   DESK_RATE_LOGIN="2 per minute", DESK_RATE_LOGIN_ACCOUNT="1 per hour")
    limiter.reset()
    yield app
    limiter.reset()
    with app.app_context():
        db.engine.dispose()


def _clock_in(html: str, what: str) -> dt.time:
    m = re.search(rf"{what}\. Try again after (\d\d):(\d\d) IST", html)
    assert m, html[:3000]
    return dt.time(int(m.group(1)), int(m.group(2)))


def _expected(retry_after: str) -> set[dt.time]:
    """The minute (or the next one, if a minute turned meanwhile) Retry-After points at, in IST."""
    now = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=int(retry_after))
    return {(now + dt.timedelta(minutes=m)).astimezone(zone("Asia/Kolkata")).time().replace(second=0, microsecond=0)
            for m in (-1, 0, 1)}


def test_the_account_limit_and_the_network_limit_say_when_on_the_desk_s_clock(kolkata):
    auth = AuthActions(kolkata.test_client())
    assert auth.login(password="wrong wrong wrong").status_code == 200
    resp = auth.login(password="wrong wrong wrong")  # past the account's limit
    assert resp.status_code == 429
    html = resp.get_data(as_text=True)
    assert _clock_in(html, "Too many failed sign-ins with this e-mail address") in _expected(
        resp.headers["Retry-After"])
    assert "UTC" not in html
    resp = auth.login(password="wrong wrong wrong")  # past the network address's limit
    assert resp.status_code == 429
    html = resp.get_data(as_text=True)
    assert _clock_in(html, "Too many sign-in attempts from this network address") in _expected(
        resp.headers["Retry-After"])
    assert "UTC" not in html
