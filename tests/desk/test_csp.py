"""No inline script or style on any desk page: the Content-Security-Policy forbids them,
so one that slipped in would silently not run (a broken page, or a broken fallback)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from .conftest import ADMIN, hidden

# What a CSP without 'unsafe-inline' (and without 'unsafe-hashes') refuses to run or apply.
_URL_ATTRS = {"href", "src", "action", "formaction"}


class _InlineCode(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs:
            # Any type: a classic, a module, JSON or an unknown type all sit in the page.
            self.found.append(f"<script type={attrs.get('type')!r}> without src")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            elif name == "style":
                self.found.append(f"style= on <{tag}>")
            elif name in _URL_ATTRS and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL in {name}= on <{tag}>")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    """Every piece of inline script or style in a page, described."""
    parser = _InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


@pytest.mark.parametrize("snippet, expected", [
    ("<script>alert(1)</script>", "<script type=None> without src"),
    ('<script type="module">import "/x.js"</script>', "<script type='module'> without src"),
    ('<SCRIPT TYPE="text/javascript">x()</SCRIPT>', "<script type='text/javascript'> without src"),
    ('<script type="application/ld+json">{}</script>', "<script type='application/ld+json'> without src"),
    ("<style>p{color:red}</style>", "<style> element"),
    ('<p style="color:red">x</p>', "style= on <p>"),
    ('<button onclick="go()">x</button>', "onclick= on <button>"),
    ('<body onload="go()">', "onload= on <body>"),
    ('<img src=x onerror=go() />', "onerror= on <img>"),
    ('<a href=" JavaScript:go()">x</a>', "javascript: URL in href= on <a>"),
])
def test_the_inline_check_finds_inline_code(snippet, expected):
    assert inline_code(f"<!doctype html><html><body>{snippet}</body></html>") == [expected]


def test_the_inline_check_accepts_external_script_and_style():
    page = ('<!doctype html><html><head><link rel="stylesheet" href="/static/desk.css">'
            '<script src="/static/desk.js" defer></script></head>'
            '<body><a href="/x" class="online">the word onclick in text</a></body></html>')
    assert inline_code(page) == []


def _pages(app, client, public, auth) -> dict[str, object]:
    """Every page the desk serves, public and signed in, in its usual states."""
    responses: dict[str, object] = {}
    confirmation = public.submit()
    responses["confirmation"] = confirmation
    status_link = re.search(r'href="http://localhost(/request/[^"]+)"',
                            confirmation.get_data(as_text=True)).group(1)
    reference = status_link.split("/")[2].split("?")[0]
    responses["form with errors"] = public.submit(nature="", email="not an e-mail")
    responses["expired form"] = client.post("/request/new", data={"nature": "x"})
    public_gets = {"status page": status_link, "wrong token": f"/request/{reference}?token=wrong",
                   "404": "/no-such-page"}
    responses["405"] = client.delete("/")
    responses["login error"] = auth.login(password="wrong password here")
    responses["expired login"] = client.post("/coordinator/login", data={"email": "x@example.gov"})

    anonymous_rules = []
    signed_in_rules = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        values = {"reference": reference, "scan_id": 1}  # the request's scan: "not scanned", so no report
        path = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
        (signed_in_rules if rule.endpoint.startswith("coordinator.") else anonymous_rules).append(path)
    for path in anonymous_rules:
        public_gets[f"GET {path}"] = path
    for name, path in public_gets.items():
        responses[name] = client.get(path)

    assert auth.login(email=ADMIN).status_code == 302
    for path in signed_in_rules:
        responses[f"signed in: GET {path}"] = client.get(path, follow_redirects=True)
    responses["signed in: queue with no results"] = client.get("/coordinator/?q=nothing-matches")
    responses["signed in: coordinator 404"] = client.get("/coordinator/requests/A11Y-1999-000000")
    token = hidden(client.get(f"/coordinator/requests/{reference}").get_data(as_text=True), "csrf_token")
    responses["signed in: action with an error"] = client.post(
        f"/coordinator/requests/{reference}/note", data={"note": "", "csrf_token": token})
    responses["signed in: expired action"] = client.post(
        f"/coordinator/requests/{reference}/reply", data={"reply": "kept", "csrf_token": "stale"})
    responses["signed in: after an action"] = client.post(
        f"/coordinator/requests/{reference}/status", data={"status": "in_progress", "csrf_token": token},
        follow_redirects=True)
    return responses


def test_no_page_has_inline_script_or_style(app, client, public, auth):
    pages = _pages(app, client, public, auth)
    checked = 0
    for name, resp in pages.items():
        csp = resp.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe" not in csp, name
        if resp.mimetype != "text/html":
            continue
        html = resp.get_data(as_text=True)
        assert inline_code(html) == [], f"{name} ({resp.status_code})"
        assert '<script src="/static/desk.js"' in html, name  # the check saw a real page
        checked += 1
    # Public pages, the coordinator's pages signed in, and the error and expired states.
    assert checked >= 20, sorted(pages)
    assert any(name.startswith("signed in: GET /coordinator/requests/") for name in pages)
