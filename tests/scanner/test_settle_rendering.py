"""A page is audited once its scripts have finished building it (settle.py, called from
pagework._audit_loaded): an app shell that fetches its data and renders it a moment after `load`
is audited as rendered (its images, its fields, its links), not as the empty shell it was at
`load`; a page that never stops changing (a clock) is audited at the cap, and its record says
so; a page with nothing going on after `load` is not waited for at all.

Real Chromium, real loopback servers; each page goes through pagework.scan_page in a fresh
browser context, as the scanner's own tabs do: with and without the checks' activity record,
which wraps the same functions the settle watch does."""
from __future__ import annotations

import threading

import pytest

from a11y.browser import Tab
from a11y.checks._activity import activity_script
from a11y.discovery import PageJob
from a11y.engines.axe import AxeEngine, axe_options
from a11y.pagework import PageSettings, scan_page
from a11y.settle import BUSY, RENDER_CAP_S, WATCH_SCRIPT
from tests.browser_loop import load_page
from tests.support import pages_by_url, read_results, scan

from .siteserver import held, site

pytestmark = pytest.mark.browser

# The reviewer's shell: nothing but an empty #root at `load`; the content comes after a fetch and
# half a second more. The image has no text alternative and the field no label: two failures
# that are only there once the page has rendered.
SHELL = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Agency</title></head>
<body><div id="root"></div>
<script>fetch('config.json').then(r=>r.json()).then(()=>new Promise(r=>setTimeout(r,500))).then(()=>{
 document.getElementById('root').innerHTML='<main><h1>Benefits</h1><img src="x.png"><input id="q"><a href="apply.html">Apply</a></main>';
 document.title='Benefits | Agency';});</script></body></html>"""
# The same, from a timer that `load` starts.
LATER = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Agency</title></head>
<body><main id="root"><h1>Benefits</h1></main>
<script>addEventListener('load', () => setTimeout(() => {
 document.getElementById('root').insertAdjacentHTML('beforeend', '<img src="x.svg"><a href="apply.html">Apply</a>');
}, 1000));</script></body></html>"""
APPLY = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Apply</title></head>
<body><main><h1>Apply</h1><input id="name"></main></body></html>"""
# A clock: its text changes every 100 ms, for ever.
CLOCK = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Clock</title></head>
<body><main><h1>The time</h1><p id="t">0</p><img src="x.png"></main>
<script>let n = 0; setInterval(() => { document.getElementById('t').textContent = String(++n); }, 100);</script>
</body></html>"""
# Nothing happens after `load`: a script that wrote during parsing, and a timer a minute away.
STILL = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Still</title></head>
<body><main><h1>A page that is done</h1><p id="p"></p><img src="x.png"></main>
<script>document.getElementById('p').textContent = 'Written while the page was parsed.';
setTimeout(() => {}, 60000);</script></body></html>"""
# A request that is not answered while the page is audited.
HANGING = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Waiting</title></head>
<body><main><h1>Waiting for data</h1></main><script>fetch('/never').catch(() => {});</script></body></html>"""


def html(body: str):
    return lambda h: h._send(200, body)


def routes() -> dict:
    return {"/shell.html": html(SHELL), "/later.html": html(LATER), "/apply.html": html(APPLY),
            "/config.json": lambda h: h._send(200, '{"ok": true}', "application/json"),
            "/clock.html": html(CLOCK), "/still.html": html(STILL), "/hanging.html": html(HANGING)}


@pytest.fixture(params=["settle watch only", "with the checks' activity record"])
def init_scripts(request) -> list[str]:
    """The engines' own init scripts, as the scanner adds them to each context (the settle watch
    is pagework's own: scan_page adds it to the tab)."""
    return [] if request.param == "settle watch only" else [activity_script()]


