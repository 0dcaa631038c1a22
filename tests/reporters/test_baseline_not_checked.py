"""Known findings on pages a run did not scan are shown as not checked wherever fixed ones are
shown (summary.md, report.html, SARIF), never as fixed: a scan cut by --max-pages did not look
at those pages, so their findings' absence says nothing."""
from __future__ import annotations

import json

import pytest

from a11y.models import finalise
from tests.scanner.siteserver import page, site
from tests.support import read_results, run_a11y, scan

from .sample import sample_results
from .test_html import Tags

# Each page with one finding of its own (different markup, so different fingerprints).
HOME = '<img src="home.png"><a href="/b">B</a> <a href="/c">C</a>'
FIXED_HOME = '<img src="home.png" alt="Home"><a href="/b">B</a> <a href="/c">C</a>'
ROUTES = {"/": page("Home", HOME), "/b": page("B", '<img src="b.png">'), "/c": page("C", '<input type="text">')}
NOTE = "their pages were not scanned in this run"


@pytest.fixture(scope="module")
def cut_scan(tmp_path_factory):
    """A whole scan made the baseline; then the home page's problem was fixed and the site
    scanned again with --max-pages 1, so /b and /c were not scanned."""
    tmp = tmp_path_factory.mktemp("not-checked")
    routes = dict(ROUTES)
    common = ("--no-sitemap", "--checks", "none", "-q")
    with site(routes) as base:
        scan(base + "/", "--out", tmp / "whole", "--format", "json", *common, expect=1)
        made = run_a11y("baseline", tmp / "whole" / "results.json", "-o", tmp / "baseline.json")
        assert made.returncode == 0, made.stderr
        routes["/"] = page("Home", FIXED_HOME)
        scan(base + "/", "--out", tmp / "cut", "--format", "json,md,html,sarif", "--max-pages", "1",
             "--baseline", tmp / "baseline.json", *common, expect=0)
    return base, tmp / "cut"


def test_results_sort_the_gone_findings(cut_scan):
    base, out = cut_scan
    results = read_results(out)
    assert [f["rule"] for f in results["fixed"]] == ["image-alt"]
    assert sorted((f["rule"], tuple(f["pages"])) for f in results["not_checked"]) == [
        ("image-alt", (base + "/b",)), ("label", (base + "/c",))]
    assert results["summary"]["not_checked_findings"] == 2


def test_summary_md_counts_and_lists_them(cut_scan):
    base, out = cut_scan
    text = (out / "summary.md").read_text()
    assert f"**0 new** · 0 unchanged · 1 fixed · 2 not checked ({NOTE})" in text
    assert "- Fixed: Images must have alternative text (image-alt)" in text
    assert (f"- Not checked: Images must have alternative text (image-alt) on [{base}/b]({base}/b), "
            "not scanned in this run") in text
    assert f"(label) on [{base}/c]({base}/c), not scanned in this run" in text
    # Not listed as fixed.
    assert text.count("- Fixed:") == 1


def test_report_html_counts_and_lists_them(cut_scan):
    base, out = cut_scan
    html = (out / "report.html").read_text()
    section = Tags(html[html.index('<section id="baseline">'):html.index('<section id="rules">')]).text
    assert f"0 new findings, 0 unchanged, 1 fixed, 2 not checked ({NOTE})." in section
    assert f"image-alt Images must have alternative text {base}/b" in section
    assert f"{base}/c" in section and "label" in section
    totals = Tags(html[html.index('<section id="scan">'):html.index('<section id="charts">')]).text
    assert f"Fixed since the baseline 1 Not checked since the baseline ({NOTE}) 2" in totals


def test_sarif_carries_them_beside_fixed(cut_scan):
    base, out = cut_scan
    baseline = json.loads((out / "results.sarif").read_text())["runs"][0]["properties"]["baseline"]
    assert [f["rule"] for f in baseline["fixed"]] == ["image-alt"]
    assert sorted(f["pages"][0] for f in baseline["notChecked"]) == [base + "/b", base + "/c"]


@pytest.mark.browser
def test_the_report_with_them_scans_clean(cut_scan, tmp_path, serve):
    from a11y import reporters
    from a11y.testing import describe, scan_url_violations

    _, out = cut_scan
    violations = scan_url_violations(serve(out) + "report.html", standard="wcag21aa", best_practice=True)
    assert violations == [], describe(violations)
    # And with hostile text in a not-checked entry (markup in its help, no page recorded).
    results = sample_results()
    results.not_checked = [{"fingerprint": "fedcba9876543210", "rule": "<b>x</b>", "help": "<script>1</script>",
                            "pages": []}]
    reporters.get("html").render(finalise(results), tmp_path)
    html = (tmp_path / "report.html").read_text()
    assert "<script>1</script>" not in html and "None recorded in the baseline" in html
    violations = scan_url_violations(serve(tmp_path) + "report.html", standard="wcag21aa", best_practice=True)
    assert violations == [], describe(violations)


def test_no_not_checked_list_and_a_bare_count_when_there_are_none(tmp_path):
    from a11y import reporters

    [path] = reporters.get("md").render(sample_results(), tmp_path)
    text = path.read_text()
    assert "**4 new** · 1 unchanged · 1 fixed · 0 not checked\n" in text
    assert "Not checked:" not in text
