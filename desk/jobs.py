"""The job queue: Huey carries job ids; each job is also a row that says where it stands.

Huey does not acknowledge tasks: a message taken by a worker that is then killed is
gone. So every job is a row (queued, running, done, failed; attempts; a lease) and
the message only says "run job N". A worker claims the row with one conditional
UPDATE (so a job never runs twice at once), renews its lease while it works, and
`reap()` (run periodically by every worker, see worker.py) puts jobs whose lease
expired back in the queue and sends again the messages of jobs that waited too long
(a message lost with Redis, or never sent). Handlers must be idempotent.

Storage: SQLite in instance/ by default (DESK_QUEUE_URL unset or sqlite:///PATH),
Redis with DESK_QUEUE_URL=redis://HOST:PORT/DB. Messages hold job ids only, never
personal data.

Waiting jobs run by PRIORITY, then first in, first out: an acknowledgement someone is
waiting for goes before the scans queued ahead of it (one slow page holds a worker for
minutes).
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask, current_app
from sqlalchemy import and_, func, or_, update

from .extensions import db
from .models import utcnow

log = logging.getLogger("desk.jobs")

STATES = ("queued", "running", "done", "failed")
HANDLERS: dict[str, Callable[[Job], None]] = {}
# Higher runs first among the jobs waiting; kinds not named here are 0. By kind, so that a job
# keeps its place when it is sent again (a retry, the reaper).
PRIORITY = {"mail": 10}
MAX_ERROR = 500  # characters of the last error kept on the row


class JobFailed(Exception):
    """A handler's failure that another attempt would not change: the job ends as failed."""


class Job(db.Model):
    __tablename__ = "job"

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(20), nullable=False)
    # The request the job works for: its jobs are destroyed with it (records schedule).
    request_id = db.Column(db.Integer, db.ForeignKey("help_request.id", ondelete="CASCADE"), nullable=True,
                           index=True)
    payload = db.Column(db.Text, nullable=False, default="")
    state = db.Column(db.String(10), nullable=False, default="queued", index=True)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    max_attempts = db.Column(db.Integer, nullable=False, default=3)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    run_after = db.Column(db.DateTime, nullable=False, default=utcnow)  # back-off: not before then
    sent_at = db.Column(db.DateTime, nullable=True)  # when its message last went to Huey
    started_at = db.Column(db.DateTime, nullable=True)
    finished_at = db.Column(db.DateTime, nullable=True)
    lease_owner = db.Column(db.String(100), nullable=True)
    lease_expires = db.Column(db.DateTime, nullable=True)
    last_error = db.Column(db.Text, nullable=False, default="")


class WorkerSeen(db.Model):
    """Each worker's last sign of life, for /healthz (a host name and process id, no personal data)."""

    __tablename__ = "queue_worker"

    name = db.Column(db.String(100), primary_key=True)
    last_seen = db.Column(db.DateTime, nullable=False, default=utcnow)


def handler(kind: str):
    """Register the function that runs jobs of this kind."""
    def add(fn):
        HANDLERS[kind] = fn
        return fn
    return add


# --- Huey ----------------------------------------------------------------------

def _make_huey(app: Flask):
    from huey import PriorityRedisHuey, SqliteHuey

    url = app.config["DESK_QUEUE_URL"]
    scheme = urlsplit(url).scheme
    if scheme in ("redis", "rediss", "unix"):
        # Short socket timeouts: with Redis away, the web side must answer quickly.
        from redis import ConnectionPool

        pool = ConnectionPool.from_url(url, socket_timeout=5, socket_connect_timeout=3)
        # Priorities need a sorted set (Redis 5 or later). Its own name: the first-in-first-out
        # queue's key ("desk") is a list, and messages left there are sent again by reap().
        return PriorityRedisHuey("desk_priority", connection_pool=pool, results=False)
    if scheme == "sqlite":
        path = url[len("sqlite:///"):]
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        return SqliteHuey("desk", filename=path, results=False)
    raise ValueError(f"DESK_QUEUE_URL {url!r}: use redis://HOST:PORT/DB or sqlite:///PATH")


def queue(app: Flask | None = None):
    """The app's Huey (made on first use), with its one task: run a job by id."""
    app = app or current_app._get_current_object()
    huey = app.extensions.get("desk_huey")
    if huey is None:
        huey = _make_huey(app)

        @huey.task(name="desk.run_job")
        def run_job_task(job_id: int) -> None:
            with app.app_context():
                run_job(job_id)

        huey.desk_run_job = run_job_task
        app.extensions["desk_huey"] = huey
    return huey


