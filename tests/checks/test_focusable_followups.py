"""Anchors without an address (<a name="top">), which Chromium reads as tabIndex 0 but never
focuses, and controls disabled by their fieldset, are not taken for content in the tab order
(_focus.SEQUENTIALLY_FOCUSABLE) by aria-hidden-tab-focus, iframe-tab-order-content and the
keyboard-trap check's quick probe (_key_probe.py). In a real Chromium, through the checks engine."""
import pytest

from a11y.checks.keyboard_trap import KEYS_IGNORE_TAB
from tests.checks.support import run_check, served, targets

pytestmark = pytest.mark.browser
base = served()


def test_aria_hidden_content_of_named_anchors_only_needs_no_tab_walk(browser_loop, base):
    outcome = run_check(browser_loop, "aria-hidden-tab-focus", base + "aria-hidden-tab-focus/pass-named-anchors.html")
    assert (outcome.outcome, outcome.reason) == (
        "passed", 'nothing inside aria-hidden="true" content can take keyboard focus')


def test_a_frame_out_of_the_tab_order_fails_for_its_link_after_named_anchors(browser_loop, base):
    outcome = run_check(browser_loop, "iframe-tab-order-content",
                        base + "iframe-tab-order-content/fail-named-anchors-first.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#fail1"]]


def test_a_frame_of_named_anchors_only_has_no_content_in_the_tab_order(browser_loop, base):
    # Not "needs review" for the anchor only scrolling the frame shows: it takes no focus either.
    outcome = run_check(browser_loop, "iframe-tab-order-content",
                        base + "iframe-tab-order-content/inapplicable-named-anchors-only.html")
    assert outcome.outcome == "inapplicable", outcome.reason


def test_the_key_probe_goes_past_named_anchors_and_disabled_controls(browser_loop, base):
    # Made-up Tab presses along the order the browser has: none is put on an anchor without an
    # address, which would not keep focus (as if a script had moved it) and send the check to a walk.
    outcome = run_check(browser_loop, "no-keyboard-trap", base + "no-keyboard-trap/pass-key-shortcuts-named-anchors.html")
    assert (outcome.outcome, outcome.reason) == ("passed", KEYS_IGNORE_TAB)
