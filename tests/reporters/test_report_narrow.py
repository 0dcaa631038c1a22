"""Regression: report.html scrolled sideways at 320 CSS px (WCAG 1.4.10 Reflow; a 1280 px window at
400 %): the page was 607 px wide. The totals table had a min-width of 24rem, the chart's table a
12rem row header, and the 8-column tables (every page, the [[ignore]] entries) were laid out in
the page itself. Now only labelled, focusable regions scroll a table or chart wider than the
screen; everything else fits, and no text is squeezed to a letter a line.

The report is written for a scan with many pages, long addresses and titles, long rule names, and
every section (baseline, broken links, errors, documents, skips, suppressions, settled items)."""
from __future__ import annotations

import pytest

from a11y.models import Node, Page, RuleResult, finalise
from tests.browser_loop import open_page

from .sample import suppressed_results

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 800}
SITE = "http://127.0.0.1:8000"
STEPS = SITE + "/programs/benefits-and-services/eligibility-requirements-for-veterans-and-their-families"


def _long_url(i: int) -> str:
    return f"{STEPS}/state-{i:02d}/apply-online-step-{i}-of-24-with-supporting-documentation.html"


def _scrollable(i: int) -> RuleResult:
    return RuleResult(
        rule="scrollable-region-focusable", impact="serious", wcag=["2.1.1", "2.1.3"],
        help="Scrollable region must have keyboard access",
        help_url="https://dequeuniversity.com/rules/axe/4.12/scrollable-region-focusable",
        nodes=[Node(target=[f"#eligibility-results-panel-{i} > div.results-scroll-container"],
                    html=f'<div class="results-scroll-container" data-state="{i:02d}">',
                    summary="Fix any of the following:\n  Element should have focusable content")])


def wide_results():
    """The sample with suppressions, plus 24 scanned pages at long addresses (each with a
    finding, every other one known from the baseline), pages beyond --max-pages, baseline
    findings on them (not checked), a settled review item and a long query-string address."""
    results = suppressed_results()
    for i in range(24):
        results.pages.append(Page(
            url=_long_url(i), final_url=_long_url(i), status="scanned", http_status=200, depth=1,
            title=f"Step {i} of 24: applying online for benefits, with supporting documentation",
            found_on=SITE + "/", violations=[_scrollable(i)]))
    for i in range(24, 30):
        results.pages.append(Page(url=_long_url(i), status="skipped", found_on=_long_url(i - 1),
                                  reason="max-pages: beyond --max-pages 30"))
    results.pages.append(Page(
        url=SITE + "/search-results?query=accessibility%20conformance&utm_source=newsletter&utm_medium=email",
        status="error", reason="timeout: navigation took longer than 30 s", found_on=_long_url(3)))
    results.pages[0].settled = [RuleResult(
        rule="color-contrast", impact="serious", wcag=["1.4.3"], help="Elements must meet minimum color contrast", help_url="",
        settled_by="text-contrast-rendered", nodes=[Node(target=["p.gradient"], html="<p>x</p>")])]
    finalise(results)
    for n, finding in enumerate(results.findings):
        finding.baseline = "unchanged" if n % 2 else "new"
    results.not_checked = [{"fingerprint": f"fedcba98765432{i:02d}", "rule": "scrollable-region-focusable",
                            "help": "Scrollable region must have keyboard access", "pages": [_long_url(i)]}
                           for i in range(24, 30)]
    return finalise(results)


