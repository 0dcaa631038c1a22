"""Scans of reported pages: queued when a request names a page, run by a worker.

A request whose page is not on DESK_SCAN_HOSTS (or names no fetchable address) gets
a scan row that says it was not scanned and why; nothing is fetched for it.
"""
from __future__ import annotations

import json

from flask import current_app

from .. import jobs
from ..extensions import db
from ..models import HelpRequest, utcnow
from .hosts import AllowList, host_refusal
from .model import Scan
from .reasons import http_reason

__all__ = ["Scan", "queue_scan", "scan_url_of"]


def scan_url_of(req: HelpRequest) -> str:
    """The address to scan: what the requester typed, with https:// if they left it out."""
    url = (req.url or "").strip()
    if url and "://" not in url:
        url = "https://" + url
    return url


def allow_list() -> AllowList:
    return AllowList.parse(current_app.config["DESK_SCAN_HOSTS"])


def queue_scan(req: HelpRequest) -> Scan | None:
    """Queue a scan of the request's page (or record why it is not scanned); None without a URL."""
    url = scan_url_of(req)
    if not url:
        return None
    scan = Scan(request_id=req.id, url=url, standard=current_app.config["DESK_SCAN_STANDARD"])
    first = Scan.query.filter_by(request_id=req.id, status="done").order_by(Scan.id).first()
    scan.compared_to_id = first.id if first else None
    reason = host_refusal(url, allow_list())
    if reason:
        scan.status, scan.reason, scan.finished_at = "not_scanned", reason, utcnow()
        db.session.add(scan)
        db.session.commit()
        return scan
    db.session.add(scan)
    db.session.commit()
    job = jobs.enqueue("scan", request_id=req.id, payload=json.dumps({"scan": scan.id}), max_attempts=3)
    scan.job_id = job.id
    db.session.commit()
    return scan


def _scan_of(job: jobs.Job) -> Scan | None:
    return db.session.get(Scan, json.loads(job.payload)["scan"])


@jobs.handler("scan")
def run_scan(job: jobs.Job) -> None:
    from .record import record_results
    from .scanning import Guard, scan_page

    scan = _scan_of(job)
    if scan is None:
        return  # its request was purged meanwhile
    scan.status, scan.started_at, scan.job_id = "running", utcnow(), job.id
    db.session.commit()
    allow = allow_list()
    reason = host_refusal(scan.url, allow)  # the list may have changed since it was queued
    if reason:
        _finish(scan, "not_scanned", reason)
        return
    guard = Guard(allow)
    results = scan_page(scan.url, scan.standard, guard, float(current_app.config["DESK_SCAN_TIMEOUT"]))
    page = results.pages[0] if results.pages else None
    refused = guard.page_refusal()
    if refused:
        _finish(scan, "not_scanned", refused)
    elif page is None or page.status != "scanned":
        _finish(scan, "error", (page.reason if page else None) or "the scan produced no page")
    elif (page.http_status or 0) >= 400:
        # The scanner checks an error page like any other; what it found is not the reported page.
        _finish(scan, "error", http_reason(page.http_status))
    else:
        record_results(scan, results)
        _finish(scan, "done", guard.resource_refusals())


def _finish(scan: Scan, status: str, reason: str) -> None:
    scan.status, scan.reason, scan.finished_at = status, reason, utcnow()
    db.session.commit()


@jobs.on_failed("scan")
def scan_failed(job: jobs.Job) -> None:
    scan = _scan_of(job)
    if scan is not None and not scan.finished:
        scan.status, scan.finished_at = "failed", utcnow()
        scan.reason = f"the scan failed {job.attempts} time(s); last error: {job.last_error}"
