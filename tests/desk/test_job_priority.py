"""Mail goes before scans: a requester waits for their acknowledgement, a scan can wait.

On the queue's real storage (SQLite Huey, and Redis when there is a redis-server): a mail job
queued after a scan job is taken first; a new request queues its mail before its scan; and a
worker held by one slow page sends the mail of the requests that came meanwhile before it
scans their pages.
"""
from __future__ import annotations

import datetime as dt

import pytest

from desk import create_app, jobs, mail
from desk.extensions import db
from desk.models import HelpRequest
from desk.scans import queue_scan

from .conftest import Public, test_config
from .test_worker import queue_url, site  # noqa: F401 - queue_url: the SQLite and Redis storages
from .workers import Desk, wait_until


@pytest.fixture
def app(tmp_path, template_db, queue_url):  # noqa: F811 - the fixture
    import shutil

    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    app = create_app(test_config(tmp_path, DESK_SCAN_HOSTS="127.0.0.1",
                                 DESK_QUEUE_URL=queue_url or f"sqlite:///{tmp_path / 'queue.sqlite3'}"))
    with app.app_context():
        yield app
        db.engine.dispose()


def _request(n: int = 1) -> HelpRequest:
    req = HelpRequest(reference=f"A11Y-2026-{n:06d}", nature="n", url="http://127.0.0.1:9/page",
                      preferred_format="web_page", contact_method="email", email="alex@example.com",
                      token_hash="0" * 64, nonce_hash=f"{n}" * 64, ack_due=dt.date(2026, 12, 8))
    db.session.add(req)
    db.session.commit()
    return req


def _waiting(huey) -> list[int]:
    """The job ids of the messages in the queue, in the order a worker takes them."""
    out = []
    while (task := huey.dequeue()) is not None:
        out.append(task.args[0])
    return out


def test_a_mail_job_queued_after_a_scan_job_is_taken_first(app):
    req = _request()
    scan_job = queue_scan(req).job_id
    assert mail.send_safely([req.email], "We received your request", "body", req.reference) == "queued"
    mail_job = jobs.Job.query.filter_by(kind="mail").one().id
    assert scan_job < mail_job
    assert _waiting(jobs.queue()) == [mail_job, scan_job]


def test_sent_again_a_mail_job_keeps_its_place(app):
    """The reaper and a retry send a job's message again: by its kind, mail still goes first."""
    req = _request()
    scan_job = db.session.get(jobs.Job, queue_scan(req).job_id)
    mail.send_safely([req.email], "We received your request", "body", req.reference)
    mail_job = jobs.Job.query.filter_by(kind="mail").one()
    huey = jobs.queue()
    _waiting(huey)  # the first messages were lost (Redis restarted, say)
    assert jobs._send(scan_job) and jobs._send(mail_job)
    assert _waiting(huey) == [mail_job.id, scan_job.id]


def test_a_new_request_queues_its_mail_before_its_scan(app):
    Public(app.test_client()).submit(url="http://127.0.0.1:9/page")
    kinds = [j.kind for j in jobs.Job.query.order_by(jobs.Job.id)]
    assert kinds == ["mail", "mail", "scan"]  # the acknowledgement, the coordinators' alert, the scan


@pytest.mark.browser
def test_a_worker_held_by_a_slow_page_mails_later_requests_before_scanning_them(tmp_path, queue_url):  # noqa: F811
    # A long page timeout: the first scan holds the worker until the test lets its page answer.
    desk = Desk(tmp_path, queue_url, DESK_SCAN_TIMEOUT=600)
    try:
        with site() as agency:
            desk.worker()
            Public(desk.client).submit(url=agency.url + "/hold", nature="Request 1: the slow page")
            wait_until(agency.held.is_set, "the worker to be held by the first scan", log=desk.log)
            for n in (2, 3):
                resp = Public(desk.client).submit(url=agency.url + "/", nature=f"Request {n}: a page")
                assert resp.status_code == 200
            agency.release.set()

            def all_done():
                with desk.app.app_context():
                    rows = jobs.Job.query.order_by(jobs.Job.id).all()
                    for r in rows:
                        db.session.expunge(r)
                return rows if len(rows) == 9 and all(r.state == "done" for r in rows) else None

            rows = wait_until(all_done, "every job to be done", log=desk.log)
        with desk.app.app_context():
            first = HelpRequest.query.filter(HelpRequest.nature.startswith("Request 1")).one().id
        later = [r for r in rows if r.request_id != first]
        mails = [r.started_at for r in later if r.kind == "mail"]
        scans = [r.started_at for r in later if r.kind == "scan"]
        assert (len(mails), len(scans)) == (4, 2)
        # One worker, one job at a time: every mail of requests 2 and 3 ran before either scan.
        assert max(mails) < min(scans)
    finally:
        desk.close()
