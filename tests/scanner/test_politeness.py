"""Servers that answer 429 or 503 (politeness.py): the pause they ask for is waited out, the
page asked again, and a page whose server keeps refusing is an error that names the limiter."""
import asyncio
import email.utils
import time

import pytest

from a11y.politeness import GiveUp, Politeness, retry_after
from a11y.scan import Scanner, ScanOptions
from a11y.verdict import verdict

from .siteserver import PAGE, page, site


def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after("5") == 5.0
    now = time.time()
    in_a_minute = email.utils.formatdate(now + 60, usegmt=True)
    assert 58 <= retry_after(in_a_minute, now=now) <= 61
    assert retry_after(email.utils.formatdate(now - 60, usegmt=True), now=now) == 0.0
    assert retry_after(None) is None and retry_after("soon") is None and retry_after("-3") is None


def test_a_refusal_pauses_the_origin_and_backs_off_where_no_time_is_named():
    polite = Politeness(first_back_off=2.0)
    polite.refused("http://127.0.0.1:8000/a", 429, None, tries=1)
    first = polite._until["http://127.0.0.1:8000"] - time.monotonic()
    polite.refused("http://127.0.0.1:8000/b", 503, None, tries=2)
    second = polite._until["http://127.0.0.1:8000"] - time.monotonic()
    assert 0 < first <= 2.0 and 2.0 < second <= 4.0
    assert "http://127.0.0.1:8001" not in polite._until  # another origin goes on


def test_gives_up_after_the_last_try_or_when_asked_to_wait_too_long():
    polite = Politeness(max_tries=3, max_wait=60)
    with pytest.raises(GiveUp, match="answered 429 Too Many Requests 3 times"):
        polite.refused("http://127.0.0.1:8000/", 429, "1", tries=3)
    with pytest.raises(GiveUp, match="asks to wait 3600 s"):
        polite.refused("http://127.0.0.1:8000/", 429, "3600", tries=1)


def limiter(hits: list, refusals: int, status: int = 429, retry: str | None = "1"):
    """A page whose first `refusals` requests get `status` (with Retry-After `retry`), then the page."""
    def route(h):
        hits.append(time.monotonic())
        if len(hits) <= refusals:
            headers = {"Retry-After": retry} if retry is not None else {}
            return h._send(status, PAGE.format(title="Slow down", body="<p>Too many requests.</p>"), headers=headers)
        return page("Real page", '<img src="/nothing.png">')(h)
    return route


def scan(base: str, paths: list[str]):
    async def run():
        options = ScanOptions(checks=False, depth=0, sitemap=False, robots=False, timeout=30)
        async with Scanner([base + p for p in paths], options) as scanner:
            return await scanner.run()
    return asyncio.run(run())


def test_a_page_refused_with_retry_after_is_asked_again_after_the_pause_and_scanned():
    hits: list[float] = []
    with site({"/p": limiter(hits, refusals=1, retry="1")}) as base:
        results = scan(base, ["/p"])
    (p,) = results.pages
    assert (p.status, p.http_status) == ("scanned", 200), (p.status, p.reason)
    assert "image-alt" in {r.rule for r in p.violations}  # the real page's finding, not the limiter's
    assert len(hits) == 2 and hits[1] - hits[0] >= 0.95  # Retry-After: 1 was waited out


def test_a_page_still_refused_after_the_last_try_is_an_error_that_names_the_limiter():
    hits: list[float] = []
    with site({"/p": limiter(hits, refusals=99, retry="0")}) as base:
        results = scan(base, ["/p"])
    (p,) = results.pages
    assert p.status == "error" and p.reason.startswith("rate-limited: the server answered 429 Too Many Requests 3 times")
    assert len(hits) == 3
    assert verdict(results).exit_code == 3  # not a pass on a page never seen


def test_a_long_retry_after_is_not_waited_for():
    hits: list[float] = []
    with site({"/p": limiter(hits, refusals=99, retry="3600")}) as base:
        results = scan(base, ["/p"])
    (p,) = results.pages
    assert p.status == "error" and "asks to wait 3600 s" in p.reason and len(hits) == 1


def test_a_503_that_lasts_is_the_page_s_own_answer_after_the_tries():
    hits: list[float] = []
    with site({"/p": limiter(hits, refusals=99, status=503, retry="0")}) as base:
        results = scan(base, ["/p"])
    (p,) = results.pages
    assert p.http_status == 503 and len(hits) == 3


def crawl(tmp_path, base: str):
    from tests.support import run_a11y
    proc = run_a11y("crawl", base + "/", "-o", str(tmp_path / "urls.txt"), "--no-sitemap", "--ignore-robots")
    listed = (tmp_path / "urls.txt").read_text().splitlines() if (tmp_path / "urls.txt").exists() else []
    return proc.returncode, listed, proc.stderr


def test_discovery_over_plain_http_waits_out_a_429_and_reads_the_page_s_links(tmp_path):
    hits: list[float] = []
    with site({"/": page("Home", '<a href="/p">p</a>'), "/p": limiter(hits, refusals=1, retry="1")}) as base:
        code, listed, err = crawl(tmp_path, base)
    assert code == 0, err
    assert listed == [base + "/", base + "/p"]
    assert len(hits) == 2 and hits[1] - hits[0] >= 0.95


def test_discovery_gives_up_on_a_429_that_lasts_and_says_so(tmp_path):
    hits: list[float] = []
    with site({"/": page("Home", '<a href="/p">p</a>'), "/p": limiter(hits, refusals=99, retry="0")}) as base:
        code, listed, err = crawl(tmp_path, base)
    assert code == 3, err
    assert f"page {base}/p could not be fetched (rate-limited: the server answered 429 Too Many Requests 3 times" in err
    assert len(hits) == 3
