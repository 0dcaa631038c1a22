"""The coordinator's queue, request page, actions and CSV export."""
from __future__ import annotations

import datetime as dt
import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from .. import audit, dates, mail, outgoing
from ..auth.views import role_required
from ..csvsafe import to_csv
from ..extensions import db
from ..forms import (
    AssignForm,
    DueForm,
    HoldForm,
    NoteForm,
    PriorityForm,
    ReplyForm,
    StatusForm,
    error_list,
)
from ..models import (
    FORMATS,
    PRIORITIES,
    PURGEABLE,
    REFERENCE,
    STATUSES,
    AuditEvent,
    HelpRequest,
    Message,
    User,
    utcnow,
)
from ..scans.forms import CriteriaForm
from ..scans.model import SCAN_STATUSES
from . import bp, drafts, scan_views
from .queue import Filters, filtered

STAFF = ("coordinator", "admin")
QUEUE_LIMIT = 500  # rows on the page; the CSV export has them all


@bp.app_template_global()
def queue_args() -> dict:
    """The queue's search and filters carried on this address (a request page opened from a
    filtered queue), checked as the queue checks them: only what the queue would apply passes, so
    "Back to the queue", and the request page's own forms and their answers, keep them."""
    return Filters.from_args(request.args).as_args()


def detail_url(req: HelpRequest) -> str:
    """The request page, with the queue's search and filters it was opened with."""
    return url_for("coordinator.detail", reference=req.reference, **queue_args())


def _queue_title(f: Filters, count: int) -> str:
    """The page title says what is listed when a search or a filter applies (WCAG 2.4.2)."""
    parts = []
    if f.q:
        parts.append(f"matching “{f.q}”")
    if f.status:
        parts.append(f"status {STATUSES[f.status]}")
    if f.assignee == "none":
        parts.append("assigned to nobody")
    elif f.assignee:
        user = db.session.get(User, int(f.assignee))
        parts.append(f"assigned to {user.email}" if user else "assigned to one person")
    if f.preferred_format:
        parts.append(f"format {FORMATS[f.preferred_format]}")
    if f.overdue:
        parts.append("overdue only")
    if f.criterion:
        parts.append(f"criterion {f.criterion}")
    if f.scan_failures:
        parts.append("scan found failures")
    if not parts:
        return "Request queue"
    found = (f"the newest {count} requests" if count >= QUEUE_LIMIT
             else f"{count} request{'' if count == 1 else 's'}")
    return f"Request queue: {found} " + ", ".join(parts)


def _queue_with_filters(args):
    return redirect(url_for("coordinator.queue", **Filters.from_args(args).as_args()))


def expired_export():
    """The queue page had sat open until its token expired: back to it, filters kept."""
    flash("The page had expired, so nothing was downloaded. Choose Download again.", "error")
    return _queue_with_filters(request.form)


def _today() -> dt.date:
    """The date at the desk (DESK_TIMEZONE), not the server's: due dates and Overdue turn at its midnight."""
    return dt.datetime.now(dates.desk_zone()).date()


def _users() -> list[User]:
    return User.query.filter_by(active=True).order_by(User.email).all()


def _assign_choices() -> list[SelectChoice]:
    return [SelectChoice("none", "Nobody")] + [SelectChoice(str(u.id), u.email) for u in _users()]


def _get(reference: str) -> HelpRequest:
    req = HelpRequest.query.filter_by(reference=reference).first() if REFERENCE.fullmatch(reference) else None
    if req is None:
        abort(404)
    return req


@bp.get("/")
@role_required(*STAFF)
def queue():
    f = Filters.from_args(request.args)
    today = _today()
    errors = [("criterion", f.criterion_error)] if f.criterion_error else []
    rows = [] if errors else filtered(f, today).limit(QUEUE_LIMIT).all()
    return render_template(
        "coordinator/queue.html",
        title="Request queue" if errors else _queue_title(f, len(rows)),
        rows=rows,
        errors=errors,
        filters=f,
        users=_users(),
        today=today,
        export_args=f.as_args(),
        limit=QUEUE_LIMIT,
        scan_statuses=SCAN_STATUSES,
    )


