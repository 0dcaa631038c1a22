"""Database tables: coordinators, help requests, their messages, and the audit trail."""
from __future__ import annotations

import datetime as dt
import re

from flask_login import UserMixin
from sqlalchemy import event
from werkzeug.security import check_password_hash, generate_password_hash

from .dates import local_date
from .extensions import db

ROLES = ("coordinator", "admin")

STATUSES = {
    "new": "New",
    "acknowledged": "Acknowledged",
    "in_progress": "In progress",
    "waiting_on_requester": "Waiting on requester",
    "resolved": "Resolved",
    "closed": "Closed",
    "duplicate": "Duplicate",
}
# Statuses after which nothing more is owed to the requester. Each one starts the
# retention clock (closed_at): the purge destroys finished requests past the schedule.
FINISHED = ("resolved", "closed", "duplicate")
PURGEABLE = FINISHED

# What a request's reference looks like (see public/submit.py): anything else is not one.
REFERENCE = re.compile(r"A11Y-\d{4}-\d{6,}")

PRIORITIES = {"low": "Low", "normal": "Normal", "high": "High", "urgent": "Urgent"}

FORMATS = {
    "web_page": "Accessible web page",
    "large_print": "Large print",
    "braille": "Braille",
    "audio": "Audio recording",
    "tagged_pdf": "Tagged PDF",
    "plain_text": "Plain text",
    "captions": "Captions or transcript",
    "other": "Other",
}

CONTACT_METHODS = {"email": "E-mail", "phone": "Phone", "postal": "Postal mail"}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class User(UserMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), unique=True, nullable=False)
    password_hash = db.Column(db.String(255), nullable=False)
    role = db.Column(db.String(20), nullable=False, default="coordinator")
    active = db.Column(db.Boolean, nullable=False, default=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    @property
    def is_active(self) -> bool:  # flask-login refuses inactive accounts
        return bool(self.active)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class HelpRequest(db.Model):
    __tablename__ = "help_request"

    id = db.Column(db.Integer, primary_key=True)
    reference = db.Column(db.String(32), unique=True, index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # What the requester told us.
    nature = db.Column(db.Text, nullable=False)
    url = db.Column(db.String(2048), nullable=False, default="")
    preferred_format = db.Column(db.String(20), nullable=False)
    preferred_format_other = db.Column(db.String(200), nullable=False, default="")
    name = db.Column(db.String(200), nullable=False, default="")
    email = db.Column(db.String(254), nullable=False, default="")
    phone = db.Column(db.String(40), nullable=False, default="")
    postal_address = db.Column(db.Text, nullable=False, default="")
    contact_method = db.Column(db.String(10), nullable=False)
    # Only a hash of the private status token is kept (see tokens.py).
    token_hash = db.Column(db.String(64), nullable=False)
    # Hash of the one-time form nonce: a second submit of the same form finds this row.
    nonce_hash = db.Column(db.String(64), unique=True, nullable=False)
    # Triage.
    status = db.Column(db.String(30), nullable=False, default="new", index=True)
    duplicate_of = db.Column(db.String(32), nullable=False, default="")
    priority = db.Column(db.String(10), nullable=False, default="normal")
    assignee_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    ack_due = db.Column(db.Date, nullable=False)
    due_date = db.Column(db.Date, nullable=True)
    closed_at = db.Column(db.DateTime, nullable=True)
    legal_hold = db.Column(db.Boolean, nullable=False, default=False)
    # The 508 / WCAG criteria the coordinator says the problem falls under, as ",1.1.1,4.1.2,".
    criteria = db.Column(db.String(500), nullable=False, default="", server_default="")

    assignee = db.relationship("User")
    messages = db.relationship(
        "Message",
        back_populates="request",
        cascade="all, delete-orphan",
        order_by="Message.created_at",
    )

    def destroy_on(self, retention_days: int, tz: dt.tzinfo | None = None) -> dt.date | None:
        """The day the purge destroys this finished request (None: not finished, or held): the
        day after the retention period, counted from the day it was finished in the desk's zone
        (DESK_TIMEZONE), the day every page shows it on (see purge.expired)."""
        if self.closed_at is None or self.legal_hold or self.status not in PURGEABLE:
            return None
        return local_date(self.closed_at, tz) + dt.timedelta(days=retention_days + 1)

    def public_replies(self) -> list:
        return [m for m in self.messages if m.kind == "reply"]

    def overdue(self, today: dt.date) -> bool:
        """Past the due date (or the acknowledgement date while still new) and not finished."""
        if self.status in FINISHED:
            return False
        if self.due_date and self.due_date < today:
            return True
        return self.status == "new" and self.ack_due < today


class Message(db.Model):
    """An internal note (coordinators only) or a public reply (shown on the status page)."""

    id = db.Column(db.Integer, primary_key=True)
    request_id = db.Column(
        db.Integer, db.ForeignKey("help_request.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind = db.Column(db.String(10), nullable=False)  # note | reply
    body = db.Column(db.Text, nullable=False)
    author_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    request = db.relationship("HelpRequest", back_populates="messages")
    author = db.relationship("User")


class CoordinatorSession(db.Model):
    """A signed-in coordinator's session, on the server: signing out, a password reset or a
    disabled account deletes the row, and a cookie that names a missing row is refused."""

    __tablename__ = "coordinator_session"

    id = db.Column(db.Integer, primary_key=True)
    # Only a hash of the random id kept in the (signed) session cookie.
    token_hash = db.Column(db.String(64), unique=True, nullable=False)
    user_id = db.Column(
        db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    last_seen_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class AuditEvent(db.Model):
    """Append-only: who did what, when. Never holds the requester's words or contact details."""

    __tablename__ = "audit_event"

    id = db.Column(db.Integer, primary_key=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    actor = db.Column(db.String(254), nullable=False)
    action = db.Column(db.String(40), nullable=False, index=True)
    # A plain reference string, not a foreign key: events outlive purged requests.
    reference = db.Column(db.String(32), nullable=False, default="", index=True)
    detail = db.Column(db.Text, nullable=False, default="")


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(mapper, connection, target):
    raise PermissionError("audit events are append-only")


class KeptDraft(db.Model):
    """What a coordinator typed into an action's form when their session had ended (idle, signed
    out in another tab): kept here, not in a URL or the cookie, until they sign in again and it is
    put back in its box. The cookie holds a random id, this row its hash; used once, destroyed with
    its request, and deleted by purge-expired after a day."""

    __tablename__ = "kept_draft"

    id = db.Column(db.Integer, primary_key=True)
    token_hash = db.Column(db.String(64), unique=True, nullable=False)
    request_id = db.Column(db.Integer, db.ForeignKey("help_request.id", ondelete="CASCADE"), nullable=False,
                           index=True)
    # The account that typed it, when the desk still knew (not after an explicit sign-out).
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"), nullable=True)
    action = db.Column(db.String(40), nullable=False)  # the action's endpoint, e.g. coordinator.act_reply
    fields = db.Column(db.Text, nullable=False, default="")  # the form's fields (JSON), without the CSRF token
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
