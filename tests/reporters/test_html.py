import base64
import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from a11y.models import Results
from a11y.reporters.html import render_html

from .contract import ReporterContract
from .sample import empty_results, sample_results, settled_results, suppressed_results

# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text, of a page."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags, self.chunks = [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.chunks.append(data)

    @property
    def text(self):
        return " ".join(" ".join(self.chunks).split())

    def find(self, tag):
        return [a for t, a in self.tags if t == tag]


def html_of(results, tmp_path):
    return render_html(results, tmp_path)


def with_screenshot(tmp_path, rel="shots/logo.png", write=True):
    results = sample_results()
    results.pages[0].violations[1].nodes[0].screenshot = rel  # color-contrast in a shadow root
    if write:
        (tmp_path / "shots").mkdir(exist_ok=True)
        (tmp_path / "shots" / "logo.png").write_bytes(PNG)
    return results


class TestHtmlReporter(ReporterContract):
    format_name = "html"

    def test_writes_report_html(self, tmp_path):
        _, written = self.render(tmp_path)
        assert [p.name for p in written] == ["report.html"]


def test_scan_info_and_totals(tmp_path):
    page = Tags(html_of(sample_results(), tmp_path))
    text = page.text
    for expected in ("Revised Section 508", "a11y 0.1.0", "axe-core 4.12.1", "29 Nov 2026, 10:00:00 UTC",
                     "29 Nov 2026, 10:00:05 UTC",
                     "INCOMPLETE: http://127.0.0.1:8000/slow.html could not be scanned (timeout: navigation took "
                     "longer than 30 s).",
                     "Pages scanned 3", "Failing elements 6", "Broken links (HTTP 400 or above) 1"):
        assert expected in text, expected
    assert [a.get("datetime") for a in page.find("time")] == ["2026-11-29T10:00:00Z", "2026-11-29T10:00:05Z"]


def test_complete_and_unfinished_scans_say_so_in_words(tmp_path):
    assert "Complete: every page found was scanned" in Tags(html_of(empty_results(), tmp_path)).text
    unfinished = Results(standard="wcag21aa", started="2026-11-29T10:00:00Z", complete=False)
    text = Tags(html_of(unfinished, tmp_path)).text
    assert "INCOMPLETE: the scan did not finish" in text
    assert "WCAG 2.1 Level A and AA" in text and "No pages were found." in text


def test_every_rule_page_and_criterion_appears(tmp_path):
    results = sample_results()
    text = Tags(html_of(results, tmp_path)).text
    for page in results.pages:
        assert page.url in text
    for rule in ("image-alt", "color-contrast", "link-name", "region"):
        assert rule in text
    for sc in ("1.1.1 Non-text Content", "1.4.3 Contrast (Minimum)", "2.4.4 Link Purpose (In Context)",
               "4.1.2 Name, Role, Value", "No WCAG criterion (best practice)"):
        assert sc in text, sc
    for help_text in ("Images must have alternative text", "Links must have discernible text"):
        assert help_text in text


def test_selectors_and_snippets_of_each_node(tmp_path):
    html = html_of(sample_results(), tmp_path)
    codes = [c for c in re.findall(r"<code>(.*?)</code>", html, re.S)]
    assert "header &gt; img.logo" in codes
    assert "iframe#ad &gt;&gt;&gt; img" in codes  # frame path
    assert "my-widget &gt;&gt; button.pale" in codes  # shadow path
    assert "&lt;img src=x onerror=alert(1)&gt;" in codes  # snippet, escaped, in <pre><code>
    assert '<pre><code>&lt;button class=&#34;pale&#34;&gt;+Go&lt;/button&gt;</code></pre>' in html


def test_pages_errors_broken_links_skipped_and_documents(tmp_path):
    html = html_of(sample_results(), tmp_path)
    section = html[html.index('<section id="pages">'):html.index('<section id="criteria">')]
    text = Tags(section).text
    assert "Broken links" in text and "http://127.0.0.1:8000/missing.html 404 http://127.0.0.1:8000/" in text
    assert "http://127.0.0.1:8000/slow.html timeout: navigation took longer than 30 s" in text
    assert "http://127.0.0.1:8000/private/ robots: disallowed by robots.txt" in text
    assert "Documents that need their own 508 review" in text
    assert "http://127.0.0.1:8000/annual-report.pdf application/pdf" in text


