"""Coordinator sessions end on the server: sign-out, password reset, disabled account, idle
time; and sign-in is throttled per account as well as per address."""
from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from desk import create_app
from desk.extensions import db, limiter
from desk.models import CoordinatorSession, Message, User

from .conftest import ADMIN, COORDINATOR, PASSWORD, AuthActions, hidden, test_config
from .test_coordinator import _ref

COOKIE = "desk_session"


def _saved_cookie(client) -> str:
    return client.get_cookie(COOKIE).value


def _with_cookie(app, value: str):
    other = app.test_client()
    other.set_cookie(COOKIE, value)
    return other


def _signed_in(client, path: str = "/coordinator/") -> bool:
    resp = client.get(path)
    if resp.status_code == 302:
        assert resp.headers["Location"].startswith("/coordinator/login?next=")
        return False
    assert resp.status_code == 200
    return True


def test_a_cookie_saved_before_sign_out_is_refused_afterwards(app, client, public, auth, tmp_path):
    public.submit(email="kept.private@example.com")
    ref = _ref(app)
    auth.login()
    detail = f"/coordinator/requests/{ref}"
    page = client.get(detail).get_data(as_text=True)
    assert "kept.private@example.com" in page
    token = hidden(page, "csrf_token")
    saved = _saved_cookie(client)
    auth.logout()

    thief = _with_cookie(app, saved)
    resp = thief.get(detail)
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/coordinator/login")
    assert "kept.private@example.com" not in thief.get(detail, follow_redirects=True).get_data(as_text=True)
    thief = _with_cookie(app, saved)
    resp = thief.post(f"{detail}/note", data={"note": "written with a stolen cookie", "csrf_token": token})
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/coordinator/login")
    with app.app_context():
        assert Message.query.count() == 0
        assert CoordinatorSession.query.count() == 0

    # A restart changes nothing: the session is gone from the database, not from memory.
    restarted = create_app(test_config(tmp_path))
    assert not _signed_in(_with_cookie(restarted, saved), detail)


def test_a_session_survives_a_restart_until_sign_out(app, client, auth, tmp_path):
    auth.login()
    saved = _saved_cookie(client)
    restarted = create_app(test_config(tmp_path))
    assert _signed_in(_with_cookie(restarted, saved))


def _login_clients(app, email: str, n: int) -> list:
    clients = []
    for _ in range(n):
        c = app.test_client()
        assert AuthActions(c).login(email=email).status_code == 302
        clients.append(c)
    return clients


def test_a_password_reset_ends_every_session_of_that_account(app, runner, monkeypatch):
    laptop, phone = _login_clients(app, COORDINATOR, 2)
    (admin,) = _login_clients(app, ADMIN, 1)
    monkeypatch.setenv("DESK_PASSWORD", "a brand new password")
    result = runner.invoke(args=["create-coordinator", "--email", COORDINATOR])
    assert result.exit_code == 0, result.output
    assert result.output == f"coordinator {COORDINATOR} can sign in. Ended 2 session(s).\n"
    assert not _signed_in(laptop) and not _signed_in(phone)
    assert _signed_in(admin)  # another account's session is not touched
    # The old password no longer works; the new one does.
    assert AuthActions(app.test_client()).login(password=PASSWORD).status_code == 200
    assert AuthActions(app.test_client()).login(password="a brand new password").status_code == 302


def test_a_disabled_account_is_signed_out_everywhere_and_cannot_sign_in(app, runner):
    (coordinator,) = _login_clients(app, COORDINATOR, 1)
    result = runner.invoke(args=["disable-coordinator", "--email", COORDINATOR.upper()])
    assert result.exit_code == 0, result.output
    assert result.output == f"{COORDINATOR} can no longer sign in. Ended 1 session(s).\n"
    assert not _signed_in(coordinator)
    resp = AuthActions(app.test_client()).login()
    assert resp.status_code == 200
    assert "Enter a correct e-mail address and password" in resp.get_data(as_text=True)
    with app.app_context():
        assert User.query.filter_by(email=COORDINATOR).one().active is False


def test_disabling_an_unknown_account_says_so(runner):
    result = runner.invoke(args=["disable-coordinator", "--email", "nobody@example.gov"])
    assert result.exit_code == 1
    assert result.output == ("Error: No account nobody@example.gov. Check the address "
                             "(create-coordinator adds or re-enables one).\n")


