"""Real scans: junit.xml, results.sarif and summary.md fail exactly when the exit code does, and
`a11y report` renders the same files again from results.json alone (the run's settings are in it).
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.scanner.siteserver import page, site
from tests.support import run_a11y, scan

PALE = '<p style="color:#aaa;background:#fff">Pale grey words that many people with low vision cannot read.</p>'
ROUTES = {
    "/review": page("Review", "<p>Fine</p>"),  # too little text to tell its language: one item to review
    "/serious": page("Serious", PALE),  # contrast: serious, nothing critical
    "/critical": page("Critical", '<img src="/logo.png">'),  # no alternative text: critical
}
FORMATS = "json,md,junit,sarif"
RENDERED = ("summary.md", "junit.xml", "results.sarif")


@pytest.fixture(scope="module")
def base():
    with site(ROUTES) as url:
        yield url


def ci_scan(url: str, out: Path, *options, expect: int) -> None:
    scan(url, "--depth", "0", "--no-sitemap", "--format", FORMATS, "--out", out, "-q", *options, expect=expect)


def junit_failures(out: Path) -> int:
    return int(ET.parse(out / "junit.xml").getroot().get("failures"))


def sarif_levels(out: Path) -> list[str]:
    return [r["level"] for r in json.loads((out / "results.sarif").read_text())["runs"][0]["results"]]


def headline(out: Path) -> str:
    return (out / "summary.md").read_text().splitlines()[0]


def assert_report_renders_the_same(out: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    proc = run_a11y("report", out / "results.json", "--format", "md,junit,sarif", "--out", again)
    assert proc.returncode == 0, proc.stderr
    for name in RENDERED:
        assert (again / name).read_text() == (out / name).read_text(), name


def test_fail_on_review_fails_junit_and_sarif_too(base, tmp_path):
    out = tmp_path / "out"
    ci_scan(base + "/review", out, "--fail-on-review", expect=1)
    assert headline(out).startswith("## Accessibility: ❌ Failed")
    assert junit_failures(out) >= 1
    assert "error" in sarif_levels(out)
    assert_report_renders_the_same(out, tmp_path)


def test_a_violation_below_fail_on_fails_nothing(base, tmp_path):
    out = tmp_path / "out"
    ci_scan(base + "/serious", out, "--fail-on", "critical", expect=0)
    root = ET.parse(out / "junit.xml").getroot()
    assert root.get("failures") == "0"
    messages = [s.get("message") for s in root.iter("skipped")]
    assert any("below fail-on critical" in m for m in messages), messages
    levels = sarif_levels(out)
    assert "warning" in levels and "error" not in levels
    assert_report_renders_the_same(out, tmp_path)


def test_known_findings_of_a_baseline_fail_nothing(base, tmp_path):
    first, out = tmp_path / "first", tmp_path / "out"
    ci_scan(base + "/critical", first, expect=1)
    assert junit_failures(first) >= 1
    known = tmp_path / "baseline.json"
    proc = run_a11y("baseline", first / "results.json", "-o", known)
    assert proc.returncode == 0, proc.stderr
    ci_scan(base + "/critical", out, "--baseline", known, expect=0)
    assert junit_failures(out) == 0
    results = json.loads((out / "results.sarif").read_text())["runs"][0]["results"]
    failures = [r for r in results if not r["properties"]["needsReview"]]
    assert failures and {(r["level"], r["baselineState"]) for r in failures} <= {("warning", "unchanged"),
                                                                                 ("note", "unchanged")}
    assert_report_renders_the_same(out, tmp_path)
