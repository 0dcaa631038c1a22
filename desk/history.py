"""The request page's History in the words the rest of the desk uses ("Status changed from New
to In progress", "Due date"), from the audit events' stored JSON (which keeps its raw values)."""
from __future__ import annotations

import datetime as dt
import json

from .audit import describe
from .models import PRIORITIES, STATUSES
from .scans.model import SCAN_STATUSES

WHAT = {
    "submitted": "Request received",
    "status": "Status",
    "assign": "Assignment",
    "priority": "Priority",
    "note": "Internal note",
    "reply": "Public reply",
    "due_date": "Due date",
    "legal_hold": "Legal hold",
    "scan": "Scan of the page",
    "criteria": "Criteria",
}


def _date(value) -> str:
    try:
        return f"{dt.date.fromisoformat(str(value)[:10]):%-d %B %Y}"
    except ValueError:
        return str(value)


def _changed(name: str, labels: dict, old, new) -> str:
    new_label = labels.get(new, new)
    if old in (None, "") or old == new:
        return f"{name} set to {new_label}"
    return f"{name} changed from {labels.get(old, old)} to {new_label}"


def what(action: str) -> str:
    return WHAT.get(action, action.replace("_", " ").capitalize())


def details(action: str, detail: str) -> str:
    try:
        data = json.loads(detail) if detail else {}
    except ValueError:
        return detail
    if action == "status":
        text = _changed("Status", STATUSES, data.get("old"), data.get("new"))
        return text + (f" of {data['duplicate_of']}" if data.get("duplicate_of") else "")
    if action == "priority":
        return _changed("Priority", PRIORITIES, data.get("old"), data.get("new"))
    if action == "assign":
        return f"Assigned to {data['assignee']}" if data.get("assignee") else "Unassigned"
    if action == "due_date":
        old, new = data.get("old"), data.get("new")
        if not new:
            return f"Due date {_date(old)} removed" if old else "Due date removed"
        return f"Due date changed from {_date(old)} to {_date(new)}" if old else f"Due date set to {_date(new)}"
    if action == "legal_hold":
        return "Legal hold placed" if data.get("on") else "Legal hold lifted"
    if action == "scan":
        return f"New scan asked for: {SCAN_STATUSES.get(data.get('status'), data.get('status', '')).lower()}"
    if action == "criteria":
        nums = data.get("criteria") or []
        return f"Criteria recorded: {', '.join(nums)}" if nums else "Criteria cleared"
    if action == "note":
        return "Internal note added"
    if action == "reply":
        return "Public reply posted"
    if action == "submitted":
        return ""
    return describe(detail)
