"""bypass-repeated-blocks loads a linked page that is not there (404, 410) or not HTML once a
scan: the pages after it that link to it skip it as the first did, with the same verdict; a
page that failed otherwise (a 503) may answer the next time, and is loaded again (real
Chromium, a loopback site)."""
from __future__ import annotations

import pytest

from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine
from tests.browser_loop import load_page
from tests.checks.support import PAGE_TIMEOUT, check_by_id
from tests.scanner.siteserver import PAGE, counted, page, site

pytestmark = pytest.mark.browser
BYPASS = "bypass-repeated-blocks"
MENU = "<nav><a href='{first}'>Gone away</a> <a href='/b'>Beta pages</a> <a href='/c'>Gamma pages</a></nav>"


def outcomes(browser_loop, urls: list[str]) -> list:
    """The check's outcome on each url (with its nodes' summaries when it has any), in one engine (one scan's memo)."""
    engine = ChecksEngine([check_by_id(BYPASS)])

    async def go(browser):
        found = []
        for url in urls:
            tab, response = await load_page(browser, url, None, engine.init_scripts())
            try:
                result = await engine.run(PageTarget(page=tab, timeout=PAGE_TIMEOUT, response=response))
            finally:
                await tab.context.close()
            found.append(next([(kind, n.summary) for n in r.nodes] for kind in ("violations", "incomplete")
                              for r in getattr(result, kind) if r.rule == BYPASS)
                         if BYPASS not in result.passed + result.inapplicable
                         else ("passed" if BYPASS in result.passed else "inapplicable"))
        return found

    return browser_loop.call(go)


def routes(hits: list, first: str, answers: list[int]) -> dict:
    """Pages /p1 and /p2 whose menu links first to `first`, then /b: their own text after it."""
    def flaky(h):  # the statuses in `answers`, then 200
        status = answers.pop(0) if answers else 200
        h._send(status, PAGE.format(title="Flaky", body="<p>Flaky's own text.</p>" + MENU.format(first=first)))

    menu = MENU.format(first=first)
    return {
        "/p1": page("One", menu + "<p>The first page's own words.</p>"),
        "/p2": page("Two", menu + "<p>The second page's own words.</p>"),
        "/b": page("Beta", menu + "<p>Beta's own text.</p>"),
        "/gone": counted(hits, lambda h: h._send(404, PAGE.format(title="Not found", body="<p>Nothing.</p>"))),
        "/flaky": counted(hits, flaky),
    }


def test_a_page_not_found_is_loaded_once_and_skipped_after(browser_loop):
    hits: list[str] = []
    with site(routes(hits, "/gone", [])) as base:
        together = outcomes(browser_loop, [base + "/p1", base + "/p2"])
        alone = outcomes(browser_loop, [base + "/p2"])
    assert hits.count("/gone") == 2  # once in the scan of both, once in the scan of /p2 alone
    assert together[1] == alone[0] == together[0] == "passed"  # compared with /b: main holds the own text


def test_a_page_that_failed_otherwise_is_loaded_again(browser_loop):
    hits: list[str] = []
    with site(routes(hits, "/flaky", [503])) as base:
        found = outcomes(browser_loop, [base + "/p1", base + "/p2"])
    assert found == ["passed", "passed"]
    assert hits.count("/flaky") == 2  # the 503 is not remembered: /p2 asks again and is answered
