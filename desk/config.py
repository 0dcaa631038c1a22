"""Settings read from the environment (DESK_*), with safe defaults for development.

Everything that differs between a developer's laptop and production lives here,
so create_app() only has to pick the mapping and check what is missing.
"""
from __future__ import annotations

import os
from pathlib import Path


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def is_development(debug: bool) -> bool:
    """Development when DESK_ENV says so, or when Flask runs with --debug."""
    return os.environ.get("DESK_ENV", "").strip().lower() == "development" or debug


def from_environment(instance_path: str, development: bool) -> dict:
    """The configuration mapping for create_app, from DESK_* variables."""
    instance = Path(instance_path)
    default_db = f"sqlite:///{instance / 'desk.sqlite3'}"
    return {
        "DESK_DEVELOPMENT": development,
        "SECRET_KEY": os.environ.get("DESK_SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DESK_DATABASE_URL") or default_db,
        "DESK_RETENTION_DAYS": _int("DESK_RETENTION_DAYS", 1095),
        "DESK_ACK_BUSINESS_DAYS": _int("DESK_ACK_BUSINESS_DAYS", 2),
        # Dates (YYYY-MM-DD, comma separated) that are not business days.
        "DESK_HOLIDAYS": os.environ.get("DESK_HOLIDAYS", ""),
        # Absolute links in e-mails; without it, the address of the current request.
        "DESK_BASE_URL": os.environ.get("DESK_BASE_URL", "").rstrip("/"),
        "DESK_MAIL_SMTP_HOST": os.environ.get("DESK_MAIL_SMTP_HOST", ""),
        "DESK_MAIL_SMTP_PORT": _int("DESK_MAIL_SMTP_PORT", 25),
        "DESK_MAIL_SMTP_USER": os.environ.get("DESK_MAIL_SMTP_USER", ""),
        "DESK_MAIL_SMTP_PASSWORD": os.environ.get("DESK_MAIL_SMTP_PASSWORD", ""),
        "DESK_MAIL_SMTP_STARTTLS": os.environ.get("DESK_MAIL_SMTP_STARTTLS", "1") != "0",
        # A CA bundle (PEM) to trust for the SMTP server's certificate instead of the system's.
        "DESK_MAIL_SMTP_CAFILE": os.environ.get("DESK_MAIL_SMTP_CAFILE", ""),
        "DESK_MAIL_SENDER": os.environ.get("DESK_MAIL_SENDER", "accessibility-desk@localhost"),
        "DESK_OUTBOX": os.environ.get("DESK_OUTBOX") or str(instance / "outbox"),
        # The time zone times are shown in, to the public and to coordinators (an IANA name).
        "DESK_TIMEZONE": os.environ.get("DESK_TIMEZONE", "UTC"),
        # Contact details shown on the home page.
        "DESK_PHONE": os.environ.get("DESK_PHONE", "202-555-0100"),
        "DESK_TTY": os.environ.get("DESK_TTY", "711 (Telecommunications Relay Service)"),
        "DESK_POSTAL": os.environ.get(
            "DESK_POSTAL", "Section 508 Coordinator, 1800 F Street NW, Washington, DC 20405"
        ),
        # The job queue (scans, mail): SQLite in instance/ by default; redis://HOST:PORT/DB for
        # several web servers and workers. A worker that stops holding a job for a lease loses it.
        "DESK_QUEUE_URL": os.environ.get("DESK_QUEUE_URL") or f"sqlite:///{instance / 'queue.sqlite3'}",
        "DESK_JOB_LEASE_SECONDS": _int("DESK_JOB_LEASE_SECONDS", 120),
        "DESK_JOB_RETRY_SECONDS": _int("DESK_JOB_RETRY_SECONDS", 30),
        "DESK_JOB_REAP_SECONDS": _int("DESK_JOB_REAP_SECONDS", 15),
        # Scans of reported pages: only hosts on this list (names, *.patterns, addresses, networks)
        # are fetched; none by default. See desk/scans/hosts.py.
        "DESK_SCAN_HOSTS": os.environ.get("DESK_SCAN_HOSTS", ""),
        "DESK_SCAN_STANDARD": os.environ.get("DESK_SCAN_STANDARD", "section508"),
        "DESK_SCAN_TIMEOUT": _int("DESK_SCAN_TIMEOUT", 30),
        # Number of reverse proxies in front of the desk (0: none). Needed for the client's
        # address (rate limits) and for HTTPS Referer checks on forms.
        "DESK_PROXY_COUNT": _int("DESK_PROXY_COUNT", 0),
        # Rate limits (flask-limiter syntax) and their storage; memory only in development.
        "RATELIMIT_STORAGE_URI": os.environ.get("DESK_RATELIMIT_STORAGE_URI")
        or ("memory://" if development else None),
        "DESK_RATE_SUBMIT": os.environ.get("DESK_RATE_SUBMIT", "5 per minute;30 per hour"),
        "DESK_RATE_STATUS": os.environ.get("DESK_RATE_STATUS", "30 per minute"),
        "DESK_RATE_LOGIN": os.environ.get("DESK_RATE_LOGIN", "10 per minute;50 per hour"),
        # Failed sign-ins per account (the address typed, whether or not it has an account).
        "DESK_RATE_LOGIN_ACCOUNT": os.environ.get("DESK_RATE_LOGIN_ACCOUNT", "10 per hour"),
        # A coordinator's session ends after this long without a request.
        "DESK_SESSION_IDLE_MINUTES": _int("DESK_SESSION_IDLE_MINUTES", 8 * 60),
    }


class SettingsError(SystemExit):
    """A setting the desk cannot start without: one line on stderr and exit status 1.

    A SystemExit rather than an ordinary exception so that every way of starting the
    desk (flask --app desk ..., waitress-serve --call desk:create_app, python -m desk)
    says what to set instead of printing a traceback.
    """

    def __init__(self, message: str):
        super().__init__(f"desk: {message}")


MAX_REQUEST_BYTES = 4 * 1024 * 1024

# Fixed settings: the privacy policy allows session cookies only.
FIXED = {
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    # Database errors end up in logs: keep the requester's words and contact details out.
    "SQLALCHEMY_ENGINE_OPTIONS": {"hide_parameters": True},
    # Far above what every form's character limits allow in any script (a 4-byte character takes
    # 12 bytes percent-encoded), so that any paste a person could make (a whole document: 300,000
    # characters of Chinese or Japanese, 9 bytes each) reaches the field's own message, answers
    # kept; still a cap for abuse. Werkzeug checks a form's size against both settings.
    "MAX_CONTENT_LENGTH": MAX_REQUEST_BYTES,
    "MAX_FORM_MEMORY_SIZE": MAX_REQUEST_BYTES,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "desk_session",
    "SESSION_REFRESH_EACH_REQUEST": False,
    "REMEMBER_COOKIE_DURATION": 0,
    # No time limit on filling in a form: the token lives as long as the session.
    "WTF_CSRF_TIME_LIMIT": None,
    "WTF_CSRF_SSL_STRICT": True,
    "RATELIMIT_HEADERS_ENABLED": True,
}
