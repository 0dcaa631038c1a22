"""focus-visible-indicator with a modal dialog open (_modal.py), in a real Chromium: the Tab walk
starts in the dialog, where a person's focus is; what Tab never reaches from there is not judged,
and what it does reach (a dialog that lets focus out) is."""
import pytest

from tests.checks.support import run_check, targets
from tests.checks.written_pages import written

CHECK = "focus-visible-indicator"

pytestmark = pytest.mark.browser

# Two links of the page lie under the dialog's opaque box (as USWDS's footer links did under its
# session timeout modal): whatever focus draws on them, the dialog hides.
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Modal</title>
<style>body { font: 16px sans-serif; margin: 0; }
.under { position: fixed; left: 45%; }
.backdrop { position: fixed; inset: 0; background: rgba(0, 0, 0, .7); }
.dlg { position: fixed; top: 25%; left: 25%; width: 50%; height: 50%; background: #fff; }</style></head>
<body><a class="under" id="under1" href="#a" style="top: 40%">Primary link 11</a>
<a class="under" id="under2" href="#b" style="top: 55%">Primary link 12</a>
<div class="backdrop" {hidden}></div>
<div role="dialog" aria-modal="true" aria-label="Session" class="dlg" {hidden}>
  <button id="stay">Stay signed in</button> <button id="out">Sign out</button></div>
<script>
  const dialog = document.querySelector('[role=dialog]'), buttons = dialog.querySelectorAll('button');
  {trap}
  if (!dialog.hidden) buttons[0].focus();
</script></body></html>"""
# USWDS's focus trap: Tab from the dialog's last element goes to its first, Shift+Tab the other way.
TRAP = """dialog.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab') return;
    const first = buttons[0], last = buttons[buttons.length - 1];
    if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
    else if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
  });"""
PAGES = {
    "trapped.html": PAGE.replace("{hidden}", "").replace("{trap}", TRAP),
    "not-trapped.html": PAGE.replace("{hidden}", "").replace("{trap}", ""),
    "hidden.html": PAGE.replace("{hidden}", "hidden").replace("{trap}", TRAP),
}


base = written(PAGES)


def test_elements_behind_a_modal_dialog_that_keeps_focus_are_not_judged(browser_loop, base):
    # Tab from inside the dialog never reaches the links under it: a person cannot focus them.
    outcome = run_check(browser_loop, CHECK, base + "trapped.html")
    assert outcome.outcome == "passed", (outcome.reason, targets(outcome))
    assert "each of the 2 elements" in outcome.reason
    assert ("Tab was pressed from the top of the open modal dialog (div.dlg), where a person's focus is, and "
            "reached 2 element(s), none of them outside it") in outcome.reason


def test_elements_behind_a_modal_dialog_that_lets_focus_out_are_judged(browser_loop, base):
    # Without the trap, Tab leaves the dialog for the links under it, where focus cannot be seen.
    outcome = run_check(browser_loop, CHECK, base + "not-trapped.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#under1"], ["#under2"]]


def test_a_hidden_modal_dialog_changes_nothing(browser_loop, base):
    # aria-modal on a dialog that is not shown: the walk starts at the top of the document, and the
    # links, under nothing, show their focus ring.
    outcome = run_check(browser_loop, CHECK, base + "hidden.html")
    assert outcome.outcome == "passed", (outcome.reason, targets(outcome))
    assert outcome.reason == ("each of the 2 elements of the tab order changes what is shown when it receives "
                              "keyboard focus")
