"""on-input-no-context-change (WCAG 3.2.2): a timer a field's handlers start is waited for until it
has run when it is due within a couple of seconds (a debounce), in a real Chromium."""
from tests.checks.support import run_check, run_check_and_look, targets
from tests.checks.written_pages import written

CHECK = "on-input-no-context-change"

# USWDS's character count: the visible count is updated at once, the screen-reader status 1.2 s
# after typing stops (SR_STATUS_DEBOUNCE_MS = 1200, through its debounce helper).
CHARACTER_COUNT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A character count</title></head>
<body><main>
<h1>Tell us more</h1>
<form action="other.html">
  <label for="story">Your story</label>
  <textarea id="story" name="story" maxlength="50"></textarea>
  <span id="message">You can enter up to 50 characters</span>
  <div id="status" class="usa-sr-only" aria-live="polite"></div>
</form>
<script>
  const debounce = (callback, delay = 500) => {
    let timer = null;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => callback(...args), delay); };
  };
  const field = document.getElementById("story");
  const say = () => { document.getElementById("status").textContent = document.getElementById("message").textContent; };
  const srUpdateStatus = debounce(say, 1200);
  field.addEventListener("input", () => {
    document.getElementById("message").textContent = `${50 - field.value.length} characters left`;
    srUpdateStatus();
  });
</script>
</main></body></html>
"""

# A search box that submits itself 1.5 s after typing stops: what the timer does when it runs is
# the field's doing.
SLOW_SEARCH = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A search box that submits itself</title></head>
<body><main>
<h1>Search</h1>
<form id="sf" action="other.html">
  <label for="q">Search</label>
  <input id="q" name="q">
</form>
<script>
  let pause;
  document.getElementById("q").addEventListener("input", () => {
    clearTimeout(pause);
    pause = setTimeout(() => document.getElementById("sf").submit(), 1500);
  });
</script>
</main></body></html>
"""
base = written({"character-count.html": CHARACTER_COUNT, "slow-search.html": SLOW_SEARCH,
                "other.html": "<!DOCTYPE html><title>Other</title><p>Another page"})


def test_a_status_debounced_for_1_2_seconds_is_waited_for_and_passes(browser_loop, base):
    outcome, status, _ = run_check_and_look(browser_loop, CHECK, base + "character-count.html",
                                            "() => document.getElementById('status').textContent")
    assert outcome.outcome == "passed", (outcome.reason, [n.summary for n in outcome.nodes])
    assert "changing none of the 1 form field(s)" in outcome.reason
    assert status == "49 characters left"  # the debounced status ran: it was waited for, not cleared


def test_a_submission_a_timer_makes_1_5_seconds_after_typing_is_waited_for_and_fails(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "slow-search.html")
    assert (outcome.outcome, targets(outcome)) == ("failed", [["#q"]]), outcome.reason
    assert outcome.nodes[0].summary.startswith(f"changing it submits a form ({base}other.html)")