def _send(job: Job) -> bool:
    """Hand the job's id to Huey. False if the queue's storage is unreachable: the row waits,
    and reap() sends it again."""
    delay = max(0.0, (job.run_after - utcnow()).total_seconds())
    priority = PRIORITY.get(job.kind, 0)
    try:
        task = queue().desk_run_job
        if delay:
            task.schedule(args=(job.id,), delay=delay, priority=priority)
        else:
            task(job.id, priority=priority)
    except Exception as exc:  # noqa: BLE001 - Redis away, disk full: the row keeps the job
        log.warning("job %s waits: the queue is unreachable (%s)", job.id, type(exc).__name__)
        db.session.execute(update(Job).where(Job.id == job.id).values(sent_at=None))
        db.session.commit()
        return False
    return True


def enqueue(kind: str, request_id: int | None = None, payload: str = "", max_attempts: int = 3,
            delay: float = 0) -> Job:
    """Store the job (committed, so a worker can see it) and send its message."""
    if kind not in HANDLERS:
        raise ValueError(f"no handler for jobs of kind {kind!r}")
    # sent_at is set before the message goes, so the reaper does not send it a second time meanwhile.
    job = Job(kind=kind, request_id=request_id, payload=payload, max_attempts=max_attempts,
              run_after=utcnow() + dt.timedelta(seconds=delay), sent_at=utcnow())
    db.session.add(job)
    db.session.commit()
    _send(job)
    return job


# --- running a job ---------------------------------------------------------------

def lease_seconds() -> float:
    return float(current_app.config["DESK_JOB_LEASE_SECONDS"])


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(job_id: int, owner: str) -> bool:
    """Take the job if nobody holds it: one UPDATE, so two workers cannot both win."""
    now = utcnow()
    lease = dt.timedelta(seconds=lease_seconds())
    result = db.session.execute(
        update(Job)
        # A little slack on run_after: Huey's clock may deliver a delayed message a moment early.
        .where(Job.id == job_id, Job.run_after <= now + dt.timedelta(seconds=2), Job.attempts < Job.max_attempts,
               or_(Job.state == "queued", and_(Job.state == "running", Job.lease_expires < now)))
        .values(state="running", attempts=Job.attempts + 1, lease_owner=owner, lease_expires=now + lease,
                started_at=now)
    )
    db.session.commit()
    return result.rowcount == 1


def _owned(job_id: int, owner: str):
    return and_(Job.id == job_id, Job.state == "running", Job.lease_owner == owner)


class _Lease:
    """Renews the job's lease while its handler runs, so only a dead worker loses it."""

    def __init__(self, app: Flask, job_id: int, owner: str):
        self.app, self.job_id, self.owner = app, job_id, owner
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._renew, name=f"lease-{job_id}", daemon=True)

    def _renew(self) -> None:
        with self.app.app_context():
            every = lease_seconds() / 3
            while not self.stop.wait(every):
                with db.engine.begin() as conn:
                    conn.execute(update(Job).where(_owned(self.job_id, self.owner))
                                 .values(lease_expires=utcnow() + dt.timedelta(seconds=lease_seconds())))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def _end(job_id: int, owner: str, **values) -> None:
    db.session.rollback()  # whatever the handler left half done
    db.session.execute(update(Job).where(_owned(job_id, owner)).values(lease_owner=None, lease_expires=None,
                                                                     **values))
    db.session.commit()


def backoff(attempts: int) -> float:
    """Seconds before the next attempt: the base, doubled after each failure, at most an hour."""
    return min(3600.0, float(current_app.config["DESK_JOB_RETRY_SECONDS"]) * 2 ** max(0, attempts - 1))


def run_job(job_id: int) -> None:
    owner = worker_name()
    if not claim(job_id, owner):
        return  # done already, held by another worker, or not due yet: nothing to do
    job = db.session.get(Job, job_id)
    try:
        with _Lease(current_app._get_current_object(), job_id, owner):
            HANDLERS[job.kind](job)
    except Exception as exc:  # noqa: BLE001 - a job's failure is recorded on its row
        error = (str(exc).strip() or type(exc).__name__)[:MAX_ERROR]
        log.warning("job %s (%s) attempt %s failed: %s", job_id, job.kind, job.attempts, type(exc).__name__)
        if isinstance(exc, JobFailed) or job.attempts >= job.max_attempts:
            _end(job_id, owner, state="failed", finished_at=utcnow(), last_error=error)
            _on_failed(job_id)
        else:
            _end(job_id, owner, state="queued", last_error=error, sent_at=utcnow(),
                 run_after=utcnow() + dt.timedelta(seconds=backoff(job.attempts)))
            _send(db.session.get(Job, job_id))
        return
    _end(job_id, owner, state="done", finished_at=utcnow(), last_error="")


FAILED_HOOKS: dict[str, Callable[[Job], None]] = {}


