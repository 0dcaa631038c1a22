"""A loopback site behind a sign-in: a form that posts a user and password, a session
cookie, and a redirect to the sign-in page for a page asked for without a valid session.

Sessions can be made to end after a number of page loads (the first session after 3,
say, then none), to sign the scanner out mid-scan or on every page."""
from __future__ import annotations

import http.server
import secrets
import threading
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

from .siteserver import serving

USER, PASSWORD = "ci-bot", "Pw-9f3k2-secret"
PAGE = ('<!doctype html><html lang="en"><head><title>{title}</title></head><body><header><a href="#main" '
        'class="skip">Skip to content</a></header><main id="main"><h1{h1_id}>{title}</h1>{body}</main></body></html>')
LOGIN_FORM = ('<form method="post" action="/login">{error}<p><label for="user">User name</label> '
              '<input id="user" name="user" autocomplete="username"></p><p><label for="password">Password</label> '
              '<input id="password" name="password" type="password" autocomplete="current-password"></p>'
              '<p><button type="submit">Sign in</button></p></form>')
NAV = ('<nav aria-label="Account"><ul><li><a href="/account">Account</a></li><li><a href="/account/a">Page A</a></li>'
       '<li><a href="/account/b">Page B</a></li><li><a href="/account/c">Page C</a></li>'
       '<li><a href="/logout">Sign out</a></li></ul></nav>')


class SignInSite:
    """uses: page loads each new session allows, in order of sign-in (None: no end); the last
    value holds for every later session."""

    def __init__(self, uses: list[int | None] | None = None):
        self.uses = list(uses or [None])
        self.sessions: dict[str, int | None] = {}
        self.sign_ins = 0
        self.requests: list[str] = []  # every path asked for, in order
        self.lock = threading.Lock()

    def start_session(self) -> str:
        token = secrets.token_hex(16)
        with self.lock:
            self.sessions[token] = self.uses[min(self.sign_ins, len(self.uses) - 1)]
            self.sign_ins += 1
        return token

    def use(self, token: str | None, from_browser: bool) -> bool:
        """Whether token is a live session, counting this page load against it."""
        with self.lock:
            if token not in self.sessions:
                return False
            left = self.sessions[token]
            if left is not None and from_browser:
                if left <= 0:
                    del self.sessions[token]
                    return False
                self.sessions[token] = left - 1
            return True


def _handler(site: SignInSite):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status, body="", headers=None):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def _token(self) -> str | None:
            for part in (self.headers.get("Cookie") or "").split(";"):
                name, _, value = part.strip().partition("=")
                if name == "session":
                    return value
            return None

        def do_GET(self):
            parts = urlsplit(self.path)
            site.requests.append(parts.path)
            browser = "Chrome" in (self.headers.get("User-Agent") or "")
            if parts.path == "/login":
                error = '<p id="error" role="alert">Wrong user name or password.</p>' if "error" in parts.query else ""
                return self._send(200, PAGE.format(title="Sign in", h1_id="", body=LOGIN_FORM.format(error=error)))
            if parts.path == "/logout":
                site.sessions.pop(self._token(), None)
                return self._send(302, headers={"Location": "/login", "Set-Cookie": "session=; Path=/; Max-Age=0"})
            if parts.path in ("/account", "/account/a", "/account/b", "/account/c"):
                if not site.use(self._token(), browser):
                    return self._send(302, headers={"Location": f"/login?next={parts.path}"})
                title = {"/account": "Your account"}.get(parts.path, f"Page {parts.path[-1].upper()}")
                h1_id = ' id="signed-in"' if parts.path == "/account" else ""
                return self._send(200, PAGE.format(title=title, h1_id=h1_id, body=NAV + f"<p>{title}, {USER}.</p>"))
            return self._send(404, PAGE.format(title="Not found", h1_id="", body="<p>Nothing here.</p>"))

        def do_POST(self):
            site.requests.append(urlsplit(self.path).path)
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode())
            if form.get("user") == [USER] and form.get("password") == [PASSWORD]:
                token = site.start_session()
                return self._send(302, headers={"Location": "/account",
                                                "Set-Cookie": f"session={token}; Path=/; HttpOnly; SameSite=Lax"})
            return self._send(302, headers={"Location": "/login?error=1"})

    return Handler


@contextmanager
def signin_site(site: SignInSite):
    with serving(_handler(site)) as base:
        yield base
