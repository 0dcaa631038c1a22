"""Depth is the shortest link distance from a seed, whatever order pages finish in.

The order is decided by the tests, not by timing: the seed's response is held by the server
until the scanner asks for a page it can only ask for once it has read the links of a page
the sitemap lists, which reaches the seed's links by a longer path.
"""
from __future__ import annotations

import asyncio
import http.server
import threading
from contextlib import contextmanager

import pytest

from a11y.discovery import Frontier
from a11y.discovery.crawl import Crawler
from tests.support import pages_by_url, read_results, scan

from .siteserver import PAGE, serving

# The seed /home links /b; the sitemap lists /a and /a2; /a links /b too (a longer path to
# it: /home -> /b is 1, sitemap -> /a -> /b is 2); /b links /c (2 from the seed, 3 through /a).
LINKS = {"/home": ["/b"], "/a": ["/b"], "/a2": [], "/b": ["/c"], "/c": []}


class _Handler(http.server.BaseHTTPRequestHandler):
    """/home is held once the sitemap has been read (discovery's own probe of the seed comes
    before it), until the scanner asks for /a2: the page it asks for after it has read /a."""

    release: threading.Event
    sitemap_read: threading.Event

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        path = self.path.split("?")[0]
        if path == "/sitemap.xml":
            self.sitemap_read.set()
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in ("/a", "/a2"))
            body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            return self._send(200, body, "application/xml")
        if path not in LINKS:
            return self._send(404, "not found", "text/plain")
        if path == "/home" and self.sitemap_read.is_set():
            self.release.wait()
        if path == "/a2":
            self.release.set()
        links = "".join(f'<p><a href="{href}">Page {href[1:]}</a></p>' for href in LINKS[path])
        self._send(200, PAGE.format(title=f"Page {path[1:]}", body=links), "text/html")

    def _send(self, status, body, content_type):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


@contextmanager
def slow_seed_site():
    release = threading.Event()
    handler = type("Handler", (_Handler,), {"release": release, "sitemap_read": threading.Event()})
    try:
        with serving(handler) as base:
            yield base
    finally:
        release.set()  # a failing test leaves no request waiting


def crawl(base: str, depth: int | None) -> tuple[dict, dict]:
    """Crawl with two workers: one on the held seed, the other on the sitemap's pages."""
    frontier = Frontier([base + "/home"], max_depth=depth)
    result = asyncio.run(Crawler(frontier, timeout=60, concurrency=2).run())
    listed = {p.url.removeprefix(base): (p.depth, (p.found_on or "").removeprefix(base)) for p in result.pages}
    skipped = {s.url.removeprefix(base): (s.reason, s.depth, s.found_on.removeprefix(base))
               for s in frontier.skipped}
    return listed, skipped


@pytest.mark.parametrize("depth", [1, 2, None])
def test_a_page_the_seed_links_is_at_depth_1_though_a_longer_path_finishes_first(depth):
    with slow_seed_site() as base:
        listed, skipped = crawl(base, depth)
    assert listed["/b"] == (1, "/home")
    if depth == 1:
        assert "/c" not in listed
        assert skipped == {"/c": ("depth: beyond --depth 1", 2, "/b")}
    else:
        assert listed["/c"] == (2, "/b")
        assert skipped == {}
    assert listed["/a"] == listed["/a2"] == (1, "/sitemap.xml")


def test_a_scan_audits_the_page_within_depth_at_its_depth(tmp_path):
    """The finding as a CI user met it: with --depth 2, /c was skipped as beyond it."""
    out = tmp_path / "out"
    with slow_seed_site() as base:
        scan(base + "/home", "--depth", "2", "--concurrency", "2", "--fixed-concurrency", "--checks", "none",
             "--timeout", "120", "--format", "json", "--out", out, "-q", expect=0)
    pages = pages_by_url(read_results(out))
    found = {url.removeprefix(base): (p["status"], p["depth"], (p["found_on"] or "").removeprefix(base))
             for url, p in pages.items()}
    assert found == {
        "/home": ("scanned", 0, ""),
        "/a": ("scanned", 1, "/sitemap.xml"),
        "/a2": ("scanned", 1, "/sitemap.xml"),
        "/b": ("scanned", 1, "/home"),
        "/c": ("scanned", 2, "/b"),
    }


