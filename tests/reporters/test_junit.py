import xml.etree.ElementTree as ET

from a11y.models import Node, Page, Results, RuleResult, finalise

from .contract import ReporterContract
from .sample import sample_results

COUNTS = ("tests", "failures", "errors", "skipped")


def _counts(el):
    return {k: int(el.get(k)) for k in COUNTS}


class TestJUnitReporter(ReporterContract):
    format_name = "junit"

    def parse(self, tmp_path, results=None):
        _, [path] = self.render(tmp_path, results)
        return ET.parse(path).getroot()

    def test_a_suite_per_page_named_by_url(self, tmp_path):
        root = self.parse(tmp_path)
        assert root.tag == "testsuites"
        names = [s.get("name") for s in root.findall("testsuite")]
        assert names == [p.final_url or p.url for p in sample_results().pages]

    def test_counts_match_the_cases(self, tmp_path):
        root = self.parse(tmp_path)
        total = dict.fromkeys(COUNTS, 0)
        for suite in root.findall("testsuite"):
            cases = suite.findall("testcase")
            seen = {"tests": len(cases), "failures": len(suite.findall("testcase/failure")),
                    "errors": len(suite.findall("testcase/error")), "skipped": len(suite.findall("testcase/skipped"))}
            assert _counts(suite) == seen
            for k in COUNTS:
                total[k] += seen[k]
        assert _counts(root) == total
        # home: 2 violated + 2 passed + 1 review; about: 3 + 1; 404: 0; error 1; two skipped pages.
        # region (about) is known from the baseline: skipped, not failed.
        assert total == {"tests": 12, "failures": 4, "errors": 1, "skipped": 4}

    def test_failure_per_violated_rule_lists_nodes(self, tmp_path):
        root = self.parse(tmp_path)
        home = root.find("testsuite[@name='http://127.0.0.1:8000/']")
        case = home.find("testcase[@name='image-alt']")
        failure = case.find("failure")
        assert failure.get("type") == "critical"
        assert failure.get("message") == ("Images must have alternative text (2 element(s) failing the build, "
                                          "impact critical)")
        assert "header > img.logo" in failure.text
        assert "iframe#ad >>> img" in failure.text
        assert "<img src=x onerror=alert(1)>" in failure.text  # escaped on write, intact on read
        assert case.get("classname") == "http://127.0.0.1:8000/"
        passed = home.find("testcase[@name='document-title']")
        assert passed is not None and len(passed) == 0

    def test_needs_review_is_skipped_not_failed(self, tmp_path):
        root = self.parse(tmp_path)
        case = root.find(".//testcase[@name='color-contrast (needs review)']")
        skipped = case.find("skipped")
        assert skipped.get("message") == ("needs review: Elements must meet minimum color contrast ratio thresholds "
                                          "(not failing the build: items needing review fail it only with "
                                          "--fail-on-review)")
        assert "p.bg-image" in skipped.text
        assert case.find("failure") is None

    def test_error_and_skipped_pages(self, tmp_path):
        root = self.parse(tmp_path)
        err = root.find("testsuite[@name='http://127.0.0.1:8000/slow.html']/testcase/error")
        assert err.get("message") == "timeout: navigation took longer than 30 s"
        pdf = root.find("testsuite[@name='http://127.0.0.1:8000/annual-report.pdf']/testcase/skipped")
        assert pdf.get("message") == "not-html: application/pdf"
        missing = root.find("testsuite[@name='http://127.0.0.1:8000/missing.html']")
        assert missing.find("properties/property[@name='http_status']").get("value") == "404"

    def test_strips_xml_illegal_characters(self, tmp_path):
        bad = "bell\x07 nul\x00 esc\x1b <&> \"q\" \ufffe"
        page = Page(url="http://x/?a=1&b=\x0b", status="scanned", title=bad, violations=[
            RuleResult(rule="image-alt", impact="critical", wcag=["1.1.1"], help=bad, help_url="u",
                       nodes=[Node(target=["img"], html=f"<img alt='{bad}'>", summary=bad)])])
        results = finalise(Results(standard="section508", started="2026-01-01T00:00:00Z", pages=[page]))
        root = self.parse(tmp_path, results)  # parses: nothing illegal left
        failure = root.find(".//failure")
        assert "<&>" in failure.get("message") and "\x07" not in failure.text
        assert root.findall("testsuite")[-1].get("name") == "http://x/?a=1&b=\ufffd"

    def test_clean_scan_has_no_failures(self, tmp_path):
        from .sample import empty_results
        root = self.parse(tmp_path, empty_results())
        assert _counts(root) == {"tests": 1, "failures": 0, "errors": 0, "skipped": 0}
