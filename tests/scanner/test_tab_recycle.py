"""A tab is replaced after a number of pages, or sooner after many elements (browser.Tab)."""
from a11y.browser import Tab
from a11y.pagework import PageSettings, _run_engines

from .siteserver import page, site


def test_a_tab_that_audited_many_elements_is_replaced(browser_loop):
    items = "".join(f"<li>item {i}</li>" for i in range(200))
    with site({"/": page("Many", f"<ul>{items}</ul>")}) as base:
        async def audit_twice(browser):
            context = await browser.new_context()
            try:
                tab = Tab(browser, context, await context.new_page())
                await tab.page.goto(base + "/")
                await _run_engines(tab, [], PageSettings(), None)
                first = tab.elements
                limit, Tab.RECYCLE_AFTER_ELEMENTS = Tab.RECYCLE_AFTER_ELEMENTS, first + 1
                try:
                    usable_after_one = tab.usable()
                    await _run_engines(tab, [], PageSettings(), None)
                    return first, usable_after_one, tab.usable()
                finally:
                    Tab.RECYCLE_AFTER_ELEMENTS = limit
            finally:
                await context.close()

        first, after_one, after_two = browser_loop.call(audit_twice)
    assert first > 200  # the list items, and the document's own elements
    assert after_one and not after_two