def _idle_for(app, minutes: int) -> None:
    with app.app_context():
        for row in CoordinatorSession.query:
            row.last_seen_at -= dt.timedelta(minutes=minutes)
        db.session.commit()


def test_an_idle_session_ends_and_signing_in_returns_to_the_page(app, client, public, auth):
    public.submit()
    ref = _ref(app)
    auth.login()
    detail = f"/coordinator/requests/{ref}?from=queue"
    assert _signed_in(client, detail)
    _idle_for(app, 7 * 60 + 50)  # under the default 8 hours: still signed in
    assert _signed_in(client, detail)
    _idle_for(app, 8 * 60 + 1)
    resp = client.get(detail)
    assert resp.status_code == 302
    login_url = resp.headers["Location"]
    assert login_url == f"/coordinator/login?next=/coordinator/requests/{ref}?from%3Dqueue"
    page = client.get(login_url).get_data(as_text=True)
    assert "You were signed out after 8 hours without activity." in page
    with app.app_context():
        assert CoordinatorSession.query.count() == 0
    resp = client.post(login_url, data={"email": COORDINATOR, "password": PASSWORD,
                                        "csrf_token": hidden(page, "csrf_token")})
    assert resp.status_code == 302 and resp.headers["Location"] == f"/coordinator/requests/{ref}?from=queue"
    assert _signed_in(client, detail)


def test_the_idle_time_is_a_setting(tmp_path, template_db):
    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    app = create_app(test_config(tmp_path, DESK_SESSION_IDLE_MINUTES=30))
    client = app.test_client()
    AuthActions(client).login()
    _idle_for(app, 29)
    assert _signed_in(client)
    _idle_for(app, 31)
    assert not _signed_in(client)
    assert "signed out after 30 minutes without activity" in client.get("/coordinator/login").get_data(as_text=True)


@pytest.fixture
def throttled_app(tmp_path, template_db):
    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    app = create_app(test_config(tmp_path, RATELIMIT_ENABLED=True, DESK_RATE_LOGIN="100 per minute",
                                 DESK_RATE_LOGIN_ACCOUNT="3 per hour"))
    limiter.reset()
    yield app
    limiter.reset()


def _normalised(html: str, email: str) -> str:
    """The page without what differs by nature: the CSRF token, the address typed, and the
    time to try again (each window starts at that address's first failure)."""
    html = re.sub(r'name="csrf_token" value="[^"]*"', "", html).replace(email, "ADDRESS")
    return re.sub(r"after \d\d:\d\d UTC", "after HH:MM UTC", html)


def test_sign_in_is_throttled_per_account_the_same_whether_it_exists_or_not(throttled_app):
    client = throttled_app.test_client()  # one address for every attempt
    auth = AuthActions(client)
    pages = {}
    for email in (COORDINATOR, "nobody@example.gov"):
        codes = [auth.login(email=email, password="wrong wrong wrong").status_code for _ in range(3)]
        assert codes == [200, 200, 200]
        # Past the limit even the right password is refused, with a time to try again.
        resp = auth.login(email=email, password=PASSWORD)
        assert resp.status_code == 429
        assert int(resp.headers["Retry-After"]) > 0
        html = resp.get_data(as_text=True)
        assert re.search(r"Too many failed sign-ins with this e-mail address\. Try again after "
                         r"\d\d:\d\d UTC", html)
        pages[email] = _normalised(html, email)
    assert pages[COORDINATOR] == pages["nobody@example.gov"]
    # Another account, from the same address, is not affected.
    assert auth.login(email=ADMIN).status_code == 302


def test_a_successful_sign_in_is_not_counted(throttled_app):
    client = throttled_app.test_client()
    auth = AuthActions(client)
    for _ in range(4):
        assert auth.login().status_code == 302
        auth.logout()


def test_the_daily_purge_deletes_sessions_left_idle(app, runner):
    stale, fresh = _login_clients(app, COORDINATOR, 2)
    with app.app_context():
        first = CoordinatorSession.query.order_by(CoordinatorSession.id).first()
        first.last_seen_at -= dt.timedelta(hours=8, minutes=1)
        db.session.commit()
    assert runner.invoke(args=["purge-expired"]).exit_code == 0
    with app.app_context():
        assert CoordinatorSession.query.count() == 1
    assert _signed_in(fresh) and not _signed_in(stale)
