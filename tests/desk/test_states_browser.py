"""States the desk added after a new user's tour, in a real Chromium: each says what happened in
the desk's words, keeps what was typed, and scans clean with our own scanner."""
from __future__ import annotations

import pytest

from .test_browser import _login, _send_request, assert_clean, focused_id_soon

pytestmark = pytest.mark.browser


def test_too_long_for_the_desk_then_back_brings_the_answers(live, page):
    page.goto(live + "/request/new")
    page.fill("#name", "Kept Name")
    # 4.3 MB percent-encoded: past the cap (a paste this long is not a person's)
    page.evaluate("document.getElementById('nature').value = '無障礙'.repeat(160000)")
    with page.expect_navigation():
        page.click("button:has-text('Send request')")
    assert page.text_content("h1") == "What you sent is too long"
    assert "up to 4 MB" in page.text_content("main")
    assert_clean(page, "413 page")
    page.go_back()
    assert page.input_value("#name") == "Kept Name"
    assert len(page.input_value("#nature")) == 480_000


def test_queue_filter_error_takes_focus_and_scans_clean(live, page):
    _login(page, live)
    page.fill("#criterion", "1.1")
    with page.expect_navigation():
        page.click("button:has-text('Apply filters')")
    assert focused_id_soon(page, "error-summary") == "error-summary"
    assert page.input_value("#criterion") == "1.1"
    assert "is not a WCAG success criterion number" in page.text_content("#criterion-error")
    assert_clean(page, "queue with a filter error")


def test_request_page_action_errors_scan_clean(live, page):
    ref = _send_request(page, live, "Action errors check")
    _login(page, live)
    page.goto(f"{live}/coordinator/requests/{ref}")
    page.select_option("#status", "duplicate")
    page.fill("#duplicate_of", ref)
    with page.expect_navigation():
        page.click("button:has-text('Save status')")
    assert page.text_content("#duplicate_of-error").strip() == "Error: A request cannot be a duplicate of itself"
    assert_clean(page, "request page with a duplicate error")


def test_overdue_tag_and_history_scan_clean(live, live_app, page):
    """The Overdue tag failed enhanced contrast (6.68:1) on the queue and the request page."""
    import datetime as dt

    from desk.extensions import db
    from desk.models import HelpRequest

    ref = _send_request(page, live, "Overdue tag check")
    with live_app.app_context():
        req = HelpRequest.query.filter_by(reference=ref).one()
        req.ack_due = dt.date.today() - dt.timedelta(days=3)
        db.session.commit()
    _login(page, live)
    page.goto(f"{live}/coordinator/?overdue=1")
    assert page.locator(".tag--overdue").count() >= 1
    assert_clean(page, "queue with an overdue request")
    page.goto(f"{live}/coordinator/requests/{ref}")
    assert page.locator(".tag--overdue").count() == 1
    assert_clean(page, "overdue request page")


@pytest.fixture
def rate_limited_live(tmp_path):
    from desk.extensions import limiter

    from .conftest import make_app, serving

    app = make_app(tmp_path, RATELIMIT_ENABLED=True, DESK_RATE_LOGIN="1 per minute")
    limiter.reset()
    with serving(app) as url:
        yield url
    limiter.reset()


def test_sign_in_past_the_rate_limit_scans_clean(rate_limited_live, page):
    for _ in range(2):
        _login(page, rate_limited_live, password="wrong password here")
    assert "Try again after" in page.text_content("#error-summary")
    assert focused_id_soon(page, "error-summary") == "error-summary"
    assert page.locator("#password").count() == 1  # the form is there to try again
    assert_clean(page, "sign-in past the rate limit")
