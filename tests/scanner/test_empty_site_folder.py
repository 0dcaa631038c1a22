"""A local folder as the target: an empty or mis-built one is a usage error, not a passing scan
of the directory listing Python's server would make; a folder without an index page is
scanned from its HTML files, and no listing is ever served as one of its pages."""
from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from a11y.serve import serve_directory
from a11y.targets import TargetError, entry_pages
from tests.support import pages_by_url, read_results, run_a11y, scan


def _page(title: str, body: str = "") -> str:
    return (f'<!doctype html><html lang="en"><head><title>{title}</title></head>'
            f"<body><main><h1>{title}</h1>{body}</main></body></html>")


def test_an_empty_folder_is_a_usage_error_naming_it(tmp_path):
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "assets").mkdir()
    (tmp_path / "dist" / "assets" / "site.css").write_text("body { color: black }")
    proc = run_a11y("scan", "dist", "--out", "out", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0] == (
        "a11y: error: dist: no HTML file in this folder, so no page to scan (an empty or unbuilt site?): "
        "name the folder that holds the site's pages")
    assert not (tmp_path / "out").exists()


def test_a_folder_lists_nothing(tmp_path):
    (tmp_path / "a.html").write_text(_page("A"))
    (tmp_path / "sub").mkdir()
    with serve_directory(tmp_path) as base:
        for path in ("", "sub/"):
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(base + path)
            assert answer.value.code == 404
        with urllib.request.urlopen(base + "a.html") as r:
            assert r.status == 200


def test_a_folder_without_an_index_page_is_scanned_from_its_html_files(tmp_path):
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "a.html").write_text(_page("A", '<a href="sub/c.html">C</a>'))
    (site / "b.htm").write_text(_page("B"))
    (site / "sub" / "c.html").write_text(_page("C"))
    (site / "notes.txt").write_text("not a page")
    scan("site", "--out", "out", "--checks", "none", "-q", "--standard", "wcag22aa", "--best-practice",
         cwd=tmp_path, expect=0)
    results = read_results(tmp_path / "out")
    pages = pages_by_url(results)  # named by their URL path (the port changes every run)
    assert sorted(pages) == ["/a.html", "/b.htm", "/sub/c.html"]
    assert [pages[p]["file"] for p in sorted(pages)] == ["site/a.html", "site/b.htm", "site/sub/c.html"]
    assert all(p["status"] == "scanned" for p in pages.values())
    assert not any("Directory listing" in (p["title"] or "") for p in pages.values())
    assert results["options"]["seeds"] == ["site"]


def test_the_entry_pages_are_the_index_or_the_shallowest_html_files(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "fr").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.html").write_text("hidden")
    (tmp_path / "en" / "index.html").write_text(_page("EN"))
    (tmp_path / "en" / "about.html").write_text(_page("About"))
    (tmp_path / "fr" / "deep").mkdir()
    (tmp_path / "fr" / "deep" / "x.html").write_text(_page("deeper: reached by links"))
    (tmp_path / "fr" / "index.htm").write_text(_page("FR"))
    (tmp_path / "fr" / "page one.html").write_text(_page("one"))
    assert entry_pages(tmp_path) == ["en/about.html", "en/", "fr/", "fr/page one.html"]
    (tmp_path / "start.HTML").write_text(_page("start"))
    assert entry_pages(tmp_path) == ["start.HTML"]
    (tmp_path / "index.htm").write_text(_page("home"))
    assert entry_pages(tmp_path) == [""]
    (tmp_path / "empty" / "deeper").mkdir(parents=True)
    with pytest.raises(TargetError, match=r"empty: no HTML file in this folder"):
        entry_pages(tmp_path / "empty")
