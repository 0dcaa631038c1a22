"""hover-content-dismissible and focus-content-dismissible (1.4.13) on tooltips drawn by an element's
::after (Primer's .tooltipped, hint.css, balloon.css), in a real Chromium with real pointer movement
and real key presses."""
import pytest

from tests.checks.support import run_check, served, targets

# The fixture pages serve both checks (a tooltip shown on :hover and on :focus).
base = served("hover-content-dismissible")
TIPS = {"#copy": "Copy the clone address", "#clone": "Download a ZIP archive"}


def test_a_pseudo_element_tooltip_over_text_that_escape_leaves_and_the_pointer_loses_fails(browser_loop, base):
    outcome = run_check(browser_loop, "hover-content-dismissible", base + "fail-pseudo-tooltip.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#copy"], ["#clone"]]  # #clone's fades in after 0.4 s
    for n, (_, text) in zip(outcome.nodes, TIPS.items(), strict=True):
        lead = f'hovering over it brings up text drawn by its ::after ("{text}")'
        assert n.summary.startswith(f"{lead}, which lies over other content, and Escape does not put it away")
        assert f"{lead}, which disappears when the pointer moves from the element onto it" in n.summary


def test_a_pseudo_element_tooltip_over_text_that_escape_leaves_fails_for_focus(browser_loop, base):
    outcome = run_check(browser_loop, "focus-content-dismissible", base + "fail-pseudo-tooltip.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#copy"], ["#clone"]]
    assert outcome.nodes[0].summary.startswith('focusing it brings up text drawn by its ::after ("Copy the clone '
                                               'address"), which lies over other content, and Escape does not')


@pytest.mark.parametrize("check", ["hover-content-dismissible", "focus-content-dismissible"])
def test_a_pseudo_element_tooltip_that_escape_puts_away_and_the_pointer_can_reach_passes(browser_loop, base, check):
    outcome = run_check(browser_loop, check, base + "pass-pseudo-tooltip-escape.html")
    assert outcome.outcome == "passed", (outcome.reason, [n.summary for n in outcome.nodes])
