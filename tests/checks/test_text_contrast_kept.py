"""text-contrast-rendered's collecting function kept in every document (Check.kept): the call
names it where the engine's init scripts left it, and sends the whole of it where they did not,
with the same verdict; and the hit-testing sheet it leaves out where it could change nothing."""
import re

from a11y.checks.base import CheckContext
from a11y.checks.text_contrast import kept_collect
from a11y.engines.checks import ChecksEngine
from tests.browser_loop import open_page
from tests.checks.support import PAGE_TIMEOUT, check_by_id, run_check, served

CHECK = "text-contrast-rendered"
base = served(CHECK)
# Whether the document keeps the band (under the symbol KeptFunction.calling looks it up by).
_KEY = re.search(r"window\[(Symbol\.for\([^)]*\))\]", kept_collect().calling()).group(1)
KEEPS = f"() => typeof window[{_KEY}] === 'function'"


def test_the_band_is_kept_where_the_init_scripts_ran_and_sent_whole_where_not(browser_loop, base):
    check = check_by_id(CHECK)
    assert kept_collect() in check.kept

    async def go(browser, scripts):
        page = await open_page(browser, base + "fail-overlap.html", init_scripts=scripts)
        try:
            keeps = await page.evaluate(KEEPS)
            return keeps, await check.run(CheckContext(page=page, timeout=PAGE_TIMEOUT))
        finally:
            await page.context.close()

    kept, with_kept = browser_loop.call(lambda b: go(b, ChecksEngine([check]).init_scripts()))
    bare, without = browser_loop.call(lambda b: go(b, []))
    assert (kept, bare) == (True, False)
    assert with_kept.outcome == without.outcome == "failed"
    assert [n.target for n in with_kept.nodes] == [n.target for n in without.nodes] == [["#over"], ["#caption"]]
    assert [n.summary for n in with_kept.nodes] == [n.summary for n in without.nodes]


def test_a_rule_for_a_pseudo_elements_pointer_events_keeps_the_hit_testing_sheet(browser_loop, base):
    # Every element's own pointer-events is 'auto': only the ::before rule says the opaque box over
    # the pale text takes none. The hit test must still see the box (the text is covered: not
    # judged), not the pale text on white alone (4.48:1, a failure no one can see).
    outcome = run_check(browser_loop, CHECK, base + "pass-covered-by-pseudo.html")
    assert outcome.outcome == "passed", (outcome.outcome, outcome.reason, [n.target for n in outcome.nodes])
