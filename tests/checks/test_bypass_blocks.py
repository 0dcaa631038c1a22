"""bypass-repeated-blocks on fixture pages (a small site: each page is compared with
other.html, which shares the navigation and the 'about' line), in real Chromium."""
from __future__ import annotations

import re

import pytest

from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine
from tests.browser_loop import open_page
from tests.checks.support import CHECK_FIXTURES, PAGE_TIMEOUT, check_by_id, run_check, served

pytestmark = pytest.mark.browser
PAGES = CHECK_FIXTURES / "bypass-repeated-blocks"
site = served("bypass-repeated-blocks", slash=False)


def outcome(browser_loop, site, name):
    return run_check(browser_loop, "bypass-repeated-blocks", f"{site}/{name}")


@pytest.mark.parametrize(("name", "why"), [
    ("pass-skip-link.html", "a skip link moves focus to the page's own content"),
    ("pass-skip-button.html", "a skip link moves focus to the page's own content"),
    ("pass-main-landmark.html", "a landmark holds the page's own content"),
    ("pass-heading.html", "a heading marks the start of the page's own content"),
    ("pass-collapse.html", "controls collapse the repeated content"),
])
def test_a_way_past_repeated_content_passes(browser_loop, site, name, why):
    result = outcome(browser_loop, site, name)
    assert (result.outcome, result.reason) == ("passed", why)


@pytest.mark.parametrize("name", ["fail-no-bypass.html", "fail-broken-skip-link.html", "fail-first-link-to-itself.html",
                                  "fail-skip-into-repeated.html"])
def test_no_working_way_past_repeated_content_fails(browser_loop, site, name):
    result = outcome(browser_loop, site, name)
    assert result.outcome == "failed", result.reason
    assert result.reason.startswith(f"content repeated from {site}/other.html comes before this page's own content")
    assert result.nodes == []  # a page-level finding


def test_own_content_first_is_inapplicable(browser_loop, site):
    assert outcome(browser_loop, site, "inapplicable-content-first.html").outcome == "inapplicable"


def test_no_other_page_to_compare_needs_review(browser_loop, site):
    result = outcome(browser_loop, site, "review-no-other-page.html")
    assert result.outcome == "cantTell"
    assert "links to no other page" in result.reason


def test_trying_the_controls_leaves_the_page_as_it_was(browser_loop, site):
    check = check_by_id("bypass-repeated-blocks")

    async def go(browser):
        page = await open_page(browser, f"{site}/pass-collapse.html")
        try:
            result = await ChecksEngine.run_one(check, PageTarget(page=page, timeout=PAGE_TIMEOUT), check.time_limit)
            after = await page.evaluate("() => [location.href, document.activeElement === document.body,"
                                        " document.querySelector('.nav').hidden, window.scrollY]")
            return result.outcome, after
        finally:
            await page.context.close()

    assert browser_loop.call(go) == ("passed", [f"{site}/pass-collapse.html", True, False, 0])


def test_a_linked_page_met_earlier_in_the_scan_is_not_loaded_again(browser_loop):
    from tests.scanner.siteserver import counted, page
    from tests.scanner.siteserver import site as routes_site

    nav = '<nav><a href="/a">Alpha pages</a> <a href="/b">Beta pages</a> <a href="/c">Contact us</a></nav>'
    hits: list[str] = []
    routes = {
        "/a": page("Alpha", nav + "<h1>Alpha</h1><p>Alpha's own text.</p>"),
        "/b": counted(hits, page("Beta", nav + "<h1>Beta</h1><p>Beta's own text.</p>")),
    }
    check = check_by_id("bypass-repeated-blocks")
    memo: dict = {}

    async def check_page(browser, url):
        tab = await open_page(browser, url)
        try:
            return await ChecksEngine.run_one(check, PageTarget(page=tab, timeout=PAGE_TIMEOUT), check.time_limit, memo)
        finally:
            await tab.context.close()

    with routes_site(routes) as base:
        first = browser_loop.call(lambda b: check_page(b, base + "/a"))  # loads /b to compare with
        loads_for_a = len(hits)
        browser_loop.call(lambda b: check_page(b, base + "/b"))  # scanned: one load of its own
        again = browser_loop.call(lambda b: check_page(b, base + "/a"))  # /b is known now
    assert loads_for_a == 1
    assert len(hits) == 2
    assert again.outcome == first.outcome and again.reason == first.reason



