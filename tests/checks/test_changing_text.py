"""changing-text-pausable (ACT efbfc7, WCAG 2.2.2) in a real Chromium."""
import pytest

from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine
from tests.checks.support import PAGE_TIMEOUT, check_by_id, run_check, served, targets

CHECK = "changing-text-pausable"
base = served(CHECK)


@pytest.mark.parametrize("page, target, why", [
    ("fail-counter.html", "#count", "kept changing by itself for more than 5 s ("),
    # It stops in the end, but not within 5 s of starting.
    ("fail-slow-progress.html", "#pct", "kept changing by itself for more than 5 s ("),
    ("fail-css-animation.html", "#news", "moves by itself, with a CSS animation that lasts for ever, and the page"),
    ("fail-marquee.html", "#ticker", "moves by itself, with a marquee that scrolls for ever, and the page"),
])
def test_changing_or_moving_text_without_a_control_fails(browser_loop, base, page, target, why):
    outcome = run_check(browser_loop, CHECK, base + page)
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [[target]]
    assert why in outcome.nodes[0].summary
    assert "and the page has no visible, named control" in outcome.nodes[0].summary


@pytest.mark.parametrize("page", ["inapplicable-typewriter.html", "inapplicable-progress.html",
                                  "inapplicable-count-up.html"])
def test_text_whose_changes_stop_within_5_seconds_is_inapplicable(browser_loop, base, page):
    # A typing effect, an upload's percentage that reaches "complete" (beside a spinner that turns
    # for ever, so the page is never still and the check waits out the 5 s), numbers that count up:
    # each stops changing by itself within 5 s of starting (WCAG 2.2.2's five seconds), so it needs
    # no control to pause, stop or hide it.
    outcome = run_check(browser_loop, CHECK, base + page)
    assert outcome.outcome == "inapplicable", (outcome.reason, [n.summary for n in outcome.nodes])


@pytest.mark.parametrize("page", ["pass-stop-button.html", "pass-hide-button.html", "pass-two-steps.html"])
def test_a_control_shown_to_stop_or_hide_the_text_passes_and_the_page_is_left_alone(browser_loop, base, page):
    check = check_by_id(CHECK)

    async def go(browser):
        context = await browser.new_context()
        tab = await context.new_page()
        try:
            await tab.goto(base + page, wait_until="load")
            outcome = await ChecksEngine.run_one(check, PageTarget(page=tab, timeout=PAGE_TIMEOUT), check.time_limit)
            # The controls were clicked in a fresh tab: here the text still changes or moves.
            still = await tab.evaluate("""async () => {
                const el = document.querySelector('#count, #news');
                const before = el.textContent;
                await new Promise((r) => setTimeout(r, 1000));
                return !el.hidden && (el.textContent !== before || el.getAnimations().length > 0);
            }""")
            return outcome, still, [p.url for p in context.pages if p is not tab]
        finally:
            await context.close()

    outcome, still, tabs = browser_loop.call(go)
    assert outcome.outcome == "passed", outcome.reason
    assert still
    assert tabs in ([], ["about:blank"])  # the copy was given back: closed, or blank and kept for the next copy


def test_a_control_that_does_not_stop_it_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-frequency.html")
    assert outcome.outcome == "cantTell"
    assert targets(outcome) == [["#count"]]
    assert "1 control(s) that could be meant to pause, stop or hide it were tried" in outcome.reason


def test_a_link_elsewhere_is_no_way_to_pause_the_text_and_it_fails(browser_loop, base):
    # A link to another page (not named for the text, not beside it) cannot pause it: it is not
    # clicked, and with nothing else that could be the way the text fails.
    outcome = run_check(browser_loop, CHECK, base + "review-unrelated-control.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#count"]]
    assert "0 control(s)" not in outcome.reason


def test_a_watch_cut_short_by_the_time_limit_needs_review_rather_than_failing(browser_loop, base):
    # A fifth of the check's time leaves a watch shorter than 5 s: the counter was seen changing,
    # but not for long enough to tell whether it goes on for more than 5 s.
    outcome = run_check(browser_loop, CHECK, base + "fail-counter.html", time_factor=0.2)
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#count"]]
    assert "ended before it was known whether its changes go on for more than 5 s" in outcome.reason


@pytest.mark.parametrize("page", ["inapplicable-static.html", "inapplicable-alone.html",
                                  "inapplicable-color-only.html", "inapplicable-short-animation.html"])
def test_static_lone_restyled_or_briefly_moving_text_is_inapplicable(browser_loop, base, page):
    outcome = run_check(browser_loop, CHECK, base + page)
    assert outcome.outcome == "inapplicable", outcome.reason
