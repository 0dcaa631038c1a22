"""The idle sign-out's warning on the server side (WCAG 2.2.1): what a signed-in page is told, the
read-only count, "Stay signed in" (a CSRF-protected POST that restarts the idle clock), and the
idle time said in words (it said "signed out after 0.0166667 hours")."""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import pytest

from desk import create_app
from desk.auth import sessions
from desk.extensions import db
from desk.models import CoordinatorSession

from .conftest import AuthActions, Public, hidden, test_config
from .test_csp import inline_code


@pytest.mark.parametrize("minutes, words", [
    (1, "1 minute"), (90, "90 minutes"), (480, "8 hours"), (60, "1 hour"), (30, "30 minutes"),
    (0.5, "30 seconds"), (1.5, "90 seconds"), (120, "2 hours"),
])
def test_the_idle_time_in_words(app, minutes, words):
    with app.app_context():
        assert sessions.idle_words(minutes) == words


@pytest.mark.parametrize("minutes, seconds", [(480, 120), (5, 60), (1, 20), (0.5, 20), (0.25, 15)])
def test_the_warning_comes_two_minutes_or_a_fifth_before_never_under_20_seconds(tmp_path, minutes, seconds):
    app = create_app(test_config(tmp_path, DESK_SESSION_IDLE_MINUTES=minutes))
    with app.app_context():
        assert sessions.warning_seconds() == seconds


def _app(tmp_path, template_db, **overrides):
    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    return create_app(test_config(tmp_path, **overrides))


def _idle_for(app, seconds: float):
    with app.app_context():
        for row in CoordinatorSession.query:
            row.last_seen_at -= dt.timedelta(seconds=seconds)
        db.session.commit()


def _seen(app):
    with app.app_context():
        return CoordinatorSession.query.one().last_seen_at


@pytest.mark.parametrize("minutes, words", [(1, "1 minute"), (90, "90 minutes"), (480, "8 hours")])
def test_the_sign_in_page_says_the_idle_time_in_words(tmp_path, template_db, minutes, words):
    app = _app(tmp_path, template_db, DESK_SESSION_IDLE_MINUTES=minutes)
    client = app.test_client()
    AuthActions(client).login()
    _idle_for(app, minutes * 60 + 5)
    resp = client.get("/coordinator/")
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert f"You were signed out after {words} without activity." in page


def test_an_action_after_the_idle_time_says_it_in_words(tmp_path, template_db):
    app = _app(tmp_path, template_db, DESK_SESSION_IDLE_MINUTES=1)
    client = app.test_client()
    Public(client).submit()
    auth = AuthActions(client)
    auth.login()
    html = client.get("/coordinator/").get_data(as_text=True)
    ref = re.search(r"A11Y-\d{4}-\d{6}", html).group(0)
    token = auth.csrf(f"/coordinator/requests/{ref}")
    _idle_for(app, 65)
    client.post(f"/coordinator/requests/{ref}/note", data={"note": "kept", "csrf_token": token})
    page = client.get("/coordinator/login").get_data(as_text=True)
    assert f"You were signed out after 1 minute without activity, so your internal note on request {ref}" in page


def test_a_signed_in_page_carries_the_warning_with_no_inline_script(app, client, auth):
    auth.login()
    html = client.get("/coordinator/").get_data(as_text=True)
    dialog = re.search(r"<dialog[^>]*>", html).group(0)
    assert 'role="alertdialog"' in dialog and 'aria-labelledby="session-timeout-title"' in dialog
    assert 'data-warn-seconds="120"' in dialog
    left = int(re.search(r'data-seconds-left="(\d+)"', dialog).group(1))
    assert 8 * 3600 - 120 <= left <= 8 * 3600
    assert '<script src="/static/session.js" defer></script>' in html
    assert ">Stay signed in</button>" in html
    assert inline_code(html) == []
    # Not for the public, nor on the sign-in page.
    assert "session-timeout" not in client.get("/").get_data(as_text=True)
    auth.logout()
    assert "session-timeout" not in client.get("/coordinator/login").get_data(as_text=True)


def test_asking_how_long_is_left_does_not_count_as_activity(app, client, auth):
    auth.login()
    _idle_for(app, 600)
    before = _seen(app)
    answer = client.get("/coordinator/session")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    left = answer.get_json()["seconds_left"]
    assert 8 * 3600 - 605 <= left <= 8 * 3600 - 595
    assert _seen(app) == before
    client.post("/coordinator/logout", data={"csrf_token": auth.csrf("/coordinator/")})
    assert client.get("/coordinator/session").get_json()["seconds_left"] == 0


def test_stay_signed_in_restarts_the_idle_clock(app, client, auth):
    auth.login()
    token = auth.csrf("/coordinator/")
    _idle_for(app, 600)
    before = _seen(app)
    resp = client.post("/coordinator/session/extend", headers={"X-CSRFToken": token})
    assert resp.status_code == 200
    assert resp.get_json() == {"seconds_left": 8 * 3600, "warn_seconds": 120}
    assert _seen(app) > before + dt.timedelta(seconds=590)


def test_stay_signed_in_needs_the_token_and_a_session(app, client, auth):
    auth.login()
    _idle_for(app, 600)
    before = _seen(app)
    resp = client.post("/coordinator/session/extend")
    assert resp.status_code == 400 and resp.is_json and resp.get_json()["error"] == "expired"
    assert _seen(app) == before
    # Once the session has ended there is nothing to extend.
    token = auth.csrf("/coordinator/")
    _idle_for(app, 9 * 3600)
    resp = client.post("/coordinator/session/extend", headers={"X-CSRFToken": token})
    assert resp.status_code == 401 and json.loads(resp.get_data()) == {"seconds_left": 0}


def test_a_short_idle_time_keeps_the_server_clock_close(tmp_path, template_db):
    """Page loads write the idle clock at most once a minute; with a short idle time, oftener."""
    app = _app(tmp_path, template_db, DESK_SESSION_IDLE_MINUTES=1)
    client = app.test_client()
    AuthActions(client).login()
    _idle_for(app, 10)
    before = _seen(app)
    html = client.get("/coordinator/").get_data(as_text=True)
    assert _seen(app) > before
    assert 'data-seconds-left="60"' in html and 'data-warn-seconds="20"' in html
    assert hidden(html, "csrf_token")
