"""--cache: a re-scan reuses the records of unchanged pages without opening them in the browser.

A real Chromium and a loopback site that answers conditional requests (ETag, Last-Modified)
and counts every request: who made it (Chromium, or the scanner's revalidation) and with which
conditional headers. Each page runs a script that calls /beacon when it loads, so a page opened
in the browser leaves a trace at the server that revalidation never makes.
"""
from __future__ import annotations

import email.utils
import hashlib
import json
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from a11y.browser import find_chromium
from a11y.engines.checks import check_ids
from tests.scanner.siteserver import site
from tests.support import pages_by_url, read_results, scan

SCHEMA = json.loads((resources.files("a11y") / "data" / "results.schema.json").read_text(encoding="utf-8"))
BEACON = "<script>new Image().src = '/beacon?from=' + encodeURIComponent(location.pathname);</script>"
LAST_MODIFIED = email.utils.formatdate(1_700_000_000, usegmt=True)


def html(title: str, body: str, head: str = "") -> str:
    return (f'<!doctype html><html lang="en"><head><title>{title}</title>{head}</head>'
            f"<body><main><h1>{title}</h1>{body}</main>{BEACON}</body></html>")


@dataclass
class Hit:
    path: str
    query: str
    who: str  # "browser" (Chromium), "revalidation" (--cache's checks) or "discovery" (robots.txt, the seed's probe)
    if_none_match: str | None
    if_modified_since: str | None
    status: int

    @property
    def browser(self) -> bool:
        return self.who == "browser"


class Site:
    """Files served with validators: ETag (pages, site.css), Last-Modified (app.js), or none
    (other.css, the beacon). Change a file with `site.files[path] = ...` between scans."""

    VALIDATORS = {"/app.js": "last-modified", "/other.css": None, "/beacon": None, "/pic.png": None}

    def __init__(self):
        self.files = {
            "/": html("Home", '<p>Welcome.</p><a href="/a">A</a> <a href="/b">B</a>',
                      '<link rel="stylesheet" href="/site.css">'),
            "/a": html("A", '<p>Page A.</p><input type="text"><a href="/c">C</a>',  # an unlabelled field
                       '<link rel="stylesheet" href="/site.css">'),
            "/b": html("B", "<p>Page B.</p>", '<link rel="stylesheet" href="/site.css"><script src="/app.js"></script>'),
            "/c": html("C", "<p>Page C.</p>", '<link rel="stylesheet" href="/other.css">'),
            "/site.css": "body { color: #000; background: #fff; }",
            "/other.css": "body { color: #000; background: #fff; }",
            "/app.js": "document.documentElement.dataset.app = '1';",
            "/beacon": "",
            "/d": html("D", "<p>Linked from nowhere yet.</p>"),
        }
        self.hits: list[Hit] = []
        self._lock = threading.Lock()

    def routes(self) -> dict:
        return {path: self._answer for path in self.files}

    def _answer(self, h) -> None:
        path, _, query = h.path.partition("?")
        body = self.files[path].encode()
        kind = self.VALIDATORS.get(path, "etag")
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        inm, ims = h.headers.get("If-None-Match"), h.headers.get("If-Modified-Since")
        fresh = (kind == "etag" and inm == etag) or (kind == "last-modified" and ims == self.last_modified(path))
        with self._lock:
            self.hits.append(Hit(path, query, _who(h.headers.get("User-Agent") or ""), inm, ims, 304 if fresh else 200))
        headers = {"ETag": etag} if kind == "etag" else (
            {"Last-Modified": self.last_modified(path)} if kind == "last-modified" else {"Cache-Control": "no-store"})
        if fresh:
            h.send_response(304)
            for k, v in headers.items():
                h.send_header(k, v)
            h.end_headers()
            return
        ctype = {"/site.css": "text/css", "/other.css": "text/css", "/app.js": "text/javascript",
                 "/beacon": "image/gif"}.get(path, "text/html; charset=utf-8")
        h._send(200, body, ctype, headers)

    def last_modified(self, path: str) -> str:
        # A file's date moves with its content, as a static server's would.
        digest = int(hashlib.sha256(self.files[path].encode()).hexdigest()[:6], 16)
        return email.utils.formatdate(1_700_000_000 + digest, usegmt=True)

    def take_hits(self) -> list[Hit]:
        with self._lock:
            hits, self.hits = self.hits, []
        return hits


def _who(agent: str) -> str:
    if "Chrome" in agent:
        return "browser"
    return "revalidation" if "cache revalidation" in agent else "discovery"


@pytest.fixture
def cached_site():
    s = Site()
    with site(s.routes()) as base:
        s.base = base
        yield s


