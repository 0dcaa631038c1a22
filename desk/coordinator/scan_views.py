"""The request page's scan evidence: scan again, the full report (coordinators only),
and the criteria the coordinator records, pre-filled from the findings."""
from __future__ import annotations

import base64
import hashlib
import re

from flask import Response, abort, flash, redirect

from .. import audit
from ..auth.views import role_required
from ..extensions import db
from ..scans import Scan, queue_scan
from ..scans.evidence import evidence, named
from ..scans.forms import CriteriaForm, parse_criteria
from ..scans.model import SCAN_STATUSES
from . import bp
from .views import STAFF, _action, _get

_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def report_csp(html: str) -> str:
    """The scanner's report carries its styles inline (it is one self-contained file): allow
    exactly those by hash, nothing else, in a sandbox (it shows markup copied from the page)."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(m.encode()).digest()).decode()}'"
                      for m in _STYLE.findall(html)) or "'none'"
    return (f"default-src 'none'; style-src {hashes}; img-src data:; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'; sandbox")


def scan_context(req) -> dict:
    """What detail.html needs to show the latest scan and its history."""
    scans = list(req.scans)
    latest = scans[-1] if scans else None
    return {
        "scans": scans,
        "scan": latest,
        "scan_evidence": evidence(latest) if latest is not None else None,
        "scan_statuses": SCAN_STATUSES,
        "recorded_criteria": named(c for c in req.criteria.split(",") if c),
    }


def criteria_form(req) -> CriteriaForm:
    """Pre-filled with what the coordinator recorded, or else with the latest scan's failing criteria."""
    recorded = [c for c in req.criteria.split(",") if c]
    if not recorded:
        done = [s for s in req.scans if s.status == "done"]
        recorded = done[-1].criteria_list() if done else []
    return CriteriaForm(formdata=None, criteria=", ".join(recorded))


@bp.post("/requests/<reference>/scan")
@role_required(*STAFF)
def act_scan(reference: str):
    req = _get(reference)
    if not req.url:
        flash("This request names no web address, so there is nothing to scan.", "scan-error")
    elif any(not s.finished for s in req.scans):
        flash("A scan of this page is already waiting or running.", "scan-error")
    else:
        scan = queue_scan(req)
        audit.record("scan", req.reference, status=scan.status)
        db.session.commit()
        if scan.status == "not_scanned":
            flash(f"The page was not scanned: {scan.reason}.", "scan-error")
        else:
            flash("A new scan of the page is queued. This page shows it when it is done.", "scan-success")
    # No #fragment: the outcome, in the scan section, takes focus on arrival (autofocus), which
    # brings it into view (a fragment would put the focus on its target instead).
    from .views import detail_url

    return redirect(detail_url(req))


@bp.post("/requests/<reference>/criteria")
@role_required(*STAFF)
def act_criteria(reference: str):
    def apply(req, form):
        nums = list(dict.fromkeys(parse_criteria(form.criteria.data or "")))
        req.criteria = "," + ",".join(nums) + "," if nums else ""
        audit.record("criteria", req.reference, criteria=nums)
        return f"Criteria recorded: {', '.join(nums)}." if nums else "Criteria cleared."

    return _action(reference, "criteria_form", CriteriaForm, apply)


@bp.get("/requests/<reference>/scans/<int:scan_id>/report.html")
@role_required(*STAFF)
def scan_report(reference: str, scan_id: int):
    req = _get(reference)
    scan = db.session.get(Scan, scan_id)
    if scan is None or scan.request_id != req.id or not scan.report_html:
        abort(404)
    return Response(scan.report_html, mimetype="text/html",
                    headers={"Content-Security-Policy": report_csp(scan.report_html)})
