"""Storing a new request: reference number, due date, token hash, audit, notifications.

The same request is stored once. A reload or a double press sends the same form nonce
(find_by_nonce). Back and "Send request" again sends a fresh nonce, because the form page is
never cached (no-store) and is fetched anew, so the request is also recognised by what it
says: the same description, address, format and contact details within RESEND_WINDOW
(find_resent). Matching by content works whatever the browser does on Back, in another tab or
after a restart; remembering the nonce would not. The status link is derived from the nonce,
so it can be shown again only to the browser that sent the request: the session keeps the
nonces it sent in the last hour (remember_sent).
"""
from __future__ import annotations

import datetime as dt
import time

from flask import current_app, session
from sqlalchemy.exc import IntegrityError

from .. import audit, mail
from ..dates import add_business_days, local_date, parse_holidays
from ..extensions import db
from ..models import HelpRequest
from ..tokens import digest, status_token


def reference_for(req: HelpRequest) -> str:
    return f"A11Y-{req.created_at.year}-{req.id:06d}"


def find_by_nonce(nonce: str) -> HelpRequest | None:
    return HelpRequest.query.filter_by(nonce_hash=digest(nonce)).first()


# How long a request sent again with the same answers counts as the same request.
RESEND_WINDOW = dt.timedelta(hours=1)
# How many recently sent forms a browser's session remembers (their nonces are short).
_SENT_KEPT = 5


def _answers(form) -> dict:
    """The columns a request's answers are stored in, from a validated form."""
    return {
        "nature": form.nature.data,
        "url": form.url.data or "",
        "preferred_format": form.preferred_format.data,
        "preferred_format_other": (
            form.preferred_format_other.data if form.preferred_format.data == "other" else ""
        ),
        "name": form.name.data or "",
        "email": form.email.data or "",
        "phone": form.phone.data or "",
        "postal_address": form.postal_address.data or "",
        "contact_method": form.contact_method.data,
    }


def find_resent(form) -> HelpRequest | None:
    """A request stored in the last RESEND_WINDOW with exactly these answers (the same form
    sent again after Back, or from another tab), or None."""
    since = dt.datetime.now(dt.UTC).replace(tzinfo=None) - RESEND_WINDOW
    return (HelpRequest.query.filter_by(**_answers(form))
            .filter(HelpRequest.created_at >= since, HelpRequest.reference.isnot(None))
            .order_by(HelpRequest.id).first())


def _sent() -> list[list]:
    """[nonce, time sent] for the forms this browser sent within RESEND_WINDOW."""
    since = time.time() - RESEND_WINDOW.total_seconds()
    kept = session.get("sent_forms")
    if not isinstance(kept, list):
        return []
    return [e for e in kept if isinstance(e, list) and len(e) == 2 and isinstance(e[0], str)
            and isinstance(e[1], (int, float)) and e[1] >= since]


def remember_sent(nonce: str) -> None:
    """Keep a stored request's form nonce in this browser's session for RESEND_WINDOW."""
    session["sent_forms"] = (_sent() + [[nonce, int(time.time())]])[-_SENT_KEPT:]


def sent_nonce_for(req: HelpRequest) -> str | None:
    """The nonce of `req`'s form if this browser sent it recently (to show its status link)."""
    for nonce, _ in _sent():
        if digest(nonce) == req.nonce_hash:
            return nonce
    return None


def find_earlier(form, nonce: str) -> tuple[HelpRequest | None, str | None]:
    """(the request this form was already stored as, the nonce its status link comes from).

    The same form again (a reload, a double press): its own nonce. The same answers again in a
    new form (Back and send): the first form's nonce if this browser sent it, else None.
    """
    existing = find_by_nonce(nonce)
    if existing is not None:
        return existing, nonce
    existing = find_resent(form)
    if existing is not None:
        return existing, sent_nonce_for(existing)
    return None, None


def acknowledge_by(received: dt.datetime) -> dt.date:
    """The acknowledgement's due date: DESK_ACK_BUSINESS_DAYS business days after the day the
    request was received in the desk's time zone (the requester's Sunday evening is Monday in UTC)."""
    cfg = current_app.config
    return add_business_days(local_date(received), cfg["DESK_ACK_BUSINESS_DAYS"],
                             parse_holidays(cfg["DESK_HOLIDAYS"]))


def store(form, nonce: str) -> tuple[HelpRequest, bool]:
    """(request, created). A second submit of the same form returns the first request."""
    existing = find_by_nonce(nonce)
    if existing is not None:
        return existing, False
    cfg = current_app.config
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    req = HelpRequest(
        created_at=now,
        **_answers(form),
        token_hash=digest(status_token(cfg["SECRET_KEY"], nonce)),
        nonce_hash=digest(nonce),
        ack_due=acknowledge_by(now),
    )
    db.session.add(req)
    try:
        db.session.flush()
        req.reference = reference_for(req)
        audit.record("submitted", req.reference, actor="public")
        db.session.commit()
    except IntegrityError:
        # Two submits of one form raced each other; the other one won.
        db.session.rollback()
        existing = find_by_nonce(nonce)
        if existing is None:
            raise
        return existing, False
    return req, True


def status_link(req_reference: str, nonce: str) -> str:
    token = status_token(current_app.config["SECRET_KEY"], nonce)
    return mail.external_url("public.status", reference=req_reference, token=token)
