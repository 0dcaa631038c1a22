"""One vocabulary of counts: for one real scan, the console line, results.json,
summary.md, report.html and the ACR give the same numbers under the same names
(README "Counts"), and they are the numbers the fixture site was built to have."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from a11y.models import COUNT_LABELS
from tests.conftest import FIXTURES
from tests.support import run_a11y

# tests/fixtures/counts/README.md explains each number.
EXPECTED = {
    "failing_elements": 5,  # the logo on 3 pages + 2 unnamed buttons on one page
    "failing_page_rule_pairs": 4,  # image-alt on 3 pages + button-name on one
    "distinct_findings": 3,  # one logo, two buttons
    "review_elements": 2,  # the banner on 2 pages
    "review_page_rule_pairs": 2,
    "review_distinct_findings": 1,
}


class Rows(HTMLParser):
    """Table rows as lists of cell texts."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _label(key: str) -> str:
    text = COUNT_LABELS[key]
    return text[0].upper() + text[1:]


def _from_rows(rows: list[list[str]]) -> dict[str, int]:
    by_label = {row[0]: row[1] for row in rows if len(row) == 2}
    return {key: int(by_label[_label(key)]) for key in EXPECTED}


def _from_markdown(text: str) -> dict[str, int]:
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in text.splitlines() if line.startswith("|")]
    return _from_rows(rows)


def _from_console(text: str) -> dict[str, int]:
    return {key: int(re.search(re.escape(COUNT_LABELS[key]) + r": (\d+)", text).group(1)) for key in EXPECTED}


@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    out = tmp_path_factory.mktemp("counts")
    # axe alone: the fixture's known counts are axe's findings; our checks' own needs-review
    # items (e.g. bypass-repeated-blocks with no other page to compare) are not what this tests.
    run = run_a11y("scan", FIXTURES / "counts", "--checks", "none", "--out", out, "--format", "json,md,html,openacr")
    assert run.returncode == 1, run.stderr
    return run, out


def test_every_format_counts_the_same_under_the_same_names(scan):
    run, out = scan
    summary = json.loads((out / "results.json").read_text())["summary"]
    table = {
        "console": _from_console(run.stdout),
        "results.json": {key: summary[key] for key in EXPECTED},
        "summary.md": _from_markdown((out / "summary.md").read_text()),
        "report.html": _from_rows(Rows((out / "report.html").read_text()).rows),
        "acr.html": _from_rows(Rows((out / "acr.html").read_text()).rows),
        "acr.md": _from_markdown((out / "acr.md").read_text()),
    }
    assert table == {where: EXPECTED for where in table}


def test_the_markdown_headline_counts_distinct_findings(scan):
    _, out = scan
    headline = (out / "summary.md").read_text().splitlines()[0]
    assert headline == "## Accessibility: ❌ Failed: 3 distinct finding(s) at or above minor impact"


def test_a_results_file_with_the_old_summary_names_still_reports(tmp_path):
    """Files written before the names were settled (summary.violations, .nodes, .findings)
    load, and their summary is recomputed under the new names."""
    from click.testing import CliRunner

    from a11y.cli import main

    from .sample import sample_results

    data = json.loads(sample_results().to_json())
    data["summary"] = {"pages": 6, "violations": 5, "nodes": 6, "needs_review": 1, "findings": 5,
                       "by_impact": {"critical": 3}, "new_findings": 4, "fixed_findings": 1}
    (tmp_path / "old.json").write_text(json.dumps(data))
    run = CliRunner().invoke(main, ["report", str(tmp_path / "old.json"), "--format", "json,md",
                                    "--out", str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    summary = json.loads((tmp_path / "out" / "results.json").read_text())["summary"]
    assert (summary["failing_elements"], summary["failing_page_rule_pairs"], summary["distinct_findings"]) == (6, 5, 5)
    assert "nodes" not in summary and "violations" not in summary
    assert "| Failing elements | 6 |" in (tmp_path / "out" / "summary.md").read_text()
