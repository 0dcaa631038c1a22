"""A known finding is fixed only where the scan looked: on pages it did not scan (--depth,
--max-pages, errors, an interrupted scan, another shard's pages) it is not checked. And a
baseline written from results that missed pages says so, or is refused when they hold none."""
from __future__ import annotations

import json

import pytest

from a11y.baseline import BaselineError, apply_baseline, check_source, coverage_gaps, load_baseline, write_baseline
from a11y.models import Node, Page, Results, RuleResult, finalise
from tests.support import read_results, run_a11y, scan

from .siteserver import page as html_page
from .siteserver import site

BASE = "http://127.0.0.1:8000/"


def _image_alt(html: str) -> RuleResult:
    return RuleResult(rule="image-alt", impact="critical", wcag=["1.1.1"], help="Images must have alternative text",
                      help_url="https://example.org/image-alt", nodes=[Node(target=["img"], html=html)])


def _page(name: str, *violations: RuleResult, status: str = "scanned", reason: str | None = None,
          final: str | None = None, from_cache: bool = False) -> Page:
    return Page(url=BASE + name, final_url=BASE + (final or name), status=status, reason=reason,
                violations=list(violations), from_cache=from_cache)


def _results(*pages: Page, complete: bool = True) -> Results:
    return finalise(Results(standard="section508", started="2026-11-29T10:00:00Z", finished="2026-11-29T10:01:00Z",
                            complete=complete, pages=list(pages)))


def _entries(results: Results, tmp_path) -> list[dict]:
    write_baseline(results, tmp_path / "b.json")
    return load_baseline(tmp_path / "b.json")


FULL = _results(_page("", _image_alt('<img src="home.png">')), _page("a", _image_alt('<img src="a.png">')),
                _page("b", _image_alt('<img src="b.png">'), _image_alt('<img src="shared.png">')),
                _page("c", _image_alt('<img src="shared.png">')))


def _gone(results: Results) -> tuple[list[str], list[str]]:
    """(fixed, not checked), each as the sorted pages of its findings."""
    def pages(entries):
        return sorted(",".join(e["pages"]).replace(BASE, "/") for e in entries)
    return pages(results.fixed), pages(results.not_checked)


def test_findings_on_pages_not_scanned_are_not_checked_not_fixed(tmp_path):
    known = _entries(FULL, tmp_path)
    # Only the home page scanned (as with --depth 0), its image now named: that one is fixed;
    # the findings of /a, /b and /c were not looked for.
    now = apply_baseline(_results(_page(""), _page("a", status="skipped", reason="depth: beyond --depth 0")),
                         known, "b.json")
    assert _gone(now) == (["/"], ["/a", "/b", "/b,/c"])
    assert now.summary["fixed_findings"] == 1


def test_a_finding_is_fixed_only_when_every_page_it_was_on_was_scanned(tmp_path):
    known = _entries(FULL, tmp_path)
    now = apply_baseline(_results(_page(""), _page("a"), _page("b")), known, "b.json")
    # shared.png was on /b and /c: gone from /b, but /c was not scanned.
    assert _gone(now) == (["/", "/a", "/b"], ["/b,/c"])
    everything = apply_baseline(_results(_page(""), _page("a"), _page("b"), _page("c")), known, "b.json")
    assert _gone(everything) == (["/", "/a", "/b", "/b,/c"], [])


def test_error_pages_and_an_interrupted_scan_check_nothing(tmp_path):
    known = _entries(FULL, tmp_path)
    now = apply_baseline(_results(_page(""), _page("a", status="error", reason="timeout"), complete=False),
                         known, "b.json")
    assert _gone(now) == (["/"], ["/a", "/b", "/b,/c"])


def test_a_page_reused_from_the_cache_or_reached_by_a_redirect_was_checked(tmp_path):
    known = _entries(FULL, tmp_path)
    # /c unchanged since the cache kept it (its record comes back, its finding with it); /a now
    # reached through /old-a; /b scanned.
    now = apply_baseline(_results(_page(""), _page("old-a", final="a"), _page("b"),
                                  _page("c", _image_alt('<img src="shared.png">'), from_cache=True)), known, "b.json")
    assert _gone(now) == (["/", "/a", "/b"], [])
    assert [f.baseline for f in now.findings] == ["unchanged"]


def test_an_entry_naming_no_page_is_not_claimed_fixed():
    entry = {"fingerprint": "0123456789abcdef", "rule": "image-alt", "help": "hand-written"}
    now = apply_baseline(_results(_page("")), [entry], "b.json")
    assert now.fixed == [] and [e["fingerprint"] for e in now.not_checked] == ["0123456789abcdef"]


