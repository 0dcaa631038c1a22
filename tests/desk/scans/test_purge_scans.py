"""The records schedule covers scans: a purged request's scan results, report and jobs are
destroyed with it, unreadably (the marker is searched for in the database file's bytes)."""
from __future__ import annotations

import datetime as dt

import pytest

from a11y.serve import serve_directory
from desk import create_app, jobs
from desk.extensions import db
from desk.models import HelpRequest
from desk.scans import Scan, queue_scan

from ..conftest import test_config

pytestmark = pytest.mark.browser

PAGE = ("<!doctype html><html lang='en'><head><title>Forms</title></head><body><main><h1>Forms</h1>"
        "<img src='ZQXSCANMARKER.png'></main></body></html>")


def test_purge_destroys_scan_results_and_reports(tmp_path, template_db):
    import shutil

    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    app = create_app(test_config(tmp_path, DESK_SCAN_HOSTS="127.0.0.1",
                                 DESK_QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}"))
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(PAGE)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with serve_directory(site) as url, app.app_context():
        req = HelpRequest(nature="ZQXPURGEDREQUEST", url=url, preferred_format="web_page", contact_method="phone",
                          phone="202-555-0199", token_hash="0" * 64, nonce_hash="1" * 64, status="closed",
                          ack_due=now.date(), closed_at=now - dt.timedelta(days=400))
        db.session.add(req)
        db.session.commit()
        req.reference = f"A11Y-{now.year}-{req.id:06d}"
        db.session.commit()
        scan = queue_scan(req)
        jobs.run_job(scan.job_id)  # the real handler, in this process: a scan in Chromium
        db.session.expire_all()
        scan = db.session.get(Scan, scan.id)
        assert scan.status == "done"
        assert "ZQXSCANMARKER" in scan.results_json and "ZQXSCANMARKER" in scan.report_html
    result = app.test_cli_runner().invoke(args=["purge-expired", "--older-than-days", "30"])
    assert "Destroyed 1 request(s)" in result.output, result.output
    with app.app_context():
        assert (Scan.query.count(), jobs.Job.query.count(), HelpRequest.query.count()) == (0, 0, 0)
        db.engine.dispose()
    raw = (tmp_path / "desk.sqlite3").read_bytes()
    assert b"ZQXSCANMARKER" not in raw and b"ZQXPURGEDREQUEST" not in raw
