"""The layout helpers' clip chain (_layout_dom.js clipChain): what limits what can be seen of an
element's content, following the containing-block chain. The walk from each ancestor is kept
and shared, so the chains must come out the same whatever order the elements are asked in."""
from pathlib import Path

import pytest

from a11y.checks._layout import evaluate
from tests.browser_loop import open_page

FIXTURES = Path(__file__).parent.parent / "fixtures" / "checks" / "layout"

CHAINS = """(L, ids) => ids.map((id) => {
  const c = L.clipChain(document.getElementById(id));
  const names = (clips) => clips.map((k) => k.el.id || k.el.localName);
  return {id, x: names(c.x.clips), xv: c.x.viewport, y: names(c.y.clips), yv: c.y.viewport, fixed: c.fixed};
})"""

EXPECTED = {
    "static": {"x": ["clipper", "positioned"], "xv": "scroll", "y": ["clipper", "positioned"], "yv": "scroll",
               "fixed": False},
    # the unpositioned clipper does not contain it: only the positioned box cuts it
    "abs": {"x": ["positioned"], "xv": "scroll", "y": ["positioned"], "yv": "scroll", "fixed": False},
    "fixed": {"x": [], "xv": "scroll", "y": [], "yv": "scroll", "fixed": True},
    # a scroll container ends the chain on both axes: its content can be scrolled to
    "scrolled": {"x": [], "xv": None, "y": [], "yv": None, "fixed": False},
    # overflow-x: hidden makes overflow-y auto: cut sideways, scrolled to up and down
    "in-xonly": {"x": ["xonly", "clipper", "positioned"], "xv": "scroll", "y": [], "yv": None, "fixed": False},
    # a transform contains fixed boxes: the transformed box cuts it, and what contains that box
    "fixed-in-transform": {"x": ["transformed", "clipper", "positioned"], "xv": "scroll",
                           "y": ["transformed", "clipper", "positioned"], "yv": "scroll", "fixed": False},
}


@pytest.fixture
def chains(browser_loop, serve):
    base = serve(FIXTURES)

    def ask(orders: list[list[str]]) -> list[list[dict]]:
        async def go(browser):
            page = await open_page(browser, base + "clip-chains.html")
            try:
                return [await evaluate(page, CHAINS, ids) for ids in orders]
            finally:
                await page.context.close()
        return browser_loop.call(go)
    return ask


def test_each_chain_follows_the_containing_blocks(chains):
    alone = chains([[element] for element in EXPECTED])
    assert {found[0].pop("id"): found[0] for found in alone} == EXPECTED


def test_chains_are_the_same_in_any_order_within_one_call(chains):
    ids = list(EXPECTED)
    for found in chains([ids, ids[::-1], ["fixed-in-transform", "abs", "static", "in-xonly", "fixed", "scrolled"]]):
        assert {f.pop("id"): f for f in found} == EXPECTED


def test_selector_can_pass_over_ids_made_up_at_run_time(browser_loop, tmp_path, serve):
    # selector(el, {skipId}): an id the caller says names nothing from scan to scan is passed over
    # (the steps go on up to a stable id or the root); without it, any unique id is used.
    (tmp_path / "ids.html").write_text(
        "<!doctype html><html lang='en'><title>t</title><main id='content'><p><button>One</button> <span>y</span></p>"
        "<p><button id='tooltip961991'>Help</button></p></main><div id='ember1234'><span>x</span></div></html>")
    ask = """(L) => {
      const skipId = (id) => /\\d{3,}/.test(id);
      const b = document.getElementById('tooltip961991'), s = document.querySelector('div > span');
      return [L.selector(b), L.selector(b, {skipId}), L.selector(s), L.selector(s, {skipId}), L.selector(b, {})];
    }"""

    async def go(browser):
        page = await open_page(browser, serve(tmp_path) + "ids.html")
        try:
            return await evaluate(page, ask)
        finally:
            await page.context.close()

    assert browser_loop.call(go) == ["#tooltip961991", "p:nth-child(2) > button", "#ember1234 > span", "div > span",
                                     "#tooltip961991"]
