"""In a real Chromium: acr.html scans clean, and the issue's "Done when" end to end."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from a11y.catalog import load_openacr_catalog
from a11y.manual import parse_manual
from a11y.reporters.openacr import Product, build_acr, write_acr
from a11y.testing import describe, scan_url_violations

from ..reporters.sample import empty_results, sample_results
from ..support import read_results, run_a11y
from .test_openacr import check_against_catalog

pytestmark = pytest.mark.browser
SITE = Path(__file__).parent / "site"

CONFLICTING = """\
evaluator: Jane Doe
date: 2026-11-30
criteria:
  "1.1.1": {level: supports, notes: "Checked <img> alt texts"}
  "2.4.5": {level: supports, notes: Site map and search}
  "302.1": {level: partially-supports}
"""


@pytest.mark.parametrize("case", ["sample-with-manual", "clean", "wcag22"])
def test_acr_html_has_no_violations(tmp_path, serve, case):
    if case == "sample-with-manual":
        manual = parse_manual(CONFLICTING, "m.yaml", load_openacr_catalog("2.5-edition-wcag-2.0-508-en"))
        acr = build_acr(sample_results(), manual=manual,
                        product=Product(name="Parks <site>", vendor="City & Co", contact_email="a@example.gov"))
        assert acr.conflicts
    elif case == "clean":
        acr = build_acr(empty_results(), draft=True)
    else:
        acr = build_acr(sample_results(), standard="wcag22aa")
    write_acr(acr, tmp_path)
    violations = scan_url_violations(serve(tmp_path) + "acr.html", standard="wcag21aa", best_practice=True)
    assert violations == [], describe(violations)


def test_done_when_scan_then_acr_with_a_manual_file(tmp_path):
    """A site with a missing alt text and a contrast failure, scanned for real, then `a11y acr --manual`."""
    scan_out = tmp_path / "scan"
    scan = run_a11y("scan", SITE, "--out", scan_out, "--format", "json,openacr", "-q")
    assert scan.returncode == 1, scan.stderr  # violations found
    rules = {v["rule"] for p in read_results(scan_out)["pages"] for v in p["violations"]}
    assert {"image-alt", "color-contrast"} <= rules
    # The scanner's draft ACR is there too.
    check_against_catalog(yaml.safe_load((scan_out / "acr.yaml").read_text()))

    manual = tmp_path / "manual.yaml"
    manual.write_text("""\
evaluator: Jane Doe
date: 2026-11-30
criteria:
  "1.1.1": {level: supports, notes: Alt texts reviewed}
  "2.4.5": {level: supports, notes: Navigation on every page}
  "2.4.7": {level: partially-supports, notes: Focus outline removed on links}
""")
    out = tmp_path / "acr"
    r = run_a11y("acr", scan_out / "results.json", "--manual", manual, "--out", out,
                 "--product-name", "Parks site", "--vendor", "City of Example")
    assert r.returncode == 0, r.stderr
    doc = yaml.safe_load((out / "acr.yaml").read_text())
    check_against_catalog(doc)
    levels = {(r["num"], c["name"]): c["adherence"] for ch in doc["chapters"].values()
              for r in ch["criteria"] for c in r["components"]}
    # The home page fails 1.1.1 (image-alt) and 1.4.3 (color-contrast); the hours page passes
    # both: failures on one of two applicable pages are partial support. The tester's
    # "supports" for 1.1.1 conflicts with that, visibly, and the worse level is kept.
    assert levels[("1.1.1", "web")]["level"] == "partially-supports"
    assert "conflicts" in levels[("1.1.1", "web")]["notes"]
    assert levels[("1.4.3", "web")]["level"] == "partially-supports"
    # The tester's levels appear where they don't conflict.
    assert levels[("2.4.5", "web")]["level"] == "supports"
    assert levels[("2.4.7", "web")]["level"] == "partially-supports"
    # Without automated failures or a tester's word, criteria stay not-evaluated (media too: no
    # rule sees an <embed>'s media or a player a script adds).
    for num in ("1.3.2", "2.1.1", "3.3.1", "4.1.2", "1.2.2"):
        assert levels[(num, "web")]["level"] == "not-evaluated", num
    html = (out / "acr.html").read_text()
    assert "Conflict:" in html and "1 conflict(s)" in r.stdout
    assert "Conflicts between manual results and automated evidence" in (out / "acr.md").read_text()