@bp.route("/export.csv", methods=["GET", "POST"])
@role_required(*STAFF)
def export_csv():
    # A download is an audit event, so it is a POST with a CSRF token: a link on another
    # site must not be able to make a signed-in coordinator's browser export (and log) it.
    # A plain GET (an old bookmark) shows the queue with the same filters and the button.
    if request.method == "GET":
        return _queue_with_filters(request.args)
    f = Filters.from_args(request.form)
    today = _today()
    rows = filtered(f, today).all()
    header = [
        "reference", "submitted", "status", "priority", "assignee", "preferred_format",
        "url", "acknowledge_by", "due_date", "overdue", "legal_hold", "nature",
    ]
    data = [
        [
            r.reference,
            r.created_at,
            r.status,
            r.priority,
            r.assignee.email if r.assignee else "",
            r.preferred_format_other if r.preferred_format == "other" else r.preferred_format,
            r.url,
            r.ack_due.isoformat(),
            r.due_date.isoformat() if r.due_date else "",
            "yes" if r.overdue(today) else "no",
            "yes" if r.legal_hold else "no",
            r.nature,
        ]
        for r in rows
    ]
    # The filters, but never the search text: it may be a requester's name or e-mail address,
    # and audit events outlive the requests they name.
    filters = f.as_args()
    searched = bool(filters.pop("q", ""))
    audit.record("export", rows=len(data), filters=filters, searched=searched)
    db.session.commit()
    name = f"requests-{today.isoformat()}.csv"
    return Response(
        to_csv(header, data),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _forms(req: HelpRequest, formdata=None) -> dict:
    """Each action's form, filled from the request (or from what was just sent)."""
    forms = {
        "status_form": StatusForm(formdata=None, status=req.status, duplicate_of=req.duplicate_of),
        "assign_form": AssignForm(formdata=None, assignee=str(req.assignee_id or "none")),
        "priority_form": PriorityForm(formdata=None, priority=req.priority),
        "note_form": NoteForm(formdata=None),
        "reply_form": ReplyForm(formdata=None),
        "due_form": DueForm(formdata=None, due_date=req.due_date),
        "hold_form": HoldForm(formdata=None),
        "criteria_form": scan_views.criteria_form(req),
    }
    forms["assign_form"].assignee.choices = _assign_choices()
    return forms


# Two coordinators on one request: a form that overwrites a field carries the value it was shown
# with, and is not saved if the request has changed since (a note or a reply adds, so it does not).
# The legal hold's buttons send the state they name (place, lift), so sending one again undoes nothing.
# form -> (its audit event, the values it overwrites, what they are now, in words)
_SHOWN = {
    "status_form": ("status", lambda r: [r.status, r.duplicate_of],
                    lambda r: f"status is now {STATUSES[r.status]}" + (r.duplicate_of and f" of {r.duplicate_of}")),
    "assign_form": ("assign", lambda r: [r.assignee_id],
                    lambda r: f"it is now assigned to {r.assignee.email if r.assignee else 'nobody'}"),
    "priority_form": ("priority", lambda r: [r.priority], lambda r: f"priority is now {PRIORITIES[r.priority]}"),
    "due_form": ("due_date", lambda r: [r.due_date.isoformat() if r.due_date else ""],
                 lambda r: f"the due date is now {r.due_date:%-d %B %Y}" if r.due_date else "it now has no due date"),
    "criteria_form": ("criteria", lambda r: [r.criteria],
                      lambda r: "the criteria are now " + ", ".join(c for c in r.criteria.split(",") if c)
                      if r.criteria else "no criteria are recorded now"),
}


def _shown(req: HelpRequest) -> dict[str, str]:
    """What each form that overwrites a field is shown with, as it carries it."""
    return {key: json.dumps(values(req)) for key, (_, values, _) in _SHOWN.items()}


def _changed_since_shown(req: HelpRequest, key: str, shown: str | None) -> str | None:
    """The message when the request changed since the form was shown (None: it has not). A form
    sent without the value (not from the request page) is not checked."""
    if key not in _SHOWN or shown is None or shown == _shown(req)[key]:
        return None
    action, _, now = _SHOWN[key]
    last = (AuditEvent.query.filter_by(reference=req.reference, action=action)
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).first())
    by = "Changed"
    if last is not None:
        by = f"Changed by {last.actor} at {dates.shown(last.created_at, '%-d %B %Y %H:%M', dates.desk_zone())}"
    return f"{by} since you opened this page: {now(req)}. Your change was not saved; review and save again"