def run(s: Site, tmp_path: Path, name: str, *extra, checks: str = "none", env: dict | None = None):
    """Scan the site with --cache tmp_path/cache into tmp_path/name: (results, stdout+stderr, hits)."""
    s.take_hits()
    proc = scan(s.base + "/", "--cache", tmp_path / "cache", "--out", tmp_path / name, "--no-sitemap",
                "--checks", checks, "--format", "json,html,md", "--concurrency", "2", "--fail-on", "none", *extra,
                expect=0, env=env)
    return read_results(tmp_path / name), proc.stdout + proc.stderr, s.take_hits()


def reused(s: Site, results: dict) -> dict[str, bool]:
    """{path: from_cache} of the scanned pages."""
    return {url[len(s.base):]: p["from_cache"] for url, p in pages_by_url(results).items() if p["status"] == "scanned"}


def browser_pages(hits: list[Hit]) -> list[str]:
    """The pages Chromium opened, by the beacon each calls when it loads."""
    return sorted(h.query.removeprefix("from=").replace("%2F", "/") for h in hits if h.browser and h.path == "/beacon")


def findings(results: dict) -> list:
    return sorted((f["fingerprint"], sorted(o["url"] for o in f["occurrences"])) for f in results["findings"])


def page_results(results: dict) -> dict:
    keep = ("status", "final_url", "title", "http_status", "violations", "incomplete", "passed", "inapplicable")
    return {url: {k: p[k] for k in keep} for url, p in pages_by_url(results).items()}


def entry_for(tmp_path: Path, url: str) -> Path:
    matches = [f for f in (tmp_path / "cache" / "pages").glob("*.json") if json.loads(f.read_text())["url"] == url]
    assert len(matches) == 1, (url, matches)
    return matches[0]


def counting_chromium(tmp_path: Path) -> tuple[dict, Path]:
    """An A11Y_CHROMIUM that notes each time it runs: "version" when asked its --version,
    "launch" when the real browser starts."""
    launches, wrapper = tmp_path / "launches.log", tmp_path / "chromium"
    wrapper.write_text(f'#!/bin/sh\nif [ "$1" = "--version" ]; then echo version; else echo launch; fi >> "{launches}"\n'
                       f'exec "{find_chromium()}" "$@"\n')
    wrapper.chmod(0o755)
    return {"A11Y_CHROMIUM": str(wrapper)}, launches


def test_an_unchanged_site_is_reused_without_opening_a_page(cached_site, tmp_path):
    s = cached_site
    env, launches = counting_chromium(tmp_path)
    cold, _, cold_hits = run(s, tmp_path, "cold", env=env)
    assert reused(s, cold) == {"/": False, "/a": False, "/b": False, "/c": False}
    assert browser_pages(cold_hits) == ["/", "/a", "/b", "/c"]
    assert launches.read_text().split() == ["version", "launch"]

    warm, output, hits = run(s, tmp_path, "warm", env=env)
    assert reused(s, warm) == {"/": True, "/a": True, "/b": True, "/c": True}
    # Nothing needed the browser, so it was never even started (its start-up was most of a warm scan),
    # nor asked its version: the cache folder remembers it for this executable file.
    assert launches.read_text().split() == ["version", "launch"]
    # /c is linked only from /a: the links of a reused page still feed discovery.
    assert pages_by_url(warm)[s.base + "/c"]["found_on"] == s.base + "/a"
    # Nothing was opened in the browser: Chromium made no request at all (so no beacon either).
    assert [h for h in hits if h.browser] == []
    # Every resource the pages loaded was asked about once (site.css is on three pages),
    # conditionally where it has validators, and found unchanged.
    asked = {h.path + (f"?{h.query}" if h.query else ""): h for h in hits if h.who == "revalidation"}
    assert len([h for h in hits if h.who == "revalidation"]) == len(asked)
    beacons = [f"/beacon?from=%2F{page}" for page in ("", "a", "b", "c")]
    assert sorted(asked) == sorted(["/", "/a", "/app.js", "/b", "/c", "/other.css", "/site.css", *beacons])
    for path in ("/", "/a", "/b", "/c", "/site.css"):
        assert asked[path].if_none_match and asked[path].status == 304, asked[path]
    assert asked["/app.js"].if_modified_since == s.last_modified("/app.js") and asked["/app.js"].status == 304
    assert asked["/other.css"].status == 200  # no validators: fetched and compared by its hash
    # The same findings, and the same records but for how they were obtained.
    assert findings(warm) == findings(cold) != []
    assert page_results(warm) == page_results(cold)
    assert list(Draft202012Validator(SCHEMA).iter_errors(warm)) == []
    # The reports say which pages came from the cache.
    assert "4 pages scanned (4 from the cache)" in output
    report = (tmp_path / "warm" / "report.html").read_text()
    assert report.count("from the cache (unchanged since an earlier scan)") == 1 + 4 + 4  # totals, table, sections
    assert "| Of those, reused from the cache (unchanged since an earlier scan) | 4 |" in (
        tmp_path / "warm" / "summary.md").read_text()
    assert "from the cache" not in (tmp_path / "cold" / "report.html").read_text()


