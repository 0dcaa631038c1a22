"""no-keyboard-trap on a modal dialog, open at load over a long page, that Escape closes and
that then sends focus back into the middle of the page (30 navigation links), in real Chromium,
through the checks engine.

The walk starts inside the dialog, so it knows only the dialog's two buttons; after Escape,
focus is on a link the walk never saw, with fifteen or thirty elements between it and the way
out. The way out is found from there, in each direction, as far as the page's focus order now
goes. The same holds after on-focus-no-context-change has run on the page first (as a scan runs
them): its focus calls land outside the dialog, whose trap then remembers the first of them as
where to send focus back on closing (as MUI's FocusTrap does). A dialog that Escape does not
close, or that Escape leaves open with focus on its own container, still fails."""
from __future__ import annotations

import pytest

from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine
from tests.browser_loop import load_page
from tests.checks.support import PAGE_TIMEOUT, check_by_id, run_check

pytestmark = pytest.mark.browser
CHECK = "no-keyboard-trap"
ON_FOCUS = "on-focus-no-context-change"

LINKS = "\n".join(f'<li><a href="#s{i}">Section {i}</a></li>' for i in range(1, 31))
# ESCAPE: what Escape does while the dialog is open. RETURN: where closing sends focus.
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sections</title>
<style>
  .backdrop { position: fixed; inset: 0; background: rgba(0, 0, 0, .5); }
  [role=dialog] { position: fixed; top: 20%; left: 30%; padding: 1em; background: #fff; border: 1px solid #000; }
</style></head>
<body>
<header><p>Site</p></header>
<nav aria-label="Sections"><ul>LINKS</ul></nav>
<main><h1>Page</h1><p>Text.</p></main>
<div id="modal"><div class="backdrop"></div>
  <div id="dialog" role="dialog" aria-modal="true" aria-labelledby="t" tabindex="-1">
    <h2 id="t">Cookies</h2><p>We use cookies.</p>
    <button id="no" type="button">Decline</button> <button id="yes" type="button">Accept</button>
  </div>
</div>
<script>
  const modal = document.getElementById('modal'), dialog = document.getElementById('dialog');
  const buttons = [...modal.querySelectorAll('button')];
  let restore = null;  // where focus came from when the trap first took it back (MUI's nodeToRestore)
  const close = () => {
    modal.remove();
    document.removeEventListener('keydown', key, true);
    (RETURN).focus();
  };
  // Tab and Shift+Tab go round the dialog's two buttons.
  function key(e) {
    if (e.key === 'Escape') { e.preventDefault(); ESCAPE; return; }
    if (e.key !== 'Tab') return;
    e.preventDefault();
    const i = buttons.indexOf(document.activeElement);
    buttons[(i + (e.shiftKey ? buttons.length - 1 : 1)) % buttons.length].focus();
  }
  document.addEventListener('keydown', key, true);
  // Focus that lands outside the open dialog is sent back in.
  document.addEventListener('focusin', (e) => {
    if (!modal.isConnected || modal.contains(e.target)) return;
    restore = restore || e.target;
    buttons[0].focus();
  });
  buttons[1].focus();
</script></body></html>""".replace("LINKS", LINKS)
FIFTEENTH = "document.querySelector('a[href=\"#s15\"]')"
PAGES = {
    # Escape closes the dialog and sends focus to the fifteenth link.
    "escape-to-fifteenth.html": ("close()", FIFTEENTH),
    # Escape closes the dialog and sends focus back where it came from when the trap first took
    # it back (on-focus-no-context-change's first focus call: the first link), else (it is gone:
    # the walk's own start) the fifteenth.
    "escape-to-remembered.html": ("close()", f"(restore && restore.isConnected ? restore : {FIFTEENTH})"),
    # Escape only moves focus to the dialog itself (outside the Tab cycle of its buttons): Tab
    # from there goes back to the buttons. No way out.
    "escape-to-dialog.html": ("dialog.focus()", FIFTEENTH),
    # Nothing closes the dialog.
    "no-way-out.html": ("void 0", FIFTEENTH),
}


@pytest.fixture
def site(tmp_path, serve):
    for name, (escape, back) in PAGES.items():
        (tmp_path / name).write_text(PAGE.replace("ESCAPE", escape).replace("RETURN", back), encoding="utf-8")
    return serve(tmp_path)


def run_checks(browser_loop, url: str, ids: list[str]) -> dict:
    """The outcome of each check (rule -> (outcome, what its items say)), run on one page by the
    checks engine in its own order."""
    engine = ChecksEngine([check_by_id(i) for i in ids])
    assert [c.id for c in engine.checks] == ids  # the order a scan runs them in

    async def go(browser):
        page, response = await load_page(browser, url, None, engine.init_scripts())
        try:
            return await engine.run(PageTarget(page=page, timeout=PAGE_TIMEOUT, response=response))
        finally:
            await page.context.close()

    found = browser_loop.call(go)
    out = {r.rule: ("failed", [n.summary for n in r.nodes]) for r in found.violations}
    out.update({r.rule: ("cantTell", [n.summary for n in r.nodes]) for r in found.incomplete})
    out.update({rule: ("passed", []) for rule in found.passed})
    out.update({rule: ("inapplicable", []) for rule in found.inapplicable})
    return out


@pytest.mark.parametrize("name", ["escape-to-fifteenth.html", "escape-to-remembered.html"])
def test_a_modal_that_escape_closes_into_the_middle_of_a_long_page_is_no_trap(browser_loop, site, name):
    result = run_check(browser_loop, CHECK, site + name)
    assert (result.outcome, result.reason) == ("passed", "")


@pytest.mark.parametrize("name", ["escape-to-fifteenth.html", "escape-to-remembered.html"])
def test_it_is_still_no_trap_after_on_focus_has_focused_the_page(browser_loop, site, name):
    found = run_checks(browser_loop, site + name, [ON_FOCUS, CHECK])
    assert found[CHECK] == ("passed", []), found
    assert found[ON_FOCUS][0] == "passed", found  # the dialog's trap took its focus calls back inside


@pytest.mark.parametrize("name", ["escape-to-dialog.html", "no-way-out.html"])
def test_a_modal_with_no_way_out_still_fails(browser_loop, site, name):
    result = run_check(browser_loop, CHECK, site + name)
    assert result.outcome == "failed", result.reason
    assert sorted(n.target for n in result.nodes) == [["#no"], ["#yes"]]
    assert "Tab, Shift+Tab and Escape do not move it out, nor does Enter on its buttons" in result.reason


def test_after_on_focus_a_modal_with_no_way_out_still_fails(browser_loop, site):
    found = run_checks(browser_loop, site + "no-way-out.html", [ON_FOCUS, CHECK])
    assert found[CHECK][0] == "failed", found
    assert all("Escape do not move it out" in said for said in found[CHECK][1]), found
