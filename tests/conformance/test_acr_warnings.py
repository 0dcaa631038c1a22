"""`a11y acr` on results that make a weak report (no page scanned, pages in error, a scan that
did not finish, a merge missing shards) says so on the console, and the ACR's Notes list the
pages that could not be scanned with their reasons (no browser: the results are crafted)."""
from __future__ import annotations

import yaml
from click.testing import CliRunner

from a11y.cli import main

from .crafted import BASE, page, pdf, results


def _acr(tmp_path, res):
    (tmp_path / "results.json").write_text(res.to_json())
    r = CliRunner().invoke(main, ["acr", str(tmp_path / "results.json"), "--out", str(tmp_path / "acr")],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r, yaml.safe_load((tmp_path / "acr" / "acr.yaml").read_text())


def test_no_page_scanned_warns_and_says_so(tmp_path):
    r, doc = _acr(tmp_path, results(pdf()))
    assert "a11y: warning: no page was scanned: the report has no automated evidence" in r.stderr
    assert "No page was scanned: the report has no automated evidence." in doc["notes"]


def test_pages_in_error_warn_and_are_listed_with_their_reasons(tmp_path):
    res = results(page("a"), page("slow", status="error", reason="timeout: the page did not load within 30 s"),
                  page("broken", status="error", reason="net::ERR_CONNECTION_RESET"))
    r, doc = _acr(tmp_path, res)
    assert (f"a11y: warning: {BASE}slow could not be scanned (timeout: the page did not load within 30 s), "
            "and 1 more page(s); the report's notes list the pages that could not be scanned") in r.stderr
    assert (f"2 page(s) could not be scanned: {BASE}slow (timeout: the page did not load within 30 s), "
            f"{BASE}broken (net::ERR_CONNECTION_RESET).") in doc["notes"]


def test_an_unfinished_scan_warns(tmp_path):
    res = results(page("a"))
    res.complete = False
    r, _ = _acr(tmp_path, res)
    assert "a11y: warning: the results are partial (the scan did not finish; results are partial)" in r.stderr


def test_a_merge_missing_shards_warns_naming_them(tmp_path):
    res = results(page("a"))
    res.complete = False
    res.options["merged"] = {"shards": 3, "missing": [3], "not_audited": 4}
    r, doc = _acr(tmp_path, res)
    assert "a11y: warning: the results are partial (shard 3 of 3 missing: 4 page(s) not audited)" in r.stderr
    assert "The results are partial: shard 3 of 3 missing: 4 page(s) not audited." in doc["evaluation_methods_used"]


def test_a_whole_scan_warns_of_nothing(tmp_path):
    r, doc = _acr(tmp_path, results(page("a"), page("b"), pdf()))
    assert "warning" not in r.stderr
    assert "could not be scanned" not in doc["notes"] and "No page was scanned" not in doc["notes"]
