"""Signed out or merely sent home (--login): a page sent to the sign-in page's address is a
sign-out only when that page shows it (a sign-in form, or no signed-in marker where it used
to be). The sign-in page is where the credentials were filled in, not the first page the
login visited; a redirect to a public home page, or to a home page that is also the sign-in
page but shows the account, is an ordinary redirect; a real sign-out still signs in again."""
from __future__ import annotations

from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest

from tests.support import read_results, scan

from .signin_site import LOGIN_FORM, NAV, PAGE, PASSWORD, USER, SignInSite, _handler
from .siteserver import serving

ENV = {"A11Y_TEST_PASSWORD": PASSWORD}
CREDENTIALS = """- fill: {selector: "#user", value: "ci-bot"}
- fill: {selector: "#password", value: "${A11Y_TEST_PASSWORD}"}
- click: "button[type=submit]"
- wait_for: "#signed-in"
"""
# The sign-in starts on the public home page and follows its "Sign in" link to the form.
VIA_HOME = '- goto: /\n- click: "text=Sign in"\n' + CREDENTIALS
# The home page is the sign-in page: its form signs in, and, signed in, it shows the account.
AT_HOME = "- goto: /\n" + CREDENTIALS
ACCOUNT = ("/account", "/account/a", "/account/b", "/account/c")
ACCOUNT_URLS = tuple(u.lstrip("/") for u in ACCOUNT)  # as _pages names them
OLD_HOME = '<p><a href="/index.html">Home</a></p>'  # the old address, which answers 301 to /


class HomeSite(SignInSite):
    """The sign-in site with a home page at / and its old address /index.html (301 to /).
    form_at_home: / is the sign-in page (its form; the account once signed in), and a page
    asked for without a session is sent there; else / is public, with a "Sign in" link."""

    def __init__(self, uses: list[int | None] | None = None, form_at_home: bool = False):
        super().__init__(uses)
        self.form_at_home = form_at_home


def _home_handler(site: HomeSite):
    class Handler(_handler(site)):
        def do_GET(self):
            path = urlsplit(self.path).path
            if path not in ("/", "/index.html", *ACCOUNT):
                return super().do_GET()  # /login, /logout, anything else: the sign-in site's
            site.requests.append(path)
            if path == "/index.html":
                return self._send(301, headers={"Location": "/"})
            if path == "/" and not site.form_at_home:
                return self._send(200, PAGE.format(title="Welcome", h1_id="",
                                                   body='<p><a href="/login">Sign in</a></p>'))
            if not site.use(self._token(), "Chrome" in (self.headers.get("User-Agent") or "")):
                if path == "/":
                    return self._send(200, PAGE.format(title="Welcome", h1_id="", body=LOGIN_FORM.format(error="")))
                return self._send(302, headers={"Location": ("/" if site.form_at_home else "/login") + f"?next={path}"})
            title = {"/": "Welcome back", "/account": "Your account"}.get(path, f"Page {path[-1].upper()}")
            h1_id = ' id="signed-in"' if path in ("/", "/account") else ""
            return self._send(200, PAGE.format(title=title, h1_id=h1_id, body=NAV + OLD_HOME + f"<p>{title}, {USER}.</p>"))

    return Handler


@contextmanager
def home_site(site: HomeSite):
    with serving(_home_handler(site)) as base:
        yield base


def _pages(out) -> dict[str, dict]:
    return {p["url"].split("/", 3)[3]: p for p in read_results(out)["pages"]}


@pytest.mark.parametrize("login, form_at_home", [(VIA_HOME, False), (AT_HOME, True)], ids=["public-home", "form-at-home"])
def test_a_redirect_to_the_home_page_while_signed_in_is_not_a_sign_out(tmp_path, login, form_at_home):
    (tmp_path / "login.yaml").write_text(login)
    site = HomeSite(form_at_home=form_at_home)
    with home_site(site) as base:
        proc = scan(f"{base}/account", "--login", "login.yaml", "--out", "out", "--format", "json",
                    "--checks", "none", "--fail-on", "none", cwd=tmp_path, env=ENV, expect=0)
    assert "signed out" not in proc.stderr
    assert site.sign_ins == 1 and "/logout" not in site.requests
    results = read_results(tmp_path / "out")
    assert results["complete"] is True
    pages = _pages(tmp_path / "out")
    assert "/index.html" in site.requests
    assert pages["index.html"]["status"] != "error", pages["index.html"]
    assert pages["index.html"]["final_url"] == f"{base}/"
    assert {u for u, p in pages.items() if p["status"] == "scanned"} >= set(ACCOUNT_URLS)
    if form_at_home:  # the home page was scanned as the account shows it, not as a sign-in form
        [home] = [p for p in pages.values() if p.get("final_url") == f"{base}/" and p["status"] == "scanned"]
        assert home["title"] == "Welcome back"


@pytest.mark.parametrize("login, form_at_home", [(VIA_HOME, False), (AT_HOME, True)], ids=["public-home", "form-at-home"])
def test_a_real_sign_out_is_still_found_and_signs_in_again(tmp_path, login, form_at_home):
    (tmp_path / "login.yaml").write_text(login)
    site = HomeSite(uses=[3, None], form_at_home=form_at_home)  # the first session ends after 3 page loads
    with home_site(site) as base:
        proc = scan(f"{base}/account", "--login", "login.yaml", "--out", "out", "--format", "json",
                    "--checks", "none", "--fail-on", "none", "--concurrency", "1", cwd=tmp_path, env=ENV, expect=0)
    assert "signed out while scanning" in proc.stderr and "signing in again" in proc.stderr
    assert site.sign_ins == 2
    pages = _pages(tmp_path / "out")
    assert {u: p["title"] for u, p in pages.items() if u in ACCOUNT_URLS} == {
        "account": "Your account", "account/a": "Page A", "account/b": "Page B", "account/c": "Page C"}
    assert all(pages[u]["status"] == "scanned" for u in ACCOUNT_URLS)
    assert read_results(tmp_path / "out")["complete"] is True


def test_a_cached_redirect_to_the_home_page_is_looked_at_again(tmp_path):
    """--cache: the record of /index.html says it landed on the sign-in page's address; the page
    itself, loaded again, shows the account: no sign-out on the re-scan either."""
    (tmp_path / "login.yaml").write_text(AT_HOME)
    site = HomeSite(form_at_home=True)
    with home_site(site) as base:
        for out in ("first", "second"):
            proc = scan(f"{base}/account", "--login", "login.yaml", "--out", out, "--format", "json",
                        "--checks", "none", "--fail-on", "none", "--cache", "cache", cwd=tmp_path, env=ENV, expect=0)
            assert "signed out" not in proc.stderr
            assert _pages(tmp_path / out)["index.html"]["status"] != "error"
    assert site.sign_ins == 2  # one a scan
