"""_activity.js: what is left that could change a loaded page by itself, in a real Chromium."""
import time

import pytest

from a11y.checks._activity import activity_script, busy_reason, key_script, self_still
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
    return _served(tmp_path, serve, pages)


def _served(folder, serve, pages: dict[str, str]) -> str:
    for name, html in pages.items():
        (folder / name).write_text(html)
    return serve(folder)


def _ask_loaded(browser_loop, url: str, ask):
    """ask(page) on url loaded with the activity record, once the page has loaded."""
    async def go(browser):
        page = await open_page(browser, url, init_scripts=[activity_script()])
        try:
            await page.wait_for_function("document.readyState === 'complete'")
            return await ask(page)
        finally:
            await page.context.close()

    return browser_loop.call(go)


def reason_on(browser_loop, url: str):
    async def ask(page):
        return await busy_reason(page.frames), await self_still(page.frames)

    return _ask_loaded(browser_loop, url, ask)


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


def change_within(browser_loop, url: str, ms: int):
    async def ask(page):
        return await page.evaluate("(ms) => window.__a11yActivity.changeWithin(ms)", ms)

    return _ask_loaded(browser_loop, url, ask)


@pytest.mark.parametrize("name", ["animation.html", "marquee.html", "timer-pending.html", "still.html"])
def test_what_only_moves_text_or_comes_later_cannot_change_it_soon(browser_loop, site, name):
    # A CSS animation or a marquee moves text but does not change it; a timer due in 10 minutes
    # cannot change it in the next 6 s (the changing-text watch need not wait for them).
    assert change_within(browser_loop, site + name, 6000) is None


@pytest.mark.parametrize("name, words", [
    ("interval.html", "interval timer"),
    ("frames.html", "animation frame"),
])
def test_what_could_change_text_soon_is_named(browser_loop, site, name, words):
    assert words in (change_within(browser_loop, site + name, 6000) or "")


def test_an_interval_run_late_is_still_due(browser_loop, site):
    # On a busy machine an interval's run comes late: while it waits for the page's turn it is
    # overdue, not a whole delay away (the changing-text watch stopped looking for a carousel's turn).
    async def ask(page):
        return await page.evaluate("""() => { const t0 = performance.now();
            while (performance.now() - t0 < 450) { /* the page busy past the interval's due time */ }
            return window.__a11yActivity.changeWithin(0); }""")

    assert _ask_loaded(browser_loop, site + "interval.html", ask) == "an interval timer"


def test_a_timer_is_counted_by_when_it_is_due(browser_loop, site):
    assert change_within(browser_loop, site + "timer-pending.html", 700_000) == "a timer due"


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


def test_our_checks_leave_no_timer_of_their_own_in_a_still_page(browser_loop, tmp_path, serve):
    # A check's helper timer left pending (a time limit raced against a frame or an image) made
    # a still page seem busy to every check after it, which then waited for nothing.
    from a11y.engines.base import PageTarget
    from a11y.engines.checks import ChecksEngine, selected_checks

    pixel = "data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="
    (tmp_path / "page.html").write_text(
        STILL.replace("<p id='p'>text</p>", f"<p id='p'>Some text <a href='#x'>a link</a></p>"
                                            f"<p style='background: url({pixel})'>on an image</p>"
                                            f"<input type='image' src='{pixel}' alt='Go'><img src='{pixel}' alt=''>"))
    checks = selected_checks("wcag22aa", best_practice=True)
    engine = ChecksEngine(checks)

    async def go(browser):
        page = await open_page(browser, serve(tmp_path) + "page.html", init_scripts=engine.init_scripts())
        left = {}
        try:
            await page.wait_for_function("document.readyState === 'complete'")
            assert await busy_reason(page.frames) is None
            for check in engine.checks:
                await ChecksEngine.run_one(check, PageTarget(page=page, timeout=60), check.time_limit, {})
                reason = await busy_reason(page.frames)
                if reason and reason != "the DOM changed just now":  # a check's own restoring counts
                    left[check.id] = reason
            return left
        finally:
            await page.context.close()

    assert browser_loop.call(go) == {}


