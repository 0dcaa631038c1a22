"""_focus.py through frames and sessions (a real Chromium): the focused element inside an iframe
is found one frame level at a time, again alike once the page's list of stops was let go of; and a
focus session asked for the modal dialog finds one that moving focus opened (as the separate call
before it did)."""
import pytest

from a11y.checks._focus import focus_session, preserved, tab_walk
from tests.browser_loop import load_page
from tests.checks.written_pages import written

pytestmark = pytest.mark.browser

PAGES = {
    "inner.html": "<!DOCTYPE html><title>Inner</title><a id=i1 href=a.html>One</a> <a id=i2 href=b.html>Two</a>",
    "framed.html": ("<!DOCTYPE html><title>Framed</title><a id=o1 href=c.html>Before</a>"
                    "<iframe id=f src=inner.html></iframe><a id=o2 href=d.html>After</a>"),
    # The button focused at load opens the dialog when focus leaves it, in a promise's callback.
    "opens.html": ("<!DOCTYPE html><title>Opens</title><button id=b autofocus>Open</button>"
                   "<dialog id=d><a id=in href=e.html>Inside</a></dialog><a id=out href=f.html>Outside</a>"
                   "<script>b.addEventListener('blur', () => Promise.resolve().then(() => Promise.resolve())"
                   ".then(() => { if (!d.open) d.showModal(); }));</script>"),
}
base = written(PAGES)

ID = "el => el.id"


def test_stops_inside_a_frame_are_found_again_after_the_list_of_stops_was_let_go_of(browser_loop, base):
    async def go(browser):
        page, _ = await load_page(browser, base + "framed.html")
        try:
            await page.frame_locator("#f").locator("#i2").wait_for()
            walks = []
            for _ in range(2):  # the second walk's frame elements are in a new list (same indexes)
                async with preserved(page):
                    walk = await tab_walk(page, max_stops=10)
                    walks.append([(s.target, await (await s.element()).evaluate(ID)) for s in walk.stops])
            return walks
        finally:
            await page.context.close()

    first, second = browser_loop.call(go)
    ids = sorted(i for _, i in first)
    assert ids == ["i1", "i2", "o1", "o2"]
    assert second == first
    inside = [t for t, i in first if i.startswith("i")]
    assert all(len(t) == 2 and t[0] == "#f" for t in inside)


def test_a_session_asked_for_the_modal_dialog_sees_one_that_moving_focus_opened(browser_loop, base):
    async def go(browser):
        page, _ = await load_page(browser, base + "opens.html")
        try:
            await page.wait_for_function("document.activeElement && document.activeElement.id === 'b'")
            async with focus_session(page, modal=True) as session:
                walk = await tab_walk(page, max_stops=5, from_top=session.from_top)
                return session.dialog, [await (await s.element()).evaluate(ID) for s in walk.stops]
        finally:
            await page.context.close()

    dialog, order = browser_loop.call(go)
    assert dialog == "dialog#d"
    assert order[0] == "in"  # Tab starts at the top of the dialog
