"""Regression test on a sample of W3C ACT Rules test cases (tests/fixtures/act):
a failed example is reported failed by one of the rule's procedures (axe's rules
in "axe_rules", our checks in "checks"); a passed or inapplicable example is
never failed by them. The scan is the real command, at wcag22aa with best
practices, as the ACT benchmark in the README runs it."""
import json
from pathlib import Path

from tests.support import pages_by_url, read_results, scan

ACT = Path(__file__).parent.parent / "fixtures" / "act"


def test_act_sample_outcomes(tmp_path, serve):
    cases = json.loads((ACT / "cases.json").read_text())
    base = serve(ACT / "cases")
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(base + c["file"] for c in cases) + "\n")
    out = tmp_path / "out"
    # At wcag22aa with best practices, as the README's ACT benchmark runs; the failed examples fail.
    scan(f"@{listing}", "--depth", "0", "--no-sitemap", "--standard", "wcag22aa", "--best-practice",
         "--out", out, "-q", expect=1)
    pages = pages_by_url(read_results(out))
    wrong = []
    for case in cases:
        page = pages[base + case["file"]]
        assert page["status"] == "scanned", page
        procedures = set(case.get("axe_rules", [])) | set(case.get("checks", []))
        failed = {v["rule"] for v in page["violations"]} & procedures
        if (case["expected"] == "failed") != bool(failed):
            wrong.append(f'{case["file"]} ({case["ruleName"]}): expected {case["expected"]}, failed by {sorted(failed)}')
    assert not wrong, "\n".join(wrong)
