"""Append one audit event: who, what, when. Callers pass no personal data in detail."""
from __future__ import annotations

import json

from flask_login import current_user

from .extensions import db
from .models import AuditEvent


def actor_name() -> str:
    if current_user and current_user.is_authenticated:
        return current_user.email
    return "public"


def record(action: str, reference: str = "", actor: str | None = None, **detail) -> AuditEvent:
    ev = AuditEvent(
        actor=actor or actor_name(),
        action=action,
        reference=reference or "",
        detail=json.dumps(detail, sort_keys=True, default=str) if detail else "",
    )
    db.session.add(ev)
    return ev
