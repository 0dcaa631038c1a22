"""The contract every reporter meets. Each reporter's test module subclasses
ReporterContract and sets `format_name` (as Scrapy's exporter tests do)."""
from __future__ import annotations

from pathlib import Path

from a11y import reporters
from a11y.models import Results

from .sample import empty_results, sample_results


def no_pages() -> Results:
    return Results(standard="section508", started="2026-11-29T10:00:00Z", complete=False)


def check_written(reporter: reporters.Reporter, written: list[Path], out_dir: Path) -> None:
    """What render() returned is exactly the files the reporter declares, each written
    into out_dir and not empty."""
    assert reporter.filenames, f"{type(reporter).__name__} declares no files"
    assert sorted(p.name for p in written) == sorted(reporter.filenames), "render() returned other files"
    for name in reporter.filenames:
        path = out_dir / name
        assert path.is_file(), f"{name} was not written"
        assert path.stat().st_size > 0, f"{name} is empty"
    assert all(p.parent == out_dir for p in written)


class ReporterContract:
    format_name: str = ""

    def render(self, tmp_path, results: Results | None = None):
        reporter = reporters.get(self.format_name)
        results = results if results is not None else sample_results()
        return reporter, reporter.render(results, tmp_path)

    def test_registered(self):
        assert self.format_name in reporters.available()

    def test_writes_the_files_it_declares(self, tmp_path):
        reporter, written = self.render(tmp_path)
        check_written(reporter, written, tmp_path)

    def test_handles_a_clean_scan(self, tmp_path):
        reporter, written = self.render(tmp_path, empty_results())
        check_written(reporter, written, tmp_path)

    def test_handles_no_pages(self, tmp_path):
        reporter, written = self.render(tmp_path, no_pages())
        check_written(reporter, written, tmp_path)

    def test_creates_missing_output_folder(self, tmp_path):
        out = tmp_path / "a" / "b"
        reporter = reporters.get(self.format_name)
        check_written(reporter, reporter.render(sample_results(), out), out)
