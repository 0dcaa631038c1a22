"""A page bypass-repeated-blocks loads to compare with is a destination link-same-name-same-purpose
may load too: the link check is told where it leads from the same load, and decides as it would
have deciding from a load of its own (real Chromium, a loopback site)."""
from __future__ import annotations

import pytest

from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine
from tests.browser_loop import load_page
from tests.checks.support import PAGE_TIMEOUT, check_by_id
from tests.scanner.siteserver import PAGE, counted, page
from tests.scanner.siteserver import site as routes_site

pytestmark = pytest.mark.browser
LINK = "link-same-name-same-purpose"
BYPASS = "bypass-repeated-blocks"


def results(browser_loop, url: str, ids: list[str]):
    """The engine's results for these checks on url, and its memo (both checks in one scan)."""
    engine = ChecksEngine([check_by_id(i) for i in ids])

    async def go(browser):
        tab, response = await load_page(browser, url, None, engine.init_scripts())
        try:
            return await engine.run(PageTarget(page=tab, timeout=PAGE_TIMEOUT, response=response)), engine.memo
        finally:
            await tab.context.close()

    return browser_loop.call(go)


def link_verdict(found) -> str:
    if LINK in found.passed:
        return "passed"
    return " ".join(n.summary for r in found.incomplete if r.rule == LINK for n in r.nodes)


def routes(hits: list, first: str) -> dict:
    """A page linking first to `first` (the page bypass-repeated-blocks compares with), then two
    links named "More" to `first` and /b."""
    body = (f'<nav><a href="{first}">Beta pages</a></nav><p>This page\'s own text.</p>'
            f'<div><a href="{first}">More</a> <a href="/b">More</a></div>')
    return {
        "/p": page("Pages", body),
        "/b": counted(hits, page("Beta", "<p>Beta's text.</p>")),
        "/b2": counted(hits, page("Beta", "<p>Beta's text.</p>")),  # the same content at another address
        # a zero-delay refresh: the link check follows it to /b, the bypass check stays
        "/r": counted(hits, page("Moving", '<meta http-equiv="refresh" content="0; url=/b"><p>Moved.</p>')),
        "/gone": counted(hits, lambda h: h._send(404, PAGE.format(title="Not found", body="<p>Nothing.</p>"))),
    }


def test_the_link_check_reuses_the_page_the_bypass_check_loaded(browser_loop):
    hits: list[str] = []
    with routes_site(routes(hits, "/b2")) as base:
        found, memo = results(browser_loop, base + "/p", [BYPASS, LINK])
    assert hits.count("/b2") == 1  # loaded once, by the bypass check
    assert memo[LINK][base + "/b2"].final_url == base + "/b2"
    assert link_verdict(found) == "passed"  # the same content, as a load of its own says


def test_a_page_that_redirects_by_refresh_is_loaded_again_by_the_link_check(browser_loop):
    # The bypass check's copy refuses the refresh; the link check follows it, so where /r leads
    # is not what that copy shows.
    hits: list[str] = []
    with routes_site(routes(hits, "/r")) as base:
        found, _ = results(browser_loop, base + "/p", [BYPASS, LINK])
        alone, _ = results(browser_loop, base + "/p", [LINK])
    assert hits.count("/r") == 3  # the bypass check's load, and the link check's in each scan
    assert link_verdict(found) == link_verdict(alone) == "passed"  # /r leads to /b


def test_a_page_that_is_not_found_is_told_as_the_link_check_would_find_it(browser_loop):
    hits: list[str] = []
    with routes_site(routes(hits, "/gone")) as base:
        found, memo = results(browser_loop, base + "/p", [BYPASS, LINK])
        alone, _ = results(browser_loop, base + "/p", [LINK])
    assert hits.count("/gone") == 2  # the bypass check's load, and the link check's when alone
    assert memo[LINK][base + "/gone"].problem == "the server answered 404"
    assert link_verdict(found) == link_verdict(alone)
    assert "the server answered 404" in link_verdict(found)


def test_without_the_link_check_the_bypass_check_tells_it_nothing(browser_loop):
    hits: list[str] = []
    with routes_site(routes(hits, "/b2")) as base:
        _, memo = results(browser_loop, base + "/p", [BYPASS])
    assert hits.count("/b2") == 1
    assert LINK not in memo
