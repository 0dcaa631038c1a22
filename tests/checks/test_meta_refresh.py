"""meta-refresh-delay (ACT bc659a) and meta-refresh-delay-strict (ACT bisz58) in a real Chromium."""
import pytest

from a11y.checks._motion import dom_script
from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine
from tests.checks.support import PAGE_TIMEOUT, check_by_id, run_check, served, targets

base = served("meta-refresh-delay")


def run_held(browser_loop, check_id: str, url: str):
    """Like run_check, but with later top-level navigations answered '204 No Content' (the
    document stays), as the scanner holds navigation: for pages that redirect at once."""
    check = check_by_id(check_id)

    async def go(browser):
        context = await browser.new_context()
        page = await context.new_page()
        loaded = []

        async def hold(route):
            request = route.request
            if request.is_navigation_request() and request.frame.parent_frame is None and loaded:
                await route.fulfill(status=204, body="")
            else:
                await route.fallback()

        await page.route("**/*", hold)
        try:
            await page.goto(url, wait_until="load")
            loaded.append(True)
            return await ChecksEngine.run_one(check, PageTarget(page=page, timeout=PAGE_TIMEOUT), check.time_limit)
        finally:
            await context.close()

    return browser_loop.call(go)


@pytest.mark.parametrize("content, time", [
    ("30", 30), ("  30", 30), ("30;", 30), ("30, next.html", 30), ("30 next.html", 30),
    ("0; URL='https://example.org'", 0), ("5.9; url=next.html", 5), (".5", 0), ("72001", 72001),
    ("20; URL = \"next.html\"", 20), ("10; uRl=next.html", 10), ("10; unusual.html", 10),
    # invalid instructions: the steps return early, nothing refreshes
    ("", None), ("   ", None), ("foo", None), ("+5", None), ("-1", None), ("; 30", None),
    ("0: https://example.org", None), ("-00.12 foo", None), ("30; url=http://[::1", None),
])
def test_refresh_time_follows_the_shared_declarative_refresh_steps(browser_loop, base, content, time):
    async def go(browser):
        context = await browser.new_context()
        page = await context.new_page()
        try:
            await page.goto(base + "inapplicable-invalid.html")
            await page.evaluate(dom_script())
            return await page.evaluate("(c) => window.__a11yMotion.refreshTime(c)", content)
        finally:
            await context.close()

    assert browser_loop.call(go) == time


@pytest.mark.parametrize("page, target, delay", [
    ("fail-30.html", ["head > meta"], "30 seconds"),
    ("fail-invalid-then-delayed.html", ["#second"], "45 seconds"),
    ("fail-20-hours.html", ["head > meta"], "72000 seconds"),
    ("fail-in-iframe.html", ["#news", "head > meta"], "30 seconds"),
])
def test_a_delayed_refresh_fails(browser_loop, base, page, target, delay):
    outcome = run_check(browser_loop, "meta-refresh-delay", base + page)
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [target]
    assert f"after {delay}" in outcome.nodes[0].summary


def test_a_refresh_after_more_than_20_hours_passes_but_not_the_strict_rule(browser_loop, base):
    assert run_check(browser_loop, "meta-refresh-delay", base + "pass-over-20-hours.html").outcome == "passed"
    strict = run_check(browser_loop, "meta-refresh-delay-strict", base + "pass-over-20-hours.html")
    assert strict.outcome == "failed"
    assert [n.target for n in strict.nodes] == [["head > meta"]]


def test_only_the_first_valid_refresh_counts(browser_loop, base):
    # "0; url" then "5; url": the browser acts on the first; axe judged each meta alone.
    for check_id in ("meta-refresh-delay", "meta-refresh-delay-strict"):
        outcome = run_held(browser_loop, check_id, base + "pass-zero-then-delayed.html")
        assert outcome.outcome == "passed", (check_id, outcome.reason)


def test_invalid_refresh_instructions_are_inapplicable(browser_loop, base):
    for check_id in ("meta-refresh-delay", "meta-refresh-delay-strict"):
        assert run_check(browser_loop, check_id, base + "inapplicable-invalid.html").outcome == "inapplicable"


def test_metadata_maps_only_the_level_a_rule_to_a_criterion():
    assert check_by_id("meta-refresh-delay").meta.wcag == ("2.2.1",)
    assert check_by_id("meta-refresh-delay").meta.act == ("bc659a",)
    strict = check_by_id("meta-refresh-delay-strict").meta
    assert (strict.wcag, strict.best_practice, strict.act) == ((), True, ("bisz58",))


@pytest.mark.parametrize("page, delay, strict", [
    ("pass-over-20-hours.html", "passed", "failed"), ("fail-30.html", "failed", "failed"),
    ("fail-in-iframe.html", "failed", "failed"), ("inapplicable-invalid.html", "inapplicable", "inapplicable"),
])
def test_with_both_rules_one_reading_answers_both_as_each_would_alone(browser_loop, base, page, delay, strict):
    checks = [check_by_id("meta-refresh-delay"), check_by_id("meta-refresh-delay-strict")]

    async def go(browser):
        context = await browser.new_context()
        tab = await context.new_page()
        try:
            await tab.goto(base + page, wait_until="load")
            first = await ChecksEngine.run_one(checks[0], PageTarget(page=tab, timeout=PAGE_TIMEOUT), 10.0,
                                               selected=frozenset(c.id for c in checks))
            return first, await ChecksEngine(checks).run(PageTarget(page=tab, timeout=PAGE_TIMEOUT))
        finally:
            await context.close()

    first, results = browser_loop.call(go)
    assert (first.outcome, first.also["meta-refresh-delay-strict"].outcome) == (delay, strict)
    alone = run_check(browser_loop, "meta-refresh-delay-strict", base + page)
    answered = first.also["meta-refresh-delay-strict"]
    assert (answered.outcome, targets(answered), answered.reason) == (alone.outcome, targets(alone), alone.reason)
    said = {r.rule: "failed" for r in results.violations} | dict.fromkeys(results.passed, "passed") | \
        dict.fromkeys(results.inapplicable, "inapplicable")
    assert said == {"meta-refresh-delay": delay, "meta-refresh-delay-strict": strict}
