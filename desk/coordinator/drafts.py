"""An action sent after the coordinator's session ended is not lost: its fields are kept on the
server (the cookie carries a random id, the row its hash; nothing goes into a URL), the sign-in
page says what was not saved and why, and once they sign in again the request page puts the text
back in its box. Used once; destroyed with the request; purge-expired deletes any left after a day."""
from __future__ import annotations

import datetime as dt
import json
import secrets

from flask import flash, g, redirect, request, session, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..models import REFERENCE, HelpRequest, KeptDraft, utcnow
from ..tokens import digest

SESSION_KEY = "draft"
KEEP_FOR = dt.timedelta(days=1)

# What each action is called, and what did not happen to it.
ACTIONS = {
    "coordinator.act_reply": ("public reply", "was not posted"),
    "coordinator.act_note": ("internal note", "was not added"),
    "coordinator.act_status": ("status change", "was not saved"),
    "coordinator.act_assign": ("assignment", "was not saved"),
    "coordinator.act_priority": ("priority change", "was not saved"),
    "coordinator.act_due": ("due date", "was not saved"),
    "coordinator.act_hold": ("legal hold change", "was not saved"),
    "coordinator.act_criteria": ("criteria", "were not saved"),
    "coordinator.act_scan": ("new scan", "was not queued"),
}


def is_action() -> bool:
    return request.method == "POST" and request.endpoint in ACTIONS


def _why() -> str:
    if g.get("session_ended") == "idle":
        from ..auth.sessions import idle_words

        return f"You were signed out after {idle_words()} without activity"
    return "You had been signed out (in another tab or window, or your session was ended)"


def keep_and_sign_in():
    """The answer to an action sent without a session: keep what was typed, say so, sign in."""
    reference = (request.view_args or {}).get("reference", "")
    req = HelpRequest.query.filter_by(reference=reference).first() if REFERENCE.fullmatch(reference) else None
    if req is None:
        return redirect(url_for("auth.login"))
    noun, not_done = ACTIONS[request.endpoint]
    fields = {k: v for k, v in request.form.lists() if k != "csrf_token"}
    typed = request.endpoint != "coordinator.act_scan" and any(any(v.strip() for v in vs) for vs in fields.values())
    if typed:
        token = secrets.token_urlsafe(32)
        db.session.add(KeptDraft(token_hash=digest(token), request_id=req.id, user_id=g.get("ended_user_id"),
                                 action=request.endpoint, fields=json.dumps(fields)))
        db.session.commit()
        session[SESSION_KEY] = token
    then = ("Sign in again to go back to the request: what you typed is kept there, ready to send."
            if typed else f"Sign in again to go back to request {req.reference}.")
    flash(f"{_why()}, so your {noun} on request {req.reference} {not_done}. {then}", "error")
    from .views import detail_url

    return redirect(url_for("auth.login", next=detail_url(req)))


def take(req: HelpRequest) -> tuple[str, MultiDict, str] | None:
    """The draft kept for this request in this browser, for this account: (endpoint, fields, what
    did not happen), deleted as it is read. None if there is none."""
    token = session.get(SESSION_KEY)
    if not token or not isinstance(token, str):
        return None
    row = KeptDraft.query.filter_by(token_hash=digest(token), request_id=req.id).first()
    if row is None or (row.user_id is not None and row.user_id != current_user.id):
        return None
    session.pop(SESSION_KEY, None)
    db.session.delete(row)
    db.session.commit()
    if utcnow() - row.created_at > KEEP_FOR:
        return None
    noun, not_done = ACTIONS.get(row.action, ("change", "was not saved"))
    return row.action, MultiDict(list(_pairs(json.loads(row.fields)))), f"Your {noun} {not_done}"


def discard() -> None:
    token = session.pop(SESSION_KEY, None)
    if token and isinstance(token, str):
        KeptDraft.query.filter_by(token_hash=digest(token)).delete()
        db.session.commit()


def _pairs(fields: dict):
    for key, values in fields.items():
        for value in values:
            yield key, value


def end_old(now: dt.datetime | None = None) -> int:
    """Drafts nobody came back for within a day (purge-expired)."""
    return KeptDraft.query.filter(KeptDraft.created_at < (now or utcnow()) - KEEP_FOR).delete()
