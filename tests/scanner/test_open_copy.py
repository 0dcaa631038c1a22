"""A check's copy of a page (browser.open_copy) refuses the page's own later navigations,
as the page under audit does: a busy machine can keep a copy open long enough for a delayed
refresh or a script redirect to fire, and that request must not leave the browser."""
from __future__ import annotations

import asyncio
import shutil

import pytest
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from a11y.browser import SYSTEM_NAMES, Chromium, close_copy, open_copy

from .siteserver import counted, page, redirect, site


def test_a_copy_follows_server_redirects_and_refuses_the_pages_own_navigation(browser_loop):
    hits: list[str] = []
    routes = {
        "/moved": redirect("/start"),  # a server redirect is part of the copy's own load
        "/start": page("Start", "<script>addEventListener('load', () => setTimeout("
                                "() => { location.href = '/away'; }, 0));</script>"),
        "/away": counted(hits, page("Away")),
    }

    async def load_and_wait_for_the_refusal(browser):
        context = await browser.new_context()
        try:
            # The script's navigation ends one of two ways: refused, or loaded.
            ended = asyncio.get_running_loop().create_future()

            def on_failed(request):
                if request.is_navigation_request() and not ended.done():
                    ended.set_result(("refused", request.url))

            def on_navigated(frame):
                if frame.parent_frame is None and frame.url.endswith("/away") and not ended.done():
                    ended.set_result(("loaded", frame.url))

            context.on("requestfailed", on_failed)
            tab, response = await open_copy(await context.new_page(), base + "/moved", timeout=60)
            tab.on("framenavigated", on_navigated)
            outcome = await ended
            return response.status, tab.url, await tab.title(), outcome
        finally:
            await context.close()

    with site(routes) as base:
        status, url, title, outcome = browser_loop.call(load_and_wait_for_the_refusal)
    assert (status, url, title, outcome) == (200, base + "/start", "Start", ("refused", base + "/away"))
    assert hits == []


def test_a_copy_given_back_is_blank_and_the_next_copy_reuses_its_tab_with_its_own_guard(browser_loop):
    hits: list[str] = []
    routes = {
        "/one": page("One", "<script>window.leftOver = 1; sessionStorage.setItem('seen', 'one');</script>"),
        "/two": page("Two", "<script>addEventListener('load', () => setTimeout("
                            "() => { location.href = '/away'; }, 0));</script>"),
        "/away": counted(hits, page("Away")),
    }

    async def two_copies(browser):
        context = await browser.new_context()
        try:
            checked = await context.new_page()
            first, _ = await open_copy(checked, base + "/one", timeout=60)
            await close_copy(first)
            parked_at = first.url
            refused = asyncio.get_running_loop().create_future()
            second, response = await open_copy(checked, base + "/two", timeout=60,
                                               on_refused=lambda url: refused.done() or refused.set_result(url))
            left = await second.evaluate("() => [typeof window.leftOver, sessionStorage.getItem('seen')]")
            return parked_at, second is first, response.status, await second.title(), left, await refused
        finally:
            await context.close()

    with site(routes) as base:
        parked_at, same_tab, status, title, left, refused = browser_loop.call(two_copies)
    assert parked_at == "about:blank"
    assert same_tab  # the second copy reused the first's tab
    assert (status, title) == (200, "Two")
    assert left == ["undefined", None]  # nothing of the first copy's document or session storage
    assert refused == base + "/away" and hits == []  # the guard refused the second copy's own navigation


def test_a_copy_given_back_leaves_no_garbage_of_its_page_in_the_heap(browser_loop):
    # The page makes about 80 MB of short-lived arrays and keeps 1 MB: what it made is garbage
    # once it is gone, and a kept tab would hold it until V8 chose to collect.
    routes = {"/heavy": page("Heavy", "<script>let kept = [];"
                                      "for (let i = 0; i < 80; i++) { const a = new Array(131072).fill(i + 0.5);"
                                      " if (i === 0) kept.push(a); }</script>")}

    async def heap_after_copy(browser):
        context = await browser.new_context()
        try:
            tab, _ = await open_copy(await context.new_page(), base + "/heavy", timeout=60)
            session = await context.new_cdp_session(tab)
            loaded = (await session.send("Runtime.getHeapUsage"))["usedSize"]
            await close_copy(tab)
            parked = (await session.send("Runtime.getHeapUsage"))["usedSize"]
            await session.detach()
            return tab.url, loaded, parked
        finally:
            await context.close()

    with site(routes) as base:
        url, loaded, parked = browser_loop.call(heap_after_copy)
    assert url == "about:blank"
    assert parked < 16 * 2**20 < loaded, (loaded, parked)


