"""_activity.js: what is left that could change a loaded page by itself, in a real Chromium."""
import pytest

from a11y.checks._activity import activity_script, busy_reason, self_still
from tests.browser_loop import open_page

STILL = "<!doctype html><html lang='en'><title>t</title><main><h1>Still</h1><p id='p'>text</p></main></html>"


def _page(body_script: str) -> str:
    return STILL.replace("</main>", f"</main><script>{body_script}</script>")


@pytest.fixture
def site(tmp_path, serve):
    pages = {
        "still.html": STILL,
        "interval.html": _page("window.t = setInterval(() => { p.textContent = Date.now(); }, 200);"),
        "cleared.html": _page("const t = setInterval(() => {}, 50); clearInterval(t);"),
        "timer-fired.html": _page("setTimeout(() => { document.title = 'done'; }, 0);"),
        "timer-pending.html": _page("setTimeout(() => { p.textContent = 'later'; }, 600000);"),
        "frames.html": _page("(function loop() { requestAnimationFrame(loop); })();"),
        "animation.html": STILL.replace("<p id='p'>", "<p id='p' style='animation: spin 1s infinite'>").replace(
            "<title>t</title>", "<title>t</title><style>@keyframes spin { to { opacity: .5 } }</style>"),
        "marquee.html": STILL.replace("<p id='p'>text</p>", "<marquee>news</marquee>"),
    }
    for name, html in pages.items():
        (tmp_path / name).write_text(html)
    return serve(tmp_path)


def reason_on(browser_loop, url: str):
    async def go(browser):
        page = await open_page(browser, url, init_scripts=[activity_script()])
        try:
            await page.wait_for_function("document.readyState === 'complete'")
            return await busy_reason(page.frames), await self_still(page.frames)
        finally:
            await page.context.close()

    return browser_loop.call(go)


@pytest.mark.parametrize("name", ["still.html", "cleared.html", "timer-fired.html"])
def test_a_page_with_nothing_left_to_run_is_still(browser_loop, site, name):
    reason, still = reason_on(browser_loop, site + name)
    assert still is True, reason


@pytest.mark.parametrize("name, words", [
    ("interval.html", "interval timer"),
    ("timer-pending.html", "pending timer"),
    ("frames.html", "animation frame"),
    ("animation.html", "animation(s)"),
    ("marquee.html", "marquee"),
])
def test_what_could_still_change_the_page_is_named(browser_loop, site, name, words):
    reason, still = reason_on(browser_loop, site + name)
    assert still is False
    assert words in reason


def test_without_the_record_a_page_is_never_called_still(browser_loop, site):
    async def go(browser):
        page = await open_page(browser, site + "still.html")  # no init script
        try:
            return await busy_reason(page.frames)
        finally:
            await page.context.close()

    assert browser_loop.call(go) == "no record of the page since it started"


def test_our_own_probe_nodes_are_not_the_page_changing_but_the_page_s_nodes_are(browser_loop, site):
    async def go(browser):
        page = await open_page(browser, site + "still.html", init_scripts=[activity_script()])
        try:
            await page.wait_for_function("document.readyState === 'complete'")
            assert await self_still(page.frames)
            await page.evaluate("""() => { const s = document.createElement('span');
                s.setAttribute('data-a11y-own', ''); document.body.prepend(s); s.remove(); }""")
            ours = await busy_reason(page.frames)
            await page.evaluate("() => document.body.prepend(document.createElement('span'))")
            return ours, await busy_reason(page.frames)
        finally:
            await page.context.close()

    ours, theirs = browser_loop.call(go)
    assert ours is None
    assert theirs == "the DOM changed just now"
