"""focus-visible-indicator on pages with something that moves by itself (a loading spinner, a
skeleton loader), in a real Chromium: the page's CSS and Web animations are held still while an
element is pictured, and motion away from the element's surroundings does not hide whether focus
shows there. Motion over the element itself still leaves it for review."""
import pytest

from a11y.checks._focus_look import FirstLook
from tests.checks.support import run_check, targets
from tests.checks.written_pages import written

CHECK = "focus-visible-indicator"

pytestmark = pytest.mark.browser

SPIN = "@keyframes spin { to { transform: rotate(360deg) } }"
# The reviewers' page: a CSS spinner hundreds of pixels from two links that show no focus.
FAR = ("position: absolute; left: 600px; top: 300px; width: 40px; height: 40px; border: 4px solid #ccc;"
       " border-top-color: #333; border-radius: 50%;")
LINKS = "<a id=l1 href=a.html>Applications</a> <a id=l2 href=b.html>Search</a>"
LOADING = '<div class=spinner role=img aria-label=Loading></div>'
# A spinner turned by script, one animation frame at a time: nothing holds it still.
TURN_BY_SCRIPT = """<script>
  const s = document.querySelector('.spinner');
  (function turn(t) { s.style.transform = `rotate(${(t / 3) % 360}deg)`; requestAnimationFrame(turn); })(0);
</script>"""


def page(style: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Motion</title>'
            f"<style>{SPIN} {style}</style></head><body>{body}</body></html>")


CSS_FAR = f".spinner {{ {FAR} animation: spin 1s linear infinite }}"
PAGES = {
    "far-spinner.html": page("a:focus { outline: none } " + CSS_FAR, f"{LINKS} {LOADING}"),
    "no-spinner.html": page("a:focus { outline: none }", LINKS),
    "far-spinner-outline.html": page("a:focus { outline: 2px solid #000; outline-offset: 2px } " + CSS_FAR,
                                     f"{LINKS} {LOADING}"),
    "far-script-spinner.html": page(f"a:focus {{ outline: none }} .spinner {{ {FAR} }}",
                                    f"{LINKS} {LOADING}{TURN_BY_SCRIPT}"),
    # A skeleton loader: a shimmer sweeping across grey bars, the width of the page, below the links.
    "skeleton.html": page("a:focus { outline: none } @keyframes shimmer { to { background-position: -200% 0 } }"
                          " .bar { margin: 160px 0 0; height: 16px; background: linear-gradient(90deg, #eee 25%,"
                          " #ccc 50%, #eee 75%); background-size: 200% 100%; animation: shimmer 1.2s linear infinite }",
                          f"{LINKS}<div class=bar></div><div class=bar style='margin-top: 12px'></div>"),
    "spinner-in-button.html": page(
        "button:focus { outline: none } .spinner { display: inline-block; width: 12px; height: 12px;"
        " border: 2px solid #333; border-top-color: transparent; border-radius: 50%; animation: spin .8s linear infinite }",
        f"<button id=b1 type=button>{LOADING} Saving</button>"),
    # The same spinner drawn in an open shadow root, which document.getAnimations() leaves out.
    "shadow-spinner-in-button.html": page(
        "button:focus { outline: none }",
        "<button id=b1 type=button><span class=host></span> Saving</button><script>"
        "document.querySelector('.host').attachShadow({mode: 'open'}).innerHTML = `<style>"
        f"{SPIN} i {{ display: inline-block; width: 12px; height: 12px; border: 2px solid #333;"
        " border-top-color: transparent; border-radius: 50%; animation: spin .8s linear infinite }</style><i></i>`;"
        "</script>"),
    "script-spinner-in-button.html": page(
        "button:focus { outline: none } .spinner { display: inline-block; width: 12px; height: 12px;"
        " border: 2px solid #333; border-top-color: transparent; border-radius: 50% }",
        f"<button id=b1 type=button>{LOADING} Saving</button>{TURN_BY_SCRIPT}"),
    "fading-ring-by-spinner.html": page(
        "a { outline: 3px solid transparent; outline-offset: 2px; transition: outline-color .2s ease-in }"
        " a:focus { outline-color: #1a4480 } .spinner { display: inline-block; width: 16px; height: 16px;"
        " border: 3px solid #ccc; border-top-color: #333; border-radius: 50%; animation: spin 1s linear infinite }",
        f"<p>{LOADING} {LINKS}</p>"),
    "fading-ring-by-script-spinner.html": page(
        "a { outline: 3px solid transparent; outline-offset: 2px; transition: outline-color .2s ease-in }"
        " a:focus { outline-color: #1a4480 } .spinner { display: inline-block; width: 16px; height: 16px;"
        " border: 3px solid #ccc; border-top-color: #333; border-radius: 50% }",
        f"<p>{LOADING} {LINKS}</p>{TURN_BY_SCRIPT}"),
}

