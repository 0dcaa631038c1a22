"""The reports say how much of the site a scan covered and why the rest was left out (a limit,
robots.txt, a pattern, duplicates), so that nobody reads a part of a site as the whole."""
from __future__ import annotations

import pytest

from a11y import reporters
from a11y.models import Page, Results, finalise
from a11y.reporters import views
from tests.scanner.siteserver import page, site
from tests.support import scan

from .sample import empty_results, sample_results
from .test_html import Tags

BASE = "http://127.0.0.1:8000"


def skipped(path: str, reason: str) -> Page:
    return Page(url=BASE + path, status="skipped", reason=reason, found_on=BASE + "/")


def crawl_results() -> Results:
    """A crawl cut short: the home page scanned, the rest left out for every usual reason."""
    pages = [Page(url=BASE + "/", final_url=BASE + "/", status="scanned", http_status=200, title="Home"),
             skipped("/private/", "robots: disallowed by robots.txt"),
             skipped("/a", "limit: --max-pages 1 reached"),
             skipped("/b", "limit: --max-pages 1 reached"),
             skipped("/c", "limit: --max-pages 1 reached"),
             skipped("/draft/1", "excluded: matches --exclude /draft/*"),
             skipped("/tmp/2", "excluded: matches --exclude /tmp/*"),
             skipped("/old", f"duplicate: redirects to {BASE}/, scanned already"),
             skipped("/deep", "depth: beyond --depth 1"),
             Page(url=BASE + "/report.pdf", status="skipped", reason="not-html: application/pdf"),
             Page(url=BASE + "/slow", status="error", reason="timeout: the page did not finish within 30 s")]
    return finalise(Results(standard="section508", started="2026-11-29T10:00:00Z", complete=True,
                            options={"max_pages": 1}, pages=pages))


def render(results, name, tmp_path) -> str:
    [path] = reporters.get(name).render(results, tmp_path)
    return path.read_text(encoding="utf-8")


def test_skipped_pages_grouped_by_why_limits_first():
    groups = views.skipped_by_reason(crawl_results())
    assert [(g.kind, g.why, len(g.pages)) for g in groups] == [
        ("limit", "cut off by --max-pages 1", 3),
        ("depth", "beyond --depth 1", 1),
        ("robots", "disallowed by robots.txt", 1),
        ("exclude", "left out by --exclude", 2),
        ("duplicate", "duplicates of a page scanned (the same content, or a redirect to it)", 1),
    ]
    assert groups[0].text() == "3 cut off by --max-pages 1 (raise --max-pages to scan them)"


def test_an_unknown_reason_is_its_own_group():
    results = finalise(Results(standard="section508", started="", complete=True,
                               pages=[skipped("/x", "something-new: for a reason"), skipped("/y", "")]))
    assert [(g.kind, g.why, len(g.pages)) for g in views.skipped_by_reason(results)] == [
        ("other", "skipped (no reason recorded)", 1), ("other", "skipped (something-new)", 1)]


def test_the_summary_says_what_the_scan_left_out(tmp_path):
    text = render(crawl_results(), "md", tmp_path)
    assert ("Coverage: 1 of 11 page(s) found were scanned; not scanned: 3 cut off by --max-pages 1 (raise "
            "--max-pages to scan them), 1 beyond --depth 1 (raise --depth to scan them), 1 disallowed by "
            "robots.txt (--ignore-robots scans them), 2 left out by --exclude, 1 duplicates of a page scanned "
            "(the same content, or a redirect to it), 1 could not be scanned, 1 document(s), not web pages, "
            "to review on their own.") in text
    assert "### Pages skipped, by reason" in text
    assert ("| cut off by --max-pages 1 | 3 | raise --max-pages to scan them | "
            f"[{BASE}/a]({BASE}/a) |") in text
    assert f"| left out by --exclude | 2 | — | [{BASE}/draft/1]({BASE}/draft/1) |" in text


def test_a_whole_scan_has_no_coverage_note(tmp_path):
    text = render(empty_results(), "md", tmp_path)
    assert "Coverage:" not in text and "Pages skipped, by reason" not in text


def test_the_html_report_says_it_too(tmp_path):
    page_text = Tags(render(crawl_results(), "html", tmp_path)).text
    assert "Coverage 1 of 11 page(s) found were scanned; not scanned: 3 cut off by --max-pages 1" in page_text
    assert "2 left out by --exclude" in page_text


@pytest.mark.parametrize("fail_on_review,heading", [
    (False, "### Needs review (does not fail the build without --fail-on-review)"),
    (True, "### Needs review (fails the build: --fail-on-review)"),
])
def test_the_review_heading_says_whether_review_items_fail_the_build(tmp_path, fail_on_review, heading):
    results = sample_results()
    results.options["fail_on_review"] = fail_on_review
    assert heading in render(results, "md", tmp_path)


