"""The report folder: an --out that cannot be written is a usage error before any page is
loaded; one that fails mid-scan keeps the results elsewhere and says so (exit 3); a reused
--out holds this scan's reports only."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from a11y import reporters
from a11y.models import Page, Results
from tests.support import read_results, run_a11y, scan

from .siteserver import counted, page, site

CLEAN = "<p>All good.</p>"


def test_an_out_folder_that_cannot_be_created_is_a_usage_error_before_any_page(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    hits = []
    with site({"/": counted(hits, page("Home", CLEAN))}) as base:
        proc = run_a11y("scan", base + "/", "--out", blocker / "sub", "-q")
    assert proc.returncode == 2, proc.stderr
    assert hits == []  # refused before the browser loaded anything
    assert f"a11y: error: cannot create the report folder {blocker / 'sub'}: Not a directory" in proc.stderr
    assert "hint: choose a folder you can write to (--out, from the command line)" in proc.stderr
    assert "a11y-reports-" not in proc.stderr  # no quiet fallback


def test_an_out_folder_from_the_config_file_is_named_so(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "a11y.toml").write_text('out = "a-file/reports"\n')
    proc = run_a11y("scan", "http://127.0.0.1:1/", cwd=tmp_path)
    assert proc.returncode == 2
    assert "cannot create the report folder a-file/reports: Not a directory" in proc.stderr
    assert "(--out, from a11y.toml line 1)" in proc.stderr


def test_report_refuses_an_out_folder_it_cannot_write(tmp_path):
    saved = Results(standard="section508", started="2026-01-01T00:00:00Z", complete=True,
                    pages=[Page(url="http://example.test/", status="scanned")])
    reporters.get("json").render(saved, tmp_path)
    (tmp_path / "a-file").write_text("")
    proc = run_a11y("report", tmp_path / "results.json", "--out", tmp_path / "a-file" / "x")
    assert proc.returncode == 2
    assert f"a11y: error: cannot create the report folder {tmp_path / 'a-file' / 'x'}: Not a directory" in proc.stderr


def _replace_folder_with_a_file(folder: Path):
    """A route that makes `folder` unwritable while the scan runs (as a full disk would):
    the folder becomes a file when the page is asked for, after the scan checked it."""
    def route(h):
        if folder.is_dir():  # the page may be asked for more than once
            shutil.rmtree(folder)
            folder.write_text("in the way")
        page("Home", '<img src="a.png">')(h)
    return route


def test_a_folder_that_fails_mid_scan_keeps_the_results_elsewhere_and_exits_3(tmp_path):
    out = tmp_path / "out"
    with site({"/": _replace_folder_with_a_file(out)}) as base:
        proc = run_a11y("scan", base + "/", "--out", out, "--format", "json,md,sarif", "-q", "--checks", "none")
    assert proc.returncode == 3, proc.stderr  # 1 (a violation) would hide the lost folder
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith(f"a11y: incomplete: could not write to {out} (")
    assert last.endswith(" (exit 3)")
    fallback = Path(last.split(": the reports are in ")[1].removesuffix(" (exit 3)"))
    assert fallback != out and out.is_file()
    assert {p.name for p in fallback.iterdir()} >= {"results.json", "summary.md", "results.sarif"}
    results = read_results(fallback)
    assert results["complete"] is True and results["summary"]["failing_elements"] >= 1
    shutil.rmtree(fallback)


def _scan_to(out: Path, base: str, formats: str, *more, expect: int):
    return scan(base + "/", "--out", out, "--format", formats, "-q", "--checks", "none", *more, expect=expect)


def test_a_reused_out_folder_loses_an_earlier_scans_reports_it_does_not_rewrite(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "queue-journal.jsonl").write_text("{}\n")  # a coordinator's, to resume from
    with site({"/": page("Home", '<img src="a.png">')}) as base:
        _scan_to(out, base, "json,md,sarif,junit", expect=1)
    assert (out / "results.sarif").exists() and (out / "junit.xml").exists()
    with site({"/": page("Home", CLEAN)}) as base:
        proc = _scan_to(out, base, "json,md", expect=0)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "queue-journal.jsonl", "results.json",
                                                      "summary.md"]
    assert (f"a11y: note: removed from {out} what an earlier scan wrote there and this one does not: "
            "junit.xml, results.sarif") in proc.stderr


def test_the_cache_still_serves_a_reused_out_folder(tmp_path):
    out, cache = tmp_path / "out", tmp_path / "out" / "cache"  # even a cache kept inside --out
    with site({"/": page("Home", CLEAN)}) as base:
        _scan_to(out, base, "json,sarif", "--cache", cache, expect=0)
        proc = run_a11y("scan", base + "/", "--out", out, "--format", "md", "--checks", "none", "--cache", cache)
    assert proc.returncode == 0, proc.stderr
    assert "(1 from the cache)" in proc.stdout
    assert "results.sarif" in proc.stderr and not (out / "results.sarif").exists()
    assert (cache / "manifest.json").exists()
    # results.json is written by every scan, complete, whatever the formats.
    assert json.loads((out / "results.json").read_text())["complete"] is True


def test_pictures_of_a_scan_whose_folder_fails_mid_scan_are_beside_its_reports(tmp_path):
    """--screenshots: the folder stops taking results.json after the first page's pictures were
    taken there; the reports in the fallback folder name only pictures that are beside them."""
    out = tmp_path / "out"

    def break_then_answer(h):
        if (out / "results.json").is_file():  # writing results.json there fails from now on
            (out / "results.json").unlink()
            (out / "results.json").mkdir()
            (out / "results.json" / "in-the-way").write_text("")
        page("Second", '<img src="/b.png">')(h)

    routes = {"/": page("Home", '<img src="/a.png"><a href="/b">Second</a>'), "/b": break_then_answer}
    with site(routes) as base:
        proc = run_a11y("scan", base + "/", "--out", out, "--format", "json,html", "-q", "--checks", "none",
                        "--screenshots", "--concurrency", "1", "--no-sitemap")
    assert proc.returncode == 3, proc.stderr
    fallback = Path(proc.stderr.strip().splitlines()[-1].split(": the reports are in ")[1].removesuffix(" (exit 3)"))
    results = read_results(fallback)
    pictures = [n["screenshot"] for p in results["pages"] for r in p["violations"] for n in r["nodes"]
                if n.get("screenshot")]
    assert len(pictures) >= 2  # both pages' images
    assert all((fallback / picture).is_file() for picture in pictures), pictures
    shutil.rmtree(fallback)
