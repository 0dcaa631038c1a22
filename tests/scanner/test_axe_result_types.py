"""axe's resultTypes option (full details only for violations and needs-review; engines/axe.py)
saves work without changing what is reported: the same violations and needs-review items,
element by element, and the same rule ids passed and inapplicable, in a real Chromium."""
from a11y.engines.axe import AxeEngine, axe_options
from a11y.engines.base import PageTarget
from tests.browser_loop import open_page

_PAGE = """<!doctype html><html lang="en"><title>mixed</title><main><h1>Mixed</h1>
<img src="a.png"><img src="b.png" alt="b"><p style="color:#999;background:#fff">faint</p>
<p style="color:#fff;background:url(bg.png) #000">over an image</p>
<input id="x"><label for="y">name</label><input id="y">
<a href="#a">one</a><a href="#b">two</a><button></button>
<table><tr><th>h</th></tr><tr><td>d</td></tr></table></main></html>"""


def _results(browser_loop, url, options):
    async def go(browser):
        page = await open_page(browser, url)
        try:
            return await AxeEngine(options).run(PageTarget(page=page, timeout=120))
        finally:
            await page.context.close()
    return browser_loop.call(go)


def test_result_types_change_nothing_reported(tmp_path, serve, browser_loop):
    (tmp_path / "index.html").write_text(_PAGE)
    url = serve(tmp_path)
    limited = axe_options("section508")
    assert limited["resultTypes"] == ["violations", "incomplete"]
    every = {k: v for k, v in limited.items() if k != "resultTypes"}
    fast, full = _results(browser_loop, url, limited), _results(browser_loop, url, every)
    assert fast.violations and fast.incomplete and fast.passed and fast.inapplicable
    assert fast == full
