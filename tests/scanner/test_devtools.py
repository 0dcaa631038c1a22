"""devtools.py: the page's one DevTools session, and viewport changes behind Playwright's back
that leave Playwright's view of the page true."""
import pytest

from a11y import devtools

from .siteserver import page, site

pytestmark = pytest.mark.browser

SIZE = ("() => [innerWidth, innerHeight, screen.width, screen.height, "
        "matchMedia('(max-width: 400px)').matches, document.documentElement.clientWidth]")


def test_a_page_has_one_session_until_it_fails(browser_loop):
    with site({"/": page("One", "<p>text</p>")}) as base:
        async def go(browser):
            context = await browser.new_context()
            try:
                tab = await context.new_page()
                await tab.goto(base + "/")
                first = await devtools.page_session(tab)
                again = await devtools.page_session(tab)
                devtools.forget_session(tab)
                fresh = await devtools.page_session(tab)
                answer = await devtools.send(tab, "Runtime.evaluate", {"expression": "6 * 7", "returnByValue": True})
                return first is again, fresh is not first, answer["result"]["value"]
            finally:
                await context.close()

        assert browser_loop.call(go) == (True, True, 42)


def test_an_emulated_viewport_lays_the_page_out_and_is_put_back(browser_loop):
    with site({"/": page("Narrow", "<p>text</p>")}) as base:
        async def go(browser):
            context = await browser.new_context(viewport={"width": 1000, "height": 700})
            try:
                tab = await context.new_page()
                await tab.goto(base + "/")
                before = await tab.evaluate(SIZE)
                await devtools.set_emulated_viewport(tab, 320, 256)
                narrow = await tab.evaluate(SIZE)
                playwright_saw = tab.viewport_size
                changed = devtools.viewport_changed(tab)
                await devtools.restore_viewport(tab)
                after = await tab.evaluate(SIZE)
                # Playwright's own change and back again still work: its idea of the size was true.
                await tab.set_viewport_size({"width": 500, "height": 400})
                resized = await tab.evaluate(SIZE)
                await tab.set_viewport_size({"width": 1000, "height": 700})
                back = await tab.evaluate(SIZE)
                shot = await tab.screenshot()
                return before, narrow, playwright_saw, changed, after, resized, back, shot
            finally:
                await context.close()

        before, narrow, playwright_saw, changed, after, resized, back, shot = browser_loop.call(go)
    assert before[:5] == [1000, 700, 1000, 700, False]
    assert narrow[:5] == [320, 256, 320, 256, True] and narrow[5] <= 320
    assert playwright_saw == {"width": 1000, "height": 700} and changed
    assert after == before and back == before
    assert resized[:5] == [500, 400, 500, 400, False]
    assert shot[16:24] == (1000).to_bytes(4, "big") + (700).to_bytes(4, "big")  # the PNG's width and height


def test_restoring_an_unchanged_viewport_does_nothing(browser_loop):
    with site({"/": page("Same", "<p>text</p>")}) as base:
        async def go(browser):
            context = await browser.new_context()
            try:
                tab = await context.new_page()
                await tab.goto(base + "/")
                await devtools.restore_viewport(tab)
                return devtools.viewport_changed(tab), devtools.has_session(tab), await tab.evaluate(SIZE)
            finally:
                await context.close()

        changed, session, size = browser_loop.call(go)
    assert not changed and not session and size[:2] == [1280, 720]

