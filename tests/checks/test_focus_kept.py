"""The focus helpers kept in every document from its start (checks/_focus.py FOCUS_HELPERS), and
the helpers sent with the first call where a browser context does not keep them."""
import pytest

from a11y.checks._focus import FOCUS_HELPERS, focused_key, run
from a11y.checks.focus_visible import FocusVisibleIndicator
from tests.browser_loop import load_page
from tests.checks.support import served

pytestmark = pytest.mark.browser
base = served("focus-visible-indicator")
HAS_FACTORY = "() => typeof window[Symbol.for('a11y.focus')] === 'function'"


def test_focus_visible_keeps_the_focus_helpers_in_every_document():
    assert FOCUS_HELPERS in FocusVisibleIndicator.kept


@pytest.mark.parametrize("kept", [True, False])
def test_the_helpers_answer_with_and_without_the_init_script(browser_loop, base, kept):
    async def go(browser):
        page, _ = await load_page(browser, base + "fail-outline-removed.html", None,
                                  [FOCUS_HELPERS.init_script()] if kept else [])
        try:
            had = await page.evaluate(HAS_FACTORY)  # before any focus call
            first = await run(page, "return H.scroll();")
            await page.keyboard.press("Tab")
            key = await focused_key(page)
            await page.reload()  # a new document at the same URL: the helpers are there again, or sent again
            await page.keyboard.press("Tab")
            again = await focused_key(page)
            return had, first, key, again
        finally:
            await page.context.close()

    had, first, key, again = browser_loop.call(go)
    assert had is kept
    assert first == [0, 0]
    assert key is not None and again == key
