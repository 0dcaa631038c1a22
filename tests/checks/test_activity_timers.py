"""_activity.py's ACTION_TIMERS: after an action, waiting for the timers it started (and only those)
that are due within a bound, in a real Chromium page with the activity record."""
import pytest

from a11y.checks._activity import ACTION_TIMERS, activity_script
from tests.browser_loop import open_page

pytestmark = pytest.mark.browser

PAGE = "<!doctype html><html lang='en'><title>t</title><main><h1>Timers</h1><p id='p'>text</p></main></html>"

# How the checks choose the timers to wait for: those of a delay up to the bound (hover, focus and
# disclosure), or those due within the bound of the action (on-input).
BY_DELAY = "() => W.caused(since, ['timeout', 'frame'], BOUND)"
BY_DUE = "() => W.caused(since, ['timeout', 'frame']).filter(([, , delay, , at]) => at + delay <= from + BOUND)"


@pytest.fixture
def url(tmp_path, serve):
    (tmp_path / "page.html").write_text(PAGE)
    return serve(tmp_path) + "page.html"


# Where each test's script starts: W the helper, the mark before the action (since, from), what ran
# (window.ran), and the timers started since the mark that are still to run ([kind, delay]).
BEGIN = """const W = ACTION_TIMERS;
  const since = W.mark(), from = performance.now();
  window.ran = [];
  const left = () => W.caused(since, ['timeout', 'frame']).map(([kind, , delay]) => [kind, delay]);
"""


def in_page(browser_loop, url: str, body: str, timers: str = BY_DELAY):
    """What body (an async function's statements after BEGIN; TIMERS: the timers to wait for)
    returns in url, loaded with the activity record."""
    script = ("async () => {" + BEGIN + body.replace("TIMERS", timers) + "\n}").replace("ACTION_TIMERS", ACTION_TIMERS)

    async def go(browser):
        page = await open_page(browser, url, init_scripts=[activity_script()])
        try:
            await page.wait_for_function("document.readyState === 'complete'")
            return await page.evaluate(script)
        finally:
            await page.context.close()

    return browser_loop.call(go)


@pytest.mark.parametrize("timers", [BY_DELAY, BY_DUE])
def test_timers_due_within_the_bound_are_waited_for_and_have_run(browser_loop, url, timers):
    # A late allowance larger than any loaded machine needs: the wait ends when they have run.
    seen = in_page(browser_loop, url, """
      const BOUND = 1000;
      setTimeout(() => ran.push('now'), 0);
      setTimeout(() => ran.push('soon'), 50);
      setTimeout(() => ran.push('within'), 200);
      requestAnimationFrame(() => ran.push('frame'));
      const whole = await W.settle({timers: TIMERS, ms: BOUND, late: 600000, from});
      return {whole, ran: [...ran].sort(), left: left()};
    """, timers)
    assert seen == {"whole": True, "ran": ["frame", "now", "soon", "within"], "left": []}


@pytest.mark.parametrize("timers", [BY_DELAY, BY_DUE])
def test_a_timer_due_later_is_reported_not_waited_for(browser_loop, url, timers):
    # until() is asked only while something the wait counts is still to run: once the timer due
    # soon has run, a wait that counted the later one would be cut short (whole: false).
    seen = in_page(browser_loop, url, """
      const BOUND = 30000;
      setTimeout(() => ran.push('soon'), 20);
      const later = setTimeout(() => ran.push('later'), 600000);
      const whole = await W.settle({timers: TIMERS, ms: BOUND, late: 0, from, until: () => ran.includes('soon')});
      const pending = left();
      clearTimeout(later);
      return {whole, ran, left: pending};
    """, timers)
    assert seen == {"whole": True, "ran": ["soon"], "left": [["timeout", 600000]]}


def test_a_poll_the_page_started_before_the_mark_is_not_waited_for(browser_loop, url):
    # The poll re-arms after the mark (its pending timer was started since then), and is always
    # pending: a wait that counted it would go on after the action's own timer ran.
    seen = in_page(browser_loop, url, """
      window.polled = 0;
      (function poll() { polled++; setTimeout(poll, 20); })();
      const mark = W.mark(), polledAtMark = polled;
      while (polled < polledAtMark + 3) await W.tick();
      window.mine = false;
      setTimeout(() => { mine = true; }, 30);
      const whole = await W.settle({timers: () => W.caused(mark, ['timeout'], 30000), ms: 30000, late: 0,
                                    until: () => mine});
      return {whole, mine, caused: W.caused(mark).length,
              pollPending: window.__a11yActivity.startedSince(mark).length > 0};
    """)
    assert seen == {"whole": True, "mine": True, "caused": 0, "pollPending": True}


def test_a_chain_of_timers_is_followed_within_the_bound(browser_loop, url):
    # Each link is started by the one before it; the last is due far beyond the bound: the links
    # within it have all run, and the wait ends without it (until() would cut a wait for it short).
    seen = in_page(browser_loop, url, """
      setTimeout(() => { ran.push(1); setTimeout(() => { ran.push(2); setTimeout(() => {
        ran.push(3); window.last = setTimeout(() => ran.push(4), 600000); }, 30); }, 30); }, 30);
      const whole = await W.settle({timers: () => W.caused(since, ['timeout'], 30000), ms: 30000, late: 0,
                                    until: () => ran.length >= 3});
      const pending = left();
      clearTimeout(window.last);
      return {whole, ran, left: pending};
    """)
    assert seen == {"whole": True, "ran": [1, 2, 3], "left": [["timeout", 600000]]}


def test_a_due_timer_the_page_runs_late_is_waited_for_only_with_a_late_allowance(browser_loop, url):
    # The page is busy past the bound (the timer is due, and cannot run): without an allowance the
    # wait ends at once; with one, it goes on until the timer has run.
    seen = in_page(browser_loop, url, """
      window.ran = false;
      setTimeout(() => { ran = true; }, 10);
      while (performance.now() - from < 300) { /* the page's own long task */ }
      const none = await W.settle({timers: () => W.caused(since), ms: 100, late: 0, from});
      const ranWithout = ran;
      const whole = await W.settle({timers: () => W.caused(since), ms: 100, late: 600000, from});
      return {none, ranWithout, whole, ran};
    """)
    assert seen == {"none": True, "ranWithout": False, "whole": True, "ran": True}


def test_a_transition_the_action_started_is_waited_for(browser_loop, url):
    # The action comes in a later task than the mark, as a hover or a key press does.
    seen = in_page(browser_loop, url, """
      const p = document.getElementById('p');
      p.style.transition = 'opacity 300ms linear';
      getComputedStyle(p).opacity;
      const at = W.timeline();
      await W.frames();
      p.style.opacity = '0.25';
      const started = p.getAnimations().length;
      const whole = await W.settle({timers: () => [], busy: () => W.moving(at, 30000), ms: 30000});
      return {started, whole, running: p.getAnimations().length, opacity: getComputedStyle(p).opacity};
    """)
    assert seen == {"started": 1, "whole": True, "running": 0, "opacity": "0.25"}