base = written(PAGES)


@pytest.mark.parametrize("name", ["far-spinner.html", "no-spinner.html", "far-script-spinner.html", "skeleton.html"])
def test_links_without_an_indicator_fail_whatever_moves_away_from_them(browser_loop, base, name):
    # A CSS spinner or shimmer is held still while the links are pictured; one turned by script
    # is not, but lies far from where either link's indicator could be drawn.
    outcome = run_check(browser_loop, CHECK, base + name)
    assert outcome.outcome == "failed", (outcome.reason, targets(outcome))
    assert targets(outcome) == [["#l1"], ["#l2"]]
    assert all(n.summary.startswith("no pixel of the page changes") for n in outcome.nodes)


# The shadow root's spinner: the activity record counts animations in open shadow roots too, so
# the first look does not take it for focus on a page that seems still.
@pytest.mark.parametrize("name", ["spinner-in-button.html", "shadow-spinner-in-button.html"])
def test_a_button_with_a_spinner_inside_and_no_indicator_does_not_pass(browser_loop, base, name):
    # Held still, the CSS spinner shows the button unchanged by focus.
    outcome = run_check(browser_loop, CHECK, base + name)
    assert outcome.outcome == "failed", (outcome.reason, targets(outcome))
    assert targets(outcome) == [["#b1"]]


def test_the_full_judgement_holds_a_spinner_in_an_open_shadow_root_still(browser_loop, base, monkeypatch):
    # The first look only ever saves work: without it every element is judged in full.
    async def judged_in_full(self, stops, deadline):
        return set()

    monkeypatch.setattr(FirstLook, "passed", judged_in_full)
    outcome = run_check(browser_loop, CHECK, base + "shadow-spinner-in-button.html")
    assert (outcome.outcome, targets(outcome)) == ("failed", [["#b1"]]), outcome.reason


def test_a_button_with_a_spinner_turned_by_script_inside_needs_review(browser_loop, base):
    # Motion over the element itself: whether focus changed it cannot be told apart.
    outcome = run_check(browser_loop, CHECK, base + "script-spinner-in-button.html")
    assert outcome.outcome == "cantTell", (outcome.reason, targets(outcome))
    assert targets(outcome) == [["#b1"]]
    assert "changes by itself" in outcome.reason


# An outline, beside a spinner far away; a focus ring that fades in over 200 ms, beside one that
# turns all the time: holding the page's animations still must not hold the element's own.
@pytest.mark.parametrize("name", ["far-spinner-outline.html", "fading-ring-by-spinner.html",
                                  "fading-ring-by-script-spinner.html"])
def test_indicators_beside_a_spinner_pass(browser_loop, base, name):
    outcome = run_check(browser_loop, CHECK, base + name)
    assert (outcome.outcome, outcome.reason) == (
        "passed", "each of the 2 elements of the tab order changes what is shown when it receives keyboard focus")
