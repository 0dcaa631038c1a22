"""The queue's filters, shared by the page and the CSV export."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select

from ..extensions import db
from ..models import FINISHED, FORMATS, STATUSES, HelpRequest, User
from ..scans.evidence import known_criterion
from ..scans.model import Scan
from ..text import clean_line

_USER_ID = re.compile(r"[1-9][0-9]{0,17}")  # ASCII digits that fit a 64-bit integer


@dataclass
class Filters:
    status: str = ""
    assignee: str = ""  # a user id, "none" for unassigned, "" for anyone
    preferred_format: str = ""
    overdue: bool = False
    q: str = ""
    criterion: str = ""  # a WCAG criterion: recorded by a coordinator, or failing in the latest scan
    scan_failures: bool = False  # the latest scan of the reported page found failures
    # What was typed in the criterion box when it is not a criterion, and the message about it:
    # shown on the filter, never applied or passed on.
    criterion_typed: str = ""
    criterion_error: str = ""

    @classmethod
    def from_args(cls, args) -> Filters:
        status = args.get("status", "")
        fmt = args.get("preferred_format", "")
        assignee = args.get("assignee", "")
        criterion = clean_line(args.get("criterion", ""))[:40]
        error = ""
        if criterion and not known_criterion(criterion):
            error = (f"“{criterion}” is not a WCAG success criterion number: enter one like 1.4.3, "
                     "or leave the box empty")
        return cls(
            status=status if status in STATUSES else "",
            assignee=assignee if assignee == "none" or _known_user(assignee) else "",
            preferred_format=fmt if fmt in FORMATS else "",
            overdue=args.get("overdue") == "1",
            q=clean_line(args.get("q", ""))[:200],
            criterion="" if error else criterion,
            scan_failures=args.get("scan_failures") == "1",
            criterion_typed=criterion if error else "",
            criterion_error=error,
        )

    def as_args(self) -> dict:
        flags = ("overdue", "scan_failures")
        out = {k: v for k, v in vars(self).items()
               if v and k not in flags and k not in ("criterion_typed", "criterion_error")}
        out.update({k: "1" for k in flags if getattr(self, k)})
        return out


def _known_user(value: str) -> bool:
    """An account the "Assigned to" list offers: an active user's id. Anything else (a number too
    large for the database, another script's digits, an account that is gone) is not applied, as
    the list shows: "Anyone"."""
    if not _USER_ID.fullmatch(value):
        return False
    user = db.session.get(User, int(value))
    return user is not None and user.active


def overdue_clause(today: dt.date):
    return and_(
        HelpRequest.status.notin_(FINISHED),
        or_(
            and_(HelpRequest.due_date.isnot(None), HelpRequest.due_date < today),
            and_(HelpRequest.status == "new", HelpRequest.ack_due < today),
        ),
    )


def latest_scan_clause(condition):
    """The request's latest completed scan meets condition."""
    latest = (select(func.max(Scan.id)).where(Scan.request_id == HelpRequest.id, Scan.status == "done")
              .correlate(HelpRequest).scalar_subquery())
    return exists().where(Scan.id == latest, condition)


def filtered(f: Filters, today: dt.date):
    query = HelpRequest.query
    if f.status:
        query = query.filter(HelpRequest.status == f.status)
    if f.assignee == "none":
        query = query.filter(HelpRequest.assignee_id.is_(None))
    elif f.assignee:
        query = query.filter(HelpRequest.assignee_id == int(f.assignee))
    if f.preferred_format:
        query = query.filter(HelpRequest.preferred_format == f.preferred_format)
    if f.overdue:
        query = query.filter(overdue_clause(today))
    if f.criterion:
        pattern = f"%,{f.criterion},%"
        query = query.filter(or_(HelpRequest.criteria.like(pattern), latest_scan_clause(Scan.criteria.like(pattern))))
    if f.scan_failures:
        query = query.filter(latest_scan_clause(Scan.failing_elements > 0))
    if f.q:
        # Escape LIKE wildcards so a search for "50%" means the text "50%".
        pattern = "%" + f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.filter(
            or_(
                *(
                    col.ilike(pattern, escape="\\")
                    for col in (
                        HelpRequest.reference,
                        HelpRequest.nature,
                        HelpRequest.url,
                        HelpRequest.name,
                        HelpRequest.email,
                    )
                )
            )
        )
    return query.order_by(HelpRequest.created_at.desc(), HelpRequest.id.desc())