def test_needs_review_is_separate_from_violations(tmp_path):
    html = html_of(sample_results(), tmp_path)
    review = html[html.index('<section id="review">'):html.index("</main>")]
    rules = html[html.index('<section id="rules">'):html.index('<section id="pages">')]
    assert "Background image: contrast cannot be determined" in review
    assert "p.bg-image" in review
    assert "p.bg-image" not in rules


def test_baseline_new_unchanged_and_fixed(tmp_path):
    html = html_of(sample_results(), tmp_path)
    section = html[html.index('<section id="baseline">'):html.index('<section id="rules">')]
    text = Tags(section).text
    assert "a11y-baseline.json" in text
    assert "4 new findings, 1 unchanged, 1 fixed" in text
    assert "label Form elements must have labels 0123456789abcdef" in text
    assert "region moderate div.stray" in text  # the unchanged one
    assert text.count("image-alt") == 2  # two new image-alt findings
    assert 'class="mark mark-unchanged">in baseline<' in html and 'class="mark mark-new">new<' in html


def test_no_baseline_section_without_a_baseline(tmp_path):
    results = sample_results()
    results.baseline_file = None
    html = html_of(results, tmp_path)
    assert 'id="baseline"' not in html and 'class="mark mark-' not in html


def test_hostile_text_is_escaped(tmp_path):
    results = sample_results()
    results.pages[1].violations[0].help_url = "javascript:alert(2)"
    results.pages[0].url = 'http://127.0.0.1:8000/"><script>alert(3)</script>'
    html = html_of(results, tmp_path)
    page = Tags(html)
    assert not page.find("script")
    assert all(not k.startswith("on") for _, attrs in page.tags for k in attrs)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Home <script>alert(1)</script>" in page.text  # shown as text
    assert '=HYPERLINK("http://evil")' in page.text
    assert not [a for a in page.find("a") if not a["href"].startswith(("#", "http://", "https://"))]
    assert [i for i in page.find("img")] == []  # no images but screenshots


def test_self_contained_and_no_javascript(tmp_path):
    html = html_of(with_screenshot(tmp_path), tmp_path)
    page = Tags(html)
    assert not page.find("script") and not page.find("link") and not page.find("iframe")
    assert all(a["src"].startswith("data:image/png;base64,") for a in page.find("img"))
    assert "@import" not in html and "url(" not in html


def test_structure_for_assistive_technology(tmp_path):
    html = html_of(sample_results(), tmp_path)
    page = Tags(html)
    assert page.find("html")[0]["lang"] == "en"
    assert len(page.find("h1")) == 1
    assert len(page.find("main")) == 1 and page.find("nav") and page.find("header") and page.find("footer")
    assert page.find("a")[0] == {"class": "skip-link", "href": "#main"}
    ids = Counter(a["id"] for _, a in page.tags if "id" in a)
    assert [i for i, n in ids.items() if n > 1] == []
    targets = {a["href"][1:] for a in page.find("a") if a["href"].startswith("#")}
    assert targets <= set(ids), targets - set(ids)
    assert len(page.find("caption")) == len(page.find("table"))
    assert all("scope" in a for a in page.find("th"))
    assert "@media print" in html


def test_charts_are_inline_svg_with_a_data_table(tmp_path):
    html = html_of(sample_results(), tmp_path)
    page = Tags(html)
    svgs = page.find("svg")
    assert len(svgs) == 2
    for svg in svgs:
        assert svg["role"] == "img"
        for ref in svg["aria-labelledby"].split():
            assert f'id="{ref}"' in html
    desc = re.search(r'<desc id="chart-sc-desc">(.*?)</desc>', html).group(1)
    assert "1.1.1 Non-text Content: 3 (3 critical)" in desc
    assert "No WCAG criterion (best practice): 1 (1 moderate)" in desc
    assert "Failing elements by WCAG success criterion and impact" in page.text
    assert "Failing elements by impact Impact Elements Critical 3 Serious 2 Moderate 1 Minor 0" in page.text


