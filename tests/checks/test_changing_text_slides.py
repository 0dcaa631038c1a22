"""changing-text-pausable (WCAG 2.2.2, ACT efbfc7) on text that changes by showing and hiding parts
(a carousel's slides, by the hidden attribute, a class, a CSS transition) rather than by replacing
its text, in a real Chromium."""
import pytest

from tests.checks.support import run_check, targets
from tests.checks.written_pages import written

CHECK = "changing-text-pausable"

# The reviewer's rotator: one headline shown at a time, every 2 s, by `hidden` or by a class.
ROTATOR = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Rotator</title><style>.off { display: none; }</style></head>
<body><main><h1>News</h1>
<div id="rot"><p>First headline of the day</p><p HIDE>Second headline of the day</p><p HIDE>Third headline of the day</p></div>
<script>
  let i = 0;
  const ps = document.querySelectorAll("#rot p");
  setInterval(() => { SWAP }, 2000);
</script>
</main></body></html>
"""
BY_HIDDEN = ROTATOR.replace("HIDE", "hidden").replace(
    "SWAP", "ps[i].hidden = true; i = (i + 1) % 3; ps[i].hidden = false;")
BY_CLASS = ROTATOR.replace("HIDE", 'class="off"').replace(
    "SWAP", 'ps[i].className = "off"; i = (i + 1) % 3; ps[i].className = "";')

# A carousel as Bootstrap 5 makes one: the slides' classes move the next one in with a CSS
# transition of transform (its text is clipped by the frame until it slides in), the old one is put
# away (display: none) when the transition ends; it stops while the pointer is over it, and has
# "Previous" and "Next" buttons (and, in one, a Pause button).
CAROUSEL = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Carousel</title>
<style>
  .carousel { position: relative; width: 600px; }
  .carousel-inner { position: relative; width: 100%; overflow: hidden; }
  .carousel-item { position: relative; display: none; float: left; width: 100%; height: 160px; margin-right: -100%;
                   background: #444; color: #fff; transition: transform .6s ease-in-out; }
  .carousel-item.active, .carousel-item-next { display: block; }
  .carousel-item-next:not(.carousel-item-start) { transform: translateX(100%); }
  .active.carousel-item-start { transform: translateX(-100%); }
  .visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important; padding: 0 !important;
                     margin: -1px !important; overflow: hidden !important; clip: rect(0, 0, 0, 0) !important;
                     white-space: nowrap !important; border: 0 !important; }
  .carousel-control { position: absolute; top: 0; bottom: 0; width: 15%; z-index: 1; }
  .prev { left: 0; } .next { right: 0; }
</style></head>
<body>
<header><a href="other.html">Home</a></header>
<main><h1>Carousel</h1>
<div id="news" class="carousel">
  <div class="carousel-inner">
    <div class="carousel-item active"><h2>First slide label</h2><p>Placeholder content for the first slide.</p></div>
    <div class="carousel-item"><h2>Second slide label</h2><p>Placeholder content for the second slide.</p></div>
    <div class="carousel-item"><h2>Third slide label</h2><p>Placeholder content for the third slide.</p></div>
  </div>
  <button class="carousel-control prev" type="button"><span class="visually-hidden">Previous</span></button>
  <button class="carousel-control next" type="button"><span class="visually-hidden">Next</span></button>
  PAUSE
</div>
</main>
<script>
  const items = [...document.querySelectorAll(".carousel-item")];
  let shown = 0, timer = null, sliding = false;
  function slide(to) {
    if (sliding) return;
    sliding = true;
    const from = items[shown], next = items[to];
    next.classList.add("carousel-item-next");
    next.offsetHeight;  // reflow, so that the transition starts from the frame's edge
    from.classList.add("carousel-item-start");
    next.classList.add("carousel-item-start");
    next.addEventListener("transitionend", function done() {
      next.removeEventListener("transitionend", done);
      next.classList.remove("carousel-item-next", "carousel-item-start");
      next.classList.add("active");
      from.classList.remove("active", "carousel-item-start");
      shown = to;
      sliding = false;
    });
  }
  const cycle = () => { clearInterval(timer); timer = setInterval(() => slide((shown + 1) % items.length), 3000); };
  const carousel = document.getElementById("news");
  carousel.addEventListener("mouseenter", () => clearInterval(timer));
  carousel.addEventListener("mouseleave", cycle);
  carousel.querySelector(".prev").addEventListener("click", () => slide((shown + items.length - 1) % items.length));
  carousel.querySelector(".next").addEventListener("click", () => slide((shown + 1) % items.length));
  const pause = carousel.querySelector(".pause");
  if (pause) pause.addEventListener("click", () => { clearInterval(timer); timer = null; cycle = () => {}; });
  cycle();
</script>
</body></html>
"""
WITH_PAUSE = CAROUSEL.replace("PAUSE", '<button class="pause" type="button">Pause</button>').replace(
    "const cycle =", "let cycle =")

# A class toggled on a timer that changes how a button looks, not what it says.
PULSE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Pulse</title>
<style>.pulse { outline: 3px solid orange; background: #ffd; transition: background .3s; }</style></head>
<body><main><h1>Offers</h1>
<p>Sign up for the newsletter to hear about new offers.</p>
<button id="cta" type="button">Sign up</button>
<script>setInterval(() => document.getElementById("cta").classList.toggle("pulse"), 700);</script>
</main></body></html>
"""

base = written({"by-hidden.html": BY_HIDDEN, "by-class.html": BY_CLASS, "carousel.html": CAROUSEL.replace("PAUSE", ""),
                "carousel-pause.html": WITH_PAUSE, "pulse.html": PULSE})


NO_CONTROL = "and the page has no visible, named control"


@pytest.mark.parametrize("page, target, why", [
    ("by-hidden.html", "#rot", NO_CONTROL),
    ("by-class.html", "#rot", NO_CONTROL),
    # Previous and Next move to another slide; the carousel stops only while the pointer is on it.
    ("carousel.html", "#news > div", "(\u201cPrevious\u201d, \u201cNext\u201d) only move to another slide"),
])
def test_text_that_changes_by_showing_one_part_at_a_time_without_a_way_to_pause_it_fails(browser_loop, base,
                                                                                         page, target, why):
    outcome = run_check(browser_loop, CHECK, base + page)
    assert outcome.outcome == "failed", (outcome.reason, [n.summary for n in outcome.nodes])
    assert targets(outcome) == [[target]]
    assert "kept changing by itself for more than 5 s" in outcome.reason
    assert why in outcome.reason


@pytest.mark.parametrize("page, expected", [
    ("carousel-pause.html", "passed"),  # its Pause button, clicked in a fresh tab, stops it
    ("pulse.html", "inapplicable"),  # a class that changes how a button looks, not what it says
])
def test_a_carousel_with_a_pause_button_passes_and_a_restyled_button_is_no_change(browser_loop, base, page,
                                                                                 expected):
    outcome = run_check(browser_loop, CHECK, base + page)
    assert outcome.outcome == expected, (outcome.reason, [n.summary for n in outcome.nodes])
