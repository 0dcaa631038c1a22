"""The contract every reporter meets. Each reporter's test module subclasses
ReporterContract and sets `format_name` (as Scrapy's exporter tests do)."""
from __future__ import annotations

from a11y import reporters
from a11y.models import Results

from .sample import empty_results, sample_results


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
        assert written, "render() returned no files"
        assert {p.name for p in written} == set(reporter.filenames)
        for path in written:
            assert path.exists() and path.stat().st_size > 0
            assert path.parent == tmp_path

    def test_handles_a_clean_scan(self, tmp_path):
        _, written = self.render(tmp_path, empty_results())
        assert all(p.exists() for p in written)

    def test_handles_no_pages(self, tmp_path):
        results = Results(standard="section508", started="2026-11-29T10:00:00Z", complete=False)
        _, written = self.render(tmp_path, results)
        assert all(p.exists() for p in written)

    def test_creates_missing_output_folder(self, tmp_path):
        out = tmp_path / "a" / "b"
        written = reporters.get(self.format_name).render(sample_results(), out)
        assert all(p.parent == out for p in written)
