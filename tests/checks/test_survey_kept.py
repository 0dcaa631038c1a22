"""The survey's script kept in each document (engines.checks.survey_plan, _kept.KeptFunction): the
engine's init script leaves it there, the survey then sends a call naming it, and its answers are
those of the whole script sent with the call; a document without it, or with another checks
list's version, is sent the whole script."""
from a11y.engines.checks import ChecksEngine, survey, survey_plan
from tests.browser_loop import load_page
from tests.checks.support import check_by_id

PAGE = """<!doctype html><html lang="en"><head><title>Kept survey</title><meta name="viewport" content="width=device-width">
<style>a:focus + .tip { color: red } .bar { position: fixed; top: 0 }</style></head>
<body><div class="bar">Bar</div><a href="other.html" aria-label="Other page">Other</a><span class="tip">Tip</span>
<p style="letter-spacing: 0.05em !important">Some text that is spaced.</p>
<button aria-expanded="false">More</button>
<script>document.querySelector('button').addEventListener('click', () => {});</script>
</body></html>"""
IDS = ["important-letter-spacing", "text-contrast-focused", "focus-not-obscured", "no-keyboard-trap",
       "disclosure-state", "reflow-320", "label-in-name", "meta-viewport-allows-zoom"]
KEPT = "() => Object.getOwnPropertySymbols(window).map(String).filter((s) => s.includes('a11y.survey.'))"


def test_the_kept_survey_answers_as_the_whole_script_does(browser_loop, serve, tmp_path):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    url = serve(tmp_path) + "a.html"
    checks = ChecksEngine([check_by_id(i) for i in IDS]).checks
    kept = ChecksEngine(checks).init_scripts()
    plan = survey_plan(checks)
    without = [s for s in kept if s != plan.main.init_script()]
    other = ChecksEngine([check_by_id("reflow-320")]).init_scripts()  # another checks list's survey

    async def go(browser):
        seen = []
        for scripts in (kept, without, without + [s for s in other if s not in without]):
            page, _ = await load_page(browser, url, None, scripts)
            try:
                symbols = await page.evaluate(KEPT)
                seen.append((symbols, await survey(page, checks), await page.evaluate(KEPT)))
            finally:
                await page.context.close()
        return seen

    (kept_symbols, kept_answers, _), (none, whole_answers, _), (others, other_answers, _) = browser_loop.call(go)
    assert len(kept_symbols) == 1 and none == [] and len(others) == 1 and others != kept_symbols
    assert kept_answers == whole_answers == other_answers
    found, looks = kept_answers
    assert all(found.values()), found  # every check's gate holds on this page
    assert set(looks) >= {"important-letter-spacing", "text-contrast-focused", "no-keyboard-trap", "reflow-320"}


def test_the_plan_is_built_once_for_a_checks_list():
    checks = [check_by_id(i) for i in IDS]
    assert survey_plan(checks) is survey_plan([check_by_id(i) for i in IDS])
    assert survey_plan(checks) is not survey_plan(checks[:-1])
    assert survey_plan([check_by_id("label-in-name")]).main.function  # a gate alone is asked too
