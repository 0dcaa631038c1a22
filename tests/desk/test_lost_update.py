"""Two coordinators on one request: a form sent from a page opened before the other's change is
not saved over it. The page comes back saying who changed what, when, and what it is now, with
what was typed kept; saving again from that page works. A note or a reply (they add) is saved."""
from __future__ import annotations

import datetime as dt
import html as htmllib
import re

import pytest

from desk.extensions import db
from desk.models import HelpRequest

from .conftest import ADMIN, COORDINATOR, AuthActions, hidden


def _form(page: str, action: str) -> str:
    """The request page's form that posts to .../<action>."""
    return re.search(rf'<form method="post" action="[^"]*/{action}(?:\?[^"]*)?".*?</form>', page, re.S).group(0)


def _shown(page: str, action: str) -> str:
    """What that form was shown with (its hidden "shown" field), as the browser sends it."""
    return htmllib.unescape(hidden(_form(page, action), "shown"))


class Coordinator:
    """One signed-in browser, and the request page as it last loaded it."""

    def __init__(self, app, email):
        self.client = app.test_client()
        AuthActions(self.client).login(email=email)
        self.page = ""

    def open(self, ref):
        self.page = self.client.get(f"/coordinator/requests/{ref}").get_data(as_text=True)

    def send(self, ref, action, **data):
        """Send that page's form, as a browser does: its token, and what it was shown with."""
        fields = {"csrf_token": hidden(self.page, "csrf_token"), **data}
        if 'name="shown"' in _form(self.page, action):
            fields["shown"] = _shown(self.page, action)
        return self.client.post(f"/coordinator/requests/{ref}/{action}", data=fields)


@pytest.fixture
def ref(app, public):
    public.submit()
    with app.app_context():
        return HelpRequest.query.one().reference


@pytest.fixture
def c1(app):
    return Coordinator(app, COORDINATOR)


@pytest.fixture
def c2(app):
    return Coordinator(app, ADMIN)


def _req(app, ref) -> HelpRequest:
    with app.app_context():
        req = HelpRequest.query.filter_by(reference=ref).one()
        db.session.expunge(req)
        return req


def test_a_status_and_criteria_saved_from_an_older_page_do_not_overwrite(app, ref, c1, c2):
    c2.open(ref)  # c2 opens the page first
    c1.open(ref)
    assert c1.send(ref, "status", status="resolved").status_code == 302
    c1.open(ref)
    assert c1.send(ref, "criteria", criteria="1.1.1").status_code == 302
    closed_at = _req(app, ref).closed_at
    assert closed_at is not None

    resp = c2.send(ref, "status", status="in_progress")
    assert resp.status_code == 409
    page = resp.get_data(as_text=True)
    message = re.search(r'<p class="error-message" id="status-error">(.*?)</p>', page, re.S).group(1)
    assert f"Changed by {COORDINATOR} at " in message
    assert "since you opened this page: status is now Resolved. Your change was not saved; review and save again" \
        in htmllib.unescape(message)
    assert 'href="#status"' in page and 'id="error-summary"' in page  # the error summary, which takes focus
    assert re.search(r'<option value="in_progress" selected', page)  # what c2 chose is kept
    req = _req(app, ref)
    assert (req.status, req.criteria, req.closed_at) == ("resolved", ",1.1.1,", closed_at)

    resp = c2.send(ref, "criteria", criteria="1.4.3, 2.4.7")
    assert resp.status_code == 409
    page = htmllib.unescape(resp.get_data(as_text=True))
    assert "the criteria are now 1.1.1. Your change was not saved" in page
    assert 'value="1.4.3, 2.4.7"' in page
    assert _req(app, ref).criteria == ",1.1.1,"

    # Having read the message, c2 saves again from the page it was given: now it is saved.
    c2.page = resp.get_data(as_text=True)
    assert c2.send(ref, "criteria", criteria="1.4.3, 2.4.7").status_code == 302
    assert _req(app, ref).criteria == ",1.4.3,2.4.7,"


@pytest.mark.parametrize("action, first, second, now", [
    ("assign", "coordinator", "none", f"it is now assigned to {COORDINATOR}"),
    ("priority", "urgent", "low", "priority is now Urgent"),
    ("due", "2099-01-02", "2099-03-04", "the due date is now 2 January 2099"),
])
def test_every_form_that_overwrites_a_field_is_checked(app, ref, c1, c2, action, first, second, now):
    field = {"assign": "assignee", "priority": "priority", "due": "due_date"}[action]
    if first == "coordinator":
        with app.app_context():
            from desk.models import User

            first = str(User.query.filter_by(email=COORDINATOR).one().id)
    c2.open(ref)
    c1.open(ref)
    assert c1.send(ref, action, **{field: first}).status_code == 302
    resp = c2.send(ref, action, **{field: second})
    assert resp.status_code == 409
    assert now in htmllib.unescape(resp.get_data(as_text=True))
    kept = _form(resp.get_data(as_text=True), action)  # what c2 chose is kept in its form
    assert (f'value="{second}"' if action == "due" else f'<option value="{second}" selected') in kept
    # Having read the message, c2 saves again from the page it was given: now it is saved.
    c2.page = resp.get_data(as_text=True)
    assert c2.send(ref, action, **{field: second}).status_code == 302


def test_a_note_or_reply_from_an_older_page_is_added(app, ref, c1, c2):
    c2.open(ref)
    c1.open(ref)
    assert c1.send(ref, "status", status="in_progress").status_code == 302
    assert c2.send(ref, "note", note="Called them").status_code == 302
    assert c2.send(ref, "reply", reply="On its way").status_code == 302
    assert len(_req_messages(app, ref)) == 2


def _req_messages(app, ref):
    with app.app_context():
        return [m.body for m in HelpRequest.query.filter_by(reference=ref).one().messages]


def test_a_page_given_back_after_its_token_expired_still_catches_a_change(app, ref, c1, c2):
    """The expired-page answer keeps what the form was shown with, not what the request is now."""
    c2.open(ref)
    c1.open(ref)
    assert c1.send(ref, "status", status="resolved").status_code == 302
    shown = _shown(c2.page, "status")
    resp = c2.client.post(f"/coordinator/requests/{ref}/status",
                          data={"status": "in_progress", "csrf_token": "stale", "shown": shown})
    assert resp.status_code == 400 and "the page had expired" in resp.get_data(as_text=True)
    c2.page = resp.get_data(as_text=True)
    assert _shown(c2.page, "status") == shown
    assert c2.send(ref, "status", status="in_progress").status_code == 409
    assert _req(app, ref).status == "resolved"


def test_a_draft_kept_when_the_session_ended_still_catches_a_change(app, ref, c1, c2):
    c2.open(ref)
    with app.app_context():
        from desk.models import CoordinatorSession, User

        admin = User.query.filter_by(email=ADMIN).one()
        CoordinatorSession.query.filter_by(user_id=admin.id).delete()  # c2's session ends
        db.session.commit()
    assert c2.send(ref, "due", due_date="2099-05-06").status_code == 302  # kept, to sign in
    c1.open(ref)
    assert c1.send(ref, "due", due_date="2099-01-02").status_code == 302
    AuthActions(c2.client).login(email=ADMIN)
    c2.open(ref)
    assert 'value="2099-05-06"' in c2.page  # put back in its box
    assert c2.send(ref, "due", due_date="2099-05-06").status_code == 409
    assert _req(app, ref).due_date == dt.date(2099, 1, 2)