def test_pages_checked_at_once_wait_for_one_load_of_the_page_they_compare_with(browser_loop, monkeypatch):
    # Pages in flight together that link to the same page (a crawl's first pages and its home
    # page) must not each load it: the second waits for the first's load.
    import asyncio
    import threading

    from a11y.checks.bypass_blocks import KnownTexts
    from a11y.engines.checks import survey
    from tests.scanner.siteserver import counted, held, page
    from tests.scanner.siteserver import site as routes_site

    nav = '<nav><a href="/b">Beta pages</a> <a href="/a">Alpha pages</a> <a href="/c">Contact us</a></nav>'
    hits: list[str] = []
    release = threading.Event()
    routes = {
        "/a": page("Alpha", nav + "<h1>Alpha</h1><p>Alpha's own text.</p>"),
        "/c": page("Contact", nav + "<h1>Contact</h1><p>Contact's own text.</p>"),
        "/b": counted(hits, held(release, page("Beta", nav + "<h1>Beta</h1><p>Beta's own text.</p>"))),
    }
    joined = threading.Event()  # the second page's check found the first's load under way and waits
    loading = KnownTexts.loading

    def watched(self, url):
        pending = loading(self, url)
        if pending is not None and not pending.done():
            joined.set()
        return pending
    monkeypatch.setattr(KnownTexts, "loading", watched)
    check = check_by_id("bypass-repeated-blocks")
    memo: dict = {}

    async def until(condition):
        for _ in range(2400):  # a bound for a broken build only: each step waits for the page's work
            if condition():
                return
            await asyncio.sleep(0.05)
        raise AssertionError("the checks never got that far")

    async def go(browser):
        tabs = [await open_page(browser, base + path) for path in ("/a", "/c")]
        try:
            looks = [(await survey(tab, [check]))[1].get(check.id) for tab in tabs]
            runs = [ChecksEngine.run_one(check, PageTarget(page=tab, timeout=PAGE_TIMEOUT), check.time_limit, memo,
                                         tab_looks) for tab, tab_looks in zip(tabs, looks, strict=True)]
            first = asyncio.ensure_future(runs[0])
            await until(lambda: hits)  # the first page's check is loading /b, which waits
            second = asyncio.ensure_future(runs[1])
            await until(lambda: joined.is_set() or len(hits) > 1)
            release.set()
            return await first, await second
        finally:
            release.set()
            for tab in tabs:
                await tab.context.close()

    with routes_site(routes) as base:
        first, second = browser_loop.call(go)
    assert hits == ["/b"]
    # Both compared with /b (without a page to compare with, they would need review).
    assert (first.outcome, first.reason) == (second.outcome, second.reason) == (
        "passed", "a heading marks the start of the page's own content")

def test_known_texts_keep_to_a_character_budget():
    # A crawl of large pages must not keep every page's texts: memory would grow with the scan.
    from a11y.checks.bypass_blocks import KnownTexts

    known = KnownTexts()
    known.MAX_CHARS = 1000
    for i in range(20):
        known.remember(f"http://x/{i}", ["a" * 300])
    assert known.get("http://x/19") == ["a" * 300]
    assert known.get("http://x/0") is None
    assert known._chars <= 1000
    known.remember("http://x/big", ["b" * 5000])  # one page over the budget is still kept on its own
    assert known.get("http://x/big") and known._chars == 5000


