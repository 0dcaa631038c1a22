"""_activity.js keyScript finds handler properties however a page sets them (a custom element's
own accessor, an expando, a form's named control, an element from another frame, SVG, MathML, an
accessor the page redefined), in a real Chromium: a guard for any cheaper way of finding them."""
import pytest

from a11y.checks._activity import activity_script
from tests.browser_loop import open_page

STILL = "<!doctype html><html lang='en'><title>t</title><main><h1>Still</h1><p id='p'>text</p></main></html>"


def _page(body_script: str, head: str = "") -> str:
    return STILL.replace("<title>t</title>", f"<title>t</title>{head}").replace(
        "</main>", f"</main><script>{body_script}</script>")


PAGES = {
    "still.html": STILL,
    "set-then-cleared.html": _page("p.onscroll = () => {}; p.onscroll = null;"),
    "custom-accessor.html": _page(
        "customElements.define('x-el', class extends HTMLElement { get onscroll() { return () => {}; } });"
        "p.append(document.createElement('x-el'));"),
    "expando.html": _page("p.onmessage = () => {};"),
    "named-control.html": STILL.replace("<p id='p'>text</p>", "<form><input name='onscroll'></form>"),
    "other-window.html": STILL.replace("<p id='p'>text</p>", "<iframe id='f' srcdoc='<p>x</p>'></iframe><p id='p'>text</p>")
    .replace("</main>", "</main><script>window.onload = () => { const el = f.contentDocument.createElement('span');"
             " el.onscroll = () => {}; p.append(el); window.onload = null; };</script>"),
    "svg.html": _page("const s = document.createElementNS('http://www.w3.org/2000/svg', 'svg');"
                      "s.onscroll = () => {}; p.append(s);"),
    "mathml.html": _page("const m = document.createElementNS('http://www.w3.org/1998/Math/MathML', 'math');"
                         "m.onscroll = () => {}; p.append(m);"),
    "redefined.html": _page(
        "const kept = new WeakMap();"
        "Object.defineProperty(HTMLElement.prototype, 'onscroll', {configurable: true,"
        " get() { return kept.get(this) || null; }, set(v) { kept.set(this, v); }});"
        "p.onscroll = () => {};"),
    "ours.html": _page("window.__a11yActivity.asOurs(() => { p.onscroll = () => {}; });"),
    "trusting-key.html": _page("p.onkeydown = (e) => e.isTrusted;"),
}


@pytest.fixture
def pages(tmp_path, serve):
    for name, html in PAGES.items():
        (tmp_path / name).write_text(html)
    return serve(tmp_path)


def key_reasons(browser_loop, url: str) -> list:
    """keyScript() and keyScript(true) (a probe's) on url once it has loaded."""
    async def go(browser):
        page = await open_page(browser, url, init_scripts=[activity_script()])
        try:
            await page.wait_for_function("document.readyState === 'complete' && window.onload === null")
            return await page.evaluate("() => [window.__a11yActivity.keyScript(), window.__a11yActivity.keyScript(true)]")
        finally:
            await page.context.close()

    return browser_loop.call(go)


@pytest.mark.parametrize("name, who", [
    ("custom-accessor.html", "x-el"),
    ("expando.html", "p"),
    ("named-control.html", "form"),
    ("other-window.html", "span"),
    ("svg.html", "svg"),
    ("mathml.html", "math"),
    ("redefined.html", "p"),
    ("ours.html", "p"),
])
def test_a_handler_property_set_where_no_setter_of_the_record_sees_it_is_found(browser_loop, pages, name, who):
    found = f"an element handles key or focus events ({who})"
    assert key_reasons(browser_loop, pages + name) == [found, found]


def test_a_key_handler_that_tells_real_presses_is_found_by_a_probe(browser_loop, pages):
    unprobed, probed = key_reasons(browser_loop, pages + "trusting-key.html")
    assert unprobed == probed == "an element handles key or focus events (p)"


@pytest.mark.parametrize("name", ["still.html", "set-then-cleared.html"])
def test_a_page_whose_elements_handle_nothing_says_so(browser_loop, pages, name):
    assert key_reasons(browser_loop, pages + name) == [None, None]
