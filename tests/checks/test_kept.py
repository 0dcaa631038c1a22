"""_kept.KeptHelpers, through _layout.evaluate: the helpers are sent once a document and each call
still gets a fresh copy of them; a document that lost them (another page, a reload at the same
address, a page script that deleted them) is sent them again."""
from a11y.checks._layout import evaluate
from tests.browser_loop import open_page

PAGE = "<!doctype html><html lang='en'><title>Kept</title><body><p id='p'>text</p></body></html>"
# Counts on the helpers object it is given: 1 every time when each call gets a fresh one.
FRESH = "(L) => { L.calls = (L.calls || 0) + 1; return [L.calls, typeof L.selector]; }"
KEPT = "() => typeof window[Symbol.for('a11y.layout')]"


def test_helpers_are_kept_in_the_document_and_fresh_for_each_call(browser_loop, serve, tmp_path):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE.replace("text", "other"), encoding="utf-8")
    base = serve(tmp_path)

    async def go(browser):
        page = await open_page(browser, base + "a.html")
        try:
            seen = [await page.evaluate(KEPT)]
            seen.append(await evaluate(page, FRESH))
            seen.append(await page.evaluate(KEPT))
            seen.append(await evaluate(page, FRESH))
            seen.append(await evaluate(page, "(L, sel) => L.selector(document.querySelector(sel))", "#p"))
            await page.goto(base + "b.html")  # another document
            seen.append(await evaluate(page, FRESH))
            await page.reload()  # the same address, a new document without them
            seen.append(await evaluate(page, FRESH))
            await page.evaluate("() => delete window[Symbol.for('a11y.layout')]")
            seen.append(await evaluate(page, FRESH))
            return seen
        finally:
            await page.context.close()

    seen = browser_loop.call(go)
    assert seen[0] == "undefined" and seen[2] == "function"
    assert seen[1] == seen[3] == [1, "function"]
    assert seen[4] == "#p"
    assert seen[5:] == [[1, "function"]] * 3


def test_the_survey_leaves_the_helpers_for_the_checks_after_it(browser_loop, serve, tmp_path):
    from a11y.engines.checks import survey
    from tests.checks.support import check_by_id
    (tmp_path / "a.html").write_text(PAGE.replace("<p id='p'>", "<p id='p' style='letter-spacing: 1px !important'>"),
                                     encoding="utf-8")
    url = serve(tmp_path) + "a.html"

    async def go(browser):
        page = await open_page(browser, url)
        try:
            _, looks = await survey(page, [check_by_id("important-letter-spacing")])
            return looks, await page.evaluate(KEPT), await evaluate(page, FRESH)
        finally:
            await page.context.close()

    looks, kept, fresh = browser_loop.call(go)
    assert looks.get("important-letter-spacing"), looks  # the look that uses the helpers was answered
    assert kept == "function"
    assert fresh == [1, "function"]
