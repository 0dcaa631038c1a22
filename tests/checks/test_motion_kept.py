"""_motion.evaluate and evaluate_json: the motion helpers (window.__a11yMotion) are sent with the
first call in a document and kept there; later calls send only their function and use the same
helpers. A document that lost them (another page, a reload at the same address, a page script that
deleted them) is sent them again. compact() leaves alone a script whose lines could be inside a
string."""
from a11y.checks._motion import compact, evaluate, evaluate_json
from tests.browser_loop import open_page

PAGE = ("<!doctype html><html lang='en'><title>Kept</title><body><p>one</p><p id='two'>two</p>"
        "<iframe srcdoc='<p>in a frame</p><p>again</p>'></iframe></body></html>")
KEPT = "() => typeof window[Symbol.for('a11y.motion')]"
SELECTOR = "(sel) => window.__a11yMotion.selector(document.querySelectorAll(sel)[1])"


def test_motion_helpers_are_kept_in_each_document(browser_loop, serve, tmp_path):
    for name, html in {"a.html": PAGE, "b.html": PAGE.replace("id='two'", "")}.items():
        (tmp_path / name).write_text(html, encoding="utf-8")
    base = serve(tmp_path)

    async def go(browser):
        page = await open_page(browser, base + "a.html")
        top, seen = page.main_frame, {}
        try:
            seen["none yet"] = await top.evaluate(KEPT)
            seen["first"] = await evaluate(page, SELECTOR, "p")
            seen["left"] = await top.evaluate(KEPT)
            seen["json, kept"] = await evaluate_json(top, SELECTOR, "p")  # its function only
            seen["frame"] = await evaluate(page.frames[1], SELECTOR, "p")  # a document of its own
            seen["arg"] = await evaluate(page, "(o) => [o.a, typeof window.__a11yMotion.watchText]", {"a": 1})
            await top.evaluate("() => delete window.__a11yMotion")  # the factory builds them again
            seen["deleted"] = await evaluate(top, SELECTOR, "p")
            await page.goto(base + "b.html")  # another document
            seen["other page"] = await evaluate(page, SELECTOR, "p")
            await page.reload()  # the same address, a new document without them
            seen["reloaded"] = await evaluate_json(top, SELECTOR, "p")
        finally:
            await page.context.close()
        return seen

    assert browser_loop.call(go) == {
        "none yet": "undefined", "first": "#two", "left": "function", "json, kept": "#two",
        "frame": "body > p:nth-of-type(2)", "arg": [1, "function"], "deleted": "#two",
        "other page": "body > p:nth-of-type(2)", "reloaded": "body > p:nth-of-type(2)"}


def test_compact_drops_comments_and_indentation_but_not_from_strings_over_lines():
    script = "(x) => {\n  // a comment\n\n  const s = 'a // not one';\n  return s;\n}"
    assert compact(script) == "(x) => {\nconst s = 'a // not one';\nreturn s;\n}"
    template = "() => `one\n  // two\n`"
    assert compact(template) == template
    continued = "() => 'one \\\n  two'"
    assert compact(continued) == continued
