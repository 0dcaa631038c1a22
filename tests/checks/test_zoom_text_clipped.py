"""zoom-text-not-clipped (1.4.4; ACT 59br37) on fixture pages in a real Chromium."""
from tests.checks.layout_support import run_and_look
from tests.checks.support import run_check, served, targets

CHECK = "zoom-text-not-clipped"
base = served(CHECK)


def test_fails_text_cut_off_by_fixed_boxes_at_200_percent(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-fixed-boxes.html")
    assert outcome.outcome == "failed"
    assert targets(outcome) == [["#fail1"], ["#fail2"], ["#fail3"]]
    summaries = [n.summary for n in outcome.nodes]
    assert "cut off at the top or bottom by the overflow: hidden of #fail1" in summaries[0]
    assert "cut off sideways by the overflow: hidden of div:nth-child(2)" in summaries[1]


def test_fails_text_that_only_a_narrow_layout_clips(browser_loop, base):
    # At the page's own size nothing clips: the media query's rule does, once zoomed.
    outcome = run_check(browser_loop, CHECK, base + "fail-clip-only-when-narrow.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#narrow"]]


def test_passes_text_that_fits_or_is_cut_cleanly(browser_loop, base):
    assert run_check(browser_loop, CHECK, base + "pass-clean-cuts.html").outcome == "passed"


def test_inapplicable_without_overflow_clipping_of_visible_text(browser_loop, base):
    assert run_check(browser_loop, CHECK, base + "inapplicable-no-overflow.html").outcome == "inapplicable"


def test_viewport_and_scroll_position_are_restored(browser_loop, base):
    outcome, before, after = run_and_look(browser_loop, CHECK, base + "fail-fixed-boxes.html", scroll_to=900)
    assert outcome.outcome == "failed"
    assert before["scrollY"] == 900
    assert after == before


def test_a_ticker_sliding_its_text_through_its_strip_is_not_cut_sideways(browser_loop, base):
    # A running animation moves the text through the box that clips it: all of it comes into view.
    # Only the strip lower than its text, which cuts the letters wherever they are, fails.
    outcome = run_check(browser_loop, CHECK, base + "pass-ticker.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#cut"]]
    assert "cut off at the top or bottom" in outcome.nodes[0].summary
