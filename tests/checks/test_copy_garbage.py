"""A kept copy tab (browser.close_copy) collects its renderer's garbage only once it has grown
(a full collection costs about 20 ms of CPU even after a small page): however many small
copies are given back, the heap stays bounded, and a large copy's garbage is collected at once
(tests/scanner/test_open_copy.py)."""
from __future__ import annotations

from a11y import devtools
from a11y.browser import COPY_COLLECT_FROM, close_copy, open_copy
from tests.scanner.siteserver import page, site


def test_many_small_copies_given_back_leave_the_heap_bounded(browser_loop):
    # Each copy makes about 4 MB of short-lived arrays: 30 copies, 120 MB of garbage in all.
    routes = {"/small": page("Small", "<script>for (let i = 0; i < 4; i++) new Array(131072).fill(i + 0.5);"
                                      "</script>")}

    async def heaps_after_copies(browser):
        context = await browser.new_context()
        try:
            checked = await context.new_page()
            heaps = []
            for _ in range(30):
                tab, _ = await open_copy(checked, base + "/small", timeout=60)
                await close_copy(tab)
                heaps.append((await devtools.send(tab, "Runtime.getHeapUsage"))["usedSize"])
            return tab.url, heaps
        finally:
            await context.close()

    with site(routes) as base:
        url, heaps = browser_loop.call(heaps_after_copies)
    assert url == "about:blank"
    assert max(heaps) < COPY_COLLECT_FROM + 16 * 2**20, heaps
