"""Desk fixtures after flaskr: app on a temporary SQLite database, client, runner, auth."""
from __future__ import annotations

import contextlib
import re
import shutil
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from desk import create_app, jobs
from desk.extensions import db
from desk.models import User

PASSWORD = "correct horse battery staple"
COORDINATOR = "coordinator@example.gov"
ADMIN = "admin@example.gov"


def test_config(tmp_path, **overrides) -> dict:
    cfg = {
        "TESTING": True,
        "DESK_DEVELOPMENT": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'desk.sqlite3'}",
        "DESK_OUTBOX": str(tmp_path / "outbox"),
        "DESK_QUEUE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}",
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_ENABLED": False,
    }
    cfg.update(overrides)
    return cfg


def make_app(tmp_path, **overrides):
    app = create_app(test_config(tmp_path, **overrides))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        for email, role in ((COORDINATOR, "coordinator"), (ADMIN, "admin")):
            user = User(email=email, role=role)
            user.set_password(PASSWORD)
            db.session.add(user)
        db.session.commit()
    return app


test_config.__test__ = False  # a helper, not a test


def deliver_mail(app) -> int:
    """Do what a worker does with the mail the desk queued: run each waiting mail job once,
    here (the worker's own process is tested in test_mail_queue.py). How many ran."""
    with app.app_context():
        ids = [j.id for j in jobs.Job.query.filter_by(kind="mail", state="queued").order_by(jobs.Job.id)]
        for job_id in ids:
            jobs.run_job(job_id)
        db.session.remove()
    return len(ids)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    """One migrated database with two accounts, copied for each test (hashing and
    migrating once per session keeps the suite fast)."""
    folder = tmp_path_factory.mktemp("template")
    app = make_app(folder)
    with app.app_context():
        db.engine.dispose()
    return folder / "desk.sqlite3"


@pytest.fixture
def app(tmp_path, template_db):
    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    app = create_app(test_config(tmp_path))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def hidden(html: str, name: str) -> str:
    """The value of a hidden input in a page."""
    m = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert m, f"no hidden field {name}"
    return m.group(1)


VALID = {
    "nature": "The PDF form on the benefits page cannot be read by my screen reader.",
    "url": "www.example.gov/forms/benefits.pdf",
    "preferred_format": "tagged_pdf",
    "name": "Alex Requester",
    "email": "alex@example.com",
    "phone": "",
    "postal_address": "",
    "contact_method": "email",
    "website": "",
}


class Public:
    """Fill in and send the request form the way a browser would."""

    def __init__(self, client):
        self.client = client

    def open_form(self) -> dict:
        html = self.client.get("/request/new").get_data(as_text=True)
        return {"csrf_token": hidden(html, "csrf_token"), "form_nonce": hidden(html, "form_nonce")}

    def submit(self, **fields):
        data = self.open_form()
        data.update(VALID)
        data.update(fields)
        data = {k: v for k, v in data.items() if v is not None}
        return self.client.post("/request/new", data=data)


@pytest.fixture
def public(client):
    return Public(client)


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, email=COORDINATOR, password=PASSWORD):
        html = self.client.get("/coordinator/login").get_data(as_text=True)
        token = hidden(html, "csrf_token")
        return self.client.post(
            "/coordinator/login", data={"email": email, "password": password, "csrf_token": token}
        )

    def csrf(self, path: str) -> str:
        return hidden(self.client.get(path).get_data(as_text=True), "csrf_token")

    def logout(self):
        token = self.csrf("/coordinator/")
        return self.client.post("/coordinator/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    return AuthActions(client)


# Browser tests: the desk served on a loopback port, and a real Chromium.


@contextlib.contextmanager
def serving(app):
    """The app served on a free loopback port while the block runs: yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("live"))


@pytest.fixture(scope="module")
def live(live_app):
    """The desk served on a loopback port for the whole module."""
    with serving(live_app) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    from a11y.testing import chromium_launch_args

    with sync_playwright() as p:
        b = p.chromium.launch(**chromium_launch_args())
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()
