"""Anchors without an address (<a name="top">), which Chromium reads as tabIndex 0 but will not
focus, are not taken for elements of the tab order (_focus.SEQUENTIALLY_FOCUSABLE), in real
Chromium, through the checks engine."""
from __future__ import annotations

from a11y.checks.custom_controls import UNREACHABLE
from tests.checks.support import run_check, served, targets

ON_FOCUS = "on-focus-no-context-change"
CONTROLS = "custom-control-keyboard"
fixtures = served()


def test_anchors_without_an_address_are_not_blamed_for_giving_focus_up(browser_loop, fixtures):
    # A focusin listener makes the page one whose focus handlers are tried. The anchors, the area
    # and the SVG link without href are not in the tab order; the link in content kept unrendered
    # (hidden=until-found) is tried with the field and the link to the top, but never receives
    # focus, so no script gave it up.
    outcome = run_check(browser_loop, ON_FOCUS, fixtures + f"{ON_FOCUS}/pass-named-anchors.html")
    assert outcome.outcome == "passed", (outcome.reason, [(n.target, n.summary) for n in outcome.nodes])
    assert outcome.reason.startswith("none of the 3 element(s) of the tab order")


def test_links_that_do_give_focus_up_still_fail_beside_them(browser_loop, fixtures):
    outcome = run_check(browser_loop, ON_FOCUS, fixtures + f"{ON_FOCUS}/fail-blur-beside-named-anchors.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#gone"], ["#tabbed"]]  # a tabindex makes an anchor focusable
    assert all("(failure F55)" in n.summary for n in outcome.nodes)


def test_click_only_controls_in_or_as_anchors_without_an_address_fail_as_unreachable(browser_loop, fixtures):
    outcome = run_check(browser_loop, CONTROLS, fixtures + f"{CONTROLS}/fail-beside-named-anchors.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#toggle"], ["#more"]]
    unreachable = UNREACHABLE.split("{what}")[1]
    assert all(unreachable in n.summary for n in outcome.nodes), [n.summary for n in outcome.nodes]
