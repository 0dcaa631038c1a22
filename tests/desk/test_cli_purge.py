"""init-db, create-coordinator and purge-expired (nothing readable in the file afterwards)."""
from __future__ import annotations

import datetime as dt
import sqlite3

from sqlalchemy import inspect

from desk import create_app
from desk.extensions import db
from desk.models import AuditEvent, HelpRequest, Message, User

from .conftest import test_config


def test_init_db_applies_migrations(tmp_path):
    app = create_app(test_config(tmp_path))
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert {"alembic_version", "user", "help_request", "message", "audit_event",
            "coordinator_session", "job", "scan", "queue_worker"} <= tables
    con = sqlite3.connect(tmp_path / "desk.sqlite3")
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(app.extensions["migrate"].directory).get_current_head()
    assert con.execute("select version_num from alembic_version").fetchone() == (head,)
    # Running it again is harmless.
    assert app.test_cli_runner().invoke(args=["init-db"]).exit_code == 0


def test_create_coordinator(app, runner, monkeypatch):
    monkeypatch.setenv("DESK_PASSWORD", "a long enough password")
    result = runner.invoke(args=["create-coordinator", "--email", "New.Person@Example.gov",
                                 "--role", "admin"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = User.query.filter_by(email="new.person@example.gov").one()
        assert user.role == "admin" and user.check_password("a long enough password")
        assert "a long enough password" not in user.password_hash


def test_create_coordinator_prompts_and_checks_length(app, runner, monkeypatch):
    monkeypatch.delenv("DESK_PASSWORD", raising=False)
    result = runner.invoke(args=["create-coordinator", "--email", "x@example.gov"],
                           input="short\nshort\n")
    assert result.exit_code == 1
    assert result.output.endswith("Error: Use a password of at least 12 characters.\n")
    with app.app_context():
        assert User.query.filter_by(email="x@example.gov").count() == 0


def test_create_coordinator_refuses_an_unknown_role(app, runner, monkeypatch):
    # A valid password, so that the role is the only thing wrong with the command.
    monkeypatch.setenv("DESK_PASSWORD", "a long enough password")
    result = runner.invoke(args=["create-coordinator", "--email", "x@example.gov", "--role", "boss"])
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for '--role': 'boss' is not one of 'coordinator', 'admin'.\n")
    with app.app_context():
        assert User.query.filter_by(email="x@example.gov").count() == 0


def _request(nature: str, status: str, closed_days_ago: int | None, hold: bool = False) -> HelpRequest:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    req = HelpRequest(
        nature=nature, preferred_format="braille", contact_method="postal",
        postal_address=f"{nature} street", email=f"{nature.lower()}@example.com",
        token_hash="0" * 64, nonce_hash=nature.ljust(64, "0")[:64], status=status,
        ack_due=now.date(), legal_hold=hold,
        closed_at=now - dt.timedelta(days=closed_days_ago) if closed_days_ago is not None else None,
    )
    db.session.add(req)
    db.session.flush()
    req.reference = f"A11Y-{now.year}-{req.id:06d}"
    db.session.add(Message(request=req, kind="note", body=f"note about {nature}"))
    return req


def test_purge_destroys_expired_requests_unreadably(app, runner, tmp_path):
    with app.app_context():
        old = _request("ZQXUNIQUEOLDCLOSED", "closed", 400)
        _request("ZQXRESOLVEDOLD", "resolved", 100)
        _request("ZQXHELDOLD", "closed", 400, hold=True)
        _request("ZQXRECENTCLOSED", "closed", 5)
        _request("ZQXOPENOLD", "in_progress", None)
        db.session.commit()
        old_ref = old.reference
    result = runner.invoke(args=["purge-expired", "--older-than-days", "30"])
    assert result.exit_code == 0, result.output
    assert "Destroyed 2 request(s)" in result.output
    with app.app_context():
        left = sorted(r.nature for r in HelpRequest.query.all())
        assert left == ["ZQXHELDOLD", "ZQXOPENOLD", "ZQXRECENTCLOSED"]
        assert Message.query.count() == 3
        ev = AuditEvent.query.filter_by(action="purge").one()
        assert ev.actor == "system" and '"count": 2' in ev.detail and old_ref in ev.detail
        assert "ZQX" not in ev.detail
        # While the desk still has the database open, its WAL is there too: nothing in it either.
        wal = (tmp_path / "desk.sqlite3-wal").read_bytes()
        db.session.remove()
        db.engine.dispose()
    raw = (tmp_path / "desk.sqlite3").read_bytes()
    for gone in (b"ZQXUNIQUEOLDCLOSED", b"zqxuniqueoldclosed@example.com", b"ZQXRESOLVEDOLD"):
        assert gone not in raw and gone not in wal
    # The ones kept are still there: the grep itself can find text in the file.
    assert b"ZQXHELDOLD" in raw
    assert not list(tmp_path.glob("desk.sqlite3-*"))  # no journal or WAL left behind once closed


def test_purge_uses_retention_setting_by_default(tmp_path, template_db):
    import shutil

    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    app = create_app(test_config(tmp_path, DESK_RETENTION_DAYS=10))
    with app.app_context():
        _request("ELEVEN", "closed", 11)
        _request("NINE", "closed", 9)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge-expired"])
    assert "Destroyed 1 request(s) closed more than 10 day(s) ago" in result.output
    with app.app_context():
        assert [r.nature for r in HelpRequest.query.all()] == ["NINE"]


def test_closing_starts_and_reopening_stops_the_retention_clock(app, client, public, auth):
    from .test_coordinator import _act, _ref

    public.submit()
    ref = _ref(app)
    auth.login()
    _act(client, ref, "status", status="resolved")
    with app.app_context():
        assert HelpRequest.query.one().closed_at is not None
    _act(client, ref, "status", status="in_progress")
    with app.app_context():
        assert HelpRequest.query.one().closed_at is None
