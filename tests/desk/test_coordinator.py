"""The coordinator side: login, roles, the queue, actions, audit events, CSV export."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import text

from desk.extensions import db
from desk.models import AuditEvent, HelpRequest, Message, User

from .conftest import ADMIN, COORDINATOR, PASSWORD, deliver_mail, hidden


def _submit_many(public, *natures, **fields):
    for nature in natures:
        assert public.submit(nature=nature, **fields).status_code == 200


def _ref(app, nature=None) -> str:
    with app.app_context():
        q = HelpRequest.query
        if nature:
            q = q.filter_by(nature=nature)
        return q.order_by(HelpRequest.id).first().reference


def _export(client, **filters):
    token = hidden(client.get("/coordinator/").get_data(as_text=True), "csrf_token")
    return client.post("/coordinator/export.csv", data=dict(filters, csrf_token=token))


def _act(client, ref, action, **data):
    token = hidden(client.get(f"/coordinator/requests/{ref}").get_data(as_text=True), "csrf_token")
    return client.post(f"/coordinator/requests/{ref}/{action}", data=dict(data, csrf_token=token))


@pytest.mark.parametrize("path", ["/coordinator/", "/coordinator/export.csv",
                                  "/coordinator/requests/A11Y-2026-000001"])
def test_login_required(client, path):
    resp = client.get(path)
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith("/coordinator/login")


@pytest.mark.parametrize("action, data", [
    ("status", {"status": "closed"}), ("assign", {"assignee": "none"}), ("priority", {"priority": "high"}),
    ("note", {"note": "n"}), ("reply", {"reply": "r"}), ("due", {"due_date": "2030-01-01"}),
    ("hold", {"legal_hold": "y"}),
])
def test_actions_require_login(app, client, public, action, data):
    public.submit()
    ref = _ref(app)
    # A valid token (this anonymous session's, from a public form), so that the request
    # gets past the CSRF check and it is the login check that turns it away.
    token = hidden(client.get("/request/new").get_data(as_text=True), "csrf_token")
    resp = client.post(f"/coordinator/requests/{ref}/{action}", data=dict(data, csrf_token=token),
                       headers={"Referer": f"http://localhost/coordinator/requests/{ref}"})
    assert resp.status_code == 302
    # After signing in, back to the page the form was on (the action itself takes POSTs only).
    assert resp.headers["Location"] == f"/coordinator/login?next=/coordinator/requests/{ref}"
    with app.app_context():
        req = HelpRequest.query.one()
        assert (req.status, req.priority, req.legal_hold, req.due_date) == ("new", "normal", False, None)
        assert Message.query.count() == 0
        assert [e.action for e in AuditEvent.query] == ["submitted"]


def test_export_requires_login(app, client, public):
    public.submit()
    token = hidden(client.get("/request/new").get_data(as_text=True), "csrf_token")
    resp = client.post("/coordinator/export.csv", data={"csrf_token": token})
    assert resp.status_code == 302
    # No Referer to go back to: the queue.
    assert resp.headers["Location"] == "/coordinator/login?next=/coordinator/"
    with app.app_context():
        assert AuditEvent.query.filter_by(action="export").count() == 0


def test_login_page_supports_password_managers(client):
    html = client.get("/coordinator/login").get_data(as_text=True)
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html
    assert "remember" not in html.lower()


def test_login_failure_shows_error_and_keeps_email(client, auth):
    resp = auth.login(password="wrong password")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "<title>Error: Sign in" in html
    assert "Enter a correct e-mail address and password" in html
    assert 'value="coordinator@example.gov"' in html
    assert client.get("/coordinator/").status_code == 302


def test_unknown_and_inactive_accounts_cannot_sign_in(app, client, auth):
    assert "Enter a correct" in auth.login(email="nobody@example.gov").get_data(as_text=True)
    with app.app_context():
        User.query.filter_by(email=COORDINATOR).one().active = False
        db.session.commit()
    assert "Enter a correct" in auth.login().get_data(as_text=True)


def test_login_expired_csrf_redisplays_form(client):
    resp = client.post("/coordinator/login", data={"email": COORDINATOR, "password": PASSWORD})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "Please sign in again" in html and f'value="{COORDINATOR}"' in html
    assert PASSWORD not in html


def test_login_and_logout(client, auth):
    resp = auth.login()
    assert resp.status_code == 302 and resp.headers["Location"] == "/coordinator/"
    assert "Request queue" in client.get("/coordinator/").get_data(as_text=True)
    auth.logout()
    assert client.get("/coordinator/").status_code == 302


def test_login_next_is_local_only(client):
    html = client.get("/coordinator/login?next=//evil.example/").get_data(as_text=True)
    token = hidden(html, "csrf_token")
    resp = client.post("/coordinator/login?next=//evil.example/",
                       data={"email": COORDINATOR, "password": PASSWORD, "csrf_token": token})
    assert resp.headers["Location"] == "/coordinator/"


def test_queue_newest_first_with_filters_and_search(app, client, public, auth):
    _submit_many(public, "first problem", "second problem about captions")
    public.submit(nature="third one", preferred_format="braille", contact_method="phone",
                  phone="202 555 0100", email="", postal_address="1 Example Road")
    auth.login()
    html = client.get("/coordinator/").get_data(as_text=True)
    refs = [_ref(app, n) for n in ("first problem", "second problem about captions", "third one")]
    positions = [html.index(r) for r in refs]
    assert positions == sorted(positions, reverse=True)

    only_braille = client.get("/coordinator/?preferred_format=braille").get_data(as_text=True)
    assert refs[2] in only_braille and refs[0] not in only_braille
    search = client.get("/coordinator/?q=captions").get_data(as_text=True)
    assert refs[1] in search and refs[0] not in search
    assert refs[0] in client.get(f"/coordinator/?q={refs[0]}").get_data(as_text=True)
    assert "No requests match" in client.get("/coordinator/?q=50%25_off").get_data(as_text=True)

    _act(client, refs[0], "status", status="in_progress")
    in_progress = client.get("/coordinator/?status=in_progress").get_data(as_text=True)
    assert refs[0] in in_progress and refs[1] not in in_progress
    # Unknown filter values are ignored rather than failing.
    assert client.get("/coordinator/?status=bogus&assignee=x").status_code == 200


def test_assignee_filter(app, client, public, auth):
    _submit_many(public, "alpha", "beta")
    auth.login()
    with app.app_context():
        admin_id = User.query.filter_by(email=ADMIN).one().id
    alpha = _ref(app, "alpha")
    _act(client, alpha, "assign", assignee=str(admin_id))
    mine = client.get(f"/coordinator/?assignee={admin_id}").get_data(as_text=True)
    assert alpha in mine and _ref(app, "beta") not in mine
    nobody = client.get("/coordinator/?assignee=none").get_data(as_text=True)
    assert alpha not in nobody and _ref(app, "beta") in nobody


def test_overdue_is_said_in_words_and_filterable(app, client, public, auth):
    _submit_many(public, "late one", "on time")
    with app.app_context():
        late = HelpRequest.query.filter_by(nature="late one").one()
        late.ack_due = dt.date.today() - dt.timedelta(days=3)
        db.session.commit()
    auth.login()
    html = client.get("/coordinator/").get_data(as_text=True)
    assert html.count(">Overdue</strong>") == 1
    overdue = client.get("/coordinator/?overdue=1").get_data(as_text=True)
    assert _ref(app, "late one") in overdue and _ref(app, "on time") not in overdue


def test_detail_shows_every_field_and_history(app, client, public, auth):
    public.submit(contact_method="phone", phone="202 555 0111", postal_address="1 Main St\nTown")
    ref = _ref(app)
    auth.login()
    html = client.get(f"/coordinator/requests/{ref}").get_data(as_text=True)
    for expected in (ref, "Tagged PDF", "Alex Requester", "alex@example.com", "202 555 0111",
                     "1 Main St", "https://www.example.gov/forms/benefits.pdf", "Request received",
                     'name="status"', 'value="duplicate"'):
        assert expected in html
    assert client.get("/coordinator/requests/A11Y-1999-000000").status_code == 404


def test_each_action_is_one_audit_event(app, client, public, auth):
    _submit_many(public, "one", "two")
    ref, other = _ref(app, "one"), _ref(app, "two")
    auth.login(email=ADMIN)
    with app.app_context():
        coord_id = User.query.filter_by(email=COORDINATOR).one().id
    steps = [
        ("status", {"status": "acknowledged"}),
        ("assign", {"assignee": str(coord_id)}),
        ("priority", {"priority": "high"}),
        ("note", {"note": "Ask the web team for the source file."}),
        ("reply", {"reply": "We are preparing a tagged PDF for you."}),
        ("due", {"due_date": "2030-01-15"}),
        ("hold", {"legal_hold": "y"}),
        ("status", {"status": "duplicate", "duplicate_of": other}),
    ]
    for action, data in steps:
        resp = _act(client, ref, action, **data)
        assert resp.status_code == 302, (action, resp.get_data(as_text=True)[:500])
    with app.app_context():
        req = HelpRequest.query.filter_by(reference=ref).one()
        assert (req.status, req.duplicate_of, req.priority, req.assignee.email, req.due_date,
                req.legal_hold) == ("duplicate", other, "high", COORDINATOR, dt.date(2030, 1, 15), True)
        events = AuditEvent.query.filter_by(reference=ref).order_by(AuditEvent.id).all()
        assert [e.action for e in events] == ["submitted", "status", "assign", "priority", "note",
                                              "reply", "due_date", "legal_hold", "status"]
        assert all(e.actor == ADMIN for e in events[1:])
        # The words of notes and replies are not copied into the audit trail.
        assert not any("tagged PDF" in e.detail or "web team" in e.detail for e in events)
    html = client.get(f"/coordinator/requests/{ref}").get_data(as_text=True)
    assert "Internal note" in html and "Public reply" in html
    assert "Status changed from New to Acknowledged" in html  # the history reads as words, not JSON


def test_unknown_status_and_bad_duplicate_are_refused(app, client, public, auth):
    public.submit()
    ref = _ref(app)
    auth.login()
    resp = _act(client, ref, "status", status="archived")
    assert resp.status_code == 400 and "Not a valid choice" in resp.get_data(as_text=True)
    resp = _act(client, ref, "status", status="duplicate", duplicate_of="")
    assert resp.status_code == 400 and "Enter the reference" in resp.get_data(as_text=True)
    resp = _act(client, ref, "status", status="duplicate", duplicate_of="A11Y-2026-999999")
    assert resp.status_code == 400 and "No request has the reference A11Y-2026-999999" in resp.get_data(as_text=True)
    resp = _act(client, ref, "note", note="")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "<title>Error: " in html and 'href="#note"' in html
    with app.app_context():
        assert HelpRequest.query.one().status == "new"
        assert AuditEvent.query.filter_by(reference=ref).count() == 1


def test_expired_csrf_on_an_action_keeps_the_text(app, client, public, auth):
    public.submit()
    ref = _ref(app)
    auth.login()
    resp = client.post(f"/coordinator/requests/{ref}/reply",
                       data={"reply": "A long careful reply", "csrf_token": "stale"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "That action was not saved" in html and "A long careful reply</textarea>" in html


def test_legal_hold_is_for_admins_only(app, client, public, auth):
    public.submit()
    ref = _ref(app)
    auth.login()  # a coordinator
    assert _act(client, ref, "hold", legal_hold="y").status_code == 403
    with app.app_context():
        assert HelpRequest.query.one().legal_hold is False


def test_role_checked_on_the_server(app, client, auth):
    with app.app_context():
        User.query.filter_by(email=COORDINATOR).one().role = "viewer"
        db.session.commit()
    auth.login()
    assert client.get("/coordinator/").status_code == 403
    assert client.get("/coordinator/export.csv").status_code == 403
    # The viewer's own valid token (the session's, from a public form): the POST gets
    # past the CSRF check and it is the role check that refuses it.
    token = hidden(client.get("/request/new").get_data(as_text=True), "csrf_token")
    resp = client.post("/coordinator/export.csv", data={"csrf_token": token})
    assert resp.status_code == 403 and resp.mimetype == "text/html"
    assert "Content-Disposition" not in resp.headers
    html = resp.get_data(as_text=True)
    assert "<h1>You do not have access to this page</h1>" in html
    assert "Your account does not allow this action. Ask an administrator." in html
    with app.app_context():
        assert AuditEvent.query.filter_by(action="export").count() == 0


def test_csv_export_escapes_formulas_and_is_audited(app, client, public, auth):
    formulas = ["=HYPERLINK(\"http://evil\")", "+1+2", "-3", "@SUM(A1)", "\tTAB", "\rCR"]
    for f in formulas:
        public.submit(nature=f + " problem")
    public.submit(nature="plain problem", preferred_format="other", preferred_format_other="=cmd|' /C calc'!A0")
    auth.login()
    resp = _export(client, preferred_format="")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True))))
    header, body = rows[0], rows[1:]
    natures = [r[header.index("nature")] for r in body]
    # Tabs and carriage returns inside fields are stripped at the door; the rest are quoted.
    assert "'=HYPERLINK(\"http://evil\") problem" in natures
    for expected in ("'+1+2 problem", "'-3 problem", "'@SUM(A1) problem"):
        assert expected in natures
    assert not any(n[:1] in "=+-@\t\r" for n in natures)
    formats = [r[header.index("preferred_format")] for r in body]
    assert "'=cmd|' /C calc'!A0" in formats
    with app.app_context():
        ev = AuditEvent.query.filter_by(action="export").one()
        assert ev.actor == COORDINATOR and '"rows": 7' in ev.detail


def test_csv_export_follows_filters(app, client, public, auth):
    _submit_many(public, "keep me", "drop me")
    auth.login()
    body = _export(client, q="keep", status="new").get_data(as_text=True)
    assert "keep me" in body and "drop me" not in body
    # The audit trail records the filters and that a search was used, never the search text.
    with app.app_context():
        ev = AuditEvent.query.filter_by(action="export").one()
        assert json.loads(ev.detail) == {"filters": {"status": "new"}, "rows": 1, "searched": True}


def test_csv_export_cannot_be_triggered_by_a_link(app, client, public, auth):
    # A GET (a link or an image on another site) downloads nothing and logs nothing:
    # it shows the queue with the same filters, where the download button is.
    public.submit(nature="keep me")
    auth.login()
    resp = client.get("/coordinator/export.csv?q=keep&status=new")
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/coordinator/?status=new&q=keep"
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert 'action="/coordinator/export.csv"' in page and 'name="q" value="keep"' in page
    # A POST without a valid token downloads nothing either, and keeps the filters.
    resp = client.post("/coordinator/export.csv", data={"q": "keep", "csrf_token": "forged"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/coordinator/?q=keep"
    assert "nothing was downloaded" in client.get(resp.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert AuditEvent.query.filter_by(action="export").count() == 0


def test_audit_events_are_append_only(app, public):
    public.submit()
    with app.app_context():
        ev = AuditEvent.query.first()
        ev.actor = "someone else"
        with pytest.raises(PermissionError):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text("DELETE FROM audit_event"))
        db.session.rollback()
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text("UPDATE audit_event SET actor = 'x'"))
        db.session.rollback()
        assert AuditEvent.query.count() == 1


def test_login_events_are_audited(app, auth):
    auth.login(password="nope nope nope")
    auth.login()
    with app.app_context():
        actions = [(e.action, e.actor) for e in AuditEvent.query.order_by(AuditEvent.id)]
    assert actions == [("login_failed", "anonymous"), ("login", COORDINATOR)]


def test_public_reply_mails_the_requester_without_its_text(app, client, public, auth, tmp_path):
    import email
    import email.policy

    public.submit()
    ref = _ref(app)
    deliver_mail(app)
    before = set((tmp_path / "outbox").glob("*.eml"))
    auth.login()
    _act(client, ref, "reply", reply="Your Braille copy is in the post: SECRET-REPLY-TEXT")
    assert deliver_mail(app) == 1
    new = set((tmp_path / "outbox").glob("*.eml")) - before
    assert len(new) == 1
    msg = email.message_from_bytes(new.pop().read_bytes(), policy=email.policy.default)
    assert msg["To"] == "alex@example.com" and ref in msg["Subject"]
    assert "SECRET-REPLY-TEXT" not in msg.get_content() and ref in msg.get_content()
