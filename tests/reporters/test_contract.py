"""The contract's own check fails for reporters that break it (else it protects nothing)."""
from __future__ import annotations

import pytest

from a11y.reporters import Reporter, write_atomic

from .contract import check_written, no_pages
from .sample import empty_results


class WritesNothing(Reporter):
    name = "nothing"
    filenames = ("out.txt",)

    def render(self, results, out_dir):
        return []


class WritesAnEmptyFile(Reporter):
    name = "empty"
    filenames = ("out.txt",)

    def render(self, results, out_dir):
        return [write_atomic(out_dir / "out.txt", "")]


class ReturnsWhatItDidNotWrite(Reporter):
    name = "claims"
    filenames = ("out.txt",)

    def render(self, results, out_dir):
        return [out_dir / "out.txt"]


class DeclaresNothing(Reporter):
    name = "undeclared"

    def render(self, results, out_dir):
        return [write_atomic(out_dir / "out.txt", "x")]


class WritesOnlyWithPages(Reporter):
    name = "pages-only"
    filenames = ("out.txt",)

    def render(self, results, out_dir):
        return [write_atomic(out_dir / "out.txt", "".join(p.url for p in results.pages))]


class Honest(Reporter):
    name = "honest"
    filenames = ("out.txt",)

    def render(self, results, out_dir):
        return [write_atomic(out_dir / "out.txt", f"{len(results.pages)} pages\n")]


@pytest.mark.parametrize("cls", [WritesNothing, WritesAnEmptyFile, ReturnsWhatItDidNotWrite, DeclaresNothing])
def test_a_broken_reporter_fails_the_contract(tmp_path, cls):
    reporter = cls()
    with pytest.raises(AssertionError):
        check_written(reporter, reporter.render(empty_results(), tmp_path), tmp_path)


def test_a_reporter_that_writes_nothing_for_no_pages_fails_the_contract(tmp_path):
    reporter = WritesOnlyWithPages()
    check_written(reporter, reporter.render(empty_results(), tmp_path / "clean"), tmp_path / "clean")
    with pytest.raises(AssertionError, match="out.txt is empty"):
        check_written(reporter, reporter.render(no_pages(), tmp_path / "none"), tmp_path / "none")


def test_an_honest_reporter_meets_the_contract(tmp_path):
    reporter = Honest()
    check_written(reporter, reporter.render(no_pages(), tmp_path), tmp_path)
