"""The job rows on a real SQLite database, without a worker: one claim wins, leases expire
into the queue again, a job out of attempts fails (and says so on its scan), back-off grows."""
from __future__ import annotations

import datetime as dt

import pytest

from desk import create_app, jobs
from desk.extensions import db
from desk.models import HelpRequest, utcnow
from desk.scans import Scan, queue_scan

from .conftest import test_config


@pytest.fixture
def app(tmp_path, template_db):
    import shutil

    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    app = create_app(test_config(tmp_path, DESK_SCAN_HOSTS="127.0.0.1", DESK_JOB_LEASE_SECONDS=60,
                                 DESK_JOB_RETRY_SECONDS=30,
                                 DESK_QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}"))
    with app.app_context():
        yield app
        db.engine.dispose()


def _scan_job() -> tuple[Scan, jobs.Job]:
    req = HelpRequest(reference="A11Y-2026-000001", nature="n", url="http://127.0.0.1:9/page", preferred_format="web_page",
                      contact_method="phone", token_hash="0" * 64, nonce_hash="1" * 64, ack_due=dt.date.today())
    db.session.add(req)
    db.session.commit()
    scan = queue_scan(req)
    return scan, db.session.get(jobs.Job, scan.job_id)


def test_only_one_claim_wins(app):
    _, job = _scan_job()
    assert jobs.claim(job.id, "worker-a") is True
    assert jobs.claim(job.id, "worker-b") is False
    db.session.refresh(job)
    assert (job.state, job.attempts, job.lease_owner) == ("running", 1, "worker-a")


def test_an_expired_lease_goes_back_to_the_queue_and_can_be_claimed_again(app):
    _, job = _scan_job()
    assert jobs.claim(job.id, "worker-a")
    later = utcnow() + dt.timedelta(seconds=61)
    counts = jobs.reap(later)
    assert counts["requeued"] == 1
    db.session.refresh(job)
    assert (job.state, job.lease_owner) == ("queued", None)
    assert "the worker stopped during attempt 1" in job.last_error
    assert jobs.claim(job.id, "worker-b")
    db.session.refresh(job)
    assert (job.attempts, job.lease_owner) == (2, "worker-b")


def test_a_lease_that_is_still_held_is_not_reaped(app):
    _, job = _scan_job()
    assert jobs.claim(job.id, "worker-a")
    assert jobs.reap()["requeued"] == 0
    db.session.refresh(job)
    assert job.state == "running"


def test_a_job_out_of_attempts_fails_and_its_scan_says_why(app):
    scan, job = _scan_job()
    for n in range(job.max_attempts):
        assert jobs.claim(job.id, f"worker-{n}")
        jobs.reap(utcnow() + dt.timedelta(seconds=61 * (n + 1)))
    db.session.refresh(job)
    db.session.refresh(scan)
    assert (job.state, job.attempts) == ("failed", 3)
    assert (scan.status, scan.finished) == ("failed", True)
    assert scan.reason == ("the scan failed 3 time(s); last error: the worker stopped during attempt 3 "
                           "(its lease expired)")
    assert jobs.claim(job.id, "worker-x") is False
    assert jobs.state()["failed"] == 1


def test_backoff_doubles_up_to_an_hour(app):
    assert [jobs.backoff(n) for n in (1, 2, 3)] == [30, 60, 120]
    assert jobs.backoff(20) == 3600


def test_a_message_that_waited_a_lease_is_sent_again(app):
    _, job = _scan_job()
    assert jobs.reap()["resent"] == 0  # just sent
    assert jobs.reap(utcnow() + dt.timedelta(seconds=61))["resent"] == 1


def test_state_holds_counts_and_ages_only(app):
    _scan_job()
    state = jobs.state(utcnow() + dt.timedelta(seconds=30))
    assert state == {"waiting": 1, "running": 0, "failed": 0, "oldest_waiting_seconds": 30, "workers_seen": 0}


def test_unknown_queue_url_stops_the_desk_with_the_fix(tmp_path):
    with pytest.raises(SystemExit, match="DESK_QUEUE_URL 'amqp://x' is not a queue the desk knows: use redis://"):
        create_app(test_config(tmp_path, DESK_QUEUE_URL="amqp://x"))


def test_coordinators_are_told_when_jobs_wait_and_no_worker_runs(app):
    _scan_job()
    assert jobs.delay_notice() is None  # just queued: a worker has not had a chance yet
    later = utcnow() + dt.timedelta(minutes=5)
    assert jobs.delay_notice(later) == (
        "Scans and e-mail are delayed: jobs have waited 5 minutes and no worker is running. "
        "Start one with “flask --app desk worker”.")
    jobs.seen("host:1234")  # a worker's sign of life
    assert jobs.delay_notice(utcnow() + dt.timedelta(seconds=30)) is None


def test_the_notice_is_on_coordinator_pages_only(app, tmp_path):
    from .conftest import AuthActions

    _, job = _scan_job()
    job.run_after = utcnow() - dt.timedelta(minutes=10)
    db.session.commit()
    client = app.test_client()
    assert "no worker is running" not in client.get("/").get_data(as_text=True)
    AuthActions(client).login()
    page = client.get("/coordinator/").get_data(as_text=True)
    assert '<div class="notification notification--warning" id="queue-delay">\n  <p>Scans of reported pages and ' \
           'e-mails to requesters are delayed: the desk&#39;s background worker' in page
    # The command is for the administrator, under the details.
    assert "Details for the desk's administrator</summary>" \
           '\n    <p>Scans and e-mail are delayed: jobs have ' \
           'waited 10 minutes and no worker is running.' in page
