"""The public form in a real Chromium: the status link's Copy button (and its fallback without
script), the rate limit and long text keeping every answer, a post from another site, and
the queue's references at common widths; each page on the way scans clean."""
from __future__ import annotations

import pytest

from desk.extensions import limiter

from .conftest import ADMIN, make_app, serving
from .test_browser import _login, _send_request, assert_clean

pytestmark = pytest.mark.browser


def _fill(page, nature: str):
    page.fill("#nature", nature)
    page.check("#preferred_format-braille")
    page.check("#contact_method-postal")
    page.fill("#postal_address", "12 Example Road\nSpringfield")


def test_the_copy_button_copies_the_status_address(live, page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live)
    _send_request(page, live, "Copy button check")
    href = page.get_attribute(".status-link a", "href")
    assert page.input_value("#status-address") == href
    page.click("#copy-status-address")
    page.wait_for_function("document.getElementById('copy-result').textContent === 'Address copied.'")
    assert page.evaluate("navigator.clipboard.readText()") == href
    assert_clean(page, "confirmation page after copying")


def test_without_script_the_address_is_there_to_copy(live, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        _send_request(page, live, "No script copy check")
        href = page.get_attribute(".status-link a", "href")
        assert page.is_hidden("#copy-status-address")  # no button that would do nothing
        assert page.input_value("#status-address") == href
        assert page.get_attribute("#status-address", "readonly") == ""
    finally:
        context.close()


@pytest.fixture
def limited_live(tmp_path):
    app = make_app(tmp_path, RATELIMIT_ENABLED=True, DESK_RATE_SUBMIT="1 per hour")
    limiter.reset()
    with serving(app) as url:
        yield url
    limiter.reset()


def test_the_rate_limit_keeps_the_answers_in_the_browser(limited_live, page):
    _send_request(page, limited_live, "The first request")
    page.goto(limited_live + "/request/new")
    _fill(page, "The second request, kept while we wait")
    with page.expect_navigation():
        page.click("button:has-text('Send request')")
    assert page.text_content("#notice-title") == "Please wait before sending your request"
    assert page.input_value("#nature") == "The second request, kept while we wait"
    assert page.is_checked("#preferred_format-braille") and page.is_checked("#contact_method-postal")
    assert page.input_value("#postal_address") == "12 Example Road\nSpringfield"
    page.wait_for_function("document.activeElement && document.activeElement.id === 'notice'")
    assert_clean(page, "request form after the rate limit")


def test_long_text_gets_the_length_message_with_answers_kept(live, page):
    long_text = "無障礙" * 2500
    page.goto(live + "/request/new")
    _fill(page, long_text)
    with page.expect_navigation():
        page.click("button:has-text('Send request')")
    assert page.title().startswith("Error: ")
    assert "Describe the problem in 5,000 characters or fewer" in page.text_content("#error-summary")
    assert page.input_value("#nature") == long_text
    assert page.input_value("#postal_address") == "12 Example Road\nSpringfield"
    assert_clean(page, "request form with a length error")


def test_a_post_from_another_site_shows_nothing_of_it(live, page, serve, tmp_path):
    site = tmp_path / "elsewhere"
    site.mkdir()
    (site / "index.html").write_text(f"""<!doctype html><html lang="en"><title>Elsewhere</title>
<form method="post" action="{live}/request/new">
<input type="hidden" name="nature" value="ATTACKER-CHOSEN words">
<input type="hidden" name="preferred_format" value="braille">
<input type="hidden" name="contact_method" value="email">
<input type="hidden" name="email" value="attacker@evil.example">
<button>Go</button></form></html>""")
    page.goto(serve(site) + "index.html")
    with page.expect_navigation():
        page.click("button")
    assert page.url == f"{live}/request/new"
    assert page.text_content("h1") == "Your form was not sent"
    assert "ATTACKER" not in page.content() and "attacker@evil.example" not in page.content()
    assert_clean(page, "form sent from another site")


@pytest.mark.parametrize("width", [320, 768, 1024, 1280])
def test_queue_references_stay_on_one_line(live, page, width):
    _send_request(page, live, "Reference width check")
    _login(page, live, email=ADMIN)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live + "/coordinator/")
    lines = page.evaluate("""Array.from(document.querySelectorAll('tbody th a'))
        .map(a => a.getClientRects().length)""")
    assert lines and set(lines) == {1}, lines
