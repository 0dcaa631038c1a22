"""The partial results.json: written as pages finish, and less often as it grows."""
from __future__ import annotations

import json
import time

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


def test_big_results_are_rewritten_less_often(tmp_path):
    writer = output.PartialResultsWriter(tmp_path)
    results = _results(20_000)
    started = time.monotonic()
    writer.flush(results)
    took = time.monotonic() - started
    # The next rewrite waits long enough that writing stays a small share of the scan.
    assert writer._next - started >= max(output.WRITE_INTERVAL, took / output.WRITE_SHARE) - 0.01
    assert writer._next - started > output.WRITE_INTERVAL