def test_baseline_of_results_that_scanned_nothing_is_refused_unless_allowed():
    nothing = _results(_page("", status="error", reason="net::ERR_CONNECTION_REFUSED"))
    with pytest.raises(BaselineError) as e:
        check_source(nothing)
    assert "no page was scanned (1 page(s) not scanned: 1 could not be scanned)" in str(e.value)
    assert "--allow-empty" in e.value.hint
    [warning] = check_source(nothing, allow_empty=True)
    assert "knows only the findings of the 0 page(s) scanned" in warning


def test_baseline_of_partial_results_warns_what_was_missed():
    interrupted = _results(_page("", _image_alt("<img>")), complete=False)
    [warning] = check_source(interrupted)
    assert warning.startswith("the results are incomplete: the scan did not finish (interrupted or stopped).")
    cut = _results(_page(""), _page("a"), _page("b", status="skipped", reason="limit: --max-pages 2 reached"),
                   _page("c", status="skipped", reason="limit: --max-pages 2 reached"),
                   _page("d", status="error", reason="timeout"))
    assert coverage_gaps(cut) == ["3 page(s) not scanned: 2 cut off by --max-pages 2, 1 could not be scanned"]
    assert "knows only the findings of the 2 page(s) scanned" in check_source(cut)[0]


def test_the_scans_scope_is_no_gap():
    # --depth, robots.txt, --exclude: a later scan of the same scope does not reach them either.
    scoped = _results(_page(""), _page("a", status="skipped", reason="depth: beyond --depth 0"),
                      _page("p", status="skipped", reason="robots: disallowed by robots.txt"),
                      _page("x", status="skipped", reason="excluded: matches --exclude /x*"),
                      _page("r.pdf", status="skipped", reason="not-html: application/pdf"))
    assert coverage_gaps(scoped) == [] and check_source(scoped) == []


def test_the_baseline_file_records_what_its_results_missed(tmp_path):
    cut = _results(_page(""), _page("b", status="skipped", reason="limit: --max-pages 1 reached"))
    doc = json.loads(write_baseline(cut, tmp_path / "b.json").read_text())
    assert doc["scanned_pages"] == 1 and doc["incomplete"] == ["1 page(s) not scanned: 1 cut off by --max-pages 1"]


def _site():
    return {
        "/": html_page("Home", '<img src="home.png"><a href="/a">A</a> <a href="/b">B</a>'),
        "/a": html_page("A", '<img src="a.png">'),
        "/b": html_page("B", '<img src="b.png">'),
    }


def test_a_depth_0_scan_against_a_full_baseline_fixes_only_what_it_looked_at(tmp_path):
    """The tour's case, for real: a baseline of the whole site, then `--depth 0`."""
    routes = _site()
    with site(routes) as base:
        scan(base + "/", "--out", tmp_path / "full", "-q", "--checks", "none", "--no-sitemap", expect=1)
        made = run_a11y("baseline", tmp_path / "full" / "results.json", "-o", tmp_path / "b.json")
        assert made.returncode == 0, made.stderr
        scan(base + "/", "--depth", "0", "--out", tmp_path / "shallow", "-q", "--checks", "none", "--no-sitemap",
             "--baseline", tmp_path / "b.json", "--format", "json,md", expect=0)
        routes["/"] = html_page("Home", '<img src="home.png" alt="Home"><a href="/a">A</a> <a href="/b">B</a>')
        scan(base + "/", "--depth", "0", "--out", tmp_path / "fixed", "-q", "--checks", "none", "--no-sitemap",
             "--baseline", tmp_path / "b.json", "--format", "json,md", expect=0)
    shallow = read_results(tmp_path / "shallow")
    assert [p["url"] for p in shallow["pages"] if p["status"] == "scanned"] == [base + "/"]
    assert shallow["fixed"] == [] and shallow["summary"]["fixed_findings"] == 0
    assert "0 new** · 1 unchanged · 0 fixed" in (tmp_path / "shallow" / "summary.md").read_text()
    # The home page's image named: fixed; /a's and /b's are not claimed.
    fixed = read_results(tmp_path / "fixed")
    assert [f["pages"] for f in fixed["fixed"]] == [[base + "/"]]
    assert "0 new** · 0 unchanged · 1 fixed" in (tmp_path / "fixed" / "summary.md").read_text()
