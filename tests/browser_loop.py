"""A real Chromium on an asyncio loop in a thread, shared by the tests of one worker.

The scanner's engines are async; tests are plain functions. `BrowserLoop.call(fn)`
runs `await fn(browser)` on the loop and returns its result, so a test can drive the
scanner's own code (engines, checks) against a real browser without starting one per test.
"""
from __future__ import annotations

import asyncio
import threading

from a11y.browser import Chromium


class BrowserLoop:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="test-browser-loop", daemon=True)
        self.thread.start()
        self.chromium = Chromium()
        self.call_async(self.chromium.start)

    def call_async(self, fn, *args):
        return asyncio.run_coroutine_threadsafe(fn(*args), self.loop).result()

    def call(self, fn):
        """await fn(browser) on the loop, with the running Chromium browser."""
        async def with_browser():
            return await fn(await self.chromium.get())
        return self.call_async(with_browser)

    def close(self) -> None:
        try:
            self.call_async(self.chromium.stop)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=30)


async def open_page(browser, url: str, viewport: dict | None = None, init_scripts: list[str] = ()):
    """A fresh context and page loaded with url (init_scripts added to every document first, as
    the scanner adds its engines'); close with `await page.context.close()`."""
    return (await load_page(browser, url, viewport, init_scripts))[0]


async def load_page(browser, url: str, viewport: dict | None = None, init_scripts: list[str] = ()):
    """open_page, and the navigation's response (the document as served), as the scanner has them."""
    context = await browser.new_context(viewport=viewport or {"width": 1280, "height": 720})
    for script in init_scripts:
        await context.add_init_script(script=script)
    page = await context.new_page()
    response = await page.goto(url, wait_until="load")
    return page, response
