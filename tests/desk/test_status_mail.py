"""The requester is told by e-mail when their request's status changes in a way that matters to
them (what changed, what happens next, the reference, how to reply), if e-mail is how they asked
to be contacted; a coordinator someone else assigns a request to is told too. Through the outbox
(.eml files), as every message: nothing the requester told us goes in them."""
from __future__ import annotations

import datetime as dt
import email
import email.policy

import pytest

from desk.extensions import db
from desk.models import HelpRequest, User

from .conftest import ADMIN, COORDINATOR, VALID, AuthActions, Public, deliver_mail, make_app
from .test_coordinator import _act, _ref

# What the requester told us: none of it may be in a message.
PRIVATE = {"nature": "ZQXSTATUS the calendar widget traps my keyboard", "name": "Quincy Zqxstatus",
           "url": "www.example.gov/zqxstatus-calendar"}


def _new_mail(app, tmp_path, seen: set) -> list[email.message.EmailMessage]:
    """The messages sent since the last call (run as a worker would)."""
    deliver_mail(app)
    paths = set((tmp_path / "outbox").glob("*.eml")) - seen
    seen |= paths
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in sorted(paths)]


def _no_private_details(msg: email.message.EmailMessage) -> None:
    text = msg.get_content()
    for value in (*PRIVATE.values(), VALID["email"]):
        assert value not in text, value


@pytest.fixture
def desk(tmp_path):
    app = make_app(tmp_path, DESK_TIMEZONE="America/New_York", DESK_RETENTION_DAYS=30)
    yield app
    with app.app_context():
        db.engine.dispose()


def _submit(app, client, **fields) -> str:
    Public(client).submit(**{**PRIVATE, **fields})
    return _ref(app)


def _sent_one(app, tmp_path, **fields) -> tuple:
    """A request sent, its acknowledgement and alert delivered: (client, mail seen, reference)."""
    client, seen = app.test_client(), set()
    ref = _submit(app, client, **fields)
    _new_mail(app, tmp_path, seen)
    return client, seen, ref


def _user_id(app, address: str) -> str:
    with app.app_context():
        return str(User.query.filter_by(email=address).one().id)


def test_each_status_change_that_matters_mails_the_requester(desk, tmp_path):
    client, seen, ref = _sent_one(desk, tmp_path)
    AuthActions(client).login()

    resp = _act(client, ref, "status", status="in_progress")
    assert resp.status_code == 302
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Status changed to In progress. The requester will get an e-mail about it." in page
    (msg,) = _new_mail(desk, tmp_path, seen)
    assert msg["To"] == VALID["email"]
    assert msg["Subject"] == f"Your request {ref}: In progress"
    text = msg.get_content()
    assert "New status: In progress" in text and f"Reference: {ref}" in text
    assert "We are working on your request." in text  # what happens next
    assert f"call {desk.config['DESK_PHONE']}" in text and f"quote your reference {ref}" in text  # how to reply
    _no_private_details(msg)

    # Saved again unchanged: nothing new to tell.
    assert _act(client, ref, "status", status="in_progress").status_code == 302
    assert _new_mail(desk, tmp_path, seen) == []

    assert _act(client, ref, "status", status="waiting_on_requester").status_code == 302
    (msg,) = _new_mail(desk, tmp_path, seen)
    assert "We need something from you" in msg.get_content()

    assert _act(client, ref, "status", status="resolved").status_code == 302
    (msg,) = _new_mail(desk, tmp_path, seen)
    assert msg["Subject"] == f"Your request {ref}: Resolved"
    text = msg.get_content()
    assert "We have finished work on your request." in text
    with desk.app_context():
        destroy_on = HelpRequest.query.filter_by(reference=ref).one().destroy_on(30)
    # The day its status page names, in the desk's zone.
    assert f"on {destroy_on:%A %-d %B %Y}." in text
    _no_private_details(msg)


