"""text-contrast-enhanced (WCAG 1.4.6, AAA, a best practice here; ACT 09o5cg) in a real Chromium:
text-contrast-rendered's measurement against 7:1, or 4.5:1 for large-scale text."""
from pathlib import Path

import pytest

from tests.checks.support import run_check

FIXTURES = Path(__file__).parent.parent / "fixtures" / "checks"
CHECK = "text-contrast-enhanced"


@pytest.fixture
def base(serve):
    return serve(FIXTURES)


def test_text_below_the_enhanced_thresholds_fails_where_1_4_3_passes(browser_loop, base):
    enhanced = run_check(browser_loop, CHECK, base + "text-contrast-enhanced/mixed.html")
    assert enhanced.outcome == "failed", enhanced.reason
    found = {n.target[0]: n.summary for n in enhanced.nodes}
    # Computed from styles (plain white) and from pixels (a gradient behind the text).
    assert set(found) == {"#middling", "#big-weak", "#graded"}, found
    assert "7:1 is needed for normal text" in found["#middling"]
    assert "4.5:1 is needed for large-scale text" in found["#big-weak"]
    minimum = run_check(browser_loop, "text-contrast-rendered", base + "text-contrast-enhanced/mixed.html")
    # 1.4.3 fails none of it (thin glyphs on the gradient leave its pixels for review there).
    assert minimum.outcome != "failed", [n.summary for n in minimum.nodes]
    assert not {"#middling", "#big-weak"} & {n.target[0] for n in minimum.nodes}


def test_it_decides_none_of_axe_s_review_items(tmp_path):
    # axe's color-contrast items are 1.4.3's: a verdict against 1.4.6's thresholds is no answer to them.
    from tests.support import read_results, scan

    scan(FIXTURES / "text-contrast-rendered" / "settle-review.html", "--out", tmp_path, "--quiet",
         "--fail-on", "none", "--rules", f"color-contrast,{CHECK}", expect=0)
    page = read_results(tmp_path)["pages"][0]
    assert page["settled"] == []
    review = {r["rule"]: [n["target"] for n in r["nodes"]] for r in page["incomplete"]}
    assert len(review["color-contrast"]) == 3
