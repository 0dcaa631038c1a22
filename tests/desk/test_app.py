"""Settings, security headers, cookies, error pages."""
from __future__ import annotations

import pytest

from desk import create_app
from desk.config import SettingsError

from .conftest import hidden, test_config


def test_refuses_to_start_without_secret_key_outside_development(tmp_path, monkeypatch):
    monkeypatch.delenv("DESK_SECRET_KEY", raising=False)
    monkeypatch.delenv("DESK_ENV", raising=False)
    with pytest.raises(SettingsError, match="DESK_SECRET_KEY is not set"):
        create_app(test_config(tmp_path, DESK_DEVELOPMENT=False, SECRET_KEY=None))


def test_refuses_memory_rate_limits_by_default_outside_development(tmp_path, monkeypatch):
    monkeypatch.delenv("DESK_RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("DESK_ENV", raising=False)
    monkeypatch.setenv("DESK_SECRET_KEY", "s" * 32)
    with pytest.raises(SettingsError, match="DESK_RATELIMIT_STORAGE_URI is not set"):
        create_app({"DESK_DEVELOPMENT": False,
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})


def test_settings_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DESK_ENV", "development")
    monkeypatch.setenv("DESK_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    monkeypatch.setenv("DESK_RETENTION_DAYS", "30")
    monkeypatch.setenv("DESK_ACK_BUSINESS_DAYS", "5")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.db")
    assert app.config["DESK_RETENTION_DAYS"] == 30
    assert app.config["DESK_ACK_BUSINESS_DAYS"] == 5
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert app.config["MAX_CONTENT_LENGTH"] > 0


def test_security_headers(client):
    resp = client.get("/")
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["Referrer-Policy"] == "same-origin"
    assert resp.headers["Cache-Control"] == "no-store"


def _set_cookie(resp) -> str:
    cookies = [v for k, v in resp.headers.items() if k == "Set-Cookie"]
    assert len(cookies) == 1, cookies
    return cookies[0]


def test_session_cookie_attributes_in_development(client):
    cookie = _set_cookie(client.get("/request/new"))
    assert cookie.startswith("desk_session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Expires" not in cookie and "Max-Age" not in cookie
    assert "Secure" not in cookie


def test_session_cookie_secure_outside_development(tmp_path, template_db):
    import shutil

    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    app = create_app(test_config(tmp_path, DESK_DEVELOPMENT=False))
    client = app.test_client()
    resp = client.get("/request/new", base_url="https://localhost")
    cookie = _set_cookie(resp)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Expires" not in cookie and "Max-Age" not in cookie
    assert resp.headers["Strict-Transport-Security"].startswith("max-age=")


def test_login_sets_no_persistent_cookie(client):
    html = client.get("/coordinator/login").get_data(as_text=True)
    from .conftest import COORDINATOR, PASSWORD

    resp = client.post("/coordinator/login", data={
        "email": COORDINATOR, "password": PASSWORD, "csrf_token": hidden(html, "csrf_token")})
    cookies = [v for k, v in resp.headers.items() if k == "Set-Cookie"]
    assert cookies and all("Expires" not in c and "Max-Age" not in c for c in cookies)
    assert not any(c.startswith("remember_token") for c in cookies)


def test_friendly_error_pages(client):
    resp = client.get("/no-such-page")
    assert resp.status_code == 404
    html = resp.get_data(as_text=True)
    assert "<title>Page not found" in html and 'href="/"' in html
    resp = client.delete("/")
    assert resp.status_code == 405 and "not available" in resp.get_data(as_text=True)


def test_rate_limit_on_submissions(tmp_path, template_db):
    import shutil

    from desk.extensions import limiter

    from .conftest import Public

    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    app = create_app(test_config(tmp_path, RATELIMIT_ENABLED=True, DESK_RATE_SUBMIT="2 per minute",
                                 DESK_RATE_STATUS="3 per minute"))
    limiter.reset()
    client = app.test_client()
    public = Public(client)
    # Three different requests (the same answers again would be the first request, sent again).
    assert public.submit(nature="First problem").status_code == 200
    assert public.submit(nature="Second problem").status_code == 200
    resp = public.submit(nature="Third problem")
    assert resp.status_code == 429
    assert "Please wait before sending your request" in resp.get_data(as_text=True)
    # GET of the form is not limited: a person can still read it.
    assert client.get("/request/new").status_code == 200
    codes = [client.get("/request/A11Y-2026-000001?token=x").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]


def test_rate_limit_on_login(tmp_path, template_db):
    import shutil

    from desk.extensions import limiter

    from .conftest import AuthActions

    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    app = create_app(test_config(tmp_path, RATELIMIT_ENABLED=True, DESK_RATE_LOGIN="2 per minute"))
    limiter.reset()
    auth = AuthActions(app.test_client())
    codes = [auth.login(password="wrong wrong wrong").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_pages_with_the_status_token_send_no_referrer(client, public):
    import re

    resp = public.submit()
    assert resp.headers["Referrer-Policy"] == "no-referrer"
    link = re.search(r'href="http://localhost(/request/[^"]+)"', resp.get_data(as_text=True)).group(1)
    assert client.get(link).headers["Referrer-Policy"] == "no-referrer"


def _https_app(tmp_path, template_db, **extra):
    import shutil

    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    return create_app(test_config(tmp_path, DESK_DEVELOPMENT=False, **extra))


def test_https_form_post_works_with_same_origin_referrer(tmp_path, template_db):
    """Flask-WTF checks the Referer on HTTPS: the referrer policy must let it through."""
    from .conftest import VALID

    client = _https_app(tmp_path, template_db).test_client()
    html = client.get("/request/new", base_url="https://desk.example.gov").get_data(as_text=True)
    data = dict(VALID, csrf_token=hidden(html, "csrf_token"), form_nonce=hidden(html, "form_nonce"))
    ok = client.post("/request/new", data=data, base_url="https://desk.example.gov",
                     headers={"Referer": "https://desk.example.gov/request/new"})
    assert "Request received" in ok.get_data(as_text=True)
    # From another site the form is refused, and its answers are not shown back.
    html = client.get("/request/new", base_url="https://desk.example.gov").get_data(as_text=True)
    data = dict(VALID, csrf_token=hidden(html, "csrf_token"), form_nonce=hidden(html, "form_nonce"))
    bad = client.post("/request/new", data=data, base_url="https://desk.example.gov",
                      headers={"Referer": "https://evil.example/"})
    assert bad.status_code == 400 and VALID["nature"] not in bad.get_data(as_text=True)
    assert "sent from another website" in bad.get_data(as_text=True)
    # With no Referer (stripped by a privacy setting) but from this site, the answers are kept.
    html = client.get("/request/new", base_url="https://desk.example.gov").get_data(as_text=True)
    data = dict(VALID, csrf_token=hidden(html, "csrf_token"), form_nonce=hidden(html, "form_nonce"))
    kept = client.post("/request/new", data=data, base_url="https://desk.example.gov",
                       headers={"Origin": "https://desk.example.gov"})
    assert kept.status_code == 400 and VALID["nature"] in kept.get_data(as_text=True)


def test_behind_a_proxy_the_forwarded_scheme_is_used(tmp_path, template_db):
    app = _https_app(tmp_path, template_db, DESK_PROXY_COUNT=1)
    client = app.test_client()
    resp = client.get("/request/new", headers={"X-Forwarded-Proto": "https",
                                               "X-Forwarded-Host": "desk.example.gov"})
    assert resp.status_code == 200
    assert "Secure" in resp.headers["Set-Cookie"]


def test_behind_a_proxy_rate_limits_follow_the_forwarded_address(tmp_path, template_db):
    from desk.extensions import limiter

    app = _https_app(tmp_path, template_db, DESK_PROXY_COUNT=1, RATELIMIT_ENABLED=True,
                     DESK_RATE_STATUS="2 per minute")
    limiter.reset()
    client = app.test_client()

    def status_from(address: str) -> int:
        # Every request reaches the desk from the proxy's own address (the test client's
        # 127.0.0.1); only X-Forwarded-For tells the clients apart.
        return client.get("/request/A11Y-2026-000001?token=x", headers={
            "X-Forwarded-For": address, "X-Forwarded-Proto": "https"}).status_code

    assert [status_from("192.0.2.10") for _ in range(3)] == [404, 404, 429]
    # Another client behind the same proxy has its own allowance...
    assert [status_from("198.51.100.7") for _ in range(3)] == [404, 404, 429]
    # ...and the first one is still limited.
    assert status_from("192.0.2.10") == 429


def test_database_errors_do_not_log_submitted_values(app):
    from sqlalchemy.exc import IntegrityError

    from desk.extensions import db
    from desk.models import User

    with app.app_context():
        db.session.add(User(email="admin@example.gov", password_hash="x", role="admin"))
        with pytest.raises(IntegrityError) as info:
            db.session.commit()
        db.session.rollback()
    assert "admin@example.gov" not in str(info.value)
    assert "hidden due to hide_parameters" in str(info.value)
