"""What of the site the scan did not audit, grouped by why: a page cut by --max-pages, --depth,
robots.txt, --exclude/--include, an error, an unfinished scan or a shard not merged may hold the
media 1.2.x apply to, so their notes say it (they are never Not Applicable from automation)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from a11y.catalog import load_catalog
from a11y.cli import main
from a11y.conformance import roll_up
from a11y.coverage import coverage
from tests.support import read_results, run_a11y

from .crafted import BASE, MEDIA_RULES, page, pdf, results

SITE = Path(__file__).parent / "site"  # two pages, no audio or video
MEDIA = ("1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5")


def _roll(*pages, complete: bool = True, **options):
    res = results(*pages)
    res.complete = complete
    res.options.update(options)
    return roll_up(res, load_catalog("section508"))


def _no_media(name: str):
    return page(name, inapplicable=MEDIA_RULES)


def _skipped(name: str, reason: str):
    return page(name, status="skipped", reason=reason)


@pytest.mark.parametrize("reason", [
    "limit: --max-pages 2 reached",
    "depth: beyond --depth 0",
    "robots: disallowed by robots.txt",
    "excluded: matches --exclude /media/*",
    "not-included: matches no --include pattern",
    "excluded: redirects to http://127.0.0.1:8000/media/x, which matches --exclude /media/*",
    "not audited: the results of shard 2/2, whose page this is, were not merged",
])
def test_a_page_left_out_is_said_in_the_media_notes(reason):
    conf = _roll(_no_media("a"), _no_media("b"), _skipped("c", reason))
    for num in MEDIA:
        r = conf.get(num)
        assert r.level == "not-evaluated", (num, reason)
        assert "No media found by automated rules" in r.notes and "(2 page(s))" in r.notes
        assert "1 page(s) of the site were not audited (1 " in r.notes
        assert "Automation cannot show that the criterion does not apply" in r.notes
        assert "Manual review" in r.notes  # the step left to a person


@pytest.mark.parametrize("skip", [
    _skipped("old", "duplicate: redirects to http://127.0.0.1:8000/a, scanned already"),
    pdf(),
    _skipped("out", "off-origin: redirected to https://example.org/"),
])
def test_duplicates_documents_and_other_sites_leave_nothing_unaudited(skip):
    conf = _roll(_no_media("a"), _no_media("b"), skip)
    assert {conf.get(num).level for num in MEDIA} == {"not-evaluated"}
    assert not any("not audited" in conf.get(num).notes for num in MEDIA)
    assert conf.coverage.whole_site and conf.coverage.sentence() == ""


def test_an_unfinished_scan_is_said_in_the_media_notes():
    conf = _roll(_no_media("a"), complete=False)
    r = conf.get("1.2.2")
    assert r.level == "not-evaluated" and "The scan did not finish." in r.notes
    assert "The scan did not finish" in conf.coverage.sentence()


def test_a_shards_own_results_leave_the_other_shards_pages():
    conf = _roll(_no_media("a"), shard="1/2", left_to_shards={"2": [BASE + "b", BASE + "c"]})
    assert conf.get("1.2.2").level == "not-evaluated"
    assert conf.coverage.reasons() == "2 left to the other shards of this --shard scan"


def test_what_was_not_audited_is_counted_and_grouped_by_why():
    # The tour's case: 2 pages scanned, 6 cut by --max-pages, 1 by robots.txt; and an error.
    cut = [_skipped(f"p{i}", "limit: --max-pages 2 reached") for i in range(6)]
    conf = _roll(_no_media("a"), _no_media("b"), *cut, _skipped("private/x", "robots: disallowed by robots.txt"),
                 page("slow", status="error", reason="timeout"), pdf())
    covered = conf.coverage
    assert (covered.audited, covered.count) == (2, 8)
    assert [(g.kind, len(g.pages)) for g in covered.not_audited] == [("limit", 6), ("robots", 1), ("error", 1)]
    assert covered.sentence() == ("8 page(s) of the site that the scan found were not audited: 6 cut off by "
                                  "--max-pages 2, 1 disallowed by robots.txt, 1 could not be scanned.")
    assert covered.reasons(("error",)) == "1 could not be scanned"


def test_coverage_of_results_without_a_scan_option_recorded():
    # Results of older versions: no options; a complete scan of two pages covers the site.
    assert coverage(results(_no_media("a"), _no_media("b"))).whole_site


def test_acr_of_a_partial_crawl_says_not_evaluated_with_the_reason(tmp_path):
    """`a11y acr` on results with pages cut by --max-pages (no browser: the results are crafted)."""
    res = results(_no_media("a"), _no_media("b"), _skipped("c", "limit: --max-pages 2 reached"))
    (tmp_path / "results.json").write_text(res.to_json())
    r = CliRunner().invoke(main, ["acr", str(tmp_path / "results.json"), "--out", str(tmp_path / "acr")],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    doc = yaml.safe_load((tmp_path / "acr" / "acr.yaml").read_text())
    web = {row["num"]: c["adherence"] for ch in doc["chapters"].values() for row in ch["criteria"]
           for c in row["components"] if c["name"] == "web"}
    for num in MEDIA:
        assert web[num]["level"] == "not-evaluated", num
        assert "1 page(s) of the site were not audited (1 cut off by --max-pages 2)" in web[num]["notes"]


@pytest.mark.browser
def test_a_real_scan_cut_by_max_pages_says_so_in_the_media_notes(tmp_path):
    """The conformance test site (two pages, no media), scanned for real: whole or cut to one page
    by --max-pages, 1.2.x is Not Evaluated; cut, the notes say what was left and why."""
    for name, extra in (("whole", []), ("cut", ["--max-pages", "1"])):
        proc = run_a11y("scan", SITE, "--out", tmp_path / name, "--format", "json", "-q", "--checks", "none",
                        "--no-sitemap", *extra)
        assert proc.returncode in (0, 1), proc.stderr
    levels = {}
    for name in ("whole", "cut"):
        data = read_results(tmp_path / name)
        (tmp_path / f"{name}.json").write_text(json.dumps(data))
        acr = run_a11y("acr", tmp_path / f"{name}.json", "--out", tmp_path / f"acr-{name}")
        assert acr.returncode == 0, acr.stderr
        doc = yaml.safe_load((tmp_path / f"acr-{name}" / "acr.yaml").read_text())
        levels[name] = {row["num"]: c["adherence"] for ch in doc["chapters"].values() for row in ch["criteria"]
                        for c in row["components"] if c["name"] == "web"}
    assert read_results(tmp_path / "cut")["summary"]["scanned"] == 1
    assert {levels["whole"][num]["level"] for num in MEDIA} == {"not-evaluated"}
    assert "No media found by automated rules" in levels["whole"]["1.2.2"]["notes"]
    assert "not audited" not in levels["whole"]["1.2.2"]["notes"]
    assert {levels["cut"][num]["level"] for num in MEDIA} == {"not-evaluated"}
    assert "cut off by --max-pages 1" in levels["cut"]["1.2.2"]["notes"]
