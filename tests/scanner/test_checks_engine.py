"""The checks engine: a check that crashes, hangs or leaves the viewport changed costs its own
result on that page, never the page or the next check (real Chromium, checks defined here)."""
import asyncio
import re
from pathlib import Path

from a11y.checks import all_checks
from a11y.checks._layout import viewport
from a11y.checks.base import PASSED, TAKES_FOCUS, Check, CheckContext, CheckOutcome, Look
from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine, survey
from tests.browser_loop import load_page, open_page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "checks"


class _Crashes(Check):
    id = "no-keyboard-trap"  # any real id: the metadata is only read for results

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        await ctx.page.set_viewport_size({"width": 320, "height": 200})
        raise RuntimeError("boom\nsecond line")


class _Hangs(Check):
    id = "reflow-320"
    time_limit = 2.0

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        await asyncio.sleep(3600)  # never answers: the engine's time limit must end it


class _SeesTheViewport(Check):
    id = "zoom-text-not-clipped"
    time_limit = 30.0  # runs after the two above (quick checks first)
    seen: list = []

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        self.seen.append(await ctx.page.evaluate("() => [innerWidth, innerHeight]"))
        return CheckOutcome(PASSED)


def test_a_crash_or_a_hang_costs_that_check_only_and_the_next_check_sees_the_page_as_loaded(browser_loop, serve,
                                                                                              tmp_path):
    (tmp_path / "p.html").write_text("<!doctype html><html lang='en'><title>p</title><h1>p</h1></html>")
    engine = ChecksEngine([_SeesTheViewport(), _Crashes(), _Hangs()])

    async def go(browser):
        page = await open_page(browser, serve(tmp_path) + "p.html")
        try:
            return await engine.run(PageTarget(page=page, timeout=60))
        finally:
            await page.context.close()

    found = browser_loop.call(go)
    review = {r.rule: r.nodes[0].summary for r in found.incomplete}
    assert review == {
        "no-keyboard-trap": "the check could not finish on this page: boom",
        "reflow-320": "the check did not finish within 2 s on this page",
    }
    assert found.passed == ["zoom-text-not-clipped"]
    assert found.violations == []
    assert _SeesTheViewport.seen == [[1280, 720]]  # the crashed check's 320 px viewport was undone


