"""orientation-not-locked (1.3.4; ACT b33eff): icons that turn with the layout, in a real Chromium."""
from tests.checks.support import run_check, served, targets

CHECK = "orientation-not-locked"
base = served(CHECK)


def test_a_decorative_arrow_that_turns_with_the_layout_passes(browser_loop, base):
    # Two aria-hidden "→" turn a quarter turn as the steps stack up in portrait: nothing is locked.
    outcome = run_check(browser_loop, CHECK, base + "pass-decorative-arrow.html")
    assert outcome.outcome == "passed", [n.summary for n in outcome.nodes]
    assert "2 decorative icon(s)" in outcome.reason


def test_an_icon_not_marked_as_decoration_that_turns_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-icon-not-marked.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["span"]]  # the only span: the chevron
    assert "icon-sized" in outcome.nodes[0].summary and "not marked as decoration" in outcome.nodes[0].summary


def test_content_turned_beside_a_decorative_arrow_still_fails(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-rotated-panel-beside-arrow.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#panel"]]
