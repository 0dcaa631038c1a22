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


def describe(detail: str) -> str:
    """'old: new, new: acknowledged' from the stored JSON, for the history table."""
    if not detail:
        return ""
    try:
        data = json.loads(detail)
    except ValueError:
        return detail
    parts = []
    for key, value in data.items():
        if value in ("", None, [], {}):
            continue
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        elif isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items())
        parts.append(f"{key.replace('_', ' ')}: {value}")
    return "; ".join(parts)
