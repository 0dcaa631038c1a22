"""The desk in a real Chromium: keyboard-only use, focus on errors, and every page
scanned with the project's own scanner (axe and our checks) at WCAG 2.1 AA with best practices."""
from __future__ import annotations

import re

import pytest

from a11y.testing import describe, snapshot_violations

from .conftest import ADMIN, PASSWORD

pytestmark = pytest.mark.browser


def assert_clean(page, what: str):
    violations = snapshot_violations(page, "wcag21aa", best_practice=True)
    assert violations == [], f"{what} ({page.url}):\n{describe(violations)}"


def _jobs_due_minutes_ago(app, minutes: int) -> None:
    import datetime as dt

    from desk import jobs
    from desk.extensions import db

    with app.app_context():
        for job in jobs.Job.query.filter_by(state="queued"):
            job.run_after -= dt.timedelta(minutes=minutes)
        db.session.commit()


def active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def focused_id_soon(page, expected: str) -> str:
    """autofocus is applied at the browser's next rendering step, not at load: wait for it."""
    page.wait_for_function("id => document.activeElement && document.activeElement.id === id", arg=expected)
    return active_id(page)


def tab_to(page, target_id: str, visited: list, limit: int = 40) -> None:
    """Press Tab until the element with target_id has focus, recording every stop."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = active_id(page)
        visited.append(current)
        if current == target_id:
            return
    raise AssertionError(f"Tab never reached #{target_id}; stops: {visited}")


def test_submit_a_request_with_the_keyboard_alone(live, page):
    page.goto(live + "/request/new")
    visited: list = []
    tab_to(page, "nature", visited)
    page.keyboard.type("The table on the fees page has no headers, so my screen reader reads a jumble.")
    tab_to(page, "url", visited)
    page.keyboard.type("example.gov/fees")
    # Tab into the format radio group: focus lands on its first option; Space selects it.
    tab_to(page, "preferred_format-web_page", visited)
    page.keyboard.press("ArrowDown")  # arrow keys move within the group...
    page.keyboard.press("ArrowDown")
    assert active_id(page) == "preferred_format-braille"
    page.keyboard.press("Space")  # ...and Space selects the focused option
    assert page.is_checked("#preferred_format-braille")
    tab_to(page, "name", visited)
    page.keyboard.type("Robin Keyboard")
    tab_to(page, "contact_method-email", visited)
    page.keyboard.press("Space")
    assert page.is_checked("#contact_method-email")
    tab_to(page, "email", visited)
    page.keyboard.type("robin@example.com")
    tab_to(page, "postal_address", visited)
    page.keyboard.type("1 Main Street\nSpringfield")
    visited.append("...")
    # The next stop after the address is the button: the honeypot is never reached.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Send request"
    assert "website" not in visited
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Request received")
    reference = page.text_content(".reference")
    assert re.fullmatch(r"A11Y-\d{4}-\d{6}", reference)
    assert_clean(page, "confirmation page")

    # Follow the private status link by keyboard too.
    link = page.get_attribute(".status-link a", "href")
    page.focus(".status-link a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == link
    assert reference in page.text_content("h1")
    assert_clean(page, "status page")


def test_error_summary_takes_focus_and_links_to_fields(live, page):
    page.goto(live + "/request/new")
    page.fill("#email", "not an e-mail")
    page.focus("#email")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Error: ")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'")
    assert page.input_value("#email") == "not an e-mail"
    assert page.get_attribute("#email", "aria-invalid") == "true"
    assert_clean(page, "request form with errors")
    # Tab to the first link in the summary, Enter: focus moves to that field.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#nature"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'nature'")


def test_error_summary_focus_without_javascript(live, browser):
    """autofocus and tabindex=-1 do the job even when the script does not run."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live + "/request/new")
        page.click("button:has-text('Send request')")
        page.wait_for_load_state()
        assert page.title().startswith("Error: ")
        assert focused_id_soon(page, "error-summary") == "error-summary"
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/", "/request/new", "/privacy", "/accessibility",
                                  "/no-such-page", "/request/A11Y-2026-000001?token=wrong",
                                  "/coordinator/login"])
def test_public_pages_have_no_violations(live, page, path):
    page.goto(live + path)
    assert_clean(page, path)


def test_expired_form_redisplay_has_no_violations(live, page):
    page.goto(live + "/request/new")
    page.fill("#nature", "Kept after the session expired")
    page.check("#preferred_format-audio")
    page.check("#contact_method-phone")
    page.fill("#phone", "202 555 0100")
    page.context.clear_cookies()  # the session (and its CSRF secret) is gone
    with page.expect_navigation():
        page.click("button:has-text('Send request')")
    assert page.text_content("#notice-title") == "Please send your request again"
    assert page.input_value("#nature") == "Kept after the session expired"
    assert page.is_checked("#preferred_format-audio")
    assert active_id(page) == "notice"
    assert_clean(page, "expired form")
    with page.expect_navigation():
        page.click("button:has-text('Send request')")
    assert page.title().startswith("Request received")


def _login(page, live, email=ADMIN, password=PASSWORD):
    page.goto(live + "/coordinator/login")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("button:has-text('Sign in')")


def test_login_error_has_no_violations(live, page):
    _login(page, live, password="wrong password here")
    assert page.title().startswith("Error: ")
    assert focused_id_soon(page, "error-summary") == "error-summary"
    assert_clean(page, "login error")


