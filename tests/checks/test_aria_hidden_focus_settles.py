"""aria-hidden-tab-focus decides axe's aria-hidden-focus review items (engines.base.Settlement):
axe runs first, then the check walks the tab order, in a real Chromium, as the scan runs them."""
import pytest

from a11y.engines.axe import AxeEngine, axe_options
from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine
from tests.browser_loop import load_page
from tests.checks.support import PAGE_TIMEOUT, check_by_id

CHECK = "aria-hidden-tab-focus"
AXE_RULE = "aria-hidden-focus"

pytestmark = pytest.mark.browser

# An open modal dialog (ARIA), the rest of the page hidden with aria-hidden="true": axe cannot
# tell whether the links behind the dialog can be reached, and leaves the rest for review.
MODAL = """<!DOCTYPE html><html lang="en"><head><title>Sign in</title></head><body>
<div id="rest" aria-hidden="true"><h1>Benefits</h1><a href="#home">Home</a> <a href="#apply">Apply</a>
  <button>Menu</button></div>
<div id="dialog" role="dialog" aria-modal="true" aria-labelledby="title"><h2 id="title">Sign in</h2>
  BUTTONS</div>
<script>SCRIPT</script>
</body></html>"""

# The dialog's script keeps Tab among its buttons (they take the rest out of the tab order) and
# puts focus on its first button, as a dialog does when it opens.
TRAP = """const dialog = document.getElementById('dialog');
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Tab') return;
  const inside = Array.from(dialog.querySelectorAll('button')), i = inside.indexOf(document.activeElement);
  e.preventDefault();
  inside[(i + (e.shiftKey ? -1 : 1) + inside.length) % inside.length].focus();
});
dialog.querySelector('button').focus();"""


def modal(buttons: int, script: str) -> str:
    return MODAL.replace("BUTTONS", " ".join(f"<button>Choice {i}</button>" for i in range(buttons))) \
                .replace("SCRIPT", script)


# The dialog leaves focus where it was and Tab free: the link before it in the hidden header is
# reached and keeps focus. The sentinel in the hidden footer hands focus back to the dialog at once.
UNTRAPPED = """<!DOCTYPE html><html lang="en"><head><title>Sign in</title></head><body>
<header id="top" aria-hidden="true"><a id="home" href="#home">Home</a></header>
<div id="dialog" role="dialog" aria-modal="true" aria-label="Sign in"><button id="ok">OK</button>
  <button>Cancel</button></div>
<footer id="bottom" aria-hidden="true"><span id="sentinel" tabindex="0"></span></footer>
<script>document.getElementById('sentinel').addEventListener('focus', () => document.getElementById('ok').focus());
</script>
</body></html>"""

# A closed shadow root with two buttons before hidden content whose link has a focus handler
# (axe: "check if the focusable elements immediately move the focus indicator"). Inside the
# closed root, Tab moves between elements script sees as one, the host.
CLOSED_SHADOW = """<!DOCTYPE html><html lang="en"><head><title>Closed</title></head><body>
<a href="#start">Start</a> <div id="host"></div>
<div id="hidden" aria-hidden="true"><a id="kept" href="#kept">Kept</a></div>
<script>
document.getElementById('host').attachShadow({mode: 'closed'}).innerHTML = '<button>One</button><button>Two</button>';
document.getElementById('kept').onfocus = () => {};
</script>
</body></html>"""


def audit(browser_loop, url: str):
    """axe's aria-hidden-focus, then our check given axe's results (PageTarget.earlier): axe's
    results with the check's merged in (EngineResults.extend, as the page's record gets them),
    and what axe left for review before the check ran."""
    axe = AxeEngine(axe_options(rules=[AXE_RULE]))
    checks = ChecksEngine([check_by_id(CHECK)])

    async def go(browser):
        page, response = await load_page(browser, url, None, [*axe.init_scripts(), *checks.init_scripts()])
        try:
            found = await axe.run(PageTarget(page=page, timeout=PAGE_TIMEOUT))
            asked = [n.target for r in found.incomplete if r.rule == AXE_RULE for n in r.nodes]
            found.extend(await checks.run(PageTarget(page=page, timeout=PAGE_TIMEOUT, response=response,
                                                     earlier=found)))
            return found, asked
        finally:
            await page.context.close()

    return browser_loop.call(go)


def page_url(serve, tmp_path, html: str) -> str:
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    return serve(tmp_path) + "page.html"


def review(found, rule: str = AXE_RULE) -> list:
    return [n.target for r in found.incomplete if r.rule == rule for n in r.nodes]


def settled(found) -> dict:
    return {repr(n.target): (r.settled_by, n.summary) for r in found.settled for n in r.nodes}


def test_hidden_rest_of_a_page_whose_modal_keeps_tab_inside_is_decided_passed(browser_loop, serve, tmp_path):
    found, asked = audit(browser_loop, page_url(serve, tmp_path, modal(2, TRAP)))
    assert asked == [["#rest"]]  # axe: "check that focusable elements are not tabbable in the current state"
    assert review(found) == [] and CHECK in found.passed
    by, summary = settled(found)[repr(["#rest"])]
    assert by == CHECK
    assert summary == (f"decided by {CHECK}: passes; Tab went through the whole tab order (2 elements) "
                       "and keyboard focus never stayed inside it")
    assert AXE_RULE in found.passed  # its only review item passed


def test_hidden_link_tab_reaches_is_decided_failed_and_a_sentinel_s_content_passed(browser_loop, serve, tmp_path):
    found, asked = audit(browser_loop, page_url(serve, tmp_path, UNTRAPPED))
    assert sorted(asked) == [["#bottom"], ["#top"]]
    assert review(found) == []
    decided = settled(found)
    assert decided[repr(["#top"])][1].startswith(f"decided by {CHECK}: fails (reported under {CHECK})")
    assert decided[repr(["#bottom"])][1].startswith(f"decided by {CHECK}: passes; ")
    # The failure is ours, naming the link and the hidden content it is in.
    [ours] = [r for r in found.violations if r.rule == CHECK]
    assert [n.target for n in ours.nodes] == [["#home"]] and "(#top)" in ours.nodes[0].summary
    assert AXE_RULE not in found.passed


def test_a_walk_cut_by_the_element_limit_leaves_axe_s_item_for_review(browser_loop, serve, tmp_path, monkeypatch):
    monkeypatch.setattr(check_by_id(CHECK), "max_stops", 3)
    found, asked = audit(browser_loop, page_url(serve, tmp_path, modal(5, TRAP)))
    assert asked == [["#rest"]]
    assert review(found) == [["#rest"]] and found.settled == []
    assert "stopped after the first 3 elements" in next(r for r in found.incomplete if r.rule == CHECK).nodes[0].summary


def test_tab_inside_a_closed_shadow_root_is_no_whole_walk(browser_loop, serve, tmp_path):
    # Tab stays on the host while it moves between the root's buttons: the walk must not take
    # that for the order coming round, or the hidden link after it would pass unseen.
    found, asked = audit(browser_loop, page_url(serve, tmp_path, CLOSED_SHADOW))
    assert asked == [["#hidden"]]
    assert review(found) == [["#hidden"]] and found.settled == []
    [ours] = [r for r in found.incomplete if r.rule == CHECK]
    assert "closed shadow root of #host" in ours.nodes[0].summary
