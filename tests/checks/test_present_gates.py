"""The `present` of the checks that try a page's behaviour (hover, focus, input, presses): the
engine skips a check where it does not hold, so it must hold wherever the check finds anything.
Each fixture page of these checks where the survey says it does not hold is one where the check,
run all the same, finds nothing (inapplicable); and the pages without scripts or sheets are
skipped."""
import pytest

from a11y.browser import is_top_navigation
from a11y.engines.checks import ChecksEngine, survey
from tests.checks.support import CHECK_FIXTURES, check_by_id, run_check, served

CHECKS = ["hover-content-dismissible", "custom-control-keyboard", "disclosure-state", "focus-content-dismissible",
          "on-focus-no-context-change", "focus-not-obscured", "on-input-no-context-change"]
base = served()


def present_on(browser_loop, check_id: str, url: str) -> bool:
    """Whether the survey finds the check's `present` on the page (as the engine asks it)."""
    check = check_by_id(check_id)

    async def go(browser):
        # Held at its document, as a scan holds a page under audit: a zero-delay meta refresh
        # (meta-refresh-delay's fixtures) would otherwise leave it before the survey asks.
        context = await browser.new_context()
        for script in ChecksEngine([check]).init_scripts():
            await context.add_init_script(script=script)
        page = await context.new_page()
        loads = []

        async def own_load_only(route):
            request = route.request
            if is_top_navigation(request) and request.redirected_from is None:
                if loads:
                    await route.abort()
                    return
                loads.append(request.url)
            await route.fallback()

        await page.route("**/*", own_load_only)
        await page.goto(url, wait_until="load")
        try:
            found, _ = await survey(page, [check])
            return found[check.present]
        finally:
            await page.context.close()

    return browser_loop.call(go)


@pytest.mark.parametrize("check_id", CHECKS)
def test_where_the_gate_skips_a_fixture_the_check_finds_nothing(browser_loop, base, check_id):
    pages = sorted(p.name for p in (CHECK_FIXTURES / check_id).glob("*.html"))
    skipped = []
    for name in pages:
        url = f"{base}{check_id}/{name}"
        if present_on(browser_loop, check_id, url):
            continue
        skipped.append(name)
        outcome = run_check(browser_loop, check_id, url)
        assert outcome.outcome == "inapplicable", (name, outcome.reason)
    assert not [n for n in skipped if n.startswith(("fail", "pass", "review"))], skipped


@pytest.mark.parametrize(("check_id", "name"), [
    ("custom-control-keyboard", "inapplicable-no-listeners.html"),
    ("on-focus-no-context-change", "inapplicable-no-scripts.html"),
    ("on-input-no-context-change", "inapplicable-no-scripts.html"),
    ("focus-not-obscured", "inapplicable-nothing-fixed.html"),
])
def test_a_page_without_scripts_or_sheets_is_skipped_without_a_run(browser_loop, base, check_id, name):
    assert not present_on(browser_loop, check_id, f"{base}{check_id}/{name}")


def checks_with_a_gate() -> list[str]:
    from a11y.checks import all_checks
    return sorted(c.id for c in all_checks() if c.present and (CHECK_FIXTURES / c.id).is_dir())


@pytest.mark.parametrize("check_id", checks_with_a_gate())
def test_no_fixture_a_check_judges_is_skipped_by_its_gate(browser_loop, base, check_id):
    """Every check's gate, not only the seven above: a page the check fails, passes or leaves for
    review must be one the survey lets it run on (a background picture of text needs no <img>)."""
    judged = sorted(p.name for p in (CHECK_FIXTURES / check_id).glob("*.html")
                    if p.name.startswith(("fail", "pass", "review")))
    skipped = [n for n in judged if not present_on(browser_loop, check_id, f"{base}{check_id}/{n}")]
    assert not skipped, skipped