def test_prepare_loads_the_language_model_before_the_first_page():
    # In a fresh process (this one may have loaded the model already): not loaded at first,
    # loaded by the warm-up thread that prepare() starts, with no page opened.
    import subprocess
    import sys
    code = (
        "import asyncio\n"
        "from a11y.checks import _language\n"
        "from a11y.engines.checks import ChecksEngine, selected_checks\n"
        "engine = ChecksEngine([c for c in selected_checks('section508') if c.id == 'page-language-matches'])\n"
        "assert _language._identifier is None\n"
        "asyncio.run(engine.prepare(None))\n"
        "engine._warming.join()\n"
        "print(type(_language._identifier).__name__)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, "LanguageIdentifier"), done.stderr


async def passed_and_inapplicable(browser, check: Check, base: str, names: list[str]) -> dict:
    """For each page, the engine's (passed, inapplicable) with only `check`."""
    said = {}
    for name in names:
        page = await open_page(browser, base + name)
        try:
            results = await ChecksEngine([check]).run(PageTarget(page=page, timeout=60))
            said[name] = (results.passed, results.inapplicable)
        finally:
            await page.context.close()
    return said


def test_a_check_with_nothing_to_look_at_is_inapplicable_without_running(browser_loop, serve, tmp_path):
    # Check.present: the engine asks every frame once (shadow roots included) and skips a check
    # whose selector matches nothing; a frame's or a shadow root's element is enough to run it.
    ran: list[str] = []

    class _Counts(Check):
        id = "table-header-assigned"
        present = "table"

        async def run(self, ctx: CheckContext) -> CheckOutcome:
            ran.append(ctx.page.url)
            return CheckOutcome(PASSED)

    (tmp_path / "none.html").write_text("<!doctype html><title>t</title><p>No table here.</p>")
    (tmp_path / "framed.html").write_text('<!doctype html><title>t</title><iframe src="inner.html"></iframe>')
    (tmp_path / "inner.html").write_text("<!doctype html><title>i</title><table><tr><td>1</td></tr></table>")
    (tmp_path / "shadow.html").write_text(
        "<!doctype html><title>t</title><div id=h></div>"
        "<script>h.attachShadow({mode: 'open'}).innerHTML = '<table><tr><td>1</td></tr></table>'</script>")
    base = serve(tmp_path)

    said = browser_loop.call(lambda browser: passed_and_inapplicable(
        browser, _Counts(), base, ["none.html", "framed.html", "shadow.html"]))
    assert said == {"none.html": ([], ["table-header-assigned"]),
                    "framed.html": (["table-header-assigned"], []),
                    "shadow.html": (["table-header-assigned"], [])}
    assert ran == [base + "framed.html", base + "shadow.html"]


def test_the_keyboard_checks_run_wherever_something_could_take_focus(browser_loop, serve, tmp_path):
    # TAKES_FOCUS (a PresentWhen): skipping the keyboard checks is only safe if it errs towards
    # running them; a page with only text skips them, anything the Tab key might reach does not.
    ran: list[str] = []

    class _Counts(Check):
        id = "no-keyboard-trap"
        present = TAKES_FOCUS

        async def run(self, ctx: CheckContext) -> CheckOutcome:
            ran.append(ctx.page.url.rsplit("/", 1)[-1])
            return CheckOutcome(PASSED)

    pages = {
        "text.html": "<p>Only text, and a <span tabindex=-1>span scripts may focus</span>.</p>",
        "link.html": '<p>A <a href="x">link</a>.</p>',
        "scroller.html": '<div style="height:40px;overflow:auto"><p>1</p><p>2</p><p>3</p><p>4</p></div>',
        "editable.html": "<div contenteditable>Edit me</div>",
        "shadow.html": "<div id=h></div><script>h.attachShadow({mode: 'open'}).innerHTML = '<button>b</button>'</script>",
        "framed.html": '<iframe srcdoc="<p>text</p>"></iframe>',
    }
    for name, body in pages.items():
        (tmp_path / name).write_text(f"<!doctype html><title>t</title>{body}")
    base = serve(tmp_path)

    said = browser_loop.call(lambda browser: passed_and_inapplicable(browser, _Counts(), base, list(pages)))
    assert said["text.html"] == ([], ["no-keyboard-trap"])
    assert ran == [name for name in pages if name != "text.html"]


def test_a_check_stopped_inside_a_viewport_change_leaves_the_page_as_it_was(browser_loop, serve, tmp_path):
    # The engine's safety net, and the viewport change's own, put the viewport (and the screen
    # size that goes with it) back when a check's time limit stops it half-way.
    class _Hangs(Check):
        id = "reflow-320"

        async def run(self, ctx: CheckContext) -> CheckOutcome:
            async with viewport(ctx.page, 320, 256):
                await asyncio.Event().wait()  # until the time limit stops it
            return CheckOutcome(PASSED)

    (tmp_path / "page.html").write_text("<!doctype html><title>t</title><p>Text.</p>")
    base = serve(tmp_path)
    look = "() => [innerWidth, innerHeight, screen.width, screen.height]"

    async def stopped(browser):
        page = await open_page(browser, base + "page.html")
        try:
            before = await page.evaluate(look)
            outcome = await ChecksEngine.run_one(_Hangs(), PageTarget(page=page, timeout=60), 2)
            return before, outcome, await page.evaluate(look)
        finally:
            await page.context.close()

    before, outcome, after = browser_loop.call(stopped)
    assert (outcome.outcome, outcome.reason) == ("cantTell", "the check did not finish within 2 s on this page")
    assert after == before == [1280, 720, 1280, 720]


def test_without_remembering_across_pages_each_page_starts_with_an_empty_memo(browser_loop, serve, tmp_path):
    # --cache turns this off (scan.py): a check that remembered a page it compared with would
    # not load it again for the next page, and the cache would not see that dependency.
    seen: list[list] = []

    class _Remembers(Check):
        id = "bypass-repeated-blocks"

        async def run(self, ctx: CheckContext) -> CheckOutcome:
            seen.append(sorted(ctx.memo.get("pages", [])))
            ctx.memo.setdefault("pages", []).append(ctx.page.url.rsplit("/", 1)[-1])
            return CheckOutcome(PASSED)

    for name in ("one.html", "two.html"):
        (tmp_path / name).write_text("<!doctype html><title>t</title><p>Text.</p>")
    base = serve(tmp_path)

    async def two_pages(browser, remember: bool):
        engine = ChecksEngine([_Remembers()])
        engine.remember_across_pages = remember
        for name in ("one.html", "two.html"):
            page = await open_page(browser, base + name)
            try:
                await engine.run(PageTarget(page=page, timeout=60))
            finally:
                await page.context.close()

    browser_loop.call(lambda b: two_pages(b, True))
    browser_loop.call(lambda b: two_pages(b, False))
    assert seen == [[], ["one.html"], [], []]


def test_looks_are_answered_in_the_survey_call_and_each_answer_is_used_once(browser_loop, serve, tmp_path):
    # Check.looks: the engine asks them in its survey call (one call for every check), before the
    # checks run; ctx.first_look hands each answer out once, then asks the page itself. A look
    # that throws, or whose check's `present` holds only in another frame, is left to the check.
    seen: dict = {}

    class _Looks(Check):
        id = "table-header-assigned"

        def looks(self):
            return [Look("() => document.title"), Look("(a) => a.x * 2", {"x": 21}),
                    Look("() => { throw new Error('no luck'); }")]

        async def run(self, ctx: CheckContext) -> CheckOutcome:
            seen["asked"] = len(ctx.looks)
            await ctx.page.evaluate("() => { document.title = 'changed'; }")
            seen["title"] = await ctx.first_look("() => document.title")  # the survey's answer
            seen["again"] = await ctx.first_look("() => document.title")  # asked now
            seen["double"] = await ctx.first_look("(a) => a.x * 2", {"x": 21})
            await ctx.first_look("() => { throw new Error('no luck'); }")
            return CheckOutcome(PASSED)

    class _FramedOnly(Check):
        id = "iframe-same-name-equivalent"
        present = "table"

        def looks(self):
            return [Look("() => location.pathname")]

        async def run(self, ctx: CheckContext) -> CheckOutcome:
            seen["framed asked"] = len(ctx.looks)
            seen["framed"] = await ctx.first_look("() => location.pathname")
            return CheckOutcome(PASSED)

    (tmp_path / "page.html").write_text('<!doctype html><title>first</title><iframe src="inner.html"></iframe>')
    (tmp_path / "inner.html").write_text("<!doctype html><title>i</title><table><tr><td>1</td></tr></table>")
    base = serve(tmp_path)

    async def go(browser):
        page = await open_page(browser, base + "page.html")
        try:
            return await ChecksEngine([_Looks(), _FramedOnly()]).run(PageTarget(page=page, timeout=60))
        finally:
            await page.context.close()

    found = browser_loop.call(go)
    assert seen == {"asked": 2, "title": "first", "again": "changed", "double": 42,
                    "framed asked": 0, "framed": "/page.html"}
    assert [(r.rule, r.nodes[0].summary) for r in found.incomplete] == [
        ("table-header-assigned", "the check could not finish on this page: Frame.evaluate: Error: no luck")]


def _fixture_pages(check_id: str) -> list[Path]:
    """A failed, a passed and one other fixture page of the check (tests/fixtures/checks)."""
    root = FIXTURES / ("important-spacing" if check_id.startswith("important-") else check_id)
    pages = sorted(root.glob("*.html"))
    picked = []
    for prefix in ("fail-", "pass-", ("inapplicable-", "review-")):
        picked += [p for p in pages if p.name.startswith(prefix)][:1]
    return picked


def test_a_check_reaches_the_same_outcome_with_the_survey_s_looks_as_without(browser_loop, serve):
    # The check tests (tests/checks/support.py) run each check with its looks answered by the
    # survey, as a scan does; this holds the other path (the check asking the page itself, as
    # when a frame could not be surveyed) to the same outcomes.
    checks = [c for c in all_checks() if c.looks()]
    assert len(checks) >= 8
    base = serve(FIXTURES)

    async def outcomes(browser, check, url: str):
        said = []
        for with_looks in (True, False):
            page, response = await load_page(browser, url, None, ChecksEngine([check]).init_scripts())
            try:
                looks = (await survey(page, [check]))[1].get(check.id) if with_looks else None
                o = await ChecksEngine.run_one(check, PageTarget(page=page, timeout=60, response=response),
                                               check.time_limit, looks=looks)
                # Counts and times in a reason vary from run to run (text watched changing).
                said.append((o.outcome, [n.target for n in o.nodes], re.sub(r"\d+(\.\d+)?", "N", o.reason)))
            finally:
                await page.context.close()
        return said

    for check in checks:
        for path in _fixture_pages(check.id):
            url = base + path.relative_to(FIXTURES).as_posix()
            with_looks, without = browser_loop.call(lambda browser, c=check, u=url: outcomes(browser, c, u))
            assert with_looks == without, (check.id, path.name)


def test_checks_that_may_leave_the_page_changed_run_after_those_that_judge_it_as_loaded():
    """The keyboard-trap check's Escape can close a dialog the page opened at load: focus-visible
    after it judged the page without its dialog (ACT a1b64e's focus sentinels failed). Key presses
    come after every check that only looks, and clicks, typing and hovering after those."""
    order = [c.id for c in ChecksEngine(list(all_checks())).checks]
    trap = order.index("no-keyboard-trap")
    assert order.index("focus-visible-indicator") < trap
    assert {c.id for c in all_checks() if not c.disturbs} <= set(order[:trap])
    assert {"custom-control-keyboard", "disclosure-state", "hover-content-dismissible",
            "on-input-no-context-change"} <= set(order[trap + 1:])
