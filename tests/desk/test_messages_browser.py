"""Regression: after a saved action the page came back with focus on <body> and the message in a
role="status" region that was there at load (screen readers usually say nothing), and after "Scan
the page again" the page went to the scan section while the message was at the top, out of view.
The message now takes focus where it is shown, and the scan's message is in the scan section."""
from __future__ import annotations

import pytest

from .test_browser import _login, _send_request, assert_clean, focused_id_soon

pytestmark = pytest.mark.browser


def in_view(page, selector: str) -> bool:
    return page.locator(selector).evaluate(
        "(el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")


def test_the_outcome_of_an_action_takes_focus(live, page):
    ref = _send_request(page, live, "Message focus check")
    _login(page, live)
    page.goto(f"{live}/coordinator/requests/{ref}")
    page.select_option("#status", "in_progress")
    page.focus("button:has-text('Save status')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert focused_id_soon(page, "notification") == "notification"
    # The request asked for a call back (see _send_request): the coordinator is told to make it.
    assert page.text_content("#notification").strip() == (
        "Status changed to In progress. The requester asked to be contacted by phone: tell them yourself.")
    assert in_view(page, "#notification")
    assert_clean(page, "request page after a saved action")
    # The next Tab goes on from the message, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Back to the queue"


def test_the_outcome_of_scan_again_is_shown_and_focused_in_the_scan_section(live, page):
    page.set_viewport_size({"width": 1024, "height": 600})
    page.goto(live + "/request/new")
    page.fill("#nature", "Scan message check")
    page.fill("#url", "www.example.gov/fees")  # no site is listed for scanning here: not scanned
    page.check("#preferred_format-large_print")
    page.check("#contact_method-phone")
    page.fill("#phone", "202 555 0100")
    with page.expect_navigation():
        page.click("button:has-text('Send request')")
    ref = page.text_content(".reference")
    _login(page, live)
    page.goto(f"{live}/coordinator/requests/{ref}")
    with page.expect_navigation():
        page.click("button:has-text('Scan the page again')")
    assert page.url == f"{live}/coordinator/requests/{ref}"
    assert focused_id_soon(page, "scan-message") == "scan-message"
    assert "The page was not scanned: no sites are listed for scanning" in page.text_content("#scan-message")
    assert in_view(page, "#scan-message") and in_view(page, "#scan-heading")
    assert page.locator("#notification").count() == 0  # not a second time at the top
    assert_clean(page, "request page after scan again")
