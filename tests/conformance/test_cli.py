"""`a11y rules` and `a11y acr` from the command line (no browser: results are crafted)."""
from __future__ import annotations

import json

import yaml
from click.testing import CliRunner

from a11y.catalog import load_catalog
from a11y.cli import main

from ..reporters.sample import sample_results
from .test_openacr import check_against_catalog

MANUAL = """\
evaluator: Jane Doe
date: 2026-11-30
criteria:
  "1.1.1": {level: supports, notes: Reviewed every image}
  "2.4.5": {level: supports, notes: Site map and search}
"""


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _results_file(tmp_path, data=None):
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data) if data is not None else sample_results().to_json())
    return path


def test_rules_prints_the_catalog_and_coverage():
    r = _run("rules")
    assert r.exit_code == 0
    assert "1.1.1  A   Non-text Content" in r.output
    assert "automated: image-alt" in r.output and "6.A Meaningful Images" in r.output
    # Criteria gain checks over time: take one the catalog still leaves to people alone.
    manual_only = next(c for c in load_catalog("section508").criteria
                       if not c.procedures and c.automation != "applicability")
    block = r.output.split(f"\n{manual_only.num:<7}{manual_only.level:<3} {manual_only.handle}")[1].split("\n\n")[0]
    assert "automated: none; needs manual review (no automated evidence for this criterion)" in block
    assert "applies:   where video-caption, object-alt find something to test; when they find nothing, a " \
           "person decides whether it applies" in r.output.split("1.2.3  A")[1].split("\n\n")[0]
    assert "automated: image-alt" in r.output and "(can find failures, never show it is met)" in r.output
    covered, total = load_catalog("section508").coverage()  # grows as checks are added
    assert total == 38 and 18 <= covered < total
    assert f"Coverage: {covered} of 38 criteria have automated evidence; the other {38 - covered} have none" in r.output


def test_rules_for_a_profile():
    r = _run("rules", "--standard", "wcag22aa")
    assert r.exit_code == 0 and "2.5.8  AA  Target Size (Minimum) (WCAG 2.2)" in r.output
    assert "of 56 criteria" in r.output
    assert _run("rules", "--standard", "wcag3").exit_code == 2


def test_acr_writes_three_files(tmp_path):
    manual = tmp_path / "manual.yaml"
    manual.write_text(MANUAL)
    out = tmp_path / "acr"
    r = _run("acr", _results_file(tmp_path), "--manual", manual, "--out", out, "--product-name", "Parks site",
             "--vendor", "City of Example", "--contact-email", "a11y@example.gov", "--report-date", "2026-12-01")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == ["acr.html", "acr.md", "acr.yaml"]
    doc = yaml.safe_load((out / "acr.yaml").read_text())
    check_against_catalog(doc)
    assert doc["product"]["name"] == "Parks site" and doc["report_date"] == "2026-12-01"
    assert "1 conflict(s)" in r.output
    html = (out / "acr.html").read_text()
    assert "City of Example Accessibility Conformance Report" in html and "Conflict:" in html


def test_acr_says_what_is_missing(tmp_path):
    r = _run("acr", _results_file(tmp_path), "--out", tmp_path / "out")
    assert r.exit_code == 0
    assert "product name, vendor, contact email not given" in r.output
    assert "Not provided" in (tmp_path / "out" / "acr.html").read_text()


def test_acr_standard_option(tmp_path):
    r = _run("acr", _results_file(tmp_path), "--out", tmp_path / "out", "--standard", "wcag21aa")
    assert r.exit_code == 0
    assert yaml.safe_load((tmp_path / "out" / "acr.yaml").read_text())["catalog"] == "2.5-edition-wcag-2.1-508-en"


def test_bad_manual_file_exits_2_naming_the_line(tmp_path):
    manual = tmp_path / "manual.yaml"
    manual.write_text(MANUAL + '  "7.7.7": {level: supports}\n')
    r = _run("acr", _results_file(tmp_path), "--manual", manual, "--out", tmp_path / "out")
    assert r.exit_code == 2
    assert f"a11y: error: {manual}, line 6: unknown criterion '7.7.7'" in r.output
    assert "hint:" in r.output
    assert not (tmp_path / "out").exists()


def test_unknown_level_exits_2(tmp_path):
    manual = tmp_path / "manual.yaml"
    manual.write_text('criteria:\n  "1.4.3": {level: great}\n')
    r = _run("acr", _results_file(tmp_path), "--manual", manual, "--out", tmp_path / "out")
    assert r.exit_code == 2 and "line 2: unknown level 'great'" in r.output


def test_older_results_schema_exits_2(tmp_path):
    data = json.loads(sample_results().to_json())
    data["schema_version"] = "0.3"
    r = _run("acr", _results_file(tmp_path, data), "--out", tmp_path / "out")
    assert r.exit_code == 2
    assert "results schema version 0.3 is not supported" in r.output


def test_missing_results_file_exits_2(tmp_path):
    r = _run("acr", tmp_path / "nope.json", "--out", tmp_path / "out")
    assert r.exit_code == 2 and "no such file" in r.output
