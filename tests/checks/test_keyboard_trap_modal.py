"""no-keyboard-trap on a modal dialog open at load that keeps focus inside (as Bootstrap's does:
focus that lands outside is sent back in, from a focusin handler), in real Chromium, through the
checks engine.

The check's own focus calls (the walk starts from the top of the page) land outside the dialog
and are sent back in at once: that is the page answering us, not moving focus by itself. Escape
fades the dialog out over 300 ms and only then hides it, so focus stays on the dialog's button
for a moment after the key: the check waits for the page to be still and walks on from there.
The same dialog with no way out still fails."""
from __future__ import annotations

import pytest

from tests.checks.support import run_check

pytestmark = pytest.mark.browser
CHECK = "no-keyboard-trap"

# HIDE: how the dialog is hidden once faded: on its transitionend, or on a timer as long as the
# fade (Bootstrap does both, whichever comes first). ESCAPE: the key handler, or nothing.
MODAL = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cookies</title>
<style>
  body { font: 16px/1.5 sans-serif; color: #222; background: #fff; }
  .backdrop { position: fixed; inset: 0; background: rgba(0, 0, 0, .5); transition: opacity .3s linear; }
  .dialog { position: fixed; top: 15%; left: 25%; width: 50%; padding: 1em; background: #fff;
            transition: opacity .3s linear; }
  .fading { opacity: 0; }
</style></head>
<body>
<a href="#main">Skip to the page</a>
<main id="main"><h1>Your account</h1><p>You stay signed in for 20 minutes.</p>
<a href="#more">More about accounts</a></main>
<div class="backdrop" id="backdrop"></div>
<div class="dialog" id="dialog" role="dialog" aria-modal="true" aria-labelledby="title" tabindex="-1">
  <h2 id="title">Cookies on this site</h2>
  <button type="button" id="accept">Accept</button> <a href="#policy">Read the policy</a>
  <button type="button" id="settings">Settings</button>
</div>
<footer><a href="#help">Help</a></footer>
<script>
  const dialog = document.getElementById('dialog'), backdrop = document.getElementById('backdrop');
  const first = document.getElementById('accept'), last = document.getElementById('settings');
  let open = true, backward = false;
  // The session's timer: the page has something left to run (so the check watches it before the
  // walk, for focus moving by itself), which changes nothing meanwhile.
  setTimeout(() => { location.href = '#signed-out'; }, 20 * 60 * 1000);
  document.addEventListener('keydown', (e) => { if (e.key === 'Tab') backward = e.shiftKey; }, true);
  // While the dialog is open, focus that lands outside it is sent back in, at once: Tab from its
  // last element (onto the footer's link) wraps to the first, Shift+Tab from the first to the last.
  document.addEventListener('focusin', (e) => {
    if (open && !dialog.contains(e.target)) (backward ? last : first).focus();
  });
  const hide = () => { dialog.hidden = true; backdrop.hidden = true; };
  const close = () => {
    open = false;
    dialog.classList.add('fading');
    backdrop.classList.add('fading');
    HIDE
  };
  ESCAPE
  dialog.focus();
</script></body></html>"""
ON_TRANSITION_END = "dialog.addEventListener('transitionend', hide, {once: true});"
ON_TIMER = "setTimeout(hide, 300);"
ESCAPE_CLOSES = "dialog.addEventListener('keydown', (e) => { if (e.key === 'Escape' && open) close(); });"


def modal(hide: str, escape: str) -> str:
    return MODAL.replace("HIDE", hide).replace("ESCAPE", escape)


@pytest.fixture
def site(tmp_path, serve):
    (tmp_path / "escape-transitionend.html").write_text(modal(ON_TRANSITION_END, ESCAPE_CLOSES), encoding="utf-8")
    (tmp_path / "escape-timer.html").write_text(modal(ON_TIMER, ESCAPE_CLOSES), encoding="utf-8")
    (tmp_path / "no-way-out.html").write_text(modal(ON_TIMER, ""), encoding="utf-8")
    return serve(tmp_path)


@pytest.mark.parametrize("name", ["escape-transitionend.html", "escape-timer.html"])
def test_a_modal_that_keeps_focus_inside_and_fades_out_on_escape_is_no_trap(browser_loop, site, name):
    result = run_check(browser_loop, CHECK, site + name)
    assert (result.outcome, result.reason) == ("passed", "")


def test_the_same_modal_without_a_way_out_fails(browser_loop, site):
    result = run_check(browser_loop, CHECK, site + "no-way-out.html")
    assert result.outcome == "failed", result.reason
    assert sorted(n.target for n in result.nodes) == [["#accept"], ["#dialog > a"], ["#settings"]]
    assert "Escape do not move it out, nor does Enter on its buttons" in result.reason
