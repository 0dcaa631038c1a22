"""--header values and redirects: every request to the site is sent once, and a value never
reaches another origin, whatever a redirect's target turns out to be when the browser asks.

Origin A (127.0.0.1) is the site scanned with --header; origin B (127.0.0.2) is another
origin. Both record every request with the header's value (None: not sent).
"""
from __future__ import annotations

import secrets
import threading
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support import pages_by_url, read_results, scan

from . import siteserver
from .siteserver import PAGE, page, redirect, serving, site

TOKEN = "SEKRET-HDR-1"
HEADER = ["--header", f"X-Token: {TOKEN}"]


def recorded(log: list, routes: dict) -> dict:
    """routes, each recording (path, the X-Token value) before answering."""
    def recording(path, route):
        def handle(h):
            log.append((path, h.headers.get("X-Token")))
            route(h)
        return handle
    return {path: recording(path, route) for path, route in routes.items()}


@pytest.mark.parametrize("leaves_first", [False, True])
def test_a_redirect_whose_target_varies_never_takes_the_value_to_another_origin(tmp_path, leaves_first):
    """The reviewer's case: /mid answers 200 and 302 to B in turn (a load balancer, an SSO
    state redirect, a one-time link), starting with either. The browser's own request for
    /mid is the only one, and whichever answer it gets, B never sees the value."""
    a_log, b_log, mid_hits = [], [], []
    with site(recorded(b_log, {"/mid-leak": page("B", "<p>Elsewhere.</p>")}), host="127.0.0.2") as b:
        def mid(h):
            mid_hits.append(1)
            if (len(mid_hits) + leaves_first) % 2:
                page("Mid", "<p>Here.</p>")(h)
            else:
                redirect(f"{b}/mid-leak")(h)
        a_routes = {"/": page("Home", '<a href="/once">Once</a>'), "/once": redirect("/mid"), "/mid": mid}
        with site(recorded(a_log, a_routes)) as a:
            scan(a + "/", "--depth", "1", "--include", "/once", *HEADER, "--checks", "none", "--no-sitemap",
                 "--out", tmp_path / "out", "-q", expect=0)
    assert ("/", TOKEN) in a_log and ("/once", TOKEN) in a_log
    assert len(mid_hits) == 1, a_log  # asked for once: nothing walked the chain ahead of the browser
    assert [path for path, _ in b_log] == (["/mid-leak"] if leaves_first else []), b_log
    assert all(value is None for _, value in b_log), b_log


def test_a_fixed_chain_gives_the_value_to_every_hop_on_the_site_and_none_to_another_origin(tmp_path):
    """A /a1 -> A /a2 -> B /landing. The browser follows the chain itself, once: each hop on A
    carries the value, the hop to B does not."""
    a_log, b_log = [], []
    with site(recorded(b_log, {"/landing": page("Landing", "<p>B's page.</p>")}), host="127.0.0.2") as b:
        a_routes = {"/": page("Home", '<a href="/a1">Away</a>'), "/a1": redirect("/a2"), "/a2": redirect(f"{b}/landing")}
        with site(recorded(a_log, a_routes)) as a:
            scan(a + "/", "--depth", "1", *HEADER, "--checks", "none", "--no-sitemap", "--format", "json",
                 "--out", tmp_path / "out", "-q", expect=0)
    assert [entry for entry in a_log if entry[0] != "/"] == [("/a1", TOKEN), ("/a2", TOKEN)], a_log
    assert b_log == [("/landing", None)]


def test_a_chain_through_a_header_origin_gives_the_value_to_each_hop_on_a_credentials_origin(tmp_path):
    """A /a1 -> B /b1 -> A /back, B named with --header-origin (an http:// seed sent to its
    https:// origin and back, a sign-in host): every hop carries the value, each sent once."""
    a_log, b_log = [], []
    a_routes = recorded(a_log, {"/": page("Home", '<a href="/a1">Through B</a>'),
                                "/back": page("Back", "<p>A again.</p>")})
    with site(a_routes) as a:
        with site(recorded(b_log, {"/b1": redirect(f"{a}/back")}), host="127.0.0.2") as b:
            a_routes.update(recorded(a_log, {"/a1": redirect(f"{b}/b1")}))  # looked up per request
            scan(a + "/", "--depth", "1", *HEADER, "--header-origin", b, "--checks", "none", "--no-sitemap",
                 "--format", "json", "--out", tmp_path / "out", "-q", expect=0)
    assert [entry for entry in a_log if entry[0] != "/"] == [("/a1", TOKEN), ("/back", TOKEN)], a_log
    assert b_log == [("/b1", TOKEN)], b_log
    titles = {p.get("title") for p in read_results(tmp_path / "out")["pages"] if p["status"] == "scanned"}
    assert "Back" in titles, titles


