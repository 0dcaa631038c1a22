"""text-contrast-focused on pages where no script listens for focus, in a real Chromium: each
element is then focused and read without a task's turn between (no script could answer focus),
and focus rules are judged as before; a script that begins listening for focus after the page
was surveyed is asked about again in the call that focuses, so its look a task later still counts."""
from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine, survey
from tests.browser_loop import load_page
from tests.checks.support import PAGE_TIMEOUT, check_by_id, run_check, targets
from tests.checks.written_pages import written

CHECK = "text-contrast-focused"

# Two links of a folder list. `rule`: their :focus rule; with `kbd`, class "kbd" (white text on
# light blue: 1.75:1) is what a focus handler would add.
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Folders</title>
<style>
  body {{ font: 16px sans-serif; }}
  .item {{ display: block; padding: 8px; color: #222222; text-decoration: none; }}
  .item:focus {{ {rule} }}
  .item.kbd {{ background: #90caf9; color: #ffffff; }}
</style></head>
<body><main><h1>Mail</h1>
<a class="item" id="inbox" href="#inbox">Inbox</a><a class="item" id="drafts" href="#drafts">Drafts</a></main>
</body></html>
"""
PAGES = {
    "css-fail.html": PAGE.format(rule="background: #90caf9; color: #ffffff;"),
    # A focus rule that keeps the colours: only a script could change them.
    "same.html": PAGE.format(rule="color: #222222;"),
}
base = written(PAGES)

# Added once the page was surveyed (no listener then): class "kbd" a task after focus, in a
# message posted (as React's scheduler runs work), which no record of timers or frames tells of.
LATE_LISTENER = """() => {
  const task = (f) => {
    const c = new MessageChannel();
    c.port1.onmessage = f;
    c.port2.postMessage(0);
  };
  for (const a of document.querySelectorAll('.item')) {
    a.addEventListener('focus', () => task(() => a.classList.add('kbd')));
    a.addEventListener('blur', () => task(() => a.classList.remove('kbd')));
  }
}"""


def test_a_focus_rule_without_any_script_fails(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "css-fail.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#inbox"], ["#drafts"]]
    for n in outcome.nodes:
        assert "contrast 1.75:1" in n.summary, n.summary


def test_a_focus_rule_that_keeps_the_colours_is_inapplicable(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "same.html")
    assert outcome.outcome == "inapplicable", outcome.reason


def test_a_listener_added_after_the_survey_is_waited_for(browser_loop, base):
    check = check_by_id(CHECK)

    async def go(browser):
        page, response = await load_page(browser, base + "same.html", None, ChecksEngine([check]).init_scripts())
        try:
            _, looks = await survey(page, [check])
            await page.evaluate(LATE_LISTENER)
            return await ChecksEngine.run_one(check, PageTarget(page=page, timeout=PAGE_TIMEOUT, response=response),
                                              check.time_limit, looks=looks.get(check.id))
        finally:
            await page.context.close()

    outcome = browser_loop.call(go)
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#inbox"], ["#drafts"]]
    for n in outcome.nodes:
        assert "contrast 1.75:1" in n.summary, n.summary
