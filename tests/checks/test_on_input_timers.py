"""on-input-no-context-change (WCAG 3.2.2): handlers that act after a timer, and window.open into
the same window, in a real Chromium."""
from tests.checks.support import run_check, run_check_and_look, served, targets

CHECK = "on-input-no-context-change"
base = served(CHECK)


def test_a_search_box_that_submits_itself_once_typing_stops_fails(browser_loop, base):
    outcome, address, pages = run_check_and_look(browser_loop, CHECK, base + "fail-search-after-typing.html",
                                                 "() => location.pathname")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#q"]]
    assert outcome.nodes[0].summary.startswith(f"changing it submits a form ({base}other.html)")
    assert address.endswith("fail-search-after-typing.html") and pages == 1  # caught, not submitted


def test_a_timer_that_has_not_run_within_the_wait_needs_review_and_is_cleared(browser_loop, base):
    outcome, pending, _ = run_check_and_look(browser_loop, CHECK, base + "review-slow-timer.html",
                                             "() => window.__a11yActivity.busy()")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#q"]]
    assert "started a timer (3 s) that had not run" in outcome.reason
    assert pending is None or "timer" not in pending  # the page was left with no submission to come


def test_window_open_into_the_same_window_loads_another_page(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-open-self.html")
    assert outcome.outcome == "failed", outcome.reason
    assert outcome.nodes[0].summary.startswith(f"changing it loads another page ({base}other.html)")