# What the report looks like at the window's width: how wide the document is, what sticks out of
# it outside a box that scrolls, the text boxes narrower than 4 characters (or than their text),
# words of a table broken across lines, and each table's and chart's scroll region.
LAYOUT = r"""() => {
  const root = document.documentElement, width = root.clientWidth;
  const scroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (/auto|scroll/.test(getComputedStyle(p).overflowX)) return p;
    }
    return null;
  };
  const outside = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 0.5 && !scroller(el)) outside.push(`${el.tagName.toLowerCase()}.${el.className}`);
  }
  const ctx = document.createElement('canvas').getContext('2d');
  const range = document.createRange();
  const narrow = [], broken = [];
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = texts.nextNode(); n; n = texts.nextNode()) {
    const text = n.data.trim();
    if (text.length < 2 || !n.parentElement.getClientRects().length) continue;
    let box = n.parentElement;
    while (getComputedStyle(box).display.startsWith('inline')) box = box.parentElement;
    const cs = getComputedStyle(box);
    ctx.font = getComputedStyle(n.parentElement).font;
    const needed = Math.min(ctx.measureText('0000').width, ctx.measureText(text).width);
    const inner = box.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    if (inner + 0.5 < needed) narrow.push(`${Math.round(inner)} px: ${text.slice(0, 40)}`);
    if (!n.parentElement.closest('table')) continue;
    for (const m of n.data.matchAll(/[\p{L}\p{N}]{2,20}/gu)) {
      range.setStart(n, m.index);
      range.setEnd(n, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  const region = (el) => {
    const r = el.closest('[role=region]');
    if (!r) return null;
    const label = document.getElementById(r.getAttribute('aria-labelledby') || '');
    return {name: label ? label.textContent.trim() : '', tabindex: r.getAttribute('tabindex'),
            scrolls: r.scrollWidth > r.clientWidth};
  };
  const tables = [...document.querySelectorAll('table')].map((t) => ({
    caption: t.caption ? t.caption.textContent.trim() : '', columns: t.rows[0].cells.length,
    region: region(t)}));
  const charts = [...document.querySelectorAll('svg.chart')].map((svg) => ({
    title: svg.querySelector('title').textContent, region: region(svg),
    labelPx: 14 * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width}));
  return {scrollWidth: root.scrollWidth, width, outside: outside.slice(0, 10), narrow, broken, tables, charts};
}"""


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    from a11y import reporters

    out = tmp_path_factory.mktemp("narrow-report")
    reporters.get("html").render(wide_results(), out)
    return out


def _at(browser_loop, url, viewport, then):
    async def go(browser):
        page = await open_page(browser, url, viewport)
        try:
            return await then(page)
        finally:
            await page.context.close()
    return browser_loop.call(go)


def test_at_320_css_px_only_the_scroll_regions_scroll(written, serve, browser_loop):
    html = (written / "report.html").read_text()
    assert html.count("apply-online-step-") > 24 and 'id="baseline"' in html and 'id="suppressed"' in html

    async def layout(page):
        return await page.evaluate(LAYOUT)

    facts = _at(browser_loop, serve(written) + "report.html", NARROW, layout)
    assert facts["width"] == 320
    assert facts["scrollWidth"] <= 320, facts["outside"]
    assert facts["narrow"] == [], "text boxes narrower than 4 characters"
    assert facts["broken"] == [], "words of a table broken across lines"
    # A table of more than two columns scrolls in a region named by its caption, which the
    # keyboard reaches; the two-column ones (totals, by impact) fit the screen.
    for table in facts["tables"]:
        if table["columns"] > 2:
            assert table["region"] and (table["region"]["name"], table["region"]["tabindex"]) == (table["caption"], "0")
    assert {t["caption"] for t in facts["tables"] if t["region"] is None} == {"Totals", "Failing elements by impact"}
    scrolling = {t["caption"] for t in facts["tables"] if t["region"] and t["region"]["scrolls"]}
    assert {"Every page found, in scan order", "The [[ignore]] entries and what became of each in this scan"} <= scrolling
    # The charts keep labels of at least 12 px, scrolling in a region named by the chart's title.
    assert len(facts["charts"]) == 2
    for chart in facts["charts"]:
        assert chart["region"]["name"] == chart["title"] and chart["region"]["tabindex"] == "0"
        assert chart["labelPx"] >= 12, chart


def test_a_region_scrolls_with_the_arrow_keys_and_shows_its_focus(written, serve, browser_loop):
    async def scroll_pages_table(page):
        region = page.get_by_role("region", name="Every page found, in scan order")
        await region.focus()
        outline = await region.evaluate("(r) => { const s = getComputedStyle(r);"
                                        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
        await page.keyboard.press("ArrowRight")
        await page.wait_for_function("(r) => r.scrollLeft > 0", arg=await region.element_handle())
        return outline, await page.evaluate("document.documentElement.scrollLeft")

    (style, px), page_scroll = _at(browser_loop, serve(written) + "report.html", NARROW, scroll_pages_table)
    assert style != "none" and px >= 2
    assert page_scroll == 0  # the table scrolled, not the page


def test_at_1280_css_px_the_page_does_not_scroll_sideways(written, serve, browser_loop):
    async def width(page):
        return await page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")

    scroll_width, client_width = _at(browser_loop, serve(written) + "report.html", {"width": 1280, "height": 800},
                                     width)
    assert scroll_width <= client_width


def test_the_narrow_report_scans_clean_and_reflows(written, serve):
    from a11y.testing import describe, scan_results

    page = scan_results(serve(written) + "report.html", standard="wcag21aa", best_practice=True).pages[0]
    assert page.status == "scanned", page.reason
    assert page.violations == [], describe(page.violations)
    assert "reflow-320" in page.passed, [r.nodes[0].summary for r in page.incomplete if r.rule == "reflow-320"]
