"""The public and coordinator flows once in production mode, in a real Chromium, over
HTTPS on loopback with the desk behind a TLS-terminating proxy (DESK_PROXY_COUNT=1):
Secure cookies, HSTS on every page, links built from the forwarded scheme and host,
and Flask-WTF's Referer check on every form post."""
from __future__ import annotations

import csv
import io
import re
import threading

import pytest
from werkzeug.serving import make_server

from a11y.testing import chromium_launch_args

from .certs import certificates
from .conftest import make_app
from .test_browser import _login, _send_request

pytestmark = pytest.mark.browser


class TlsTerminatingProxy:
    """What the desk sees behind a proxy: the browser speaks HTTPS to the proxy, which
    passes plain HTTP on from its own address, with the browser's scheme, host and
    address in X-Forwarded-* headers (the desk trusts one proxy: DESK_PROXY_COUNT=1)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        environ = dict(environ)
        environ.update(
            HTTP_X_FORWARDED_PROTO=environ["wsgi.url_scheme"],
            HTTP_X_FORWARDED_HOST=environ["HTTP_HOST"],
            HTTP_X_FORWARDED_FOR=environ["REMOTE_ADDR"],
            HTTP_HOST="desk-backend:8080",
            SERVER_NAME="desk-backend",
            SERVER_PORT="8080",
            REMOTE_ADDR="127.0.0.2",
        )
        environ["wsgi.url_scheme"] = "http"
        return self.app(environ, start_response)


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    app = make_app(folder, TESTING=False, DESK_DEVELOPMENT=False, DESK_PROXY_COUNT=1, RATELIMIT_ENABLED=True)
    assert app.config["SESSION_COOKIE_SECURE"] and not app.config["DESK_DEVELOPMENT"]
    _, cert, key = certificates(folder)
    server = make_server("127.0.0.1", 0, TlsTerminatingProxy(app), threaded=True,
                         ssl_context=(str(cert), str(key)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(**chromium_launch_args())
        # The test's own CA is not in Chromium's store: accept its certificate here.
        yield browser.new_context(ignore_https_errors=True, accept_downloads=True).new_page()
        browser.close()


def test_public_and_coordinator_flows_in_production_behind_a_proxy(production, page):
    responses = []
    page.on("response", lambda r: responses.append(r) if r.url.startswith(production) else None)

    # The public side: the form, the confirmation, the private status link.
    reference = _send_request(page, production, "PRODUCTION-FLOW: the forms page cannot be used with a keyboard")
    assert page.title().startswith("Request received")
    status_link = page.get_attribute(".status-link a", "href")
    # Built from the forwarded scheme and host, not the backend's own address.
    assert status_link.startswith(f"{production}/request/{reference}?token=")
    page.goto(status_link)
    assert reference in page.text_content("h1")

    # The coordinator's side: sign in, the queue, an action, the CSV export, sign out.
    _login(page, production)
    assert page.url == production + "/coordinator/"
    with page.expect_navigation():
        page.click(f"a:has-text('{reference}')")
    page.fill("#note", "Checked in production mode")
    with page.expect_navigation():
        page.click("button:has-text('Add internal note')")
    assert "Internal note added" in page.text_content(".notification-area")
    page.goto(production + "/coordinator/")
    with page.expect_download() as download:
        page.click("button:has-text('Download these requests as CSV')")
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert [r["reference"] for r in rows] == [reference]
    with page.expect_navigation():
        page.click("button:has-text('Sign out')")
    assert page.url.startswith(production + "/coordinator/login")
    assert "You have signed out" in page.text_content("main")

    # Every page and file the desk sent came with HSTS; every cookie it set is Secure.
    assert len(responses) >= 15
    for r in responses:
        assert r.headers.get("strict-transport-security") == "max-age=31536000; includeSubDomains", r.url
        cookie = r.headers.get("set-cookie")
        if cookie:
            assert all(re.search(r";\s*Secure", c, re.I) for c in cookie.split("\n")), (r.url, cookie)
    assert [c["secure"] for c in page.context.cookies() if c["name"] == "desk_session"] == [True]


def test_a_form_post_from_another_site_is_refused_in_production(production, page):
    """Flask-WTF's Referer check (HTTPS only): the same post with the same valid token
    goes through from the desk's own page and is refused from another site, without its answers."""
    page.goto(production + "/request/new")
    token = page.get_attribute("input[name=csrf_token]", "value")
    nonce = page.get_attribute("input[name=form_nonce]", "value")
    form = {"csrf_token": token, "form_nonce": nonce, "nature": "REFERER-CHECK: a problem",
            "preferred_format": "braille", "contact_method": "phone", "phone": "202 555 0100",
            "postal_address": "1 Example Road"}  # Braille is sent by post
    foreign = page.request.post(production + "/request/new", form=form,
                                headers={"Referer": "https://evil.example/form"})
    assert foreign.status == 400
    # Refused, and none of what was sent is shown back (the page offers the desk's own form).
    assert "Your form was not sent" in foreign.text() and "REFERER-CHECK" not in foreign.text()
    own = page.request.post(production + "/request/new", form=form,
                            headers={"Referer": production + "/request/new"})
    assert own.status == 200 and "Request received" in own.text()
