"""A single-page app hosted with a history fallback: the server answers every route with the
same index.html, and the app renders each route's own page from location.pathname once its
data has come. Every route is a page of its own, for a scan (pages are told apart by what they
show once rendered: pagework.CONTENT_DIGEST) and for `a11y crawl` (which keeps byte-identical
HTML that is an app shell); the same page at two addresses (/ and /index.html) is still one.

Real Chromium, a real loopback server."""
from __future__ import annotations

import http.server
import json

import pytest

from tests.support import pages_by_url, read_results, run_a11y, scan

from .siteserver import PAGE, serving

pytestmark = pytest.mark.browser

SHELL = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Agency</title></head>'
         '<body><div id="root"></div><script src="/app.js"></script></body></html>')
ROUTES = {"/": ["Home", "Welcome to the agency."], "/about": ["About us", "Who we are and what we do."],
          "/services": ["Services", "Permits, licences and benefits."], "/contact": ["Contact", "Write or call."]}
# The app: its data first, then the page of the route (/index.html is the home page, as many
# apps route it), with links to every route.
APP = """fetch('/data/pages.json').then((r) => r.json()).then((pages) => {
  const path = location.pathname === '/index.html' ? '/' : location.pathname;
  const [title, text] = pages[path] || ['Page not found', 'There is no page here.'];
  document.title = title + ' | Agency';
  const nav = Object.keys(pages).map((p) => '<a href="' + p + '">' + pages[p][0] + '</a>').join(' ');
  document.getElementById('root').innerHTML = '<header><nav>' + nav + ' <a href="/index.html">Start</a></nav></header>' +
    '<main><h1>' + title + '</h1><p>' + text + '</p></main>';
});"""
# Two addresses of one static page with the same HTML (no scripts): one page for crawl too.
STATIC = PAGE.format(title="Opening hours", body="<p>" + "We are open from nine to five on weekdays. " * 8 + "</p>")
SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           + "".join(f"<url><loc>BASE{p}</loc></url>" for p in [*ROUTES, "/hours", "/hours.html"]) + "</urlset>")


class _Fallback(http.server.BaseHTTPRequestHandler):
    """Files where there are files; index.html (the shell) for every other path."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        base = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}"
        if path == "/app.js":
            return self._send(APP, "text/javascript")
        if path == "/data/pages.json":
            return self._send(json.dumps(ROUTES), "application/json")
        if path in ("/hours", "/hours.html"):
            return self._send(STATIC)
        if path == "/sitemap.xml":
            return self._send(SITEMAP.replace("BASE", base), "application/xml")
        if path == "/robots.txt":
            return self._send("", "text/plain", 404)
        return self._send(SHELL)

    def _send(self, body: str, content_type: str = "text/html; charset=utf-8", status: int = 200):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def test_every_route_of_an_app_served_with_a_history_fallback_is_a_page_of_its_own(tmp_path):
    out = tmp_path / "out"
    with serving(_Fallback) as base:
        scan(base + "/", "--checks", "none", "--rules", "document-title,html-has-lang", "--no-sitemap",
             "--format", "json", "--out", out, "-q", expect=0)
    pages = pages_by_url(read_results(out))
    for route, (title, _) in ROUTES.items():
        page = pages[base + route]
        assert (page["status"], page["title"]) == ("scanned", f"{title} | Agency"), page
    duplicates = {url: p["reason"] for url, p in pages.items() if (p["reason"] or "").startswith("duplicate")}
    # The one true duplicate: the home page again, at its other address.
    assert duplicates == {base + "/index.html": f"duplicate: same content as {base}/"}


def test_crawl_keeps_the_routes_of_an_app_shell_and_leaves_out_a_true_copy(tmp_path):
    listing = tmp_path / "urls.txt"
    with serving(_Fallback) as base:
        proc = run_a11y("crawl", base + "/", "-o", listing)
    assert proc.returncode == 0, proc.stderr
    listed = listing.read_text().splitlines()
    assert set(listed) >= {base + route for route in ROUTES}  # the sitemap's routes, each its own page
    hours = [url for url in listed if url.startswith(base + "/hours")]
    assert len(hours) == 1  # /hours and /hours.html: the same HTML, not a shell: one page
    assert f"same content as {hours[0]}; left out" in proc.stderr
    # Said once, not for every route.
    assert proc.stderr.count("app shell") == 1, proc.stderr
    assert "3 URL(s) kept although their HTML is byte for byte another page's" in proc.stderr


class _FallbackWithValidators(_Fallback):
    """The same app, each answer with an ETag (its content's hash) and 304 to a request that has it:
    what `--cache` needs to ask whether a page is unchanged."""

    def _send(self, body: str, content_type: str = "text/html; charset=utf-8", status: int = 200):
        import hashlib
        tag = '"' + hashlib.sha256(body.encode()).hexdigest()[:16] + '"'
        if status == 200 and self.headers.get("If-None-Match") == tag:
            self.send_response(304)
            self.send_header("ETag", tag)
            self.end_headers()
            return
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", tag)
        self.end_headers()
        self.wfile.write(data)


def test_a_re_scan_with_the_cache_keeps_the_routes_apart(tmp_path):
    # Cached pages are told apart by what they showed rendered, as in the browser: the routes'
    # shared bytes do not make them duplicates of one another on the warm scan.
    cache = tmp_path / "cache"
    with serving(_FallbackWithValidators) as base:
        for run in ("cold", "warm"):
            scan(base + "/", "--checks", "none", "--rules", "document-title", "--no-sitemap", "--cache", cache,
                 "--format", "json", "--out", tmp_path / run, "-q", expect=0)
    warm = pages_by_url(read_results(tmp_path / "warm"))
    for route, (title, _) in ROUTES.items():
        assert (warm[base + route]["status"], warm[base + route]["title"]) == ("scanned", f"{title} | Agency")
    assert any(p.get("from_cache") for p in warm.values())  # the warm scan did use the cache
    duplicates = [url for url, p in warm.items() if (p["reason"] or "").startswith("duplicate")]
    assert duplicates == [base + "/index.html"]
