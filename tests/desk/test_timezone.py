"""Times the desk shows, in the time zone it is set to (DESK_TIMEZONE): UTC unless told."""
from __future__ import annotations

import datetime as dt

import pytest

from desk.config import SettingsError
from desk.dates import shown, zone
from desk.extensions import db
from desk.models import HelpRequest

from .conftest import AuthActions, Public, make_app


def test_a_stored_time_is_shown_in_the_zone_with_its_abbreviation():
    stored = dt.datetime(2026, 12, 7, 1, 30)  # naive: UTC, as the desk stores times
    assert shown(stored, "%Y-%m-%d %H:%M", zone("UTC")) == "2026-12-07 01:30 UTC"
    assert shown(stored, "%Y-%m-%d %H:%M", zone("America/New_York")) == "2026-12-06 20:30 EST"
    assert shown(dt.datetime(2026, 7, 1, 12, 0), "%H:%M", zone("America/New_York")) == "08:00 EDT"


def test_an_unknown_zone_is_refused_at_start_with_the_reason(tmp_path):
    with pytest.raises(SettingsError, match="DESK_TIMEZONE 'Mars/Olympus' is not a time zone this machine knows"):
        make_app(tmp_path, DESK_TIMEZONE="Mars/Olympus")


def test_the_public_confirmation_and_the_coordinator_s_page_use_the_zone(tmp_path):
    # The request is stored now (December or July: EST or EDT in New York), then dated 7 December 01:30 UTC.
    app = make_app(tmp_path, DESK_TIMEZONE="America/New_York")
    client = app.test_client()
    Public(client).submit()
    again = Public(client).submit()  # the same answers in a new form: the first request's confirmation
    confirmation = (client.get(again.headers["Location"]) if again.status_code in (302, 303) else again).get_data(
        as_text=True)
    assert "We already had this request" in confirmation
    assert " EST," in confirmation or " EDT," in confirmation
    assert "UTC" not in confirmation
    with app.app_context():
        req = HelpRequest.query.one()
        req.created_at = dt.datetime(2026, 12, 7, 1, 30)
        db.session.commit()
        ref = req.reference
    AuthActions(client).login()
    html = client.get(f"/coordinator/requests/{ref}").get_data(as_text=True)
    assert "<dd>2026-12-06 20:30 EST</dd>" in html
    assert "UTC" not in html
