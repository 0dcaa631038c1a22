"""A rule reported on a page is one JUnit testcase and one EARL assertion there, with the worst
outcome it came to: axe lists a rule under passes as well as violations (or incomplete) when
some of the page's elements pass it and others do not, and neither format may then say the rule
both failed and passed on the page."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date

from a11y import reporters
from a11y.models import Node, Page, Results, RuleResult, finalise
from a11y.suppressions import Suppression, apply
from tests.support import scan

HOME = "http://127.0.0.1:8000/"


def _rule(rule: str, *selectors: str, impact: str = "serious") -> RuleResult:
    return RuleResult(rule=rule, impact=impact, wcag=["4.1.2"], help=f"{rule} help",
                      help_url=f"https://dequeuniversity.com/rules/axe/4.12/{rule}",
                      nodes=[Node(target=[s], html=f'<i class="{s[1:]}"></i>', summary="Fix it") for s in selectors])


def mixed_results() -> Results:
    """One page where axe passed every rule it also failed, left for review or that [[ignore]]
    entries accepted: label fails on one element and needs review on another; color-contrast
    only needs review; two entries accept one link-name element each."""
    page = Page(url=HOME, final_url=HOME, status="scanned", http_status=200, title="Home",
                violations=[_rule("label", ".name", impact="critical"), _rule("link-name", ".a", ".b")],
                incomplete=[_rule("label", ".hidden"), _rule("color-contrast", ".photo")],
                passed=["label", "color-contrast", "link-name", "document-title"], inapplicable=["video-caption"])
    results = finalise(Results(standard="section508", started="2026-11-29T10:00:00Z",
                               finished="2026-11-29T10:00:01Z", complete=True, pages=[page]))
    entries = [Suppression(1, "link-name", "*", "Icon A, reviewed", selector=".a", where="a11y.toml line 1"),
               Suppression(2, "link-name", "*", "Icon B, reviewed", selector=".b", where="a11y.toml line 5")]
    return finalise(apply(results, entries, today=date(2026, 11, 29)))


def junit_cases(path) -> dict[str, ET.Element]:
    """{page's suite name: [its testcases]}."""
    root = ET.parse(path).getroot()
    return {s.get("name"): s.findall("testcase") for s in root.findall("testsuite")}


def earl_outcomes(path) -> Counter:
    graph = json.loads(path.read_text(encoding="utf-8"))["@graph"]
    return Counter((a["subject"]["source"], a["test"]["title"], a["result"]["outcome"]) for a in graph)


def test_junit_gives_a_failed_or_reviewed_rule_no_passing_testcase(tmp_path):
    [path] = reporters.get("junit").render(mixed_results(), tmp_path)
    cases = junit_cases(path)[HOME]
    names = Counter(c.get("name") for c in cases)
    assert names == Counter(["label", "label (needs review)", "color-contrast (needs review)",
                             "link-name (suppressed)", "document-title"])
    by_name = {c.get("name"): c for c in cases}
    assert by_name["label"].find("failure") is not None
    assert by_name["color-contrast (needs review)"].find("skipped") is not None
    assert len(by_name["document-title"]) == 0  # passed: nothing under it
    # Both entries that accepted link-name's elements are named in its one testcase.
    skipped = by_name["link-name (suppressed)"].find("skipped")
    assert skipped.get("message") == ("not failing the build: suppressed by [[ignore]] entry 1: Icon A, reviewed; "
                                      "suppressed by [[ignore]] entry 2: Icon B, reviewed")
    assert ".a" in skipped.text and ".b" in skipped.text
    suite = ET.parse(path).getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("5", "1", "3")


def test_earl_asserts_each_page_and_rule_once_with_its_worst_outcome(tmp_path):
    [path] = reporters.get("earl").render(mixed_results(), tmp_path)
    outcomes = earl_outcomes(path)
    assert outcomes == Counter({(HOME, "label", "earl:failed"): 1, (HOME, "color-contrast", "earl:cantTell"): 1,
                                (HOME, "link-name", "earl:failed"): 1, (HOME, "document-title", "earl:passed"): 1,
                                (HOME, "video-caption", "earl:inapplicable"): 1})
    link = next(a for a in json.loads(path.read_text())["@graph"] if a["test"]["title"] == "link-name")
    assert link["result"]["description"] == ("1 element(s) suppressed by [[ignore]] entry 1: Icon A, reviewed; "
                                             "1 element(s) suppressed by [[ignore]] entry 2: Icon B, reviewed")
    assert link["test"]["@id"] == "https://dequeuniversity.com/rules/axe/4.12/link-name"


FORM = """<!doctype html><html lang="en"><head><title>Form</title></head><body><main><h1>Form</h1>
<label for="name">Name</label> <input id="name" type="text">
<input id="phone" type="text">
<p><a href="#top">Top</a> <a href="#top"><svg width="8" height="8"></svg></a></p>
</main></body></html>"""


def test_a_real_scan_reports_a_partly_passing_rule_once(tmp_path):
    """axe lists label and link-name under passes and violations on this page (one labelled
    input and one not, one named link and one not)."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "form.html").write_text(FORM, encoding="utf-8")
    out = tmp_path / "out"
    scan(tmp_path / "site" / "form.html", "--checks", "none", "--format", "json,junit,earl", "--out", out, "-q",
         expect=1)
    axe = json.loads((out / "results.json").read_text())["pages"][0]
    assert {"label", "link-name"} <= set(axe["passed"]) & {v["rule"] for v in axe["violations"]}
    [cases] = junit_cases(out / "junit.xml").values()
    names = Counter(c.get("name") for c in cases)
    assert names["label"] == names["link-name"] == 1 and max(names.values()) == 1
    assert all(c.find("failure") is not None for c in cases if c.get("name") in ("label", "link-name"))
    outcomes = earl_outcomes(out / "results.earl.json")
    per_rule = Counter((source, rule) for source, rule, _ in outcomes.elements())
    assert max(per_rule.values()) == 1
    assert {("/form.html", "label", "earl:failed"), ("/form.html", "link-name", "earl:failed")} <= set(outcomes)
