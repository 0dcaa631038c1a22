"""Real worker processes for the queue tests: `flask --app desk worker` with the test's settings.

A worker is started in a session of its own, so that killing it (SIGKILL included) takes
its Chromium along, as an out-of-memory kill of a container would.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from desk import jobs
from desk.extensions import db
from desk.scans import Scan

from .conftest import Public, make_app

FLASK = str(Path(sys.executable).with_name("flask"))
# Generous: the machine is shared and a scan starts a Chromium. Polls return as soon as the
# event happens; this only bounds a test that would otherwise hang.
LIMIT = 300.0


def settings(tmp_path: Path, queue_url: str | None = None, **extra) -> dict:
    """The desk's settings for an app in the test and its workers (as DESK_* variables)."""
    out = {
        "DESK_ENV": "development",
        "DESK_DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}",
        "DESK_QUEUE_URL": queue_url or f"sqlite:///{tmp_path / 'queue.sqlite3'}",
        "DESK_OUTBOX": str(tmp_path / "outbox"),
        "DESK_JOB_LEASE_SECONDS": "4",
        "DESK_JOB_REAP_SECONDS": "1",
        "DESK_JOB_RETRY_SECONDS": "1",
        "DESK_SCAN_HOSTS": "127.0.0.1",
    }
    out.update({k: str(v) for k, v in extra.items()})
    return out


def app_config(env: dict) -> dict:
    """The same settings as create_app's test_config (what the workers read from the environment)."""
    ints = ("DESK_JOB_LEASE_SECONDS", "DESK_JOB_REAP_SECONDS", "DESK_JOB_RETRY_SECONDS", "DESK_MAIL_SMTP_PORT")
    cfg = {k: (int(v) if k in ints else v) for k, v in env.items() if k not in ("DESK_ENV", "DESK_DATABASE_URL")}
    if "DESK_MAIL_SMTP_STARTTLS" in cfg:
        cfg["DESK_MAIL_SMTP_STARTTLS"] = cfg["DESK_MAIL_SMTP_STARTTLS"] != "0"
    cfg["SQLALCHEMY_DATABASE_URI"] = env["DESK_DATABASE_URL"]
    return cfg


class Worker:
    def __init__(self, env: dict, log: Path):
        self.log = log
        self.proc = subprocess.Popen(
            [FLASK, "--app", "desk", "worker"], env={**os.environ, **env}, stdout=log.open("ab"),
            stderr=subprocess.STDOUT, start_new_session=True,
        )

    def kill(self) -> None:
        """SIGKILL the worker and its Chromium: no chance to finish or clean up."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()
        try:  # anything it left behind (a Chromium)
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def wait_until(predicate, what: str, limit: float = LIMIT, log: Path | None = None):
    """Poll predicate until it returns something true; fail after limit seconds, with the worker log."""
    deadline = time.monotonic() + limit
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise AssertionError(f"timed out waiting for {what}\n{tail}")
        time.sleep(0.2)


class Desk:
    """The desk app in this test, and worker processes with the same settings."""

    def __init__(self, tmp_path, queue_url=None, **extra):
        self.tmp_path = tmp_path
        self.env = settings(tmp_path, queue_url, **extra)
        self.app = make_app(tmp_path, **app_config(self.env))
        self.client = self.app.test_client()
        self.workers: list[Worker] = []
        self.log = tmp_path / "workers.log"

    def submit(self, url: str) -> str:
        resp = Public(self.client).submit(url=url)
        assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
        with self.app.app_context():
            scan = Scan.query.order_by(Scan.id.desc()).first()
            return scan.id if scan else None

    def worker(self) -> Worker:
        w = Worker(self.env, self.log)
        self.workers.append(w)
        return w

    def scan(self, scan_id: int) -> Scan:
        with self.app.app_context():
            scan = db.session.get(Scan, scan_id)
            db.session.expunge(scan)
            return scan

    def latest_scan(self, scan_id: int) -> Scan:
        """The newest scan of the request that scan_id belongs to."""
        with self.app.app_context():
            scan = db.session.get(Scan, scan_id)
            latest = Scan.query.filter_by(request_id=scan.request_id).order_by(Scan.id.desc()).first()
            db.session.expunge(latest)
            return latest

    def job(self, job_id: int) -> jobs.Job:
        with self.app.app_context():
            job = db.session.get(jobs.Job, job_id)
            db.session.expunge(job)
            return job

    def wait_scan(self, scan_id: int) -> Scan:
        """The scan once it and its job are finished (the job's row is closed just after the scan's)."""
        def finished():
            scan = self.scan(scan_id)
            return scan.finished and self.job(scan.job_id).state in ("done", "failed") and scan

        return wait_until(finished, f"scan {scan_id} to finish", log=self.log)

    def health(self) -> dict:
        return self.client.get("/healthz").get_json()["queue"]

    def close(self):
        for w in self.workers:
            w.stop()
        with self.app.app_context():
            db.engine.dispose()