def test_a_request_put_back_to_new_mails_nobody(desk, tmp_path):
    client, seen, ref = _sent_one(desk, tmp_path)
    AuthActions(client).login()
    _act(client, ref, "status", status="acknowledged")
    assert [m["Subject"] for m in _new_mail(desk, tmp_path, seen)] == [f"Your request {ref}: Acknowledged"]
    resp = _act(client, ref, "status", status="new")
    assert "Status changed to New.</" in client.get(resp.headers["Location"]).get_data(as_text=True)
    assert _new_mail(desk, tmp_path, seen) == []


def test_a_duplicate_says_which_request_handles_it(desk, tmp_path):
    client, seen = desk.test_client(), set()
    first = _submit(desk, client, nature="The first request about it")
    Public(client).submit(**PRIVATE)
    with desk.app_context():
        dup = HelpRequest.query.filter_by(nature=PRIVATE["nature"]).one().reference
    _new_mail(desk, tmp_path, seen)
    AuthActions(client).login()
    _act(client, dup, "status", status="duplicate", duplicate_of=first)
    (msg,) = _new_mail(desk, tmp_path, seen)
    assert f"handling the two together as {first}." in msg.get_content()
    _no_private_details(msg)


@pytest.mark.parametrize("fields, how", [
    ({"contact_method": "phone", "phone": "202 555 0199"}, "phone"),  # an address, but not how they asked
    ({"contact_method": "phone", "phone": "202 555 0199", "email": ""}, "phone"),
    ({"contact_method": "postal", "postal_address": "1 Hidden Lane", "email": ""}, "postal mail"),
])
def test_a_requester_who_asked_for_another_way_is_not_mailed(desk, tmp_path, fields, how):
    client, seen, ref = _sent_one(desk, tmp_path, **fields)
    AuthActions(client).login()
    resp = _act(client, ref, "status", status="resolved")
    assert resp.status_code == 302
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert f"Status changed to Resolved. The requester asked to be contacted by {how}: tell them yourself." in page
    assert _new_mail(desk, tmp_path, seen) == []


def test_a_coordinator_assigned_by_someone_else_is_told(desk, tmp_path):
    client, seen, ref = _sent_one(desk, tmp_path)
    admin_id, coordinator_id = _user_id(desk, ADMIN), _user_id(desk, COORDINATOR)
    AuthActions(client).login(email=COORDINATOR)

    resp = _act(client, ref, "assign", assignee=admin_id)
    assert resp.status_code == 302
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert f"Assigned to {ADMIN}. They will get an e-mail about it." in page
    (msg,) = _new_mail(desk, tmp_path, seen)
    assert msg["To"] == ADMIN and msg["Subject"] == f"Request {ref} is assigned to you"
    text = msg.get_content()
    assert f"{COORDINATOR} assigned you an accessibility request." in text
    assert f"Reference: {ref}" in text and "Status: New" in text
    assert f"/coordinator/requests/{ref}" in text
    with desk.app_context():
        ack_due = HelpRequest.query.filter_by(reference=ref).one().ack_due
    assert f"Acknowledge by: {ack_due:%Y-%m-%d}" in text
    _no_private_details(msg)

    # The same assignee saved again, one's own assignment, and unassigning: nobody is told.
    for assignee in (admin_id, coordinator_id, "none"):
        assert _act(client, ref, "assign", assignee=assignee).status_code == 302
    assert _new_mail(desk, tmp_path, seen) == []


def test_an_assignment_mail_names_the_due_date(desk, tmp_path):
    client, seen, ref = _sent_one(desk, tmp_path)
    with desk.app_context():
        req = HelpRequest.query.filter_by(reference=ref).one()
        req.due_date = dt.date(2031, 3, 14)
        db.session.commit()
    AuthActions(client).login(email=ADMIN)
    _act(client, ref, "assign", assignee=_user_id(desk, COORDINATOR))
    (msg,) = _new_mail(desk, tmp_path, seen)
    assert msg["To"] == COORDINATOR and "Due by: 2031-03-14" in msg.get_content()
