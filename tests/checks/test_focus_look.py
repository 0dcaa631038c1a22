"""focus-visible's first look (checks/_focus_look.py): which elements it settles by itself."""
from pathlib import Path

import pytest

from a11y.checks._focus import blur_all, tab_walk
from a11y.checks._focus_look import FirstLook
from a11y.checks.focus_visible import Camera, _region
from a11y.engines.checks import ChecksEngine
from tests.browser_loop import load_page
from tests.checks.support import check_by_id

FIXTURES = Path(__file__).parent.parent / "fixtures" / "checks" / "focus-visible-indicator"

pytestmark = pytest.mark.browser


@pytest.fixture
def base(serve):
    return serve(FIXTURES)


def first_look(browser_loop, url: str) -> tuple[list[str], set[str]]:
    """(every element of the tab order, those the first look passed), by id."""
    check = check_by_id("focus-visible-indicator")

    async def go(browser):
        page, _ = await load_page(browser, url, None, ChecksEngine([check]).init_scripts())
        try:
            async with Camera(page) as cam:
                await blur_all(page)
                look = FirstLook(page, cam, lambda box: _region(page, box))
                walk = await tab_walk(page, on_stop=look.on_stop)
                passed = await look.passed(walk.stops, deadline=float("inf"))
                ids = {s.key: await s.handle.evaluate("el => el.id") for s in walk.stops}
                return [ids[s.key] for s in walk.stops], {ids[k] for k in passed}
        finally:
            await page.context.close()

    return browser_loop.call(go)


def test_elements_that_show_focus_plainly_are_settled_by_the_first_look(browser_loop, base):
    order, passed = first_look(browser_loop, base + "fail-outline-removed.html")
    assert order == ["fail1", "ok1", "ok2", "fail2"]
    assert passed == {"ok1", "ok2"}  # the two without an indicator are left for the full judgement


def test_a_page_that_changes_while_walked_is_left_to_the_full_judgement(browser_loop, base):
    order, passed = first_look(browser_loop, base + "fail-message-on-blur.html")
    assert order == ["fail1", "ok1"]
    assert passed == set()  # the message shown on blur voids every comparison on the page