def scan_one(browser_loop, url: str, init_scripts: list[str]):
    """The outcome of pagework.scan_page for url, with axe's image-alt and label rules."""
    engine = AxeEngine(axe_options(rules=["image-alt", "label"]))

    async def go(browser):
        context = await browser.new_context(viewport={"width": 1280, "height": 720})
        try:
            for script in [*engine.init_scripts(), *init_scripts]:
                await context.add_init_script(script=script)
            tab = Tab(browser, context, await context.new_page())
            return await scan_page(PageJob(url, 0, None), tab, [engine], PageSettings(timeout=60),
                                   claim=lambda job, final: None, seen_content=lambda digest, u: u)
        finally:
            await context.close()

    return browser_loop.call(go)


def failing(page) -> set[str]:
    return {r.rule for r in page.violations}


@pytest.mark.parametrize("name", ["shell.html", "later.html"])
def test_a_page_its_scripts_render_after_load_is_audited_as_rendered(browser_loop, init_scripts, name):
    with site(routes()) as base:
        outcome = scan_one(browser_loop, f"{base}/{name}", init_scripts)
    page = outcome.page
    assert page.status == "scanned"
    assert "image-alt" in failing(page)  # the image the scripts added, without alt
    if name == "shell.html":
        assert "label" in failing(page)
        assert page.title == "Benefits | Agency"  # the title the app set, read after it rendered
    assert f"{base}/apply.html" in outcome.links  # its link discovered
    assert page.waited and page.waited.startswith("waited for the page to settle after load"), page.waited


def test_a_page_that_never_stops_changing_is_audited_at_the_cap_and_says_so(browser_loop, init_scripts):
    with site(routes()) as base:
        page = scan_one(browser_loop, f"{base}/clock.html", init_scripts).page
    assert page.status == "scanned"
    assert "image-alt" in failing(page)
    assert page.waited == (f"still changing after {RENDER_CAP_S:g} s (the page changed just now): "
                           "audited as it was then")


def test_a_request_never_answered_is_waited_for_only_up_to_the_cap(browser_loop, init_scripts):
    release = threading.Event()
    try:
        with site({**routes(), "/never": held(release, html("{}"))}) as base:
            page = scan_one(browser_loop, f"{base}/hanging.html", init_scripts).page
            release.set()
    finally:
        release.set()
    assert page.status == "scanned"
    assert page.waited == (f"still changing after {RENDER_CAP_S:g} s (1 request(s) in flight): "
                           "audited as it was then")


def test_a_page_with_nothing_going_on_after_load_is_not_waited_for(browser_loop, init_scripts):
    with site(routes()) as base:
        page = scan_one(browser_loop, f"{base}/still.html", init_scripts).page
    assert page.status == "scanned"
    assert "image-alt" in failing(page)
    assert page.waited is None  # no wait at all: not even the quiet period


def test_the_question_asked_with_the_document_says_what_is_still_going_on(browser_loop):
    async def ask(browser):
        answers = {}
        with site(routes()) as base:
            for name in ("still.html", "clock.html"):
                page, _ = await load_page(browser, f"{base}/{name}", init_scripts=[WATCH_SCRIPT])
                try:
                    answers[name] = await page.evaluate("() => " + BUSY)
                finally:
                    await page.context.close()
        return answers

    answers = browser_loop.call(ask)
    assert answers["still.html"] is None
    # Its next tick, or the change the last one made (whether it ticked since `load` is a race).
    assert answers["clock.html"] in ("a timer due", "the page changed just now")


def test_a_scan_finds_what_the_shell_renders_and_the_page_it_links_to(tmp_path):
    out = tmp_path / "out"
    with site(routes()) as base:
        scan(base + "/shell.html", "--standard", "wcag21aa", "--checks", "none", "--rules", "image-alt,label",
             "--no-sitemap", "--format", "json", "--out", out, "-q", expect=1)
    pages = pages_by_url(read_results(out))
    shell, apply = pages[base + "/shell.html"], pages[base + "/apply.html"]
    assert {r["rule"] for r in shell["violations"]} == {"image-alt", "label"}
    assert (apply["status"], {r["rule"] for r in apply["violations"]}) == ("scanned", {"label"})
    assert apply["waited"] is None
