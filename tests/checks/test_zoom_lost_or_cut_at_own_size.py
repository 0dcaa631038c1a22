"""zoom-text-not-clipped (1.4.4; ACT 59br37): text lost at 200% compared with the page's own
size, on fixture pages in a real Chromium."""
from tests.checks.support import run_check, served, targets

CHECK = "zoom-text-not-clipped"
base = served(CHECK)


def test_a_link_wrapped_away_under_a_fixed_height_bar_fails(browser_loop, base):
    # At 640 CSS px the last link wraps to a second row the 48 px bar hides whole.
    outcome = run_check(browser_loop, CHECK, base + "fail-row-wrapped-away.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#last"]]
    assert "wholly cut off by the overflow: hidden of header" in outcome.nodes[0].summary


def test_text_cut_or_hidden_the_same_at_every_size_passes(browser_loop, base):
    # An ellipsis with white-space: pre (which does not wrap, like nowrap), a closed panel, the
    # other slides of a strip and screen-reader-only text.
    outcome = run_check(browser_loop, CHECK, base + "pass-hidden-at-any-size.html")
    assert (outcome.outcome, outcome.reason) == ("passed", "")


def test_a_box_a_show_more_button_opens_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-show-more.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#kettle"]]
    assert "a control with aria-expanded shows and hides the box that cuts it" in outcome.nodes[0].summary


def test_a_preview_cut_as_much_at_the_own_size_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-cut-at-own-size.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#notice"]]
    assert "cut as much at the page's own size" in outcome.nodes[0].summary
