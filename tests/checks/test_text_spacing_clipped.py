"""text-spacing-not-clipped (1.4.12) on fixture pages in a real Chromium."""
from tests.checks.layout_support import run_and_look
from tests.checks.support import run_check, served, targets

CHECK = "text-spacing-not-clipped"
SPACING = "() => getComputedStyle(document.querySelector('main')).letterSpacing"


base = served(CHECK)


def test_fails_text_cut_off_once_the_spacing_is_widened(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-tight-boxes.html")
    assert outcome.outcome == "failed"
    assert targets(outcome) == [["#fail1"], ["#fail2"]]
    assert outcome.nodes[0].summary.startswith("With the text spacing of WCAG 1.4.12 applied, this text is cut off")


def test_passes_boxes_that_grow_and_clean_ellipses(browser_loop, base):
    assert run_check(browser_loop, CHECK, base + "pass-room-to-grow.html").outcome == "passed"


def test_a_style_policy_does_not_stop_the_spacing_being_applied(browser_loop, base):
    """The constructed style sheet is not an inline <style>, so style-src 'none' does not block it;
    the blocked inline style leaves the paragraph unclipped."""
    assert run_check(browser_loop, CHECK, base + "review-csp.html").outcome == "inapplicable"


def test_the_spacing_is_removed_afterwards(browser_loop, base):
    outcome, before, after = run_and_look(browser_loop, CHECK, base + "fail-tight-boxes.html")
    assert outcome.outcome == "failed"
    assert after == before
