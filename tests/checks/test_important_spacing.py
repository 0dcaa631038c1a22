"""important-letter-spacing, important-word-spacing, important-line-height (1.4.12; ACT 24afc2,
9e45ec, 78fd32) on fixture pages in a real Chromium."""
import pytest

from tests.checks.support import run_check, served, targets

base = served("important-spacing")


@pytest.mark.parametrize(("check", "page", "failing"), [
    ("important-letter-spacing", "fail-letter.html", [["#fail1"]]),
    ("important-word-spacing", "fail-word.html", [["#fail1"], ["#fail2"]]),
    ("important-line-height", "fail-line-height.html", [["#fail1"]]),
])
def test_fails_spacing_locked_below_the_minimum(browser_loop, base, check, page, failing):
    outcome = run_check(browser_loop, check, base + page)
    assert outcome.outcome == "failed"
    assert targets(outcome) == failing
    assert "!important" in outcome.nodes[0].summary


@pytest.mark.parametrize("check", ["important-letter-spacing", "important-word-spacing", "important-line-height"])
def test_passes_important_spacing_at_or_above_the_minimum(browser_loop, base, check):
    assert run_check(browser_loop, check, base + "pass-all.html").outcome == "passed"


@pytest.mark.parametrize("check", ["important-letter-spacing", "important-word-spacing", "important-line-height"])
def test_inapplicable_to_hidden_text_inherited_values_and_unwrapped_lines(browser_loop, base, check):
    assert run_check(browser_loop, check, base + "inapplicable-hidden.html").outcome == "inapplicable"

