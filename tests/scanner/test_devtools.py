"""devtools.py: the page's one DevTools session, and viewport changes behind Playwright's back
that leave Playwright's view of the page true."""
import math

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


def test_evaluate_gives_what_playwright_gives(browser_loop):
    framed = page("Framed", "<p>outer</p><iframe srcdoc='<p id=inner>inner</p>'></iframe>")
    with site({"/": framed}) as base:
        async def go(browser):
            context = await browser.new_context()
            try:
                tab = await context.new_page()
                await tab.goto(base + "/")
                cases = [
                    ("() => ({a: 1, b: [1, undefined, 'x'], c: undefined, d: null, e: {f: true}})", None),
                    ("(arg) => [arg.n * 2, arg.s.toUpperCase(), arg.list.length]", {"n": 21, "s": "é\u2028", "list": [1, 2]}),
                    ("() => [NaN, Infinity, -Infinity, 0.5]", None),
                    ("async (x) => { await new Promise((r) => setTimeout(r, 1)); return x + 1; }", 1),
                    ("document.title", None),
                    ("() => undefined", None),
                    ("(x) => x // a comment at the end", 7),
                ]
                ours = [await devtools.evaluate(tab, expression, arg) for expression, arg in cases]
                theirs = [await tab.evaluate(expression, arg) for expression, arg in cases]
                main = await devtools.evaluate(tab.main_frame, "() => document.querySelector('p').textContent")
                child = tab.frames[1]
                inner = await devtools.evaluate(child, "() => document.querySelector('#inner').textContent")
                handle = await tab.query_selector("p")
                by_handle = await devtools.evaluate(tab, "(el) => el.textContent", handle)
                try:
                    await devtools.evaluate(tab, "() => { throw new Error('broken on purpose'); }")
                    thrown = None
                except devtools.PageScriptError as e:
                    thrown = str(e)
                return ours, theirs, main, inner, by_handle, thrown
            finally:
                await context.close()

        ours, theirs, main, inner, by_handle, thrown = browser_loop.call(go)
    assert ours[0] == theirs[0] == {"a": 1, "b": [1, None, "x"], "c": None, "d": None, "e": {"f": True}}
    assert ours[1] == theirs[1] == [42, "É\u2028", 2]
    assert all(math.isnan(x) for x in (ours[2][0], theirs[2][0])) and ours[2][1:] == theirs[2][1:]
    assert ours[3:] == theirs[3:] == [2, "Framed", None, 7]
    assert (main, inner, by_handle) == ("outer", "inner", "outer")
    assert thrown is not None and "broken on purpose" in thrown


def test_evaluate_works_where_the_pages_policy_forbids_eval(browser_loop):
    strict = {"Content-Security-Policy": "default-src 'none'; script-src 'self'"}
    probe = "try { eval('1'); document.title = 'allowed'; } catch (e) { document.title = 'refused'; }"
    routes = {"/": lambda h: h._send(200, '<!doctype html><title>Strict</title><script src="/probe.js"></script>',
                                     headers=strict),
              "/probe.js": lambda h: h._send(200, probe, "text/javascript")}
    with site(routes) as base:
        async def go(browser):
            context = await browser.new_context()
            try:
                tab = await context.new_page()
                await tab.goto(base + "/")
                page_eval = await tab.title()  # the page's own script may not eval
                statement = await devtools.evaluate(tab, "(() => { window.__mark = 5; })();")
                return page_eval, statement, await devtools.evaluate(tab, "() => window.__mark + 1")
            finally:
                await context.close()

        assert browser_loop.call(go) == ("refused", None, 6)
