"""focus-content-dismissible (WCAG 1.4.13): content a focus handler shows after a timer (Bootstrap's
tooltips and popovers: setTimeout(show, 0)) is waited for, and so is a hide delay Escape starts,
in a real Chromium."""
import pytest

from tests.checks.support import run_check, targets

CHECK = "focus-content-dismissible"

pytestmark = pytest.mark.browser

# As Bootstrap 5.3's tooltip with data-bs-trigger="focus": focusin starts a timer of its show
# delay (0), which adds the tooltip to the end of the body, under the button and over the
# paragraph below it; focusout hides it the same way. ESCAPE says what Escape does.
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Your reference</title>
<style>
  body { font: 16px/1.5 sans-serif; color: #212529; background: #fff; margin: 20px; }
  .tooltip { position: absolute; max-width: 300px; padding: 4px 8px; background: #000; color: #fff;
             opacity: 0; transition: opacity .15s linear; }
  .tooltip.show { opacity: .9; }
</style></head>
<body><main>
<h1>Check your tax account</h1>
<p><button id="ref" type="button" data-title="The reference is on the top right of your letter">What is a
  reference?</button></p>
<p>Enter the reference from the letter we sent you. It has ten letters and numbers, and you will find it
  printed near the top of the first page, above the date and below our address.</p>
<p><a href="#next">Continue</a></p>
<script>
  const ESCAPE = "{escape}";
  for (const btn of document.querySelectorAll("[data-title]")) {
    let tip = null, timer = null;
    const show = () => {
      if (tip) return;
      tip = document.createElement("div");
      tip.className = "tooltip";
      tip.setAttribute("role", "tooltip");
      tip.textContent = btn.dataset.title;
      document.body.append(tip);
      const r = btn.getBoundingClientRect();
      tip.style.left = (r.left + scrollX) + "px";
      tip.style.top = (r.bottom + scrollY + 4) + "px";
      tip.offsetWidth;  // reflow, then fade in
      tip.classList.add("show");
    };
    const hide = () => { if (tip) { tip.remove(); tip = null; } };
    btn.addEventListener("focusin", () => { clearTimeout(timer); timer = setTimeout(show, 0); });
    btn.addEventListener("focusout", () => { clearTimeout(timer); timer = setTimeout(hide, 0); });
    if (ESCAPE === "hides") {
      // Faded out first: gone 200 ms after the key.
      btn.addEventListener("keydown", (e) => {
        if (e.key === "Escape" && tip) { clearTimeout(timer); timer = setTimeout(hide, 200); }
      });
    }
  }
</script>
</main></body></html>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("focus-content-timers")
    (root / "tooltip-stays.html").write_text(PAGE.replace("{escape}", "ignored"), encoding="utf-8")
    (root / "tooltip-hides.html").write_text(PAGE.replace("{escape}", "hides"), encoding="utf-8")
    return root


@pytest.fixture
def base(serve, site):
    return serve(site)


def test_a_tooltip_shown_after_a_timer_that_escape_leaves_over_the_text_fails(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "tooltip-stays.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#ref"]]
    assert outcome.nodes[0].summary.startswith("focusing it brings up ")
    assert "which lies over other content, and Escape does not put it away" in outcome.nodes[0].summary


def test_a_tooltip_shown_after_a_timer_that_escape_hides_after_a_delay_passes(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "tooltip-hides.html")
    assert outcome.outcome == "passed", (outcome.reason, [n.summary for n in outcome.nodes])
    assert outcome.reason.startswith("the content 1 element(s) bring up on focus goes with Escape")
