"""A reused --out loses only what an earlier a11y scan wrote there: a report file of the same
name that another tool wrote (pytest's junit.xml, a CI step's summary.md, pytest-html's
report.html) is kept, as are pictures when no report of ours shows that a scan was there."""
from __future__ import annotations

from pathlib import Path

import pytest

from a11y import output, reporters
from a11y.models import Node, Page, Results, RuleResult
from tests.support import scan

from .siteserver import page, site

OTHERS = {  # what other tools write under our names
    "junit.xml": '<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" '
                 'errors="0" failures="0" skipped="0" tests="1"><testcase classname="t" name="x"/></testsuite>'
                 "</testsuites>",
    "summary.md": "## Accessibility: checked by hand\n\nAll good.\n",
    "report.html": '<!DOCTYPE html><html><head><meta charset="utf-8"><title>report.html</title>'
                   '<meta name="generator" content="pytest-html 4.1.1"></head><body></body></html>',
    "results.sarif": '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "ESLint"}}, "results": []}]}',
    "findings.csv": "file,line,message\nsrc/a.js,3,no-unused-vars\n",
    "results.earl.json": '{"@graph": [], "assertedBy": {"@type": "Software", "title": "axe-cli"}}',
    "acr.md": "# Accessibility Conformance Report\n\nWritten by our accessibility team.\n",
}


def _results() -> Results:
    node = Node(target=["img"], html='<img src="a.png">')
    return Results(standard="wcag21aa", started="2026-01-01T00:00:00Z", complete=True,
                   tool={"name": "a11y", "version": "9.9.9"},
                   pages=[Page(url="http://example.test/", status="scanned", title="Home", violations=[
                       RuleResult(rule="image-alt", impact="critical", wcag=["1.1.1"], help="Images must have "
                                  "alternative text", help_url="https://example.test/image-alt", nodes=[node])])])


def _pictures(out: Path) -> None:
    (out / "screenshots").mkdir(parents=True, exist_ok=True)
    (out / "screenshots" / "0123456789abcdef.png").write_bytes(b"\x89PNG")
    (out / "login-failure.png").write_bytes(b"\x89PNG")


@pytest.mark.parametrize("tool", [{"name": "a11y", "version": "9.9.9"}, {}])
def test_every_report_of_ours_is_recognised_as_ours(tmp_path, tool):
    results = _results()
    results.tool = tool
    written, errors = output.write_reports(results, tmp_path, reporters.available())
    assert errors == [] and written
    assert [p.name for p in written if not output.is_our_report(p)] == []


def test_files_of_our_names_that_other_tools_wrote_are_not_ours(tmp_path):
    for name, text in OTHERS.items():
        (tmp_path / name).write_text(text)
        assert not output.is_our_report(tmp_path / name), name
    (tmp_path / "results.json").write_text('{"tests": [], "standard": "none"}')
    assert not output.is_our_report(tmp_path / "results.json")


def test_a_folder_of_other_tools_files_loses_nothing(tmp_path):
    for name, text in OTHERS.items():
        (tmp_path / name).write_text(text)
    _pictures(tmp_path)
    removed, failed = output.remove_stale_reports(tmp_path, ["json"], screenshots=False)
    assert (removed, failed) == ([], [])
    assert {name: (tmp_path / name).read_text() for name in OTHERS} == OTHERS
    assert (tmp_path / "login-failure.png").exists() and (tmp_path / "screenshots" / "0123456789abcdef.png").exists()


def test_ours_go_and_the_others_stay_in_the_same_folder(tmp_path):
    output.write_reports(_results(), tmp_path, reporters.available())
    _pictures(tmp_path)
    for name in ("junit.xml", "summary.md", "report.html"):
        (tmp_path / name).write_text(OTHERS[name])  # another tool's, written after our scan's
    removed, failed = output.remove_stale_reports(tmp_path, ["json"], screenshots=False)
    assert failed == []
    assert removed == ["acr.html", "acr.md", "acr.yaml", "findings.csv", "results.earl.json", "results.sarif",
                       "login-failure.png", "screenshots/ (1 picture)"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junit.xml", "report.html", "results.json", "summary.md"]


def test_a_scan_into_a_shared_folder_keeps_what_it_did_not_write(tmp_path):
    """The CLI: `a11y scan URL --out . --format json` in a folder of other tools' reports and
    an earlier scan's: the note names only what an earlier scan wrote."""
    out = tmp_path / "ci-reports"
    output.write_reports(_results(), out, ["json", "sarif", "md"])
    for name in ("junit.xml", "report.html"):
        (out / name).write_text(OTHERS[name])
    with site({"/": page("Home", "<p>Fine.</p>")}) as base:
        proc = scan(base + "/", "--out", ".", "--format", "json", "--checks", "none", "--depth", "0", "-q",
                    cwd=out, expect=0)
    assert "a11y: note: removed from . what an earlier scan wrote there and this one does not: " \
           "results.sarif, summary.md" in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["junit.xml", "report.html", "results.json"]
    assert {name: (out / name).read_text() for name in ("junit.xml", "report.html")} == {
        name: OTHERS[name] for name in ("junit.xml", "report.html")}