def test_a_crawl_cut_by_max_pages_says_so(tmp_path):
    links = "".join(f'<a href="/p{i}">Page {i}</a> ' for i in range(5))
    routes = {"/": page("Home", links), **{f"/p{i}": page(f"Page {i}", "<p>Text.</p>") for i in range(5)}}
    with site(routes) as base:
        scan(base + "/", "--max-pages", "2", "--no-sitemap", "--format", "json,md", "--out", tmp_path / "out", "-q",
             "--fail-on", "none", expect=0)
    text = (tmp_path / "out" / "summary.md").read_text()
    assert "Coverage: 2 of 6 page(s) found were scanned; not scanned: 4 cut off by --max-pages 2" in text


def test_the_summary_and_the_acr_say_it_from_the_same_groups():
    """One grouping (a11y/coverage.py): the summary's Coverage line lists every page found and not
    scanned, with what would scan them; the ACR's sentence the pages of the site no audit saw
    (duplicates and documents are the same as pages audited, or reviewed on their own)."""
    from a11y.coverage import coverage

    covered = coverage(crawl_results())
    assert covered.found == 11 and covered.audited == 1
    assert covered.sentence() == ("8 page(s) of the site that the scan found were not audited: 3 cut off by "
                                  "--max-pages 1, 1 beyond --depth 1, 1 disallowed by robots.txt, 2 left out by "
                                  "--exclude, 1 could not be scanned.")
    assert views.coverage(crawl_results()).startswith("1 of 11 page(s) found were scanned; not scanned: 3 cut off ")


def test_a_shards_summary_names_the_pages_left_to_the_other_shards(tmp_path):
    results = crawl_results()
    results.pages = results.pages[:1]
    results.options.update(shard="1/2", left_to_shards={"2": [BASE + "/x", BASE + "/y"]})
    text = render(results, "md", tmp_path)
    assert ("Coverage: 1 of 3 page(s) found were scanned; not scanned: 2 left to the other shards of this "
            "--shard scan (merge every shard's results).") in text
    assert (f"| left to the other shards of this --shard scan | 2 | merge every shard's results | "
            f"[{BASE}/x]({BASE}/x) |") in text


def unlisted_results() -> Results:
    """A crawl past the skip records discovery keeps: 3 listed and 1,047 more only counted, by reason."""
    results = crawl_results()
    results.skipped_unlisted = {"limit: --max-pages 1 reached": 1045, "excluded: matches --exclude /tmp/*": 2}
    return finalise(results)


def test_pages_skipped_beyond_the_records_kept_are_counted_in_every_report(tmp_path):
    """results.json keeps 1,000 skip records and counts the rest by reason (skipped_unlisted): the
    summary, the coverage line of summary.md and report.html, and the ACR's sentence count them;
    the lists show only the records."""
    from a11y.coverage import coverage

    results = unlisted_results()
    assert results.summary["skipped"] == 9 + 1047 and results.summary["skipped_unlisted"] == 1047
    assert results.summary["pages"] == 11 + 1047
    assert coverage(results).sentence().startswith(
        "1,055 page(s) of the site that the scan found were not audited: 1,048 cut off by --max-pages 1, "
        "1 beyond --depth 1, 1 disallowed by robots.txt, 4 left out by --exclude,")
    md = render(results, "md", tmp_path)
    assert ("Coverage: 1 of 1,058 page(s) found were scanned; not scanned: 1,048 cut off by --max-pages 1 "
            "(raise --max-pages to scan them; 1,045 of them not listed),") in md
    assert f"| cut off by --max-pages 1 | 1,048 | raise --max-pages to scan them | [{BASE}/a]({BASE}/a) |" in md
    assert "1,047 of these pages are counted only: results.json lists the other 8 one by one." in md
    html = Tags(render(results, "html", tmp_path)).text
    assert "Coverage 1 of 1,058 page(s) found were scanned; not scanned: 1,048 cut off by --max-pages 1" in html
    assert "Pages skipped 1056" in html
    assert "1,047 of these pages are counted only: the table lists the other 8." in html


def test_results_json_keeps_the_unlisted_count_and_older_files_still_read(tmp_path):
    import json

    from a11y.models import SCHEMA_VERSION, load_results

    [path] = reporters.get("json").render(unlisted_results(), tmp_path)
    data = json.loads(path.read_text())
    assert data["schema_version"] == SCHEMA_VERSION == "2.5"
    assert data["skipped_unlisted"] == {"limit: --max-pages 1 reached": 1045,
                                        "excluded: matches --exclude /tmp/*": 2}
    assert load_results(path).skipped_unlisted == data["skipped_unlisted"]
    # A 2.4 file has no skipped_unlisted: it reads as none.
    del data["skipped_unlisted"], data["summary"]["skipped_unlisted"]
    data["schema_version"] = "2.4"
    path.write_text(json.dumps(data))
    older = finalise(load_results(path))
    assert older.skipped_unlisted == {} and older.summary["skipped"] == 9
