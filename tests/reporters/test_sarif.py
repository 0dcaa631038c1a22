import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from a11y.models import fingerprint

from .contract import ReporterContract
from .sample import empty_results, sample_results, suppressed_results

SCHEMA_FILE = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


class TestSarifReporter(ReporterContract):
    format_name = "sarif"

    def load(self, tmp_path, results=None):
        _, [path] = self.render(tmp_path, results)
        return json.loads(path.read_text(encoding="utf-8"))

    @pytest.mark.parametrize("make", [sample_results, empty_results, suppressed_results],
                             ids=["sample", "clean", "suppressed"])
    def test_valid_against_the_official_schema(self, tmp_path, validator, make):
        log = self.load(tmp_path, make())
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
        assert log["version"] == "2.1.0"

    def test_tool_and_invocation(self, tmp_path):
        run = self.load(tmp_path)["runs"][0]
        driver = run["tool"]["driver"]
        assert (driver["name"], driver["version"]) == ("a11y", "0.1.0")
        assert run["tool"]["extensions"][0]["version"] == "4.12.1"
        inv = run["invocations"][0]
        # The sample has a page that could not be scanned: exit 3, so not a successful run.
        assert inv["executionSuccessful"] is False
        notes = {n["message"]["text"]: n["level"] for n in inv["toolExecutionNotifications"]}
        assert notes["http://127.0.0.1:8000/slow.html could not be scanned: "
                     "timeout: navigation took longer than 30 s"] == "error"
        assert notes["http://127.0.0.1:8000/private/: skipped: robots: disallowed by robots.txt"] == "note"

    def test_information_uri_from_the_tool_record(self, tmp_path, validator):
        results = sample_results()
        results.tool["url"] = "https://example.org/a11y"
        log = self.load(tmp_path, results)
        assert log["runs"][0]["tool"]["driver"]["informationUri"] == "https://example.org/a11y"
        assert not list(validator.iter_errors(log))

    def test_incomplete_scan_is_not_successful(self, tmp_path):
        results = sample_results()
        results.complete = False
        assert self.load(tmp_path, results)["runs"][0]["invocations"][0]["executionSuccessful"] is False

    def test_one_descriptor_per_rule(self, tmp_path):
        run = self.load(tmp_path)["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        ids = [r["id"] for r in rules]
        assert sorted(ids) == ["color-contrast", "image-alt", "link-name", "region"]
        img = rules[ids.index("image-alt")]
        assert img["helpUri"] == "https://dequeuniversity.com/rules/axe/4.12/image-alt"
        assert img["shortDescription"]["text"] == "Images must have alternative text"
        assert img["fullDescription"]["text"] == "Ensure <img> elements have alternative text"
        assert img["defaultConfiguration"]["level"] == "error"
        assert "WCAG 1.1.1" in img["properties"]["tags"] and "accessibility" in img["properties"]["tags"]
        assert rules[ids.index("region")]["defaultConfiguration"]["level"] == "warning"
        for r in run["results"]:
            assert rules[r["ruleIndex"]]["id"] == r["ruleId"]

    def test_a_result_per_node_with_level_and_location(self, tmp_path):
        run = self.load(tmp_path)["runs"][0]
        fails = [r for r in run["results"] if r["kind"] == "fail"]
        assert len(fails) == sample_results().summary["failing_elements"] == 6
        assert {r["ruleId"]: r["level"] for r in fails} == {
            "image-alt": "error", "color-contrast": "error", "link-name": "error", "region": "warning"}
        frame = next(r for r in fails if r["properties"]["target"] == ["iframe#ad", "img"])
        loc = frame["locations"][0]
        assert loc["physicalLocation"]["artifactLocation"]["uri"] == "http://127.0.0.1:8000/"
        assert loc["physicalLocation"]["region"]["snippet"]["text"] == "<img src=x onerror=alert(1)>"
        assert loc["logicalLocations"][0]["fullyQualifiedName"] == "iframe#ad >>> img"
        assert frame["partialFingerprints"]["a11yFingerprint/v1"] == fingerprint(
            "image-alt", ["iframe#ad", "img"], "<img src=x onerror=alert(1)>")
        shadow = next(r for r in fails if r["ruleId"] == "color-contrast")
        assert shadow["properties"]["selector"] == "my-widget >> button.pale"
        assert shadow["properties"]["target"] == [["my-widget", "button.pale"]]

    def test_minor_is_a_note(self, tmp_path):
        results = sample_results()
        results.pages[1].violations[-1].impact = "minor"
        run = self.load(tmp_path, results)["runs"][0]
        assert {r["level"] for r in run["results"] if r["ruleId"] == "region"} == {"note"}

    def test_needs_review_is_kind_review_level_none(self, tmp_path):
        run = self.load(tmp_path)["runs"][0]
        review = [r for r in run["results"] if r["kind"] == "review"]
        assert len(review) == 1 and review[0]["level"] == "none"
        assert review[0]["properties"]["selector"] == "p.bg-image"
        assert "baselineState" not in review[0]

    def test_baseline_state(self, tmp_path):
        results = sample_results()
        run = self.load(tmp_path, results)["runs"][0]
        states = {r["partialFingerprints"]["a11yFingerprint/v1"]: r.get("baselineState")
                  for r in run["results"] if r["kind"] == "fail"}
        assert states == {f.fingerprint: f.baseline for f in results.findings}
        assert "unchanged" in states.values() and "new" in states.values()

    def test_no_baseline_state_without_a_baseline(self, tmp_path):
        run = self.load(tmp_path, empty_results())["runs"][0]
        assert all("baselineState" not in r for r in run["results"])


def test_the_validator_bites(tmp_path, validator):
    """Guard against a schema copy that validates anything."""
    _, [path] = TestSarifReporter().render(tmp_path)
    log = json.loads(path.read_text(encoding="utf-8"))
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert len(list(validator.iter_errors(log))) == 2


def test_suppressed_results_carry_the_justification(tmp_path):
    _, [path] = TestSarifReporter().render(tmp_path, suppressed_results())
    run = json.loads(path.read_text(encoding="utf-8"))["runs"][0]
    [accepted] = [r for r in run["results"] if "suppressions" in r]
    assert accepted["ruleId"] == "image-alt" and accepted["properties"]["selector"] == "header > img.logo"
    assert accepted["suppressions"] == [{
        "kind": "external", "status": "accepted",
        "justification": 'Decorative <b>logo</b> | "=cmd" A11Y-7 (until 2027-06-30)',
        "properties": {"entry": 1, "where": "a11y.toml line 3", "until": "2027-06-30"}}]
    assert "baselineState" not in accepted
    fails = [r for r in run["results"] if r["kind"] == "fail"]
    assert len(fails) == 6  # still one result per element: 5 failing, 1 suppressed
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]
             if n["level"] == "warning"]
    assert notes == [
        "[[ignore]] entry 2 (a11y.toml line 9, rule link-name): expired: no longer suppressing; "
        "what it matched counts as violations again",
        "[[ignore]] entry 3 (a11y.toml line 14, rule region): stale: matched nothing in this scan"]