# ------------------------------------------------------------- the frontier on its own
def started(frontier: Frontier):
    job = frontier.next_job()
    frontier.job_started(job)
    return job


def test_a_page_waits_while_a_page_two_levels_up_is_at_work():
    f = Frontier(["http://example.com/"])
    seed = started(f)
    f.add("/a", 1, seed.url)
    a = started(f)
    f.add("/b", 2, a.url)
    f.job_done(a)
    assert f.next_job() is None and f.pending == 1  # the seed may still link /b closer
    f.add("/b", 1, seed.url)
    f.job_done(seed)
    b = f.next_job()
    assert (b.url, b.depth, b.found_on) == ("http://example.com/b", 1, "http://example.com/")


def test_a_page_one_level_down_does_not_wait():
    f = Frontier(["http://example.com/"])
    seed = started(f)
    f.add("/a", 1, seed.url)
    assert f.next_job().url == "http://example.com/a"  # the seed would link it at depth 1 too


def test_beyond_depth_is_recorded_once_nothing_can_bring_it_closer():
    f = Frontier(["http://example.com/"], max_depth=1)
    seed = started(f)
    f.add("/a", 1, seed.url)
    a = started(f)
    f.add("/far", 2, a.url)
    f.add("/far", 2, seed.url)  # a seed's link at the same depth: the first path stays
    f.job_done(a)
    assert f.next_job() is None and f.skipped == []  # the seed is at work
    f.job_done(seed)
    assert f.next_job() is None
    assert [(s.url, s.reason, s.depth, s.found_on) for s in f.skipped] == [
        ("http://example.com/far", "depth: beyond --depth 1", 2, "http://example.com/a")]


def test_beyond_depth_found_again_within_it_is_queued_and_not_recorded():
    f = Frontier(["http://example.com/"], max_depth=1)
    seed = started(f)
    f.add("/a", 1, seed.url)
    a = started(f)
    f.add("/home", 2, a.url)
    f.job_done(a)
    f.add("/home", 1, seed.url)
    f.job_done(seed)
    home = f.next_job()
    assert (home.url, home.depth, home.found_on) == ("http://example.com/home", 1, "http://example.com/")
    assert f.next_job() is None and f.skipped == []


def test_beyond_depth_claimed_as_a_redirects_target_is_not_recorded():
    f = Frontier(["http://example.com/"], max_depth=1)
    seed = started(f)
    f.add("/far", 2, seed.url)  # as if found deeper (the depth given is the caller's)
    f.add("/moved", 1, seed.url)
    f.job_done(seed)
    moved = started(f)
    assert f.claim_final(moved, "http://example.com/far")
    f.job_done(moved)
    assert f.next_job() is None and f.skipped == []


def test_a_queued_page_found_closer_takes_the_closer_path():
    f = Frontier(["http://example.com/"])
    seed = f.next_job()
    f.add("/a", 1, seed.url)
    a = f.next_job()
    f.add("/x", 2, a.url)
    f.add("/x", 1, seed.url)
    f.add("/x", 2, a.url)  # a longer path again changes nothing
    x = f.next_job()
    assert (x.url, x.depth, x.found_on) == ("http://example.com/x", 1, "http://example.com/")
    assert f.next_job() is None and f.pending == 0


def test_the_pool_tells_the_frontier_which_jobs_are_at_work():
    from a11y.discovery.pool import JobPool

    f = Frontier(["http://example.com/"], max_depth=1)
    pool = JobPool(f.next_job)
    seed_released = asyncio.Event()
    order: list[tuple[str, int]] = []

    async def worker():
        while (job := await pool.take()) is not None:
            try:
                order.append((job.url.removeprefix("http://example.com"), job.depth))
                if job.depth == 0:
                    f.add("/a", 1, job.url)
                    pool.wake()
                    await seed_released.wait()  # the seed's links come last
                    f.add("/b", 1, job.url)
                elif job.url.endswith("/a"):
                    f.add("/b", 2, job.url)
                    seed_released.set()
            finally:
                pool.done()

    asyncio.run(asyncio.wait_for(pool.run(2, worker), 300))  # the limit only guards against a hang
    assert order == [("/", 0), ("/a", 1), ("/b", 1)]
    assert f.skipped == []