def test_the_page_is_given_only_the_texts_it_shares_and_told_apart_when_it_changed(browser_loop):
    # The other page's texts are narrowed to this page's (as the look saw them): the page's own
    # CRC-32 of its texts must equal Python's for any script, and a page that changed since the
    # look must say so (it then gets the whole list).
    import zlib

    from a11y.checks._blocks import js
    from a11y.checks.bypass_blocks import _analyse
    from a11y.jsonwire import evaluate_json
    from tests.scanner.siteserver import page
    from tests.scanner.siteserver import site as routes_site

    body = ("<nav><a href='/x'>Accueil élevé</a> <a href='/y'>日本語のページ</a> <a href='/z'>Ünïcode 🎉 links</a></nav>"
            "<h1>Café</h1><p>Texte propre à la page.</p>")
    other = ["Accueil élevé", "日本語のページ", "Ünïcode 🎉 links", "Only on the other page"]

    async def go(browser):
        tab = await open_page(browser, base + "/p")
        try:
            main = tab.main_frame
            own = await evaluate_json(main, f"() => {js('blocks.texts()')}")
            whole = await evaluate_json(main, f"(t) => {js('blocks.analyse(t)')}", other)
            seen = zlib.crc32("\n".join(own).encode("utf-8"))
            narrowed = await evaluate_json(main, f"([t, s]) => {js('blocks.analyse(t, s)')}",
                                           [[t for t in other if t in set(own)], seen])
            await main.evaluate("() => document.querySelector('p').append(' Une phrase de plus.')")
            stale = await evaluate_json(main, f"([t, s]) => {js('blocks.analyse(t, s)')}", [[], seen])
            after = await _analyse(main, own, other)  # falls back to the whole list
            return whole, narrowed, stale, after, await evaluate_json(main, f"(t) => {js('blocks.analyse(t)')}", other)
        finally:
            await tab.context.close()

    with routes_site({"/p": page("Page", body)}) as base:
        whole, narrowed, stale, after, whole_after = browser_loop.call(go)
    assert whole["repeated"] == 3 and whole["target"] >= 0
    assert narrowed == whole
    assert stale == {"changed": True}
    assert after == whole_after and after["count"] == whole["count"] + 1


@pytest.mark.parametrize(("name", "decided"), [
    ("inapplicable-content-first.html", "passes; no repeated content before the page's own content"),
    ("fail-no-bypass-plain.html", "fails (reported under bypass-repeated-blocks); content repeated from"),
])
def test_decides_axe_s_bypass_review_item(tmp_path, name, decided):
    # axe leaves 2.4.1 for review on a page with no heading, landmark or in-page link: it cannot
    # know what repeats. This check compared the page with another page of the site.
    from tests.support import read_results, scan

    scan(PAGES / name, "--depth", "0", "--out", tmp_path, "--quiet", "--fail-on", "none",
         "--rules", "bypass,bypass-repeated-blocks", expect=0)
    page = read_results(tmp_path)["pages"][0]
    assert not [r for r in page["incomplete"] if r["rule"] == "bypass"]
    [settled] = page["settled"]
    assert (settled["rule"], settled["settled_by"]) == ("bypass", "bypass-repeated-blocks")
    assert settled["nodes"][0]["target"] == ["html"]
    assert settled["nodes"][0]["summary"].startswith(f"decided by bypass-repeated-blocks: {decided}")


def test_a_page_that_links_nowhere_is_compared_with_the_page_that_linked_to_it(tmp_path):
    # A crawl: the answer and questions pages link to no page, but share the home page's header.
    from tests.support import pages_by_url, read_results, scan

    scan(CHECK_FIXTURES / "bypass-repeated-blocks-site", "--out", tmp_path, "--quiet", "--fail-on", "none",
         "--rules", "bypass-repeated-blocks", expect=0)
    pages = pages_by_url(read_results(tmp_path))
    verdict = {url: ("failed" if p["violations"] else "review" if p["incomplete"] else
                     "passed" if "bypass-repeated-blocks" in p["passed"] else "inapplicable")
               for url, p in pages.items() if url.endswith(".html")}
    assert verdict == {"/index.html": "inapplicable", "/answer.html": "failed", "/faq.html": "passed"}, verdict
    [failure] = pages["/answer.html"]["violations"]
    # Compared with the page the crawl found it on: the site's root, where the crawl began.
    assert re.match(r"content repeated from http://127\.0\.0\.1:\d+/ comes before this page's own content",
                    failure["nodes"][0]["summary"]), failure["nodes"][0]["summary"]
