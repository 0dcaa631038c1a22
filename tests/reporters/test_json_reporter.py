import copy
import json
from dataclasses import asdict
from importlib import resources

import pytest
from jsonschema import Draft202012Validator

from a11y import reporters
from a11y.models import finalise, load_results
from tests.scanner.siteserver import page, redirect, site
from tests.support import read_results, scan

from .contract import ReporterContract, no_pages
from .sample import empty_results, sample_results, suppressed_results

# The README's results.json schema, as the JSON Schema shipped in the package for users too.
SCHEMA = json.loads((resources.files("a11y") / "data" / "results.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)


def problems(data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(data)]


class TestJsonReporter(ReporterContract):
    format_name = "json"

    @pytest.mark.parametrize("make", [sample_results, suppressed_results], ids=["sample", "suppressed"])
    def test_round_trips(self, tmp_path, make):
        _, [path] = self.render(tmp_path, make())
        again = load_results(path)
        assert again.to_dict() == make().to_dict()

    @pytest.mark.parametrize("results", [sample_results, empty_results, lambda: finalise(no_pages()),
                                         suppressed_results], ids=["sample", "clean", "no-pages", "suppressed"])
    def test_matches_the_documented_schema(self, tmp_path, results):
        _, [path] = self.render(tmp_path, results())
        assert problems(json.loads(path.read_text())) == []


def test_the_schema_is_valid_and_refuses_what_the_readme_does_not_say():
    Draft202012Validator.check_schema(SCHEMA)
    good = sample_results().to_dict()
    assert problems(good) == []
    for change in (lambda d: d.pop("engines"),
                   lambda d: d["summary"].update(violations=3),  # a count under an undocumented name
                   lambda d: d["pages"][0].update(status="done"),
                   lambda d: d["pages"][0]["violations"][0]["nodes"][0].pop("target"),
                   lambda d: d["findings"][0].update(baseline="old"),
                   lambda d: d.update(schema_version="1.0")):
        bad = copy.deepcopy(good)
        change(bad)
        assert problems(bad), change


def test_a_real_scan_matches_the_documented_schema(tmp_path):
    # A violation, a needs-review item, an error page, a skipped document, a baseline with
    # a finding that is gone (fixed[]), a header name: every part of the record is filled.
    review = ('<p style="background-image:url(data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=);'
              'color:#777">Over an image</p>')
    routes = {"/": page("Home", '<img src="a.png">' + review +
                        '<a href="/loop">loop</a> <a href="/report.pdf">report</a>'),
              "/loop": redirect("/loop2"), "/loop2": redirect("/loop"),
              "/report.pdf": lambda h: h._send(200, b"%PDF-1.4", "application/pdf")}
    baseline = tmp_path / "baseline.json"
    with site(routes) as base:
        # Gone from a page the scan looks at, so fixed (on a page it does not scan, not checked).
        baseline.write_text(json.dumps({"a11y_baseline": 1, "findings": [
            {"fingerprint": "0123456789abcdef", "rule": "label", "impact": "critical",
             "help": "Form elements must have labels", "target": ["input"], "pages": [base + "/"]}]}))
        scan(base + "/", "--out", tmp_path / "out", "-q", "--no-sitemap", "--header", "X-Token: t",
             "--baseline", baseline, expect=3)
    data = read_results(tmp_path / "out")
    assert problems(data) == []
    statuses = sorted(p["status"] for p in data["pages"])
    assert statuses == ["error", "scanned", "skipped"]
    assert data["findings"] and data["fixed"] and data["summary"]["review_elements"] >= 1
    assert data["options"]["headers"] == ["X-Token"]


def test_results_json_is_written_a_piece_at_a_time_with_the_same_content(tmp_path):
    """A crawl rewrites results.json as pages finish: made whole first, the text and a copy of
    every record took Python's memory up by several times the file's size. Each page and each
    finding is a line of its own."""
    results = sample_results()
    for _ in range(5):  # a larger record
        results.pages += copy.deepcopy(results.pages)

    class Pieces:
        def __init__(self):
            self.sizes, self.parts = [], []

        def write(self, text):
            self.sizes.append(len(text))
            self.parts.append(text)

    pieces = Pieces()
    results.write_json(pieces)
    text = "".join(pieces.parts)
    assert json.loads(text) == json.loads(json.dumps(asdict(results), ensure_ascii=False))
    assert max(pieces.sizes) < len(text) / 20
    lines = text.splitlines()
    assert len(lines) >= len(results.pages) + len(results.findings)
    page_lines = [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith('    {"url"')]
    assert page_lines == asdict(results)["pages"]
    [written] = reporters.get("json").render(results, tmp_path)
    assert written.read_text(encoding="utf-8") == text + "\n"