@pytest.fixture
def key_pages(tmp_path, serve):
    pages = {
        "still.html": STILL,
        "clicks-only.html": _page("document.addEventListener('click', () => {}); window.onload = () => {};"),
        "keydown.html": _page("document.addEventListener('keydown', () => {});"),
        "focusin.html": _page("p.addEventListener('focusin', () => {}, true);"),
        "property.html": _page("p.onblur = () => p.focus();"),
        "window-property.html": _page("window.onkeyup = () => {};"),
        "attribute.html": STILL.replace("<p id='p'>", "<p id='p' tabindex='0' onfocus='void 0'>"),
        "shadow.html": _page("const h = document.createElement('div'); p.append(h);"
                             "const b = document.createElement('button'); b.onkeydown = () => {};"
                             "h.attachShadow({mode: 'open'}).append(b);"),
        "in-view.html": _page("new IntersectionObserver(() => {}).observe(p);"),
        "closed-shadow.html": _page("const c = document.createElement('div'); p.append(c);"
                                    "c.attachShadow({mode: 'closed'}).innerHTML = '<button onblur=\"this.focus()\">b</button>';"),
        "timer-pending.html": _page("setTimeout(() => {}, 600000);"),
        "plugin.html": STILL.replace("<p id='p'>text</p>", "<object data='x.swf' type='application/x-nope'></object>"),
    }
    return _served(tmp_path, serve, pages)


def key_reason_on(browser_loop, url: str):
    async def ask(page):
        return await key_script(page.frames)

    return _ask_loaded(browser_loop, url, ask)


@pytest.mark.parametrize("name", ["still.html", "clicks-only.html"])
def test_a_page_no_script_of_which_hears_keys_or_focus_says_so(browser_loop, key_pages, name):
    assert key_reason_on(browser_loop, key_pages + name) is None


@pytest.mark.parametrize("name, words", [
    ("keydown.html", "listens for keydown"),
    ("focusin.html", "listens for focusin"),
    ("property.html", "an element handles key or focus events (p)"),
    ("window-property.html", "a script handles key or focus events"),
    ("attribute.html", "an element handles key or focus events (p)"),
    ("shadow.html", "an element handles key or focus events (button)"),
    ("in-view.html", "watches elements come into view"),
    ("closed-shadow.html", "closed shadow root"),
    ("timer-pending.html", "pending timer"),
    ("plugin.html", "embeds a plugin"),
])
def test_what_could_answer_a_key_or_focus_is_named(browser_loop, key_pages, name, words):
    assert words in (key_reason_on(browser_loop, key_pages + name) or "")


@pytest.mark.parametrize("axe_first", [True, False], ids=["axe-as-the-scan-loads-it", "axe-loaded-when-run"])
def test_axe_and_our_checks_add_no_listener_the_page_would_be_blamed_for(browser_loop, tmp_path, serve, axe_first):
    # The Tab walks register focus and key listeners, and axe is loaded into every document: none
    # of that may make a still page look as if it answered keys (no-keyboard-trap would walk it).
    from a11y.engines.axe import AxeEngine, axe_options
    from a11y.engines.base import PageTarget
    from a11y.engines.checks import ChecksEngine, selected_checks

    (tmp_path / "page.html").write_text(STILL.replace("<p id='p'>text</p>", "<p><a href='#x'>a</a> <button>b</button>"
                                                                            "<input aria-label='c'></p>"))
    axe = AxeEngine(axe_options("wcag22aa", best_practice=True))
    checks = ChecksEngine(selected_checks("wcag22aa", best_practice=True))

    async def go(browser):
        scripts = (axe.init_scripts() if axe_first else []) + checks.init_scripts()
        page = await open_page(browser, serve(tmp_path) + "page.html", init_scripts=["\n;".join(scripts)])
        try:
            await page.wait_for_function("document.readyState === 'complete'")
            await axe.run(PageTarget(page=page, timeout=60))
            for check in checks.checks:
                await ChecksEngine.run_one(check, PageTarget(page=page, timeout=60), check.time_limit, {})
            # the walk itself, which the shortcut skips on this page
            from a11y.checks._tabwalk import TabWalker
            await TabWalker(page, time.monotonic() + 30).press("Tab")
            return await key_script(page.frames)
        finally:
            await page.context.close()

    assert browser_loop.call(go) is None


