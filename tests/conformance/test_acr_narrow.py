"""acr.html at 320 CSS px (WCAG 1.4.10 Reflow), in a real Chromium: the page itself never scrolls
sideways, no text is squeezed to a letter a line, and what is wider than the screen (a criteria
table, the chart and its data) scrolls in a box of its own that a keyboard can reach."""
from __future__ import annotations

import pytest

from a11y.catalog import load_openacr_catalog
from a11y.manual import parse_manual
from a11y.reporters.openacr import Product, build_acr, write_acr
from tests.browser_loop import open_page

from ..reporters.sample import empty_results, sample_results
from ..support import run_a11y
from .test_acr_browser import CONFLICTING

pytestmark = pytest.mark.browser

# Text of 4 characters or more whose box is narrower than 2em (about 4 characters): wrapped to a
# letter or two a line. Boxes that scroll sideways, and whether each is a focusable named region.
# The chart's labels as drawn: their font size times the scale the SVG is drawn at.
LAYOUT = """() => {
  const squeezed = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    const text = node.data.trim(), parent = node.parentElement;
    if (text.length < 4 || !parent.getClientRects().length || parent.closest('.skip-link, title, desc')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const width = range.getBoundingClientRect().width;
    if (width < 2 * parseFloat(getComputedStyle(parent).fontSize)) squeezed.push(`${text.slice(0, 30)} (${Math.round(width)} px)`);
  }
  const scrolling = [...document.querySelectorAll('body *')]
    .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
    .map(e => ({role: e.getAttribute('role'), tabindex: e.getAttribute('tabindex'),
                name: (e.getAttribute('aria-labelledby') || '').split(' ')
                  .map(id => (document.getElementById(id) || {textContent: ''}).textContent.trim()).join(' ').trim()}));
  const labels = [...document.querySelectorAll('svg.chart text')].map(t => {
    const svg = t.ownerSVGElement;
    return parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  });
  return {pageWidth: document.documentElement.scrollWidth, squeezed, scrolling, labels};
}"""


def _layout(browser_loop, url: str, width: int) -> dict:
    async def measure(browser):
        page = await open_page(browser, url, viewport={"width": width, "height": 800})
        try:
            return await page.evaluate(LAYOUT)
        finally:
            await page.context.close()
    return browser_loop.call(measure)


def _written_by_the_cli(folder):
    """As the reviewer wrote it: `a11y acr RESULTS` with long product details."""
    results = folder / "results.json"
    results.write_text(sample_results().to_json())
    proc = run_a11y("acr", results, "--out", folder, "--product-name", "Parks and Recreation Online Services Portal",
                    "--product-version", "2.4.1", "--vendor", "City of Example Department of Parks",
                    "--contact-email", "accessibility-coordinator@parks.example.gov")
    assert proc.returncode == 0, proc.stderr


def _with_conflicts(folder):
    """A tester's levels that conflict with the scan: the conflicts list quotes failing pages' addresses."""
    manual = parse_manual(CONFLICTING, "m.yaml", load_openacr_catalog("2.5-edition-wcag-2.0-508-en"))
    acr = build_acr(sample_results(), manual=manual, product=Product(name="Parks <site>", vendor="City & Co"))
    assert acr.conflicts
    write_acr(acr, folder)


WRITERS = {"cli": _written_by_the_cli, "manual-conflicts": _with_conflicts,
           "clean-draft": lambda folder: write_acr(build_acr(empty_results(), draft=True), folder)}


@pytest.mark.parametrize("case", list(WRITERS))
def test_acr_html_reflows_at_320_css_px(tmp_path, serve, browser_loop, case):
    WRITERS[case](tmp_path)
    layout = _layout(browser_loop, serve(tmp_path) + "acr.html", 320)
    assert layout["pageWidth"] <= 320
    assert layout["squeezed"] == []
    # The criteria tables are wider than 320 px: each scrolls in its own box, which takes focus
    # and has a name.
    assert len(layout["scrolling"]) >= 7
    for box in layout["scrolling"]:
        assert (box["role"], box["tabindex"]) == ("region", "0") and box["name"], box
    # The chart (absent when nothing failed) keeps labels of 12 px and more: it scrolls rather than shrink.
    assert (min(layout["labels"]) >= 12) if case != "clean-draft" else layout["labels"] == []


def test_nothing_scrolls_sideways_on_a_wide_screen(tmp_path, serve, browser_loop):
    _with_conflicts(tmp_path)
    layout = _layout(browser_loop, serve(tmp_path) + "acr.html", 1280)
    assert (layout["pageWidth"], layout["squeezed"], layout["scrolling"]) == (1280, [], [])
    assert min(layout["labels"]) == 14  # the chart at its own size
