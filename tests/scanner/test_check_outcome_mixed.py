"""A check that fails some elements of a page and cannot decide on others says both: its failure
carries the others beside it (CheckOutcome.review), and the engine reports the rule under the
page's violations and its needs-review items alike, as axe does when a rule fails some elements
and leaves others for review (tests/reporters/test_one_outcome_per_rule.py). Every format then
treats the rule as it treats axe's: failed where one outcome per page and rule is asked for (EARL),
the review items listed as such, counted apart, not gating the build nor the baseline."""
from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date

import pytest
import yaml

from a11y.checks.base import CANT_TELL, FAILED, PASSED, Check, CheckContext, CheckOutcome, node
from a11y.engines.base import PageTarget
from a11y.engines.checks import UNDECIDED, ChecksEngine
from a11y.models import finalise, results_from_dict
from a11y.suppressions import Suppression, apply
from a11y.verdict import verdict
from tests.support import run_a11y, scan

RULE = "changing-text-pausable"


class _FailsOneAndDoubtsTwo(Check):
    id = "no-keyboard-trap"  # any real id: the metadata is only read for results

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        return CheckOutcome(FAILED, [node("#trap", "<div id=trap></div>", "focus cannot leave it")], "focus is trapped",
                            review=[node("#widget", "<div id=widget></div>", "a script may release focus: check"),
                                    node("#other", "<div id=other></div>"),
                                    node("html", summary="the page has more than 50 elements in the tab order")])


def test_the_engine_reports_a_failure_and_the_review_items_beside_it_for_the_same_rule(browser_loop):
    async def go(browser):
        context = await browser.new_context()
        try:
            tab = await context.new_page()
            await tab.set_content("<!doctype html><html lang='en'><title>p</title><h1>p</h1></html>")
            return await ChecksEngine([_FailsOneAndDoubtsTwo()]).run(PageTarget(page=tab, timeout=60))
        finally:
            await context.close()

    found = browser_loop.call(go)
    [failed] = found.violations
    assert (failed.rule, [(n.target, n.summary) for n in failed.nodes]) == (
        "no-keyboard-trap", [(["#trap"], "focus cannot leave it")])
    [review] = found.incomplete
    # Each item keeps its own reason; one without gets a reason of review, not the failure's.
    assert (review.rule, review.engine, [(n.target, n.summary) for n in review.nodes]) == (
        "no-keyboard-trap", "a11y-checks", [(["#widget"], "a script may release focus: check"),
                                            (["#other"], UNDECIDED),
                                            (["html"], "the page has more than 50 elements in the tab order")])
    assert (review.impact, review.wcag, review.help) == (failed.impact, failed.wcag, failed.help)
    assert found.passed == found.inapplicable == []


@pytest.mark.parametrize("outcome", [CANT_TELL, PASSED])
def test_review_items_go_only_beside_a_failure(outcome):
    # A cantTell's nodes are its review items; a pass with items to review would be no pass.
    with pytest.raises(ValueError, match="beside a failure"):
        CheckOutcome(outcome, review=[node("#x", summary="check")])


# Two texts that change by themselves every 0.7 s, for ever (WCAG 2.2.2). The quotes have no control
# at all that could pause them: a failure. The headlines have a control beside them that only makes
# them turn faster: tried, it does not stop them, and it may set how often they change, so they need
# review. (The reviewer's page: a snackbar failed while a carousel left for review was lost.)
TWO_CAROUSELS = """<!DOCTYPE html>
<html lang="en">
<head><title>Two carousels</title></head>
<body><main>
<h1>News and quotes</h1>
<section>
  <h2>Quotes</h2>
  <p>What our readers say: <span id="quote">The library is wonderful.</span></p>
</section>
<section>
  <h2>Headlines</h2>
  <p>Today: <span id="news">Story one: the library opens late on Fridays.</span></p>
  <button type="button" id="faster">Faster</button>
</section>
<script>
  const quotes = ["The library is wonderful.", "Great staff.", "I come every week.", "Lovely reading room."];
  const stories = ["Story one: the library opens late on Fridays.", "Story two: new parking rules from May.",
                   "Story three: the pool reopens next week."];
  let q = 0, s = 0;
  setInterval(() => { document.getElementById("quote").textContent = quotes[++q % quotes.length]; }, 700);
  const turn = () => { document.getElementById("news").textContent = stories[++s % stories.length]; };
  let timer = setInterval(turn, 700);
  document.getElementById("faster").addEventListener("click", () => { clearInterval(timer); timer = setInterval(turn, 300); });
</script>
</main></body>
</html>
"""


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """The out folder of a real `a11y scan` of the page, in every format."""
    root = tmp_path_factory.mktemp("mixed")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text(TWO_CAROUSELS, encoding="utf-8")
    out = root / "out"
    scan(root / "site" / "index.html", "--rules", RULE, "--timeout", "120", "--format",
         "json,junit,sarif,earl,html,md,csv", "--out", out, "-q", cwd=root, expect=1)
    return out


def _page(out) -> dict:
    [page] = json.loads((out / "results.json").read_text(encoding="utf-8"))["pages"]
    return page