def test_timers_a_poll_re_arms_are_told_from_those_started_since_the_mark(browser_loop, site):
    # A poll that re-arms itself, and an interval whose callback starts a timer: their timers keep
    # the root they had when the page started them; a timer started afresh after the mark (as a
    # hover's handler starts one) is the only one caused since it.
    poll = ("(function poll() { window.polled = (window.polled || 0) + 1; setTimeout(poll, 20); })();"
            "setInterval(() => { window.ticked = (window.ticked || 0) + 1; setTimeout(() => {}, 5000); }, 20);")

    async def ask(page):
        await page.evaluate(f"() => {{ {poll} }}")
        mark = await page.evaluate("() => window.__a11yActivity.mark()")
        await page.wait_for_function("window.polled > 3 && window.ticked > 3")
        await page.evaluate("() => { window.mine = setTimeout(() => {}, 60000); }")
        return await page.evaluate("""(mark) => {
          const A = window.__a11yActivity;
          return {caused: A.causedSince(mark).map(([kind, id, ms]) => [kind, id === window.mine, ms]),
                  started: A.startedSince(mark).length};
        }""", mark)

    seen = _ask_loaded(browser_loop, site + "still.html", ask)
    assert seen["caused"] == [["timeout", True, 60000]]
    assert seen["started"] > 1


@pytest.mark.parametrize("poll", [
    # the continuation after the await starts the next timer, a microtask after the callback
    "(async () => { for (;;) { window.polled = (window.polled || 0) + 1;"
    " await new Promise((r) => setTimeout(r, 20)); } })();",
    # the same through a sleep helper of the page's: the continuation is some microtasks later
    "const sleep = async (ms) => { await new Promise((r) => setTimeout(r, ms)); };"
    "(async () => { for (;;) { window.polled = (window.polled || 0) + 1; await sleep(20); } })();",
])
def test_timers_an_async_poll_re_arms_keep_their_root(browser_loop, site, poll):
    # An async/await poll starts each timer from the promise continuation its last timer resolved:
    # those timers keep the poll's root, and only a timer started afresh after the mark is caused.
    async def ask(page):
        await page.evaluate(f"() => {{ {poll} }}")
        mark = await page.evaluate("() => window.__a11yActivity.mark()")
        await page.wait_for_function("window.polled > 5")
        await page.evaluate("() => { window.mine = setTimeout(() => {}, 60000); }")
        return await page.evaluate("""(mark) => window.__a11yActivity.causedSince(mark)
          .map(([kind, id, ms]) => [kind, id === window.mine, ms])""", mark)

    assert _ask_loaded(browser_loop, site + "still.html", ask) == [["timeout", True, 60000]]


def test_a_timer_started_by_a_listener_after_a_poll_ran_is_caused(browser_loop, site):
    # The poll's root is kept for its microtasks only: a listener running in a later task (the
    # hover's) starts timers of its own chain.
    async def ask(page):
        await page.evaluate("""() => {
          (async () => { for (;;) { window.polled = (window.polled || 0) + 1;
                                    await new Promise((r) => setTimeout(r, 5)); } })();
          document.addEventListener('ping', () => { window.mine = setTimeout(() => {}, 60000); });
        }""")
        await page.wait_for_function("window.polled > 3")
        mark = await page.evaluate("() => window.__a11yActivity.mark()")
        await page.wait_for_function(f"window.polled > {await page.evaluate('window.polled') + 2}")
        await page.evaluate("() => new Promise((r) => setTimeout(() => r(), 0))")
        await page.dispatch_event("body", "ping")
        return await page.evaluate("""(mark) => window.__a11yActivity.causedSince(mark)
          .map(([kind, id, ms]) => [kind, id === window.mine, ms])""", mark)

    assert _ask_loaded(browser_loop, site + "still.html", ask) == [["timeout", True, 60000]]


