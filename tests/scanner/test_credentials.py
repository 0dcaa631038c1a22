"""Credentials stay on their site: --header values go only to the seeds' origins (and those
named with --header-origin), storage-state cookies only where a browser would send them,
from the first request on.

Origin A (127.0.0.1) is the site scanned; origin B (127.0.0.2, another host, so another
site for cookies too) serves what A embeds and where A redirects. Both record what they get.
"""
import json
import time

import pytest

from a11y.credentials import Credentials
from tests.support import pages_by_url, read_results, run_a11y

from .siteserver import PAGE, page, redirect, site

SECRET_HEADERS = {"X-Secret": "s3cret", "Authorization": "Bearer t0ken"}
COOKIE = "session=c00kie"


class Recorded(dict):
    """Routes that record (path, the secret headers, Cookie) of every request, found or not."""

    def __init__(self, routes: dict, log: list):
        super().__init__(routes)
        self.log = log

    def get(self, path, default=None):
        route = super().get(path) or (lambda h: h._send(404, PAGE.format(title="Not found", body="<p>No.</p>")))

        def handle(h):
            self.log.append((path, {k: h.headers.get(k) for k in SECRET_HEADERS}, h.headers.get("Cookie")))
            route(h)
        return handle


def scan_a_with_b(tmp_path, *extra_args):
    a_log, b_log = [], []
    b_routes = {
        "/img.png": lambda h: h._send(200, b"GIF89a", "image/gif"),
        "/avatar.png": lambda h: h._send(200, b"GIF89a", "image/gif"),
        "/s.js": lambda h: h._send(200, "window.fromB = 1;", "text/javascript"),
        "/frame": page("Frame", "<p>From B.</p>"),
        "/landing": page("Landing", "<p>B's page.</p>"),
        "/sitemap.xml": lambda h: h._send(200, '<?xml version="1.0"?><urlset xmlns='
                                           '"http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>',
                                           "application/xml"),
    }
    with site(Recorded(b_routes, b_log), host="127.0.0.2") as b:
        body = (f'<img src="{b}/img.png" alt="From B"><script src="{b}/s.js"></script>'
                f'<iframe src="{b}/frame" title="From B"></iframe><img src="/avatar" alt="Avatar">'
                '<a href="/next">Next</a> <a href="/away">Away</a>')
        a_routes = {"/": page("Home", body), "/next": page("Next", "<p>Also A.</p>"),
                    "/avatar": redirect(f"{b}/avatar.png"), "/away": redirect(f"{b}/landing"),
                    "/sitemap.xml": redirect(f"{b}/sitemap.xml")}
        with site(Recorded(a_routes, a_log)) as a:
            state = tmp_path / "state.json"
            state.write_text(json.dumps({"cookies": [
                {"name": "session", "value": "c00kie", "domain": "127.0.0.1", "path": "/", "expires": -1,
                 "httpOnly": True, "secure": False, "sameSite": "Lax"}], "origins": []}))
            out = tmp_path / "out"
            args = [arg for name, value in SECRET_HEADERS.items() for arg in ("--header", f"{name}: {value}")]
            proc = run_a11y("scan", a + "/", "--out", out, "-q", "--storage-state", state, *args,
                            *[arg.replace("{b}", b) for arg in extra_args])
    return proc, out, a, b, a_log, b_log


def test_secrets_go_to_the_site_only_and_from_its_first_request(tmp_path):
    proc, out, a, b, a_log, b_log = scan_a_with_b(tmp_path)
    assert proc.returncode == 0, proc.stderr
    pages = pages_by_url(read_results(out))
    assert pages[a + "/"]["status"] == "scanned" and pages[a + "/next"]["status"] == "scanned"
    # A: every request carries every secret, the very first (discovery's) included; only
    # Chromium's own favicon fetch, which no page interception sees, goes with the cookie alone.
    assert a_log[0][0] == "/"
    assert {path for path, _, _ in a_log} >= {"/", "/robots.txt", "/sitemap.xml", "/avatar", "/next", "/away"}
    for path, headers, cookie in a_log:
        assert (headers, cookie) == (SECRET_HEADERS if path != "/favicon.ico" else dict.fromkeys(SECRET_HEADERS),
                                     COOKIE), path
    # B: what A embeds, what A redirects to, the sitemap A redirects discovery to, and none of the secrets.
    assert {path for path, _, _ in b_log} >= {"/img.png", "/s.js", "/frame", "/avatar.png", "/landing", "/sitemap.xml"}
    for path, headers, cookie in b_log:
        assert (headers, cookie) == ({"X-Secret": None, "Authorization": None}, None), path
    assert "s3cret" not in (out / "results.json").read_text()


def test_header_origin_names_another_origin_for_the_headers(tmp_path):
    proc, out, a, b, a_log, b_log = scan_a_with_b(tmp_path, "--header-origin", "{b}")
    assert proc.returncode == 0, proc.stderr
    assert {path for path, _, _ in b_log} >= {"/img.png", "/s.js", "/frame", "/avatar.png", "/landing", "/sitemap.xml"}
    assert all(headers == SECRET_HEADERS for _, headers, _ in b_log)
    assert all(cookie is None for _, _, cookie in b_log)  # cookies still follow their domain
    assert read_results(out)["options"]["header_origins"] == [b]


@pytest.mark.parametrize("value", ["ftp://example.org", "not a url", "https://"])
def test_header_origin_must_be_an_http_origin(tmp_path, value):
    proc = run_a11y("scan", "http://127.0.0.1:9/", "--header-origin", value, "--out", tmp_path / "o")
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == (f"a11y: error: invalid value for --header-origin on the command line: "
                                           f"{value!r} is not an http(s) origin such as https://example.gov")


def test_cookies_follow_domain_path_secure_and_expiry():
    now = time.time()
    creds = Credentials.for_site({}, [], cookies=[
        {"name": "host", "value": "1", "domain": "example.gov", "path": "/"},
        {"name": "wide", "value": "2", "domain": ".example.gov", "path": "/"},
        {"name": "docs", "value": "3", "domain": "example.gov", "path": "/docs"},
        {"name": "tls", "value": "4", "domain": "example.gov", "path": "/", "secure": True},
        {"name": "old", "value": "5", "domain": "example.gov", "path": "/", "expires": now - 60},
        {"name": "new", "value": "6", "domain": "example.gov", "path": "/", "expires": now + 3600},
    ])
    assert creds.cookie_header("http://example.gov/") == "host=1; wide=2; new=6"
    assert creds.cookie_header("https://example.gov/docs/a") == "host=1; wide=2; docs=3; tls=4; new=6"
    assert creds.cookie_header("http://example.gov/docsx") == "host=1; wide=2; new=6"
    assert creds.cookie_header("http://www.example.gov/") == "wide=2"
    assert creds.cookie_header("http://example.org/") is None


def test_headers_go_to_the_named_origins_only():
    creds = Credentials.for_site({"X-Secret": "s"}, ["https://example.gov"])
    assert creds.headers_for("https://example.gov/a?b") == {"X-Secret": "s"}
    assert creds.headers_for("https://EXAMPLE.gov:443/") == {"X-Secret": "s"}
    for other in ("http://example.gov/", "https://example.gov:8443/", "https://cdn.example.gov/",
                  "https://example.gov.evil.test/"):
        assert creds.headers_for(other) == {}, other