def _stamps(shown: dict[str, str]) -> dict[str, Markup]:
    """Each form's hidden fields besides its token: who is typing (drafts.py) and what it was shown with."""
    author = Markup('<input type="hidden" name="{}" value="{}">').format(drafts.AUTHOR_FIELD, drafts.author_stamp())
    out = {key: author for key in ("note_form", "reply_form", "hold_form")}
    for key, value in shown.items():
        out[key] = author + Markup('<input type="hidden" name="{}" value="{}">').format(drafts.SHOWN_FIELD, value)
    return out


def render_detail(req: HelpRequest, forms: dict | None = None, notice: str | None = None,
                  errors=None, status: int = 200, not_saved: str | None = None, shown: dict | None = None):
    """The request page. `shown` keeps a form's earlier "shown with" value (a form given back
    after the session or page expired), so that a change made meanwhile is still caught."""
    forms = forms or _forms(req)
    events = (
        AuditEvent.query.filter_by(reference=req.reference)
        .order_by(AuditEvent.created_at, AuditEvent.id)
        .all()
    )
    return render_template(
        "coordinator/detail.html",
        req=req,
        events=events,
        today=_today(),
        notice=notice,
        not_saved=not_saved,
        errors=errors or [],
        priorities=PRIORITIES,
        formats=FORMATS,
        **scan_views.scan_context(req),
        pending_mail=outgoing.for_request(req),
        stamps=_stamps(_shown(req) | (shown or {})),
        **forms,
    ), status


def _typed_shown(key: str, formdata) -> dict:
    """The "shown with" value a form given back carries, when it had one."""
    value = formdata.get(drafts.SHOWN_FIELD)
    return {key: value} if key in _SHOWN and value is not None else {}


@bp.get("/requests/<reference>")
@role_required(*STAFF)
def detail(reference: str):
    req = _get(reference)
    kept = drafts.take(req)
    if kept is None or kept[0] not in ACTION_FORMS:
        return render_detail(req, notice="not_saved" if kept else None, not_saved=kept[2] if kept else None)
    endpoint, fields, what = kept
    key, form_cls = ACTION_FORMS[endpoint]
    form = form_cls(formdata=fields, meta={"csrf": False})
    forms = _forms(req)
    if key == "assign_form":
        form.assignee.choices = _assign_choices()
    forms[key] = form
    return render_detail(req, forms, notice="not_saved", not_saved=what, shown=_typed_shown(key, fields))


def _action(reference: str, key: str, form_cls, apply):
    """Validate one action's form; on success apply it, record it, and go back to the page."""
    req = _get(reference)
    form = form_cls()
    if key == "assign_form":
        form.assignee.choices = _assign_choices()
    changed = _changed_since_shown(req, key, request.form.get(drafts.SHOWN_FIELD))
    if changed:  # said at the form's first field, and in the error summary, which takes the focus
        next(f for f in form if f.type not in ("CSRFTokenField", "HiddenField")).errors = [changed]
        forms = _forms(req)
        forms[key] = form
        return render_detail(req, forms, errors=error_list(form), status=409)
    if not form.validate():
        forms = _forms(req)
        forms[key] = form
        return render_detail(req, forms, errors=error_list(form), status=400)
    message = apply(req, form)
    db.session.commit()
    flash(message, "success")
    return redirect(detail_url(req))


@bp.post("/requests/<reference>/status")
@role_required(*STAFF)
def act_status(reference: str):
    def apply(req, form):
        new = form.status.data
        dup = form.duplicate_of.data.upper() if new == "duplicate" else ""
        if dup == req.reference:
            abort(_bad_duplicate(req, form, "A request cannot be a duplicate of itself"))
        if dup and HelpRequest.query.filter_by(reference=dup).first() is None:
            abort(_bad_duplicate(req, form, f"No request has the reference {dup}: enter the reference "
                                            "of the other request, like A11Y-2026-000123"))
        old = req.status
        req.status, req.duplicate_of = new, dup
        if new in PURGEABLE and old not in PURGEABLE:
            req.closed_at = utcnow()
        elif new not in PURGEABLE:
            req.closed_at = None
        audit.record("status", req.reference, old=old, new=new, duplicate_of=dup)
        told = mail.status_told(req, old, mail.notify_status(req, old))
        return f"Status changed to {STATUSES[new]}." + (f" {told}" if told else "")

    return _action(reference, "status_form", StatusForm, apply)


def _bad_duplicate(req: HelpRequest, form: StatusForm, message: str):
    """A duplicate must point at another request that exists: show the page with the error."""
    return _bad_field(req, "status_form", form, form.duplicate_of, message)


