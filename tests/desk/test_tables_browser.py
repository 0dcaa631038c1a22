"""Regression: at 320 CSS px (a magnifier user's 400 % zoom) the queue's table and the request's
History squeezed every column to 31-70 px and broke words and dates a letter a line ("2/0/2/6",
"N/or/m/al"). Cells keep whole words; a table wider than the screen scrolls sideways in its own
region, which the keyboard reaches and which has a name; the page itself does not scroll sideways."""
from __future__ import annotations

import pytest

from .conftest import ADMIN, PASSWORD, Public

pytestmark = pytest.mark.browser

# Every word in the table's cells whose letters were laid out on more than one line.
BROKEN_WORDS = """(table) => {
  const broken = [];
  const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""

LINE_HEIGHT = "(el) => parseFloat(getComputedStyle(el).lineHeight)"


def _signed_in_at_320(browser, live):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live + "/coordinator/login")
    page.fill("#email", ADMIN)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button:has-text('Sign in')")
    return context, page


def assert_table_reflows(page, region_name: str, date_cell: str):
    region = page.get_by_role("region", name=region_name)
    table = region.locator("table")
    assert table.evaluate(BROKEN_WORDS) == []
    cell = page.locator(date_cell).first
    box = cell.evaluate("(td) => { const r = document.createRange(); r.selectNodeContents(td);"
                        " return r.getClientRects().length; }")
    assert box == 1, "the date takes more than one line"
    # The table scrolls inside its region; the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert region.evaluate("(r) => r.scrollWidth > r.clientWidth"), "at 320 px the table should need to scroll"
    # The region is a Tab stop with a name, so a keyboard user can scroll it with the arrow keys.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(80):
        page.keyboard.press("Tab")
        if region.evaluate("(r) => r === document.activeElement"):
            break
    else:
        raise AssertionError(f"Tab never reached the {region_name!r} region")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("(r) => r.scrollLeft > 0", arg=region.element_handle())


def test_queue_and_history_tables_at_320_css_px(live, live_app, browser):
    client = live_app.test_client()
    resp = Public(client).submit(nature="Table reflow check", preferred_format="large_print")
    assert resp.status_code == 200
    context, page = _signed_in_at_320(browser, live)
    try:
        heading = page.locator("#results-heading").text_content()
        assert_table_reflows(page, heading, "tbody td:nth-child(2)")  # Received
        with page.expect_navigation():
            page.locator("tbody th a").first.click()
        page.select_option("#priority", "high")
        with page.expect_navigation():
            page.click("button:has-text('Save priority')")
        assert_table_reflows(page, "History", "#history-heading + .table-wrap tbody td:first-child")
    finally:
        context.close()