DECLARATIVE = """<!doctype html><html lang='en'><title>t</title><main><h1>Shadow</h1>
<div id='host'><template shadowrootmode='open'><p><a href='a.html' onclick='void 0'>More</a>
<span id='inner'><template shadowrootmode='open'><b>deeper</b></template></span></p></template></div>
</main></html>"""


def test_shadow_roots_the_parser_made_are_counted(browser_loop, tmp_path, serve):
    # A declarative shadow root (<template shadowrootmode>) calls no attachShadow: counted all the
    # same, nested ones and those setHTMLUnsafe makes too, so that checks look into them.
    base = _served(tmp_path, serve, {"declarative.html": DECLARATIVE, "still.html": STILL})

    async def ask(page):
        return await page.evaluate("""async () => {
          const A = window.__a11yActivity;
          const seen = {count: A.openRootCount(), clicks: A.listensFor(['click']), pointed: A.anyPointed()};
          const later = document.createElement('div');
          document.body.append(later);
          if (later.setHTMLUnsafe) {
            later.setHTMLUnsafe("<div><template shadowrootmode='open'><i>new</i></template></div>");
            seen.after = A.openRootCount();
          }
          return seen;
        }""")

    seen = _ask_loaded(browser_loop, base + "declarative.html", ask)
    assert {k: seen[k] for k in ("count", "clicks", "pointed")} == {"count": 2, "clicks": True, "pointed": True}
    assert seen.get("after", 3) == 3
    plain = _ask_loaded(browser_loop, base + "still.html", lambda page: page.evaluate(
        "() => window.__a11yActivity.openRootCount()"))
    assert plain == 0


def _metadata_page(tmp_path, script: str) -> str:
    from tests.checks.test_audio_autoplay import write_wav

    write_wav(tmp_path / "tone.wav", 0.3, loud=True)
    return STILL.replace("<p id='p'>text</p>",
                         f"<p id='p'>text</p><audio src='tone.wav' autoplay></audio><script>{script}</script>")


def test_axe_s_listener_for_media_metadata_already_loaded_is_not_the_page_answering_keys(browser_loop, tmp_path,
                                                                                        serve):
    # axe waits for the metadata of each sound that plays by itself with a listener it leaves in
    # place where the metadata had loaded: that listener can hear nothing more, so a Tab press has
    # nothing to answer once the sound has ended.
    from a11y.engines.axe import AxeEngine, axe_options
    from a11y.engines.base import PageTarget

    (tmp_path / "page.html").write_text(_metadata_page(tmp_path, ""))
    axe = AxeEngine(axe_options("wcag22aa", best_practice=True))

    async def go(browser):
        page = await open_page(browser, serve(tmp_path) + "page.html", init_scripts=[activity_script()])
        try:
            await page.wait_for_function("document.querySelector('audio').ended")
            await axe.run(PageTarget(page=page, timeout=60))
            listened = await page.evaluate("() => window.__a11yActivity.listensFor(['loadedmetadata'])")
            return listened, await key_script(page.frames)
        finally:
            await page.context.close()

    assert browser_loop.call(go) == (True, None)  # axe's listener is there, and hears nothing more


def test_a_listener_for_metadata_still_to_come_is_named(browser_loop, tmp_path, serve):
    # A sound with no source yet: a script giving it one later would have the listener run.
    page = _metadata_page(tmp_path, "const a = new Audio(); a.addEventListener('loadedmetadata', () => {});"
                                    "window.keep = a;")
    url = _served(tmp_path, serve, {"pending.html": page}) + "pending.html"
    assert "listens for loadedmetadata" in (key_reason_on(browser_loop, url) or "")
