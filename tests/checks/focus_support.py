"""Running a focus check and reading the page's state afterwards (focus, scroll, document)."""
from __future__ import annotations

from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine
from tests.browser_loop import open_page
from tests.checks.support import PAGE_TIMEOUT, check_by_id

STATE = """() => ({
  active: document.activeElement ? (document.activeElement.id || document.activeElement.localName) : null,
  scroll: [window.scrollX, window.scrollY],
  origin: performance.timeOrigin,
  url: location.href,
})"""


def run_and_inspect(browser_loop, check_id: str, url: str, prepare: str | None = None):
    """(outcome, state before the check, state after it): `prepare` is a script run first
    (e.g. focus an element, scroll), so that the test can see the check put things back."""
    check = check_by_id(check_id)

    async def go(browser):
        page = await open_page(browser, url)
        try:
            if prepare:
                await page.evaluate(prepare)
            before = await page.evaluate(STATE)
            outcome = await ChecksEngine.run_one(check, PageTarget(page=page, timeout=PAGE_TIMEOUT), check.time_limit)
            after = await page.evaluate(STATE)
            return outcome, before, after
        finally:
            await page.context.close()

    return browser_loop.call(go)


def assert_fails_and_puts_back(browser_loop, check_id: str, url: str, prepare: str, active: str, scroll: list):
    """The check fails url and leaves focus and scroll as `prepare` set them: `active` is the
    focused element's id (or its tag name) and `scroll` the page's [scrollX, scrollY] before it."""
    outcome, before, after = run_and_inspect(browser_loop, check_id, url, prepare)
    assert outcome.outcome == "failed", outcome.reason
    assert before["active"] == active and before["scroll"] == scroll, before
    assert after == before, (before, after)
