"""Sessions in a real Chromium: after sign-out the browser's old cookie is refused, and after an
idle timeout signing in returns to the page; the pages on the way scan clean."""
from __future__ import annotations

import datetime as dt

import pytest

from desk.extensions import db
from desk.models import CoordinatorSession

from .conftest import make_app, serving
from .test_browser import _login, _send_request, assert_clean

pytestmark = pytest.mark.browser


def test_idle_timeout_then_sign_in_returns_to_the_page(live, live_app, page):
    ref = _send_request(page, live, "Idle session check")
    _login(page, live)
    detail = f"{live}/coordinator/requests/{ref}"
    page.goto(detail)
    with live_app.app_context():
        for row in CoordinatorSession.query:
            row.last_seen_at -= dt.timedelta(hours=9)
        db.session.commit()
    page.reload()
    assert page.url.startswith(f"{live}/coordinator/login?next=")
    assert "signed out after 8 hours without activity" in page.text_content(".notification-area")
    assert_clean(page, "sign-in page after an idle timeout")
    page.fill("#email", "admin@example.gov")
    page.fill("#password", "correct horse battery staple")
    with page.expect_navigation():
        page.click("button:has-text('Sign in')")
    assert page.url == detail
    assert ref in page.text_content("h1")


def test_sign_out_then_the_old_cookie_is_refused(live, page):
    _login(page, live)
    cookies = page.context.cookies()
    with page.expect_navigation():
        page.click("button:has-text('Sign out')")
    assert "You have signed out." in page.text_content(".notification-area")
    assert_clean(page, "sign-in page after signing out")
    # Put the cookie saved while signed in back, as someone who copied it would.
    page.context.clear_cookies()
    page.context.add_cookies(cookies)
    page.goto(f"{live}/coordinator/")
    assert page.url.startswith(f"{live}/coordinator/login")


@pytest.fixture
def throttled_live(tmp_path):
    """A second desk, with rate limits on, served for one test."""
    from desk.extensions import limiter

    app = make_app(tmp_path, RATELIMIT_ENABLED=True, DESK_RATE_LOGIN="100 per minute",
                   DESK_RATE_LOGIN_ACCOUNT="1 per hour")
    limiter.reset()
    with serving(app) as url:
        yield url
    limiter.reset()


def test_throttled_sign_in_page_has_no_violations(throttled_live, page):
    for _ in range(2):
        _login(page, throttled_live, email="throttled@example.gov", password="wrong wrong wrong")
    assert "Too many failed sign-ins" in page.text_content("#error-summary")
    assert page.title().startswith("Error: ")
    assert_clean(page, "throttled sign-in")
