"""The main job: the bundled example site's known problems are all found, and
every page we write about it (report, ACR) scans clean with our own scanner."""
from pathlib import Path

import pytest

from a11y.testing import describe, scan_url_violations
from tests.support import pages_by_url, read_results, run_a11y

SITE = Path(__file__).parent.parent.parent / "examples" / "site"


@pytest.fixture(scope="module")
def example_scan(tmp_path_factory):
    out = tmp_path_factory.mktemp("example")
    proc = run_a11y("scan", SITE, "--out", out, "-q", "--format", "json,html,md,junit,sarif,csv,openacr")
    assert proc.returncode == 1, proc.stderr  # known problems
    return out, read_results(out)


def test_known_problems_are_found(example_scan):
    _, results = example_scan
    pages = {url.rsplit("/", 1)[1] or "index": p for url, p in pages_by_url(results).items()}
    rules = lambda name: {v["rule"] for v in pages[name]["violations"]}  # noqa: E731
    assert {"image-alt", "color-contrast", "link-name"} <= rules("index")
    assert {"label", "select-name"} <= rules("contact.html")
    # Inside the shadow root of the fee calculator.
    widget = [n["target"] for v in pages["widget.html"]["violations"] for n in v["nodes"]]
    assert [["fee-calculator", "#amount"]] in widget and [["fee-calculator", "#go"]] in widget
    # Inside the map frame on the services page.
    services = [n["target"] for v in pages["services.html"]["violations"] for n in v["nodes"]]
    assert ["iframe", "img"] in services
    # What only our browser checks find: focused contrast, a jump menu, a mouse-only control.
    assert {"text-contrast-focused", "on-input-no-context-change", "custom-control-keyboard"} <= rules("services.html")
    assert pages["old-news.html"]["http_status"] == 404
    assert pages["annual-report.pdf"]["reason"].startswith("not-html")
    assert pages["admin.html"]["reason"].startswith("robots")
    assert results["complete"] and results["summary"]["errors"] == 0


def test_every_format_is_written(example_scan):
    out, _ = example_scan
    names = {p.name for p in out.iterdir()}
    assert {"results.json", "report.html", "summary.md", "junit.xml", "results.sarif", "findings.csv",
            "acr.yaml", "acr.html", "acr.md"} <= names


@pytest.mark.parametrize("page", ["report.html", "acr.html"])
def test_our_pages_about_it_scan_clean(example_scan, serve, page):
    out, _ = example_scan
    violations = scan_url_violations(serve(out) + page, standard="wcag21aa", best_practice=True)
    assert violations == [], describe(violations)
