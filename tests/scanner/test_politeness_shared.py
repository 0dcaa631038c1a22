"""One pause per origin for the whole scan (politeness.py): a 429 or 503 that any of the scan's
requests meets (discovery's, a page load's, --cache's revalidation, a check's copy of a page)
holds back all the others until the time the server named.

Real loopback servers that note when each request arrives and from whom; the assertions are on
what the server saw: nothing reached the origin between the 429 and its Retry-After time."""
from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from dataclasses import dataclass

from a11y.browser import close_copy, copies_wait_in, open_copy
from a11y.cache.revalidate import Revalidator
from a11y.discovery import Frontier
from a11y.pagework import PageSettings, _load
from a11y.politeness import Politeness
from a11y.scan import Scanner, ScanOptions
from tests.support import pages_by_url, read_results, run_a11y, scan

from .siteserver import PAGE, site

RETRY = 1.0  # the Retry-After the tests' servers name, in seconds
EARLY = 0.05  # a request this much before the end of the pause is still taken as waiting for it


@dataclass
class Hit:
    at: float  # time.monotonic() as the request arrived
    who: str  # "browser" (a page load or a check's copy), "revalidation" or "discovery"
    path: str
    status: int


def _who(agent: str) -> str:
    if "Chrome" in agent:
        return "browser"
    return "revalidation" if "cache revalidation" in agent else "discovery"


class Origin:
    """Pages served (with robots.txt and sitemap.xml answering 404), every request noted; refuse()
    makes the next request of that kind answer 429 with Retry-After."""

    def __init__(self, pages: dict[str, str]):
        self.pages = dict(pages, **{"/robots.txt": None, "/sitemap.xml": None})
        self.hits: list[Hit] = []
        self._refuse: list[tuple[str | None, str]] = []  # (who or None for anyone, path)
        self._lock = threading.Lock()

    def routes(self) -> dict:
        return {path: self._answer for path in self.pages}

    def refuse(self, path: str, who: str | None = None) -> None:
        with self._lock:
            self._refuse.append((who, path))

    def _answer(self, h) -> None:
        path = h.path.split("?")[0]
        who = _who(h.headers.get("User-Agent") or "")
        with self._lock:
            refused = next((r for r in self._refuse if r[1] == path and r[0] in (None, who)), None)
            if refused:
                self._refuse.remove(refused)
            body = self.pages[path]
            status = 429 if refused else (404 if body is None else 200)
            self.hits.append(Hit(time.monotonic(), who, path, status))
        if refused:
            return h._send(429, PAGE.format(title="Slow down", body="<p>Too many requests.</p>"),
                           headers={"Retry-After": f"{RETRY:g}"})
        h._send(status, body if body is not None else "not found",
                "text/html; charset=utf-8" if body is not None else "text/plain")

    def take(self) -> list[Hit]:
        with self._lock:
            hits, self.hits = self.hits, []
        return hits


def held_back(hits: list[Hit], seconds: float = RETRY) -> tuple[Hit, list[Hit]]:
    """The one 429 and the requests that arrived after it; asserts none came before the pause was over."""
    (refusal,) = [h for h in hits if h.status == 429]
    later = hits[hits.index(refusal) + 1:]
    early = [h for h in later if h.at < refusal.at + seconds - EARLY]
    assert not early, f"asked during the {seconds:g} s pause after {refusal}: {early}"
    return refusal, later


def html(title: str, body: str = "") -> str:
    return PAGE.format(title=title, body=body)


# --- (a) --cache: revalidation waits in the pause, asks again, and the page is reused ----------

def test_a_warm_cache_whose_revalidation_meets_a_429_waits_and_reuses_the_pages(tmp_path):
    origin = Origin({"/": html("Home", '<p><a href="/a">Page A</a></p>'), "/a": html("A", "<p>Page A.</p>")})
    with site(origin.routes()) as base:
        def run(name):
            proc = scan(base + "/", "--cache", tmp_path / "cache", "--out", tmp_path / name, "--no-sitemap",
                        "--checks", "none", "--format", "json", "--fail-on", "none", expect=0)
            return read_results(tmp_path / name), proc.stderr

        cold, _ = run("cold")
        assert {u: p["from_cache"] for u, p in pages_by_url(cold).items()} == {base + "/": False, base + "/a": False}
        origin.take()
        origin.refuse("/", who="revalidation")
        warm, err = run("warm")
        hits = origin.take()
    # Both pages came from the cache: the 429 was not taken for a change.
    assert {u: (p["status"], p["from_cache"]) for u, p in pages_by_url(warm).items()} == {
        base + "/": ("scanned", True), base + "/a": ("scanned", True)}, err
    assert [h for h in hits if h.who == "browser"] == []
    refusal, later = held_back(hits)
    assert (refusal.who, refusal.path) == ("revalidation", "/")
    # Asked again once the pause was over, and then /a (found on the reused page).
    assert [(h.who, h.path, h.status) for h in later] == [("revalidation", "/", 200), ("revalidation", "/a", 200)]


# --- (b) the seed's first answer: robots.txt, sitemaps and the pages wait for it ---------------

def test_a_crawl_whose_seed_first_answers_429_waits_before_robots_sitemaps_and_pages(tmp_path):
    origin = Origin({"/": html("Home", '<p><a href="/a">Page A</a></p>'), "/a": html("A")})
    origin.refuse("/")
    with site(origin.routes()) as base:
        proc = run_a11y("crawl", base + "/", "-o", tmp_path / "urls.txt")
        hits = origin.take()
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "urls.txt").read_text().splitlines() == [base + "/", base + "/a"]
    refusal, later = held_back(hits)
    assert hits[0] is refusal  # the seed's first request
    assert {h.path for h in later} == {"/robots.txt", "/sitemap.xml", "/", "/a"}


