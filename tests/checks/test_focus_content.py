"""focus-content-dismissible (1.4.13 Content on Hover or Focus, for focus) on fixture pages in a real
Chromium."""
from tests.checks.support import run_check, served, targets

CHECK = "focus-content-dismissible"
base = served(CHECK)


def test_fails_a_tooltip_over_the_text_that_escape_does_not_close(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-tooltip.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#help"]]
    assert outcome.nodes[0].summary.startswith("focusing it brings up #tip, which lies over other content")


def test_passes_a_tooltip_escape_closes_and_a_hint_over_nothing(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass-escape.html")
    assert outcome.outcome == "passed", outcome.reason
    outcome = run_check(browser_loop, CHECK, base + "pass-covers-nothing.html")
    assert outcome.outcome == "passed", outcome.reason
    assert outcome.reason.startswith("the content 1 element(s) bring up on focus")


def test_escape_that_moves_focus_away_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-escape-moves-focus.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert outcome.nodes[0].summary.startswith("focusing it brings up")


def test_nothing_appears_on_focus(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-nothing-appears.html")
    assert outcome.outcome == "inapplicable", outcome.reason
    assert outcome.reason.startswith("none of the 2 element(s) of the tab order brings up content")


def test_a_page_where_nothing_could_bring_content_up_is_not_touched(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-no-focus-styles.html")
    assert outcome.outcome == "inapplicable", outcome.reason
    assert outcome.reason.startswith("nothing on the page could bring content up on focus")


def test_fails_a_tooltip_made_afresh_on_each_focus_and_one_kept_off_the_page(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-made-afresh.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#refresh"], ["#status"]]


def test_when_the_time_is_up_the_search_stops_and_says_so(browser_loop, base):
    # The in-page loop's own budget (budget_ms): spent at once, nothing is focused and the answer
    # says the time ran out, instead of an error.
    from a11y.checks._layout import evaluate
    from a11y.checks.focus_content import REVEALS
    from a11y.engines.checks import ChecksEngine
    from tests.browser_loop import load_page
    from tests.checks.support import check_by_id

    async def go(browser):
        page, _ = await load_page(browser, base + "fail-tooltip.html", None,
                                  ChecksEngine([check_by_id(CHECK)]).init_scripts())
        try:
            return await evaluate(page, REVEALS, {"max": 500, "maxHidden": 100, "most": 10, "cssReveals": True,
                                                  "budgetMs": 1e-9})
        finally:
            await page.context.close()

    seen = browser_loop.call(go)
    assert (seen["tried"], seen["late"], seen["of"], seen["reveals"]) == (0, True, 2, [])  # the button, the link
