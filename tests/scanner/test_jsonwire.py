"""Values carried as JSON text between Python and a page (a11y.jsonwire) come back as
Playwright's own evaluate gives them, also on pages that change JSON's behaviour."""
import math

import pytest

from a11y.jsonwire import evaluate_json
from tests.browser_loop import open_page

# Every kind of value the scanner's scripts return, the awkward ones included.
VALUES = """(arg) => ({echo: arg, text: 'line\\nbreak \\u0000 "quoted" \\u00e9\\ud83d\\ude00', n: 1.5, big: 2 ** 40,
  yes: true, none: null, missing: undefined, list: [1, undefined, 'x', [null]], nan: NaN, up: Infinity,
  down: -Infinity, nested: {deep: {deeper: [{a: 1}]}}})"""
ARG = {"selectors": ["a > b", "#x\\:y"], "plan": [[0, None, -1]], "text": "caf\u00e9 \u0000 \"q\""}

# Pages that change how JSON behaves, as old libraries did.
AWKWARD = {
    "plain": "",
    "array toJSON": "<script>Array.prototype.toJSON = function () { return JSON.stringify(this.slice()); };</script>",
    "object toJSON": "<script>Object.prototype.toJSON = function () { return 'spoilt'; };</script>",
    "JSON.parse replaced": "<script>JSON.parse = function () { return 'spoilt'; };</script>",
    "JSON.stringify replaced": "<script>JSON.stringify = function () { return '\"spoilt\"'; };</script>",
}


def _check(result):
    assert result["echo"] == ARG
    assert result["text"] == 'line\nbreak \u0000 "quoted" \u00e9\U0001F600'
    assert result["n"] == 1.5 and result["big"] == 2 ** 40
    assert result["yes"] is True and result["none"] is None
    assert "missing" in result and result["missing"] is None  # as Playwright gives undefined
    assert result["list"] == [1, None, "x", [None]]
    assert math.isnan(result["nan"]) and result["up"] == math.inf and result["down"] == -math.inf
    assert result["nested"] == {"deep": {"deeper": [{"a": 1}]}}


@pytest.mark.parametrize("kind", sorted(AWKWARD))
def test_values_come_back_as_playwright_gives_them(kind, tmp_path, serve, browser_loop):
    (tmp_path / "index.html").write_text(f"<!doctype html><title>t</title>{AWKWARD[kind]}<p>x</p>")
    url = serve(tmp_path) + "/index.html"

    async def go(browser):
        page = await open_page(browser, url)
        try:
            plain = await page.evaluate(VALUES, ARG)
            return plain, await evaluate_json(page.main_frame, VALUES, ARG), await evaluate_json(page, "() => 7")
        finally:
            await page.context.close()

    plain, carried, seven = browser_loop.call(go)
    if kind == "plain":
        _check(plain)  # the test's own expectations are Playwright's
    _check(carried)
    assert seven == 7


def test_an_argument_json_cannot_carry_is_sent_as_it_is(tmp_path, serve, browser_loop):
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title><p>x</p>")
    url = serve(tmp_path) + "/index.html"

    async def go(browser):
        page = await open_page(browser, url)
        try:
            return await evaluate_json(page, "(a) => [Number.isNaN(a[0]), a[1] === Infinity]", [math.nan, math.inf])
        finally:
            await page.context.close()

    assert browser_loop.call(go) == [True, True]
