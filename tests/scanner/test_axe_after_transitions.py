"""axe runs once the transitions a page started on load have finished (settle.py, called from
pagework._audit_loaded): a dialog faded in over a backdrop as the page loads (Bootstrap's
`modal fade`) is measured in its real colours, the same on every scan, never mid-fade; a page
whose only animation never ends (a spinner) is not waited for.

Real Chromium, real loopback servers; each scan goes through pagework.scan_page in a fresh
browser context, as the scanner's own tabs do."""
from __future__ import annotations

import pytest

from a11y.browser import Tab
from a11y.discovery import PageJob
from a11y.engines.axe import AxeEngine, axe_options
from a11y.pagework import PageSettings, scan_page
from a11y.settle import CAP_S, FINITE_RUNNING, WAIT_JS, wait_for_animations
from tests.browser_loop import load_page

pytestmark = pytest.mark.browser

# The dialog's text is #222 on #fff (15.9:1) and passes; #quiet is #999 on #fff (2.85:1), the one
# real failure. Mid-fade the dialog's text is drawn part-transparent over the half-dark backdrop:
# failures that are not there once it is shown. "#chained" fades the dialog in only once the
# backdrop's own fade has ended (as Bootstrap does, on its transitionend).
FADE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A dialog faded in on load</title>
<style>
  body { font: 16px/1.5 sans-serif; color: #222; background: #fff; margin: 2em; }
  .backdrop { position: fixed; inset: 0; background: #000; opacity: 0; transition: opacity .3s linear; }
  .backdrop.show { opacity: .5; }
  .dialog { display: none; position: fixed; top: 15%; left: 20%; width: 60%; padding: 1em;
            background: #fff; color: #222; opacity: 0; transition: opacity .5s linear; }
  .dialog.show { opacity: 1; }
  .quiet { color: #999; }
</style></head>
<body><main><h1>The page</h1><p>Text of the page behind the dialog.</p></main>
<div class="backdrop" id="backdrop"></div>
<div class="dialog" id="dialog" role="dialog" aria-modal="true" aria-labelledby="title">
  <h2 id="title">Your session will end soon</h2>
  <p>Text in the dialog, dark grey on white.</p>
  <p class="quiet" id="quiet">Light grey text, too pale on white.</p>
  <button type="button">Stay signed in</button>
</div>
<script>
  addEventListener('load', () => {
    const backdrop = document.getElementById('backdrop'), dialog = document.getElementById('dialog');
    const show = () => { dialog.style.display = 'block'; dialog.offsetWidth; dialog.classList.add('show'); };
    if (location.hash === '#chained') backdrop.addEventListener('transitionend', show, {once: true});
    backdrop.offsetWidth;
    backdrop.classList.add('show');
    if (location.hash !== '#chained') show();
  });
</script></body></html>"""
SPINNER_STYLE = (".spinner { display: inline-block; width: 2em; height: 2em; border: 3px solid #555;"
                 " border-top-color: transparent; border-radius: 50%; animation: turn 1s linear infinite; }"
                 " @keyframes turn { to { transform: rotate(360deg); } }")
SPINNER = '<span class="spinner" role="img" aria-label="Loading"></span>'
SPINNING = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Loading</title>
<style>body {{ color: #222; background: #fff; }} p {{ transition: opacity .5s linear; }} {SPINNER_STYLE}</style></head>
<body><main><h1>Results</h1><p class="quiet">Loading the results.</p>{SPINNER}</main></body></html>"""


@pytest.fixture
def site(tmp_path, serve):
    (tmp_path / "fade.html").write_text(FADE, encoding="utf-8")
    (tmp_path / "spinner.html").write_text(SPINNING, encoding="utf-8")
    (tmp_path / "framed.html").write_text(
        "<!doctype html><html lang='en'><title>Framed</title><main><h1>A dialog in a frame</h1>"
        "<iframe title='Session' src='FRAME' width='900' height='500'></iframe></main></html>", encoding="utf-8")
    return serve(tmp_path)


def scan_with_axe(browser_loop, url: str):
    """The scanned page's record (color-contrast only), through pagework.scan_page."""
    engine = AxeEngine(axe_options(rules=["color-contrast"]))

    async def go(browser):
        context = await browser.new_context(viewport={"width": 1280, "height": 720})
        try:
            for script in engine.init_scripts():
                await context.add_init_script(script=script)
            tab = Tab(browser, context, await context.new_page())
            outcome = await scan_page(PageJob(url, 0, None), tab, [engine], PageSettings(timeout=60),
                                      claim=lambda job, final: None, seen_content=lambda digest, u: u)
            return outcome.page
        finally:
            await context.close()

    return browser_loop.call(go)


def contrast(page) -> tuple:
    """What axe said of colour contrast: the failing and the undecided elements."""
    def targets(results):
        return sorted(tuple(map(str, n.target)) for r in results if r.rule == "color-contrast" for n in r.nodes)
    return targets(page.violations), targets(page.incomplete)


@pytest.mark.parametrize("fragment", ["", "#chained"])
def test_a_dialog_faded_in_on_load_is_measured_once_shown_the_same_every_time(browser_loop, site, fragment):
    records = [scan_with_axe(browser_loop, site + "fade.html" + fragment) for _ in range(3)]
    assert [p.status for p in records] == ["scanned"] * 3
    found = [contrast(p) for p in records]
    assert found[0] == found[1] == found[2]
    assert found[0][0] == [("#quiet",)]  # the real failure, and no other


def test_a_dialog_faded_in_inside_a_frame_of_another_origin_is_waited_for(browser_loop, site, tmp_path):
    # The top document cannot look into the frame (another origin: localhost, not 127.0.0.1),
    # so the frame is asked itself.
    frame = site.replace("127.0.0.1", "localhost") + "fade.html"
    framed = tmp_path / "framed.html"
    framed.write_text(framed.read_text(encoding="utf-8").replace("FRAME", frame), encoding="utf-8")
    records = [scan_with_axe(browser_loop, site + "framed.html") for _ in range(3)]
    found = [contrast(p) for p in records]
    assert found[0] == found[1] == found[2]
    assert found[0][0] == [("iframe", "#quiet")]


def test_a_spinner_that_never_stops_is_not_waited_for(browser_loop, site):
    async def ask(browser):
        page, _ = await load_page(browser, site + "spinner.html")
        try:
            # What pagework reads with the document: nothing finite is running, so it does not wait.
            asked = await page.evaluate("() => " + FINITE_RUNNING)
            spinning = await page.evaluate("() => document.getAnimations().map((a) => a.playState)")
            return asked, spinning, await wait_for_animations(page, False)
        finally:
            await page.context.close()

    asked, spinning, waited = browser_loop.call(ask)
    assert spinning == ["running"]  # the spinner is there, and turning
    assert asked == [0, False]
    assert waited is None
    assert scan_with_axe(browser_loop, site + "spinner.html").status == "scanned"


def test_beside_a_spinner_only_the_fades_are_waited_for(browser_loop, site):
    # The fade starts (the paragraph's opacity transition) in the same task as the wait begins, so it is running whatever the machine's load.
    start_fade_then_wait = """async (args) => {
      document.querySelector('p').style.opacity = '0.5';
      return (WAIT_JS)(args);
    }""".replace("WAIT_JS", WAIT_JS)

    async def ask(browser):
        page, _ = await load_page(browser, site + "spinner.html")
        try:
            waited = await page.evaluate(start_fade_then_wait, [CAP_S * 1000, True])
            spinning = await page.evaluate("() => document.getAnimations().map((a) => a.playState)")
            return waited, spinning
        finally:
            await page.context.close()

    waited, spinning = browser_loop.call(ask)
    assert waited == {"waited": 1, "left": 0}  # the fade; the spinner neither waited for nor left
    assert spinning == ["running"]
