"""A reviewer's findings on the coordinator side, in a real Chromium, each state scanned with our own
scanner: back to a searched queue from a request (the search kept, the title saying what is listed),
the page the sign-out address opens, a coordinator's 500 page, and the delay notice's details."""
from __future__ import annotations

import pytest

from .conftest import make_app, serving
from .test_browser import _jobs_due_minutes_ago, _login, _send_request, assert_clean, tab_to

pytestmark = pytest.mark.browser


def test_back_to_the_queue_by_keyboard_keeps_the_search(live, page):
    ref = _send_request(page, live, "Rate test for the back link")
    _send_request(page, live, "Another request")
    _login(page, live)
    visited: list = []
    tab_to(page, "q", visited)
    page.keyboard.type("Rate test")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Request queue: 1 request matching “Rate test” – ")
    assert_clean(page, "queue with a search")
    with page.expect_navigation():
        page.click(f"a:has-text('{ref}')")
    link = page.locator("a:has-text('Back to the queue')")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.input_value("#q") == "Rate test"
    assert page.text_content("#results-heading").startswith("1 request,")
    assert page.title().startswith("Request queue: 1 request matching “Rate test”")


def test_opening_the_sign_out_address_gives_the_button(live, page):
    _login(page, live)
    response = page.goto(live + "/coordinator/logout")
    assert response.status == 200
    assert page.text_content("h1") == "Sign out"
    assert_clean(page, "sign-out page")
    button = page.get_by_role("main").get_by_role("button", name="Sign out", exact=True)
    button.focus()
    assert page.evaluate("document.activeElement.closest('main') !== null")  # not the header's
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live + "/coordinator/login"
    assert "You have signed out." in page.text_content(".notification-area")
    page.goto(live + "/coordinator/logout")
    assert page.text_content("h1") == "You are not signed in"
    assert_clean(page, "sign-out page when signed out")


@pytest.fixture
def failing_live(tmp_path):
    app = make_app(tmp_path, PROPAGATE_EXCEPTIONS=False)

    def fails():
        raise RuntimeError("a bug")

    app.add_url_rule("/coordinator/fails", "fails", fails)
    with serving(app) as url:
        yield url


def test_a_coordinator_s_500_page_scans_clean(failing_live, page):
    _login(page, failing_live)
    response = page.goto(failing_live + "/coordinator/fails")
    assert response.status == 500
    assert "tell the desk's administrator" in page.text_content("main")
    assert "phone or post" not in page.text_content("main")
    assert_clean(page, "a coordinator's 500 page")


def test_the_delay_notice_and_its_details_scan_clean(live, live_app, page):
    _send_request(page, live, "Delay notice check")  # its acknowledgement waits for a worker
    _jobs_due_minutes_ago(live_app, 5)
    _login(page, live)
    notice = page.locator("#queue-delay")
    assert "Tell the desk's administrator" in notice.text_content()
    assert notice.locator("text=flask --app desk worker").is_hidden()  # for the administrator, folded
    assert_clean(page, "queue with the delay notice")
    notice.locator("summary").click()
    assert notice.locator("text=flask --app desk worker").is_visible()
    assert_clean(page, "queue with the delay notice's details open")
