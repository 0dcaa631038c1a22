"""The job queue with real worker processes (`flask --app desk worker`), on SQLite and on Redis:
requests wait without a worker, a worker scans the reported page, a worker killed with SIGKILL
mid-scan loses nothing (the job runs again after its lease), a message sent twice runs once,
and with Redis away the desk keeps accepting requests whose jobs run once it is back."""
from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from desk import jobs
from desk.extensions import db

from .conftest import AuthActions
from .queues import free_port, running_redis
from .workers import Desk, wait_until

pytestmark = pytest.mark.browser

# An image without a text alternative: axe's image-alt, WCAG 1.1.1.
PAGE = (b"<!doctype html><html lang='en'><head><title>Benefits</title></head><body><main>"
        b"<h1>Benefits</h1><img src='chart.png'></main></body></html>")


class Site(ThreadingHTTPServer):
    """The agency's page on loopback. /hold answers only once `release` is set."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.release = threading.Event()
        self.held = threading.Event()

    def handle_error(self, request, client_address):
        pass  # a browser killed mid-request: nothing to report

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/hold"):
            self.server.held.set()
            self.server.release.wait(LIMIT_HOLD)
        body = PAGE if self.path.split("?")[0] in ("/", "/hold") else b""
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


LIMIT_HOLD = 300


@contextmanager
def site():
    server = Site()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()


@pytest.fixture(params=["sqlite", "redis"])
def queue_url(request, tmp_path):
    if request.param == "sqlite":
        yield None
        return
    with running_redis(tmp_path / "redis") as url:
        yield url


@pytest.fixture
def desk(tmp_path, queue_url):
    d = Desk(tmp_path, queue_url)
    yield d
    d.close()


def test_a_request_waits_for_a_worker_then_its_page_is_scanned(desk):
    with site() as agency:
        scan_id = desk.submit(agency.url + "/")
        scan = desk.scan(scan_id)
        assert scan.status == "queued"
        # The scan, the requester's acknowledgement and the coordinators' alert.
        assert desk.health()["waiting"] == 3 and desk.health()["workers_seen"] == 0
        desk.worker()
        scan = desk.wait_scan(scan_id)
        assert (scan.status, scan.reason) == ("done", "")
        assert scan.criteria_list() == ["1.1.1"]
        assert scan.failing_elements == 1
        assert 'src=\\"chart.png' in scan.results_json
        assert "<html" in scan.report_html
        job = desk.job(scan.job_id)
        assert (job.state, job.attempts, job.last_error) == ("done", 1, "")
        # The two messages were queued after the scan: they go next.
        wait_until(lambda: desk.health()["waiting"] + desk.health()["running"] == 0, "the mail to be sent",
                   log=desk.log)
        health = desk.health()
        assert (health["waiting"], health["running"], health["failed"]) == (0, 0, 0)
        assert health["workers_seen"] == 1


def test_a_worker_killed_mid_scan_loses_nothing(desk):
    with site() as agency:
        scan_id = desk.submit(agency.url + "/hold")
        first = desk.worker()
        wait_until(agency.held.is_set, "the worker's browser to ask for the page", log=desk.log)
        job_id = desk.scan(scan_id).job_id
        assert desk.job(job_id).state == "running"
        first.kill()
        assert desk.job(job_id).state == "running"  # nobody said otherwise: the lease will
        agency.release.set()
        desk.worker()
        scan = desk.wait_scan(scan_id)
        assert (scan.status, scan.criteria_list()) == ("done", ["1.1.1"])
        job = desk.job(job_id)
        assert (job.state, job.attempts, job.last_error) == ("done", 2, "")


def test_a_message_sent_twice_runs_the_job_once(desk):
    with site() as agency:
        scan_id = desk.submit(agency.url + "/")
        with desk.app.app_context():
            job = db.session.get(jobs.Job, desk.scan(scan_id).job_id)
            assert jobs._send(job) and jobs._send(job)  # three messages for one job
        desk.worker()
        scan = desk.wait_scan(scan_id)
        assert scan.status == "done"
        wait_until(lambda: desk.health()["waiting"] == 0, "the queue to be empty", log=desk.log)
        assert desk.job(scan.job_id).attempts == 1


def test_redis_away_the_desk_accepts_requests_and_their_jobs_run_later(tmp_path):
    port = free_port()
    d = Desk(tmp_path, f"redis://127.0.0.1:{port}/0")
    try:
        with site() as agency:
            scan_id = d.submit(agency.url + "/")  # nothing listens on that port yet
            job = d.job(d.scan(scan_id).job_id)
            assert (job.state, job.sent_at) == ("queued", None)
            assert "delayed" in d.client.get("/healthz").get_json()["queue"]
            AuthActions(d.client).login()
            assert "the job queue could not be reached" in d.client.get("/coordinator/").get_data(as_text=True)
            with running_redis(tmp_path / "redis", port):
                d.worker()
                scan = d.wait_scan(scan_id)
                assert scan.status == "done"
                wait_until(lambda: "delayed" not in d.health(), "the reaper to hand every job to Redis",
                           log=d.log)
                assert 'id="queue-delay"' not in d.client.get("/coordinator/").get_data(as_text=True)
    finally:
        d.close()


def test_scan_payload_names_the_scan_only(desk):
    """What goes through the queue's storage holds ids, not the requester's words."""
    with site() as agency:
        scan_id = desk.submit(agency.url + "/")
        job = desk.job(desk.scan(scan_id).job_id)
        assert json.loads(job.payload) == {"scan": scan_id}
