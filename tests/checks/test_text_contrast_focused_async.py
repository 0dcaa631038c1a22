"""text-contrast-focused on focus looks that come a moment after focus, and on what focus draws
over the text, in a real Chromium: a class a focus handler adds in a microtask (as React applies
state set in a focus handler) or a task later is judged as the look it is, and so is text that a
halo appended on focus (MUI's keyboard-focus ripple) lies under."""
import re

import pytest

from tests.checks.support import run_check, targets
from tests.checks.written_pages import written

CHECK = "text-contrast-focused"

# Two links of a mail app's folder list; on focus a script adds class "kbd", at once (sync), in a
# microtask (micro), or in a task (a setTimeout of 0), and takes it off the same way on blur.
CLASS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Folders</title>
<style>
  body {{ font: 16px sans-serif; }}
  .item {{ display: block; padding: 8px; color: #222222; text-decoration: none; outline: 2px solid transparent; }}
  .item.kbd {{ background: #90caf9; color: {focused}; outline-color: #000000; }}
</style></head>
<body><header><p>Site</p></header><main><h1>Mail</h1>
<a class="item" id="inbox" href="#inbox">Inbox</a><a class="item" id="drafts" href="#drafts">Drafts</a></main>
<script>
  const later = {{
    sync: (f) => f(),
    micro: (f) => Promise.resolve().then(f),
    task: (f) => setTimeout(f, 0),
  }}['{when}'];
  for (const a of document.querySelectorAll('.item')) {{
    a.addEventListener('focus', () => later(() => a.classList.add('kbd')));
    a.addEventListener('blur', () => later(() => a.classList.remove('kbd')));
  }}
</script></body></html>
"""

# Two text buttons; on focus a script appends a halo: an absolutely positioned span over the
# whole button, of a colour at 30% opacity (MUI's focus ripple), removed on blur. With `onPage`,
# the halo is put on the page's body over the button, two tasks after focus (as React's scheduler
# commits MUI's ripple: a message posted from a message).
OVERLAY_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Halo</title>
<style>
  button {{ position: relative; font: 500 14px sans-serif; padding: 6px 8px; border: 0; background: transparent;
           color: {text}; text-transform: uppercase; }}
  button:focus {{ outline: 2px solid #1976d2; }}
  .halo {{ position: absolute; inset: 0; background: {halo}; opacity: .3; pointer-events: none; }}
  body > .halo {{ inset: auto; }}
</style></head>
<body><header><p>Site</p></header><main><h1>Order</h1>
<p><button type="button" id="save">Save draft</button> <button type="button" id="cancel">Cancel order</button></p>
</main>
<script>
  const onPage = {on_page};
  const task = (f) => {{
    const c = new MessageChannel();
    c.port1.onmessage = f;
    c.port2.postMessage(0);
  }};
  const halo = (b) => {{
    const s = document.createElement('span');
    s.className = 'halo';
    if (!onPage) return b.append(s);
    const r = b.getBoundingClientRect();
    Object.assign(s.style, {{left: `${{r.left + scrollX}}px`, top: `${{r.top + scrollY}}px`, width: `${{r.width}}px`,
                            height: `${{r.height}}px`}});
    document.body.append(s);
  }};
  for (const b of document.querySelectorAll('button')) {{
    b.addEventListener('focus', () => (onPage ? task(() => task(() => halo(b))) : halo(b)));
    b.addEventListener('blur', () => document.querySelectorAll('.halo').forEach((s) => s.remove()));
  }}
</script></body></html>
"""

WHITE, DARK = "#ffffff", "#0b0c0c"
PAGES = {
    **{f"class-{when}-{verdict}.html": CLASS_PAGE.format(when=when, focused=colour)
       for when in ("sync", "micro", "task") for verdict, colour in (("fail", WHITE), ("pass", DARK))},
    # #1976d2 text under a #1976d2 halo: the text keeps its colour, the white around it turns
    # (186, 214, 242): about 3.07:1.
    "overlay-fail.html": OVERLAY_PAGE.format(text="#1976d2", halo="#1976d2", on_page="false"),
    "overlay-on-page-fail.html": OVERLAY_PAGE.format(text="#1976d2", halo="#1976d2", on_page="true"),
    # Dark text under a light halo: the background stays light.
    "overlay-pass.html": OVERLAY_PAGE.format(text=DARK, halo="#90caf9", on_page="false"),
    "overlay-on-page-pass.html": OVERLAY_PAGE.format(text=DARK, halo="#90caf9", on_page="true"),
}
base = written(PAGES)


@pytest.mark.parametrize("when", ["sync", "micro", "task"])
def test_a_failing_class_added_on_focus_now_or_later_fails(browser_loop, base, when):
    outcome = run_check(browser_loop, CHECK, base + f"class-{when}-fail.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#inbox"], ["#drafts"]]
    for n in outcome.nodes:
        assert "contrast 1.75:1" in n.summary, n.summary
        assert "(#ffffff) and its background (#90caf9)" in n.summary, n.summary


@pytest.mark.parametrize("when", ["sync", "micro", "task"])
def test_a_passing_class_added_on_focus_now_or_later_passes(browser_loop, base, when):
    outcome = run_check(browser_loop, CHECK, base + f"class-{when}-pass.html")
    assert outcome.outcome == "passed", outcome.reason
    assert "changes the colours of 2 element(s)" in outcome.reason


@pytest.mark.parametrize("page", ["overlay-fail.html", "overlay-on-page-fail.html"])
def test_text_under_a_halo_appended_on_focus_fails_from_pixels(browser_loop, base, page):
    outcome = run_check(browser_loop, CHECK, base + page)
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#save"], ["#cancel"]]
    for n in outcome.nodes:
        assert "measured from the rendered pixels" in n.summary, n.summary
        worst = float(re.search(r"at most (\d+\.\d+):1", n.summary).group(1))
        assert 2.7 <= worst <= 3.4, n.summary  # (186, 214, 242) behind #1976d2: about 3.07:1


@pytest.mark.parametrize("page", ["overlay-pass.html", "overlay-on-page-pass.html"])
def test_dark_text_under_a_light_halo_passes(browser_loop, base, page):
    outcome = run_check(browser_loop, CHECK, base + page)
    assert outcome.outcome == "passed", outcome.reason
    assert "changes the colours of 2 element(s)" in outcome.reason