def test_a_scan_whose_seed_first_answers_429_waits_before_robots_sitemaps_and_pages(tmp_path):
    origin = Origin({"/": html("Home", '<p><a href="/a">Page A</a></p>'), "/a": html("A")})
    origin.refuse("/")
    with site(origin.routes()) as base:
        scan(base + "/", "--out", tmp_path / "out", "--checks", "none", "--format", "json", "--fail-on", "none",
             expect=0)
        hits = origin.take()
    pages = pages_by_url(read_results(tmp_path / "out"))
    assert {u: p["status"] for u, p in pages.items()} == {base + "/": "scanned", base + "/a": "scanned"}
    refusal, later = held_back(hits)
    assert hits[0] is refusal and refusal.who == "discovery"  # the seed's probe
    assert {(h.who, h.path) for h in later} >= {("discovery", "/robots.txt"), ("discovery", "/sitemap.xml"),
                                                ("browser", "/"), ("browser", "/a")}


# --- (c) a pause a page load meets holds back discovery, revalidation and a check's copy --------

def test_a_pause_a_page_load_meets_holds_back_discovery_revalidation_and_copies(browser_loop):
    """The scan's pieces, each handed the one Politeness as the Scanner hands it to them."""
    other = html("Other", "<p>Other.</p>")
    origin = Origin({"/limited": html("Limited"), "/": html("Home"), "/other": other})
    origin.refuse("/limited", who="browser")
    polite = Politeness()

    async def meanwhile(base: str, page):
        """Once the page load's 429 has paused the origin: discovery, revalidation and a copy."""
        while polite.pause_left(base) == 0:
            await asyncio.sleep(0.01)
        frontier = Frontier([base + "/"], politeness=polite)
        revalidator = Revalidator(None, timeout=10, politeness=polite)
        resource = {"url": base + "/other", "status": 200, "sha256": hashlib.sha256(other.encode()).hexdigest()}

        async def copy():
            tab, response = await open_copy(page, base + "/other", timeout=10)
            await close_copy(tab)
            return response.status

        try:
            return await asyncio.gather(frontier.prepare(), revalidator.changed([resource]), copy())
        finally:
            await revalidator.close()

    async def run(browser):
        tab = await browser_loop.chromium.open_tab(timeout=30)
        copies_wait_in(tab.context, polite)
        try:
            settings = PageSettings(timeout=30, politeness=polite)
            loaded, (warnings, changed, copied) = await asyncio.gather(
                _load(base + "/limited", tab, settings), meanwhile(base, tab.page))
            return loaded.status, warnings, changed, copied
        finally:
            await tab.close()

    with site(origin.routes()) as base:
        status, warnings, changed, copied = browser_loop.call(run)
        hits = origin.take()
    assert (status, warnings, changed, copied) == (200, [], None, 200)
    refusal, later = held_back(hits)
    assert (refusal.who, refusal.path) == ("browser", "/limited")
    assert {(h.who, h.path) for h in later} == {
        ("browser", "/limited"),  # the page load, asked again
        ("discovery", "/"), ("discovery", "/robots.txt"), ("discovery", "/sitemap.xml"),
        ("revalidation", "/other"), ("browser", "/other")}


def test_a_check_s_copy_that_meets_a_429_pauses_the_scan_and_asks_again_after_it():
    """link-same-name-same-purpose loads each destination in a copy: the first answers 429."""
    same = "<p>The same page, under two addresses.</p>"
    origin = Origin({"/": html("Home", '<p><a href="/x1">More</a> or <a href="/x2">More</a></p>'),
                     "/x1": html("X", same), "/x2": html("X", same)})
    origin.refuse("/x1", who="browser")

    async def run(base):
        options = ScanOptions(rules=["link-same-name-same-purpose"], depth=0, sitemap=False, robots=False,
                              timeout=30)
        async with Scanner([base + "/"], options) as scanner:
            return await scanner.run()

    with site(origin.routes()) as base:
        results = asyncio.run(run(base))
        hits = origin.take()
    p = next(p for p in results.pages if p.url == base + "/")  # (its links: depth skips)
    assert p.status == "scanned", p.reason
    # The copy got the page, not the limiter's: the two destinations compared the same.
    assert "link-same-name-same-purpose" in p.passed, [r.rule for r in p.incomplete]
    refusal, later = held_back(hits)
    assert (refusal.who, refusal.path) == ("browser", "/x1")
    assert [(h.path, h.status) for h in later] == [("/x1", 200), ("/x2", 200)]


def test_the_scanner_hands_its_one_politeness_to_discovery_pages_the_cache_and_tabs(tmp_path):
    from a11y import browser
    from a11y.cache import PageCache

    async def run():
        options = ScanOptions(cache=PageCache(tmp_path / "cache"), checks=False)
        async with Scanner(["http://127.0.0.1:9/"], options) as scanner:
            tab = await scanner.chromium.open_tab(timeout=30)  # as the workers open theirs, then:
            copies_wait_in(tab.context, scanner.politeness)
            try:
                return (scanner.politeness, scanner.frontier.politeness, scanner.page_settings.politeness,
                        options.cache._revalidator._politeness, browser._pauses[tab.context])
            finally:
                await tab.close()

    first, *others = asyncio.run(run())
    assert isinstance(first, Politeness) and all(o is first for o in others)
