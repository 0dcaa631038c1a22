"""Storing a new request: reference number, due date, token hash, audit, notifications."""
from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy.exc import IntegrityError

from .. import audit, mail
from ..dates import add_business_days, parse_holidays
from ..extensions import db
from ..models import HelpRequest
from ..tokens import digest, status_token


def reference_for(req: HelpRequest) -> str:
    return f"A11Y-{req.created_at.year}-{req.id:06d}"


def find_by_nonce(nonce: str) -> HelpRequest | None:
    return HelpRequest.query.filter_by(nonce_hash=digest(nonce)).first()


def store(form, nonce: str) -> tuple[HelpRequest, bool]:
    """(request, created). A second submit of the same form returns the first request."""
    existing = find_by_nonce(nonce)
    if existing is not None:
        return existing, False
    cfg = current_app.config
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    req = HelpRequest(
        created_at=now,
        nature=form.nature.data,
        url=form.url.data or "",
        preferred_format=form.preferred_format.data,
        preferred_format_other=(
            form.preferred_format_other.data if form.preferred_format.data == "other" else ""
        ),
        name=form.name.data or "",
        email=form.email.data or "",
        phone=form.phone.data or "",
        postal_address=form.postal_address.data or "",
        contact_method=form.contact_method.data,
        token_hash=digest(status_token(cfg["SECRET_KEY"], nonce)),
        nonce_hash=digest(nonce),
        ack_due=add_business_days(
            now.date(), cfg["DESK_ACK_BUSINESS_DAYS"], parse_holidays(cfg["DESK_HOLIDAYS"])
        ),
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
