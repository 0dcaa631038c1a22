"""The desk on PostgreSQL: migrations (with the append-only trigger), a request, purge.

Uses DESK_TEST_POSTGRES_URL when set (e.g. postgresql+psycopg://user:pw@127.0.0.1/db);
otherwise starts a throw-away server from Debian's PostgreSQL binaries, as the
postgres user, in a temporary folder on a free loopback port (scripts/test.sh installs
them when run as root). Skips only on a developer's machine that has neither; where the
binaries are installed, or on CI (`CI` set), a server that cannot start is a failure.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text

pytestmark = pytest.mark.postgres


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    return cmd if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--", *cmd]


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        pytest.fail(f"{what} failed (exit {done.returncode}): {(done.stderr or done.stdout)[-500:]}")


def _initdb() -> str:
    """Debian's newest initdb. Without one, only a developer's machine (not CI) may skip."""
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if bins:
        return bins[-1]
    if os.environ.get("CI"):
        pytest.fail("CI: no PostgreSQL server binaries (scripts/test.sh installs the postgresql package as root)")
    pytest.skip("no PostgreSQL server (set DESK_TEST_POSTGRES_URL, or apt-get install postgresql)")


@pytest.fixture(scope="module")
def pg_url():
    url = os.environ.get("DESK_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    bindir = os.path.dirname(_initdb())
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.fail("running as root, and runuser (util-linux) is missing to start PostgreSQL as postgres")
    # Not under pytest's tmp (mode 700, root's): the postgres user must reach it.
    folder = Path(tempfile.mkdtemp(prefix="desk-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = _free_port()
    try:
        _run(_as_postgres([f"{bindir}/initdb", "-D", str(data), "-A", "trust", "-U", "desk", "--no-sync"]),
             "initdb")
        # -w: pg_ctl returns once the server accepts connections.
        _run(_as_postgres([
            f"{bindir}/pg_ctl", "-D", str(data), "-l", str(folder / "pg.log"), "-w", "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]),
            "starting PostgreSQL")
        yield f"postgresql+psycopg://desk@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(_as_postgres([f"{bindir}/pg_ctl", "-D", str(data), "-m", "immediate", "stop"]),
                           capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_app(pg_url, tmp_path):
    from flask_migrate import downgrade, upgrade

    from desk import create_app

    from .conftest import test_config

    app = create_app(test_config(tmp_path, SQLALCHEMY_DATABASE_URI=pg_url))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    yield app
    with app.app_context():
        from desk.extensions import db

        db.session.remove()
        downgrade(directory=app.extensions["migrate"].directory, revision="base")
        db.engine.dispose()


def test_request_lifecycle_on_postgresql(pg_app):
    from desk.extensions import db
    from desk.models import AuditEvent, HelpRequest

    from .conftest import ADMIN, AuthActions, Public
    from .test_coordinator import _act

    _add_admin(pg_app)
    client = pg_app.test_client()
    public = Public(client)
    assert "Request received" in public.submit(nature="PG-UNIQUE 50% of the page").get_data(as_text=True)
    AuthActions(client).login(email=ADMIN)
    with pg_app.app_context():
        ref = HelpRequest.query.one().reference
    assert ref in client.get("/coordinator/?q=50%25").get_data(as_text=True)
    assert _act(client, ref, "status", status="closed").status_code == 302
    with pg_app.app_context():
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text("UPDATE audit_event SET actor = 'x'"))
        db.session.rollback()
        HelpRequest.query.one().closed_at -= __import__("datetime").timedelta(days=40)
        db.session.commit()
    result = pg_app.test_cli_runner().invoke(args=["purge-expired", "--older-than-days", "30"])
    assert "Destroyed 1 request(s)" in result.output, result.output
    with pg_app.app_context():
        assert HelpRequest.query.count() == 0
        assert AuditEvent.query.filter_by(action="purge").count() == 1


def _add_admin(app):
    from desk.extensions import db
    from desk.models import User

    from .conftest import ADMIN, PASSWORD

    with app.app_context():
        user = User(email=ADMIN, role="admin")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()


def test_sign_out_ends_the_session_on_postgresql(pg_app):
    from .conftest import ADMIN, AuthActions

    _add_admin(pg_app)
    client = pg_app.test_client()
    auth = AuthActions(client)
    assert auth.login(email=ADMIN).status_code == 302
    saved = client.get_cookie("desk_session").value
    auth.logout()
    thief = pg_app.test_client()
    thief.set_cookie("desk_session", saved)
    resp = thief.get("/coordinator/")
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/coordinator/login")


def test_migration_removes_search_text_from_old_export_events_on_postgresql(pg_app):
    from flask_migrate import downgrade, upgrade

    from desk.extensions import db
    from desk.models import AuditEvent

    migrations = pg_app.extensions["migrate"].directory
    with pg_app.app_context():
        downgrade(directory=migrations, revision="0001")
        db.session.execute(text(
            "INSERT INTO audit_event (created_at, actor, action, reference, detail) VALUES "
            "(now(), 'c@example.gov', 'export', '', "
            "'{\"filters\": {\"q\": \"searched@example.com\", \"status\": \"new\"}, \"rows\": 1}')"))
        db.session.commit()
        upgrade(directory=migrations)
        (event,) = AuditEvent.query.filter_by(action="export").all()
        assert "searched" in event.detail and "searched@example.com" not in event.detail
        assert '"status": "new"' in event.detail
        with pytest.raises(Exception, match="append-only"):  # the guard is back
            db.session.execute(text("UPDATE audit_event SET actor = 'x'"))
        db.session.rollback()


def test_a_nul_byte_anywhere_gets_a_404_or_a_clear_error_on_postgresql(pg_app):
    """PostgreSQL refuses NUL in text: none may reach a query (a 500 before the fix)."""
    from desk.extensions import db
    from desk.models import HelpRequest

    from .conftest import ADMIN, AuthActions, Public

    _add_admin(pg_app)
    client = pg_app.test_client()
    assert "Request received" in Public(client).submit(nature="NUL\x00 in the text").get_data(as_text=True)
    with pg_app.app_context():
        assert HelpRequest.query.one().nature == "NUL in the text"
        db.session.remove()
    expected = {
        "/request/A11Y%00?token=x": 404,
        "/request/A11Y-2026-000001%00?token=x": 404,
        "/request/A11Y-2026-000001?token=x%00": 400,
        "/coordinator/requests/A11Y%00": 404,
        "/coordinator/?q=%00": 400,
        "/coordinator/?status=new%00": 400,
        "/coordinator/login?next=/%00": 400,
        # Bytes that are not UTF-8 arrive as U+FFFD, which PostgreSQL takes: no error either.
        "/request/A11Y%FF%FE?token=x": 404,
        "/coordinator/requests/A11Y-2026-%C0%AF": 404,
        "/coordinator/?q=%FF%FE": 200,
    }
    AuthActions(client).login(email=ADMIN)
    got = {path: client.get(path).status_code for path in expected}
    assert got == expected
    # In a form (the queue's export), the NUL is taken out and the search still works.
    from .test_coordinator import _export

    resp = _export(client, q="NUL\x00 in")
    assert resp.status_code == 200 and "NUL in the text" in resp.get_data(as_text=True)
