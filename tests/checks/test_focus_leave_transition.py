"""Leaving a focus session (_focus.py) puts focus back while transitions are still off, so that no
later check reads colours half-way through a transition back to the resting look: a focus check
followed by the contrast check on the same page, in a real Chromium."""
import pytest

from a11y.checks._focus import focus_session
from a11y.checks.text_contrast import STILL
from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine, survey
from tests.browser_loop import load_page, open_page
from tests.checks.support import PAGE_TIMEOUT, check_by_id

pytestmark = pytest.mark.browser

# Bootstrap's btn-outline-success in a navbar: #198754 on #f8f9fa (4.30:1) at rest, white on
# green when focused, with a 150 ms transition between the two.
BUTTON = """<style>.b{color:#198754;background:#f8f9fa;transition:color .15s,background-color .15s}
.b:focus-visible{color:#fff;background:#198754}</style>
<form action="results.html"><button class="b" type="submit">Search</button></form>"""
PAGE = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Search</title></head>"
        "<body><main><h1>Find a service</h1>{body}</main></body></html>")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("focus-leave-transition")
    (root / "button.html").write_text(PAGE.format(body=BUTTON), encoding="utf-8")
    # The same with a frame: focus sessions take their other path through every frame.
    (root / "button-and-frame.html").write_text(
        PAGE.format(body=BUTTON + '<iframe src="frame.html" title="Opening hours"></iframe>'), encoding="utf-8")
    (root / "frame.html").write_text(PAGE.format(body="<p>Open 9 to 5</p>"), encoding="utf-8")
    return root


@pytest.fixture
def base(serve, site):
    return serve(site)


def focused_then_rendered(browser_loop, url: str) -> list:
    """text-contrast-focused, then text-contrast-rendered, on one load of url, as a scan runs them."""
    checks = [check_by_id("text-contrast-focused"), check_by_id("text-contrast-rendered")]

    async def go(browser):
        page, response = await load_page(browser, url, None, ChecksEngine(checks).init_scripts())
        try:
            _, looks = await survey(page, checks)
            target = PageTarget(page=page, timeout=PAGE_TIMEOUT, response=response)
            return [await ChecksEngine.run_one(c, target, c.time_limit, looks=looks.get(c.id)) for c in checks]
        finally:
            await page.context.close()

    return browser_loop.call(go)


@pytest.mark.parametrize("page", ["button.html", "button-and-frame.html"])
def test_the_resting_colours_are_measured_after_the_focused_ones_on_every_load(browser_loop, base, page):
    for _ in range(3):  # a transition read half-way gave a pass, or made-up colours, at random
        focused, rendered = focused_then_rendered(browser_loop, base + page)
        assert focused.outcome == "passed", focused.reason  # white on #198754 is 4.53:1
        assert rendered.outcome == "failed", (rendered.reason, [n.summary for n in rendered.nodes])
        assert [n.summary for n in rendered.nodes] == [
            'contrast 4.30:1 between the text (#198754) and its background (#f8f9fa); 4.5:1 is needed for normal '
            'text (13.3333px): "Search"']


# Focus put on the button inside a session, which then ends: whether a transition runs afterwards,
# and the button's colours at once.
AFTER = """() => { const b = document.querySelector('.b'), s = getComputedStyle(b);
  return {running: document.getAnimations().length, color: s.color, background: s.backgroundColor}; }"""


@pytest.mark.parametrize("page", ["button.html", "button-and-frame.html"])
def test_leaving_a_session_starts_no_transition(browser_loop, base, page):
    async def go(browser):
        page_ = await open_page(browser, base + page)
        try:
            async with focus_session(page_, STILL):
                await page_.keyboard.press("Tab")  # :focus-visible: white on green
                assert await page_.evaluate("() => document.activeElement.className") == "b"
            return await page_.evaluate(AFTER)
        finally:
            await page_.context.close()

    assert browser_loop.call(go) == {"running": 0, "color": "rgb(25, 135, 84)", "background": "rgb(248, 249, 250)"}
