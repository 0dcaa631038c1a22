"""on-focus-no-context-change (WCAG 3.2.1): an open modal dialog that takes focus back inside itself
(a focus trap, as Bootstrap's modal has) is no change of context, in a real Chromium; focus sent
into a dialog that is not modal, or not visible, still needs review."""
import pytest

from tests.checks.support import run_check, targets

CHECK = "on-focus-no-context-change"

pytestmark = pytest.mark.browser

# A page with a dialog open over it, and Bootstrap 5.3's focus trap (FocusTrap._handleFocusin):
# focus that lands outside the dialog is sent to the dialog's first focusable element.
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Your session</title>
<style>
  .modal { position: fixed; inset: 0; background: rgba(0, 0, 0, .5); }
  .modal-dialog { margin: 80px auto; width: 400px; padding: 16px; background: #fff; }
  .faded { opacity: 0; }
</style></head>
<body>
<header><a id="home" href="/">Home</a> <a id="help" href="/help">Help</a></header>
<main>
  <h1>Your account</h1>
  <p><label for="q">Search</label> <input id="q" type="search"> <button id="go" type="button">Search</button></p>
</main>
<div id="timeout" class="modal {cls}" tabindex="-1" {attrs} aria-labelledby="title">
  <div class="modal-dialog">
    <h2 id="title">You will be signed out soon</h2>
    <button id="stay" type="button">Stay signed in</button> <button id="leave" type="button">Sign out</button>
  </div>
</div>
<script>
  const trap = document.getElementById("timeout");
  document.addEventListener("focusin", (e) => {
    if (trap === e.target || trap.contains(e.target)) return;
    trap.querySelector("button").focus();
  });
</script>
</body></html>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("on-focus-modal")
    pages = {
        "modal.html": ("", 'role="dialog" aria-modal="true"'),
        "alertdialog.html": ("", 'role="alertdialog" aria-modal="true"'),
        "not-modal.html": ("", 'role="dialog"'),  # no aria-modal: the page around it is not inactive
        "invisible.html": ("faded", 'role="dialog" aria-modal="true"'),  # focus sent somewhere unseen
    }
    for name, (cls, attrs) in pages.items():
        (root / name).write_text(PAGE.replace("{cls}", cls).replace("{attrs}", attrs), encoding="utf-8")
    return root


@pytest.fixture
def base(serve, site):
    return serve(site)


@pytest.mark.parametrize("page", ["modal.html", "alertdialog.html"])
def test_an_open_modal_dialog_that_takes_focus_back_inside_passes(browser_loop, base, page):
    outcome = run_check(browser_loop, CHECK, base + page)
    assert outcome.outcome == "passed", (outcome.reason, [(n.target, n.summary) for n in outcome.nodes])
    assert outcome.reason == ("none of the 6 element(s) of the tab order loads a page, submits a form or opens a "
                              "window when it receives focus; an open modal dialog took focus back inside itself "
                              "from 4 of them, which lie outside it (a focus trap, no change of context)")


@pytest.mark.parametrize("page", ["not-modal.html", "invisible.html"])
def test_focus_sent_into_a_dialog_that_is_not_modal_or_not_seen_needs_review(browser_loop, base, page):
    outcome = run_check(browser_loop, CHECK, base + page)
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#home"], ["#help"], ["#q"], ["#go"]]
    assert all(n.summary.startswith("receiving focus, it sends focus on to #stay") for n in outcome.nodes)
