"""The baseline workflow, re-rendering saved results, needs-review and progress (Ctrl-C: test_interrupt.py)."""
import json
from pathlib import Path

from tests.support import read_results, run_a11y, scan

from .siteserver import page, site

ROOT = Path(__file__).parent.parent.parent


def test_baseline_fails_only_on_new_findings_and_lists_fixed(tmp_path):
    routes = {"/": page("Home", '<img src="a.png"><a href="/b"><img src="arrow.png"></a>'),
              "/b": page("B", "<p>fine</p>")}
    with site(routes) as base:
        first = tmp_path / "first"
        assert run_a11y("scan", base + "/", "--out", first, "-q").returncode == 1
        baseline = tmp_path / "baseline.json"
        proc = run_a11y("baseline", first / "results.json", "-o", baseline)
        assert proc.returncode == 0 and "known findings" in proc.stdout
        assert run_a11y("scan", base + "/", "--out", tmp_path / "same", "-q", "--baseline", baseline).returncode == 0

        # One problem fixed (the link), one new (on /b).
        routes["/"] = page("Home", '<img src="a.png"><a href="/b">B</a>')
        routes["/b"] = page("B", '<input type="text">')
        second = tmp_path / "second"
        assert run_a11y("scan", base + "/", "--out", second, "-q", "--baseline", baseline,
                        "--format", "json,md,html").returncode == 1
    results = read_results(second)
    status = {f["rule"]: f["baseline"] for f in results["findings"]}
    assert status == {"image-alt": "unchanged", "label": "new"}
    # The link and its image are gone: both findings are fixed.
    assert sorted(f["rule"] for f in results["fixed"]) == ["image-alt", "link-name"]
    assert results["summary"]["new_findings"] == 1 and results["summary"]["fixed_findings"] == 2
    md = (second / "summary.md").read_text()
    assert "link-name" in md  # the fixed finding is reported


def test_fingerprint_holds_when_axe_picks_another_selector(tmp_path):
    # The same failing <img>, first alone, then beside another image: `img` no longer
    # names it alone, so axe's selector changes. The fingerprint (rule, markup, frame
    # depth) does not, so the baseline still knows the finding.
    routes = {"/": page("Home", '<img src="logo.png">')}
    with site(routes) as base:
        scan(base + "/", "--out", tmp_path / "one", "-q", "--no-sitemap", expect=1)
        assert run_a11y("baseline", tmp_path / "one" / "results.json", "-o", tmp_path / "b.json").returncode == 0
        routes["/"] = page("Home", '<p><img src="photo.png" alt="The team"></p><div><img src="logo.png"></div>')
        scan(base + "/", "--out", tmp_path / "two", "-q", "--no-sitemap", "--baseline", tmp_path / "b.json", expect=0)
    [before] = read_results(tmp_path / "one")["findings"]
    [after] = read_results(tmp_path / "two")["findings"]
    assert before["target"] != after["target"], (before["target"], after["target"])
    assert before["html"] == after["html"] == '<img src="logo.png">'
    assert after["fingerprint"] == before["fingerprint"] and after["baseline"] == "unchanged"


def test_bad_baseline_file_is_a_usage_error(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("{not json")
    proc = run_a11y("scan", "http://127.0.0.1:1/", "--baseline", bad, "--out", tmp_path / "o")
    assert proc.returncode == 2 and "not valid JSON" in proc.stderr
    proc = run_a11y("scan", "http://127.0.0.1:1/", "--baseline", tmp_path / "none.json", "--out", tmp_path / "o")
    assert proc.returncode == 2 and "no such file" in proc.stderr


def test_report_rerenders_every_format_without_a_browser(tmp_path):
    with site({"/": page("Home", '<img src="a.png">')}) as base:
        out = tmp_path / "scan"
        scan(base + "/", "--out", out, "-q", "--format", "json", expect=1)
    again = tmp_path / "again"
    # No browser is needed: point A11Y_CHROMIUM at nothing to prove it.
    proc = run_a11y("report", out / "results.json", "--format", "html,md,junit,sarif,csv,json", "--out", again,
                    env={"A11Y_CHROMIUM": "/nonexistent"})
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in again.iterdir()) == [
        "findings.csv", "junit.xml", "report.html", "results.json", "results.sarif", "summary.md"]


def test_report_refuses_bad_results(tmp_path):
    bad = tmp_path / "results.json"
    bad.write_text(json.dumps({"schema_version": "0.1", "pages": []}))
    proc = run_a11y("report", bad, "--out", tmp_path / "o")
    assert proc.returncode == 2 and "schema version 0.1 is not supported" in proc.stderr
    bad.write_text("[1, 2")
    proc = run_a11y("report", bad, "--out", tmp_path / "o")
    assert proc.returncode == 2 and "not valid JSON" in proc.stderr


def test_needs_review_fails_only_with_fail_on_review(tmp_path):
    # Text over a background image: axe cannot decide the contrast -> needs review. (Our
    # text-contrast-rendered check measures it from pixels and fails it: axe's alone here.)
    body = ('<p style="background-image:url(data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=);'
            'color:#777">Over an image</p>')
    with site({"/": page("Home", body)}) as base:
        out = tmp_path / "a"
        assert run_a11y("scan", base + "/", "--out", out, "-q", "--checks", "none").returncode == 0
        assert read_results(out)["summary"]["review_elements"] >= 1
        assert run_a11y("scan", base + "/", "--out", tmp_path / "b", "-q", "--checks", "none",
                        "--fail-on-review").returncode == 1


def test_ci_logs_get_plain_progress_lines(tmp_path):
    with site({"/": page("Home", "<p>x</p>")}) as base:
        proc = scan(base + "/", "--out", tmp_path / "o", expect=0)
        quiet = scan(base + "/", "--out", tmp_path / "q", "--quiet", expect=0)
    assert "a11y: 1 pages done, 0 queued, 0 failing elements" in proc.stderr
    assert "pages done" not in quiet.stderr and "pages scanned" not in quiet.stdout


def test_progress_counts_links_left_unscanned_apart_from_pages_done(tmp_path):
    # With --depth 0 the home page's two links are recorded as skipped: they are not pages done.
    pages = {"/": page("Home", '<a href="/a">A</a> <a href="/b">B</a>'), "/a": page("A", "<p>a</p>"),
             "/b": page("B", "<p>b</p>")}
    with site(pages) as base:
        proc = scan(base + "/", "--out", tmp_path / "o", "--depth", "0", expect=0)
    assert "a11y: 1 pages done, 0 queued, 2 links skipped, 0 failing elements" in proc.stderr, proc.stderr


def test_a_baseline_of_results_that_scanned_nothing_is_refused_unless_asked_for(tmp_path):
    from .test_cli_scan import closed_port

    out = tmp_path / "nothing"
    assert run_a11y("scan", f"http://127.0.0.1:{closed_port()}/", "--out", out, "-q").returncode == 3
    baseline = tmp_path / "baseline.json"
    proc = run_a11y("baseline", out / "results.json", "-o", baseline)
    assert proc.returncode == 2 and "no page was scanned" in proc.stderr and "--allow-empty" in proc.stderr
    assert not baseline.exists()
    proc = run_a11y("baseline", out / "results.json", "-o", baseline, "--allow-empty")
    assert proc.returncode == 0 and baseline.exists() and "0 known findings" in proc.stdout
