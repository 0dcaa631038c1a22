"""The desk on PostgreSQL: migrations (with the append-only trigger), a request, purge.

Uses DESK_TEST_POSTGRES_URL when set (e.g. postgresql+psycopg://user:pw@127.0.0.1/db);
otherwise starts a throw-away server from Debian's PostgreSQL binaries, as the
postgres user, in a temporary folder on a free loopback port. Skips when neither
is possible.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.postgres


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    return cmd if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--", *cmd]


@pytest.fixture(scope="module")
def pg_url():
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed")
    url = os.environ.get("DESK_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins or (os.geteuid() == 0 and not shutil.which("runuser")):
        pytest.skip("no PostgreSQL server (set DESK_TEST_POSTGRES_URL, or apt-get install postgresql)")
    bindir = os.path.dirname(bins[-1])
    # Not under pytest's tmp (mode 700, root's): the postgres user must reach it.
    folder = Path(tempfile.mkdtemp(prefix="desk-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = _free_port()
    init = subprocess.run(_as_postgres([f"{bindir}/initdb", "-D", str(data), "-A", "trust",
                                        "-U", "desk", "--no-sync"]), capture_output=True)
    if init.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"initdb failed: {init.stderr.decode()[-300:]}")
    log = data.parent / "pg.log"
    start = subprocess.run(_as_postgres([
        f"{bindir}/pg_ctl", "-D", str(data), "-l", str(log), "-w", "-o",
        f"-p {port} -k {data.parent} -c listen_addresses=127.0.0.1 -c fsync=off"]) + ["start"],
        capture_output=True)
    if start.returncode:
        pytest.skip(f"PostgreSQL did not start: {start.stderr.decode()[-300:]}")
    try:
        yield f"postgresql+psycopg://desk@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_postgres([f"{bindir}/pg_ctl", "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_app(pg_url, tmp_path):
    from flask_migrate import downgrade, upgrade

    from desk import create_app

    from .conftest import test_config

    engine = create_engine(pg_url)
    for _ in range(20):
        try:
            with engine.connect():
                break
        except Exception:  # noqa: BLE001 - server still starting
            time.sleep(0.25)
    engine.dispose()
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
    from desk.models import AuditEvent, HelpRequest, User

    from .conftest import ADMIN, PASSWORD, AuthActions, Public
    from .test_coordinator import _act

    with pg_app.app_context():
        user = User(email=ADMIN, role="admin")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
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
