"""A results.json or baseline opened and saved in a Windows editor (Notepad adds a UTF-8 byte order
mark; PowerShell 5's `>` writes UTF-16 with one) is read as the @FILE of URLs is (textfile.decode),
by `a11y report`, `a11y baseline` and `--baseline`; bytes that are no such text are a one-line
usage error (exit 2) naming the file and the line."""
from __future__ import annotations

import codecs

import pytest

from tests.reporters.sample import sample_results
from tests.support import read_results, run_a11y, scan

from .siteserver import page, site

SAVED_BY = {"notepad": lambda text: codecs.BOM_UTF8 + text.encode(),
            "powershell": lambda text: text.encode("utf-16")}  # Python's utf-16 writes the mark first


def _rewrite(path, saved_by: str) -> None:
    path.write_bytes(SAVED_BY[saved_by](path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("saved_by", list(SAVED_BY))
def test_a_results_file_with_a_byte_order_mark_is_rendered_and_baselined(tmp_path, saved_by):
    results = tmp_path / "results.json"
    results.write_text(sample_results().to_json(), encoding="utf-8")
    _rewrite(results, saved_by)
    assert results.read_bytes()[:2] in (codecs.BOM_UTF8[:2], codecs.BOM_UTF16)
    proc = run_a11y("report", results, "--out", tmp_path / "again", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert len(read_results(tmp_path / "again")["findings"]) == len(sample_results().findings) > 0
    proc = run_a11y("baseline", results, "-o", tmp_path / "baseline.json")
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("saved_by", list(SAVED_BY))
def test_a_baseline_with_a_byte_order_mark_marks_the_known_findings(tmp_path, saved_by):
    results, baseline = tmp_path / "results.json", tmp_path / "baseline.json"
    results.write_text(sample_results().to_json(), encoding="utf-8")
    assert run_a11y("baseline", results, "-o", baseline).returncode == 0
    _rewrite(baseline, saved_by)
    proc = run_a11y("report", results, "--baseline", baseline, "--out", tmp_path / "again", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    findings = read_results(tmp_path / "again")["findings"]
    assert findings and {f["baseline"] for f in findings} == {"unchanged"}


def test_a_scan_reads_a_baseline_saved_with_a_byte_order_mark(tmp_path):
    baseline = tmp_path / "baseline.json"
    with site({"/": page("Home", '<img src="logo.png">')}) as base:
        scan(base + "/", "--out", tmp_path / "one", "-q", "--no-sitemap", "--checks", "none", expect=1)
        assert run_a11y("baseline", tmp_path / "one" / "results.json", "-o", baseline).returncode == 0
        _rewrite(baseline, "notepad")
        # The image is a known finding: nothing new, exit 0.
        scan(base + "/", "--out", tmp_path / "two", "-q", "--no-sitemap", "--checks", "none", "--baseline", baseline,
             expect=0)
    [finding] = read_results(tmp_path / "two")["findings"]
    assert (finding["rule"], finding["baseline"]) == ("image-alt", "unchanged")


@pytest.mark.parametrize("data, problem", [
    ('{"a11y_baseline": 1, "note": "café", "findings": []}'.encode("latin-1"),
     "line 1 is not UTF-8 text (byte 0xe9); save it as UTF-8"),
    ('{"a11y_baseline": 1,\n"findings": []}'.encode("utf-16-le"),
     "line 1 holds a NUL character (UTF-16 without a byte order mark?); save it as UTF-8"),
])
def test_a_baseline_that_is_no_text_is_a_one_line_usage_error(tmp_path, data, problem):
    results, baseline = tmp_path / "results.json", tmp_path / "baseline.json"
    results.write_text(sample_results().to_json(), encoding="utf-8")
    baseline.write_bytes(data)
    proc = run_a11y("report", results, "--baseline", baseline, "--out", tmp_path / "again")
    assert proc.returncode == 2, proc.stderr
    cause, hint = proc.stderr.splitlines()
    assert cause == f"a11y: error: baseline {baseline}: {problem}"
    assert hint.startswith("hint: write one with `a11y baseline")
    assert not (tmp_path / "again").exists()