def on_failed(kind: str):
    """Register what to do when a job of this kind has failed for good (e.g. say so on its request)."""
    def add(fn):
        FAILED_HOOKS[kind] = fn
        return fn
    return add


def _on_failed(job_id: int) -> None:
    job = db.session.get(Job, job_id)
    hook = FAILED_HOOKS.get(job.kind)
    if hook:
        hook(job)
        db.session.commit()


# --- keeping the queue honest ------------------------------------------------------

def reap(now: dt.datetime | None = None) -> dict:
    """Re-queue jobs whose worker died (lease expired), fail those out of attempts, and send
    again the messages of queued jobs that are due and were not picked up within a lease."""
    now = now or utcnow()
    expired = Job.query.filter(Job.state == "running", Job.lease_expires < now).all()
    requeued = failed = 0
    for job in expired:
        done = job.attempts >= job.max_attempts
        values = dict(state="failed", finished_at=now) if done else dict(state="queued")
        result = db.session.execute(
            update(Job).where(Job.id == job.id, Job.state == "running", Job.lease_expires < now)
            .values(lease_owner=None, lease_expires=None,
                    last_error=f"the worker stopped during attempt {job.attempts} (its lease expired)", **values))
        db.session.commit()
        if result.rowcount == 1:
            if done:
                failed += 1
                _on_failed(job.id)
            else:
                requeued += 1
    stale = now - dt.timedelta(seconds=lease_seconds())
    waiting = Job.query.filter(Job.state == "queued", Job.run_after <= now,
                               or_(Job.sent_at.is_(None), Job.sent_at < stale)).all()
    for job in waiting:
        job.sent_at = now
    db.session.commit()
    resent = sum(_send(job) for job in waiting)
    return {"requeued": requeued, "failed": failed, "resent": resent}


def seen(name: str) -> None:
    row = db.session.get(WorkerSeen, name)
    if row is None:
        db.session.add(WorkerSeen(name=name, last_seen=utcnow()))
    else:
        row.last_seen = utcnow()
    db.session.commit()


def forget(name: str) -> None:
    db.session.query(WorkerSeen).filter_by(name=name).delete()
    db.session.commit()


def _recent(now: dt.datetime) -> dt.datetime:
    """Since when a worker counts as alive: three reaper rounds, and never less than a minute."""
    return now - dt.timedelta(seconds=max(60.0, 3 * float(current_app.config["DESK_JOB_REAP_SECONDS"])))


def _workers_seen(now: dt.datetime) -> int:
    return WorkerSeen.query.filter(WorkerSeen.last_seen >= _recent(now)).count()


def _unsent() -> int:
    """Jobs whose message could not be handed to the queue's storage (the reaper sends them again).
    Read from the database, so every web process and worker sees the same answer."""
    return Job.query.filter(Job.state == "queued", Job.sent_at.is_(None)).count()


def delay_notice(now: dt.datetime | None = None) -> str | None:
    """What the desk's administrator should know when background work is held up, or None."""
    held = delay(now)
    return held[1] if held else None


def delay(now: dt.datetime | None = None) -> tuple[str, str] | None:
    """(cause, notice) when background work is held up, or None. Two causes: "queue", jobs could
    not be handed to the queue's storage (Redis away); "worker", jobs are due and no worker has
    been seen lately."""
    now = now or utcnow()
    if _unsent():
        return "queue", ("Scans and e-mail are delayed: the job queue could not be reached. The jobs are kept "
                         "and will be sent to the queue again when it is back.")
    due = db.session.query(func.min(Job.run_after)).filter(Job.state == "queued").scalar()
    if due is None or due > _recent(now):
        return None
    if _workers_seen(now):
        return None
    minutes = max(1, int((now - due).total_seconds() // 60))
    return "worker", (f"Scans and e-mail are delayed: jobs have waited {minutes} minute{'s' if minutes != 1 else ''} "
                      "and no worker is running. Start one with “flask --app desk worker”.")


def state(now: dt.datetime | None = None) -> dict:
    """The queue at a glance, for /healthz: counts and ages only."""
    now = now or utcnow()
    waiting = Job.query.filter(Job.state == "queued")
    oldest = db.session.query(func.min(Job.created_at)).filter(Job.state == "queued").scalar()
    out = {
        "waiting": waiting.count(),
        "running": Job.query.filter(Job.state == "running").count(),
        "failed": Job.query.filter(Job.state == "failed").count(),
        "oldest_waiting_seconds": int((now - oldest).total_seconds()) if oldest else 0,
        "workers_seen": _workers_seen(now),
    }
    if _unsent():
        out["delayed"] = "the queue's storage was unreachable: jobs wait in the database and are sent again"
    return out
