"""orientation-not-locked (1.3.4; ACT b33eff) on fixture pages in a real Chromium."""
import pytest

from tests.checks.layout_support import run_and_look
from tests.checks.support import CHECK_FIXTURES, run_check, served, targets

FIXTURES = CHECK_FIXTURES / "orientation-not-locked"
CHECK = "orientation-not-locked"
base = served(CHECK)


def test_fails_a_quarter_turn_in_portrait_only(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-portrait.html")
    assert outcome.outcome == "failed"
    assert targets(outcome) == [["#fail1"]]
    assert "-90.0° in portrait" in outcome.nodes[0].summary


def test_passes_turns_that_do_not_lock_the_orientation(browser_loop, base):
    assert run_check(browser_loop, CHECK, base + "pass-full-turn.html").outcome == "passed"


def test_inapplicable_without_a_rotation_in_an_orientation_query(browser_loop, base):
    assert run_check(browser_loop, CHECK, base + "inapplicable-no-orientation-rule.html").outcome == "inapplicable"


def test_a_resize_handler_that_turns_the_content_is_seen_though_nothing_is_turned_at_load(browser_loop, base):
    # Nothing in the styles rotates anything: only the handler does, once the viewport turns.
    outcome = run_check(browser_loop, CHECK, base + "review-resize-listener.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#turned"]]


def test_a_script_that_turns_the_content_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-script.html")
    assert outcome.outcome == "cantTell"
    assert targets(outcome) == [["#review1"]]
    assert "orientation media query" in outcome.reason


def test_alerts_on_resize_are_dismissed_and_the_viewport_and_scroll_restored(browser_loop, base):
    outcome, before, after = run_and_look(browser_loop, CHECK, base + "fail-alert-on-resize.html")
    assert outcome.outcome == "failed"
    assert targets(outcome) == [["#fail1"]]
    assert after == before


@pytest.mark.parametrize("name, settled, review", [
    # axe cannot tell on a page without style sheets; nothing there can rotate anything
    ("inapplicable-no-styles.html", "passes; nothing in the page's style sheets", False),
    # a script turns the content: this check leaves it for review too, and so does axe's item stay
    ("review-script.html", None, True),
])
def test_decides_axe_s_orientation_lock_review_item_where_it_has_the_evidence(tmp_path, name, settled, review):
    from tests.support import read_results, scan

    scan(FIXTURES / name, "--out", tmp_path, "--quiet", "--fail-on", "none",
         "--rules", f"css-orientation-lock,{CHECK}", expect=0)
    page = read_results(tmp_path)["pages"][0]
    axe_review = [r for r in page["incomplete"] if r["rule"] == "css-orientation-lock"]
    assert bool(axe_review) == review
    decided = [n["summary"] for r in page["settled"] for n in r["nodes"]]
    if settled:
        assert [r["settled_by"] for r in page["settled"]] == [CHECK]
        assert len(decided) == 1 and decided[0].startswith(f"decided by {CHECK}: {settled}")
        assert "css-orientation-lock" in page["passed"]
    else:
        assert decided == []