def _bad_field(req: HelpRequest, key: str, form, field, message: str):
    """The request page with one action's field in error (a check that needs the request)."""
    field.errors = [message]
    forms = _forms(req)
    forms[key] = form
    body, code = render_detail(req, forms, errors=error_list(form), status=400)
    return Response(body, code)


@bp.post("/requests/<reference>/assign")
@role_required(*STAFF)
def act_assign(reference: str):
    def apply(req, form):
        value = form.assignee.data
        user = None if value == "none" else db.session.get(User, int(value))
        before, req.assignee = req.assignee, user
        audit.record("assign", req.reference, assignee=user.email if user else "")
        told = mail.notify_assigned(req, user, current_user) if user is not before else None
        if told == "queued":
            return f"Assigned to {user.email}. They will get an e-mail about it."
        return f"Assigned to {user.email}." if user else "Unassigned."

    return _action(reference, "assign_form", AssignForm, apply)


@bp.post("/requests/<reference>/priority")
@role_required(*STAFF)
def act_priority(reference: str):
    def apply(req, form):
        old, req.priority = req.priority, form.priority.data
        audit.record("priority", req.reference, old=old, new=req.priority)
        return f"Priority set to {PRIORITIES[req.priority]}."

    return _action(reference, "priority_form", PriorityForm, apply)


@bp.post("/requests/<reference>/note")
@role_required(*STAFF)
def act_note(reference: str):
    def apply(req, form):
        db.session.add(Message(request=req, kind="note", body=form.note.data, author_id=current_user.id))
        audit.record("note", req.reference)
        return "Internal note added. The requester cannot see it."

    return _action(reference, "note_form", NoteForm, apply)


@bp.post("/requests/<reference>/reply")
@role_required(*STAFF)
def act_reply(reference: str):
    def apply(req, form):
        db.session.add(Message(request=req, kind="reply", body=form.reply.data, author_id=current_user.id))
        audit.record("reply", req.reference)
        mail.notify_reply(req)
        return "Public reply posted. The requester can see it on their status page."

    return _action(reference, "reply_form", ReplyForm, apply)


@bp.post("/requests/<reference>/due")
@role_required(*STAFF)
def act_due(reference: str):
    def apply(req, form):
        new, today = form.due_date.data, _today()
        if new and new < today and new != req.due_date:  # (an earlier date already set may stay)
            abort(_bad_field(req, "due_form", form, form.due_date,
                             f"The due date must be today ({today:%-d %B %Y}) or later: "
                             f"{new:%-d %B %Y} has passed"))
        old, req.due_date = req.due_date, new
        audit.record("due_date", req.reference, old=old, new=req.due_date)
        return f"Due date set to {req.due_date:%-d %B %Y}." if req.due_date else "Due date removed."

    return _action(reference, "due_form", DueForm, apply)


@bp.post("/requests/<reference>/hold")
@role_required("admin")
def act_hold(reference: str):
    def apply(req, form):
        req.legal_hold = bool(form.legal_hold.data)
        audit.record("legal_hold", req.reference, on=req.legal_hold)
        return "Legal hold placed." if req.legal_hold else "Legal hold lifted."

    return _action(reference, "hold_form", HoldForm, apply)


ACTION_FORMS = {
    "coordinator.act_status": ("status_form", StatusForm),
    "coordinator.act_assign": ("assign_form", AssignForm),
    "coordinator.act_priority": ("priority_form", PriorityForm),
    "coordinator.act_note": ("note_form", NoteForm),
    "coordinator.act_reply": ("reply_form", ReplyForm),
    "coordinator.act_due": ("due_form", DueForm),
    "coordinator.act_hold": ("hold_form", HoldForm),
    "coordinator.act_criteria": ("criteria_form", CriteriaForm),
}


def expired_action():
    """CSRF failure on an action: the request page again, with what was typed kept."""
    if not current_user.is_authenticated:  # signed out in another tab: keep it for after signing in
        return drafts.keep_and_sign_in()
    req = _get(request.view_args.get("reference", ""))
    if request.endpoint not in ACTION_FORMS:  # a button without fields (scan again): nothing to keep
        return render_detail(req, notice="expired", status=400)
    key, form_cls = ACTION_FORMS[request.endpoint]
    form = form_cls(formdata=request.form, meta={"csrf": False})
    forms = _forms(req)
    if key == "assign_form":
        form.assignee.choices = _assign_choices()
    forms[key] = form
    return render_detail(req, forms, notice="expired", status=400, shown=_typed_shown(key, request.form))
