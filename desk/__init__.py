"""The request desk: create_app() builds the Flask application."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from . import config, dates, errors, security
from .extensions import csrf, db, limiter, login_manager, migrate

MIGRATIONS = str(Path(__file__).parent / "migrations")
SQLITE_BUSY_TIMEOUT_MS = 15000


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    development = config.is_development(app.debug)
    if test_config and "DESK_DEVELOPMENT" in test_config:
        development = test_config["DESK_DEVELOPMENT"]
    app.config.update(config.FIXED)
    app.config.update(config.from_environment(app.instance_path, development))
    if test_config:
        app.config.update(test_config)
    _check(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith(f"sqlite:///{app.instance_path}"):
        os.makedirs(app.instance_path, exist_ok=True)  # the default database lives there
    if app.config["DESK_PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["DESK_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    _sqlite_pragmas(app)

    from .auth import bp as auth_bp
    from .coordinator import bp as coordinator_bp
    from .public import bp as public_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(coordinator_bp)

    from .audit import describe

    app.add_template_filter(describe, "event_detail")
    from . import history

    app.add_template_filter(history.what, "event_what")
    app.add_template_filter(history.details, "event_details")
    from .scans.reasons import plain

    app.add_template_filter(plain, "scan_reason")
    from .dates import local_date, shown

    # Stored times in the desk's zone: with the zone's abbreviation, or the day alone (the queue,
    # the status page).
    tz = dates.zone(app.config["DESK_TIMEZONE"])
    app.add_template_filter(lambda value, fmt="%Y-%m-%d %H:%M": shown(value, fmt, tz), "local_time")
    app.add_template_filter(lambda value: local_date(value, tz), "local_date")
    errors.register(app)
    security.add_headers(app)
    security.refuse_nul(app)
    security.redact_access_logs()

    from . import cli, outgoing, scans  # noqa: F401 - they register their job handlers

    cli.register(app)
    return app


def _check(app: Flask) -> None:
    """Refuse to start with settings that are only safe on a developer's machine."""
    cfg = app.config
    cfg["SESSION_COOKIE_SECURE"] = not cfg["DESK_DEVELOPMENT"]
    if not cfg.get("SECRET_KEY"):
        if not cfg["DESK_DEVELOPMENT"]:
            raise config.SettingsError(
                "DESK_SECRET_KEY is not set; outside development it must be. Set a stable random value, "
                "e.g. export DESK_SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_hex(32))')\" "
                "(on a developer's machine: DESK_ENV=development)"
            )
        cfg["SECRET_KEY"] = "development-only-secret-key"
    from .scans.hosts import AllowList, AllowListError

    try:
        AllowList.parse(cfg["DESK_SCAN_HOSTS"])
    except AllowListError as exc:
        raise config.SettingsError(str(exc)) from None
    try:
        dates.zone(cfg["DESK_TIMEZONE"])
    except ValueError as exc:
        raise config.SettingsError(str(exc)) from None
    if cfg["DESK_QUEUE_URL"].split("://")[0] not in ("sqlite", "redis", "rediss", "unix"):
        raise config.SettingsError(
            f"DESK_QUEUE_URL {cfg['DESK_QUEUE_URL']!r} is not a queue the desk knows: use "
            "redis://HOST:PORT/DB, or sqlite:///PATH (the default: instance/queue.sqlite3)")
    if not cfg.get("RATELIMIT_STORAGE_URI"):
        raise config.SettingsError(
            "DESK_RATELIMIT_STORAGE_URI is not set; outside development it must be. Set the rate-limit store, "
            "e.g. export DESK_RATELIMIT_STORAGE_URI=redis://localhost:6379 (memory:// for a single-process server)"
        )


def _sqlite_pragmas(app: Flask) -> None:
    """SQLite: overwrite deleted content (secure_delete), enforce foreign keys, and let
    coordinators and submissions work at once: WAL (readers do not wait for a writer)
    and a busy timeout (a writer waits for another instead of failing at once)."""
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "sqlite":
            return

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA secure_delete=ON")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()