def _windowed_chromium() -> str | None:
    """A Chromium whose contexts are windows with an active tab (not the headless shell, where
    every page has focus of its own)."""
    return next((shutil.which(n) for n in SYSTEM_NAMES if "headless-shell" not in n and shutil.which(n)), None)


def test_the_checked_page_is_the_active_tab_again_once_its_copy_is_given_back(browser_loop):
    # A kept copy's tab, opened after the page, would stay the window's active tab, and the page
    # behind it draws frames only when pushed (a screenshot of it could wait a second for one).
    # With Playwright's focus emulation off, document.hasFocus() says which tab is active.
    executable = _windowed_chromium()
    if executable is None:
        pytest.skip("needs a Chromium with windows (chromium, google-chrome); the headless shell has no active tab")
    routes = {"/page": page("Page"), "/other": page("Other")}  # /missing: 404

    async def focus_after_copies(browser):
        context = await browser.new_context()
        try:
            checked = await context.new_page()
            await checked.goto(base + "/page")
            session = await context.new_cdp_session(checked)
            await session.send("Emulation.setFocusEmulationEnabled", {"enabled": False})
            has_focus = "() => document.hasFocus()"

            async def focus_becomes(active: bool) -> bool:
                """Whether the page's document has focus, once it is `active` or a generous time has
                passed: a tab's activation reaches its document on the browser's own time, and a
                loaded machine took longer than the next call (the page read as still inactive)."""
                try:
                    await checked.wait_for_function(f"() => document.hasFocus() === {str(active).lower()}",
                                                    timeout=60_000)
                    return active
                except PlaywrightTimeoutError:
                    return not active

            seen = [await checked.evaluate(has_focus)]
            copy, _ = await open_copy(checked, base + "/other", timeout=60)
            seen.append(await focus_becomes(False))  # the copy is the active tab while in use
            await close_copy(copy)
            seen.append(await focus_becomes(True))
            copy, _ = await open_copy(checked, base + "/missing", timeout=60)  # the parked tab again
            await close_copy(copy)
            seen.append(await focus_becomes(True))
            return seen, len(context.pages)
        finally:
            await context.close()

    async def in_windowed_chromium():
        chromium = Chromium(executable)
        await chromium.start()
        try:
            return await focus_after_copies(await chromium.get())
        finally:
            await chromium.stop()

    with site(routes) as base:
        seen, tabs = browser_loop.call_async(in_windowed_chromium)
    assert seen == [True, False, True, True]
    assert tabs == 2  # the page and the kept copy


def test_the_scans_init_scripts_run_in_the_page_and_its_frames_and_only_in_copies_that_ask_for_them(browser_loop):
    # A copy that only reads a linked page's text need not set up axe and the checks' records
    # (twice: in the copy and in the about:blank it is parked at); one that watches what the
    # page's scripts do (a control tried in a fresh copy) needs them as the page has them.
    routes = {"/framed": page("Framed", '<iframe src="/inner"></iframe>'), "/inner": page("Inner")}
    marked = "() => typeof window.__scanScript"

    async def where_the_script_ran(browser):
        tab = await Chromium._open_tab(browser, 60, None, None, "window.__scanScript = 1;", None, None)
        try:
            await tab.page.goto(base + "/framed")
            frame = tab.page.frames[1]
            await frame.wait_for_load_state()
            seen = {"page": await tab.page.evaluate(marked), "frame": await frame.evaluate(marked)}
            for name, scripts in (("plain", False), ("scripted", True), ("plain again", False)):
                copy, _ = await open_copy(tab.page, base + "/inner", timeout=60, with_scan_scripts=scripts)
                seen[name] = await copy.evaluate(marked)
                await close_copy(copy)
            return seen, len(tab.context.pages)
        finally:
            await tab.close()

    with site(routes) as base:
        seen, tabs = browser_loop.call(where_the_script_ran)
    assert seen == {"page": "number", "frame": "number", "plain": "undefined", "scripted": "number",
                    "plain again": "undefined"}
    assert tabs == 3  # the page and one kept copy tab of each kind
