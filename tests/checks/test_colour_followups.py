"""Computed colours of CSS Color 4 (oklch(), lab(), color(), color-mix(): Tailwind v4's palette
is oklch) read as the browser paints them (_colour.js) where the checks once took the numbers
out of the text, or knew no see-through colour but rgba(..., 0): a focused field's text and
background (text-contrast-focused), the browser's focus ring (focus-visible-indicator's first
look, _focus.js ringShown) and text with no alpha (the layout checks, _layout_dom.js
styleHidden). In a real Chromium, through the checks engine."""
import pytest

from tests.checks.support import run_check, served, targets
from tests.checks.test_focus_look import first_look

pytestmark = pytest.mark.browser
base = served()


def test_focused_fields_in_oklch_colour_and_lab_with_enough_contrast_pass(browser_loop, base):
    # Read as numbers, oklch(0.985 0.002 247.839) was rgb(0.985, 0.002, 247.8): a dark blue.
    outcome = run_check(browser_loop, "text-contrast-focused", base + "text-contrast-focused/pass-oklch-fields.html")
    assert outcome.outcome == "passed", [(n.target, n.summary) for n in outcome.nodes]


def test_a_focused_placeholder_turned_pale_in_oklch_fails(browser_loop, base):
    outcome = run_check(browser_loop, "text-contrast-focused",
                        base + "text-contrast-focused/fail-oklch-placeholder.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#town"]]
    assert "between the field's placeholder (#d1d5dc) and its background (#ffffff)" in outcome.nodes[0].summary


def test_a_ring_in_a_colour_with_no_alpha_is_not_taken_for_the_browsers_ring(browser_loop, base):
    ringed = set()
    order, passed = first_look(browser_loop, base + "focus-visible-indicator/fail-transparent-ring-oklch.html",
                               ringed=ringed)
    assert order == ["plain", "clear-oklch", "clear-srgb", "clear-mix"]
    assert ringed == {"plain"}
    assert passed == {"plain"}


def test_links_whose_ring_has_no_alpha_fail(browser_loop, base):
    outcome = run_check(browser_loop, "focus-visible-indicator",
                        base + "focus-visible-indicator/fail-transparent-ring-oklch.html")
    assert outcome.outcome == "failed", outcome.reason
    assert sorted(targets(outcome)) == [["#clear-mix"], ["#clear-oklch"], ["#clear-srgb"]]


def test_text_with_no_alpha_is_not_visible_so_not_judged_cut(browser_loop, base):
    outcome = run_check(browser_loop, "zoom-text-not-clipped",
                        base + "zoom-text-not-clipped/pass-transparent-oklch-text.html")
    assert outcome.outcome == "passed", [(n.target, n.summary) for n in outcome.nodes]