class CsrfSignIn:
    """A sign-in form with a single-use CSRF token: POST /login answers 303 to /account with a
    session cookie once; the same token again is refused with 403 (a replayed form)."""

    def __init__(self):
        self.tokens: set[str] = set()
        self.sessions: set[str] = set()
        self.posts: list[tuple[str, str | None]] = []  # (token sent, X-Token value) of every POST
        self.log: list[tuple[str, str, str | None]] = []  # (method, path, X-Token value)
        self.lock = threading.Lock()

    def handler(self):
        state = self

        class Handler(siteserver._Handler):  # its quiet log and _send(status, body, type, headers)
            def _session(self):
                cookie = self.headers.get("Cookie") or ""
                return next((v for k, _, v in (p.strip().partition("=") for p in cookie.split(";"))
                             if k == "session"), None)

            def do_GET(self):
                path = urlsplit(self.path).path
                state.log.append(("GET", path, self.headers.get("X-Token")))
                if path == "/login":
                    token = secrets.token_hex(8)
                    with state.lock:
                        state.tokens.add(token)
                    form = (f'<form method="post" action="/login"><input type="hidden" name="csrf" value="{token}">'
                            '<label for="user">User</label> <input id="user" name="user">'
                            '<button type="submit">Sign in</button></form>')
                    return self._send(200, PAGE.format(title="Sign in", body=form))
                if path == "/account":
                    if self._session() not in state.sessions:
                        return self._send(303, "", headers={"Location": "/login"})
                    return self._send(200, PAGE.format(title="Your account", body='<p id="signed-in">Hello.</p>'))
                return self._send(404, PAGE.format(title="Not found", body="<p>No.</p>"))

            def do_POST(self):
                form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode())
                token = (form.get("csrf") or [""])[0]
                state.log.append(("POST", urlsplit(self.path).path, self.headers.get("X-Token")))
                state.posts.append((token, self.headers.get("X-Token")))
                with state.lock:
                    fresh = token in state.tokens
                    state.tokens.discard(token)
                if not fresh:
                    return self._send(403, PAGE.format(title="Expired", body="<p>That form was sent already.</p>"))
                session = secrets.token_hex(8)
                state.sessions.add(session)
                return self._send(303, "", headers={"Location": "/account", "Set-Cookie": f"session={session}; Path=/"})

        return Handler


LOGIN = """- goto: /login
- fill: {selector: "#user", value: "ci-bot"}
- click: "button[type=submit]"
- wait_for: "#signed-in"
"""


def test_a_sign_in_form_with_a_single_use_token_is_sent_once_with_the_value(tmp_path):
    (tmp_path / "login.yaml").write_text(LOGIN)
    state = CsrfSignIn()
    with serving(state.handler()) as base:
        scan(f"{base}/account", "--login", "login.yaml", *HEADER, "--checks", "none", "--depth", "0",
             "--format", "json", "--out", "out", cwd=tmp_path, expect=0)
    [(token, value)] = state.posts  # one POST: the form was not sent again
    assert value == TOKEN and token
    assert ("GET", "/login", TOKEN) in state.log
    pages = pages_by_url(read_results(tmp_path / "out"))
    assert pages[f"{base}/account"]["status"] == "scanned"
    assert pages[f"{base}/account"]["title"] == "Your account"


class RepostedForm:
    """POST /submit answers 307 to /submit2 (the browser sends the same POST there, as browsers
    do), which answers 303 to /done. Every request is logged with its body and X-Token value."""

    def __init__(self):
        self.log: list[tuple[str, str, str | None, str]] = []  # (method, path, X-Token value, body)

    def handler(self):
        state = self

        class Handler(siteserver._Handler):
            def do_GET(self):
                path = urlsplit(self.path).path
                state.log.append(("GET", path, self.headers.get("X-Token"), ""))
                if path == "/form":
                    form = ('<form method="post" action="/submit"><label for="user">User</label> '
                            '<input id="user" name="user"><button type="submit">Send</button></form>')
                    return self._send(200, PAGE.format(title="Form", body=form))
                if path == "/done":
                    return self._send(200, PAGE.format(title="Done", body='<p id="done">Sent.</p>'))
                return self._send(404, PAGE.format(title="Not found", body="<p>No.</p>"))

            def do_POST(self):
                path = urlsplit(self.path).path
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                state.log.append(("POST", path, self.headers.get("X-Token"), body))
                if path == "/submit":
                    return self._send(307, "", headers={"Location": "/submit2"})
                return self._send(303, "", headers={"Location": "/done"})

        return Handler


def test_a_307_post_is_sent_again_by_the_browser_once_with_the_value(tmp_path):
    (tmp_path / "login.yaml").write_text('- goto: /form\n- fill: {selector: "#user", value: "ci-bot"}\n'
                                         '- click: "button[type=submit]"\n- wait_for: "#done"\n')
    state = RepostedForm()
    with serving(state.handler()) as base:
        scan(f"{base}/done", "--login", "login.yaml", *HEADER, "--checks", "none", "--depth", "0",
             "--format", "json", "--out", "out", cwd=tmp_path, expect=0)
    posts = [entry for entry in state.log if entry[0] == "POST"]
    assert posts == [("POST", "/submit", TOKEN, "user=ci-bot"), ("POST", "/submit2", TOKEN, "user=ci-bot")], state.log
    assert ("GET", "/done", TOKEN, "") in state.log
