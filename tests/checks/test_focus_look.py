"""focus-visible's first look (checks/_focus_look.py): which elements it settles by itself."""
import pytest

from a11y.checks._focus import blur_all, tab_walk
from a11y.checks._focus_look import FirstLook
from a11y.checks.focus_visible import Camera, _region
from a11y.engines.checks import ChecksEngine
from tests.browser_loop import load_page
from tests.checks.support import check_by_id, served

pytestmark = pytest.mark.browser
base = served("focus-visible-indicator")


class CountingCamera(Camera):
    """Counts the pictures taken after the walk (the not-focused ones)."""

    after_walk = None

    async def shot(self, *args, **kwargs):
        if self.after_walk is not None:
            self.after_walk += 1
        return await super().shot(*args, **kwargs)


def first_look(browser_loop, url: str, rest_at_bottom: bool = False, pictures: list | None = None,
               ringed: set | None = None) -> tuple[list[str], set[str]]:
    """(every element of the tab order, those the first look passed), by id. rest_at_bottom: the
    walk leaves the page scrolled to its end (as when Tab last left it from an element there)."""
    check = check_by_id("focus-visible-indicator")

    async def go(browser):
        page, _ = await load_page(browser, url, None, ChecksEngine([check]).init_scripts())
        try:
            cam = CountingCamera(page)
            await blur_all(page)
            look = FirstLook(page, cam, lambda box: _region(page, box))
            walk = await tab_walk(page, on_stop=look.on_stop, view=True)
            if rest_at_bottom:
                await page.evaluate("() => { document.activeElement.blur(); scrollTo(0, 1e6); }")
            cam.after_walk = 0
            passed = await look.passed(walk.stops, deadline=float("inf"))
            if pictures is not None:
                pictures.append(cam.after_walk)
            ids = {s.key: await (await s.element()).evaluate("el => el.id") for s in walk.stops}
            if ringed is not None:
                ringed.update(ids[k] for k in look.ringed)
            return [ids[s.key] for s in walk.stops], {ids[k] for k in passed}
        finally:
            await page.context.close()

    return browser_loop.call(go)


def test_elements_that_show_focus_plainly_are_settled_by_the_first_look(browser_loop, base):
    order, passed = first_look(browser_loop, base + "fail-outline-removed.html")
    assert order == ["fail1", "ok1", "ok2", "fail2"]
    assert passed == {"ok1", "ok2"}  # the two without an indicator are left for the full judgement


def test_places_near_one_another_are_pictured_not_focused_in_one_picture(browser_loop, base):
    # The four elements stand one under another at the top of the page: one picture of the box
    # around them, cropped four ways, gives the same verdicts as four pictures.
    pictures = []
    order, passed = first_look(browser_loop, base + "fail-outline-removed.html", pictures=pictures)
    assert passed == {"ok1", "ok2"}
    assert pictures == [1]


def test_a_page_that_changes_while_walked_is_left_to_the_full_judgement(browser_loop, base):
    order, passed = first_look(browser_loop, base + "fail-message-on-blur.html")
    assert order == ["fail1", "ok1"]
    # The message shown on blur voids every comparison of pictures on the page; the button is
    # settled by the browser's own ring, which needs no comparison.
    assert passed == {"ok1"}


def test_each_place_is_pictured_at_its_own_scroll_position_wherever_the_walk_left_the_page(browser_loop, base):
    # The pictures of the element at the top are taken after scrolling up; those of the element at
    # the bottom must then be taken after scrolling down again (they were once taken at the top).
    order, passed = first_look(browser_loop, base + "fail-below-the-fold.html", rest_at_bottom=True)
    assert order == ["", "fail1"]
    assert passed == {""}  # the link at the top shows the browser's ring; fail1 shows nothing


def test_the_browsers_own_ring_where_nothing_hides_it_needs_no_picture(browser_loop, base):
    ringed = set()
    order, passed = first_look(browser_loop, base + "ring-cases.html", ringed=ringed)
    assert order == ["plain", "always", "covered", "clipped", "stacked1", "stacked2", "beside-positioned",
                     "beside-layer", "wrapped", "wrapped-covered", "beside-inline-block", "flex-item"]
    # The ring under a positioned box, the ring cut off by overflow, and the ring beside content
    # painted in a layer of its own (which may come after the ring) are left to the pixels. In-flow
    # content beside it (the list's line above) is painted before the ring, so does not hide it.
    # A link broken over two lines has a ring round each piece, each checked so. An element
    # painted as one piece (an inline block, a flex item) is painted, ring and all, before the
    # content after it, which may cover the ring: left to the pixels.
    assert ringed == {"plain", "always", "stacked1", "stacked2", "wrapped"}
    # A ring that shows with nothing focused too is left to the full judgement (whether focus
    # draws it differently is for the pixels to say), as is what shows of the clipped ring.
    assert "plain" in passed and not passed & {"always", "covered"}


def test_the_full_check_agrees_on_the_ring_cases(browser_loop, base):
    from tests.checks.support import run_check

    outcome = run_check(browser_loop, "focus-visible-indicator", base + "ring-cases.html")
    assert outcome.outcome == "failed", outcome.reason
    # The covered ring changes no pixel; the others are for the pixels to judge, as before.
    failing = sorted(n.target for n in outcome.nodes)
    assert ["#covered"] in failing and ["#plain"] not in failing
    # What the ring alone settled, the pixels agree with; the rings partly covered still show.
    assert not {"#stacked1", "#stacked2", "#beside-positioned", "#beside-layer", "#wrapped",
                "#wrapped-covered", "#beside-inline-block", "#flex-item"} & {t[0] for t in failing}


@pytest.mark.parametrize("page, over", [
    ("none.html", False), ("static.html", False), ("rule.html", True), ("media.html", True),
    ("inline.html", True), ("pseudo.html", True), ("svg.html", True), ("inherited.html", True),
    ("unmatched.html", False), ("nested.html", True),
])
def test_overlays_that_let_the_pointer_through_are_found_however_they_are_styled(browser_loop, base, page, over):
    # A page whose rules and attributes never set pointer-events: none is answered without
    # computing every element's style; one that does is looked at element by element.
    from a11y.checks._activity import activity_script
    from a11y.checks._focus_look import OVERLAYS

    async def go(browser):
        tab, _ = await load_page(browser, base + "overlays/" + page, init_scripts=[activity_script()])
        try:
            return await tab.evaluate(OVERLAYS)
        finally:
            await tab.context.close()

    assert browser_loop.call(go) is over
