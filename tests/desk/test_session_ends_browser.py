"""When a coordinator's session ends under an open page, nothing is lost and nothing pretends.

"Sign out" from a page whose token is stale (signed out and in again in another tab) signs out
(it showed "This page has expired" and left the user signed in). A reply or note sent after the
session ended on the server (idle, password reset) or after signing out in another tab: the
sign-in page says it was not saved and why, and after signing in the request page has the text
back in its box (kept on the server, never in a URL)."""
from __future__ import annotations

import re

import pytest

from desk.extensions import db
from desk.models import CoordinatorSession, KeptDraft

from .conftest import ADMIN, COORDINATOR, PASSWORD, AuthActions, Public
from .test_browser import _login, _send_request, assert_clean, focused_id_soon

pytestmark = pytest.mark.browser


def _sign_in_here(page, email=ADMIN):
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button:has-text('Sign in')")


def test_sign_out_from_a_stale_page_signs_out(live, page):
    _login(page, live)
    other = page.context.new_page()  # a second tab of the same browser
    other.goto(live + "/coordinator/")
    with other.expect_navigation():
        other.click("button:has-text('Sign out')")
    _login(other, live)
    assert other.url == live + "/coordinator/"
    # The first tab's page still carries the first session's token.
    with page.expect_navigation():
        page.click("button:has-text('Sign out')")
    assert page.url == live + "/coordinator/login"
    assert "You have signed out." in page.text_content(".notification-area")
    other.goto(live + "/coordinator/")
    assert other.url.startswith(live + "/coordinator/login"), "still signed in after Sign out"


def test_a_reply_sent_after_the_session_ended_comes_back_after_signing_in(live, live_app, page):
    ref = _send_request(page, live, "Session ended while typing a reply")
    _login(page, live)
    detail = f"{live}/coordinator/requests/{ref}"
    page.goto(detail)
    with live_app.app_context():  # the session ends on the server (an idle timeout, a password reset)
        CoordinatorSession.query.delete()
        db.session.commit()
    typed = "Your large-print copy is in the post. 大きな文字"
    page.fill("#reply", typed)
    with page.expect_navigation():
        page.click("button:has-text('Post public reply')")
    assert page.url.startswith(f"{live}/coordinator/login?next=")
    message = page.text_content(".notification-area")
    assert f"so your public reply on request {ref} was not posted" in message
    assert "what you typed is kept" in message
    assert typed not in page.url and "post" not in page.url.lower().split("?")[1]
    assert_clean(page, "sign-in page after an action was not saved")
    _sign_in_here(page)
    assert page.url == detail
    assert page.input_value("#reply") == typed
    assert page.text_content("#notice-title") == "Your public reply was not posted"
    assert focused_id_soon(page, "notice") == "notice"
    assert_clean(page, "request page with a kept reply")
    with live_app.app_context():
        assert KeptDraft.query.count() == 0  # used once, then gone
    page.reload()
    assert page.input_value("#reply") == ""
    page.fill("#reply", typed)
    with page.expect_navigation():
        page.click("button:has-text('Post public reply')")
    assert typed in page.text_content(".messages")


def test_a_note_sent_after_signing_out_in_another_tab_comes_back(live, page):
    ref = _send_request(page, live, "Signed out in another tab while typing a note")
    _login(page, live)
    detail = f"{live}/coordinator/requests/{ref}"
    page.goto(detail)
    other = page.context.new_page()
    other.goto(live + "/coordinator/")
    with other.expect_navigation():
        other.click("button:has-text('Sign out')")
    other.close()
    page.fill("#note", "Called the requester: they prefer Braille.")
    with page.expect_navigation():
        page.click("button:has-text('Add internal note')")
    assert page.url.startswith(f"{live}/coordinator/login?next=")
    assert f"your internal note on request {ref} was not added" in page.text_content(".notification-area")
    _sign_in_here(page)
    assert page.url == detail
    assert page.input_value("#note") == "Called the requester: they prefer Braille."
    assert page.text_content("#notice-title") == "Your internal note was not added"


def test_a_kept_reply_is_not_given_to_another_account(app, client):
    """The draft is bound to the account whose session ended: someone else signing in on the same
    browser gets the request page without it, and signing out deletes it."""
    Public(client).submit()
    auth = AuthActions(client)
    auth.login(email=COORDINATOR)
    ref = re.search(r"A11Y-\d{4}-\d{6}", client.get("/coordinator/").get_data(as_text=True)).group(0)
    token = auth.csrf(f"/coordinator/requests/{ref}")
    with app.app_context():
        CoordinatorSession.query.delete()
        db.session.commit()
    resp = client.post(f"/coordinator/requests/{ref}/reply", data={"reply": "SECRET-DRAFT", "csrf_token": token})
    assert resp.status_code == 302 and "SECRET-DRAFT" not in resp.headers["Location"]
    auth.login(email=ADMIN)
    assert "SECRET-DRAFT" not in client.get(f"/coordinator/requests/{ref}").get_data(as_text=True)
    with app.app_context():
        assert KeptDraft.query.count() == 1
    auth.logout()  # signing out on purpose drops what this browser kept
    with app.app_context():
        assert KeptDraft.query.count() == 0
