"""orientation-not-locked reads the rotation of the elements a rule, a style attribute or an
animation can turn, and of every element where that cannot be told (here: a nested rule): a
turn that comes another way than a plain rule is still found. In a real Chromium."""
from tests.checks.support import run_check, targets
from tests.checks.written_pages import written

CHECK = "orientation-not-locked"

PAGES = {
    # An animation a script starts in portrait turns the panel (no rule, no style attribute).
    "animated.html": """<!DOCTYPE html>
<html lang="en"><head><title>Animated</title></head>
<body><main><div id="turned"><h1>Timetable</h1><p>Turned by an animation in portrait.</p></div></main>
<script>
  const portrait = matchMedia('(orientation: portrait)');
  let running = null;
  const turn = () => {
    if (running) { running.cancel(); running = null; }
    if (portrait.matches) running = document.getElementById('turned').animate(
      [{ transform: 'rotate(90deg)' }, { transform: 'rotate(90deg)' }], { duration: 1e9, fill: 'forwards' });
  };
  portrait.addEventListener('change', turn);
  turn();
</script></body></html>""",
    # A nested rule turns the panel in portrait: its selector does not stand on its own.
    "nested.html": """<!DOCTYPE html>
<html lang="en"><head><title>Nested</title>
<style>.panel { @media (orientation: portrait) { transform: rotate(90deg); } }</style></head>
<body><main><div class="panel" id="turned"><h1>Timetable</h1><p>Turned by a nested rule in portrait.</p></div>
</main></body></html>""",
}
base = written(PAGES)


def test_a_turn_an_animation_makes_is_found(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "animated.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#turned"]]


def test_a_turn_a_nested_rule_makes_is_found(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "nested.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#turned"]]
