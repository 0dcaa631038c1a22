import re

import pytest

from a11y.models import Node, Page, Results, RuleResult, finalise
from a11y.reporters.markdown import CAP, esc, link

from .contract import ReporterContract
from .sample import empty_results, sample_results, settled_results, suppressed_results


def _render_html(text):
    """Markdown to HTML as a CommonMark + tables renderer that passes raw HTML through
    (as GitHub does, before its sanitiser): escaping mistakes show up as real tags."""
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def _hostile_results(n_pages=1):
    evil = "x | y <script>alert(1)</script> `code` *bold* [link](javascript:alert(1)) $x$ ~~s~~ _u_"
    pages = [Page(url=f"http://x/{i}?q=<b>|(", status="scanned", title=evil, violations=[
        RuleResult(rule=f"rule-{i}", impact="serious", wcag=["1.1.1"], help=evil,
                   help_url="https://example.org/help (1)",
                   nodes=[Node(target=[f"img.n{i}"], html="<img src=x onerror=alert(1)>", summary=evil)])])
             for i in range(n_pages)]
    pages.append(Page(url="http://x/bad", status="error", reason=evil))
    return finalise(Results(standard="section508", started="2026-01-01T00:00:00Z", complete=True, pages=pages))


class TestMarkdownReporter(ReporterContract):
    format_name = "md"

    def text(self, tmp_path, results=None):
        _, [path] = self.render(tmp_path, results)
        return path.read_text(encoding="utf-8")

    def test_sections(self, tmp_path):
        text = self.text(tmp_path)
        assert text.startswith("## Accessibility: ⚠️ Incomplete: http://127.0.0.1:8000/slow.html could not be "
                               "scanned (timeout: navigation took longer than 30 s)")
        for heading in ("### Findings by impact", "### Compared with baseline a11y-baseline.json",
                        "### Top rules violated", "### Needs review", "### Pages that could not be scanned",
                        "### Broken links", "### Documents needing their own 508 review"):
            assert heading in text
        assert "| Failing elements | 6 |" in text
        assert "| critical | 3 |" in text
        assert "**4 new** · 1 unchanged · 1 fixed" in text
        assert "- Fixed: Form elements must have labels (label)" in text
        assert "timeout: navigation took longer than 30 s" in text
        assert "annual-report.pdf" in text and "(HTTP 404)" in text

    def test_top_rules_table(self, tmp_path):
        text = self.text(tmp_path)
        row = next(line for line in text.splitlines() if line.startswith("| image-alt |"))
        assert row == ("| image-alt | critical | 1.1.1 | 2 | 3 | [Images must have alternative text]"
                       "(https://dequeuniversity.com/rules/axe/4.12/image-alt) |")

    def test_verdicts(self, tmp_path):
        assert "✅ Passed: no violations" in self.text(tmp_path, empty_results())
        results = sample_results()
        results.pages = [p for p in results.pages if p.status != "error"]
        finalise(results)
        assert "❌ Failed: 4 new distinct finding(s) at or above minor impact" in self.text(tmp_path, results)
        results.options["fail_on"] = "critical"
        assert "❌ Failed: 2 new distinct finding(s) at or above critical impact" in self.text(tmp_path, results)
        for f in results.findings:
            f.baseline = "unchanged"
        passed = self.text(tmp_path, results)
        assert "✅ Passed: no new violations at or above critical impact (5 known from the baseline)" in passed
        results.findings[0].baseline = "new"
        results.findings[0].impact = "moderate"  # new, but below --fail-on critical
        assert "(4 known from the baseline; 1 below that)" in self.text(tmp_path, results)
        results.options["fail_on"] = "none"
        assert "none fails the build" in self.text(tmp_path, results)
        results.complete = False
        assert "the scan did not finish" in self.text(tmp_path, results)

    def test_suppressed_section_with_reasons_and_entries_to_look_at(self, tmp_path):
        text = self.text(tmp_path, suppressed_results())
        assert "(1 suppressed element(s) not counted)" in text.splitlines()[0]
        section = text.split("### Suppressed (reviewed exceptions, not counted)")[1].split("###")[0]
        assert ("- image-alt (critical): header &gt; img.logo on http://127.0.0.1:8000/about.html: "
                "Decorative &lt;b&gt;logo&lt;/b&gt; \\| \"=cmd\" A11Y-7 (until 2027-06-30; entry 1)") in section
        assert ("- \\[\\[ignore\\]\\] entry 2 (a11y.toml line 9, rule link-name): expired: no longer "
                "suppressing; what it matched counts as violations again (1 element(s))") in section
        assert "entry 3 (a11y.toml line 14, rule region): stale: matched nothing" in section
        assert "Suppressed" not in self.text(tmp_path, sample_results())

    def test_untrusted_text_is_escaped(self, tmp_path):
        text = self.text(tmp_path, _hostile_results())
        assert "<script>" not in text and "<img" not in text and "<b>" not in text
        html = _render_html(text)
        assert "<script>" not in html and "<img" not in html and "<code>" not in html
        assert "<strong>" not in html and "<em>" not in html and 'href="javascript' not in html
        # Pipes did not split table cells: every row of every table has its header's width.
        for block in re.findall(r"<table>.*?</table>", html, re.S):
            widths = {len(re.findall(r"<t[hd]", row)) for row in re.findall(r"<tr>.*?</tr>", block, re.S)}
            assert len(widths) == 1, block
        # The help link's URL is percent-encoded, so the space and parenthesis stay in it.
        assert 'href="https://example.org/help%20%281%29"' in html

    def test_escape_helpers(self):
        assert esc("a|b") == "a\\|b"
        assert esc("`x`") == "\\`x\\`"
        assert esc("<i>&") == "&lt;i&gt;&amp;"
        assert esc("line\nbreak") == "line break"
        assert len(esc("x" * 1000)) == 160
        assert link("t", "javascript:alert(1)") == "t"

    def test_bounded_size(self, tmp_path):
        text = self.text(tmp_path, _hostile_results(500))
        assert len(text.encode("utf-8")) < 20_000
        assert f"… and {500 - CAP} more" in text


def test_pages_from_the_cache_are_counted_only_when_there_are_some(tmp_path):
    from a11y import reporters

    results = sample_results()
    reporters.get("md").render(results, tmp_path)
    assert "from the cache" not in (tmp_path / "summary.md").read_text()
    for page in results.scanned_pages:
        page.from_cache = True
    reporters.get("md").render(results, tmp_path)
    row = f"| Of those, reused from the cache (unchanged since an earlier scan) | {len(results.scanned_pages)} |"
    assert row in (tmp_path / "summary.md").read_text()


def test_review_items_our_checks_decided_have_their_own_table_only_when_there_are_some(tmp_path):
    from a11y import reporters

    reporters.get("md").render(sample_results(), tmp_path)
    assert "Decided by" not in (tmp_path / "summary.md").read_text()
    reporters.get("md").render(settled_results(), tmp_path)
    text = (tmp_path / "summary.md").read_text()
    assert "### Decided by a11y's own checks (not counted as review)" in text
    assert "| color-contrast | text-contrast-rendered | 1 | 1 |" in text