def test_coordinator_pages_have_no_violations(live, live_app, page):
    # A request with replies, notes and history, and one that is overdue.
    page.goto(live + "/request/new")
    page.fill("#nature", "Video on the home page has no captions")
    page.check("#preferred_format-captions")
    page.check("#contact_method-email")
    page.fill("#email", "sam@example.com")
    with page.expect_navigation():
        page.click("button:has-text('Send request')")
    reference = page.text_content(".reference")
    status_link = page.get_attribute(".status-link a", "href")

    _login(page, live)
    assert page.url.endswith("/coordinator/")
    assert_clean(page, "queue")
    page.goto(live + "/coordinator/?overdue=1&q=nothing-matches")
    assert_clean(page, "queue with no results")

    page.goto(live + "/coordinator/")
    with page.expect_navigation():
        page.click(f"a:has-text('{reference}')")
    assert_clean(page, "request detail")
    # No worker runs here: once its jobs are overdue, the page says mail and scans are delayed.
    _jobs_due_minutes_ago(live_app, 5)
    page.reload()
    assert "tell the desk's administrator" in page.text_content("#queue-delay").lower()
    assert_clean(page, "request detail with jobs delayed")
    page.fill("#note", "Asked the video team")
    with page.expect_navigation():
        page.click("button:has-text('Add internal note')")
    page.fill("#reply", "Captions will be ready on Friday.")
    with page.expect_navigation():
        page.click("button:has-text('Post public reply')")
    page.select_option("#status", "in_progress")
    with page.expect_navigation():
        page.click("button:has-text('Save status')")
    assert "Status changed" in page.text_content(".notification-area")
    assert_clean(page, "request detail after actions")

    # An action with an error: error summary and field message.
    with page.expect_navigation():
        page.click("button:has-text('Post public reply')")
    assert page.title().startswith("Error: ")
    assert_clean(page, "request detail with an error")

    page.goto(live + "/coordinator/requests/A11Y-1999-000000")
    assert_clean(page, "coordinator 404")

    # The requester sees the public reply on the status page.
    page.goto(status_link)
    assert "Captions will be ready on Friday." in page.text_content("main")
    assert "Asked the video team" not in page.text_content("main")
    assert_clean(page, "status page with a reply")


def _send_request(page, live, nature: str) -> str:
    page.goto(live + "/request/new")
    page.fill("#nature", nature)
    page.check("#preferred_format-large_print")
    page.check("#contact_method-phone")
    page.fill("#phone", "202 555 0100")
    with page.expect_navigation():
        page.click("button:has-text('Send request')")
    return page.text_content(".reference")


def test_coordinator_forbidden_page_has_no_violations(live, page):
    from .conftest import COORDINATOR

    ref = _send_request(page, live, "Forbidden page check")
    _login(page, live, email=COORDINATOR)
    page.goto(live + f"/coordinator/requests/{ref}")
    token = page.get_attribute("input[name=csrf_token]", "value")
    # A coordinator (not an admin) trying to place a legal hold.
    response = page.request.post(live + f"/coordinator/requests/{ref}/hold",
                                 form={"legal_hold": "y", "csrf_token": token})
    assert response.status == 403
    page.set_content(response.text())  # shown at the desk's own address, with its stylesheet
    assert "You do not have access" in page.text_content("h1")
    assert_clean(page, "403 page")


def test_double_click_on_send_stores_one_request(live, live_app, page):
    from desk.models import HelpRequest

    page.goto(live + "/request/new")
    page.fill("#nature", "DOUBLE-CLICK-CHECK: the map has no text alternative")
    page.check("#preferred_format-plain_text")
    page.check("#contact_method-email")
    page.fill("#email", "dee@example.com")
    # The first submit is held in flight (as a slow network would hold it) until the server
    # has stored it; only then is the button pressed a second time (Enter: it kept the
    # focus from the click), from the route handler itself, so the second press really
    # sends the form again while the first is pending. Each step waits for the one before
    # it: no clock decides the order. (Not a page script: none runs while the form is sent.)
    posts = []

    def on_route(route):
        if route.request.method != "POST":
            route.continue_()
            return
        posts.append(route.request)
        response = route.fetch()  # the server sees every submit, in order
        if len(posts) == 1:
            page.keyboard.press("Enter")
            return  # the first answer never arrives: the second submit replaced it
        route.fulfill(response=response)

    page.route("**/request/new", on_route)
    page.click("main button[type=submit]", no_wait_after=True)
    page.wait_for_selector(".reference")
    assert len(posts) == 2, "the browser sent the form twice"
    assert "We already had this request" in page.text_content("main")
    with live_app.app_context():
        stored = HelpRequest.query.filter(HelpRequest.nature.like("DOUBLE-CLICK-CHECK%")).all()
        assert len(stored) == 1
        assert page.text_content(".reference") == stored[0].reference


def test_honeypot_and_expired_action_states_have_no_violations(live, page):
    page.goto(live + "/request/new")
    page.fill("#nature", "Honeypot check")
    page.evaluate("document.getElementById('website').value = 'http://spam.example'")
    with page.expect_navigation():
        page.click("button:has-text('Send request')")
    assert page.text_content("#notice-title").startswith("Please check your answers")
    assert_clean(page, "honeypot notice")

    ref = _send_request(page, live, "Expired action check")
    _login(page, live)
    page.goto(live + f"/coordinator/requests/{ref}")
    page.fill("#note", "Typed before the page expired")
    page.evaluate("document.querySelectorAll('input[name=csrf_token]').forEach(i => i.value = 'stale')")
    with page.expect_navigation():
        page.click("button:has-text('Add internal note')")
    assert page.text_content("#notice-title") == "That action was not saved"
    assert page.input_value("#note") == "Typed before the page expired"
    assert_clean(page, "request detail after an expired action")
