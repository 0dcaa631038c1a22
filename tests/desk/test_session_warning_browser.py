"""The warning before the idle sign-out (WCAG 2.2.1 Timing Adjustable), in a real Chromium: a modal
dialog takes focus before the session ends, "Stay signed in" (or Escape) restarts the server's idle
clock without leaving the page and gives focus back to where it was, with what was typed still
there; if the time runs out, the dialog says so. Both states scan clean with our own scanner.

The desk here signs out after 30 seconds (the warning comes 20 seconds before): the tests wait for
what the page shows, with timeouts far longer than that, never for a fixed time."""
from __future__ import annotations

import pytest

from desk.extensions import db
from desk.models import CoordinatorSession

from .conftest import make_app, serving
from .test_browser import _login, _send_request, assert_clean, focused_id_soon

pytestmark = pytest.mark.browser

IDLE_MINUTES = 0.5  # 30 seconds; the warning is shown 20 seconds before the end
WAIT_MS = 120_000  # far longer than the idle time: a loaded machine is slow, never this slow


@pytest.fixture(scope="module")
def short_app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("short-idle"), DESK_SESSION_IDLE_MINUTES=IDLE_MINUTES)


@pytest.fixture(scope="module")
def short_live(short_app):
    with serving(short_app) as url:
        yield url


def _last_seen(app):
    with app.app_context():
        seen = [row.last_seen_at for row in CoordinatorSession.query]
        db.session.remove()
    return seen


def _typing_a_reply(page, live) -> str:
    ref = _send_request(page, live, "Idle warning check")
    _login(page, live)
    page.goto(f"{live}/coordinator/requests/{ref}")
    page.fill("#reply", "A long careful reply, typed slowly with a switch device.")
    page.evaluate("window.loadedOnce = true")  # gone if the page were loaded again
    return ref


def test_the_warning_takes_focus_and_stay_signed_in_extends_without_leaving_the_page(short_live, short_app, page):
    from playwright.sync_api import expect

    _typing_a_reply(page, short_live)
    dialog = page.locator("#session-timeout")
    expect(dialog).to_be_visible(timeout=WAIT_MS)
    assert dialog.get_attribute("role") == "alertdialog"
    assert page.text_content("#session-timeout-title") == "You will be signed out soon"
    assert "you will be signed out in" in page.text_content("#session-timeout-text")
    assert focused_id_soon(page, "session-stay") == "session-stay"
    assert page.evaluate("document.getElementById('session-timeout').matches(':modal')")
    before = _last_seen(short_app)

    page.click("#session-stay")
    expect(dialog).to_be_hidden(timeout=WAIT_MS)
    assert focused_id_soon(page, "reply") == "reply"  # focus is given back to where it was
    assert page.input_value("#reply") == "A long careful reply, typed slowly with a switch device."
    assert page.evaluate("window.loadedOnce === true"), "the page was loaded again"
    assert page.text_content("#session-status") == "You are still signed in."
    after = _last_seen(short_app)
    assert len(after) == 1 and after[0] > before[0], "the server's idle clock was not restarted"

    # The clock starts again: a second warning, and Escape means "stay" too.
    expect(dialog).to_be_visible(timeout=WAIT_MS)
    assert focused_id_soon(page, "session-stay") == "session-stay"
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden(timeout=WAIT_MS)
    assert focused_id_soon(page, "reply") == "reply"
    assert _last_seen(short_app)[0] > after[0]
    with page.expect_navigation():
        page.click("button:has-text('Post public reply')")
    assert "Public reply posted" in page.text_content(".notification-area")


def test_when_the_time_runs_out_the_dialog_says_so_and_what_was_typed_is_kept(short_live, short_app, page):
    from playwright.sync_api import expect

    ref = _typing_a_reply(page, short_live)
    expect(page.locator("#session-timeout")).to_be_visible(timeout=WAIT_MS)
    # Scanned here, where the time may run out during the scan (it is left to run out).
    assert_clean(page, "request page with the idle warning open")
    expect(page.locator("#session-timeout-title")).to_have_text("You have been signed out", timeout=WAIT_MS)
    assert focused_id_soon(page, "session-close") == "session-close"
    assert page.locator("#session-stay").is_hidden()
    assert "What you typed is still on this page" in page.text_content("#session-timeout-text")
    assert_clean(page, "request page after the idle sign-out")
    page.click("#session-close")
    expect(page.locator("#session-timeout")).to_be_hidden(timeout=WAIT_MS)
    assert focused_id_soon(page, "reply") == "reply"
    with page.expect_navigation():
        page.click("button:has-text('Post public reply')")
    assert page.url.startswith(f"{short_live}/coordinator/login?next=")
    message = page.text_content(".notification-area")
    assert f"You were signed out after 30 seconds without activity, so your public reply on request {ref}" in message
    assert "what you typed is kept" in message


def test_activity_in_another_tab_puts_the_warning_off(short_live, short_app, page):
    """The page asks the server before warning: another tab's page loads count."""
    from playwright.sync_api import expect

    _typing_a_reply(page, short_live)
    other = page.context.new_page()
    dialog = page.locator("#session-timeout")
    # Keep the session busy from the other tab until the first tab has passed its warning time.
    deadline = page.evaluate("Date.now()") + 15_000
    while page.evaluate("Date.now()") < deadline:
        other.goto(short_live + "/coordinator/")
        expect(dialog).to_be_hidden()
    other.close()
    expect(dialog).to_be_visible(timeout=WAIT_MS)  # and once the other tab stops, it comes
