"""JUnit and SARIF fail exactly what the build fails on (verdict.py, the exit code's verdict):
--fail-on, the baseline, --fail-on-review and suppressions, read from the results' options as
`a11y report` reads them. What is reported and does not fail the build stays visible, saying why."""
from __future__ import annotations

import itertools
import json
import xml.etree.ElementTree as ET

import pytest
from jsonschema import Draft4Validator

from a11y import reporters
from a11y.models import Page, finalise
from a11y.verdict import verdict

from .sample import sample_results, suppressed_results
from .test_sarif import SCHEMA_FILE

CONTRAST = "Elements must meet minimum color contrast ratio thresholds"


def complete(results):
    """The sample without its error page: a run that decides pass or fail (not exit 3)."""
    results.pages = [p for p in results.pages if p.status != "error"]
    return finalise(results)


def without_baseline(results):
    results.baseline_file, results.fixed = None, []
    for f in results.findings:
        f.baseline = "new"
    return results


def with_settings(results, fail_on="minor", fail_on_review=False):
    results.options.update(fail_on=fail_on, fail_on_review=fail_on_review)
    return results


def junit(results, tmp_path) -> ET.Element:
    [path] = reporters.get("junit").render(results, tmp_path)
    return ET.parse(path).getroot()


def sarif(results, tmp_path) -> dict:
    [path] = reporters.get("sarif").render(results, tmp_path)
    return json.loads(path.read_text(encoding="utf-8"))


def case(root, page, name) -> ET.Element:
    return root.find(f"testsuite[@name='{page}']/testcase[@name='{name}']")


@pytest.fixture(scope="module")
def validator():
    return Draft4Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


SETTINGS = list(itertools.product(("critical", "serious", "moderate", "minor", "none"), (False, True),
                                  ("baseline", "no baseline", "suppressions")))


@pytest.mark.parametrize("fail_on,fail_on_review,marks", SETTINGS)
def test_junit_and_sarif_fail_exactly_what_the_exit_code_counts(tmp_path, validator, fail_on, fail_on_review, marks):
    results = complete(suppressed_results() if marks == "suppressions" else sample_results())
    if marks != "baseline":
        without_baseline(results)
    with_settings(results, fail_on, fail_on_review)
    v = verdict(results)
    assert v.status in ("passed", "failed")
    expected_cases = ({(o.url, f.rule) for f in v.gating_findings for o in f.occurrences}
                      | {(url, f"{r.rule} (needs review)") for url, r in v.gating_review})
    root = junit(results, tmp_path)
    failing_cases = {(c.get("classname"), c.get("name")) for c in root.iter("testcase") if c.find("failure") is not None}
    assert failing_cases == expected_cases
    assert (int(root.get("failures")) > 0) == (v.exit_code == 1)
    log = sarif(results, tmp_path)
    assert not list(validator.iter_errors(log))
    errors = [r for r in log["runs"][0]["results"] if r["level"] == "error"]
    assert len(errors) == (sum(len(f.occurrences) for f in v.gating_findings)
                           + sum(len(r.nodes) for _, r in v.gating_review))
    assert all("notFailingBecause" in r["properties"] for r in log["runs"][0]["results"] if r["level"] != "error")
    assert log["runs"][0]["properties"]["exitCode"] == v.exit_code


def test_below_fail_on_is_skipped_with_the_reason(tmp_path):
    root = junit(with_settings(complete(without_baseline(sample_results())), "critical"), tmp_path)
    contrast = case(root, "http://127.0.0.1:8000/", "color-contrast")
    assert contrast.find("failure") is None
    assert contrast.find("skipped").get("message") == (
        f"not failing the build (impact serious, below fail-on critical): {CONTRAST} (1 element(s), impact serious)")
    assert case(root, "http://127.0.0.1:8000/", "image-alt").find("failure") is not None


def test_a_known_finding_is_skipped_as_in_the_baseline(tmp_path):
    root = junit(complete(sample_results()), tmp_path)  # region is marked unchanged
    region = case(root, "http://127.0.0.1:8000/about.html", "region")
    assert region.find("failure") is None
    assert region.find("skipped").get("message").startswith(
        "not failing the build (known from the baseline a11y-baseline.json): ")


def test_a_rule_with_new_and_known_elements_fails_and_marks_the_known_one(tmp_path):
    results = complete(without_baseline(sample_results()))
    logo = next(f for f in results.findings if f.rule == "image-alt" and "logo" in f.html)
    logo.baseline, results.baseline_file = "unchanged", "known.json"
    root = junit(results, tmp_path)
    failure = case(root, "http://127.0.0.1:8000/", "image-alt").find("failure")
    assert failure.get("message") == ("Images must have alternative text (1 element(s) failing the build, impact "
                                      "critical; 1 more not failing it (known from the baseline known.json))")
    assert "header > img.logo\n" in failure.text and "not failing the build: known from the baseline" in failure.text
    # On the about page the logo is the only element: nothing there fails.
    assert case(root, "http://127.0.0.1:8000/about.html", "image-alt").find("failure") is None


