"""focus-visible's first look (checks/_focus_look.py) on pages with frames (a real Chromium): an
element that shows focus plainly is settled by it, in the page and inside a frame, and nothing is
where something in a frame could change the picture by itself, or where a frame cannot be read."""
import pytest

from a11y.checks._focus import blur_all, tab_walk
from a11y.checks._focus_look import FirstLook
from a11y.checks.focus_visible import Camera, _after_left, _region
from a11y.engines.checks import ChecksEngine
from tests.browser_loop import load_page
from tests.checks.support import check_by_id, run_check
from tests.checks.written_pages import written

pytestmark = pytest.mark.browser

RING = "<style>a:focus { outline: 3px solid #00f; outline-offset: 2px }</style>"
NONE = "<style>a:focus { outline: none }</style>"
PAGES = {
    "inner-ring.html": f"<!DOCTYPE html><title>Inner</title>{RING}<a id=f1 href=a.html>One</a> <a id=f2 href=b.html>Two</a>",
    "framed-ring.html": (f"<!DOCTYPE html><title>Framed</title>{RING}<a id=m1 href=c.html>Before</a>"
                         "<iframe id=f src=inner-ring.html width=400 height=100></iframe><a id=m2 href=d.html>After</a>"),
    # Beside the link without an indicator, a script in the frame changes a text every 100 ms: the
    # two pictures differ, but not because of focus.
    "inner-ticking.html": ("<!DOCTYPE html><title>Ticking</title>" + NONE + "<a id=t1 href=a.html>Home</a>"
                           " <span id=n>0</span><script>let i = 0;"
                           " setInterval(() => { n.textContent = String(++i); }, 100);</script>"),
    "framed-ticking.html": ("<!DOCTYPE html><title>Framed ticking</title>"
                            "<iframe id=f src=inner-ticking.html width=400 height=100></iframe>"),
    # The same beside a link of the page itself: the frame's text is in its surroundings.
    "beside-ticking.html": ("<!DOCTYPE html><title>Beside ticking</title>" + NONE + "<a id=m1 href=a.html>Home</a>"
                            "<br><iframe id=f src=inner-ticking.html width=400 height=60 tabindex=-1></iframe>"),
    # A spinner turning in the frame, beside a link with no indicator.
    "inner-spinner.html": ("<!DOCTYPE html><title>Spinner</title>" + NONE +
                           "<style>@keyframes spin { to { transform: rotate(360deg) } } .s { display: inline-block;"
                           " width: 16px; height: 16px; border: 3px solid #ccc; border-top-color: #333;"
                           " animation: spin 1s linear infinite }</style><a id=s1 href=a.html>Home</a> <span class=s></span>"),
    "framed-spinner.html": ("<!DOCTYPE html><title>Framed spinner</title>"
                            "<iframe id=f src=inner-spinner.html width=400 height=100></iframe>"),
    # A message the frame shows beside the link when focus leaves it: the picture with nothing
    # focused differs, but because focus left, not because the link shows focus.
    "inner-message.html": ("<!DOCTYPE html><title>Message</title>" + NONE + "<a id=b1 href=a.html>Home</a>"
                           " <span id=msg></span><script>b1.addEventListener('blur', () => { msg.textContent = 'Left'; });"
                           "</script>"),
    "framed-message.html": ("<!DOCTYPE html><title>Framed message</title>"
                            "<iframe id=f src=inner-message.html width=400 height=100></iframe>"),
    # The frame from localhost, another origin than 127.0.0.1: its record cannot be read from the page.
    "other-origin.html": (f"<!DOCTYPE html><title>Other origin</title>{RING}<a id=m1 href=c.html>Before</a>"
                          "<iframe id=f width=400 height=100></iframe><script>f.src = location.href"
                          ".replace('127.0.0.1', 'localhost').replace(/[^/]*$/, 'inner-ring.html');</script>"),
}
base = written(PAGES)


def first_look(browser_loop, url: str) -> tuple[list[str], set[str]]:
    """(every element of the tab order, those the first look passed), by id, walked as the check
    walks a page with frames."""
    check = check_by_id("focus-visible-indicator")

    async def go(browser):
        page, _ = await load_page(browser, url, None, ChecksEngine([check]).init_scripts())
        try:
            await page.wait_for_function("() => [...document.querySelectorAll('iframe')].every("
                                         "(f) => { try { return f.contentDocument.readyState === 'complete'; }"
                                         " catch (e) { return true; } })")
            await blur_all(page)
            look = FirstLook(page, Camera(page), lambda box: _region(page, box))
            walk = await tab_walk(page, on_stop=_after_left(look), max_stops=10)
            passed = await look.passed(walk.stops, deadline=float("inf"))
            ids = {s.key: await (await s.element()).evaluate("el => el.id") for s in walk.stops}
            return [ids[s.key] for s in walk.stops], {ids[k] for k in passed}
        finally:
            await page.context.close()

    return browser_loop.call(go)


def test_elements_that_show_focus_in_a_page_with_a_frame_are_settled_by_the_first_look(browser_loop, base):
    order, passed = first_look(browser_loop, base + "framed-ring.html")
    assert sorted(order) == ["f1", "f2", "m1", "m2"]
    # In the page and in the frame, Tab reaching them from the same document or from another.
    assert passed == {"f1", "f2", "m1", "m2"}


def test_the_full_check_agrees_on_the_page_with_a_frame(browser_loop, base):
    outcome = run_check(browser_loop, "focus-visible-indicator", base + "framed-ring.html")
    assert outcome.outcome == "passed", outcome.reason


@pytest.mark.parametrize("name, link", [
    ("framed-ticking.html", "t1"),  # the text changing beside the link is in the link's frame
    ("beside-ticking.html", "m1"),  # in a frame beside a link of the page
    ("framed-spinner.html", "s1"),  # a spinner turns in the link's frame
    ("framed-message.html", "b1"),  # the frame changes as focus leaves the link
])
def test_a_frame_that_changes_by_itself_passes_nothing_by_the_first_look(browser_loop, base, name, link):
    order, passed = first_look(browser_loop, base + name)
    assert link in order
    assert link not in passed  # the full judgement is left to tell focus from the frame's changes


@pytest.mark.parametrize("name", ["framed-ticking.html", "beside-ticking.html", "framed-spinner.html"])
def test_the_full_check_does_not_pass_a_link_beside_a_frame_that_changes_by_itself(browser_loop, base, name):
    outcome = run_check(browser_loop, "focus-visible-indicator", base + name)
    assert outcome.outcome in ("failed", "cantTell"), outcome.reason


def test_a_frame_of_another_origin_leaves_the_whole_page_to_the_full_judgement(browser_loop, base):
    order, passed = first_look(browser_loop, base + "other-origin.html")
    assert sorted(order) == ["f1", "f2", "m1"]
    assert passed == set()