def test_clean_scan_has_no_chart_but_says_so(tmp_path):
    html = html_of(empty_results(), tmp_path)
    assert "<svg" not in html
    assert "No violations found." in html and "Nothing needs review." in html


def test_screenshot_inlined_beside_its_node_with_alt_text(tmp_path):
    page = Tags(html_of(with_screenshot(tmp_path), tmp_path))
    [img] = page.find("img")
    assert img["src"] == "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert "my-widget >> button.pale" in img["alt"] and "color-contrast" in img["alt"]
    assert "http://127.0.0.1:8000/" in img["alt"]


def test_missing_screenshot_file_is_linked_relatively(tmp_path):
    page = Tags(html_of(with_screenshot(tmp_path, "shots/gone 1.png", write=False), tmp_path))
    assert [i["src"] for i in page.find("img")] == ["shots/gone%201.png"]


@pytest.mark.parametrize("rel", ["javascript:alert(1)", "../outside.png", "/etc/logo.png",
                                 "shots/x.svg", "C:\\x.png", "http://evil/x.png"])
def test_unsafe_screenshot_paths_are_not_shown(tmp_path, rel):
    assert Tags(html_of(with_screenshot(tmp_path, rel), tmp_path)).find("img") == []


def no_pages():
    return Results(standard="section508", started="2026-11-29T10:00:00Z", complete=False)


def cached_results() -> Results:
    """The sample, as a re-scan with --cache that reused every scanned page would record it."""
    results = sample_results()
    for page in results.scanned_pages:
        page.from_cache = True
    return results


def test_pages_from_the_cache_are_counted_and_marked(tmp_path):
    from a11y import reporters

    results = cached_results()
    reporters.get("html").render(results, tmp_path)
    text = (tmp_path / "report.html").read_text()
    cached = len(results.scanned_pages)
    assert cached >= 1
    assert ('<th scope="row">Of those, reused from the cache (unchanged since an earlier scan)</th>'
            f'<td class="num">{cached}</td>') in text
    assert text.count("from the cache (unchanged since an earlier scan)") == 1 + 2 * cached  # totals, table, sections


@pytest.mark.browser
@pytest.mark.parametrize("make", [sample_results, empty_results, no_pages, "screenshot", suppressed_results,
                                  cached_results, settled_results],
                         ids=["sample", "empty", "no-pages", "screenshot", "suppressed", "from-cache", "settled"])
def test_report_scans_clean(tmp_path, serve, make):
    from a11y import reporters
    from a11y.testing import describe, scan_url_violations

    results = with_screenshot(tmp_path) if make == "screenshot" else make()
    reporters.get("html").render(results, tmp_path)
    violations = scan_url_violations(serve(tmp_path) + "report.html", standard="wcag21aa", best_practice=True)
    assert violations == [], describe(violations)


def test_suppressed_section_lists_each_element_with_its_reason_and_the_entries(tmp_path):
    html = html_of(suppressed_results(), tmp_path)
    section = html.split('<section id="suppressed">')[1].split("</section>")[0]
    assert "Decorative &lt;b&gt;logo&lt;/b&gt; | &#34;=cmd&#34; A11Y-7" in section
    assert "<code>header &gt; img.logo</code>" in section and "2027-06-30" in section
    assert "expired: no longer suppressing" in section and "stale: matched nothing in this scan" in section
    assert '<a href="#suppressed">' in html
    assert 'id="suppressed"' not in html_of(sample_results(), tmp_path)


def test_review_items_our_checks_decided_are_counted_by_rule_and_verdict(tmp_path):
    html = html_of(settled_results(), tmp_path)
    section = html.split('<section id="review">')[1].split("</section>")[0]
    assert "Decided by a11y&#39;s own checks" in section or "Decided by a11y's own checks" in section
    assert ('<tr><td><code>color-contrast</code></td><td><code>text-contrast-rendered</code></td>'
            '<td class="num">1</td><td class="num">1</td></tr>') in section
    assert "Decided by" not in html_of(sample_results(), tmp_path)
