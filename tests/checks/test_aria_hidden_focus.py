"""aria-hidden-tab-focus (ACT 6cfa84): Tab through the page; fail where focus lands and stays
inside aria-hidden="true" content, in a real Chromium."""
import pytest

from tests.checks.focus_support import assert_fails_and_puts_back
from tests.checks.support import check_by_id, run_check, served

CHECK = "aria-hidden-tab-focus"

pytestmark = pytest.mark.browser
base = served(CHECK)


def targets(outcome):
    return sorted((n.target for n in outcome.nodes), key=repr)


def test_offscreen_link_in_hidden_content_fails(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-offscreen-link.html")
    assert outcome.outcome == "failed"
    assert targets(outcome) == [["#fail1"]]
    assert 'aria-hidden="true"' in outcome.nodes[0].summary


def test_shadow_root_and_frame_content_fail_with_their_paths(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-shadow-and-frame.html")
    assert outcome.outcome == "failed"
    assert targets(outcome) == [["#frame", "#fail3"], [["#host", "#fail2"]]]


def test_sentinel_that_keeps_focus_past_a_second_fails(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-slow-sentinel.html")
    assert outcome.outcome == "failed"
    assert targets(outcome) == [["#fail1"]]


def test_sentinels_that_hand_focus_on_pass(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass-sentinels.html")
    assert outcome.outcome == "passed", outcome.reason


def test_hidden_content_out_of_the_tab_order_passes(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass-not-in-tab-order.html")
    assert outcome.outcome == "passed", outcome.reason


def test_no_aria_hidden_true_is_inapplicable(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-no-aria-hidden.html")
    assert outcome.outcome == "inapplicable"


def test_alerts_on_focus_do_not_stop_the_walk(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-alert-on-focus.html")
    assert outcome.outcome == "failed"
    assert targets(outcome) == [["#fail1"]]


def test_a_page_that_navigates_on_focus_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-navigates-on-focus.html")
    assert outcome.outcome == "cantTell"
    assert "navigated away" in outcome.reason


def test_a_tab_order_longer_than_the_limit_needs_review(browser_loop, base, monkeypatch):
    monkeypatch.setattr(check_by_id(CHECK), "max_stops", 3)
    outcome = run_check(browser_loop, CHECK, base + "review-long-tab-order.html")
    assert outcome.outcome == "cantTell"
    assert "first 3 elements" in outcome.reason


def test_focus_and_scroll_are_put_back(browser_loop, base):
    prepare = "document.body.style.height = '3000px'; window.scrollTo(0, 400); document.querySelector('button').focus({preventScroll: true})"
    assert_fails_and_puts_back(browser_loop, CHECK, base + "fail-offscreen-link.html", prepare, "button", [0, 400])


def test_hidden_content_with_nothing_that_can_take_focus_passes_without_a_walk(browser_loop, base):
    # Only an icon is hidden: nothing there is in the tab order, editable or scrollable.
    outcome = run_check(browser_loop, CHECK, base + "pass-hidden-icon.html")
    assert outcome.outcome == "passed"
    assert outcome.reason == 'nothing inside aria-hidden="true" content can take keyboard focus'
