"""Concurrency that lowers itself (throttle.py): the decisions, fed events; and one real scan
whose pages hang until the scan has lowered its concurrency."""
import asyncio
import threading

from a11y.scan import Scanner, ScanOptions
from a11y.throttle import MAX_RETRIES, Throttle, available_memory

from .siteserver import held, page, site

MB = 1024 * 1024


def finish(throttle: Throttle, timed_out: bool, started_at: int | None = None, tries: int = 0):
    return throttle.finished(throttle.limit if started_at is None else started_at, timed_out, tries)


def test_a_run_of_timeouts_halves_the_pages_in_flight_and_warns_once():
    t = Throttle(8)
    first = finish(t, True)
    # One timeout may be the page's own: its record is held back until the next page says.
    assert (first.limit, first.retry, first.hold, first.warning) == (8, False, True, None)
    second = finish(t, True)
    assert second.limit == 4 and second.retry and second.held == "retry"  # both tried again
    assert "2 pages in a row did not finish in time" in second.warning and "4 pages in flight" in second.warning
    # Pages started at 8 that time out now are the overload's: tried again, no new lowering, no new warning.
    late = finish(t, True, started_at=8)
    assert (late.limit, late.retry, late.warning) == (4, True, None)


def test_a_second_lowering_names_the_limit_it_lowers_from():
    t = Throttle(8)
    finish(t, True)
    assert "(was 8)" in finish(t, True).warning
    finish(t, True)
    assert "2 pages in flight from now on (was 4)" in finish(t, True).warning


def test_a_good_page_between_timeouts_breaks_the_run():
    t = Throttle(4)
    for _ in range(5):
        assert finish(t, True).hold
        good = finish(t, False)
        assert good.limit == 4 and good.held == "record"  # the timeout was the page's own: an error
    assert t.lowest == 4
    assert finish(t, False).held is None


def test_never_below_one_and_a_timeout_at_one_is_an_error():
    t = Throttle(2)
    finish(t, True)
    assert finish(t, True).limit == 1
    finish(t, True)
    at_one = finish(t, True)
    assert at_one.limit == 1 and not (at_one.retry or at_one.hold) and at_one.warning is None


def test_a_page_is_tried_again_at_most_max_retries_times():
    t = Throttle(8)
    finish(t, True)
    finish(t, True)
    assert finish(t, True, started_at=8, tries=MAX_RETRIES - 1).retry
    assert not finish(t, True, started_at=8, tries=MAX_RETRIES).retry


def test_raised_again_slowly_after_a_long_run_of_good_pages():
    t = Throttle(4, recover_after=5)
    finish(t, True)
    finish(t, True)
    assert t.limit == 2
    for _ in range(3):
        finish(t, False, started_at=4)  # started before the lowering: says nothing of the new number
    assert t.limit == 2
    for _ in range(4):
        finish(t, False)
    assert t.limit == 2
    assert finish(t, False).limit == 3  # one more, not all at once
    for _ in range(5):
        finish(t, False)
    assert t.limit == 4
    for _ in range(10):
        finish(t, False)
    assert t.limit == 4  # never above where it began


def test_warned_again_only_for_a_new_low():
    t = Throttle(8, recover_after=1)
    finish(t, True)
    assert finish(t, True).warning  # 8 -> 4
    for _ in range(4):
        finish(t, False)  # back up to 8, one page at a time
    assert t.limit == 8
    finish(t, True)
    assert finish(t, True).warning is None and t.limit == 4  # told of 4 already
    finish(t, True)
    again = finish(t, True)
    assert t.limit == 2 and "2 pages in flight" in again.warning and t.lowest == 2


def test_short_memory_lowers_the_number_until_it_recovers():
    t = Throttle(8, memory_floor=500 * MB, recover_after=2)
    assert t.memory(None).limit == 8  # unknown (not Linux): nothing to decide
    assert t.memory(900 * MB).limit == 8
    low = t.memory(300 * MB)
    assert low.limit == 4 and "available memory is down to 300 MB (below 500 MB)" in low.warning
    assert t.memory(200 * MB).warning is None and t.limit == 4  # still short: the same episode
    for _ in range(3):
        finish(t, False)
        assert t.memory(200 * MB).limit == 4  # the lower number has not had its effect yet
    finish(t, False)
    again = t.memory(200 * MB)  # four pages finished at 4 and memory is still short: lower again
    assert again.limit == 2 and "2 pages in flight" in again.warning
    for _ in range(3):
        finish(t, False)
    assert t.limit == 2  # not raised while memory is short
    t.memory(700 * MB)  # above the floor but not twice it: still counted as short
    finish(t, False)
    finish(t, False)
    assert t.limit == 2
    t.memory(1200 * MB)
    finish(t, False)
    finish(t, False)
    assert t.limit == 3


def test_available_memory_reads_meminfo(tmp_path):
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       16000000 kB\nMemAvailable:    1000 kB\n")
    assert available_memory(str(meminfo)) == 1000 * 1024
    assert available_memory(str(tmp_path / "none")) is None


def test_a_scan_whose_pages_hang_lowers_its_concurrency_warns_and_scans_every_page():
    # Every page hangs (the server holds its answer) until the scan says it lowered its
    # concurrency; then the server answers at once. The pages that timed out meanwhile are
    # tried again at the lower number and end scanned, not as errors. The timeouts come from
    # the server holding the pages, not from the machine's speed: --timeout is generous.
    release = threading.Event()
    routes = {f"/p{i}": held(release, page(f"P{i}", "<p>fine</p>")) for i in range(8)}
    warnings: list[str] = []

    def on_warning(message: str) -> None:
        warnings.append(message)
        if "in flight from now on" in message:
            release.set()

    async def run(base):
        options = ScanOptions(concurrency=4, checks=False, depth=0, sitemap=False, robots=False, timeout=15)
        async with Scanner([f"{base}/p{i}" for i in range(8)], options, on_warning=on_warning) as scanner:
            return scanner, await scanner.run()

    try:
        with site(routes) as base:
            scanner, results = asyncio.run(run(base))
    finally:
        release.set()  # no server thread left waiting
    statuses = {p.url.rsplit("/", 1)[1]: (p.status, p.reason) for p in results.pages}
    assert statuses == {f"p{i}": ("scanned", None) for i in range(8)}, statuses
    lowered = [w for w in warnings if "in flight from now on" in w]
    assert len(lowered) == 1, warnings
    assert "did not finish in time" in lowered[0] and "2 pages in flight from now on (was 4)" in lowered[0]
    assert scanner.throttle.lowest == 2
    assert results.complete


def test_fixed_concurrency_keeps_the_number():
    options = ScanOptions(concurrency=3, checks=False, auto_concurrency=False)
    scanner = Scanner(["http://127.0.0.1:9/"], options)
    assert scanner._make_throttle(3) is None and scanner._room()