def test_results_json_holds_the_failure_and_the_review_item_of_the_rule(scanned):
    page = _page(scanned)
    [failed] = page["violations"]
    [review] = page["incomplete"]
    assert (failed["rule"], [n["target"] for n in failed["nodes"]]) == (RULE, [["#quote"]])
    assert "none of the page's 1 visible, named control(s) could pause, stop or hide it" in failed["nodes"][0]["summary"]
    assert (review["rule"], [n["target"] for n in review["nodes"]]) == (RULE, [["#news"]])
    summary = review["nodes"][0]["summary"]
    assert summary.startswith("this text kept changing by itself for more than 5 s") and "check by hand" in summary
    assert RULE not in page["passed"] + page["inapplicable"]
    counts = json.loads((scanned / "results.json").read_text(encoding="utf-8"))["summary"]
    assert (counts["failing_elements"], counts["failing_page_rule_pairs"], counts["distinct_findings"],
            counts["review_elements"], counts["review_page_rule_pairs"], counts["review_distinct_findings"]) == (
        1, 1, 1, 1, 1, 1)


def test_junit_fails_the_rule_and_skips_its_review_item_as_for_axe(scanned):
    suite = ET.parse(scanned / "junit.xml").getroot().find("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert Counter(c.get("name") for c in suite.findall("testcase")) == Counter([RULE, f"{RULE} (needs review)"])
    failure, skipped = cases[RULE].find("failure"), cases[f"{RULE} (needs review)"].find("skipped")
    assert "#quote" in failure.text and "#news" not in failure.text
    assert "#news" in skipped.text and "#quote" not in skipped.text
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("2", "1", "1")


def test_earl_asserts_the_rule_once_on_the_page_as_failed(scanned):
    graph = json.loads((scanned / "results.earl.json").read_text(encoding="utf-8"))["@graph"]
    assert [(a["test"]["title"], a["result"]["outcome"]) for a in graph] == [(RULE, "earl:failed")]


def test_sarif_has_a_failing_result_and_a_review_result(scanned):
    [run] = json.loads((scanned / "results.sarif").read_text(encoding="utf-8"))["runs"]
    found = sorted((r["ruleId"], r["properties"]["selector"], r["kind"], r["level"], r["properties"]["needsReview"])
                   for r in run["results"])
    assert found == [(RULE, "#news", "review", "none", True), (RULE, "#quote", "fail", "error", False)]


def test_html_and_markdown_list_the_rule_among_violations_and_among_items_to_review(scanned):
    html = (scanned / "report.html").read_text(encoding="utf-8")
    rules = html[html.index('<section id="rules">'):html.index('<section id="pages">')]
    review = html[html.index('<section id="review">'):]
    assert RULE in rules and "<code>#quote</code>" in rules and "#news" not in rules
    assert RULE in review and "<code>#news</code>" in review and "#quote" not in review
    md = (scanned / "summary.md").read_text(encoding="utf-8")
    violated = md[md.index("### Top rules violated"):md.index("### Needs review")]
    to_review = md[md.index("### Needs review"):]
    assert f"| {RULE} | serious | 2.2.2 | 1 | 1 |" in violated
    assert f"| {RULE} | serious | 2.2.2 | 1 | 1 |" in to_review
    with open(scanned / "findings.csv", encoding="utf-8-sig", newline="") as f:
        rows = [(r["result"], r["rule"], r["selector"]) for r in csv.DictReader(f)]
    assert sorted(rows) == [("needs review", RULE, "#news"), ("violation", RULE, "#quote")]


def test_the_baseline_knows_the_failure_only_and_the_review_item_stays(scanned, tmp_path):
    known = tmp_path / "baseline.json"
    assert run_a11y("baseline", scanned / "results.json", "-o", known).returncode == 0
    findings = json.loads(known.read_text(encoding="utf-8"))["findings"]
    assert [(f["rule"], f["target"]) for f in findings] == [(RULE, ["#quote"])]
    again = tmp_path / "again"
    proc = run_a11y("report", scanned / "results.json", "--baseline", known, "--out", again, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    results = json.loads((again / "results.json").read_text(encoding="utf-8"))
    assert [f["baseline"] for f in results["findings"]] == ["unchanged"]
    assert results["summary"]["new_findings"] == 0 and results["summary"]["review_elements"] == 1


def test_an_ignore_entry_for_the_failing_element_leaves_the_review_item(scanned):
    results = results_from_dict(json.loads((scanned / "results.json").read_text(encoding="utf-8")))
    entry = Suppression(1, RULE, "*", "Quotes reviewed", selector="#quote", where="a11y.toml line 1")
    results = finalise(apply(results, [entry], today=date(2026, 12, 1)))
    [page] = results.pages
    assert page.violations == []
    assert [(r.rule, [n.target for n in r.nodes]) for r in page.suppressed] == [(RULE, [["#quote"]])]
    assert [(r.rule, [n.target for n in r.nodes]) for r in page.incomplete] == [(RULE, [["#news"]])]
    assert verdict(results, "minor", False).exit_code == 0
    assert verdict(results, "minor", True).exit_code == 1  # --fail-on-review: the item left is still there


def test_the_acr_says_the_criterion_is_not_supported_and_names_the_review(scanned, tmp_path):
    proc = run_a11y("acr", scanned / "results.json", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    acr = yaml.safe_load((tmp_path / "acr.yaml").read_text(encoding="utf-8"))
    [adherence] = [c["components"][0]["adherence"] for ch in acr["chapters"].values()
                   for c in ch.get("criteria") or [] if c["num"] == "2.2.2"]
    assert adherence["level"] == "does-not-support"
    assert f"{RULE} (1 element)" in adherence["notes"]
    assert f"Needs review ({RULE}) on 1 page(s)" in adherence["notes"]
