"""Pages that navigate themselves, each case built to happen one way only.

What the scanner promises (scan.py): a zero-delay meta refresh is a redirect, so
its target is the page (and a target that cannot load is an error); anything that
tries to navigate the tab once the document has been read is refused, so the page
is audited as it loaded; a document that replaces itself by a navigation begun
before that is audited again once the new one is there, never reported half and half.

The fixtures decide the order of events instead of leaving it to timing: responses
are held until the test or the page releases them, and "once the document has been
read" is the moment the scanner tags it (window.__a11yDocumentMark), which a page's
setter sees. A synchronous request from that setter proves the trap really fired.
"""
from __future__ import annotations

import socket
import threading

import pytest

from tests.support import pages_by_url, read_results, scan

from .siteserver import counted, from_browser, held, page, site

LANDING_A = page("Landing A", '<img src="a.png">')  # image-alt: the target's own finding
OWN = '<input type="text">'  # label: the finding of a page audited as it loaded


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def after_read(beacon: str, action: str) -> str:
    """A script that runs `action` at the moment the scanner has read and tagged the document."""
    return ("<script>Object.defineProperty(window, '__a11yDocumentMark', {configurable: true,"
            " get() { return this.__mark; },"
            f" set(v) {{ this.__mark = v; const x = new XMLHttpRequest(); x.open('GET', '{beacon}', false);"
            f" x.send(); {action} }} }});</script>")


def _rules(p) -> set[str]:
    return {v["rule"] for v in p["violations"]}


def audited(p) -> str:
    """Which document's findings a record holds: the landing pages' image (image-alt) or the
    self-navigating page's own field (label). Other rules (a delayed refresh is a finding
    too) do not say which document it was."""
    marks = _rules(p) & {"image-alt", "label"}
    assert len(marks) == 1, p
    return {"image-alt": "landing", "label": "own"}[marks.pop()]


def test_self_navigating_pages_each_get_the_promised_record(tmp_path):
    dead = f"http://127.0.0.1:{closed_port()}/"
    release = threading.Event()
    hits: list[str] = []
    routes = {
        "/": page("Home", "".join(f'<a href="{p}">{p}</a>' for p in (
            "/refresh-zero", "/refresh-home", "/refresh-dead", "/refresh-later", "/refresh-invalid-first",
            "/after-read", "/dead-after-read"))),
        # A zero-delay refresh is a redirect: the target is the page ...
        "/refresh-zero": page("Refresh zero", '<meta http-equiv="refresh" content="0; url=/landing-a">' + OWN),
        "/landing-a": LANDING_A,
        # ... a redirect to a page scanned already is a duplicate ...
        "/refresh-home": page("Refresh home", '<meta http-equiv="refresh" content="0;URL=\'/\'">' + OWN),
        # ... and a redirect to an address that cannot load is an error.
        "/refresh-dead": page("Refresh dead", f'<meta http-equiv="refresh" content="0; url={dead}">' + OWN),
        # A delayed refresh: the page as it loaded. Its target is held until the scan is
        # over, so the refresh cannot replace the page whenever it fires.
        "/refresh-later": page("Refresh later", '<meta http-equiv="refresh" content="1; url=/held">' + OWN),
        # The browser acts on the first valid refresh only: "0: url" (a colon) is not one, so
        # this is a delayed refresh too, not a redirect to wait for.
        "/refresh-invalid-first": page("Refresh invalid first", f'<meta http-equiv="refresh" content="0: {dead}">'
                                       '<meta http-equiv="refresh" content="1; url=/held">' + OWN),
        # Not counted: on a busy machine a 1 s refresh can fire before the document is read,
        # a navigation begun before the hold, whose request the browser sends (a loaded 2-core
        # CI run saw it). Its answer waits for the end of the scan, so it cannot replace the
        # page: what these cases require is the record. Navigations that start after the read
        # are the traps below, which fire exactly then, and are counted.
        "/held": held(release, LANDING_A),
        # Navigations that start once the document has been read are refused.
        "/after-read": page("After read", OWN + after_read("/tried-after-read", "location.href = '/landing-b';")),
        "/landing-b": counted(hits, page("Landing B", '<img src="b.png">')),
        "/dead-after-read": page("Dead after read", OWN + after_read(
            "/tried-dead", f"document.head.insertAdjacentHTML('beforeend', "
                           f"'<meta http-equiv=\"refresh\" content=\"0; url={dead}\">');")),
        "/tried-after-read": counted(hits, lambda h: h._send(204, b"")),
        "/tried-dead": counted(hits, lambda h: h._send(204, b"")),
    }
    try:
        with site(routes) as base:
            out = tmp_path / "out"
            scan(base + "/", "--out", out, "-q", "--no-sitemap", expect=3)  # violations, and /refresh-dead's error
    finally:
        release.set()
    pages = pages_by_url(read_results(out))

    zero = pages[base + "/refresh-zero"]
    assert (zero["status"], zero["final_url"], zero["title"]) == ("scanned", base + "/landing-a", "Landing A"), zero
    assert audited(zero) == "landing"
    assert base + "/landing-a" not in pages  # scanned once, as /refresh-zero's final URL

    home = pages[base + "/refresh-home"]
    assert (home["status"], home["reason"]) == ("skipped", f"duplicate: redirects to {base}/, scanned already"), home

    gone = pages[base + "/refresh-dead"]
    assert gone["status"] == "error", gone
    assert gone["reason"] == ("navigation failed: the page redirected itself (meta refresh or script) "
                              f"to {dead}, which could not be loaded (net::ERR_CONNECTION_REFUSED)")
    assert gone["violations"] == []

    for path, title in (("/refresh-later", "Refresh later"), ("/refresh-invalid-first", "Refresh invalid first"),
                        ("/after-read", "After read"),
                        ("/dead-after-read", "Dead after read")):
        p = pages[base + path]
        assert (p["status"], p["final_url"], p["title"]) == ("scanned", base + path, title), p
        assert audited(p) == "own"
    # The traps fired once each (no retry), and the refused navigation never left the browser.
    assert sorted(hits) == ["/tried-after-read", "/tried-dead"]


@pytest.mark.parametrize("found_by_link", [False, True], ids=["seed", "discovered"])
def test_document_replaced_before_it_was_read_is_the_page(tmp_path, found_by_link):
    # /start navigates itself at its load event, so the navigation is under way before the
    # scanner reads the document (Playwright holds an evaluation while a navigation is
    # pending, then it fails as the old document goes). The page is the document that
    # replaced it, audited once and whole: never /start's title with /landing's findings.
    # Reached by a link, it is no duplicate of itself, and nothing is retried.
    starts: list[str] = []
    routes = {
        "/": page("Home", '<a href="/start">Start</a>'),
        "/start": from_browser(starts, page("Start", OWN + "<p><span>text</span></p>" * 2000 +
                                       "<script>addEventListener('load', () => { location.href = '/landing'; })"
                                       "</script>")),
        "/landing": page("Landing", '<img src="l.png">'),
    }
    with site(routes) as base:
        out = tmp_path / "out"
        seed = ["/", "--depth", "1"] if found_by_link else ["/start", "--depth", "0"]
        scan(base + seed[0], *seed[1:], "--out", out, "-q", "--no-sitemap", "--checks", "none", expect=1)
    pages = pages_by_url(read_results(out))
    p = pages[base + "/start"]
    assert (p["status"], p["final_url"], p["title"]) == ("scanned", base + "/landing", "Landing"), p
    assert audited(p) == "landing"
    assert base + "/landing" not in pages
    assert starts == ["/start"]  # one attempt
