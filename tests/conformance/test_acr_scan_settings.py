"""Procedures the scan did not run are named, with why, in each criterion's remarks and in
Evaluation Methods Used: rules left out with --disable-rules or --rules, our checks left out
with --checks none, and an ACR against another standard than the scan's (which also warns)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.support import run_a11y

pytestmark = pytest.mark.browser
SITE = Path(__file__).parent / "site"  # an image without alt text and pale text on the home page


def _acr(results: Path, out: Path, *args) -> tuple[dict, dict, str]:
    """`a11y acr` on saved results: web rows by criterion, the acr.yaml, and what it said on stderr."""
    proc = run_a11y("acr", results, "--out", out, *args)
    assert proc.returncode == 0, proc.stderr
    doc = yaml.safe_load((out / "acr.yaml").read_text())
    rows = {row["num"]: c["adherence"] for ch in doc["chapters"].values() for row in ch["criteria"]
            for c in row["components"] if c["name"] == "web"}
    return rows, doc, proc.stderr


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> Path:
    """The site scanned for real twice: with image-alt and color-contrast disabled and no checks of
    our own, and as a plain section508 scan."""
    out = tmp_path_factory.mktemp("settings")
    for name, extra in (("disabled", ["--disable-rules", "image-alt,color-contrast", "--checks", "none"]),
                        ("plain", [])):
        proc = run_a11y("scan", SITE, "--out", out / name, "--format", "json", "-q", "--no-sitemap",
                        "--fail-on", "none", *extra)
        assert proc.returncode == 0, proc.stderr
    return out


def test_disabled_rules_and_checks_are_named_in_the_remarks(scans, tmp_path):
    rows, doc, _ = _acr(scans / "disabled" / "results.json", tmp_path)
    # 1.1.1: the other image rules ran and found nothing; image-alt, which would have failed, did not run.
    assert "Not run in this scan: image-alt (disabled with --disable-rules)." in rows["1.1.1"]["notes"]
    assert rows["1.1.1"]["level"] == "not-evaluated"
    # 1.4.3: none of its procedures ran, each named with why.
    assert ("None of the automated checks for this criterion ran in this scan: color-contrast (disabled with "
            "--disable-rules), text-contrast-rendered (--checks none)") in rows["1.4.3"]["notes"]
    # A check of ours beside axe rules that ran.
    assert "table-header-assigned (--checks none)" in rows["1.3.1"]["notes"]
    methods = doc["evaluation_methods_used"]
    assert "Rules disabled with --disable-rules: image-alt, color-contrast." in methods
    assert "a11y's own browser checks were not run (--checks none)." in methods


def test_a_scan_that_ran_everything_adds_nothing(scans, tmp_path):
    rows, doc, stderr = _acr(scans / "plain" / "results.json", tmp_path)
    assert rows["1.1.1"]["level"] != "not-evaluated"  # image-alt ran and failed on the home page
    assert "Not run in this scan: image-alt" not in rows["1.1.1"]["notes"]
    assert "--disable-rules" not in doc["evaluation_methods_used"]
    assert "--checks none" not in doc["evaluation_methods_used"]
    # axe's experimental rules the catalog names for 1.3.1 run only when named: said so, not "no result".
    assert ("p-as-heading (off in the bundled axe-core unless named: an experimental or deprecated rule, "
            "which --rules runs)") in rows["1.3.1"]["notes"]
    assert "no result recorded" not in rows["1.3.1"]["notes"]
    assert "warning" not in stderr


def test_another_standard_than_the_scans_warns_and_says_the_scans_own(scans, tmp_path):
    rows, doc, stderr = _acr(scans / "plain" / "results.json", tmp_path, "--standard", "wcag21aa")
    assert "a11y: warning: the scan ran for --standard section508, not wcag21aa" in stderr
    methods = doc["evaluation_methods_used"]
    assert "against Revised Section 508 (WCAG 2.0 Level A and AA)." in methods
    assert "This report lists the criteria of WCAG 2.1" in methods
    # 1.4.10 (WCAG 2.1): reflow-320 is not a section508 check, so it did not run.
    notes = rows["1.4.10"]["notes"]
    assert "reflow-320 (not run for the scan's standard, section508)" in notes
    assert rows["1.4.10"]["level"] == "not-evaluated"
