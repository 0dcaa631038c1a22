"""focus-visible-indicator on indicators that fade out when focus leaves (MUI's ripple ring on
Buttons, AccordionSummary, Slider thumbs), in a real Chromium: what the blur started runs to its
end before the page is pictured with nothing focused, and before the next element is pictured,
so a ring fading out is taken neither for the page changing by itself nor for the next element's
indicator. A page that does change by itself near an element still leaves it for review."""
import pytest

from a11y.checks._focus_look import FirstLook
from tests.checks.support import run_check, targets
from tests.checks.written_pages import written

CHECK = "focus-visible-indicator"

pytestmark = pytest.mark.browser

# The reviewer's pattern: on focus a script adds a ring (a translucent span over the button); on
# blur the ring fades out over 550 ms and is removed when its animation ends.
RING = """button { position: relative; overflow: hidden; font: 16px sans-serif; padding: 8px 16px; border: 0;
  background: #1565c0; color: #fff; border-radius: 4px } button:focus { outline: none }
.ring { position: absolute; inset: 0; background: rgba(255,255,255,.35); pointer-events: none }
.ring.exit { animation: out 550ms forwards } @keyframes out { to { opacity: 0 } }
@keyframes pulse { 50% { transform: scale(.9) } } .pulsing .ring:not(.exit) { animation: pulse 2.5s infinite }
a:focus { outline: none } @keyframes spin { to { transform: rotate(360deg) } }
.spinner { display: inline-block; width: 12px; height: 12px; border: 2px solid #333;
  border-top-color: transparent; border-radius: 50% }"""
RING_SCRIPT = """<script>
for (const b of document.querySelectorAll('button')) {
  b.addEventListener('focus', () => { const s = document.createElement('span'); s.className = 'ring'; b.append(s); });
  b.addEventListener('blur', () => { for (const s of b.querySelectorAll('.ring:not(.exit)')) {
    s.classList.add('exit'); s.addEventListener('animationend', () => s.remove()); } });
}
</script>"""
BUTTONS = '<button id=b1 type=button>Save</button> <button id=b2 type=button>Cancel</button>'
# A spinner turned by script, one frame at a time, inside a link with no indicator of its own, well
# below the buttons (a rounded corner they clip their ring to is drawn a shade apart now and then:
# beside the spinner, the buttons too would be left for review).
SPINNING_LINK = """</p><p style="margin-top: 120px"><a id=l href=help.html><span class=spinner></span> Help</a><script>
  const s = document.querySelector('.spinner');
  (function turn(t) { s.style.transform = `rotate(${(t / 3) % 360}deg)`; requestAnimationFrame(turn); })(0);
</script>"""
# A CSS outline that fades in and out over 550 ms: no script, no change to the DOM.
OUTLINE_FADE = ("button { outline: 3px solid transparent; outline-offset: 2px; transition: outline-color .55s }"
                " button:focus { outline-color: #1a4480 } a:focus { outline: none }")


def page(style: str, body: str, main_class: str = "") -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ripple focus ring</title>'
            f"<style>{style}</style></head><body><header><p>Site</p></header><main class='{main_class}'>"
            f"<h1>Ripple focus ring</h1><p>{body}</p></main></body></html>")


PAGES = {
    "ripple-ring.html": page(RING, BUTTONS + RING_SCRIPT),
    # As MUI's ripple: the ring pulses while focus stays, so the check looks after focus leaves.
    "pulsing-ring.html": page(RING, BUTTONS + RING_SCRIPT, "pulsing"),
    "ring-then-plain-link.html": page(RING, BUTTONS + " <a id=l href=help.html>Help</a>" + RING_SCRIPT, "pulsing"),
    "fading-outline-then-plain-link.html": page(OUTLINE_FADE, "<button id=b1 type=button>Save</button>"
                                                " <a id=l href=help.html>Help</a>"),
    "ring-then-spinning-link.html": page(RING, BUTTONS + SPINNING_LINK + RING_SCRIPT, "pulsing"),
}

base = written(PAGES)


@pytest.fixture(params=["first look", "full judgement"])
def way(request, monkeypatch):
    """Each page judged as a scan does (the first look settles what it can), and with every
    element judged in full (the first look only ever saves work)."""
    if request.param == "full judgement":
        async def judged_in_full(self, stops, deadline):
            return set()

        monkeypatch.setattr(FirstLook, "passed", judged_in_full)
    return request.param


@pytest.mark.parametrize("name", ["ripple-ring.html", "pulsing-ring.html"])
def test_a_ring_that_fades_out_on_blur_passes(browser_loop, base, way, name):
    outcome = run_check(browser_loop, CHECK, base + name)
    assert (outcome.outcome, outcome.reason, targets(outcome)) == (
        "passed", "each of the 2 elements of the tab order changes what is shown when it receives keyboard focus",
        [])


@pytest.mark.parametrize("name", ["ring-then-plain-link.html", "fading-outline-then-plain-link.html"])
def test_the_ring_fading_out_beside_the_next_element_is_not_its_indicator(browser_loop, base, way, name):
    # The link shows nothing when focused; Tab reaches it from the button whose ring then fades out.
    outcome = run_check(browser_loop, CHECK, base + name)
    assert (outcome.outcome, targets(outcome)) == ("failed", [["#l"]]), outcome.reason
    assert outcome.nodes[0].summary.startswith("no pixel of the page changes")


def test_an_element_whose_surroundings_change_by_themselves_still_needs_review(browser_loop, base, way):
    # The buttons' rings show plainly; the link's spinner turns by script, frame after frame, where
    # an indicator of the link's would be drawn.
    outcome = run_check(browser_loop, CHECK, base + "ring-then-spinning-link.html")
    assert (outcome.outcome, targets(outcome)) == ("cantTell", [["#l"]]), outcome.reason
    assert "1 element(s): the page around it changes by itself" in outcome.reason
