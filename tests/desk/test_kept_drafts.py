"""An action sent without a session is kept only for a coordinator whose session really ended:
anyone else's post (no cookie, an anonymous session's token, a forged or still-open session's
stamp) stores nothing; what is kept is cut to its form's limits, and an account keeps only its
latest few. The coordinator's own draft still comes back after signing in."""
from __future__ import annotations

import json

import pytest

from desk.coordinator.drafts import AUTHOR_FIELD, KEEP_PER_ACCOUNT
from desk.extensions import db
from desk.models import CoordinatorSession, HelpRequest, KeptDraft

from .conftest import AuthActions, hidden


def _ref(app) -> str:
    with app.app_context():
        return HelpRequest.query.order_by(HelpRequest.id).first().reference


def _kept(app) -> list[KeptDraft]:
    with app.app_context():
        rows = KeptDraft.query.order_by(KeptDraft.id).all()
        db.session.expunge_all()
        return rows


def _end_sessions(app) -> None:
    """The server ends every session (an idle timeout, a password reset), cookies untouched."""
    with app.app_context():
        CoordinatorSession.query.delete()
        db.session.commit()


@pytest.fixture
def ref(app, public):
    public.submit()
    return _ref(app)


def test_a_post_without_a_cookie_or_token_stores_nothing(app, ref):
    client = app.test_client()  # a fresh client: no cookie at all
    for _ in range(3):
        resp = client.post(f"/coordinator/requests/{ref}/note", data={"note": "x" * 3_000_000})
        assert resp.status_code == 302 and resp.headers["Location"].startswith("/coordinator/login")
    assert _kept(app) == []


def test_an_anonymous_session_with_a_valid_token_stores_nothing(app, client, ref):
    # Past the CSRF check with the anonymous session's own token: the login check turns it away.
    token = hidden(client.get("/request/new").get_data(as_text=True), "csrf_token")
    for action, field in (("note", "note"), ("reply", "reply"), ("criteria", "criteria")):
        resp = client.post(f"/coordinator/requests/{ref}/{action}", data={field: "y" * 50_000, "csrf_token": token})
        assert resp.status_code == 302
    assert _kept(app) == []


def test_a_forged_or_still_open_author_stamp_stores_nothing(app, client, auth, ref):
    auth.login()
    page = client.get(f"/coordinator/requests/{ref}").get_data(as_text=True)
    stamp = hidden(page, AUTHOR_FIELD)
    assert stamp
    stranger = app.test_client()
    # The coordinator is still signed in: their page's stamp, sent from another browser, is not theirs.
    stranger.post(f"/coordinator/requests/{ref}/note", data={"note": "from elsewhere", AUTHOR_FIELD: stamp})
    # A stamp not signed with the desk's key.
    stranger.post(f"/coordinator/requests/{ref}/note", data={"note": "forged", AUTHOR_FIELD: stamp[:-4] + "AAAA"})
    stranger.post(f"/coordinator/requests/{ref}/note", data={"note": "forged", AUTHOR_FIELD: '[1, "x"]'})
    assert _kept(app) == []


def test_an_expired_coordinator_s_draft_is_cut_to_the_form_s_limits_and_comes_back(app, client, auth, ref):
    auth.login()
    token = auth.csrf(f"/coordinator/requests/{ref}")
    _end_sessions(app)
    typed = "Called the requester. " + "z" * 20_000
    resp = client.post(f"/coordinator/requests/{ref}/note",
                       data={"note": typed, "csrf_token": token, "junk": "j" * 100_000})
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/coordinator/login?next=")
    (row,) = _kept(app)
    assert json.loads(row.fields) == {"note": [typed[:10_000]]}  # the note form's limit; nothing else
    assert row.user_id is not None
    auth.login()
    html = client.get(f"/coordinator/requests/{ref}").get_data(as_text=True)
    assert "Your internal note was not added" in html
    assert typed[:10_000] in html and typed[:10_001] not in html
    assert _kept(app) == []


def test_a_draft_sent_after_signing_out_in_another_tab_is_kept_by_the_page_s_stamp(app, client, auth, ref):
    auth.login()
    page = client.get(f"/coordinator/requests/{ref}").get_data(as_text=True)
    token, stamp = hidden(page, "csrf_token"), hidden(page, AUTHOR_FIELD)
    auth.logout()  # another tab: the shared cookie no longer names anyone
    resp = client.post(f"/coordinator/requests/{ref}/status",
                       data={"status": "duplicate", "duplicate_of": "A11Y-2026-" + "9" * 500,
                             "csrf_token": token, AUTHOR_FIELD: stamp})
    assert resp.status_code == 302
    (row,) = _kept(app)
    fields = json.loads(row.fields)
    assert fields["status"] == ["duplicate"] and len(fields["duplicate_of"][0]) == 32  # its Length
    assert AUTHOR_FIELD not in fields and "csrf_token" not in fields
    auth.login()
    html = client.get(f"/coordinator/requests/{ref}").get_data(as_text=True)
    assert "Your status change was not saved" in html
    assert 'value="A11Y-2026-' + "9" * 22 + '"' in html


def test_an_account_keeps_only_its_latest_drafts(app, ref):
    browsers = []
    for n in range(KEEP_PER_ACCOUNT + 3):  # one browser after another, each session ended under it
        client = app.test_client()
        auth = AuthActions(client)
        auth.login()
        token = auth.csrf(f"/coordinator/requests/{ref}")
        _end_sessions(app)
        client.post(f"/coordinator/requests/{ref}/note", data={"note": f"draft {n}", "csrf_token": token})
        browsers.append(client)
    rows = _kept(app)
    assert [json.loads(r.fields)["note"][0] for r in rows] == [
        f"draft {n}" for n in range(3, KEEP_PER_ACCOUNT + 3)]
    # The latest browser still gets its own back.
    AuthActions(browsers[-1]).login()
    html = browsers[-1].get(f"/coordinator/requests/{ref}").get_data(as_text=True)
    assert f"draft {KEEP_PER_ACCOUNT + 2}" in html


def test_one_browser_keeps_one_draft(app, client, auth, ref):
    for n in range(3):
        auth.login()
        token = auth.csrf("/coordinator/")  # (the request page would take the draft back)
        _end_sessions(app)
        client.post(f"/coordinator/requests/{ref}/reply", data={"reply": f"reply {n}", "csrf_token": token})
    assert [json.loads(r.fields)["reply"][0] for r in _kept(app)] == ["reply 2"]
