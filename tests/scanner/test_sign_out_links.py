"""Sign-out links end no session of the scan: with --login, --storage-state or --header the
sign-out patterns join --exclude, discovery follows no such link, our checks load none (a
link-same-name-same-purpose comparison), and --cache neither records nor asks about one. A real
scan of a loopback site with a session cookie, whose log of requests is the evidence."""
from __future__ import annotations

import json

import pytest

from tests.support import read_results, scan

from .signin_site import PAGE, PASSWORD, SignInSite, _handler
from .siteserver import counted, page, serving, site

LOGIN = """- goto: /login
- fill: {selector: "#user", value: "ci-bot"}
- fill: {selector: "#password", value: "${A11Y_TEST_PASSWORD}"}
- click: "button[type=submit]"
- wait_for: "#signed-in"
"""
ENV = {"A11Y_TEST_PASSWORD": PASSWORD}
# The reviewer's page: two sign-out links of one name in one paragraph, to different addresses.
ACCOUNT = PAGE.format(title="Your account", h1_id=' id="signed-in"', body=(
    '<p><a href="/logout">Sign out</a> and again <a href="/logout?all=1">Sign out</a></p>'
    '<p><a href="/account/a">Page A</a></p>'))
CHECK = "link-same-name-same-purpose"


def _site_handler(site: SignInSite):
    """signin_site's server, with the reviewer's page as the signed-in /account."""
    class Handler(_handler(site)):
        def do_GET(self):
            if self.path == "/account" and site.use(self._token(), "Chrome" in (self.headers.get("User-Agent") or "")):
                site.requests.append("/account")
                return self._send(200, ACCOUNT)
            return super().do_GET()
    return Handler


def _pages(out) -> dict[str, dict]:
    return {p["url"].split("/", 3)[3]: p for p in read_results(out)["pages"]}


def _check_review(page: dict) -> str:
    [result] = [r for r in page["incomplete"] if r["rule"] == CHECK]
    return result["nodes"][0]["summary"]


def test_a_signed_in_scan_never_requests_sign_out_links_and_says_why_they_need_review(tmp_path):
    (tmp_path / "login.yaml").write_text(LOGIN)
    site = SignInSite()
    with serving(_site_handler(site)) as base:
        proc = scan(f"{base}/account", "--login", "login.yaml", "--out", "out", "--format", "json",
                    "--fail-on", "none", cwd=tmp_path, env=ENV, expect=0)
    assert "/logout" not in site.requests, site.requests
    assert site.sign_ins == 1 and "signed out" not in proc.stderr
    pages = _pages(tmp_path / "out")
    assert pages["account/a"]["status"] == "scanned" and pages["account/a"]["title"] == "Page A"
    assert pages["logout"]["status"] == "skipped" and pages["logout"]["reason"].startswith("excluded")
    summary = _check_review(pages["account"])
    assert f"{base}/logout matches --exclude *[/_?&=-][Ll][Oo][Gg][Oo][Uu][Tt], so it was not loaded" in summary


def test_a_warm_cache_rescan_never_requests_sign_out_links(tmp_path):
    (tmp_path / "login.yaml").write_text(LOGIN)
    site = SignInSite()
    with serving(_site_handler(site)) as base:
        for out in ("cold", "warm"):
            scan(f"{base}/account", "--login", "login.yaml", "--cache", "cache", "--out", out, "--format", "json",
                 "--fail-on", "none", "--depth", "0", cwd=tmp_path, env=ENV, expect=0)
    assert "/logout" not in site.requests, site.requests
    assert _pages(tmp_path / "warm")["account"].get("from_cache") is True


def test_with_a_storage_state_sign_out_links_are_excluded(tmp_path):
    site = SignInSite()
    token = site.start_session()
    state = {"cookies": [{"name": "session", "value": token, "domain": "127.0.0.1", "path": "/", "expires": -1,
                          "httpOnly": True, "secure": False, "sameSite": "Lax"}], "origins": []}
    (tmp_path / "state.json").write_text(json.dumps(state))
    with serving(_site_handler(site)) as base:
        scan(f"{base}/account", "--storage-state", "state.json", "--out", "out", "--format", "json",
             "--fail-on", "none", cwd=tmp_path, expect=0)
    assert "/logout" not in site.requests, site.requests
    pages = _pages(tmp_path / "out")
    assert pages["logout"]["status"] == "skipped"
    assert pages["logout"]["reason"] == "excluded: matches --exclude *[/_?&=-][Ll][Oo][Gg][Oo][Uu][Tt]"
    # Every page after it was audited signed in.
    assert {url: p["final_url"].rsplit("/", 1)[-1] for url, p in pages.items() if p["status"] == "scanned"} == {
        "account": "account", "account/a": "a", "account/b": "b", "account/c": "c"}


@pytest.mark.parametrize("args", [
    ["--exclude", "*logout*"],  # the user's own pattern, no session
    ["--header", "Authorization: Bearer t0ken"],  # a header that may carry a session: the sign-out patterns
])
def test_neither_discovery_nor_the_checks_request_an_excluded_link(tmp_path, args):
    hits: list[str] = []
    links = ('<p><a href="/logout.html">Sign out</a> and again <a href="/logout.html?all=1">Sign out</a></p>')
    with site({"/": page("Home", links), "/logout.html": counted(hits, page("Signed out"))}) as base:
        scan(base + "/", *args, "--out", "out", "--format", "json", "--fail-on", "none", "--no-sitemap",
             cwd=tmp_path, expect=0)
    assert hits == []
    pages = _pages(tmp_path / "out")
    assert pages["logout.html"]["status"] == "skipped" and pages["logout.html"]["reason"].startswith("excluded")
    assert "so it was not loaded" in _check_review(pages[""])


def test_queue_workers_get_the_patterns_their_checks_keep_to():
    from a11y.queue import protocol
    from a11y.scan import ScanOptions

    settings = json.loads(json.dumps(protocol.job_settings(["http://127.0.0.1:9/"], ScanOptions(exclude=["*logout*"]), [])))
    assert protocol.options_from(settings, 1, None).exclude == ["*logout*"]


def test_the_sign_out_patterns_take_whole_words_not_parts_of_other_words():
    from a11y.discovery.urls import match_pattern
    from a11y.login import SIGN_OUT_PATTERNS

    for url in ("https://x.gov/logout", "https://x.gov/account/LogOut?all=1", "https://x.gov/a?action=sign-out",
                "https://x.gov/auth/signoff", "https://x.gov/my_log_out", "https://x.gov/SignOut.aspx"):
        assert match_pattern(url, SIGN_OUT_PATTERNS), url
    # A header or cookie file must not cost a public site's pages that only contain those letters.
    for url in ("https://x.gov/blog-outreach.html", "https://x.gov/design-office.html", "https://x.gov/catalog-outline",
                "https://www.logout-news.gov/", "https://x.gov/blogout"):
        assert match_pattern(url, SIGN_OUT_PATTERNS) is None, url
