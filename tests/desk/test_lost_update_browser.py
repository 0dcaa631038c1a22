"""In a real Chromium: a status saved from a page opened before another coordinator's change comes
back as the desk's other errors do: the error summary takes the focus and links to the field,
which says it too, keeps what was chosen, and the page passes the scanner."""
from __future__ import annotations

import pytest

from .conftest import COORDINATOR
from .test_browser import _login, _send_request, assert_clean, focused_id_soon

pytestmark = pytest.mark.browser


def test_a_change_made_since_the_page_opened_is_said_in_the_error_summary(live, browser, page):
    ref = _send_request(page, live, "Two coordinators on one request")
    detail = f"{live}/coordinator/requests/{ref}"
    _login(page, live)  # the administrator, c2
    page.goto(detail)
    other = browser.new_context()  # c1, in another browser
    try:
        c1 = other.new_page()
        _login(c1, live, email=COORDINATOR)
        c1.goto(detail)
        c1.select_option("#status", "resolved")
        with c1.expect_navigation():
            c1.click("button:has-text('Save status')")
        assert "Status changed to Resolved" in c1.text_content(".notification-area")
    finally:
        other.close()

    page.select_option("#status", "in_progress")
    with page.expect_navigation():
        page.click("button:has-text('Save status')")
    assert page.title().startswith("Error: ")
    assert focused_id_soon(page, "error-summary") == "error-summary"
    summary = page.text_content("#error-summary")
    assert f"Changed by {COORDINATOR} at " in summary
    assert "status is now Resolved. Your change was not saved; review and save again" in summary
    assert page.input_value("#status") == "in_progress"
    assert page.get_attribute("#status", "aria-invalid") == "true"
    assert "status-error" in page.get_attribute("#status", "aria-describedby")
    assert "Resolved" in page.text_content(".request-status")
    assert_clean(page, "request page with a change made since it opened")
    # Tab to the summary's link, Enter: focus moves to the field.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#status"
    page.keyboard.press("Enter")
    assert focused_id_soon(page, "status") == "status"
    # Saved again from this page, it is saved.
    with page.expect_navigation():
        page.click("button:has-text('Save status')")
    assert "Status changed to In progress" in page.text_content(".notification-area")
    assert page.locator("#error-summary").count() == 0
