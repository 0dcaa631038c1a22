"""focus-visible-indicator (ACT oj04fd, WCAG 2.4.7): real Tab presses and rendered pixels,
in a real Chromium."""
import pytest

from tests.checks.focus_support import assert_fails_and_puts_back
from tests.checks.support import check_by_id, run_check, served, targets

CHECK = "focus-visible-indicator"

pytestmark = pytest.mark.browser
base = served(CHECK)


def test_elements_whose_outline_is_removed_fail(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-outline-removed.html")
    assert outcome.outcome == "failed"
    assert targets(outcome) == [["#fail1"], ["#fail2"]]
    assert outcome.nodes[0].summary.startswith("no pixel of the page changes")


def test_own_indicators_and_keyboard_only_styles_pass(browser_loop, base):
    # Box shadow, a fade-in, a skip link that appears, styles shown only after a Tab key
    # press, and an indicator beside the element.
    outcome = run_check(browser_loop, CHECK, base + "pass-own-indicators.html")
    assert outcome.outcome == "passed", (outcome.reason, targets(outcome))
    assert "each of the 5 elements" in outcome.reason


def test_an_indicator_outside_the_viewport_counts(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass-indicator-off-screen.html")
    assert outcome.outcome == "passed", outcome.reason


def test_an_element_below_the_fold_is_scrolled_to_and_fails(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-below-the-fold.html")
    assert outcome.outcome == "failed"
    assert targets(outcome) == [["#fail1"]]


def test_content_that_never_stops_moving_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-animation-nearby.html")
    assert outcome.outcome == "cantTell"
    assert "changes by itself" in outcome.reason
    assert targets(outcome) == [["#link"]]


def test_nothing_in_the_tab_order_is_inapplicable(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-nothing-focusable.html")
    assert outcome.outcome == "inapplicable"


def test_a_page_that_navigates_on_focus_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-navigates-on-focus.html")
    assert outcome.outcome == "cantTell"
    assert "navigated away" in outcome.reason


def test_elements_past_the_limit_are_reported_as_not_judged(browser_loop, base, monkeypatch):
    monkeypatch.setattr(check_by_id(CHECK), "max_elements", 2)
    outcome = run_check(browser_loop, CHECK, base + "pass-own-indicators.html")
    assert outcome.outcome == "cantTell"
    assert outcome.reason == "judged the first 2 elements of a longer tab order"


def test_focus_and_scroll_are_put_back(browser_loop, base):
    prepare = "window.scrollTo(0, 700); document.getElementById('fail1').focus({preventScroll: true})"
    assert_fails_and_puts_back(browser_loop, CHECK, base + "fail-below-the-fold.html", prepare, "fail1", [0, 700])


def test_a_change_made_when_focus_leaves_is_not_taken_for_an_indicator(browser_loop, base):
    # The first look compares each element focused (during the walk) with the page after the
    # walk; a message the page shows on blur must send the field to the full judgement.
    outcome = run_check(browser_loop, CHECK, base + "fail-message-on-blur.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#fail1"]]


def test_a_blinking_caret_is_not_taken_for_a_focus_indicator(browser_loop, base):
    # The caret shows only where text can be typed and blinks by itself: hidden while pictures
    # are taken (Camera.HIDE, a page's own caret colour included), these fields show nothing.
    outcome = run_check(browser_loop, CHECK, base + "fail-caret-only.html")
    assert outcome.outcome == "failed", (outcome.reason, targets(outcome))
    assert targets(outcome) == [["#name"], ["#message"], ["#notes"]]


@pytest.mark.parametrize("name, target", [
    ("fail-closed-shadow-root.html", "sign-up"),  # a script made the root: its button is out of sight
    ("fail-editable-by-style.html", "#note"),  # -webkit-user-modify: editable with no attribute
])
def test_elements_the_gate_once_missed_fail(browser_loop, base, name, target):
    # Each page has nothing a selector finds focusable, yet Tab reaches an element that shows no sign
    # of focus (test_present_gates: the gate lets the check run on them).
    outcome = run_check(browser_loop, CHECK, base + name)
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [[target]]


def test_a_details_without_a_summary_is_judged_by_the_summary_the_browser_gives_it(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass-details-without-summary.html")
    assert outcome.outcome == "passed", outcome.reason
    assert "each of the 1 elements" in outcome.reason
