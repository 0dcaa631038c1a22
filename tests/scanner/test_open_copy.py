"""A check's copy of a page (browser.open_copy) refuses the page's own later navigations,
as the page under audit does: a busy machine can keep a copy open long enough for a delayed
refresh or a script redirect to fire, and that request must not leave the browser."""
from __future__ import annotations

import asyncio

from a11y.browser import open_copy

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
            tab, response = await open_copy(context, base + "/moved", viewport=None, timeout=60)
            tab.on("framenavigated", on_navigated)
            outcome = await ended
            return response.status, tab.url, await tab.title(), outcome
        finally:
            await context.close()

    with site(routes) as base:
        status, url, title, outcome = browser_loop.call(load_and_wait_for_the_refusal)
    assert (status, url, title, outcome) == (200, base + "/start", "Start", ("refused", base + "/away"))
    assert hits == []