def test_a_local_folder_page_is_its_file_with_the_line_and_column(tmp_path, validator):
    results = sample_results()
    home, about, missing = results.pages[:3]
    for page, file in ((home, "public/index.html"), (about, "public/about.html")):
        page.url = page.final_url = "/" + file.split("/")[-1].replace("index.html", "")
        page.file = file
    missing.url = missing.final_url = "/missing.html"  # the loopback server's own 404 page: no file
    home.violations[0].nodes[0].line, home.violations[0].nodes[0].column = 12, 7
    _, [path] = TestSarifReporter().render(tmp_path, results)
    log = json.loads(path.read_text(encoding="utf-8"))
    assert not list(validator.iter_errors(log))
    run = log["runs"][0]
    logo = next(r for r in run["results"] if r["properties"]["selector"] == "header > img.logo"
                and r["properties"]["page"] == "/")
    assert logo["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "public/index.html", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 12, "startColumn": 7, "snippet": {"text": '<img class="logo" src="logo.png">'}}}
    unplaced = next(r for r in run["results"] if r["ruleId"] == "link-name")
    assert unplaced["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert "startColumn" not in unplaced["locations"][0]["physicalLocation"]["region"]
    assert [a["location"] for a in run["artifacts"]] == [
        {"uri": "public/index.html", "uriBaseId": "%SRCROOT%"}, {"uri": "public/about.html", "uriBaseId": "%SRCROOT%"}]
    assert run["columnKind"] == "unicodeCodePoints"


def test_each_element_is_judged_once(tmp_path, monkeypatch):
    """Verdict.why_not_failing (which fingerprints the element) is asked once per result, for its
    level and its notFailingBecause alike."""
    from a11y.verdict import Verdict

    asked: list[str] = []
    judge = Verdict.why_not_failing

    def counted(self, result, node, kind="violations"):
        asked.append(result.rule)
        return judge(self, result, node, kind)

    monkeypatch.setattr(Verdict, "why_not_failing", counted)
    results = sample_results()
    results.options["fail_on"] = "critical"  # some elements below it: each has a notFailingBecause
    _, [path] = TestSarifReporter().render(tmp_path, results)
    sarif = json.loads(path.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert any("notFailingBecause" in r["properties"] for r in sarif)
    assert sorted(asked) == sorted(r["ruleId"] for r in sarif)
