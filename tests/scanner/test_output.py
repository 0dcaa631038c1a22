"""The partial results.json: written as pages finish, and less often as it grows."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from a11y import output
from a11y.models import Page, Results


def _results(pages: int) -> Results:
    return Results(standard="section508", started="2026-01-01T00:00:00Z",
                   pages=[Page(url=f"http://example.test/{i}", status="scanned") for i in range(pages)])


def test_first_page_is_written_at_once_then_at_most_once_an_interval(tmp_path):
    writer = output.PartialResultsWriter(tmp_path)
    results = _results(1)
    writer.page_done(results.pages[0], results)
    written = json.loads((tmp_path / "results.json").read_text())
    assert written["complete"] is False and len(written["pages"]) == 1
    results.pages.append(Page(url="http://example.test/more", status="scanned"))
    writer.page_done(results.pages[-1], results)  # within the interval: not rewritten
    assert len(json.loads((tmp_path / "results.json").read_text())["pages"]) == 1
    writer.flush(results)  # the end of a scan, or Ctrl-C: always written
    assert len(json.loads((tmp_path / "results.json").read_text())["pages"]) == 2


@pytest.mark.parametrize(("write_takes", "next_after"), [
    (0.01, output.WRITE_INTERVAL),  # a quick write: the interval
    (2.0, 2.0 / output.WRITE_SHARE),  # a slow one: writing stays WRITE_SHARE of the time
])
def test_big_results_are_rewritten_less_often(tmp_path, monkeypatch, write_takes, next_after):
    # A clock the test moves: each reading during flush() is `write_takes` later than the last.
    readings = iter([100.0, 100.0 + write_takes])
    monkeypatch.setattr(output, "time", SimpleNamespace(monotonic=lambda: next(readings)))
    writer = output.PartialResultsWriter(tmp_path)
    writer.flush(_results(3))
    assert writer._next == pytest.approx(100.0 + next_after)
