"""The keyboard-trap walk on a page that moves focus by itself: once that is seen, and something
is known to take focus, the verdict is "needs review" whatever more presses would show, so the
walk stops there (pages whose blur handlers take focus back on a timer keep it moving for as long
as the walk lasts, each press waiting for focus to settle)."""
from __future__ import annotations

import time

import pytest

from a11y.checks._tabwalk import TabWalker
from a11y.checks.keyboard_trap import Explorer
from tests.browser_loop import open_page
from tests.checks.support import PAGE_TIMEOUT, check_by_id, run_check, served

pytestmark = pytest.mark.browser
site = served("no-keyboard-trap", slash=False)


def explored(browser_loop, url):
    """(focus moved by itself, elements known, keys pressed) once the walk has explored url."""
    check = check_by_id("no-keyboard-trap")

    async def go(browser):
        page = await open_page(browser, url, init_scripts=[check.init_script])
        try:
            walker = TabWalker(page, time.monotonic() + PAGE_TIMEOUT)
            ex = Explorer(walker, max_presses=600)
            await ex.explore()
            return ex.spontaneous, len(ex.g.elements()), walker.presses
        finally:
            await page.context.close()

    return browser_loop.call(go)


def test_the_walk_stops_once_the_page_is_seen_moving_focus(browser_loop, site):
    # review-steals-focus.html focuses its chat field every 150 ms.
    spontaneous, elements, presses = explored(browser_loop, f"{site}/review-steals-focus.html")
    assert spontaneous and elements >= 1
    # Seen while the walk watches the page before its first key (its interval runs every 150 ms),
    # or at the latest as it moves focus between presses; the whole walk took 10 presses here.
    assert presses <= 3


def test_its_verdict_is_still_needs_review(browser_loop, site):
    result = run_check(browser_loop, "no-keyboard-trap", f"{site}/review-steals-focus.html")
    assert result.outcome == "cantTell"
    assert "moved focus by itself" in result.reason
