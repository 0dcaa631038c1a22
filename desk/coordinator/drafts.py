"""An action sent after the coordinator's session ended is not lost: its fields are kept on the
server (the cookie carries a random id, the row its hash; nothing goes into a URL), the sign-in
page says what was not saved and why, and once they sign in again the request page puts the text
back in its box. Used once; destroyed with the request; purge-expired deletes any left after a day.

Kept only for a coordinator whose session really ended: the cookie still names their account
(g.ended_user_id: idle, password reset), or, signed out in another tab (the cookie cleared), the
form carries a stamp of the session it was shown in, signed with the secret key, and that session
is gone from the server. Anyone else's post is not kept (it would let anybody store anything).
Each field is cut to its form's limit, and each account keeps only its latest few."""
from __future__ import annotations

import datetime as dt
import json
import secrets

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user
from itsdangerous import BadData, URLSafeSerializer
from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..forms import max_lengths
from ..models import REFERENCE, CoordinatorSession, HelpRequest, KeptDraft, User, utcnow
from ..tokens import digest

SESSION_KEY = "draft"
KEEP_FOR = dt.timedelta(days=1)
KEEP_PER_ACCOUNT = 5  # an account's latest drafts; older ones are deleted as a new one is kept
# The hidden fields an action's form carries besides its own: who is typing (author_stamp), and
# what the form was shown with (the request page's check for a change made since, views.py).
AUTHOR_FIELD = "author"
SHOWN_FIELD = "shown"
SHOWN_MAX = 1000  # the longest "shown" value: the criteria (500) written as JSON

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


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="desk.kept-draft.author")


def author_stamp() -> str:
    """For the request page's forms: this coordinator and this session ("sid", see auth/sessions.py),
    signed, so that a form sent after signing out in another tab (the cookie cleared) still says
    whose session it was shown in. Empty when nobody is signed in."""
    sid = session.get("sid")
    if not current_user.is_authenticated or not isinstance(sid, str):
        return ""
    return _signer().dumps([current_user.id, digest(sid)])


def _author() -> int | None:
    """The account whose session really ended under this action, or None (anyone else)."""
    user_id = g.get("ended_user_id")  # the cookie names an account whose session the server ended
    if user_id is None:
        try:
            user_id, session_hash = _signer().loads(request.form.get(AUTHOR_FIELD, ""))
        except (BadData, TypeError, ValueError):
            return None
        if not isinstance(user_id, int) or not isinstance(session_hash, str):
            return None
        if CoordinatorSession.query.filter_by(token_hash=session_hash).first() is not None:
            return None  # that session is still open: this post did not come from its browser
    user = db.session.get(User, user_id)
    return user.id if user is not None and user.active else None


def _fields(endpoint: str) -> dict[str, list[str]]:
    """The action's own fields as sent, each cut to its form's limit (and what the form was shown with)."""
    from .views import ACTION_FORMS

    limits = max_lengths(ACTION_FORMS[endpoint][1](formdata=None, meta={"csrf": False}))
    limits[SHOWN_FIELD] = SHOWN_MAX
    return {name: [request.form[name][:limit]] for name, limit in limits.items() if name in request.form}


def _keep(req: HelpRequest, user_id: int, fields: dict) -> None:
    """Keep the draft for this browser (replacing the one it had) and this account's latest few."""
    discard(commit=False)
    token = secrets.token_urlsafe(32)
    db.session.add(KeptDraft(token_hash=digest(token), request_id=req.id, user_id=user_id,
                             action=request.endpoint, fields=json.dumps(fields)))
    db.session.flush()
    latest = (db.select(KeptDraft.id).filter_by(user_id=user_id)
              .order_by(KeptDraft.created_at.desc(), KeptDraft.id.desc()).limit(KEEP_PER_ACCOUNT))
    KeptDraft.query.filter(KeptDraft.user_id == user_id, KeptDraft.id.not_in(latest)).delete(
        synchronize_session=False)
    db.session.commit()
    session[SESSION_KEY] = token


def keep_and_sign_in():
    """The answer to an action sent without a session: keep what was typed (when it was a
    coordinator's, see _author), say so, sign in."""
    reference = (request.view_args or {}).get("reference", "")
    req = HelpRequest.query.filter_by(reference=reference).first() if REFERENCE.fullmatch(reference) else None
    if req is None:
        return redirect(url_for("auth.login"))
    noun, not_done = ACTIONS[request.endpoint]
    author = _author() if request.endpoint != "coordinator.act_scan" else None
    fields = _fields(request.endpoint) if author is not None else {}
    typed = any(v.strip() for name, vs in fields.items() if name != SHOWN_FIELD for v in vs)
    if typed:
        _keep(req, author, fields)
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


def discard(commit: bool = True) -> None:
    token = session.pop(SESSION_KEY, None)
    if token and isinstance(token, str):
        KeptDraft.query.filter_by(token_hash=digest(token)).delete()
        if commit:
            db.session.commit()


def _pairs(fields: dict):
    for key, values in fields.items():
        for value in values:
            yield key, value


def end_old(now: dt.datetime | None = None) -> int:
    """Drafts nobody came back for within a day (purge-expired)."""
    return KeptDraft.query.filter(KeptDraft.created_at < (now or utcnow()) - KEEP_FOR).delete()
