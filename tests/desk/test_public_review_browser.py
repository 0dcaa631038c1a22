"""The public side's fixes in a real Chromium: Back and "Send request" again shows the first
request; the status address wraps at 320 CSS px; the honeypot's refusal, the Braille address
error, and right-to-left text; each page on the way scans clean."""
from __future__ import annotations

import re

import pytest

from desk.extensions import db
from desk.models import HelpRequest, Message

from .test_browser import _send_request, assert_clean

pytestmark = pytest.mark.browser


def _send(page):
    with page.expect_navigation():
        page.click("button:has-text('Send request')")


def test_back_and_send_again_shows_the_first_request(live, live_app, page):
    first = _send_request(page, live, "Back and send again check")
    link = page.get_attribute(".status-link a", "href")
    page.go_back()
    page.wait_for_load_state()
    if page.input_value("#nature") != "Back and send again check":  # Chromium may not restore it
        page.fill("#nature", "Back and send again check")
        page.check("#preferred_format-large_print")
        page.check("#contact_method-phone")
        page.fill("#phone", "202 555 0100")
    _send(page)
    assert page.text_content(".reference") == first
    assert "We already had this request" in page.text_content("main")
    assert page.get_attribute(".status-link a", "href") == link
    with live_app.app_context():
        assert HelpRequest.query.filter_by(nature="Back and send again check").count() == 1
        db.session.remove()
    assert_clean(page, "confirmation of a request sent again")


@pytest.mark.parametrize("width", [320, 1280])
def test_the_whole_status_address_wraps_on_a_narrow_screen(live, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    _send_request(page, live, f"Status address at {width} px")
    href = page.get_attribute(".status-link a", "href")
    assert page.text_content("#status-address-text") == href
    box = page.evaluate("""() => { const e = document.getElementById('status-address-text');
        const r = e.getBoundingClientRect();
        return {left: r.left, right: r.right, scroll: e.scrollWidth, client: e.clientWidth,
                page: document.documentElement.scrollWidth, view: window.innerWidth}; }""")
    assert box["left"] >= 0 and box["right"] <= box["view"], box
    assert box["scroll"] <= box["client"] and box["page"] <= box["view"], box
    assert page.input_value("#status-address") == href  # the box to copy from is still there
    assert_clean(page, f"confirmation at {width} px")


def test_the_honeypot_refusal_in_the_browser(live, page):
    page.goto(live + "/request/new")
    page.fill("#nature", "Filled in by an autofill add-on")
    page.check("#preferred_format-plain_text")
    page.check("#contact_method-phone")
    page.fill("#phone", "202 555 0100")
    page.evaluate("document.getElementById('website').value = 'https://example.com'")
    _send(page)
    assert page.title().startswith("Not accepted as sent, send your request again")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'notice'")
    notice = page.text_content("#notice")
    assert "TTY or relay" in notice and "Post:" in notice
    assert page.input_value("#nature") == "Filled in by an autofill add-on"
    assert_clean(page, "request form after the honeypot refusal")
    _send(page)
    assert page.title().startswith("Request received")


def test_braille_without_an_address_and_rtl_text(live, live_app, page):
    page.goto(live + "/request/new")
    nature = "لا أستطيع قراءة الملف \u2066benefits.pdf\u2069 بقارئ الشاشة."
    page.fill("#nature", nature)
    page.check("#preferred_format-braille")
    page.check("#contact_method-email")
    page.fill("#email", "sara@example.com")
    _send(page)
    assert page.title().startswith("Error: ")
    assert "Enter your postal address, so that we can send you the Braille" in page.text_content("#error-summary")
    assert page.input_value("#nature") == nature
    assert page.evaluate("getComputedStyle(document.getElementById('nature')).direction") == "rtl"
    assert_clean(page, "request form with the Braille address error")
    page.fill("#postal_address", "شارع الملك 12\nالرياض")
    _send(page)
    assert page.title().startswith("Request received")
    link = page.get_attribute(".status-link a", "href")
    with live_app.app_context():
        req = HelpRequest.query.filter_by(nature=nature).one()
        db.session.add(Message(request=req, kind="reply", body="سنرسل لك الملف بطريقة برايل."))
        req.status = "resolved"
        db.session.commit()
        db.session.remove()
    page.goto(link)
    assert page.evaluate("getComputedStyle(document.querySelector('.reply__body')).direction") == "rtl"
    assert not re.search("Acknowledgement due", page.text_content("main"))
    assert_clean(page, "status page of a resolved request with a right-to-left reply")
