"""What an engine leaves in a large page's renderer is collected before the page goes on
(browser.Tab.collect_garbage, called by pagework._run_engines)."""
from a11y import devtools
from a11y.browser import GC_FUNCTION, Tab, collect_garbage
from a11y.engines.base import Engine, EngineResults
from a11y.pagework import PageSettings, _run_engines

from .siteserver import page, site

# About 60 MB of objects the page no longer refers to, in the old generation, where V8 lets
# them lie until its heap has grown much further.
LITTER = """() => {
  let junk = [];
  for (let i = 0; i < 400000; i++) junk.push({i, text: 'x'.repeat(40) + i, list: [i, i + 1, i + 2]});
  window.__kept = junk.length;
  junk = null;
}"""


class Litterer(Engine):
    """An engine whose audit leaves garbage behind, as axe's does."""

    name = "litterer"

    async def run(self, target):
        await target.page.evaluate(LITTER)
        return EngineResults()


def audit(browser_loop, elements: int) -> tuple[int, int, bool]:
    """The page's heap with the litter in it, after the audit, and whether a collection was
    asked for (the tab opened its DevTools session for it)."""
    items = "".join(f"<li>item {i}</li>" for i in range(elements))
    with site({"/": page("Many", f"<ul>{items}</ul>")}) as base:
        async def go(browser):
            context = await browser.new_context()
            try:
                tab = Tab(browser, context, await context.new_page())
                await tab.page.goto(base + "/")
                cdp = await context.new_cdp_session(tab.page)
                await tab.page.evaluate(LITTER)
                littered = (await cdp.send("Runtime.getHeapUsage"))["usedSize"]
                await _run_engines(tab, [Litterer()], PageSettings(), None)
                return littered, (await cdp.send("Runtime.getHeapUsage"))["usedSize"], devtools.has_session(tab.page)
            finally:
                await context.close()

        return browser_loop.call(go)


def test_a_large_pages_garbage_is_collected_after_each_engine(browser_loop):
    littered, after, asked = audit(browser_loop, Tab.COLLECT_FROM_ELEMENTS)
    assert littered > 40_000_000  # the litter is there before the audit (no collection yet)
    assert asked and after < 20_000_000


def test_a_small_page_is_left_to_the_collector(browser_loop):
    # A small page's audit leaves little: the call would cost more than it frees.
    _, _, asked = audit(browser_loop, 10)
    assert not asked


def collected(browser_loop, shadow: bool) -> tuple[int, int, bool]:
    """The heap with the litter in it, after browser.collect_garbage, and whether V8's own
    function was there to do it (shadow: the page first puts something else under its name)."""
    with site({"/": page("Litter", "<p>litter</p>")}) as base:
        async def go(browser):
            context = await browser.new_context()
            try:
                tab = await context.new_page()
                await tab.goto(base + "/")
                if shadow:
                    await tab.evaluate(f"() => {{ window.{GC_FUNCTION} = 'something of the page'; }}")
                native = await tab.evaluate(f"() => typeof window.{GC_FUNCTION} === 'function'")
                cdp = await context.new_cdp_session(tab)
                await tab.evaluate(LITTER)
                littered = (await cdp.send("Runtime.getHeapUsage"))["usedSize"]
                await collect_garbage(tab)
                return littered, (await cdp.send("Runtime.getHeapUsage"))["usedSize"], native
            finally:
                await context.close()

        return browser_loop.call(go)


def test_the_collection_is_v8s_own_and_the_protocol_s_where_a_page_took_its_name(browser_loop):
    littered, after, native = collected(browser_loop, shadow=False)
    assert native and littered > 40_000_000 and after < 20_000_000
    littered, after, native = collected(browser_loop, shadow=True)
    assert not native and littered > 40_000_000 and after < 20_000_000
