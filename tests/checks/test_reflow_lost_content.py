"""reflow-320 (1.4.10): content the 320 CSS px window cuts off without the page scrolling
sideways, and typeset mathematics, on fixture pages in a real Chromium."""
from tests.checks.support import run_check, served, targets

CHECK = "reflow-320"
base = served(CHECK)


def test_text_cut_off_by_a_wrapper_and_buttons_carried_out_of_a_fixed_bar_fail(browser_loop, base):
    # The page does not scroll sideways, yet half of every line of the offer is cut off by the
    # wrapper's overflow-x: hidden, and the fixed cookie bar's last buttons lie past the window.
    outcome = run_check(browser_loop, CHECK, base + "fail-cut-off-without-scrolling.html")
    assert outcome.outcome == "failed", outcome.reason
    named = [t[0] for t in targets(outcome)]
    assert {"#offer", "#reject", "#settings"} <= set(named), named
    offer = next(n for n in outcome.nodes if n.target == ["#offer"])
    assert "cut off by the overflow: hidden of" in offer.summary
    settings = next(n for n in outcome.nodes if n.target == ["#settings"])
    assert "100% of this text lies past the edge of the window, cut off by the window" in settings.summary


def test_content_hidden_at_every_size_or_in_a_box_that_scrolls_is_not_lost(browser_loop, base):
    # Other slides of a strip, a drawer parked past the edge, screen-reader-only text, a navigation
    # that narrow layouts park off the window, and a box that scrolls sideways.
    outcome = run_check(browser_loop, CHECK, base + "pass-cut-off-at-any-size.html")
    assert (outcome.outcome, outcome.reason) == ("passed", "")


def test_text_cut_off_whole_that_showed_at_the_own_size_needs_review(browser_loop, base):
    # Cards beside the first one: controls may bring them in, so nothing says they are lost.
    outcome = run_check(browser_loop, CHECK, base + "review-cut-off-cards.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#card2"], ["#card3"]]
    assert "its box starts near the edge" in outcome.nodes[0].summary


def test_mathematics_typeset_as_katex_does_is_two_dimensional_content(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-typeset-maths.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert "two-dimensional layout" in outcome.reason
