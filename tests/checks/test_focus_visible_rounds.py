"""focus-visible-indicator's full judgement (focus_visible._judge_still) skips only looks that a
later one stands in for: the small pictures of surroundings the first look already found alike,
and the viewport's look a moment later where the whole page's look (with its own) follows.
The verdicts stay those of every look taken."""
import pytest

from a11y.checks import focus_visible
from tests.checks.support import run_check, served, targets

CHECK = "focus-visible-indicator"

pytestmark = pytest.mark.browser
base = served(CHECK)


@pytest.fixture
def rounds(monkeypatch):
    """Each _observe of the full judgement: 'small', 'viewport' or 'page', and how many pictures
    of the element focused it took."""
    seen: list[tuple[str, int]] = []
    observe = focus_visible._observe

    async def spy(*args, **kwargs):
        shots = await observe(*args, **kwargs)
        kind = "page" if kwargs.get("full") else "small" if kwargs.get("clip") else "viewport"
        seen.append((kind, len(shots.focused) if not isinstance(shots, str) else 0))
        return shots

    monkeypatch.setattr(focus_visible, "_observe", spy)
    return seen


def test_surroundings_the_first_look_found_alike_are_not_pictured_small_again(browser_loop, base, rounds):
    outcome = run_check(browser_loop, CHECK, base + "fail-outline-removed.html")
    assert outcome.outcome == "failed"
    assert targets(outcome) == [["#fail1"], ["#fail2"]]
    # The page fits its viewport: one look at the viewport each, with its look a moment later.
    assert rounds == [("viewport", 2), ("viewport", 2)]


def test_the_whole_page_takes_the_late_look_where_the_page_scrolls(browser_loop, base, rounds):
    outcome = run_check(browser_loop, CHECK, base + "fail-below-the-fold.html")
    assert outcome.outcome == "failed"
    assert targets(outcome) == [["#fail1"]]
    assert rounds[-2:] == [("viewport", 1), ("page", 2)]


def test_an_indicator_further_down_still_passes(browser_loop, base, rounds):
    outcome = run_check(browser_loop, CHECK, base + "pass-indicator-off-screen.html")
    assert outcome.outcome == "passed", outcome.reason
    assert rounds[-1][0] == "page"


def test_a_page_that_scrolls_only_at_rest_has_its_viewport_looked_at_again_later(browser_loop, base, rounds):
    # Focused, the page fits its viewport: no look at the whole page follows, so the viewport's
    # look is taken again with its look a moment later before the element fails.
    outcome = run_check(browser_loop, CHECK, base + "fail-scrolls-only-at-rest.html")
    assert outcome.outcome == "failed"
    assert targets(outcome) == [["#fail1"]]
    assert rounds[-2:] == [("viewport", 1), ("viewport", 2)]
