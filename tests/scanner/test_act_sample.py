"""Regression test on a sample of W3C ACT Rules test cases (tests/fixtures/act):
a failed example is reported by one of the rule's axe procedures; a passed
example is never failed by them."""
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
    scan(f"@{listing}", "--depth", "0", "--no-sitemap", "--out", out, "-q", expect=1)  # failed examples fail
    pages = pages_by_url(read_results(out))
    wrong = []
    for case in cases:
        page = pages[base + case["file"]]
        assert page["status"] == "scanned", page
        if not case["axe_rules"]:  # only our checks implement it (tests/checks/test_act_cases.py)
            continue
        failed = {v["rule"] for v in page["violations"]} & set(case["axe_rules"])
        if (case["expected"] == "failed") != bool(failed):
            wrong.append(f'{case["file"]} ({case["ruleName"]}): expected {case["expected"]}, axe failed {sorted(failed)}')
    assert not wrong, "\n".join(wrong)
