"""text-contrast-enhanced (WCAG 1.4.6, AAA, a best practice here; ACT 09o5cg) in a real Chromium:
text-contrast-rendered's measurement against 7:1, or 4.5:1 for large-scale text."""
from tests.checks.support import CHECK_FIXTURES, run_check, served

CHECK = "text-contrast-enhanced"
base = served()


def test_text_below_the_enhanced_thresholds_fails_where_1_4_3_passes(browser_loop, base):
    enhanced = run_check(browser_loop, CHECK, base + "text-contrast-enhanced/mixed.html")
    assert enhanced.outcome == "failed", enhanced.reason
    found = {n.target[0]: n.summary for n in enhanced.nodes}
    # Computed from styles (plain white) and from pixels (a gradient behind the text).
    assert set(found) == {"#middling", "#big-weak", "#graded"}, found
    assert "7:1 is needed for normal text" in found["#middling"]
    assert "4.5:1 is needed for large-scale text" in found["#big-weak"]
    minimum = run_check(browser_loop, "text-contrast-rendered", base + "text-contrast-enhanced/mixed.html")
    # 1.4.3 fails none of it (thin glyphs on the gradient leave its pixels for review there).
    assert minimum.outcome != "failed", [n.summary for n in minimum.nodes]
    assert not {"#middling", "#big-weak"} & {n.target[0] for n in minimum.nodes}


def test_it_decides_none_of_axe_s_review_items(tmp_path):
    # axe's color-contrast items are 1.4.3's: a verdict against 1.4.6's thresholds is no answer to them.
    from tests.support import read_results, scan

    scan(CHECK_FIXTURES / "text-contrast-rendered" / "settle-review.html", "--out", tmp_path, "--quiet",
         "--fail-on", "none", "--rules", f"color-contrast,{CHECK}", expect=0)
    page = read_results(tmp_path)["pages"][0]
    assert page["settled"] == []
    review = {r["rule"]: [n["target"] for n in r["nodes"]] for r in page["incomplete"]}
    assert len(review["color-contrast"]) == 3


def test_with_both_checks_the_text_is_measured_once_and_judged_twice(browser_loop, base, monkeypatch):
    # The engine runs whichever of the two comes first; its run answers for the other too
    # (CheckOutcome.also), which is then not run.
    from a11y.checks.text_contrast import TextContrastRendered
    from a11y.engines.base import PageTarget
    from a11y.engines.checks import ChecksEngine
    from tests.browser_loop import load_page
    from tests.checks.support import PAGE_TIMEOUT, check_by_id

    runs = []
    measure = TextContrastRendered.run

    async def counted(self, ctx):
        runs.append(self.id)
        return await measure(self, ctx)
    monkeypatch.setattr(TextContrastRendered, "run", counted)
    engine = ChecksEngine([check_by_id("text-contrast-rendered"), check_by_id(CHECK)])

    async def go(browser):
        page, response = await load_page(browser, base + "text-contrast-enhanced/mixed.html", None,
                                         engine.init_scripts())
        try:
            return await engine.run(PageTarget(page=page, timeout=PAGE_TIMEOUT, response=response))
        finally:
            await page.context.close()

    found = browser_loop.call(go)
    assert len(runs) == 1, runs
    failed = {r.rule: sorted(n.target[0] for n in r.nodes) for r in found.violations}
    assert failed == {CHECK: ["#big-weak", "#graded", "#middling"]}, failed
    # 1.4.3's verdict from the same run: nothing fails; thin glyphs on the gradient need review.
    assert [r.rule for r in found.incomplete] == ["text-contrast-rendered"]


def test_with_both_checks_axe_s_items_are_still_decided_by_1_4_3_s_verdicts(tmp_path):
    # Whichever check measures, the settlements are text-contrast-rendered's (as in test_text_contrast).
    from tests.support import read_results, scan

    scan(CHECK_FIXTURES / "text-contrast-rendered" / "settle-review.html", "--out", tmp_path, "--quiet",
         "--fail-on", "none", "--rules", f"color-contrast,text-contrast-rendered,{CHECK}", expect=0)
    page = read_results(tmp_path)["pages"][0]
    settled = {n["target"][0]: n["summary"] for r in page["settled"] for n in r["nodes"]}
    assert [r["settled_by"] for r in page["settled"]] == ["text-contrast-rendered"]
    assert settled["#fine"].startswith("decided by text-contrast-rendered: passes")
    assert settled["#pale"].startswith("decided by text-contrast-rendered: fails")
    failed = {r["rule"]: [n["target"] for n in r["nodes"]] for r in page["violations"]}
    assert failed["text-contrast-rendered"] == [["#pale"]]
    assert ["#pale"] in failed[CHECK]
