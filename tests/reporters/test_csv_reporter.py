import csv

import pytest

from a11y.models import Node, Page, Results, RuleResult, finalise
from a11y.reporters.csv_reporter import COLUMNS, escape_cell

from .contract import ReporterContract
from .sample import sample_results


def _one_node(summary):
    page = Page(url="http://x/", status="scanned", violations=[
        RuleResult(rule="image-alt", impact="critical", wcag=["1.1.1"], help="h", help_url="u",
                   nodes=[Node(target=["img"], html="<img>", summary=summary)])])
    return finalise(Results(standard="section508", started="2026-01-01T00:00:00Z", pages=[page]))


class TestCsvReporter(ReporterContract):
    format_name = "csv"

    def read(self, tmp_path, results=None):
        _, [path] = self.render(tmp_path, results)
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for Excel"
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))

    def test_header_and_a_row_per_node(self, tmp_path):
        rows = self.read(tmp_path)
        assert list(rows[0]) == list(COLUMNS)
        results = sample_results()
        violations = [r for r in rows if r["result"] == "violation"]
        assert len(violations) == results.summary["failing_elements"] == 6
        assert len([r for r in rows if r["result"] == "needs review"]) == 1

    def test_row_content(self, tmp_path):
        rows = self.read(tmp_path)
        frame = next(r for r in rows if r["selector"] == "iframe#ad >>> img")
        assert frame["page_url"] == "http://127.0.0.1:8000/"
        assert (frame["rule"], frame["impact"], frame["wcag"]) == ("image-alt", "critical", "1.1.1")
        assert frame["help_url"] == "https://dequeuniversity.com/rules/axe/4.12/image-alt"
        assert frame["html"] == "<img src=x onerror=alert(1)>"
        link = next(r for r in rows if r["rule"] == "link-name")
        assert link["wcag"] == "2.4.4 4.1.2"
        assert next(r for r in rows if r["rule"] == "color-contrast")["selector"] == "my-widget >> button.pale"

    def test_fingerprint_and_baseline_status(self, tmp_path):
        results = sample_results()
        rows = self.read(tmp_path, results)
        marks = {f.fingerprint: f.baseline for f in results.findings}
        for row in rows:
            if row["result"] == "violation":
                assert row["baseline"] == marks[row["fingerprint"]]
            else:
                assert row["baseline"] == ""
        assert {"new", "unchanged"} <= {r["baseline"] for r in rows}

    def test_baseline_blank_without_a_baseline(self, tmp_path):
        rows = self.read(tmp_path, _one_node("x"))
        assert rows[0]["baseline"] == "" and len(rows[0]["fingerprint"]) == 16

    @pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"],
                             ids=["equals", "plus", "minus", "at", "tab", "cr"])
    def test_formula_starts_are_escaped(self, tmp_path, start):
        value = start + "SUM(A1:A9)"
        rows = self.read(tmp_path, _one_node(value))
        assert rows[0]["summary"] == "'" + value
        assert escape_cell(value) == "'" + value

    def test_sample_hostile_cells(self, tmp_path):
        rows = self.read(tmp_path)
        summaries = {r["summary"] for r in rows}
        assert "'=HYPERLINK(\"http://evil\")" in summaries
        assert "'-2+3 Element has insufficient color contrast of 2.1" in summaries
        assert "'@SUM(A1)" in summaries
        assert "'\rcr start" in summaries
        # Only the first character matters: an inner tab or '@' is left alone.
        assert '<a class="icon" href="/x">\t@cmd</a>' in {r["html"] for r in rows}

    def test_safe_cells_are_untouched(self):
        for value in ("Images must have alternative text", "1.4.3", "", "'quoted", "a=b"):
            assert escape_cell(value) == value
        assert escape_cell(None) == ""
