"""text-contrast-rendered takes the bands of a long page in one call while none needs pictures,
working out once what depends on the page's tree and styles alone (_contrast.js `shared`): text
that a fixed box carries is measured again in every band, as the page scrolls under it; and the
hit-testing sheet is left out where a rule names the pointer-events of a ::after no element draws,
but not where one such box is drawn over text."""
from a11y.checks.base import CheckContext
from tests.browser_loop import open_page
from tests.checks.support import PAGE_TIMEOUT, check_by_id, run_check, served, targets

CHECK = "text-contrast-rendered"
base = served(CHECK)


def test_fixed_text_is_judged_over_what_scrolls_under_it_in_a_later_band(browser_loop, base):
    # On the first screen the fixed grey text lies on white (7.46:1); two screens down, on the dark
    # grey that has scrolled under it (1.69:1): only a band that measures it again sees that.
    outcome = run_check(browser_loop, CHECK, base + "fail-fixed-over-scrolled.html")
    assert outcome.outcome == "failed", (outcome.outcome, outcome.reason)
    assert targets(outcome) == [["#pill"]]
    assert "#555555" in outcome.nodes[0].summary and "#333333" in outcome.nodes[0].summary


def test_a_pointer_events_rule_for_a_box_no_element_draws_needs_no_hit_testing_sheet(browser_loop, base):
    check = check_by_id(CHECK)

    async def go(browser):
        page = await open_page(browser, base + "fail-pointer-rule-draws-nothing.html")
        try:
            outcome = await check.run(CheckContext(page=page, timeout=PAGE_TIMEOUT))
            return outcome, await page.evaluate("() => window.hitTestSheets")
        finally:
            await page.context.close()

    outcome, sheets = browser_loop.call(go)
    assert outcome.outcome == "failed", (outcome.outcome, outcome.reason)
    assert targets(outcome) == [["#pale"]]
    assert sheets == 0


def test_a_rule_shared_with_boxes_not_drawn_still_keeps_the_sheet_for_the_one_drawn(browser_loop, base):
    # The ::before over the pale text takes no pointer events: without the sheet the hit test would
    # miss it and judge the covered text on white (4.48:1, a failure no one can see).
    outcome = run_check(browser_loop, CHECK, base + "pass-covered-by-pseudo-of-one.html")
    assert outcome.outcome == "passed", (outcome.outcome, outcome.reason, targets(outcome))