def test_a_changed_stylesheet_rescans_exactly_the_pages_that_use_it(cached_site, tmp_path):
    s = cached_site
    run(s, tmp_path, "cold")
    # Light grey on white: a contrast failure on every page that uses site.css, and only there.
    s.files["/site.css"] = "body { color: #bbb; background: #fff; }"
    warm, _, hits = run(s, tmp_path, "warm")
    assert reused(s, warm) == {"/": False, "/a": False, "/b": False, "/c": True}
    assert browser_pages(hits) == ["/", "/a", "/b"]
    pages = pages_by_url(warm)
    assert sorted(url[len(s.base):] for url, p in pages.items()
                  if any(r["rule"] == "color-contrast" for r in p["violations"])) == ["/", "/a", "/b"]
    # Scanned again, the pages are stored again: the next scan reuses every page.
    again, _, hits = run(s, tmp_path, "again")
    assert reused(s, again) == {"/": True, "/a": True, "/b": True, "/c": True}
    assert browser_pages(hits) == []
    assert findings(again) == findings(warm)


def test_each_change_rescans_exactly_the_pages_it_touches(cached_site, tmp_path):
    s = cached_site
    run(s, tmp_path, "cold")
    # A stylesheet without validators: compared by its content.
    s.files["/other.css"] = "body { color: #000; background: #fff; margin: 1em; }"
    warm, _, hits = run(s, tmp_path, "css")
    assert reused(s, warm) == {"/": True, "/a": True, "/b": True, "/c": False}
    assert browser_pages(hits) == ["/c"]
    # A script (Last-Modified moves with it).
    s.files["/app.js"] = ("addEventListener('DOMContentLoaded', () => document.querySelector('main')"
                          ".insertAdjacentHTML('beforeend', '<img src=\"x.gif\">'));")
    warm, _, hits = run(s, tmp_path, "js")
    assert reused(s, warm) == {"/": True, "/a": True, "/b": False, "/c": True}
    assert browser_pages(hits) == ["/b"]
    assert [r["rule"] for r in pages_by_url(warm)[s.base + "/b"]["violations"]] == ["image-alt"]
    # The HTML: the page is scanned, and the page it now links to is found and scanned.
    s.files["/b"] = html("B", '<p>Page B, now with a link.</p><a href="/d">D</a>',
                         '<link rel="stylesheet" href="/site.css"><script src="/app.js"></script>')
    warm, _, hits = run(s, tmp_path, "html")
    assert reused(s, warm) == {"/": True, "/a": True, "/b": False, "/c": True, "/d": False}
    assert browser_pages(hits) == ["/b", "/d"]
    assert pages_by_url(warm)[s.base + "/d"]["found_on"] == s.base + "/b"


def test_another_engine_version_or_a_damaged_entry_means_a_real_scan_of_that_page(cached_site, tmp_path):
    s = cached_site
    run(s, tmp_path, "cold")
    path = entry_for(tmp_path, s.base + "/a")
    entry = json.loads(path.read_text())
    axe = next(e for e in entry["settings"]["engines"] if e["name"] == "axe-core")
    axe["version"] = "4.0.0"  # as if an older axe-core had scanned /a
    path.write_text(json.dumps(entry))
    entry_for(tmp_path, s.base + "/b").write_text('{"format_version": 1, "url": "' + s.base + '/b", "sett')
    warm, output, hits = run(s, tmp_path, "warm")
    assert reused(s, warm) == {"/": True, "/a": False, "/b": False, "/c": True}
    assert browser_pages(hits) == ["/a", "/b"]
    axe_now = next(e for e in json.loads(path.read_text())["settings"]["engines"] if e["name"] == "axe-core")
    assert axe_now["version"] != "4.0.0"  # stored again with the engine that scanned it now
    # The damaged entry is said in one line; another engine version is no damage.
    warnings = [line for line in output.splitlines() if "--cache" in line]
    assert len(warnings) == 1 and "cannot be read (not valid JSON" in warnings[0] and "/b again" in warnings[0]
    assert "Traceback" not in output


def test_a_changed_option_rescans_every_page(cached_site, tmp_path):
    s = cached_site
    run(s, tmp_path, "cold")
    other, _, hits = run(s, tmp_path, "wcag21", "--standard", "wcag21aa")
    assert reused(s, other) == {"/": False, "/a": False, "/b": False, "/c": False}
    assert browser_pages(hits) == ["/", "/a", "/b", "/c"]
    again, _, hits = run(s, tmp_path, "wcag21-again", "--standard", "wcag21aa")
    assert reused(s, again) == {"/": True, "/a": True, "/b": True, "/c": True}
    assert browser_pages(hits) == []
    # Dark mode is another look of every page (other colours, other contrast).
    dark, _, hits = run(s, tmp_path, "dark", "--standard", "wcag21aa", "--color-scheme", "dark")
    assert reused(s, dark) == {"/": False, "/a": False, "/b": False, "/c": False}
    assert browser_pages(hits) == ["/", "/a", "/b", "/c"]