def test_fail_on_review_makes_review_items_failures(tmp_path):
    results = with_settings(complete(without_baseline(sample_results())), "minor", True)
    root = junit(results, tmp_path)
    failure = case(root, "http://127.0.0.1:8000/", "color-contrast (needs review)").find("failure")
    assert failure.get("type") == "needs-review"
    assert failure.get("message") == f"needs review (failing the build: --fail-on-review): {CONTRAST}"
    # SARIF: a failure (kind fail, level error), still marked as needing review; the same
    # occurrence fingerprint as without the flag, so a dashboard keeps tracking it.
    with_flag = next(r for r in sarif(results, tmp_path)["runs"][0]["results"] if r["properties"]["needsReview"])
    assert (with_flag["kind"], with_flag["level"]) == ("fail", "error")
    without = next(r for r in sarif(with_settings(results, "minor", False), tmp_path)["runs"][0]["results"]
                   if r["properties"]["needsReview"])
    assert (without["kind"], without["level"]) == ("review", "none")
    assert with_flag["partialFingerprints"] == without["partialFingerprints"]


def test_sarif_levels_follow_the_verdict_and_baseline_state(tmp_path):
    results = with_settings(complete(sample_results()), "critical")
    run = sarif(results, tmp_path)["runs"][0]
    by_rule = {}
    for r in run["results"]:
        by_rule.setdefault(r["ruleId"], set()).add((r["kind"], r["level"], r.get("baselineState")))
    assert by_rule == {
        "image-alt": {("fail", "error", "new")},
        "color-contrast": {("fail", "warning", "new"), ("review", "none", None)},
        "link-name": {("fail", "warning", "new")},
        "region": {("fail", "warning", "unchanged")},
    }
    region = next(r for r in run["results"] if r["ruleId"] == "region")
    assert region["properties"]["notFailingBecause"] == "impact moderate, below fail-on critical"
    assert run["properties"]["baseline"]["file"] == "a11y-baseline.json"
    assert [f["rule"] for f in run["properties"]["baseline"]["fixed"]] == ["label"]


def test_suppressed_elements_never_fail(tmp_path):
    results = complete(suppressed_results())
    root = junit(results, tmp_path)
    skipped = case(root, "http://127.0.0.1:8000/about.html", "image-alt (suppressed)").find("skipped")
    assert skipped.get("message").startswith("not failing the build: suppressed by [[ignore]] entry 1: ")
    accepted = next(r for r in sarif(results, tmp_path)["runs"][0]["results"] if "suppressions" in r)
    assert accepted["level"] == "warning"
    assert accepted["properties"]["notFailingBecause"] == "suppressed by [[ignore]] entry 1"


def _seed_404():
    results = without_baseline(complete(sample_results()))
    results.pages.append(Page(url="http://127.0.0.1:8000/typo", final_url="http://127.0.0.1:8000/typo",
                              status="scanned", http_status=404, title="Not found"))
    return finalise(results)


def test_an_incomplete_run_is_an_error_in_junit_and_unsuccessful_in_sarif(tmp_path, validator):
    results = _seed_404()
    assert verdict(results).exit_code == 3
    root = junit(results, tmp_path)
    error = root.find("testsuite[@name='a11y scan']/testcase[@name='scan complete']/error")
    assert error.get("message") == "incomplete: seed returned 404: http://127.0.0.1:8000/typo"
    assert int(root.get("errors")) == 1
    log = sarif(results, tmp_path)
    assert not list(validator.iter_errors(log))
    inv = log["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert {"level": "error", "message": {"text": "incomplete: seed returned 404: http://127.0.0.1:8000/typo"}} \
        in inv["toolExecutionNotifications"]


def test_a_page_that_could_not_be_scanned_is_named_once(tmp_path, validator):
    results = sample_results()  # slow.html timed out: its testcase is the error, no second one
    root = junit(results, tmp_path)
    assert root.find("testsuite[@name='a11y scan']") is None
    assert int(root.get("errors")) == 1
    log = sarif(results, tmp_path)
    inv = log["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    errors = [n for n in inv["toolExecutionNotifications"] if n["level"] == "error"]
    assert errors == [{"level": "error",
                       "message": {"text": "http://127.0.0.1:8000/slow.html could not be scanned: "
                                           "timeout: navigation took longer than 30 s"},
                       "locations": [{"physicalLocation": {"artifactLocation": {
                           "uri": "http://127.0.0.1:8000/slow.html"}}}]}]


def test_a_complete_run_is_successful(tmp_path):
    inv = sarif(complete(sample_results()), tmp_path)["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is True
    assert all(n["level"] != "error" for n in inv["toolExecutionNotifications"])
