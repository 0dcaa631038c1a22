"""For the checks that resize the page (zoom, reflow, orientation): run a check on its own (not
through the engine, whose safety net would hide a check that forgets to restore) and say what
the page looked like before and after."""
from __future__ import annotations

from a11y.checks.base import CheckContext
from tests.browser_loop import open_page
from tests.checks.support import PAGE_TIMEOUT, check_by_id

LOOK = ("() => ({url: location.href, width: innerWidth, height: innerHeight, scrollY: Math.round(scrollY),"
        " screen: [screen.width, screen.height]})")


def run_and_look(browser_loop, check_id: str, url: str, scroll_to: int = 0):
    """(outcome, before, after): URL, viewport size and scroll position before and after the check,
    the page being first scrolled down by scroll_to CSS px."""
    check = check_by_id(check_id)

    async def go(browser):
        page = await open_page(browser, url)
        try:
            await page.evaluate("(y) => scrollTo(0, y)", scroll_to)
            before = await page.evaluate(LOOK)
            outcome = await check.run(CheckContext(page=page, timeout=PAGE_TIMEOUT))
            return outcome, before, await page.evaluate(LOOK)
        finally:
            await page.context.close()

    return browser_loop.call(go)