@pytest.mark.parametrize("manifest, why", [
    ('{"format": "a11y-page-cache", "version": 999}', "cache format version 999, and this a11y reads version 1"),
    ("{not json", "its manifest.json cannot be read (not valid JSON"),
], ids=["other-version", "corrupt"])
def test_a_cache_of_another_format_version_or_corrupt_is_ignored_and_said_so(cached_site, tmp_path, manifest, why):
    s = cached_site
    run(s, tmp_path, "cold")
    (tmp_path / "cache" / "manifest.json").write_text(manifest)
    warm, output, hits = run(s, tmp_path, "warm")
    assert reused(s, warm) == {"/": False, "/a": False, "/b": False, "/c": False}
    assert browser_pages(hits) == ["/", "/a", "/b", "/c"]
    warnings = [line for line in output.splitlines() if "--cache" in line]
    assert len(warnings) == 1 and why in warnings[0] and "ignoring what it holds" in warnings[0], output
    # The folder is a cache of this version again: the next scan reuses every page.
    again, _, hits = run(s, tmp_path, "again")
    assert reused(s, again) == {"/": True, "/a": True, "/b": True, "/c": True}


def test_a_cache_folder_that_cannot_be_written_is_a_usage_error(cached_site, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    proc = scan(cached_site.base + "/", "--cache", blocker / "cache", "--out", tmp_path / "out", "-q",
                "--checks", "none", expect=2)
    assert f"a11y: error: --cache {blocker / 'cache'}: cannot write there" in proc.stderr
    assert "hint: choose a folder you can write" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_with_our_checks_on_a_page_is_reused_with_the_same_findings(tmp_path):
    # Our checks open copies of the page and load what it uses again: all of it is recorded.
    s = Site()
    s.files = {"/": html("Checked", '<p>Hello.</p><img src="/pic.png">', '<link rel="stylesheet" href="/site.css">'),
               "/site.css": s.files["/site.css"], "/beacon": "", "/pic.png": "not really a png"}
    with site(s.routes()) as base:
        s.base = base
        cold, _, _ = run(s, tmp_path, "cold", "--depth", "0", checks="all")
        warm, _, hits = run(s, tmp_path, "warm", "--depth", "0", checks="all")
    assert [p["from_cache"] for p in cold["pages"]] == [False]
    assert [p["from_cache"] for p in warm["pages"]] == [True]
    assert [h for h in hits if h.browser] == []
    assert findings(warm) == findings(cold) != []
    assert page_results(warm) == page_results(cold)
    page = cold["pages"][0]
    ran = set(page["passed"] + page["inapplicable"]) | {r["rule"] for r in page["violations"] + page["incomplete"]}
    assert ran & check_ids()  # our checks did run on the cold scan


def test_a_page_that_posts_is_scanned_every_time_and_the_scan_says_so(tmp_path):
    s = Site()
    s.files = {"/": html("Posts", "<p>Hello.</p><script>fetch('/api', {method: 'POST', body: 'x'})</script>"),
               "/beacon": ""}
    routes = {**s.routes(), "/api": s._answer}
    s.files["/api"] = "{}"
    with site(routes) as base:
        s.base = base
        _, output, _ = run(s, tmp_path, "cold", "--depth", "0")
        warm, _, hits = run(s, tmp_path, "warm", "--depth", "0")
    assert [p["from_cache"] for p in warm["pages"]] == [False]
    assert browser_pages(hits) == ["/"]
    assert "a11y: warning: --cache: 1 page(s) not stored, so scanned in full next time" in output
    assert "a POST request" in output


def test_a_local_folder_or_screenshots_say_why_nothing_will_be_reused(tmp_path):
    folder = tmp_path / "public"
    folder.mkdir()
    (folder / "index.html").write_text(html("Local", "<p>Hello.</p>"))
    proc = scan(folder, "--cache", tmp_path / "cache", "--out", tmp_path / "out", "-q", "--checks", "none", expect=0)
    assert (f"a11y: warning: --cache: a local folder ({folder}) is served at a new address on each run, "
            "so its pages are never reused") in proc.stderr
    proc = scan(folder, "--cache", tmp_path / "cache", "--out", tmp_path / "shots", "-q", "--checks", "none",
                "--screenshots", expect=0)
    assert "a11y: warning: --cache is not used with --screenshots" in proc.stderr

