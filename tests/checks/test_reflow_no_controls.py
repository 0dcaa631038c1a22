"""reflow-320 on a page that had no controls (links, buttons, form fields) when the checks began:
it makes no look at the page's own size first (there is nothing to keep for the comparison at
320 px), unless controls are there by the time it lays the page out at 320 px: then it goes back
and makes that look, and a control the narrow layout hides is still found lost. In a real Chromium."""
from a11y.checks.base import Look
from a11y.checks.reflow import _NO_CONTROLS
from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine, survey
from tests.browser_loop import load_page
from tests.checks.support import PAGE_TIMEOUT, check_by_id, targets
from tests.checks.written_pages import written

CHECK = "reflow-320"

PAGES = {
    # No control at all; a box too wide for 320 px.
    "wide.html": """<!DOCTYPE html>
<html lang="en"><head><title>Wide</title><style>.fixed { width: 600px; }</style></head>
<body><main><div class="fixed" id="wide"><p>A box with a fixed width of 600 px.</p></div>
<p>Ordinary text wraps.</p></main></body></html>""",
    # No control at all, and nothing too wide.
    "plain.html": """<!DOCTYPE html>
<html lang="en"><head><title>Plain</title></head>
<body><main><h1>Plain</h1><span tabindex="0">Two words</span></main></body></html>""",
    # A script adds a link when the window narrows, which then shows.
    "adds-on-resize.html": """<!DOCTYPE html>
<html lang="en"><head><title>Adds a link</title></head>
<body><main><h1>Adds a link</h1><p id="p">Text.</p></main>
<script>
  addEventListener('resize', () => {
    if (innerWidth < 400 && !document.querySelector('a')) {
      const a = document.createElement('a');
      a.href = '/more';
      a.textContent = 'More';
      document.getElementById('p').append(a);
    }
  });
</script></body></html>""",
    # Links come later than the look the checks begin with (written in by the test after it); the
    # narrow layout hides them, with nothing to bring them back.
    "late-links.html": """<!DOCTYPE html>
<html lang="en"><head><title>Late links</title>
<style>@media (max-width: 600px) { nav { display: none; } }</style></head>
<body><header><nav aria-label="Main" id="nav"></nav></header>
<main><h1>Late links</h1><p>Our agency helps people apply for benefits.</p></main></body></html>""",
}
base = written(PAGES)

AFTER = "() => [innerWidth, innerHeight, scrollX, scrollY, window[Symbol.for('a11y.reflow')] === undefined]"
LATE_LINKS = """() => { document.getElementById('nav').innerHTML =
  '<a href="/">Home</a> <a href="/apply">Apply</a> <a href="/contact">Contact</a>'; }"""


def run(browser_loop, url: str, after_survey: str = ""):
    """(outcome, what AFTER finds) of the check through the engine; `after_survey`: a JS function
    run on the page between the survey (the checks' first look) and the check. The survey must
    have found no control (else these tests would not test the way without the first look)."""
    check = check_by_id(CHECK)

    async def go(browser):
        page, response = await load_page(browser, url, None, ChecksEngine([check]).init_scripts())
        try:
            _, looks = await survey(page, [check])
            assert looks[check.id][Look(_NO_CONTROLS).key] is True
            if after_survey:
                await page.evaluate(after_survey)
            outcome = await ChecksEngine.run_one(check, PageTarget(page=page, timeout=PAGE_TIMEOUT, response=response),
                                                 check.time_limit, looks=looks.get(check.id))
            return outcome, await page.evaluate(AFTER)
        finally:
            await page.context.close()

    return browser_loop.call(go)


def test_a_page_without_controls_is_still_judged_at_320_px(browser_loop, base):
    outcome, after = run(browser_loop, base + "wide.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#wide"]]
    assert after == [1280, 720, 0, 0, True]


def test_a_plain_page_without_controls_passes_and_is_left_as_found(browser_loop, base):
    outcome, after = run(browser_loop, base + "plain.html")
    assert (outcome.outcome, outcome.reason) == ("passed", "")
    assert after == [1280, 720, 0, 0, True]


def test_a_link_a_script_adds_at_320_px_sends_the_check_back_to_the_page_s_own_size(browser_loop, base):
    outcome, after = run(browser_loop, base + "adds-on-resize.html")
    assert (outcome.outcome, outcome.reason) == ("passed", "")
    assert after == [1280, 720, 0, 0, True]


def test_links_that_come_after_the_first_look_and_320_px_hides_are_lost(browser_loop, base):
    outcome, after = run(browser_loop, base + "late-links.html", LATE_LINKS)
    assert outcome.outcome == "failed", outcome.reason
    assert "3 controls" in outcome.reason and '"Home"' in outcome.reason
    assert after == [1280, 720, 0, 0, True]
